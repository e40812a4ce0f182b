//! What the master chooses a pattern for: *units*. A unit is a person, or a menu of a job
//! design ([`crate::model::DesignChoice`]): the menu's patterns are the rotas of its option
//! copies, each priced with that option's contract (by its own walk or HiGHS), so choosing
//! a pattern chooses the option. The design's limits become rows of the master linking
//! units; each pattern's coefficient in them depends only on whose rota it is (which
//! option), so pricing adds a constant per option and otherwise prices as for anyone. The
//! pay bill is the exception: overtime, enhancements and on-call payments depend on the
//! rota. A pattern's column holds its whole pay, and at a pay limit's dual pricing prices
//! that pay too, as the `cost` rule weighted by the dual ([`Pay::weight`]).

use super::Pattern;
use crate::milp::compile::CoverRow;
use crate::milp::GRANT_WORTH;
use crate::model::{Model, ShiftKind};

/// The units of a model, and the design's rows among them.
#[derive(Debug, Clone)]
pub(super) struct Units {
    /// Per unit, the model's people standing for it: one person, or a menu's option
    /// copies that the design may choose (one of them works).
    pub(super) members: Vec<Vec<usize>>,
    /// The design's limits, as rows of the master.
    pub(super) limits: Vec<Limit>,
    /// Per person, the cost every one of their patterns carries beyond their rota's: the
    /// worth of an option granted when the goal is the most granted (negative).
    pub(super) extra: Vec<f64>,
    /// Per unit, the first unit interchangeable with it (a menu has none).
    pub(super) twins: Vec<usize>,
}

/// One limit of the design: `lo <= sum of the chosen patterns' per_person
/// coefficients + sum of each cover row's short slack times per_short <= hi`.
#[derive(Debug, Clone)]
pub(super) struct Limit {
    /// Per person of the model, what each of their patterns counts.
    pub(super) per_person: Vec<f64>,
    /// Per cover row, what each person short of it counts (empty: nothing).
    pub(super) per_short: Vec<f64>,
    pub(super) lo: f64,
    pub(super) hi: f64,
    /// For the pay bill, what each pattern's rota is paid beyond the person's contract.
    pub(super) pay: Option<Pay>,
}

/// Pay that depends on the rota, as the programme counts it (`decided_pay` in
/// `milp::compile`): agency hours, overtime beyond the contract, unsocial enhancements
/// and on-call payments.
#[derive(Debug, Clone)]
pub(super) struct Pay {
    /// Per person: whether they are agency staff, their pay per minute, and their
    /// contract's minutes over the horizon.
    people: Vec<(bool, f64, f64)>,
    overtime_rate: f64,
    /// Per template, the minutes it counts toward a contract.
    counted: Vec<f64>,
    /// Per person and template, what a shift of it is paid on top.
    per_shift: Vec<Vec<f64>>,
    /// The limit's row was divided by this ([`Limit::normalised`]).
    scale: f64,
}

impl Pay {
    /// Whether person `p`'s pay can depend on their rota.
    pub(super) fn varies(&self, p: usize) -> bool {
        let (agency, rate, _) = self.people[p];
        rate > 0.0 && (agency || self.overtime_rate > 0.0)
            || self.per_shift[p].iter().any(|&a| a > 0.0)
    }

    /// The weight a pound of pay the rota decides carries in pricing at the pay limit's
    /// dual `mu` (at most 0: a pound more pay breaks the limit sooner).
    pub(super) fn weight(&self, mu: f64) -> f64 {
        -mu / self.scale
    }

    fn new(model: &Model) -> Pay {
        let rules = &model.rules;
        Pay {
            people: model
                .people
                .iter()
                .map(|p| {
                    let target = p.contract.target_minutes as f64;
                    (p.agency, p.cost_per_hour / 60.0, target)
                })
                .collect(),
            overtime_rate: rules.overtime_rate,
            counted: model
                .shifts
                .iter()
                .map(|s| s.counted_minutes(rules) as f64)
                .collect(),
            per_shift: model
                .people
                .iter()
                .map(|p| {
                    let rate = p.cost_per_hour / 60.0;
                    model
                        .shifts
                        .iter()
                        .map(|s| match s.kind {
                            ShiftKind::Work if s.unsocial => {
                                rate * rules.unsocial_enhancement * s.paid_minutes as f64
                            }
                            ShiftKind::Work => 0.0,
                            ShiftKind::OnCall => rules.oncall_payment,
                        })
                        .collect()
                })
                .collect(),
            scale: 1.0,
        }
    }

    /// What `pattern` is paid beyond its person's contract, in the row's unit.
    pub(super) fn of(&self, pattern: &Pattern) -> f64 {
        let p = pattern.person;
        let (agency, rate, target) = self.people[p];
        let total: f64 = pattern.shifts.iter().map(|&(_, t)| self.counted[t]).sum();
        let hours = match agency {
            true => rate * total,
            false => rate * self.overtime_rate * (total - target).max(0.0),
        };
        let shifts: f64 = pattern
            .shifts
            .iter()
            .map(|&(_, t)| self.per_shift[p][t])
            .sum();
        (hours + shifts) / self.scale
    }
}

impl Limit {
    fn new(people: usize) -> Self {
        Limit {
            per_person: vec![0.0; people],
            per_short: Vec::new(),
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
            pay: None,
        }
    }

    /// What `pattern` counts in this row: its person's coefficient, and for the pay bill
    /// what its rota is paid beyond the contract.
    pub(super) fn of(&self, pattern: &Pattern) -> f64 {
        self.per_person[pattern.person] + self.pay.as_ref().map_or(0.0, |pay| pay.of(pattern))
    }

    /// The row divided by its largest coefficient, so that breaking it by one costs about
    /// [`HARD_LIMIT`] whatever its unit (pounds, minutes short, options granted): a price
    /// per pound or per minute would be too large for HiGHS's tolerances.
    fn normalised(mut self) -> Self {
        let largest = self
            .per_person
            .iter()
            .chain(&self.per_short)
            .fold(0.0_f64, |m, k| m.max(k.abs()));
        if largest > 0.0 {
            self.per_person.iter_mut().for_each(|k| *k /= largest);
            self.per_short.iter_mut().for_each(|k| *k /= largest);
            self.lo /= largest;
            self.hi /= largest;
            if let Some(pay) = &mut self.pay {
                pay.scale = largest;
            }
        }
        self
    }

    /// The dual `mu` of this row as a Lagrangian multiplier may take it: of the sign its
    /// finite side allows, and no larger than the price of breaking the row
    /// ([`HARD_LIMIT`]), so that the bound holds.
    pub(super) fn clip(&self, mu: f64) -> f64 {
        let mu = mu.clamp(-HARD_LIMIT, HARD_LIMIT);
        match (self.lo.is_finite(), self.hi.is_finite()) {
            (false, _) => mu.min(0.0),
            (_, false) => mu.max(0.0),
            _ => mu,
        }
    }

    /// The row's side a multiplier `mu` prices: every rota keeping the row has
    /// `mu x row >= mu x side`.
    pub(super) fn side(&self, mu: f64) -> f64 {
        match mu {
            m if m > 0.0 => m * self.lo,
            m if m < 0.0 => m * self.hi,
            _ => 0.0,
        }
    }
}

/// Cost of breaking a design's limit by one (of its row divided by its largest coefficient)
/// in the master: a hundred grants' worth ([`GRANT_WORTH`]), so that the master keeps the
/// limits whenever its patterns can at little cost. It is a price, not a wall: breaking
/// the pay limit by a few pounds (of thousands a pattern) can be worth a grant to the LP.
/// The bound holds whatever the price; a rota that breaks a limit is no rota
/// ([`super::master::Master::illegal`]), and a root that breaks one leaves the design to
/// HiGHS on the whole programme.
pub(super) const HARD_LIMIT: f64 = 1e8;

impl Units {
    /// The units of `model` (cover rows `rows`): one per person, but one per menu of a
    /// design choice, with the design's limits (checked to fit by [`fits`]).
    pub(super) fn new(model: &Model, rows: &[CoverRow]) -> Units {
        let n = model.people.len();
        let twins = model.twins();
        let Some(choice) = &model.choice else {
            return Units {
                members: (0..n).map(|p| vec![p]).collect(),
                limits: Vec::new(),
                extra: vec![0.0; n],
                twins,
            };
        };
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut unit_of = vec![None; n];
        for p in 0..choice.team_size(n) {
            let copies = match choice.groups.iter().position(|g| g.copies[0] == p) {
                Some(g) => match choice.forced.get(g).copied().flatten() {
                    Some(k) => vec![choice.groups[g].copies[k]],
                    None => choice.groups[g].copies.clone(),
                },
                None => vec![p],
            };
            for &c in &copies {
                unit_of[c] = Some(members.len());
            }
            members.push(copies);
        }
        // A lone person's twin is a unit when it is a lone person too.
        let lone = |p: usize| choice.option_of(p).is_none();
        let unit_twins = members
            .iter()
            .enumerate()
            .map(|(u, m)| match m.as_slice() {
                [p] if lone(*p) && lone(twins[*p]) => unit_of[twins[*p]].unwrap_or(u),
                _ => u,
            })
            .collect();
        let mut extra = vec![0.0; n];
        let mut granted = Limit::new(n);
        for group in &choice.groups {
            for &c in &group.copies[1..] {
                granted.per_person[c] = 1.0;
                if choice.most_granted {
                    extra[c] = -GRANT_WORTH;
                }
            }
        }
        let mut limits = Vec::new();
        for picks in &choice.excluded {
            let mut row = Limit::new(n);
            for (group, &k) in choice.groups.iter().zip(picks) {
                row.per_person[group.copies[k]] = 1.0;
            }
            row.hi = picks.len() as f64 - 1.0;
            limits.push(row);
        }
        if choice.limits.max_changes.is_some() || choice.min_granted > 0 {
            granted.hi = choice
                .limits
                .max_changes
                .map_or(f64::INFINITY, |m| m as f64);
            if choice.min_granted > 0 {
                granted.lo = choice.min_granted as f64;
            }
            limits.push(granted);
        }
        if let Some(pounds) = choice.limits.max_weekly_cost {
            // Each person's contracted pay, and what their rota is paid beyond it.
            let mut row = Limit::new(n);
            row.pay = Some(Pay::new(model));
            for (p, person) in model.people.iter().enumerate() {
                if !person.agency {
                    let minutes = person.contract.target_minutes + person.leave_credit_minutes;
                    row.per_person[p] = minutes as f64 * person.cost_per_hour / 60.0;
                }
            }
            row.hi = pounds * model.horizon.days as f64 / 7.0;
            limits.push(row);
        }
        if let Some(pct) = choice.limits.min_cover_pct {
            // Person-minutes short, as the checker counts shift cover.
            let minutes: Vec<f64> = model
                .shift_cover
                .iter()
                .map(|c| (model.shifts[c.shift].end - model.shifts[c.shift].start) as f64)
                .collect();
            let demand: f64 = rows.iter().zip(&minutes).map(|(r, m)| r.required * m).sum();
            let mut row = Limit::new(n);
            row.per_short = minutes;
            row.hi = (1.0 - pct / 100.0).max(0.0) * demand;
            limits.push(row);
        }
        Units {
            members,
            limits: limits.into_iter().map(Limit::normalised).collect(),
            extra,
            twins: unit_twins,
        }
    }

    /// The pay limit and its dual among `mu` (per limit), when pricing must weigh pay.
    pub(super) fn pay_limit(&self, mu: &[f64]) -> Option<(&Pay, f64)> {
        self.limits
            .iter()
            .zip(mu)
            .find_map(|(l, &m)| l.pay.as_ref().filter(|_| m < 0.0).map(|pay| (pay, m)))
    }

    pub(super) fn len(&self) -> usize {
        self.members.len()
    }

    /// What one of person `p`'s patterns adds to the design's rows at their duals `mu`
    /// (per limit): the constant its reduced cost loses beyond its cost and cover's (pay
    /// beyond the contract aside: at most 0 at a pay limit's dual).
    pub(super) fn priced(&self, p: usize, mu: &[f64]) -> f64 {
        self.limits
            .iter()
            .zip(mu)
            .map(|(l, m)| m * l.per_person[p])
            .sum()
    }
}

/// Whether column generation can hold `model`'s design choice (if any) as rows of units: a
/// cover limit only over shift cover (activity demand links people anyway).
pub(super) fn fits(model: &Model) -> bool {
    model.choice.as_ref().is_none_or(|choice| {
        choice.limits.min_cover_pct.is_none() || model.activity_demand.is_empty()
    })
}
