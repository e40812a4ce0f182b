//! The planner's week: pinned days kept, a sickness re-plan that leaves the past alone and
//! changes least, pins that break a rule named with it, and `diff`.

use std::path::Path;

use flexrota::check::check;
use flexrota::import::load_instance;
use flexrota::model::Model;
use flexrota::replan::{self, ChangeWeights};
use flexrota::rota::Rota;
use flexrota::rules::RuleId;

use crate::common::{model, solve_optimal};

fn instance(name: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("instances")
        .join(name);
    load_instance(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The assignments dated before `day` (a date), sorted.
fn before(rota: &Rota, day: &str) -> Vec<String> {
    let day: chrono::NaiveDate = day.parse().unwrap();
    let mut out: Vec<String> = rota
        .assignments
        .iter()
        .filter(|a| a.date < day)
        .map(|a| serde_json::to_string(a).unwrap())
        .collect();
    out.sort();
    out
}

/// Shift changes per `diff` (not activity-only lines).
fn shift_changes(a: &Rota, b: &Rota) -> Vec<String> {
    replan::diff(a, b)
        .into_iter()
        .filter(|l| !l.ends_with("activities changed"))
        .collect()
}

#[test]
fn a_sickness_replan_keeps_the_past_and_changes_least() {
    let (published, _, _) = solve_optimal(&instance("children-assessment.yaml"));
    let replan = |weights: ChangeWeights| {
        let mut sick = instance("children-assessment-sick.yaml");
        replan::replan_from(&mut sick, &published, 2, weights).unwrap();
        let (rota, report, _) = solve_optimal(&sick);
        assert!(report.is_legal());
        (rota, report)
    };
    let (rota, report) = replan(ChangeWeights::default());
    // Monday and Tuesday exactly as published, activities and bases included.
    assert_eq!(
        before(&rota, "2026-12-02"),
        before(&published, "2026-12-02")
    );
    assert!(!before(&rota, "2026-12-02").is_empty());
    // Chloe's three published days from Wednesday cannot stand; two more cover her Sunday
    // night. The checker's count agrees with `diff`.
    let changed = shift_changes(&published, &rota);
    assert_eq!(changed.len(), 5, "{changed:#?}");
    let shift_findings = report
        .violations
        .iter()
        .filter(|v| v.rule == RuleId::Changes && v.message.contains("->"))
        .count();
    assert_eq!(shift_findings, 5);
    // The fewest for full cover: at ten times the weight (far above any saving in pay)
    // still five, and at a weight above a night's cover the night is given up instead.
    let heavy = ChangeWeights {
        shift: 100.0,
        ..ChangeWeights::default()
    };
    let (rota, report) = replan(heavy);
    assert_eq!(shift_changes(&published, &rota).len(), 5);
    assert_eq!(report.amount(RuleId::ShiftCover), 0.0);
    let (rota, report) = replan(ChangeWeights {
        shift: 1000.0,
        ..ChangeWeights::default()
    });
    assert_eq!(shift_changes(&published, &rota).len(), 3);
    assert!(report.amount(RuleId::ShiftCover) > 0.0);
}

#[test]
fn a_replans_json_lists_its_changes() {
    let (published, _, _) = solve_optimal(&instance("children-assessment.yaml"));
    let mut sick = instance("children-assessment-sick.yaml");
    replan::replan_from(&mut sick, &published, 2, ChangeWeights::default()).unwrap();
    let outcome = crate::common::solve(&sick);
    let doc = flexrota::report::solve_json(&sick, &outcome.solved, outcome.check.as_ref());
    let changes = doc.changes.expect("a re-plan lists its changes");
    let shifts: Vec<(&str, &str, &str)> = changes
        .iter()
        .filter(|c| c.change.contains("->"))
        .map(|c| (c.person.as_str(), c.date.as_str(), c.change.as_str()))
        .collect();
    assert_eq!(shifts.len(), 5, "{shifts:#?}");
    assert!(shifts.contains(&("chloe", "2026-12-02", "day -> off")));
    assert!(changes.iter().all(|c| c.date.as_str() >= "2026-12-02"));
    let total: f64 = changes.iter().map(|c| c.cost).sum();
    let penalty = doc.penalties.iter().find(|p| p.rule == "changes").unwrap();
    assert!((total - penalty.cost).abs() < 1e-6);
    // A plain solve has no `changes`.
    let plain = instance("children-assessment.yaml");
    let outcome = crate::common::solve(&plain);
    let doc = flexrota::report::solve_json(&plain, &outcome.solved, outcome.check.as_ref());
    assert!(doc.changes.is_none());
}

#[test]
fn a_rota_pinned_whole_comes_back_unchanged() {
    let m = instance("children-assessment.yaml");
    let (published, _, _) = solve_optimal(&m);
    let mut pinned = m.clone();
    replan::pin_rota(&mut pinned, &published, 0..7).unwrap();
    let (rota, report, _) = solve_optimal(&pinned);
    assert_eq!(report.amount(RuleId::Pinned), 0.0);
    assert_eq!(replan::diff(&published, &rota), Vec::<String>::new());
    // The checker holds a rota to its pins: one day moved is one pin broken.
    let mut moved = rota.clone();
    let i = moved
        .assignments
        .iter()
        .position(|a| a.shift == "day")
        .unwrap();
    moved.assignments.remove(i);
    let again = check(&pinned, &moved);
    let pins: Vec<_> = again
        .hard_violations()
        .filter(|v| v.rule == RuleId::Pinned)
        .collect();
    assert_eq!(pins.len(), 1, "{pins:#?}");
}

/// Two people, early and late, a night; `PINS` replaced.
const TEAM: &str = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}, {id: home, home: true}]
shifts:
  - {id: early, start: "07:00", end: "15:00"}
  - {id: late, start: "14:00", end: "22:00"}
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}
people:
  - {id: ann, contract: c}
  - {id: bob, contract: c}
demand:
  - {shift: early, days: [mon, tue], required: 1, under_weight: 100}
PINS
rules: {settings: {fair_unsocial: off}}
"#;

#[test]
fn yaml_pins_fix_shifts_days_off_and_bases() {
    let m = model(&TEAM.replace(
        "PINS",
        "pins:\n  - {person: ann, date: 2026-11-30, shift: late, location: home}\n  - {person: bob, date: 2026-11-30, off: true}",
    ));
    let (rota, report, objective) = solve_optimal(&m);
    // Monday's early goes short: Ann is pinned to the late (at home), Bob off.
    assert_eq!(objective, 100.0);
    assert_eq!(report.amount(RuleId::Pinned), 0.0);
    let monday: Vec<(&str, &str, Option<&str>)> = rota
        .assignments
        .iter()
        .filter(|a| a.date.to_string() == "2026-11-30")
        .map(|a| (a.person.as_str(), a.shift.as_str(), a.location.as_deref()))
        .collect();
    assert_eq!(monday, [("ann", "late", Some("home"))]);
}

#[test]
fn pins_that_break_a_hard_rule_are_named_before_solving() {
    // Ann pinned to the late on Monday (to 22:00) and the early on Tuesday (from 07:00):
    // 9 hours' rest, 11 required.
    let m = model(&TEAM.replace(
        "PINS",
        "pins:\n  - {person: ann, date: 2026-11-30, shift: late}\n  - {person: ann, date: 2026-12-01, shift: early}",
    ));
    let conflicts = replan::pin_conflicts(&m);
    assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
    assert_eq!(conflicts[0].rule, RuleId::MinRest);
    assert_eq!(conflicts[0].person.as_deref(), Some("ann"));
    // Apart, they are fine.
    let m = model(&TEAM.replace(
        "PINS",
        "pins:\n  - {person: ann, date: 2026-11-30, shift: late}\n  - {person: ann, date: 2026-12-02, shift: early}",
    ));
    assert!(replan::pin_conflicts(&m).is_empty());
}

#[test]
fn diff_lists_each_person_day_that_differs() {
    let rota = |text: &str| -> Rota { serde_json::from_str(text).unwrap() };
    let a = rota(
        r#"{"assignments": [
            {"person": "ann", "date": "2026-12-02", "shift": "day", "location": "office"},
            {"person": "bob", "date": "2026-12-02", "shift": "late", "location": "office"}]}"#,
    );
    let b = rota(
        r#"{"assignments": [
            {"person": "ann", "date": "2026-12-02", "shift": "day", "location": "home"},
            {"person": "bob", "date": "2026-12-03", "shift": "late", "location": "office"}]}"#,
    );
    assert_eq!(
        replan::diff(&a, &b),
        [
            "Wed 02 Dec ann: day @office -> day @home",
            "Wed 02 Dec bob: late @office -> off",
            "Thu 03 Dec bob: off -> late @office",
        ]
    );
    assert!(replan::diff(&a, &a).is_empty());
}

#[test]
fn next_week_after_this_week_joins_into_a_legal_fortnight() {
    let (week1, _, _) = solve_optimal(&instance("children-assessment.yaml"));
    let next = instance("children-assessment-next.yaml");
    let fortnight = flexrota::parse::load_model_str(
        "include: [children-assessment.yaml]\nhorizon: {start: 2026-11-30, days: 14}\n",
        "fortnight.yaml",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("instances"),
    )
    .unwrap_or_else(|e| panic!("{}", e.render()));
    let joined = |week2: &Rota| {
        let mut both = week1.clone();
        both.assignments.extend(week2.assignments.iter().cloned());
        check(&fortnight, &both)
    };
    // Planned as if nothing came before: Chloe, on call on Sunday night, starts Monday
    // before her rest is over.
    let (blind, _, _) = solve_optimal(&next);
    let broken: Vec<RuleId> = joined(&blind).hard_violations().map(|v| v.rule).collect();
    assert!(broken.contains(&RuleId::MinRest), "{broken:?}");
    // After the first week: the fortnight keeps every hard rule.
    let mut after = next.clone();
    replan::history_from(&mut after, &week1, None).unwrap();
    let (week2, _, _) = solve_optimal(&after);
    let report = joined(&week2);
    let broken: Vec<String> = report
        .hard_violations()
        .map(|v| v.message.clone())
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
}
