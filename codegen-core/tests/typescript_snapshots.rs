//! Snapshots of the TypeScript emitter's output for the seed spec, the streetlights
//! documents and our own fixtures (`fixtures/typescript/`): every generated file but the
//! static runtime, concatenated with a `=== path ===` line before each.
//!
//! The seed spec and the public corpus are the copies vendored under `tests/`.

mod support;

use asyncapi_codegen_core::emit::typescript::{generate, TypeScriptOptions};
use asyncapi_codegen_core::emit::{GeneratedFile, Perspective, GENERATED_MARKER};
use asyncapi_codegen_core::load_model;
use std::path::{Path, PathBuf};
use support::corpus_file;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/typescript")
        .join(name)
}

fn files_for(path: &Path, options: &TypeScriptOptions) -> Vec<GeneratedFile> {
    let model =
        load_model(path).unwrap_or_else(|e| panic!("{} does not load:\n{e}", path.display()));
    let files = generate(&model, options).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // A pure function: the same model gives the same bytes.
    assert_eq!(files, generate(&model, options).unwrap());
    for f in &files {
        assert!(
            f.contents
                .lines()
                .next()
                .is_some_and(|l| l.starts_with("// ") && l.contains(GENERATED_MARKER)),
            "{}: no marker line",
            f.path
        );
        assert!(
            !f.path.is_empty()
                && !f.path.starts_with('/')
                && f.path.ends_with(".ts")
                && f.path
                    .split('/')
                    .all(|c| !c.is_empty() && c != ".." && c != "."),
            "bad path {:?}",
            f.path
        );
        assert!(f.contents.ends_with('\n') && !f.contents.ends_with("\n\n"));
        assert!(!f.contents.contains('\r') && !f.contents.contains("\n\n\n"));
    }
    let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let unsorted = paths.clone();
    paths.sort_unstable();
    assert_eq!(paths, unsorted, "files must be sorted by path");
    files
}

fn snapshot_text(files: &[GeneratedFile]) -> String {
    let mut out = String::new();
    for f in files.iter().filter(|f| !f.path.starts_with("runtime/")) {
        out.push_str("=== ");
        out.push_str(&f.path);
        out.push_str(" ===\n");
        out.push_str(&f.contents);
    }
    out
}

fn application() -> TypeScriptOptions {
    TypeScriptOptions::default()
}

#[test]
fn seed_spec() {
    let files = files_for(&support::seed_spec(), &application());
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "channels/index.ts",
            "headers/index.ts",
            "index.ts",
            "parameters/index.ts",
            "payloads/UserSignedup.ts",
            "payloads/index.ts",
            "runtime/mqtt.ts",
            "runtime/request.ts",
            "runtime/topic.ts",
            "runtime/validation.ts",
        ]
    );
    let channels = &files[0].contents;
    assert!(channels.contains("export async function publishToUserSignedup("));
    assert!(channels.contains("export async function subscribeToUserSignedup("));
    assert!(channels.contains("export const Protocols = {"));
    insta::assert_snapshot!("seed", snapshot_text(&files));
}

#[test]
fn streetlights_3_0() {
    let path = corpus_file("asyncapi__spec@v3.0.0/examples/streetlights-mqtt-asyncapi.yml");
    let files = files_for(&path, &application());
    assert!(files
        .iter()
        .any(|f| f.path == "parameters/LightingMeasuredParameters.ts"));
    insta::assert_snapshot!("streetlights_3_0", snapshot_text(&files));
}

#[test]
fn streetlights_2_6() {
    let path = corpus_file("asyncapi__spec@v2.6.0/examples/streetlights-mqtt.yml");
    insta::assert_snapshot!(
        "streetlights_2_6",
        snapshot_text(&files_for(&path, &application()))
    );
}

#[test]
fn kitchen_sink() {
    insta::assert_snapshot!(
        "kitchen_sink",
        snapshot_text(&files_for(&fixture("kitchen-sink.yaml"), &application()))
    );
}

#[test]
fn kitchen_sink_client_perspective_swaps_directions() {
    let app = files_for(&fixture("kitchen-sink.yaml"), &application());
    let client = files_for(
        &fixture("kitchen-sink.yaml"),
        &TypeScriptOptions {
            perspective: Perspective::Client,
            both_directions: false,
        },
    );
    let channels = |files: &[GeneratedFile]| {
        files
            .iter()
            .find(|f| f.path == "channels/index.ts")
            .expect("channels")
            .contents
            .clone()
    };
    let (app, client) = (channels(&app), channels(&client));
    // The spec sends status and receives batch; the client does the opposite.
    assert!(
        app.contains("function publishToStatus(") && !app.contains("function subscribeToStatus(")
    );
    assert!(
        client.contains("function subscribeToStatus(")
            && !client.contains("function publishToStatus(")
    );
    assert!(
        app.contains("function subscribeToBatch(") && !app.contains("function publishToBatch(")
    );
    assert!(
        client.contains("function publishToBatch(")
            && !client.contains("function subscribeToBatch(")
    );
    insta::assert_snapshot!("kitchen_sink_client_channels", client);
}

#[test]
fn both_directions_gives_every_channel_both_functions() {
    let files = files_for(
        &fixture("kitchen-sink.yaml"),
        &TypeScriptOptions {
            perspective: Perspective::Application,
            both_directions: true,
        },
    );
    let channels = &files
        .iter()
        .find(|f| f.path == "channels/index.ts")
        .expect("channels")
        .contents;
    for m in ["Telemetry", "Status", "Batch", "Shape", "Count", "Tree"] {
        assert!(
            channels.contains(&format!("function publishTo{m}(")),
            "publishTo{m}"
        );
        assert!(
            channels.contains(&format!("function subscribeTo{m}(")),
            "subscribeTo{m}"
        );
    }
}

/// Request/reply from AsyncAPI 3 `reply` (the behaviour suite's fixture): `request<Op>` for a
/// `send` operation, `handle<Op>` for a `receive` one, swapped by the client perspective.
#[test]
fn request_reply() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/mqtt-request-reply/asyncapi.yaml");
    let app = files_for(&spec, &application());
    let client = files_for(
        &spec,
        &TypeScriptOptions {
            perspective: Perspective::Client,
            both_directions: false,
        },
    );
    let channels = |files: &[GeneratedFile]| {
        files
            .iter()
            .find(|f| f.path == "channels/index.ts")
            .expect("channels")
            .contents
            .clone()
    };
    let (a, c) = (channels(&app), channels(&client));
    for (op, counterpart) in [
        ("PingDevice", "AnswerPing"),
        ("GetStatus", "ServeStatus"),
        ("Compute", "ServeCompute"),
    ] {
        assert!(a.contains(&format!("function request{op}(")), "{op}");
        assert!(
            a.contains(&format!("function handle{counterpart}(")),
            "{op}"
        );
        assert!(!a.contains(&format!("function handle{op}(")), "{op}");
        assert!(c.contains(&format!("function handle{op}(")), "{op}");
        assert!(
            c.contains(&format!("function request{counterpart}(")),
            "{op}"
        );
        assert!(!c.contains(&format!("function request{op}(")), "{op}");
    }
    assert!(a.contains("replyTo: {},"));
    assert!(a.contains("replyTo: { header: 'replyTo' },"));
    assert!(a.contains("replyTo: { topic: 'compute/results' },"));
    insta::assert_snapshot!("request_reply", snapshot_text(&app));
}

/// A class payload that is also nested elsewhere (and recursive) is referred to by its fields.
#[test]
fn shared_types() {
    let files = files_for(&fixture("shared-types.yaml"), &application());
    let items = files
        .iter()
        .find(|f| f.path == "payloads/Items.ts")
        .expect("payloads/Items.ts");
    assert!(items
        .contents
        .contains("export type Items = validation.Fields<Item>[];"));
    insta::assert_snapshot!("shared_types", snapshot_text(&files));
}

/// Spec text never escapes a comment or a string, and spec names never form paths.
#[test]
fn hostile_spec_text_stays_inert() {
    let files = files_for(&fixture("hostile.yaml"), &application());
    for f in &files {
        assert!(
            !f.path.contains("etc") || f.path.starts_with("parameters/"),
            "{}",
            f.path
        );
        for line in f.contents.lines() {
            let t = line.trim_start();
            // In comment lines, `*/` only ever closes one of our own comments.
            let comment = t.starts_with("/**") || t.starts_with('*') || t.starts_with("//");
            if let Some(at) = t.find("*/").filter(|_| comment) {
                assert!(
                    at + 2 == t.len() && (t == "*/" || t.starts_with("/**")),
                    "{}: stray comment end: {line}",
                    f.path
                );
            }
            // Raw line terminators from the spec never reach the text.
            assert!(!line.contains('\u{2028}') && !line.contains('\u{2029}'));
        }
    }
    insta::assert_snapshot!("hostile", snapshot_text(&files));
}

#[test]
fn servers() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/servers/asyncapi.yaml");
    let files = files_for(&path, &application());
    assert!(files.iter().any(|f| f.path == "servers/index.ts"));
    insta::assert_snapshot!("servers", snapshot_text(&files));
}

/// Text payloads (`text/*`) marshal as the string itself, raw bytes are `Uint8Array`s, and
/// JSON stays JSON.
#[test]
fn content_types() {
    let files = files_for(
        Path::new("../tests/fixtures/content-types/asyncapi.yaml"),
        &application(),
    );
    let file = |path: &str| {
        &files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
            .contents
    };
    assert!(file("payloads/LogLine.ts").contains("const value = validation.decodeUtf8("));
    assert!(!files.iter().any(|f| f.path.contains("FirmwareChunk")));
    let channels = file("channels/index.ts");
    assert!(channels
        .contains("export async function publishToFirmwareChunk(\n  message: Uint8Array,\n"));
    assert!(channels.contains("payload: runtime.textPayload('logLine payload', message),"));
    insta::assert_snapshot!("content_types", snapshot_text(&files));
}

/// Request/reply by content type: a text request, replies as raw bytes or raw text.
#[test]
fn content_types_request_reply() {
    let files = files_for(&fixture("content-types-request-reply.yaml"), &application());
    let channels = &files
        .iter()
        .find(|f| f.path == "channels/index.ts")
        .expect("channels/index.ts")
        .contents;
    assert!(
        channels.contains("Promise<Uint8Array | string>"),
        "{channels}"
    );
    assert!(channels.contains("format: 'bytes'"), "{channels}");
    insta::assert_snapshot!("content_types_request_reply", snapshot_text(&files));
}
