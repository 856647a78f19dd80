//! Per-file bookkeeping: what a generated file imports (recorded when used, so nothing is
//! ever imported without being used) and the module-level constants it needs.

use std::collections::BTreeMap;

use super::writer::Code;

/// The runtime modules, imported as namespaces so their names can never clash with type
/// names from the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Runtime {
    /// `runtime/validation.ts` as `validation`.
    Validation,
    /// `runtime/topic.ts` as `topics`.
    Topic,
    /// `runtime/mqtt.ts` as `runtime`.
    Mqtt,
    /// `runtime/request.ts` as `requests`.
    Request,
}

impl Runtime {
    pub(crate) fn alias(self) -> &'static str {
        match self {
            Runtime::Validation => "validation",
            Runtime::Topic => "topics",
            Runtime::Mqtt => "runtime",
            Runtime::Request => "requests",
        }
    }

    fn module(self) -> &'static str {
        match self {
            Runtime::Validation => "runtime/validation",
            Runtime::Topic => "runtime/topic",
            Runtime::Mqtt => "runtime/mqtt",
            Runtime::Request => "runtime/request",
        }
    }
}

/// Imports and module constants of one file.
#[derive(Debug)]
pub(crate) struct FileCtx {
    /// The file's directory (`payloads`, `channels`, ...).
    dir: &'static str,
    /// module (`payloads/X`) → name → used as a value.
    named: BTreeMap<String, BTreeMap<String, bool>>,
    runtime: [bool; 4],
    mqtt_types: Vec<&'static str>,
    /// Module-level constants (patterns, property sets).
    pub consts: Code,
    counter: usize,
    /// A reusable buffer for names looked up in `named`.
    scratch: String,
}

impl FileCtx {
    pub(crate) fn new(dir: &'static str) -> Self {
        FileCtx {
            dir,
            named: BTreeMap::new(),
            runtime: [false; 4],
            mqtt_types: Vec::new(),
            consts: Code::with_capacity(256),
            counter: 0,
            scratch: String::new(),
        }
    }

    /// Uses runtime module `r`; returns its namespace alias.
    pub(crate) fn rt(&mut self, r: Runtime) -> &'static str {
        self.runtime[r as usize] = true;
        r.alias()
    }

    /// Uses `name` from the generated module `module` (`payloads/X`), as a type only or as a value.
    pub(crate) fn import(&mut self, module: &str, name: &str, value: bool) {
        // Most uses repeat an import already recorded: look up before allocating keys.
        let names = match self.named.get_mut(module) {
            Some(names) => names,
            None => self.named.entry(module.to_string()).or_default(),
        };
        match names.get_mut(name) {
            Some(entry) => *entry |= value,
            None => {
                names.insert(name.to_string(), value);
            }
        }
    }

    /// Uses the validator function of type `type_name` from `module`, as a value.
    pub(crate) fn import_validator(&mut self, module: &str, type_name: &str) {
        let mut name = std::mem::take(&mut self.scratch);
        name.clear();
        super::validate::push_validator_name(&mut name, type_name);
        self.import(module, &name, true);
        self.scratch = name;
    }

    /// Uses a type from the `mqtt` package.
    pub(crate) fn mqtt_type(&mut self, name: &'static str) {
        if !self.mqtt_types.contains(&name) {
            self.mqtt_types.push(name);
        }
    }

    /// A fresh module-level constant name with the given prefix.
    pub(crate) fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    /// The finished file: `prefix` (the marker line), the imports, the module constants, then
    /// `body`, with one blank line between the parts. The body is copied once, into a buffer
    /// sized for the whole file.
    pub(crate) fn finish_file(mut self, prefix: &str, own_module: &str, body: Code) -> String {
        let consts = std::mem::take(&mut self.consts).finish();
        let body = body.finish();
        let imports = 128 + self.named.len() * 96;
        let mut code = Code::with_prefix(prefix, imports + consts.len() + body.len());
        self.write_imports(&mut code, own_module);
        if !consts.trim().is_empty() {
            code.blank();
            code.raw(&consts);
        }
        code.blank();
        code.raw(&body);
        code.finish()
    }

    /// Writes the import block.
    pub(crate) fn write_imports(&self, code: &mut Code, own_module: &str) {
        if !self.mqtt_types.is_empty() {
            let mut names = self.mqtt_types.clone();
            names.sort_unstable();
            code.line(&format!(
                "import type {{ {} }} from 'mqtt';",
                names.join(", ")
            ));
        }
        for (module, names) in &self.named {
            if module == own_module {
                continue;
            }
            let all_types = names.values().all(|v| !v);
            code.line_with(|s| {
                s.push_str(if all_types {
                    "import type { "
                } else {
                    "import { "
                });
                for (i, (n, &v)) in names.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    if !v && !all_types {
                        s.push_str("type ");
                    }
                    s.push_str(n);
                }
                s.push_str(" } from ");
                push_relative(s, self.dir, module);
                s.push(';');
            });
        }
        for r in [
            Runtime::Mqtt,
            Runtime::Request,
            Runtime::Topic,
            Runtime::Validation,
        ] {
            if self.runtime[r as usize] {
                code.line(&format!(
                    "import * as {} from {};",
                    r.alias(),
                    super::literal::string(&relative(self.dir, r.module()))
                ));
            }
        }
    }
}

/// Appends the string literal of [`relative`] of `module` from `dir`.
fn push_relative(out: &mut String, dir: &str, module: &str) {
    // Module paths are made of ASCII identifiers, which need no escapes in a literal; any
    // other path goes through the literal writer.
    let plain = module
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'/');
    if !plain {
        super::literal::push_string(out, &relative(dir, module));
        return;
    }
    out.push('\'');
    match module.split_once('/') {
        Some((d, file)) if d == dir => {
            out.push_str("./");
            out.push_str(file);
        }
        _ if dir.is_empty() => {
            out.push_str("./");
            out.push_str(module);
        }
        _ => {
            out.push_str("../");
            out.push_str(module);
        }
    }
    out.push_str(".js'");
}

/// The import specifier of `module` (`payloads/X`) from a file in `dir` (`""` for the root).
pub(crate) fn relative(dir: &str, module: &str) -> String {
    match module.split_once('/') {
        Some((d, file)) if d == dir => format!("./{file}.js"),
        _ if dir.is_empty() => format!("./{module}.js"),
        _ => format!("../{module}.js"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_are_relative_with_js_extensions() {
        assert_eq!(relative("payloads", "payloads/A"), "./A.js");
        assert_eq!(relative("channels", "payloads/A"), "../payloads/A.js");
        assert_eq!(relative("", "channels/index"), "./channels/index.js");
    }

    #[test]
    fn type_only_imports_use_import_type() {
        let mut f = FileCtx::new("payloads");
        f.import("payloads/B", "B", false);
        f.import("headers/C", "C", false);
        f.import("headers/C", "validateC", true);
        f.rt(Runtime::Validation);
        let mut code = Code::with_capacity(0);
        f.write_imports(&mut code, "payloads/A");
        assert_eq!(
            code.finish(),
            "import { type C, validateC } from '../headers/C.js';\nimport type { B } from './B.js';\nimport * as validation from '../runtime/validation.js';\n"
        );
    }
}
