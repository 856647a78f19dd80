//! The JSON Schema draft-07 meta-schema, built in.
//!
//! `{"$ref": "http://json-schema.org/draft-07/schema#"}` ("any valid draft-07 schema") is
//! the one remote reference that AsyncAPI documents and the JSON-Schema-Test-Suite use
//! routinely. Generation never reads the network, so the document is compiled in and
//! served for its identifier (and the `https:` spelling of it); every other remote
//! reference stays a located error.
//!
//! Provenance: `json-schema-draft-07.json` beside this file is `schema.json` of
//! <https://github.com/json-schema-org/json-schema-spec> at tag
//! `draft-handrews-json-schema-01` (commit `1afc34b65ead445ff363cfc870a28de0ca56e20f`,
//! the draft-07 release), copied byte for byte. Licence: BSD 3-Clause, Copyright (c) 2022
//! JSON Schema Specification Authors (that repository offers BSD 3-Clause or AFL 3.0; we
//! take BSD 3-Clause); the text is `json-schema-draft-07.LICENSE` beside this file.

/// The identifier the meta-schema declares in its `$id`, without the empty fragment.
pub const DRAFT_07_ID: &str = "http://json-schema.org/draft-07/schema";

/// Where diagnostics about the built-in document point (it has no file on disk).
pub const DRAFT_07_PATH: &str = "http://json-schema.org/draft-07/schema";

/// The meta-schema's text.
pub const DRAFT_07_TEXT: &str = include_str!("json-schema-draft-07.json");

/// True when `uri` (absolute, fragment removed) names the draft-07 meta-schema.
pub fn is_draft_07(uri: &str) -> bool {
    uri == DRAFT_07_ID || uri == "https://json-schema.org/draft-07/schema"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_meta_schema_parses_and_declares_its_identifier() {
        let root = crate::load::json::parse(DRAFT_07_TEXT, crate::load::FileId(0)).unwrap();
        let id = root.get("$id").and_then(crate::load::Node::as_str);
        assert_eq!(id, Some("http://json-schema.org/draft-07/schema#"));
        assert!(is_draft_07(crate::load::uri::split_fragment(id.unwrap()).0));
    }
}
