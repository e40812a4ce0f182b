//! Time use within shifts: protected admin, its minimum blocks, and the reserve. The checker's twin is `check/time_use.rs`.

use super::*;

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
                if in_work {
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
                self.admin_blocks(&admin_at);
            }
        }
    }

    /// A run of admin starting in segment `s` continues through every segment that starts
    /// less than `admin_min_block` minutes after `s` starts.
    pub(super) fn admin_blocks(&mut self, admin_at: &[Vec<Col>]) {
        let segs = &self.timeline.segments;
        let sum = |cols: &[Col]| {
            let mut e = Expression::from(0.0);
            for c in cols {
                e += c.var;
            }
            e
        };
        let block = self.model.rules.admin_min_block;
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
