//! TypeScript MQTT client emitter: a pure function from the [`Model`] to files.
//!
//! # Layout
//! - `payloads/<Type>.ts`: one file per message payload type. An object payload is a class
//!   (constructor from a plain object, `marshal()`, `static unmarshal(data)`,
//!   `static validate(value)`); any other payload is `export type X = ...` plus a same-name
//!   `const X = { validate, marshal, unmarshal }` (string enums also get `values`). Nested
//!   declared types (objects as interfaces, enums, unions) live in the file of the first
//!   payload that reaches them and are validated through it; a nested string enum also gets
//!   a same-name `const X = { values }`.
//! - `headers/<Type>.ts`: the same for object headers schemas, plus `toUserProperties()` and
//!   `fromUserProperties(properties)` (see the private `headers` module for the encoding).
//! - `parameters/<Channel>Parameters.ts`: see the private `parameters` module.
//! - `channels/index.ts`: the functions and `Protocols`; see the private `channels` module.
//! - `runtime/*.ts`: routing, publishing, topic levels and validation helpers, the same for
//!   every spec. The only package the output refers to is `mqtt`, and only with `import type`.
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
//! (single quotes, wide lines), and compiles under `strict`, `noUncheckedIndexedAccess`,
//! `exactOptionalPropertyTypes`, `noUnusedLocals`, `noUnusedParameters`,
//! `verbatimModuleSyntax`, `isolatedModules` and `erasableSyntaxOnly`.

mod channels;
mod headers;
mod imports;
mod jsdoc;
mod literal;
mod parameters;
mod payload;
mod plan;
mod runtime;
mod types;
mod validate;
mod writer;

use std::collections::BTreeSet;

use super::{GeneratedFile, Perspective, GENERATED_MARKER};
use crate::diag::Error;
use crate::model::Model;
use plan::Plan;

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

/// Generates every file of the client, sorted by path.
pub fn generate(model: &Model, options: &TypeScriptOptions) -> Result<Vec<GeneratedFile>, Error> {
    let header = marker_line(model);
    let plan = Plan::new(model);
    let mut files: Vec<GeneratedFile> = Vec::with_capacity(plan.files.len() * 2 + 16);
    let mut exported: BTreeSet<String> = BTreeSet::new();

    let mut barrels: [(&str, Vec<String>); 3] = [
        ("headers", Vec::new()),
        ("parameters", Vec::new()),
        ("payloads", Vec::new()),
    ];
    // The type files are independent of each other and most of the work: render them on
    // every core.
    files.extend(crate::parallel::map(
        &plan.files,
        FILES_PER_THREAD,
        |file| {
            with_marker(
                &header,
                format!("{}/{}.ts", file.dir, file.stem),
                payload::file(&plan, file),
            )
        },
    ));
    for file in &plan.files {
        for &member in &file.members {
            let name = &model.types.get(member).name;
            exported.insert(name.clone());
            if plan.decl(member).is_some_and(|d| d.exported_validator) {
                exported.insert(validate::validator_name(name));
            }
        }
        let barrel = if file.headers { 0 } else { 2 };
        barrels[barrel].1.push(file.stem.clone());
    }

    // Parameters classes, named after their channel, clear of every type name.
    let mut names = crate::spec::names::NameTable::new();
    for (_, def) in model.types.iter() {
        names.reserve(&def.name);
    }
    names.reserve("Protocols");
    let mut functions = channels::plan_functions(model, options);
    let mut used = vec![false; model.channels.len()];
    for f in &functions {
        used[f.channel_index] = true;
    }
    let mut parameter_classes: Vec<Option<String>> = vec![None; model.channels.len()];
    let mut parameter_files = Vec::new();
    for (ci, channel) in model.channels.iter().enumerate() {
        let Some(address) = &channel.address else {
            continue;
        };
        if !used[ci] || address.parameter_names().is_empty() {
            continue;
        }
        let base = format!("{}Parameters", crate::spec::names::type_name(&channel.id));
        let class = names.unique(&base);
        parameter_files.push((channel, address, class.clone()));
        exported.insert(class.clone());
        barrels[1].1.push(class.clone());
        parameter_classes[ci] = Some(class);
    }
    files.extend(crate::parallel::map(
        &parameter_files,
        FILES_PER_THREAD,
        |(channel, address, class)| {
            with_marker(
                &header,
                format!("parameters/{class}.ts"),
                parameters::file(channel, address, class),
            )
        },
    ));
    for f in &mut functions {
        f.parameters_class = parameter_classes[f.channel_index].clone();
    }
    for f in &functions {
        exported.insert(f.name.clone());
    }
    exported.insert("Protocols".to_string());
    files.push(with_marker(
        &header,
        "channels/index.ts".to_string(),
        channels::file(&plan, &functions),
    ));

    for (dir, stems) in &mut barrels {
        stems.sort();
        let mut text = String::with_capacity(64 + stems.len() * 40);
        if stems.is_empty() {
            text.push_str("export {};\n");
        }
        for stem in stems.iter() {
            text.push_str("export * from ");
            text.push_str(&literal::string(&format!("./{stem}.js")));
            text.push_str(";\n");
        }
        files.push(with_marker(&header, format!("{dir}/index.ts"), text));
    }
    files.push(with_marker(
        &header,
        "index.ts".to_string(),
        root_barrel(&exported),
    ));
    for (path, text) in runtime::FILES {
        files.push(with_marker(
            &header,
            (*path).to_string(),
            (*text).to_string(),
        ));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn root_barrel(exported: &BTreeSet<String>) -> String {
    let mut text = String::new();
    for dir in ["channels", "headers", "parameters", "payloads"] {
        text.push_str(&format!("export * from './{dir}/index.js';\n"));
    }
    let mut modules: Vec<&str> = runtime::EXPORTS.iter().map(|e| e.0).collect();
    modules.dedup();
    for value in [true, false] {
        for module in &modules {
            let names: Vec<&str> = runtime::EXPORTS
                .iter()
                .filter(|e| e.0 == *module && e.2 == value && !exported.contains(e.1))
                .map(|e| e.1)
                .collect();
            if names.is_empty() {
                continue;
            }
            let kw = if value { "export" } else { "export type" };
            text.push_str(&format!(
                "{kw} {{ {} }} from './{module}.js';\n",
                names.join(", ")
            ));
        }
    }
    text
}

/// The first line of every file: the marker and the spec's file name (never its directory).
fn marker_line(model: &Model) -> String {
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
    format!("// {GENERATED_MARKER} from {name}. Do not edit.\n")
}

fn with_marker(header: &str, path: String, body: String) -> GeneratedFile {
    let mut contents = String::with_capacity(header.len() + body.len() + 1);
    contents.push_str(header);
    contents.push('\n');
    contents.push_str(&body);
    GeneratedFile { path, contents }
}
