//! The planner's week: pinned days kept exactly, and the changes a re-plan makes to the
//! published rota. The checker's twin is `check/pins.rs`.

use super::*;
use crate::milp::timeline::Segment;

impl Builder<'_> {
    /// Person `p`'s activity columns on day `d`, with their segments.
    fn day_columns(&self, p: PersonIx, d: usize) -> Vec<((usize, usize, ActivityIx), Segment)> {
        self.u_order[p]
            .iter()
            .filter(|k| k.0 == d)
            .map(|&k| (k, self.timeline.segments[k.1]))
            .collect()
    }

    /// Each pinned day: its pinned columns fixed at 1 and every other shift column of the
    /// day at 0; the pinned location's column at 1; with pinned activities, each activity
    /// column of the day at 1 inside a pinned block of its activity and 0 elsewhere. A pin
    /// whose column does not exist (a shift the contract or leave rules out) makes the
    /// programme infeasible, as the checker's `pinned` will say why.
    pub(super) fn pinned(&mut self) {
        let m = self.model;
        for pin in &m.pins {
            let (p, d) = (pin.person, pin.day);
            let mut kept = true;
            for (t, c) in self.shifts_on(p, d) {
                let on = f64::from(u8::from(pin.shifts.contains(&t)));
                self.p.constraints.push(constraint::eq(c.var, on));
            }
            for &t in &pin.shifts {
                kept &= self.on(p, d, t).is_some();
            }
            if let Some(l) = pin.location {
                match self.loc[p][d].iter().find(|(k, _)| *k == l) {
                    Some(&(_, c)) => self.p.constraints.push(constraint::eq(c.var, 1.0)),
                    None => kept = false,
                }
            }
            if let (Some(blocks), false) = (&pin.activities, self.relaxed) {
                let inside = |a: ActivityIx, s: i64, e: i64| {
                    blocks
                        .iter()
                        .any(|&(b, bs, be)| b == a && bs <= s && e <= be)
                };
                for (key, seg) in self.day_columns(p, d) {
                    let on = f64::from(u8::from(inside(key.2, seg.start, seg.end)));
                    self.p
                        .constraints
                        .push(constraint::eq(self.u[p][&key].var, on));
                }
                for &(a, s, e) in blocks {
                    kept &= self
                        .timeline
                        .within(s, e)
                        .all(|seg| self.u[p].contains_key(&(d, seg, a)));
                }
            }
            if !kept {
                self.p
                    .constraints
                    .push(constraint::eq(Expression::from(0.0), 1.0));
            }
        }
    }

    /// The activity columns of person `p` on day `d` against the published blocks: `(1 -
    /// u)` for a published segment, `u` for any other, each at `weight` per hour. Published
    /// segments with no column cost their hours as a constant.
    fn activity_changes(
        &mut self,
        weight: f64,
        p: PersonIx,
        d: usize,
        blocks: &[(ActivityIx, i64, i64)],
    ) {
        if weight <= 0.0 || self.relaxed {
            return;
        }
        let published = |a: ActivityIx, s: i64, e: i64| {
            blocks
                .iter()
                .any(|&(b, bs, be)| b == a && bs <= s && e <= be)
        };
        for (key, seg) in self.day_columns(p, d) {
            let cost = weight * seg.len() as f64 / 60.0;
            let u = self.u[p][&key].var;
            match published(key.2, seg.start, seg.end) {
                true => {
                    self.p.constant += cost;
                    self.p.objective.add_mul(-cost, u);
                }
                false => self.p.objective.add_mul(cost, u),
            }
        }
        for &(a, s, e) in blocks {
            let missing: i64 = self
                .timeline
                .within(s, e)
                .filter(|&seg| !self.u[p].contains_key(&(d, seg, a)))
                .map(|seg| self.timeline.segments[seg].len())
                .sum();
            self.p.constant += weight * missing as f64 / 60.0;
        }
    }

    /// Per person and day of the published rota from the re-plan's first day: `change >= 1 -
    /// x` for each published shift and `change >= x` for any other, at the shift weight;
    /// `moved >= x - loc` for the published work shift kept at another base, at the location
    /// weight.
    pub(super) fn changes(&mut self) {
        let Some(RuleSetting::Soft(w)) = self.setting(RuleId::Changes) else {
            return;
        };
        let m = self.model;
        let Some(published) = &m.published else {
            return;
        };
        for day in &published.days {
            let (p, d, shifts, location) = (day.person, day.day, &day.shifts, &day.location);
            self.activity_changes(published.activity_weight * w, p, d, &day.activities);
            let columns = self.shifts_on(p, d);
            if columns.is_empty() && shifts.is_empty() {
                continue;
            }
            let change = self.new_var(variable().min(0.0).max(1.0));
            self.p
                .objective
                .add_mul(w * published.shift_weight, change.var);
            for &(t, c) in &columns {
                let e = match shifts.contains(&t) {
                    true => change.var + c.var,
                    false => change.var - c.var,
                };
                let floor = f64::from(u8::from(shifts.contains(&t)));
                self.p.constraints.push(constraint::geq(e, floor));
            }
            if shifts.iter().any(|t| !columns.iter().any(|(k, _)| k == t)) {
                // A published shift no longer possible (leave, sickness): a change.
                self.p.constraints.push(constraint::geq(change.var, 1.0));
            }
            let work = shifts
                .iter()
                .find(|&&t| m.shifts[t].kind == ShiftKind::Work);
            let (Some(&t), Some(l)) = (work, *location) else {
                continue;
            };
            let Some(&(_, x)) = columns.iter().find(|(k, _)| *k == t) else {
                continue;
            };
            let moved = self.new_var(variable().min(0.0).max(1.0));
            self.p
                .objective
                .add_mul(w * published.location_weight, moved.var);
            let mut e = Expression::from(moved.var) - x.var;
            if let Some(&(_, c)) = self.loc[p][d].iter().find(|(k, _)| *k == l) {
                e += c.var;
            }
            self.p.constraints.push(constraint::geq(e, 0.0));
        }
    }
}
