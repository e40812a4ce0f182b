//! The structural rules: one shift a day, one base location per work shift, activities that fit (availability and contract shifts are in which columns exist). The checker's twin is `check/structural.rs`.

use super::*;

impl Builder<'_> {
    /// An on-call overlay only after a work shift it lists in `after`, and at most one
    /// overlay a day.
    fn overlays_follow(&mut self, p: PersonIx, d: usize) {
        let m = self.model;
        let overlays = self.y[p][d].clone();
        for &(o, c) in &overlays {
            let mut firsts = Expression::from(0.0);
            for &(t, x) in &self.x[p][d] {
                if m.shifts[o].overlays(t) {
                    firsts += x.var;
                }
            }
            self.p
                .constraints
                .push(constraint::leq(c.var - firsts, 0.0));
        }
        if overlays.len() > 1 {
            let mut all = Expression::from(0.0);
            for (_, c) in &overlays {
                all += c.var;
            }
            self.p.constraints.push(constraint::leq(all, 1.0));
        }
    }

    /// One shift per day; no overlapping shifts; one base location per work shift; activities
    /// only in a shift that allows them, at an allowed base, one at a time.
    pub(super) fn structure(&mut self) {
        let m = self.model;
        for p in 0..m.people.len() {
            for d in 0..m.horizon.days {
                if self.x[p][d].len() > 1 {
                    let w = self.work(p, d);
                    self.p.constraints.push(constraint::leq(w, 1.0));
                }
                self.overlays_follow(p, d);
                // Shifts on different days must not overlap.
                for d2 in d + 1..(d + 2).min(m.horizon.days) {
                    for &(t1, c1) in &self.shifts_on(p, d) {
                        let (_, e1) = self.interval(d, t1);
                        for &(t2, c2) in &self.shifts_on(p, d2) {
                            if self.interval(d2, t2).0 < e1 {
                                self.p
                                    .constraints
                                    .push(constraint::leq(c1.var + c2.var, 1.0));
                            }
                        }
                    }
                }
                if !self.loc[p][d].is_empty() {
                    let mut sum = Expression::from(0.0);
                    for (_, c) in &self.loc[p][d] {
                        sum += c.var;
                    }
                    let mut works = Expression::from(0.0);
                    for (t, c) in &self.x[p][d] {
                        if m.shifts[*t].kind == ShiftKind::Work {
                            works += c.var;
                        }
                    }
                    self.p.constraints.push(constraint::eq(sum, works));
                }
            }
            // Activities: per (day, segment) at most one activity, only when a template that
            // allows it covers the segment, only from an allowed base.
            let mut by_slot: BTreeMap<(usize, usize), Vec<(ActivityIx, Col)>> = BTreeMap::new();
            for &(d, s, a) in &self.u_order[p] {
                let col = self.u[p][&(d, s, a)];
                by_slot.entry((d, s)).or_default().push((a, col));
            }
            for ((d, s), acts) in by_slot {
                let seg = self.timeline.segments[s];
                let model = self.model;
                let covering = |t: ShiftIx| {
                    let s = &model.shifts[t];
                    let day = d as i64 * DAY;
                    day + s.start <= seg.start && seg.end <= day + s.end
                };
                let mut all = Expression::from(0.0);
                let mut present = Expression::from(0.0);
                let covers: Vec<(ShiftIx, Col)> = self.x[p][d]
                    .iter()
                    .copied()
                    .filter(|(t, _)| covering(*t))
                    .collect();
                for (_, c) in &covers {
                    present += c.var;
                }
                // Activities sharing the same set of allowed bases share one row.
                let mut by_bases: BTreeMap<Vec<LocationIx>, Expression> = BTreeMap::new();
                for &(a, col) in &acts {
                    all += col.var;
                    if !covers.iter().all(|(t, _)| activity_allows(m, a, *t)) {
                        let mut allowed = Expression::from(0.0);
                        for (t, c) in &covers {
                            if activity_allows(m, a, *t) {
                                allowed += c.var;
                            }
                        }
                        self.p.constraints.push(constraint::leq(col.var, allowed));
                    }
                    let act = &m.activities[a];
                    let base_only = act.locations.iter().all(|&l| m.locations[l].base);
                    let every_base = self.loc[p][d]
                        .iter()
                        .all(|(l, _)| act.locations.contains(l));
                    if base_only && !every_base {
                        *by_bases.entry(act.locations.clone()).or_default() += col.var;
                    }
                }
                // One activity at a time, only while on shift.
                self.p.constraints.push(constraint::leq(all, present));
                for (bases, used) in by_bases {
                    let mut at = Expression::from(0.0);
                    for (l, c) in &self.loc[p][d] {
                        if bases.contains(l) {
                            at += c.var;
                        }
                    }
                    self.p.constraints.push(constraint::leq(used, at));
                }
            }
        }
    }

    // ---- contract and working time --------------------------------------------------------
}
