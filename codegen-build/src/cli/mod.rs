//! The `asyncapi-codegen` command line. The binary is a thin wrapper around [`run`], which
//! uses the same code as build scripts ([`crate::Config`]): `check` is `generate` with a
//! comparison instead of a write, and `--workspace` reads each package's options with
//! [`crate::Config::from_manifest_path`], as [`crate::Config::from_manifest`] does in its
//! build script.
//!
//! Not API: public (hidden from the docs) only for the `asyncapi-codegen` binary, a target of
//! its own, and the command line's tests.

mod args;
mod workspace;

use crate::config::{Check, Config, Generated};
use crate::error::Error;
use args::{Command, Generate, Target, UsageError, HELP};
use asyncapi_codegen_core::emit::Perspective;
use asyncapi_codegen_core::Diagnostic;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: the document is invalid, the output is out of date, or an I/O error.
pub const EXIT_FAILURE: u8 = 1;
/// Exit status: the command line cannot be run.
pub const EXIT_USAGE: u8 = 2;

/// Runs the command line `args` (without the program name), printing results on `stdout`
/// and diagnostics on `stderr`, and returns the exit status.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    // Output errors (a closed pipe, say) cannot be reported anywhere better; ignore them.
    let command = match args::parse(args) {
        Ok(command) => command,
        Err(UsageError(message)) => {
            let _ = writeln!(
                stderr,
                "error: {message}\n\n{}\nRun `asyncapi-codegen --help` for details.",
                usage_lines()
            );
            return EXIT_USAGE;
        }
    };
    match command {
        Command::Help => {
            let _ = write!(stdout, "{HELP}");
            EXIT_OK
        }
        Command::Version => {
            let _ = writeln!(stdout, "asyncapi-codegen {}", env!("CARGO_PKG_VERSION"));
            EXIT_OK
        }
        Command::Validate { spec } => validate(&spec, stdout, stderr),
        Command::Inspect { spec } => inspect(&spec, stdout, stderr),
        Command::Generate(Target::Spec(args)) => generate(&args, stdout, stderr),
        Command::Check(Target::Spec(args)) => check(&args, stdout, stderr),
        Command::Generate(Target::Workspace { manifest_path }) => {
            workspace::generate(manifest_path.as_deref(), stdout, stderr)
        }
        Command::Check(Target::Workspace { manifest_path }) => {
            workspace::check(manifest_path.as_deref(), stdout, stderr)
        }
    }
}

fn usage_lines() -> &'static str {
    let start = HELP.find("Usage:").unwrap_or(0);
    let end = HELP[start..].find("\n\n").map_or(HELP.len(), |i| start + i);
    &HELP[start..end]
}

fn validate(spec: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    match asyncapi_codegen_core::load_model(spec) {
        Ok(model) => {
            print_warnings(&model.warnings, stderr);
            let _ = writeln!(
                stdout,
                "{}: valid AsyncAPI {} document ({} channel(s), {} operation(s), {} message(s))",
                spec.display(),
                model.asyncapi,
                model.channels.len(),
                model.operations.len(),
                model.messages.len()
            );
            EXIT_OK
        }
        Err(e) => fail(&Error::Spec(e), stderr),
    }
}

fn inspect(spec: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    match asyncapi_codegen_core::load_model(spec) {
        Ok(model) => {
            print_warnings(&model.warnings, stderr);
            // `inspect_json` ends with a newline already.
            let json = asyncapi_codegen_core::model::inspect::inspect_json(&model);
            let _ = write!(stdout, "{json}");
            EXIT_OK
        }
        Err(e) => fail(&Error::Spec(e), stderr),
    }
}

/// The same `Config` a build script would make for these options: the Rust output goes
/// through `rust_out_dir` + `rust_out`, exactly as `Config::rust_out` writes it.
fn config(args: &Generate) -> Config {
    let mut config = Config::new(&args.spec)
        .paths_as_given()
        .cargo_instructions(false)
        .perspective(args.perspective)
        .both_directions(args.both_directions);
    if let Some(dir) = &args.typescript {
        config = config.typescript_out(dir);
    }
    if let Some(file) = &args.rust {
        let dir = match file.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        config = config
            .rust_out_dir(dir)
            .rust_out(name)
            .rust_perspective(args.perspective);
    }
    config
}

/// The command line that regenerates these outputs, for error messages.
fn generate_command(args: &Generate) -> String {
    let mut command = format!("asyncapi-codegen generate {}", args.spec.display());
    if let Some(dir) = &args.typescript {
        command.push_str(&format!(" --typescript {}", dir.display()));
    }
    if let Some(file) = &args.rust {
        command.push_str(&format!(" --rust {}", file.display()));
    }
    if args.perspective == Perspective::Client {
        command.push_str(" --perspective client");
    }
    if args.both_directions {
        command.push_str(" --both-directions");
    }
    command
}

fn generate(args: &Generate, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let generated = match config(args).generate() {
        Ok(generated) => generated,
        Err(e) => return fail(&e, stderr),
    };
    print_warnings(&generated.warnings, stderr);
    print_generated(&generated, "", &|dir| dir.display().to_string(), stdout);
    if let Some(rust) = &generated.rust {
        let state = if rust.written { "written" } else { "unchanged" };
        let _ = writeln!(stdout, "{}: {state}", rust.path.display());
    }
    EXIT_OK
}

/// What `generate` wrote, per output directory; each line starts with `prefix`.
fn print_generated(
    generated: &Generated,
    prefix: &str,
    show: &dyn Fn(&Path) -> String,
    stdout: &mut dyn Write,
) {
    for written in &generated.outputs {
        for (label, files) in [
            ("created", &written.created),
            ("updated", &written.updated),
            ("removed", &written.removed),
        ] {
            for file in files {
                let _ = writeln!(stdout, "{prefix}  {label:<8} {file}");
            }
        }
        let _ = writeln!(
            stdout,
            "{prefix}{}: {} created, {} updated, {} removed, {} unchanged",
            show(&written.dir),
            written.created.len(),
            written.updated.len(),
            written.removed.len(),
            written.unchanged.len()
        );
    }
}

fn check(args: &Generate, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let checked = match config(args).check() {
        Ok(checked) => checked,
        Err(e) => return fail(&e, stderr),
    };
    print_warnings(&checked.warnings, stderr);
    print_check(&checked, "", &|dir| dir.display().to_string(), stdout);
    if let Some(rust) = &checked.rust {
        let state = if rust.up_to_date {
            "up to date"
        } else {
            "differs"
        };
        let _ = writeln!(stdout, "{}: {state}", rust.path.display());
    }
    if checked.is_up_to_date() {
        return EXIT_OK;
    }
    let what = match (&args.typescript, &args.rust) {
        (Some(_), None) => "TypeScript",
        (None, Some(_)) => "Rust",
        _ => "code",
    };
    let _ = writeln!(
        stderr,
        "error: the generated {what} is out of date; run `{}` (or the cargo build that generates it) and commit the result",
        generate_command(args)
    );
    EXIT_FAILURE
}

/// Per output directory: up to date, or the files out of date (`missing`, `differs`,
/// `stale`); each line starts with `prefix`.
fn print_check(
    checked: &Check,
    prefix: &str,
    show: &dyn Fn(&Path) -> String,
    stdout: &mut dyn Write,
) {
    for plan in &checked.outputs {
        if plan.is_up_to_date() {
            let _ = writeln!(
                stdout,
                "{prefix}{}: up to date ({} file(s))",
                show(plan.dir()),
                plan.unchanged().len()
            );
        } else {
            let _ = writeln!(
                stdout,
                "{prefix}{}: {} file(s) out of date",
                show(plan.dir()),
                plan.changes().len()
            );
            for change in plan.changes() {
                let _ = writeln!(
                    stdout,
                    "{prefix}  {:<8} {}",
                    change.kind().drift_label(),
                    change.path()
                );
            }
        }
    }
}

fn print_warnings(warnings: &[Diagnostic], stderr: &mut dyn Write) {
    for warning in warnings {
        let _ = writeln!(stderr, "{}", warning.render(None).trim_end());
    }
}

fn fail(error: &Error, stderr: &mut dyn Write) -> u8 {
    match error {
        // Already rendered as `error: file:line:col ...` with snippets.
        Error::Spec(e) => {
            let _ = writeln!(stderr, "{}", e.render().trim_end());
        }
        // One located problem per line.
        Error::Manifest(e) => {
            for line in e.to_string().lines() {
                let _ = writeln!(stderr, "error: {line}");
            }
        }
        other => {
            let _ = writeln!(stderr, "error: {other}");
        }
    }
    EXIT_FAILURE
}
