//! Codec plugin `ron`: `Display` writes the value as [RON](https://docs.rs/ron), `FromStr`
//! reads it back.
//!
//! Parameters:
//! - `pretty`: indented, multi-line RON (`ron::ser::to_string_pretty` with a default
//!   `PrettyConfig`);
//! - `struct_names`: structs are written with their names (`Foo(a: 1)` rather than
//!   `(a: 1)`); without `pretty` the output stays on one line (`PrettyConfig` with an empty
//!   new line and indentation, and compact arrays, structs and maps).
//!
//! Reading accepts every form (struct names are optional in RON). The generated code names
//! `::serde` and `::ron` (written against ron 0.12's API: `ron::ser::PrettyConfig`,
//! `ron::error::SpannedError`), so the crate that derives needs both. The impls copy the
//! type's generics and add `where Self: ::serde::Serialize` (for `Display`) and
//! `where Self: ::serde::de::DeserializeOwned` (for `FromStr`).
//!
//! The code is assembled from the fields the host hands over, with `concat` rather than
//! `format!` and without parsing the item (see the `serde_json` codec for why).

use text_codec_guest::Input;

/// Expands one derive input into `impl Display` and `impl FromStr`.
fn expand(input: &Input<'_>) -> Result<String, String> {
    let to_string = match (input.param("pretty"), input.param("struct_names")) {
        (false, false) => "::ron::to_string(self)",
        (true, false) => "::ron::ser::to_string_pretty(self, ::ron::ser::PrettyConfig::new())",
        (true, true) => {
            "::ron::ser::to_string_pretty(self, ::ron::ser::PrettyConfig::new().struct_names(true))"
        }
        (false, true) => {
            "::ron::ser::to_string_pretty(self, ::ron::ser::PrettyConfig::new() \
             .struct_names(true).new_line(\"\").indentor(\"\") \
             .compact_arrays(true).compact_structs(true).compact_maps(true))"
        }
    };
    Ok([
        "#[automatically_derived] ",
        &input.impl_header("::core::fmt::Display", "::serde::Serialize"),
        " { fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { \
         let text = ",
        to_string,
        ".map_err(|_| ::core::fmt::Error)?; f.write_str(&text) } } \
         #[automatically_derived] ",
        &input.impl_header("::core::str::FromStr", "::serde::de::DeserializeOwned"),
        " { type Err = ::ron::error::SpannedError; \
         fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> { \
         ::ron::from_str(s) } }",
    ]
    .concat())
}

text_codec_guest::export_codec! {
    codec: "ron",
    params: ["pretty", "struct_names"],
    needs: ["serde@1", "ron@0.12"],
    expand: expand,
}
