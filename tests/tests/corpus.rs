//! The public corpus of real AsyncAPI documents (`ASYNCAPI_CORPUS_DIR`, see
//! `workspace_tests::corpus_dir`): every entry document loads, streetlights 2.6.0 and 3.0.0
//! normalise to the same API, and `inspect` output is byte-for-byte stable.

use asyncapi_codegen_core::load_model;
use asyncapi_codegen_core::model::inspect::inspect_json;
use serde_json::Value;
use workspace_tests::{corpus_dir, corpus_entry_documents};

#[test]
fn every_corpus_entry_document_loads() {
    let docs = corpus_entry_documents();
    assert!(
        docs.len() >= 19,
        "the corpus lists 19 entry documents, found {docs:?}"
    );
    let mut failures = Vec::new();
    for doc in &docs {
        if let Err(e) = load_model(&corpus_dir().join(doc)) {
            failures.push(format!("{}:\n{}", doc.display(), e.render()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn inspect(relative: &str) -> Value {
    let model = load_model(&corpus_dir().join(relative))
        .unwrap_or_else(|e| panic!("{relative} does not load:\n{}", e.render()));
    serde_json::from_str(&inspect_json(&model)).expect("inspect writes JSON")
}

fn text(v: &Value) -> String {
    v.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string())
}

/// What must agree between the 2.x and the 3.x form of one API, per channel address:
/// the parameters, and per operation on it the action, the MQTT qos and the payload type
/// names of its messages.
fn api(doc: &Value) -> Vec<String> {
    let channels = doc["channels"].as_array().expect("channels");
    let messages = doc["messages"].as_array().expect("messages");
    let payload_of = |id: &Value| {
        messages
            .iter()
            .find(|m| m["id"] == *id)
            .map(|m| text(&m["payloadType"]))
            .unwrap_or_else(|| panic!("operation message {id} is not in `messages`"))
    };
    let mut out = Vec::new();
    for ch in channels {
        let params: Vec<String> = ch["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .map(|p| format!("{}:{}:{}", text(&p["name"]), text(&p["type"]), p["enum"]))
            .collect();
        out.push(format!(
            "channel {} params {params:?}",
            text(&ch["address"])
        ));
        for op in doc["operations"].as_array().expect("operations") {
            if op["channel"] != ch["id"] {
                continue;
            }
            let payloads: Vec<String> = op["messages"]
                .as_array()
                .expect("operation messages")
                .iter()
                .map(payload_of)
                .collect();
            out.push(format!(
                "  {} {} qos={} payloads={payloads:?}",
                text(&op["id"]),
                text(&op["action"]),
                op["mqtt"]["qos"]
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn streetlights_2_6_and_3_0_normalise_to_the_same_api() {
    let v2 = inspect("asyncapi__spec@v2.6.0/examples/streetlights-mqtt.yml");
    let v3 = inspect("asyncapi__spec@v3.0.0/examples/streetlights-mqtt-asyncapi.yml");
    let (a, b) = (api(&v2), api(&v3));
    assert_eq!(a, b);
    // Pin the facts the comparison rests on, so that two equally wrong results fail too.
    let joined = a.join("\n");
    assert!(
        joined
            .contains("receiveLightMeasurement receive qos=1 payloads=[\"LightMeasuredPayload\"]"),
        "{joined}"
    );
    assert!(
        joined.contains("turnOn send qos=1 payloads=[\"TurnOnOffPayload\"]"),
        "{joined}"
    );
    assert!(joined.contains(
        "channel smartylighting/streetlights/1/0/action/{streetlightId}/dim params [\"streetlightId:string:null\"]"
    ), "{joined}");
    assert_eq!(a.len(), 8, "{joined}");
}

#[test]
fn inspect_twice_gives_identical_bytes() {
    for doc in corpus_entry_documents() {
        let path = corpus_dir().join(&doc);
        let a = inspect_json(&load_model(&path).expect("loads"));
        let b = inspect_json(&load_model(&path).expect("loads"));
        assert_eq!(a, b, "{}", doc.display());
    }
}
