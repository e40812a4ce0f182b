//! Tidiness the next engineer relies on, checked (rust-analyzer keeps such tests): the
//! checker and the programme stay apart, the library stays quiet, and every rule is
//! documented and tested.

use std::path::{Path, PathBuf};

use flexrota::rules::RuleId;

use crate::common::repo_root;

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Lines of `path` containing `needle`, outside comments, as `file:line: text`.
fn uses(path: &Path, needle: &str) -> Vec<String> {
    read(path)
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//") && l.contains(needle))
        .map(|(i, l)| format!("{}:{}: {}", path.display(), i + 1, l.trim()))
        .collect()
}

#[test]
fn the_checker_and_the_programme_import_nothing_from_each_other() {
    let src = repo_root().join("src");
    let mut found = Vec::new();
    for f in rust_files(&src.join("check")) {
        found.extend(uses(&f, "crate::milp"));
        found.extend(uses(&f, "super::milp"));
    }
    for f in rust_files(&src.join("milp")) {
        found.extend(uses(&f, "crate::check"));
    }
    assert!(
        found.is_empty(),
        "check and milp must stay apart:\n{}",
        found.join("\n")
    );
}

#[test]
fn only_the_command_line_and_the_trace_sink_print() {
    let src = repo_root().join("src");
    let allowed = [src.join("main.rs"), src.join("trace.rs")];
    let mut found = Vec::new();
    for f in rust_files(&src)
        .into_iter()
        .filter(|f| !allowed.contains(f))
    {
        found.extend(uses(&f, "println!"));
        found.extend(uses(&f, "print!("));
    }
    assert!(
        found.is_empty(),
        "the library never prints (main.rs and trace.rs do):\n{}",
        found.join("\n")
    );
}

#[test]
fn every_rule_has_its_meaning_in_rules_md() {
    let rules = read(&repo_root().join("docs/RULES.md"));
    let missing: Vec<&str> = RuleId::ALL
        .iter()
        .map(|r| r.as_str())
        .filter(|id| !rules.contains(&format!("| `{id}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a row in docs/RULES.md: {missing:?}"
    );
}

/// Each rule has a case in `tests/it/rules.rs`; structural rules, which no solver rota can
/// break, have theirs in the checker's tests.
#[test]
fn every_rule_has_a_keep_and_break_case() {
    let cases = read(&repo_root().join("tests/it/rules.rs"));
    let checker = read(&repo_root().join("src/check/tests.rs"));
    let missing: Vec<String> = RuleId::ALL
        .iter()
        .filter(|r| {
            let name = format!("RuleId::{r:?}");
            !(cases.contains(&name) || (r.structural() && checker.contains(&name)))
        })
        .map(|r| r.as_str().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a keep/break case: {missing:?}"
    );
}
