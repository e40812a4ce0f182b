//! Every "no" with a reason: one infeasible model per cause, each diagnosed with the right
//! rule and person, and the fix it offers, applied, gives a rota.

use flexrota::explain::{self, Cause};
use flexrota::milp::{SolveOptions, SolveStatus};
use flexrota::model::Model;
use flexrota::rules::RuleId;

use crate::common::{model, solve};

/// A Monday-start week: an early, a day shift, a late and an on-call night; `CONTRACTS`,
/// `PEOPLE` and `EXTRA` are replaced by each case.
const TEAM: &str = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}]
shifts:
  - {id: early, start: "07:00", end: "15:00"}
  - {id: day, start: "09:00", end: "16:30"}
  - {id: late, start: "14:00", end: "22:00"}
  - {id: oncall, start: "17:00", end: "09:00", kind: on_call}
contracts:
  - {id: flexible, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}
CONTRACTS
people:
PEOPLE
EXTRA
"#;

fn team(contracts: &str, people: &str, extra: &str) -> Model {
    model(
        &TEAM
            .replace("CONTRACTS", contracts)
            .replace("PEOPLE", people)
            .replace("EXTRA", extra),
    )
}

/// The causes of `m`, which has no rota: the pre-checks', or, when they find none, the
/// solver finds it infeasible and the diagnosis names them. Each carries facts and a fix.
fn diagnosed(m: &Model) -> Vec<Cause> {
    let pre = explain::prechecks(m);
    let causes = if pre.is_empty() {
        assert_eq!(solve(m).solved.status, SolveStatus::Infeasible);
        explain::diagnose(m, &SolveOptions::default())
    } else {
        pre
    };
    assert!(!causes.is_empty());
    for c in &causes {
        assert!(!c.facts.is_empty() && !c.fix.is_empty(), "{c:?}");
    }
    causes
}

/// Applies every cause's fix; the model then has a rota.
fn fixed(m: &Model, causes: &[Cause]) {
    let mut m = m.clone();
    for c in causes {
        c.relax.apply(&mut m);
    }
    assert!(
        explain::prechecks(&m).is_empty(),
        "{:?}",
        explain::prechecks(&m)
    );
    let status = solve(&m).solved.status;
    assert_ne!(
        status,
        SolveStatus::Infeasible,
        "after the fixes of {causes:#?}"
    );
}

/// The one cause expected: its rule and person, and words its facts contain.
fn expect(m: &Model, rule: RuleId, person: Option<&str>, words: &[&str]) -> Vec<Cause> {
    let causes = diagnosed(m);
    let found = causes
        .iter()
        .find(|c| c.rule == rule && c.person.as_deref() == person)
        .unwrap_or_else(|| panic!("no {rule} cause for {person:?} in {causes:#?}"));
    let reasons: Vec<String> = found
        .reasons
        .iter()
        .map(|r| format!("{}: {}", r.person, r.why))
        .collect();
    let text = format!("{} | {}", found.facts, reasons.join(" | "));
    for w in words {
        assert!(text.contains(w), "`{w}` not in: {text}");
    }
    fixed(m, &causes);
    causes
}

#[test]
fn contract_hours_against_availability() {
    // 36 hours a week, but only Mondays.
    let m = team(
        "  - {id: monday_only, minutes_per_week: 2160, weekdays: [mon], shifts: [day]}",
        "  - {id: amira, name: Amira, contract: monday_only}",
        "",
    );
    expect(
        &m,
        RuleId::ContractMinutes,
        Some("amira"),
        &["35 h", "7 h 30", "weekdays: [mon]"],
    );
}

#[test]
fn cover_on_a_weekday_the_contracts_do_not_work() {
    // A Saturday early, and everyone works Monday to Friday.
    let m = team(
        "  - {id: weekdays, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}, weekdays: [mon, tue, wed, thu, fri]}",
        "  - {id: ben, contract: weekdays}\n  - {id: chloe, contract: weekdays}",
        "demand: [{shift: early, days: [sat], required: 1}]\nrules: {settings: {shift_cover: hard}}",
    );
    expect(
        &m,
        RuleId::ShiftCover,
        None,
        &["nobody", "ben", "works mon, tue, wed, thu, fri only"],
    );
}

#[test]
fn rest_after_on_call_against_cover() {
    // One person: on call Sunday night until 09:00 Monday, and Monday's 09:00 day shift.
    let m = team(
        "",
        "  - {id: dev, contract: flexible}",
        "demand:\n  - {shift: oncall, days: [2026-11-30], required: 1}\n  - {shift: day, days: [2026-12-01], required: 1}\nrules: {settings: {shift_cover: hard}}",
    );
    let causes = expect(&m, RuleId::ShiftCover, None, &["dev", "min_rest"]);
    assert_eq!(causes.len(), 1, "{causes:#?}");
}

#[test]
fn forty_eight_hours_against_cover() {
    // Seven 8-hour earlies wanted of one person: 56 hours in 7 days.
    let m = team(
        "",
        "  - {id: ellen, contract: flexible}",
        "demand: [{shift: early, days: all, required: 1}]\nrules: {settings: {shift_cover: hard, weekly_rest: off}}",
    );
    expect(
        &m,
        RuleId::ShiftCover,
        None,
        &["ellen", "max_minutes_per_7_days"],
    );
}

#[test]
fn job_share_with_both_holders_away() {
    let m = team(
        "",
        "  - {id: hannah, contract: flexible, leave: [2026-12-02]}\n  - {id: imran, contract: flexible, leave: [2026-12-02]}",
        "job_shares: [{id: post, members: [hannah, imran], minutes_per_week: 0, tolerance_minutes_per_week: 100000}]",
    );
    expect(
        &m,
        RuleId::JobShareCover,
        None,
        &["post", "hannah on leave", "imran on leave"],
    );
}

#[test]
fn a_skill_nobody_has() {
    let m = team(
        "",
        "  - {id: jess, contract: flexible, skills: [qualified]}",
        "demand: [{shift: day, days: [mon], required: 1, skills: [amhp]}]\nrules: {settings: {shift_cover: hard}}",
    );
    expect(&m, RuleId::ShiftCover, None, &["amhp required", "nobody"]);
}

#[test]
fn an_office_day_with_people_on_leave() {
    // Two in the office on Wednesday, and one of the two is on leave.
    let m = team(
        "",
        "  - {id: kofi, contract: flexible}\n  - {id: liam, contract: flexible, leave: [2026-12-02]}",
        "office_days: [{days: [wed], min_people: 2}]\nrules: {settings: {office_day: hard}}",
    );
    expect(&m, RuleId::OfficeDay, None, &[]);
}

#[test]
fn a_forbidden_succession_against_cover() {
    // A late on Monday, an early on Tuesday, one person, and late -> early forbidden (the
    // rest itself, 9 hours, is allowed).
    let m = team(
        "",
        "  - {id: morgan, contract: flexible}",
        "demand:\n  - {shift: late, days: [mon], required: 1}\n  - {shift: early, days: [tue], required: 1}\nrules: {min_rest_minutes: 480, forbidden_successions: [[late, early]], settings: {shift_cover: hard}}",
    );
    expect(
        &m,
        RuleId::ShiftCover,
        None,
        &["morgan", "forbidden_succession"],
    );
}

#[test]
fn pins_against_the_contract() {
    // Pinned off every day, and a contract of 30 hours.
    let pins: Vec<String> = (0..7)
        .map(|d| format!("{{person: nia, date: 2026-12-0{}, off: true}}", d + 1))
        .chain(["{person: nia, date: 2026-11-30, off: true}".to_string()])
        .filter(|p| !p.contains("2026-12-07"))
        .collect();
    let m = team(
        "  - {id: thirty, minutes_per_week: 1800, shifts: [day]}",
        "  - {id: nia, contract: thirty}",
        &format!("pins: [{}]", pins.join(", ")),
    );
    expect(&m, RuleId::ContractMinutes, Some("nia"), &[]);
}

#[test]
fn a_pin_that_breaks_a_rule_by_itself() {
    // Pinned on a day of leave: named before any solve, and dropping the pin fixes it.
    let m = team(
        "",
        "  - {id: owen, contract: flexible, leave: [2026-12-01]}",
        "pins: [{person: owen, date: 2026-12-01, shift: day}]",
    );
    let causes = expect(&m, RuleId::Availability, Some("owen"), &["pinned"]);
    assert!(matches!(causes[0].relax, explain::Relax::Unpin { .. }));
}

#[test]
fn history_against_cover() {
    // On call the night before the horizon, and Monday's 07:00 early wanted of the one
    // person who could work it.
    let m = team(
        "",
        "  - {id: chloe, contract: flexible}",
        "demand: [{shift: early, days: [mon], required: 1}]\nrules: {settings: {shift_cover: hard}}\nhistory: {shifts: [{person: chloe, date: 2026-11-29, shift: oncall}]}",
    );
    expect(
        &m,
        RuleId::ShiftCover,
        None,
        &["chloe", "min_rest", "2026-11-30 09:00"],
    );
}

#[test]
fn rules_that_conflict_among_themselves() {
    // No hard cover: a contract of 16 hours with 8-hour shifts, at most one day a week,
    // conflicts by the rules alone; the elastic copy names the rules and the person.
    let m = team(
        "  - {id: sixteen, minutes_per_week: 960, tolerance: {under: 0, over: 0}, shifts: [early], max_days_per_week: 1}",
        "  - {id: pat, contract: sixteen}",
        "rules: {settings: {max_days_per_week: hard}}",
    );
    expect(&m, RuleId::ContractMinutes, Some("pat"), &[]);
}

#[test]
fn a_short_activity_line_says_why_each_person_is_not_on_it() {
    // Duty wants three people 09:00-12:00 on Monday: Quinn does the visits that have
    // their own demand, Ravi is on leave, Sara works the late, Tom's contract has Mondays
    // off.
    let m = model(
        r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}, {id: community, base: false}]
shifts:
  - {id: day, start: "09:00", end: "17:00"}
  - {id: late, start: "14:00", end: "22:00"}
activities:
  - {id: duty, locations: [office]}
  - {id: visits, locations: [community]}
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}
people:
  - {id: quinn, contract: c}
  - {id: ravi, contract: c, leave: [2026-11-30]}
  - {id: sara, contract: {type: c, shifts: [late]}}
  - {id: tom, contract: {type: c, weekdays: [tue, wed, thu, fri]}}
demand:
  - {shift: day, days: [mon], required: 1, skills: []}
  - {shift: late, days: [mon], required: 1}
  - {activity: visits, days: [mon], start: "09:00", end: "17:00", headcount: 1, under_weight: 500}
  - {activity: duty, days: [mon], start: "09:00", end: "12:00", headcount: 3}
rules: {settings: {fair_unsocial: off}}
"#,
    );
    let (rota, report, _) = crate::common::solve_optimal(&m);
    let reasons = explain::demand_reasons(&m, &rota, &report);
    let duty = report
        .demand
        .iter()
        .position(|l| l.activity == "duty")
        .expect("the duty line");
    let why: Vec<(String, String)> = reasons[duty]
        .iter()
        .map(|r| (r.person.clone(), r.why.clone()))
        .collect();
    let of = |p: &str| {
        why.iter()
            .find(|(q, _)| q == p)
            .map(|(_, w)| w.as_str())
            .unwrap_or_else(|| panic!("no reason for {p}: {why:?}"))
    };
    assert!(
        of("quinn").contains("does `visits` (its own demand) then"),
        "{}",
        of("quinn")
    );
    assert!(of("ravi").contains("on leave"), "{}", of("ravi"));
    assert!(of("sara").contains("not then"), "{}", of("sara"));
    assert!(
        of("tom").contains("works tue, wed, thu, fri only"),
        "{}",
        of("tom")
    );
}

/// The reasons for short lines stop after a fixed amount of checking: a year of lines nobody
/// covers gets reasons for its first days and none for its last, so that explaining a rota
/// with thousands of short lines cannot run far past the solve's time limit.
#[test]
fn reasons_for_a_year_of_short_lines_stop_after_a_fixed_amount_of_checking() {
    let people: String = (0..10)
        .map(|k| format!("  - {{id: p{k}, contract: flexible}}\n"))
        .collect();
    let yaml = TEAM
        .replace("days: 7", "days: 364")
        .replace("CONTRACTS", "")
        .replace("PEOPLE", &people)
        .replace(
            "EXTRA",
            "demand:\n  - {shift: day, days: all, required: 20}",
        );
    let m = model(&yaml);
    let rota = flexrota::rota::Rota::default();
    let report = flexrota::check::check(&m, &rota);
    let reasons = explain::shortfall_reasons(&m, &rota, &report);
    assert_eq!(reasons.len(), 364);
    assert_eq!(reasons[0].len(), 10, "every person on the first day");
    assert!(reasons[363].is_empty(), "none on the last day");
    // The same rota always gets the same reasons: the budget is work, not seconds.
    let again = explain::shortfall_reasons(&m, &rota, &report);
    let explained = |r: &[Vec<explain::Reason>]| r.iter().filter(|l| !l.is_empty()).count();
    assert_eq!(explained(&reasons), explained(&again));
}
