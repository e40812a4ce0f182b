//! Job shares: the post's minutes, its cover days and handovers. The checker's twin is `check/job_share.rs`.

use super::*;

impl Builder<'_> {
    pub(super) fn job_shares(&mut self) {
        let m = self.model;
        for post in &m.job_shares {
            let mut total = Expression::from(0.0);
            for &p in &post.members {
                total += self.counted(p, 0..m.horizon.days);
            }
            let (lo, hi) = (
                (post.target_minutes - post.tolerance_minutes) as f64,
                (post.target_minutes + post.tolerance_minutes) as f64,
            );
            self.rule(
                RuleId::JobShareMinutes,
                total.clone(),
                Sense::AtLeast,
                lo,
                1.0 / 60.0,
            );
            self.rule(
                RuleId::JobShareMinutes,
                total,
                Sense::AtMost,
                hi,
                1.0 / 60.0,
            );
            for &d in &post.cover_days {
                let mut e = Expression::from(0.0);
                for &p in &post.members {
                    e += self.work(p, d);
                }
                self.rule(RuleId::JobShareCover, e, Sense::AtLeast, 1.0, 1.0);
            }
            for &d in &post.handover_days {
                for &p in &post.members {
                    let e = self.work(p, d);
                    self.rule(RuleId::JobShareHandover, e, Sense::AtLeast, 1.0, 1.0);
                }
            }
        }
    }

    // ---- time use within shifts ---------------------------------------------------------------
}
