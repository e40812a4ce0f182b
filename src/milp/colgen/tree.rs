//! Branch and price: a proof, or a better bound and rota.

use super::dive::{choices, Choices};
use super::master::Master;
use super::pricing::Pricer;
use super::{node, surest, Node, Pattern, DIVE_ROUNDS};
use crate::milp::solve::SolveError;
use crate::milp::walk::Fixed;

/// One branching decision of the tree: unit `p` must (`keep`), or may not, make the
/// choice `on`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Decision {
    pub(super) p: usize,
    pub(super) on: Subject,
    pub(super) keep: bool,
}

/// A choice a unit makes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Subject {
    /// What it does on a day.
    Day(usize, Fixed),
    /// Which option (person) of its menu it takes.
    Copy(usize),
}

/// A node of the tree not yet solved: its decisions from the root, and the bound and LP
/// value it inherits from its parent.
pub(super) struct Open {
    pub(super) decisions: Vec<Decision>,
    /// Bounds on the people short over all cover rows.
    pub(super) short: (f64, f64),
    pub(super) bound: f64,
    /// The parent's LP value: among nodes of one rounded bound, the lower, the likelier
    /// to hold a rota at that bound.
    pub(super) lp: f64,
}

/// Branch and price from the root (bound `root_bound`), improving `best` (each person's
/// pattern and the rota's objective, with the constant) until the tree is done or
/// `left()` is 0 or `max_nodes` nodes are solved. Returns the tree's bound: the least bound left open, or the best rota's
/// value when nothing is (the rota is then optimal).
///
/// Each node is column generation under its decisions ([`node`]), pruned once its bound
/// (rounded up, for a whole objective) reaches the best rota. A node whose LP is short a
/// fractional number of people over all cover rows first branches on it: every rota is
/// short a whole number, at most the floor or at least the ceiling
/// ([`Master::bound_short_total`]): one such branch can lift the bound where many
/// person-day branches barely move it. Otherwise
/// a node whose LP is fractional branches on the choice of one person and day that the
/// LP makes most nearly by half: they must make it in one child, and may not in the
/// other, nor may their twins bound alike ([`orbit`]). The next node is
/// the open one of least bound (rounded); among equals, the one whose parent's LP is
/// least, then the deepest, and of two children the one that keeps the choice. These
/// orders prove more optima, sooner, than the surest choice or ignoring the parent's LP.
pub(super) fn tree(
    master: &mut Master,
    pricer: &Pricer,
    root_bound: f64,
    best: &mut Option<(Vec<usize>, f64)>,
    rounds: &mut usize,
    left: impl Fn() -> f64,
    max_nodes: Option<usize>,
) -> Result<f64, SolveError> {
    let integral = pricer.integral;
    let trace = pricer.options.tracing(1);
    let rounding = Rounding {
        integral,
        // Summation noise over units must not round a bound up past a whole value.
        noise: 1e-6 * (master.len() + 1) as f64,
    };
    let rounded = |b: f64| rounding.rounded(b);
    let hopeless = |b: f64, best: &Option<(Vec<usize>, f64)>| rounding.hopeless(b, best);
    let mut open = vec![Open {
        decisions: Vec::new(),
        short: (0.0, f64::INFINITY),
        bound: root_bound,
        lp: root_bound,
    }];
    let mut solved = 0usize;
    // The least bound of the nodes whose LP is whole only by breaking a hard row.
    let mut unbranched = f64::INFINITY;
    let zeros = vec![0.0; master.rows.len() + master.units.limits.len()];
    while left() > 0.0 && max_nodes.is_none_or(|m| solved < m) {
        open.retain(|o| !hopeless(o.bound, best));
        let Some(current) = rounding.next(&open).map(|i| open.swap_remove(i)) else {
            break;
        };
        solved += 1;
        master.fix_to(&current.decisions);
        master.bound_short_total(current.short);
        match fill(master, pricer, &zeros, left())? {
            Fill::Ready => {}
            Fill::NoRota => continue,
            Fill::OutOfTime => {
                open.push(current);
                break;
            }
        }
        let Some(node) = node(
            master,
            pricer,
            integral,
            current.bound,
            DIVE_ROUNDS,
            rounds,
            &left,
        )?
        else {
            open.push(current);
            break;
        };
        if pricer.options.tracing(2) {
            pricer.options.trace_line(format!(
                "tree node {solved} short {:?} depth {} bound {:.3} lp {:.3} total short {:.3}",
                current.short,
                current.decisions.len(),
                node.bound,
                node.lp.value,
                node.lp.short_total
            ));
        }
        if hopeless(node.bound, best) {
            continue;
        }
        let Choices {
            largest,
            fractional,
            copies,
        } = choices(master, &node.lp);
        if fractional.is_empty() && copies.is_empty() {
            let chosen: Vec<usize> = largest.iter().map(|&(k, _)| k).collect();
            if master.illegal(&chosen) {
                // Whole only by breaking hard cover or a limit: no rota, and nothing to
                // branch on; its rotas cost at least its bound, which the tree's keeps.
                unbranched = unbranched.min(node.bound);
                continue;
            }
            open.extend(settle(
                master, pricer, current, &node, chosen, best, &rounding,
            ));
            continue;
        }
        open.extend(children(pricer, &current, &node, &fractional, &copies));
    }
    master.bound_short_total((0.0, f64::INFINITY));
    let least = (open.iter().map(|o| o.bound))
        .chain(unbranched.is_finite().then_some(unbranched))
        .map(rounded)
        .min_by(f64::total_cmp);
    if trace {
        pricer.options.trace_line(format!(
            "colgen: tree {solved} nodes, {} open, least bound {least:?}",
            open.len()
        ));
    }
    let best = best.as_ref().map(|b| rounded(b.1));
    Ok(match (least, best) {
        (Some(l), Some(b)) => l.min(b),
        (l, b) => l.or(b).unwrap_or(rounded(root_bound)),
    })
}

/// Rounding a bound up to a whole value when every rota's objective is whole.
struct Rounding {
    integral: bool,
    noise: f64,
}

impl Rounding {
    fn rounded(&self, b: f64) -> f64 {
        match self.integral {
            true => (b - self.noise).ceil(),
            false => b,
        }
    }

    /// The open node to solve next: least bound first; among equals the least parent's LP,
    /// the deepest, then the last opened.
    fn next(&self, open: &[Open]) -> Option<usize> {
        (0..open.len()).min_by(|&a, &b| {
            let (x, y) = (&open[a], &open[b]);
            self.rounded(x.bound)
                .total_cmp(&self.rounded(y.bound))
                .then(x.lp.total_cmp(&y.lp))
                .then(y.decisions.len().cmp(&x.decisions.len()))
                .then(b.cmp(&a))
        })
    }

    /// Whether a node of bound `b` cannot hold a rota better than `best`.
    fn hopeless(&self, b: f64, best: &Option<(Vec<usize>, f64)>) -> bool {
        best.as_ref().is_some_and(|x| self.rounded(b) >= x.1 - 1e-6)
    }
}

/// A node whose LP is whole: its rota (`chosen`, one pattern per person) becomes the best
/// when better; the node stays open when its pricing ran out of rounds short of its bound.
fn settle(
    master: &Master,
    pricer: &Pricer,
    current: Open,
    node: &Node,
    chosen: Vec<usize>,
    best: &mut Option<(Vec<usize>, f64)>,
    rounding: &Rounding,
) -> Option<Open> {
    // The LP's value, unless a bound on the people short made it pay for slack the rota
    // does not need.
    let value = master.cost(&chosen);
    if best.as_ref().is_none_or(|b| value < b.1 - 1e-6) {
        if pricer.options.tracing(1) {
            pricer.options.trace_line(format!(
                "colgen: tree node depth {} rota {value}",
                current.decisions.len(),
            ));
        }
        *best = Some((chosen, value));
    }
    // Out of rounds short of the bound: better rotas may be left in the node. (At the
    // bound, within HiGHS's tolerance, the node is done.)
    let short = node.lp.value - node.bound > 1e-6 * node.bound.abs().max(1.0);
    (short && !rounding.hopeless(node.bound, best)).then_some(Open {
        decisions: current.decisions,
        short: current.short,
        bound: node.bound,
        lp: node.lp.value,
    })
}

/// Whether everyone has a pattern that keeps to the master's decisions.
enum Fill {
    Ready,
    /// Someone has none at all: the node has no rota.
    NoRota,
    /// The time ran out before everyone had one.
    OutOfTime,
}

/// Gives everyone without a pattern that keeps to the master's decisions their cheapest
/// (priced at `zeros`, within `seconds`).
fn fill(
    master: &mut Master,
    pricer: &Pricer,
    zeros: &[f64],
    seconds: f64,
) -> Result<Fill, SolveError> {
    let lacking: Vec<usize> = (0..master.len())
        .filter(|&p| !master.has_allowed(p))
        .collect();
    if lacking.is_empty() {
        return Ok(Fill::Ready);
    }
    let priced = pricer.price(&lacking, zeros, Some(master), seconds)?;
    if priced.iter().any(|p| p.infeasible) {
        return Ok(Fill::NoRota);
    }
    let found: Vec<Option<Pattern>> = priced
        .into_iter()
        .map(|p| p.found.into_iter().next())
        .collect();
    if found.iter().any(Option::is_none) {
        return Ok(Fill::OutOfTime);
    }
    for (&p, pattern) in lacking.iter().zip(found.into_iter().flatten()) {
        master.add(p, pattern);
    }
    Ok(Fill::Ready)
}

/// The two children of a node whose LP is `fractional` on days or `copies` on options:
/// on the number of people short when that is fractional (every rota has a whole number,
/// at most its floor or at least its ceiling), else on the option of one menu the LP takes
/// most nearly by half (taken in one child, refused in the other), else on the choice of
/// one unit and day the LP makes most nearly by half (made in one child, forbidden to its
/// orbit in the other).
fn children(
    pricer: &Pricer,
    current: &Open,
    node: &Node,
    fractional: &[(usize, usize, Fixed, f64)],
    copies: &[(usize, usize, f64)],
) -> Vec<Open> {
    let total = node.lp.short_total;
    if (total - total.round()).abs() > 1e-6 {
        let (lo, hi) = current.short;
        return [(total.ceil(), hi), (lo, total.floor())]
            .into_iter()
            .map(|short| Open {
                decisions: current.decisions.clone(),
                short,
                bound: node.bound,
                lp: node.lp.value,
            })
            .collect();
    }
    let (p, on, orbit) = match copies.is_empty() {
        false => {
            let (u, q, _) = surest(copies, |c| -(c.2 - 0.5).abs());
            // A menu has no twins.
            (u, Subject::Copy(q), vec![u])
        }
        true => {
            let (p, d, what, _) = surest(fractional, |c| -(c.3 - 0.5).abs());
            // Orbital branching: a twin of `p` under the same decisions who makes the
            // choice could swap rotas with `p` into the child that keeps it, at the same
            // cost, so the other child forbids it to all of them.
            let orbit = orbit(&pricer.units.twins, &current.decisions, p);
            (p, Subject::Day(d, what), orbit)
        }
    };
    [false, true]
        .into_iter()
        .map(|keep| {
            let mut decisions = current.decisions.clone();
            match keep {
                true => decisions.push(Decision { p, on, keep }),
                false => decisions.extend(orbit.iter().map(|&q| Decision { p: q, on, keep })),
            }
            Open {
                decisions,
                short: current.short,
                bound: node.bound,
                lp: node.lp.value,
            }
        })
        .collect()
}

/// Unit `p` and its twins (`twins`: [`Units::twins`](super::units::Units::twins)) whom
/// `decisions` bind exactly as they bind `p` (the same choices made and forbidden), in
/// order: the units any rota under `decisions` can swap with `p`.
pub(super) fn orbit(twins: &[usize], decisions: &[Decision], p: usize) -> Vec<usize> {
    let of = |who: usize| {
        decisions
            .iter()
            .filter(move |c| c.p == who)
            .map(|c| (c.on, c.keep))
    };
    let alike = |q: usize| of(p).count() == of(q).count() && of(p).all(|x| of(q).any(|y| x == y));
    (0..twins.len())
        .filter(|&q| q == p || twins[q] == twins[p] && alike(q))
        .collect()
}
