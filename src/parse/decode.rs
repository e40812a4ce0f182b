//! From a file's value tree to its raw sections.
//!
//! Each top-level field, and each item of each list, is deserialised on its own, so one bad
//! person does not hide the problems of the next. Type errors get their full field path from
//! `serde_path_to_error`.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::problems::{nearest, suggestion, Located, Origin, Problems};
use super::raw::{
    RawActivity, RawContract, RawDemand, RawHistory, RawHorizon, RawJobShare, RawLocation,
    RawOfficeDay, RawPerson, RawPin, RawRules, RawShift,
};

/// The top-level fields of a file, as in `docs/FORMAT.md`.
pub const TOP_LEVEL: [&str; 15] = [
    "name",
    "include",
    "horizon",
    "slot_minutes",
    "locations",
    "shifts",
    "activities",
    "contracts",
    "people",
    "job_shares",
    "demand",
    "office_days",
    "pins",
    "history",
    "rules",
];

/// The items of one list section that could be read, and the ids of those that could not
/// (references to them are not reported again as unknown).
#[derive(Debug, Clone)]
pub struct Section<T> {
    pub items: Vec<Located<T>>,
    pub broken_ids: Vec<String>,
}

impl<T> Default for Section<T> {
    fn default() -> Self {
        Section {
            items: Vec::new(),
            broken_ids: Vec::new(),
        }
    }
}

/// One file's content, before merging with its includes.
#[derive(Debug, Default)]
pub struct RawFile {
    pub name: Option<Located<String>>,
    pub include: Vec<Located<String>>,
    pub horizon: Option<Located<RawHorizon>>,
    pub slot_minutes: Option<Located<i64>>,
    pub locations: Section<RawLocation>,
    pub shifts: Section<RawShift>,
    pub activities: Section<RawActivity>,
    pub contracts: Section<RawContract>,
    pub people: Section<RawPerson>,
    pub job_shares: Section<RawJobShare>,
    pub demand: Section<RawDemand>,
    pub office_days: Section<RawOfficeDay>,
    pub pins: Section<RawPin>,
    pub history: Option<Located<RawHistory>>,
    pub rules: Option<Located<RawRules>>,
    /// Top-level fields present but (partly) unreadable: not to be reported as missing.
    pub unreadable: Vec<String>,
}

/// Reads the top level of file `file`.
pub fn decode_file(file: usize, value: Value, problems: &mut Problems) -> RawFile {
    let mut raw = RawFile::default();
    let map = match value {
        Value::Object(map) => map,
        Value::Null => return raw,
        _ => {
            problems.error_hint(
                &Origin::new(file, ""),
                "expected a mapping of sections (`horizon:`, `people:`, ...) at the top level",
                "see docs/FORMAT.md",
            );
            return raw;
        }
    };
    for (key, value) in map {
        let at = Origin::new(file, &key);
        let before = problems.len();
        match key.as_str() {
            "name" => raw.name = single(value, at, problems),
            "include" => raw.include = section::<String>(value, &at, problems).items,
            "horizon" => raw.horizon = single(value, at, problems),
            "slot_minutes" => raw.slot_minutes = single(value, at, problems),
            "locations" => raw.locations = section(value, &at, problems),
            "shifts" => raw.shifts = section(value, &at, problems),
            "activities" => raw.activities = section(value, &at, problems),
            "contracts" => raw.contracts = section(value, &at, problems),
            "people" => raw.people = section(value, &at, problems),
            "job_shares" => raw.job_shares = section(value, &at, problems),
            "demand" => raw.demand = section(value, &at, problems),
            "office_days" => raw.office_days = section(value, &at, problems),
            "pins" => raw.pins = section(value, &at, problems),
            "history" => raw.history = single(value, at, problems),
            "rules" => raw.rules = single(value, at, problems),
            // An editor's pointer to the schema (`schemas/model.schema.json`).
            "$schema" => {}
            _ => problems.push_key(
                &at,
                format!("unknown field `{key}`"),
                Some(suggestion(&key, &TOP_LEVEL, "field")),
            ),
        }
        if problems.len() > before {
            raw.unreadable.push(key);
        }
    }
    raw
}

/// Deserialises one value, located at `at`.
fn single<T: DeserializeOwned>(
    value: Value,
    at: Origin,
    problems: &mut Problems,
) -> Option<Located<T>> {
    decode(value, &at, problems).map(|v| Located::new(at, v))
}

/// Deserialises a list item by item (`null` is an empty list).
fn section<T: DeserializeOwned>(value: Value, at: &Origin, problems: &mut Problems) -> Section<T> {
    let mut out = Section::default();
    let items = match value {
        Value::Null => return out,
        Value::Array(items) => items,
        other => {
            problems.error(
                at,
                format!("expected a list, found {}", describe_value(&other)),
            );
            return out;
        }
    };
    for (i, item) in items.into_iter().enumerate() {
        let id = item.get("id").and_then(Value::as_str).map(str::to_string);
        match decode(item, &at.item(i), problems) {
            Some(v) => out.items.push(Located::new(at.item(i), v)),
            None => out.broken_ids.extend(id),
        }
    }
    out
}

/// Deserialises `value` as `T`, reporting a failure at its exact field path.
pub fn decode<T: DeserializeOwned>(
    value: Value,
    at: &Origin,
    problems: &mut Problems,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(e) => {
            let mut path = at.clone();
            for segment in e.path().iter() {
                path = match segment {
                    serde_path_to_error::Segment::Seq { index } => path.item(*index),
                    serde_path_to_error::Segment::Map { key } => path.field(key),
                    serde_path_to_error::Segment::Enum { variant } => path.field(variant),
                    serde_path_to_error::Segment::Unknown => path,
                };
            }
            let message = e.into_inner().to_string();
            let (text, hint) = match not_finite(&message, &path.path) {
                Some(said) => said,
                None => explain(&message),
            };
            if message.starts_with("unknown field") {
                problems.push_key(&path, text, hint);
            } else {
                problems.push(&path, text, hint);
            }
            None
        }
    }
}

/// `.nan` and `.inf` where a number belongs (the YAML reader keeps them as their text, see
/// `yaml::parse_yaml`): said as such, with the field's range when it has one.
fn not_finite(message: &str, path: &str) -> Option<(String, Option<String>)> {
    let text = [".nan", ".inf", "-.inf", "+.inf"]
        .into_iter()
        .find(|t| message.contains(&format!("invalid type: string \"{t}\"")))?;
    let field = path.rsplit('.').next().unwrap_or(path);
    let range = super::values::range_of(path);
    let message = match range {
        Some((lo, hi)) => format!(
            "{field} {text} is not a finite number; the range is {} to {}",
            super::values::shown(lo),
            super::values::shown(hi)
        ),
        None => format!("{field} {text} is not a finite number"),
    };
    Some((message, Some("write a finite number, e.g. 1 or 2.5".into())))
}

/// Turns a serde message into plain words and a hint.
fn explain(message: &str) -> (String, Option<String>) {
    for (prefix, what) in [("unknown field", "field"), ("unknown variant", "value")] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let names = backticked(rest);
            if let Some((word, expected)) = names.split_first() {
                let hint = match nearest(word, expected) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None if expected.is_empty() => format!("no {what} is allowed here"),
                    None => suggestion(word, expected, what),
                };
                return (format!("unknown {what} `{word}`"), Some(hint));
            }
        }
    }
    (humanize(message), None)
}

/// The `quoted` words of a serde message, in order.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// Replaces Rust type names in serde messages with words.
fn humanize(message: &str) -> String {
    const WORDS: [(&str, &str); 9] = [
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected a mapping"),
        ("expected a boolean", "expected `true` or `false`"),
        ("expected a tuple of size 2", "expected a pair `[a, b]`"),
        ("invalid type: map", "invalid type: mapping"),
    ];
    let mut text = message.to_string();
    for (from, to) in WORDS {
        text = text.replace(from, to);
    }
    text.replace("invalid type: sequence", "invalid type: list")
}

/// "a number", "a mapping", ... for messages.
fn describe_value(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn type_errors_carry_the_full_path() {
        let mut p = Problems::default();
        let value = json!([{"id": "a", "contract": "x", "leave": [{"from": 3, "to": "x"}]}]);
        let people: Section<RawPerson> = section(value, &Origin::new(0, "people"), &mut p);
        assert!(people.items.is_empty());
        assert_eq!(people.broken_ids, vec!["a".to_string()]);
        let files = [super::super::load::SourceFile::in_memory("t.yaml", "")];
        let d = p.into_diagnostics(&files);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "people[0].leave[0].from");
        assert!(
            d[0].message.contains("expected a string"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn unknown_fields_suggest_near_names() {
        let (message, hint) =
            explain("unknown field `contrct`, expected one of `id`, `name`, `contract`");
        assert_eq!(message, "unknown field `contrct`");
        assert_eq!(hint.as_deref(), Some("did you mean `contract`?"));
        let (message, hint) = explain("unknown variant `oncall`, expected `work` or `on_call`");
        assert_eq!(message, "unknown value `oncall`");
        assert_eq!(hint.as_deref(), Some("did you mean `on_call`?"));
    }

    #[test]
    fn unknown_top_level_field_is_reported_and_the_rest_read() {
        let mut p = Problems::default();
        let raw = decode_file(0, json!({"peple": [], "slot_minutes": 15}), &mut p);
        assert_eq!(raw.slot_minutes.map(|s| s.value), Some(15));
        let files = [super::super::load::SourceFile::in_memory("t.yaml", "")];
        let d = p.into_diagnostics(&files);
        assert_eq!(d[0].message, "unknown field `peple`");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `people`?"));
    }
}
