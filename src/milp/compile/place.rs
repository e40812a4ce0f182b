//! Place: home-working allowances and team office days. The checker's twin is `check/place.rs`.

use super::*;

impl Builder<'_> {
    pub(super) fn home_and_office(&mut self) {
        let m = self.model;
        for (p, person) in m.people.iter().enumerate() {
            let Some(allowance) = person.home_days_per_week else {
                continue;
            };
            for week in self.weeks() {
                let mut e = Expression::from(0.0);
                let mut n = 0;
                for d in week {
                    for (l, c) in &self.loc[p][d] {
                        if m.locations[*l].home {
                            e += c.var;
                            n += 1;
                        }
                    }
                }
                if n > allowance {
                    self.rule(RuleId::HomeWorking, e, Sense::AtMost, allowance as f64, 1.0);
                }
            }
        }
        for office in &m.office_days {
            let at = |b: &Self, p: PersonIx| -> Expression {
                let mut e = Expression::from(0.0);
                for (l, c) in &b.loc[p][office.day] {
                    if *l == office.location {
                        e += c.var;
                    }
                }
                e
            };
            if office.min_people > 0 {
                let mut e = Expression::from(0.0);
                for p in 0..m.people.len() {
                    e += at(self, p);
                }
                let least = office.min_people as f64;
                self.team_rows(|b| b.rule(RuleId::OfficeDay, e, Sense::AtLeast, least, 1.0));
            }
            // A named person is in the office on the days they work there at all: a day off
            // (no location column) misses nothing.
            for &p in &office.people {
                let mut e = at(self, p);
                for (_, c) in &self.loc[p][office.day] {
                    e -= c.var;
                }
                self.rule(RuleId::OfficeDay, e, Sense::AtLeast, 0.0, 1.0);
            }
        }
    }

    // ---- job-share ------------------------------------------------------------------------
}
