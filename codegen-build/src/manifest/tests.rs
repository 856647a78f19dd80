use super::*;

fn parse_str(text: &str) -> Result<Options, ManifestError> {
    parse(Path::new("backend/Cargo.toml"), text)
}

/// The error's lines, as the user sees them.
fn errors(text: &str) -> Vec<String> {
    let err = parse_str(text).expect_err("the table is invalid");
    err.to_string().lines().map(str::to_string).collect()
}

const PACKAGE: &str = "[package]\nname = \"backend\"\nversion = \"0.1.0\"\n\n";

#[test]
fn every_key_is_read() {
    let text = format!(
        "{PACKAGE}[package.metadata.asyncapi-codegen]\n\
         spec = \"../asyncapi.yaml\"\n\
         typescript-out = \"../frontend/src/__gen__\"\n\
         perspective = \"client\"\n\
         both-directions = true\n\
         rust-out = \"contract.rs\"\n"
    );
    assert_eq!(
        parse_str(&text),
        Ok(Options {
            spec: "../asyncapi.yaml".into(),
            typescript_out: Some("../frontend/src/__gen__".into()),
            perspective: Some(Perspective::Client),
            both_directions: true,
            rust_out: Some("contract.rs".into()),
        })
    );
}

#[test]
fn defaults_and_other_spellings_of_the_table() {
    let expected = Options {
        spec: "asyncapi.yaml".into(),
        typescript_out: None,
        perspective: None,
        both_directions: false,
        rust_out: Some("asyncapi.rs".into()),
    };
    for text in [
        format!("{PACKAGE}[package.metadata.asyncapi-codegen]\nspec = \"asyncapi.yaml\"\nrust-out = \"asyncapi.rs\"\n"),
        format!("{PACKAGE}metadata.asyncapi-codegen = {{ spec = \"asyncapi.yaml\", rust-out = \"asyncapi.rs\" }}\n"),
        format!("{PACKAGE}[package.metadata]\nother-tool = 1\nasyncapi-codegen.spec = \"asyncapi.yaml\"\nasyncapi-codegen.rust-out = \"asyncapi.rs\"\n"),
    ] {
        assert_eq!(parse_str(&text).as_ref(), Ok(&expected), "{text}");
    }
}

#[test]
fn the_config_resolves_paths_against_the_manifest_dir() {
    let options = Options {
        spec: "../asyncapi.yaml".into(),
        typescript_out: Some("../frontend/src/__gen__".into()),
        perspective: Some(Perspective::Client),
        both_directions: false,
        rust_out: None,
    };
    let config = options.config(Path::new("/repo/backend"));
    let env = BuildEnv {
        manifest_dir: Some("/elsewhere".into()),
        out_dir: None,
    };
    assert_eq!(
        config.resolve(&env, &options.spec),
        Path::new("/repo/backend/../asyncapi.yaml")
    );
}

#[test]
fn unknown_keys_and_wrong_types_are_located_and_all_reported() {
    let text = format!(
        "{PACKAGE}[package.metadata.asyncapi-codegen]\n\
         spec = 3\n\
         typescript_out = \"gen\"\n\
         perspective = \"server\"\n\
         both-directions = \"yes\"\n\
         rust-out = \"src/contract.rs\"\n\
         frobnicate = true\n"
    );
    assert_eq!(
        errors(&text),
        [
            "backend/Cargo.toml:6:8 (package.metadata.asyncapi-codegen.spec): must be a non-empty path string, found the integer 3; write a path relative to this Cargo.toml, e.g. \"asyncapi.yaml\"",
            "backend/Cargo.toml:7:1 (package.metadata.asyncapi-codegen.typescript_out): unknown key; the keys are kebab-case: write `typescript-out`",
            "backend/Cargo.toml:8:15 (package.metadata.asyncapi-codegen.perspective): must be \"application\" or \"client\", found \"server\"; write perspective = \"client\" for a frontend generated from its backend's document, or leave it out for \"application\"",
            "backend/Cargo.toml:9:19 (package.metadata.asyncapi-codegen.both-directions): must be a boolean, found \"yes\"; write both-directions = true or false",
            "backend/Cargo.toml:10:12 (package.metadata.asyncapi-codegen.rust-out): must be a plain file name such as \"asyncapi.rs\", found \"src/contract.rs\"; the Rust output goes into OUT_DIR; include it with include!(concat!(env!(\"OUT_DIR\"), \"/asyncapi.rs\"))",
            "backend/Cargo.toml:11:1 (package.metadata.asyncapi-codegen.frobnicate): unknown key; the keys are spec, typescript-out, perspective, both-directions, rust-out",
        ]
    );
}

#[test]
fn a_table_without_an_output_is_an_error() {
    let text = format!("{PACKAGE}[package.metadata.asyncapi-codegen]\nspec = \"asyncapi.yaml\"\nperspective = \"client\"\n");
    assert_eq!(
        errors(&text),
        ["backend/Cargo.toml:5:1 (package.metadata.asyncapi-codegen): no output: neither `typescript-out` nor `rust-out` is set; add typescript-out = \"../frontend/src/__gen__\" (a directory of its own) and/or rust-out = \"asyncapi.rs\""]
    );
}

#[test]
fn a_missing_spec_points_at_the_table() {
    let text = format!(
        "{PACKAGE}[package.metadata.asyncapi-codegen]\ntypescript-out = \"gen\"\nboth-directions = false\n"
    );
    assert_eq!(
        errors(&text),
        ["backend/Cargo.toml:5:1 (package.metadata.asyncapi-codegen): `spec` is missing; add spec = \"asyncapi.yaml\", the path of the AsyncAPI document relative to this Cargo.toml"]
    );
    let text = format!(
        "{PACKAGE}[package.metadata.asyncapi-codegen]\nspec = \"\"\ntypescript-out = [\"gen\"]\n"
    );
    assert_eq!(
        errors(&text),
        [
            "backend/Cargo.toml:6:8 (package.metadata.asyncapi-codegen.spec): must be a non-empty path string, found \"\"; write a path relative to this Cargo.toml, e.g. \"asyncapi.yaml\"",
            "backend/Cargo.toml:7:18 (package.metadata.asyncapi-codegen.typescript-out): must be a non-empty path string, found an array; write a path relative to this Cargo.toml, e.g. \"asyncapi.yaml\"",
        ]
    );
}

#[test]
fn a_missing_or_misshapen_table_says_how_to_add_it() {
    let help = "add a [package.metadata.asyncapi-codegen] table with at least spec and \
                typescript-out (see the asyncapi-codegen-build docs), or configure the build \
                script with Config::new(spec)";
    assert_eq!(
        errors(&format!("{PACKAGE}[dependencies]\n")),
        [format!("backend/Cargo.toml:1:1 (package.metadata.asyncapi-codegen): there is no [package.metadata.asyncapi-codegen] table; {help}")]
    );
    assert_eq!(
        errors("[workspace]\nmembers = [\"backend\"]\n"),
        [format!("backend/Cargo.toml:1:1 (package.metadata.asyncapi-codegen): there is no [package] (a virtual workspace manifest has no package metadata); {help}")]
    );
    assert_eq!(
        errors(&format!(
            "{PACKAGE}[package.metadata]\nasyncapi-codegen = \"asyncapi.yaml\"\n"
        )),
        [format!("backend/Cargo.toml:6:20 (package.metadata.asyncapi-codegen): must be a table, found \"asyncapi.yaml\"; {help}")]
    );
}

#[test]
fn invalid_toml_is_located() {
    let lines = errors("[package]\nname = \"backend\nversion = 1\n");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("backend/Cargo.toml:2:"), "{lines:?}");
    assert!(lines[0].contains("not valid TOML: "), "{lines:?}");
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_eq!(line_col("a = \"é\"\nb = 1", 0), (1, 1));
    assert_eq!(line_col("a = \"é\" # x\nb = 1", 9), (1, 9));
    assert_eq!(line_col("a = \"é\"\nb = 1", 13), (2, 5));
    assert_eq!(line_col("", 7), (1, 1));
}

#[test]
fn an_unreadable_manifest_is_an_error_naming_it() {
    let missing = std::env::temp_dir().join(format!(
        "codegen-build-manifest-{}/Cargo.toml",
        std::process::id()
    ));
    let err = Config::from_manifest_path(&missing).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "{}: cannot read the package manifest: ",
            missing.display()
        )),
        "{text}"
    );
}
