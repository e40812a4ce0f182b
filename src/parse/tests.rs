//! End-to-end tests of loading: good instances give the expected numbers; bad ones give
//! every problem at once, each at the right field and line.

use std::fs;
use std::path::Path;

use super::{load_model, load_model_str, Diagnostic, LoadError};
use crate::model::{DemandKind, Model, RequestKind, ShiftKind};
use crate::rules::{RuleId, RuleSetting};

const CATALOGUE: &str = r#"
locations:
  - {id: office}
  - {id: home, home: true}
  - {id: community, base: false}
shifts:
  - {id: early, start: "08:00", end: "16:00", paid_minutes: 450}
  - {id: late, start: "12:00", end: "20:00"}
  - {id: night, start: "20:00", end: "08:00", kind: on_call}
activities:
  - {id: duty, locations: [office]}
  - {id: visits, locations: [community], window: {start: "17:00", end: "21:00"}}
  - {id: admin, protected_admin: true}
contracts:
  - {id: full_time, minutes_per_week: 2220}
  - {id: part_time, minutes_per_week: 1110, tolerance: {under: 30, over: 30}}
rules:
  min_rest_minutes: 600
  admin_share: 0.1
  settings: {office_day: 40, cost: 2}
"#;

const TEAM: &str = r#"
include: [models/base.yaml]
horizon: {start: 2025-01-06, days: 14}
shifts:
  - {id: late, start: "11:00", end: "19:00", paid_minutes: 450}
contracts:
  - {id: full_time, minutes_per_week: 2220, tolerance: {under: 120, over: 0}}
people:
  - id: ana
    contract: full_time
    skills: [qualified]
    leave: [2025-01-08, {from: 2025-01-19, to: 2025-02-10}, 2024-12-25]
    requests: [{day_off: 2025-01-10}, {shift_on: late, date: 2025-01-07, weight: 3}]
    caps: [{activity: duty, max_minutes_per_week: 600}]
  - id: ben
    contract: {type: part_time, minutes_per_week: 1332, shifts: [early, late]}
    unavailable: [{date: 2025-01-06, start: "22:00", end: "02:00"}]
  - {id: cat, contract: {type: full_time, minutes_per_horizon: 3000}}
job_shares:
  - {id: post, members: [ben, cat], minutes_per_week: 2220, handover_days: [2025-01-08]}
demand:
  - {shift: early, days: weekdays, required: 2}
  - {activity: duty, days: weekdays, start: "09:00", end: "17:00", headcount: 2}
  - {activity: duty, days: [mon], start: "09:00", end: "12:00", headcount: 3, under_weight: 200}
  - {activity: visits, days: [tue, thu], start: "17:00", end: "21:00", person_minutes: 240}
office_days:
  - {days: [wed], min_people: 2, people: [ana]}
rules:
  settings: {office_day: "off", requests: hard}
"#;

/// Writes the catalogue and the team into a fresh directory and loads the team.
fn load_team(team: &str) -> (tempfile::TempDir, Result<Model, LoadError>) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("models")).unwrap();
    fs::write(dir.path().join("models/base.yaml"), CATALOGUE).unwrap();
    fs::write(dir.path().join("team.yaml"), team).unwrap();
    let result = load_model(&dir.path().join("team.yaml"));
    (dir, result)
}

fn good_model() -> Model {
    let (_dir, result) = load_team(TEAM);
    match result {
        Ok(model) => model,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn includes_merge_and_the_includer_overrides() {
    let m = good_model();
    assert_eq!(m.name, "team");
    let ids: Vec<&str> = m.shifts.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["early", "late", "night"]);
    let late = &m.shifts[1];
    assert_eq!((late.start, late.end, late.paid_minutes), (660, 1140, 450));
    let night = &m.shifts[2];
    assert_eq!(
        (night.start, night.end, night.kind),
        (1200, 1920, ShiftKind::OnCall)
    );
    assert_eq!(night.paid_minutes, 720);
    assert_eq!(m.locations.len(), 3);
    assert!(!m.locations[2].base && m.locations[1].home);
    // Default activity locations are the base locations.
    assert_eq!(m.activities[2].locations, vec![0, 1]);
    assert_eq!(m.activities[1].window, Some((1020, 1260)));
    assert_eq!(m.rules.min_rest_minutes, 600);
    assert_eq!(m.rules.admin_share, 0.1);
    assert_eq!(m.rules.standby_fraction, 0.25);
}

#[test]
fn contracts_are_resolved_and_scaled_to_the_horizon() {
    let m = good_model();
    let ana = &m.people[0].contract;
    // The team's own full_time replaces the catalogue's: tolerance {120, 0} per week, so
    // 4440 over two weeks, in [4200, 4440]. Her contract works all seven days, so a day of
    // leave stands for 2220 / 7 = 317 minutes; two leave days fall in the horizon.
    assert_eq!(ana.id, "full_time");
    assert_eq!(ana.leave_day_minutes, 317);
    assert_eq!(m.people[0].leave_credit_minutes, 634);
    assert_eq!(
        (ana.target_minutes, ana.min_minutes, ana.max_minutes),
        (4440 - 634, 4200 - 634, 4440 - 634)
    );
    // Her FTE for fairness is cut pro rata: 1.0 x (4440 - 634) / 4440.
    assert!((ana.fte - 3806.0 / 4440.0).abs() < 1e-12);
    assert_eq!(ana.allowed_shifts, vec![0, 1, 2]);
    assert_eq!(ana.weekdays.len(), 7);
    assert_eq!(
        (ana.min_consecutive_days, ana.min_consecutive_days_off),
        (1, 1)
    );
    let ben = &m.people[1].contract;
    // part_time with minutes overridden; tolerance 30 per week from the type.
    assert_eq!(
        (ben.target_minutes, ben.min_minutes, ben.max_minutes),
        (2664, 2604, 2724)
    );
    assert!((ben.fte - 0.6).abs() < 1e-9);
    assert_eq!(ben.allowed_shifts, vec![0, 1]);
    let cat = &m.people[2].contract;
    // Per horizon: no scaling, tolerance per horizon.
    assert_eq!(
        (cat.target_minutes, cat.min_minutes, cat.max_minutes),
        (3000, 2880, 3000)
    );
    assert!((cat.fte - 1500.0 / 2220.0).abs() < 1e-9);
    assert_eq!(m.people[2].name, "cat");
}

#[test]
fn leave_unavailability_requests_and_caps() {
    let m = good_model();
    let ana = &m.people[0];
    // 2025-01-08 is day 2; the range is cut to the horizon; Christmas is outside.
    assert_eq!(ana.unavailable, vec![(2880, 4320), (13 * 1440, 14 * 1440)]);
    assert_eq!(ana.requests.len(), 2);
    assert_eq!(
        (ana.requests[0].day, ana.requests[0].kind),
        (4, RequestKind::DayOff)
    );
    assert_eq!(ana.requests[0].weight, 10.0);
    assert_eq!(
        (ana.requests[1].day, ana.requests[1].kind),
        (1, RequestKind::ShiftOn(1))
    );
    assert_eq!(ana.requests[1].weight, 3.0);
    assert_eq!(ana.activity_caps[0].activity, 0);
    assert_eq!(ana.activity_caps[0].max_minutes_per_week, 600);
    assert_eq!(m.people[1].unavailable, vec![(1320, 1560)]);
}

#[test]
fn day_selectors_expand_cover_and_office_days() {
    let m = good_model();
    // Weekdays of two weeks from Monday 2025-01-06.
    let days: Vec<usize> = m.shift_cover.iter().map(|c| c.day).collect();
    assert_eq!(days, [0, 1, 2, 3, 4, 7, 8, 9, 10, 11]);
    assert!(m
        .shift_cover
        .iter()
        .all(|c| c.shift == 0 && c.required == 2));
    assert_eq!(
        (m.shift_cover[0].under_weight, m.shift_cover[0].over_weight),
        (100.0, 1.0)
    );
    let office: Vec<usize> = m.office_days.iter().map(|o| o.day).collect();
    assert_eq!(office, [2, 9]);
    assert_eq!(m.office_days[0].people, vec![0]);
    assert_eq!(m.office_days[0].min_people, 2);
    let post = &m.job_shares[0];
    assert_eq!(post.members, vec![1, 2]);
    assert_eq!((post.target_minutes, post.tolerance_minutes), (4440, 120));
    assert_eq!(post.cover_days.len(), 10);
    assert_eq!(post.handover_days, vec![2]);
}

#[test]
fn overlapping_headcount_is_split_keeping_the_larger_requirement() {
    let m = good_model();
    let duty: Vec<(usize, i64, i64, DemandKind, f64)> = m
        .activity_demand
        .iter()
        .filter(|d| d.activity == 0)
        .map(|d| (d.day, d.start, d.end, d.kind, d.under_weight))
        .collect();
    // Monday: 3 from 09:00 to 12:00 (the Monday line's weight), then 2 until 17:00.
    assert_eq!(duty[0], (0, 540, 720, DemandKind::Headcount(3), 200.0));
    assert_eq!(duty[1], (0, 720, 1020, DemandKind::Headcount(2), 100.0));
    // Tuesday: the weekday line alone.
    assert_eq!(
        duty[2],
        (1, 1440 + 540, 1440 + 1020, DemandKind::Headcount(2), 100.0)
    );
    assert_eq!(duty.len(), 2 * (2 + 4));
    for pair in duty.windows(2) {
        assert!(pair[0].2 <= pair[1].1, "headcount pieces overlap: {pair:?}");
    }
    let visits: Vec<_> = m
        .activity_demand
        .iter()
        .filter(|d| d.activity == 1)
        .collect();
    assert_eq!(visits.len(), 4);
    assert_eq!(visits[0].kind, DemandKind::PersonMinutes(240));
    assert_eq!((visits[0].start, visits[0].end), (1440 + 1020, 1440 + 1260));
    assert_eq!(visits[0].over_weight, 0.0);
}

/// A cover peak written as a second line is a peak: on Friday the night's line asks for 2
/// with the peak's weights, not 1 and 2 side by side; lines with other skills stay apart.
#[test]
fn cover_lines_for_one_shift_and_day_merge_to_the_larger() {
    let team = TEAM.replace(
        "  - {shift: early, days: weekdays, required: 2}\n",
        "  - {shift: night, days: all, required: 1, under_weight: 500}\n  \
         - {shift: night, days: [fri], required: 2, under_weight: 300}\n  \
         - {shift: night, days: [fri], required: 1, skills: [qualified]}\n  \
         - {shift: night, days: [sat], required: 1, under_weight: 50}\n",
    );
    let (_dir, result) = load_team(&team);
    let m = result.unwrap_or_else(|e| panic!("{e}"));
    let nights = |d: usize| -> Vec<(usize, f64, usize)> {
        m.shift_cover
            .iter()
            .filter(|c| c.day == d)
            .map(|c| (c.required, c.under_weight, c.skills.len()))
            .collect()
    };
    // 2025-01-06 is a Monday: day 4 a Friday, day 5 a Saturday.
    assert_eq!(nights(0), [(1, 500.0, 0)]);
    assert_eq!(nights(4), [(2, 300.0, 0), (1, 100.0, 1)]);
    assert_eq!(nights(5), [(1, 500.0, 0)], "a tie keeps the earlier line");
    assert_eq!(m.shift_cover.len(), 14 + 2);
}

#[test]
fn rule_settings_layer_defaults_catalogue_and_instance() {
    let m = good_model();
    assert_eq!(m.rules.get(RuleId::OfficeDay), None);
    assert_eq!(m.rules.get(RuleId::Cost), Some(RuleSetting::Soft(2.0)));
    assert_eq!(m.rules.get(RuleId::Requests), Some(RuleSetting::Hard));
    assert_eq!(
        m.rules.get(RuleId::FairUnsocial),
        Some(RuleSetting::Soft(5.0))
    );
    assert_eq!(m.rules.get(RuleId::Availability), Some(RuleSetting::Hard));
    assert_eq!(m.rules.settings.len(), RuleId::ALL.len() - 1);
}

#[test]
fn an_unreadable_file_is_an_io_error() {
    let err = load_model(Path::new("/nonexistent/team.yaml")).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }));
    assert!(err.to_string().contains("/nonexistent/team.yaml"));
}

// ---- bad inputs ----------------------------------------------------------------------

const BAD: &str = r#"horizon: {start: 2025-01-06, days: 7}
locations: [{id: office}, {id: community, base: false}]
shifts:
  - {id: early, start: "08:00", end: "16:00", paid_minutes: 500}
  - {id: early, start: "09:00", end: "17:00"}
  - {id: late, start: 1100, end: "19:00"}
contracts:
  - {id: full_time, minutes_per_week: 2220, consecutive_days: {min: 4, max: 3}}
people:
  - {id: ana, contract: full_time, cost_per_hour: cheap}
  - {id: ben, contract: fulltime}
  - {id: cat, contract: full_time, leave: [2025-13-01], contrct: x}
  - {id: dan, contract: full_time, requests: [{day_off: 2026-02-30}]}
job_shares:
  - {id: post, members: [ben], minutes_per_week: 2220}
demand:
  - {shift: erly, days: weekdays, required: 1}
  - {activity: duty, start: "09:00", end: "17:00", headcount: 1}
  - {shift: early, start: "09:00", days: [monday]}
office_days:
  - {days: weekdays, location: community}
rules:
  standby_fraction: 1.5
  settings: {availability: "off", admin_block: 5, ofice_day: 3}
speling: 1
"#;

fn bad_diagnostics(text: &str) -> (LoadError, Vec<Diagnostic>) {
    let err = load_model_str(text, "bad.yaml", Path::new("/tmp")).unwrap_err();
    let diagnostics = err.diagnostics().to_vec();
    (err, diagnostics)
}

/// The diagnostic at `path` (exactly one).
fn at<'a>(diagnostics: &'a [Diagnostic], path: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.path == path).collect();
    assert_eq!(found.len(), 1, "diagnostics at {path}: {diagnostics:#?}");
    found[0]
}

#[test]
fn every_problem_is_reported_at_once() {
    let (_, d) = bad_diagnostics(BAD);
    let expected = [
        (
            "shifts[0].paid_minutes",
            4,
            "more than the shift's 480 minutes",
        ),
        ("shifts[1].id", 5, "duplicate id `early`"),
        ("shifts[2].start", 6, "found the number 1100"),
        (
            "contracts[0].consecutive_days.min",
            8,
            "min 4 is more than max 3",
        ),
        ("people[0].cost_per_hour", 10, "expected a number"),
        ("people[1].contract", 11, "unknown contract `fulltime`"),
        ("people[2].contrct", 12, "unknown field `contrct`"),
        ("people[3].requests[0].day_off", 13, "is not a date"),
        ("job_shares[0].members", 15, "at least 2 members, found 1"),
        ("demand[0].shift", 17, "unknown shift `erly`"),
        ("demand[1].activity", 18, "unknown activity `duty`"),
        ("demand[2].start", 19, "`start` is not used by shift cover"),
        ("demand[2].days[0]", 19, "unknown weekday `monday`"),
        ("demand[2]", 19, "missing field `required`"),
        ("office_days[0].location", 21, "not a base location"),
        ("rules.standby_fraction", 23, "1.5 is not between 0 and 1"),
        ("rules.settings.availability", 24, "structural rule"),
        ("rules.settings.admin_block", 24, "cannot be soft"),
        ("rules.settings.ofice_day", 24, "unknown rule `ofice_day`"),
        ("speling", 25, "unknown field `speling`"),
    ];
    for (path, line, message) in expected {
        let diagnostic = at(&d, path);
        assert_eq!(
            diagnostic.line,
            Some(line),
            "line of {path}: {diagnostic:#?}"
        );
        assert!(
            diagnostic.message.contains(message),
            "{path}: expected {message:?} in {:?}",
            diagnostic.message
        );
        assert_eq!(diagnostic.file, Path::new("/tmp/bad.yaml"));
    }
    // The leave of a person whose item failed to read is not checked, so 2025-13-01 is not
    // reported; everything else is, and nothing twice.
    assert_eq!(d.len(), expected.len(), "{d:#?}");
    // Ordered by line.
    assert!(d.windows(2).all(|w| w[0].line <= w[1].line));
}

#[test]
fn hints_suggest_near_names_or_list_the_valid_ones() {
    let (_, d) = bad_diagnostics(BAD);
    let hint = |path: &str| at(&d, path).hint.clone().unwrap_or_default();
    assert_eq!(hint("people[1].contract"), "did you mean `full_time`?");
    assert_eq!(hint("people[2].contrct"), "did you mean `contract`?");
    assert_eq!(hint("demand[0].shift"), "did you mean `early`?");
    assert_eq!(hint("demand[1].activity"), "no activity is defined");
    assert_eq!(hint("demand[2].days[0]"), "did you mean `mon`?");
    assert_eq!(
        hint("rules.settings.ofice_day"),
        "did you mean `office_day`?"
    );
    assert_eq!(hint("speling"), "expected one of `name`, `include`, `horizon`, `slot_minutes`, `locations`, `shifts`, `activities`, `contracts` and 7 more");
    assert!(hint("shifts[2].start").contains("quote"));
    assert!(hint("shifts[1].id").contains("shifts[0] (line 4)"));
}

#[test]
fn rendering_shows_the_source_line_field_and_hint() {
    let (err, _) = bad_diagnostics(BAD);
    let text = err.render();
    let expected = "\
error: unknown contract `fulltime`
  --> /tmp/bad.yaml:11:25
   |
11 |   - {id: ben, contract: fulltime}
   |                         ^^^^^^^^
  = field: people[1].contract
  = hint: did you mean `full_time`?";
    assert!(text.contains(expected), "{text}");
    assert_eq!(text.matches("error: ").count(), 20);
    assert_eq!(text, err.to_string());
}

#[test]
fn demand_lines_need_consistent_fields() {
    let text = r#"
horizon: {start: 2025-01-06, days: 7}
slot_minutes: 60
locations: [{id: office}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
activities: [{id: duty, window: {start: "08:30", end: "18:00"}}]
contracts: [{id: ft, minutes_per_week: 2220}]
people: [{id: ana, contract: ft}]
demand:
  - {shift: day, activity: duty, required: 1}
  - {activity: duty, start: "09:00", end: "17:00", headcount: 1, person_minutes: 60}
  - {activity: duty, start: "09:00", end: "17:00", person_minutes: 60, over_weight: 2}
  - {activity: duty, start: "09:30", end: "17:00", headcount: 1}
  - {activity: duty, headcount: 1}
  - {days: all}
"#;
    let (_, d) = bad_diagnostics(text);
    assert!(at(&d, "demand[0].activity")
        .message
        .contains("both `shift` and `activity`"));
    assert!(at(&d, "demand[1].person_minutes")
        .message
        .contains("both `headcount`"));
    assert!(at(&d, "demand[2].over_weight")
        .message
        .contains("not used with `person_minutes`"));
    assert!(at(&d, "demand[3].start")
        .message
        .contains("not on the 60-minute slot grid"));
    assert!(at(&d, "demand[4]")
        .message
        .contains("needs `start` and `end`"));
    assert!(at(&d, "demand[5]").message.contains("needs `shift`"));
    assert!(at(&d, "activities[0].window.start")
        .message
        .contains("slot grid"));
    assert_eq!(d.len(), 7, "{d:#?}");
}

#[test]
fn job_share_members_exist_and_hold_one_post() {
    let text = r#"
horizon: {start: 2025-01-06, days: 7}
locations: [{id: office}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
contracts: [{id: ft, minutes_per_week: 2220}]
people: [{id: ana, contract: ft}, {id: ben, contract: ft}, {id: cat, contract: ft}]
job_shares:
  - {id: a, members: [ana, ben], minutes_per_week: 2220}
  - {id: b, members: [ben, cat, zed], minutes_per_week: 2220}
"#;
    let (_, d) = bad_diagnostics(text);
    assert!(at(&d, "job_shares[1].members[0]")
        .message
        .contains("already holds job share `a`"));
    assert!(at(&d, "job_shares[1].members[2]")
        .message
        .contains("unknown person `zed`"));
    assert_eq!(d.len(), 2, "{d:#?}");
}

#[test]
fn duplicate_yaml_keys_and_syntax_errors_are_located() {
    let (_, d) = bad_diagnostics(
        "horizon: {start: 2025-01-06, days: 7}\nslot_minutes: 30\nslot_minutes: 15\n",
    );
    let dup = d
        .iter()
        .find(|d| d.message.contains("duplicate key"))
        .unwrap();
    assert_eq!((dup.line, dup.column), (Some(3), Some(1)));
    assert!(dup.hint.as_deref().unwrap().contains("line 2"));

    let (_, d) = bad_diagnostics("horizon: {start: 2025-01-06, days: 7\npeople: []\n");
    assert_eq!(d.len(), 1, "a syntax error alone: {d:#?}");
    assert!(d[0].message.starts_with("invalid YAML"));
    assert!(d[0].line.is_some());
}

#[test]
fn include_cycles_and_missing_includes_are_reported_at_the_include() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.yaml"), "include: [b.yaml]\n").unwrap();
    fs::write(
        dir.path().join("b.yaml"),
        "shifts: []\ninclude: [a.yaml, missing.yaml]\n",
    )
    .unwrap();
    let err = load_model(&dir.path().join("a.yaml")).unwrap_err();
    let d = err.diagnostics();
    let cycle = d
        .iter()
        .find(|d| d.message.contains("include cycle"))
        .expect("a cycle");
    assert_eq!(cycle.file, dir.path().join("b.yaml"));
    assert_eq!(cycle.path, "include[0]");
    assert_eq!(cycle.line, Some(2));
    assert!(
        cycle.message.ends_with("a.yaml -> b.yaml -> a.yaml")
            || cycle.message.contains("b.yaml -> "),
        "{}",
        cycle.message
    );
    let missing = d
        .iter()
        .find(|d| d.message.contains("cannot read included file"))
        .unwrap();
    assert_eq!(missing.path, "include[1]");
    assert_eq!(d.len(), 2, "{d:#?}");
}

#[test]
fn leave_is_taken_off_contracted_minutes_a_week_at_most_a_working_week() {
    let text = r#"
include: [models/base.yaml]
horizon: {start: 2025-01-06, days: 14}
contracts:
  - {id: office_week, minutes_per_week: 2220, weekdays: [mon, tue, wed, thu, fri]}
people:
  # A whole first week (seven days, five of them working days) and the second Wednesday.
  - {id: ana, contract: office_week, leave: [{from: 2025-01-06, to: 2025-01-12}, 2025-01-15]}
  # Leave on a Saturday: not a day her contract works.
  - {id: ben, contract: office_week, leave: [2025-01-11]}
  # An annualised contract where leave does not reduce the hours.
  - {id: cat, contract: {type: office_week, leave_day_minutes: 0}, leave: [2025-01-07]}
  - {id: dev, contract: {type: office_week, max_days_per_week: 4}, leave: [2025-01-07]}
job_shares:
  - {id: post, members: [ana, ben], minutes_per_week: 2220}
"#;
    let (_dir, loaded) = load_team(text);
    let m = loaded.unwrap_or_else(|e| panic!("{e}"));
    let credit: Vec<i64> = m.people.iter().map(|p| p.leave_credit_minutes).collect();
    // 2220 / 5 = 444 a day: six days for ana; none for ben or cat; dev's 4-day week
    // makes a day 555.
    assert_eq!(credit, [6 * 444, 0, 0, 555]);
    assert_eq!(m.people[0].contract.target_minutes, 4440 - 6 * 444);
    assert_eq!(m.people[0].contract.min_minutes, 4440 - 120 - 6 * 444);
    assert_eq!(m.people[2].contract.target_minutes, 4440);
    assert_eq!(m.people[3].contract.target_minutes, 4440 - 555);
    // The post loses what its holders' leave stands for.
    assert_eq!(m.job_shares[0].target_minutes, 4440 - 6 * 444);
    // Each week loses the leave that falls in it: ana's first week is all leave.
    let weeks = |p: usize| week_ranges(&m.people[p].contract);
    assert_eq!(weeks(0), [(0, 0, 60), (2220 - 444, 2160 - 444, 2280 - 444)]);
    assert_eq!(weeks(1), [(2220, 2160, 2280); 2]);
}

/// England and Wales bank holidays in a Christmas fortnight, off for everyone but the
/// volunteer and the agency worker: credited as leave in the week they fall.
#[test]
fn bank_holidays_are_days_off_credited_in_their_week() {
    let text = r#"
include: [models/base.yaml]
horizon: {start: 2026-12-21, days: 14, bank_holidays: england_and_wales, extra_bank_holidays: [2026-12-24], bank_holidays_off: true}
contracts:
  - {id: office_week, minutes_per_week: 2220, weekdays: [mon, tue, wed, thu, fri]}
people:
  - {id: ana, contract: office_week}
  - {id: ben, contract: office_week, works_bank_holidays: true}
  - {id: cat, contract: office_week, agency: true}
"#;
    let (_dir, loaded) = load_team(text);
    let m = loaded.unwrap_or_else(|e| panic!("{e}"));
    // Christmas Eve (extra), Christmas Day, Monday 28th (Boxing Day moved), New Year's Day.
    assert_eq!(m.bank_holidays, [3, 4, 7, 11]);
    let targets = |p: usize| -> Vec<i64> {
        m.people[p]
            .contract
            .weekly
            .iter()
            .map(|w| w.target)
            .collect()
    };
    assert_eq!(targets(0), [2220 - 2 * 444, 2220 - 2 * 444]);
    assert_eq!(targets(1), [2220, 2220]);
    assert_eq!(m.people[0].unavailable.len(), 4);
    assert!(m.people[1].unavailable.is_empty() && m.people[2].unavailable.is_empty());
}

/// A short week holds the share of the contract its working weekdays make: a Monday-to-
/// Friday contract's Saturday-Sunday week is 0, its Monday-Tuesday week two fifths.
#[test]
fn short_weeks_hold_the_contract_days_they_contain() {
    let text = r#"
include: [models/base.yaml]
horizon: {start: 2026-11-07, days: 10, week_starts: mon}
contracts:
  - {id: office_week, minutes_per_week: 2220, weekdays: [mon, tue, wed, thu, fri]}
people:
  - {id: ana, contract: office_week}
"#;
    let (_dir, loaded) = load_team(text);
    let m = loaded.unwrap_or_else(|e| panic!("{e}"));
    let c = &m.people[0].contract;
    let weeks = week_ranges(c);
    // Sat-Sun; Mon-Sun; Mon: 2220 x 1/5 = 444 (60 x 1/5 = 12).
    assert_eq!(weeks, [(0, 0, 0), (2220, 2160, 2280), (444, 432, 456)]);
    assert_eq!(c.target_minutes, 2220 + 444);
}

/// An unknown calendar is refused at its field, with the known ones.
#[test]
fn an_unknown_bank_holiday_calendar_is_refused() {
    let text = r#"
include: [models/base.yaml]
horizon: {start: 2026-12-21, days: 14, bank_holidays: england}
people: [{id: ana, contract: {minutes_per_week: 0}}]
"#;
    let (_dir, loaded) = load_team(text);
    let err = loaded.expect_err("refused").to_string();
    assert!(err.contains("horizon.bank_holidays"), "{err}");
    assert!(
        err.contains("unknown bank-holiday calendar `england`"),
        "{err}"
    );
}

/// Weeks that start on Wednesday in a Monday-start fortnight: a short first week of two
/// days (pro rata), a whole week, and a short last week of five days; a `balance` sets the
/// horizon's range apart from the weekly tolerance.
#[test]
fn weekly_contract_minutes_follow_the_planning_weeks() {
    let text = r#"
include: [models/base.yaml]
horizon: {start: 2025-01-06, days: 14, week_starts: wed}
contracts:
  - {id: office_week, minutes_per_week: 2100, tolerance: {under: 70, over: 140}, balance: {under: 0, over: 30}}
people:
  - {id: ana, contract: office_week}
"#;
    let (_dir, loaded) = load_team(text);
    let m = loaded.unwrap_or_else(|e| panic!("{e}"));
    let c = &m.people[0].contract;
    let weeks = week_ranges(c);
    // 2100 x 2/7 = 600 (70 and 140 make 20 and 40); a whole week; 2100 x 5/7 = 1500.
    assert_eq!(
        weeks,
        [(600, 580, 640), (2100, 2030, 2240), (1500, 1450, 1600)]
    );
    assert_eq!(
        (c.target_minutes, c.min_minutes, c.max_minutes),
        (4200, 4200, 4230)
    );
}

#[test]
fn load_model_str_resolves_includes_against_base_dir() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("cat.yaml"), CATALOGUE).unwrap();
    let text = r#"
include: [cat.yaml]
name: small team
horizon: {start: 2025-01-06, days: 7}
people: [{id: ana, contract: part_time}]
"#;
    let m = load_model_str(text, "x.yaml", dir.path()).unwrap();
    assert_eq!(m.name, "small team");
    assert_eq!(m.people[0].contract.target_minutes, 1110);
    assert_eq!(m.people[0].contract.min_minutes, 1080);
    assert_eq!(m.slot_minutes, 30);
}

#[test]
fn horizon_and_slot_ranges() {
    let text = r#"
horizon: {start: 2025-01-06, days: 400}
slot_minutes: 7
locations: [{id: office}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
contracts: [{id: ft, minutes_per_week: 2220, fte: 3}]
people: [{id: ana, contract: ft, requests: [{day_off: 2030-01-01}]}]
"#;
    let (_, d) = bad_diagnostics(text);
    assert_eq!(at(&d, "horizon.days").line, Some(2));
    assert!(at(&d, "horizon.days").message.contains("expected 1 to 364"));
    assert!(at(&d, "slot_minutes").message.contains("dividing a day"));
    assert!(at(&d, "contracts[0].fte").message.contains("at most 2"));
    // With no usable horizon, dates are not judged against it.
    assert_eq!(d.len(), 3, "{d:#?}");

    let (_, d) = bad_diagnostics("horizon: {start: 2025-01-06}\npeople: [{id: a, contract: x}]\n");
    assert!(at(&d, "horizon").message.contains("missing field `days`"));
    // Not also "missing horizon"; the unknown contract is still reported.
    assert!(at(&d, "people[0].contract")
        .message
        .contains("unknown contract"));
    assert_eq!(d.len(), 2, "{d:#?}");
}

/// A contract's weekly (target, min, max), week by week.
fn week_ranges(c: &crate::model::Contract) -> Vec<(i64, i64, i64)> {
    c.weekly.iter().map(|w| (w.target, w.min, w.max)).collect()
}

#[test]
fn home_requests_expand_per_day_and_per_week_cut_to_the_days_left() {
    // Two weeks; ana asks for Fridays at home and three home days a week. Week 1 she is on
    // leave Monday to Thursday, so only Friday is left to ask for.
    let text = r#"
horizon: {start: 2025-01-06, days: 14}
locations: [{id: office}, {id: home, home: true}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
contracts: [{id: ft, minutes_per_week: 2220, weekdays: [mon, tue, wed, thu, fri]}]
people:
  - id: ana
    contract: ft
    leave: [{from: 2025-01-06, to: 2025-01-09}]
    requests: [{home: [fri], weight: 4}, {home_days: 3}]
"#;
    let m = load_model_str(text, "t.yaml", Path::new("/tmp")).unwrap();
    let kinds: Vec<(usize, RequestKind, f64)> = m.people[0]
        .requests
        .iter()
        .map(|r| (r.day, r.kind, r.weight))
        .collect();
    assert_eq!(
        kinds,
        [
            (4, RequestKind::Home, 4.0),
            (11, RequestKind::Home, 4.0),
            (0, RequestKind::HomeDays(1), 10.0),
            (7, RequestKind::HomeDays(3), 10.0),
        ]
    );
}

#[test]
fn home_requests_need_a_home_and_one_kind() {
    let text = r#"
horizon: {start: 2025-01-06, days: 7}
locations: [{id: office}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
contracts: [{id: ft, minutes_per_week: 2220}]
people:
  - {id: ana, contract: ft, requests: [{home: [fri]}]}
  - {id: ben, contract: ft, requests: [{home_days: 2, date: 2025-01-07}, {home_days: 9}]}
"#;
    let (_, d) = bad_diagnostics(text);
    assert!(at(&d, "people[0].requests[0]")
        .message
        .contains("no base location is a home"));
    assert!(at(&d, "people[1].requests[0].date")
        .message
        .contains("does not take `date`"));
    // `home_days: 9` is out of range, but without a home it is refused for that first.
    assert!(at(&d, "people[1].requests[1]")
        .message
        .contains("no base location is a home"));
    assert_eq!(d.len(), 3, "{d:#?}");
}

#[test]
fn pairing_and_caseloads_name_skills_someone_has() {
    let text = r#"
horizon: {start: 2025-01-06, days: 7}
locations: [{id: office}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
contracts: [{id: ft, minutes_per_week: 2220}]
people:
  - {id: ana, contract: ft, skills: [qualified]}
  - {id: liam, contract: ft, skills: [nqsw], max_families: 5}
rules:
  pairing:
    - {skill: nqws, with: qualified, shifts: [day]}
    - {skill: nqsw, with: nqsw, shifts: [dya]}
    - {skill: nqsw, with: qualified}
  caseloads: [{skill: nqsw, max_families: 3}, {skill: senior, max_families: 9}]
"#;
    let (_, d) = bad_diagnostics(text);
    let unknown = at(&d, "rules.pairing[0].skill");
    assert!(unknown.message.contains("no person has skill `nqws`"));
    assert!(unknown
        .hint
        .as_deref()
        .unwrap_or("")
        .contains("nqsw, qualified"));
    assert!(at(&d, "rules.pairing[1].with")
        .message
        .contains("with itself"));
    assert!(at(&d, "rules.pairing[1].shifts[0]").message.contains("dya"));
    assert!(at(&d, "rules.pairing[2]").message.contains("no `shifts`"));
    assert!(at(&d, "rules.caseloads[1].skill")
        .message
        .contains("`senior`"));
    assert_eq!(d.len(), 5, "{d:#?}");
    // Without the mistakes: Liam's cap is the lower of his own and his skill's.
    let good = text
        .replace("nqws", "nqsw")
        .replace(
            "with: nqsw, shifts: [dya]",
            "with: qualified, shifts: [day]",
        )
        .replace("with: qualified}\n", "with: qualified, shifts: [day]}\n")
        .replace(", {skill: senior, max_families: 9}", "");
    let m = load_model_str(&good, "t.yaml", Path::new("/tmp")).unwrap();
    assert_eq!(m.people[1].max_families, Some(3));
    assert_eq!(m.people[0].max_families, None);
    assert_eq!(m.rules.pairing.len(), 3);
    assert_eq!(m.rules.pairing[0].shifts, [0]);
}

#[test]
fn history_names_people_shifts_and_families_and_stays_before_the_horizon() {
    let text = r#"
horizon: {start: 2025-01-06, days: 7}
locations: [{id: office}, {id: community, base: false}]
shifts:
  - {id: day, start: "09:00", end: "17:00"}
  - {id: night, start: "22:00", end: "07:00"}
activities:
  - {id: visit_smith, locations: [community], continuity: true}
  - {id: duty, locations: [office]}
contracts: [{id: ft, minutes_per_week: 2220}]
people:
  - {id: ana, contract: ft}
  - {id: ben, contract: ft}
history:
  days: 3
  shifts:
    - {person: ana, date: 2025-01-05, shift: night}
    - {person: ben, date: 2025-01-04, shift: day, end: "19:30"}
    - {person: bob, date: 2025-01-05, shift: day}
    - {person: ben, date: 2025-01-06, shift: day}
    - {person: ben, date: 2025-01-01, shift: dya}
  unsocial: [{person: ana, nights: 4, weekends: 1}]
  families: [{family: visit_smith, worker: ben}, {family: duty, worker: ana}]
"#;
    let (_, d) = bad_diagnostics(text);
    assert!(at(&d, "history.shifts[2].person").message.contains("bob"));
    assert!(at(&d, "history.shifts[3].date")
        .message
        .contains("on or after the horizon's first day"));
    assert!(at(&d, "history.shifts[4].shift").message.contains("dya"));
    assert!(at(&d, "history.families[1].family")
        .message
        .contains("not a family"));
    assert_eq!(d.len(), 4, "{d:#?}");
    // `days` must reach the earliest date listed.
    let short = text
        .replace("    - {person: bob, date: 2025-01-05, shift: day}\n", "")
        .replace("    - {person: ben, date: 2025-01-06, shift: day}\n", "")
        .replace("shift: dya", "shift: day")
        .replace(", {family: duty, worker: ana}", "");
    let (_, d) = bad_diagnostics(&short);
    assert!(at(&d, "history.days").message.contains("expected 5 to 28"));
    assert_eq!(d.len(), 1, "{d:#?}");
    // Without the mistakes: the shifts at their clock times, so far and the family.
    let m = load_model_str(
        &short.replace("days: 3", "days: 5"),
        "t.yaml",
        Path::new("/tmp"),
    )
    .unwrap();
    assert_eq!(m.history_days, 5);
    let ana = &m.people[0];
    assert_eq!(
        ana.history
            .iter()
            .map(|x| (x.start, x.end))
            .collect::<Vec<_>>(),
        [(-1440 + 22 * 60, 7 * 60)]
    );
    let ben = &m.people[1];
    assert_eq!(
        ben.history
            .iter()
            .map(|x| (x.day(), x.end))
            .collect::<Vec<_>>(),
        [
            (-5, -5 * 1440 + 9 * 60 + 8 * 60),
            (-2, -2 * 1440 + 19 * 60 + 30)
        ]
    );
    assert_eq!(
        (ana.unsocial_before.nights, ana.unsocial_before.weekends),
        (4, 1)
    );
    assert_eq!(m.activities[0].worker, Some(1));
    assert!(m.states_history());
}

/// The schemas' top levels, written by hand for the decoders that read field by field, list
/// exactly the fields those decoders know (and `$schema`, which they skip).
#[test]
fn schemas_list_the_top_level_fields_the_decoders_read() {
    let properties = |schema: schemars::Schema| -> Vec<String> {
        let mut keys: Vec<String> = schema.as_value()["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    let expected = |fields: &[&str]| -> Vec<String> {
        let mut keys: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
        keys.push("$schema".into());
        keys.sort();
        keys
    };
    let generator = || schemars::generate::SchemaSettings::draft07().into_generator();
    assert_eq!(
        properties(super::model_schema(generator())),
        expected(&super::decode::TOP_LEVEL)
    );
    assert_eq!(
        properties(super::scenarios_schema(generator())),
        expected(&super::scenario::TOP_LEVEL)
    );
}
