//! `#[derive(Visit)]`: traversal of the fields in order.

use crate::attr::Container;
use proc_macro2::TokenStream;
use quote::quote;
use synstructure::Structure;

/// The `Visit` impl: each field is visited, then its children.
pub fn expand(s: &Structure, container: &Container) -> TokenStream {
    let krate = &container.krate;
    let has_fields = s.variants().iter().any(|v| !v.bindings().is_empty());
    // Without fields there is nothing to visit: the trait's empty defaults serve.
    let methods = has_fields.then(|| {
        // A struct's fields are visited in place, an enum's after matching the variant.
        let body = |method: TokenStream| match s.ast().data {
            syn::Data::Enum(_) => {
                let arms = s.variants().iter().map(|v| {
                    let pat = crate::pattern(s, v);
                    let bindings = v.bindings().iter().map(|b| &b.binding);
                    quote!(#pat => { #(#bindings.#method(f)?;)* })
                });
                quote!(match self { #(#arms)* })
            }
            _ => {
                let members = crate::members(&s.variants()[0]);
                quote!(#(self.#members.#method(f)?;)*)
            }
        };
        let visit = body(quote!(visit_child));
        let visit_mut = body(quote!(visit_child_mut));
        quote! {
            fn visit_children<VisitT: 'static, E, F: FnMut(&VisitT) -> Result<(), E>>(
                &self,
                f: &mut F,
            ) -> Result<(), VisitError<E>> {
                #visit
                Ok(())
            }

            fn visit_children_mut<VisitT: 'static, E, F: FnMut(&mut VisitT) -> Result<(), E>>(
                &mut self,
                f: &mut F,
            ) -> Result<(), VisitError<E>> {
                #visit_mut
                Ok(())
            }
        }
    });
    s.gen_impl(quote! {
        use #krate::visit::{Visit, VisitError};
        use ::core::result::Result::{self, Ok};

        gen impl Visit for @Self {
            #methods
        }
    })
}
