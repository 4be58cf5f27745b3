//! `#[derive(Wasmbin)]` on an enum whose variants carry `#[wasmbin(text = "…")]`: the
//! `Mnemonic` impl (each variant's text-format name, its opcode, both as one table of every
//! variant, and its immediates written one after the other).

use crate::attr::{Discriminant, Input};
use proc_macro2::TokenStream;
use quote::quote;
use synstructure::Structure;

/// The `Mnemonic` impl, or nothing when the variants have no text names (the attribute
/// checks guarantee that then every variant has one and a discriminant).
pub fn expand(s: &Structure, input: &Input) -> TokenStream {
    if input.variants.iter().all(|v| v.text.is_none()) {
        return TokenStream::new();
    }
    let krate = &input.container.krate;
    let name = &s.ast().ident;
    let mut position_arms = Vec::new();
    let mut immediate_arms = Vec::new();
    let mut table = Vec::new();
    for (info, variant) in s.variants().iter().zip(&input.variants) {
        let (Some(text), Some(discriminant)) = (&variant.text, variant.discriminant) else {
            continue;
        };
        let ident = &info.ast().ident;
        // The variant, whatever its fields.
        let any = match info.ast().fields {
            syn::Fields::Named(_) => quote!(#name::#ident { .. }),
            syn::Fields::Unnamed(_) => quote!(#name::#ident(..)),
            syn::Fields::Unit => quote!(#name::#ident),
        };
        // The position in `OPCODES`; with the variants' implicit discriminants in the same
        // order, the optimiser turns this match into a read of the discriminant (one match
        // with a string or opcode per arm is slow to compile for hundreds of variants).
        let position = table.len();
        position_arms.push(quote!(#any => #position,));
        let (prefix, code) = match discriminant {
            Discriminant::Byte(byte) => (quote!(None), u32::from(byte)),
            Discriminant::Prefixed(prefix, sub) => {
                let prefix = crate::codec::hex(prefix);
                (quote!(Some(#prefix)), sub)
            }
            Discriminant::Leb(value) => (quote!(None), value),
        };
        let code = crate::codec::hex(code);
        let opcode = quote!(Opcode { prefix: #prefix, code: #code });
        table.push(quote!((#opcode, #text),));
        let pat = crate::pattern(s, info);
        let writes = info
            .bindings()
            .iter()
            .map(|b| quote!(Immediate::write_immediate(#b, f, #text)?;));
        immediate_arms.push(quote!(#pat => { #(#writes)* }));
    }
    s.gen_impl(quote! {
        use #krate::text::{Immediate, Mnemonic, Opcode};
        use ::core::option::Option::{None, Some};
        use ::core::result::Result::Ok;

        gen impl Mnemonic for @Self {
            const OPCODES: &'static [(Opcode, &'static str)] = &[#(#table)*];

            #[inline]
            fn position(&self) -> usize {
                match self {
                    #(#position_arms)*
                }
            }

            fn write_immediates(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    #(#immediate_arms)*
                }
                Ok(())
            }
        }
    })
}
