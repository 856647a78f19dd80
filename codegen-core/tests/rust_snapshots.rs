//! Snapshots of the Rust emitter's output, formatted with prettyplease (as asyncapi-codegen-build
//! writes it), for the seed spec, the streetlights 3.0 document and our own fixtures.
//!
//! The seed spec and the public corpus are the copies vendored under `tests/`. `CheckedAgainst::SCHEMA` paths are relative to the
//! spec's directory, so snapshots hold no machine paths.

mod support;

use asyncapi_codegen_core::emit::rust::{generate, RustOptions};
use asyncapi_codegen_core::emit::Perspective;
use asyncapi_codegen_core::load_model;
use std::path::Path;
use support::corpus_file;

/// Generates and formats the Rust for the spec at `path`.
fn rust_for(path: &Path, perspective: Perspective) -> String {
    let model =
        load_model(path).unwrap_or_else(|e| panic!("{} does not load:\n{e}", path.display()));
    let options = RustOptions {
        perspective,
        schema_base: path.parent().map(Path::to_path_buf),
        runtime_crate: None,
    };
    let tokens = generate(&model, &options);
    let file: syn::File = syn::parse2(tokens.clone()).unwrap_or_else(|e| {
        panic!(
            "generated Rust for {} does not parse: {e}\n{tokens}",
            path.display()
        )
    });
    // Generation is a pure function: a second run gives the same tokens.
    assert_eq!(tokens.to_string(), generate(&model, &options).to_string());
    prettyplease::unparse(&file)
}

#[test]
fn seed_spec() {
    let path = support::seed_spec();
    let out = rust_for(&path, Perspective::Application);
    assert!(out.contains("pub struct UserSignedup"), "{out}");
    insta::assert_snapshot!("seed", out);
}

#[test]
fn streetlights_3_0() {
    let path = corpus_file("asyncapi__spec@v3.0.0/examples/streetlights-mqtt-asyncapi.yml");
    insta::assert_snapshot!(
        "streetlights_3_0",
        rust_for(&path, Perspective::Application)
    );
}

#[test]
fn streetlights_2_6_client_perspective() {
    let path = corpus_file("asyncapi__spec@v2.6.0/examples/streetlights-mqtt.yml");
    insta::assert_snapshot!(
        "streetlights_2_6_client",
        rust_for(&path, Perspective::Client)
    );
}

#[test]
fn kitchen_sink() {
    let path = Path::new("tests/fixtures/rust/kitchen-sink.yaml");
    insta::assert_snapshot!("kitchen_sink", rust_for(path, Perspective::Application));
}

#[test]
fn typed_v2_parameters() {
    let path = Path::new("tests/fixtures/rust/v2-parameters.yaml");
    insta::assert_snapshot!("v2_parameters", rust_for(path, Perspective::Application));
}

#[test]
fn servers() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/servers/asyncapi.yaml");
    let out = rust_for(&path, Perspective::Application);
    assert!(out.contains("pub mod production_eu"), "{out}");
    insta::assert_snapshot!("servers", out);
}

/// Raw bytes are `Vec<u8>`, a text message without a schema a `String`; each message says
/// how its payload travels.
#[test]
fn content_types() {
    let out = rust_for(
        Path::new("../tests/fixtures/content-types/asyncapi.yaml"),
        Perspective::Application,
    );
    assert!(out.contains("type Payload = ::std::vec::Vec<u8>;"), "{out}");
    assert!(
        out.contains("::asyncapi_codegen_runtime::mqtt::PayloadFormat::Text"),
        "{out}"
    );
    insta::assert_snapshot!("content_types", out);
}
