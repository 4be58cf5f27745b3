//! The static check of a plugin, done with wasmbin before any runtime sees it.

use std::collections::HashSet;
use std::fmt;

use wasmbin::custom::CustomSection;
use wasmbin::indices::FuncIdx;
use wasmbin::sections::{ExportDesc, ExternType};
use wasmbin::types::{CompositeType, FuncType, ValueType};
use wasmbin::{payload, Module};

/// The ABI version this host implements (see `wasm-macro/README.md`).
pub const ABI_VERSION: u32 = 2;

/// The name of the custom section that holds a plugin's metadata.
pub const METADATA_SECTION: &str = "text-codec-metadata";

/// The functions a plugin must export, with their parameter and result counts (all `i32`).
pub(crate) const REQUIRED_FUNCTIONS: &[(&str, usize, usize)] = &[
    ("text_codec_abi_version", 0, 1),
    ("text_codec_alloc", 2, 1),
    ("text_codec_free", 3, 0),
    ("text_codec_expand", 2, 1),
    ("text_codec_last_panic", 0, 1),
];

/// The names of every export the ABI defines: the memory, then the functions. Anything else
/// a plugin exports is not part of the ABI (`cargo xtask plugins` strips it).
pub fn abi_exports() -> impl Iterator<Item = &'static str> {
    std::iter::once("memory").chain(REQUIRED_FUNCTIONS.iter().map(|&(name, ..)| name))
}

/// What a plugin's `text-codec-metadata` section declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginMetadata {
    /// The ABI version (`abi=`), always [`ABI_VERSION`] once checked.
    pub abi: u32,
    /// The codec's name (`codec=`): non-empty, only `[a-z0-9_]`.
    pub codec: String,
    /// The parameters the codec accepts in `params(...)` (`params=`), in declared order.
    pub params: Vec<String>,
    /// The crates the generated code names (`needs=`; none when the line is absent).
    pub needs: Vec<Need>,
}

/// A crate the generated code of a codec needs, with the version it is written for
/// (`needs=serde@1,ron@0.12` in the metadata).
///
/// ```
/// let need: text_codec_host::Need = "ron@0.12".parse().unwrap();
/// assert_eq!((need.name.as_str(), need.version.as_str()), ("ron", "0.12"));
/// assert_eq!(need.to_string(), "`ron` 0.12");
/// assert!("ron".parse::<text_codec_host::Need>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// The crate's name as the generated code writes it (`::ron::...`): an identifier.
    pub name: String,
    /// The version, `MAJOR`, `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, read as Cargo reads
    /// `ron = "0.12"` (any semver-compatible version will do).
    pub version: String,
}

impl std::str::FromStr for Need {
    type Err = String;

    fn from_str(text: &str) -> Result<Need, String> {
        let invalid = || format!("{text:?} is not `crate@version` (like `ron@0.12`)");
        let (name, version) = text.split_once('@').ok_or_else(invalid)?;
        let parts: Vec<&str> = version.split('.').collect();
        let numbers = parts
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
        if !is_identifier(name) || parts.len() > 3 || !numbers {
            return Err(invalid());
        }
        Ok(Need {
            name: name.to_owned(),
            version: version.to_owned(),
        })
    }
}

impl fmt::Display for Need {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.name, self.version)
    }
}

/// One reason why a module is not a usable plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The bytes are not a well-formed module, or a section needed for the check does not
    /// decode (the message says where).
    Malformed(String),
    /// The module imports something (plugins may import nothing).
    Import {
        /// Module name of the import.
        module: String,
        /// Item name of the import.
        name: String,
    },
    /// The module has a start function.
    StartFunction,
    /// A required export is absent.
    MissingExport {
        /// Export name.
        name: String,
        /// What it must be: `"a memory"` or `"a function"`.
        expected: &'static str,
    },
    /// A required export is of the wrong kind.
    WrongExportKind {
        /// Export name.
        name: String,
        /// What it must be: `"a memory"` or `"a function"`.
        expected: &'static str,
    },
    /// A required function export has the wrong signature.
    WrongSignature {
        /// Export name.
        name: String,
        /// The signature the ABI requires, like `(i32, i32) -> i32`.
        expected: String,
        /// The signature the module declares (or why it cannot be resolved).
        found: String,
    },
    /// There is no `text-codec-metadata` custom section.
    MissingMetadata,
    /// Something is wrong inside the metadata section.
    Metadata(String),
    /// The metadata declares an ABI version this host does not implement.
    UnsupportedAbi(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Malformed(message) => write!(f, "it is not a well-formed module ({message})"),
            Problem::Import { module, name } => write!(
                f,
                "it imports `{module}.{name}` (a plugin may import nothing)"
            ),
            Problem::StartFunction => write!(f, "it has a start function (not allowed)"),
            Problem::MissingExport { name, expected } => {
                write!(f, "it does not export `{name}` ({expected})")
            }
            Problem::WrongExportKind { name, expected } => {
                write!(f, "its export `{name}` is not {expected}")
            }
            Problem::WrongSignature {
                name,
                expected,
                found,
            } => write!(
                f,
                "its export `{name}` has the signature `{found}` instead of `{expected}`"
            ),
            Problem::MissingMetadata => {
                write!(f, "it has no `{METADATA_SECTION}` custom section")
            }
            Problem::Metadata(message) => {
                write!(f, "its `{METADATA_SECTION}` section {message}")
            }
            Problem::UnsupportedAbi(found) => write!(
                f,
                "it declares ABI version `{found}` but this host implements version {ABI_VERSION}"
            ),
        }
    }
}

/// Every problem found in a module that was offered as a plugin.
///
/// Displayed as one sentence per problem:
///
/// ```
/// let error = text_codec_host::check_plugin(b"\0asm\x01\0\0\0").unwrap_err();
/// assert!(error.to_string().starts_with("not a usable text codec plugin: it does not export `memory`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginCheckError {
    /// The problems, in the order they were found (never empty).
    pub problems: Vec<Problem>,
}

impl fmt::Display for PluginCheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a usable text codec plugin: ")?;
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                write!(f, "; ")?;
            }
            write!(f, "{problem}")?;
        }
        write!(f, ".")
    }
}

impl std::error::Error for PluginCheckError {}

/// Checks that `wasm` is a plugin of ABI version [`ABI_VERSION`] and returns its metadata.
///
/// Only the sections the check needs are decoded (types, imports, functions, exports,
/// start and custom sections; never the code). Every problem found is reported, not only the
/// first. Never panics, whatever the bytes.
///
/// ```
/// // A module with nothing in it lacks everything a plugin needs.
/// let error = text_codec_host::check_plugin(b"\0asm\x01\0\0\0").unwrap_err();
/// assert_eq!(error.problems.len(), 7); // memory, five functions, metadata
/// ```
pub fn check_plugin(wasm: &[u8]) -> Result<PluginMetadata, PluginCheckError> {
    let module = match Module::decode_from(wasm) {
        Ok(module) => module,
        Err(error) => {
            return Err(PluginCheckError {
                problems: vec![Problem::Malformed(error.to_string())],
            })
        }
    };
    let mut problems = Vec::new();
    let signatures = Signatures::new(&module, &mut problems);
    if module.find_std_section::<payload::Start>().is_some() {
        problems.push(Problem::StartFunction);
    }
    check_exports(&module, &signatures, &mut problems);
    let metadata = read_metadata(&module, &mut problems);
    match metadata {
        Some(metadata) if problems.is_empty() => Ok(metadata),
        _ => Err(PluginCheckError { problems }),
    }
}

/// Resolves function indices to signatures: imported functions first, then the function
/// section, each through the type section.
struct Signatures<'a> {
    types: Vec<&'a CompositeType>,
    imported: Vec<u32>,
    defined: &'a [wasmbin::indices::TypeIdx],
}

impl<'a> Signatures<'a> {
    fn new(module: &'a Module, problems: &mut Vec<Problem>) -> Self {
        let mut types = Vec::new();
        if let Some(blob) = module.find_std_section::<payload::Type>() {
            match blob.try_contents() {
                Ok(groups) => {
                    for group in groups {
                        types.extend(group.types().iter().map(|ty| ty.composite()));
                    }
                }
                Err(error) => problems.push(Problem::Malformed(error.to_string())),
            }
        }
        let mut imported = Vec::new();
        if let Some(blob) = module.find_std_section::<payload::Import>() {
            match blob.try_contents() {
                Ok(imports) => {
                    for import in imports {
                        for (module, name, desc) in import.entries() {
                            problems.push(Problem::Import {
                                module: module.to_owned(),
                                name: name.to_owned(),
                            });
                            if let ExternType::Func(ty) | ExternType::FuncExact(ty) = desc {
                                imported.push(ty.0);
                            }
                        }
                    }
                }
                Err(error) => problems.push(Problem::Malformed(error.to_string())),
            }
        }
        let mut defined: &[wasmbin::indices::TypeIdx] = &[];
        if let Some(blob) = module.find_std_section::<payload::Function>() {
            match blob.try_contents() {
                Ok(functions) => defined = functions,
                Err(error) => problems.push(Problem::Malformed(error.to_string())),
            }
        }
        Signatures {
            types,
            imported,
            defined,
        }
    }

    /// The signature of function `index`, or why there is none.
    fn of(&self, index: FuncIdx) -> Result<&'a FuncType, String> {
        let index = index.0 as usize;
        let type_index = match self.imported.get(index) {
            Some(ty) => *ty,
            None => match self.defined.get(index - self.imported.len()) {
                Some(ty) => ty.0,
                None => return Err(format!("function {index} does not exist")),
            },
        };
        match self.types.get(type_index as usize) {
            Some(CompositeType::Func(ty)) => Ok(ty),
            Some(_) => Err(format!("type {type_index} is not a function type")),
            None => Err(format!("type {type_index} does not exist")),
        }
    }
}

fn format_signature(ty: &FuncType) -> String {
    let list = |types: &[ValueType]| {
        types
            .iter()
            .map(|ty| match ty {
                ValueType::I32 => "i32".to_owned(),
                ValueType::I64 => "i64".to_owned(),
                ValueType::F32 => "f32".to_owned(),
                ValueType::F64 => "f64".to_owned(),
                ValueType::V128 => "v128".to_owned(),
                ValueType::Ref(_) => "ref".to_owned(),
                _ => "?".to_owned(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    format_parts(&list(&ty.params), &list(&ty.results), ty.results.len())
}

fn format_parts(params: &str, results: &str, result_count: usize) -> String {
    match result_count {
        0 => format!("({params})"),
        1 => format!("({params}) -> {results}"),
        _ => format!("({params}) -> ({results})"),
    }
}

fn expected_signature(params: usize, results: usize) -> String {
    let i32s = |n: usize| vec!["i32"; n].join(", ");
    format_parts(&i32s(params), &i32s(results), results)
}

fn check_exports(module: &Module, signatures: &Signatures<'_>, problems: &mut Vec<Problem>) {
    let mut exports: Vec<(&str, ExportDesc)> = Vec::new();
    if let Some(blob) = module.find_std_section::<payload::Export>() {
        match blob.try_contents() {
            Ok(list) => exports.extend(list.iter().map(|e| (e.name.as_str(), e.desc))),
            Err(error) => problems.push(Problem::Malformed(error.to_string())),
        }
    }
    let find = |name: &str| exports.iter().find(|(n, _)| *n == name).map(|(_, d)| *d);
    match find("memory") {
        Some(ExportDesc::Mem(_)) => {}
        Some(_) => problems.push(Problem::WrongExportKind {
            name: "memory".to_owned(),
            expected: "a memory",
        }),
        None => problems.push(Problem::MissingExport {
            name: "memory".to_owned(),
            expected: "a memory",
        }),
    }
    for &(name, params, results) in REQUIRED_FUNCTIONS {
        let index = match find(name) {
            Some(ExportDesc::Func(index)) => index,
            Some(_) => {
                problems.push(Problem::WrongExportKind {
                    name: name.to_owned(),
                    expected: "a function",
                });
                continue;
            }
            None => {
                problems.push(Problem::MissingExport {
                    name: name.to_owned(),
                    expected: "a function",
                });
                continue;
            }
        };
        let expected = expected_signature(params, results);
        match signatures.of(index) {
            Ok(ty)
                if ty.params.len() == params
                    && ty.results.len() == results
                    && ty
                        .params
                        .iter()
                        .chain(&ty.results)
                        .all(|t| *t == ValueType::I32) => {}
            Ok(ty) => problems.push(Problem::WrongSignature {
                name: name.to_owned(),
                expected,
                found: format_signature(ty),
            }),
            Err(found) => problems.push(Problem::WrongSignature {
                name: name.to_owned(),
                expected,
                found,
            }),
        }
    }
}

/// Whether `name` is a valid codec name: non-empty, only `[a-z0-9_]`.
///
/// ```
/// assert!(text_codec_host::is_valid_codec_name("serde_json"));
/// assert!(!text_codec_host::is_valid_codec_name("../x"));
/// assert!(!text_codec_host::is_valid_codec_name(""));
/// ```
pub fn is_valid_codec_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn is_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn read_metadata(module: &Module, problems: &mut Vec<Problem>) -> Option<PluginMetadata> {
    let mut found: Option<&[u8]> = None;
    for section in module.custom_sections() {
        match section {
            Ok(CustomSection::Other(raw)) if raw.name == METADATA_SECTION => {
                if found.is_some() {
                    problems.push(Problem::Metadata("appears more than once".to_owned()));
                    return None;
                }
                found = Some(&raw.data);
            }
            Ok(_) => {}
            Err(error) => problems.push(Problem::Malformed(error.to_string())),
        }
    }
    let Some(data) = found else {
        problems.push(Problem::MissingMetadata);
        return None;
    };
    let Ok(text) = std::str::from_utf8(data) else {
        problems.push(Problem::Metadata("is not UTF-8".to_owned()));
        return None;
    };
    let before = problems.len();
    let (mut abi, mut codec, mut params, mut needs) = (None, None, None, None);
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            problems.push(Problem::Metadata(format!(
                "has the line {line:?}, which is not `key=value`"
            )));
            continue;
        };
        let slot = match key {
            "abi" => &mut abi,
            "codec" => &mut codec,
            "params" => &mut params,
            "needs" => &mut needs,
            _ => continue, // unknown keys are left for later ABI revisions
        };
        if slot.is_some() {
            problems.push(Problem::Metadata(format!("sets `{key}` twice")));
        }
        *slot = Some(value);
    }
    match abi {
        None => problems.push(Problem::Metadata("has no `abi=` line".to_owned())),
        Some(value) if value.parse::<u32>().ok() == Some(ABI_VERSION) => {}
        Some(value) => problems.push(Problem::UnsupportedAbi(value.to_owned())),
    }
    match codec {
        None => problems.push(Problem::Metadata("has no `codec=` line".to_owned())),
        Some(name) if is_valid_codec_name(name) => {}
        Some(name) => problems.push(Problem::Metadata(format!(
            "names the codec {name:?}, which is not made of `[a-z0-9_]` only"
        ))),
    }
    let mut list = Vec::new();
    match params {
        None => problems.push(Problem::Metadata("has no `params=` line".to_owned())),
        Some("") => {}
        Some(value) => {
            let mut seen = HashSet::new();
            for param in value.split(',') {
                if !is_identifier(param) {
                    problems.push(Problem::Metadata(format!(
                        "declares the parameter {param:?}, which is not an identifier"
                    )));
                } else if !seen.insert(param) {
                    problems.push(Problem::Metadata(format!(
                        "declares the parameter `{param}` twice"
                    )));
                } else {
                    list.push(param.to_owned());
                }
            }
        }
    }
    let mut needed = Vec::new();
    for need in needs
        .unwrap_or_default()
        .split(',')
        .filter(|n| !n.is_empty())
    {
        match need.parse::<Need>() {
            Ok(need) => needed.push(need),
            Err(_) => problems.push(Problem::Metadata(format!(
                "lists {need:?} in `needs=`, which is not `crate@version` (like `ron@0.12`)"
            ))),
        }
    }
    if problems.len() != before {
        return None;
    }
    Some(PluginMetadata {
        abi: ABI_VERSION,
        codec: codec.unwrap_or_default().to_owned(),
        params: list,
        needs: needed,
    })
}
