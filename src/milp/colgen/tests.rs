//! Column generation's tests: pricing against HiGHS, bounds, dives and the tree against the
//! published optima of the Curtois & Qu benchmarks.

use super::master::Master;
use super::pricing::{price, By, Pricer, Time};
use super::tree::{orbit, tree, Decision, Subject};
use super::units::Units;
use super::*;
use crate::milp::walk::{Allowed, Beam, Pace, Walk, FREE};
use crate::milp::SolveStatus;

/// Curtois & Qu's instance `n`, shipped in `tests/data/curtois`; a missing file fails the
/// test, naming its path.
fn curtois(n: usize) -> Model {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/data/curtois/Instance{n}.txt"));
    crate::import::load_instance(&path)
        .unwrap_or_else(|e| panic!("the benchmark {} does not import: {e}", path.display()))
}

/// Earnings in `[0, 150)` on every shift of the person, from a fixed seed.
fn earnings(one: &Model, seed: u64) -> HashMap<(usize, ShiftIx), f64> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut out = HashMap::new();
    for d in 0..one.horizon.days {
        for t in 0..one.shifts.len() {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = (state >> 33) as f64 / (1u64 << 31) as f64;
            // Some shifts earn nothing, as many cover rows have a zero dual.
            if r < 0.7 {
                out.insert((d, t), (r / 0.7 * 150.0 * 4.0).round() / 4.0);
            }
        }
    }
    out
}

/// With days fixed from day `a` on (one off, one to a shift the optimum `best` works on
/// another day, one as the optimum has it) and forbidden (one what the optimum does, one
/// off), the walk and HiGHS agree again and the walk's rota keeps to the fixings. False
/// when the fixings leave no rota.
fn walk_keeps_fixings(
    one: &Model,
    walk: &Walk,
    duals: &HashMap<(usize, ShiftIx), f64>,
    best: &Pattern,
    a: usize,
) -> bool {
    let options = SolveOptions::default();
    let days = one.horizon.days;
    let (b, c) = ((a + 5) % days, (a + 11) % days);
    let (e, f) = ((a + 17) % days, (a + 23) % days);
    let mut fixed = vec![FREE; days];
    fixed[a].must = Fixed::Off;
    fixed[b].must = best
        .shifts
        .first()
        .map_or(Fixed::Off, |s| Fixed::Shift(s.1));
    fixed[c].must = best.on(c);
    fixed[e].never.push(best.on(e));
    fixed[f].never.push(Fixed::Off);
    let time = Time::seconds(60.0);
    let walked = price(one, By::Walk(walk), None, &fixed, duals, &options, time).unwrap();
    let highs = price(one, By::Highs, None, &fixed, duals, &options, time).unwrap();
    assert_eq!(walked.infeasible, highs.infeasible);
    let (Some(w), Some(h)) = (walked.bound, highs.bound) else {
        return false;
    };
    assert!(
        (w - h).abs() < 1e-6,
        "fixed from day {a}: walk {w}, HiGHS {h}"
    );
    let rota = &walked.found[0];
    for (d, what) in fixed.iter().enumerate() {
        assert!(what.allows(rota.on_day(d)), "day {d} breaks {what:?}");
    }
    true
}

/// The person of `one` priced at `duals` by the walk, then by HiGHS.
fn walk_and_highs(
    one: &Model,
    walk: &Walk,
    duals: &HashMap<(usize, ShiftIx), f64>,
    options: &SolveOptions,
) -> (pricing::Priced, pricing::Priced) {
    let time = Time::seconds(60.0);
    let walked = price(one, By::Walk(walk), None, &[], duals, options, time).unwrap();
    let highs = price(one, By::Highs, None, &[], duals, options, time).unwrap();
    (walked, highs)
}

/// The walk's cheapest rota is HiGHS's optimum on the person's own programme, at many
/// earnings, for people of several benchmark instances: the walk is exact, so the
/// bounds built on it are valid.
#[test]
fn the_walk_prices_as_highs_does() {
    let options = SolveOptions::default();
    let (mut compared, mut fixed_compared) = (0, 0);
    for n in [1, 4, 5, 8, 10, 11, 12] {
        let model = curtois(n);
        for p in (0..model.people.len()).step_by(9) {
            let one = alone(&model, p);
            let walk = Walk::new(&one, &compile::compile(&one))
                .expect("benchmark people have rules the walk knows");
            for seed in 0..3 {
                let duals = earnings(&one, (n * 1000 + p * 10 + seed) as u64);
                let (walked, highs) = walk_and_highs(&one, &walk, &duals, &options);
                let (w, h) = (walked.bound.unwrap(), highs.bound.unwrap());
                assert!(
                    (w - h).abs() < 1e-6,
                    "Instance{n} person {p} seed {seed}: walk {w}, HiGHS {h}"
                );
                // Looking only below a known rota's value finds the same optimum, or
                // nothing when the known rota is optimal.
                let above = price(
                    &one,
                    By::Walk(&walk),
                    Some(h + 5.0),
                    &[],
                    &duals,
                    &options,
                    Time::seconds(60.0),
                )
                .unwrap();
                assert!((above.bound.unwrap() - h).abs() < 1e-6);
                assert!((above.found[0].cost - walked.found[0].cost).abs() < 1e-6);
                let at = price(
                    &one,
                    By::Walk(&walk),
                    Some(h),
                    &[],
                    &duals,
                    &options,
                    Time::seconds(60.0),
                )
                .unwrap();
                assert!((at.bound.unwrap() - h).abs() < 1e-6);
                assert!(at.found.is_empty(), "nothing is cheaper than the optimum");
                // The walk's rota costs what it says.
                let best = &walked.found[0];
                let earned: f64 = best.shifts.iter().filter_map(|k| duals.get(k)).sum();
                assert!((best.cost - earned - w).abs() < 1e-6);
                if walk_keeps_fixings(
                    &one,
                    &walk,
                    &duals,
                    &walked.found[0],
                    (seed * 7 + p) % one.horizon.days,
                ) {
                    fixed_compared += 1;
                }
                compared += 1;
            }
        }
    }
    assert!(compared > 20);
    assert!(
        fixed_compared > 10,
        "only {fixed_compared} fixings were feasible"
    );
}

/// Interchangeable people are priced once per class, and each gets what pricing them
/// alone gives: the sharing saves work and changes no pattern. A copy with a request
/// more, or one holding a job share, is nobody's twin.
#[test]
fn twins_are_priced_once_and_alike() {
    let mut model = curtois(2);
    let n = model.people.len();
    for (from, id) in [(0, "Z1"), (0, "Z2"), (1, "Z3"), (2, "Z4")] {
        let mut twin = model.people[from].clone();
        twin.id = id.into();
        twin.name = id.into();
        model.people.push(twin);
    }
    model.people[n + 2].requests.push(crate::model::Request {
        day: 3,
        kind: crate::model::RequestKind::DayOff,
        weight: 7.0,
    });
    model.job_shares.push(crate::model::JobShare {
        id: "post".into(),
        members: vec![n + 3],
        target_minutes: 0,
        tolerance_minutes: 0,
        cover_days: Vec::new(),
        handover_days: Vec::new(),
        handover_minutes: None,
        option: None,
    });
    let twins = model.twins();
    assert_eq!(twins[..n], (0..n).collect::<Vec<_>>()[..]);
    assert_eq!(twins[n..], [0, 0, n + 2, n + 3]);
    model.job_shares.clear();
    let rows = compile::cover_rows(&model).unwrap();
    let whole = compile::compile(&model);
    let options = SolveOptions::default();
    let units = Units::new(&model, &rows);
    let pricer = Pricer::new(&model, &rows, &units, &whole, &options).unwrap();
    let everyone: Vec<usize> = (0..model.people.len()).collect();
    for seed in 0..3u64 {
        let duals: Vec<f64> = (0..rows.len() as u64)
            .map(|r| ((seed * 7919 + r * 104_729) % 150) as f64)
            .collect();
        let together = pricer.price(&everyone, &duals, None, 60.0).unwrap();
        for (p, shared) in together.iter().enumerate() {
            // Priced on their own, nobody shares.
            let alone = pricer.price(&[p], &duals, None, 60.0).unwrap();
            assert_eq!(shared.bound, alone[0].bound, "seed {seed} person {p}");
            assert_eq!(shared.found, alone[0].found, "seed {seed} person {p}");
        }
        // The same rotas, each the person's own.
        let rotas = |p: usize| {
            let found = &together[p].found;
            assert!(found.iter().all(|f| f.person == p), "person {p}");
            found
                .iter()
                .map(|f| (&f.shifts, f.cost))
                .collect::<Vec<_>>()
        };
        assert_eq!(rotas(n), rotas(0));
        assert_ne!(together[1].bound, together[0].bound, "a meaningful test");
    }
}

/// A person's orbit holds their twins bound alike by the decisions, in whatever order
/// those were made, and nobody else.
#[test]
fn an_orbit_holds_the_twins_bound_alike() {
    let twins = [0, 0, 2, 0, 0];
    let decision = |p, d, keep| Decision {
        p,
        on: Subject::Day(d, Fixed::Off),
        keep,
    };
    assert_eq!(orbit(&twins, &[], 0), [0, 1, 3, 4]);
    assert_eq!(orbit(&twins, &[], 2), [2]);
    let decisions = [
        decision(0, 1, false),
        decision(0, 2, true),
        decision(3, 2, true),
        decision(3, 1, false),
        decision(4, 1, false),
        decision(2, 1, false),
        decision(2, 2, true),
    ];
    // 1 has no decisions, 4 only one of the two: neither is bound as 0 is.
    assert_eq!(orbit(&twins, &decisions, 0), [0, 3]);
    assert_eq!(orbit(&twins, &decisions, 1), [1]);
    assert_eq!(orbit(&twins, &decisions, 2), [2]);
}

/// With interchangeable people, the tree's orbital branching (a forbidden choice is
/// forbidden to every twin bound alike) proves the same optimum as branching on one
/// person at a time.
#[test]
fn orbital_branching_keeps_the_optimum() {
    for n in [1, 2, 3, 4] {
        let mut model = curtois(n);
        // Pairs of twins, the team's size kept.
        for (from, to) in [(0, 1), (2, 3), (4, 5), (6, 7)] {
            let id = model.people[to].id.clone();
            model.people[to] = model.people[from].clone();
            model.people[to].id = id;
        }
        let proven = |twins: bool| {
            let mut proven = None;
            at_root_with(&model, twins, |master, pricer, root| {
                let mut best = None;
                let bound =
                    tree(master, pricer, root.bound, &mut best, &mut 0, || 60.0, None).unwrap();
                let value = best.expect("the tree ends in a rota").1;
                assert!((bound - value).abs() < 1e-6, "Instance{n}: proven");
                proven = Some(value);
            });
            proven.unwrap()
        };
        let (orbital, one_by_one) = (proven(true), proven(false));
        assert!(
            (orbital - one_by_one).abs() < 1e-6,
            "Instance{n} with twins: {orbital} against {one_by_one}"
        );
    }
}

/// The bound never passes the published optimum, and the dive's rota costs no less
/// than the bound; on Instance2 and 4 they meet (proven optimal).
#[test]
fn the_bound_holds_and_meets_the_rota() {
    for (n, optimum) in [(2, 828.0), (3, 1001.0), (4, 1716.0)] {
        let model = curtois(n);
        let constant = compile::compile(&model).constant;
        let generated = generate(&model, &SolveOptions::default(), 60.0).unwrap();
        let bound = generated.bound.expect("the root converges") + constant;
        let (_, cost) = generated.rota.expect("the dive ends in a rota");
        let cost = cost + constant;
        assert!(
            bound <= optimum + 1e-6,
            "Instance{n}: bound {bound} > {optimum}"
        );
        assert!(
            cost >= bound - 1e-6,
            "Instance{n}: rota {cost} < bound {bound}"
        );
        if n != 3 {
            assert!((cost - optimum).abs() < 1e-6, "Instance{n}: rota {cost}");
        }
    }
}

/// Run `then` on `model`'s master and pricing, with column generation converged at the
/// root (its node given).
fn at_root(model: &Model, then: impl FnOnce(&mut Master, &Pricer, Node)) {
    at_root_with(model, true, then);
}

/// [`at_root`], with interchangeable people known as such or not (`twins`).
fn at_root_with(model: &Model, twins: bool, then: impl FnOnce(&mut Master, &Pricer, Node)) {
    let options = SolveOptions::default();
    let rows = compile::cover_rows(model).unwrap();
    let whole = compile::compile(model);
    let mut units = Units::new(model, &rows);
    if !twins {
        units.twins = (0..model.people.len()).collect();
    }
    let mut pricer = Pricer::new(model, &rows, &units, &whole, &options).unwrap();
    if !twins {
        pricer.twins = (0..model.people.len()).collect();
    }
    let people = model.people.len();
    let everyone: Vec<usize> = (0..people).collect();
    let mut master = Master::new(&rows, &units, model.horizon.days);
    let priced = pricer
        .price(&everyone, &vec![0.0; rows.len()], None, 60.0)
        .unwrap();
    for (p, priced) in priced.into_iter().enumerate() {
        master.add(p, priced.found.into_iter().next().unwrap());
    }
    let root = node(
        &mut master,
        &pricer,
        true,
        f64::NEG_INFINITY,
        usize::MAX,
        &mut 0,
        || 60.0,
    )
    .unwrap()
    .unwrap();
    then(&mut master, &pricer, root);
}

/// The tree, from the root with no rota to prune by, ends at the published optimum of
/// each small instance (which HiGHS also proves on the whole programme), proves it,
/// and the rota it returns has one pattern per person and costs what it says.
#[test]
fn the_tree_proves_the_optimum() {
    for (n, optimum) in [(1, 607.0), (2, 828.0), (3, 1001.0), (4, 1716.0)] {
        let model = curtois(n);
        at_root(&model, |master, pricer, root| {
            let mut best = None;
            let bound = tree(master, pricer, root.bound, &mut best, &mut 0, || 60.0, None).unwrap();
            let (chosen, value) = best.expect("the tree ends in a rota");
            assert!(
                (value - optimum).abs() < 1e-6,
                "Instance{n}: rota {value}, optimum {optimum}"
            );
            assert!((bound - optimum).abs() < 1e-6, "Instance{n}: bound {bound}");
            for (p, &k) in chosen.iter().enumerate() {
                assert_eq!(master.patterns[k].0, p, "Instance{n}: person {p}");
            }
            assert!((master.cost(&chosen) - value).abs() < 1e-6);
        });
    }
}

/// Curtois Instance9's root LP is 405.67 with 3.67 people short, and its optimum 439
/// has 4 short. Bounding the people short splits the rotas: with at most 3, only the
/// price of hard cover meets cover (no rota has so few), and with at least 4 the bound
/// is the optimum, which person-day branching did not reach in 181 nodes.
#[test]
fn bounding_the_people_short_proves_instance9() {
    let model = curtois(9);
    at_root(&model, |master, pricer, root| {
        let total = root.lp.short_total;
        assert!((root.bound - 405.667).abs() < 1e-3, "root {}", root.bound);
        assert!((total - 11.0 / 3.0).abs() < 1e-6, "{total} short");
        let mut bounded = |short| {
            master.bound_short_total(short);
            let node = node(master, pricer, true, root.bound, usize::MAX, &mut 0, || {
                60.0
            });
            node.unwrap().expect("the LP solves").bound
        };
        let at_most = bounded((0.0, total.floor()));
        assert!(at_most > HARD_SHORT / 2.0, "at most 3 short: {at_most}");
        let at_least = bounded((total.ceil(), f64::INFINITY));
        assert!(
            (at_least - 439.0).abs() < 1e-6,
            "at least 4 short: {at_least}"
        );
        // Unbounded again, the master is the root's.
        let free = bounded((0.0, f64::INFINITY));
        assert!((free - root.bound).abs() < 1e-6, "unbounded: {free}");
    });
}

/// A dive with time left fixes nobody late; one whose time has run out names the
/// people it fixed without pricing, and still ends in a rota.
#[test]
fn a_dive_out_of_time_names_the_people_it_fixed_late() {
    let model = curtois(5);
    let strategy = STRATEGIES[0];
    at_root(&model, |master, pricer, root| {
        // A dive from the root with `seconds` left: its rota and the people it fixed late.
        let mut from_root = |seconds: f64| {
            master.unfix_all();
            let mut late = Vec::new();
            let rota = dive(
                master,
                pricer,
                root.bound,
                strategy,
                None,
                &mut 0,
                &mut late,
                || seconds,
            );
            (rota.unwrap().expect("a rota"), late)
        };
        let (_, late) = from_root(60.0);
        assert!(late.is_empty(), "{late:?}");
        let ((chosen, _), late) = from_root(0.0);
        assert_eq!(chosen.len(), model.people.len());
        assert!(!late.is_empty());
        for &p in &late {
            assert!(
                master.fixed[p].iter().all(|a| a.must != Fixed::Free),
                "{p} not fixed"
            );
        }
    });
}

/// A node's decisions hold exactly the patterns that break them at 0, the LP then puts
/// no weight on them, and going back to the root frees every pattern again.
#[test]
fn a_node_bans_exactly_the_patterns_that_break_its_decisions() {
    let model = curtois(1);
    at_root(&model, |master, _, root| {
        let first = |p: usize| master.patterns.iter().position(|(q, _)| *q == p).unwrap();
        // A person and day on which their patterns differ.
        let (q, d) = (1..master.len())
            .flat_map(|q| (0..master.days).map(move |d| (q, d)))
            .find(|&(q, d)| {
                let on = master.patterns[first(q)].1.on(d);
                master
                    .patterns
                    .iter()
                    .any(|(r, pattern)| *r == q && pattern.on(d) != on)
            })
            .expect("some person has patterns that differ");
        let (a, b) = (first(0), first(q));
        let decisions = [
            // Person 0 keeps their first pattern's day 3; person `q` may not keep
            // theirs on day `d`.
            Decision {
                p: 0,
                on: Subject::Day(3, master.patterns[a].1.on(3)),
                keep: true,
            },
            Decision {
                p: q,
                on: Subject::Day(d, master.patterns[b].1.on(d)),
                keep: false,
            },
        ];
        master.fix_to(&decisions);
        let mut banned = 0;
        for (k, (p, pattern)) in master.patterns.iter().enumerate() {
            let breaks = match *p {
                0 => Subject::Day(3, pattern.on(3)) != decisions[0].on,
                p if p == q => Subject::Day(d, pattern.on(d)) == decisions[1].on,
                _ => false,
            };
            assert_eq!(master.banned[k], breaks, "pattern {k} of person {p}");
            banned += usize::from(breaks);
        }
        assert!(master.banned[b] && !master.banned[a] && banned < master.patterns.len());
        let lp = master
            .solve_lp()
            .unwrap()
            .expect("everyone has a pattern left");
        for (k, &lambda) in lp.lambdas.iter().enumerate() {
            assert!(!master.banned[k] || lambda.abs() < 1e-9, "pattern {k}");
        }
        assert!(lp.value >= root.lp.value - 1e-6);
        master.fix_to(&[]);
        assert!(master.banned.iter().all(|b| !b));
        assert!(master.fixed.iter().flatten().all(|f| *f == FREE));
        let again = master.solve_lp().unwrap().unwrap();
        assert!((again.value - root.lp.value).abs() < 1e-6);
    });
}

/// The pool's integer programme, started from each person's first pattern, returns one
/// pattern per person, at a cost no higher than the start's and no lower than the
/// root's bound, and its objective is what the patterns and cover's slacks cost.
#[test]
fn the_pool_ip_improves_on_its_start() {
    let model = curtois(3);
    let options = SolveOptions::default();
    at_root(&model, |master, _, root| {
        let people = model.people.len();
        let cost = |chosen: &[usize]| master.cost(chosen);
        let start: Vec<usize> = (0..people)
            .map(|p| master.patterns.iter().position(|(q, _)| *q == p).unwrap())
            .collect();
        let (chosen, value) = pool_ip(master, &root.lp, &start, 20, &options, 60.0)
            .unwrap()
            .expect("HiGHS finds a rota from a start");
        for (p, &k) in chosen.iter().enumerate() {
            assert_eq!(
                master.patterns[k].0, p,
                "person {p} has someone else's pattern"
            );
        }
        assert!(
            (value - cost(&chosen)).abs() < 1e-6,
            "{value} against {}",
            cost(&chosen)
        );
        assert!(value <= cost(&start) + 1e-6);
        assert!(value >= root.bound - 1e-6);
        assert!(
            value < cost(&start) - 1.0,
            "the start is far from the best: {}",
            cost(&start)
        );
    });
}

/// A person who cannot meet their own rules makes the team infeasible, and column
/// generation says so rather than reporting a bound.
#[test]
fn a_person_with_no_legal_rota_makes_the_team_infeasible() {
    let mut model = curtois(1);
    model.people[3].contract.min_minutes = 100_000;
    let generated = generate(&model, &SolveOptions::default(), 60.0).unwrap();
    assert!(generated.infeasible);
    assert!(generated.rota.is_none());
    let solved = super::super::solve(&model, &SolveOptions::default()).unwrap();
    assert_eq!(solved.status, SolveStatus::Infeasible);
}

/// `one` with a history: `template` worked on each of `days` (negative) and the last 14
/// days known, as `solve --after` leaves it.
fn with_history(one: &Model, template: ShiftIx, days: &[i64]) -> Model {
    let mut one = one.clone();
    one.history_days = 14;
    let shift = &one.shifts[template];
    let (start, end) = (shift.start, shift.end);
    one.people[0].history = days
        .iter()
        .map(|&d| crate::model::PastShift {
            shift: template,
            start: d * crate::model::DAY + start,
            end: d * crate::model::DAY + end,
        })
        .collect();
    one
}

/// With a history before the horizon (a run of days worked that must go on or must stop,
/// a short break that must go on, a shift a forbidden succession follows), the walk starts
/// from it and still prices as HiGHS does on the person's programme, whose rows across the
/// start read the same history.
#[test]
fn the_walk_prices_a_history_as_highs_does() {
    let options = SolveOptions::default();
    let mut compared = 0;
    for n in [1, 4, 8] {
        let model = curtois(n);
        // A template some forbidden succession begins with, if any.
        let first = model
            .rules
            .forbidden_successions
            .first()
            .map_or(0, |&(t, _)| t);
        for p in (0..model.people.len()).step_by(5) {
            let alone = alone(&model, p);
            let allowed = &alone.people[0].contract.allowed_shifts;
            let t = match allowed.contains(&first) || allowed.is_empty() {
                true => first,
                false => allowed[0],
            };
            let histories: [&[i64]; 5] = [
                &[-1],
                &[-3, -2, -1],
                &[-5, -4, -3, -2, -1],
                &[-2],
                &[-9, -8],
            ];
            for (h, days) in histories.iter().enumerate() {
                let one = with_history(&alone, t, days);
                let walk = Walk::new(&one, &compile::compile(&one))
                    .expect("the walk knows a benchmark person with a history");
                let duals = earnings(&one, (n * 100 + p * 10 + h) as u64);
                let (walked, highs) = walk_and_highs(&one, &walk, &duals, &options);
                assert_eq!(
                    walked.infeasible, highs.infeasible,
                    "Instance{n} {p} {days:?}"
                );
                if let (Some(w), Some(h)) = (walked.bound, highs.bound) {
                    assert!(
                        (w - h).abs() < 1e-6,
                        "Instance{n} person {p} history {days:?}: walk {w}, HiGHS {h}"
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared >= 20, "only {compared} comparisons");
}

/// A beam as wide as the walk's every label finds the walk's optimum; a narrow one a rota
/// no cheaper, which HiGHS, held to its days, finds legal.
#[test]
fn the_beam_is_exact_when_wide_and_legal_when_narrow() {
    let options = SolveOptions::default();
    for n in [1, 4] {
        let model = curtois(n);
        for p in (0..model.people.len()).step_by(4) {
            let one = alone(&model, p);
            let walk = Walk::new(&one, &compile::compile(&one)).expect("the walk knows them");
            let duals = earnings(&one, (n * 10 + p) as u64);
            let exact = walk.cheapest(&duals, 1, None, &[], None).unwrap()[0].value;
            for pace in [Pace::ProRata, Pace::Ahead] {
                let wide = walk
                    .beam(
                        &duals,
                        Beam {
                            width: 1 << 20,
                            pace,
                        },
                        &[],
                        None,
                    )
                    .expect("a rota")
                    .value;
                assert!(
                    (wide - exact).abs() < 1e-6,
                    "Instance{n} {p} {pace:?}: {wide} vs {exact}"
                );
                let narrow = walk
                    .beam(&duals, Beam { width: 8, pace }, &[], None)
                    .expect("a narrow beam still ends");
                assert!(narrow.value >= exact - 1e-6);
                let held: Vec<Allowed> = (0..one.horizon.days)
                    .map(|d| Allowed {
                        must: narrow
                            .shifts
                            .iter()
                            .find(|s| s.0 == d)
                            .map_or(Fixed::Off, |s| Fixed::Shift(s.1)),
                        never: Vec::new(),
                    })
                    .collect();
                let highs = price(
                    &one,
                    By::Highs,
                    None,
                    &held,
                    &duals,
                    &options,
                    Time::seconds(60.0),
                )
                .unwrap();
                assert!(
                    !highs.infeasible,
                    "Instance{n} {p} {pace:?}: the beam's rota breaks a rule"
                );
                assert!((highs.bound.unwrap() - narrow.value).abs() < 1e-6);
            }
        }
    }
}

/// The quick rota is a solution of the whole programme (polished again with every decision
/// fixed, HiGHS finds it feasible at the same cost) and covers more than nobody working
/// would: each person took shifts the cover still needed.
#[test]
fn the_quick_rota_is_a_solution_that_covers() {
    for n in [2, 7] {
        let model = curtois(n);
        let options = SolveOptions::default();
        let (values, objective) = greedy(&model, &options, 120.0)
            .unwrap()
            .expect("a rota person by person");
        let (_, again) = lns::polish(&model, &options, &values)
            .unwrap()
            .expect("the quick rota keeps every hard rule");
        assert!(
            (again - objective).abs() < 1e-6,
            "Instance{n}: {again} vs {objective}"
        );
        let whole = compile::compile(&model);
        let nobody = vec![0.0; whole.columns];
        if let Some((_, empty)) = lns::polish(&model, &options, &nobody).unwrap() {
            assert!(
                objective < empty,
                "Instance{n}: {objective} vs nobody's {empty}"
            );
        }
        let worked = whole
            .keys
            .shifts
            .iter()
            .filter(|(_, c)| values[*c] > 0.5)
            .count();
        assert!(worked > 0, "Instance{n}: nobody works");
    }
}

/// A person the exact walk gave up on: the beam gives a pattern without a bound when it
/// beats the best known, never below the optimum; when it cannot beat the best known (the
/// optimum itself), HiGHS prices the person to the optimum's bound, so "nothing improves"
/// stays proven.
#[test]
fn a_beam_prices_a_column_and_highs_the_proof() {
    let options = SolveOptions::default();
    let time = Time::seconds(60.0);
    for n in [1, 4, 8] {
        let model = curtois(n);
        for p in (0..model.people.len()).step_by(7) {
            let one = alone(&model, p);
            let walk = Walk::new(&one, &compile::compile(&one)).expect("a benchmark person");
            let duals = earnings(&one, (n * 100 + p) as u64);
            let highs = price(&one, By::Highs, None, &[], &duals, &options, time).unwrap();
            let optimum = highs.bound.expect("HiGHS proves its optimum");
            let beamed = price(&one, By::Beam(&walk), None, &[], &duals, &options, time).unwrap();
            assert!(beamed.too_big && beamed.bound.is_none(), "Instance{n} {p}");
            let value = beamed.found[0].cost
                - beamed.found[0]
                    .shifts
                    .iter()
                    .filter_map(|k| duals.get(k))
                    .sum::<f64>();
            assert!(
                value >= optimum - 1e-6,
                "Instance{n} {p}: {value} < {optimum}"
            );
            let proven = price(
                &one,
                By::Beam(&walk),
                Some(optimum),
                &[],
                &duals,
                &options,
                time,
            )
            .unwrap();
            let bound = proven
                .bound
                .expect("HiGHS prices what the beam cannot beat");
            assert!((bound - optimum).abs() < 1e-6, "Instance{n} {p}");
        }
    }
}

/// A job design on a benchmark team: each option's copy is priced by its own walk (its own
/// contract), and column generation proves the design the enumeration finds best (each
/// design solved by itself under the same limits). Curtois Instance1, everyone paid 20
/// an hour, with three people each offered one option (fewer minutes, shorter runs, no
/// weekends), under each kind of limit and both goals.
#[test]
fn a_design_is_priced_per_option_and_chosen_as_enumerated() {
    use crate::model::{DesignChoice, DesignLimits, OptionGroup};
    let mut base = curtois(1);
    base.people.iter_mut().for_each(|p| p.cost_per_hour = 20.0);
    let mut model = base.clone();
    let mut groups = Vec::new();
    for (p, change) in [(0, 0), (3, 1), (6, 2)] {
        let mut copy = base.people[p].clone();
        copy.id = format!("{}-option", copy.id);
        let contract = &mut copy.contract;
        match change {
            0 => (contract.min_minutes, contract.max_minutes) = (2400, 2880),
            1 => contract.max_consecutive_days = Some(3),
            _ => contract.max_weekends = Some(0),
        }
        model.people.push(copy);
        groups.push(OptionGroup {
            copies: vec![p, model.people.len() - 1],
            labels: vec!["keep".into(), "option".into()],
        });
    }
    let options = SolveOptions::default();
    let all: Vec<Vec<usize>> = (0..8usize)
        .map(|bits| (0..3).map(|g| (bits >> g) & 1).collect())
        .collect();
    let granted = |p: &[usize]| p.iter().sum::<usize>();
    let limited = |limits| DesignLimits {
        max_changes: Some(2),
        ..limits
    };
    let cases = [
        (DesignLimits::default(), false, vec![], vec![]),
        (DesignLimits::default(), true, vec![], vec![]),
        (
            DesignLimits {
                min_cover_pct: Some(91.0),
                ..DesignLimits::default()
            },
            true,
            vec![],
            vec![],
        ),
        (DesignLimits::default(), true, vec![vec![1, 1, 0]], vec![]),
        (
            DesignLimits::default(),
            false,
            vec![],
            vec![None, None, Some(1)],
        ),
        (
            DesignLimits {
                max_weekly_cost: Some(4735.0),
                ..DesignLimits::default()
            },
            true,
            vec![],
            vec![],
        ),
        // No design keeps this cover.
        (
            DesignLimits {
                min_cover_pct: Some(95.0),
                ..DesignLimits::default()
            },
            true,
            vec![],
            vec![],
        ),
    ];
    let mut refused = 0;
    for (case, (limits, most_granted, excluded, forced)) in cases.into_iter().enumerate() {
        let limits = limited(limits);
        let choice = DesignChoice {
            groups: groups.clone(),
            limits,
            most_granted,
            excluded: excluded.clone(),
            forced: forced.clone(),
            ..DesignChoice::default()
        };
        // Each design the programme may choose, solved by itself under the limits: its
        // objective counting what the goal gives a grant, or none.
        let worth = |p: &[usize]| match most_granted {
            true => granted(p) as f64 * crate::milp::GRANT_WORTH,
            false => 0.0,
        };
        let designs: Vec<(&Vec<usize>, Option<f64>)> = (all.iter())
            .filter(|p| granted(p) <= 2 && !excluded.contains(p))
            .filter(|p| (0..3).all(|g| forced.get(g).copied().flatten().is_none_or(|k| p[g] == k)))
            .map(|picks| {
                let mut one = model.clone();
                one.choice = Some(DesignChoice {
                    groups: groups.clone(),
                    ..DesignChoice::default()
                });
                let mut one = one.design(picks);
                one.choice = Some(DesignChoice {
                    limits,
                    ..DesignChoice::default()
                });
                let solved = crate::milp::solve(&one, &options).unwrap();
                let objective = match solved.status {
                    SolveStatus::Optimal => solved.objective,
                    SolveStatus::Infeasible => None,
                    s => panic!("case {case}: design {picks:?} {s:?}"),
                };
                (picks, objective.map(|o| o - worth(picks)))
            })
            .collect();
        let best = designs.iter().filter_map(|d| d.1).reduce(f64::min);
        model.choice = Some(choice);
        assert!(applies(&model), "case {case}");
        let rows = compile::cover_rows(&model).unwrap();
        let units = Units::new(&model, &rows);
        let whole = compile::compile(&model);
        let pricer = Pricer::new(&model, &rows, &units, &whole, &options).unwrap();
        assert!(
            pricer.walks.iter().all(Option::is_some),
            "every option walked"
        );
        // The whole solve: column generation's rota and bound, then whatever proves it.
        let solved = crate::milp::solve(&model, &options).unwrap();
        let Some(best) = best else {
            assert_eq!(solved.status, SolveStatus::Infeasible, "case {case}");
            refused += 1;
            continue;
        };
        assert_eq!(solved.status, SolveStatus::Optimal, "case {case}");
        // The rota's objective, without what the goal gives a grant.
        let picks = solved.rota.unwrap().design.unwrap();
        let objective = solved.objective.unwrap() - worth(&picks);
        assert!(
            (objective - best).abs() < 1e-6,
            "case {case}: {objective} against {best}"
        );
        let chosen = designs.iter().find(|(p, _)| **p == picks).unwrap();
        assert_eq!(
            chosen.1,
            Some(best),
            "case {case}: {picks:?} in {designs:?}"
        );
    }
    assert_eq!(refused, 1, "only the last case has no design");
}
