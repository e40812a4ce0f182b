//! Job shares: the post's minutes, its cover days and handovers. The checker's twin is `check/job_share.rs`.

use super::*;

impl Builder<'_> {
    pub(super) fn job_shares(&mut self) {
        let m = self.model;
        for post in &m.job_shares {
            // A menu option's post holds only when the option's switch is on: each row's
            // requirement is scaled by the switch (`need`), and its ceiling lifted, when the
            // switch is off, to the most the holders can work.
            let switch = post
                .option
                .map(|c| self.active[c].expect("a copy's switch").var);
            let need = |amount: f64| match switch {
                Some(z) => Expression::from(0.0) + amount * z,
                None => Expression::from(amount),
            };
            let mut total = Expression::from(0.0);
            for &p in &post.members {
                total += self.counted(p, 0..m.horizon.days);
            }
            let (lo, hi) = (
                (post.target_minutes - post.tolerance_minutes) as f64,
                (post.target_minutes + post.tolerance_minutes) as f64,
            );
            // Every column is a binary: the sum of the positive coefficients bounds the total.
            let most: f64 = total
                .clone()
                .linear_coefficients()
                .map(|(_, k)| k.max(0.0))
                .sum();
            let (ceiling, lifted) = match switch {
                Some(z) if most > hi => (total.clone() + (most - hi) * z, most),
                _ => (total.clone(), hi),
            };
            self.team_rows(|b| {
                b.rule(
                    RuleId::JobShareMinutes,
                    total - need(lo),
                    Sense::AtLeast,
                    0.0,
                    1.0 / 60.0,
                );
                b.rule(
                    RuleId::JobShareMinutes,
                    ceiling,
                    Sense::AtMost,
                    lifted,
                    1.0 / 60.0,
                );
                for &d in &post.cover_days {
                    let mut e = Expression::from(0.0);
                    for &p in &post.members {
                        e += b.work(p, d);
                    }
                    b.rule(
                        RuleId::JobShareCover,
                        e - need(1.0),
                        Sense::AtLeast,
                        0.0,
                        1.0,
                    );
                }
            });
            for &d in &post.handover_days {
                for &p in &post.members {
                    self.as_person(p, |b| b.handover(post, p, d, need(1.0)));
                }
            }
        }
    }

    /// Holder `p` works handover day `d` (`need`: 1, or an option's switch) and, with
    /// `handover_minutes`, their work shift overlaps each other working holder's for that
    /// long: one slack for both, so a holder costs at most one.
    fn handover(&mut self, post: &crate::model::JobShare, p: PersonIx, d: usize, need: Expression) {
        let Some(setting) = self.setting(RuleId::JobShareHandover) else {
            return;
        };
        let slack = match setting {
            RuleSetting::Hard => None,
            RuleSetting::Soft(w) => Some((w, self.slack(true))),
        };
        let w = self.work(p, d);
        self.bound(w - need.clone(), Sense::AtLeast, 0.0, slack);
        let Some(least) = post.handover_minutes else {
            return;
        };
        let m = self.model;
        let work = |cols: &[(ShiftIx, Col)]| -> Vec<(ShiftIx, Col)> {
            cols.iter()
                .copied()
                .filter(|(t, _)| m.shifts[*t].kind == ShiftKind::Work)
                .collect()
        };
        for &q in post.members.iter().filter(|&&q| q != p) {
            for (t, xt) in work(&self.x[p][d]) {
                for (u, xu) in work(&self.x[q][d]) {
                    let (a0, a1) = self.interval(d, t);
                    let (b0, b1) = self.interval(d, u);
                    if a1.min(b1) - a0.max(b0) < least {
                        // The slack's cost is already on the objective.
                        let slack = slack.map(|(_, s)| (0.0, s));
                        // `need` 1 (or the switch on): at most one of the two shifts.
                        let both = xt.var + xu.var + need.clone();
                        self.bound(both, Sense::AtMost, 2.0, slack);
                    }
                }
            }
        }
    }

    // ---- time use within shifts ---------------------------------------------------------------
}
