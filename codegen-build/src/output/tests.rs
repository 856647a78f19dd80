//! The writer against a real directory: synthetic generated files, real file system.

use super::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// A fresh directory for one test, under the system temp dir, removed when the test ends
/// (also when it fails: the guard is dropped while the panic unwinds).
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Tests make files read-only or unreadable; give the owner access back first.
        restore_permissions(&self.0);
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
fn restore_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if d.is_symlink() {
            continue;
        }
        let _ = fs::set_permissions(&d, fs::Permissions::from_mode(0o755));
        if let Ok(entries) = fs::read_dir(&d) {
            stack.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
        }
    }
}

#[cfg(not(unix))]
fn restore_permissions(_dir: &Path) {}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!(
        "codegen-build-output-{name}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

fn generated(path: &str, body: &str) -> GeneratedFile {
    GeneratedFile {
        path: path.into(),
        contents: format!("// {GENERATED_MARKER}. Do not edit.\n{body}\n"),
    }
}

/// Every entry below `dir`: files with their bytes, directories as `None`, symbolic links
/// as `-> target`.
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_symlink() {
                let target = fs::read_link(&path).unwrap();
                out.insert(rel, Some(format!("-> {}", target.display()).into_bytes()));
            } else if path.is_dir() {
                out.insert(rel, None);
                stack.push(path);
            } else {
                out.insert(rel, Some(fs::read(&path).unwrap()));
            }
        }
    }
    out
}

fn mtime(path: &Path) -> SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

/// Moves a file's mtime into the past, so that a rewrite would be visible.
fn age(path: &Path) {
    let past = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(past)
        .unwrap();
}

#[test]
fn creates_the_directory_and_every_file() {
    let root = scratch("create");
    let out = root.join("frontend/src/__gen__");
    let files = [
        generated("channels/index.ts", "export {};"),
        generated("index.ts", "export * from './channels';"),
    ];
    let written = write(&out, &files).unwrap();
    assert_eq!(written.created, ["channels/index.ts", "index.ts"]);
    assert!(written.updated.is_empty() && written.removed.is_empty());
    assert_eq!(
        fs::read_to_string(out.join("index.ts")).unwrap(),
        files[1].contents
    );
    assert_eq!(
        fs::read_to_string(out.join("channels/index.ts")).unwrap(),
        files[0].contents
    );
}

#[test]
fn unchanged_files_are_not_rewritten_and_changed_ones_are() {
    let out = scratch("unchanged");
    let mut files = vec![generated("a.ts", "a"), generated("b/c.ts", "c")];
    write(&out, &files).unwrap();
    age(&out.join("a.ts"));
    age(&out.join("b/c.ts"));
    let (a_before, c_before) = (mtime(&out.join("a.ts")), mtime(&out.join("b/c.ts")));

    let again = write(&out, &files).unwrap();
    assert!(again.is_noop(), "{again:?}");
    assert_eq!(again.unchanged, ["a.ts", "b/c.ts"]);
    assert_eq!(mtime(&out.join("a.ts")), a_before);
    assert_eq!(mtime(&out.join("b/c.ts")), c_before);

    files[1] = generated("b/c.ts", "c changed");
    let changed = write(&out, &files).unwrap();
    assert_eq!(changed.updated, ["b/c.ts"]);
    assert_eq!(mtime(&out.join("a.ts")), a_before);
    assert_ne!(mtime(&out.join("b/c.ts")), c_before);
    assert_eq!(
        fs::read_to_string(out.join("b/c.ts")).unwrap(),
        files[1].contents
    );
    // No temporary file is left behind.
    assert_eq!(snapshot(&out).len(), 3, "{:?}", snapshot(&out).keys());
}

#[test]
fn stale_generated_files_go_and_hand_written_files_stay() {
    let out = scratch("stale");
    write(
        &out,
        &[
            generated("keep.ts", "k"),
            generated("old/gone.ts", "g"),
            generated("mixed/old.ts", "o"),
        ],
    )
    .unwrap();
    fs::write(out.join("mixed/mine.ts"), "// hand-written\n").unwrap();
    fs::write(
        out.join("README.md"),
        format!("notes\n{GENERATED_MARKER} on the second line is not a marker\n"),
    )
    .unwrap();
    fs::create_dir(out.join("empty-before")).unwrap();

    let written = write(&out, &[generated("keep.ts", "k")]).unwrap();
    assert_eq!(written.removed, ["mixed/old.ts", "old/gone.ts"]);
    let left: Vec<String> = snapshot(&out).into_keys().collect();
    // `old/` was emptied by the removal and goes; `mixed/` still holds a user file;
    // `empty-before/` was not ours to remove.
    assert_eq!(
        left,
        [
            "README.md",
            "empty-before",
            "keep.ts",
            "mixed",
            "mixed/mine.ts"
        ]
    );
}

#[test]
fn a_hand_written_file_in_the_way_is_an_error_and_nothing_changes() {
    let out = scratch("in-the-way");
    write(&out, &[generated("a.ts", "a"), generated("stale.ts", "s")]).unwrap();
    fs::write(out.join("b.ts"), "export const mine = 1;\n").unwrap();
    let before = snapshot(&out);

    let err = write(
        &out,
        &[generated("a.ts", "a changed"), generated("b.ts", "b")],
    )
    .unwrap_err();
    assert_eq!(err.path, out.join("b.ts"));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: a file without the `{GENERATED_MARKER}` marker is in the way of the generated file `b.ts`; \
             it looks hand-written, so it is not overwritten: move or delete it, or choose another output directory",
            out.join("b.ts").display()
        )
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn paths_that_could_leave_the_directory_are_rejected() {
    let out = scratch("bad-paths");
    let cases = [
        ("", "it is empty"),
        ("/etc/passwd", "it is absolute"),
        ("../escape.ts", "it contains `..`"),
        ("a/../../escape.ts", "it contains `..`"),
        ("./a.ts", "it contains `.`"),
        ("a//b.ts", "it has an empty segment"),
        ("a/", "it has an empty segment"),
        (
            "a\\..\\b.ts",
            "it contains a backslash (generated paths are `/`-separated)",
        ),
        (
            "C:/x.ts",
            "it contains `:` (a drive or stream name on Windows)",
        ),
        ("a\0.ts", "it contains NUL"),
    ];
    for (path, reason) in cases {
        let err = write(
            &out.join("gen"),
            &[generated("ok.ts", ""), generated(path, "")],
        )
        .unwrap_err();
        assert_eq!(
            err.problem,
            format!("refusing the generated path {path:?}: {reason}")
        );
        assert!(err.help.contains("bug in the generator"), "{err}");
    }
    assert!(snapshot(&out).is_empty(), "nothing may be created");
}

#[test]
fn generated_sets_that_contradict_themselves_are_rejected() {
    let out = scratch("contradictions");
    let no_marker = GeneratedFile {
        path: "a.ts".into(),
        contents: "export {};\n// @generated by asyncapi-codegen\n".into(),
    };
    let err = write(&out, &[no_marker]).unwrap_err();
    assert_eq!(
        err.problem,
        format!("the generated file `a.ts` does not carry `{GENERATED_MARKER}` on its first line")
    );
    let err = write(&out, &[generated("a.ts", "1"), generated("a.ts", "2")]).unwrap_err();
    assert_eq!(err.problem, "the file `a.ts` is generated twice");
    let err = write(&out, &[generated("a", "1"), generated("a/b.ts", "2")]).unwrap_err();
    assert_eq!(
        err.problem,
        "`a` is generated as a file and as the directory of `a/b.ts`"
    );
    assert!(snapshot(&out).is_empty());
}

#[test]
fn files_and_directories_in_the_way_are_errors() {
    let root = scratch("in-the-way-kinds");
    fs::write(root.join("not-a-dir"), "x").unwrap();
    let err = write(&root.join("not-a-dir"), &[generated("a.ts", "")]).unwrap_err();
    assert_eq!(err.problem, "the output path exists but is not a directory");

    let out = root.join("out");
    fs::create_dir_all(out.join("a.ts")).unwrap();
    fs::write(out.join("payloads"), "x").unwrap();
    let err = write(&out, &[generated("a.ts", "")]).unwrap_err();
    assert_eq!(
        err.problem,
        "is a directory, but the generated file `a.ts` has this path"
    );
    let err = write(&out, &[generated("payloads/P.ts", "")]).unwrap_err();
    assert_eq!(
        err.problem,
        "is a file, but the generated file `payloads/P.ts` goes below it"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_never_written_through_or_removed() {
    let root = scratch("symlinks");
    let outside = root.join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(
        outside.join("victim.ts"),
        format!("// {GENERATED_MARKER}\n"),
    )
    .unwrap();
    let out = root.join("out");
    fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("payloads")).unwrap();

    let err = write(&out, &[generated("payloads/victim.ts", "overwritten")]).unwrap_err();
    assert!(err.problem.starts_with("is a symbolic link"), "{err}");
    // Stale search does not follow the link either: the marked file outside survives.
    write(&out, &[generated("a.ts", "")]).unwrap();
    assert!(outside.join("victim.ts").exists());
    assert!(out
        .join("payloads")
        .symlink_metadata()
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn planning_reports_what_would_change_without_changing_anything() {
    let out = scratch("plan");
    write(
        &out,
        &[
            generated("same.ts", "s"),
            generated("edit.ts", "e"),
            generated("old.ts", "o"),
        ],
    )
    .unwrap();
    let before = snapshot(&out);
    let plan = plan(
        &out,
        &[
            generated("same.ts", "s"),
            generated("edit.ts", "e2"),
            generated("new.ts", "n"),
        ],
    )
    .unwrap();
    let changes: Vec<(&str, &str)> = plan
        .changes()
        .iter()
        .map(|c| (c.path(), c.kind().drift_label()))
        .collect();
    assert_eq!(
        changes,
        [
            ("edit.ts", "differs"),
            ("new.ts", "missing"),
            ("old.ts", "stale")
        ]
    );
    assert_eq!(plan.unchanged(), ["same.ts"]);
    assert!(!plan.is_up_to_date());
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_failure_while_renaming_restores_the_files_already_replaced() {
    let out = scratch("rollback-rename");
    write(&out, &[generated("a.ts", "a"), generated("stale.ts", "s")]).unwrap();
    let plan = plan(
        &out,
        &[
            generated("a.ts", "a changed"),
            generated("b.ts", "b"),
            generated("zz.ts", "z"),
        ],
    )
    .unwrap();
    // The directory changes between planning and committing (another process, say): a
    // non-empty directory now sits where `zz.ts`, the last rename, must go.
    fs::create_dir(out.join("zz.ts")).unwrap();
    fs::write(out.join("zz.ts/x"), "x").unwrap();
    let before = snapshot(&out);

    let err = plan.commit().unwrap_err();
    assert!(err.problem.starts_with("cannot replace"), "{err}");
    assert!(
        err.help
            .ends_with("the output directory was left as it was"),
        "{err}"
    );
    assert_eq!(
        snapshot(&out),
        before,
        "a.ts restored, b.ts removed, stale.ts kept, no temp files"
    );
}

#[test]
fn a_failure_while_staging_changes_nothing() {
    let out = scratch("rollback-stage");
    write(&out, &[generated("a.ts", "a")]).unwrap();
    let plan = plan(
        &out,
        &[
            generated("a.ts", "a changed"),
            generated("sub/deeper/b.ts", "b"),
        ],
    )
    .unwrap();
    // A file now sits where the new directory must be created.
    fs::write(out.join("sub"), "in the way").unwrap();
    let before = snapshot(&out);

    let err = plan.commit().unwrap_err();
    assert!(
        err.problem.starts_with("cannot create the directory"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_directory_that_appears_after_planning_is_compared_with_not_replaced() {
    let root = scratch("appears-after-plan");
    let out = root.join("new/out");
    let plan = plan(&out, &[generated("a.ts", "a"), generated("b/c.ts", "c")]).unwrap();
    fs::create_dir_all(out.join("b/c.ts/blocker")).unwrap();
    let before = snapshot(&root);

    let err = plan.commit().unwrap_err();
    assert_eq!(
        err.problem,
        "is a directory, but the generated file `b/c.ts` has this path"
    );
    assert_eq!(
        snapshot(&root),
        before,
        "no file and no staging directory left"
    );
}

#[test]
fn leftover_temporary_files_are_cleaned_up_as_stale() {
    let out = scratch("leftover");
    write(&out, &[generated("a.ts", "a")]).unwrap();
    let leftover = out.join(".a.ts.asyncapi-codegen-1-0.tmp");
    fs::write(&leftover, generated("a.ts", "half").contents).unwrap();
    // A fresh one may belong to a run going on right now (cargo and rust-analyzer running
    // the same build script): it stays.
    let written = write(&out, &[generated("a.ts", "a")]).unwrap();
    assert!(written.is_noop(), "{written:?}");
    assert!(leftover.exists());
    // An old one is the leftover of a killed run.
    age(&leftover);
    let written = write(&out, &[generated("a.ts", "a")]).unwrap();
    assert_eq!(written.removed, [".a.ts.asyncapi-codegen-1-0.tmp"]);
    assert!(!leftover.exists());
}

#[cfg(unix)]
#[test]
fn an_update_keeps_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let out = scratch("permissions");
    write(&out, &[generated("a.ts", "a")]).unwrap();
    fs::set_permissions(out.join("a.ts"), fs::Permissions::from_mode(0o444)).unwrap();
    write(&out, &[generated("a.ts", "b")]).unwrap();
    let mode = fs::metadata(out.join("a.ts")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
}

#[test]
fn the_marker_must_be_on_the_first_line() {
    assert!(has_marker(format!("// {GENERATED_MARKER}\nx").as_bytes()));
    assert!(has_marker(format!("/* {GENERATED_MARKER} */").as_bytes()));
    assert!(!has_marker(
        format!("x\n// {GENERATED_MARKER}\n").as_bytes()
    ));
    assert!(!has_marker(b""));
}

#[test]
fn concurrent_runs_on_one_directory_all_succeed() {
    // cargo and rust-analyzer may run the same build script at the same time.
    let dir = scratch("concurrent");
    let out = dir.join("gen");
    let files: Vec<GeneratedFile> = (0..20)
        .map(|i| generated(&format!("dir{}/f{i}.ts", i % 4), &format!("file {i}")))
        .collect();
    // Stale files that every run wants to remove, in a directory that then goes away.
    fs::create_dir_all(out.join("retired")).unwrap();
    for i in 0..5 {
        fs::write(
            out.join(format!("retired/r{i}.ts")),
            generated("r", "").contents,
        )
        .unwrap();
    }
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..10 {
                    write(&out, &files).unwrap();
                }
            });
        }
    });
    let on_disk = snapshot(&out);
    for file in &files {
        let bytes = on_disk[&file.path.replace('/', std::path::MAIN_SEPARATOR_STR)].as_ref();
        assert_eq!(bytes.unwrap(), file.contents.as_bytes());
    }
    assert_eq!(
        on_disk.len(),
        files.len() + 4,
        "no temporary file left: {:?}",
        on_disk.keys()
    );
}

/// Many files in a few directories, enough for the fresh-directory writer to use threads.
fn many_files() -> Vec<GeneratedFile> {
    let mut files: Vec<GeneratedFile> = (0..300)
        .map(|i| {
            let dir = ["payloads", "parameters", "headers/deep"][i % 3];
            generated(&format!("{dir}/F{i}.ts"), &format!("export const f = {i};"))
        })
        .collect();
    files.push(generated("index.ts", "export {};"));
    files
}

/// What `files` look like in a [`snapshot`] of the directory that holds them under `prefix`
/// (`/`-separated, may be empty).
fn expected(prefix: &str, files: &[GeneratedFile]) -> BTreeMap<String, Option<Vec<u8>>> {
    let native = |p: &str| p.replace('/', std::path::MAIN_SEPARATOR_STR);
    let mut out = BTreeMap::new();
    for file in files {
        let path = match prefix {
            "" => file.path.clone(),
            _ => format!("{prefix}/{}", file.path),
        };
        for (i, _) in path.match_indices('/') {
            out.insert(native(&path[..i]), None);
        }
        out.insert(native(&path), Some(file.contents.clone().into_bytes()));
    }
    out
}

#[test]
fn a_new_directory_and_its_missing_ancestors_get_exactly_the_generated_files() {
    let files = many_files();
    let mut sorted: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    sorted.sort();

    // Through `write`, and through `plan` + `commit` as a build script does.
    let root = scratch("fresh");
    let written = write(&root.join("a/b/out"), &files).unwrap();
    assert_eq!(written.created, sorted);
    assert!(
        written.updated.is_empty() && written.removed.is_empty() && written.unchanged.is_empty()
    );
    assert_eq!(written.dir, root.join("a/b/out"));
    assert_eq!(snapshot(&root), expected("a/b/out", &files));

    let root = scratch("fresh-plan");
    let plan = plan(&root.join("a/b/out"), &files).unwrap();
    assert_eq!(plan.changes().len(), files.len());
    let written = plan.commit().unwrap();
    assert_eq!(written.created, sorted);
    assert_eq!(snapshot(&root), expected("a/b/out", &files));

    // A trailing separator names the same directory.
    let root = scratch("fresh-slash");
    write(&root.join("slash/"), &files[..2]).unwrap();
    assert_eq!(snapshot(&root.join("slash")), expected("", &files[..2]));
}

#[test]
fn a_failure_while_writing_a_new_directory_leaves_nothing() {
    // A file name longer than any file system allows fails half way through the files.
    let long = format!("b/{}.ts", "x".repeat(300));
    let files = [
        generated("a.ts", "a"),
        generated(&long, "too long"),
        generated("c/d.ts", "d"),
    ];
    let root = scratch("fresh-failure");
    let out = root.join("new/deeper/out");
    let err = write(&out, &files).unwrap_err();
    assert!(err.problem.starts_with("cannot write"), "{err}");
    assert_eq!(err.path, out.join(&long));
    assert!(err.help.ends_with("nothing was created"), "{err}");
    assert!(
        snapshot(&root).is_empty(),
        "no output, staging directory or ancestor left: {:?}",
        snapshot(&root).keys()
    );

    // The same through `plan` + `commit`, next to an ancestor that already existed.
    fs::create_dir(root.join("new")).unwrap();
    let err = plan(&out, &files).unwrap().commit().unwrap_err();
    assert!(err.problem.starts_with("cannot write"), "{err}");
    assert_eq!(snapshot(&root).into_keys().collect::<Vec<_>>(), ["new"]);
}

#[test]
fn a_concurrent_run_that_created_the_directory_first_is_compared_with() {
    let root = scratch("fresh-race");
    let out = root.join("out");
    let files = many_files();
    // Planned while the directory was missing; another run writes it before the commit.
    let late = plan(&out, &files).unwrap();
    write(&out, &files).unwrap();
    let index = out.join("index.ts");
    age(&index);
    let before = mtime(&index);

    let written = late.commit().unwrap();
    assert!(written.is_noop(), "{written:?}");
    assert_eq!(written.unchanged.len(), files.len());
    assert_eq!(mtime(&index), before, "nothing rewritten");
    assert_eq!(
        snapshot(&root),
        expected("out", &files),
        "no staging directory left"
    );
}

#[test]
fn concurrent_runs_on_a_new_directory_all_succeed() {
    let root = scratch("fresh-concurrent");
    let out = root.join("a/out");
    let files = many_files();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| write(&out, &files).unwrap());
        }
    });
    assert_eq!(snapshot(&root), expected("a/out", &files));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_at_the_output_path_is_never_replaced_or_written_through() {
    let root = scratch("fresh-symlink");
    let files = [generated("a.ts", "a")];
    // A dangling link: no directory is created at its target, nor in place of the link.
    let out = root.join("out");
    std::os::unix::fs::symlink(root.join("elsewhere"), &out).unwrap();
    let before = snapshot(&root);
    let err = write(&out, &files).unwrap_err();
    assert!(
        err.problem.starts_with("cannot create the directory"),
        "{err}"
    );
    let err = plan(&out, &files).unwrap().commit().unwrap_err();
    assert!(
        err.problem.starts_with("cannot create the directory"),
        "{err}"
    );
    assert_eq!(snapshot(&root), before);
    assert!(out.symlink_metadata().unwrap().file_type().is_symlink());
}

/// Sets the mtime of `dir` and of everything below it an hour back, deepest first.
#[cfg(unix)]
fn age_tree(dir: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            age_tree(&path);
        } else {
            age(&path);
        }
    }
    // A directory opens read-only (only on Unix); its owner may still set its times.
    let past = SystemTime::now() - Duration::from_secs(3600);
    fs::File::open(dir).unwrap().set_modified(past).unwrap();
}

#[cfg(unix)]
#[test]
fn leftover_staging_directories_beside_the_output_are_removed_only_when_old_and_ours() {
    let root = scratch("staging-leftovers");
    let marked = generated("x", "half").contents;
    let make = |name: &str, files: &[(&str, &str)]| {
        let dir = root.join(name);
        for (rel, contents) in files {
            fs::create_dir_all(dir.join(rel).parent().unwrap()).unwrap();
            fs::write(dir.join(rel), contents).unwrap();
        }
        dir
    };
    let leftover = make(
        ".out.asyncapi-codegen-1-0.tmp",
        &[("a.ts", &marked), ("payloads/P.ts", &marked)],
    );
    let mine = make(
        ".out.asyncapi-codegen-1-1.tmp",
        &[("a.ts", &marked), ("notes.md", "hand-written")],
    );
    let other_name = make(".out.asyncapi-codegen-x.tmp", &[("a.ts", &marked)]);
    let other_output = make(".other.asyncapi-codegen-1-0.tmp", &[("a.ts", &marked)]);
    let young = make(".out.asyncapi-codegen-1-2.tmp", &[("a.ts", &marked)]);
    for dir in [&leftover, &mine, &other_name, &other_output] {
        age_tree(dir);
    }
    write(&root.join("out"), &[generated("a.ts", "a")]).unwrap();
    assert!(!leftover.exists());
    for kept in [&mine, &other_name, &other_output, &young] {
        assert!(kept.join("a.ts").exists(), "{}", kept.display());
    }

    // An up-to-date run on the existing directory cleans up as well.
    let later = make(".out.asyncapi-codegen-7-0.tmp", &[("a.ts", &marked)]);
    age_tree(&later);
    assert!(write(&root.join("out"), &[generated("a.ts", "a")])
        .unwrap()
        .is_noop());
    assert!(!later.exists());
}

#[cfg(unix)]
#[test]
fn staging_directories_inside_an_output_directory_are_stale_only_when_old() {
    // An output nested in another one stages inside it.
    let out = scratch("staging-nested");
    let staging = out.join(".sub.asyncapi-codegen-1-0.tmp");
    fs::create_dir(&staging).unwrap();
    fs::write(staging.join("x.ts"), generated("x", "").contents).unwrap();
    let written = write(&out, &[generated("a.ts", "a")]).unwrap();
    assert!(written.removed.is_empty(), "{written:?}");
    age_tree(&staging);
    let written = write(&out, &[generated("a.ts", "a")]).unwrap();
    assert_eq!(written.removed, [".sub.asyncapi-codegen-1-0.tmp/x.ts"]);
    assert!(!staging.exists());
}

#[cfg(unix)]
#[test]
fn an_existing_empty_output_directory_is_filled_not_replaced() {
    use std::os::unix::fs::MetadataExt;
    let root = scratch("empty-existing");
    let out = root.join("out");
    fs::create_dir(&out).unwrap();
    let inode = fs::metadata(&out).unwrap().ino();
    let files = many_files();
    write(&out, &files).unwrap();
    assert_eq!(
        fs::metadata(&out).unwrap().ino(),
        inode,
        "the user's directory stays"
    );
    assert_eq!(snapshot(&root), expected("out", &files));
}

/// The staging directory of a new output directory `out`, while it is being written.
fn staging_dir_of(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy().into_owned();
    fs::read_dir(out.parent()?)
        .ok()?
        .map(|e| e.unwrap().path())
        .find(|p| {
            let entry = p.file_name().unwrap().to_string_lossy().into_owned();
            entry.starts_with(&format!(".{name}.asyncapi-codegen-")) && p.is_dir()
        })
}

#[test]
fn a_new_directory_is_written_while_its_files_are_generated() {
    let files = many_files();
    let root = scratch("streamed");
    let out = root.join("a/out");
    let mut seen_in_staging = 0;
    let written = write_while_generating(&out, |each| {
        for file in &files {
            each(file);
            // Handed over means written: the file is in the staging directory already,
            // and the output directory does not exist yet.
            let staging = staging_dir_of(&out).expect("a staging directory");
            assert!(staging.join(&file.path).is_file(), "{}", file.path);
            assert!(!out.exists());
            seen_in_staging += 1;
        }
        Ok::<_, OutputError>(files.clone())
    })
    .unwrap();
    assert_eq!(seen_in_staging, files.len());
    assert_eq!(written.created.len(), files.len());
    assert_eq!(snapshot(&root), expected("a/out", &files));

    // A file returned but never handed over is written too.
    let root = scratch("streamed-late");
    let out = root.join("out");
    write_while_generating(&out, |each| {
        each(&files[0]);
        Ok::<_, OutputError>(files[..3].to_vec())
    })
    .unwrap();
    assert_eq!(snapshot(&out), expected("", &files[..3]));

    // An existing directory is compared with, as `write` does: unchanged files stay.
    let before = mtime(&out.join(&files[0].path));
    age(&out.join(&files[0].path));
    let aged = mtime(&out.join(&files[0].path));
    assert_ne!(before, aged);
    let written = write_while_generating(&out, |each| {
        files[..3].iter().for_each(each);
        Ok::<_, OutputError>(files[..3].to_vec())
    })
    .unwrap();
    assert!(written.is_noop(), "{written:?}");
    assert_eq!(mtime(&out.join(&files[0].path)), aged);
}

#[test]
fn a_generator_that_fails_half_way_leaves_nothing() {
    let files = many_files();
    let root = scratch("streamed-failure");
    let out = root.join("new/out");
    let err = write_while_generating(&out, |each| {
        files[..100].iter().for_each(each);
        Err(OutputError::new(
            out.clone(),
            "the generator failed",
            "fix it",
        ))
    })
    .unwrap_err();
    assert_eq!(err.problem, "the generator failed");
    assert!(
        snapshot(&root).is_empty(),
        "no output, staging directory or ancestor left: {:?}",
        snapshot(&root).keys()
    );
}

#[test]
fn files_handed_over_with_bad_paths_are_never_written_and_fail_the_run() {
    let root = scratch("streamed-bad");
    let out = root.join("out");
    for bad in ["../escape.ts", "/abs.ts", "a//b.ts", "a/./b.ts"] {
        let files = vec![generated("ok.ts", "ok"), generated(bad, "bad")];
        let err = write_while_generating(&out, |each| {
            files.iter().for_each(each);
            Ok::<_, OutputError>(files.clone())
        })
        .unwrap_err();
        assert!(err.problem.contains("refusing the generated path"), "{err}");
        assert!(snapshot(&root).is_empty(), "{bad}: {:?}", snapshot(&root));
    }
    // Unmarked contents and a path generated twice are refused the same way.
    let unmarked = GeneratedFile {
        path: "x.ts".into(),
        contents: "export {};\n".into(),
    };
    let twice = vec![generated("x.ts", "1"), generated("x.ts", "2")];
    for files in [vec![unmarked], twice] {
        let err = write_while_generating(&out, |each| {
            files.iter().for_each(each);
            Ok::<_, OutputError>(files.clone())
        })
        .unwrap_err();
        assert!(
            err.problem.contains("does not carry") || err.problem.contains("generated twice"),
            "{err}"
        );
        assert!(snapshot(&root).is_empty(), "{:?}", snapshot(&root));
    }
}
