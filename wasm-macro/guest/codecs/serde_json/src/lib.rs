//! Codec plugin `serde_json`: `Display` writes the value as JSON, `FromStr` reads it back.
//!
//! Parameters: `pretty` (indented JSON, `serde_json::to_string_pretty`).
//!
//! The generated code names `::serde` and `::serde_json`, so the crate that derives needs
//! both (and `Serialize` / `Deserialize` implementations for the type). The impls copy the
//! type's generics and add `where Self: ::serde::Serialize` (for `Display`) and
//! `where Self: ::serde::de::DeserializeOwned` (for `FromStr`).

use quote::quote;
use syn::DeriveInput;

/// Expands one derive input into `impl Display` and `impl FromStr`.
fn expand(params: &[&str], item: &str) -> Result<String, String> {
    let pretty = params.contains(&"pretty");
    let input: DeriveInput = syn::parse_str(item)
        .map_err(|err| format!("serde_json codec: cannot parse the item: {err}"))?;
    let name = &input.ident;

    // The item's own generics and where clause, plus a bound on `Self` for each impl.
    let (impl_generics, type_generics, _) = input.generics.split_for_impl();
    let predicates: Vec<_> = input
        .generics
        .where_clause
        .iter()
        .flat_map(|clause| clause.predicates.iter())
        .collect();
    let to_string = if pretty {
        quote!(::serde_json::to_string_pretty)
    } else {
        quote!(::serde_json::to_string)
    };
    let display = quote! {
        #[automatically_derived]
        impl #impl_generics ::core::fmt::Display for #name #type_generics
        where
            #(#predicates,)*
            Self: ::serde::Serialize,
        {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let text = #to_string(self).map_err(|_| ::core::fmt::Error)?;
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
            type Err = ::serde_json::Error;

            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::serde_json::from_str(s)
            }
        }
    };

    Ok(quote!(#display #from_str).to_string())
}

text_codec_guest::export_codec! {
    codec: "serde_json",
    params: ["pretty"],
    expand: expand,
}
