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

use quote::quote;
use syn::DeriveInput;

/// Expands one derive input into `impl Display` and `impl FromStr`.
fn expand(params: &[&str], item: &str) -> Result<String, String> {
    let pretty = params.contains(&"pretty");
    let struct_names = params.contains(&"struct_names");
    let input: DeriveInput =
        syn::parse_str(item).map_err(|err| format!("ron codec: cannot parse the item: {err}"))?;
    let name = &input.ident;

    // The item's own generics and where clause, plus a bound on `Self` for each impl.
    let (impl_generics, type_generics, _) = input.generics.split_for_impl();
    let predicates: Vec<_> = input
        .generics
        .where_clause
        .iter()
        .flat_map(|clause| clause.predicates.iter())
        .collect();
    let to_string = match (pretty, struct_names) {
        (false, false) => quote!(::ron::to_string(self)),
        (true, _) => quote! {
            ::ron::ser::to_string_pretty(
                self,
                ::ron::ser::PrettyConfig::new().struct_names(#struct_names),
            )
        },
        (false, true) => quote! {
            ::ron::ser::to_string_pretty(
                self,
                ::ron::ser::PrettyConfig::new()
                    .struct_names(true)
                    .new_line("")
                    .indentor("")
                    .compact_arrays(true)
                    .compact_structs(true)
                    .compact_maps(true),
            )
        },
    };
    let display = quote! {
        #[automatically_derived]
        impl #impl_generics ::core::fmt::Display for #name #type_generics
        where
            #(#predicates,)*
            Self: ::serde::Serialize,
        {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let text = #to_string.map_err(|_| ::core::fmt::Error)?;
                f.write_str(&text)
            }
        }
    };
    let from_str = quote! {
        #[automatically_derived]
        impl #impl_generics ::core::str::FromStr for #name #type_generics
        where
            #(#predicates,)*
            Self: ::serde::de::DeserializeOwned,
        {
            type Err = ::ron::error::SpannedError;

            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::ron::from_str(s)
            }
        }
    };

    Ok(quote!(#display #from_str).to_string())
}

text_codec_guest::export_codec! {
    codec: "ron",
    params: ["pretty", "struct_names"],
    expand: expand,
}
