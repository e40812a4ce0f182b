//! Helpers shared by the integration tests.

use std::path::Path;

use flexrota::check::{check, CheckReport};
use flexrota::milp::{SolveOptions, SolveStatus};
use flexrota::model::Model;
use flexrota::parse::load_model_str;
use flexrota::pipeline::{self, Outcome};
use flexrota::rota::Rota;
use flexrota::rules::RuleId;

/// Load a model from YAML text (includes resolve against the repository root).
pub fn model(yaml: &str) -> Model {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match load_model_str(yaml, "test.yaml", root) {
        Ok(m) => m,
        Err(e) => panic!("test model does not load:\n{}", e.render()),
    }
}

/// Solve with the pipeline, which already refuses illegal rotas and cost mismatches.
pub fn solve(model: &Model) -> Outcome {
    let options = SolveOptions {
        time_limit: Some(60.0),
        ..SolveOptions::default()
    };
    match pipeline::solve(model, &options) {
        Ok(o) => o,
        Err(e) => panic!("solve failed: {e}"),
    }
}

/// Solve to proven optimality and return the rota and the checker's report.
pub fn solve_optimal(model: &Model) -> (Rota, CheckReport, f64) {
    let outcome = solve(model);
    assert_eq!(outcome.solved.status, SolveStatus::Optimal);
    let objective = outcome.solved.objective.expect("objective");
    (
        outcome.solved.rota.expect("rota"),
        outcome.check.expect("check"),
        objective,
    )
}

/// The three-way agreement for one rule:
/// 1. with the rule hard, the optimal rota keeps it;
/// 2. with the rule soft (`weight`), the optimal rota breaks it by exactly
///    `expected_amount`, the checker charges `weight x amount`, and the solver's objective
///    equals the checker's cost (checked by the pipeline);
/// 3. the checker, given the hard model and the rota from step 2, reports a hard violation
///    of exactly this rule.
///
/// `yaml` must contain the placeholder `SETTING`, replaced by `hard` or the weight.
pub fn rule_case(rule: RuleId, yaml: &str, weight: f64, expected_amount: f64) {
    let hard = model(&yaml.replace("SETTING", "hard"));
    let (_, report, _) = solve_optimal(&hard);
    assert_eq!(report.amount(rule), 0.0, "{rule}: hard rule kept");
    assert!(report.is_legal());

    let soft = model(&yaml.replace("SETTING", &weight.to_string()));
    let (rota, report, objective) = solve_optimal(&soft);
    let amount = report.amount(rule);
    assert!(
        (amount - expected_amount).abs() < 1e-6,
        "{rule}: soft amount {amount}, expected {expected_amount}"
    );
    assert!((report.penalty(rule) - weight * expected_amount).abs() < 1e-6);
    assert!((objective - report.cost).abs() < 1e-6);

    let again = check(&hard, &rota);
    let broken: Vec<RuleId> = again.hard_violations().map(|v| v.rule).collect();
    assert!(
        broken.contains(&rule),
        "{rule}: checker on the hard model reports {broken:?}"
    );
    assert!(
        broken.iter().all(|r| *r == rule),
        "{rule}: only this rule is broken, got {broken:?}"
    );
}

/// The agreement for a rule that is hard or off (no soft amount to compare): with the rule
/// hard the optimum is `hard_objective` and keeps it; off, the optimum is `off_objective`,
/// and the checker, given the hard model and that rota, reports exactly one violation of
/// amount 1, of this rule. Returns the hard rota.
pub fn hard_or_off_case(rule: RuleId, yaml: &str, hard_objective: f64, off_objective: f64) -> Rota {
    let hard = model(&yaml.replace("SETTING", "hard"));
    let (rota, report, objective) = solve_optimal(&hard);
    assert!(
        (objective - hard_objective).abs() < 1e-6,
        "{rule} hard: objective {objective}"
    );
    assert_eq!(report.amount(rule), 0.0);
    let (off_rota, _, objective) = solve_optimal(&model(&yaml.replace("SETTING", "off")));
    assert!(
        (objective - off_objective).abs() < 1e-6,
        "{rule} off: objective {objective}"
    );
    let again = check(&hard, &off_rota);
    let broken: Vec<_> = again
        .hard_violations()
        .map(|v| (v.rule, v.amount))
        .collect();
    assert_eq!(
        broken,
        [(rule, 1.0)],
        "{rule}: the off rota on the hard model"
    );
    rota
}

/// The repository root (where `Cargo.toml`, `instances/` and `README.md` live).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the slow cases should run (`FLEXROTA_HEAVY=1`).
pub fn heavy() -> bool {
    std::env::var("FLEXROTA_HEAVY").is_ok_and(|v| v == "1")
}

/// The Curtois files shipped in `tests/data/curtois`; a missing folder fails the test.
pub fn curtois_dir() -> std::path::PathBuf {
    let dir = repo_root().join("tests/data/curtois");
    assert!(
        dir.is_dir(),
        "the Curtois benchmark folder {} is missing",
        dir.display()
    );
    dir
}
