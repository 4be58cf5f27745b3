//! Codec plugin `serde_json`: `Display` writes the value as JSON, `FromStr` reads it back.
//!
//! Parameters: `pretty` (indented JSON, `serde_json::to_string_pretty`).
//!
//! The generated code names `::serde` and `::serde_json`, so the crate that derives needs
//! both (and `Serialize` / `Deserialize` implementations for the type). The impls copy the
//! type's generics and add `where Self: ::serde::Serialize` (for `Display`) and
//! `where Self: ::serde::de::DeserializeOwned` (for `FromStr`).
//!
//! The code is assembled from the fields the host hands over, with `concat` rather than
//! `format!` and without parsing the item: on a cache miss the host runs the plugin in an
//! interpreter that is usually built without optimisation, and translates every plugin
//! function it calls; `syn` would cost about 30 times, `core::fmt` about twice, the
//! instructions of this expansion.

use text_codec_guest::Input;

/// Expands one derive input into `impl Display` and `impl FromStr`.
fn expand(input: &Input<'_>) -> Result<String, String> {
    let to_string = if input.param("pretty") {
        "to_string_pretty"
    } else {
        "to_string"
    };
    Ok([
        "#[automatically_derived] ",
        &input.impl_header("::core::fmt::Display", "::serde::Serialize"),
        " { fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { \
         let text = ::serde_json::",
        to_string,
        "(self).map_err(|_| ::core::fmt::Error)?; f.write_str(&text) } } \
         #[automatically_derived] ",
        &input.impl_header("::core::str::FromStr", "::serde::de::DeserializeOwned"),
        " { type Err = ::serde_json::Error; \
         fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> { \
         ::serde_json::from_str(s) } }",
    ]
    .concat())
}

text_codec_guest::export_codec! {
    codec: "serde_json",
    params: ["pretty"],
    needs: ["serde@1", "serde_json@1"],
    expand: expand,
}
