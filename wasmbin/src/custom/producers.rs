//! The [`producers` custom section](https://github.com/WebAssembly/tool-conventions/blob/main/ProducersSection.md):
//! the languages, tools and SDKs that produced the module.

use crate::{Visit, Wasmbin};

/// A `versioned-name`: a tool (or language, or SDK) and its version.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct VersionedName {
    /// The name (`rustc`, `C++` …).
    pub name: String,
    /// Its version, free-form (may be empty).
    pub version: String,
}

/// A `field` of the producers section: its `field_name` and `field_values`.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProducersField {
    /// The `field_name`: `language`, `processed-by` or `sdk`.
    pub name: String,
    /// The `field_values`.
    pub values: Vec<VersionedName>,
}

/// The payload of the [`producers` section](https://github.com/WebAssembly/tool-conventions/blob/main/ProducersSection.md): its fields.
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProducersSection {
    /// The fields, in order.
    pub fields: Vec<ProducersField>,
}

impl ProducersSection {
    /// The values of the field called `name` (`language`, `processed-by`, `sdk`), if present.
    pub fn field(&self, name: &str) -> Option<&[VersionedName]> {
        self.fields
            .iter()
            .find(|field| field.name == name)
            .map(|field| field.values.as_slice())
    }
}
