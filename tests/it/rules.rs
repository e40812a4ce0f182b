//! Per rule: an instance that keeps it and one that breaks it, the MILP and the checker
//! agreeing on the amount and the cost (see `common::rule_case`).

use flexrota::rules::RuleId;

use flexrota::check::check;

use crate::common::{hard_or_off_case, model, rule_case, solve_optimal};

/// One Monday-start week, one person, two templates, cheap contract; `EXTRA` is replaced by
/// test-specific YAML at top level and `CONTRACT` by contract fields.
const BASE: &str = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}, {id: home, home: true}, {id: community, base: false}]
shifts:
  - {id: early, start: "07:00", end: "15:00"}
  - {id: late, start: "14:00", end: "22:00"}
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}CONTRACT}
people:
  - {id: a, contract: c}
EXTRA
"#;

fn instance(contract: &str, extra: &str) -> String {
    BASE.replace("CONTRACT", contract).replace("EXTRA", extra)
}

#[test]
fn min_rest() {
    // A late on Monday then an early on Tuesday leaves 9 h of rest.
    let yaml = instance(
        "",
        r#"
demand:
  - {shift: late, days: [mon], required: 1}
  - {shift: early, days: [tue], required: 1}
rules: {settings: {min_rest: SETTING, fair_unsocial: off}}
"#,
    );
    rule_case(RuleId::MinRest, &yaml, 7.0, 1.0);
}

#[test]
fn forbidden_succession() {
    let yaml = instance(
        "",
        r#"
demand:
  - {shift: early, days: [mon], required: 1}
  - {shift: late, days: [tue], required: 1}
rules: {forbidden_successions: [[early, late]], settings: {forbidden_succession: SETTING, fair_unsocial: off}}
"#,
    );
    rule_case(RuleId::ForbiddenSuccession, &yaml, 7.0, 1.0);
}

/// One person, one week: Monday's day shift, Monday night on call (an overlay after `day`)
/// and Tuesday's 11:00 late, two hours after the night ends. `REST` is the on-call's
/// `rest_after_minutes`.
const ON_CALL_AFTER_DAY: &str = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}]
shifts:
  - {id: day, start: "09:00", end: "17:00"}
  - {id: early, start: "07:00", end: "15:00"}
  - {id: late, start: "11:00", end: "19:00"}
  - {id: oncall, start: "17:00", end: "09:00", kind: on_call, after: [day], rest_after_minutes: REST}
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}
people:
  - {id: a, contract: c}
demand:
  - {shift: day, days: [mon], required: 1, under_weight: 100}
  - {shift: oncall, days: [mon], required: 1, under_weight: 100}
  - {shift: late, days: [tue], required: 1, under_weight: 100}
rules: {settings: {fair_unsocial: off, min_rest: SETTING}}
"#;

#[test]
fn on_call_follows_the_day_shifts_it_lists() {
    let yaml = ON_CALL_AFTER_DAY
        .replace("REST", "120")
        .replace("SETTING", "hard");
    let m = model(&yaml);
    let (rota, report, objective) = solve_optimal(&m);
    assert_eq!(
        objective, 0.0,
        "day, night on call, late start: all covered"
    );
    assert!(report.is_legal());
    let shifts: Vec<(String, &str)> = rota
        .assignments
        .iter()
        .map(|a| (a.date.to_string(), a.shift.as_str()))
        .collect();
    assert_eq!(
        shifts,
        [
            ("2026-11-30".to_string(), "day"),
            ("2026-11-30".to_string(), "oncall"),
            ("2026-12-01".to_string(), "late")
        ]
    );

    // Not declared an overlay, the night is a day's only shift: one of Monday's lines is
    // short.
    let alone = model(&yaml.replace("after: [day], ", ""));
    let (_, _, objective) = solve_optimal(&alone);
    assert_eq!(objective, 100.0);

    // On call after a shift it does not list: two shifts on one day.
    let mut early = rota.clone();
    early.assignments[0].shift = "early".into();
    early.assignments[0].start = "07:00".into();
    early.assignments[0].end = "15:00".into();
    let broken: Vec<_> = check(&m, &early)
        .hard_violations()
        .map(|v| (v.rule, v.amount))
        .collect();
    assert_eq!(broken, [(RuleId::OneShiftPerDay, 1.0)]);
}

#[test]
fn rest_after_an_on_call_night_is_the_templates() {
    // Three hours asked after the night: Tuesday's 11:00 start is an hour short of it.
    rule_case(
        RuleId::MinRest,
        &ON_CALL_AFTER_DAY.replace("REST", "180"),
        7.0,
        1.0,
    );
}

#[test]
fn max_consecutive_days() {
    // Cover every day; at most 3 days in a row: windows of 4 days each hold one extra day.
    let yaml = instance(
        ", consecutive_days: {min: 1, max: 3}",
        r#"
demand:
  - {shift: early, days: all, required: 1}
rules: {settings: {max_consecutive_days: SETTING, weekly_rest: off, max_minutes_per_7_days: off, fair_unsocial: off}}
"#,
    );
    // Working all 7 days: 4 windows of 4 days, each 1 over.
    rule_case(RuleId::MaxConsecutiveDays, &yaml, 3.0, 4.0);
}

#[test]
fn min_consecutive_days() {
    // Demand only on Wednesday: a one-day run in the middle is too short for min 2.
    let yaml = instance(
        ", consecutive_days: {min: 2}",
        r#"
demand:
  - {shift: early, days: [wed], required: 1, over_weight: 0}
  - {shift: early, days: [tue, thu], required: 0, over_weight: 40}
  - {shift: late, days: all, required: 0, over_weight: 40}
rules: {settings: {min_consecutive_days: SETTING, fair_unsocial: off}}
"#,
    );
    rule_case(RuleId::MinConsecutiveDays, &yaml, 5.0, 1.0);
}

#[test]
fn min_consecutive_days_off() {
    // Work wanted Mon-Tue and Thu-Sun; Wednesday alone off is too short for min 2 days off.
    let yaml = instance(
        ", min_consecutive_days_off: 2",
        r#"
demand:
  - {shift: early, days: [mon, tue, thu, fri, sat, sun], required: 1}
rules: {settings: {min_consecutive_days_off: SETTING, weekly_rest: off, fair_unsocial: off}}
"#,
    );
    rule_case(RuleId::MinConsecutiveDaysOff, &yaml, 5.0, 1.0);
}

/// With at most 3 days in a row and at least 2 days off between runs, both hard, the
/// compiler adds rows saying any 5 days hold at most 3 worked. No legal rota may break
/// them: on a 12-day horizon with cover wanted every day at weights that vary by day, the
/// solver's optimum must equal the best of every work pattern, enumerated and judged by
/// the rules as `docs/RULES.md` states them.
#[test]
fn consecutive_limits_together_keep_every_legal_rota() {
    const DAYS: usize = 12;
    let legal = |work: u32| {
        let on = |d: usize| work >> d & 1 == 1;
        let runs_ok = (0..DAYS - 3).all(|s| (s..s + 4).filter(|&d| on(d)).count() <= 3);
        let breaks_ok = (1..DAYS - 1).all(|d| !(on(d - 1) && !on(d) && on(d + 1)));
        runs_ok && breaks_ok
    };
    for seed in 0..6 {
        let weights: Vec<u32> = (0..DAYS)
            .map(|d| 1 + (d * 7 + seed * 13) as u32 % 10)
            .collect();
        let best = (0..1u32 << DAYS)
            .filter(|&w| legal(w))
            .map(|w| {
                (0..DAYS)
                    .filter(|&d| w >> d & 1 == 0)
                    .map(|d| weights[d])
                    .sum::<u32>()
            })
            .min()
            .expect("working no day is legal");
        let mut demand = String::from("demand:\n");
        for (d, w) in weights.iter().enumerate() {
            let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
                + chrono::Days::new(d as u64);
            demand += &format!(
                "  - {{shift: early, days: [{date}], required: 1, under_weight: {w}, over_weight: 0}}\n"
            );
        }
        let yaml = instance(
            ", consecutive_days: {max: 3}, min_consecutive_days_off: 2",
            &format!(
                "{demand}rules: {{settings: {{max_consecutive_days: hard, \
                 min_consecutive_days_off: hard, weekly_rest: off, \
                 max_minutes_per_7_days: off, fair_unsocial: off}}}}"
            ),
        )
        .replace("days: 7}", &format!("days: {DAYS}}}"));
        let (_, report, objective) = solve_optimal(&model(&yaml));
        assert!(report.is_legal());
        assert!(
            (objective - best as f64).abs() < 1e-6,
            "weights {weights:?}: solver {objective}, best legal rota {best}"
        );
    }
}

#[test]
fn max_days_per_week() {
    let yaml = instance(
        ", max_days_per_week: 5",
        r#"
demand:
  - {shift: early, days: all, required: 1}
rules: {settings: {max_days_per_week: SETTING, weekly_rest: off, max_minutes_per_7_days: off, fair_unsocial: off}}
"#,
    );
    rule_case(RuleId::MaxDaysPerWeek, &yaml, 30.0, 2.0);
}

#[test]
fn max_shifts() {
    let yaml = instance(
        ", max_shifts: {late: 1}",
        r#"
demand:
  - {shift: late, days: [mon, wed, fri], required: 1}
rules: {settings: {max_shifts: SETTING, fair_unsocial: off}}
"#,
    );
    rule_case(RuleId::MaxShifts, &yaml, 10.0, 2.0);
}

#[test]
fn max_weekends() {
    // Two-week horizon with both weekends demanded, at most one weekend.
    let yaml = instance(
        ", max_weekends: 1",
        r#"
demand:
  - {shift: early, days: [sat], required: 1}
rules: {settings: {max_weekends: SETTING, fair_unsocial: off}}
"#,
    )
    .replace("days: 7}", "days: 14}");
    rule_case(RuleId::MaxWeekends, &yaml, 10.0, 1.0);
}

#[test]
fn contract_minutes() {
    // Contract wants at least 3 early shifts (1440 min) but only two days are available.
    let yaml = instance("", "rules: {settings: {contract_minutes: SETTING}}").replace(
        "{id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}",
        "{id: c, fte: 1, minutes_per_horizon: 1440, tolerance: {under: 0, over: 0}, weekdays: [mon, tue]",
    );
    // Working both days gives 960 min: 480 short = 8 hours. Hard is infeasible, so check the
    // soft side and the checker directly.
    let soft = model(&yaml.replace("SETTING", "2"));
    let (_, report, objective) = solve_optimal(&soft);
    assert!((report.amount(RuleId::ContractMinutes) - 8.0).abs() < 1e-6);
    assert!((objective - 16.0).abs() < 1e-6);
}

#[test]
fn weekly_minutes() {
    // Two weeks, two early shifts (960 min) a week by contract and over the horizon; cover
    // is wanted on four days of the first week only. Working all four breaks both weeks by
    // 16 h (960 min over, then 960 under): 32 h, cheaper at 1 a hour than 2 x 40 short.
    let yaml = instance(
        "",
        r#"
demand:
  - {shift: early, days: [2026-11-30, 2026-12-01, 2026-12-02, 2026-12-03], required: 1, under_weight: 40}
rules: {settings: {weekly_minutes: SETTING, fair_unsocial: off}}
"#,
    )
    .replace("days: 7}", "days: 14}")
    .replace(
        "minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}",
        "minutes_per_week: 960, tolerance: {under: 0, over: 0}",
    );
    rule_case(RuleId::WeeklyMinutes, &yaml, 1.0, 32.0);
}

#[test]
fn max_minutes_per_7_days() {
    // 7 early shifts of 480 min = 3360 > 2880: 480 min over = 8 hours in the single window.
    let yaml = instance(
        "",
        r#"
demand:
  - {shift: early, days: all, required: 1}
rules: {settings: {max_minutes_per_7_days: SETTING, weekly_rest: off, fair_unsocial: off}}
"#,
    );
    rule_case(RuleId::MaxMinutesPer7Days, &yaml, 5.0, 8.0);
}

#[test]
fn weekly_rest() {
    let yaml = instance(
        "",
        r#"
demand:
  - {shift: early, days: all, required: 1}
rules: {max_minutes_per_7_days: 100000, settings: {weekly_rest: SETTING, fair_unsocial: off}}
"#,
    );
    rule_case(RuleId::WeeklyRest, &yaml, 20.0, 1.0);
}

#[test]
fn job_share_cover_and_handover() {
    let yaml = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
contracts:
  - {id: half, minutes_per_horizon: 960, tolerance: {under: 0, over: 0}, weekdays: [mon, tue, wed, thu, fri]}
people:
  - {id: a, contract: half}
  - {id: b, contract: half}
job_shares:
  - {id: post, members: [a, b], minutes_per_week: 1920, tolerance_minutes_per_week: 0, cover_days: weekdays, handover_days: [wed]}
rules: {settings: {job_share_cover: SETTING, job_share_handover: off, fair_unsocial: off}}
"#;
    // Each holder works exactly 2 days: 4 holder-days for 5 weekdays: one day uncovered.
    let soft = model(&yaml.replace("SETTING", "50"));
    let (_, report, objective) = solve_optimal(&soft);
    assert_eq!(report.amount(RuleId::JobShareCover), 1.0);
    assert!((objective - 50.0).abs() < 1e-6);
    // With a handover day both must work Wednesday: 3 distinct days covered, 2 uncovered.
    let with_handover = yaml.replace("job_share_handover: off", "job_share_handover: hard");
    let (_, report, _) = solve_optimal(&model(&with_handover.replace("SETTING", "50")));
    assert_eq!(report.amount(RuleId::JobShareCover), 2.0);
    assert_eq!(report.amount(RuleId::JobShareHandover), 0.0);
}

#[test]
fn job_share_handover_minutes() {
    // Wednesday's handover asks for an hour together. Ann holds the morning (09:00-13:30);
    // Ben would rather start at 13:30 (a request worth 5) than at 12:30. Hard: Ben starts
    // at 12:30 and the request goes (5). Soft at 1: both holders short of the hour (2).
    let yaml = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}]
shifts:
  - {id: am, start: "09:00", end: "13:30"}
  - {id: pm, start: "12:30", end: "17:00"}
  - {id: pm_late, start: "13:30", end: "18:00"}
contracts:
  - {id: c, fte: 0.5, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}
people:
  - {id: ann, contract: {type: c, shifts: [am]}}
  - {id: ben, contract: {type: c, shifts: [pm, pm_late]}, requests: [{shift_on: pm_late, date: 2026-12-02, weight: 5}]}
job_shares:
  - {id: post, members: [ann, ben], minutes_per_week: 0, tolerance_minutes_per_week: 10000, cover_days: [wed], handover_days: [wed], handover_minutes: 60}
demand:
  - {shift: am, days: [wed], required: 1, under_weight: 100}
rules: {settings: {job_share_handover: SETTING, fair_unsocial: off}}
"#;
    rule_case(RuleId::JobShareHandover, yaml, 1.0, 2.0);
}

/// One person, weekdays only, an 8-hour day shift, office/home bases, and activities:
/// `duty` (office or home), `remote` (home only), `admin` (protected, office or home).
/// `EXTRA` adds demand and rules.
const DAY_BASE: &str = r#"
horizon: {start: 2026-11-30, days: 7}
slot_minutes: 60
locations: [{id: office}, {id: home, home: true}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
activities:
  - {id: duty}
  - {id: remote, locations: [home]}
  - {id: admin, protected_admin: true}
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}, weekdays: [mon, tue, wed, thu, fri]}
people:
  - {id: a, contract: c, home_days_per_week: 1CAPS}
EXTRA
"#;

/// Monday's day shift must be worked, and duty is wanted all day at 100 an hour.
const MONDAY_DUTY: &str = r#"
demand:
  - {shift: day, days: [mon], required: 1}
  - {activity: duty, days: [mon], start: "09:00", end: "17:00", headcount: 1, under_weight: 100, over_weight: 0}
"#;

/// Leave from Tuesday to Friday, so only Monday can be worked.
const MONDAY_ONLY: &str = ", leave: [{from: 2026-12-01, to: 2026-12-04}]";

/// Whether the first assignment of `rota` holds a block of `activity`.
fn does(rota: &flexrota::rota::Rota, activity: &str) -> bool {
    rota.assignments[0]
        .activities
        .iter()
        .any(|b| b.activity == activity)
}

fn day_instance(caps: &str, extra: &str) -> String {
    DAY_BASE.replace("CAPS", caps).replace("EXTRA", extra)
}

#[test]
fn home_working() {
    // Remote work (home only) is wanted every weekday; the allowance is one home day.
    let yaml = day_instance(
        "",
        r#"
demand:
  - {activity: remote, days: weekdays, start: "09:00", end: "10:00", headcount: 1, under_weight: 100, over_weight: 0}
rules: {settings: {home_working: SETTING, fair_unsocial: off}}
"#,
    );
    rule_case(RuleId::HomeWorking, &yaml, 5.0, 4.0);
}

#[test]
fn office_day() {
    // The person asks for Wednesday off; the team day wants one person in the office.
    let yaml = day_instance(
        ", requests: [{day_off: 2026-12-02, weight: 10}]",
        r#"
office_days: [{days: [wed], min_people: 1}]
rules: {settings: {office_day: SETTING, fair_unsocial: off}}
"#,
    );
    rule_case(RuleId::OfficeDay, &yaml, 3.0, 1.0);
}

#[test]
fn protected_admin() {
    // Half of an 8-hour Monday should be admin; duty is wanted all day at 100 an hour.
    let yaml = day_instance(
        MONDAY_ONLY,
        &(MONDAY_DUTY.to_string()
            + r#"
rules: {admin_share: 0.5, admin_min_block: 60, settings: {protected_admin: SETTING, fair_unsocial: off}}
"#),
    );
    rule_case(RuleId::ProtectedAdmin, &yaml, 5.0, 4.0);
}

#[test]
fn reserve() {
    // A quarter of the shift must stay unallocated; duty is wanted all day.
    let yaml = day_instance(
        MONDAY_ONLY,
        &(MONDAY_DUTY.to_string()
            + r#"
rules: {reserve_share: 0.25, settings: {reserve: SETTING, fair_unsocial: off}}
"#),
    );
    rule_case(RuleId::Reserve, &yaml, 5.0, 2.0);
}

#[test]
fn activity_cap() {
    // At most 2 hours of duty a week; duty is wanted all Monday.
    let yaml = day_instance(
        ", caps: [{activity: duty, max_minutes_per_week: 120}], leave: [{from: 2026-12-01, to: 2026-12-04}]",
        &(MONDAY_DUTY.to_string()
            + r#"
rules: {settings: {activity_cap: SETTING, fair_unsocial: off}}
"#),
    );
    rule_case(RuleId::ActivityCap, &yaml, 5.0, 6.0);
}

#[test]
fn activity_blocks_are_at_least_the_minimum() {
    // Duty is wanted 09:00-16:00 (100 an hour) and a visit 16:00-17:00 (50); a visit lasts
    // at least two hours. Hard: a two-hour visit would cost an hour of duty, so the visit
    // is dropped (50). Off: a one-hour visit at 16:00 (0).
    let yaml = day_instance(
        MONDAY_ONLY,
        r#"
demand:
  - {shift: day, days: [mon], required: 1}
  - {activity: duty, days: [mon], start: "09:00", end: "16:00", headcount: 1, under_weight: 100, over_weight: 0}
  - {activity: visit, days: [mon], start: "15:00", end: "16:00", headcount: 0, under_weight: 0, over_weight: 0}
  - {activity: visit, days: [mon], start: "16:00", end: "17:00", headcount: 1, under_weight: 50, over_weight: 0}
rules: {settings: {activity_block: SETTING, fair_unsocial: off}}
"#,
    )
    .replace(
        "  - {id: duty}\n",
        "  - {id: duty}\n  - {id: visit, min_block: 120}\n",
    );
    let rota = hard_or_off_case(RuleId::ActivityBlock, &yaml, 50.0, 0.0);
    assert!(!does(&rota, "visit"));
}

#[test]
fn locked_down_days_hold_only_admin_in_the_office() {
    // Monday is locked down: the day must be worked, but duty and remote work (at home)
    // are left short however much they are wanted; admin is done, in the office.
    let yaml = day_instance(
        &format!("{MONDAY_ONLY}, locked_down: [mon]"),
        &(MONDAY_DUTY.to_string()
            + r#"  - {activity: remote, days: [mon], start: "09:00", end: "10:00", headcount: 1, under_weight: 100, over_weight: 0}
rules: {admin_share: 0.125, settings: {fair_unsocial: off}}
"#),
    );
    let (rota, report, objective) = solve_optimal(&model(&yaml));
    assert!(report.is_legal());
    assert!((objective - 900.0).abs() < 1e-6, "objective {objective}");
    let monday = &rota.assignments[0];
    assert_eq!(monday.location.as_deref(), Some("office"));
    assert!(!monday.activities.is_empty());
    assert!(monday.activities.iter().all(|b| b.activity == "admin"));
}

#[test]
fn breaks() {
    // An hour's unpaid break between 12:00 and 14:00; duty is wanted all day (100 an
    // hour). Hard: the break costs an hour of duty (100) and no duty runs through it.
    // Off: duty all day (0).
    let yaml = day_instance(
        MONDAY_ONLY,
        &(MONDAY_DUTY.to_string() + "rules: {settings: {breaks: SETTING, fair_unsocial: off}}\n"),
    )
    .replace(
        r#"shifts: [{id: day, start: "09:00", end: "17:00"}]"#,
        r#"shifts: [{id: day, start: "09:00", end: "17:00", break: {minutes: 60, start: "12:00", end: "14:00"}}]"#,
    );
    let hard = model(&yaml.replace("SETTING", "hard"));
    assert_eq!(hard.shifts[0].paid_minutes, 420);
    let rota = hard_or_off_case(RuleId::Breaks, &yaml, 100.0, 0.0);
    let day = &rota.assignments[0];
    let brk: Vec<_> = day
        .activities
        .iter()
        .filter(|b| b.activity == "break")
        .collect();
    assert_eq!(brk.len(), 1);
    let start = flexrota::rota::parse_clock(&brk[0].start).unwrap();
    let end = flexrota::rota::parse_clock(&brk[0].end).unwrap();
    assert!(
        end - start == 60 && start >= 12 * 60 && end <= 14 * 60,
        "{brk:?}"
    );
}

#[test]
fn travel() {
    // Duty is wanted 09:00-12:00 (100 an hour) and a visit 12:00-13:00 (50) in the
    // community; travel takes an hour. Hard: the visit would cost an hour of duty, so it is
    // dropped (50). Off: duty then the visit at once (0).
    let yaml = day_instance(
        MONDAY_ONLY,
        r#"
demand:
  - {shift: day, days: [mon], required: 1}
  - {activity: duty, days: [mon], start: "09:00", end: "12:00", headcount: 1, under_weight: 100, over_weight: 0}
  - {activity: visit, days: [mon], start: "12:00", end: "13:00", headcount: 1, under_weight: 50, over_weight: 0}
rules: {travel_minutes: 60, settings: {travel: SETTING, fair_unsocial: off}}
"#,
    )
    .replace(
        "locations: [{id: office}, {id: home, home: true}]",
        "locations: [{id: office}, {id: home, home: true}, {id: community, base: false}]",
    )
    .replace(
        "  - {id: duty}\n",
        "  - {id: duty}\n  - {id: visit, locations: [community]}\n",
    );
    let rota = hard_or_off_case(RuleId::Travel, &yaml, 50.0, 0.0);
    assert!(!does(&rota, "visit"));
}

#[test]
fn blocks_per_day() {
    // Duty is wanted 09:00-11:00 and 13:00-15:00 (100 an hour), and costs 30 an hour
    // between (over-cover). Held in one block a day it runs 09:00-15:00 (60); soft at 5,
    // two blocks (5) are cheaper.
    let yaml = day_instance(
        MONDAY_ONLY,
        r#"
demand:
  - {shift: day, days: [mon], required: 1}
  - {activity: duty, days: [mon], start: "09:00", end: "11:00", headcount: 1, under_weight: 100, over_weight: 0}
  - {activity: duty, days: [mon], start: "11:00", end: "13:00", headcount: 0, under_weight: 0, over_weight: 30}
  - {activity: duty, days: [mon], start: "13:00", end: "15:00", headcount: 1, under_weight: 100, over_weight: 0}
rules: {settings: {blocks_per_day: SETTING, fair_unsocial: off}}
"#,
    )
    .replace("  - {id: duty}\n", "  - {id: duty, max_blocks_per_day: 1}\n");
    rule_case(RuleId::BlocksPerDay, &yaml, 5.0, 1.0);
    let (_, _, objective) = solve_optimal(&model(&yaml.replace("SETTING", "hard")));
    assert!((objective - 60.0).abs() < 1e-6, "objective {objective}");
}

#[test]
fn admin_blocks_are_at_least_the_minimum() {
    // One hour of admin is due (1/8 of the shift), but blocks must last two hours; duty is
    // worth 10 an hour and missing admin 30 an hour. Best: a 2-hour admin block (duty loses
    // 20). Without the block rule: 1 hour of admin (duty loses 10).
    let yaml = day_instance(
        MONDAY_ONLY,
        r#"
demand:
  - {shift: day, days: [mon], required: 1}
  - {activity: duty, days: [mon], start: "09:00", end: "17:00", headcount: 1, under_weight: 10, over_weight: 0}
rules: {admin_share: 0.125, admin_min_block: 120, settings: {admin_block: SETTING, fair_unsocial: off}}
"#,
    );
    let (rota, report, objective) = solve_optimal(&model(&yaml.replace("SETTING", "hard")));
    assert!((objective - 20.0).abs() < 1e-6, "objective {objective}");
    assert_eq!(report.amount(RuleId::AdminBlock), 0.0);
    let admin: Vec<_> = rota.assignments[0]
        .activities
        .iter()
        .filter(|b| b.activity == "admin")
        .collect();
    assert_eq!(admin.len(), 1);
    let (_, _, objective) = solve_optimal(&model(&yaml.replace("SETTING", "off")));
    assert!((objective - 10.0).abs() < 1e-6, "objective {objective}");
    // A hand-made rota with a one-hour admin block breaks the hard rule.
    let hard = model(&yaml.replace("SETTING", "hard"));
    let mut short = rota.clone();
    for b in &mut short.assignments[0].activities {
        if b.activity == "admin" {
            let start = flexrota::rota::parse_clock(&b.start).unwrap();
            b.end = flexrota::rota::clock(start + 60);
        }
    }
    let again = check(&hard, &short);
    assert!(again
        .hard_violations()
        .any(|v| v.rule == RuleId::AdminBlock));
}

#[test]
fn fair_unsocial() {
    // Two people, a late (unsocial) shift required Monday to Thursday: targets are 2 each.
    // Bob asks for Monday to Wednesday off (weight 3 each); with fairness weight w, Ann
    // working 3 lates costs w, Bob working his requested days costs 3 each.
    let yaml = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}]
shifts: [{id: late, start: "14:00", end: "22:00", unsocial: true}]
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}, weekdays: [mon, tue, wed, thu, fri]}
people:
  - {id: ann, contract: c, requests: [{day_off: 2026-12-03, weight: 3}]}
  - {id: bob, contract: c, requests: [{day_off: 2026-11-30, weight: 3}, {day_off: 2026-12-01, weight: 3}, {day_off: 2026-12-02, weight: 3}]}
demand:
  - {shift: late, days: [mon, tue, wed, thu], required: 1, over_weight: 50}
rules: {settings: {fair_unsocial: WEIGHT}}
"#;
    // w = 2: Ann takes Mon-Wed (1 over target), Bob Thursday: cost 2.
    let (_, report, objective) = solve_optimal(&model(&yaml.replace("WEIGHT", "2")));
    assert_eq!(report.amount(RuleId::FairUnsocial), 1.0);
    assert!((objective - 2.0).abs() < 1e-6);
    // w = 10: Bob works one requested day instead: cost 3.
    let (_, report, objective) = solve_optimal(&model(&yaml.replace("WEIGHT", "10")));
    assert_eq!(report.amount(RuleId::FairUnsocial), 0.0);
    assert!((objective - 3.0).abs() < 1e-6);
}

/// One week from Monday 30 November with one `night` template (22:00-06:00) and an open
/// contract `c`, up to the `people:` key: the tests add people, demand and rules.
const NIGHTS_TEAM: &str = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}]
shifts: [{id: night, start: "22:00", end: "06:00"}]
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}
people:
"#;

/// Nights are shared, not just capped: 6 nights between two people, 3 each, at weight 5.
/// Bob asks for five of them off (7 each). Ann 5 and Bob 1 is 2 over; Ann 4 and Bob 2 is
/// 1 over and one request broken. Charged linearly (10 against 5 + 7) the first would
/// win; charged convexly (1 + 3 = 4 units, 20, against 12) the nights are shared.
#[test]
fn fair_unsocial_spreads_nights() {
    let off: Vec<String> = (0..5)
        .map(|d| {
            format!(
                "{{shift_off: night, date: 2026-1{}, weight: 7}}",
                ["1-30", "2-01", "2-02", "2-03", "2-04"][d]
            )
        })
        .collect();
    let yaml = (NIGHTS_TEAM.to_string()
        + r#"  - {id: ann, contract: c}
  - {id: bob, contract: c, requests: [OFF]}
demand:
  - {shift: night, days: [mon, tue, wed, thu, fri, sat], required: 1, under_weight: 1000, over_weight: 1000}
rules: {settings: {fair_unsocial: 5, weekly_rest: off}}
"#)
    .replace("OFF", &off.join(", "));
    let (rota, report, objective) = solve_optimal(&model(&yaml));
    let nights = |who: &str| rota.assignments.iter().filter(|a| a.person == who).count();
    assert_eq!((nights("ann"), nights("bob")), (4, 2));
    assert!((objective - 12.0).abs() < 1e-6, "{objective}");
    let ann = &report.people[0].unsocial[0];
    assert!((ann.fair - 3.0).abs() < 1e-9 && ann.excess == 1.0);
}

#[test]
fn after_leave() {
    // Back on Saturday from a week's leave (Monday to Friday); the night on Saturday needs
    // someone. Hard: the night goes uncovered (100). Soft at 7: she works it (1 day).
    let yaml = NIGHTS_TEAM.to_string()
        + r#"  - {id: ann, contract: c, leave: [{from: 2026-11-30, to: 2026-12-04}]}
demand:
  - {shift: night, days: [sat], required: 1, under_weight: 100}
rules: {after_leave_days: 5, settings: {after_leave: SETTING, fair_unsocial: off}}
"#;
    rule_case(RuleId::AfterLeave, &yaml, 7.0, 1.0);
    // Four days' leave is not enough to protect the day after.
    let short = model(
        &yaml
            .replace("to: 2026-12-04", "to: 2026-12-03")
            .replace("SETTING", "hard"),
    );
    let (_, _, objective) = solve_optimal(&short);
    assert_eq!(objective, 0.0);
}

#[test]
fn unsocial_window() {
    // A night wanted every day of a week; at most 2 nights in any 7 days. Hard: 5 short
    // (500). Soft at 7: all 7 worked, 5 over.
    let nights = NIGHTS_TEAM.to_string()
        + r#"  - {id: ann, contract: c}
demand:
  - {shift: night, days: all, required: 1, under_weight: 100}
rules: {max_nights_per_7_days: 2, settings: {unsocial_window: SETTING, fair_unsocial: off, weekly_rest: off, max_minutes_per_7_days: off}}
"#;
    rule_case(RuleId::UnsocialWindow, &nights, 7.0, 5.0);
    // Saturday duty wanted on four weekends; at most 2 weekends in any 4: 2 over.
    let weekends = r#"
horizon: {start: 2026-11-30, days: 28}
locations: [{id: office}]
shifts: [{id: duty, start: "09:00", end: "17:00"}]
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}
people:
  - {id: ann, contract: c}
demand:
  - {shift: duty, days: [sat], required: 1, under_weight: 100}
rules: {max_weekends_per_4: 2, settings: {unsocial_window: SETTING, fair_unsocial: off}}
"#;
    rule_case(RuleId::UnsocialWindow, weekends, 7.0, 2.0);
}

#[test]
fn job_share_minutes() {
    // The post is 1920 minutes; each holder can work at most 2 days (960): exactly met.
    // Shrink one holder to 1 day: 480 short = 8 hours.
    let yaml = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
contracts:
  - {id: half, fte: 0.5, minutes_per_horizon: 0, tolerance: {under: 0, over: 960}, weekdays: [mon, tue, wed, thu, fri]}
people:
  - {id: a, contract: half}
  - {id: b, contract: {type: half, tolerance: {under: 0, over: 480}}}
job_shares:
  - {id: post, members: [a, b], minutes_per_week: 1920, tolerance_minutes_per_week: 0, cover_days: [mon]}
rules: {settings: {job_share_minutes: SETTING, fair_unsocial: off}}
"#;
    let soft = model(&yaml.replace("SETTING", "4"));
    let (_, report, objective) = solve_optimal(&soft);
    assert_eq!(report.amount(RuleId::JobShareMinutes), 8.0);
    assert!((objective - 32.0).abs() < 1e-6);
}

#[test]
fn headcount_demand_is_per_minute() {
    // Duty needs 2 people 09:00-12:00 and 1 until 17:00; one person is on leave, so the
    // morning is short by one person for 3 hours: 3 person-hours x 60.
    let yaml = r#"
horizon: {start: 2026-11-30, days: 7}
slot_minutes: 60
locations: [{id: office}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
activities: [{id: duty}]
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}, weekdays: [mon]}
people:
  - {id: a, contract: c}
  - {id: b, contract: c, leave: [2026-11-30]}
demand:
  - {activity: duty, days: [mon], start: "09:00", end: "17:00", headcount: 1, under_weight: 60, over_weight: 1}
  - {activity: duty, days: [mon], start: "09:00", end: "12:00", headcount: 2, under_weight: 60, over_weight: 1}
rules: {settings: {fair_unsocial: off}}
"#;
    let (rota, report, objective) = solve_optimal(&model(yaml));
    assert!((objective - 180.0).abs() < 1e-6, "objective {objective}");
    assert_eq!(report.amount(RuleId::ActivityDemand), 180.0);
    let blocks = &rota.assignments[0].activities;
    assert_eq!(blocks.len(), 1);
    assert_eq!(
        (blocks[0].start.as_str(), blocks[0].end.as_str()),
        ("09:00", "17:00")
    );
}

#[test]
fn continuity() {
    // One family's visits on Monday and Tuesday. Both can work both days; Ann asks for
    // Tuesday off (weight 5), Bob for Monday off (weight 1).
    let yaml = r#"
horizon: {start: 2026-11-30, days: 7}
slot_minutes: 60
locations: [{id: office}, {id: community, base: false}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
activities: [{id: visit_smith, locations: [community], continuity: true}]
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}, weekdays: [mon, tue]}
people:
  - {id: ann, contract: c, requests: [{day_off: 2026-12-01, weight: 5}]}
  - {id: bob, contract: c, requests: [{day_off: 2026-11-30, weight: 1}]}
demand:
  - {activity: visit_smith, days: [mon, tue], start: "10:00", end: "11:00", person_minutes: 60, under_weight: 100}
rules: {settings: {continuity: WEIGHT, fair_unsocial: off}}
"#;
    // Weight 20: one worker (Bob both days) costs 1 (his Monday request) instead of 20.
    let (rota, report, objective) = solve_optimal(&model(&yaml.replace("WEIGHT", "20")));
    assert_eq!(report.amount(RuleId::Continuity), 0.0);
    assert!((objective - 1.0).abs() < 1e-6, "objective {objective}");
    let visitors: std::collections::BTreeSet<&str> = rota
        .assignments
        .iter()
        .filter(|a| !a.activities.is_empty())
        .map(|a| a.person.as_str())
        .collect();
    assert_eq!(visitors.len(), 1);
    // Weight 0.5: sharing (Ann Monday, Bob Tuesday) costs 0.5, cheaper than any request.
    let (_, report, objective) = solve_optimal(&model(&yaml.replace("WEIGHT", "0.5")));
    assert_eq!(report.amount(RuleId::Continuity), 1.0);
    assert!((objective - 0.5).abs() < 1e-6, "objective {objective}");
}

/// One person who asked for Monday off (weight 10) and Monday's early that needs one
/// person (under-weight `under`); `SETTING` goes to `rule`.
fn request_against_cover(rule: &str, under: u32) -> String {
    instance(
        "",
        &format!(
            r#"
people:
  - {{id: a, contract: c, requests: [{{day_off: 2026-11-30, weight: 10}}]}}
demand:
  - {{shift: early, days: [mon], required: 1, under_weight: {under}, over_weight: 0}}
rules: {{settings: {{{rule}: SETTING, fair_unsocial: off}}}}
"#
        ),
    )
    .replace("people:\n  - {id: a, contract: c}\n", "")
}

#[test]
fn shift_cover() {
    // Covering the line costs the request (10); leaving it costs its under-weight (2).
    rule_case(
        RuleId::ShiftCover,
        &request_against_cover("shift_cover", 2),
        1.0,
        2.0,
    );
}

/// A peak written as a second line is met, and costs nothing: late cover of 1 every day
/// and of 2 on Monday, with over-cover dear (200). Before lines merged, meeting the peak
/// paid 200 on the first line; now the optimum covers it at no cost.
#[test]
fn a_cover_peak_is_one_line() {
    let yaml = instance(
        "",
        r#"
demand:
  - {shift: late, days: all, required: 1, under_weight: 100, over_weight: 200}
  - {shift: late, days: [mon], required: 2, under_weight: 100, over_weight: 200}
rules: {settings: {fair_unsocial: off}}
"#,
    )
    .replace(
        "people:\n  - {id: a, contract: c}\n",
        "people:\n  - {id: a, contract: c}\n  - {id: b, contract: c}\n",
    );
    let m = model(&yaml);
    assert_eq!(m.shift_cover.len(), 7);
    let (rota, report, objective) = solve_optimal(&m);
    assert_eq!(objective, 0.0);
    assert_eq!(report.penalty(RuleId::ShiftCover), 0.0);
    let monday = rota
        .assignments
        .iter()
        .filter(|a| a.date.to_string() == "2026-11-30" && a.shift == "late")
        .count();
    assert_eq!(monday, 2);
}

#[test]
fn requests() {
    // The other way round: the request (10) is cheaper to break than the line (100) is
    // to leave.
    rule_case(
        RuleId::Requests,
        &request_against_cover("requests", 100),
        1.0,
        10.0,
    );
}

#[test]
fn cost() {
    // Cost is soft or off: on, an agency worker's one early shift (8 h at £10) costs £80,
    // the same to the solver and the checker.
    let yaml = instance(
        "",
        r#"
people:
  - {id: a, contract: c, cost_per_hour: 10, agency: true}
demand:
  - {shift: early, days: [mon], required: 1, under_weight: 1000, over_weight: 1000}
rules: {settings: {cost: 1, fair_unsocial: off}}
"#,
    )
    .replace("people:\n  - {id: a, contract: c}\n", "");
    let m = model(&yaml);
    let (_, report, objective) = solve_optimal(&m);
    assert_eq!(report.amount(RuleId::Cost), 80.0);
    assert_eq!(report.penalty(RuleId::Cost), 80.0);
    assert!((objective - report.cost).abs() < 1e-6);
}

#[test]
fn salaried_hours_cost_nothing_below_the_contract() {
    // A salaried contract of two early shifts, allowed to run a shift under. Cover on
    // Monday and Tuesday is barely wanted (1 a shift short), on Wednesday badly (1000).
    // Salaried hours are paid whatever the rota says, so the rota works two shifts, not
    // the one the tolerance would allow; a third would be overtime at 1.5 x £10 x 8 h =
    // £120, dearer than leaving Monday or Tuesday short.
    let yaml = instance(
        "",
        r#"
people:
  - {id: a, contract: c, cost_per_hour: 10}
demand:
  - {shift: early, days: [mon, tue], required: 1, under_weight: 1, over_weight: 0}
  - {shift: early, days: [wed], required: 1, under_weight: 1000, over_weight: 0}
rules: {settings: {cost: 1, fair_unsocial: off}}
"#,
    )
    .replace("people:\n  - {id: a, contract: c}\n", "")
    .replace(
        "minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}",
        "minutes_per_horizon: 960, tolerance: {under: 480, over: 480}",
    );
    let m = model(&yaml);
    let (_, report, objective) = solve_optimal(&m);
    assert_eq!(report.people[0].counted_minutes, 960);
    assert_eq!(report.amount(RuleId::Cost), 0.0);
    assert_eq!(report.cost, 1.0);
    assert!((objective - report.cost).abs() < 1e-6);
    // Make the short shift dear (200): the third shift's £120 overtime is now cheaper.
    let dear = model(&yaml.replace("under_weight: 1, over", "under_weight: 200, over"));
    let (_, report, objective) = solve_optimal(&dear);
    assert_eq!(report.people[0].counted_minutes, 1440);
    assert_eq!(report.amount(RuleId::Cost), 120.0);
    assert!((objective - 120.0).abs() < 1e-6);
}

/// One person who must work every weekday (cover at 1000 a day), bases office and home,
/// office days (soft 50 a day short) on `OFFICE`, and the person's `REQUESTS`.
const HOME_WEEK: &str = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}, {id: home, home: true}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}, weekdays: [mon, tue, wed, thu, fri]}
people:
  - {id: a, contract: c, requests: REQUESTS}
demand:
  - {shift: day, days: weekdays, required: 1, under_weight: 1000, over_weight: 0}
office_days: [{days: OFFICE, min_people: 1}]
rules: {settings: {requests: SETTING, fair_unsocial: off}}
"#;

#[test]
fn home_day_requests() {
    // Friday at home (10) against the team's Friday in the office (50): hard, she is home
    // and the office day is missed; soft, the request gives way.
    let fixed = HOME_WEEK
        .replace("REQUESTS", "[{home: [fri], weight: 10}]")
        .replace("OFFICE", "[fri]");
    rule_case(RuleId::Requests, &fixed, 1.0, 10.0);
    // Two home days wanted; the office wants her Monday to Thursday. Soft: Friday only,
    // one day short (10). The report counts what was asked and given.
    let weekly = HOME_WEEK
        .replace("REQUESTS", "[{home_days: 2, weight: 10}]")
        .replace("OFFICE", "[mon, tue, wed, thu]");
    rule_case(RuleId::Requests, &weekly, 1.0, 10.0);
    let (_, report, _) = solve_optimal(&model(&weekly.replace("SETTING", "1")));
    let a = &report.people[0];
    assert_eq!((a.home_days, a.home_wanted, a.home_granted), (1, 2, 1));
    // With no office day in the way, both are given.
    let free = weekly.replace("[mon, tue, wed, thu]", "[]");
    let (_, report, objective) = solve_optimal(&model(&free.replace("SETTING", "1")));
    assert_eq!(objective, 0.0);
    assert_eq!(report.people[0].home_granted, 2);
}

#[test]
fn a_named_persons_day_off_misses_no_office_day() {
    // Ann is named for Wednesday's team day and asks for Wednesday off: both are kept.
    let yaml = day_instance(
        ", requests: [{day_off: 2026-12-02, weight: 10}]",
        r#"
demand: [{shift: day, days: [mon], required: 1}]
office_days: [{days: [wed], people: [a]}]
rules: {settings: {office_day: hard, fair_unsocial: off}}
"#,
    );
    let m = model(&yaml);
    let (rota, report, objective) = solve_optimal(&m);
    assert_eq!(objective, 0.0);
    assert_eq!(report.amount(RuleId::OfficeDay), 0.0);
    assert!(!rota
        .assignments
        .iter()
        .any(|a| a.date.to_string() == "2026-12-02"));
    // Working Wednesday from home breaks it.
    let mut home = rota.clone();
    let mut wed = home.assignments[0].clone();
    wed.date = "2026-12-02".parse().unwrap();
    wed.location = Some("home".into());
    wed.activities.clear();
    home.assignments.push(wed);
    let again = check(&m, &home);
    assert_eq!(again.amount(RuleId::OfficeDay), 1.0);
}

#[test]
fn pairing_on_shifts() {
    // Monday's late wants two (100 a person short). Ann (qualified) asks for Monday off at
    // 1000. Hard: Liam (newly qualified) may not work the late alone, so both places go
    // short (200). Soft at 1 a solo hour: he works it alone (8 h, one place short).
    let yaml = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}]
shifts: [{id: late, start: "14:00", end: "22:00"}]
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}
people:
  - {id: ann, skills: [qualified], contract: c, requests: [{day_off: 2026-11-30, weight: 1000}]}
  - {id: liam, skills: [nqsw], contract: c}
demand:
  - {shift: late, days: [mon], required: 2, under_weight: 100, over_weight: 0}
rules:
  pairing: [{skill: nqsw, with: qualified, shifts: [late]}]
  settings: {pairing: SETTING, fair_unsocial: off}
"#;
    rule_case(RuleId::Pairing, yaml, 1.0, 8.0);
}

#[test]
fn pairing_on_activities() {
    // Three person-hours of visits on Monday, 10:00-12:00; Ann may do one hour of visits a
    // week. Hard: Liam visits only while Ann does (one hour each), an hour short (100).
    // Soft at 1 a solo hour: Liam visits both hours, one of them alone.
    let yaml = r#"
horizon: {start: 2026-11-30, days: 7}
slot_minutes: 60
locations: [{id: office}, {id: community, base: false}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
activities: [{id: visit, locations: [community]}]
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}
people:
  - {id: ann, skills: [qualified], contract: c, caps: [{activity: visit, max_minutes_per_week: 60}]}
  - {id: liam, skills: [nqsw], contract: c}
demand:
  - {shift: day, days: [mon], required: 2, under_weight: 1000}
  - {activity: visit, days: [mon], start: "10:00", end: "12:00", person_minutes: 180, under_weight: 100}
rules:
  pairing: [{skill: nqsw, with: qualified, activities: [visit]}]
  settings: {pairing: SETTING, fair_unsocial: off}
"#;
    rule_case(RuleId::Pairing, yaml, 1.0, 1.0);
}

#[test]
fn caseload() {
    // Three families each want an hour's visit on Monday (10:00, 11:00, 12:00); Liam works
    // Monday and his caseload is one family. Hard: two go unvisited (200). Soft at 1: he
    // holds all three, two over his cap.
    let team = r#"
horizon: {start: 2026-11-30, days: 7}
slot_minutes: 60
locations: [{id: office}, {id: community, base: false}]
shifts: [{id: day, start: "09:00", end: "17:00"}]
activities:
  - {id: fam_a, locations: [community], continuity: true}
  - {id: fam_b, locations: [community], continuity: true}
  - {id: fam_c, locations: [community], continuity: true}
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}
people:
  - {id: liam, skills: [nqsw], contract: cOWN}
demand:
  - {shift: day, days: [mon], required: 1, under_weight: 1000}
  - {activity: fam_a, days: [mon], start: "10:00", end: "11:00", person_minutes: 60, under_weight: 100}
  - {activity: fam_b, days: [mon], start: "11:00", end: "12:00", person_minutes: 60, under_weight: 100}
  - {activity: fam_c, days: [mon], start: "12:00", end: "13:00", person_minutes: 60, under_weight: 100}
rules:
  CASELOADS
  settings: {caseload: SETTING, continuity: off, fair_unsocial: off}
"#;
    let by_skill = team
        .replace("OWN", "")
        .replace("CASELOADS", "caseloads: [{skill: nqsw, max_families: 1}]");
    rule_case(RuleId::Caseload, &by_skill, 1.0, 2.0);
    let own = team
        .replace("OWN", ", max_families: 1")
        .replace("CASELOADS", "");
    rule_case(RuleId::Caseload, &own, 1.0, 2.0);
}

/// Ann and Bob, Monday's early needing one; `EXTRA` adds pins or requests.
const PAIR: &str = r#"
horizon: {start: 2026-11-30, days: 7}
locations: [{id: office}]
shifts: [{id: early, start: "07:00", end: "15:00"}]
contracts:
  - {id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}
people:
  - {id: ann, contract: cANN}
  - {id: bob, contract: c}
demand:
  - {shift: early, days: [mon], required: 1, under_weight: 100, over_weight: 100}
EXTRA
rules: {settings: {fair_unsocial: off}}
"#;

#[test]
fn pinned() {
    // Bob is pinned off on Monday: Ann covers. Both pinned off: the early goes short.
    let one = PAIR.replace("ANN", "").replace(
        "EXTRA",
        "pins: [{person: bob, date: 2026-11-30, off: true}]",
    );
    let m = model(&one);
    let (rota, report, objective) = solve_optimal(&m);
    assert_eq!((objective, report.amount(RuleId::Pinned)), (0.0, 0.0));
    assert_eq!(rota.assignments[0].person, "ann");
    let both = PAIR.replace("ANN", "").replace(
        "EXTRA",
        "pins: [{person: bob, date: 2026-11-30, off: true}, {person: ann, date: 2026-11-30, off: true}]",
    );
    let (rota_short, _, objective) = solve_optimal(&model(&both));
    assert_eq!(objective, 100.0);
    assert!(rota_short.assignments.is_empty());
    // The checker holds the rota to Bob's pin.
    let mut moved = rota.clone();
    moved.assignments[0].person = "bob".into();
    let broken: Vec<RuleId> = check(&m, &moved)
        .hard_violations()
        .map(|v| v.rule)
        .collect();
    assert_eq!(broken, [RuleId::Pinned]);
}

#[test]
fn changes() {
    // Published: Ann on Monday's early. Re-planned, Ann asks for Monday off (50). At 10 a
    // changed day, handing the early to Bob (two days change, 20) beats the request; at 30
    // (60) the published rota stands. Solver and checker agree on the amount (the pipeline
    // refuses a rota whose objective differs from the checker's cost).
    let yaml = PAIR
        .replace("ANN", ", requests: [{day_off: 2026-11-30, weight: 50}]")
        .replace("EXTRA", "");
    let published: flexrota::rota::Rota = serde_json::from_str(
        r#"{"assignments": [{"person": "ann", "date": "2026-11-30", "shift": "early", "location": "office"}]}"#,
    )
    .unwrap();
    let replan = |shift: f64| {
        let mut m = model(&yaml);
        let weights = flexrota::replan::ChangeWeights {
            shift,
            ..Default::default()
        };
        flexrota::replan::replan_from(&mut m, &published, 0, weights).unwrap();
        solve_optimal(&m)
    };
    let (rota, report, objective) = replan(10.0);
    assert_eq!(rota.assignments[0].person, "bob");
    assert_eq!(report.amount(RuleId::Changes), 20.0);
    assert_eq!(objective, 20.0);
    let (rota, report, objective) = replan(30.0);
    assert_eq!(rota.assignments[0].person, "ann");
    assert_eq!(report.amount(RuleId::Changes), 0.0);
    assert_eq!(objective, 50.0);
}

/// `fresh` with person `a`'s history from a previous rota of `(date, shift)` days.
fn after_history(
    fresh: &flexrota::model::Model,
    previous: &[(&str, &str)],
) -> flexrota::model::Model {
    let assignments: Vec<String> = previous
        .iter()
        .map(|(date, shift)| {
            format!(
                r#"{{"person": "a", "date": "{date}", "shift": "{shift}", "location": "office"}}"#
            )
        })
        .collect();
    let previous: flexrota::rota::Rota = serde_json::from_str(&format!(
        r#"{{"assignments": [{}]}}"#,
        assignments.join(",")
    ))
    .unwrap();
    let mut after = fresh.clone();
    flexrota::replan::history_from(&mut after, &previous, None).unwrap();
    after
}

/// A rule that looks back across the horizon's start: with nothing before it, Monday's
/// early (`07:00`, 100 a person short) is worked; with `previous` as the history, the rule
/// (hard) keeps it from being worked, and the checker finds exactly that rule broken in the
/// first rota. `contract` adds contract fields and `rules` top-level rule fields.
fn history_case(rule: RuleId, contract: &str, rules: &str, previous: &[(&str, &str)]) {
    // Weekly rest is off but for its own case (six days worked to Sunday leave no rest day
    // in the 7 days to Monday).
    let settings = match rule {
        RuleId::WeeklyRest => "max_minutes_per_7_days: off",
        _ => "weekly_rest: off",
    };
    let yaml = instance(
        contract,
        &format!(
            "demand: [{{shift: early, days: [mon], required: 1, under_weight: 100}}]\n\
             rules: {{{rules}settings: {{fair_unsocial: off, {settings}}}}}\n"
        ),
    );
    let fresh = model(&yaml);
    let (rota, _, objective) = solve_optimal(&fresh);
    assert_eq!(objective, 0.0, "{rule}: without history Monday is worked");
    let after = after_history(&fresh, previous);
    let (_, report, objective) = solve_optimal(&after);
    assert_eq!(objective, 100.0, "{rule}: with history Monday goes short");
    assert_eq!(report.amount(rule), 0.0);
    let broken: Vec<RuleId> = check(&after, &rota)
        .hard_violations()
        .map(|v| v.rule)
        .collect();
    assert_eq!(broken, [rule], "{rule}: the first rota against the history");
}

#[test]
fn history_min_rest() {
    // A late to 22:00 on Sunday: 9 hours to Monday's 07:00.
    history_case(RuleId::MinRest, "", "", &[("2026-11-29", "late")]);
}

#[test]
fn history_forbidden_succession() {
    // No early after a late, whatever the rest (here 8 hours suffice).
    history_case(
        RuleId::ForbiddenSuccession,
        "",
        "min_rest_minutes: 480, forbidden_successions: [[late, early]], ",
        &[("2026-11-29", "late")],
    );
}

#[test]
fn history_max_consecutive_days() {
    // Three days worked to Sunday, at most three in a row.
    history_case(
        RuleId::MaxConsecutiveDays,
        ", consecutive_days: {min: 1, max: 3}",
        "",
        &[
            ("2026-11-27", "early"),
            ("2026-11-28", "early"),
            ("2026-11-29", "early"),
        ],
    );
}

/// Six earlies, Tuesday 24 to Sunday 29 November.
fn six_days() -> Vec<(&'static str, &'static str)> {
    [
        "2026-11-24",
        "2026-11-25",
        "2026-11-26",
        "2026-11-27",
        "2026-11-28",
        "2026-11-29",
    ]
    .iter()
    .map(|d| (*d, "early"))
    .collect()
}

#[test]
fn history_max_minutes_per_7_days() {
    // Six 8-hour earlies to Sunday: 48 hours; Monday's would make 56 in 7 days.
    history_case(RuleId::MaxMinutesPer7Days, "", "", &six_days());
}

#[test]
fn history_weekly_rest() {
    // Six days worked to Sunday: Monday is the last day of a 7-day window that needs a
    // rest day.
    history_case(RuleId::WeeklyRest, "", "", &six_days());
}

#[test]
fn history_min_consecutive_days_off() {
    // Saturday worked, Sunday off: a run of one day off, at least two wanted.
    history_case(
        RuleId::MinConsecutiveDaysOff,
        ", min_consecutive_days_off: 2",
        "",
        &[("2026-11-28", "early")],
    );
}

#[test]
fn history_min_consecutive_days() {
    // Sunday worked after Saturday off: a run of at least two days goes on into Monday,
    // which the person asks to have off (50).
    let yaml = instance(
        ", consecutive_days: {min: 2}",
        "people: [{id: a, contract: c, requests: [{day_off: 2026-11-30, weight: 50}]}]\n\
         rules: {settings: {fair_unsocial: off, weekly_rest: off}}\n",
    )
    .replace(
        "people:
  - {id: a, contract: c}
",
        "",
    );
    let fresh = model(&yaml);
    let (rota, _, objective) = solve_optimal(&fresh);
    assert_eq!(objective, 0.0);
    assert!(rota.assignments.is_empty());
    let after = after_history(&fresh, &[("2026-11-29", "early")]);
    let (rota_after, report, objective) = solve_optimal(&after);
    assert_eq!(
        (objective, report.amount(RuleId::MinConsecutiveDays)),
        (50.0, 0.0)
    );
    assert_eq!(rota_after.assignments[0].date.to_string(), "2026-11-30");
    let broken: Vec<RuleId> = check(&after, &rota)
        .hard_violations()
        .map(|v| v.rule)
        .collect();
    assert_eq!(broken, [RuleId::MinConsecutiveDays]);
    // A run that ended in the history is the previous rota's business.
    let ended = after_history(&fresh, &[("2026-11-28", "early")]);
    assert_eq!(solve_optimal(&ended).2, 0.0);
}

/// One person, a week from `start`, an early, a late and a night (22:00-07:00), with the
/// contract fields of `contract` and the demand and rules of `extra`.
fn unsocial_week(start: &str, contract: &str, extra: &str) -> flexrota::model::Model {
    model(&format!(
        r#"
horizon: {{start: {start}, days: 7}}
locations: [{{id: office}}]
shifts:
  - {{id: early, start: "07:00", end: "15:00"}}
  - {{id: late, start: "14:00", end: "22:00"}}
  - {{id: night, start: "22:00", end: "07:00"}}
contracts:
  - {{id: c, fte: 1, minutes_per_horizon: 0, tolerance: {{under: 0, over: 100000}}{contract}}}
people:
  - {{id: a, contract: c}}
{extra}
"#
    ))
}

/// As `history_case`, for a model of its own: `fresh` covers its demand (0), with
/// `previous` as the history the hard `rule` leaves it short (100), and the checker finds
/// the first rota breaking exactly `rule`.
fn history_short(rule: RuleId, fresh: &flexrota::model::Model, previous: &[(&str, &str)]) {
    let (rota, _, objective) = solve_optimal(fresh);
    assert_eq!(objective, 0.0, "{rule}: without history the demand is met");
    let after = after_history(fresh, previous);
    let (_, report, objective) = solve_optimal(&after);
    assert_eq!(objective, 100.0, "{rule}: with history it goes short");
    assert_eq!(report.amount(rule), 0.0);
    let mut broken: Vec<RuleId> = check(&after, &rota)
        .hard_violations()
        .map(|v| v.rule)
        .collect();
    broken.dedup();
    assert_eq!(broken, [rule], "{rule}: the first rota against the history");
}

#[test]
fn history_max_weekends() {
    // A horizon from Sunday 29 November: its first weekend is the history's Saturday and
    // its Sunday. At most one weekend: Saturday 5 December's early makes two.
    let fresh = unsocial_week(
        "2026-11-29",
        ", max_weekends: 1",
        "demand: [{shift: early, days: [2026-12-05], required: 1, under_weight: 100}]\n\
         rules: {settings: {fair_unsocial: off}}",
    );
    history_short(RuleId::MaxWeekends, &fresh, &[("2026-11-28", "early")]);
}

#[test]
fn history_nights_in_7_days() {
    // Sunday's night before the horizon and Monday's: two nights in 7 days, at most one.
    let fresh = unsocial_week(
        "2026-11-30",
        "",
        "demand: [{shift: night, days: [mon], required: 1, under_weight: 100}]\n\
         rules: {max_nights_per_7_days: 1, settings: {fair_unsocial: off, unsocial_window: hard}}",
    );
    history_short(RuleId::UnsocialWindow, &fresh, &[("2026-11-29", "night")]);
}

#[test]
fn history_weekends_in_4() {
    // Saturday 21 November worked: with Saturday 5 December, two weekends in four.
    let fresh = unsocial_week(
        "2026-11-30",
        "",
        "demand: [{shift: early, days: [sat], required: 1, under_weight: 100}]\n\
         rules: {max_weekends_per_4: 1, settings: {fair_unsocial: off, unsocial_window: hard}}",
    );
    history_short(RuleId::UnsocialWindow, &fresh, &[("2026-11-21", "early")]);
}

/// Two people, one Monday night wanted; `history` is the YAML `history:` section.
fn one_night(history: &str) -> (flexrota::rota::Rota, flexrota::check::CheckReport) {
    let m = model(&format!(
        r#"
horizon: {{start: 2026-11-30, days: 7}}
locations: [{{id: office}}]
shifts: [{{id: night, start: "22:00", end: "07:00"}}]
contracts: [{{id: c, fte: 1, minutes_per_horizon: 0, tolerance: {{under: 0, over: 100000}}}}]
people: [{{id: a, contract: c}}, {{id: b, contract: c}}]
demand: [{{shift: night, days: [mon], required: 1, under_weight: 100}}]
{history}
"#
    ));
    let (rota, report, _) = solve_optimal(&m);
    (rota, report)
}

#[test]
fn fair_unsocial_counts_the_nights_before() {
    // Three nights so far for one of two: the period's four nights make a share of two
    // each, so Monday's goes to the other, whichever it is.
    for (before, expected) in [("a", "b"), ("b", "a")] {
        let (rota, report) = one_night(&format!(
            "history: {{unsocial: [{{person: {before}, nights: 3}}]}}"
        ));
        assert_eq!(
            rota.assignments[0].person, expected,
            "{before} had 3 nights"
        );
        // The one with three is one above a share of two, rounded up.
        assert_eq!(report.amount(RuleId::FairUnsocial), 1.0);
    }
}

#[test]
fn continuity_keeps_the_family_worker() {
    // A family's visit on Monday; whoever held it before the horizon keeps it, and anyone
    // else doing it costs a change of worker.
    let yaml = |worker: &str| {
        format!(
            r#"
horizon: {{start: 2026-11-30, days: 7}}
locations: [{{id: office}}, {{id: community, base: false}}]
shifts: [{{id: day, start: "09:00", end: "17:00"}}]
activities: [{{id: visit_smith, locations: [community], continuity: true}}]
contracts: [{{id: c, fte: 1, minutes_per_horizon: 0, tolerance: {{under: 0, over: 100000}}}}]
people: [{{id: a, contract: c}}, {{id: b, contract: c}}]
demand:
  - {{shift: day, days: [mon], required: 2}}
  - {{activity: visit_smith, days: [mon], start: "10:00", end: "11:00", headcount: 1}}
rules: {{settings: {{fair_unsocial: off}}}}
history: {{families: [{{family: visit_smith, worker: {worker}}}]}}
"#
        )
    };
    for worker in ["a", "b"] {
        let m = model(&yaml(worker));
        let (rota, report, _) = solve_optimal(&m);
        let visitors: Vec<&str> = rota
            .assignments
            .iter()
            .filter(|x| x.activities.iter().any(|b| b.activity == "visit_smith"))
            .map(|x| x.person.as_str())
            .collect();
        assert_eq!(visitors, [worker]);
        assert_eq!(report.amount(RuleId::Continuity), 0.0);
        // The other worker's visit is one change of worker for the checker.
        let other = if worker == "a" { "b" } else { "a" };
        let mut swapped = rota.clone();
        for x in &mut swapped.assignments {
            x.person = if x.person == "a" {
                "b".into()
            } else {
                "a".into()
            };
        }
        assert!(
            swapped
                .assignments
                .iter()
                .any(|x| x.person == other
                    && x.activities.iter().any(|b| b.activity == "visit_smith"))
        );
        assert_eq!(check(&m, &swapped).amount(RuleId::Continuity), 1.0);
    }
}

#[test]
fn a_two_day_horizon_solves_with_its_history() {
    // Monday and Tuesday alone, an early wanted each day. Six earlies to Sunday before it:
    // Monday is the seventh day (no weekly rest, 56 hours in 7 days), Tuesday is fine.
    let yaml = instance(
        "",
        "demand: [{shift: early, days: all, required: 1, under_weight: 100}]\n\
         rules: {settings: {fair_unsocial: off}}\n",
    )
    .replace("days: 7}", "days: 2}");
    let fresh = model(&yaml);
    assert_eq!(fresh.horizon.days, 2);
    let (_, _, objective) = solve_optimal(&fresh);
    assert_eq!(objective, 0.0);
    let after = after_history(&fresh, &six_days());
    let (rota, report, objective) = solve_optimal(&after);
    assert_eq!(objective, 100.0);
    assert!(report.is_legal());
    let days: Vec<String> = rota
        .assignments
        .iter()
        .map(|a| a.date.to_string())
        .collect();
    assert_eq!(days, ["2026-12-01"]);
}
