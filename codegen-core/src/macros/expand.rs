//! What `asyncapi!` expands to.
//!
//! Check mode: the items unchanged minus our `#[asyncapi]` attributes, an
//! `impl ::asyncapi_codegen_runtime::CheckedAgainst` per checked item, a const assertion per nested
//! type declared elsewhere, and the errors. Generate mode: the Rust emitter's items.
//! Both: `include_bytes!` of every file the model was read from (and `option_env!` of the
//! variables the path used), so rustc records them as dependencies and cargo rebuilds the
//! crate when one changes.

use super::cache;
use super::check::{self, schema_id};
use super::input::MacroInput;
use super::matching;
use super::spec_path::{self, relative, SpecPath};
use crate::diag::Error;
use crate::emit::rust::{
    generate, parse_runtime_path, rebase, validator_function_name, validator_functions, RustOptions,
};
use crate::model::{Model, TypeId};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use std::path::PathBuf;
use syn::{Item, LitStr};

/// Expands one `asyncapi!` invocation. Never panics on bad input: every problem becomes a
/// `compile_error!` on the closest token.
pub fn expand(input: TokenStream) -> TokenStream {
    expand_with(input, &|name| std::env::var(name).ok())
}

/// [`expand`] with the environment as a parameter (the unit tests set the manifest dir).
pub fn expand_with(input: TokenStream, env: &dyn Fn(&str) -> Option<String>) -> TokenStream {
    let input: MacroInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let spec = match spec_path::resolve(&input.spec.value(), env) {
        Ok(s) => s,
        Err(message) => return syn::Error::new(input.spec.span(), message).to_compile_error(),
    };
    let model = match cache::load(&spec.absolute, crate::load_model) {
        Ok(m) => m,
        Err(e) => return load_error(&input.spec, &spec, &e).to_compile_error(),
    };
    let runtime_crate = match &input.runtime_crate {
        Some(lit) => match parse_runtime_path(&lit.value()) {
            Ok(path) => Some(path),
            Err(message) => return syn::Error::new(lit.span(), message).to_compile_error(),
        },
        None => None,
    };
    let tracking = tracking(&model, &spec);
    if input.items.is_empty() {
        let options = RustOptions {
            schema_base: Some(spec.base.clone()),
            runtime_crate,
            ..RustOptions::default()
        };
        let items = generate(&model, &options);
        return quote! { #items #tracking };
    }
    let started = std::time::Instant::now();
    let count = input.items.len();
    let mut checked = check_mode(&model, &spec, input.items);
    if let Some(path) = &runtime_crate {
        checked = rebase(checked, path);
    }
    if cache::debug_enabled() {
        eprintln!(
            "asyncapi!: checked {count} items in {} ms",
            started.elapsed().as_millis()
        );
    }
    quote! { #checked #tracking }
}

/// The document could not be loaded: every diagnostic, rendered with its snippet, on the
/// spec path literal.
fn load_error(lit: &LitStr, spec: &SpecPath, error: &Error) -> syn::Error {
    let mut shown = error.clone();
    for d in &mut shown.diagnostics {
        d.location.file = PathBuf::from(relative(&d.location.file, &spec.base));
    }
    for source in &mut shown.sources {
        source.path = PathBuf::from(relative(&source.path, &spec.base));
    }
    let n = shown.errors().count();
    syn::Error::new(
        lit.span(),
        format!(
            "the AsyncAPI document `{}` has {n} error(s):\n{}",
            lit.value(),
            shown.render().trim_end()
        ),
    )
}

/// `include_bytes!` of every file read, `option_env!` of every variable the path used.
fn tracking(model: &Model, spec: &SpecPath) -> TokenStream {
    let mut files: Vec<PathBuf> = vec![spec.absolute.clone()];
    for f in &model.files {
        let f = if f.is_absolute() {
            f.clone()
        } else {
            spec.base.join(f)
        };
        if !files.contains(&f) {
            files.push(f);
        }
    }
    let files = files.iter().map(|f| f.to_string_lossy().into_owned());
    let vars = &spec.env_vars;
    quote! {
        #(const _: &[u8] = ::core::include_bytes!(#files);)*
        #(const _: ::core::option::Option<&str> = ::core::option_env!(#vars);)*
    }
}

fn check_mode(model: &Model, spec: &SpecPath, mut items: Vec<Item>) -> TokenStream {
    let outcome = check::check(model, &spec.base, &items);
    let mut impls = Vec::new();
    for (idx, schema) in &outcome.checked {
        let id = schema_id(model.types.get(*schema), &spec.base);
        let (ident, generics) = match &items[*idx] {
            Item::Struct(s) => (&s.ident, &s.generics),
            Item::Enum(e) => (&e.ident, &e.generics),
            _ => continue,
        };
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
        impls.push(quote! {
            impl #impl_generics ::asyncapi_codegen_runtime::CheckedAgainst for #ident #ty_generics #where_clause {
                const SCHEMA: &'static str = #id;
            }
        });
    }
    let assertions = outcome.requirements.iter().map(|r| {
        let ty = static_lifetimes(quote::ToTokens::to_token_stream(&r.ty));
        let id = schema_id(model.types.get(r.schema), &spec.base);
        let message = &r.message;
        // Spanned on the field's type, so the const-evaluation failure points at it.
        quote_spanned! {super::rust_types::type_span(&r.ty)=>
            const _: () = ::asyncapi_codegen_runtime::assert_checked::<#ty>(#id, #message);
        }
    });
    for item in &mut items {
        match item {
            Item::Struct(s) => matching::strip(&mut s.attrs),
            Item::Enum(e) => matching::strip(&mut e.attrs),
            _ => {}
        }
    }
    let validation = validation(model, &items, &outcome.checked);
    let errors = outcome.errors.iter().map(syn::Error::to_compile_error);
    quote! {
        #(#items)*
        #(#impls)*
        #validation
        #(#assertions)*
        #(#errors)*
    }
}

/// `validate_value` (and, for items that derive `Deserialize`, `from_json` and the
/// `Validate` trait) of every checked item without generics: the schema's whole draft-7
/// validation at run time, through validator functions in a hidden module of this block.
fn validation(model: &Model, items: &[Item], checked: &[(usize, TypeId)]) -> TokenStream {
    let mut roots = Vec::new();
    let mut impls = TokenStream::new();
    let mut module = None;
    for (idx, schema) in checked {
        let (ident, generics, attrs) = match &items[*idx] {
            Item::Struct(s) => (&s.ident, &s.generics, &s.attrs),
            Item::Enum(e) => (&e.ident, &e.generics, &e.attrs),
            _ => continue,
        };
        if !generics.params.is_empty() {
            continue;
        }
        let module = module
            .get_or_insert_with(|| quote::format_ident!("__asyncapi_validators_{}", ident))
            .clone();
        roots.push(*schema);
        let problems = if model.types.get(*schema).rules.accepts_everything() {
            quote!({
                let _ = value;
                ::std::vec::Vec::new()
            })
        } else {
            let name = validator_function_name(*schema);
            quote!(::asyncapi_codegen_runtime::validation::collect(value, #module::#name))
        };
        let deserialize = derives(attrs, "Deserialize");
        let from_json = if deserialize {
            quote! {
                /// Parses JSON bytes, validates them against the schema, then deserializes them.
                pub fn from_json(
                    bytes: &[u8],
                ) -> ::core::result::Result<Self, ::asyncapi_codegen_runtime::validation::DecodeError> {
                    ::asyncapi_codegen_runtime::validation::from_json_slow(bytes, Self::validate_value)
                }
            }
        } else {
            TokenStream::new()
        };
        impls.extend(quote! {
            impl #ident {
                /// Every problem of `value` against the schema this type was checked against
                /// (empty when it is valid), with the TypeScript validators' paths and messages.
                pub fn validate_value(
                    value: &::asyncapi_codegen_runtime::serde_json::Value,
                ) -> ::std::vec::Vec<::asyncapi_codegen_runtime::validation::Problem> {
                    #problems
                }
                #from_json
            }
        });
        if deserialize {
            impls.extend(quote! {
                impl ::asyncapi_codegen_runtime::validation::Validate for #ident {
                    fn validate_value(
                        value: &::asyncapi_codegen_runtime::serde_json::Value,
                    ) -> ::std::vec::Vec<::asyncapi_codegen_runtime::validation::Problem> {
                        Self::validate_value(value)
                    }
                }
            });
        }
    }
    let Some(module) = module else {
        return impls;
    };
    let functions = validator_functions(&model.types, &roots, &module);
    quote! {
        #impls
        #[doc(hidden)]
        #[allow(unused_variables, non_snake_case, clippy::all, clippy::pedantic, clippy::nursery)]
        mod #module {
            #functions
        }
    }
}

/// True when `attrs` hold a `#[derive(...)]` naming `name` (bare or as a path's last segment).
fn derives(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("derive")
            && a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|paths| {
                paths
                    .iter()
                    .any(|p| p.segments.last().is_some_and(|s| s.ident == name))
            })
    })
}

/// Replaces every lifetime by `'static`: the assertion sits in a free `const`, where the
/// struct's lifetime parameters are not in scope.
fn static_lifetimes(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut after_quote = false;
    for tt in tokens {
        let next = match tt {
            TokenTree::Group(g) => {
                let mut group =
                    proc_macro2::Group::new(g.delimiter(), static_lifetimes(g.stream()));
                group.set_span(g.span());
                TokenTree::Group(group)
            }
            TokenTree::Ident(i) if after_quote => {
                TokenTree::Ident(proc_macro2::Ident::new("static", i.span()))
            }
            other => other,
        };
        after_quote = matches!(&next, TokenTree::Punct(p) if p.as_char() == '\'');
        out.push(next);
    }
    out.into_iter().collect()
}

/// A `compile_error!` at the call site, for a panic caught by the macro crate.
pub fn internal_error(message: &str) -> TokenStream {
    syn::Error::new(
        Span::call_site(),
        format!("internal error in `asyncapi!`: {message}; please report it with the spec that caused it"),
    )
    .to_compile_error()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "asyncapi: 3.0.0
info:
  title: t
  version: '1'
channels:
  c:
    address: c
    messages:
      m:
        payload:
          $ref: '#/components/schemas/Thing'
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name:
          type: string
        size:
          type: integer
          minimum: 0
          maximum: 10
";

    /// Expands `input` with a spec written to a fresh directory used as the manifest dir.
    fn run(test: &str, input: TokenStream) -> String {
        let dir =
            std::env::temp_dir().join(format!("asyncapi-expand-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("spec.yaml"), SPEC).unwrap();
        let d = dir.to_string_lossy().into_owned();
        let env = move |k: &str| (k == spec_path::MANIFEST_DIR_OVERRIDE).then(|| d.clone());
        let out = expand_with(input, &env).to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        out
    }

    #[test]
    fn a_renamed_runtime_is_named_by_the_crate_option_in_both_modes() {
        let generated = run("crate-generate", quote!(spec = "spec.yaml", crate = "::rt"));
        assert!(!generated.contains("compile_error"), "{generated}");
        assert!(generated.contains(":: rt :: CheckedAgainst"), "{generated}");
        assert!(
            !generated.contains("asyncapi_codegen_runtime"),
            "{generated}"
        );
        let checked = run(
            "crate-check",
            quote! {
                spec = "spec.yaml", crate = "my_app::rt";
                #[asyncapi(message = "m")]
                pub struct Thing { pub name: String, pub size: Option<u8> }
            },
        );
        assert!(
            checked.contains("impl my_app :: rt :: CheckedAgainst for Thing"),
            "{checked}"
        );
        assert!(!checked.contains("asyncapi_codegen_runtime"), "{checked}");
        let bad = run(
            "crate-bad",
            quote!(spec = "spec.yaml", crate = "not a path"),
        );
        assert!(bad.contains("compile_error"), "{bad}");
        assert!(bad.contains("is not a path to a crate"), "{bad}");
    }

    #[test]
    fn a_fitting_struct_gets_the_trait_and_tracking() {
        let out = run(
            "fits",
            quote! {
                spec = "spec.yaml";
                #[asyncapi(message = "m")]
                pub struct Thing { pub name: String, pub size: Option<u8> }
            },
        );
        assert!(!out.contains("compile_error"), "{out}");
        assert!(out.contains("CheckedAgainst for Thing"), "{out}");
        assert!(
            out.contains("\"spec.yaml#/components/schemas/Thing\""),
            "{out}"
        );
        assert!(out.contains("include_bytes"), "{out}");
        assert!(
            !out.contains("asyncapi (message"),
            "our attribute is stripped: {out}"
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_spec_location() {
        let out = run(
            "errors",
            quote! {
                spec = "spec.yaml";
                pub struct Thing { pub size: Option<i128>, pub extra: bool, #[serde(flatten)] pub rest: X }
            },
        );
        assert!(out.contains("spec.yaml:19:11 (#/components/schemas/Thing/properties/name): required property `name` has no field"), "{out}");
        assert!(
            out.contains("field `extra` (JSON name `extra`) has no property"),
            "{out}"
        );
        assert!(
            out.contains("`#[serde(flatten)]` is not supported"),
            "{out}"
        );
        // i128 holds 0..=10: no error for `size`.
        assert!(!out.contains("field `size`"), "{out}");
        assert_eq!(out.matches("compile_error").count(), 3, "{out}");
    }

    #[test]
    fn nested_types_from_elsewhere_are_asserted_through_the_trait() {
        let spec_with_nested = quote! {
            spec = "spec.yaml";
            pub struct Thing { pub name: other::Name }
        };
        let out = run("nested", spec_with_nested);
        assert!(out.contains("assert_checked :: < other :: Name >"), "{out}");
        assert!(
            out.contains("#/components/schemas/Thing/properties/name"),
            "{out}"
        );
    }

    #[test]
    fn load_errors_land_on_the_path_literal() {
        let out = run("missing", quote! { spec = "nope.yaml"; pub struct A {} });
        assert!(out.contains("cannot read the spec `nope.yaml`"), "{out}");
    }

    #[test]
    fn lifetimes_become_static_in_assertions() {
        let t = static_lifetimes(quote!(Wrapper<'a, Inner<'b>>));
        assert_eq!(
            t.to_string(),
            quote!(Wrapper<'static, Inner<'static>>).to_string()
        );
    }
}
