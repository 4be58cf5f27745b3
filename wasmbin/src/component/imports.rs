//! [Import and export definitions](https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md#import-and-export-definitions).

use super::instances::SortIdx;
use super::types::ExternType;
use crate::{wasmbin_discriminants, Visit, Wasmbin};

/// `import` (and `importdecl`): a name and an extern type.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(item = "import")]
pub struct Import {
    /// `nameattributes`.
    pub name: ExternName,
    /// The type.
    pub ty: ExternType,
}

/// `export`: a name, the exported item and an optional type ascription.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(item = "export")]
pub struct Export {
    /// `nameattributes`.
    pub name: ExternName,
    /// What is exported.
    pub item: SortIdx,
    /// The type it is exported as.
    pub ty: Option<ExternType>,
}

/// `nameattributes`: an extern name (`externname`), in one of its three forms.
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "component name")]
#[non_exhaustive]
pub enum ExternName {
    /// `0x00 en`: the name.
    Plain(String) = 0x00,
    /// `0x01 en`: the name (the older marker of interface names, read the same way).
    Legacy(String) = 0x01,
    /// `0x02 en a*`: the name and its attributes.
    WithAttributes(NameWithAttributes) = 0x02,
}

/// The `en a*` of the third form of `nameattributes`.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(check = NameWithAttributes::check)]
pub struct NameWithAttributes {
    /// The name.
    pub name: String,
    /// Its attributes, each kind at most once.
    pub attributes: Vec<NameAttribute>,
}

impl NameWithAttributes {
    /// Each kind of attribute appears at most once.
    pub(crate) fn check(&self) -> Result<(), String> {
        let attributes = &self.attributes;
        for (i, a) in attributes.iter().enumerate() {
            if attributes[..i].iter().any(|b| b.kind() == a.kind()) {
                return Err(format!("duplicate {a:?} attribute in name"));
            }
        }
        Ok(())
    }
}

impl ExternName {
    /// The name.
    pub fn as_str(&self) -> &str {
        match self {
            ExternName::Plain(name) | ExternName::Legacy(name) => name,
            ExternName::WithAttributes(named) => &named.name,
        }
    }

    /// The attributes (none for the first two forms).
    pub fn attributes(&self) -> &[NameAttribute] {
        match self {
            ExternName::WithAttributes(named) => &named.attributes,
            _ => &[],
        }
    }

    /// The version suffix attribute, if any.
    pub fn version_suffix(&self) -> Option<&str> {
        self.attributes().iter().find_map(|a| match a {
            NameAttribute::VersionSuffix(suffix) => Some(suffix.as_str()),
            _ => None,
        })
    }
}

impl std::fmt::Display for ExternName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())?;
        for attribute in self.attributes() {
            match attribute {
                NameAttribute::Implements(name) => write!(f, " (implements {name:?})")?,
                NameAttribute::VersionSuffix(suffix) => write!(f, " (version suffix {suffix:?})")?,
                NameAttribute::ExternalId(id) => write!(f, " (external id {id:?})")?,
            }
        }
        Ok(())
    }
}

/// `attribute`: an attribute of an extern name ([`NameAttribute::kind`] gives its
/// discriminant).
#[wasmbin_discriminants(accessor = kind)]
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "name option")]
#[non_exhaustive]
pub enum NameAttribute {
    /// `implements`: the interface an instance import or export implements.
    Implements(String) = 0x00,
    /// `versionsuffix`: the rest of a version after its canonical form.
    VersionSuffix(String) = 0x01,
    /// `external-id`.
    ExternalId(String) = 0x02,
}
