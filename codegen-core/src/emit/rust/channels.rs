//! Channel helpers: one module per channel under `channels`.
//!
//! Each module holds the address template, a typed `Parameters` struct that renders
//! (`topic`) and parses (`parse`) concrete topics, a `Filter` whose unset parameters become
//! `+`, the channel's messages as one enum, and per operation its MQTT binding constants.
//! Parameter values are validated by `asyncapi_codegen_runtime::topic` with the same rules as the
//! TypeScript client: no empty value, no `/`, `+`, `#` or NUL, nothing outside an `enum`.

use super::docs::doc_attrs;
use super::names::{ident, pascal_case, snake_case, Scope};
use super::types::{dedup, standard_derives, string_enum, TypeEmitter};
use crate::emit::Perspective;
use crate::model::{Action, Channel, ChannelId, Model, Parameter, ParameterType};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Items every channel module declares itself; parameter enums must not take these names.
const CHANNEL_ITEMS: &[&str] = &["Parameters", "Filter", "Message"];

/// The non-empty parts, trimmed, separated by blank lines.
fn join_docs(parts: &[Option<&str>], last: &str) -> String {
    let mut out: Vec<&str> = parts
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    out.push(last);
    out.join("\n\n")
}

/// `pub mod channels { ... }` for every channel of `model`.
pub(super) fn channels(
    model: &Model,
    types: &TypeEmitter<'_>,
    perspective: Perspective,
) -> TokenStream {
    if model.channels.is_empty() {
        return TokenStream::new();
    }
    let mut scope = Scope::default();
    let mut modules = TokenStream::new();
    for (i, channel) in model.channels.iter().enumerate() {
        let module = ident(&scope.claim(&snake_case(&channel.id, "channel")));
        modules.extend(channel_module(
            model,
            ChannelId(i),
            channel,
            &module,
            types,
            perspective,
        ));
    }
    quote! {
        /// Channel helpers: address templates with typed parameters, messages and MQTT
        /// bindings, one module per channel of the AsyncAPI document.
        pub mod channels {
            #modules
        }
    }
}

fn channel_module(
    model: &Model,
    id: ChannelId,
    channel: &Channel,
    module: &Ident,
    types: &TypeEmitter<'_>,
    perspective: Perspective,
) -> TokenStream {
    let mut last = match &channel.address {
        Some(a) => format!("Address: `{}`.", a.raw.replace('`', "'")),
        None => "The address is decided at run time.".to_string(),
    };
    if let Some(note) = crate::emit::servers::channel_note(channel) {
        last.push(' ');
        last.push_str(&note);
    }
    let text = join_docs(
        &[
            channel.title.as_deref(),
            channel.summary.as_deref(),
            channel.description.as_deref(),
        ],
        &last,
    );
    let docs = doc_attrs(&text);
    let channel_id = &channel.id;
    let address_items = match &channel.address {
        Some(address) => address_items(&address.raw, channel),
        None => TokenStream::new(),
    };
    let messages = messages_enum(model, channel, types);
    let operations = operations(model, id, perspective);
    let mqtt = super::mqtt::channel_items(model, id, channel, types, perspective);
    quote! {
        #docs
        pub mod #module {
            /// The channel's id in the AsyncAPI document.
            pub const ID: &str = #channel_id;
            #address_items
            #messages
            #operations
            #mqtt
        }
    }
}

/// How one parameter is typed and converted.
struct ParamPlan<'p> {
    param: &'p Parameter,
    field: Ident,
    ty: TokenStream,
    /// The generated enum, for string parameters with an `enum`.
    enum_decl: Option<TokenStream>,
}

fn plan_parameters<'p>(channel: &'p Channel, names: &[&str]) -> Vec<ParamPlan<'p>> {
    let mut fields = Scope::default();
    let mut types = Scope::with_reserved(CHANNEL_ITEMS);
    let mut out = Vec::new();
    for name in names {
        let Some(param) = channel.parameters.iter().find(|p| p.name == *name) else {
            continue;
        };
        let field = ident(&fields.claim(&snake_case(&param.name, "parameter")));
        let enum_values = param
            .enum_values
            .as_ref()
            .filter(|v| !v.is_empty() && param.ty == ParameterType::String);
        let (ty, enum_decl) = match (param.ty, enum_values) {
            (ParameterType::String, Some(values)) => {
                let ename = ident(&types.claim(&pascal_case(&param.name, "Parameter")));
                let mut text = param.description.clone().unwrap_or_default();
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(&format!(
                    "Values of the `{}` parameter.",
                    param.name.replace('`', "'")
                ));
                let decl = string_enum(&ename, &doc_attrs(&text), &dedup(values));
                (quote!(#ename), Some(decl))
            }
            (ParameterType::String, None) => (quote!(::std::string::String), None),
            (ParameterType::Integer, _) => (quote!(i64), None),
            (ParameterType::Number, _) => (quote!(f64), None),
            (ParameterType::Boolean, _) => (quote!(bool), None),
        };
        out.push(ParamPlan {
            param,
            field,
            ty,
            enum_decl,
        });
    }
    out
}

/// `ADDRESS`, `Parameters` and `Filter` for a channel with an address.
fn address_items(raw: &str, channel: &Channel) -> TokenStream {
    let rt = quote!(::asyncapi_codegen_runtime::topic);
    let address = crate::model::Address::parse(raw);
    let names = address.parameter_names();
    let plans = plan_parameters(channel, &names);
    let enum_decls: TokenStream = plans.iter().filter_map(|p| p.enum_decl.clone()).collect();

    let mut fields = TokenStream::new();
    let mut filter_fields = TokenStream::new();
    let mut to_str = TokenStream::new();
    let mut filter_to_str = TokenStream::new();
    let mut pairs = TokenStream::new();
    let mut filter_pairs = TokenStream::new();
    let mut bindings = Vec::new();
    let mut from_values = TokenStream::new();
    let mut accept_arms = TokenStream::new();
    for (i, plan) in plans.iter().enumerate() {
        let ParamPlan {
            param,
            field,
            ty,
            enum_decl,
        } = plan;
        let name = &param.name;
        let local = quote::format_ident!("value_{}", i);
        let mut docs_text = param.description.clone().unwrap_or_default();
        if !param.examples.is_empty() {
            if !docs_text.is_empty() {
                docs_text.push_str("\n\n");
            }
            let examples: Vec<String> = param
                .examples
                .iter()
                .map(|e| format!("`{}`", e.replace('`', "'")))
                .collect();
            docs_text.push_str(&format!("Examples: {}.", examples.join(", ")));
        }
        if docs_text.is_empty() {
            docs_text = format!("The `{{{}}}` parameter.", super::types::code(name));
        }
        let docs = doc_attrs(&docs_text);
        fields.extend(quote!(#docs pub #field: #ty,));
        filter_fields.extend(quote!(#docs pub #field: ::core::option::Option<#ty>,));

        let non_string_enum = match (&param.enum_values, param.ty) {
            (Some(values), t) if t != ParameterType::String && !values.is_empty() => {
                let values = dedup(values);
                Some(quote!(&[#(#values),*]))
            }
            _ => None,
        };
        let owned = quote::format_ident!("owned_{}", i);
        let check = non_string_enum
            .as_ref()
            .map(|allowed| quote!(#rt::check_enum(#name, #local, #allowed)?;));
        if param.ty == ParameterType::String {
            to_str.extend(quote! { let #local: &str = self.#field.as_str(); #check });
        } else {
            to_str.extend(quote! {
                let #owned = ::std::string::ToString::to_string(&self.#field);
                let #local: &str = #owned.as_str();
                #check
            });
        }
        pairs.extend(quote!((#name, #local),));

        let check = non_string_enum
            .as_ref()
            .map(|allowed| quote!(if let ::core::option::Option::Some(v) = #local { #rt::check_enum(#name, v, #allowed)?; }));
        if enum_decl.is_some() {
            filter_to_str.extend(quote! {
                let #local: ::core::option::Option<&str> = self.#field.as_ref().map(|v| v.as_str());
            });
        } else if param.ty == ParameterType::String {
            filter_to_str.extend(quote! {
                let #local: ::core::option::Option<&str> = self.#field.as_deref();
            });
        } else {
            filter_to_str.extend(quote! {
                let #owned: ::core::option::Option<::std::string::String> =
                    self.#field.as_ref().map(::std::string::ToString::to_string);
                let #local: ::core::option::Option<&str> = #owned.as_deref();
                #check
            });
        }
        filter_pairs.extend(quote!((#name, #local),));

        bindings.push(local.clone());
        // Which values this parameter takes, so a level with several parameters splits
        // where every value fits.
        let index = proc_macro2::Literal::usize_unsuffixed(i);
        let parses = match param.ty {
            ParameterType::String => None,
            ParameterType::Integer => Some(quote!(#rt::parse_integer(#name, v).is_ok())),
            ParameterType::Number => Some(quote!(#rt::parse_number(#name, v).is_ok())),
            ParameterType::Boolean => Some(quote!(#rt::parse_boolean(#name, v).is_ok())),
        };
        let in_enum = match (&non_string_enum, enum_decl.is_some()) {
            (_, true) => Some(quote!(#ty::from_value(v).is_some())),
            (Some(allowed), false) => Some(quote!(#rt::check_enum(#name, v, #allowed).is_ok())),
            (None, false) => None,
        };
        match (parses, in_enum) {
            (Some(a), Some(b)) => accept_arms.extend(quote!(#index => #a && #b,)),
            (Some(a), None) | (None, Some(a)) => accept_arms.extend(quote!(#index => #a,)),
            (None, None) => {}
        }
        let convert = if enum_decl.is_some() {
            let values = dedup(param.enum_values.as_deref().unwrap_or_default());
            quote! {
                #ty::from_value(#local).ok_or_else(|| #rt::ParameterError::NotInEnum {
                    parameter: #name,
                    value: ::std::string::ToString::to_string(#local),
                    allowed: &[#(#values),*],
                })?
            }
        } else {
            let check = non_string_enum
                .as_ref()
                .map(|allowed| quote!(#rt::check_enum(#name, #local, #allowed)?;));
            let convert = match param.ty {
                ParameterType::String => quote!(::std::string::ToString::to_string(#local)),
                ParameterType::Integer => quote!(#rt::parse_integer(#name, #local)?),
                ParameterType::Number => quote!(#rt::parse_number(#name, #local)?),
                ParameterType::Boolean => quote!(#rt::parse_boolean(#name, #local)?),
            };
            match check {
                Some(check) => quote!({ #check #convert }),
                None => convert,
            }
        };
        from_values.extend(quote!(#field: #convert,));
    }
    let count = proc_macro2::Literal::usize_unsuffixed(plans.len());
    let extract = if accept_arms.is_empty() {
        quote!(#rt::extract::<#count>(ADDRESS, topic)?)
    } else {
        quote! {
            #rt::extract_where::<#count>(ADDRESS, topic, |i, v| match i {
                #accept_arms
                _ => true,
            })?
        }
    };
    let address_lit = raw;
    quote! {
        /// The address template; `{name}` stands for a parameter.
        pub const ADDRESS: &str = #address_lit;

        #enum_decls

        /// The parameters of the address, each filling one `{name}`.
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        pub struct Parameters { #fields }

        impl Parameters {
            /// The concrete topic, after checking every value (not empty, no `/`, `+`, `#`
            /// or NUL, inside a declared `enum`).
            pub fn topic(&self) -> ::core::result::Result<::std::string::String, #rt::ParameterError> {
                #to_str
                #rt::fill(ADDRESS, &[#pairs])
            }

            /// The parameters of `topic`, matched level by level against [`ADDRESS`];
            /// fails for a topic of another channel.
            pub fn parse(topic: &str) -> ::core::result::Result<Self, #rt::TopicError> {
                let [#(#bindings),*] = #extract;
                ::core::result::Result::Ok(Self { #from_values })
            }
        }

        /// A subscription filter: a parameter left `None` matches any value (`+`).
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::default::Default)]
        pub struct Filter { #filter_fields }

        impl Filter {
            /// The MQTT topic filter, after checking every value that is set.
            pub fn filter(&self) -> ::core::result::Result<::std::string::String, #rt::ParameterError> {
                #filter_to_str
                #rt::filter(ADDRESS, &[#filter_pairs])
            }
        }
    }
}

/// `enum Message` with a variant per message of the channel (payload types, untagged).
fn messages_enum(model: &Model, channel: &Channel, types: &TypeEmitter<'_>) -> TokenStream {
    if channel.messages.is_empty() {
        return TokenStream::new();
    }
    let mut scope = Scope::default();
    let mut variants = TokenStream::new();
    let mut names = Vec::new();
    for &m in &channel.messages {
        let Some(message) = model.messages.get(m.0) else {
            continue;
        };
        let variant = ident(&scope.claim(&pascal_case(&message.type_name, "Message")));
        let ty = match message.payload {
            Some(t) => types.type_ref(t, 2, None),
            None => quote!(::asyncapi_codegen_runtime::serde_json::Value),
        };
        let text = join_docs(
            &[message.title.as_deref(), message.summary.as_deref()],
            &format!("Message `{}`.", message.name.replace('`', "'")),
        );
        let docs = doc_attrs(&text);
        variants.extend(quote!(#docs #variant(#ty),));
        names.push(message.name.clone());
    }
    let derives = standard_derives();
    quote! {
        /// The names of the channel's messages, in document order.
        pub const MESSAGES: &[&str] = &[#(#names),*];

        /// A payload of any message of this channel. Deserialising tries the messages in
        /// document order and takes the first whose payload matches.
        #derives
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum Message { #variants }
    }
}

/// `pub mod operations { pub mod <op> { ID, ACTION, QOS, RETAIN, … } }` for the channel.
fn operations(model: &Model, channel: ChannelId, perspective: Perspective) -> TokenStream {
    let mut scope = Scope::default();
    let mut modules = TokenStream::new();
    for op in model.operations_on(channel) {
        let module = ident(&scope.claim(&snake_case(&op.id, "operation")));
        let action = match perspective {
            Perspective::Application => op.action,
            Perspective::Client => op.action.reversed(),
        };
        let action_str = action.as_str();
        let binding = op.mqtt.clone().unwrap_or_default();
        let qos = proc_macro2::Literal::u8_unsuffixed(binding.qos.unwrap_or(0));
        let retain = binding.retain.unwrap_or(false);
        let expiry = match binding.message_expiry_interval {
            Some(v) => {
                let v = proc_macro2::Literal::u64_unsuffixed(v);
                quote!(::core::option::Option::Some(#v))
            }
            None => quote!(::core::option::Option::None),
        };
        let op_id = &op.id;
        let verb = match action {
            Action::Send => "publishes to",
            Action::Receive => "subscribes to",
        };
        let text = join_docs(
            &[
                op.title.as_deref(),
                op.summary.as_deref(),
                op.description.as_deref(),
            ],
            &format!(
                "Operation `{}`: the application {verb} this channel.",
                op_id.replace('`', "'")
            ),
        );
        let docs = doc_attrs(&text);
        let messages: Vec<String> = op
            .messages
            .iter()
            .filter_map(|m| model.messages.get(m.0))
            .map(|m| m.name.clone())
            .collect();
        modules.extend(quote! {
            #docs
            pub mod #module {
                /// The operation's id in the AsyncAPI document.
                pub const ID: &str = #op_id;
                /// `"send"` (publish) or `"receive"` (subscribe), from the generated code's side.
                pub const ACTION: &str = #action_str;
                /// MQTT QoS from the operation's binding (0 when none is given).
                pub const QOS: u8 = #qos;
                /// MQTT retain flag from the operation's binding (false when none is given).
                pub const RETAIN: bool = #retain;
                /// MQTT 5 message expiry interval in seconds, from the binding.
                pub const MESSAGE_EXPIRY_INTERVAL: ::core::option::Option<u64> = #expiry;
                /// The names of the messages this operation carries.
                pub const MESSAGES: &[&str] = &[#(#messages),*];
            }
        });
    }
    if modules.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// The operations on this channel with their MQTT bindings.
        pub mod operations { #modules }
    }
}
