//! Time use within shifts: protected admin, its minimum blocks, and the reserve. The checker's twin is `check/time_use.rs`.

use super::*;

/// Adds a segment's minutes of column `col` to `e`.
fn len_add(e: &mut Expression, seg: &crate::milp::timeline::Segment, col: Col) {
    e.add_mul(seg.len() as f64, col.var);
}

impl Builder<'_> {
    /// Protected admin share, admin blocks and the unallocated reserve. The shares hold in
    /// every planning week (of the shifts on its days), so admin cannot pile into one week.
    pub(super) fn time_use(&mut self) {
        let m = self.model;
        if self.relaxed {
            return;
        }
        let nseg = self.timeline.segments.len();
        let weeks = self.weeks();
        for p in 0..m.people.len() {
            let mut admin = vec![Expression::from(0.0); weeks.len()];
            let mut allocated = vec![Expression::from(0.0); weeks.len()];
            // admin_at[s]: the person's protected-admin columns in segment s.
            let mut admin_at: Vec<Vec<Col>> = vec![Vec::new(); nseg];
            for &(d, s, a) in &self.u_order[p] {
                let col = self.u[p][&(d, s, a)];
                let len = self.timeline.segments[s].len() as f64;
                let in_work = self.x[p][d].iter().any(|(t, _)| {
                    activity_allows(m, a, *t) && m.shifts[*t].kind == ShiftKind::Work
                });
                let w = m.horizon.week_of(d);
                if in_work && !m.activities[a].is_break {
                    allocated[w].add_mul(len, col.var);
                }
                if m.activities[a].protected_admin {
                    admin[w].add_mul(len, col.var);
                    admin_at[s].push(col);
                }
            }
            for ((week, admin), allocated) in weeks.iter().zip(admin).zip(allocated) {
                let worked = self.worked(p, week.clone());
                if m.rules.admin_share > 0.0 {
                    let e = admin - m.rules.admin_share * worked.clone();
                    self.rule(RuleId::ProtectedAdmin, e, Sense::AtLeast, 0.0, 1.0 / 60.0);
                }
                if m.rules.reserve_share > 0.0 {
                    // worked - allocated >= share x worked
                    let e = (1.0 - m.rules.reserve_share) * worked - allocated;
                    self.rule(RuleId::Reserve, e, Sense::AtLeast, 0.0, 1.0 / 60.0);
                }
            }
            if self.setting(RuleId::AdminBlock).is_some() && m.rules.admin_min_block > 0 {
                self.min_runs(&admin_at, m.rules.admin_min_block);
            }
            self.activity_blocks(p);
            if self.setting(RuleId::Breaks).is_some() {
                self.breaks(p);
            }
            if self.setting(RuleId::Travel).is_some() && m.rules.travel_minutes > 0 {
                self.travel(p);
            }
        }
    }

    /// No block away from base within `travel_minutes` of a block of another activity:
    /// for activity `a` in segment `s` and each later segment `t` starting less than the
    /// travel time after `s` ends, `u[s,a]` plus the columns in `t` it may not meet is at
    /// most 1 (a person does one thing at a time, so one row stands for every pair).
    fn travel(&mut self, p: PersonIx) {
        let m = self.model;
        let away = |a: ActivityIx| {
            m.activities[a]
                .locations
                .iter()
                .any(|&l| !m.locations[l].base)
        };
        let segs = &self.timeline.segments;
        let mut at: Vec<Vec<(ActivityIx, Col)>> = vec![Vec::new(); segs.len()];
        for &(d, s, a) in &self.u_order[p] {
            at[s].push((a, self.u[p][&(d, s, a)]));
        }
        let mut rows = Vec::new();
        for s in 0..segs.len() {
            for &(a, col) in &at[s] {
                for t in s + 1..segs.len() {
                    if segs[t].start - segs[s].end >= m.rules.travel_minutes {
                        break;
                    }
                    let mut e = Expression::from(col.var);
                    let mut any = false;
                    for &(b, other) in &at[t] {
                        if b != a && (away(a) || away(b)) {
                            e += other.var;
                            any = true;
                        }
                    }
                    if any {
                        rows.push(constraint::leq(e, 1.0));
                    }
                }
            }
        }
        self.p.constraints.extend(rows);
    }

    /// Each shift with an unpaid break holds its minutes of the break activity inside the
    /// window, and at most one run of it a day: so one piece of exactly that length.
    fn breaks(&mut self, p: PersonIx) {
        let m = self.model;
        let Some(brk) = m.activities.iter().position(|a| a.is_break) else {
            return;
        };
        for d in 0..m.horizon.days {
            let cols: Vec<(usize, Col)> = self.u_order[p]
                .iter()
                .filter(|&&(day, _, a)| day == d && a == brk)
                .map(|&(_, s, _)| (s, self.u[p][&(d, s, brk)]))
                .collect();
            let mut total = Expression::from(0.0);
            let mut owed = Expression::from(0.0);
            for &(t, c) in &self.x[p][d] {
                let Some(b) = m.shifts[t].unpaid_break else {
                    continue;
                };
                let (lo, hi) = (d as i64 * DAY + b.start, d as i64 * DAY + b.end);
                let mut inside = Expression::from(0.0);
                for &(s, col) in &cols {
                    let seg = self.timeline.segments[s];
                    if lo <= seg.start && seg.end <= hi {
                        inside.add_mul(seg.len() as f64, col.var);
                    }
                }
                let e = inside - b.minutes as f64 * c.var;
                self.p.constraints.push(constraint::geq(e, 0.0));
                owed.add_mul(b.minutes as f64, c.var);
            }
            if cols.is_empty() {
                continue;
            }
            let mut starts = Expression::from(0.0);
            for (i, &(s, col)) in cols.iter().enumerate() {
                len_add(&mut total, &self.timeline.segments[s], col);
                match i.checked_sub(1).map(|j| cols[j]) {
                    Some((prev, before)) if prev + 1 == s => {
                        let start = self.new_var(variable().min(0.0).max(1.0));
                        let e = col.var - before.var - start.var;
                        self.p.constraints.push(constraint::leq(e, 0.0));
                        starts += start.var;
                    }
                    _ => starts += col.var,
                }
            }
            self.p.constraints.push(constraint::leq(total - owed, 0.0));
            self.p.constraints.push(constraint::leq(starts, 1.0));
        }
    }

    /// Per activity with a `min_block`, every run at least that long; per shift, runs of
    /// each activity at most its `max_blocks_per_day` and of all together at most the
    /// team's. A run starts in segment `s` when the activity is done in `s` and not in the
    /// segment before on the same day: `start >= u[s] - u[s-1]`, a continuous column that
    /// is 1 wherever a run of whole columns starts.
    fn activity_blocks(&mut self, p: PersonIx) {
        let m = self.model;
        let nseg = self.timeline.segments.len();
        if self.setting(RuleId::ActivityBlock).is_some() {
            for (a, act) in m.activities.iter().enumerate() {
                let Some(block) = act.min_block else { continue };
                let mut at: Vec<Vec<Col>> = vec![Vec::new(); nseg];
                for &(d, s, b) in &self.u_order[p] {
                    if b == a {
                        at[s].push(self.u[p][&(d, s, a)]);
                    }
                }
                self.min_runs(&at, block);
            }
        }
        let total = m.rules.max_blocks_per_day;
        let any_limit =
            total.is_some() || m.activities.iter().any(|a| a.max_blocks_per_day.is_some());
        if self.setting(RuleId::BlocksPerDay).is_none() || !any_limit {
            return;
        }
        let days = m.horizon.days;
        // starts[d][a]: the run-start columns of activity a on day d.
        let mut starts: Vec<Vec<Expression>> =
            vec![vec![Expression::from(0.0); m.activities.len()]; days];
        let mut counted = vec![vec![false; m.activities.len()]; days];
        for i in 0..self.u_order[p].len() {
            let (d, s, a) = self.u_order[p][i];
            let limited = total.is_some() || m.activities[a].max_blocks_per_day.is_some();
            if !limited || m.activities[a].is_break {
                continue;
            }
            let here = self.u[p][&(d, s, a)];
            let before = s
                .checked_sub(1)
                .and_then(|s| self.u[p].get(&(d, s, a)).copied());
            let start = match before {
                // A column with nothing before it starts a run whenever it is used.
                None => here.var.into(),
                Some(before) => {
                    let start = self.new_var(variable().min(0.0).max(1.0));
                    let e = here.var - before.var - start.var;
                    self.p.constraints.push(constraint::leq(e, 0.0));
                    Expression::from(start.var)
                }
            };
            starts[d][a] += start;
            counted[d][a] = true;
        }
        for d in 0..days {
            let mut all = Expression::from(0.0);
            for (a, act) in m.activities.iter().enumerate() {
                if !counted[d][a] {
                    continue;
                }
                let e = std::mem::take(&mut starts[d][a]);
                if let Some(max) = act.max_blocks_per_day {
                    self.rule(
                        RuleId::BlocksPerDay,
                        e.clone(),
                        Sense::AtMost,
                        max as f64,
                        1.0,
                    );
                }
                all += e;
            }
            if let Some(max) = total {
                if counted[d].iter().any(|&c| c) {
                    self.rule(RuleId::BlocksPerDay, all, Sense::AtMost, max as f64, 1.0);
                }
            }
        }
    }

    /// A run of the columns `at` (per segment) starting in segment `s` continues through
    /// every segment that starts less than `block` minutes after `s` starts.
    fn min_runs(&mut self, at: &[Vec<Col>], block: i64) {
        let admin_at = at;
        let segs = &self.timeline.segments;
        let sum = |cols: &[Col]| {
            let mut e = Expression::from(0.0);
            for c in cols {
                e += c.var;
            }
            e
        };
        let timeline_end = segs.last().map_or(0, |l| l.end);
        for s in 0..segs.len() {
            if admin_at[s].is_empty() {
                continue;
            }
            let mut start = sum(&admin_at[s]);
            if s > 0 {
                start -= sum(&admin_at[s - 1]);
            }
            let until = segs[s].start + block;
            for next in s + 1..segs.len() {
                if segs[next].start >= until {
                    break;
                }
                let e = start.clone() - sum(&admin_at[next]);
                self.p.constraints.push(constraint::leq(e, 0.0));
            }
            if timeline_end < until {
                // The run would have to continue past the end of the timeline.
                self.p.constraints.push(constraint::leq(start, 0.0));
            }
        }
    }
}
