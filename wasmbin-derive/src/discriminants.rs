//! `#[wasmbin_discriminants]`: lets enum variants be written `Variant = 0x..` as in the spec's
//! tables.

use proc_macro2::TokenStream;
use quote::ToTokens;

/// Moves each variant's `= 0x..` into a `#[wasmbin(discriminant = 0x..)]` attribute, which
/// `#[derive(Wasmbin)]` reads (an enum with fields cannot keep Rust discriminants without a
/// `#[repr]`). A variant with a `#[wasmbin(text = "…")]` name gets a first doc paragraph
/// that gives the name and the opcode, so that neither is written twice.
pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    if !attr.is_empty() {
        return Err(syn::Error::new_spanned(
            attr,
            "wasmbin_discriminants takes no arguments",
        ));
    }
    let mut item: syn::ItemEnum = syn::parse2(item)
        .map_err(|err| syn::Error::new(err.span(), "#[wasmbin_discriminants] goes on an enum"))?;
    let leb = item.attrs.iter().any(|a| {
        a.path().is_ident("wasmbin") && a.to_token_stream().to_string().contains("leb_discriminant")
    });
    for variant in &mut item.variants {
        if let Some((_, expr)) = variant.discriminant.take() {
            variant
                .attrs
                .push(syn::parse_quote!(#[wasmbin(discriminant = #expr)]));
        }
        if let Some(doc) = text_doc(&variant.attrs, leb) {
            let has_docs = variant.attrs.iter().any(|a| a.path().is_ident("doc"));
            let mut attrs = vec![syn::parse_quote!(#[doc = #doc])];
            if has_docs {
                attrs.push(syn::parse_quote!(#[doc = ""]));
            }
            variant.attrs.splice(0..0, attrs);
        }
    }
    Ok(item.into_token_stream())
}

/// `` `i32.load` (opcode `0x28`)`` for a variant with a text name and a discriminant, the
/// opcode written as the spec writes it (`0xFC 12` for a prefixed one, decimal in a
/// `leb_discriminant` enum). Malformed attributes give no doc here: `#[derive(Wasmbin)]`
/// reports them.
fn text_doc(attrs: &[syn::Attribute], leb: bool) -> Option<String> {
    let (mut text, mut value) = (None, None);
    for attr in attrs.iter().filter(|a| a.path().is_ident("wasmbin")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("text") {
                text = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.path.is_ident("discriminant") {
                value = crate::attr::lit_u64(&meta.value()?.parse()?).ok();
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    let opcode = match value? {
        value if leb => value.to_string(),
        byte @ 0..=0xFF => format!("{byte:#04X}"),
        wide => format!("{:#04X} {}", wide >> 16, wide & 0xFFFF),
    };
    Some(format!(
        " `{}` (opcode `{}`)",
        text?,
        opcode.replace("0X", "0x")
    ))
}
