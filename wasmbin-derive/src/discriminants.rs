//! `#[wasmbin_discriminants]`: lets enum variants be written `Variant = 0x..` as in the spec's
//! tables.

use proc_macro2::TokenStream;
use quote::ToTokens;

/// Moves each variant's `= 0x..` into a `#[wasmbin(discriminant = 0x..)]` attribute, which
/// `#[derive(Wasmbin)]` reads (an enum with fields cannot keep Rust discriminants without a
/// `#[repr]`).
pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    if !attr.is_empty() {
        return Err(syn::Error::new_spanned(
            attr,
            "wasmbin_discriminants takes no arguments",
        ));
    }
    let mut item: syn::ItemEnum = syn::parse2(item)
        .map_err(|err| syn::Error::new(err.span(), "#[wasmbin_discriminants] goes on an enum"))?;
    for variant in &mut item.variants {
        if let Some((_, expr)) = variant.discriminant.take() {
            variant
                .attrs
                .push(syn::parse_quote!(#[wasmbin(discriminant = #expr)]));
        }
    }
    Ok(item.into_token_stream())
}
