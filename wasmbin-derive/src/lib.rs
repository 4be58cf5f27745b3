//! Derive macros for [`wasmbin`](https://docs.rs/wasmbin).
//!
//! * `#[derive(Wasmbin)]` generates `Encode`, `Decode` and `DecodeWithDiscriminant`.
//! * `#[derive(Visit)]` generates `Visit` (read-only and mutable traversal).
//! * `#[wasmbin_discriminants]` moves `= 0x..` discriminants off enum variants into
//!   `#[wasmbin(discriminant = ..)]` attributes, so the enum needs no `#[repr]`.
//!
//! Container attributes (`#[wasmbin(...)]` on the type):
//! * `crate = path` — path of the `wasmbin` crate (default `::wasmbin`);
//! * `discriminant = 0x60` — a struct starts with this tag byte;
//! * `hot` — an enum coded in a tight loop (instructions): its decoder, encoder and size
//!   are always inlined into the caller;
//! * `leb_discriminant` — an enum whose discriminant is an unsigned LEB128 `u32`
//!   (flags fields such as element segment kinds) instead of a byte;
//! * `what = "opcode"` — the noun used in "unknown ..." errors (default: the type name);
//! * `item = "function"` — when the type is an item of a vector, the item index is recorded
//!   in error paths under this name;
//! * `check = path::to::fn` (structs) — a side condition of the grammar that fields alone
//!   cannot express (`fn(&Self) -> Result<(), String>`): a value that fails it is malformed
//!   when decoded and refused (`InvalidInput`) when encoded. No `Arbitrary` is generated
//!   for such a type: arbitrary fields would not respect the condition.
//!
//! When wasmbin's `arbitrary` feature is on, `#[derive(Wasmbin)]` also generates
//! `arbitrary::Arbitrary`.
//!
//! Discriminants up to `0xFF` are one byte. Wider ones are written `0xPP_SSSS`: a prefix
//! byte `0xPP` followed by the sub-opcode `0xSSSS` as an unsigned LEB128 `u32`, as the
//! spec does for prefixed instructions.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use std::collections::BTreeMap;
use syn::spanned::Spanned;
use synstructure::{BindStyle, Structure, VariantInfo};

/// Moves `= 0x..` discriminants off enum variants into `#[wasmbin(discriminant = ..)]`.
///
/// Place it before `#[derive(Wasmbin)]`.
#[proc_macro_attribute]
pub fn wasmbin_discriminants(
    attr: proc_macro::TokenStream,
    item: proc_macro::TokenStream,
) -> proc_macro::TokenStream {
    let attr = TokenStream::from(attr);
    if !attr.is_empty() {
        return syn::Error::new(attr.span(), "wasmbin_discriminants takes no arguments")
            .to_compile_error()
            .into();
    }
    let mut item: syn::ItemEnum = match syn::parse(item) {
        Ok(item) => item,
        Err(err) => return err.to_compile_error().into(),
    };
    for variant in &mut item.variants {
        if let Some((_, expr)) = variant.discriminant.take() {
            variant
                .attrs
                .push(syn::parse_quote!(#[wasmbin(discriminant = #expr)]));
        }
    }
    item.into_token_stream().into()
}

/// Derives `Encode`, `Decode` and `DecodeWithDiscriminant`.
#[proc_macro_derive(Wasmbin, attributes(wasmbin))]
pub fn derive_wasmbin(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input, wasmbin_impl)
}

/// Derives `Visit`.
#[proc_macro_derive(Visit, attributes(wasmbin))]
pub fn derive_visit(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input, visit_impl)
}

fn expand(
    input: proc_macro::TokenStream,
    f: fn(&Structure) -> syn::Result<TokenStream>,
) -> proc_macro::TokenStream {
    let ast: syn::DeriveInput = match syn::parse(input) {
        Ok(ast) => ast,
        Err(err) => return err.to_compile_error().into(),
    };
    let result = Structure::try_new(&ast).and_then(|s| f(&s));
    match result {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

#[derive(Default)]
struct ContainerAttrs {
    krate: Option<syn::Path>,
    discriminant: Option<u64>,
    leb_discriminant: bool,
    hot: bool,
    what: Option<String>,
    item: Option<String>,
    check: Option<syn::Path>,
}

fn lit_u64(expr: &syn::Expr) -> syn::Result<u64> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => int.base10_parse::<u64>(),
        syn::Expr::Group(group) => lit_u64(&group.expr),
        syn::Expr::Paren(paren) => lit_u64(&paren.expr),
        _ => Err(syn::Error::new(
            expr.span(),
            "wasmbin discriminants must be integer literals",
        )),
    }
}

fn parse_container(attrs: &[syn::Attribute]) -> syn::Result<ContainerAttrs> {
    let mut out = ContainerAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("wasmbin")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let value = meta.value()?;
                out.krate = Some(if value.peek(syn::LitStr) {
                    value.parse::<syn::LitStr>()?.parse()?
                } else {
                    value.parse()?
                });
            } else if meta.path.is_ident("discriminant") {
                out.discriminant = Some(lit_u64(&meta.value()?.parse()?)?);
            } else if meta.path.is_ident("leb_discriminant") {
                out.leb_discriminant = true;
            } else if meta.path.is_ident("hot") {
                out.hot = true;
            } else if meta.path.is_ident("what") {
                out.what = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.path.is_ident("item") {
                out.item = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.path.is_ident("check") {
                out.check = Some(meta.value()?.parse()?);
            } else {
                return Err(meta.error("unknown wasmbin attribute"));
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// A variant's `#[wasmbin(..)]` attributes.
#[derive(Default)]
struct VariantAttrs {
    discriminant: Option<u64>,
}

fn variant_attrs(variant: &VariantInfo) -> syn::Result<VariantAttrs> {
    let mut out = VariantAttrs::default();
    for attr in variant
        .ast()
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("wasmbin"))
    {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("discriminant") {
                out.discriminant = Some(lit_u64(&meta.value()?.parse()?)?);
                Ok(())
            } else {
                Err(meta.error("unknown wasmbin variant attribute"))
            }
        })?;
    }
    if let Some((_, expr)) = variant.ast().discriminant {
        return Err(syn::Error::new(
            expr.span(),
            "add #[wasmbin_discriminants] before #[derive(..)] to use `= discriminant` syntax",
        ));
    }
    Ok(out)
}

fn krate(attrs: &ContainerAttrs) -> TokenStream {
    match &attrs.krate {
        Some(path) => path.to_token_stream(),
        None => quote!(::wasmbin),
    }
}

/// `impl<..> Trait for Type<..> where T: Trait` for every generic type parameter.
fn impl_header(s: &Structure, trait_path: &TokenStream) -> TokenStream {
    let ast = s.ast();
    let name = &ast.ident;
    let mut generics = ast.generics.clone();
    let params: Vec<syn::Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    {
        let where_clause = generics.make_where_clause();
        for p in params {
            where_clause
                .predicates
                .push(syn::parse_quote!(#p: #trait_path));
        }
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote!(impl #impl_generics #trait_path for #name #ty_generics #where_clause)
}

fn decode_fields(variant: &VariantInfo, krate: &TokenStream) -> TokenStream {
    variant.construct(|field, _| {
        let ty = &field.ty;
        quote!(<#ty as #krate::Decode>::decode(reader)?)
    })
}

/// Constructs a variant whose first field is decoded from an already-read discriminant.
fn delegate_fields(variant: &VariantInfo, krate: &TokenStream) -> TokenStream {
    variant.construct(|field, i| {
        let ty = &field.ty;
        if i == 0 {
            quote!(match <#ty as #krate::DecodeWithDiscriminant>::maybe_decode_with_discriminant(discriminant, reader)? {
                ::core::option::Option::Some(value) => value,
                ::core::option::Option::None => return ::core::result::Result::Ok(::core::option::Option::None),
            })
        } else {
            quote!(<#ty as #krate::Decode>::decode(reader)?)
        }
    })
}

fn encode_fields(variant: &VariantInfo, krate: &TokenStream) -> TokenStream {
    let fields = variant
        .bindings()
        .iter()
        .map(|b| quote!(#krate::Encode::encode(#b, writer)?;));
    quote!(#(#fields)*)
}

/// The sum of the fields' encoded lengths (plus `extra` bytes of discriminant).
fn fields_len(variant: &VariantInfo, krate: &TokenStream, extra: usize) -> TokenStream {
    let fields = variant
        .bindings()
        .iter()
        .map(|b| quote!(+ #krate::Encode::encoded_len(#b)));
    quote!(#extra #(#fields)*)
}

/// Length of the unsigned LEB128 encoding of `value` (for discriminants known at expansion).
fn leb_len(mut value: u64) -> usize {
    let mut len = 1;
    while value >= 0x80 {
        value >>= 7;
        len += 1;
    }
    len
}

fn item_kind(attrs: &ContainerAttrs) -> TokenStream {
    match &attrs.item {
        Some(item) => {
            quote!(const ITEM_KIND: ::core::option::Option<&'static str> = ::core::option::Option::Some(#item);)
        }
        None => quote!(),
    }
}

fn wasmbin_impl(s: &Structure) -> syn::Result<TokenStream> {
    let attrs = parse_container(&s.ast().attrs)?;
    let krate = krate(&attrs);
    let what = attrs
        .what
        .clone()
        .unwrap_or_else(|| s.ast().ident.to_string());
    let codec = match &s.ast().data {
        syn::Data::Struct(_) => struct_impl(s, &attrs, &krate, &what)?,
        syn::Data::Enum(_) => enum_impl(s, &attrs, &krate, &what)?,
        syn::Data::Union(_) => {
            return Err(syn::Error::new(
                Span::call_site(),
                "wasmbin cannot derive codecs for unions",
            ))
        }
    };
    // A side condition is not something arbitrary fields respect: such types write their
    // `Arbitrary` by hand.
    let arbitrary = if attrs.check.is_some() {
        TokenStream::new()
    } else {
        arbitrary_impl(s, &krate)
    };
    Ok(quote!(#codec #arbitrary))
}

/// `arbitrary::Arbitrary`, generated from the same definition: structs take arbitrary
/// fields, enums an arbitrary variant. The impl is wrapped in wasmbin's `if_arbitrary!`,
/// which keeps it only when *that* wasmbin has its `arbitrary` feature: a proc-macro is built
/// once for all the wasmbin instances of a build (which may differ in features), so the
/// decision cannot be made here.
fn arbitrary_impl(s: &Structure, krate: &TokenStream) -> TokenStream {
    let arbitrary = quote!(#krate::__private::arbitrary);
    let ast = s.ast();
    let name = &ast.ident;
    let mut generics = ast.generics.clone();
    let params: Vec<syn::Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    generics.params.insert(0, syn::parse_quote!('arbitrary));
    {
        let where_clause = generics.make_where_clause();
        for p in params {
            where_clause
                .predicates
                .push(syn::parse_quote!(#p: #arbitrary::Arbitrary<'arbitrary>));
        }
    }
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    let (_, ty_generics, _) = ast.generics.split_for_impl();
    let construct = |v: &VariantInfo| {
        v.construct(|field, _| {
            // `bytes::Bytes` (shared byte vectors) has no `Arbitrary` of its own.
            let is_bytes = matches!(&field.ty, syn::Type::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "Bytes"));
            if is_bytes {
                quote!(::core::convert::From::from(
                    <::std::vec::Vec<u8> as #arbitrary::Arbitrary>::arbitrary(u)?
                ))
            } else {
                quote!(#arbitrary::Arbitrary::arbitrary(u)?)
            }
        })
    };
    let body = match &ast.data {
        syn::Data::Enum(_) => {
            let variants = s.variants();
            let count = variants.len();
            let arms = variants.iter().enumerate().map(|(i, v)| {
                let value = construct(v);
                if i + 1 == count {
                    quote!(_ => #value,)
                } else {
                    quote!(#i => #value,)
                }
            });
            quote!(::core::result::Result::Ok(match u.choose_index(#count)? { #(#arms)* }))
        }
        _ => {
            let value = construct(&s.variants()[0]);
            quote!(::core::result::Result::Ok(#value))
        }
    };
    quote! {
        #krate::__private::if_arbitrary! {
            impl #impl_generics #arbitrary::Arbitrary<'arbitrary> for #name #ty_generics #where_clause {
                fn arbitrary(u: &mut #arbitrary::Unstructured<'arbitrary>) -> #arbitrary::Result<Self> {
                    #body
                }
            }
        }
    }
}

fn struct_impl(
    s: &Structure,
    attrs: &ContainerAttrs,
    krate: &TokenStream,
    what: &str,
) -> syn::Result<TokenStream> {
    let variant = &s.variants()[0];
    let encode_header = impl_header(s, &quote!(#krate::Encode));
    let decode_header = impl_header(s, &quote!(#krate::Decode));
    let dwd_header = impl_header(s, &quote!(#krate::DecodeWithDiscriminant));
    let pat = variant.pat();
    let encode_body = encode_fields(variant, krate);
    let item_kind = item_kind(attrs);
    // The side condition, checked before encoding and after decoding.
    let (encode_check, decode_check) = match &attrs.check {
        Some(check) => (
            quote! {
                if let ::core::result::Result::Err(message) = #check(self) {
                    return ::core::result::Result::Err(::std::io::Error::new(
                        ::std::io::ErrorKind::InvalidInput,
                        message,
                    ));
                }
            },
            quote! {
                if let ::core::result::Result::Err(message) = #check(&value) {
                    return ::core::result::Result::Err(
                        reader.error_at(start, #krate::ErrorKind::Malformed(message)),
                    );
                }
            },
        ),
        None => (quote!(), quote!()),
    };

    if let Some(tag) = attrs.discriminant {
        if tag > 0xFF {
            return Err(syn::Error::new(
                Span::call_site(),
                "struct discriminants must fit in one byte",
            ));
        }
        let tag = tag as u8;
        let construct = decode_fields(variant, krate);
        let len = fields_len(variant, krate, 1);
        return Ok(quote! {
            #encode_header {
                fn encode(&self, writer: &mut impl ::std::io::Write) -> ::std::io::Result<()> {
                    #encode_check
                    writer.write_all(&[#tag])?;
                    let #pat = *self;
                    #encode_body
                    ::core::result::Result::Ok(())
                }
                #[inline]
                fn encoded_len(&self) -> usize {
                    let #pat = *self;
                    #len
                }
            }
            #decode_header {
                #item_kind
                #[inline]
                fn decode(reader: &mut #krate::io::Reader<'_>) -> ::core::result::Result<Self, #krate::DecodeError> {
                    let offset = reader.offset();
                    let discriminant = reader.read_byte()?;
                    match <Self as #krate::DecodeWithDiscriminant>::maybe_decode_with_discriminant(discriminant, reader)? {
                        ::core::option::Option::Some(value) => ::core::result::Result::Ok(value),
                        ::core::option::Option::None => ::core::result::Result::Err(reader.error_at(offset, #krate::ErrorKind::UnknownDiscriminant {
                            what: #what,
                            prefix: ::core::option::Option::None,
                            value: discriminant as u32,
                        })),
                    }
                }
            }
            #dwd_header {
                #[inline]
                fn maybe_decode_with_discriminant(discriminant: u8, reader: &mut #krate::io::Reader<'_>) -> ::core::result::Result<::core::option::Option<Self>, #krate::DecodeError> {
                    if discriminant != #tag {
                        return ::core::result::Result::Ok(::core::option::Option::None);
                    }
                    #[allow(unused_variables)]
                    let start = reader.offset().saturating_sub(1);
                    let value = #construct;
                    #decode_check
                    ::core::result::Result::Ok(::core::option::Option::Some(value))
                }
            }
        });
    }

    let construct = decode_fields(variant, krate);
    let dwd = if variant.bindings().is_empty() {
        quote!()
    } else {
        let delegate = delegate_fields(variant, krate);
        quote! {
            #dwd_header {
                #[inline]
                fn maybe_decode_with_discriminant(discriminant: u8, reader: &mut #krate::io::Reader<'_>) -> ::core::result::Result<::core::option::Option<Self>, #krate::DecodeError> {
                    #[allow(unused_variables)]
                    let start = reader.offset().saturating_sub(1);
                    let value = #delegate;
                    #decode_check
                    ::core::result::Result::Ok(::core::option::Option::Some(value))
                }
            }
        }
    };
    let len = fields_len(variant, krate, 0);
    // A newtype (an index) costs nothing beyond its field: always inline it.
    let encode_inline = if variant.bindings().len() == 1 && attrs.check.is_none() {
        quote!(#[inline(always)])
    } else {
        quote!(#[inline])
    };
    Ok(quote! {
        #encode_header {
            #encode_inline
            fn encode(&self, writer: &mut impl ::std::io::Write) -> ::std::io::Result<()> {
                #encode_check
                let #pat = *self;
                #encode_body
                ::core::result::Result::Ok(())
            }
            #[inline]
            fn encoded_len(&self) -> usize {
                let #pat = *self;
                #len
            }
        }
        #decode_header {
            #item_kind
            #[inline]
            fn decode(reader: &mut #krate::io::Reader<'_>) -> ::core::result::Result<Self, #krate::DecodeError> {
                #[allow(unused_variables)]
                let start = reader.offset();
                let value = #construct;
                #decode_check
                ::core::result::Result::Ok(value)
            }
        }
        #dwd
    })
}

enum Disc {
    Byte(u8),
    Prefixed(u8, u32),
    Leb(u32),
}

fn enum_impl(
    s: &Structure,
    attrs: &ContainerAttrs,
    krate: &TokenStream,
    what: &str,
) -> syn::Result<TokenStream> {
    if attrs.check.is_some() {
        return Err(syn::Error::new(
            Span::call_site(),
            "`check` is for structs: an enum's conditions go on its variants' types",
        ));
    }
    let encode_header = impl_header(s, &quote!(#krate::Encode));
    let decode_header = impl_header(s, &quote!(#krate::Decode));
    let dwd_header = impl_header(s, &quote!(#krate::DecodeWithDiscriminant));
    let item_kind = item_kind(attrs);

    let mut encode_arms = Vec::new();
    let mut len_arms = Vec::new();
    let mut catch_alls = Vec::new();
    // Decoding arms by discriminant.
    let mut decoders: BTreeMap<u64, (TokenStream, String)> = BTreeMap::new();

    for variant in s.variants() {
        let pat = variant.pat();
        let fields = encode_fields(variant, krate);
        let vattrs = variant_attrs(variant)?;
        let Some(value) = vattrs.discriminant else {
            if variant.bindings().len() != 1 {
                return Err(syn::Error::new(
                    variant.ast().ident.span(),
                    "a variant without discriminant must have exactly one field (a catch-all)",
                ));
            }
            let ty = &variant.bindings()[0].ast().ty;
            let construct = variant.construct(|_, _| quote!(value));
            catch_alls.push(quote! {
                if let ::core::option::Option::Some(value) =
                    <#ty as #krate::DecodeWithDiscriminant>::maybe_decode_with_discriminant(discriminant, reader)?
                {
                    return ::core::result::Result::Ok(::core::option::Option::Some(#construct));
                }
            });
            encode_arms.push(quote!(#pat => { #fields }));
            let len = fields_len(variant, krate, 0);
            len_arms.push(quote!(#pat => #len,));
            continue;
        };
        let disc = if attrs.leb_discriminant {
            Disc::Leb(u32::try_from(value).map_err(|_| {
                syn::Error::new(variant.ast().ident.span(), "discriminant exceeds u32")
            })?)
        } else if value <= 0xFF {
            Disc::Byte(value as u8)
        } else if value >> 16 <= 0xFF {
            Disc::Prefixed((value >> 16) as u8, (value & 0xFFFF) as u32)
        } else {
            return Err(syn::Error::new(
                variant.ast().ident.span(),
                "wide discriminants are written 0xPP_SSSS (prefix byte, 16-bit sub-opcode)",
            ));
        };
        let construct = decode_fields(variant, krate);
        let name = variant.ast().ident.to_string();
        if let Some((_, prev)) = decoders.insert(value, (construct, name)) {
            return Err(syn::Error::new(
                variant.ast().ident.span(),
                format!("discriminant {value:#x} is already used by {prev}"),
            ));
        }
        let disc_len = match disc {
            Disc::Byte(_) => 1,
            Disc::Prefixed(_, sub) => 1 + leb_len(sub.into()),
            Disc::Leb(v) => leb_len(v.into()),
        };
        let len = fields_len(variant, krate, disc_len);
        len_arms.push(quote!(#pat => #len,));
        encode_arms.push(match disc {
            Disc::Byte(b) => quote!(#pat => { writer.write_all(&[#b])?; #fields }),
            Disc::Prefixed(prefix, sub) => quote!(#pat => {
                writer.write_all(&[#prefix])?;
                #krate::Encode::encode(&#sub, writer)?;
                #fields
            }),
            Disc::Leb(v) => quote!(#pat => {
                #krate::Encode::encode(&#v, writer)?;
                #fields
            }),
        });
    }

    let mut byte_arms = Vec::new();
    let mut prefixed: BTreeMap<u8, Vec<TokenStream>> = BTreeMap::new();
    let mut leb_arms = Vec::new();
    for (value, (construct, _)) in decoders {
        if attrs.leb_discriminant {
            let v = value as u32;
            leb_arms.push(quote!(#v => #construct,));
        } else if value <= 0xFF {
            let b = value as u8;
            byte_arms.push(quote!(#b => #construct,));
        } else {
            let sub = (value & 0xFFFF) as u32;
            prefixed
                .entry((value >> 16) as u8)
                .or_default()
                .push(quote!(#sub => #construct,));
        }
    }

    // A hot enum's codec is inlined into its (single, looping) callers: the decoder so that
    // the value it builds is not returned through memory, the encoder and the size so that
    // the loop does not pay a call per item.
    let dwd_inline = if attrs.hot {
        quote!(#[inline(always)])
    } else {
        quote!(#[inline])
    };
    let encode_inline = if attrs.hot {
        quote!(#[inline(always)])
    } else {
        quote!()
    };
    let encode = quote! {
        #encode_header {
            #encode_inline
            fn encode(&self, writer: &mut impl ::std::io::Write) -> ::std::io::Result<()> {
                match *self { #(#encode_arms)* }
                ::core::result::Result::Ok(())
            }
            #encode_inline
            fn encoded_len(&self) -> usize {
                match *self { #(#len_arms)* }
            }
        }
    };
    let dwd_body = if attrs.leb_discriminant {
        if !catch_alls.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                "leb_discriminant enums cannot have catch-all variants",
            ));
        }
        quote! {
            let offset = reader.offset().saturating_sub(1);
            let value = reader.continue_u32(discriminant)?;
            ::core::result::Result::Ok(::core::option::Option::Some(match value {
                #(#leb_arms)*
                _ => return ::core::result::Result::Err(reader.error_at(offset, #krate::ErrorKind::UnknownDiscriminant {
                    what: #what,
                    prefix: ::core::option::Option::None,
                    value,
                })),
            }))
        }
    } else {
        let prefixed_arms = prefixed.iter().map(|(prefix, arms)| {
            quote! {
                #prefix => {
                    let offset = reader.offset().saturating_sub(1);
                    let sub: u32 = #krate::Decode::decode(reader)?;
                    match sub {
                        #(#arms)*
                        _ => return ::core::result::Result::Err(reader.error_at(offset, #krate::ErrorKind::UnknownDiscriminant {
                            what: #what,
                            prefix: ::core::option::Option::Some(#prefix),
                            value: sub,
                        })),
                    }
                }
            }
        });
        quote! {
            ::core::result::Result::Ok(::core::option::Option::Some(match discriminant {
                #(#byte_arms)*
                #(#prefixed_arms)*
                _ => {
                    #(#catch_alls)*
                    #[allow(unreachable_code)]
                    return ::core::result::Result::Ok(::core::option::Option::None);
                }
            }))
        }
    };

    Ok(quote! {
        #encode
        #decode_header {
            #item_kind
            #dwd_inline
            fn decode(reader: &mut #krate::io::Reader<'_>) -> ::core::result::Result<Self, #krate::DecodeError> {
                let offset = reader.offset();
                let discriminant = reader.read_byte()?;
                match <Self as #krate::DecodeWithDiscriminant>::maybe_decode_with_discriminant(discriminant, reader)? {
                    ::core::option::Option::Some(value) => ::core::result::Result::Ok(value),
                    ::core::option::Option::None => ::core::result::Result::Err(reader.error_at(offset, #krate::ErrorKind::UnknownDiscriminant {
                        what: #what,
                        prefix: ::core::option::Option::None,
                        value: discriminant as u32,
                    })),
                }
            }
        }
        #dwd_header {
            #dwd_inline
            #[allow(unreachable_code, clippy::diverging_sub_expression, clippy::needless_return)]
            fn maybe_decode_with_discriminant(discriminant: u8, reader: &mut #krate::io::Reader<'_>) -> ::core::result::Result<::core::option::Option<Self>, #krate::DecodeError> {
                #dwd_body
            }
        }
    })
}

fn visit_impl(s: &Structure) -> syn::Result<TokenStream> {
    let attrs = parse_container(&s.ast().attrs)?;
    let krate = krate(&attrs);
    let header = impl_header(s, &quote!(#krate::visit::Visit));
    let visit = s.each(|b| quote!(#krate::visit::Visit::visit_child(#b, f)?));
    let mut mutable = s.clone();
    mutable.bind_with(|_| BindStyle::RefMut);
    let visit_mut = mutable.each(|b| quote!(#krate::visit::Visit::visit_child_mut(#b, f)?));
    Ok(quote! {
        #header {
            #[allow(unused_variables)]
            fn visit_children<VisitT: 'static, E, F: FnMut(&VisitT) -> ::core::result::Result<(), E>>(
                &self,
                f: &mut F,
            ) -> ::core::result::Result<(), #krate::visit::VisitError<E>> {
                match *self { #visit }
                ::core::result::Result::Ok(())
            }
            #[allow(unused_variables)]
            fn visit_children_mut<VisitT: 'static, E, F: FnMut(&mut VisitT) -> ::core::result::Result<(), E>>(
                &mut self,
                f: &mut F,
            ) -> ::core::result::Result<(), #krate::visit::VisitError<E>> {
                match *self { #visit_mut }
                ::core::result::Result::Ok(())
            }
        }
    })
}
