//! The corpus of malformed inputs (issue 22): `tests/corpus/cases.tsv` lists each case
//! with the command, the expected exit code and what the output must (not) contain; the
//! format is documented at the top of that file. Every case runs the real binary in a
//! fresh working copy (the corpus, `instances/` and `models/`), with a 30 s limit, and
//! must leave every file there as it was. All mismatches are collected and reported
//! together, so one run shows every failing case.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The corpus may not shrink below this many cases.
const MIN_CASES: usize = 30;
/// A run longer than this is killed and fails its case.
const TIMEOUT: Duration = Duration::from_secs(30);

struct Case {
    line: usize,
    name: String,
    setup: Vec<Vec<String>>,
    exit: i32,
    args: Vec<String>,
    checks: Vec<Check>,
}

struct Check {
    negated: bool,
    kind: String,
    text: String,
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let not = if self.negated { "!" } else { "" };
        write!(f, "{not}{}:{}", self.kind, self.text)
    }
}

const KINDS: &[&str] = &[
    "err", "out", "stderr", "stdout", "tail", "created", "maxbytes",
];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Parse the manifest; a malformed line fails the test at once (it is the test's own input).
fn parse_manifest(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = raw.split('\t').filter(|c| !c.is_empty()).collect();
        assert!(
            cols.len() == 5,
            "cases.tsv:{line}: expected 5 TAB-separated columns (name, setup, exit, args, checks), found {}: {raw:?}",
            cols.len()
        );
        let name = cols[0].trim().to_string();
        assert!(
            cases.iter().all(|c| c.name != name),
            "cases.tsv:{line}: case `{name}` appears twice"
        );
        let setup = if cols[1].trim() == "-" {
            Vec::new()
        } else {
            cols[1]
                .split(" ; ")
                .map(|step| step.split_whitespace().map(String::from).collect())
                .collect()
        };
        let exit = cols[2].trim().parse().unwrap_or_else(|_| {
            panic!("cases.tsv:{line}: exit code `{}` is not a number", cols[2])
        });
        let args: Vec<String> = cols[3].split_whitespace().map(String::from).collect();
        assert!(!args.is_empty(), "cases.tsv:{line}: no arguments");
        let checks: Vec<Check> = cols[4]
            .split(" && ")
            .map(|c| {
                let c = c.trim();
                let (negated, c) = match c.strip_prefix('!') {
                    Some(rest) => (true, rest),
                    None => (false, c),
                };
                let (kind, text) = c
                    .split_once(':')
                    .unwrap_or_else(|| panic!("cases.tsv:{line}: check `{c}` is not KIND:TEXT"));
                assert!(
                    KINDS.contains(&kind),
                    "cases.tsv:{line}: unknown check kind `{kind}` (one of {KINDS:?})"
                );
                assert!(
                    !text.is_empty(),
                    "cases.tsv:{line}: check `{c}` has no text"
                );
                if kind == "maxbytes" {
                    text.parse::<usize>().unwrap_or_else(|_| {
                        panic!("cases.tsv:{line}: maxbytes `{text}` is not a number")
                    });
                }
                Check {
                    negated,
                    kind: kind.to_string(),
                    text: text.to_string(),
                }
            })
            .collect();
        assert!(
            checks.iter().any(|c| !c.negated),
            "cases.tsv:{line}: case `{name}` needs at least one check that is not negated"
        );
        cases.push(Case {
            line,
            name,
            setup,
            exit,
            args,
            checks,
        });
    }
    cases
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("cannot create {}: {e}", to.display()));
    for entry in
        fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()))
    {
        let entry = entry.unwrap();
        let path = entry.path();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target)
                .unwrap_or_else(|e| panic!("cannot copy {}: {e}", path.display()));
        }
    }
}

/// What a path in the working copy is: a file's bytes, a link's target, or a folder.
#[derive(PartialEq, Eq, Debug)]
enum Entry {
    File(Vec<u8>),
    Link(PathBuf),
    Dir,
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Entry> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Entry>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                out.insert(rel, Entry::Link(fs::read_link(&path).unwrap()));
            } else if meta.is_dir() {
                out.insert(rel, Entry::Dir);
                walk(root, &path, out);
            } else {
                out.insert(rel, Entry::File(fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Run one setup step in the working copy.
fn setup_step(dir: &Path, step: &[String], case: &Case) {
    let arg = |i: usize| -> &str {
        step.get(i).map(String::as_str).unwrap_or_else(|| {
            panic!(
                "cases.tsv:{}: setup step {step:?} lacks an argument",
                case.line
            )
        })
    };
    let count = |i: usize| -> usize {
        arg(i)
            .parse()
            .unwrap_or_else(|_| panic!("cases.tsv:{}: `{}` is not a count", case.line, arg(i)))
    };
    let fail = |e: std::io::Error| -> ! {
        panic!("cases.tsv:{}: setup step {step:?} failed: {e}", case.line)
    };
    match arg(0) {
        "link" => fs::hard_link(dir.join(arg(1)), dir.join(arg(2))).unwrap_or_else(|e| fail(e)),
        "symlink" => {
            std::os::unix::fs::symlink(arg(1), dir.join(arg(2))).unwrap_or_else(|e| fail(e))
        }
        "mkdir" => fs::create_dir_all(dir.join(arg(1))).unwrap_or_else(|e| fail(e)),
        "copy" => {
            fs::copy(dir.join(arg(1)), dir.join(arg(2))).unwrap_or_else(|e| fail(e));
        }
        "nest-flow" => {
            let n = count(2);
            let text = format!("people: {}{}\n", "[".repeat(n), "]".repeat(n));
            fs::write(dir.join(arg(1)), text).unwrap_or_else(|e| fail(e));
        }
        "nest-block" => {
            let n = count(2);
            let text = format!("people:\n  {}x\n", "- ".repeat(n));
            fs::write(dir.join(arg(1)), text).unwrap_or_else(|e| fail(e));
        }
        "nest-scenario" => {
            let n = count(2);
            let text = format!(
                "base: tiny.yaml\nvariants: {}{}\n",
                "[".repeat(n),
                "]".repeat(n)
            );
            fs::write(dir.join(arg(1)), text).unwrap_or_else(|e| fail(e));
        }
        other => panic!("cases.tsv:{}: unknown setup step `{other}`", case.line),
    }
}

struct Run {
    code: Option<i32>,
    timed_out: bool,
    stdout: String,
    stderr: String,
    seconds: f64,
}

fn run(dir: &Path, logs: &Path, args: &[String]) -> Run {
    let out_path = logs.join("stdout");
    let err_path = logs.join("stderr");
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_flexrota"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("flexrota starts");
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            timed_out = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code(),
        timed_out,
        stdout: String::from_utf8_lossy(&fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(&err_path).unwrap()).into_owned(),
        seconds: start.elapsed().as_secs_f64(),
    }
}

/// The first stderr line starting with `error` (the first line if none does).
fn error_line(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|l| l.trim_start().starts_with("error"))
        .or_else(|| stderr.lines().next())
        .unwrap_or("")
}

fn shorten(s: &str) -> String {
    const MAX: usize = 300;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}... ({} bytes)", s.len())
    }
}

/// Every problem of one case (empty: the case passes).
fn run_case(case: &Case, corpus: &Path) -> Vec<String> {
    let work = tempfile::TempDir::new().unwrap();
    let logs = tempfile::TempDir::new().unwrap();
    let dir = work.path();
    copy_tree(corpus, dir);
    copy_tree(&repo().join("instances"), &dir.join("instances"));
    copy_tree(&repo().join("models"), &dir.join("models"));
    for step in &case.setup {
        setup_step(dir, step, case);
    }
    let before = snapshot(dir);
    let r = run(dir, logs.path(), &case.args);
    let after = snapshot(dir);

    let mut problems = Vec::new();
    let err_line = error_line(&r.stderr);
    let out_line = r.stdout.lines().next().unwrap_or("");
    if r.timed_out {
        problems.push(format!("killed after {} s", TIMEOUT.as_secs()));
    }
    if r.code != Some(case.exit) {
        let got = r
            .code
            .map_or("killed by a signal".to_string(), |c| c.to_string());
        problems.push(format!(
            "exit code: expected {}, got {got} (stderr: {:?})",
            case.exit,
            shorten(err_line)
        ));
    }
    if r.stderr.contains("panicked") {
        let line = r
            .stderr
            .lines()
            .find(|l| l.contains("panicked"))
            .unwrap_or("");
        problems.push(format!("panic: {}", shorten(line)));
    }
    for check in &case.checks {
        let (ok, seen) = match check.kind.as_str() {
            "err" => (err_line.contains(&check.text), err_line.to_string()),
            "out" => (out_line.contains(&check.text), out_line.to_string()),
            "stderr" => (r.stderr.contains(&check.text), err_line.to_string()),
            "stdout" => (r.stdout.contains(&check.text), out_line.to_string()),
            "tail" => {
                let lines: Vec<&str> = r.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
                let tail = lines[lines.len().saturating_sub(3)..].join(" / ");
                (tail.contains(&check.text), tail)
            }
            "created" => {
                let p = PathBuf::from(&check.text);
                (
                    !before.contains_key(&p) && matches!(after.get(&p), Some(Entry::File(_))),
                    format!(
                        "exists before: {}, after: {}",
                        before.contains_key(&p),
                        after.contains_key(&p)
                    ),
                )
            }
            "maxbytes" => {
                let max: usize = check.text.parse().unwrap();
                (
                    r.stderr.len() <= max,
                    format!("{} bytes of stderr", r.stderr.len()),
                )
            }
            _ => unreachable!(),
        };
        if ok == check.negated {
            let want = if check.negated {
                "not wanted"
            } else {
                "wanted"
            };
            problems.push(format!("{want} `{check}`, got {:?}", shorten(&seen)));
        }
    }
    for (path, entry) in &before {
        match after.get(path) {
            None => problems.push(format!("`{}` was deleted", path.display())),
            Some(e) if e != entry => problems.push(format!("`{}` was changed", path.display())),
            Some(_) => {}
        }
    }
    if case.exit != 0 {
        for path in after.keys().filter(|p| !before.contains_key(*p)) {
            problems.push(format!("a failed run left `{}` behind", path.display()));
        }
    }
    if !problems.is_empty() {
        problems.push(format!("({:.1} s)", r.seconds));
    }
    problems
}

#[test]
fn corpus_of_malformed_inputs() {
    let corpus = repo().join("tests/corpus");
    let manifest = corpus.join("cases.tsv");
    let text = fs::read_to_string(&manifest)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", manifest.display()));
    let cases = parse_manifest(&text);
    assert!(
        cases.len() >= MIN_CASES,
        "cases.tsv lists {} cases; the corpus must keep at least {MIN_CASES}",
        cases.len()
    );

    let mut failed = 0;
    let mut report = String::new();
    for case in &cases {
        let problems = run_case(case, &corpus);
        if !problems.is_empty() {
            failed += 1;
            let _ = writeln!(
                report,
                "\n{} (cases.tsv:{}): flexrota {}",
                case.name,
                case.line,
                case.args.join(" ")
            );
            for p in problems {
                let _ = writeln!(report, "    {p}");
            }
        }
    }
    assert!(
        failed == 0,
        "{failed} of {} corpus cases fail:\n{report}",
        cases.len()
    );
}
