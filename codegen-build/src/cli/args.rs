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

Options:
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
    Generate(Generate),
    Check(Generate),
}

/// The arguments shared by `generate` and `check`.
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
            _ => {
                return Err(UsageError(format!(
                    "unknown option `{}` for `{command}`",
                    arg.to_string_lossy()
                )))
            }
        }
    }

    let spec = match positional.len() {
        1 => positional.remove(0),
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
    let takes_options = matches!(command.as_str(), "generate" | "check");
    if !takes_options && (typescript.is_some() || perspective.is_some() || both_directions) {
        return Err(UsageError(format!(
            "`{command}` takes no option; --typescript, --perspective and --both-directions are for generate and check"
        )));
    }
    Ok(match command.as_str() {
        "validate" => Command::Validate { spec },
        "inspect" => Command::Inspect { spec },
        _ => {
            let Some(typescript) = typescript else {
                return Err(UsageError(format!(
                    "`{command}` needs --typescript <dir>, the output directory"
                )));
            };
            let args = Generate {
                spec,
                typescript,
                perspective: perspective.unwrap_or_default(),
                both_directions,
            };
            if command == "generate" {
                Command::Generate(args)
            } else {
                Command::Check(args)
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
            Ok(Command::Generate(Generate {
                spec: "a.yaml".into(),
                typescript: "out".into(),
                perspective: Perspective::Client,
                both_directions: true,
            }))
        );
    }

    #[test]
    fn check_with_options_before_the_spec() {
        assert_eq!(
            parse_str(&["check", "--typescript=out", "--", "-odd.yaml"]),
            Ok(Command::Check(Generate {
                spec: "-odd.yaml".into(),
                typescript: "out".into(),
                perspective: Perspective::Application,
                both_directions: false,
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
            (&["validate", "a", "--typescript", "x"], "`validate` takes no option; --typescript, --perspective and --both-directions are for generate and check"),
            (&["generate", "a"], "`generate` needs --typescript <dir>, the output directory"),
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
