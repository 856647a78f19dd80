//! The TypeScript runtime's own unit tests (`codegen-core/runtime/typescript/tests/*.test.ts`),
//! run with `node --test`: the runtime files and their tests are compiled together with tsc
//! 5.9 under the strict NodeNext settings of GUIDE §6 (TypeScript 7 type-checks them too),
//! against a mosquitto of their own (`MQTT_URL`) and the topic-matching table shared with the
//! Rust runtime (`TOPIC_MATCHING_CASES`, `tests/fixtures/topic-matching-cases.json`).

use serde_json::json;
use std::path::{Path, PathBuf};
use workspace_tests::mosquitto::Mosquitto;
use workspace_tests::node::{self, TypeScript};
use workspace_tests::scratch::ScratchDir;
use workspace_tests::ts_project::{fixture, ts_dir};
use workspace_tests::workspace_root;

/// The runtime's unit tests number this many; fewer passing means some were lost.
const EXPECTED_TESTS: u64 = 63;

/// The `.ts` files directly in `dir`, sorted by name.
fn ts_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ts"))
        .collect();
    files.sort();
    files
}

/// Copies `files` into `to` (relative to the scratch directory); returns their names.
fn copy(scratch: &ScratchDir, files: &[PathBuf], to: &str) -> Vec<String> {
    files
        .iter()
        .map(|file| {
            let name = file
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(file)
                .unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
            scratch.write(&format!("{to}/{name}"), &text);
            name
        })
        .collect()
}

fn write_tsconfig(
    scratch: &ScratchDir,
    name: &str,
    compiler_options: serde_json::Value,
) -> PathBuf {
    let config = json!({
        "extends": ts_dir().join("tsconfig.nodenext.json").to_string_lossy(),
        "compilerOptions": compiler_options,
        "include": ["src"],
    });
    scratch.write(name, &serde_json::to_string_pretty(&config).expect("JSON"))
}

#[test]
fn the_typescript_runtime_passes_its_unit_tests() {
    let runtime = workspace_root().join("codegen-core/runtime/typescript");
    let scratch = ScratchDir::new(Path::new(env!("CARGO_TARGET_TMPDIR")), "typescript-runtime");
    let modules = copy(&scratch, &ts_files(&runtime), "src");
    assert_eq!(
        modules,
        ["mqtt.ts", "request.ts", "topic.ts", "validation.ts"],
        "the runtime's modules"
    );
    let tests = copy(&scratch, &ts_files(&runtime.join("tests")), "src/tests");
    assert!(
        tests.iter().all(|name| name.ends_with(".test.ts")),
        "only test files in runtime/typescript/tests: {tests:?}"
    );
    scratch.write(
        "package.json",
        &json!({ "private": true, "type": "module" }).to_string(),
    );
    // The scratch directory may live outside the workspace (CARGO_TARGET_DIR): node and tsc
    // find `mqtt` and `@types/node` through this link to the locked packages.
    std::os::unix::fs::symlink(node::node_modules(), scratch.path().join("node_modules"))
        .expect("link node_modules");

    let emit = write_tsconfig(
        &scratch,
        "tsconfig.json",
        json!({ "rootDir": "src", "outDir": "dist" }),
    );
    node::tsc_project(TypeScript::V5_9, &emit);
    let check = write_tsconfig(
        &scratch,
        "tsconfig.ts7.json",
        json!({ "rootDir": "src", "noEmit": true }),
    );
    node::tsc_project(TypeScript::V7, &check);

    let files: Vec<PathBuf> = tests
        .iter()
        .map(|name| {
            scratch
                .path()
                .join("dist/tests")
                .join(name.replace(".ts", ".js"))
        })
        .collect();
    let broker = Mosquitto::start();
    let summary = node::node_test(
        &files,
        scratch.path(),
        &[
            ("MQTT_URL", broker.url()),
            (
                "TOPIC_MATCHING_CASES",
                fixture("topic-matching-cases.json").display().to_string(),
            ),
        ],
        EXPECTED_TESTS,
    );
    println!(
        "TypeScript runtime unit tests ({} files): pass {}, fail {}",
        files.len(),
        summary.pass,
        summary.fail
    );
    assert_eq!(
        summary.pass, EXPECTED_TESTS,
        "update EXPECTED_TESTS when adding or removing runtime tests"
    );
}
