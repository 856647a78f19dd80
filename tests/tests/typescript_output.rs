//! Properties of the generated TypeScript text itself: identical bytes on every generation,
//! accepted unchanged by `prettier --check` with the repository's `.prettierrc.json`, every
//! file marked as generated, and no runtime dependency but its own files (issue 3 §1, §3).

use asyncapi_codegen_core::emit::typescript::TypeScriptOptions;
use asyncapi_codegen_core::emit::{GeneratedFile, Perspective, GENERATED_MARKER};
use std::path::PathBuf;
use workspace_tests::node;
use workspace_tests::ts_project::{generate_client, slug, typescript_fixtures, TsProject};
use workspace_tests::{corpus_dir, corpus_entry_documents, workspace_root};

fn streetlights() -> [PathBuf; 2] {
    let corpus = corpus_dir();
    [
        corpus.join("asyncapi__spec@v3.0.0/examples/streetlights-mqtt-asyncapi.yml"),
        corpus.join("asyncapi__spec@v2.6.0/examples/streetlights-mqtt.yml"),
    ]
}

/// Every document we generate from in the tests, corpus first.
fn all_documents() -> Vec<PathBuf> {
    let corpus = corpus_dir();
    let mut docs: Vec<PathBuf> = corpus_entry_documents()
        .into_iter()
        .map(|rel| corpus.join(rel))
        .collect();
    docs.extend(typescript_fixtures());
    docs
}

fn option_sets() -> [TypeScriptOptions; 3] {
    [
        TypeScriptOptions::default(),
        TypeScriptOptions {
            perspective: Perspective::Client,
            both_directions: false,
        },
        TypeScriptOptions {
            perspective: Perspective::Application,
            both_directions: true,
        },
    ]
}

#[test]
fn two_generations_give_identical_bytes() {
    for doc in all_documents() {
        for options in option_sets() {
            // Load twice as well: nothing may depend on hash order or addresses.
            let first = generate_client(&doc, &options);
            let second = generate_client(&doc, &options);
            assert!(!first.is_empty(), "{}: no files", doc.display());
            assert_eq!(
                first.len(),
                second.len(),
                "{}: file count differs",
                doc.display()
            );
            for (a, b) in first.iter().zip(&second) {
                assert_eq!(a.path, b.path, "{}: file order differs", doc.display());
                assert!(
                    a.contents == b.contents,
                    "{}: {} differs between two generations",
                    doc.display(),
                    a.path
                );
            }
        }
    }
}

#[test]
fn output_is_sorted_marked_relative_and_plain_text() {
    for doc in all_documents() {
        let files = generate_client(&doc, &TypeScriptOptions::default());
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(
            paths,
            sorted,
            "{}: files are not sorted by path",
            doc.display()
        );
        for required in [
            "index.ts",
            "channels/index.ts",
            "runtime/validation.ts",
            "runtime/mqtt.ts",
        ] {
            assert!(
                paths.contains(&required),
                "{}: no {required} among {paths:?}",
                doc.display()
            );
        }
        for f in &files {
            let first_line = f.contents.lines().next().unwrap_or_default();
            assert!(
                first_line.contains(GENERATED_MARKER),
                "{}: {} does not start with the generated marker: {first_line:?}",
                doc.display(),
                f.path
            );
            assert!(
                !f.path.starts_with('/') && !f.path.split('/').any(|c| c == ".." || c.is_empty()),
                "{}: bad path {:?}",
                doc.display(),
                f.path
            );
            assert!(
                !f.contents.contains('\r') && f.contents.ends_with('\n'),
                "{}: {} must use \\n line endings and end with one",
                doc.display(),
                f.path
            );
            assert!(
                !f.contents.contains(&*workspace_root().to_string_lossy()),
                "{}: {} contains an absolute path",
                doc.display(),
                f.path
            );
        }
    }
}

/// Public signatures name their types: a class's constructor input is its exported
/// `<Type>Init` interface, never `ConstructorParameters<typeof X>[0]` (issue 13 §1), in every
/// file generated from every document with every option set, and in the example's client.
#[test]
fn signatures_name_constructor_inputs() {
    let mut files: Vec<(String, String)> = Vec::new();
    for doc in all_documents() {
        for options in option_sets() {
            for f in generate_client(&doc, &options) {
                files.push((format!("{} {}", doc.display(), f.path), f.contents));
            }
        }
    }
    let example = workspace_root().join("examples/monorepo/frontend/src/__gen__");
    let mut dirs = vec![example];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("the example's generated client") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let text = std::fs::read_to_string(&path).expect("a generated file");
                files.push((path.display().to_string(), text));
            }
        }
    }
    assert!(
        files.len() > 100,
        "too few files generated: {}",
        files.len()
    );
    let inits = files
        .iter()
        .filter(|(_, text)| text.contains("export interface ") && text.contains("Init {"))
        .count();
    assert!(inits > 20, "only {inits} files declare an Init interface");
    for (name, text) in &files {
        assert!(
            !text.contains("ConstructorParameters"),
            "{name} spells a constructor input as ConstructorParameters"
        );
    }
}

/// The only import of a package is `import type … from 'mqtt'`; everything else is relative.
/// No `eval` or `new Function` (a strict Content-Security-Policy forbids both).
#[test]
fn generated_code_has_no_runtime_dependency() {
    for doc in all_documents() {
        for options in option_sets() {
            for f in generate_client(&doc, &options) {
                check_imports(&doc.display().to_string(), &f);
            }
        }
    }
}

fn check_imports(doc: &str, file: &GeneratedFile) {
    // Import and re-export statements may span lines: join them until they end.
    let mut pending: Option<String> = None;
    for line in file.contents.lines() {
        let t = line.trim();
        let starts = [
            "import ",
            "import{",
            "export {",
            "export *",
            "export type {",
            "export type *",
        ]
        .iter()
        .any(|p| t.starts_with(p));
        let statement = match pending.take() {
            Some(s) => format!("{s} {t}"),
            None if starts => t.to_string(),
            None => continue,
        };
        match specifier(&statement) {
            Some(spec) => check_specifier(doc, file, &statement, spec),
            None if statement.ends_with(';') => {
                // `export { a, b };` re-exports local names: nothing is imported.
                assert!(
                    statement.starts_with("export"),
                    "{doc}: {}: unreadable import: {statement}",
                    file.path
                );
            }
            None => pending = Some(statement),
        }
    }
    for forbidden in ["new Function", "eval(", "require(", "import("] {
        assert!(
            !file.contents.contains(forbidden),
            "{doc}: {} contains {forbidden}",
            file.path
        );
    }
}

fn check_specifier(doc: &str, file: &GeneratedFile, statement: &str, spec: &str) {
    let type_only = statement.starts_with("import type ") || statement.starts_with("export type ");
    if spec.starts_with("./") || spec.starts_with("../") {
        assert!(
            spec.ends_with(".js"),
            "{doc}: {}: a relative import without .js breaks NodeNext ESM: {statement}",
            file.path
        );
    } else {
        assert!(
            spec == "mqtt" && type_only,
            "{doc}: {}: runtime dependency {spec:?}: {statement}",
            file.path
        );
    }
}

/// The module specifier of `… from '<spec>'` or `import '<spec>'`, once the statement has it.
fn specifier(statement: &str) -> Option<&str> {
    let rest = match statement.find(" from ") {
        Some(at) => &statement[at + 6..],
        None => statement.strip_prefix("import ")?,
    };
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let end = rest[1..].find(quote)?;
    Some(&rest[1..1 + end])
}

/// The generated code is exactly what prettier prints with the repository's
/// `.prettierrc.json`, whose `printWidth` is a usual one (at most 100): the clients of the
/// whole public corpus and of every fixture, and the example's committed client
/// (issue 13 §1). The emitters break wide lines themselves, as prettier would.
#[test]
fn prettier_accepts_the_output_unchanged() {
    let config = workspace_root().join(".prettierrc.json");
    let text = std::fs::read_to_string(&config).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}): the generated code's formatting is defined by it",
            config.display()
        )
    });
    let settings: serde_json::Value = serde_json::from_str(&text).expect("JSON prettier config");
    let width = settings["printWidth"].as_u64().expect("printWidth is set");
    assert!(
        width <= 100,
        "printWidth {width}: at most 100 keeps the code readable"
    );

    let project = TsProject::fresh("prettier");
    let mut files = 0;
    let mut lines = 0;
    let mut count = |generated: &[GeneratedFile]| {
        files += generated.len();
        lines += generated
            .iter()
            .map(|f| f.contents.lines().count())
            .sum::<usize>();
    };
    let corpus = corpus_entry_documents();
    let corpus_count = corpus.len();
    for (i, doc) in all_documents().iter().enumerate() {
        let stem = doc
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = format!("{i}-{}", slug(std::path::Path::new(&stem)));
        count(&project.generate(doc, &name, &TypeScriptOptions::default()));
    }
    // Options change which functions are written: the fixtures once more with the other two.
    for (i, doc) in typescript_fixtures().iter().enumerate() {
        for (tag, options) in option_sets().into_iter().skip(1).enumerate() {
            count(&project.generate(doc, &format!("options{tag}-{i}"), &options));
        }
    }
    let example = workspace_root().join("examples/monorepo/frontend/src/__gen__");
    let mut dirs = vec![example.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("the example's generated client") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let relative = path.strip_prefix(&example).expect("under the client");
                let text = std::fs::read_to_string(&path).expect("a generated file");
                files += 1;
                lines += text.lines().count();
                project.write(&format!("example/{}", relative.display()), &text);
            }
        }
    }
    node::prettier_check(&config, project.dir());
    println!(
        "prettier --check (printWidth {width}) accepted {files} generated files, {lines} lines: \
         {corpus_count} corpus documents, the fixtures with three option sets, the example's client"
    );
}

/// The exported publish/subscribe functions of a generated client, sorted.
fn functions(files: &[GeneratedFile]) -> Vec<String> {
    let channels = files
        .iter()
        .find(|f| f.path == "channels/index.ts")
        .expect("channels/index.ts is generated");
    let mut names: Vec<String> = channels
        .contents
        .lines()
        .filter_map(|l| l.strip_prefix("export async function "))
        .filter_map(|rest| rest.split('(').next())
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

/// Streetlights 3.0 describes the lights: they receive measurements and are sent commands.
/// The application perspective follows the actions, the client perspective swaps them, and
/// `both_directions` gives every channel both.
#[test]
fn perspective_and_both_directions_choose_the_functions() {
    let [v3, _] = streetlights();
    let app = generate_client(&v3, &TypeScriptOptions::default());
    assert_eq!(
        functions(&app),
        [
            "publishToDimLight",
            "publishToTurnOff",
            "publishToTurnOn",
            "subscribeToLightMeasured"
        ]
    );
    let client = generate_client(
        &v3,
        &TypeScriptOptions {
            perspective: Perspective::Client,
            both_directions: false,
        },
    );
    assert_eq!(
        functions(&client),
        [
            "publishToLightMeasured",
            "subscribeToDimLight",
            "subscribeToTurnOff",
            "subscribeToTurnOn"
        ]
    );
    for perspective in [Perspective::Application, Perspective::Client] {
        let both = generate_client(
            &v3,
            &TypeScriptOptions {
                perspective,
                both_directions: true,
            },
        );
        let mut expected: Vec<String> = ["DimLight", "LightMeasured", "TurnOff", "TurnOn"]
            .iter()
            .flat_map(|m| [format!("publishTo{m}"), format!("subscribeTo{m}")])
            .collect();
        expected.sort();
        assert_eq!(functions(&both), expected, "{perspective:?}");
    }
}
