//! Conformance of the generated TypeScript validators with the official JSON-Schema-Test-Suite,
//! draft 7 (vendored in `tests/conformance/json-schema-test-suite`, see its PROVENANCE.md).
//!
//! Every test group's schema becomes the payload of one message of a single AsyncAPI 3
//! document (the schema sits in a file of its own, so that `#` and `#/definitions/...` in it
//! resolve against the schema, as the suite means). The document is generated once, the whole
//! client is type-checked with `tsc` (the strict NodeNext settings), bundled with esbuild, and
//! one node process runs every test's data through the payload's `validate`. A group whose
//! schema the generator refuses (a located error) fails all of its tests.
//!
//! Required: every file of `tests/draft7/`, the `optional/format/` files of the formats the
//! validators enforce ([`ENFORCED_FORMATS`]) and `optional/non-bmp-regex.json`. Every required
//! test must give the suite's verdict, except the groups listed with a reason in
//! `tests/conformance/json-schema-excluded.txt`. The other optional files are run and
//! printed for information only. The figures are printed per file.

use asyncapi_codegen_core::emit::typescript::{generate, TypeScriptOptions};
use asyncapi_codegen_core::model::rules::ENFORCED_FORMATS;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use workspace_tests::node::{self, TypeScript};
use workspace_tests::rust_validators::RustValidators;
use workspace_tests::ts_project::TsProject;
use workspace_tests::workspace_root;

/// Optional files that are required all the same: ECMA-262 regexes are part of our contract.
const REQUIRED_OPTIONAL: &[&str] = &["optional/non-bmp-regex.json"];

fn suite_dir() -> PathBuf {
    workspace_root().join("tests/conformance/json-schema-test-suite/tests/draft7")
}

/// One suite file to run.
struct SuiteFile {
    /// Relative to `tests/draft7`, with `/`.
    name: String,
    required: bool,
    groups: Vec<Value>,
}

fn suite_files() -> Vec<SuiteFile> {
    let dir = suite_dir();
    let mut out = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for sub in ["", "optional/", "optional/format/"] {
        let read = std::fs::read_dir(dir.join(sub))
            .unwrap_or_else(|e| panic!("read {}: {e}", dir.join(sub).display()));
        for entry in read {
            let name = entry.expect("dir entry").file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".json") {
                names.push(format!("{sub}{name}"));
            }
        }
    }
    names.sort();
    assert!(
        names.len() > 40,
        "the vendored suite in {} looks incomplete",
        dir.display()
    );
    for name in names {
        let required = if let Some(format) = name.strip_prefix("optional/format/") {
            ENFORCED_FORMATS.contains(&format.trim_end_matches(".json"))
        } else {
            !name.starts_with("optional/") || REQUIRED_OPTIONAL.contains(&name.as_str())
        };
        let text = std::fs::read_to_string(dir.join(&name)).expect("read a suite file");
        let groups: Vec<Value> = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{name} is not a JSON array of groups: {e}"));
        out.push(SuiteFile {
            name,
            required,
            groups,
        });
    }
    out
}

/// `(file, group description or "*") → reason`, from `json-schema-excluded.txt`.
fn exclusions() -> BTreeMap<(String, String), String> {
    let path = workspace_root().join("tests/conformance/json-schema-excluded.txt");
    let text = std::fs::read_to_string(&path).expect("read json-schema-excluded.txt");
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.splitn(3, '|').map(str::trim).collect();
        let [file, group, reason] = parts[..] else {
            panic!(
                "{}:{}: expected `file | group | reason`",
                path.display(),
                i + 1
            );
        };
        assert!(
            reason.len() >= 20 && !reason.to_lowercase().contains("hard to"),
            "{}:{}: the exclusion of {file} needs a real reason",
            path.display(),
            i + 1
        );
        out.insert((file.to_string(), group.to_string()), reason.to_string());
    }
    out
}

/// One group of the suite placed in the generated document.
struct Group {
    file: usize,
    index: usize,
    description: String,
    /// Why generation refused the schema, when it did.
    refused: Option<String>,
    excluded: bool,
}

/// The verdict of one test: `valid`, or every problem as `(path, message)`.
enum Verdict {
    Valid,
    Invalid(Vec<(String, String)>),
    Threw(String),
}

impl Verdict {
    fn describe(&self) -> String {
        match self {
            Verdict::Valid => "valid".into(),
            Verdict::Invalid(problems) => format!("invalid ({})", show(problems)),
            Verdict::Threw(why) => format!("an exception or refusal: {why}"),
        }
    }

    fn of(problems: Vec<(String, String)>) -> Verdict {
        if problems.is_empty() {
            Verdict::Valid
        } else {
            Verdict::Invalid(problems)
        }
    }

    /// The problems as `(path, message)` pairs (none when valid).
    fn problems(&self) -> &[(String, String)] {
        match self {
            Verdict::Invalid(p) => p,
            _ => &[],
        }
    }
}

/// `path: message; ...`.
fn show(problems: &[(String, String)]) -> String {
    problems
        .iter()
        .map(|(p, m)| format!("{p}: {m}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Removes the project directory when the test ends, passed or failed.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The AsyncAPI document: message `g<n>` on channel `c<n>` carries group n's schema.
fn document(live: &[usize]) -> Value {
    let mut channels = serde_json::Map::new();
    let mut operations = serde_json::Map::new();
    for &n in live {
        channels.insert(
            format!("c{n}"),
            json!({
                "address": format!("suite/{n}"),
                "messages": { format!("g{n}"): { "payload": { "$ref": format!("./schemas/g{n}.json") } } }
            }),
        );
        operations.insert(
            format!("o{n}"),
            json!({
                "action": "send",
                "channel": { "$ref": format!("#/channels/c{n}") },
                "messages": [ { "$ref": format!("#/channels/c{n}/messages/g{n}") } ]
            }),
        );
    }
    json!({
        "asyncapi": "3.0.0",
        "info": { "title": "JSON-Schema-Test-Suite draft 7", "version": "1.0.0" },
        "channels": channels,
        "operations": operations,
    })
}

/// The group a diagnostic is about: its file is `schemas/g<n>.json`, or its pointer names
/// channel `c<n>` / message `g<n>`.
fn group_of(location: &asyncapi_codegen_core::Location) -> Option<usize> {
    let stem = location.file.file_stem()?.to_string_lossy().into_owned();
    if let Some(n) = stem.strip_prefix('g').and_then(|n| n.parse().ok()) {
        return Some(n);
    }
    for prefix in ["/channels/c", "/operations/o"] {
        if let Some(rest) = location.pointer.split(prefix).nth(1) {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = digits.parse() {
                return Some(n);
            }
        }
    }
    None
}

#[test]
fn generated_validators_give_the_suite_verdicts() {
    let files = suite_files();
    let excluded = exclusions();
    let mut used_exclusions: BTreeSet<(String, String)> = BTreeSet::new();

    let project = TsProject::fresh("json-schema-suite");
    let _cleanup = RemoveOnDrop(project.dir().to_path_buf());
    project.package_json(".", "module");

    let mut groups: Vec<Group> = Vec::new();
    let mut cases: Vec<(usize, Value, bool, String)> = Vec::new();
    for (f, file) in files.iter().enumerate() {
        for (index, group) in file.groups.iter().enumerate() {
            let description = group["description"].as_str().unwrap_or("").to_string();
            let mut is_excluded = false;
            for key in [
                (file.name.clone(), "*".to_string()),
                (file.name.clone(), description.clone()),
            ] {
                if excluded.contains_key(&key) {
                    used_exclusions.insert(key);
                    is_excluded = true;
                }
            }
            let n = groups.len();
            project.write(
                &format!("schemas/g{n}.json"),
                &serde_json::to_string_pretty(&group["schema"]).expect("JSON"),
            );
            for test in group["tests"].as_array().expect("a group has tests") {
                cases.push((
                    n,
                    test["data"].clone(),
                    test["valid"].as_bool().expect("a test has `valid`"),
                    test["description"].as_str().unwrap_or("").to_string(),
                ));
            }
            groups.push(Group {
                file: f,
                index,
                description,
                refused: None,
                excluded: is_excluded,
            });
        }
    }
    let stale: Vec<_> = excluded
        .keys()
        .filter(|k| !used_exclusions.contains(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "json-schema-excluded.txt lists groups the suite does not have: {stale:?}"
    );

    // Generate; a group whose schema is refused drops out, and the rest is generated again.
    let spec = project.path("asyncapi.json");
    let mut live: Vec<usize> = (0..groups.len()).collect();
    let (model, generated) = loop {
        project.write(
            "asyncapi.json",
            &serde_json::to_string_pretty(&document(&live)).expect("JSON"),
        );
        let attempt = asyncapi_codegen_core::load_model(&spec).and_then(|model| {
            let files = generate(&model, &TypeScriptOptions::default())?;
            Ok((model, files))
        });
        match attempt {
            Ok(done) => break done,
            Err(error) => {
                let mut refused = BTreeSet::new();
                for d in error.errors() {
                    let n = group_of(&d.location).unwrap_or_else(|| {
                        panic!("a generation error no group explains:\n{}", error.render())
                    });
                    let text = format!("{}: {}", d.location.pointer, d.message);
                    let slot = &mut groups[n].refused;
                    match slot {
                        Some(s) => {
                            s.push_str("; ");
                            s.push_str(&text);
                        }
                        None => *slot = Some(text),
                    }
                    refused.insert(n);
                }
                assert!(!refused.is_empty(), "generation failed without errors");
                live.retain(|n| !refused.contains(n));
            }
        }
    };
    project.write_generated("gen", &generated);

    // The payload type of message g<n>.
    let mut type_names: BTreeMap<usize, String> = BTreeMap::new();
    let mut payloads: BTreeMap<usize, asyncapi_codegen_core::model::TypeId> = BTreeMap::new();
    for m in &model.messages {
        let n: usize =
            m.id.trim_start_matches('g')
                .parse()
                .expect("message ids are g<n>");
        let payload = m.payload.expect("every message has a payload");
        type_names.insert(n, model.types.get(payload).name.clone());
        payloads.insert(n, payload);
    }
    let mut runner = String::from("import { readFileSync } from 'node:fs';\n");
    for name in type_names.values().collect::<BTreeSet<_>>() {
        runner.push_str(&format!(
            "import {{ {name} }} from './gen/payloads/{name}.js';\n"
        ));
    }
    runner.push_str(
        "\nconst validators = new Map<number, (value: unknown) => readonly { path: string; message: string }[]>([\n",
    );
    for (n, name) in &type_names {
        runner.push_str(&format!("  [{n}, (value) => {name}.validate(value)],\n"));
    }
    runner.push_str(
        r#"]);
const cases = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as [number, unknown][];
const verdicts = cases.map(([group, data]): [string, [string, string][]] => {
  const validate = validators.get(group);
  if (validate === undefined) {
    return ['threw', [['$', 'no validator']]];
  }
  try {
    const problems = validate(data);
    return problems.length === 0 ? ['valid', []] : ['invalid', problems.map((p) => [p.path, p.message])];
  } catch (error) {
    return ['threw', [['$', String(error)]]];
  }
});
process.stdout.write(JSON.stringify(verdicts));
"#,
    );
    project.write("run.ts", &runner);
    project.tsconfig(
        "tsconfig.json",
        "tsconfig.nodenext.json",
        json!({ "noEmit": true }),
        &["run.ts", "gen/**/*.ts"],
    );
    // Type errors are reported at the end, after the figures (esbuild does not need types).
    let tsc = node::run_node(
        &TypeScript::V5_9.tsc(),
        &["-p", "tsconfig.json", "--pretty", "false"],
        project.dir(),
        &[],
    );
    node::bundle(&project.path("run.ts"), &project.path("run.mjs"), &[]);
    let live_cases: Vec<Value> = cases
        .iter()
        .filter(|c| groups[c.0].refused.is_none())
        .map(|c| json!([c.0, c.1]))
        .collect();
    let cases_path = project.write(
        "cases.json",
        &serde_json::to_string(&live_cases).expect("JSON"),
    );
    let out = node::run_node(
        &project.path("run.mjs"),
        &[cases_path.as_os_str()],
        project.dir(),
        &[],
    );
    assert!(out.success, "the suite runner failed:\n{}", out.text);
    let verdicts: Vec<(String, Vec<(String, String)>)> = serde_json::from_str(&out.text)
        .unwrap_or_else(|e| panic!("the runner printed no verdicts ({e}):\n{}", out.text));
    assert_eq!(verdicts.len(), live_cases.len(), "one verdict per case");
    let mut verdicts = verdicts
        .into_iter()
        .map(|(kind, detail)| match kind.as_str() {
            "valid" => Verdict::Valid,
            "invalid" => Verdict::Invalid(detail),
            _ => Verdict::Threw(show(&detail)),
        });

    // The same cases through the generated Rust: one entry per group's payload schema.
    let entry_of: BTreeMap<usize, usize> = payloads
        .keys()
        .enumerate()
        .map(|(entry, group)| (*group, entry))
        .collect();
    let entries: Vec<_> = payloads.values().map(|id| (0, *id)).collect();
    let rust = RustValidators::build(
        "json-schema-suite",
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")),
        &[&model],
        &entries,
    );
    let rust_cases: Vec<(usize, Value)> = cases
        .iter()
        .filter(|c| groups[c.0].refused.is_none())
        .map(|c| (entry_of[&c.0], c.1.clone()))
        .collect();
    let mut rust_verdicts = rust.judge(&rust_cases).into_iter();

    // Tally per file.
    #[derive(Default)]
    struct Tally {
        passed: usize,
        rust_passed: usize,
        total: usize,
        excluded: usize,
    }
    let mut tallies: Vec<Tally> = files.iter().map(|_| Tally::default()).collect();
    let mut failures: Vec<String> = Vec::new();
    let mut informational_failures = 0usize;
    let mut disagreements: Vec<String> = Vec::new();
    let mut fast_path_disagreements: Vec<String> = Vec::new();
    for (group, data, valid, description) in &cases {
        let g = &groups[*group];
        let file = &files[g.file];
        let (verdict, rust_verdict) = match &g.refused {
            Some(why) => {
                let refused = || Verdict::Threw(format!("generation refused the schema: {why}"));
                (refused(), refused())
            }
            None => {
                let ts = verdicts.next().expect("a verdict per live case");
                let rust = rust_verdicts.next().expect("a Rust verdict per live case");
                let what = format!(
                    "{} [{}] {:?} / {:?} ({data})",
                    file.name, g.index, g.description, description
                );
                if ts.problems() != rust.problems.as_slice() || matches!(ts, Verdict::Threw(_)) {
                    disagreements.push(format!(
                        "{what}: TypeScript {}, Rust {}",
                        ts.describe(),
                        Verdict::of(rust.problems.clone()).describe()
                    ));
                }
                let fast_agrees = match rust.decode.as_str() {
                    "none" => true,
                    "ok" => rust.problems.is_empty(),
                    "problems" => {
                        rust.decode_problems == rust.problems && !rust.problems.is_empty()
                    }
                    // A valid value the Rust type cannot hold is a type that lies.
                    _ => false,
                };
                if !fast_agrees {
                    fast_path_disagreements.push(format!(
                        "{what}: from_json gave {} {}, validate_value {}",
                        rust.decode,
                        show(&rust.decode_problems),
                        show(&rust.problems)
                    ));
                }
                (ts, Verdict::of(rust.problems))
            }
        };
        let t = &mut tallies[g.file];
        if g.excluded {
            t.excluded += 1;
            continue;
        }
        t.total += 1;
        let ok = match &verdict {
            Verdict::Valid => *valid,
            Verdict::Invalid(_) => !*valid,
            Verdict::Threw(_) => false,
        };
        let rust_ok = match &rust_verdict {
            Verdict::Valid => *valid,
            Verdict::Invalid(_) => !*valid,
            Verdict::Threw(_) => false,
        };
        if rust_ok {
            t.rust_passed += 1;
        }
        if ok {
            t.passed += 1;
        } else if file.required {
            failures.push(format!(
                "{} [{}] {:?} / {:?}: expected {}, got {}",
                file.name,
                g.index,
                g.description,
                description,
                if *valid { "valid" } else { "invalid" },
                verdict.describe(),
            ));
        } else {
            informational_failures += 1;
        }
    }

    let mut report =
        String::from("\nJSON-Schema-Test-Suite draft 7, generated validators: TypeScript | Rust\n");
    let (mut req_passed, mut req_total, mut req_excluded) = (0, 0, 0);
    let mut req_rust_passed = 0;
    for required in [true, false] {
        report.push_str(if required {
            "required:\n"
        } else {
            "optional (for information, not required):\n"
        });
        for (file, t) in files.iter().zip(&tallies) {
            if file.required != required {
                continue;
            }
            let excluded = if t.excluded > 0 {
                format!("  ({} excluded)", t.excluded)
            } else {
                String::new()
            };
            report.push_str(&format!(
                "  {:<40} {:>4}/{:<4} | {:>4}/{:<4}{excluded}\n",
                file.name, t.passed, t.total, t.rust_passed, t.total
            ));
            if required {
                req_rust_passed += t.rust_passed;
                req_passed += t.passed;
                req_total += t.total;
                req_excluded += t.excluded;
            }
        }
    }
    report.push_str(&format!(
        "required total: TypeScript {req_passed}/{req_total}, Rust {req_rust_passed}/{req_total} ({req_excluded} excluded); optional failures (TypeScript): {informational_failures}\n\
         TypeScript/Rust disagreements (verdict, problem paths and messages), all files: {}\n\
         Rust from_json (fast path) disagreeing with validate_value: {}\n",
        disagreements.len(),
        fast_path_disagreements.len()
    ));
    workspace_tests::figures::print_figures(&report);
    assert!(
        tsc.success,
        "the generated client does not type-check:\n{}",
        tsc.text
    );
    assert!(
        disagreements.is_empty(),
        "{report}\n{} test(s) where TypeScript and Rust disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(
        fast_path_disagreements.is_empty(),
        "{report}\n{} test(s) where from_json and validate_value disagree:\n{}",
        fast_path_disagreements.len(),
        fast_path_disagreements.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{report}\n{} required test(s) do not give the suite's verdict:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
