//! Where the spec named in `spec = "..."` is, and how its files are shown in messages.
//!
//! Paths resolve against the crate's directory: `ASYNCAPI_MANIFEST_DIR` when set (trybuild
//! compiles tests in a scratch crate, dtolnay/trybuild#202), else `CARGO_MANIFEST_DIR`,
//! never the working directory. `${VAR}` in the path is replaced by the environment
//! variable's value, so tests can name documents that live outside the repository.
//! Messages show files relative to that directory, so they carry no machine paths.

use std::path::{Component, Path, PathBuf};

/// The crate-specific override of `CARGO_MANIFEST_DIR`.
pub const MANIFEST_DIR_OVERRIDE: &str = "ASYNCAPI_MANIFEST_DIR";

/// A resolved spec path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecPath {
    /// The canonical absolute path of the spec file.
    pub absolute: PathBuf,
    /// The canonical directory paths are resolved against and shown relative to.
    pub base: PathBuf,
    /// Environment variables the path depends on (tracked so a change recompiles),
    /// `ASYNCAPI_MANIFEST_DIR` always among them.
    pub env_vars: Vec<String>,
}

/// Resolves `written` (the string literal's value). `env` reads environment variables
/// (a parameter so tests need not touch the process environment).
pub fn resolve(written: &str, env: impl Fn(&str) -> Option<String>) -> Result<SpecPath, String> {
    let (expanded, mut env_vars) = expand_vars(written, &env)?;
    let (base, base_var) = match env(MANIFEST_DIR_OVERRIDE) {
        Some(dir) => (PathBuf::from(dir), MANIFEST_DIR_OVERRIDE),
        None => match env("CARGO_MANIFEST_DIR") {
            Some(dir) => (PathBuf::from(dir), "CARGO_MANIFEST_DIR"),
            None => {
                return Err(
                    "CARGO_MANIFEST_DIR is not set; build with cargo, or set ASYNCAPI_MANIFEST_DIR to the directory the spec path is relative to"
                        .to_string(),
                )
            }
        },
    };
    // Tracked even when unset: setting it later must rebuild the crate.
    env_vars.push(MANIFEST_DIR_OVERRIDE.to_string());
    let base = base
        .canonicalize()
        .map_err(|e| format!("{base_var} `{}` cannot be read: {e}", base.display()))?;
    let joined = base.join(&expanded);
    let absolute = joined.canonicalize().map_err(|e| {
        format!(
            "cannot read the spec `{expanded}`: {e}; the path is relative to the crate's directory (the one holding Cargo.toml)"
        )
    })?;
    if !absolute.is_file() {
        return Err(format!("the spec `{expanded}` is not a file"));
    }
    Ok(SpecPath {
        absolute,
        base,
        env_vars,
    })
}

/// Replaces every `${NAME}` with the variable's value.
fn expand_vars(
    written: &str,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<(String, Vec<String>), String> {
    let mut out = String::new();
    let mut vars = Vec::new();
    let mut rest = written;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("unclosed `${{` in the spec path `{written}`"))?;
        let name = &after[..end];
        let value = env(name).ok_or_else(|| {
            format!("the spec path `{written}` uses `${{{name}}}`, but the environment variable {name} is not set")
        })?;
        out.push_str(&value);
        vars.push(name.to_string());
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok((out, vars))
}

/// `file` relative to `base`, `/`-separated (with `..` when it is outside `base`).
pub fn relative(file: &Path, base: &Path) -> String {
    let file_parts: Vec<Component> = file.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = file_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return slashes(file);
    }
    let mut parts: Vec<String> = vec!["..".to_string(); base_parts.len() - common];
    parts.extend(
        file_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

fn slashes(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_shown_relative_to_the_base() {
        let base = Path::new("/w/crate");
        assert_eq!(relative(Path::new("/w/crate/a/b.yaml"), base), "a/b.yaml");
        assert_eq!(
            relative(Path::new("/w/specs/x.yaml"), base),
            "../specs/x.yaml"
        );
    }

    #[test]
    fn variables_expand_and_missing_ones_are_named() {
        let env = |k: &str| (k == "DIR").then(|| "/d".to_string());
        assert_eq!(
            expand_vars("${DIR}/a.yaml", &env).unwrap(),
            ("/d/a.yaml".to_string(), vec!["DIR".to_string()])
        );
        let e = expand_vars("${NOPE}/a.yaml", &env).unwrap_err();
        assert!(e.contains("NOPE is not set"), "{e}");
        assert!(expand_vars("${DIR", &env).is_err());
    }

    #[test]
    fn resolution_uses_the_override_and_reports_missing_files() {
        let dir = std::env::temp_dir().join(format!("asyncapi-spec-path-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("s.yaml"), "asyncapi: 3.0.0\n").unwrap();
        let d = dir.to_string_lossy().into_owned();
        let env = |k: &str| match k {
            MANIFEST_DIR_OVERRIDE => Some(d.clone()),
            "CARGO_MANIFEST_DIR" => Some("/nonexistent".to_string()),
            _ => None,
        };
        let p = resolve("s.yaml", env).unwrap();
        assert_eq!(p.absolute, dir.join("s.yaml").canonicalize().unwrap());
        assert_eq!(p.env_vars, vec![MANIFEST_DIR_OVERRIDE.to_string()]);
        let e = resolve("missing.yaml", env).unwrap_err();
        assert!(e.contains("cannot read the spec `missing.yaml`"), "{e}");
        let plain = |k: &str| (k == "CARGO_MANIFEST_DIR").then(|| d.clone());
        assert_eq!(
            resolve("s.yaml", plain).unwrap().env_vars,
            vec![MANIFEST_DIR_OVERRIDE.to_string()]
        );
        let no_env = resolve("s.yaml", |_| None).unwrap_err();
        assert!(no_env.contains("CARGO_MANIFEST_DIR is not set"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
