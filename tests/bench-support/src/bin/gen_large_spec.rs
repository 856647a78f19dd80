//! `gen_large_spec [-n CHANNELS] [--json] [-o FILE]`: a synthetic AsyncAPI document for
//! benchmarks (200 channels, YAML on standard output by default).
use std::io::Write;

fn main() {
    let mut channels = 200;
    let mut as_json = false;
    let mut out: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-n" | "--channels" => {
                channels = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| usage("-n needs a number of channels"));
            }
            "--json" => as_json = true,
            "-o" | "--out" => out = Some(args.next().unwrap_or_else(|| usage("-o needs a file"))),
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument `{other}`")),
        }
    }
    let text = if as_json {
        bench_support::large_spec::json(channels)
    } else {
        bench_support::large_spec::yaml(channels)
    };
    match out.as_deref() {
        None | Some("-") => std::io::stdout()
            .write_all(text.as_bytes())
            .expect("write to standard output"),
        Some(path) => {
            std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {path}: {e}"))
        }
    }
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("error: {problem}");
    }
    eprintln!("usage: gen_large_spec [-n CHANNELS] [--json] [-o FILE]");
    std::process::exit(if problem.is_empty() { 0 } else { 2 })
}
