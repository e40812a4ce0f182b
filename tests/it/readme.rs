//! The README's example and commands stay true: the YAML under "## The YAML format" loads
//! and solves to a legal, optimal rota, and the two commands it shows are the ones CI runs.

use flexrota::milp::SolveStatus;
use flexrota::parse::load_model_str;

use crate::common::{repo_root, solve};

fn readme() -> String {
    std::fs::read_to_string(repo_root().join("README.md")).expect("README.md is readable")
}

/// The first fenced `yaml` block after the heading `## The YAML format`.
fn yaml_example(readme: &str) -> String {
    let section = readme
        .split_once("\n## The YAML format")
        .expect("README has a section \"## The YAML format\"")
        .1;
    let mut lines = section.lines();
    lines
        .by_ref()
        .find(|l| l.trim_start().starts_with("```yaml"))
        .expect("a ```yaml block in the YAML format section");
    let mut block = String::new();
    for line in lines {
        if line.trim_start().starts_with("```") {
            return block;
        }
        block.push_str(line);
        block.push('\n');
    }
    panic!("the README's yaml block is not closed");
}

#[test]
fn readme_example_solves() {
    let text = yaml_example(&readme());
    assert!(text.contains("people:"), "extracted block:\n{text}");
    // The example's `include` paths are relative to instances/, like a shipped instance.
    let model = match load_model_str(&text, "README.md", &repo_root().join("instances")) {
        Ok(m) => m,
        Err(e) => panic!("the README example does not load:\n{}", e.render()),
    };
    let outcome = solve(&model);
    assert_eq!(
        outcome.solved.status,
        SolveStatus::Optimal,
        "the README example solves to optimality"
    );
    let report = outcome.check.expect("a rota");
    assert!(report.is_legal());
    assert!(!outcome.solved.rota.expect("a rota").assignments.is_empty());
}

#[test]
fn readme_commands_are_what_ci_runs() {
    let readme = readme();
    let solve_cmd = "cargo run --release -- solve instances/";
    let at = readme
        .find(solve_cmd)
        .expect("README shows `cargo run --release -- solve instances/...`");
    assert!(readme.contains("cargo test --release"));

    let ci = std::fs::read_to_string(repo_root().join(".ci/run")).expect(".ci/run is readable");
    assert!(
        ci.lines()
            .any(|l| !l.trim_start().starts_with('#') && l.contains("cargo test --release")),
        ".ci/run runs `cargo test --release`"
    );

    // The instance the README's solve command names exists.
    let rest = &readme[at + "cargo run --release -- solve ".len()..];
    let instance: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '`')
        .collect();
    assert!(
        instance.ends_with(".yaml"),
        "README command names {instance:?}"
    );
    assert!(
        repo_root().join(&instance).is_file(),
        "the README's instance {instance} exists"
    );
}

/// Runs the `flexrota` binary in the repository with `args`; its standard output.
fn run(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flexrota"))
        .args(args)
        .current_dir(repo_root())
        // The table fits the terminal: the README's excerpts are at the default width.
        .env("COLUMNS", "100")
        .output()
        .expect("the flexrota binary runs");
    assert!(
        out.status.success(),
        "flexrota {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The fenced block after the line `marker` in the README, and where it sits (byte range of
/// its body).
fn block_after(readme: &str, marker: &str) -> (String, std::ops::Range<usize>) {
    let at = readme
        .find(marker)
        .unwrap_or_else(|| panic!("README has the line {marker:?}"));
    let open = at + readme[at..].find("```\n").expect("a fenced block follows") + 4;
    let close = open + readme[open..].find("```\n").expect("the block is closed");
    (readme[open..close].to_string(), open..close)
}

/// Checks the README's block after `marker` against `expected`, or rewrites it when
/// `UPDATE_README=1`.
fn check_block(marker: &str, expected: &str) {
    let readme = readme();
    let (shown, range) = block_after(&readme, marker);
    if std::env::var_os("UPDATE_README").is_some() {
        let mut updated = readme.clone();
        updated.replace_range(range, expected);
        std::fs::write(repo_root().join("README.md"), updated).expect("README.md is writable");
        return;
    }
    assert_eq!(
        shown, expected,
        "the README's excerpt after {marker:?} is not what the binary prints \
         (UPDATE_README=1 cargo test --release readme rewrites it)"
    );
}

/// A table row's cells: columns are set apart by two spaces or more.
fn cells(line: &str) -> Vec<String> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

/// Rows aligned as the binary aligns them: the first column left, the others right, two
/// spaces apart.
fn align(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.chars().count());
            match c {
                0 => line.push_str(&format!("{cell}{pad}")),
                _ => line.push_str(&format!("  {pad}{cell}")),
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Some columns of some rows of the table whose header line starts with `first`, as the
/// binary prints them. A table wider than the terminal comes in panels, each with its own
/// header starting with `first`; a column is taken from whichever panel has it.
fn excerpt(table: &str, first: &str, columns: &[&str], rows: &[&str]) -> String {
    // Each panel: its header cells and its body rows.
    let mut panels: Vec<(Vec<String>, Vec<Vec<String>>)> = Vec::new();
    let mut lines = table.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with(first) {
            let mut body = Vec::new();
            while let Some(l) = lines.next_if(|l| !l.trim().is_empty()) {
                body.push(cells(l));
            }
            panels.push((cells(line), body));
        }
    }
    assert!(
        !panels.is_empty(),
        "a table whose header starts with {first:?}"
    );
    let cell = |column: &str, row: Option<&str>| -> String {
        let (header, body) = panels
            .iter()
            .find(|(h, _)| h.iter().any(|c| c == column))
            .unwrap_or_else(|| panic!("column {column:?} in the table"));
        let at = header.iter().position(|h| h == column).unwrap();
        match row {
            None => header[at].clone(),
            Some(name) => body
                .iter()
                .find(|r| r.first().map(String::as_str) == Some(name))
                .unwrap_or_else(|| panic!("row {name:?} in the table"))[at]
                .clone(),
        }
    };
    let mut out = vec![columns.iter().map(|c| cell(c, None)).collect::<Vec<_>>()];
    for name in rows {
        out.push(columns.iter().map(|c| cell(c, Some(name))).collect());
    }
    align(&out)
}

/// The README's `compare` excerpt is cut from what the binary prints for that command, so
/// it cannot drift from it.
#[test]
fn readme_compare_excerpt_is_what_the_binary_prints() {
    let args = [
        "compare",
        "instances/children-flex.scenarios.yaml",
        "-j",
        "2",
    ];
    assert!(readme().contains(&format!("cargo run --release -- {}", args.join(" "))));
    let table = run(&args);
    let main = excerpt(
        &table,
        "variant ",
        &[
            "variant",
            "status",
            "objective",
            "uncovered h",
            "cost/wk £",
            "overtime h",
            "admin %",
            "requests",
        ],
        &["base", "od-question", "grant-requests"],
    );
    let cover = excerpt(
        &table,
        "uncovered h (%)",
        &["uncovered h (%)", "base", "od-question"],
        &["duty", "evening_visit", "cover:oncall"],
    );
    check_block("<!-- compare excerpt -->", &format!("{main}...\n{cover}"));
}

/// The README's `sweep` output is exactly what the binary prints.
#[test]
fn readme_sweep_output_is_what_the_binary_prints() {
    let args = [
        "sweep",
        "instances/children-assessment.yaml",
        "--lever",
        "contract",
        "--contract",
        "eleven_to_seven",
        "--people",
        "liam,ben,chloe,dev",
        "--cover-target",
        "100",
        "-j",
        "2",
    ];
    check_block("<!-- sweep output -->", &run(&args));
}

/// The README's re-plan example: solve the week, re-plan it around Chloe's sickness from
/// Wednesday, and `diff` prints exactly the README's list.
#[test]
fn readme_replan_diff_is_what_the_binary_prints() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let published = dir.path().join("published.json");
    let replanned = dir.path().join("replanned.json");
    let (published, replanned) = (
        published.to_str().expect("UTF-8 path"),
        replanned.to_str().expect("UTF-8 path"),
    );
    run(&[
        "solve",
        "instances/children-assessment.yaml",
        "--format",
        "json",
        "-o",
        published,
    ]);
    run(&[
        "replan",
        "instances/children-assessment-sick.yaml",
        published,
        "--from",
        "2026-12-02",
        "-o",
        replanned,
    ]);
    check_block(
        "<!-- replan diff -->",
        &run(&["diff", published, replanned]),
    );
}

/// Runs the binary, which must end with exit code `code`; its standard output.
fn run_ending(args: &[&str], code: i32) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_flexrota"))
        .args(args)
        .current_dir(repo_root())
        // The table fits the terminal: the README's excerpts are at the default width.
        .env("COLUMNS", "100")
        .output()
        .expect("the flexrota binary runs");
    assert_eq!(out.status.code(), Some(code), "flexrota {args:?}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The lines of `text` from the first that starts with `first`, then those indented by
/// `indent` spaces or more that follow it.
fn paragraph(text: &str, first: &str, indent: usize) -> String {
    let mut lines = text.lines().skip_while(|l| !l.starts_with(first));
    let head = lines
        .next()
        .unwrap_or_else(|| panic!("no line starts with {first:?}"));
    let pad = " ".repeat(indent);
    let mut out = format!("{head}\n");
    for line in lines.take_while(|l| l.starts_with(&pad)) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn readme_shortfall_reasons_are_what_the_binary_prints() {
    let table = run(&["solve", "instances/oncall-short.yaml"]);
    check_block(
        "<!-- shortfall reasons -->",
        &paragraph(&table, "  Mon 30 Nov oncall", 6),
    );
}

#[test]
fn readme_no_rota_is_what_the_binary_prints() {
    let table = run_ending(&["solve", "instances/oncall-short-hard.yaml"], 1);
    let why = paragraph(&table, "Why there is no rota", 2);
    // The heading and the first cause, to its fix.
    let first: Vec<&str> = why.lines().collect();
    let end = first
        .iter()
        .position(|l| l.starts_with("    fix:"))
        .expect("a fix");
    check_block("<!-- no rota -->", &(first[..=end].join("\n") + "\n"));
}
