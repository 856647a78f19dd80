//! Load benchmark: the YAML parser's parse-only time against load + normalise (type graph
//! included) on the synthetic 1000-channel spec of `bench_support::large_spec`.
//!
//! Run with `cargo bench -p asyncapi-codegen-core --bench load`. `LOAD_BENCH_CHANNELS` and
//! `LOAD_BENCH_RUNS` change the spec size and the number of timed runs.
//!
//! Baselines, printed side by side so nobody is misled:
//! - the YAML parser library's own parse: `saphyr::Yaml::load_from_str`, and its located
//!   `MarkedYaml` (the closest to what we need: every node with a position);
//! - our located tree built from saphyr's event stream (`load::yaml::parse`), the stricter
//!   baseline, alone and with freeing the tree (which `load_model` also pays).
//!
//! It prints medians and ratios (target: at most 1.5) and asserts nothing about time.

use asyncapi_codegen_core::load::{yaml, FileId, Sources};
use bench_support::{env_number, median, ms, time, SyntheticSpec};
use saphyr::{LoadableYamlNode, MarkedYaml, Yaml};
use std::time::{Duration, Instant};

fn main() {
    let channels = env_number("LOAD_BENCH_CHANNELS", 1000);
    let runs = env_number("LOAD_BENCH_RUNS", 15).max(1);
    let synthetic = SyntheticSpec::new("load-bench", channels);
    let (spec, text) = (synthetic.path.clone(), synthetic.text.clone());

    // One warm-up of each, which also checks that the spec loads.
    yaml::parse(&text, FileId(0)).expect("the generated spec parses");
    if let Err(e) = asyncapi_codegen_core::load_model(&spec) {
        panic!("the generated spec does not load:\n{}", e.render());
    }

    let saphyr_plain = time(runs, || Yaml::load_from_str(&text).expect("parses"));
    let saphyr_marked = time(runs, || MarkedYaml::load_from_str(&text).expect("parses"));
    let mut parse = Vec::with_capacity(runs);
    let mut parse_free = Vec::with_capacity(runs);
    let mut load = Vec::with_capacity(runs);
    let mut files = Vec::with_capacity(runs);
    let mut norm = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let (sources, root) = Sources::load(&spec).expect("loads");
        files.push(t.elapsed());
        let t = Instant::now();
        let model = asyncapi_codegen_core::spec::normalise(&sources, root).expect("normalises");
        norm.push(t.elapsed());
        drop(model);
        drop(sources);
        let t = Instant::now();
        let node = yaml::parse(&text, FileId(0)).expect("parses");
        parse.push(t.elapsed());
        drop(node);
        let t = Instant::now();
        drop(yaml::parse(&text, FileId(0)).expect("parses"));
        parse_free.push(t.elapsed());
        let t = Instant::now();
        let model = asyncapi_codegen_core::load_model(&spec).expect("loads");
        load.push(t.elapsed());
        drop(model);
    }
    let yaml_bytes = text.len();
    drop(synthetic);
    let (p, pf, l) = (
        median(&mut parse),
        median(&mut parse_free),
        median(&mut load),
    );
    println!("spec: {channels} channels, {yaml_bytes} bytes; {runs} runs, medians");
    println!(
        "saphyr Yaml::load_from_str (parser library): {:>9.2} ms",
        ms(saphyr_plain)
    );
    println!(
        "saphyr MarkedYaml::load_from_str (located):  {:>9.2} ms",
        ms(saphyr_marked)
    );
    println!(
        "our located tree (load::yaml::parse):        {:>9.2} ms",
        ms(p)
    );
    println!(
        "our located tree + freeing it:               {:>9.2} ms",
        ms(pf)
    );
    println!(
        "load_model (load + normalise + types):       {:>9.2} ms",
        ms(l)
    );
    println!(
        "  Sources::load (read, parse, $ref scan):    {:>9.2} ms",
        ms(median(&mut files))
    );
    println!(
        "  spec::normalise (incl. types):             {:>9.2} ms",
        ms(median(&mut norm))
    );
    let ratio = |label: &str, base: Duration| {
        println!(
            "ratio load_model / {label:<36} {:>5.2} (target <= 1.5)",
            l.as_secs_f64() / base.as_secs_f64()
        )
    };
    ratio("saphyr Yaml (parser library)", saphyr_plain);
    ratio("saphyr MarkedYaml (located)", saphyr_marked);
    ratio("our located tree", p);
    ratio("our located tree + free", pf);
}
