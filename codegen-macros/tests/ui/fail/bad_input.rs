//! Input that does not start with `spec = "..."`.

asyncapi_codegen_macros::asyncapi! {
    path = "tests/fixtures/checks.yaml";
}

fn main() {}
