//! The rota: decisions only. This is both what the solver returns and what a planner
//! hands to `flexrota validate`, so it refers to people, shifts, activities and locations
//! by id and carries clock times as `HH:MM` text exactly as the JSON interface shows them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A rota: who works which shift on which day, where, and on what.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rota {
    /// One entry per person and day worked.
    pub assignments: Vec<Assignment>,
    /// For a team whose design was left to the optimiser: the option each menu's person
    /// takes (0: their own contract). Not part of the file format; the rota's people are
    /// the options' copies until [`crate::pipeline`] turns it into the design's rota.
    #[serde(skip)]
    #[schemars(skip)]
    pub design: Option<Vec<usize>>,
}

/// One person working one shift template on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Assignment {
    /// Person id.
    pub person: String,
    /// The day the shift starts.
    pub date: NaiveDate,
    /// Shift template id.
    pub shift: String,
    /// Shift start, `HH:MM` (informative; must match the template when given).
    #[serde(default)]
    pub start: String,
    /// Shift end, `HH:MM`; earlier than `start` when the shift crosses midnight.
    #[serde(default)]
    pub end: String,
    /// Base location id for the day (absent for on-call standby).
    #[serde(default)]
    pub location: Option<String>,
    /// Activities done in the shift; time not listed is unallocated.
    #[serde(default)]
    pub activities: Vec<ActivityBlock>,
}

/// An activity done over part of a shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ActivityBlock {
    /// Activity id.
    pub activity: String,
    /// Start, `HH:MM`; a time earlier than the shift's start falls on the next day.
    pub start: String,
    /// End, `HH:MM`, read the same way.
    pub end: String,
    /// Where it is done (the base location, or a non-base location such as community).
    #[serde(default)]
    pub location: Option<String>,
}

/// Formats minutes after midnight (any day) as `HH:MM` on a 24-hour clock.
pub fn clock(minutes: i64) -> String {
    let m = minutes.rem_euclid(1440);
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Parses `HH:MM` (00:00..=24:00) into minutes after midnight.
///
/// ```
/// use flexrota::rota::{clock, parse_clock};
/// assert_eq!(parse_clock("19:30"), Some(1170));
/// assert_eq!(parse_clock("7:3"), None);
/// assert_eq!(clock(1440 + 540), "09:00"); // 09:00 the next day
/// ```
pub fn parse_clock(text: &str) -> Option<i64> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: i64 = h.parse().ok()?;
    let m: i64 = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_round_trips() {
        assert_eq!(parse_clock("08:30"), Some(510));
        assert_eq!(parse_clock("24:00"), Some(1440));
        assert_eq!(parse_clock("24:30"), None);
        assert_eq!(parse_clock("8:5"), None);
        assert_eq!(clock(510), "08:30");
        assert_eq!(clock(1440 + 540), "09:00");
    }
}
