//! Slice-wise parsing must give the one-piece tree or give up: never a different tree, and
//! never a tree for a document the one-piece parse rejects.

use super::parse_in_slices;
use crate::load::limits::ALIAS_EXPANSION_BUDGET;
use crate::load::yaml::parse_whole;
use crate::load::FileId;
use std::path::Path;

/// Checks the rule on `text` for several thread counts (more threads, smaller slices);
/// returns whether any count parsed in slices.
fn agrees(text: &str, what: &str) -> bool {
    let whole = parse_whole(text, FileId(3), 0, ALIAS_EXPANSION_BUDGET);
    let mut sliced_any = false;
    for threads in [2, 8, 64] {
        let sliced = parse_in_slices(text, FileId(3), threads);
        match (&whole, sliced) {
            (_, None) => {}
            (Err(e), Some(_)) => {
                panic!("{what}: the one-piece parse fails ({e:?}) but {threads} slices parse")
            }
            // Debug rather than `==`: NaN is a legitimate YAML value.
            (Ok(whole), Some(sliced)) => {
                assert_eq!(
                    format!("{whole:?}"),
                    format!("{sliced:?}"),
                    "{what}: {threads} slices give another tree"
                );
                sliced_any = true;
            }
        }
    }
    sliced_any
}

/// A document shaped like the benchmark's: large mappings of small entries, comments,
/// block scalars, quoted keys, anchors used within an entry.
fn synthetic(channels: usize) -> String {
    let mut text = String::from(
        "# A synthetic document\nasyncapi: 3.0.0\ninfo:\n  title: T\n  version: '1'\nchannels:\n",
    );
    for i in 0..channels {
        text.push_str(&format!(
            "  ch{i}:\n    address: 'devices/{{id}}/t/{i}'\n    description: |\n      Line one of {i}.\n\n      # not a comment\n    messages:\n      \"M{i}\": &m{i}\n        payload: {{type: object}}\n      copy: *m{i}\n\n# between channels\n"
        ));
    }
    text.push_str("components:\n  schemas:\n");
    for i in 0..channels {
        text.push_str(&format!(
            "    S{i}:\n      type: object\n      properties:\n        n: {{type: integer, minimum: {i}}}\n        f: {{type: number, maximum: .nan}}\n"
        ));
    }
    text
}

#[test]
fn a_large_document_parses_in_slices_to_the_same_tree() {
    let text = synthetic(300);
    assert!(
        agrees(&text, "synthetic"),
        "the synthetic document was never sliced"
    );
    let sliced = parse_in_slices(&text, FileId(3), 8).expect("slices");
    let schemas = sliced
        .get("components")
        .and_then(|c| c.get("schemas"))
        .expect("schemas");
    assert_eq!(schemas.as_object().map(<[_]>::len), Some(300));
}

#[test]
fn every_fixture_document_agrees() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "tests/fixtures",
        "../tests/fixtures",
        "../examples/monorepo",
    ] {
        collect_yaml(&root.join(dir), &mut files);
    }
    assert!(files.len() > 20, "fixtures not found: {files:?}");
    let mut sliced = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read the fixture");
        if agrees(&text, &file.display().to_string()) {
            sliced += 1;
        }
    }
    assert!(
        sliced * 2 > files.len(),
        "only {sliced} of {} fixtures sliced",
        files.len()
    );
}

fn collect_yaml(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && !path.ends_with("node_modules") {
            collect_yaml(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn documents_slices_could_misread_are_left_to_the_one_piece_parse() {
    let cases = [
        // An alias to an anchor in another entry.
        "a:\n  x: &shared 1\nb:\n  y: *shared\n",
        // A key repeated in another slice.
        "a:\n  x: 1\nb: 2\na:\n  y: 3\n",
        "top:\n  a: 1\n  b: 2\n  a: 3\n",
        // A flow mapping where an entry should start.
        "{a: 1}\nb: 2\n",
        // A quoted scalar whose next line looks like a key.
        "a:\n  x: \"first\n  y: 2\"\n  z: 3\n",
        "a: 'one\nb: two'\n",
        // A flow collection over several lines.
        "a: [1,\nb, 2]\nc: 3\n",
        // Less indented than its siblings.
        "top:\n    a: 1\n  b: 2\n",
        // Directives, markers, tabs, a byte order mark.
        "%YAML 1.2\n---\na: 1\nb: 2\n",
        "a: 1\n---\nb: 2\n",
        "a:\n\tb: 1\nc: 2\n",
        "\u{feff}a: 1\nb: 2\n",
        // A sequence at the top and a plain scalar continued on the next line.
        "- a\n- b\n",
        "a: word\nmore\nb: 1\n",
        // Explicit keys, tags, block scalars with odd indentation.
        "? a\n: 1\nb: 2\n",
        "a: !tag\n  x: 1\nb: 2\n",
        "a: |\n  text\nb: >\n  folded\n\n  more\nc: 1\n",
        "a: |1\n  text\n b: 2\nc: 3\n",
        // Keys that are not plain strings.
        "null:\n  a: 1\n1:\n  b: 2\ntrue:\n  c: 3\n",
        // Windows line breaks.
        "a:\r\n  x: 1\r\nb:\r\n  y: 2\r\n",
    ];
    for case in cases {
        agrees(case, &format!("{case:?}"));
    }
}

#[test]
fn mutated_documents_agree() {
    // Line-level edits of a sliceable document: deleted, repeated, re-indented, truncated
    // and quote-opening lines. Deterministic, so a failure reproduces.
    let base = synthetic(12);
    let lines: Vec<&str> = base.lines().collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for round in 0..400 {
        let mut edited: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
        for _ in 0..1 + round % 3 {
            let i = next(edited.len());
            match next(6) {
                0 => {
                    edited.remove(i);
                }
                1 => {
                    let line = edited[i].clone();
                    edited.insert(i, line);
                }
                2 => edited[i] = format!(" {}", edited[i]),
                3 => edited[i] = edited[i].trim_start().to_string(),
                4 => edited[i].push_str(" \"open"),
                _ => edited[i] = format!("{}: &a [", edited[i]),
            }
        }
        let text = edited.join("\n");
        agrees(&text, &format!("round {round}"));
    }
}
