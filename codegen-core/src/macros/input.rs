//! The macro's input: `spec = "path"`, optionally `, crate = "path::to::runtime"`, then (in
//! check mode) the items to check.
//!
//! ```text
//! asyncapi!(spec = "asyncapi.yaml");              // generate mode
//! asyncapi!(spec = "asyncapi.yaml", crate = "::rt"); // the runtime dependency renamed `rt`
//! asyncapi! {
//!     spec = "asyncapi.yaml";                      // check mode
//!     #[asyncapi(message = "userSignedup")]
//!     pub struct UserSignedUp { ... }
//! }
//! ```

use syn::parse::{Parse, ParseStream};
use syn::{Item, LitStr, Token};

/// The parsed input.
pub struct MacroInput {
    /// The `spec = "..."` literal (its span is where load errors point).
    pub spec: LitStr,
    /// The `crate = "..."` literal: where the expansion finds the runtime crate, when the
    /// dependency was renamed or is re-exported. `None`: `::asyncapi_codegen_runtime`.
    pub runtime_crate: Option<LitStr>,
    /// The items after it; empty in generate mode.
    pub items: Vec<Item>,
}

impl Parse for MacroInput {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key: syn::Ident = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected `spec = \"path/to/asyncapi.yaml\"` at the start of `asyncapi!`",
            )
        })?;
        if key != "spec" {
            return Err(syn::Error::new(
                key.span(),
                format!("expected `spec`, found `{key}`; `asyncapi!` starts with `spec = \"path/to/asyncapi.yaml\"`"),
            ));
        }
        input.parse::<Token![=]>()?;
        let spec: LitStr = input.parse()?;
        let mut runtime_crate = None;
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            let key: syn::Ident = input.call(syn::ext::IdentExt::parse_any)?;
            if key != "crate" {
                return Err(syn::Error::new(
                    key.span(),
                    format!("expected `crate = \"path::to::runtime\"`, found `{key}`"),
                ));
            }
            input.parse::<Token![=]>()?;
            runtime_crate = Some(input.parse::<LitStr>()?);
        }
        let mut items = Vec::new();
        if !input.is_empty() {
            input.parse::<Token![;]>().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "expected `;` after the spec path, then the items to check",
                )
            })?;
            while !input.is_empty() {
                items.push(input.parse()?);
            }
        }
        Ok(MacroInput {
            spec,
            runtime_crate,
            items,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn both_forms_parse() {
        let g: MacroInput = syn::parse2(quote!(spec = "a.yaml")).unwrap();
        assert_eq!(g.spec.value(), "a.yaml");
        assert!(g.items.is_empty());
        let g: MacroInput = syn::parse2(quote!(spec = "a.yaml";)).unwrap();
        assert!(g.items.is_empty());
        let c: MacroInput =
            syn::parse2(quote!(spec = "a.yaml"; struct A { x: u8 } enum B { C })).unwrap();
        assert_eq!(c.items.len(), 2);
    }

    #[test]
    fn bad_input_is_an_error() {
        let e = syn::parse2::<MacroInput>(quote!(path = "a.yaml"))
            .err()
            .unwrap();
        assert!(e.to_string().contains("expected `spec`"));
        let g: MacroInput =
            syn::parse2(quote!(spec = "a.yaml", crate = "::rt"; struct A;)).unwrap();
        assert_eq!(g.runtime_crate.unwrap().value(), "::rt");
        assert_eq!(g.items.len(), 1);
        assert!(syn::parse2::<MacroInput>(quote!(spec = "a.yaml", krate = "::rt")).is_err());
        assert!(syn::parse2::<MacroInput>(quote!(spec = 3)).is_err());
        assert!(syn::parse2::<MacroInput>(quote!(spec = "a" struct A;)).is_err());
        assert!(syn::parse2::<MacroInput>(quote!()).is_err());
    }
}
