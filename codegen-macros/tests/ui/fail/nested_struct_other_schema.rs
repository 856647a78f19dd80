//! A nested struct checked against another schema in another block.

mod other {
    asyncapi_codegen_macros::asyncapi! {
        spec = "tests/fixtures/checks.yaml";

        #[derive(serde::Serialize, serde::Deserialize)]
        #[asyncapi(schema = "Site")]
        pub struct Place {
            pub name: Option<String>,
        }
    }
}

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Site")]
    pub struct Site {
        pub name: Option<String>,
        pub location: Option<other::Place>,
    }
}

fn main() {}
