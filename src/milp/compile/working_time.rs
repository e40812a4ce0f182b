//! Contract and working-time rules: minutes, days per week, shifts per template, runs of days on and off, weekends, rest, 48 hours in 7 days, weekly rest, activity caps. The checker's twin is `check/working_time.rs`.

use super::*;

impl Builder<'_> {
    /// Counted minutes within the contract's range. When the rule is hard, the bounds are
    /// lifted to the nearest totals the person's templates can actually make (a 2160-minute
    /// minimum with 450-minute shifts is really 2250), which closes most of the LP's gap on
    /// cost.
    pub(super) fn contract_minutes(&mut self) {
        let hard = self.setting(RuleId::ContractMinutes) == Some(RuleSetting::Hard);
        for (p, person) in self.model.people.iter().enumerate() {
            let c = &person.contract;
            let total = self.counted(p, 0..self.model.horizon.days);
            let mut lengths: Vec<i64> = (0..self.model.horizon.days)
                .flat_map(|d| self.shifts_on(p, d))
                .map(|(t, _)| self.model.shifts[t].counted_minutes(&self.model.rules))
                .collect();
            lengths.sort_unstable();
            lengths.dedup();
            let (lo, hi) = if hard {
                reachable_range(&lengths, c.min_minutes, c.max_minutes)
                    .unwrap_or((c.min_minutes, c.max_minutes))
            } else {
                (c.min_minutes, c.max_minutes)
            };
            self.as_person(p, |b| {
                b.rule(
                    RuleId::ContractMinutes,
                    total.clone(),
                    Sense::AtLeast,
                    lo as f64,
                    1.0 / 60.0,
                );
                b.rule(
                    RuleId::ContractMinutes,
                    total,
                    Sense::AtMost,
                    hi as f64,
                    1.0 / 60.0,
                );
            });
        }
        self.weekly_minutes();
    }

    /// Counted minutes in each planning week within that week's range, lifted like the
    /// horizon's to the totals the person's templates can make.
    fn weekly_minutes(&mut self) {
        let hard = self.setting(RuleId::WeeklyMinutes) == Some(RuleSetting::Hard);
        for (p, person) in self.model.people.iter().enumerate() {
            for (week, range) in self.weeks().into_iter().zip(&person.contract.weekly) {
                let mut lengths: Vec<i64> = week
                    .clone()
                    .flat_map(|d| self.shifts_on(p, d))
                    .map(|(t, _)| self.model.shifts[t].counted_minutes(&self.model.rules))
                    .collect();
                lengths.sort_unstable();
                lengths.dedup();
                let (lo, hi) = match hard {
                    true => reachable_range(&lengths, range.min, range.max)
                        .unwrap_or((range.min, range.max)),
                    false => (range.min, range.max),
                };
                let total = self.counted(p, week);
                if lo > 0 {
                    let rule = RuleId::WeeklyMinutes;
                    let at_least = total.clone();
                    self.as_person(p, |b| {
                        b.rule(rule, at_least, Sense::AtLeast, lo as f64, 1.0 / 60.0)
                    });
                }
                self.rule(
                    RuleId::WeeklyMinutes,
                    total,
                    Sense::AtMost,
                    hi as f64,
                    1.0 / 60.0,
                );
            }
        }
    }

    pub(super) fn days_per_week(&mut self) {
        for (p, person) in self.model.people.iter().enumerate() {
            let Some(max) = person.contract.max_days_per_week else {
                continue;
            };
            for week in self.weeks() {
                if week.len() <= max {
                    continue;
                }
                let mut e = Expression::from(0.0);
                for d in week {
                    e += self.work(p, d);
                }
                self.rule(RuleId::MaxDaysPerWeek, e, Sense::AtMost, max as f64, 1.0);
            }
        }
    }

    pub(super) fn max_shifts(&mut self) {
        for (p, person) in self.model.people.iter().enumerate() {
            let all = 0..self.model.horizon.days;
            let limits = person
                .contract
                .max_shifts
                .iter()
                .map(|&(t, n)| (t, n, vec![all.clone()]))
                .chain(
                    person
                        .contract
                        .max_shifts_per_week
                        .iter()
                        .map(|&(t, n)| (t, n, self.weeks())),
                )
                .collect::<Vec<_>>();
            for (t, n, ranges) in limits {
                for range in ranges {
                    let mut e = Expression::from(0.0);
                    let mut count = 0;
                    for d in range {
                        if let Some(on) = self.on(p, d, t) {
                            e += on;
                            count += 1;
                        }
                    }
                    if count > n {
                        self.rule(RuleId::MaxShifts, e, Sense::AtMost, n as f64, 1.0);
                    }
                }
            }
        }
    }

    pub(super) fn consecutive_days(&mut self) {
        let h = self.model.horizon.days;
        for (p, person) in self.model.people.iter().enumerate() {
            let c = &person.contract;
            if let Some(k) = c.max_consecutive_days {
                for s in 0..h.saturating_sub(k) {
                    let mut e = Expression::from(0.0);
                    for d in s..=s + k {
                        e += self.work(p, d);
                    }
                    self.rule(RuleId::MaxConsecutiveDays, e, Sense::AtMost, k as f64, 1.0);
                }
                self.lifted_work_windows(p, k, c.min_consecutive_days_off);
                self.runs_from_history(p, k);
            }
            self.runs_into_horizon(p, c.min_consecutive_days, true);
            self.runs_into_horizon(p, c.min_consecutive_days_off, false);
            // work[d] - work[d-1] - work[d+j] <= 0 (a run starting at d lasts k days).
            for d in 1..h {
                for j in 1..c.min_consecutive_days {
                    if d + j > h - 1 {
                        break;
                    }
                    let e = self.work(p, d) - self.work(p, d - 1) - self.work(p, d + j);
                    self.rule(RuleId::MinConsecutiveDays, e, Sense::AtMost, 0.0, 1.0);
                }
                for j in 1..c.min_consecutive_days_off {
                    if d + j > h - 1 {
                        break;
                    }
                    // off[d] - off[d-1] - off[d+j] <= 0 with off = 1 - work.
                    let e = self.work(p, d - 1) + self.work(p, d + j) - self.work(p, d);
                    self.rule(RuleId::MinConsecutiveDaysOff, e, Sense::AtMost, 1.0, 1.0);
                }
            }
        }
    }

    /// Windows of `k + 1` days that start `s` days before the horizon (1 to `k`): the days
    /// the history worked in them leave `k - worked` for the window's days in the horizon.
    fn runs_from_history(&mut self, p: PersonIx, k: usize) {
        let m = self.model;
        let person = &m.people[p];
        if person.history.is_empty() {
            return;
        }
        for s in 1..=k {
            let future = k + 1 - s;
            if future > m.horizon.days {
                continue;
            }
            let worked = (1..=s as i64)
                .filter(|&j| person.history.iter().any(|h| h.day() == -j))
                .count();
            if worked == 0 {
                continue;
            }
            let mut e = Expression::from(0.0);
            for d in 0..future {
                e += self.work(p, d);
            }
            let room = k as f64 - worked as f64;
            self.rule(RuleId::MaxConsecutiveDays, e, Sense::AtMost, room, 1.0);
        }
    }

    /// A run of days worked (`working`) or off that the history began, shorter than the
    /// minimum `k`: the rows for its pairs `(d, j)` with `d + j` in the horizon. A run
    /// `r` days long at the horizon's start (its first day's eve known) must go on for the
    /// horizon's first `k - r` days; one starting on day 0 after a known day of the other
    /// kind on day -1 gets the rows of any other run.
    fn runs_into_horizon(&mut self, p: PersonIx, k: usize, working: bool) {
        let m = self.model;
        let known = m.history_days as i64;
        if k < 2 || known == 0 {
            return;
        }
        let person = &m.people[p];
        let h = m.horizon.days;
        let rule = match working {
            true => RuleId::MinConsecutiveDays,
            false => RuleId::MinConsecutiveDaysOff,
        };
        let run = (1..=known)
            .take_while(|&j| person.worked_before(-j) == working)
            .count();
        if run == 0 {
            // Day -1 is of the other kind: a run starting on day 0 lasts `k` days.
            for j in (1..k).take_while(|&j| j < h) {
                let e = match working {
                    true => self.work(p, 0) - self.work(p, j),
                    false => self.work(p, j) - self.work(p, 0),
                };
                self.rule(rule, e, Sense::AtMost, 0.0, 1.0);
            }
        } else if (run as i64) < known && run < k {
            for d in (0..k - run).take_while(|&d| d < h) {
                let (sense, rhs) = match working {
                    true => (Sense::AtLeast, 1.0),
                    false => (Sense::AtMost, 0.0),
                };
                self.rule(rule, self.work(p, d), sense, rhs, 1.0);
            }
        }
    }

    /// With at most `k` days worked in a row and at least `m` days off between runs, both
    /// hard, any `k + m` consecutive days hold at most `k` days worked: `k + 1` would be
    /// two runs with a break of `m` or more between them inside the window (a break
    /// between two days worked touches neither edge of the horizon). The rule rows only
    /// say so for `k + 1` days, which a fractional rota meets working most days a little;
    /// these rows cut such points off and change no whole rota.
    pub(super) fn lifted_work_windows(&mut self, p: PersonIx, k: usize, m: usize) {
        let hard = |rule| self.setting(rule) == Some(RuleSetting::Hard);
        let h = self.model.horizon.days;
        if m < 2 || !hard(RuleId::MaxConsecutiveDays) || !hard(RuleId::MinConsecutiveDaysOff) {
            return;
        }
        for s in 0..(h + 1).saturating_sub(k + m) {
            let mut e = Expression::from(0.0);
            for d in s..s + k + m {
                e += self.work(p, d);
            }
            self.p.constraints.push(constraint::leq(e, k as f64));
        }
    }

    pub(super) fn max_weekends(&mut self) {
        let weekends = self.model.horizon.weekends();
        for (p, person) in self.model.people.iter().enumerate() {
            let Some(max) = person.contract.max_weekends else {
                continue;
            };
            if weekends.len() <= max || self.setting(RuleId::MaxWeekends).is_none() {
                continue;
            }
            let mut total = Expression::from(0.0);
            for (i, days) in weekends.iter().enumerate() {
                // The history worked this weekend's Saturday, before the horizon.
                if i == 0 && self.model.horizon.saturday_before() && person.worked_before(-1) {
                    total += 1.0;
                    continue;
                }
                let worked = self.new_var(variable().min(0.0).max(1.0));
                for &d in days {
                    let w = self.work(p, d);
                    self.p.constraints.push(constraint::geq(worked.var, w));
                }
                total += worked.var;
            }
            self.rule(RuleId::MaxWeekends, total, Sense::AtMost, max as f64, 1.0);
        }
    }

    /// Minimum rest between shifts (pairs of shifts up to two days apart) and forbidden
    /// successions. Each constraint aggregates the later shifts of one earlier shift, the
    /// day's shifts in one row and its overlays in another; since a person works at most one
    /// of each a day, the slack still counts pairs.
    pub(super) fn rest_and_successions(&mut self) {
        self.rest_after_history();
        let m = self.model;
        for p in 0..m.people.len() {
            for d in 0..m.horizon.days {
                for &(t1, c1) in &self.shifts_on(p, d) {
                    let (_, end) = self.interval(d, t1);
                    let min_rest = m.shifts[t1].rest_after(&m.rules);
                    for d2 in d + 1..(d + 3).min(m.horizon.days) {
                        for later in [self.x[p][d2].clone(), self.y[p][d2].clone()] {
                            let close: Vec<Col> = later
                                .iter()
                                .filter(|&&(t2, _)| {
                                    (0..min_rest).contains(&(self.interval(d2, t2).0 - end))
                                })
                                .map(|&(_, c)| c)
                                .collect();
                            self.at_most_one_after(RuleId::MinRest, c1, &close);
                        }
                    }
                    if d + 1 < m.horizon.days {
                        for later in [self.x[p][d + 1].clone(), self.y[p][d + 1].clone()] {
                            let forbidden: Vec<Col> = later
                                .iter()
                                .filter(|&&(t2, _)| {
                                    m.rules.forbidden_successions.contains(&(t1, t2))
                                })
                                .map(|&(_, c)| c)
                                .collect();
                            self.at_most_one_after(RuleId::ForbiddenSuccession, c1, &forbidden);
                        }
                    }
                }
            }
        }
    }

    /// The history's shifts against the horizon's first days: no column starting within a
    /// past shift's rest after it, and none following a past shift on the day before by a
    /// forbidden succession (each a row over the columns it rules out, so a soft slack
    /// counts pairs).
    pub(super) fn rest_after_history(&mut self) {
        let m = self.model;
        for (p, person) in m.people.iter().enumerate() {
            for past in &person.history {
                let rest = m.shifts[past.shift].rest_after(&m.rules);
                let mut close = Expression::from(0.0);
                let mut follows = Expression::from(0.0);
                let (mut any_close, mut any_follows) = (false, false);
                for d in 0..m.horizon.days.min(3) {
                    for (t, c) in self.shifts_on(p, d) {
                        if self.interval(d, t).0 - past.end < rest {
                            close += c.var;
                            any_close = true;
                        }
                        if d == 0
                            && past.day() == -1
                            && m.rules.forbidden_successions.contains(&(past.shift, t))
                        {
                            follows += c.var;
                            any_follows = true;
                        }
                    }
                }
                if any_close {
                    self.rule(RuleId::MinRest, close, Sense::AtMost, 0.0, 1.0);
                }
                if any_follows {
                    self.rule(
                        RuleId::ForbiddenSuccession,
                        follows,
                        Sense::AtMost,
                        0.0,
                        1.0,
                    );
                }
            }
        }
    }

    /// `first` and one of `later` (columns that exclude each other) not both worked.
    fn at_most_one_after(&mut self, rule: RuleId, first: Col, later: &[Col]) {
        if later.is_empty() {
            return;
        }
        let mut e = Expression::from(first.var);
        for c in later {
            e += c.var;
        }
        self.rule(rule, e, Sense::AtMost, 1.0, 1.0);
    }

    pub(super) fn minutes_per_7_days(&mut self) {
        let limit = self.model.rules.max_minutes_per_7_days;
        let h = self.model.horizon.days;
        for p in 0..self.model.people.len() {
            // Whole 7-day windows only: a horizon shorter than a week has none (its history
            // windows below still count).
            for s in 0..(h + 1).saturating_sub(7) {
                let most: i64 = (s..s + 7)
                    .map(|d| {
                        let most = |columns: &[(ShiftIx, Col)]| {
                            columns
                                .iter()
                                .map(|(t, _)| {
                                    self.model.shifts[*t].counted_minutes(&self.model.rules)
                                })
                                .max()
                                .unwrap_or(0)
                        };
                        most(&self.x[p][d]) + most(&self.y[p][d])
                    })
                    .sum();
                if most <= limit {
                    continue;
                }
                let e = self.counted(p, s..s + 7);
                self.rule(
                    RuleId::MaxMinutesPer7Days,
                    e,
                    Sense::AtMost,
                    limit as f64,
                    1.0 / 60.0,
                );
            }
            // Windows starting 1 to 6 days before the horizon, with the history's minutes.
            let person = &self.model.people[p];
            for back in 1..7i64 {
                let ahead = (7 - back) as usize;
                if ahead > h {
                    continue;
                }
                let past: i64 = person
                    .history
                    .iter()
                    .filter(|x| (-back..0).contains(&x.day()))
                    .map(|x| self.model.shifts[x.shift].counted_minutes(&self.model.rules))
                    .sum();
                if past == 0 {
                    continue;
                }
                let e = self.counted(p, 0..ahead);
                self.rule(
                    RuleId::MaxMinutesPer7Days,
                    e,
                    Sense::AtMost,
                    (limit - past) as f64,
                    1.0 / 60.0,
                );
            }
        }
    }

    /// `r[p,d]` marks a rest day: no shift on `d`, and no pair of shifts on `d-1` and `d+1`
    /// closer than the weekly rest. Every 7-day window needs one.
    pub(super) fn weekly_rest(&mut self) {
        if self.setting(RuleId::WeeklyRest).is_none() {
            return;
        }
        let m = self.model;
        let h = m.horizon.days;
        if h < 7 {
            return;
        }
        let need = m.rules.weekly_rest_minutes;
        for p in 0..m.people.len() {
            let mut rest = Vec::with_capacity(h);
            for d in 0..h {
                let r = self.binary();
                let w = self.work(p, d);
                self.p.constraints.push(constraint::leq(r.var + w, 1.0));
                if d >= 1 && d + 1 < h {
                    for &(t1, c1) in &self.shifts_on(p, d - 1) {
                        let (_, end) = self.interval(d - 1, t1);
                        let mut close = Expression::from(0.0);
                        let mut any = false;
                        // An overlay on d+1 follows a shift that starts before it.
                        for &(t2, c2) in &self.x[p][d + 1] {
                            if self.interval(d + 1, t2).0 - end < need {
                                close += c2.var;
                                any = true;
                            }
                        }
                        if any {
                            self.p
                                .constraints
                                .push(constraint::leq(r.var + c1.var + close, 2.0));
                        }
                    }
                }
                rest.push(r);
            }
            for s in 0..=h - 7 {
                let mut e = Expression::from(0.0);
                for r in &rest[s..s + 7] {
                    e += r.var;
                }
                self.rule(RuleId::WeeklyRest, e, Sense::AtLeast, 1.0, 1.0);
            }
            self.weekly_rest_from_history(p, &rest);
        }
    }

    /// The weekly rest across the horizon's start, with the history: day 0 is no rest day
    /// when a history shift on day -1 ends too close to a shift on day 1; day -1 is one when
    /// the history has nothing on it and nothing on day -2 too close to a shift on day 0;
    /// earlier days from the history alone; and every 7-day window starting 1 to 6 days
    /// before the horizon needs one.
    fn weekly_rest_from_history(&mut self, p: PersonIx, rest: &[Col]) {
        let m = self.model;
        let person = &m.people[p];
        if person.history.is_empty() {
            return;
        }
        let need = m.rules.weekly_rest_minutes;
        let h = m.horizon.days;
        let on = |d: i64| person.history.iter().filter(move |x| x.day() == d);
        // A history shift ending at `end` against the columns of horizon day `d`.
        let close = |b: &Self, end: i64, d: usize| -> Vec<Col> {
            b.x[p][d]
                .iter()
                .filter(|&&(t, _)| b.interval(d, t).0 - end < need)
                .map(|&(_, c)| c)
                .collect()
        };
        if h > 1 {
            for past in on(-1) {
                for c in close(self, past.end, 1) {
                    self.p
                        .constraints
                        .push(constraint::leq(rest[0].var + c.var, 1.0));
                }
            }
        }
        let last = self.binary();
        if on(-1).next().is_some() {
            self.p.constraints.push(constraint::eq(last.var, 0.0));
        }
        for past in on(-2) {
            for c in close(self, past.end, 0) {
                self.p
                    .constraints
                    .push(constraint::leq(last.var + c.var, 1.0));
            }
        }
        // Days -6 to -2 from the history alone.
        let past_rest = |d: i64| {
            on(d).next().is_none()
                && match (
                    on(d - 1).map(|x| x.end).max(),
                    on(d + 1).map(|x| x.start).min(),
                ) {
                    (Some(end), Some(start)) => start - end >= need,
                    _ => true,
                }
        };
        for back in 1..7i64 {
            let ahead = (7 - back) as usize;
            if ahead > h || (-back..-1).any(past_rest) {
                continue;
            }
            let mut e = Expression::from(last.var);
            for r in &rest[..ahead] {
                e += r.var;
            }
            self.rule(RuleId::WeeklyRest, e, Sense::AtLeast, 1.0, 1.0);
        }
    }

    // ---- place ----------------------------------------------------------------------------

    pub(super) fn activity_caps(&mut self) {
        let m = self.model;
        for (p, person) in m.people.iter().enumerate() {
            for cap in &person.activity_caps {
                for week in self.weeks() {
                    let mut e = Expression::from(0.0);
                    let mut most = 0;
                    for &(d, s, a) in &self.u_order[p] {
                        if a == cap.activity && week.contains(&d) {
                            let len = self.timeline.segments[s].len();
                            e.add_mul(len as f64, self.u[p][&(d, s, a)].var);
                            most += len;
                        }
                    }
                    if most > cap.max_minutes_per_week {
                        self.rule(
                            RuleId::ActivityCap,
                            e,
                            Sense::AtMost,
                            cap.max_minutes_per_week as f64,
                            1.0 / 60.0,
                        );
                    }
                }
            }
        }
    }

    // ---- fairness -------------------------------------------------------------------------
}
