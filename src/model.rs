//! The validated team model: facts only, no decisions.
//!
//! Every type here is built by [`crate::parse`] from YAML (or by an importer) after all
//! references have been resolved and checked. Ids are replaced by indices into the
//! owning vectors, so downstream stages (compiler, checker, reports) never look names up.
//! Times are minutes: clock times are minutes after midnight, absolute times are minutes
//! after midnight of the first day of the horizon.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::rules::{RuleId, RuleSetting};

/// Minutes in a day.
pub const DAY: i64 = 1440;

/// Index of a person in [`Model::people`].
pub type PersonIx = usize;
/// Index of a shift template in [`Model::shifts`].
pub type ShiftIx = usize;
/// Index of an activity in [`Model::activities`].
pub type ActivityIx = usize;
/// Index of a location in [`Model::locations`].
pub type LocationIx = usize;

/// A whole team model, ready to compile or to check a rota against.
#[derive(Debug, Clone)]
pub struct Model {
    /// Instance name (from the file, or the file stem).
    pub name: String,
    /// The planning horizon.
    pub horizon: Horizon,
    /// Bank holidays inside the horizon, as sorted day indices.
    pub bank_holidays: Vec<usize>,
    /// Granularity, in minutes, of demand windows and activity windows.
    pub slot_minutes: i64,
    /// Shift templates.
    pub shifts: Vec<ShiftTemplate>,
    /// Places people work from.
    pub locations: Vec<Location>,
    /// Tasks people can be allocated to within a shift.
    pub activities: Vec<Activity>,
    /// The team.
    pub people: Vec<Person>,
    /// Posts held by two or more people.
    pub job_shares: Vec<JobShare>,
    /// Cover required per shift template and day (headcount of people on that shift).
    pub shift_cover: Vec<ShiftCover>,
    /// Cover required per activity, day and time window.
    pub activity_demand: Vec<ActivityDemand>,
    /// Days on which some people, or at least some number, must be in the office.
    pub office_days: Vec<OfficeDay>,
    /// Team-wide rule settings.
    pub rules: Rules,
    /// Assignments fixed before solving (published days kept in a re-plan, `pins:`).
    pub pins: Vec<Pin>,
    /// The rota people were told, for a re-plan: changes to it cost (rule `changes`).
    pub published: Option<Published>,
    /// Days before the horizon the history covers (`solve --after`, `history:`): on those
    /// days a person with no history shift was off, which the rules on runs of days need to
    /// know. 0: nothing is known before the horizon.
    pub history_days: usize,
    /// The first day of the fairness period (`history.fairness_since`): `solve --after`
    /// counts the previous rota's unsocial work from it.
    pub fairness_since: Option<NaiveDate>,
    /// The files read to build the model (the instance first, then what it includes), so
    /// that no output of the run is ever written over one of them.
    pub files: Vec<std::path::PathBuf>,
    /// A job design left to the optimiser (a scenario's `choose:` menus): `None` for an
    /// ordinary team.
    pub choice: Option<DesignChoice>,
}

/// Contracts chosen inside one programme: each person with a menu appears once per option,
/// the option's copies appended after everybody else, and exactly one of them works. The
/// programme switches each copy on with a binary (`milp::compile`); [`Model::design`]
/// turns a choice into the ordinary model the checker judges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DesignChoice {
    /// One group per person with a menu, in the menus' order.
    pub groups: Vec<OptionGroup>,
    /// Limits every design keeps, as rows of the programme.
    pub limits: DesignLimits,
    /// Per group, an option the design must take (`Some(0)`: keep their contract); used to
    /// ask what granting one request would take.
    pub forced: Vec<Option<usize>>,
    /// Designs the programme may not choose (each a pick per group): the next-best design
    /// is the best one once the best is excluded.
    pub excluded: Vec<Vec<usize>>,
    /// At least this many options granted (the flexibility goal's first answer).
    pub min_granted: usize,
    /// Maximise the options granted before minimising the objective (the flexibility
    /// goal's first question): each option granted is worth [`crate::milp::GRANT_WORTH`] penalty
    /// points, and the objective is no longer the rota's cost.
    pub most_granted: bool,
}

/// One person's menu: option 0 is their own contract (the person at `copies[0]`), each
/// later option a copy of them with the option's contract.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionGroup {
    /// The people standing for the options, `copies[0]` the person themself.
    pub copies: Vec<PersonIx>,
    /// Each option's label in reports (`copies[0]`'s is `keep`).
    pub labels: Vec<String>,
}

/// Limits on a chosen design.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DesignLimits {
    /// At most this many options granted.
    pub max_changes: Option<usize>,
    /// Weekly staff cost (contracted pay included) at most this, pounds.
    pub max_weekly_cost: Option<f64>,
    /// Demand covered (activity demand and shift cover, in person-minutes) at least this
    /// percent.
    pub min_cover_pct: Option<f64>,
}

impl DesignChoice {
    /// The group and option a person stands for, when they are one of a menu's options.
    pub fn option_of(&self, p: PersonIx) -> Option<(usize, usize)> {
        self.groups
            .iter()
            .enumerate()
            .find_map(|(g, group)| group.copies.iter().position(|&c| c == p).map(|k| (g, k)))
    }

    /// The number of people of a model with this choice before the options' copies.
    pub fn team_size(&self, people: usize) -> usize {
        people
            - self
                .groups
                .iter()
                .map(|g| g.copies.len() - 1)
                .sum::<usize>()
    }
}

/// The planning horizon: consecutive calendar days from `start`, cut into planning weeks
/// that begin on `week_start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Horizon {
    /// The first day.
    pub start: NaiveDate,
    /// Number of days (1..=364).
    pub days: usize,
    /// The weekday each planning week begins on. When it is not the first day's weekday,
    /// the first and last planning weeks are short.
    pub week_start: Weekday,
}

impl Horizon {
    /// A horizon whose planning weeks begin on its first day's weekday.
    pub fn new(start: NaiveDate, days: usize) -> Horizon {
        Horizon {
            start,
            days,
            week_start: start.weekday(),
        }
    }
    /// The calendar date of day `d`.
    pub fn date(&self, d: usize) -> NaiveDate {
        self.start + chrono::Days::new(d as u64)
    }
    /// The weekday of day `d`.
    pub fn weekday(&self, d: usize) -> Weekday {
        self.date(d).weekday()
    }
    /// Day index of `date`, if inside the horizon.
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        let d = (date - self.start).num_days();
        (0..self.days as i64).contains(&d).then_some(d as usize)
    }
    /// Days from the start to the first day of the first whole planning week (0 to 6): the
    /// length of a short first week.
    fn lead(&self) -> usize {
        let from = self.start.weekday().num_days_from_monday();
        let to = self.week_start.num_days_from_monday();
        ((7 + to - from) % 7) as usize
    }
    /// Number of planning weeks; the first and the last may be short.
    pub fn weeks(&self) -> usize {
        let lead = self.lead();
        usize::from(lead > 0) + (self.days - lead.min(self.days)).div_ceil(7)
    }
    /// The planning week day `d` falls in.
    pub fn week_of(&self, d: usize) -> usize {
        match self.lead() {
            0 => d / 7,
            lead if d < lead => 0,
            lead => 1 + (d - lead) / 7,
        }
    }
    /// The days of planning week `w`.
    pub fn week_days(&self, w: usize) -> std::ops::Range<usize> {
        let (start, len) = match self.lead() {
            0 => (7 * w, 7),
            lead if w == 0 => (0, lead),
            lead => (lead + 7 * (w - 1), 7),
        };
        start.min(self.days)..(start + len).min(self.days)
    }
    /// Calendar weekends touching the horizon, each as the day indices of its Saturday and
    /// Sunday that lie inside the horizon.
    pub fn weekends(&self) -> Vec<Vec<usize>> {
        weekends_of((0..self.days as i64).map(|d| (d, self.weekday(d as usize))))
            .into_iter()
            .map(|w| w.into_iter().map(|d| d as usize).collect())
            .collect()
    }

    /// The calendar weekends in the `days` days before the horizon, oldest first, as day
    /// indices (negative). A weekend cut by the horizon's start (a Saturday before a Sunday
    /// day 0) is the horizon's (see [`Horizon::saturday_before`]); one cut by the first of
    /// the `days` keeps the day inside.
    pub fn weekends_before(&self, days: usize) -> Vec<Vec<i64>> {
        let last = match self.saturday_before() {
            true => -2,
            false => -1,
        };
        weekends_of(
            (-(days as i64)..=last)
                .map(|d| (d, (self.start + chrono::Duration::days(d)).weekday())),
        )
    }

    /// Whether the horizon starts on a Sunday, so that its first weekend's Saturday is day
    /// -1, before it.
    pub fn saturday_before(&self) -> bool {
        self.start.weekday() == Weekday::Sun
    }
}

/// Days `(index, weekday)` in order grouped into calendar weekends: a Saturday and the
/// Sunday after it, or either alone where the days begin or end.
fn weekends_of(days: impl Iterator<Item = (i64, Weekday)>) -> Vec<Vec<i64>> {
    let mut out: Vec<Vec<i64>> = Vec::new();
    for (d, weekday) in days {
        match weekday {
            Weekday::Sat => out.push(vec![d]),
            Weekday::Sun => match out.last_mut() {
                Some(w) if w.len() == 1 && w[0] + 1 == d => w.push(d),
                _ => out.push(vec![d]),
            },
            _ => {}
        }
    }
    out
}

/// Whether a shift is worked or is on-call standby.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftKind {
    /// Ordinary working time.
    Work,
    /// On-call standby: counts toward contracted time at [`Rules::standby_fraction`].
    OnCall,
}

/// A shift template: a start and end clock time, possibly crossing midnight.
#[derive(Debug, Clone)]
pub struct ShiftTemplate {
    /// Stable id.
    pub id: String,
    /// Start, minutes after midnight of the day the shift is assigned to.
    pub start: i64,
    /// End, minutes after midnight of the same day; greater than `start`, and above 1440 when
    /// the shift crosses midnight.
    pub end: i64,
    /// Paid minutes (the duration less unpaid breaks).
    pub paid_minutes: i64,
    /// Work or on-call standby.
    pub kind: ShiftKind,
    /// Counts as unsocial work for fairness (evenings, nights).
    pub unsocial: bool,
    /// Weekdays the template may be worked on (all seven unless the template says).
    pub weekdays: Vec<Weekday>,
    /// The unpaid break placed somewhere inside a window of the shift.
    pub unpaid_break: Option<Break>,
    /// For an on-call overlay: the work templates it may follow on the same day, so that one
    /// person works the day and is on call the night after (two assignments on one day, no
    /// rest demanded between them). Empty: the template is a day's only shift.
    pub after: Vec<ShiftIx>,
    /// Rest required between this template's end and the person's next shift, in place of
    /// [`Rules::min_rest_minutes`] (a late start after a night on call); `None`: the rule's.
    pub rest_after: Option<i64>,
}

/// An unpaid break: `minutes` in one piece, inside the clock window `[start, end)` (the
/// same basis as the shift's start and end). The rota shows it as a block of the
/// [`BREAK_ACTIVITY`] activity; no other activity runs through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    /// Length of the break.
    pub minutes: i64,
    /// Earliest start.
    pub start: i64,
    /// Latest end.
    pub end: i64,
}

/// The id of the activity the parser adds for unpaid breaks when a template has one.
pub const BREAK_ACTIVITY: &str = "break";

impl ShiftTemplate {
    /// Rest required after this template before the person's next shift.
    pub fn rest_after(&self, rules: &Rules) -> i64 {
        self.rest_after.unwrap_or(rules.min_rest_minutes)
    }

    /// Whether this template may be worked on the same day as `first`, after it.
    pub fn overlays(&self, first: ShiftIx) -> bool {
        self.after.contains(&first)
    }

    /// Minutes counted toward contracts and the weekly-hours limit.
    pub fn counted_minutes(&self, rules: &Rules) -> i64 {
        match self.kind {
            ShiftKind::Work => self.paid_minutes,
            ShiftKind::OnCall => (self.paid_minutes as f64 * rules.standby_fraction).round() as i64,
        }
    }
}

/// A place work is done from.
#[derive(Debug, Clone)]
pub struct Location {
    /// Stable id.
    pub id: String,
    /// A base is where a person spends a working day (office, home); a non-base location
    /// (community) is visited during the day from any base.
    pub base: bool,
    /// Counts as home working for the home-working allowance.
    pub home: bool,
}

/// A task done within a shift.
#[derive(Debug, Clone)]
pub struct Activity {
    /// Stable id.
    pub id: String,
    /// Locations the activity may be done at. If all are bases, the person's base location
    /// that day must be one of them; if any is not a base, the activity is done away from base.
    pub locations: Vec<LocationIx>,
    /// Clock window within which the activity may be done, minutes after midnight
    /// (`end` may exceed 1440). `None` means any time within a shift.
    pub window: Option<(i64, i64)>,
    /// Skills a person needs to do it.
    pub skills: Vec<String>,
    /// Shift templates it may be done in; empty means any work shift.
    pub shifts: Vec<ShiftIx>,
    /// Protected admin time.
    pub protected_admin: bool,
    /// Continuity: the activity (say, one family's visits) should stay with one worker.
    pub continuity: bool,
    /// The family's worker before the horizon (from the history): anyone else doing it is a
    /// change of worker.
    pub worker: Option<PersonIx>,
    /// Shortest run of the activity a person does, minutes (a visit of 60 minutes in one
    /// piece, duty in half days); `None`: any length.
    pub min_block: Option<i64>,
    /// Most runs of the activity a person does in one day (1: duty held in one piece).
    pub max_blocks_per_day: Option<usize>,
    /// The unpaid break of templates that have one (added by the parser, not written).
    pub is_break: bool,
    /// Unsocial work (evening visits): a weekday with a block of it counts as an evening
    /// for `fair_unsocial`.
    pub unsocial: bool,
}

/// Contracted minutes for one planning week: the target and the lowest and highest counted
/// minutes allowed, with that week's leave already taken off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekMinutes {
    /// Contracted minutes.
    pub target: i64,
    /// Lowest allowed counted minutes.
    pub min: i64,
    /// Highest allowed counted minutes.
    pub max: i64,
}

/// A person's contract, already resolved from its catalogue type and overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// Contract type id.
    pub id: String,
    /// Full-time equivalent, used for pro-rata fairness.
    pub fte: f64,
    /// Contracted minutes over the whole horizon.
    pub target_minutes: i64,
    /// Lowest allowed counted minutes over the horizon (the balance a person may carry
    /// under their contract at the end of the horizon).
    pub min_minutes: i64,
    /// Highest allowed counted minutes over the horizon.
    pub max_minutes: i64,
    /// Per planning week, the contracted minutes and their range; empty for a contract
    /// written per horizon (`minutes_per_horizon`), which holds over the horizon only.
    pub weekly: Vec<WeekMinutes>,
    /// Shift templates the person may work.
    pub allowed_shifts: Vec<ShiftIx>,
    /// Weekdays the person may work.
    pub weekdays: Vec<Weekday>,
    /// Most working days in any planning week.
    pub max_days_per_week: Option<usize>,
    /// Most shifts of each template over the horizon: (template, limit).
    pub max_shifts: Vec<(ShiftIx, usize)>,
    /// Most shifts of each template in any planning week: (template, limit).
    pub max_shifts_per_week: Vec<(ShiftIx, usize)>,
    /// Shortest run of consecutive working days (runs touching the horizon edge excepted).
    pub min_consecutive_days: usize,
    /// Longest run of consecutive working days.
    pub max_consecutive_days: Option<usize>,
    /// Shortest run of consecutive days off (runs touching the horizon edge excepted).
    pub min_consecutive_days_off: usize,
    /// Most weekends worked (Saturday or Sunday) over the horizon.
    pub max_weekends: Option<usize>,
    /// Contracted minutes one day of leave stands for (taken off the contracted range).
    pub leave_day_minutes: i64,
}

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// Not to work at all that day.
    DayOff,
    /// To work this shift template that day.
    ShiftOn(ShiftIx),
    /// Not to work this shift template that day.
    ShiftOff(ShiftIx),
    /// To be based at home that day if working there at all (a fixed home day). A day off
    /// or on leave leaves nothing to honour.
    Home,
    /// At least this many home days in the planning week of the request's day (the number
    /// asked, cut to the days the person can work that week).
    HomeDays(usize),
}

/// A weighted request; its weight is paid when it is not honoured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Request {
    /// Day index.
    pub day: usize,
    /// What is asked.
    pub kind: RequestKind,
    /// Penalty if not honoured.
    pub weight: f64,
}

/// A cap on a person's load of one activity per planning week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActivityCap {
    /// The activity.
    pub activity: ActivityIx,
    /// Most minutes of it in any planning week.
    pub max_minutes_per_week: i64,
}

/// A member of the team.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Skills and grade tags.
    pub skills: Vec<String>,
    /// The resolved contract.
    pub contract: Contract,
    /// Agency (not permanent) worker.
    pub agency: bool,
    /// Cost per paid hour, in pounds.
    pub cost_per_hour: f64,
    /// Most home-base days per planning week (`None`: no limit).
    pub home_days_per_week: Option<usize>,
    /// Absolute time intervals `[start, end)` the person cannot work (leave, training).
    pub unavailable: Vec<(i64, i64)>,
    /// Weighted requests.
    pub requests: Vec<Request>,
    /// Activity load caps.
    pub activity_caps: Vec<ActivityCap>,
    /// Most families (continuity activities) the person holds over the horizon, from their
    /// own cap and `rules.caseloads` for their skills (the least); `None`: no cap.
    pub max_families: Option<usize>,
    /// Contracted minutes taken off the contract (and off a job-share post's minutes) for
    /// the person's leave in the horizon; already deducted from `contract`.
    pub leave_credit_minutes: i64,
    /// Days of leave inside the horizon (sorted day indices; bank holidays not included).
    pub leave_days: Vec<usize>,
    /// Locked-down days (sorted day indices): a catch-up day in the office, with no
    /// unsocial or on-call shift, no home base and no activity but protected admin.
    pub locked_days: Vec<usize>,
    /// What the person worked just before the horizon (the previous rota's last days), for
    /// the rules that look across its start: rest, successions, runs of days, hours in 7
    /// days. Sorted by start.
    pub history: Vec<PastShift>,
    /// Unsocial work done in the fairness period before the horizon: `fair_unsocial` shares
    /// the period's work, not only the horizon's.
    pub unsocial_before: UnsocialCounts,
}

/// Units of each kind of unsocial work `fair_unsocial` shares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnsocialCounts {
    pub nights: usize,
    pub weekends: usize,
    pub evenings: usize,
}

impl UnsocialCounts {
    pub fn is_zero(&self) -> bool {
        *self == UnsocialCounts::default()
    }
}

/// A shift worked before the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PastShift {
    /// The template (of this model, by id).
    pub shift: ShiftIx,
    /// Absolute start, minutes (negative: before the horizon's first midnight).
    pub start: i64,
    /// Absolute end.
    pub end: i64,
}

impl PastShift {
    /// The day it starts on, counted from the horizon's first day (-1: the day before).
    pub fn day(&self) -> i64 {
        self.start.div_euclid(DAY)
    }
}

impl Person {
    /// Whether the history has a shift starting on day `d` (negative: before the horizon).
    pub fn worked_before(&self, d: i64) -> bool {
        self.history.iter().any(|x| x.day() == d)
    }

    /// Whether day `d` is one of the person's locked-down days.
    pub fn locked(&self, d: usize) -> bool {
        self.locked_days.binary_search(&d).is_ok()
    }
}

impl ShiftTemplate {
    /// Whether the template is unsocial or on-call: kept off locked-down days.
    pub fn out_of_hours(&self) -> bool {
        self.unsocial || self.kind == ShiftKind::OnCall
    }
}

impl Activity {
    /// Whether the activity may be done on a locked-down day (protected admin, a break).
    pub fn catch_up(&self) -> bool {
        self.protected_admin || self.is_break
    }
}

impl Person {
    /// Whether the person has every skill in `skills`.
    pub fn has_skills(&self, skills: &[String]) -> bool {
        skills.iter().all(|s| self.skills.contains(s))
    }
}

/// Two or more people holding one post.
#[derive(Debug, Clone)]
pub struct JobShare {
    /// Post id.
    pub id: String,
    /// The holders.
    pub members: Vec<PersonIx>,
    /// The post's contracted minutes over the horizon; the holders' counted minutes must add
    /// up to this, within the tolerance.
    pub target_minutes: i64,
    /// Allowed deviation of the combined minutes from `target_minutes`.
    pub tolerance_minutes: i64,
    /// Days (indices) on which at least one holder must work.
    pub cover_days: Vec<usize>,
    /// Days (indices) on which every holder must work (handover overlap).
    pub handover_days: Vec<usize>,
    /// On handover days, the least time (minutes) each holder's work shift overlaps every
    /// other working holder's; `None`: working the same day is enough.
    pub handover_minutes: Option<i64>,
    /// A menu option's post ([`Model::choice`]): it exists only when this copy of the
    /// person, one of `members`, is chosen; `None`: the post always exists.
    pub option: Option<PersonIx>,
}

/// Headcount cover required for one shift template on one day.
#[derive(Debug, Clone)]
pub struct ShiftCover {
    /// Day index.
    pub day: usize,
    /// The template.
    pub shift: ShiftIx,
    /// Only people with all these skills count.
    pub skills: Vec<String>,
    /// People required.
    pub required: usize,
    /// Penalty per person short.
    pub under_weight: f64,
    /// Penalty per person over.
    pub over_weight: f64,
}

/// What an activity demand line asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DemandKind {
    /// At least this many people on the activity at every minute of the window.
    Headcount(usize),
    /// This many person-minutes of the activity within the window in total.
    PersonMinutes(i64),
}

/// Demand for an activity in an absolute time window.
#[derive(Debug, Clone)]
pub struct ActivityDemand {
    /// The activity.
    pub activity: ActivityIx,
    /// Day index the window belongs to (for reports).
    pub day: usize,
    /// Absolute window `[start, end)`.
    pub start: i64,
    /// Absolute window end.
    pub end: i64,
    /// Headcount or person-minutes.
    pub kind: DemandKind,
    /// Penalty per person-hour short.
    pub under_weight: f64,
    /// Penalty per person-hour over (headcount only).
    pub over_weight: f64,
}

/// A team office day.
#[derive(Debug, Clone)]
pub struct OfficeDay {
    /// Day index.
    pub day: usize,
    /// The office location.
    pub location: LocationIx,
    /// At least this many people based there that day.
    pub min_people: usize,
    /// These people must be based there that day.
    pub people: Vec<PersonIx>,
}

/// A pinned day of one person: exactly these shifts (none: the day off), and where given, the
/// day's base location and activity blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Pin {
    /// The person.
    pub person: PersonIx,
    /// Day index.
    pub day: usize,
    /// The shifts worked that day (a work shift and perhaps an on-call overlay); empty: off.
    pub shifts: Vec<ShiftIx>,
    /// The base location of the day's work shift; `None`: free.
    pub location: Option<LocationIx>,
    /// The activity blocks `(activity, start, end)`, absolute minutes; `None`: free.
    pub activities: Option<Vec<(ActivityIx, i64, i64)>>,
}

/// The rota people were told, from a re-plan's first day on: what counts as a change.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    /// The re-plan's first day: days before it are pinned, days from it may change.
    pub from: usize,
    /// Per person and day from `from`, what was published; a day off too.
    pub days: Vec<PublishedDay>,
    /// Cost of a day whose shifts change (a shift moved, added or taken away).
    pub shift_weight: f64,
    /// Cost of a day kept on the same shift at another base.
    pub location_weight: f64,
    /// Cost of an hour of activity moved, added or taken away (published blocks not kept,
    /// and blocks not published, in hours).
    pub activity_weight: f64,
}

/// One person's published day in a re-plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedDay {
    /// The person.
    pub person: PersonIx,
    /// Day index.
    pub day: usize,
    /// The shifts published (empty: off).
    pub shifts: Vec<ShiftIx>,
    /// The work shift's base.
    pub location: Option<LocationIx>,
    /// The activity blocks `(activity, start, end)`, absolute minutes.
    pub activities: Vec<(ActivityIx, i64, i64)>,
}

/// Team-wide rule settings. Each rule is hard or soft with a weight (see [`RuleSetting`]).
#[derive(Debug, Clone)]
pub struct Rules {
    /// Settings per rule id; a rule not listed is off.
    pub settings: Vec<(RuleId, RuleSetting)>,
    /// Minimum rest between the end of one shift and the start of the next, minutes.
    pub min_rest_minutes: i64,
    /// Forbidden successions: template on day d followed by template on day d+1.
    pub forbidden_successions: Vec<(ShiftIx, ShiftIx)>,
    /// Most counted minutes in any 7 consecutive days.
    pub max_minutes_per_7_days: i64,
    /// Length of the weekly uninterrupted rest, minutes (1440 for 24 h).
    pub weekly_rest_minutes: i64,
    /// Fraction of standby minutes that count toward contracted time.
    pub standby_fraction: f64,
    /// Share of worked minutes each person spends on protected admin (0..1).
    pub admin_share: f64,
    /// Shortest block of protected admin, minutes.
    pub admin_min_block: i64,
    /// Share of worked minutes each person keeps unallocated (0..1).
    pub reserve_share: f64,
    /// Pay for an hour counted beyond a salaried person's contract over the horizon, as a
    /// multiple of their hourly rate.
    pub overtime_rate: f64,
    /// Extra pay for an hour of an unsocial work shift, as a fraction of the hourly rate.
    pub unsocial_enhancement: f64,
    /// Fixed payment for each on-call session, in pounds.
    pub oncall_payment: f64,
    /// Most activity runs a person does in one shift, all activities together (a day
    /// of duty, a visit and admin is three); `None`: no limit.
    pub max_blocks_per_day: Option<usize>,
    /// Least gap, minutes, between a block away from base (a visit) and a block of another
    /// activity, for the journey; 0: none.
    pub travel_minutes: i64,
    /// Days of leave in a row after which the first day back has no unsocial work
    /// (`after_leave`); `None`: no such rule.
    pub after_leave_days: Option<usize>,
    /// Most nights in any 7 consecutive days (`unsocial_window`).
    pub max_nights_per_7_days: Option<usize>,
    /// Most weekends worked in any 4 consecutive weekends (`unsocial_window`).
    pub max_weekends_per_4: Option<usize>,
    /// People who must not work alone (`pairing`).
    pub pairing: Vec<Pairing>,
}

/// People with one skill (newly qualified) are never alone: on each listed shift, and at
/// each minute of each listed activity they do, someone else with another skill (qualified)
/// does the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairing {
    /// The skill of those who need a partner.
    pub skill: String,
    /// The partner's skill.
    pub with: String,
    /// Shift templates on which a partner works the same template the same day.
    pub shifts: Vec<ShiftIx>,
    /// Activities a partner does at the same time.
    pub activities: Vec<ActivityIx>,
}

impl Rules {
    /// The setting of `rule`, if it is on.
    pub fn get(&self, rule: RuleId) -> Option<RuleSetting> {
        self.settings
            .iter()
            .find(|(r, _)| *r == rule)
            .map(|(_, s)| *s)
    }
}

impl Model {
    /// Whether the model states a history before its horizon (`history:` or `solve
    /// --after`): shifts, unsocial work so far or a family's worker.
    pub fn states_history(&self) -> bool {
        self.history_days > 0
            || self
                .people
                .iter()
                .any(|p| !p.history.is_empty() || !p.unsocial_before.is_zero())
            || self.activities.iter().any(|a| a.worker.is_some())
    }

    /// Index of the shift template with this id.
    pub fn shift_ix(&self, id: &str) -> Option<ShiftIx> {
        self.shifts.iter().position(|s| s.id == id)
    }
    /// Index of the activity with this id.
    pub fn activity_ix(&self, id: &str) -> Option<ActivityIx> {
        self.activities.iter().position(|a| a.id == id)
    }
    /// Index of the location with this id.
    pub fn location_ix(&self, id: &str) -> Option<LocationIx> {
        self.locations.iter().position(|l| l.id == id)
    }
    /// Index of the person with this id.
    pub fn person_ix(&self, id: &str) -> Option<PersonIx> {
        self.people.iter().position(|p| p.id == id)
    }

    /// The ordinary model of one design: each group's person takes the option `picks[g]`
    /// (their copy's contract and everything else the option changed, under their own id
    /// and name), and the copies are dropped, from job shares and named office days too; a
    /// post an option makes is kept when the option is chosen (with the person in the
    /// copy's place), else dropped. Copies come after everybody else, so no other index
    /// changes.
    pub fn design(&self, picks: &[usize]) -> Model {
        let mut model = self.clone();
        let Some(choice) = model.choice.take() else {
            return model;
        };
        let mut chosen: Vec<(PersonIx, PersonIx)> = Vec::new();
        for (group, &k) in choice.groups.iter().zip(picks) {
            let own = group.copies[0];
            let mut person = self.people[group.copies[k]].clone();
            person.id = self.people[own].id.clone();
            person.name = self.people[own].name.clone();
            model.people[own] = person;
            chosen.push((group.copies[k], own));
        }
        let team = choice.team_size(self.people.len());
        model.people.truncate(team);
        model.job_shares.retain(|post| {
            post.option
                .is_none_or(|c| chosen.iter().any(|&(k, _)| k == c))
        });
        for post in &mut model.job_shares {
            if let Some(c) = post.option.take() {
                let own = chosen.iter().find(|&&(k, _)| k == c).expect("kept").1;
                for p in &mut post.members {
                    if *p == c {
                        *p = own;
                    }
                }
            }
            post.members.retain(|&p| p < team);
        }
        for day in &mut model.office_days {
            day.people.retain(|&p| p < team);
        }
        model
    }

    /// Per person, the first person (in model order) they are interchangeable with: alike
    /// in everything but id and name (skills, contract, costs, leave, requests, caps) and
    /// named in no job share or office day, so that swapping the two turns any rota into
    /// another of the same cost keeping the same rules. A person with no twin maps to
    /// themselves.
    pub fn twins(&self) -> Vec<PersonIx> {
        let named = |p: PersonIx| {
            self.job_shares.iter().any(|j| j.members.contains(&p))
                || self.office_days.iter().any(|o| o.people.contains(&p))
        };
        let anonymous = |p: &Person| Person {
            id: String::new(),
            name: String::new(),
            ..p.clone()
        };
        let mut firsts: Vec<(Person, PersonIx)> = Vec::new();
        let mut twins = Vec::with_capacity(self.people.len());
        for (p, person) in self.people.iter().enumerate() {
            if named(p) {
                twins.push(p);
                continue;
            }
            let key = anonymous(person);
            match firsts.iter().find(|(k, _)| *k == key) {
                Some(&(_, first)) => twins.push(first),
                None => {
                    twins.push(p);
                    firsts.push((key, p));
                }
            }
        }
        twins
    }
}
