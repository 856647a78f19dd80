//! The generated TypeScript of every real document compiles (issue 3, "Real documents"): each
//! entry document of the public corpus, plus our own fixtures, generated into its own
//! subdirectory and compiled in one run per module mode and compiler: NodeNext ESM, CommonJS
//! and `bundler` with the strict settings of GUIDE §6, and the default Vite `react-ts`
//! tsconfig; TypeScript 5.9 and 7. The ESM and CommonJS builds are also loaded by node, which
//! proves that the emitted JavaScript resolves its own imports at run time.

use asyncapi_codegen_core::emit::typescript::TypeScriptOptions;
use asyncapi_codegen_core::emit::GeneratedFile;
use serde_json::json;
use std::path::PathBuf;
use std::sync::OnceLock;
use workspace_tests::node::{self, TypeScript};
use workspace_tests::ts_project::{generate_client, slug, typescript_fixtures, TsProject};
use workspace_tests::{corpus_dir, corpus_entry_documents, workspace_root};

#[derive(Debug, Clone, Copy)]
enum Mode {
    NodeNextEsm,
    CommonJs,
    Bundler,
    ViteReactTs,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::NodeNextEsm => "nodenext",
            Mode::CommonJs => "commonjs",
            Mode::Bundler => "bundler",
            Mode::ViteReactTs => "vite",
        }
    }
}

/// Every document to compile: the corpus's entry documents and our fixtures, each with the
/// subdirectory its client goes to.
fn documents() -> Vec<(String, PathBuf)> {
    let corpus = corpus_dir();
    let mut docs: Vec<(String, PathBuf)> = corpus_entry_documents()
        .into_iter()
        .map(|rel| (slug(&rel), corpus.join(rel)))
        .collect();
    let root = workspace_root();
    for spec in typescript_fixtures() {
        let rel = spec.strip_prefix(&root).unwrap_or(&spec);
        docs.push((slug(rel), spec.clone()));
    }
    docs
}

/// Every document's client, generated twice: as the application (`app/`) and as its
/// counterpart with both directions (`both/`), so that publish and subscribe exist for every
/// channel. Generated once per test binary; each test writes its own copy.
fn clients() -> &'static [(String, Vec<GeneratedFile>)] {
    static CLIENTS: OnceLock<Vec<(String, Vec<GeneratedFile>)>> = OnceLock::new();
    CLIENTS.get_or_init(|| {
        let app = TypeScriptOptions::default();
        let both = TypeScriptOptions {
            perspective: asyncapi_codegen_core::emit::Perspective::Client,
            both_directions: true,
        };
        let mut out = Vec::new();
        for (name, path) in documents() {
            for (variant, options) in [("app", &app), ("both", &both)] {
                out.push((
                    format!("src/{name}/{variant}"),
                    generate_client(&path, options),
                ));
            }
        }
        out
    })
}

/// Writes every client into `project`; returns their directories.
fn generate_all(project: &TsProject) -> Vec<String> {
    clients()
        .iter()
        .map(|(dir, files)| {
            assert!(!files.is_empty(), "no files generated for {dir}");
            project.write_generated(dir, files);
            dir.clone()
        })
        .collect()
}

fn compile(mode: Mode, ts: TypeScript) {
    let project = TsProject::fresh(&format!("compile-{}-{}", mode.name(), ts.label()));
    let dirs = generate_all(&project);
    match mode {
        Mode::NodeNextEsm | Mode::CommonJs => {
            let (base, module_type) = match mode {
                Mode::NodeNextEsm => ("tsconfig.nodenext.json", "module"),
                _ => ("tsconfig.commonjs.json", "commonjs"),
            };
            project.package_json(".", module_type);
            let config = project.tsconfig(
                "tsconfig.json",
                base,
                json!({ "rootDir": "src", "outDir": "dist" }),
                &["src"],
            );
            node::tsc_project(ts, &config);
            load_every_client(&project, &dirs, mode);
        }
        Mode::Bundler => {
            let config = project.tsconfig(
                "tsconfig.json",
                "tsconfig.bundler.json",
                json!({ "noEmit": true }),
                &["src"],
            );
            node::tsc_project(ts, &config);
        }
        Mode::ViteReactTs => {
            // The template's layout: a solution tsconfig.json referencing tsconfig.app.json,
            // built with `tsc -b`. Only the build-info path is pointed into this project.
            project.write(
                "tsconfig.json",
                &json!({ "files": [], "references": [{ "path": "./tsconfig.app.json" }] })
                    .to_string(),
            );
            let app = project.tsconfig(
                "tsconfig.app.json",
                "tsconfig.vite-react-ts.json",
                json!({ "tsBuildInfoFile": "./node_modules/.tmp/tsconfig.app.tsbuildinfo" }),
                &["src"],
            );
            node::tsc_build(ts, &project.path("tsconfig.json"));
            assert!(app.is_file());
        }
    }
}

/// Loads every emitted `index.js` in one node process (ESM: `import()`, CommonJS: `require`),
/// so that a missing file, a wrong extension or a module-level crash fails the test.
fn load_every_client(project: &TsProject, dirs: &[String], mode: Mode) {
    let entries: Vec<String> = dirs
        .iter()
        .map(|d| format!("./{}/index.js", d.replacen("src/", "dist/", 1)))
        .collect();
    let list = serde_json::to_string(&entries).expect("JSON");
    let (name, script) = match mode {
        Mode::NodeNextEsm => (
            "load.mjs",
            format!(
                "for (const f of {list}) {{ const m = await import(f); \
                 if (typeof m.Protocols?.mqtt !== 'object') throw new Error(f + ': no Protocols.mqtt'); }}\n\
                 console.log('loaded', {list}.length);\n"
            ),
        ),
        _ => (
            "load.cjs",
            format!(
                "for (const f of {list}) {{ const m = require(f); \
                 if (typeof m.Protocols?.mqtt !== 'object') throw new Error(f + ': no Protocols.mqtt'); }}\n\
                 console.log('loaded', {list}.length);\n"
            ),
        ),
    };
    let script = project.write(name, &script);
    let no_args: [&str; 0] = [];
    let out = node::run_node(&script, &no_args, project.dir(), &[]);
    assert!(
        out.success && out.text.contains(&format!("loaded {}", entries.len())),
        "{} clients do not load:\n{}",
        mode.name(),
        out.text
    );
}

#[test]
fn nodenext_esm_typescript_5_9() {
    compile(Mode::NodeNextEsm, TypeScript::V5_9);
}

#[test]
fn nodenext_esm_typescript_7() {
    compile(Mode::NodeNextEsm, TypeScript::V7);
}

#[test]
fn commonjs_typescript_5_9() {
    compile(Mode::CommonJs, TypeScript::V5_9);
}

#[test]
fn commonjs_typescript_7() {
    compile(Mode::CommonJs, TypeScript::V7);
}

#[test]
fn bundler_typescript_5_9() {
    compile(Mode::Bundler, TypeScript::V5_9);
}

#[test]
fn bundler_typescript_7() {
    compile(Mode::Bundler, TypeScript::V7);
}

#[test]
fn vite_react_ts_defaults_typescript_5_9() {
    compile(Mode::ViteReactTs, TypeScript::V5_9);
}

#[test]
fn vite_react_ts_defaults_typescript_7() {
    compile(Mode::ViteReactTs, TypeScript::V7);
}
