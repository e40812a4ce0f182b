//! Calendars people keep in their phones: read back with an independent iCalendar parser
//! (the `icalendar` crate) and the IANA time-zone database (`chrono-tz`), across the
//! October clock change.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};

use crate::common::{model, solve_optimal};

/// One person, two weeks over the clock change of Sunday 25 October 2026: a day shift on
/// the Friday before and the Monday after, on call from Saturday 17:00 to Sunday 09:00,
/// leave on Wednesday 28.
const OCTOBER: &str = r#"
horizon: {start: 2026-10-19, days: 14}
locations: [{id: office}]
shifts:
  - {id: day, start: "09:00", end: "17:00"}
  - {id: late, start: "12:00", end: "20:00"}
  - {id: oncall, start: "17:00", end: "09:00", kind: on_call}
contracts: [{id: c, fte: 1, minutes_per_horizon: 0, tolerance: {under: 0, over: 100000}}]
people: [{id: zoe, name: "Zoe O'Neill, AMHP", contract: c, leave: [2026-10-28]}]
demand:
  - {shift: day, days: [2026-10-23, 2026-10-26], required: 1}
  - {shift: oncall, days: [2026-10-24], required: 1}
rules: {settings: {fair_unsocial: off}}
"#;

/// An event's time as UTC: a `TZID=Europe/London` local time through the IANA database.
fn utc(when: DatePerhapsTime) -> DateTime<Utc> {
    match when {
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
            assert_eq!(tzid, "Europe/London");
            local(date_time)
        }
        other => panic!("expected a local time in Europe/London, got {other:?}"),
    }
}

fn local(t: NaiveDateTime) -> DateTime<Utc> {
    chrono_tz::Europe::London
        .from_local_datetime(&t)
        .single()
        .expect("an unambiguous local time")
        .with_timezone(&Utc)
}

#[test]
fn a_calendar_keeps_local_times_across_the_clock_change() {
    let m = model(OCTOBER);
    let (rota, _, _) = solve_optimal(&m);
    let text = flexrota::ics::calendar(&m, &rota, 0);
    assert!(text.lines().all(|l| l.len() <= 76), "folded at 75 octets");
    assert!(text.contains("\r\n"), "lines end with CRLF");
    assert!(text.contains("BEGIN:VTIMEZONE") && text.contains("TZID:Europe/London"));
    let calendar: Calendar = text.parse().expect("an independent parser reads it");
    let mut events: Vec<(
        String,
        String,
        Option<DatePerhapsTime>,
        Option<DatePerhapsTime>,
    )> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some((
                e.get_uid().unwrap_or_default().to_string(),
                e.get_summary().unwrap_or_default().to_string(),
                e.get_start(),
                e.get_end(),
            )),
            _ => None,
        })
        .collect();
    events.sort_by(|a, b| a.0.cmp(&b.0));
    let uids: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        uids,
        [
            "zoe-20261023-work@flexrota",
            "zoe-20261024-oncall@flexrota",
            "zoe-20261026-work@flexrota",
            "zoe-20261028-leave@flexrota",
        ]
    );
    let at = |uid: &str| events.iter().find(|e| e.0 == uid).expect("the event");
    let hm = |y, mo, d, h| Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap();
    // 09:00 on the Friday is British Summer Time (08:00 UTC); on the Monday, GMT.
    let friday = at("zoe-20261023-work@flexrota");
    assert_eq!(utc(friday.2.clone().unwrap()), hm(2026, 10, 23, 8));
    let monday = at("zoe-20261026-work@flexrota");
    assert_eq!(utc(monday.2.clone().unwrap()), hm(2026, 10, 26, 9));
    assert_eq!(utc(monday.3.clone().unwrap()), hm(2026, 10, 26, 17));
    // On call over the change: 17:00 BST to 09:00 GMT is 17 hours, as its own event.
    let night = at("zoe-20261024-oncall@flexrota");
    assert!(night.1.starts_with("On call"), "{}", night.1);
    let (start, end) = (utc(night.2.clone().unwrap()), utc(night.3.clone().unwrap()));
    assert_eq!((start, end), (hm(2026, 10, 24, 16), hm(2026, 10, 25, 9)));
    assert_eq!((end - start).num_hours(), 17);
    // Leave is a day, not a time.
    let leave = at("zoe-20261028-leave@flexrota");
    assert!(matches!(leave.2, Some(DatePerhapsTime::Date(_))));
    // The name's comma is escaped and read back whole.
    assert_eq!(calendar.get_name(), Some("Zoe O'Neill, AMHP: rota"));
}

#[test]
fn a_replanned_day_keeps_its_event() {
    // The same day on another shift keeps its UID, so a calendar app updates the event.
    let m = model(OCTOBER);
    let (rota, _, _) = solve_optimal(&m);
    let mut moved = rota.clone();
    for a in &mut moved.assignments {
        if a.shift == "day" && a.date.to_string() == "2026-10-23" {
            a.shift = "late".into();
        }
    }
    let uid_lines = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect()
    };
    let (before, after) = (
        flexrota::ics::calendar(&m, &rota, 0),
        flexrota::ics::calendar(&m, &moved, 0),
    );
    assert_eq!(uid_lines(&before), uid_lines(&after));
    assert!(before.contains("DTSTART;TZID=Europe/London:20261023T090000"));
    assert!(after.contains("DTSTART;TZID=Europe/London:20261023T120000"));
}
