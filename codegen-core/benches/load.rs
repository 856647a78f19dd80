//! Load benchmark: the YAML parser's parse-only time against load + normalise (type graph
//! included) on the synthetic 1000-channel spec of `../shared/bench/gen_large_spec.py`.
//!
//! Run with `cargo bench -p codegen-core --bench load`. `ASYNCAPI_SHARED_DIR` names the
//! shared folder (default: `../shared` next to the workspace); `LOAD_BENCH_CHANNELS` and
//! `LOAD_BENCH_RUNS` change the spec size and the number of timed runs. It prints the
//! medians and their ratio (target: at most 1.5), once against the bare parse and once
//! against parse + freeing the tree (which `load_model` also pays), plus the split of
//! `load_model` into loading and normalising. It asserts nothing about time.

use codegen_core::load::{yaml, FileId, Sources};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let channels = env_number("LOAD_BENCH_CHANNELS", 1000);
    let runs = env_number("LOAD_BENCH_RUNS", 15).max(1);
    let shared = match std::env::var_os("ASYNCAPI_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    let script = shared.join("bench/gen_large_spec.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg("-n")
        .arg(channels.to_string())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run python3 {}: {e} (install python3)",
                script.display()
            )
        });
    assert!(
        output.status.success(),
        "{} failed: {}; set ASYNCAPI_SHARED_DIR to the shared folder",
        script.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let dir = std::env::temp_dir().join(format!("codegen-core-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("large.yaml");
    std::fs::write(&spec, &output.stdout).expect("write the spec");
    let text = String::from_utf8(output.stdout).expect("the generator writes UTF-8");

    // One warm-up of each, which also checks that the spec loads.
    yaml::parse(&text, FileId(0)).expect("the generated spec parses");
    if let Err(e) = codegen_core::load_model(&spec) {
        panic!("the generated spec does not load:\n{}", e.render());
    }

    let mut parse = Vec::with_capacity(runs);
    let mut load = Vec::with_capacity(runs);
    let mut files = Vec::with_capacity(runs);
    let mut norm = Vec::with_capacity(runs);
    let mut parse_free = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let (sources, root) = Sources::load(&spec).expect("loads");
        files.push(t.elapsed());
        let t = Instant::now();
        let model = codegen_core::spec::normalise(&sources, root).expect("normalises");
        norm.push(t.elapsed());
        drop(model);
        drop(sources);
        let t = Instant::now();
        let node = yaml::parse(&text, FileId(0)).expect("parses");
        parse.push(t.elapsed());
        drop(node);
        // `load_model` frees the trees it parsed before it returns; this is the
        // like-for-like parser figure.
        let t = Instant::now();
        drop(yaml::parse(&text, FileId(0)).expect("parses"));
        parse_free.push(t.elapsed());
        let t = Instant::now();
        let model = codegen_core::load_model(&spec).expect("loads");
        load.push(t.elapsed());
        drop(model);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (p, pf, l) = (median(parse), median(parse_free), median(load));
    println!(
        "spec: {channels} channels, {} bytes; {runs} runs, medians",
        text.len()
    );
    println!("yaml parse only:                {:>9.2} ms", ms(p));
    println!("yaml parse + free the tree:     {:>9.2} ms", ms(pf));
    println!("load_model:                     {:>9.2} ms", ms(l));
    println!(
        "  Sources::load (read, parse, $ref scan): {:>9.2} ms",
        ms(median(files))
    );
    println!(
        "  spec::normalise (incl. types):          {:>9.2} ms",
        ms(median(norm))
    );
    println!(
        "ratio load_model / parse:              {:>6.2} (target <= 1.5)",
        l.as_secs_f64() / p.as_secs_f64()
    );
    println!(
        "ratio load_model / (parse + free):     {:>6.2} (like for like)",
        l.as_secs_f64() / pf.as_secs_f64()
    );
}
