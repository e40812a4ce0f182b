//! The Curtois & Qu (2014) shift-scheduling benchmark text format, converted into a native
//! flexrota model (YAML), so that benchmarks go through exactly the same model, compiler and
//! checker as real teams.
//!
//! Mapping (see `shared/benchmarks/curtois/MODEL.md`): day 0 is a Monday (we use
//! 2024-01-01); each shift type is a template starting at 00:00 with its length; forbidden
//! successions become `rules.forbidden_successions`; each employee gets a contract with their
//! limits (min/max total minutes as target and tolerance, per-type maxima, consecutive-day
//! rules, weekends); days off become leave; shift-on/off requests and cover lines keep their
//! weights. The UK working-time rules, which the benchmark does not have, are switched off.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// A located problem in a benchmark file.
#[derive(Debug, Error)]
#[error("{file}:{line}: {message}\n  = hint: {hint}", file = .file.display())]
pub struct NrpError {
    /// The file.
    pub file: PathBuf,
    /// 1-based line number (0 when the problem is the file as a whole).
    pub line: usize,
    /// What is wrong and what was expected.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// The first day of every imported horizon: a Monday.
const START: (i32, u32, u32) = (2024, 1, 1);

#[derive(Debug, Default)]
struct Shift {
    /// The line of the benchmark file it came from.
    line: usize,
    id: String,
    minutes: i64,
    forbidden_next: Vec<String>,
}

#[derive(Debug, Default)]
struct Staff {
    line: usize,
    id: String,
    max_shifts: Vec<(String, i64)>,
    max_minutes: i64,
    min_minutes: i64,
    max_consecutive: i64,
    min_consecutive: i64,
    min_days_off: i64,
    max_weekends: i64,
    days_off: Vec<i64>,
    days_off_line: usize,
    requests: Vec<(String, usize)>,
}

struct Cover {
    line: usize,
    day: i64,
    shift: String,
    required: i64,
    under: i64,
    over: i64,
}

/// Read a benchmark file and return the equivalent flexrota YAML.
pub fn import_file(path: &Path) -> Result<String, NrpError> {
    let text = crate::textfile::read_text(path).map_err(|e| NrpError {
        file: path.to_path_buf(),
        line: 0,
        message: format!("cannot read the file: {e}"),
        hint: "check the path".into(),
    })?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "nrp".into());
    import_str(&text, &name, path)
}

/// Convert benchmark text into flexrota YAML. `path` is used in error messages only.
pub fn import_str(text: &str, name: &str, path: &Path) -> Result<String, NrpError> {
    // Editors on Windows start a file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let err = |line: usize, message: String, hint: &str| NrpError {
        file: path.to_path_buf(),
        line,
        message,
        hint: hint.to_string(),
    };
    let mut section = String::new();
    let mut horizon: Option<i64> = None;
    let mut shifts: Vec<Shift> = Vec::new();
    let mut staff: Vec<Staff> = Vec::new();
    let mut cover: Vec<Cover> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with("SECTION_") {
            section = line.to_string();
            seen.push(section.clone());
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let int = |s: &str, what: &str| -> Result<i64, NrpError> {
            s.parse::<i64>().map_err(|_| {
                err(
                    line_no,
                    format!("expected {what} (a whole number), found `{s}`"),
                    "see the comment line under the section header for the columns",
                )
            })
        };
        let need = |n: usize, columns: &str| -> Result<(), NrpError> {
            if fields.len() < n {
                Err(err(
                    line_no,
                    format!(
                        "expected {n} comma-separated fields ({columns}), found {}",
                        fields.len()
                    ),
                    "each line of this section needs every column",
                ))
            } else {
                Ok(())
            }
        };
        match section.as_str() {
            "SECTION_HORIZON" => horizon = Some(int(fields[0], "the horizon length in days")?),
            "SECTION_SHIFTS" => {
                need(2, "ShiftID, Length in mins, forbidden next shifts")?;
                shifts.push(Shift {
                    line: line_no,
                    id: fields[0].to_string(),
                    minutes: int(fields[1], "the shift length in minutes")?,
                    forbidden_next: fields
                        .get(2)
                        .map(|f| {
                            f.split('|')
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(String::from)
                                .collect()
                        })
                        .unwrap_or_default(),
                });
            }
            "SECTION_STAFF" => {
                need(8, "ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends")?;
                let mut max_shifts = Vec::new();
                for item in fields[1].split('|').filter(|s| !s.is_empty()) {
                    let Some((id, n)) = item.split_once('=') else {
                        return Err(err(
                            line_no,
                            format!("expected `ShiftID=limit` in MaxShifts, found `{item}`"),
                            "write limits as D=14|N=5",
                        ));
                    };
                    max_shifts.push((id.trim().to_string(), int(n.trim(), "a shift limit")?));
                }
                let max_minutes = int(fields[2], "MaxTotalMinutes")?;
                let min_minutes = int(fields[3], "MinTotalMinutes")?;
                if min_minutes > max_minutes || min_minutes < 0 {
                    return Err(err(
                        line_no,
                        format!("MinTotalMinutes {min_minutes} is not between 0 and MaxTotalMinutes {max_minutes}"),
                        "the third column is the most minutes, the fourth the least",
                    ));
                }
                staff.push(Staff {
                    line: line_no,
                    id: fields[0].to_string(),
                    max_shifts,
                    max_minutes,
                    min_minutes,
                    max_consecutive: int(fields[4], "MaxConsecutiveShifts")?,
                    min_consecutive: int(fields[5], "MinConsecutiveShifts")?,
                    min_days_off: int(fields[6], "MinConsecutiveDaysOff")?,
                    max_weekends: int(fields[7], "MaxWeekends")?,
                    ..Staff::default()
                });
            }
            "SECTION_DAYS_OFF" => {
                need(1, "EmployeeID, DayIndexes")?;
                let days = fields[1..]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| int(s, "a day index"))
                    .collect::<Result<Vec<_>, _>>()?;
                let person = find_staff(&mut staff, fields[0])
                    .ok_or_else(|| err(line_no, format!("unknown employee `{}`", fields[0]), "employees are declared in SECTION_STAFF"))?;
                person.days_off.extend(days);
                person.days_off_line = line_no;
            }
            "SECTION_SHIFT_ON_REQUESTS" | "SECTION_SHIFT_OFF_REQUESTS" => {
                need(4, "EmployeeID, Day, ShiftID, Weight")?;
                let day = int(fields[1], "a day index")?;
                let weight = int(fields[3], "a weight")?;
                let kind = if section == "SECTION_SHIFT_ON_REQUESTS" { "shift_on" } else { "shift_off" };
                let shift = fields[2].to_string();
                let date = date(day);
                let person = find_staff(&mut staff, fields[0])
                    .ok_or_else(|| err(line_no, format!("unknown employee `{}`", fields[0]), "employees are declared in SECTION_STAFF"))?;
                person
                    .requests
                    .push((format!("{{{kind}: {}, date: {date}, weight: {weight}}}", quote(&shift)), line_no));
            }
            "SECTION_COVER" => {
                need(5, "Day, ShiftID, Requirement, Weight for under, Weight for over")?;
                cover.push(Cover {
                    line: line_no,
                    day: int(fields[0], "a day index")?,
                    shift: fields[1].to_string(),
                    required: int(fields[2], "a requirement")?,
                    under: int(fields[3], "an under-cover weight")?,
                    over: int(fields[4], "an over-cover weight")?,
                });
            }
            "" => {
                return Err(err(
                    line_no,
                    "data before the first SECTION_ header".into(),
                    "is this a Curtois & Qu benchmark file (SECTION_HORIZON, SECTION_SHIFTS, ...)?",
                ))
            }
            other => {
                return Err(err(
                    line_no,
                    format!("unknown section `{other}`"),
                    "expected SECTION_HORIZON, SECTION_SHIFTS, SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS or SECTION_COVER",
                ))
            }
        }
    }
    // A file cut short would otherwise import as a team with no cover or no requests.
    let missing: Vec<&str> = SECTIONS
        .iter()
        .copied()
        .filter(|name| !seen.iter().any(|s| s == name))
        .collect();
    if !missing.is_empty() {
        return Err(err(
            text.lines().count(),
            format!("the file ends without {}", missing.join(", ")),
            "every benchmark file has all seven sections, even when one is empty; is the file complete?",
        ));
    }
    let Some(days) = horizon else {
        return Err(err(
            0,
            "no SECTION_HORIZON".into(),
            "the file must give the horizon length",
        ));
    };
    if shifts.is_empty() || staff.is_empty() {
        return Err(err(
            0,
            "no shifts or no staff".into(),
            "SECTION_SHIFTS and SECTION_STAFF must not be empty",
        ));
    }
    let last = text.lines().count();
    if !text.is_empty() && !text.ends_with('\n') {
        return Err(err(
            last,
            "the last line has no line end".into(),
            "a benchmark file ends with a line break; is the file cut short?",
        ));
    }
    check_cover(days, &shifts, &cover, last).map_err(|(line, message)| {
        err(
            line,
            message,
            "the cover section has one line per day and shift type; is the file cut short?",
        )
    })?;
    Ok(render(name, days, &shifts, &staff, &cover))
}

/// Every day of the horizon and every shift type has exactly one cover line, as in every
/// published file: a file cut at a line's end inside its last section would otherwise
/// import with the lost cover read as none. Returns the line and the problem.
fn check_cover(
    days: i64,
    shifts: &[Shift],
    cover: &[Cover],
    last: usize,
) -> Result<(), (usize, String)> {
    let mut seen = std::collections::HashMap::new();
    for c in cover {
        if !(0..days).contains(&c.day) {
            return Err((
                c.line,
                format!("cover day {} is outside the horizon of {days} days", c.day),
            ));
        }
        if !shifts.iter().any(|s| s.id == c.shift) {
            return Err((
                c.line,
                format!("cover for unknown shift type `{}`", c.shift),
            ));
        }
        if let Some(first) = seen.insert((c.day, c.shift.as_str()), c.line) {
            return Err((
                c.line,
                format!(
                    "a second cover line for day {} shift {} (the first is line {first})",
                    c.day, c.shift
                ),
            ));
        }
    }
    for day in 0..days {
        for s in shifts {
            if !seen.contains_key(&(day, s.id.as_str())) {
                return Err((
                    last,
                    format!(
                        "the file ends with cover for {} of {} day and shift pairs: none for day {day} shift {}",
                        seen.len(),
                        days as usize * shifts.len(),
                        s.id
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The comment that ties a generated YAML line to the benchmark line it came from, read
/// back by [`source_line`] so that problems found in the YAML point at the benchmark file.
fn from(line: usize) -> String {
    format!("  # line {line}")
}

/// The benchmark line a generated YAML line came from (see [`from`]).
pub fn source_line(yaml_line: &str) -> Option<usize> {
    let (_, n) = yaml_line.rsplit_once("# line ")?;
    n.trim().parse().ok()
}

/// The sections every benchmark file has, in order.
const SECTIONS: [&str; 7] = [
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
];

fn find_staff<'a>(staff: &'a mut [Staff], id: &str) -> Option<&'a mut Staff> {
    staff.iter_mut().find(|s| s.id == id)
}

fn date(day: i64) -> chrono::NaiveDate {
    let (y, m, d) = START;
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("valid start")
        + chrono::Days::new(day.max(0) as u64)
}

/// Quote an id for YAML (ids like `N` or `on` would otherwise be read as other types).
fn quote(id: &str) -> String {
    format!("\"{}\"", id.replace('\\', "\\\\").replace('"', "\\\""))
}

fn clock(minutes: i64) -> String {
    format!("\"{:02}:{:02}\"", minutes / 60, minutes % 60)
}

fn render(name: &str, days: i64, shifts: &[Shift], staff: &[Staff], cover: &[Cover]) -> String {
    let mut y = String::new();
    let _ = writeln!(y, "# {name}: Curtois & Qu (2014) shift-scheduling benchmark, imported by `flexrota import nrp`.");
    let _ = writeln!(
        y,
        "# Day 0 is a Monday. Working-time rules the benchmark does not have are off."
    );
    let _ = writeln!(y, "name: {}", quote(name));
    let _ = writeln!(y, "horizon: {{start: {}, days: {days}}}", date(0));
    let _ = writeln!(y, "slot_minutes: 60");
    let _ = writeln!(y, "locations: [{{id: office}}]");
    let _ = writeln!(y, "shifts:");
    for s in shifts {
        let _ = writeln!(
            y,
            "  - {{id: {}, start: \"00:00\", end: {}, paid_minutes: {}}}{}",
            quote(&s.id),
            clock(s.minutes.clamp(1, 1440)),
            s.minutes,
            from(s.line)
        );
    }
    let _ = writeln!(y, "contracts:");
    for e in staff {
        let allowed: Vec<String> = shifts
            .iter()
            .filter(|s| e.max_shifts.iter().all(|(id, n)| id != &s.id || *n > 0))
            .map(|s| quote(&s.id))
            .collect();
        let limits: Vec<String> = e
            .max_shifts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(id, n)| format!("{}: {n}", quote(id)))
            .collect();
        let at = from(e.line);
        let _ = writeln!(y, "  - id: {}{at}", quote(&e.id));
        let _ = writeln!(y, "    fte: 1.0{at}");
        let _ = writeln!(y, "    minutes_per_horizon: {}{at}", e.min_minutes);
        let _ = writeln!(
            y,
            "    tolerance: {{under: 0, over: {}}}{at}",
            (e.max_minutes - e.min_minutes).max(0)
        );
        let _ = writeln!(y, "    shifts: [{}]{at}", allowed.join(", "));
        if !limits.is_empty() {
            let _ = writeln!(y, "    max_shifts: {{{}}}{at}", limits.join(", "));
        }
        let _ = writeln!(
            y,
            "    consecutive_days: {{min: {}, max: {}}}{at}",
            e.min_consecutive.max(1),
            e.max_consecutive.max(1)
        );
        let _ = writeln!(
            y,
            "    min_consecutive_days_off: {}{at}",
            e.min_days_off.max(1)
        );
        let _ = writeln!(y, "    max_weekends: {}{at}", e.max_weekends.max(0));
        // The benchmark's minute limits hold whatever days off an employee has.
        let _ = writeln!(y, "    leave_day_minutes: 0");
    }
    let _ = writeln!(y, "people:");
    for e in staff {
        let at = from(e.line);
        let _ = writeln!(y, "  - id: {}{at}", quote(&e.id));
        let _ = writeln!(y, "    contract: {}{at}", quote(&e.id));
        if !e.days_off.is_empty() {
            let leave: Vec<String> = e.days_off.iter().map(|&d| date(d).to_string()).collect();
            let _ = writeln!(
                y,
                "    leave: [{}]{}",
                leave.join(", "),
                from(e.days_off_line)
            );
        }
        if !e.requests.is_empty() {
            let _ = writeln!(y, "    requests:");
            for (r, line) in &e.requests {
                let _ = writeln!(y, "      - {r}{}", from(*line));
            }
        }
    }
    let _ = writeln!(y, "demand:");
    for c in cover {
        let _ = writeln!(
            y,
            "  - {{shift: {}, days: [{}], required: {}, under_weight: {}, over_weight: {}}}{}",
            quote(&c.shift),
            date(c.day),
            c.required,
            c.under,
            c.over,
            from(c.line)
        );
    }
    let mut forbidden = Vec::new();
    for s in shifts {
        for t in &s.forbidden_next {
            forbidden.push(format!("[{}, {}]", quote(&s.id), quote(t)));
        }
    }
    let _ = writeln!(y, "rules:");
    let _ = writeln!(y, "  forbidden_successions: [{}]", forbidden.join(", "));
    let _ = writeln!(y, "  settings:");
    for off in [
        "min_rest",
        "max_minutes_per_7_days",
        "weekly_rest",
        "fair_unsocial",
    ] {
        let _ = writeln!(y, "    {off}: off");
    }
    y
}
