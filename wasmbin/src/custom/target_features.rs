//! The [`target_features` custom section](https://github.com/WebAssembly/tool-conventions/blob/main/Linking.md#target-features-section):
//! the features the module was built with or against.

use crate::{wasmbin_discriminants, Visit, Wasmbin};

/// The prefix byte of a [target feature](https://github.com/WebAssembly/tool-conventions/blob/main/Linking.md#target-features-section).
#[wasmbin_discriminants]
#[derive(Wasmbin, Visit, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[wasmbin(what = "target feature prefix")]
pub enum FeaturePrefix {
    /// `+`: the module uses the feature.
    Used = 0x2B,
    /// `-`: the module does not use the feature, and must not be linked with modules that do.
    Disallowed = 0x2D,
    /// `=`: the module uses the feature, and every module linked with it must use it too.
    Required = 0x3D,
}

impl FeaturePrefix {
    /// The prefix as written in the section: `+`, `-` or `=`.
    pub fn as_char(self) -> char {
        match self {
            FeaturePrefix::Used => '+',
            FeaturePrefix::Disallowed => '-',
            FeaturePrefix::Required => '=',
        }
    }
}

/// A target feature: its prefix and its name (`simd128`, `bulk-memory` …).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TargetFeature {
    /// How the module relates to the feature.
    pub prefix: FeaturePrefix,
    /// The feature name.
    pub name: String,
}

/// The payload of the [`target_features` section](https://github.com/WebAssembly/tool-conventions/blob/main/Linking.md#target-features-section).
#[derive(Wasmbin, Visit, Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TargetFeaturesSection {
    /// The features, in order.
    pub features: Vec<TargetFeature>,
}
