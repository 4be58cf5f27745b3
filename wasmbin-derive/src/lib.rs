//! Derive macros for [`wasmbin`](https://docs.rs/wasmbin).
//!
//! * `#[derive(Wasmbin)]` generates `Encode`, `Decode` and `DecodeWithDiscriminant`.
//! * `#[derive(Visit)]` generates `Visit` (read-only and mutable traversal).
//! * `#[wasmbin_discriminants]` moves `= 0x..` discriminants off enum variants into
//!   `#[wasmbin(discriminant = ..)]` attributes, so the enum needs no `#[repr]`;
//!   `#[wasmbin_discriminants(accessor = kind)]` also generates `fn kind(&self) -> u8`,
//!   each variant's (one-byte) discriminant, so that no hand-written match repeats them.
//!
//! Container attributes (`#[wasmbin(...)]` on the type):
//! * `crate = path` — path of the `wasmbin` crate (default `::wasmbin`);
//! * `discriminant = 0x60` — a struct starts with this tag byte;
//! * `hot` — an enum coded in a tight loop (instructions): its decoder, encoder and size
//!   are always inlined into the caller when debug assertions are off (in builds with them,
//!   only hinted: forced inlining makes LLVM take minutes at opt-level 1);
//! * `leb_discriminant` — an enum whose discriminant is an unsigned LEB128 `u32`
//!   (flags fields such as element segment kinds) instead of a byte;
//! * `what = "opcode"` — the noun used in "unknown ..." errors (default: the type name);
//! * `item = "function"` — when the type is an item of a vector, the item index is recorded
//!   in error paths under this name;
//! * `check = path::to::fn` (structs) — a side condition of the grammar that fields alone
//!   cannot express (`fn(&Self) -> Result<(), String>`): a value that fails it is malformed
//!   when decoded and refused when encoded (an `EncodeError` of kind `Unrepresentable`,
//!   with the path to the value, inside an `InvalidInput` `io::Error`). No `Arbitrary` is
//!   generated for such a type: arbitrary fields would not respect the condition.
//!
//! Variant attributes:
//! * `discriminant = 0x28` — the variant's discriminant (what `#[wasmbin_discriminants]`
//!   writes for `Variant = 0x28`);
//! * `text = "i32.load"` — the variant's name in the text format. When one variant of an
//!   enum has one, every variant must (and none may be a catch-all): `#[derive(Wasmbin)]`
//!   then also implements `wasmbin::text::Mnemonic` (the name, the opcode and the
//!   immediates, each field written by its `wasmbin::text::Immediate` impl), and
//!   `#[wasmbin_discriminants]` documents each variant with its name and opcode.
//!
//! Field attributes:
//! * `arbitrary_from = Type` — with wasmbin's `arbitrary` feature, the field is built with
//!   `From::from` an arbitrary `Type` (for field types that have no `Arbitrary` of their own,
//!   such as `bytes::Bytes` from `Vec<u8>`).
//!
//! When wasmbin's `arbitrary` feature is on, `#[derive(Wasmbin)]` also generates
//! `arbitrary::Arbitrary`.
//!
//! Discriminants up to `0xFF` are one byte. Wider ones are written `0xPP_SSSS`: a prefix
//! byte `0xPP` followed by the sub-opcode `0xSSSS` as an unsigned LEB128 `u32`, as the
//! spec does for prefixed instructions.

//! The generated impls sit in `const _: () = { use ...; impl ... };` blocks that import the
//! wasmbin names they use, so the expansion reads like hand-written code (see the snapshots
//! in `tests/expand/`). A deriving type must therefore not itself be named `Reader`,
//! `Encode`, `Decode`, `DecodeError`, `DecodeWithDiscriminant`, `ErrorKind`, `Visit`,
//! `VisitError`, `Arbitrary` or `Unstructured`.
//!
//! Module by concern: [`attr`] reads and checks every attribute, [`codec`] generates the
//! codec, [`text`] the text names, [`visit`] the traversal, [`arbitrary`] the fuzzing impl,
//! [`discriminants`] the attribute macro.

mod arbitrary;
mod attr;
mod codec;
mod discriminants;
#[cfg(test)]
mod snapshots;
mod text;
mod visit;

use proc_macro2::TokenStream;
use synstructure::{AddBounds, BindStyle, Structure};

/// Moves `= 0x..` discriminants off enum variants into `#[wasmbin(discriminant = ..)]`,
/// and starts the documentation of each variant that has a `#[wasmbin(text = "…")]` name
/// with that name and its opcode. `accessor = name` also generates `fn name(&self) -> u8`
/// returning each variant's discriminant (every variant needs one that fits in a byte).
///
/// Place it before `#[derive(Wasmbin)]`.
#[proc_macro_attribute]
pub fn wasmbin_discriminants(
    attr: proc_macro::TokenStream,
    item: proc_macro::TokenStream,
) -> proc_macro::TokenStream {
    discriminants::expand(attr.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derives `Encode`, `Decode` and `DecodeWithDiscriminant` (and `Arbitrary`).
#[proc_macro_derive(Wasmbin, attributes(wasmbin))]
pub fn derive_wasmbin(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    derive(input.into(), wasmbin).into()
}

/// Derives `Visit`.
#[proc_macro_derive(Visit, attributes(wasmbin))]
pub fn derive_visit(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    derive(input.into(), visit).into()
}

/// A derive's expansion of a prepared structure.
type Expand = fn(&Structure) -> syn::Result<TokenStream>;

fn derive(input: TokenStream, f: Expand) -> TokenStream {
    syn::parse2::<syn::DeriveInput>(input)
        .and_then(|ast| {
            if let syn::Data::Union(union) = &ast.data {
                return Err(syn::Error::new_spanned(
                    union.union_token,
                    "wasmbin cannot derive for unions: the grammar has no such thing",
                ));
            }
            let mut s = Structure::try_new(&ast)?;
            prepare(&mut s);
            f(&s)
        })
        .unwrap_or_else(syn::Error::into_compile_error)
}

/// The conventions of every generated impl: a bound `T: Trait` for each type parameter
/// that a field uses; `match self` with bindings by reference, named after the fields
/// (`f0`, `f1` … for tuple fields).
fn prepare(s: &mut Structure) {
    s.add_bounds(AddBounds::Generics);
    s.bind_with(|_| BindStyle::Move);
    s.binding_name(|field, i| match &field.ident {
        // The generated methods' own parameters.
        Some(ident)
            if ["writer", "reader", "f", "u", "discriminant"].contains(&&*ident.to_string()) =>
        {
            quote::format_ident!("{ident}_")
        }
        Some(ident) => ident.clone(),
        None => quote::format_ident!("f{i}"),
    });
}

/// The pattern that matches `variant` and binds its fields, in shorthand where the binding
/// is named after the field: `Setting::Name { key, value }`, `Setting::Optimize(f0)`.
fn pattern(s: &Structure, variant: &synstructure::VariantInfo) -> TokenStream {
    let ast = variant.ast();
    let name = &s.ast().ident;
    let path = match &s.ast().data {
        syn::Data::Enum(_) => {
            let ident = ast.ident;
            quote::quote!(#name::#ident)
        }
        _ => quote::quote!(#name),
    };
    let bindings = variant.bindings().iter().map(|b| {
        let binding = &b.binding;
        match &b.ast().ident {
            Some(field) if field == binding => quote::quote!(#binding),
            Some(field) => quote::quote!(#field: #binding),
            None => quote::quote!(#binding),
        }
    });
    match ast.fields {
        syn::Fields::Named(_) => quote::quote!(#path { #(#bindings),* }),
        syn::Fields::Unnamed(_) => quote::quote!(#path(#(#bindings),*)),
        syn::Fields::Unit => path,
    }
}

/// A struct's fields as they are accessed: `self.name`, `self.0`.
fn members(variant: &synstructure::VariantInfo) -> Vec<syn::Member> {
    variant
        .ast()
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| match &field.ident {
            Some(ident) => syn::Member::Named(ident.clone()),
            None => syn::Member::Unnamed(i.into()),
        })
        .collect()
}

/// `#[derive(Wasmbin)]` on a prepared structure.
fn wasmbin(s: &Structure) -> syn::Result<TokenStream> {
    let input = attr::Input::for_codec(s)?;
    let mut tokens = codec::expand(s, &input);
    tokens.extend(text::expand(s, &input));
    tokens.extend(arbitrary::expand(s, &input));
    Ok(tokens)
}

/// `#[derive(Visit)]` on a prepared structure.
fn visit(s: &Structure) -> syn::Result<TokenStream> {
    let container = attr::Input::for_visit(s)?;
    Ok(visit::expand(s, &container))
}
