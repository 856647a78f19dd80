//! Input that does not start with `spec = "..."`.

codegen_macros::asyncapi! {
    path = "tests/fixtures/checks.yaml";
}

fn main() {}
