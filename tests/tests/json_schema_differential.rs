//! Differential test: TypeScript and Rust validators generated from the same schemas must
//! judge the same values alike: the same verdict, the same problems (paths and messages),
//! and in Rust `from_json` (its fast path included) must agree with `validate_value`.
//!
//! The schemas: every group of the vendored JSON-Schema-Test-Suite (draft 7, required and
//! optional files) and every message payload of the public corpus (`tests/corpus`). The
//! values: at least [`MIN_VALUES`] per run, drawn at random from each schema's rules (mostly
//! near-valid values, with mutations that break one thing), plus mutations of the suite's
//! own test data. The seed is printed; `DIFFERENTIAL_SEED=<n>` reproduces a run.

use asyncapi_codegen_core::emit::typescript::{generate, TypeScriptOptions};
use asyncapi_codegen_core::model::rules::{Items, JsonType, Rules, Subschema};
use asyncapi_codegen_core::model::{Model, TypeId};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use workspace_tests::rust_validators::RustValidators;
use workspace_tests::scratch::ScratchDir;
use workspace_tests::{corpus_dir, corpus_entry_documents, node, workspace_root};

/// Values per run, at least.
const MIN_VALUES: usize = 12_000;

/// xorshift64*: small, deterministic from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

/// Strings that exercise formats, patterns and lengths.
const STRINGS: &[&str] = &[
    "",
    "a",
    "abc",
    "héllo",
    "🐲",
    "2024-05-01T12:00:00Z",
    "2024-02-30T12:00:00Z",
    "1998-12-31T23:59:60Z",
    "12:00:00+01:00",
    "2024-05-01",
    "joe@example.com",
    "not an email",
    "192.168.0.1",
    "::1",
    "1:2:3:4:5:6:7:8",
    "http://example.com/a?b#c",
    "//x",
    "2eb8aa08-aa98-11ea-b4aa-73b441d16380",
    "1.2.3",
    "online",
    "__proto__",
    "constructor",
    "a b",
    "x\u{1}y",
];

struct Gen<'m> {
    model: &'m Model,
    rng: Rng,
}

impl Gen<'_> {
    fn primitive(&mut self) -> Value {
        match self.rng.below(7) {
            0 => Value::Null,
            1 => json!(self.rng.chance(50)),
            2 => json!(self.rng.below(200) as i64 - 100),
            3 => json!((self.rng.below(2000) as f64 - 1000.0) / 8.0),
            4 => json!(*self.rng.pick(STRINGS).unwrap_or(&"")),
            5 => json!([]),
            _ => json!({}),
        }
    }

    /// A value for type `id`: near-valid by its rules, sometimes broken on purpose.
    fn value(&mut self, id: TypeId, depth: usize) -> Value {
        let def = self.model.types.get(id);
        let r = def.rules.clone();
        if depth > 5 || self.rng.chance(4) {
            return self.primitive();
        }
        if let Some(c) = &r.const_value {
            if self.rng.chance(80) {
                return c.clone();
            }
        }
        if let Some(values) = &r.enum_values {
            if self.rng.chance(80) {
                if let Some(v) = self.rng.pick(values) {
                    return v.clone();
                }
            }
        }
        let parts: Vec<TypeId> = r
            .all_of
            .iter()
            .chain(r.any_of.iter().flatten())
            .chain(r.one_of.iter().flatten())
            .copied()
            .collect();
        if !parts.is_empty() && self.rng.chance(50) {
            let part = parts[self.rng.below(parts.len())];
            let mut v = self.value(part, depth + 1);
            if let (Value::Object(o), true) = (&mut v, !r.properties.is_empty()) {
                let extra = self.object(&r, depth);
                if let Value::Object(e) = extra {
                    for (k, x) in e {
                        o.entry(k).or_insert(x);
                    }
                }
            }
            return v;
        }
        let t = match &r.types {
            Some(types) if !types.is_empty() => *self.rng.pick(types).unwrap_or(&JsonType::Null),
            _ => {
                if !r.properties.is_empty() || !r.required.is_empty() {
                    JsonType::Object
                } else if r.items != Items::Unconstrained {
                    JsonType::Array
                } else if r.has_string_rules() {
                    JsonType::String
                } else if r.has_number_rules() {
                    JsonType::Number
                } else {
                    return self.primitive();
                }
            }
        };
        match t {
            JsonType::Null => Value::Null,
            JsonType::Boolean => json!(self.rng.chance(50)),
            JsonType::Integer | JsonType::Number => self.number(&r, t == JsonType::Integer),
            JsonType::String => self.string(&r),
            JsonType::Array => self.array(&r, depth),
            JsonType::Object => self.object(&r, depth),
        }
    }

    fn number(&mut self, r: &Rules, integer: bool) -> Value {
        let low = r.minimum.or(r.exclusive_minimum).unwrap_or(-50.0);
        let high = r
            .maximum
            .or(r.exclusive_maximum)
            .unwrap_or(low.max(0.0) + 100.0);
        let mut x = if self.rng.chance(15) {
            // On or just beyond a bound.
            *self
                .rng
                .pick(&[low, high, low - 1.0, high + 1.0, low - 0.5, high + 0.5])
                .unwrap_or(&0.0)
        } else {
            let span = (high - low).abs().min(1e6);
            low + span * (self.rng.below(1001) as f64 / 1000.0)
        };
        if let Some(m) = r.multiple_of {
            if self.rng.chance(80) {
                x = (x / m).round() * m;
            }
        }
        if integer && self.rng.chance(85) {
            x = x.round();
        }
        if x.fract() == 0.0 && x.abs() < 9e15 {
            json!(x as i64)
        } else {
            json!(x)
        }
    }

    fn string(&mut self, r: &Rules) -> Value {
        let mut s: String = (*self.rng.pick(STRINGS).unwrap_or(&"")).to_owned();
        if let Some(min) = r.min_length {
            while (s.chars().count() as u64) < min && self.rng.chance(90) {
                s.push(if self.rng.chance(80) { 'x' } else { 'é' });
            }
        }
        if let Some(max) = r.max_length {
            if self.rng.chance(85) {
                s = s.chars().take(max as usize).collect();
            }
        }
        json!(s)
    }

    fn array(&mut self, r: &Rules, depth: usize) -> Value {
        let min = r.min_items.unwrap_or(0) as usize;
        let max = r.max_items.map_or(min + 4, |m| m as usize);
        let len = (min + self.rng.below(max.saturating_sub(min) + 2)).min(8);
        let mut items = Vec::new();
        for i in 0..len {
            let schema = match &r.items {
                Items::All(s) => Some(*s),
                Items::Tuple(list) => list.get(i).copied().or(r.additional_items),
                Items::Unconstrained => None,
            };
            items.push(self.sub(schema, depth));
        }
        if r.unique_items && items.len() > 1 && self.rng.chance(20) {
            let first = items[0].clone();
            items.push(first);
        }
        Value::Array(items)
    }

    fn sub(&mut self, s: Option<Subschema>, depth: usize) -> Value {
        match s {
            Some(Subschema::Type(id)) => self.value(id, depth + 1),
            _ => self.primitive(),
        }
    }

    fn object(&mut self, r: &Rules, depth: usize) -> Value {
        let mut o = Map::new();
        for (name, s) in &r.properties {
            let required = r.required.contains(name);
            if (required && self.rng.chance(92)) || (!required && self.rng.chance(50)) {
                let v = self.sub(Some(*s), depth);
                o.insert(name.clone(), v);
            }
        }
        for name in &r.required {
            if !o.contains_key(name) && self.rng.chance(85) {
                let v = self.primitive();
                o.insert(name.clone(), v);
            }
        }
        if self.rng.chance(30) {
            let key = (*self.rng.pick(STRINGS).unwrap_or(&"k")).to_owned();
            let v = match r.additional_properties {
                Some(Subschema::Type(id)) if self.rng.chance(70) => self.value(id, depth + 1),
                _ => self.primitive(),
            };
            o.insert(key, v);
        }
        if let Some((pattern, s)) = self.rng.pick(&r.pattern_properties).cloned() {
            // A key made of the pattern's literal characters often matches it.
            let key: String = pattern.chars().filter(|c| c.is_alphanumeric()).collect();
            let v = self.sub(Some(s), depth);
            o.insert(key, v);
        }
        Value::Object(o)
    }

    /// `value` with one part replaced or removed.
    fn mutate(&mut self, value: &Value) -> Value {
        let mut v = value.clone();
        self.mutate_in(&mut v, 3);
        v
    }

    fn mutate_in(&mut self, at: &mut Value, depth: usize) {
        if depth > 0 && self.rng.chance(70) {
            match at {
                Value::Array(items) if !items.is_empty() => {
                    let i = self.rng.below(items.len());
                    if self.rng.chance(30) {
                        items.remove(i);
                    } else {
                        self.mutate_in(&mut items[i], depth - 1);
                    }
                    return;
                }
                Value::Object(o) if !o.is_empty() => {
                    let k = o
                        .keys()
                        .nth(self.rng.below(o.len()))
                        .cloned()
                        .unwrap_or_default();
                    if self.rng.chance(30) {
                        o.shift_remove(&k);
                    } else if let Some(x) = o.get_mut(&k) {
                        self.mutate_in(x, depth - 1);
                    }
                    return;
                }
                _ => {}
            }
        }
        *at = self.primitive();
    }
}

/// One schema under test: which document's model, which type, and where it came from.
struct Subject {
    model: usize,
    ty: TypeId,
    origin: String,
    /// The TypeScript class whose `validate` checks it.
    class: String,
    /// Seed values (the suite's test data).
    data: Vec<Value>,
}

/// The suite's groups as one AsyncAPI document (message `g<n>` carries group n's schema);
/// groups whose schema the generator refuses are left out.
fn suite_document(dir: &Path) -> (Vec<Value>, Model) {
    let suite = workspace_root().join("tests/conformance/json-schema-test-suite/tests/draft7");
    let mut groups = Vec::new();
    for sub in ["", "optional/", "optional/format/"] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(suite.join(sub))
            .expect("suite dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        for name in names {
            // Remote references need the suite's HTTP server (see json-schema-excluded.txt).
            if name.ends_with("refRemote.json") {
                continue;
            }
            let file: Vec<Value> =
                serde_json::from_str(&std::fs::read_to_string(&name).expect("read")).expect("JSON");
            groups.extend(file);
        }
    }
    let mut live: Vec<usize> = (0..groups.len()).collect();
    for (n, g) in groups.iter().enumerate() {
        let path = dir.join(format!("schemas/g{n}.json"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, g["schema"].to_string()).expect("write schema");
    }
    loop {
        let mut channels = Map::new();
        let mut operations = Map::new();
        for &n in &live {
            channels.insert(format!("c{n}"), json!({
                "address": format!("suite/{n}"),
                "messages": { format!("g{n}"): { "payload": { "$ref": format!("./schemas/g{n}.json") } } }
            }));
            operations.insert(
                format!("o{n}"),
                json!({
                    "action": "send",
                    "channel": { "$ref": format!("#/channels/c{n}") },
                    "messages": [ { "$ref": format!("#/channels/c{n}/messages/g{n}") } ]
                }),
            );
        }
        let doc = json!({
            "asyncapi": "3.0.0",
            "info": { "title": "suite", "version": "1" },
            "channels": channels,
            "operations": operations,
        });
        let spec = dir.join("suite.json");
        std::fs::write(&spec, doc.to_string()).expect("write document");
        match asyncapi_codegen_core::load_model(&spec)
            .and_then(|m| generate(&m, &TypeScriptOptions::default()).map(|_| m))
        {
            Ok(model) => return (groups, model),
            Err(e) => {
                let refused: BTreeSet<usize> = e
                    .errors()
                    .filter_map(|d| {
                        let stem = d.location.file.file_stem()?.to_string_lossy().into_owned();
                        stem.strip_prefix('g')?.parse().ok()
                    })
                    .collect();
                assert!(!refused.is_empty(), "generation failed:\n{}", e.render());
                live.retain(|n| !refused.contains(n));
            }
        }
    }
}

#[test]
fn typescript_and_rust_validators_agree_on_random_values() {
    let seed: u64 = std::env::var("DIFFERENTIAL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    workspace_tests::figures::print_figures(&format!(
        "differential seed: {seed} (reproduce with DIFFERENTIAL_SEED={seed})"
    ));

    let project = ScratchDir::new(
        &std::env::temp_dir(),
        &format!("asyncapi-differential-{}", std::process::id()),
    );
    let dir = project.path();
    let mut models: Vec<Model> = Vec::new();
    let mut subjects: Vec<Subject> = Vec::new();
    let mut runner = String::from("import { readFileSync } from 'node:fs';\n");
    let mut table = String::new();

    // The suite.
    let (groups, suite_model) = suite_document(dir);
    let ts = generate(&suite_model, &TypeScriptOptions::default()).expect("generate");
    write_files(dir, "gen0", &ts);
    for m in &suite_model.messages {
        let n: usize = m.id.trim_start_matches('g').parse().expect("g<n>");
        let ty = m.payload.expect("payload");
        let data = groups[n]["tests"]
            .as_array()
            .map(|t| t.iter().map(|t| t["data"].clone()).collect())
            .unwrap_or_default();
        subjects.push(Subject {
            model: 0,
            ty,
            origin: format!("suite group {n} ({})", groups[n]["description"]),
            class: suite_model.types.get(ty).name.clone(),
            data,
        });
    }
    models.push(suite_model);

    // The corpus: each document that generates, its message payloads.
    let mut skipped = Vec::new();
    for doc in corpus_entry_documents() {
        let Ok(model) = asyncapi_codegen_core::load_model(&corpus_dir().join(&doc)) else {
            skipped.push(doc.display().to_string());
            continue;
        };
        let Ok(ts) = generate(&model, &TypeScriptOptions::default()) else {
            skipped.push(doc.display().to_string());
            continue;
        };
        let k = models.len();
        write_files(dir, &format!("gen{k}"), &ts);
        let mut seen = BTreeSet::new();
        for m in &model.messages {
            let Some(ty) = m.payload else { continue };
            let name = model.types.get(ty).name.clone();
            let exists = dir.join(format!("gen{k}/payloads/{name}.ts")).exists();
            if !exists || !seen.insert(ty) {
                continue;
            }
            subjects.push(Subject {
                model: k,
                ty,
                origin: format!("{} message {}", doc.display(), m.id),
                class: name,
                data: Vec::new(),
            });
        }
        models.push(model);
    }

    for (i, s) in subjects.iter().enumerate() {
        let alias = format!("T{i}");
        runner.push_str(&format!(
            "import {{ {} as {alias} }} from './gen{}/payloads/{}.js';\n",
            s.class, s.model, s.class
        ));
        table.push_str(&format!("  (v) => {alias}.validate(v),\n"));
    }
    runner.push_str(&format!(
        "const validators: ((v: unknown) => readonly {{ path: string; message: string }}[])[] = [\n{table}];\n"
    ));
    runner.push_str(
        r#"const cases = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as [number, unknown][];
process.stdout.write(JSON.stringify(cases.map(([i, v]) => {
  try {
    return validators[i]!(v).map((p) => [p.path, p.message]);
  } catch (error) {
    return [['threw', String(error)]];
  }
})));
"#,
    );
    std::fs::write(dir.join("run.ts"), runner).expect("write runner");
    std::fs::write(dir.join("package.json"), r#"{"type":"module"}"#).expect("package.json");
    node::bundle(&dir.join("run.ts"), &dir.join("run.mjs"), &[]);

    // The values.
    let mut cases: Vec<(usize, Value)> = Vec::new();
    let mut g = Gen {
        model: &models[0],
        rng: Rng(seed),
    };
    let per_subject = MIN_VALUES.div_ceil(subjects.len()).max(1);
    for (i, s) in subjects.iter().enumerate() {
        g.model = &models[s.model];
        for d in &s.data {
            cases.push((i, d.clone()));
            let m = g.mutate(d);
            cases.push((i, m));
        }
        for _ in 0..per_subject {
            let v = g.value(s.ty, 0);
            let v = if g.rng.chance(25) { g.mutate(&v) } else { v };
            cases.push((i, v));
        }
    }
    // Values JavaScript cannot hold exactly (integers beyond 2^53 that serde_json keeps
    // exact) travel as doubles in both, so both sides read the same text.
    let cases_path = dir.join("cases.json");
    std::fs::write(&cases_path, serde_json::to_string(&cases).expect("JSON")).expect("write");
    let cases: Vec<(usize, Value)> =
        serde_json::from_str(&std::fs::read_to_string(&cases_path).expect("read")).expect("JSON");

    let out = node::run_node(&dir.join("run.mjs"), &[cases_path.as_os_str()], dir, &[]);
    assert!(out.success, "the TypeScript runner failed:\n{}", out.text);
    let ts_verdicts: Vec<Vec<(String, String)>> =
        serde_json::from_str(&out.text).expect("TypeScript verdicts");
    assert_eq!(ts_verdicts.len(), cases.len());

    let model_refs: Vec<&Model> = models.iter().collect();
    let entries: Vec<(usize, TypeId)> = subjects.iter().map(|s| (s.model, s.ty)).collect();
    let rust = RustValidators::build(
        "differential",
        Path::new(env!("CARGO_TARGET_TMPDIR")),
        &model_refs,
        &entries,
    );
    let rust_verdicts = rust.judge(&cases);

    let mut disagreements = Vec::new();
    let mut fast_path = Vec::new();
    let (mut valid, mut fast_checked) = (0usize, 0usize);
    for (((i, value), ts), rust) in cases.iter().zip(&ts_verdicts).zip(&rust_verdicts) {
        let s = &subjects[*i];
        if ts.is_empty() {
            valid += 1;
        }
        if *ts != rust.problems {
            disagreements.push(format!(
                "{} value {value}: TypeScript {ts:?}, Rust {:?}",
                s.origin, rust.problems
            ));
        }
        let agrees = match rust.decode.as_str() {
            "none" => true,
            "ok" => rust.problems.is_empty(),
            "problems" => !rust.problems.is_empty() && rust.decode_problems == rust.problems,
            // A value the schema accepts must fit the Rust type.
            "deserialize" => !rust.problems.is_empty(),
            _ => false,
        };
        if rust.decode != "none" {
            fast_checked += 1;
        }
        if !agrees {
            fast_path.push(format!(
                "{} value {value}: from_json {} {:?}, validate_value {:?}",
                s.origin, rust.decode, rust.decode_problems, rust.problems
            ));
        }
    }
    workspace_tests::figures::print_figures(&format!(
        "differential: {} values ({valid} valid) over {} schemas ({} suite groups, {} corpus payloads; corpus documents not generated: {}), seed {seed}\n\
         TypeScript/Rust disagreements (verdict, problem paths and messages): {}\n\
         Rust from_json disagreeing with validate_value ({fast_checked} values decoded): {}",
        cases.len(),
        subjects.len(),
        subjects.iter().filter(|s| s.model == 0).count(),
        subjects.iter().filter(|s| s.model != 0).count(),
        skipped.len(),
        disagreements.len(),
        fast_path.len(),
    ));
    assert!(cases.len() >= MIN_VALUES, "only {} values", cases.len());
    let show = |list: &[String]| list.iter().take(20).cloned().collect::<Vec<_>>().join("\n");
    assert!(
        disagreements.is_empty(),
        "seed {seed}: {} disagreements, the first:\n{}",
        disagreements.len(),
        show(&disagreements)
    );
    assert!(
        fast_path.is_empty(),
        "seed {seed}: {} from_json disagreements, the first:\n{}",
        fast_path.len(),
        show(&fast_path)
    );
}

fn write_files(dir: &Path, sub: &str, files: &[asyncapi_codegen_core::emit::GeneratedFile]) {
    for f in files {
        let path = dir.join(sub).join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &f.contents).expect("write generated file");
    }
}
