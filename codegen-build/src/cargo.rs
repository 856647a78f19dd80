//! Talking to cargo from a build script: where we are, and the `cargo:` instructions.

use crate::error::Error;
use asyncapi_codegen_core::Diagnostic;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The environment cargo gives a build script, read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BuildEnv {
    /// `CARGO_MANIFEST_DIR`: set for build scripts, and for tests and `cargo run` at run time.
    pub manifest_dir: Option<PathBuf>,
    /// `OUT_DIR`: set only while cargo compiles a package with a build script.
    pub out_dir: Option<PathBuf>,
}

impl BuildEnv {
    /// Reads the process environment.
    pub fn from_process() -> Self {
        let var = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        BuildEnv {
            manifest_dir: var("CARGO_MANIFEST_DIR"),
            out_dir: var("OUT_DIR"),
        }
    }

    /// True inside a build script: both `OUT_DIR` and `CARGO_MANIFEST_DIR` are set.
    pub fn is_build_script(&self) -> bool {
        self.manifest_dir.is_some() && self.out_dir.is_some()
    }

    /// `OUT_DIR`, or an error explaining that `needed_by` only works in a build script and
    /// that `instead` works everywhere.
    pub fn out_dir(&self, needed_by: &str, instead: &str) -> Result<&Path, Error> {
        self.out_dir.as_deref().ok_or_else(|| {
            Error::Config(format!(
                "OUT_DIR is not set: {needed_by} writes into cargo's OUT_DIR, which cargo sets \
                 only while it runs a build script; outside build.rs use {instead}"
            ))
        })
    }
}

/// `cargo:rerun-if-changed` for each file (once each), so that editing any file the
/// document is made of (a `$ref`'d one included) reruns the build script, and nothing else
/// does.
pub(crate) fn rerun_if_changed<'a>(
    out: &mut impl Write,
    files: impl IntoIterator<Item = &'a Path>,
) -> io::Result<()> {
    let mut seen = BTreeSet::new();
    for file in files {
        if seen.insert(file) {
            writeln!(out, "cargo:rerun-if-changed={}", file.display())?;
        }
    }
    Ok(())
}

/// `cargo:warning` for each diagnostic, one line each (cargo reads instructions per line).
pub(crate) fn warnings<'a>(
    out: &mut impl Write,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) -> io::Result<()> {
    for d in diagnostics {
        let line = d.to_string().replace(['\r', '\n'], " ");
        writeln!(out, "cargo:warning={line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use asyncapi_codegen_core::Location;

    #[test]
    fn out_dir_outside_a_build_script_names_the_alternative() {
        let env = BuildEnv {
            manifest_dir: Some("/crate".into()),
            out_dir: None,
        };
        let err = env.out_dir("rust_out()", "rust_out_dir(path)").unwrap_err();
        assert_eq!(
            err.to_string(),
            "OUT_DIR is not set: rust_out() writes into cargo's OUT_DIR, which cargo sets only \
             while it runs a build script; outside build.rs use rust_out_dir(path)"
        );
        assert!(!env.is_build_script());
    }

    #[test]
    fn out_dir_inside_a_build_script() {
        let env = BuildEnv {
            manifest_dir: Some("/crate".into()),
            out_dir: Some("/target/out".into()),
        };
        assert_eq!(
            env.out_dir("rust_out()", "rust_out_dir(path)").unwrap(),
            Path::new("/target/out")
        );
        assert!(env.is_build_script());
    }

    #[test]
    fn instructions_are_one_per_line() {
        let mut out = Vec::new();
        rerun_if_changed(
            &mut out,
            [
                Path::new("a.yaml"),
                Path::new("dir/b.yaml"),
                Path::new("a.yaml"),
            ],
        )
        .unwrap();
        let warning = Diagnostic::warning(
            Location {
                file: "a.yaml".into(),
                line: 3,
                col: 5,
                pointer: "#/info".into(),
            },
            "two\nlines",
            "fix it",
        );
        warnings(&mut out, [&warning]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "cargo:rerun-if-changed=a.yaml\ncargo:rerun-if-changed=dir/b.yaml\n\
             cargo:warning=a.yaml:3:5 (#/info): two lines; fix it\n"
        );
    }
}
