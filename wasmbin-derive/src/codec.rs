//! `#[derive(Wasmbin)]`: `Encode`, `Decode` and `DecodeWithDiscriminant`.
//!
//! A struct is its fields in order (after its tag byte, if it has one). An enum is a
//! discriminant followed by the fields of the variant it names; catch-all variants (one field,
//! no discriminant) are offered every discriminant that no other variant claims.

use crate::attr::{Container, Discriminant, Input, Variant};
use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;
use synstructure::{Structure, VariantInfo};

/// The impls of the three codec traits.
pub fn expand(s: &Structure, input: &Input) -> TokenStream {
    let Container { krate, .. } = &input.container;
    let impls = match s.ast().data {
        syn::Data::Enum(_) => enum_impls(s, input),
        _ => struct_impls(s, input),
    };
    s.gen_impl(quote! {
        use #krate::io::{decode_tagged, Reader};
        use #krate::{Decode, DecodeError, DecodeWithDiscriminant, Encode, ErrorKind};
        use ::core::option::Option::{self, None, Some};
        use ::core::result::Result::{self, Err, Ok};
        use ::std::io::Write;
        #impls
    })
}

/// A byte as the hex literal it is written as in the spec (`0x60`).
pub fn hex(value: impl Into<u64>) -> syn::LitInt {
    syn::LitInt::new(&format!("0x{:02X}", value.into()), Span::call_site())
}

/// `const ITEM_KIND` when the type names its index in error paths.
fn item_kind(container: &Container) -> TokenStream {
    match &container.item {
        Some(item) => quote!(const ITEM_KIND: Option<&'static str> = Some(#item);),
        None => quote!(),
    }
}

/// Decodes every field of `variant` in order.
fn decode_fields(variant: &VariantInfo) -> TokenStream {
    variant.construct(|_, _| quote!(Decode::decode(reader)?))
}

/// Like [`decode_fields`], but the first field starts with the discriminant byte the caller
/// has already read.
fn decode_fields_after(variant: &VariantInfo) -> TokenStream {
    variant.construct(|_, i| {
        if i == 0 {
            quote! {
                match DecodeWithDiscriminant::maybe_decode_with_discriminant(discriminant, reader)? {
                    Some(value) => value,
                    None => return Ok(None),
                }
            }
        } else {
            quote!(Decode::decode(reader)?)
        }
    })
}

/// The side condition: `(before encoding, after decoding into `value`)`.
fn checks(container: &Container) -> (TokenStream, TokenStream) {
    let Some(check) = &container.check else {
        return (quote!(), quote!());
    };
    let krate = &container.krate;
    (
        quote! {
            if let Err(message) = #check(self) {
                return Err(#krate::__private::unrepresentable(message));
            }
        },
        quote! {
            if let Err(message) = #check(&value) {
                return Err(reader.error_at(start, ErrorKind::Malformed(message)));
            }
        },
    )
}

fn struct_impls(s: &Structure, input: &Input) -> TokenStream {
    let container = &input.container;
    let variant = &s.variants()[0];
    let members = crate::members(variant);
    let tag = container.discriminant.map(hex);
    let write_tag = tag.as_ref().map(|tag| quote!(writer.write_all(&[#tag])?;));
    let encode_fields = members
        .iter()
        .map(|m| quote!(Encode::encode(&self.#m, writer)?;));
    let tag_len = Literal::usize_unsuffixed(usize::from(tag.is_some()));
    let encoded_len = if members.is_empty() || tag.is_some() {
        let lens = members
            .iter()
            .map(|m| quote!(+ Encode::encoded_len(&self.#m)));
        quote!(#tag_len #(#lens)*)
    } else {
        let lens = members
            .iter()
            .map(|m| quote!(Encode::encoded_len(&self.#m)));
        quote!(#(#lens)+*)
    };
    let (encode_check, decode_check) = checks(container);
    let start = |back: TokenStream| match &container.check {
        Some(_) => quote!(let start = reader.offset() #back;),
        None => quote!(),
    };
    let item_kind = item_kind(container);
    let what = &container.what;
    // A newtype (an index) costs nothing beyond its field: always inline it. A tagged
    // struct's encoder is left to the compiler.
    let encode_inline = match (&tag, members.len(), &container.check) {
        (Some(_), _, _) => quote!(),
        (None, 1, None) => quote!(#[inline(always)]),
        _ => quote!(#[inline]),
    };
    let construct = decode_fields(variant);

    let decode = match &tag {
        Some(_) => quote!(decode_tagged(reader, #what)),
        None if container.check.is_none() => quote!(Ok(#construct)),
        None => {
            let start = start(quote!());
            quote! {
                #start
                let value = #construct;
                #decode_check
                Ok(value)
            }
        }
    };
    let decode_after = match &tag {
        Some(tag) => {
            let start = start(quote!(.saturating_sub(1)));
            Some(quote! {
                if discriminant != #tag {
                    return Ok(None);
                }
                #start
                let value = #construct;
                #decode_check
                Ok(Some(value))
            })
        }
        // A struct without fields has no first byte to continue from.
        None if members.is_empty() => None,
        None => {
            let start = start(quote!(.saturating_sub(1)));
            let construct = decode_fields_after(variant);
            Some(quote! {
                #start
                let value = #construct;
                #decode_check
                Ok(Some(value))
            })
        }
    };
    let decode_with_discriminant = decode_after.map(|body| {
        quote! {
            gen impl DecodeWithDiscriminant for @Self {
                #[inline]
                fn maybe_decode_with_discriminant(
                    discriminant: u8,
                    reader: &mut Reader<'_>,
                ) -> Result<Option<Self>, DecodeError> {
                    #body
                }
            }
        }
    });
    quote! {
        gen impl Encode for @Self {
            #encode_inline
            fn encode(&self, writer: &mut impl Write) -> ::std::io::Result<()> {
                #encode_check
                #write_tag
                #(#encode_fields)*
                Ok(())
            }

            #[inline]
            fn encoded_len(&self) -> usize {
                #encoded_len
            }
        }

        gen impl Decode for @Self {
            #item_kind

            #[inline]
            fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
                #decode
            }
        }

        #decode_with_discriminant
    }
}

/// Writes the discriminant.
fn write_discriminant(discriminant: Discriminant) -> TokenStream {
    match discriminant {
        Discriminant::Byte(byte) => {
            let byte = hex(byte);
            quote!(writer.write_all(&[#byte])?;)
        }
        Discriminant::Prefixed(prefix, sub) => {
            let prefix = hex(prefix);
            let sub = syn::LitInt::new(&format!("0x{sub:02X}_u32"), Span::call_site());
            quote! {
                writer.write_all(&[#prefix])?;
                Encode::encode(&#sub, writer)?;
            }
        }
        Discriminant::Leb(value) => {
            let value = Literal::u32_suffixed(value);
            quote!(Encode::encode(&#value, writer)?;)
        }
    }
}

/// `Err(unknown discriminant)` at `offset`.
fn unknown(what: &str, prefix: Option<u8>, value: TokenStream) -> TokenStream {
    let prefix = match prefix {
        Some(prefix) => {
            let prefix = hex(prefix);
            quote!(Some(#prefix))
        }
        None => quote!(None),
    };
    quote! {
        Err(reader.error_at(offset, ErrorKind::UnknownDiscriminant {
            what: #what,
            prefix: #prefix,
            value: #value,
        }))
    }
}

fn enum_impls(s: &Structure, input: &Input) -> TokenStream {
    let container = &input.container;
    let what = &container.what;
    let variants: Vec<(&VariantInfo, &Variant)> =
        s.variants().iter().zip(&input.variants).collect();

    let mut encode_arms = Vec::new();
    let mut len_arms = Vec::new();
    for (info, variant) in &variants {
        let pat = crate::pattern(s, info);
        let fields = info
            .bindings()
            .iter()
            .map(|b| quote!(Encode::encode(#b, writer)?;));
        let write = variant.discriminant.map(write_discriminant);
        encode_arms.push(quote! {
            #pat => {
                #write
                #(#fields)*
            }
        });
        let mut lens: Vec<TokenStream> = info
            .bindings()
            .iter()
            .map(|b| quote!(Encode::encoded_len(#b)))
            .collect();
        if let Some(discriminant) = variant.discriminant {
            let len = Literal::usize_unsuffixed(discriminant.encoded_len());
            lens.insert(0, quote!(#len));
        }
        if lens.is_empty() {
            lens.push(quote!(0));
        }
        len_arms.push(quote!(#pat => #(#lens)+*,));
    }

    // Decoding: one arm per discriminant, grouped by prefix byte.
    let mut byte_arms = Vec::new();
    let mut prefixed: Vec<(u8, Vec<TokenStream>)> = Vec::new();
    let mut leb_arms = Vec::new();
    let mut catch_alls = Vec::new();
    let mut sorted = variants.clone();
    sorted.sort_by_key(|(_, v)| v.discriminant);
    for (info, variant) in sorted {
        let construct = decode_fields(info);
        match variant.discriminant {
            Some(Discriminant::Byte(byte)) => {
                let byte = hex(byte);
                byte_arms.push(quote!(#byte => #construct,));
            }
            Some(Discriminant::Prefixed(prefix, sub)) => {
                let sub = hex(sub);
                let arm = quote!(#sub => #construct,);
                match prefixed.last_mut() {
                    Some((last, arms)) if *last == prefix => arms.push(arm),
                    _ => prefixed.push((prefix, vec![arm])),
                }
            }
            Some(Discriminant::Leb(value)) => {
                let value = Literal::u32_unsuffixed(value);
                leb_arms.push(quote!(#value => #construct,));
            }
            None => {
                let construct = info.construct(|_, _| quote!(value));
                catch_alls.push(quote! {
                    if let Some(value) =
                        DecodeWithDiscriminant::maybe_decode_with_discriminant(discriminant, reader)?
                    {
                        return Ok(Some(#construct));
                    }
                });
            }
        }
    }

    let decode_after = if container.leb_discriminant {
        let unknown = unknown(what, None, quote!(value));
        quote! {
            let offset = reader.offset().saturating_sub(1);
            let value = reader.continue_u32(discriminant)?;
            Ok(Some(match value {
                #(#leb_arms)*
                _ => return #unknown,
            }))
        }
    } else {
        let prefixed_arms = prefixed.iter().map(|(prefix, arms)| {
            let unknown = unknown(what, Some(*prefix), quote!(sub));
            let prefix = hex(*prefix);
            quote! {
                #prefix => {
                    let offset = reader.offset().saturating_sub(1);
                    let sub: u32 = Decode::decode(reader)?;
                    match sub {
                        #(#arms)*
                        _ => return #unknown,
                    }
                }
            }
        });
        if byte_arms.is_empty() && prefixed.is_empty() {
            // Only catch-alls.
            quote! {
                #(#catch_alls)*
                Ok(None)
            }
        } else {
            quote! {
                let value = match discriminant {
                    #(#byte_arms)*
                    #(#prefixed_arms)*
                    _ => {
                        #(#catch_alls)*
                        return Ok(None);
                    }
                };
                Ok(Some(value))
            }
        }
    };

    // A hot enum's codec is inlined into its (single, looping) callers: the decoder so that
    // the value it builds is not returned through memory, the encoder and the size so that
    // the loop does not pay a call per item.
    // Only with optimisations for speed: with debug assertions on (test and dev builds),
    // an always-inlined instruction codec costs LLVM's SimplifyCFG about 45 s at opt-level 1
    // in `Expression`'s loops, while a plain hint leaves the choice to the inliner.
    let (encode_inline, decode_inline) = if container.hot {
        let hot = quote!(#[cfg_attr(debug_assertions, inline)] #[cfg_attr(not(debug_assertions), inline(always))]);
        (hot.clone(), hot)
    } else {
        (quote!(), quote!(#[inline]))
    };
    let item_kind = item_kind(container);
    quote! {
        gen impl Encode for @Self {
            #encode_inline
            fn encode(&self, writer: &mut impl Write) -> ::std::io::Result<()> {
                match self {
                    #(#encode_arms)*
                }
                Ok(())
            }

            #encode_inline
            fn encoded_len(&self) -> usize {
                match self {
                    #(#len_arms)*
                }
            }
        }

        gen impl Decode for @Self {
            #item_kind

            #decode_inline
            fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
                decode_tagged(reader, #what)
            }
        }

        gen impl DecodeWithDiscriminant for @Self {
            #decode_inline
            fn maybe_decode_with_discriminant(
                discriminant: u8,
                reader: &mut Reader<'_>,
            ) -> Result<Option<Self>, DecodeError> {
                #decode_after
            }
        }
    }
}
