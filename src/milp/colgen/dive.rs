//! Dives: fix what the master's LP is surest of, price again, repeat until the LP is whole;
//! and what the LP chooses of each person ([`choices`]), which the tree branches on too.

use std::time::Instant;

use super::master::{Lp, Master};
use super::pricing::Pricer;
use super::{node, surest, DIVE_ROUNDS};
use crate::milp::solve::SolveError;
use crate::milp::walk::Fixed;

/// What a dive fixes at each step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Fixing {
    /// Every person the LP gives one whole pattern, or else the person closest to one:
    /// their whole rota at once.
    People,
    /// The open day (of one person) whose choice the LP is surest of, short of whole.
    Days,
}

/// How one dive goes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Strategy {
    pub(super) fixing: Fixing,
    /// Price only while the LP's value, rounded up, is above the bound's (when the
    /// objective is whole): the dive rounds within the patterns it has for as long as
    /// they can be as good as anything pricing could add, which is faster and can give a
    /// better rota within a time limit.
    pub(super) rounding: bool,
}

/// The dives column generation makes in turn (each once) while time is left, keeping the
/// best rota. No one strategy finds the best first rota on every team: which wins is
/// sensitive to ties in the LP, hence the turns.
pub(super) const STRATEGIES: [Strategy; 4] = [
    Strategy {
        fixing: Fixing::People,
        rounding: true,
    },
    Strategy {
        fixing: Fixing::Days,
        rounding: true,
    },
    Strategy {
        fixing: Fixing::Days,
        rounding: false,
    },
    Strategy {
        fixing: Fixing::People,
        rounding: false,
    },
];

/// One dive: fix (as `strategy` says) until the LP is whole, pricing after each step
/// ([`node`], at most [`DIVE_ROUNDS`] rounds and the step's share of `left()`: the time
/// left over the people not yet fixed whole; once `left()` reaches 0, over the patterns
/// the master has). Sharing the time matters when it is short: a dive that prices its
/// first steps fully runs out, and the people it then fixes without pricing spoil the
/// rota. `floor` is the root's bound. Gives up
/// when the bound shows no rota below `beat` is left. Returns each person's pattern (an
/// index into the master's patterns) and the rota's objective (with the constant); adds
/// to `late` the people it fixed after `left()` reached 0.
#[allow(clippy::too_many_arguments)]
pub(super) fn dive(
    master: &mut Master,
    pricer: &Pricer,
    floor: f64,
    strategy: Strategy,
    beat: Option<f64>,
    rounds: &mut usize,
    late: &mut Vec<usize>,
    left: impl Fn() -> f64,
) -> Result<Option<(Vec<usize>, f64)>, SolveError> {
    let integral = pricer.integral;
    let rounding = integral && strategy.rounding;
    loop {
        // Each step prices for at most its share of the time left, shared among the
        // people not yet fixed whole, so that no step goes unpriced for want of time.
        let open = (0..master.len())
            .filter(|&p| master.fixed[p].iter().any(|a| a.must == Fixed::Free))
            .count()
            .max(1);
        let share = left() / open as f64;
        let step_started = Instant::now();
        let step_left = || left().min(share - step_started.elapsed().as_secs_f64());
        let Some(node) = node(
            master,
            pricer,
            rounding,
            floor,
            DIVE_ROUNDS,
            rounds,
            step_left,
        )?
        else {
            return Ok(None);
        };
        let lp = node.lp;
        let hopeless = match integral {
            true => (node.bound - 1e-6).ceil(),
            false => node.bound,
        } >= beat.unwrap_or(f64::INFINITY) - 1e-6;
        if hopeless {
            return Ok(None);
        }
        if pricer.options.tracing(2) {
            pricer.options.trace_line(format!(
                "colgen dive lp {:.2} bound {:.2} left {:.1}s",
                lp.value,
                node.bound,
                left()
            ));
        }
        let Choices {
            largest,
            fractional,
            copies,
        } = choices(master, &lp);
        if fractional.is_empty() && copies.is_empty() {
            // Every day and option whole: each unit's largest pattern is its rota.
            let chosen = largest.iter().map(|&(k, _)| k).collect();
            return Ok(Some((chosen, lp.value)));
        }
        let out_of_time = left() <= 0.0;
        if !copies.is_empty() {
            // The job design before the days: the option the LP is surest of.
            let (u, q, _) = surest(&copies, |c| c.2);
            master.fix_copy(u, q);
            if out_of_time && !late.contains(&u) {
                late.push(u);
            }
            continue;
        }
        let (p, d, choice, _) = surest(&fractional, |c| c.3);
        match strategy.fixing {
            Fixing::Days => {
                master.fix(p, d, choice);
                if out_of_time && !late.contains(&p) {
                    late.push(p);
                }
            }
            Fixing::People => {
                let open = |p: usize| master.fixed[p].iter().any(|a| a.must == Fixed::Free);
                let whole: Vec<usize> = (0..master.len())
                    .filter(|&p| open(p) && largest[p].1 >= 1.0 - 1e-6)
                    .collect();
                let split: Vec<usize> = (0..master.len())
                    .filter(|&p| open(p) && largest[p].1 < 1.0 - 1e-6)
                    .collect();
                // Fixing more than one split person at a time is faster but gives worse
                // rotas.
                let people = match (whole.is_empty(), split.is_empty()) {
                    (false, _) => whole,
                    (_, false) => vec![surest(&split, |&p| largest[p].1)],
                    _ => vec![p],
                };
                for p in people {
                    if out_of_time && !late.contains(&p) {
                        late.push(p);
                    }
                    let pattern = master.patterns[largest[p].0].1.clone();
                    master.fix_copy(p, pattern.person);
                    for d in 0..master.days {
                        let what = pattern.on(d);
                        master.fix(p, d, what);
                    }
                }
            }
        }
    }
}

/// What the master's LP chooses.
pub(super) struct Choices {
    /// Per unit, its largest pattern and its weight (ties: the earlier).
    pub(super) largest: Vec<(usize, f64)>,
    /// `(unit, day, choice, weight)` of the choices the LP makes in part, in order.
    pub(super) fractional: Vec<(usize, usize, Fixed, f64)>,
    /// `(unit, person, weight)` of the options the LP takes in part, in order.
    pub(super) copies: Vec<(usize, usize, f64)>,
}

/// What the master's `lp` chooses for each unit: its option, and what it does each day.
pub(super) fn choices(master: &Master, lp: &Lp) -> Choices {
    // Per unit and day, the LP's weight on each choice; per unit, on each option.
    let mut weights = vec![vec![Vec::<(Fixed, f64)>::new(); master.days]; master.len()];
    let mut options = vec![Vec::<(usize, f64)>::new(); master.len()];
    let mut largest: Vec<(usize, f64)> = vec![(usize::MAX, -1.0); master.len()];
    for (k, (u, pattern)) in master.patterns.iter().enumerate() {
        let lambda = lp.lambdas[k];
        if lambda <= 1e-9 {
            continue;
        }
        if lambda > largest[*u].1 + 1e-9 {
            largest[*u] = (k, lambda);
        }
        for (d, weights) in weights[*u].iter_mut().enumerate() {
            let choice = pattern.on(d);
            match weights.iter_mut().find(|w| w.0 == choice) {
                Some(w) => w.1 += lambda,
                None => weights.push((choice, lambda)),
            }
        }
        match options[*u].iter_mut().find(|o| o.0 == pattern.person) {
            Some(o) => o.1 += lambda,
            None => options[*u].push((pattern.person, lambda)),
        }
    }
    let mut fractional = Vec::new();
    for (p, days) in weights.iter().enumerate() {
        for (d, choices) in days.iter().enumerate() {
            for &(choice, w) in choices {
                if w < 1.0 - 1e-6 {
                    fractional.push((p, d, choice, w));
                }
            }
        }
    }
    let copies = options
        .iter()
        .enumerate()
        .flat_map(|(u, o)| o.iter().map(move |&(p, w)| (u, p, w)))
        .filter(|c| c.2 < 1.0 - 1e-6)
        .collect();
    Choices {
        largest,
        fractional,
        copies,
    }
}
