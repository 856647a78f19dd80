//! A real `cargo build` of a crate whose build.rs calls asyncapi-codegen-build
//! (fixture: `tests/fixtures/build-script`, a `backend/` crate writing into
//! `frontend/src/__gen__`, with a `$ref`'d schema file).
//!
//! Each test copies the fixture into its own scratch directory. They share one cargo target
//! directory under cargo's per-test temp dir, so asyncapi-codegen-core and its dependencies compile
//! once (the first run takes a minute; later ones a few seconds). Builds run `--offline`: the
//! workspace build has already fetched every dependency.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};
use workspace_tests::workspace_root;

const MARKER: &str = asyncapi_codegen_core::emit::GENERATED_MARKER;

/// The fixture copied to a fresh scratch directory, ready to build.
struct Fixture {
    root: PathBuf,
    package: String,
}

impl Fixture {
    fn new(name: &str) -> Fixture {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("build-script")
            .join(name);
        let _ = fs::remove_dir_all(&root);
        copy_dir(&workspace_root().join("tests/fixtures/build-script"), &root);
        // The copy lives elsewhere: point the dependency at this workspace's asyncapi-codegen-build.
        let manifest = root.join("backend/Cargo.toml");
        let text = fs::read_to_string(&manifest).unwrap();
        let relative = r#"path = "../../../../codegen-build""#;
        assert!(
            text.contains(relative),
            "the fixture's asyncapi-codegen-build path changed"
        );
        let absolute = workspace_root().join("codegen-build");
        let text = text.replace(
            relative,
            &format!(
                "path = {:?}",
                absolute.to_str().expect("UTF-8 workspace path")
            ),
        );
        // Cargo keys a root package's build-script state by name and version, not path: a
        // name per test keeps the tests (which share a target dir) from rerunning each other's.
        let text = text.replace(
            r#"name = "build-script-fixture""#,
            &format!(r#"name = "build-script-fixture-{name}""#),
        );
        fs::write(&manifest, text).unwrap();
        // Same dependency versions as the workspace (so `--offline` finds them), same toolchain.
        fs::copy(
            workspace_root().join("Cargo.lock"),
            root.join("backend/Cargo.lock"),
        )
        .unwrap();
        fs::copy(
            workspace_root().join("rust-toolchain.toml"),
            root.join("rust-toolchain.toml"),
        )
        .unwrap();
        Fixture {
            root,
            package: format!("build-script-fixture-{name}"),
        }
    }

    fn backend(&self, rel: &str) -> PathBuf {
        self.root.join("backend").join(rel)
    }

    fn generated_dir(&self) -> PathBuf {
        self.root.join("frontend/src/__gen__")
    }

    /// `cargo build -v` of the backend; `-v` shows whether the build script ran.
    fn build(&self) -> Output {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-script-target");
        let output = Command::new(cargo)
            .args(["build", "-v", "--offline"])
            .current_dir(self.root.join("backend"))
            .env("CARGO_TARGET_DIR", target)
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("OUT_DIR")
            .output()
            .expect("cargo runs");
        output
    }

    /// Did this cargo run (its `-v` stderr) execute the fixture's build script?
    fn build_script_ran(&self, stderr: &str) -> bool {
        let dir = format!("{}-", self.package);
        stderr
            .lines()
            .any(|l| l.contains("Running") && l.contains(&dir) && l.contains("build-script-build"))
    }

    fn build_ok(&self) -> String {
        let output = self.build();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "cargo build failed:\n{stderr}");
        stderr
    }

    /// Every generated file: relative path → (bytes, mtime).
    fn generated(&self) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
        let dir = self.generated_dir();
        files_below(&dir)
            .into_iter()
            .map(|rel| {
                let path = dir.join(&rel);
                let bytes = fs::read(&path).unwrap();
                let mtime = fs::metadata(&path).unwrap().modified().unwrap();
                (rel, (bytes, mtime))
            })
            .collect()
    }

    /// Moves every generated file's mtime an hour back, so that any rewrite shows.
    fn age_generated(&self) {
        let past = SystemTime::now() - Duration::from_secs(3600);
        for rel in files_below(&self.generated_dir()) {
            fs::File::options()
                .write(true)
                .open(self.generated_dir().join(rel))
                .unwrap()
                .set_modified(past)
                .unwrap();
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Relative `/`-separated paths of every file below `dir`, sorted.
fn files_below(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                out.push(rel.to_str().unwrap().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// The one payload class of the fixture (its name is the emitter's choice).
fn payload_file<T>(files: &BTreeMap<String, T>) -> String {
    let payloads: Vec<&String> = files
        .keys()
        .filter(|f| f.starts_with("payloads/") && *f != "payloads/index.ts")
        .collect();
    assert_eq!(
        payloads.len(),
        1,
        "one payload class expected: {:?}",
        files.keys()
    );
    payloads[0].clone()
}

/// Rewrites a file with the same bytes: a new mtime, so cargo reruns the build script.
fn touch(path: &Path) {
    let bytes = fs::read(path).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    fs::write(path, bytes).unwrap();
}

#[test]
fn first_build_writes_the_client_and_later_builds_rewrite_nothing() {
    let fixture = Fixture::new("rewrite-nothing");
    let stderr = fixture.build_ok();
    assert!(fixture.build_script_ran(&stderr), "{stderr}");

    let first = fixture.generated();
    assert!(
        first.contains_key("channels/index.ts"),
        "channels/index.ts missing from {:?}",
        first.keys()
    );
    payload_file(&first);
    for (rel, (bytes, _)) in &first {
        let first_line = bytes.split(|&b| b == b'\n').next().unwrap();
        assert!(
            String::from_utf8_lossy(first_line).contains(MARKER),
            "{rel} lacks the generated marker on its first line"
        );
    }
    fixture.age_generated();
    let aged = fixture.generated();

    // Nothing changed: cargo does not even rerun the build script.
    let stderr = fixture.build_ok();
    assert!(!fixture.build_script_ran(&stderr), "{stderr}");
    assert_eq!(fixture.generated(), aged);

    // The document's mtime changed but not its bytes: the script reruns and writes nothing.
    touch(&fixture.backend("asyncapi.yaml"));
    let stderr = fixture.build_ok();
    assert!(fixture.build_script_ran(&stderr), "{stderr}");
    assert_eq!(
        fixture.generated(),
        aged,
        "a rerun with the same output rewrote files"
    );
}

#[test]
fn editing_a_referenced_file_regenerates_the_client() {
    let fixture = Fixture::new("edit-ref");
    fixture.build_ok();
    let before = fixture.generated();
    let payload = payload_file(&before);
    assert!(!String::from_utf8_lossy(&before[&payload].0).contains("favouriteColour"));

    // Only the `$ref`'d schema file changes; cargo knows it from rerun-if-changed.
    let schema = fixture.backend("schemas/user.yaml");
    let mut text = fs::read_to_string(&schema).unwrap();
    text.push_str("  favouriteColour:\n    type: string\n");
    std::thread::sleep(Duration::from_millis(20));
    fs::write(&schema, text).unwrap();

    let stderr = fixture.build_ok();
    assert!(fixture.build_script_ran(&stderr), "{stderr}");
    let after = fixture.generated();
    assert!(
        String::from_utf8_lossy(&after[&payload].0).contains("favouriteColour"),
        "the payload class was not regenerated:\n{}",
        String::from_utf8_lossy(&after[&payload].0)
    );
}

#[test]
fn a_broken_document_fails_the_build_with_the_located_diagnostic_and_keeps_the_output() {
    let fixture = Fixture::new("broken");
    fixture.build_ok();
    let before = fixture.generated();
    assert!(!before.is_empty());

    let spec = fixture.backend("asyncapi.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    fs::write(&spec, text.replacen("action: send", "action: sned", 1)).unwrap();

    let output = fixture.build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "the build succeeded with a broken document"
    );
    assert!(
        stderr.contains(
            "asyncapi.yaml:13:13 (#/operations/publishUserSignups/action): `action` must be `send` or `receive`, found `sned`"
        ),
        "cargo's output lacks the located diagnostic:\n{stderr}"
    );
    assert_eq!(
        fixture.generated(),
        before,
        "the output changed although the build failed"
    );

    // A broken `$ref`'d file is located in that file, and cargo reran for it.
    fs::write(&spec, text).unwrap();
    fs::write(
        fixture.backend("schemas/user.yaml"),
        "type: object\nproperties: [oops\n",
    )
    .unwrap();
    let output = fixture.build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("schemas/user.yaml:3:1 (#)"),
        "cargo's output lacks the located YAML error:\n{stderr}"
    );
    assert_eq!(fixture.generated(), before);
}

#[test]
fn hand_written_files_survive_and_stale_generated_files_are_removed() {
    let fixture = Fixture::new("stale");
    fixture.build_ok();
    let gen = fixture.generated_dir();
    let mine = "export const handWritten = true;\n";
    fs::write(gen.join("mine.ts"), mine).unwrap();
    fs::create_dir_all(gen.join("retired")).unwrap();
    fs::write(
        gen.join("retired/OldMessage.ts"),
        format!("// {MARKER}. Do not edit.\nexport class OldMessage {{}}\n"),
    )
    .unwrap();
    let main_ts = fs::read(fixture.root.join("frontend/src/main.ts")).unwrap();

    touch(&fixture.backend("asyncapi.yaml"));
    fixture.build_ok();
    assert_eq!(fs::read_to_string(gen.join("mine.ts")).unwrap(), mine);
    assert!(
        !gen.join("retired/OldMessage.ts").exists(),
        "the stale file was kept"
    );
    assert!(
        !gen.join("retired").exists(),
        "the emptied directory was kept"
    );
    assert_eq!(
        fs::read(fixture.root.join("frontend/src/main.ts")).unwrap(),
        main_ts
    );

    // A hand-written file where a generated one goes fails the build and is not clobbered.
    let index = gen.join("channels/index.ts");
    fs::write(&index, "// my own version\n").unwrap();
    touch(&fixture.backend("asyncapi.yaml"));
    let output = fixture.build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "the build overwrote a hand-written file"
    );
    assert!(
        stderr.contains("is in the way of the generated file `channels/index.ts`"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&index).unwrap(), "// my own version\n");
}
