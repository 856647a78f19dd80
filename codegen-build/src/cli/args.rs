//! Parsing the command line of `asyncapi-codegen` (small enough not to need a parser crate).

use asyncapi_codegen_core::emit::Perspective;
use std::ffi::OsString;
use std::path::PathBuf;

/// The help text, also printed (shortened to the usage lines) on usage errors.
pub(crate) const HELP: &str = "\
asyncapi-codegen: validate AsyncAPI documents and generate typed MQTT clients from them

Usage:
  asyncapi-codegen validate <spec>
  asyncapi-codegen inspect <spec>
  asyncapi-codegen check --workspace [--manifest-path <Cargo.toml>]
  asyncapi-codegen generate --workspace [--manifest-path <Cargo.toml>]
  asyncapi-codegen generate <spec> --typescript <dir> [--perspective application|client] [--both-directions]
  asyncapi-codegen check <spec> --typescript <dir> [--perspective application|client] [--both-directions]

Commands:
  validate   Load and normalise the document. Prints warnings and errors on stderr;
             exit 0 when the document is usable.
  inspect    Print the normalised model as JSON (deterministic keys and order).
  generate   Write the TypeScript client into <dir>: only files whose bytes changed are
             written, generated files no longer produced are removed, files without the
             generated marker are never touched. On error nothing changes.
  check      Compare <dir> with what `generate` would write, without writing. Exit 1 and
             list every missing, differing or stale file when <dir> is out of date.

With --workspace, generate and check take their options from the
[package.metadata.asyncapi-codegen] table of every workspace package that has one (found
with `cargo metadata`), exactly as that package's build script does with
Config::from_manifest(); paths in a table are relative to its Cargo.toml. check exits 1
naming each package and each of its out-of-date files. A table's rust-out goes into the
build's OUT_DIR and is not compared.

Options:
  --workspace               Every package with a [package.metadata.asyncapi-codegen] table
  --manifest-path <path>    The workspace's Cargo.toml (default: cargo's search from the
                            current directory)
  --typescript <dir>        Output directory of the TypeScript client
  --perspective <p>         application (default): publish what the document's application
                            sends; client: the reverse, for a frontend generated from its
                            backend's document
  --both-directions         Publish and subscribe functions for every channel
  -h, --help                Print this help
  -V, --version             Print the version

Relative paths are resolved against the current directory.
Exit status: 0 success; 1 invalid document, out-of-date output or I/O error; 2 usage error.
";

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    Help,
    Version,
    Validate { spec: PathBuf },
    Inspect { spec: PathBuf },
    Generate(Target),
    Check(Target),
}

/// What `generate` and `check` work on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// One document, with the options on the command line.
    Spec(Generate),
    /// Every workspace package with a `[package.metadata.asyncapi-codegen]` table.
    Workspace { manifest_path: Option<PathBuf> },
}

/// The arguments shared by `generate` and `check` on one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Generate {
    pub spec: PathBuf,
    pub typescript: PathBuf,
    pub perspective: Perspective,
    pub both_directions: bool,
}

/// A command line that cannot be run; the message says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UsageError(pub String);

/// Parses the arguments after the program name.
pub(crate) fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut args = args.into_iter();
    let Some(first) = args.next() else {
        return Err(UsageError("a command is required".into()));
    };
    let command = match first.to_str() {
        Some("-h" | "--help" | "help") => return Ok(Command::Help),
        Some("-V" | "--version") => return Ok(Command::Version),
        Some(c @ ("validate" | "inspect" | "generate" | "check")) => c.to_string(),
        _ => {
            return Err(UsageError(format!(
                "unknown command `{}`; the commands are validate, inspect, generate and check",
                first.to_string_lossy()
            )))
        }
    };

    let mut positional = Vec::new();
    let mut typescript = None;
    let mut perspective = None;
    let mut both_directions = false;
    let mut workspace = false;
    let mut manifest_path = None;
    let mut only_positional = false;
    while let Some(arg) = args.next() {
        let text = arg.to_str().unwrap_or("");
        if only_positional || !text.starts_with('-') || text == "-" {
            positional.push(PathBuf::from(arg));
            continue;
        }
        let (name, inline) = match text.split_once('=') {
            Some((name, value)) => (name, Some(OsString::from(value))),
            None => (text, None),
        };
        let mut value = |option: &str| -> Result<OsString, UsageError> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| UsageError(format!("{option} needs a value")))
        };
        match name {
            "--" => only_positional = true,
            "-h" | "--help" => return Ok(Command::Help),
            "--typescript" => {
                let dir = value("--typescript")?;
                if typescript.replace(PathBuf::from(dir)).is_some() {
                    return Err(UsageError("--typescript is given twice".into()));
                }
            }
            "--perspective" => {
                let given = value("--perspective")?;
                let parsed = match given.to_str() {
                    Some("application") => Perspective::Application,
                    Some("client") => Perspective::Client,
                    _ => {
                        return Err(UsageError(format!(
                            "--perspective must be `application` or `client`, not `{}`",
                            given.to_string_lossy()
                        )))
                    }
                };
                if perspective.replace(parsed).is_some() {
                    return Err(UsageError("--perspective is given twice".into()));
                }
            }
            "--both-directions" if inline.is_none() => both_directions = true,
            "--workspace" if inline.is_none() => workspace = true,
            "--manifest-path" => {
                let path = value("--manifest-path")?;
                if manifest_path.replace(PathBuf::from(path)).is_some() {
                    return Err(UsageError("--manifest-path is given twice".into()));
                }
            }
            _ => {
                return Err(UsageError(format!(
                    "unknown option `{}` for `{command}`",
                    arg.to_string_lossy()
                )))
            }
        }
    }

    let takes_options = matches!(command.as_str(), "generate" | "check");
    let any_option = typescript.is_some()
        || perspective.is_some()
        || both_directions
        || workspace
        || manifest_path.is_some();
    if !takes_options && any_option {
        return Err(UsageError(format!(
            "`{command}` takes no option; --typescript, --perspective, --both-directions, \
             --workspace and --manifest-path are for generate and check"
        )));
    }
    if manifest_path.is_some() && !workspace {
        return Err(UsageError(
            "--manifest-path goes with --workspace: it names the workspace whose packages are read"
                .into(),
        ));
    }
    if workspace {
        if let Some(spec) = positional.first() {
            return Err(UsageError(format!(
                "`{command} --workspace` takes no document (got `{}`): each package's \
                 [package.metadata.asyncapi-codegen] table names its own",
                spec.display()
            )));
        }
        if typescript.is_some() || perspective.is_some() || both_directions {
            return Err(UsageError(format!(
                "`{command} --workspace` takes its options from each package's \
                 [package.metadata.asyncapi-codegen] table; remove --typescript, --perspective \
                 and --both-directions"
            )));
        }
        let target = Target::Workspace { manifest_path };
        return Ok(if command == "generate" {
            Command::Generate(target)
        } else {
            Command::Check(target)
        });
    }

    let spec = match positional.len() {
        1 => positional.remove(0),
        0 if takes_options => {
            return Err(UsageError(format!(
                "`{command}` needs the path of an AsyncAPI document, or --workspace"
            )))
        }
        0 => {
            return Err(UsageError(format!(
                "`{command}` needs the path of an AsyncAPI document"
            )))
        }
        _ => {
            return Err(UsageError(format!(
                "`{command}` takes one document, got {}",
                positional.len()
            )))
        }
    };
    Ok(match command.as_str() {
        "validate" => Command::Validate { spec },
        "inspect" => Command::Inspect { spec },
        _ => {
            let Some(typescript) = typescript else {
                return Err(UsageError(format!(
                    "`{command}` needs --typescript <dir>, the output directory (or --workspace \
                     to read the options from Cargo.toml)"
                )));
            };
            let target = Target::Spec(Generate {
                spec,
                typescript,
                perspective: perspective.unwrap_or_default(),
                both_directions,
            });
            if command == "generate" {
                Command::Generate(target)
            } else {
                Command::Check(target)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn generate_with_every_option() {
        assert_eq!(
            parse_str(&[
                "generate",
                "a.yaml",
                "--typescript",
                "out",
                "--perspective=client",
                "--both-directions"
            ]),
            Ok(Command::Generate(Target::Spec(Generate {
                spec: "a.yaml".into(),
                typescript: "out".into(),
                perspective: Perspective::Client,
                both_directions: true,
            })))
        );
    }

    #[test]
    fn check_with_options_before_the_spec() {
        assert_eq!(
            parse_str(&["check", "--typescript=out", "--", "-odd.yaml"]),
            Ok(Command::Check(Target::Spec(Generate {
                spec: "-odd.yaml".into(),
                typescript: "out".into(),
                perspective: Perspective::Application,
                both_directions: false,
            })))
        );
    }

    #[test]
    fn workspace_with_and_without_a_manifest_path() {
        assert_eq!(
            parse_str(&["check", "--workspace"]),
            Ok(Command::Check(Target::Workspace {
                manifest_path: None
            }))
        );
        assert_eq!(
            parse_str(&["generate", "--manifest-path=ws/Cargo.toml", "--workspace"]),
            Ok(Command::Generate(Target::Workspace {
                manifest_path: Some("ws/Cargo.toml".into())
            }))
        );
    }

    #[test]
    fn help_and_version() {
        assert_eq!(parse_str(&["--help"]), Ok(Command::Help));
        assert_eq!(parse_str(&["validate", "-h"]), Ok(Command::Help));
        assert_eq!(parse_str(&["-V"]), Ok(Command::Version));
    }

    #[test]
    fn usage_errors_say_what_is_wrong() {
        let cases: &[(&[&str], &str)] = &[
            (&[], "a command is required"),
            (&["build"], "unknown command `build`; the commands are validate, inspect, generate and check"),
            (&["validate"], "`validate` needs the path of an AsyncAPI document"),
            (&["validate", "a", "b"], "`validate` takes one document, got 2"),
            (&["validate", "a", "--typescript", "x"], "`validate` takes no option; --typescript, --perspective, --both-directions, --workspace and --manifest-path are for generate and check"),
            (&["inspect", "a", "--workspace"], "`inspect` takes no option; --typescript, --perspective, --both-directions, --workspace and --manifest-path are for generate and check"),
            (&["generate", "a"], "`generate` needs --typescript <dir>, the output directory (or --workspace to read the options from Cargo.toml)"),
            (&["check"], "`check` needs the path of an AsyncAPI document, or --workspace"),
            (&["check", "--workspace", "a.yaml"], "`check --workspace` takes no document (got `a.yaml`): each package's [package.metadata.asyncapi-codegen] table names its own"),
            (&["check", "--workspace", "--perspective", "client"], "`check --workspace` takes its options from each package's [package.metadata.asyncapi-codegen] table; remove --typescript, --perspective and --both-directions"),
            (&["check", "--manifest-path", "Cargo.toml", "a.yaml", "--typescript", "x"], "--manifest-path goes with --workspace: it names the workspace whose packages are read"),
            (&["check", "--workspace", "--manifest-path"], "--manifest-path needs a value"),
            (&["check", "--workspace", "--manifest-path", "a", "--manifest-path", "b"], "--manifest-path is given twice"),
            (&["check", "--workspace=yes"], "unknown option `--workspace=yes` for `check`"),
            (&["generate", "a", "--typescript"], "--typescript needs a value"),
            (&["generate", "a", "--typescript", "x", "--typescript", "y"], "--typescript is given twice"),
            (&["check", "a", "--typescript", "x", "--perspective", "server"], "--perspective must be `application` or `client`, not `server`"),
            (&["check", "a", "--frobnicate"], "unknown option `--frobnicate` for `check`"),
            (&["check", "a", "--both-directions=yes"], "unknown option `--both-directions=yes` for `check`"),
        ];
        for (args, message) in cases {
            assert_eq!(
                parse_str(args),
                Err(UsageError(message.to_string())),
                "{args:?}"
            );
        }
    }
}
