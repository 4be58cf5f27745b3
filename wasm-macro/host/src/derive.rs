//! The logic of `#[derive(TextMessage)]`, as a plain function of token streams.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, LitStr};

use crate::check::{is_valid_codec_name, Need};
use crate::deps::Dependencies;
use crate::request::Request;
use crate::run::{Limits, Plugin};
use crate::{cache, output};

/// The codecs built into the derive: their names and plugins (`wasm-macro/plugins/`, through
/// the links in the package's `plugins/`).
pub const BUILTIN_CODECS: &[(&str, &[u8])] = &[
    (
        "serde_json",
        include_bytes!("../plugins/serde_json_text_codec.wasm"),
    ),
    ("ron", include_bytes!("../plugins/ron_text_codec.wasm")),
];

/// The folder, under the user crate's `CARGO_MANIFEST_DIR`, that holds its own codecs.
pub const USER_CODEC_DIR: &str = "codecs";

/// The largest user plugin file the derive reads, in bytes (checked before reading).
pub const MAX_PLUGIN_FILE_BYTES: u64 = 16 << 20;

/// How the derive runs: the plugins' [`Limits`] and the folder of the expansion cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The limits of each expansion and of the process.
    pub limits: Limits,
    /// Where expansions are cached (`None`: no cache). The default is `expansions/` in this
    /// crate's `OUT_DIR`, inside the target directory of the build.
    pub cache_dir: Option<PathBuf>,
    /// A file to which each expansion appends one line, `<hit|miss|error> <microseconds>
    /// <codec>` (cache hit, cache miss, or an error before the cache was consulted; the time
    /// of the whole derive: the thread's CPU time on Linux and macOS, else wall clock; the
    /// codec's name, empty when the attribute did not give one), for measuring. The default
    /// is the path in the environment variable `TEXT_MESSAGE_TIMINGS` of the rustc process,
    /// if set.
    pub timings: Option<PathBuf>,
    /// The deriving crate's dependencies, against which the crates a codec's generated code
    /// needs are checked. The default is what this process can tell
    /// ([`Dependencies::of_this_process`], with `CARGO_MANIFEST_DIR`), read once.
    pub dependencies: Dependencies,
}

impl Default for Options {
    fn default() -> Self {
        static DEPENDENCIES: std::sync::OnceLock<Dependencies> = std::sync::OnceLock::new();
        let dependencies = DEPENDENCIES.get_or_init(|| {
            let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
            Dependencies::of_this_process(manifest_dir.as_deref())
        });
        Options {
            limits: Limits::default(),
            cache_dir: crate::cache::default_dir(),
            timings: std::env::var_os("TEXT_MESSAGE_TIMINGS").map(PathBuf::from),
            dependencies: dependencies.clone(),
        }
    }
}

impl Options {
    /// `limits`, with neither cache nor timings, and dependencies unknown (not checked).
    pub fn uncached(limits: Limits) -> Options {
        Options {
            limits,
            cache_dir: None,
            timings: None,
            dependencies: Dependencies::default(),
        }
    }
}

/// The file name of the plugin of codec `name`: `<name>_text_codec.wasm`.
///
/// ```
/// assert_eq!(text_codec_host::codec_file_name("csv"), "csv_text_codec.wasm");
/// ```
pub fn codec_file_name(name: &str) -> String {
    format!("{name}_text_codec.wasm")
}

/// Expands `#[derive(TextMessage)]` on `input` (the item, attributes included) with the
/// default [`Options`]; see [`derive_text_message_with`].
///
/// ```
/// use quote::quote;
/// let output = text_codec_host::derive_text_message(
///     quote! { #[text_message(codec = "../x")] struct Foo; },
///     None,
/// );
/// assert!(output.to_string().starts_with(":: core :: compile_error !"));
/// assert!(output.to_string().contains("invalid codec name"));
/// ```
pub fn derive_text_message(input: TokenStream, manifest_dir: Option<&Path>) -> TokenStream {
    // Timed from here: the first `Options::default()` of a process reads `Cargo.lock` and
    // rustc's arguments, part of what the first expansion costs.
    let started = crate::run::Stopwatch::start();
    derive_timed(input, manifest_dir, &Options::default(), started)
}

/// Expands `#[derive(TextMessage)]` on `input` with `options`.
///
/// The item must carry `#[text_message(codec = "NAME")]` or
/// `#[text_message(codec = "NAME", params(a, b))]`. `NAME` (only `[a-z0-9_]`) is a built-in
/// codec ([`BUILTIN_CODECS`]) or, when `manifest_dir` is given, a user codec in
/// `<manifest_dir>/codecs/NAME_text_codec.wasm`. A user codec may not shadow a built-in: a
/// file with a built-in's name is an error, so that the codec in use is never ambiguous.
/// The generated code then includes the file with `include_bytes!`, so that rustc rebuilds
/// the crate when it changes.
///
/// A type with lifetime parameters or fields of reference types (`&'static str` included)
/// is refused: the generated `FromStr` returns a value that cannot borrow from the string it
/// parsed.
///
/// The plugin's output is cached (see [`Options::cache_dir`]) and checked: it may nest
/// brackets at most 128 deep ([`MAX_NESTING`](crate::MAX_NESTING)), generic arguments at
/// most 128 deep ([`MAX_ANGLE_NESTING`](crate::MAX_ANGLE_NESTING)), chain at most 256
/// operators in one expression ([`MAX_OPERATOR_CHAIN`](crate::MAX_OPERATOR_CHAIN)); it may
/// not invoke `include!`, `include_str!`, `include_bytes!`, `env!` or `option_env!` (by any
/// path), import them, `compile_error`, `TextMessage` or `text_message` with `use`, define
/// macros, declare `mod name;`, carry the attributes `#[path]` or `#[debugger_visualizer]`
/// (also inside `cfg_attr`), or an attribute that mentions `TextMessage` or `text_message`;
/// its own `compile_error!`s get the prefix ``codec `NAME`: ``.
///
/// Returns the codec's items, or a `compile_error!` spanned at the attribute (at the item
/// when the attribute is missing): this function never panics.
pub fn derive_text_message_with(
    input: TokenStream,
    manifest_dir: Option<&Path>,
    options: &Options,
) -> TokenStream {
    derive_timed(input, manifest_dir, options, crate::run::Stopwatch::start())
}

/// [`derive_text_message_with`], its time (for [`Options::timings`]) counted from `started`.
fn derive_timed(
    input: TokenStream,
    manifest_dir: Option<&Path>,
    options: &Options,
    started: crate::run::Stopwatch,
) -> TokenStream {
    let mut outcome = ("error", String::new());
    let tokens = match expand(input, manifest_dir, options, &mut outcome) {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    };
    if let Some(path) = &options.timings {
        use std::io::Write;
        let (kind, codec) = &outcome;
        let line = format!("{kind} {} {codec}\n", started.elapsed().as_micros());
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = file.write_all(line.as_bytes());
        }
    }
    tokens
}

/// What the attribute says.
struct AttrArgs {
    codec: LitStr,
    params: Vec<syn::Ident>,
}

fn parse_attribute(attrs: &[Attribute], item_span: Span) -> syn::Result<(AttrArgs, &Attribute)> {
    let mut found = attrs.iter().filter(|a| a.path().is_ident("text_message"));
    let Some(attr) = found.next() else {
        return Err(syn::Error::new(
            item_span,
            "#[derive(TextMessage)] needs an attribute #[text_message(codec = \"NAME\")] \
             (optionally with params(...))",
        ));
    };
    if let Some(extra) = found.next() {
        return Err(syn::Error::new_spanned(
            extra,
            "#[text_message(...)] may appear only once",
        ));
    }
    let mut codec: Option<LitStr> = None;
    let mut params: Option<Vec<syn::Ident>> = None;
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("codec") {
            if codec.is_some() {
                return Err(meta.error("`codec` is given twice"));
            }
            codec = Some(meta.value()?.parse()?);
            Ok(())
        } else if meta.path.is_ident("params") {
            if params.is_some() {
                return Err(meta.error("`params(...)` is given twice"));
            }
            let mut list = Vec::new();
            meta.parse_nested_meta(|param| {
                let Some(ident) = param.path.get_ident() else {
                    return Err(param.error("a parameter is a plain identifier, like `pretty`"));
                };
                if list.iter().any(|p: &syn::Ident| p == ident) {
                    return Err(param.error(format!("parameter `{ident}` is given twice")));
                }
                list.push(ident.clone());
                Ok(())
            })?;
            params = Some(list);
            Ok(())
        } else {
            Err(meta.error(
                "unknown key in #[text_message(...)]: expected `codec = \"NAME\"` or `params(...)`",
            ))
        }
    })
    .map_err(|e| {
        let mut error = syn::Error::new_spanned(
            attr,
            "bad #[text_message(...)] attribute: expected \
             #[text_message(codec = \"NAME\", params(a, b))]",
        );
        error.combine(e);
        error
    })?;
    let Some(codec) = codec else {
        return Err(syn::Error::new_spanned(
            attr,
            "#[text_message(...)] needs `codec = \"NAME\"`",
        ));
    };
    Ok((
        AttrArgs {
            codec,
            params: params.unwrap_or_default(),
        },
        attr,
    ))
}

/// Where a codec's plugin comes from.
enum Source {
    Builtin(&'static [u8]),
    User(PathBuf, Vec<u8>),
}

/// Checks that `metadata` is that of a regular file of at most [`MAX_PLUGIN_FILE_BYTES`].
fn check_plugin_file(path: &Path, metadata: &std::fs::Metadata) -> Result<(), String> {
    if !metadata.is_file() {
        let kind = if metadata.is_dir() {
            "a folder"
        } else {
            "not a regular file"
        };
        return Err(format!(
            "the codec plugin {} is {kind} (a plugin must be a regular file)",
            path.display()
        ));
    }
    if metadata.len() > MAX_PLUGIN_FILE_BYTES {
        return Err(format!(
            "the codec plugin {} is {} bytes, the limit is {MAX_PLUGIN_FILE_BYTES} bytes",
            path.display(),
            metadata.len()
        ));
    }
    Ok(())
}

/// Reads a user plugin: a regular file (after symlinks) of at most
/// [`MAX_PLUGIN_FILE_BYTES`], checked before it is opened (a FIFO is never opened) and again
/// on the opened file, and read no further than the limit.
fn read_plugin_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let cannot =
        |e: std::io::Error| format!("cannot read the codec plugin {}: {e}", path.display());
    check_plugin_file(path, &std::fs::metadata(path).map_err(cannot)?)?;
    let file = std::fs::File::open(path).map_err(cannot)?;
    let metadata = file.metadata().map_err(cannot)?;
    check_plugin_file(path, &metadata)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_PLUGIN_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_PLUGIN_FILE_BYTES {
        return Err(format!(
            "the codec plugin {} grew past the limit of {MAX_PLUGIN_FILE_BYTES} bytes while \
             being read",
            path.display()
        ));
    }
    Ok(bytes)
}

fn find_codec(name: &str, manifest_dir: Option<&Path>) -> Result<Source, String> {
    let user_path = manifest_dir.map(|dir| dir.join(USER_CODEC_DIR).join(codec_file_name(name)));
    // Anything at that path, a folder or a FIFO included, is the user's codec (and then
    // refused as not a regular file), never "unknown".
    let user_file = user_path.filter(|path| std::fs::symlink_metadata(path).is_ok());
    let builtin = BUILTIN_CODECS.iter().find(|(n, _)| *n == name);
    match (builtin, user_file) {
        (Some(_), Some(path)) => Err(format!(
            "codec `{name}` is built in, and a user codec cannot shadow it: rename {}",
            path.display()
        )),
        (Some((_, wasm)), None) => Ok(Source::Builtin(wasm)),
        (None, Some(path)) => {
            let bytes = read_plugin_file(&path).map_err(|e| format!("codec `{name}`: {e}"))?;
            let path = path.canonicalize().unwrap_or(path);
            Ok(Source::User(path, bytes))
        }
        (None, None) => {
            let builtins: Vec<_> = BUILTIN_CODECS.iter().map(|(n, _)| *n).collect();
            let place = match manifest_dir {
                Some(_) => format!(
                    "a crate adds its own as {USER_CODEC_DIR}/{} next to its Cargo.toml",
                    codec_file_name(name)
                ),
                None => "user codecs need CARGO_MANIFEST_DIR".to_owned(),
            };
            Err(format!(
                "unknown codec `{name}`: the built-in codecs are {}; {place}",
                builtins.join(", ")
            ))
        }
    }
}

/// The first reference type in `ty` (`&T`, `&'a T`, `&'static T`, also inside generic
/// arguments, tuples, arrays and slices), but not inside `PhantomData<…>`, which deserializes
/// without borrowing.
fn find_reference(ty: &syn::Type) -> Option<&syn::TypeReference> {
    use syn::{GenericArgument, PathArguments, ReturnType, Type};
    match ty {
        Type::Reference(reference) => Some(reference),
        Type::Array(array) => find_reference(&array.elem),
        Type::Slice(slice) => find_reference(&slice.elem),
        Type::Group(group) => find_reference(&group.elem),
        Type::Paren(paren) => find_reference(&paren.elem),
        Type::Tuple(tuple) => tuple.elems.iter().find_map(find_reference),
        Type::Path(path) => {
            let qself = path.qself.as_ref().and_then(|q| find_reference(&q.ty));
            qself.or_else(|| {
                path.path.segments.iter().find_map(|segment| {
                    if segment.ident == "PhantomData" {
                        return None;
                    }
                    match &segment.arguments {
                        PathArguments::AngleBracketed(args) => {
                            args.args.iter().find_map(|arg| match arg {
                                GenericArgument::Type(ty) => find_reference(ty),
                                GenericArgument::AssocType(assoc) => find_reference(&assoc.ty),
                                _ => None,
                            })
                        }
                        PathArguments::Parenthesized(args) => args
                            .inputs
                            .iter()
                            .find_map(find_reference)
                            .or(match &args.output {
                                ReturnType::Type(_, ty) => find_reference(ty),
                                ReturnType::Default => None,
                            }),
                        PathArguments::None => None,
                    }
                })
            })
        }
        _ => None,
    }
}

/// `&'a mut T` as a user writes it (`TokenStream::to_string` spaces out `& 'a`).
fn spell_reference(reference: &syn::TypeReference) -> String {
    let lifetime = reference
        .lifetime
        .as_ref()
        .map_or(String::new(), |lifetime| format!("{lifetime} "));
    let mutability = if reference.mutability.is_some() {
        "mut "
    } else {
        ""
    };
    let elem = reference.elem.to_token_stream().to_string();
    format!("&{lifetime}{mutability}{elem}")
}

/// Refuses a type with lifetime parameters or with fields of reference types (`&'static str`
/// included): its `FromStr` could not return it, or only for `'static` input.
fn refuse_borrowed(item: &DeriveInput) -> syn::Result<()> {
    if let Some(lifetime) = item.generics.lifetimes().next() {
        return Err(syn::Error::new_spanned(
            &lifetime.lifetime,
            format!(
                "#[derive(TextMessage)] does not support types with lifetime parameters \
                 (`{}`): the generated `FromStr` returns a value that cannot borrow from the \
                 string it parses; use owned fields (`String` instead of `&str`)",
                lifetime.lifetime
            ),
        ));
    }
    let fields: Vec<&syn::Field> = match &item.data {
        syn::Data::Struct(data) => data.fields.iter().collect(),
        syn::Data::Enum(data) => data.variants.iter().flat_map(|v| &v.fields).collect(),
        syn::Data::Union(data) => data.fields.named.iter().collect(),
    };
    for field in fields {
        if let Some(reference) = find_reference(&field.ty) {
            let what = match &field.ident {
                Some(name) => format!("field `{name}`"),
                None => "a field".to_owned(),
            };
            return Err(syn::Error::new_spanned(
                reference,
                format!(
                    "#[derive(TextMessage)] does not support fields of reference types ({what} \
                     has type `{}`): the generated `FromStr` returns a value that cannot borrow \
                     from the string it parses; use owned fields (`String` instead of `&str`)",
                    spell_reference(reference)
                ),
            ));
        }
    }
    Ok(())
}

/// `outcome` becomes `hit` or `miss` once the cache was consulted, with the codec's name.
fn expand(
    input: TokenStream,
    manifest_dir: Option<&Path>,
    options: &Options,
    outcome: &mut (&'static str, String),
) -> syn::Result<TokenStream> {
    let item: DeriveInput = syn::parse2(input.clone())?;
    let (args, attr) = parse_attribute(&item.attrs, item.ident.span())?;
    let at_attr = |message: String| syn::Error::new_spanned(attr, message);
    let name = args.codec.value();
    if !is_valid_codec_name(&name) {
        return Err(syn::Error::new(
            args.codec.span(),
            format!("invalid codec name {name:?}: a codec name is non-empty and made of `[a-z0-9_]` only"),
        ));
    }
    refuse_borrowed(&item)?;
    let source = find_codec(&name, manifest_dir).map_err(at_attr)?;
    let (identity, wasm): (String, &[u8]) = match &source {
        Source::Builtin(wasm) => (format!("builtin:{name}"), wasm),
        Source::User(path, bytes) => (format!("user:{}", path.display()), bytes),
    };
    let params: Vec<String> = args.params.iter().map(|p| p.to_string()).collect();
    let param_refs: Vec<&str> = params.iter().map(String::as_str).collect();
    let request = Request::new(&param_refs, &item, input.to_string());
    let limits = &options.limits;
    // A hit needs neither the plugin nor its metadata: the key covers the plugin's bytes and
    // the request, whose parameters were checked when the entry was made.
    let key = options.cache_dir.as_ref().map(|dir| {
        let digest = cache::plugin_digest(&identity, wasm);
        (dir, cache::key(&digest, &request.encode()))
    });
    let cached = key
        .as_ref()
        .and_then(|(dir, key)| cache::get(dir, key, limits.output_bytes));
    let fresh = cached.is_none();
    *outcome = (if fresh { "miss" } else { "hit" }, name.clone());
    let (needs, text) = match cached {
        Some(entry) => entry,
        None => run_plugin(&name, &identity, wasm, &args.params, &request, limits).map_err(
            |e| match e {
                Refusal::AtAttribute(message) => at_attr(message),
                Refusal::Spanned(error) => error,
            },
        )?,
    };
    let tokens = vet_output(&text, &name).map_err(|e| at_attr(format!("codec `{name}`: {e}")))?;
    if let (true, Some((dir, key))) = (fresh, &key) {
        cache::put(dir, key, &needs, &text);
    }
    options.dependencies.check(&name, &needs).map_err(at_attr)?;
    let tracking = match &source {
        Source::Builtin(_) => TokenStream::new(),
        Source::User(path, _) => {
            let Some(path) = path.to_str() else {
                return Err(at_attr(format!(
                    "codec `{name}`: the path {} is not UTF-8",
                    path.display()
                )));
            };
            let span = attr.span();
            quote_spanned! {span=> const _: &[u8] = ::core::include_bytes!(#path); }
        }
    };
    let mut output = quote! { #tracking };
    tokens.to_tokens(&mut output);
    Ok(output)
}

/// Why `run_plugin` gave no output: a message for the attribute, or an error with its own
/// span (an unknown parameter).
enum Refusal {
    AtAttribute(String),
    Spanned(syn::Error),
}

/// Loads the plugin (once per process), checks its name and the parameters against its
/// metadata, and runs it on `request`; returns the crates its code needs and the code.
fn run_plugin(
    name: &str,
    identity: &str,
    wasm: &[u8],
    params: &[syn::Ident],
    request: &Request,
    limits: &Limits,
) -> Result<(Vec<Need>, String), Refusal> {
    let plugin: Arc<Plugin> = Plugin::cached(identity, wasm)
        .map_err(|e| Refusal::AtAttribute(format!("codec `{name}`: {e}")))?;
    let metadata = plugin.metadata();
    if metadata.codec != name {
        return Err(Refusal::AtAttribute(format!(
            "the plugin for codec `{name}` declares itself as codec `{}`",
            metadata.codec
        )));
    }
    for ident in params {
        let param = ident.to_string();
        if !metadata.params.contains(&param) {
            let accepted = if metadata.params.is_empty() {
                "it accepts none".to_owned()
            } else {
                format!("accepted: {}", metadata.params.join(", "))
            };
            return Err(Refusal::Spanned(syn::Error::new(
                ident.span(),
                format!("unknown parameter `{param}` for codec `{name}` ({accepted})"),
            )));
        }
    }
    let text = plugin
        .expand(request, limits)
        .map_err(|e| Refusal::AtAttribute(format!("codec `{name}`: {e}")))?;
    Ok((metadata.needs.clone(), text))
}

/// The plugin's output as checked tokens: its bracket depth bounded before it is tokenized,
/// then [`output::vet`].
fn vet_output(text: &str, codec: &str) -> Result<TokenStream, String> {
    let depth = output::max_nesting(text);
    if depth > output::MAX_NESTING {
        return Err(output::nesting_error(depth));
    }
    let tokens: TokenStream = text
        .parse()
        .map_err(|e| format!("the plugin's output is not Rust tokens: {e}"))?;
    output::vet(tokens, codec, 0)
}
