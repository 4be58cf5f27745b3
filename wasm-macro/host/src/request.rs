//! The request of one expansion (ABI version 2): the parameters and the derive input, taken
//! apart by the host so that a plugin need not parse Rust to write an impl header.

use quote::ToTokens;
use syn::DeriveInput;

/// What the host hands a plugin for one expansion.
///
/// ```
/// let request = text_codec_host::Request::parse(
///     &["pretty"],
///     "struct Pair<'a, T: Clone = u8, const N: usize = 1> where T: Copy { a: &'a [T; N] }",
/// )
/// .unwrap();
/// assert_eq!(request.name, "Pair");
/// assert_eq!(request.impl_generics, "< 'a , T : Clone , const N : usize >");
/// assert_eq!(request.type_generics, "< 'a , T , N >");
/// assert_eq!(request.where_predicates, "T : Copy ,");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The parameters the user wrote in `params(...)`.
    pub params: Vec<String>,
    /// The type's name.
    pub name: String,
    /// The generics to follow `impl` (`syn::ImplGenerics`: bounds kept, defaults removed);
    /// empty without generics.
    pub impl_generics: String,
    /// The generic arguments to follow the type's name (`syn::TypeGenerics`); empty without
    /// generics.
    pub type_generics: String,
    /// The predicates of the where clause, each followed by a comma; empty without any.
    pub where_predicates: String,
    /// The whole derive input, attributes included (`TokenStream::to_string()`).
    pub item: String,
}

impl Request {
    /// The request for `input`, whose text is `item`.
    pub fn new(params: &[&str], input: &DeriveInput, item: String) -> Request {
        let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
        let where_predicates = where_clause
            .iter()
            .flat_map(|clause| &clause.predicates)
            .map(|predicate| format!("{} ,", predicate.to_token_stream()))
            .collect::<Vec<_>>()
            .join(" ");
        Request {
            params: params.iter().map(|&p| p.to_owned()).collect(),
            name: input.ident.to_string(),
            impl_generics: impl_generics.to_token_stream().to_string(),
            type_generics: type_generics.to_token_stream().to_string(),
            where_predicates,
            item,
        }
    }

    /// Parses `item`, a derive input, and takes it apart.
    pub fn parse(params: &[&str], item: &str) -> syn::Result<Request> {
        let input: DeriveInput = syn::parse_str(item)?;
        Ok(Request::new(params, &input, item.to_owned()))
    }

    /// The request's bytes: six fields, each a `u32` LE length and that many bytes of
    /// UTF-8: the parameters (comma-separated), the name, the impl generics, the type
    /// generics, the where predicates and the item.
    ///
    /// ```
    /// let request = text_codec_host::Request::parse(&["pretty"], "struct A;").unwrap();
    /// assert_eq!(
    ///     request.encode(),
    ///     b"\x06\0\0\0pretty\x01\0\0\0A\0\0\0\0\0\0\0\0\0\0\0\0\x09\0\0\0struct A;"
    /// );
    /// ```
    pub fn encode(&self) -> Vec<u8> {
        let params = self.params.join(",");
        let fields = [
            params.as_str(),
            &self.name,
            &self.impl_generics,
            &self.type_generics,
            &self.where_predicates,
            &self.item,
        ];
        let mut out = Vec::with_capacity(24 + fields.iter().map(|f| f.len()).sum::<usize>());
        for field in fields {
            // A field over 4 GiB makes the whole request longer than that, and the host
            // refuses such a request before a plugin sees it.
            let len = u32::try_from(field.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(field.as_bytes());
        }
        out
    }
}
