//! Scenario files and `compare`: loading, validation errors, what each change does to the
//! model, measured figures, and results that do not depend on the number of jobs.

use std::path::PathBuf;

use flexrota::milp::SolveOptions;
use flexrota::model::Model;
use flexrota::parse::{load_scenarios, load_scenarios_str, LoadError};
use flexrota::pipeline::RunStatus;
use flexrota::scenario::{compare, CompareOptions, Scenarios};

use crate::common::repo_root;

fn instances() -> PathBuf {
    repo_root().join("instances")
}

/// Loads scenario text as if it were `instances/test.scenarios.yaml`.
fn load(text: &str) -> Result<Scenarios, LoadError> {
    let dir = instances();
    load_scenarios_str(text, &dir.join("test.scenarios.yaml"), &dir)
}

fn variant<'a>(set: &'a Scenarios, name: &str) -> &'a Model {
    &set.variants
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no variant {name}"))
        .model
}

fn person<'a>(model: &'a Model, id: &str) -> &'a flexrota::model::Person {
    model.people.iter().find(|p| p.id == id).expect("person")
}

fn shift(model: &Model, id: &str) -> usize {
    model.shifts.iter().position(|s| s.id == id).expect("shift")
}

#[test]
fn the_children_scenarios_load_and_each_change_lands_in_its_model() {
    let set = load_scenarios(&instances().join("children-flex.scenarios.yaml"))
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(set.variants[0].name, "base");
    assert!(set.variants.len() >= 12);
    let base = &set.variants[0].model;

    // 11am-7pm days: Chloe keeps on-call but loses the 9-5 `day` template.
    let late = variant(&set, "late-contracts");
    let chloe = &person(late, "chloe").contract.allowed_shifts;
    assert!(chloe.contains(&shift(late, "oncall")));
    assert!(!chloe.contains(&shift(late, "day")));
    assert!(person(base, "chloe")
        .contract
        .allowed_shifts
        .contains(&shift(base, "day")));

    // Agency replaced by two permanent part-timers.
    let no_agency = variant(&set, "no-agency");
    assert!(no_agency.people.iter().all(|p| p.id != "morgan"));
    assert_eq!(no_agency.people.len(), base.people.len() + 1);
    assert!(no_agency.people.iter().all(|p| !p.agency));

    // 0.8 FTE scales contracted minutes.
    let amira = &person(variant(&set, "amira-0-8"), "amira").contract;
    let before = &person(base, "amira").contract;
    assert_eq!(amira.fte, 0.8);
    assert_eq!(
        amira.target_minutes,
        (before.target_minutes as f64 * 0.8 / before.fte).round() as i64
    );

    // The on-call rota of six: Fiona (part-time) loses the on-call template.
    let six = variant(&set, "oncall-6");
    let oncall = shift(six, "oncall");
    assert!(!person(six, "fiona")
        .contract
        .allowed_shifts
        .contains(&oncall));
    assert!(person(six, "amira")
        .contract
        .allowed_shifts
        .contains(&oncall));

    // A new job share of two holders.
    let share = variant(&set, "job-share-farid");
    assert_eq!(share.job_shares.len(), base.job_shares.len() + 1);

    // Demand scaled: Monday's three on duty become four (3 x 1.2 = 3.6, rounded).
    let peak = |m: &Model| {
        m.activity_demand
            .iter()
            .map(|d| match d.kind {
                flexrota::model::DemandKind::Headcount(n) => n,
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    };
    assert_eq!(peak(base), 3);
    assert_eq!(peak(variant(&set, "demand-plus-20")), 4);

    // Protected admin raised.
    assert_eq!(variant(&set, "admin-15").rules.admin_share, 0.15);
    assert_eq!(base.rules.admin_share, 0.1);
}

#[test]
fn every_mistake_in_a_scenario_file_is_reported_at_its_line() {
    let text = "\
base: children-assessment.yaml
variants:
  - name: one
    changes:
      - set_contract: {person: amirah, contract: full_time}
      - set_contract: {person: ben, contract: ful_time}
  - name: one
    changes:
      - fte: {person: ben, fte: 0.8}
      - fte: {person: ben, fte: 0.6}
      - remove_persn: dev
      - scale_demand: {factor: 1.5, activity: dutty}
";
    let err = load(text).expect_err("invalid");
    let LoadError::Invalid { diagnostics, .. } = &err else {
        panic!("expected invalid, got {err}");
    };
    let found: Vec<(Option<usize>, &str)> = diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    let has = |line: usize, text: &str| {
        found
            .iter()
            .any(|(l, m)| *l == Some(line) && m.contains(text))
    };
    assert!(has(5, "unknown person `amirah`"), "{found:?}");
    assert!(has(6, "unknown contract `ful_time`"), "{found:?}");
    assert!(has(7, "duplicate variant `one`"), "{found:?}");
    assert!(has(10, "conflicting changes to `ben`"), "{found:?}");
    assert!(has(11, "unknown change `remove_persn`"), "{found:?}");
    assert!(has(12, "unknown activity `dutty`"), "{found:?}");
    assert!(diagnostics
        .iter()
        .all(|d| d.file.ends_with("test.scenarios.yaml")));
    let rendered = err.render();
    assert!(rendered.contains("did you mean `amira`?"), "{rendered}");
    assert!(
        rendered.contains("did you mean `remove_person`?"),
        "{rendered}"
    );
}

#[test]
fn a_missing_base_is_a_located_error() {
    let err = load("base: nowhere.yaml\nvariants: []\n").expect_err("invalid");
    let text = err.render();
    assert!(text.contains("cannot read base instance"), "{text}");
    assert!(text.contains("test.scenarios.yaml:1"), "{text}");
}

/// A small team where the figures are known by construction: `oncall-short` cannot staff
/// four of its seven on-call nights (16 hours each); the variant adding Uma to the rota
/// and the one removing Sam move that shortfall.
const SMALL: &str = "\
base: oncall-short.yaml
variants:
  - name: uma-on-call
    changes:
      - set_contract: {person: uma, contract: on_call_rota}
  - name: without-sam
    changes:
      - remove_person: sam
  - name: more-visits
    changes:
      - scale_demand: {factor: 2, activity: home_visit}
";

fn run(set: &Scenarios, jobs: usize) -> Vec<flexrota::scenario::VariantResult> {
    run_by(set, jobs, false)
}

/// Compares `set`, choosing menus' designs one by one when `enumerate`, else in one
/// programme each.
fn run_by(set: &Scenarios, jobs: usize, enumerate: bool) -> Vec<flexrota::scenario::VariantResult> {
    let options = CompareOptions {
        solve: SolveOptions {
            time_limit: Some(60.0),
            ..SolveOptions::default()
        },
        jobs,
        enumerate,
    };
    compare(set, &options, |_, _| {}).expect("threads")
}

#[test]
fn compare_measures_cover_and_gives_the_same_results_whatever_the_jobs() {
    let set = load(SMALL).unwrap_or_else(|e| panic!("{}", e.render()));
    let one = run(&set, 1);
    let two = run(&set, 2);
    let names: Vec<&str> = one.iter().map(|r| r.variant.as_str()).collect();
    assert_eq!(names, ["base", "uma-on-call", "without-sam", "more-visits"]);
    for (a, b) in one.iter().zip(&two) {
        assert_eq!(a.status, RunStatus::Optimal, "{}: {:?}", a.variant, a.error);
        assert_eq!(a.objective, b.objective, "{}", a.variant);
        assert_eq!(a.metrics, b.metrics, "{}", a.variant);
    }
    let night = |r: &flexrota::scenario::VariantResult| {
        let m = r.metrics.as_ref().expect("metrics");
        m.by_activity
            .iter()
            .find(|a| a.activity == "cover:oncall")
            .map(|a| a.uncovered_hours)
            .expect("on-call line")
    };
    // Base: four nights of 16 hours uncovered (see instances/oncall-short.yaml).
    assert_eq!(night(&one[0]), 64.0);
    // Uma on the rota staffs one more night; without Sam, one fewer.
    assert!(night(&one[1]) < 64.0, "{}", night(&one[1]));
    assert!(night(&one[2]) > 64.0, "{}", night(&one[2]));
    // Twice the home-visit demand is twice the demand hours for that activity.
    let visits = |r: &flexrota::scenario::VariantResult| {
        let m = r.metrics.as_ref().expect("metrics");
        m.by_activity
            .iter()
            .find(|a| a.activity == "home_visit")
            .map(|a| a.demand_hours)
            .expect("visits")
    };
    assert_eq!(visits(&one[3]), 2.0 * visits(&one[0]));
    // Table, Markdown, CSV and JSON each carry every variant.
    let table = flexrota::scenario::render::table(&one);
    let md = flexrota::scenario::render::markdown(&one);
    let csv = flexrota::scenario::render::csv(&one).expect("csv");
    let json = flexrota::scenario::render::json("small", "oncall-short.yaml", &one).expect("json");
    for &name in &names {
        assert!(table.contains(name) && md.contains(name) && csv.contains(name));
        assert!(json.contains(&format!("\"{name}\"")));
    }
    assert_eq!(csv.lines().count(), 5);
    // The Markdown is for a board paper: variants as columns, figures as rows by name, and
    // a sentence per variant against the base.
    let header = md.lines().next().expect("a header");
    let columns: Vec<&str> = header.split('|').map(str::trim).collect();
    assert_eq!(&columns[2..2 + names.len()], names);
    assert!(md
        .lines()
        .any(|l| l.starts_with("| Pay bill per week (£) |")));
    assert!(md
        .lines()
        .any(|l| l.starts_with("| Demand not covered (person-hours) |")));
    let sentences = md.lines().filter(|l| l.starts_with("- **")).count();
    assert_eq!(sentences, names.len());
    assert!(md.contains("The base: "));
    assert!(md.contains("than in the base") || md.contains("as in the base"));
    // CSV numbers are rounded to what they mean: no float noise like 9.500000000000002.
    for cell in csv.lines().skip(1).flat_map(|l| l.split(',')) {
        if let Some((_, decimals)) = cell.split_once('.') {
            if cell.parse::<f64>().is_ok() {
                assert!(decimals.len() <= 4, "{cell} in {csv}");
            }
        }
    }
}

/// Design as a decision on `oncall-short`, where the answer is known by construction: Uma
/// joining the on-call rota staffs a night the base leaves empty (500 a night), while Wendy
/// moving to 0.8 FTE only adds pay; so the objective goal picks Uma, and no design reaches
/// full cover (three nights stay empty even with Uma).
const CHOICE: &str = "\
base: oncall-short.yaml
variants:
  - name: cheapest
    choose:
      - person: uma
        options: [{contract: on_call_rota, label: on call}]
      - person: wendy
        options: [{contract: part_time_0_8, label: '0.8'}]
    limits: {max_changes: 1}
    goal: objective
  - name: most-flexible
    choose:
      - person: uma
        options: [{contract: on_call_rota, label: on call}]
      - person: wendy
        options: [{contract: part_time_0_8, label: '0.8'}]
  - name: full-cover
    choose:
      - person: uma
        options: [{contract: on_call_rota, label: on call}]
    limits: {min_cover_pct: 100}
";

#[test]
fn the_design_choice_picks_the_design_known_to_be_best() {
    let set = load(CHOICE).unwrap_or_else(|e| panic!("{}", e.render()));
    let cheapest = set.variants[1].choice.as_ref().expect("choice");
    // max_changes 1: no change, uma, wendy (not both).
    assert_eq!(cheapest.designs.len(), 3);
    assert_eq!(
        set.variants[2]
            .choice
            .as_ref()
            .expect("choice")
            .designs
            .len(),
        4
    );
    let results = run_by(&set, 2, true);

    let d = results[1].design.as_ref().expect("design report");
    assert_eq!(d.chosen.as_deref(), Some("uma: on call"), "{}", d.reason);
    assert_eq!(d.designs.len(), 3);
    assert!(results[1].changes.iter().any(|c| c.contains("uma")));
    // The chosen design's objective is the lowest of all designs.
    let best = results[1].objective.expect("objective");
    assert!(d
        .designs
        .iter()
        .all(|x| x.objective.unwrap() >= best - 1e-9));
    assert!(best < results[0].objective.unwrap());

    // Flexibility with no limits grants both.
    let d = results[2].design.as_ref().expect("design report");
    assert_eq!(d.chosen.as_deref(), Some("uma: on call; wendy: 0.8"));

    // Nobody reaches full cover: no design is chosen, and the report says so.
    let d = results[3].design.as_ref().expect("design report");
    assert_eq!(d.chosen, None);
    assert!(
        d.reason.contains("no design keeps the limits"),
        "{}",
        d.reason
    );
    assert!(d.designs.iter().all(|x| x.breaks.is_some()));

    // One programme per menu gives the same answers, and says what stopped each request.
    let programme = run_by(&set, 2, false);
    for (a, b) in programme.iter().zip(&results).skip(1) {
        let (da, db) = (a.design.as_ref().unwrap(), b.design.as_ref().unwrap());
        assert_eq!(da.chosen, db.chosen, "{}", da.reason);
        if db.chosen.is_some() {
            assert_eq!(a.objective, b.objective);
        }
    }
    let d = programme[1].design.as_ref().expect("design report");
    assert!(d.reason.contains("not granted, wendy: 0.8"), "{}", d.reason);
    let d = programme[3].design.as_ref().expect("design report");
    assert!(d.reason.contains("no design keeps"), "{}", d.reason);
}

/// A small generator of pseudo-random numbers (xorshift), so the cases are the same on
/// every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// On random menus small enough to enumerate (two or three people with one or two options
/// each: contracts, home-working allowances, requests granted; random limits and goal, on
/// a team where contracts move the objective, the cover and the pay bill), one programme
/// chooses the design the enumeration chooses, at the same objective; where designs tie,
/// one of the tied.
#[test]
fn the_programme_chooses_as_the_enumeration_does() {
    let people = ["rosa", "sam", "tariq", "uma", "vic", "wendy"];
    // Contracts, a home-working allowance, and requests granted (a home day, a day off).
    let options = [
        "contract: full_time",
        "contract: on_call_rota",
        "contract: on_call_rota_0_8",
        "contract: part_time_0_8",
        "contract: part_time_0_6",
        "contract: compressed_4x9",
        "home_days_per_week: 3",
        "requests: [{home: [fri], weight: 20}]",
        "requests: [{day_off: 2026-12-03, weight: 30}], home_days_per_week: 0",
    ];
    // Activities link its people: the programme is solved whole.
    let seen = programme_against_enumeration(
        ("choice-team.yaml", false),
        &people,
        &options,
        |rng| {
            let mut limits = Vec::new();
            if rng.below(3) == 0 {
                limits.push("max_changes: 1".to_string());
            }
            match rng.below(3) {
                0 => limits.push("min_cover_pct: 70".to_string()),
                1 => limits.push("min_cover_pct: 75".to_string()),
                _ => {}
            }
            if rng.below(2) == 0 {
                limits.push(format!("max_weekly_cost: {}", 3600 + 100 * rng.below(7)));
            }
            limits
        },
        6,
    );
    // The cases reach both answers (a design chosen, and none keeping the limits) and
    // options that are not contracts.
    assert!(seen.chosen && seen.refused && seen.beyond_contracts);
}

/// What the cases of [`programme_against_enumeration`] reached.
struct Seen {
    /// A design chosen, in some case.
    chosen: bool,
    /// No design keeping the limits, in some case.
    refused: bool,
    /// An option that is not a contract.
    beyond_contracts: bool,
}

/// `cases` random menus on the team `base` (in `tests/data`; `priced`: whether column
/// generation prices its programme's people apart): two or three of `people`, each
/// offered some of `options`, under `limits` drawn at random, with either goal; the
/// programme's choice must be as good as the enumeration's (the same objective, and one
/// of the designs that tie with the enumeration's), or both must refuse.
fn programme_against_enumeration(
    (base, priced): (&str, bool),
    people: &[&str],
    options: &[&str],
    limits: impl Fn(&mut Rng) -> Vec<String>,
    cases: usize,
) -> Seen {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut seen = Seen {
        chosen: false,
        refused: false,
        beyond_contracts: false,
    };
    for case in 0..cases {
        let mut who: Vec<&str> = people.to_vec();
        let mut menus = String::new();
        let three = rng.below(2) == 0;
        for _ in 0..2 + usize::from(three) {
            let p = who.remove(rng.below(who.len()));
            menus.push_str(&format!("      - person: {p}\n        options:\n"));
            let mut offer: Vec<(usize, &str)> = options.iter().copied().enumerate().collect();
            for _ in 0..1 + usize::from(!three) * rng.below(2) {
                let (k, o) = offer.remove(rng.below(offer.len()));
                menus.push_str(&format!("          - {{{o}, label: o{k}}}\n"));
            }
        }
        let limits = limits(&mut rng);
        seen.beyond_contracts |= menus.contains("requests") || menus.contains("home_days");
        let goal = ["flexibility", "objective"][rng.below(2)];
        let text = format!(
            "base: ../tests/data/{base}\nvariants:\n  - name: menu\n    choose:\n{menus}    limits: {{{}}}\n    goal: {goal}\n",
            limits.join(", ")
        );
        let set = load(&text).unwrap_or_else(|e| panic!("case {case}:\n{text}\n{}", e.render()));
        let programme = set.variants[1].choice.as_ref().unwrap().programme.as_ref();
        assert_eq!(
            flexrota::milp::priced_apart(programme.unwrap()),
            priced,
            "case {case}:\n{text}"
        );
        let by_one = &run_by(&set, 2, true)[1];
        let at_once = &run_by(&set, 2, false)[1];
        let (one, once) = (
            by_one.design.as_ref().unwrap(),
            at_once.design.as_ref().unwrap(),
        );
        let context = format!("case {case}:\n{text}\n{}\n{}", one.reason, once.reason);
        match (&one.chosen, &once.chosen) {
            (None, None) => seen.refused = true,
            (Some(_), Some(chosen)) => {
                seen.chosen = true;
                let (a, b) = (by_one.objective.unwrap(), at_once.objective.unwrap());
                assert!(
                    (a - b).abs() <= 1e-6 * a.abs().max(1.0),
                    "{a} != {b}; {context}"
                );
                // The designs as good as the enumeration's choice: the programme's is one.
                let best = &one.designs[0];
                let tied: Vec<&str> = one
                    .designs
                    .iter()
                    .filter(|d| d.breaks.is_none() && d.inconclusive.is_none())
                    .filter(|d| goal == "objective" || d.granted == best.granted)
                    .filter(|d| (d.objective.unwrap() - a).abs() <= 1e-6 * a.abs().max(1.0))
                    .map(|d| d.label.as_str())
                    .collect();
                assert!(
                    tied.contains(&chosen.as_str()),
                    "{chosen} not in {tied:?}; {context}"
                );
            }
            (a, b) => panic!("{a:?} != {b:?}; {context}"),
        }
    }
    seen
}

#[test]
fn a_bad_menu_option_is_reported_once_at_the_option() {
    let text = "\
base: oncall-short.yaml
variants:
  - name: menu
    changes:
      - set_contract: {person: uma, contract: on_call_rota}
    choose:
      - person: uma
        options: [{contract: full_time}]
      - person: wendy
        options:
          - {contract: part_time_0_8}
          - {contract: part_tme_0_8}
      - person: wendy
        options: [{contract: full_time}]
    goal: cheapest
";
    let err = load(text).expect_err("invalid");
    let LoadError::Invalid { diagnostics, .. } = &err else {
        panic!("expected invalid");
    };
    let found: Vec<(Option<usize>, &str)> = diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert!(
        found
            .iter()
            .any(|(l, m)| *l == Some(7) && m.contains("conflicting changes to `uma`")),
        "{found:?}"
    );
    let unknown: Vec<_> = found
        .iter()
        .filter(|(_, m)| m.contains("unknown contract `part_tme_0_8`"))
        .collect();
    assert_eq!(unknown.len(), 1, "{found:?}");
    assert_eq!(unknown[0].0, Some(12), "{found:?}");
    assert!(
        found
            .iter()
            .any(|(l, m)| *l == Some(13) && m.contains("two menus")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(l, m)| *l == Some(15) && m.contains("unknown goal")),
        "{found:?}"
    );
}

fn fake(variant: &str, uncovered_pct: Option<f64>) -> flexrota::scenario::VariantResult {
    let metrics = uncovered_pct.map(|u| flexrota::scenario::Metrics {
        demand_hours: 100.0,
        uncovered_hours: u,
        uncovered_pct: u,
        by_activity: vec![],
        peak_cover_pct: 100.0 - u,
        peak_date: None,
        weekly_cost_permanent: 1000.0,
        weekly_cost_agency: 0.0,
        overtime_hours: 0.0,
        unsocial_per_fte_max: 0.0,
        unsocial_per_fte_mean: 0.0,
        unsocial_per_fte_spread: 0.0,
        admin_pct: 10.0,
        admin_met: 1,
        people: 1,
        home_days: 0,
        home_days_wanted: 0,
        home_days_granted: 0,
        rest_breaches: 0,
        requests_honoured: 0,
        requests: 0,
    });
    flexrota::scenario::VariantResult {
        variant: variant.into(),
        description: String::new(),
        changes: vec![],
        status: if metrics.is_some() {
            RunStatus::Optimal
        } else {
            RunStatus::Infeasible
        },
        error: None,
        objective: uncovered_pct,
        gap: Some(0.0),
        solve_seconds: 0.0,
        metrics,
        design: None,
        rota: None,
    }
}

#[test]
fn the_frontier_marks_the_most_flexible_point_that_meets_the_target() {
    use flexrota::scenario::sweep::{frontier, scenario_text, Lever};
    let results = [
        fake("base", Some(0.0)),
        fake("0", Some(0.0)),
        fake("1", Some(0.5)),
        fake("2", Some(3.0)),
        fake("3", None),
    ];
    let values = [0.0, 1.0, 2.0, 3.0];
    // More people offered the contract is more flexible: 1 is the last within 99%.
    let contract = Lever::Contract {
        contract: "eleven_to_seven".into(),
        people: vec!["liam".into(), "ben".into(), "chloe".into()],
    };
    let points = frontier(&contract, &values, &results, 99.0);
    let best: Vec<f64> = points.iter().filter(|p| p.best).map(|p| p.value).collect();
    assert_eq!(best, [1.0]);
    assert!(!points[2].meets_target && !points[3].meets_target);
    // A smaller on-call rota is the more flexible one: 0 people meets the target.
    let rota = Lever::OncallRota {
        shift: "oncall".into(),
        people: vec!["amira".into()],
    };
    let points = frontier(&rota, &values, &results, 99.0);
    let best: Vec<f64> = points.iter().filter(|p| p.best).map(|p| p.value).collect();
    assert_eq!(best, [0.0]);

    // The generated scenario loads, one variant per value, each with its changes.
    let text = scenario_text("children-assessment.yaml", &contract, &[0.0, 2.0]);
    let set = load(&text).unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(set.variants.len(), 3);
    assert!(set.variants[1].changes.is_empty());
    assert_eq!(set.variants[2].changes.len(), 2);
}

/// A request no rota can keep is not granted, and the report names the hard rule that
/// stops it (the diagnosis of the design that grants it).
#[test]
fn a_request_no_rota_can_keep_is_refused_with_the_rule_that_stops_it() {
    let text = "\
base: ../tests/data/choice-team.yaml
variants:
  - name: menu
    choose:
      - person: uma
        options: [{contract: {type: full_time, weekdays: [mon]}, label: mondays only}]
      - person: vic
        options: [{home_days_per_week: 3, label: three home days}]
";
    let set = load(text).unwrap_or_else(|e| panic!("{}", e.render()));
    let result = &run(&set, 1)[1];
    let d = result.design.as_ref().expect("design report");
    assert_eq!(
        d.chosen.as_deref(),
        Some("vic: three home days"),
        "{}",
        d.reason
    );
    assert!(
        d.reason
            .contains("not granted, uma: mondays only: no rota keeps the hard rules with it"),
        "{}",
        d.reason
    );
    assert!(d.reason.contains("`contract_minutes`"), "{}", d.reason);
}

/// A menu option may make a job share: Uma, to 0.6 FTE, shares a post with Wendy (0.6 FTE
/// already), one of them in every weekday and both on Wednesdays. The programme chooses as
/// the enumeration does, under either goal; granted, the rota keeps the post (the checker
/// judges the design with it), and the post is gone from every design not granting it.
#[test]
fn a_job_share_is_a_menu_option() {
    let text = "\
base: ../tests/data/choice-team.yaml
variants:
  - name: flexible
    choose:
      - person: uma
        options:
          - {label: shares with wendy, contract: part_time_0_6, job_share: {id: uma-wendy, members: [uma, wendy], minutes_per_week: 2664, cover_days: weekdays, handover_days: [wed]}}
      - person: sam
        options: [{contract: on_call_rota_0_8, label: '0.8'}]
    goal: flexibility
  - name: cheapest
    choose:
      - person: uma
        options:
          - {label: shares with wendy, contract: part_time_0_6, job_share: {id: uma-wendy, members: [uma, wendy], minutes_per_week: 2664, cover_days: weekdays, handover_days: [wed]}}
      - person: sam
        options: [{contract: on_call_rota_0_8, label: '0.8'}]
    goal: objective
";
    let set = load(text).unwrap_or_else(|e| panic!("{}", e.render()));
    let choice = set.variants[1].choice.as_ref().expect("a menu");
    let programme = choice.programme.as_ref().expect("one programme");
    assert_eq!(programme.job_shares.len(), 1);
    let post = &programme.job_shares[0];
    let copy = post.option.expect("the option's post");
    assert!(post.members.contains(&copy));
    assert_eq!(programme.people[copy].id, "uma/1");
    let by_one = run_by(&set, 2, true);
    let at_once = run_by(&set, 2, false);
    for v in 1..=2 {
        let (one, once) = (&by_one[v], &at_once[v]);
        let (d1, d2) = (one.design.as_ref().unwrap(), once.design.as_ref().unwrap());
        assert_eq!(d1.chosen, d2.chosen, "{}\n{}", d1.reason, d2.reason);
        let (a, b) = (one.objective.unwrap(), once.objective.unwrap());
        assert!((a - b).abs() <= 1e-6 * a.abs().max(1.0), "{a} != {b}");
    }
    // Flexibility grants both; the rota holds the post.
    let flexible = &at_once[1];
    let chosen = flexible.design.as_ref().unwrap().chosen.as_deref();
    assert_eq!(chosen, Some("uma: shares with wendy; sam: 0.8"));
    let rota = flexible.rota.as_ref().expect("a rota");
    let start = set.variants[1].model.horizon.start;
    for d in 0..5 {
        let date = start + chrono::Days::new(d);
        let on: Vec<&str> = rota
            .assignments
            .iter()
            .filter(|a| a.date == date && ["uma", "wendy"].contains(&a.person.as_str()))
            .map(|a| a.person.as_str())
            .collect();
        match d {
            2 => assert!(
                on.contains(&"uma") && on.contains(&"wendy"),
                "Wednesday: {on:?}"
            ),
            _ => assert!(!on.is_empty(), "day {d}: nobody of the post"),
        }
    }
    // A design without the option has no post.
    let kept = programme.design(&[0, 1]);
    assert!(kept.job_shares.is_empty());
    let granted = programme.design(&[1, 0]);
    let uma = granted.person_ix("uma").unwrap();
    let wendy = granted.person_ix("wendy").unwrap();
    assert_eq!(granted.job_shares[0].members, vec![uma, wendy]);
    assert_eq!(granted.job_shares[0].option, None);
}

/// An option's job share names the person; a partner has no menu of their own and is
/// offered a post by one menu only; the post's id is new. Each mistake is reported at its
/// field.
#[test]
fn a_job_share_option_is_checked_at_its_fields() {
    let text = "\
base: ../tests/data/choice-team.yaml
variants:
  - name: menu
    choose:
      - person: uma
        options:
          - {job_share: {id: p1, members: [wendy, vic], minutes_per_week: 2664}}
          - {job_share: {id: p2, members: [uma, sam], minutes_per_week: 2664}}
          - {job_share: {id: p3, members: [uma, vic], minutes_per_week: 2664}}
          - {job_share: {id: p3, members: [uma, tariq], minutes_per_week: 2664}}
      - person: sam
        options: [{contract: on_call_rota_0_8}]
      - person: rosa
        options: [{job_share: {id: p5, members: [rosa, vic], minutes_per_week: 2664}}]
";
    let err = load(text).expect_err("invalid");
    let rendered = err.render();
    for (path, message) in [
        (
            "variants[0].choose[0].options[0].job_share.members",
            "does not list `uma`",
        ),
        (
            "variants[0].choose[0].options[1].job_share.members[1]",
            "`sam` has a menu of their own",
        ),
        (
            "variants[0].choose[0].options[3].job_share.id",
            "post `p3` is made by two options",
        ),
        (
            "variants[0].choose[2].options[0].job_share.members[1]",
            "`vic` is a partner in `uma`'s options too",
        ),
    ] {
        assert!(
            rendered.contains(path) && rendered.contains(message),
            "{path}: {message}\n{rendered}"
        );
    }
}
