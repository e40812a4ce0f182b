//! Calendars people keep in their phones: each person's rota as an RFC 5545 calendar.
//!
//! Times are the rota's local clock times with `TZID=Europe/London` and a `VTIMEZONE` that
//! gives the UK's clock changes (last Sunday of March and of October), so a calendar app
//! shows a 09:00 start at 09:00 on either side of a change. Each event's `UID` names the
//! person, the day and the kind of event (work, on call, leave), not the shift, so a
//! re-planned day replaces the event people already have rather than adding a second one.

use chrono::{Duration, NaiveDate};

use crate::model::{Model, PersonIx, ShiftKind, DAY};
use crate::rota::Rota;

/// The time zone every event is in.
const TZID: &str = "Europe/London";

/// The UK's rules since 1996: BST from 01:00 UTC on the last Sunday of March to 01:00 UTC
/// on the last Sunday of October (local 01:00 GMT and 02:00 BST).
const VTIMEZONE: &str = "BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
TZNAME:BST
DTSTART:19960331T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
TZNAME:GMT
DTSTART:19961027T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE";

/// Person `p`'s calendar: their shifts, on-call and leave in the horizon.
pub fn calendar(model: &Model, rota: &Rota, p: PersonIx) -> String {
    let person = &model.people[p];
    let stamp = format!("{}T000000Z", compact(model.horizon.start));
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        format!(
            "PRODID:-//flexrota//flexrota {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(&format!("{}: rota", person.name))),
        format!("X-WR-TIMEZONE:{TZID}"),
    ];
    lines.extend(VTIMEZONE.lines().map(str::to_string));
    let mut assignments: Vec<_> = rota
        .assignments
        .iter()
        .filter(|a| a.person == person.id)
        .collect();
    assignments.sort_by(|a, b| (a.date, &a.shift).cmp(&(b.date, &b.shift)));
    for a in assignments {
        let Some(t) = model.shift_ix(&a.shift) else {
            continue;
        };
        let shift = &model.shifts[t];
        let (kind, summary) = match shift.kind {
            ShiftKind::OnCall => ("oncall", format!("On call ({})", shift.id)),
            ShiftKind::Work => (
                "work",
                match &a.location {
                    Some(l) => format!("{} at {l}", shift.id),
                    None => shift.id.clone(),
                },
            ),
        };
        let description: Vec<String> = a
            .activities
            .iter()
            .map(|b| {
                let at = b
                    .location
                    .as_deref()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default();
                format!("{}-{} {}{at}", b.start, b.end, b.activity)
            })
            .collect();
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!(
            "UID:{}-{}-{kind}@flexrota",
            person.id,
            compact(a.date)
        ));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!(
            "DTSTART;TZID={TZID}:{}",
            local(a.date, shift.start)
        ));
        lines.push(format!("DTEND;TZID={TZID}:{}", local(a.date, shift.end)));
        lines.push(format!("SUMMARY:{}", text(&summary)));
        if !description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", text(&description.join("\n"))));
        }
        if shift.kind == ShiftKind::OnCall {
            lines.push("CATEGORIES:ON-CALL".into());
        }
        lines.push("TRANSP:OPAQUE".into());
        lines.push("END:VEVENT".into());
    }
    for &d in &person.leave_days {
        let date = model.horizon.date(d);
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!(
            "UID:{}-{}-leave@flexrota",
            person.id,
            compact(date)
        ));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART;VALUE=DATE:{}", compact(date)));
        lines.push(format!(
            "DTEND;VALUE=DATE:{}",
            compact(date + Duration::days(1))
        ));
        lines.push("SUMMARY:Leave".into());
        lines.push("TRANSP:TRANSPARENT".into());
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in &lines {
        fold(line, &mut out);
    }
    out
}

/// `YYYYMMDD`.
fn compact(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// The local date-time `minutes` after midnight of `date` (past 1440: the next day).
fn local(date: NaiveDate, minutes: i64) -> String {
    let day = date + Duration::days(minutes.div_euclid(DAY));
    let m = minutes.rem_euclid(DAY);
    format!("{}T{:02}{:02}00", compact(day), m / 60, m % 60)
}

/// A TEXT value escaped (RFC 5545 3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (never inside a character), each part ended by CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é".repeat(50));
        fold(&line, &mut out);
        for part in out.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{} octets: {part}", part.len());
        }
        let unfolded = out.replace("\r\n ", "").replace("\r\n", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_is_escaped_and_times_past_midnight_fall_next_day() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        let day = NaiveDate::from_ymd_opt(2026, 10, 24).unwrap();
        assert_eq!(local(day, 17 * 60), "20261024T170000");
        assert_eq!(local(day, 24 * 60 + 9 * 60), "20261025T090000");
    }
}
