//! `#[wasmbin_discriminants]`: lets enum variants be written `Variant = 0x..` as in the spec's
//! tables.

use proc_macro2::TokenStream;
use quote::ToTokens;

/// Moves each variant's `= 0x..` into a `#[wasmbin(discriminant = 0x..)]` attribute, which
/// `#[derive(Wasmbin)]` reads (an enum with fields cannot keep Rust discriminants without a
/// `#[repr]`). A variant with a `#[wasmbin(text = "…")]` name gets a first doc paragraph
/// that gives the name and the opcode, so that neither is written twice. With the argument
/// `accessor = name`, the enum also gets `fn name(&self) -> u8`, each variant's one-byte
/// discriminant (taken from the same `= 0x..`).
pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let accessor = parse_arguments(attr)?;
    let mut item: syn::ItemEnum = syn::parse2(item)
        .map_err(|err| syn::Error::new(err.span(), "#[wasmbin_discriminants] goes on an enum"))?;
    let accessor = match accessor {
        Some(name) => Some(accessor_fn(&item, &name)?),
        None => None,
    };
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
    let mut tokens = item.into_token_stream();
    tokens.extend(accessor);
    Ok(tokens)
}

/// The arguments: none, or `accessor = name`.
fn parse_arguments(attr: TokenStream) -> syn::Result<Option<syn::Ident>> {
    if attr.is_empty() {
        return Ok(None);
    }
    let wrong = |tokens: &TokenStream| {
        syn::Error::new_spanned(
            tokens,
            "wasmbin_discriminants takes no arguments or `accessor = name`",
        )
    };
    let meta: syn::MetaNameValue = syn::parse2(attr.clone()).map_err(|_| wrong(&attr))?;
    match &meta.value {
        syn::Expr::Path(path) if meta.path.is_ident("accessor") => path
            .path
            .get_ident()
            .cloned()
            .map(Some)
            .ok_or_else(|| wrong(&attr)),
        _ => Err(wrong(&attr)),
    }
}

/// `impl Enum { fn name(&self) -> u8 }`, one arm per variant with its discriminant (read
/// before they move into attributes), visible as widely as the enum.
fn accessor_fn(item: &syn::ItemEnum, name: &syn::Ident) -> syn::Result<TokenStream> {
    let ident = &item.ident;
    let mut arms = Vec::new();
    for variant in &item.variants {
        let byte = match &variant.discriminant {
            Some((_, expr)) => crate::attr::lit_u64(expr)
                .ok()
                .and_then(|value| u8::try_from(value).ok()),
            None => None,
        };
        let Some(byte) = byte else {
            return Err(syn::Error::new_spanned(
                &variant.ident,
                "`accessor` needs a one-byte discriminant (`= 0x..`) on every variant",
            ));
        };
        let byte = crate::codec::hex(byte);
        let variant = &variant.ident;
        arms.push(quote::quote!(#ident::#variant { .. } => #byte,));
    }
    let vis = &item.vis;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let doc = " The variant's discriminant, as declared (`= 0x..`).";
    Ok(quote::quote! {
        impl #impl_generics #ident #ty_generics #where_clause {
            #[doc = #doc]
            #vis fn #name(&self) -> u8 {
                match self {
                    #(#arms)*
                }
            }
        }
    })
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
