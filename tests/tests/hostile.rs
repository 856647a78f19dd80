//! The hostile-document corpus (`tests/hostile/`): every document gets exactly the outcome
//! its table (`tests/hostile/EXPECTED.md`) names.
//!
//! - `error`: the first error is at the named `file:line:col (pointer)` and says the named
//!   text; the rendered error holds no raw control character and nothing of the environment
//!   (a `$ref` to `/proc/self/environ` must not print it).
//! - `generates`: both emitters run; the Rust parses with syn and holds no injected
//!   `hostile_canary` item; every TypeScript path is a portable file name inside the output
//!   directory; no output holds a raw control, line-separator or bidi character. All the
//!   TypeScript clients are then compiled together with tsc (strict, NodeNext) and every
//!   emitted module is imported in node: the canaries planted in the documents (a global
//!   assignment, `process.exit(86)`) must never run.
//!
//! Loading and generating run on a thread with a 2 MiB stack (a spawned thread's default,
//! smaller than a build script's main thread), so a nesting limit that only holds on a
//! large stack fails here.

use asyncapi_codegen_core::emit::rust::RustOptions;
use asyncapi_codegen_core::emit::typescript::{generate, TypeScriptOptions};
use asyncapi_codegen_core::emit::GeneratedFile;
use proc_macro2::{TokenStream, TokenTree};
use serde_json::json;
use std::path::{Path, PathBuf};
use workspace_tests::node::{self, TypeScript};
use workspace_tests::ts_project::TsProject;
use workspace_tests::workspace_root;

/// What a document must do.
#[derive(Debug)]
enum Expected {
    Generates,
    Error { at: String, says: String },
}

/// The rows of `EXPECTED.md`: `| document | outcome | where | says |`.
fn expectations(dir: &Path) -> Vec<(String, Expected)> {
    let table = std::fs::read_to_string(dir.join("EXPECTED.md")).expect("EXPECTED.md");
    let mut rows = Vec::new();
    for line in table.lines() {
        let cells: Vec<&str> = line.split(" | ").map(str::trim).collect();
        if !line.starts_with("| ") || cells.len() < 4 {
            continue;
        }
        let document = cells[0].trim_start_matches("| ").to_string();
        let says = cells[3].trim_end_matches(" |").trim_end_matches('|').trim();
        match cells[1] {
            "generates" => rows.push((document, Expected::Generates)),
            "error" => rows.push((
                document,
                Expected::Error {
                    at: cells[2].to_string(),
                    says: says.to_string(),
                },
            )),
            "outcome" | "---" => {}
            other => panic!("EXPECTED.md: unknown outcome `{other}` in {line}"),
        }
    }
    rows
}

/// Every file of the corpus directory (not its `targets/` and not the table).
fn documents(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/hostile")
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().expect("type").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "EXPECTED.md")
        .collect();
    names.sort();
    names
}

/// Runs `f` on a thread with a 2 MiB stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .unwrap_or_else(|_| panic!("loading or generating panicked (or overflowed the stack)"))
}

/// What one document produced.
enum Outcome {
    Generated {
        typescript: Vec<GeneratedFile>,
        rust: String,
        rust_has_canary_item: bool,
    },
    Failed {
        first_error: String,
        rendered: String,
    },
}

fn run(path: PathBuf) -> Outcome {
    on_small_stack(move || {
        let failed = |e: asyncapi_codegen_core::Error| Outcome::Failed {
            first_error: e
                .errors()
                .next()
                .map(ToString::to_string)
                .unwrap_or_default(),
            rendered: e.render(),
        };
        let model = match asyncapi_codegen_core::load_model(&path) {
            Ok(model) => model,
            Err(e) => return failed(e),
        };
        let typescript = match generate(&model, &TypeScriptOptions::default()) {
            Ok(files) => files,
            Err(e) => return failed(e),
        };
        let rust_tokens =
            asyncapi_codegen_core::emit::rust::generate(&model, &RustOptions::default());
        Outcome::Generated {
            typescript,
            rust: rust_tokens.to_string(),
            rust_has_canary_item: has_canary_ident(rust_tokens),
        }
    })
}

/// True for a character no generated file may hold raw: controls but `\n`, the line and
/// paragraph separators, and bidirectional controls.
fn is_forbidden_raw(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A generated path stays inside the output directory and is a file name every common file
/// system accepts.
fn check_path(document: &str, path: &str) {
    assert!(
        !path.is_empty() && !path.starts_with('/'),
        "{document}: path {path:?}"
    );
    for segment in path.split('/') {
        assert!(
            !segment.is_empty() && segment != "." && segment != "..",
            "{document}: path {path:?} leaves its directory"
        );
        assert!(
            segment.len() <= 255,
            "{document}: segment over 255 bytes in {path:?}"
        );
        assert!(
            !segment
                .chars()
                .any(|c| c.is_control()
                    || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')),
            "{document}: path {path:?} has a character some file systems refuse"
        );
        let stem = segment.split('.').next().unwrap_or("").to_ascii_uppercase();
        let device = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
            || ((stem.starts_with("COM") || stem.starts_with("LPT"))
                && stem.len() == 4
                && stem.as_bytes()[3].is_ascii_digit());
        assert!(
            !device,
            "{document}: path {path:?} is a Windows device name"
        );
    }
}

/// True when an identifier `hostile_canary` appears anywhere in the tokens (an item
/// injected through a string that broke out of its literal).
fn has_canary_ident(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == "hostile_canary",
        TokenTree::Group(g) => has_canary_ident(g.stream()),
        _ => false,
    })
}

/// Removes the TypeScript project when the test ends, passed or failed.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn every_hostile_document_gets_its_expected_outcome_and_no_canary_runs() {
    let dir = workspace_root().join("tests/hostile");
    let expected = expectations(&dir);
    let files = documents(&dir);
    let listed: Vec<&String> = expected.iter().map(|(d, _)| d).collect();
    assert_eq!(listed.iter().map(|s| s.as_str()).collect::<Vec<_>>(), {
        let mut sorted: Vec<&str> = listed.iter().map(|s| s.as_str()).collect();
        sorted.sort();
        sorted.dedup();
        let mut files_sorted: Vec<&str> = files.iter().map(String::as_str).collect();
        files_sorted.sort();
        assert_eq!(
            sorted, files_sorted,
            "EXPECTED.md and the documents of tests/hostile differ"
        );
        listed.iter().map(|s| s.as_str()).collect::<Vec<_>>()
    },);
    assert!(
        expected.len() >= 60,
        "only {} hostile documents",
        expected.len()
    );

    let project = TsProject::fresh("hostile");
    let _cleanup = RemoveOnDrop(project.dir().to_path_buf());
    let prefix = format!("{}/", dir.display());
    let environment_path = std::env::var("PATH").unwrap_or_default();
    let mut generated = 0;
    let mut failures = Vec::new();
    for (document, expectation) in &expected {
        eprintln!("hostile document {document}");
        let outcome = run(dir.join(document));
        match (expectation, outcome) {
            (
                Expected::Error { at, says },
                Outcome::Failed {
                    first_error,
                    rendered,
                },
            ) => {
                let first_error = first_error.replace(&prefix, "");
                if !first_error.starts_with(&format!("{at}: "))
                    || !first_error.contains(says.as_str())
                {
                    failures.push(format!(
                        "{document}: expected an error at {at} saying {says:?}, got: {first_error}"
                    ));
                }
                if rendered
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
                {
                    failures.push(format!(
                        "{document}: a raw control character in the rendered error: {rendered:?}"
                    ));
                }
                if environment_path.len() > 8 && rendered.contains(&environment_path) {
                    failures.push(format!(
                        "{document}: the rendered error shows the environment"
                    ));
                }
            }
            (
                Expected::Generates,
                Outcome::Generated {
                    typescript,
                    rust,
                    rust_has_canary_item,
                },
            ) => {
                generated += 1;
                if let Err(e) = syn::parse_str::<syn::File>(&rust) {
                    failures.push(format!(
                        "{document}: the generated Rust does not parse: {e}"
                    ));
                }
                if rust_has_canary_item {
                    failures.push(format!(
                        "{document}: an injected `hostile_canary` item in the generated Rust"
                    ));
                }
                if let Some(c) = rust.chars().find(|&c| is_forbidden_raw(c)) {
                    failures.push(format!(
                        "{document}: raw U+{:04X} in the generated Rust",
                        c as u32
                    ));
                }
                let stem = document.replace('.', "_");
                for file in &typescript {
                    check_path(document, &file.path);
                    if let Some(c) = file.contents.chars().find(|&c| is_forbidden_raw(c)) {
                        failures.push(format!(
                            "{document}: raw U+{:04X} in {}",
                            c as u32, file.path
                        ));
                    }
                }
                project.write_generated(&format!("clients/{stem}"), &typescript);
            }
            (Expected::Error { at, .. }, Outcome::Generated { .. }) => {
                failures.push(format!(
                    "{document}: expected an error at {at}, but it generated"
                ));
            }
            (Expected::Generates, Outcome::Failed { first_error, .. }) => {
                failures.push(format!("{document}: expected output, got: {first_error}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} document(s) went wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // Every client compiled together (strict, NodeNext), then each emitted module imported.
    project.package_json(".", "module");
    project.tsconfig(
        "tsconfig.json",
        "tsconfig.nodenext.json",
        json!({ "outDir": "js", "rootDir": "clients", "noEmit": false }),
        &["clients/**/*.ts"],
    );
    node::tsc_project(TypeScript::V5_9, &project.path("tsconfig.json"));
    project.write(
        "import-all.mjs",
        r#"import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.js')) modules.push(path);
  }
};
walk(process.argv[2]);
for (const path of modules) {
  await import(pathToFileURL(path).href);
}
if (globalThis.__hostileCanary !== undefined) {
  console.log('CANARY RAN');
  process.exit(1);
}
console.log(`imported ${modules.length} modules, no canary ran`);
"#,
    );
    let out = node::run_node(
        &project.path("import-all.mjs"),
        &[project.path("js")],
        project.dir(),
        &[],
    );
    assert!(
        out.success,
        "importing the generated clients failed (exit 86 = process.exit canary):\n{}",
        out.text
    );
    let imported: usize = out
        .text
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(imported >= generated * 5, "{}", out.text);
    println!(
        "{} hostile documents: {} generated (tsc strict, {imported} modules imported, no canary ran), {} refused with their located errors",
        expected.len(),
        generated,
        expected.len() - generated
    );
}
