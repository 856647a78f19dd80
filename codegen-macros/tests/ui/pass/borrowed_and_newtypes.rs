//! Lifetimes on checked structs, newtypes (tuple and `transparent`) matched through the
//! fields that use them, and schemas named by JSON pointer.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize, Debug)]
    #[asyncapi(schema = "Site")]
    pub struct SiteRef<'a> {
        #[serde(borrow)]
        pub name: Option<&'a str>,
        pub location: Option<Point>,
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug)]
    #[asyncapi(schema = "#/components/schemas/Location")]
    pub struct Point {
        pub lat: f64,
        pub lon: f64,
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug)]
    #[asyncapi(schema = "Site")]
    pub struct NamedSite {
        pub name: Option<Name>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub location: Option<Point>,
    }

    /// A tuple newtype: serde writes the inner string.
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    pub struct Name(pub String);

    #[derive(serde::Serialize, serde::Deserialize, Debug)]
    #[asyncapi(schema = "Reading")]
    pub struct Tagged {
        pub id: Id,
        pub value: f64,
    }

    /// A `transparent` struct: its one field is the JSON form.
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    #[serde(transparent)]
    pub struct Id {
        pub uuid: String,
    }
}

fn main() {
    use asyncapi_codegen_runtime::CheckedAgainst;
    assert_eq!(
        Name::SCHEMA,
        "tests/fixtures/checks.yaml#/components/schemas/Site/properties/name"
    );
    assert_eq!(Point::SCHEMA, "tests/fixtures/checks.yaml#/components/schemas/Location");
    assert_eq!(<SiteRef<'static>>::SCHEMA, NamedSite::SCHEMA);
    let json = r#"{"name":"depot","location":{"lat":1.0,"lon":2.0}}"#;
    let site: SiteRef<'_> = serde_json::from_str(json).unwrap();
    assert_eq!(site.name, Some("depot"));
    let named: NamedSite = serde_json::from_str(json).unwrap();
    assert_eq!(named.name, Some(Name("depot".into())));
    let tagged: Tagged = serde_json::from_str(r#"{"id":"x","value":1}"#).unwrap();
    assert_eq!(tagged.id.uuid, "x");
}
