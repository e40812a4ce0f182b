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
