//! Reading and writing rotas: JSON (the solver's output or a bare `{"assignments": [...]}`)
//! and CSV (`person,date,shift,location,activities`, one row per assignment).
//!
//! In CSV the `activities` field lists `activity start-end [location]` items separated by
//! `;`, e.g. `duty 09:00-13:00 office; admin 14:00-16:00 home`. A CSV row has no shift
//! start and end: they are left empty, which the checker reads as "the template's times".
//! Reading checks the file's shape only; ids, dates and times are checked against the
//! model by [`crate::check::check`].

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::rota::{parse_clock, ActivityBlock, Assignment, Rota};

/// The CSV header, in order.
pub const CSV_HEADER: [&str; 5] = ["person", "date", "shift", "location", "activities"];

/// Why a rota file could not be read. Every variant names the file and carries a hint.
#[derive(Debug, thiserror::Error)]
pub enum RotaReadError {
    /// The file could not be read at all.
    #[error("{}: cannot read the rota: {source}\n  hint: check the path and that the file is readable", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file name does not end in `.json` or `.csv`.
    #[error("{}: unknown rota format\n  hint: a rota is a `.json` file (the output of `flexrota solve`, or {{\"assignments\": [...]}}) or a `.csv` file with header `person,date,shift,location,activities`", .path.display())]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// The JSON is malformed or does not have the rota's shape.
    #[error("{}:{line}:{column}: {message}\n  hint: {hint}", .path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// Line, 1-based.
        line: usize,
        /// Column, 1-based.
        column: usize,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// A CSV row (or the header) cannot be read.
    #[error("{}:{line}: {message}\n  hint: {hint}", .path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// Line, 1-based (0 when unknown).
        line: u64,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
}

/// Reads a rota from a `.json` or `.csv` file (chosen by the extension).
pub fn read_rota(path: &Path) -> Result<Rota, RotaReadError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let parse: fn(&str, &Path) -> Result<Rota, RotaReadError> = match extension.as_deref() {
        Some("json") => parse_rota_json,
        Some("csv") => parse_rota_csv,
        _ => {
            return Err(RotaReadError::UnknownFormat {
                path: path.to_path_buf(),
            })
        }
    };
    let text = crate::textfile::read_text(path).map_err(|source| RotaReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// What a JSON rota carried for the period after it (`carried`); `None` for a CSV rota or
/// a JSON one without it. Read after [`read_rota`] has accepted the file.
///
/// # Errors
///
/// The file cannot be read, or its `carried` is malformed.
pub fn read_carried(path: &Path) -> Result<Option<crate::replan::Carried>, RotaReadError> {
    #[derive(Deserialize)]
    struct WithCarried {
        carried: Option<crate::replan::Carried>,
    }
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !json {
        return Ok(None);
    }
    let text = crate::textfile::read_text(path).map_err(|source| RotaReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str::<WithCarried>(text)
        .map(|w| w.carried)
        .map_err(|e| RotaReadError::Json {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
            hint: "`carried` is {\"unsocial_to_date\": [{\"person\", \"nights\", \"weekends\", \
                   \"evenings\"}], \"families\": [{\"family\", \"worker\"}]}, as `solve` writes it"
                .to_string(),
        })
}

/// The part of a JSON rota file that is read: any other top-level keys (objective, status,
/// reports of the solve output) are ignored.
#[derive(Deserialize)]
struct JsonRota {
    assignments: Vec<Assignment>,
}

/// Parses JSON rota text; `path` is used in error messages only.
pub fn parse_rota_json(text: &str, path: &Path) -> Result<Rota, RotaReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match serde_json::from_str::<JsonRota>(text) {
        Ok(file) => Ok(Rota {
            assignments: file.assignments,
            design: None,
        }),
        Err(e) => {
            let full = e.to_string();
            let message = match full.rfind(" at line ") {
                Some(i) => full[..i].to_string(),
                None => full,
            };
            let hint = match e.classify() {
                serde_json::error::Category::Data => {
                    "a rota is an object with key `assignments`: a list of {\"person\", \
                     \"date\": \"YYYY-MM-DD\", \"shift\", optional \"start\"/\"end\": \"HH:MM\", \
                     \"location\", \"activities\": [{\"activity\", \"start\", \"end\", \
                     \"location\"}]}"
                }
                _ => "the file is not valid JSON (check brackets, commas and quotes)",
            };
            Err(RotaReadError::Json {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message,
                hint: hint.to_string(),
            })
        }
    }
}

/// The hint for a malformed `activities` field.
const ACTIVITIES_HINT: &str = "list activities as `activity HH:MM-HH:MM [location]` separated \
                               by `;`, e.g. `duty 09:00-13:00 office; admin 14:00-16:00`";

/// Parses the `activities` field of a CSV row.
fn parse_activities(field: &str) -> Result<Vec<ActivityBlock>, String> {
    let mut out = Vec::new();
    for item in field.split(';').map(str::trim).filter(|i| !i.is_empty()) {
        let tokens: Vec<&str> = item.split_whitespace().collect();
        if !(2..=3).contains(&tokens.len()) {
            return Err(format!(
                "activity item `{item}` should be `activity start-end [location]`"
            ));
        }
        let Some((start, end)) = tokens[1].split_once('-') else {
            return Err(format!(
                "activity item `{item}`: `{}` should be a time range HH:MM-HH:MM",
                tokens[1]
            ));
        };
        for t in [start, end] {
            if parse_clock(t).is_none() {
                return Err(format!("activity item `{item}`: `{t}` is not a time HH:MM"));
            }
        }
        out.push(ActivityBlock {
            activity: tokens[0].to_string(),
            start: start.to_string(),
            end: end.to_string(),
            location: tokens.get(2).map(|l| l.to_string()),
        });
    }
    Ok(out)
}

/// Parses CSV rota text with header `person,date,shift,location,activities`; `path` is used
/// in error messages only. Shift start and end are left empty (the template's times).
pub fn parse_rota_csv(text: &str, path: &Path) -> Result<Rota, RotaReadError> {
    let error = |line: u64, message: String, hint: &str| RotaReadError::Csv {
        path: path.to_path_buf(),
        line,
        message,
        hint: hint.to_string(),
    };
    let header_hint = "the first line must be `person,date,shift,location,activities`";
    let line_of = |e: &csv::Error| e.position().map(|p| p.line()).unwrap_or(0);

    // Spreadsheets often start a UTF-8 CSV file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| error(line_of(&e), e.to_string(), header_hint))?;
    let names: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    if names != CSV_HEADER {
        return Err(error(
            1,
            format!(
                "unexpected header `{}`",
                headers.iter().collect::<Vec<_>>().join(",")
            ),
            header_hint,
        ));
    }

    let mut assignments = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            error(
                line_of(&e),
                e.to_string(),
                "every row needs five fields: person,date,shift,location,activities \
                 (quote a field that contains a comma)",
            )
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let field = |i: usize| record.get(i).unwrap_or("").trim();

        let person = field(0);
        let shift = field(2);
        for (name, value) in [("person", person), ("shift", shift)] {
            if value.is_empty() {
                return Err(error(
                    line,
                    format!("empty `{name}`"),
                    "every row needs a person id and a shift id",
                ));
            }
        }
        let date = NaiveDate::parse_from_str(field(1), "%Y-%m-%d").map_err(|_| {
            error(
                line,
                format!("date `{}` is not a date", field(1)),
                "write dates as YYYY-MM-DD, e.g. 2025-03-03",
            )
        })?;
        let location = Some(field(3)).filter(|l| !l.is_empty()).map(str::to_string);
        let activities =
            parse_activities(field(4)).map_err(|message| error(line, message, ACTIVITIES_HINT))?;
        assignments.push(Assignment {
            person: person.to_string(),
            date,
            shift: shift.to_string(),
            start: String::new(),
            end: String::new(),
            location,
            activities,
        });
    }
    Ok(Rota {
        assignments,
        design: None,
    })
}

/// Writes a rota as CSV with header `person,date,shift,location,activities`. Reading the
/// result back with [`parse_rota_csv`] gives the same rota, except that shift start and end
/// text is not written (it is the template's).
pub fn write_rota_csv(rota: &Rota) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut rows: Vec<[String; 5]> = vec![CSV_HEADER.map(str::to_string)];
    for a in &rota.assignments {
        let activities: Vec<String> = a
            .activities
            .iter()
            .map(|b| match &b.location {
                Some(l) => format!("{} {}-{} {l}", b.activity, b.start, b.end),
                None => format!("{} {}-{}", b.activity, b.start, b.end),
            })
            .collect();
        rows.push([
            a.person.clone(),
            a.date.format("%Y-%m-%d").to_string(),
            a.shift.clone(),
            a.location.clone().unwrap_or_default(),
            activities.join("; "),
        ]);
    }
    for row in rows {
        writer
            .write_record(&row)
            .expect("writing CSV to memory cannot fail");
    }
    let bytes = writer
        .into_inner()
        .expect("flushing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(activity: &str, start: &str, end: &str, location: Option<&str>) -> ActivityBlock {
        ActivityBlock {
            activity: activity.into(),
            start: start.into(),
            end: end.into(),
            location: location.map(str::to_string),
        }
    }

    fn sample() -> Rota {
        let date = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
        Rota {
            assignments: vec![
                Assignment {
                    person: "ann".into(),
                    date,
                    shift: "day".into(),
                    start: String::new(),
                    end: String::new(),
                    location: Some("office".into()),
                    activities: vec![
                        block("duty", "09:00", "13:00", Some("office")),
                        block("admin", "14:00", "16:00", None),
                    ],
                },
                Assignment {
                    person: "bob".into(),
                    date: date.succ_opt().unwrap(),
                    shift: "on_call".into(),
                    start: String::new(),
                    end: String::new(),
                    location: None,
                    activities: vec![],
                },
            ],
            design: None,
        }
    }

    #[test]
    fn csv_round_trips() {
        let rota = sample();
        let text = write_rota_csv(&rota);
        assert!(text.starts_with("person,date,shift,location,activities\n"));
        assert!(
            text.contains("ann,2025-01-06,day,office,duty 09:00-13:00 office; admin 14:00-16:00")
        );
        let back = parse_rota_csv(&text, Path::new("r.csv")).unwrap();
        assert_eq!(back, rota);
        assert_eq!(write_rota_csv(&back), text);
        // A byte-order mark and CRLF line ends (spreadsheet exports) read the same.
        let excel = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        assert_eq!(parse_rota_csv(&excel, Path::new("r.csv")).unwrap(), rota);
    }

    #[test]
    fn csv_drops_shift_times() {
        let mut rota = sample();
        rota.assignments[0].start = "09:00".into();
        rota.assignments[0].end = "17:00".into();
        let back = parse_rota_csv(&write_rota_csv(&rota), Path::new("r.csv")).unwrap();
        assert_eq!(back.assignments[0].start, "");
        assert_eq!(
            back.assignments[0].activities,
            rota.assignments[0].activities
        );
    }

    #[test]
    fn csv_errors_name_file_line_and_hint() {
        let text = "person,date,shift,location,activities\n\
                    ann,2025-01-06,day,office,duty 09:00-13:00\n\
                    bob,2025-01-07,day,office,duty 9h-13:00\n";
        let err = parse_rota_csv(text, Path::new("team.csv")).unwrap_err();
        let shown = err.to_string();
        assert!(shown.starts_with("team.csv:3:"), "{shown}");
        assert!(shown.contains("hint:"), "{shown}");

        let err = parse_rota_csv("who,when\nann,x\n", Path::new("t.csv")).unwrap_err();
        assert!(
            err.to_string().starts_with("t.csv:1: unexpected header"),
            "{err}"
        );

        let text = "person,date,shift,location,activities\nann,06/01/2025,day,office,\n";
        let err = parse_rota_csv(text, Path::new("t.csv")).unwrap_err();
        assert!(
            err.to_string().contains("t.csv:2: date `06/01/2025`"),
            "{err}"
        );
    }

    #[test]
    fn json_accepts_bare_and_solve_output() {
        let bare = r#"{"assignments": [{"person": "ann", "date": "2025-01-06", "shift": "day",
            "location": "office", "activities": [{"activity": "duty", "start": "09:00",
            "end": "13:00"}]}]}"#;
        let rota = parse_rota_json(bare, Path::new("r.json")).unwrap();
        assert_eq!(rota.assignments.len(), 1);
        assert_eq!(rota.assignments[0].activities[0].location, None);

        let full = r#"{"status": "optimal", "objective": 12.5, "assignments": [
            {"person": "bob", "date": "2025-01-07", "shift": "early", "start": "07:00",
             "end": "15:00", "location": "home", "activities": []}], "report": {"x": 1}}"#;
        let rota = parse_rota_json(full, Path::new("r.json")).unwrap();
        assert_eq!(rota.assignments[0].person, "bob");
        assert_eq!(rota.assignments[0].start, "07:00");
    }

    #[test]
    fn json_errors_have_position() {
        let err = parse_rota_json(
            "{\"assignments\": [\n  {\"person\": 3}]}",
            Path::new("r.json"),
        )
        .unwrap_err();
        match &err {
            RotaReadError::Json { line, .. } => assert_eq!(*line, 2),
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().starts_with("r.json:2:"), "{err}");
    }

    #[test]
    fn read_rota_picks_format_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let csv_path = dir.path().join("rota.csv");
        std::fs::write(&csv_path, write_rota_csv(&sample())).unwrap();
        assert_eq!(read_rota(&csv_path).unwrap(), sample());

        let json_path = dir.path().join("rota.JSON");
        std::fs::write(&json_path, serde_json::to_string(&sample()).unwrap()).unwrap();
        assert_eq!(read_rota(&json_path).unwrap(), sample());

        let other = dir.path().join("rota.txt");
        assert!(matches!(
            read_rota(&other),
            Err(RotaReadError::UnknownFormat { .. })
        ));
        let missing = dir.path().join("missing.csv");
        assert!(matches!(read_rota(&missing), Err(RotaReadError::Io { .. })));
    }
}
