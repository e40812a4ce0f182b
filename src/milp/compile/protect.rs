//! Protecting newly qualified workers: never alone on the listed shifts and activities, and
//! a cap on the families they hold. The checker's twin is `check/protect.rs`.

use super::*;

impl Builder<'_> {
    /// Per person with a pairing rule's skill: on each listed template they work, someone
    /// else with the partner skill works it the same day (`sum partners >= own`, charged per
    /// paid hour alone); in each segment of a listed activity they do, a partner does it too
    /// (charged per hour alone).
    pub(super) fn pairing(&mut self) {
        let m = self.model;
        for rule in &m.rules.pairing {
            let needs: Vec<PersonIx> = (0..m.people.len())
                .filter(|&p| m.people[p].skills.contains(&rule.skill))
                .collect();
            let partners: Vec<PersonIx> = (0..m.people.len())
                .filter(|&p| m.people[p].skills.contains(&rule.with))
                .collect();
            for &p in &needs {
                for d in 0..m.horizon.days {
                    for &t in &rule.shifts {
                        let Some(own) = self.on(p, d, t) else {
                            continue;
                        };
                        let mut e = Expression::from(0.0);
                        for &q in partners.iter().filter(|&&q| q != p) {
                            if let Some(on) = self.on(q, d, t) {
                                e += on;
                            }
                        }
                        let hours = m.shifts[t].paid_minutes as f64 / 60.0;
                        self.rule(RuleId::Pairing, e - own, Sense::AtLeast, 0.0, hours);
                    }
                }
                for i in 0..self.u_order[p].len() {
                    let key = self.u_order[p][i];
                    if !rule.activities.contains(&key.2) {
                        continue;
                    }
                    let mut e = Expression::from(0.0) - self.u[p][&key].var;
                    for &q in partners.iter().filter(|&&q| q != p) {
                        if let Some(c) = self.u[q].get(&key) {
                            e += c.var;
                        }
                    }
                    let hours = self.timeline.segments[key.1].len() as f64 / 60.0;
                    self.rule(RuleId::Pairing, e, Sense::AtLeast, 0.0, hours);
                }
            }
        }
    }

    /// Per person with a caseload cap: `holds[p,a] >= u[p,d,s,a]` for every column of a
    /// continuity activity (one family), and the families held at most the cap.
    pub(super) fn caseload(&mut self) {
        let m = self.model;
        for p in 0..m.people.len() {
            let Some(cap) = m.people[p].max_families else {
                continue;
            };
            let mut held = Expression::from(0.0);
            let mut families = 0;
            for (a, act) in m.activities.iter().enumerate() {
                if !act.continuity {
                    continue;
                }
                let Some(holds) = self.does(p, a) else {
                    continue;
                };
                held += holds.var;
                families += 1;
            }
            if families > cap {
                self.rule(RuleId::Caseload, held, Sense::AtMost, cap as f64, 1.0);
            }
        }
    }
}
