//! TypeScript MQTT client emitter: a pure function from the [`Model`] to files.
//!
//! # Layout
//! - `payloads/<Type>.ts`: one file per message payload type. An object payload is a class
//!   (constructor from its exported `<Type>Init` interface, `marshal()`,
//!   `static unmarshal(data)`, `static validate(value)`); any other payload is
//!   `export type X = ...` plus a same-name `const X = { validate, marshal, unmarshal }`
//!   (string enums also get `values`). Nested declared types (objects as interfaces, enums,
//!   unions) that only this payload reaches live in its file and are validated through it; a
//!   nested string enum also gets a same-name `const X = { values }`.
//! - `schemas/<Type>.ts`: a declared type that more than one payload or headers file reaches,
//!   written as it would be nested, so that no file holds a type belonging to another
//!   message. The directory exists only when some type is shared.
//! - `headers/<Type>.ts`: the same for object headers schemas, plus `toUserProperties()` and
//!   `fromUserProperties(properties)` (see the private `headers` module for the encoding).
//! - `parameters/<Channel>Parameters.ts`: see the private `parameters` module.
//! - `channels/index.ts`: the functions and `Protocols`; see the private `channels` module.
//! - `runtime/*.ts`: routing, publishing, topic levels and validation helpers, the same for
//!   every spec: the files of `codegen-core/runtime/typescript/`, copied as they are. The
//!   only package the output refers to is `mqtt`, and only with `import type`.
//! - `index.ts` and an `index.ts` barrel per directory.
//!
//! # Function names
//! `publishTo<M>` and `subscribeTo<M>`, where `<M>` is the message's
//! [`Message::type_name`](crate::model::Message::type_name), which the normaliser already
//! makes unique among messages (the same message on two channels is two messages). Should
//! two functions still come out with one name, the later one (channel order, then message
//! order, publish before subscribe) gets the smallest free number appended: `publishToX2`.
//! Parameters classes are named `<Channel>Parameters` after the channel id, numbered the same
//! way when that would clash with a type name.
//!
//! # int64 policy
//! Integers are typed `number`. Every integer schema, `format: int64` or not, is validated
//! with `Number.isSafeInteger`: `JSON.parse` has already rounded any value beyond 2^53 - 1,
//! so such values are rejected with a problem rather than silently accepted as a different
//! number. Integer channel parameters follow the same rule.
//!
//! # Output rules
//! Sorted by path, `\n` line endings, no timestamps or absolute paths; every file starts with
//! a line carrying [`GENERATED_MARKER`] and the spec's file name.
//! The code is printed the way prettier prints it under the repository's `.prettierrc.json`
//! (single quotes, `printWidth` 100: the writer breaks wider lines as prettier would, see the
//! private `pretty` module), and compiles under `strict`, `noUncheckedIndexedAccess`,
//! `exactOptionalPropertyTypes`, `noUnusedLocals`, `noUnusedParameters`,
//! `verbatimModuleSyntax`, `isolatedModules` and `erasableSyntaxOnly`.

mod channels;
mod code_point_ranges;
mod es5_identifier;
mod headers;
mod imports;
mod jsdoc;
mod layout;
pub(crate) mod literal;
mod parameters;
mod payload;
mod pretty;
mod requests;
mod runtime;
mod servers;
mod types;
mod validate;
mod writer;

use super::{GeneratedFile, Perspective, GENERATED_MARKER};
use crate::diag::Error;
use crate::model::Model;
use crate::model::{Address, Channel};
use layout::{Layout, TypeDir};

/// The generated class of a channel's parameters.
#[derive(Debug, Clone)]
pub(crate) struct ParametersClass {
    /// `<Channel>Parameters`.
    pub name: String,
    /// Its constructor's input, `<Channel>ParametersInit`.
    pub init: String,
}

/// One `parameters/<Class>.ts` file to render.
struct ParametersFile<'m> {
    channel: &'m Channel,
    address: &'m Address,
    class: ParametersClass,
}

/// Options of the TypeScript emitter.
#[derive(Debug, Clone, Default)]
pub struct TypeScriptOptions {
    /// Whose point of view.
    pub perspective: Perspective,
    /// Generate publish and subscribe for every channel, whatever the operations say.
    pub both_directions: bool,
}

/// Below this many files per thread, rendering on another core costs more than it saves.
const FILES_PER_THREAD: usize = 16;

/// Below this many functions, `channels/index.ts` is rendered on the calling thread.
const FUNCTIONS_FOR_A_THREAD: usize = 64;

/// Generates every file of the client, sorted by path.
pub fn generate(model: &Model, options: &TypeScriptOptions) -> Result<Vec<GeneratedFile>, Error> {
    generate_each(model, options, &|_| {})
}

/// [`generate`], handing each file to `each` as soon as it is rendered, in no particular
/// order and from any thread, so that a caller can write files while others are still being
/// rendered. The returned files are the same, sorted by path.
pub fn generate_each(
    model: &Model,
    options: &TypeScriptOptions,
    each: &(dyn Fn(&GeneratedFile) + Sync),
) -> Result<Vec<GeneratedFile>, Error> {
    let rendered = |file: GeneratedFile| {
        each(&file);
        file
    };
    let prefix = marker_prefix(model);
    let mut layout = Layout::new(model);
    // Runtime names the root barrel must not re-export because a generated name shadows them.
    let mut shadowed = [false; runtime::EXPORTS.len()];
    let mut shadow = |name: &str, validator: bool| {
        for (i, e) in runtime::EXPORTS.iter().enumerate() {
            let hit = if validator {
                e.1.strip_prefix("validate") == Some(name)
            } else {
                e.1 == name
            };
            shadowed[i] |= hit;
        }
    };

    let mut barrels = Barrels::default();
    for file in &layout.files {
        for &member in &file.members {
            let name = &model.types.get(member).name;
            shadow(name, false);
            if layout.decl(member).is_some_and(|d| d.exported_validator) {
                shadow(name, true);
            }
        }
    }

    // Parameters classes, named after their channel, clear of every type name.
    let mut names = crate::model::names::NameTable::new();
    for (_, def) in model.types.iter() {
        // Class names all end in `Parameters` and maybe a number (in any letter case, as the
        // table compares): no other type name can clash, so only these are reserved.
        if could_be_parameters_class(&def.name) {
            names.reserve(&def.name);
        }
    }
    names.reserve("Protocols");
    // TypeScript's utility type: a class of that name would shadow it where it is imported.
    names.reserve("ConstructorParameters");
    let mut function_names = crate::model::names::NameTable::new();
    let mut functions = channels::plan_functions(model, options, &mut function_names);
    let mut exchanges = requests::plan_exchanges(model, options, &mut function_names);
    let mut used = vec![false; model.channels.len()];
    for f in &functions {
        used[f.channel_index] = true;
    }
    for x in &exchanges {
        used[x.channel_index] = true;
    }
    // Parameters classes first, then every class's constructor input (`<Class>Init`), clear
    // of every type, class and function name.
    let mut parameter_names: Vec<(usize, String)> = Vec::new();
    for (ci, channel) in model.channels.iter().enumerate() {
        let Some(address) = &channel.address else {
            continue;
        };
        if !used[ci] || address.parameter_names().is_empty() {
            continue;
        }
        let base = format!("{}Parameters", crate::model::names::type_name(&channel.id));
        let class = names.unique(&base);
        shadow(&class, false);
        parameter_names.push((ci, class));
    }
    let mut init_names = crate::model::names::NameTable::new();
    for (_, def) in model.types.iter() {
        init_names.reserve(&def.name);
    }
    for (_, class) in &parameter_names {
        init_names.reserve(class);
    }
    for name in functions
        .iter()
        .map(|f| &f.name)
        .chain(exchanges.iter().map(|x| &x.name))
    {
        init_names.reserve(name);
    }
    for name in ["Protocols", servers::SERVERS, servers::ERROR] {
        init_names.reserve(name);
    }
    layout.name_inits(&mut init_names);
    for file in &layout.files {
        for &member in &file.members {
            if let Some(init) = layout.init_of(member) {
                shadow(init, false);
            }
        }
    }
    let mut parameter_classes: Vec<Option<ParametersClass>> = vec![None; model.channels.len()];
    let mut parameter_files: Vec<ParametersFile<'_>> = Vec::with_capacity(parameter_names.len());
    for (ci, name) in parameter_names {
        let init = init_names.unique_owned(format!("{name}Init"));
        shadow(&init, false);
        let class = ParametersClass { name, init };
        parameter_classes[ci] = Some(class.clone());
        let channel = &model.channels[ci];
        if let Some(address) = &channel.address {
            parameter_files.push(ParametersFile {
                channel,
                address,
                class,
            });
        }
    }
    for file in &layout.files {
        let barrel = match file.kind {
            TypeDir::Headers => &mut barrels.headers,
            TypeDir::Payloads => &mut barrels.payloads,
            TypeDir::Schemas => &mut barrels.schemas,
        };
        barrel.push(&file.stem);
    }
    for file in &parameter_files {
        barrels.parameters.push(&file.class.name);
    }
    for f in &mut functions {
        f.parameters_class = parameter_classes[f.channel_index].clone();
    }
    for x in &mut exchanges {
        x.parameters_class = parameter_classes[x.channel_index].clone();
    }
    for f in &functions {
        shadow(&f.name, false);
    }
    for x in &exchanges {
        shadow(&x.name, false);
    }
    shadow("Protocols", false);

    let mut files: Vec<GeneratedFile> =
        Vec::with_capacity(layout.files.len() + parameter_files.len() + 16);
    let render_types = || {
        crate::parallel::map(&layout.files, FILES_PER_THREAD, |file| {
            rendered(GeneratedFile {
                path: format!("{}.ts", file.module),
                contents: payload::file(&layout, file, &prefix),
            })
        })
    };
    let render_parameters = || {
        crate::parallel::map(&parameter_files, FILES_PER_THREAD, |file| {
            rendered(GeneratedFile {
                path: format!("parameters/{}.ts", file.class.name),
                contents: parameters::file(file.channel, file.address, &file.class, &prefix),
            })
        })
    };
    let render_channels = || {
        rendered(GeneratedFile {
            path: "channels/index.ts".to_string(),
            contents: channels::file(&layout, &functions, &exchanges, &prefix),
        })
    };
    if functions.len() + exchanges.len() < FUNCTIONS_FOR_A_THREAD {
        files.extend(render_types());
        files.extend(render_parameters());
        files.push(render_channels());
    } else {
        // `channels/index.ts` is one big file: render it on its own thread while the type
        // and parameters files are spread over the cores.
        std::thread::scope(|scope| {
            let channels = scope.spawn(render_channels);
            files.extend(render_types());
            files.extend(render_parameters());
            match channels.join() {
                Ok(file) => files.push(file),
                // A panic while rendering is a bug: surface it as the panic it was.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        });
    }

    let has_schemas = !barrels.schemas.is_empty();
    for (dir, mut stems) in barrels.into_dirs() {
        stems.sort_unstable();
        let mut text = String::with_capacity(prefix.len() + 16 + stems.len() * 40);
        text.push_str(&prefix);
        if stems.is_empty() {
            text.push_str("export {};\n");
        }
        for stem in stems.iter() {
            text.push_str("export * from ");
            let mut module = String::with_capacity(stem.len() + 5);
            module.push_str("./");
            module.push_str(stem);
            module.push_str(".js");
            literal::push_string(&mut text, &module);
            text.push_str(";\n");
        }
        files.push(rendered(GeneratedFile {
            path: format!("{dir}/index.ts"),
            contents: text,
        }));
    }
    // `servers/index.ts`, when the document has MQTT servers; the root barrel re-exports
    // its names that no other generated or runtime name takes.
    let mut server_exports: Vec<&str> = Vec::new();
    if let Some(contents) = servers::file(model, &prefix) {
        files.push(rendered(GeneratedFile {
            path: "servers/index.ts".to_string(),
            contents,
        }));
        let taken = |name: &str| {
            name == "Protocols"
                || runtime::EXPORTS.iter().any(|e| e.1 == name)
                || model.types.iter().any(|(_, def)| def.name == name)
                || functions.iter().any(|f| f.name == name)
                || parameter_files.iter().any(|file| file.class.name == name)
        };
        server_exports = [servers::SERVERS, servers::ERROR]
            .into_iter()
            .filter(|name| !taken(name))
            .collect();
    }
    files.push(rendered(GeneratedFile {
        path: "index.ts".to_string(),
        contents: root_barrel(&prefix, has_schemas, &shadowed, &server_exports),
    }));
    for (path, text) in runtime::FILES {
        let mut contents = String::with_capacity(prefix.len() + text.len());
        contents.push_str(&prefix);
        contents.push_str(text);
        files.push(rendered(GeneratedFile {
            path: (*path).to_string(),
            contents,
        }));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The file stems (or class names) each directory's `index.ts` re-exports.
#[derive(Default)]
struct Barrels<'a> {
    headers: Vec<&'a str>,
    parameters: Vec<&'a str>,
    payloads: Vec<&'a str>,
    /// Shared schemas; the directory exists only when there are some.
    schemas: Vec<&'a str>,
}

impl<'a> Barrels<'a> {
    /// `(directory, stems)` of every barrel to write, in directory order.
    fn into_dirs(self) -> Vec<(&'static str, Vec<&'a str>)> {
        let mut dirs = vec![
            ("headers", self.headers),
            ("parameters", self.parameters),
            ("payloads", self.payloads),
        ];
        if !self.schemas.is_empty() {
            dirs.push(("schemas", self.schemas));
        }
        dirs
    }
}

/// True when `name` has the shape of a parameters class name: `…Parameters`, maybe followed by
/// digits, in any ASCII letter case.
fn could_be_parameters_class(name: &str) -> bool {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let suffix = "parameters";
    stem.len() >= suffix.len()
        && stem.is_char_boundary(stem.len() - suffix.len())
        && stem[stem.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// `index.ts`: every directory's barrel, the `servers` names no other name takes (the
/// servers' own types stay in `servers/index.js`, where no payload type can clash with
/// them), then the runtime names no generated name shadows (`shadowed` is by index into
/// [`runtime::EXPORTS`]).
fn root_barrel(prefix: &str, has_schemas: bool, shadowed: &[bool], servers: &[&str]) -> String {
    let mut text = String::from(prefix);
    for dir in ["channels", "headers", "parameters", "payloads", "schemas"] {
        if dir != "schemas" || has_schemas {
            text.push_str(&format!("export * from './{dir}/index.js';\n"));
        }
    }
    if !servers.is_empty() {
        push_statement(
            &mut text,
            format!(
                "export {{ {} }} from './servers/index.js';",
                servers.join(", ")
            ),
        );
    }
    let mut modules: Vec<&str> = runtime::EXPORTS.iter().map(|e| e.0).collect();
    modules.dedup();
    for value in [true, false] {
        for module in &modules {
            let names: Vec<&str> = runtime::EXPORTS
                .iter()
                .zip(shadowed)
                .filter(|(e, shadowed)| e.0 == *module && e.2 == value && !**shadowed)
                .map(|(e, _)| e.1)
                .collect();
            if names.is_empty() {
                continue;
            }
            let kw = if value { "export" } else { "export type" };
            push_statement(
                &mut text,
                format!("{kw} {{ {} }} from './{module}.js';", names.join(", ")),
            );
        }
    }
    text
}

/// Appends a top-level statement and its newline, broken the way prettier breaks it when it
/// is too wide.
fn push_statement(text: &mut String, statement: String) {
    text.push_str(&pretty::layout(0, &statement).unwrap_or(statement));
    text.push('\n');
}

/// The start of every file: a line with the marker and the spec's file name (never its
/// directory), then a blank line.
fn marker_prefix(model: &Model) -> String {
    let name = model
        .files
        .first()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "an AsyncAPI document".to_string());
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("// {GENERATED_MARKER} from {name}. Do not edit.\n\n")
}

#[cfg(test)]
mod tests {
    use super::could_be_parameters_class;

    #[test]
    fn only_names_shaped_like_parameters_classes_are_reserved() {
        assert!(could_be_parameters_class("RoomParameters"));
        assert!(could_be_parameters_class("roomPARAMETERS12"));
        assert!(could_be_parameters_class("Parameters"));
        assert!(!could_be_parameters_class("ParametersRoom"));
        assert!(!could_be_parameters_class("Parameter2"));
        assert!(!could_be_parameters_class("Room"));
        assert!(!could_be_parameters_class("é"));
    }
}
