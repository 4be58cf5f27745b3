//! Every `#[wasmbin(...)]` attribute is read and checked here, once; the generators only see
//! the validated result. All problems of one type are reported together, each at the tokens
//! that caused it.

use proc_macro2::Span;
use quote::ToTokens;
use std::collections::BTreeMap;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use synstructure::Structure;

/// Collects errors so that one expansion reports all of them.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    fn error(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

/// The attributes of the type itself.
pub struct Container {
    /// `crate = path`: where the `wasmbin` crate is (default `::wasmbin`).
    pub krate: syn::Path,
    /// `discriminant = 0x60` (structs): the tag byte that starts the encoding.
    pub discriminant: Option<u8>,
    /// `leb_discriminant` (enums): the discriminant is an unsigned LEB128 `u32`.
    pub leb_discriminant: bool,
    /// `hot` (enums): the codec is always inlined into its callers (without debug
    /// assertions; with them, hinted).
    pub hot: bool,
    /// `what = "opcode"`: the noun of "unknown ..." errors (default: the type's name).
    pub what: String,
    /// `item = "function"`: the name of this type's index in error paths.
    pub item: Option<String>,
    /// `check = path` (structs): a side condition `fn(&Self) -> Result<(), String>`.
    pub check: Option<syn::Path>,
}

/// The attributes of one field.
#[derive(Default)]
pub struct Field {
    /// `arbitrary_from = Type`: with the `arbitrary` feature, the field is built with
    /// `From::from` an arbitrary value of `Type` (for field types without `Arbitrary`).
    pub arbitrary_from: Option<syn::Type>,
}

/// How a variant's discriminant is written.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Discriminant {
    /// One byte (`0x00..=0xFF`).
    Byte(u8),
    /// A prefix byte and a LEB128 `u32` sub-opcode (written `0xPP_SSSS`).
    Prefixed(u8, u32),
    /// A LEB128 `u32` (in a `leb_discriminant` enum).
    Leb(u32),
}

impl Discriminant {
    /// The number of bytes the discriminant takes.
    pub fn encoded_len(self) -> usize {
        match self {
            Discriminant::Byte(_) => 1,
            Discriminant::Prefixed(_, sub) => 1 + leb_len(sub),
            Discriminant::Leb(value) => leb_len(value),
        }
    }
}

/// Length of the unsigned LEB128 encoding of `value`.
fn leb_len(value: u32) -> usize {
    (32 - value.leading_zeros() as usize).div_ceil(7).max(1)
}

/// A variant of an enum (or the one "variant" of a struct).
pub struct Variant {
    /// `#[wasmbin(discriminant = ..)]`, or `None` for a catch-all variant (which takes the
    /// discriminant bytes that no other variant claims and hands them to its one field).
    pub discriminant: Option<Discriminant>,
    /// `#[wasmbin(text = "i32.add")]`: the variant's name in the text format (its mnemonic).
    /// Either every variant of an enum has one or none does.
    pub text: Option<String>,
    /// One entry per field, in order.
    pub fields: Vec<Field>,
}

/// Everything the derives need to know about a type, validated.
pub struct Input {
    pub container: Container,
    pub variants: Vec<Variant>,
}

impl Input {
    /// Reads the attributes for `#[derive(Visit)]`: their syntax is checked, and only
    /// `crate` is used (types that derive only `Visit` write their codec by hand, so the
    /// codec's rules do not apply to them).
    pub fn for_visit(s: &Structure) -> syn::Result<Container> {
        let mut errors = Errors::default();
        let raw = RawInput::parse(s, &mut errors);
        errors.finish()?;
        Ok(raw.container)
    }

    /// Reads and validates the attributes for `#[derive(Wasmbin)]`.
    pub fn for_codec(s: &Structure) -> syn::Result<Input> {
        let mut errors = Errors::default();
        let raw = RawInput::parse(s, &mut errors);
        let is_enum = matches!(s.ast().data, syn::Data::Enum(_));
        let container = &raw.container;
        for (key, span) in &raw.keys {
            let misplaced = match key.as_str() {
                "discriminant" if is_enum => {
                    Some("`discriminant` of an enum goes on each variant, not on the enum")
                }
                "check" if is_enum => {
                    Some("`check` is for structs: an enum's conditions go on its variants' types")
                }
                "leb_discriminant" if !is_enum => Some("`leb_discriminant` is for enums"),
                "hot" if !is_enum => Some("`hot` is for enums"),
                _ => None,
            };
            if let Some(message) = misplaced {
                errors.push(syn::Error::new(*span, message));
            }
        }
        if let (Some((value, span)), false) = (&raw.struct_discriminant, is_enum) {
            if *value > 0xFF {
                errors.push(syn::Error::new(
                    *span,
                    "struct discriminants must fit in one byte",
                ));
            }
        }

        let mut seen: BTreeMap<Discriminant, String> = BTreeMap::new();
        let mut variants = Vec::new();
        let texts = raw.variants.iter().filter(|v| v.text.is_some()).count();
        for (info, raw_variant) in s.variants().iter().zip(raw.variants) {
            let ident = &info.ast().ident;
            if let Some(text) = &raw_variant.text {
                let value = text.value();
                if value.is_empty() || value.contains(char::is_whitespace) {
                    errors.error(text, "a text name is one keyword, without spaces");
                }
                if !raw_variant.declared {
                    errors.error(
                        text,
                        "a catch-all variant has no opcode of its own: it cannot have a `text` name",
                    );
                }
            } else if texts > 0 {
                errors.error(
                    ident,
                    format_args!(
                        "variant `{ident}` has no `text` name: when one variant of an enum has \
                         a text-format name, every variant needs one"
                    ),
                );
            }
            let discriminant = raw_variant.discriminant.and_then(|(value, expr)| {
                let discriminant = if container.leb_discriminant {
                    u32::try_from(value).ok().map(Discriminant::Leb)
                } else if value <= 0xFF {
                    Some(Discriminant::Byte(value as u8))
                } else if value <= 0xFF_FFFF {
                    Some(Discriminant::Prefixed(
                        (value >> 16) as u8,
                        value as u32 & 0xFFFF,
                    ))
                } else {
                    None
                };
                if discriminant.is_none() {
                    let message = if container.leb_discriminant {
                        "discriminant exceeds u32"
                    } else {
                        "wide discriminants are written 0xPP_SSSS (prefix byte, 16-bit sub-opcode)"
                    };
                    errors.error(&expr, message);
                }
                discriminant
            });
            match discriminant {
                Some(discriminant) => {
                    if let Some(previous) = seen.insert(discriminant, ident.to_string()) {
                        errors.error(
                            ident,
                            format_args!(
                                "discriminant {value:#04x} is already used by `{previous}`",
                                value = raw_variant.value.unwrap_or_default()
                            ),
                        );
                    }
                }
                None if is_enum && !raw_variant.declared => {
                    if info.bindings().len() != 1 {
                        errors.error(
                            ident,
                            "a variant without discriminant must have exactly one field (a catch-all)",
                        );
                    } else if container.leb_discriminant {
                        errors.error(
                            ident,
                            "leb_discriminant enums cannot have catch-all variants",
                        );
                    }
                }
                None => {}
            }
            variants.push(Variant {
                discriminant,
                text: raw_variant.text.map(|text| text.value()),
                fields: raw_variant.fields,
            });
        }
        errors.finish()?;
        Ok(Input {
            container: raw.container,
            variants,
        })
    }
}

/// The attributes as written, before the codec's rules are applied.
struct RawInput {
    container: Container,
    /// Every container key given, with its span (to report misplaced ones).
    keys: Vec<(String, Span)>,
    /// The container's `discriminant`, unchecked.
    struct_discriminant: Option<(u64, Span)>,
    variants: Vec<RawVariant>,
}

struct RawVariant {
    /// Whether a discriminant was written at all.
    declared: bool,
    /// The value and the expression it was written as.
    discriminant: Option<(u64, syn::Expr)>,
    value: Option<u64>,
    /// `text = "…"`, as written.
    text: Option<syn::LitStr>,
    fields: Vec<Field>,
}

/// `#[wasmbin(...)]` attributes among `attrs`.
fn wasmbin_attrs(attrs: &[syn::Attribute]) -> impl Iterator<Item = &syn::Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("wasmbin"))
}

/// Calls `f` for every key of every `#[wasmbin(...)]` in `attrs`, reporting repeated keys.
fn each_key(
    attrs: &[syn::Attribute],
    errors: &mut Errors,
    mut f: impl FnMut(&str, &ParseNestedMeta<'_>) -> syn::Result<()>,
) {
    let mut seen: Vec<String> = Vec::new();
    for attr in wasmbin_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            let key = meta.path.to_token_stream().to_string();
            if seen.contains(&key) {
                return Err(meta.error(format_args!("duplicate wasmbin attribute `{key}`")));
            }
            seen.push(key.clone());
            f(&key, &meta)
        });
        if let Err(err) = result {
            errors.push(err);
        }
    }
}

impl RawInput {
    fn parse(s: &Structure, errors: &mut Errors) -> RawInput {
        let ast = s.ast();
        let mut container = Container {
            krate: syn::parse_quote!(::wasmbin),
            discriminant: None,
            leb_discriminant: false,
            hot: false,
            what: ast.ident.to_string(),
            item: None,
            check: None,
        };
        let mut keys = Vec::new();
        let mut struct_discriminant = None;
        each_key(&ast.attrs, errors, |key, meta| {
            keys.push((key.to_owned(), meta.path.span()));
            match key {
                "crate" => {
                    let value = meta.value()?;
                    container.krate = if value.peek(syn::LitStr) {
                        value.parse::<syn::LitStr>()?.parse()?
                    } else {
                        value.parse()?
                    };
                }
                "discriminant" => {
                    let expr: syn::Expr = meta.value()?.parse()?;
                    let value = lit_u64(&expr)?;
                    struct_discriminant = Some((value, expr.span()));
                    container.discriminant = u8::try_from(value).ok();
                }
                "leb_discriminant" => container.leb_discriminant = true,
                "hot" => container.hot = true,
                "what" => container.what = meta.value()?.parse::<syn::LitStr>()?.value(),
                "item" => container.item = Some(meta.value()?.parse::<syn::LitStr>()?.value()),
                "check" => container.check = Some(meta.value()?.parse()?),
                _ => {
                    return Err(meta.error(
                        "unknown wasmbin attribute; expected one of `crate`, `discriminant`, \
                     `leb_discriminant`, `hot`, `what`, `item`, `check`",
                    ))
                }
            }
            Ok(())
        });

        // A struct's one "variant" carries the container's attributes: read only its fields.
        let is_enum = matches!(ast.data, syn::Data::Enum(_));
        let variants = s
            .variants()
            .iter()
            .map(|info| {
                let ast = info.ast();
                let mut discriminant = None;
                let mut text = None;
                // Given, even if invalid (then reported already): not a catch-all.
                let mut declared = ast.discriminant.is_some();
                let variant_attrs = if is_enum { ast.attrs } else { &[][..] };
                each_key(variant_attrs, errors, |key, meta| match key {
                    "discriminant" => {
                        declared = true;
                        let expr: syn::Expr = meta.value()?.parse()?;
                        discriminant = Some((lit_u64(&expr)?, expr));
                        Ok(())
                    }
                    "text" => {
                        text = Some(meta.value()?.parse::<syn::LitStr>()?);
                        Ok(())
                    }
                    _ => Err(meta.error(
                        "unknown wasmbin variant attribute; expected `discriminant` or `text`",
                    )),
                });
                if let Some((_, expr)) = ast.discriminant {
                    errors.error(
                        expr,
                        "add #[wasmbin_discriminants] before #[derive(..)] to use `= discriminant` syntax",
                    );
                }
                let fields = info
                    .bindings()
                    .iter()
                    .map(|binding| {
                        let mut field = Field::default();
                        each_key(&binding.ast().attrs, errors, |key, meta| match key {
                            "arbitrary_from" => {
                                field.arbitrary_from = Some(meta.value()?.parse()?);
                                Ok(())
                            }
                            _ => Err(meta.error(
                                "unknown wasmbin field attribute; expected `arbitrary_from`",
                            )),
                        });
                        field
                    })
                    .collect();
                RawVariant {
                    declared,
                    value: discriminant.as_ref().map(|(value, _)| *value),
                    discriminant,
                    text,
                    fields,
                }
            })
            .collect();
        RawInput {
            container,
            keys,
            struct_discriminant,
            variants,
        }
    }
}

/// The value of an integer literal (possibly parenthesized).
pub fn lit_u64(expr: &syn::Expr) -> syn::Result<u64> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => int.base10_parse::<u64>(),
        syn::Expr::Group(group) => lit_u64(&group.expr),
        syn::Expr::Paren(paren) => lit_u64(&paren.expr),
        _ => Err(syn::Error::new_spanned(
            expr,
            "wasmbin discriminants must be integer literals",
        )),
    }
}
