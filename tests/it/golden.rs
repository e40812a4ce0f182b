//! Golden outputs: each shipped instance is solved through the pipeline and a stable
//! summary is compared with `tests/golden/<name>.txt`. `UPDATE_GOLDEN=1` rewrites the
//! files instead of comparing.
//!
//! The golden file holds the status, the objective (2 decimals), the checker's nonzero
//! penalties per rule and the total shortfall per activity. It leaves out the rota, every
//! timing, and the figures that equally good rotas legitimately differ in (which windows are
//! short, each person's counted minutes against their target): those are printed with the
//! test's output instead, so that an equal-cost alternative rota does not break the test.
//! (Per-rule penalties can differ too: Instance1 has optimal rotas costing 600 + 7 and
//! 601 + 6; if that split moves, check the objective and re-bless.)
//!
//! `instances/service-4week.yaml` is slow: it runs only with `FLEXROTA_HEAVY=1`, and since
//! it may stop at the time limit, only its legality and the model facts are compared.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use flexrota::import::load_instance;
use flexrota::milp::{SolveOptions, SolveStatus};
use flexrota::model::Model;
use flexrota::pipeline::{self, Outcome};
use flexrota::report::shortfalls;

use crate::common::{heavy, repo_root};

/// Generous: every light case solves to optimality in well under a minute.
const TIME_LIMIT: f64 = 600.0;

/// How much of the outcome the golden file pins down.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Status, objective, penalties, shortfalls, hours: for cases solved to optimality.
    Full,
    /// Legality and the model facts only: for cases that may stop at the time limit.
    Legal,
}

/// Load and solve `path` (the pipeline refuses illegal rotas and cost mismatches), render
/// the summary and compare it with the golden file named after the instance's file stem.
/// Returns the model and the outcome for case-specific assertions.
fn check(path: &Path) -> (Model, Outcome) {
    check_with(path, Detail::Full)
}

fn check_with(path: &Path, detail: Detail) -> (Model, Outcome) {
    check_within(path, detail, TIME_LIMIT)
}

/// [`check_with`] under a time limit of `seconds`.
fn check_within(path: &Path, detail: Detail, seconds: f64) -> (Model, Outcome) {
    let model =
        load_instance(path).unwrap_or_else(|e| panic!("{} does not load:\n{e}", path.display()));
    let options = SolveOptions {
        time_limit: Some(seconds),
        ..SolveOptions::default()
    };
    let outcome = pipeline::solve(&model, &options)
        .unwrap_or_else(|e| panic!("{}: pipeline failed: {e}", path.display()));
    let name = path
        .file_stem()
        .expect("instance path has a file name")
        .to_string_lossy()
        .into_owned();
    let (golden, details) = summary(&model, &outcome, detail);
    // Shown with the test's output (on failure, or with --nocapture).
    eprintln!("{name}: details not compared with the golden file:\n{details}");
    compare(&name, &golden);
    (model, outcome)
}

/// Two decimals, without a negative zero.
fn fixed2(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" {
        "0.00".to_string()
    } else {
        s
    }
}

/// The summary of one solve: the part compared with the golden file, and details printed
/// for a reader but not compared.
///
/// Compared: status, objective, nonzero penalties per rule and the shortfalls' total per
/// activity. Not compared: which windows are short and each person's counted minutes
/// against their target, since equally good rotas differ in them (with other HiGHS seeds,
/// oncall-short leaves other nights uncovered, children-assessment swaps hours between two
/// part-timers and Instance1 gives other people the extra shifts, at the same objective).
fn summary(model: &Model, outcome: &Outcome, detail: Detail) -> (String, String) {
    let mut out = String::new();
    let mut details = String::new();
    let _ = writeln!(
        out,
        "instance: {} ({} people, {} days from {})",
        model.name,
        model.people.len(),
        model.horizon.days,
        model.horizon.start
    );
    if detail == Detail::Legal {
        let legal = outcome.check.as_ref().is_some_and(|c| c.is_legal());
        let _ = writeln!(out, "legal rota: {legal}");
        out.push_str("target minutes:\n");
        for p in &model.people {
            let _ = writeln!(out, "  {}: {}", p.id, p.contract.target_minutes);
        }
        return (out, details);
    }
    let solved = &outcome.solved;
    let _ = writeln!(out, "status: {}", solved.status.as_str());
    match solved.objective {
        Some(o) => {
            let _ = writeln!(out, "objective: {}", fixed2(o));
        }
        None => out.push_str("objective: none\n"),
    }
    let Some(report) = &outcome.check else {
        out.push_str("no rota\n");
        return (out, details);
    };
    out.push_str("penalties:\n");
    let mut any = false;
    for p in &report.penalties {
        if fixed2(p.cost) != "0.00" {
            let _ = writeln!(out, "  {}: {}", p.rule.as_str(), fixed2(p.cost));
            any = true;
        }
    }
    if !any {
        out.push_str("  (none)\n");
    }

    let short = shortfalls(model, report, None);
    // Totals per activity and unit, in order of first appearance (model order).
    let mut totals: Vec<(&str, &str, i64)> = Vec::new();
    for s in &short {
        match totals
            .iter_mut()
            .find(|(a, u, _)| *a == s.activity && *u == s.unit)
        {
            Some(t) => t.2 += s.missing,
            None => totals.push((&s.activity, s.unit, s.missing)),
        }
    }
    out.push_str("shortfalls, total missing per activity:\n");
    if totals.is_empty() {
        out.push_str("  (none)\n");
    }
    for (activity, unit, missing) in &totals {
        let _ = writeln!(out, "  {activity}: {missing} {unit}");
    }

    details.push_str("shortfalls:\n");
    if short.is_empty() {
        details.push_str("  (none)\n");
    }
    for s in &short {
        let _ = writeln!(
            details,
            "  {} {} {}-{}: {} {}",
            s.activity, s.date, s.start, s.end, s.missing, s.unit
        );
    }
    details.push_str("counted minutes / target:\n");
    for p in &report.people {
        let _ = writeln!(
            details,
            "  {}: {} / {}",
            p.person, p.counted_minutes, p.target_minutes
        );
    }
    (out, details)
}

fn golden_path(name: &str) -> PathBuf {
    repo_root()
        .join("tests")
        .join("golden")
        .join(format!("{name}.txt"))
}

/// Compare with the golden file, or rewrite it when `UPDATE_GOLDEN=1`.
fn compare(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, actual)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        eprintln!("golden: rewrote {}", path.display());
        return;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => panic!(
            "golden file {} cannot be read ({e}); run with UPDATE_GOLDEN=1 to create it.\n\
             Actual output:\n{actual}",
            path.display()
        ),
    };
    // Tolerate CRLF checkouts.
    let expected = expected.replace("\r\n", "\n");
    if expected != actual {
        panic!(
            "{} differs from the actual output (- expected, + actual); \
             run with UPDATE_GOLDEN=1 to accept the new output:\n{}",
            path.display(),
            diff(&expected, actual)
        );
    }
}

/// A line diff (longest common subsequence): `  ` both, `- ` expected only, `+ ` actual
/// only.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            let _ = writeln!(out, "  {}", a[i]);
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            let _ = writeln!(out, "- {}", a[i]);
            i += 1;
        } else {
            let _ = writeln!(out, "+ {}", b[j]);
            j += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("(the files differ in the final newline)\n");
    }
    out
}

#[test]
fn diff_marks_changed_lines() {
    let d = diff("a\nb\nc\n", "a\nx\nc\n");
    assert_eq!(d, "  a\n- b\n+ x\n  c\n");
}

#[test]
fn children_assessment() {
    let (_, outcome) = check(&repo_root().join("instances/children-assessment.yaml"));
    assert_eq!(outcome.solved.status, SolveStatus::Optimal);
}

#[test]
fn oncall_short() {
    let (model, outcome) = check(&repo_root().join("instances/oncall-short.yaml"));
    assert_eq!(outcome.solved.status, SolveStatus::Optimal);
    let report = outcome.check.expect("a rota");
    let rota = outcome.solved.rota.expect("a rota");
    let short = shortfalls(&model, &report, Some(&rota));
    assert!(
        !short.is_empty(),
        "the on-call nights cannot all be covered"
    );
    assert!(
        short.iter().any(|s| s.activity == "oncall"),
        "the shortfall list names on-call: {:?}",
        short.iter().map(|s| &s.activity).collect::<Vec<_>>()
    );
    // Each short night says why each qualified worker is not on it: Uma's contract has no
    // on-call, and the others work that day or would break a named rule on call.
    for s in short.iter().filter(|s| s.activity == "oncall") {
        let who: Vec<&str> = s.reasons.iter().map(|r| r.person.as_str()).collect();
        assert_eq!(who, ["rosa", "sam", "tariq", "uma"], "{}", s.date);
        for r in &s.reasons {
            let named = r.why.contains("contract `")
                || r.why.contains("would break ")
                || r.why.starts_with("works `");
            assert!(named, "{} {}: {}", s.date, r.person, r.why);
        }
        assert!(s.reasons[3].why.contains("has shifts") || s.reasons[3].why.contains("works mon"));
    }
}

/// The Curtois files shipped in `tests/data/curtois`; a missing folder fails the test (a
/// missing file fails it in `check_with`, naming the file).
fn curtois_dir() -> PathBuf {
    crate::common::curtois_dir()
}

#[test]
fn curtois_proven_optima() {
    // Instance4 and 11 are proven by column generation's bound (HiGHS alone does not
    // prove Instance4 within 60 s).
    let dir = curtois_dir();
    for (n, optimum) in [(4, 1716.0), (11, 3443.0)] {
        let (_, outcome) = check_with(&dir.join(format!("Instance{n}.txt")), Detail::Legal);
        assert_eq!(outcome.solved.status, SolveStatus::Optimal, "Instance{n}");
        let objective = outcome.solved.objective.expect("objective");
        assert!(
            (objective - optimum).abs() < 1e-6,
            "Instance{n}'s optimum is {optimum}, got {objective}"
        );
    }
}

#[test]
fn curtois_instance1() {
    let dir = curtois_dir();
    let (_, outcome) = check(&dir.join("Instance1.txt"));
    assert_eq!(outcome.solved.status, SolveStatus::Optimal);
    let objective = outcome.solved.objective.expect("objective");
    assert!(
        (objective - 607.0).abs() < 1e-6,
        "Instance1's known optimum is 607, got {objective}"
    );
}

#[test]
fn service_4week() {
    if !heavy() {
        eprintln!("skipped: set FLEXROTA_HEAVY=1 to solve instances/service-4week.yaml");
        return;
    }
    let (_, outcome) = check_with(
        &repo_root().join("instances/service-4week.yaml"),
        Detail::Legal,
    );
    assert!(
        matches!(
            outcome.solved.status,
            SolveStatus::Optimal | SolveStatus::Feasible
        ),
        "status {}",
        outcome.solved.status.as_str()
    );
    assert!(outcome.check.expect("a rota").is_legal());
}

/// The eight-week team loads as its comments say: weekly contracts with leave in its week,
/// England and Wales bank holidays off except for the out-of-hours rota, locked-down weeks
/// rotating through the team, and a quiet week 8 with one person on the duty desk and no
/// court work.
#[test]
fn family_support_8week_is_what_its_comments_say() {
    let model =
        flexrota::parse::load_model(&repo_root().join("instances/family-support-8week.yaml"))
            .expect("the instance loads");
    let h = model.horizon;
    let dates: Vec<String> = model
        .bank_holidays
        .iter()
        .map(|&d| h.date(d).to_string())
        .collect();
    assert_eq!(dates, ["2026-12-25", "2026-12-28", "2027-01-01"]);
    let ellen = &model.people[model.person_ix("ellen").unwrap()];
    let targets: Vec<i64> = ellen.contract.weekly.iter().map(|w| w.target).collect();
    // A day of leave in week 1, Christmas week off; the rota works bank holidays.
    assert_eq!(targets, [1776, 2220, 2220, 0, 2220, 2220, 2220, 2220]);
    let liam = &model.people[model.person_ix("liam").unwrap()];
    let targets: Vec<i64> = liam.contract.weekly.iter().map(|w| w.target).collect();
    // Christmas Day in week 4 is a day off; Boxing Day (moved to Monday 28th) and New
    // Year's Day in week 5 are two.
    assert_eq!(
        targets,
        [
            2220,
            2220,
            2220,
            2220 - 444,
            2220 - 2 * 444,
            2220,
            2220,
            2220
        ]
    );
    let duty = model.activity_ix("duty").unwrap();
    let court = model.activity_ix("court_report").unwrap();
    let week8 = h.week_days(7);
    let in_week8 = |a| -> Vec<&flexrota::model::ActivityDemand> {
        model
            .activity_demand
            .iter()
            .filter(|d| d.activity == a && week8.contains(&d.day))
            .collect()
    };
    let duty8 = in_week8(duty);
    assert!(duty8
        .iter()
        .all(|d| d.kind == flexrota::model::DemandKind::Headcount(1)));
    assert_eq!(duty8.len(), 5);
    assert!(in_week8(court).is_empty());
    // Grace's locked-down week is week 1's working days; Jess's, week 5, is the working days
    // between Boxing Day (Monday 28th) and New Year's Day.
    let locked = |id: &str| {
        model.people[model.person_ix(id).unwrap()]
            .locked_days
            .clone()
    };
    assert_eq!(locked("grace"), [0, 1, 2, 3, 4]);
    // On call after the day shift or weekend duty, paid by the night, not counted as hours.
    let oncall = &model.shifts[model.shift_ix("oncall").unwrap()];
    let after: Vec<&str> = oncall
        .after
        .iter()
        .map(|&t| model.shifts[t].id.as_str())
        .collect();
    assert_eq!(after, ["day", "weekend_duty"]);
    assert_eq!(oncall.counted_minutes(&model.rules), 0);
    assert_eq!(locked("jess"), [29, 30, 31]);
    assert!(locked("morgan").is_empty());
}

/// The eight-week team comes within 1% of its bound in 120 s (issue 24's target) with
/// every night and weekend duty day covered, and its out-of-hours rota runs as the
/// instance says: the night on call follows a day's work, and the morning after it starts
/// at 11:00 or later, or is a day off.
#[test]
fn family_support_8week() {
    let (model, outcome) = check_within(
        &repo_root().join("instances/family-support-8week.yaml"),
        Detail::Legal,
        120.0,
    );
    let (objective, bound) = (outcome.solved.objective, outcome.solved.bound);
    let gap = objective
        .zip(bound)
        .map(|(o, b)| (o - b) / o.abs().max(1.0));
    assert!(
        gap.is_some_and(|g| g <= 0.01),
        "{objective:?} against {bound:?}"
    );
    let report = outcome.check.expect("a rota");
    assert!(report.is_legal());
    assert!(report.cover.iter().all(|line| line.under == 0));
    let rota = outcome.solved.rota.expect("a rota");
    let oncall = model.shift_ix("oncall").expect("the instance has `oncall`");
    assert_eq!(model.shifts[oncall].rest_after, Some(120));
    let on = |a: &flexrota::rota::Assignment| (a.person.clone(), a.date);
    let nights: Vec<_> = rota
        .assignments
        .iter()
        .filter(|a| a.shift == "oncall")
        .map(on)
        .collect();
    let after_a_day = nights
        .iter()
        .filter(|night| {
            rota.assignments
                .iter()
                .any(|a| a.shift != "oncall" && on(a) == **night)
        })
        .count();
    assert_eq!(nights.len(), 56, "one night on call a day");
    assert!(
        after_a_day * 4 >= nights.len() * 3,
        "most nights follow a day's work: {after_a_day} of {}",
        nights.len()
    );
    for (person, date) in &nights {
        let next = date.succ_opt().expect("a next day");
        for a in rota
            .assignments
            .iter()
            .filter(|a| &a.person == person && a.date == next)
        {
            assert!(
                a.start.as_str() >= "11:00",
                "{person} starts {} after a night",
                a.start
            );
        }
    }
}
