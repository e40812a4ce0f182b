//! What the master chooses a pattern for: *units*. A unit is a person, or a menu of a job
//! design ([`crate::model::DesignChoice`]): the menu's patterns are the rotas of its option
//! copies, each priced with that option's contract (by its own walk or HiGHS), so choosing
//! a pattern chooses the option. The design's limits become rows of the master linking
//! units; each pattern's coefficient in them depends only on whose rota it is (which
//! option), so pricing adds a constant per option and otherwise prices as for anyone.

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
}

impl Limit {
    fn new(people: usize) -> Self {
        Limit {
            per_person: vec![0.0; people],
            per_short: Vec::new(),
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
        }
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

/// Cost of breaking a design's limit by one in the master: far above any grant's worth
/// ([`GRANT_WORTH`]), so that the master keeps the limits whenever its patterns can.
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
            // Pay that no rota changes ([`fits`]): each person's contracted pay.
            let mut row = Limit::new(n);
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

    pub(super) fn len(&self) -> usize {
        self.members.len()
    }

    /// What one of person `p`'s patterns adds to the design's rows at their duals `mu`
    /// (per limit): the constant its reduced cost loses beyond its cost and cover's.
    pub(super) fn priced(&self, p: usize, mu: &[f64]) -> f64 {
        self.limits
            .iter()
            .zip(mu)
            .map(|(l, m)| m * l.per_person[p])
            .sum()
    }
}

/// Whether column generation can hold `model`'s design choice (if any) as rows of units:
/// a pay limit only when no one's pay depends on their rota (no agency hours, overtime,
/// unsocial enhancement or on-call payment), since a pattern's pay would otherwise have to
/// be priced shift by shift; a cover limit only over shift cover.
pub(super) fn fits(model: &Model) -> bool {
    let Some(choice) = &model.choice else {
        return true;
    };
    let rules = &model.rules;
    let paid_by_rota = model.people.iter().any(|person| {
        let rate = person.cost_per_hour;
        rate > 0.0
            && (person.agency
                || rules.overtime_rate > 0.0
                || rules.unsocial_enhancement > 0.0
                    && model
                        .shifts
                        .iter()
                        .any(|s| s.kind == ShiftKind::Work && s.unsocial))
    }) || rules.oncall_payment > 0.0
        && model.shifts.iter().any(|s| s.kind == ShiftKind::OnCall);
    let pay = choice.limits.max_weekly_cost.is_none() || !paid_by_rota;
    let cover = choice.limits.min_cover_pct.is_none() || model.activity_demand.is_empty();
    pay && cover
}
