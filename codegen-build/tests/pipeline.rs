//! The library end to end, outside a build script: a real document through the real loader,
//! normaliser and TypeScript emitter into a real directory.

use asyncapi_codegen_build::output::GENERATED_MARKER;
use asyncapi_codegen_build::{Config, Error, Perspective};
use std::fs;
use std::path::{Path, PathBuf};

const SPEC: &str = "\
asyncapi: 3.0.0
info:
  title: Pipeline
  version: 1.0.0
channels:
  userSignups:
    address: user/signedup
    messages:
      userSignedup:
        $ref: '#/components/messages/UserSignedUp'
operations:
  publishUserSignups:
    action: send
    channel:
      $ref: '#/channels/userSignups'
components:
  messages:
    UserSignedUp:
      payload:
        $ref: './user.yaml'
";

const USER: &str = "\
type: object
properties:
  displayName:
    type: string
";

/// A scratch directory holding the document and its `$ref`'d schema.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("pipeline")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("asyncapi.yaml"), SPEC).unwrap();
    fs::write(dir.join("user.yaml"), USER).unwrap();
    dir
}

fn config(dir: &Path) -> Config {
    Config::new("asyncapi.yaml")
        .base_dir(dir)
        .typescript_out("gen")
        .cargo_instructions(false)
}

#[test]
fn generate_then_check_is_up_to_date_and_a_second_generate_writes_nothing() {
    let dir = scratch("fresh");
    let generated = config(&dir).generate().unwrap();
    assert_eq!(
        generated.files,
        [dir.join("asyncapi.yaml"), dir.join("user.yaml")],
        "every file read, for rerun-if-changed"
    );
    assert!(dir.join("gen").is_dir());
    for file in generated.outputs[0].created.iter() {
        let text = fs::read_to_string(dir.join("gen").join(file)).unwrap();
        assert!(
            text.lines().next().unwrap().contains(GENERATED_MARKER),
            "{file}"
        );
    }

    let check = config(&dir).check().unwrap();
    assert!(check.is_up_to_date(), "{:?}", check.outputs);
    let again = config(&dir).generate().unwrap();
    assert!(again.outputs[0].is_noop(), "{:?}", again.outputs);
    assert_eq!(again.outputs[0].unchanged, generated.outputs[0].created);
}

#[test]
fn check_reports_stale_files_and_generate_removes_them() {
    let dir = scratch("stale");
    config(&dir).generate().unwrap();
    let stale = dir.join("gen/payloads/Retired.ts");
    fs::create_dir_all(stale.parent().unwrap()).unwrap();
    fs::write(&stale, format!("// {GENERATED_MARKER}\n")).unwrap();
    fs::write(dir.join("gen/mine.ts"), "// mine\n").unwrap();

    let check = config(&dir).check().unwrap();
    let drift: Vec<(&str, &str)> = check.outputs[0]
        .changes()
        .iter()
        .map(|c| (c.path(), c.kind().drift_label()))
        .collect();
    assert_eq!(drift, [("payloads/Retired.ts", "stale")]);
    assert!(stale.exists(), "check must not write");

    let written = config(&dir).generate().unwrap();
    assert_eq!(written.outputs[0].removed, ["payloads/Retired.ts"]);
    assert!(!stale.exists());
    assert_eq!(
        fs::read_to_string(dir.join("gen/mine.ts")).unwrap(),
        "// mine\n"
    );
}

#[test]
fn a_document_error_is_located_and_leaves_the_output_alone() {
    let dir = scratch("broken");
    config(&dir).generate().unwrap();
    let marked = dir.join("gen/stale.ts");
    fs::write(&marked, format!("// {GENERATED_MARKER}\n")).unwrap();
    fs::write(dir.join("user.yaml"), "type: object\nproperties: [oops\n").unwrap();

    let err = config(&dir).generate().unwrap_err();
    let Error::Spec(core) = &err else {
        panic!("expected a document error, got {err}");
    };
    let location = &core.diagnostics[0].location;
    assert_eq!(
        (location.file.clone(), location.line),
        (dir.join("user.yaml"), 3)
    );
    assert!(
        err.to_string()
            .starts_with("the AsyncAPI document has 1 error(s):\n\nerror: "),
        "{err}"
    );
    assert!(marked.exists(), "a failed generation removed a file");
}

#[test]
fn the_one_call_function_and_the_builder_agree() {
    let dir = scratch("one-call");
    let one =
        asyncapi_codegen_build::generate_typescript(dir.join("asyncapi.yaml"), dir.join("one"))
            .unwrap();
    let built = Config::new(dir.join("asyncapi.yaml"))
        .typescript_out(dir.join("built"))
        .perspective(Perspective::Application)
        .both_directions(false)
        .generate()
        .unwrap();
    assert_eq!(one.outputs[0].created, built.outputs[0].created);
    for file in &one.outputs[0].created {
        assert_eq!(
            fs::read(dir.join("one").join(file)).unwrap(),
            fs::read(dir.join("built").join(file)).unwrap(),
            "{file}"
        );
    }
}
