//! The Curtois & Qu benchmark through the native model: every file imports, and the
//! checker's cost and legality of any rota equal an independent evaluator written here
//! straight from `tests/data/curtois/MODEL.md` (its own parser, its own rules).

use std::path::{Path, PathBuf};

use flexrota::check::check;
use flexrota::import::load_instance;
use flexrota::model::Model;
use flexrota::rota::{Assignment, Rota};

/// The Curtois files shipped in `tests/data/curtois`; a missing folder fails the test.
fn dir() -> PathBuf {
    crate::common::curtois_dir()
}

/// The text of a benchmark file; a missing file fails the test, naming its path.
fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read the benchmark file {}: {e}", path.display()))
}

/// A benchmark file imported; a missing or unreadable file fails the test, naming its path.
fn import(path: &Path) -> Model {
    load_instance(path).unwrap_or_else(|e| panic!("{} does not import: {e}", path.display()))
}

/// A benchmark instance as MODEL.md states it.
struct Instance {
    days: usize,
    /// `(id, minutes, ids that may not follow)`.
    shifts: Vec<(String, i64, Vec<String>)>,
    staff: Vec<Staff>,
    /// `(staff, day, shift, weight)`.
    on: Vec<(usize, usize, usize, f64)>,
    off: Vec<(usize, usize, usize, f64)>,
    /// `(day, shift, required, under weight, over weight)`.
    cover: Vec<(usize, usize, i64, f64, f64)>,
}

struct Staff {
    id: String,
    max_shifts: Vec<i64>,
    max_minutes: i64,
    min_minutes: i64,
    max_run: usize,
    min_run: usize,
    min_off: usize,
    max_weekends: usize,
    days_off: Vec<usize>,
}

fn parse(text: &str) -> Instance {
    let mut inst = Instance {
        days: 0,
        shifts: Vec::new(),
        staff: Vec::new(),
        on: Vec::new(),
        off: Vec::new(),
        cover: Vec::new(),
    };
    let mut section = "";
    let mut staff_lines: Vec<Vec<String>> = Vec::new();
    let mut rest: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with("SECTION_") {
            section = line;
            continue;
        }
        let f: Vec<String> = line.split(',').map(|s| s.trim().to_string()).collect();
        match section {
            "SECTION_HORIZON" => inst.days = f[0].parse().unwrap(),
            "SECTION_SHIFTS" => inst.shifts.push((
                f[0].clone(),
                f[1].parse().unwrap(),
                f.get(2)
                    .map(|s| {
                        s.split('|')
                            .filter(|x| !x.is_empty())
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default(),
            )),
            "SECTION_STAFF" => staff_lines.push(f),
            other => rest.push((other.to_string(), f)),
        }
    }
    let shift = |id: &str| inst.shifts.iter().position(|s| s.0 == id).unwrap();
    for f in staff_lines {
        let mut max_shifts = vec![0; inst.shifts.len()];
        for part in f[1].split('|') {
            let (id, n) = part.split_once('=').unwrap();
            max_shifts[shift(id)] = n.parse().unwrap();
        }
        inst.staff.push(Staff {
            id: f[0].clone(),
            max_shifts,
            max_minutes: f[2].parse().unwrap(),
            min_minutes: f[3].parse().unwrap(),
            max_run: f[4].parse().unwrap(),
            min_run: f[5].parse().unwrap(),
            min_off: f[6].parse().unwrap(),
            max_weekends: f[7].parse().unwrap(),
            days_off: Vec::new(),
        });
    }
    let person = |staff: &[Staff], id: &str| staff.iter().position(|s| s.id == id).unwrap();
    for (section, f) in rest {
        match section.as_str() {
            "SECTION_DAYS_OFF" => {
                let e = person(&inst.staff, &f[0]);
                let days = f[1..].iter().map(|d| d.parse().unwrap()).collect();
                inst.staff[e].days_off = days;
            }
            "SECTION_SHIFT_ON_REQUESTS" | "SECTION_SHIFT_OFF_REQUESTS" => {
                let r = (
                    person(&inst.staff, &f[0]),
                    f[1].parse().unwrap(),
                    shift(&f[2]),
                    f[3].parse().unwrap(),
                );
                match section.as_str() {
                    "SECTION_SHIFT_ON_REQUESTS" => inst.on.push(r),
                    _ => inst.off.push(r),
                }
            }
            "SECTION_COVER" => inst.cover.push((
                f[0].parse().unwrap(),
                shift(&f[1]),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
                f[4].parse().unwrap(),
            )),
            other => panic!("unexpected section {other}"),
        }
    }
    inst
}

/// `rota[e][d]`: the shift worked, if any.
type Plan = Vec<Vec<Option<usize>>>;

/// MODEL.md's objective, and whether every hard rule holds.
fn evaluate(inst: &Instance, rota: &Plan) -> (f64, bool) {
    let h = inst.days;
    let mut legal = true;
    for (e, s) in inst.staff.iter().enumerate() {
        let work: Vec<bool> = rota[e].iter().map(Option::is_some).collect();
        for d in 0..h.saturating_sub(1) {
            if let (Some(a), Some(b)) = (rota[e][d], rota[e][d + 1]) {
                legal &= !inst.shifts[a].2.contains(&inst.shifts[b].0);
            }
        }
        for t in 0..inst.shifts.len() {
            let n = rota[e].iter().filter(|x| **x == Some(t)).count() as i64;
            legal &= n <= s.max_shifts[t];
        }
        let minutes: i64 = rota[e].iter().flatten().map(|&t| inst.shifts[t].1).sum();
        legal &= s.min_minutes <= minutes && minutes <= s.max_minutes;
        // Maximal runs of work and of days off.
        let mut d = 0;
        while d < h {
            let mut end = d;
            while end + 1 < h && work[end + 1] == work[d] {
                end += 1;
            }
            let len = end - d + 1;
            let at_border = d == 0 || end == h - 1;
            if work[d] {
                legal &= len <= s.max_run;
                legal &= at_border || len >= s.min_run;
            } else {
                legal &= at_border || len >= s.min_off;
            }
            d = end + 1;
        }
        let weekends = (0..h / 7)
            .filter(|w| work[7 * w + 5] || work[7 * w + 6])
            .count();
        legal &= weekends <= s.max_weekends;
        legal &= s.days_off.iter().all(|&d| !work[d]);
    }
    let mut cost = 0.0;
    for &(e, d, t, w) in &inst.on {
        if rota[e][d] != Some(t) {
            cost += w;
        }
    }
    for &(e, d, t, w) in &inst.off {
        if rota[e][d] == Some(t) {
            cost += w;
        }
    }
    for &(d, t, req, under, over) in &inst.cover {
        let n = rota.iter().filter(|r| r[d] == Some(t)).count() as i64;
        cost += under * (req - n).max(0) as f64 + over * (n - req).max(0) as f64;
    }
    (cost, legal)
}

fn as_rota(inst: &Instance, plan: &Plan) -> Rota {
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut assignments = Vec::new();
    for (e, days) in plan.iter().enumerate() {
        for (d, t) in days.iter().enumerate() {
            if let Some(t) = t {
                assignments.push(Assignment {
                    person: inst.staff[e].id.clone(),
                    date: start + chrono::Days::new(d as u64),
                    shift: inst.shifts[*t].0.clone(),
                    start: String::new(),
                    end: String::new(),
                    location: Some("office".into()),
                    activities: Vec::new(),
                });
            }
        }
    }
    Rota {
        assignments,
        design: None,
    }
}

/// A random rota: each person-day off (with probability `off`) or any shift, legal or not,
/// from a fixed seed.
fn random_plan(inst: &Instance, seed: u64, off: f64) -> Plan {
    let mut state = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as f64 / (1u64 << 31) as f64
    };
    (0..inst.staff.len())
        .map(|_| {
            (0..inst.days)
                .map(|_| match next() < off {
                    true => None,
                    false => Some(
                        ((next() * inst.shifts.len() as f64) as usize).min(inst.shifts.len() - 1),
                    ),
                })
                .collect()
        })
        .collect()
}

#[test]
fn all_twelve_files_import() {
    let dir = dir();
    for n in 1..=12 {
        let path = dir.join(format!("Instance{n}.txt"));
        let model = import(&path);
        let inst = parse(&read(&path));
        assert_eq!(model.people.len(), inst.staff.len(), "Instance{n}");
        assert_eq!(model.horizon.days, inst.days, "Instance{n}");
        assert_eq!(model.shift_cover.len(), inst.cover.len(), "Instance{n}");
    }
}

/// On random rotas (most break hard rules; the all-off ones and the solver's keep them),
/// the checker's cost is the benchmark's objective and it calls a rota legal exactly when
/// MODEL.md does.
#[test]
fn the_native_cost_is_the_benchmark_objective_on_random_rotas() {
    let dir = dir();
    let mut legal_seen = 0;
    let mut illegal_seen = 0;
    for n in [1, 2, 5, 8, 12] {
        let path = dir.join(format!("Instance{n}.txt"));
        let model = import(&path);
        let inst = parse(&read(&path));
        let mut plans: Vec<Plan> = (0..12)
            .map(|seed| {
                random_plan(
                    &inst,
                    seed * 31 + n as u64,
                    [0.3, 0.6, 0.9][seed as usize % 3],
                )
            })
            .collect();
        plans.push(vec![vec![None; inst.days]; inst.staff.len()]);
        for plan in &plans {
            let (objective, legal) = evaluate(&inst, plan);
            let report = check(&model, &as_rota(&inst, plan));
            assert!(
                (report.cost - objective).abs() < 1e-6,
                "Instance{n}: checker {} against benchmark {objective}",
                report.cost
            );
            assert_eq!(report.is_legal(), legal, "Instance{n}: legality differs");
            match legal {
                true => legal_seen += 1,
                false => illegal_seen += 1,
            }
        }
    }
    // The solver's rotas keep every rule, and cost what the benchmark says.
    for (n, optimum) in [(2, 828.0), (4, 1716.0)] {
        let path = dir.join(format!("Instance{n}.txt"));
        let model = import(&path);
        let inst = parse(&read(&path));
        let rota = crate::common::solve(&model).solved.rota.expect("a rota");
        let (objective, legal) = evaluate(&inst, &plan_of(&inst, &rota));
        assert!(
            legal,
            "Instance{n}: the solver's rota breaks a benchmark rule"
        );
        assert!(
            (objective - optimum).abs() < 1e-6,
            "Instance{n}: {objective}"
        );
        legal_seen += 1;
    }
    assert!(illegal_seen > 20, "the random rotas break hard rules");
    assert!(legal_seen >= 2);
}

/// A time-limited solve with two workers (pricing two people at once, the search
/// re-optimising two neighbourhoods at once, among single-threaded solves of other tests
/// in this process) returns a rota the benchmark calls legal, at no less than the proven
/// optimum and at the objective it reports.
#[test]
fn two_workers_give_a_legal_rota_in_time() {
    let dir = dir();
    let path = dir.join("Instance5.txt");
    let model = import(&path);
    let inst = parse(&read(&path));
    let options = flexrota::milp::SolveOptions {
        time_limit: Some(4.0),
        threads: 2,
        ..Default::default()
    };
    let outcome = flexrota::pipeline::solve(&model, &options).expect("the solve succeeds");
    let rota = outcome.solved.rota.expect("a rota within the limit");
    let (objective, legal) = evaluate(&inst, &plan_of(&inst, &rota));
    assert!(legal, "the rota breaks a benchmark rule");
    assert!(objective >= 1143.0, "{objective} is below the optimum");
    assert_eq!(Some(objective), outcome.solved.objective);
    // The bound is a real one: at most the optimum, never below the trivial 0, and named.
    let bound = outcome.solved.bound.expect("a bound with a rota");
    assert!((0.0..=1143.0 + 1e-6).contains(&bound), "bound {bound}");
    assert!(outcome.solved.bound_method.is_some());
}

/// A solve stopped long before its bound means anything still reports one that does: the
/// trivial 0 rather than the negative figure an unfinished relaxation gives.
#[test]
fn a_bound_is_never_below_zero() {
    let model = import(&dir().join("Instance12.txt"));
    for limit in [0.5, 2.0] {
        let options = flexrota::milp::SolveOptions {
            time_limit: Some(limit),
            threads: 1,
            ..Default::default()
        };
        let outcome = flexrota::pipeline::solve(&model, &options).expect("the solve succeeds");
        let solved = &outcome.solved;
        if let Some(objective) = solved.objective {
            let bound = solved.bound.expect("a bound with a rota");
            assert!(
                bound >= 0.0 && bound <= objective + 1e-6,
                "{limit} s: bound {bound}"
            );
            assert!((0.0..=1.0).contains(&solved.gap.unwrap()));
            assert!(solved.bound_method.is_some());
        }
    }
}

/// The benchmark plan of a rota (each person's shift index per day).
fn plan_of(inst: &Instance, rota: &Rota) -> Plan {
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut plan: Plan = vec![vec![None; inst.days]; inst.staff.len()];
    for a in &rota.assignments {
        let e = inst.staff.iter().position(|s| s.id == a.person).unwrap();
        let t = inst.shifts.iter().position(|s| s.0 == a.shift).unwrap();
        plan[e][(a.date - start).num_days() as usize] = Some(t);
    }
    plan
}

/// A file cut short is refused with its missing sections named, not imported as a team
/// without cover.
#[test]
fn a_file_cut_short_is_refused() {
    let dir = dir();
    let text = read(&dir.join("Instance1.txt"));
    let cut: String = text
        .lines()
        .take_while(|l| !l.starts_with("SECTION_DAYS_OFF"))
        .map(|l| format!("{l}\n"))
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("Cut.txt");
    std::fs::write(&path, &cut).unwrap();
    let message = match load_instance(&path) {
        Ok(_) => panic!("a file without cover imported"),
        Err(e) => e.to_string(),
    };
    assert!(message.contains("SECTION_COVER"), "{message}");
    assert!(message.contains("Cut.txt"), "{message}");
}
