//! YAML text in: a plain value tree (through serde_yaml), and the line and column of every
//! field path (through yaml-rust2's event parser).
//!
//! serde_yaml is archived upstream, so it is used in exactly one function, [`parse_yaml`].
//! Everything downstream sees a `serde_json::Value`, which any YAML parser can produce.

use std::collections::HashMap;

use serde_json::Value;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A YAML syntax error.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// The deepest nesting of mappings and sequences accepted. A team model nests five or six
/// levels; the cap keeps a hostile file (100,000 open brackets) from costing time
/// quadratic in its depth.
pub const MAX_DEPTH: usize = 64;

/// Parses YAML text into a value tree. The only use of serde_yaml in the crate.
///
/// A leading byte-order mark is ignored. A number that is not finite (`.nan`, `.inf`) is
/// kept as its text, so the field that expects a number reports it where it is, rather than
/// taking its default as `null` would.
pub fn parse_yaml(text: &str) -> Result<Value, SyntaxError> {
    let text = without_bom(text);
    check_depth(text)?;
    let value = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let full = e.to_string();
        // The location is shown separately, so drop serde_yaml's " at line L column C".
        let message = match full.find(" at line ") {
            Some(cut) => full[..cut].to_string(),
            None => full,
        };
        // serde_yaml's own guard against deep nesting (flow style `[[[...`, where the
        // event parser gives up before the count above sees it).
        let message = match message.contains("recursion limit exceeded") {
            true => format!("nesting deeper than {MAX_DEPTH} levels (the cap on nesting depth)"),
            false => format!("invalid YAML: {message}"),
        };
        SyntaxError {
            message,
            line,
            column,
        }
    })?;
    Ok(to_json(value))
}

/// `text` without a leading byte-order mark (editors on Windows write one).
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Refuses text nested deeper than [`MAX_DEPTH`], in one pass over the parser's events.
fn check_depth(text: &str) -> Result<(), SyntaxError> {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) | Err(_) => return Ok(()),
            Ok((Event::MappingStart(..) | Event::SequenceStart(..), mark)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(SyntaxError {
                        message: format!(
                            "nesting deeper than {MAX_DEPTH} levels (the cap on nesting depth)"
                        ),
                        line: mark.line(),
                        column: mark.col() + 1,
                    });
                }
            }
            Ok((Event::MappingEnd | Event::SequenceEnd, _)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
        }
    }
}

/// serde_yaml's value as the crate's value tree; non-finite numbers become their YAML text.
fn to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match serde_json::Number::from_f64(f) {
                    Some(n) => Value::Number(n),
                    None => Value::String(n.to_string()),
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (key_text(k), to_json(v)))
                .collect(),
        ),
        Y::Tagged(tagged) => to_json(tagged.value),
    }
}

/// A mapping key as text (as serde_json's map needs).
fn key_text(key: serde_yaml::Value) -> String {
    use serde_yaml::Value as Y;
    match key {
        Y::String(s) => s,
        Y::Bool(b) => b.to_string(),
        Y::Number(n) => n.to_string(),
        Y::Null => "null".into(),
        other => serde_yaml::to_string(&other)
            .map(|t| t.trim_end().to_string())
            .unwrap_or_default(),
    }
}

/// A key written twice in one mapping (serde would silently keep the last).
#[derive(Debug, Clone)]
pub struct DuplicateKey {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub first_line: usize,
}

/// Line and column (both 1-based) of every mapping key, sequence item and scalar value, by
/// field path (`people[3].contract`).
#[derive(Debug, Default, Clone)]
pub struct Locations {
    /// Mapping keys and sequence items.
    positions: HashMap<String, (usize, usize)>,
    /// Scalar values of mapping keys.
    values: HashMap<String, (usize, usize)>,
    duplicates: Vec<DuplicateKey>,
}

impl Locations {
    /// Scans `text`. On a syntax error the paths before it are still known.
    pub fn scan(text: &str) -> Locations {
        let text = without_bom(text);
        let mut walker = Walker::default();
        if check_depth(text).is_ok() {
            let _ = Parser::new_from_str(text).load(&mut walker, false);
        }
        walker.locations
    }

    /// The position of the value at `path` when it is a scalar (what is usually wrong), else
    /// as [`Locations::find_key`].
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        self.values
            .get(path)
            .copied()
            .or_else(|| self.find_key(path))
    }

    /// The position of the key (or item) `path`, or of its nearest enclosing field that has
    /// one.
    pub fn find_key(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path;
        loop {
            if let Some(p) = self.positions.get(path) {
                return Some(*p);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }

    /// Keys written twice in one mapping.
    pub fn duplicates(&self) -> &[DuplicateKey] {
        &self.duplicates
    }

    fn record(&mut self, path: String, mark: Marker) {
        self.positions
            .entry(path)
            .or_insert((mark.line(), mark.col() + 1));
    }

    fn record_key(&mut self, path: String, mark: Marker) {
        match self.positions.get(&path) {
            Some(&(first_line, _)) => self.duplicates.push(DuplicateKey {
                path,
                line: mark.line(),
                column: mark.col() + 1,
                first_line,
            }),
            None => self.record(path, mark),
        }
    }
}

/// One open collection while walking the events.
enum Frame {
    /// A mapping at `path`; `key` is the key whose value comes next. `item` is the path of
    /// the sequence item this mapping is, recorded at its first key (the mapping's own marker
    /// points past it).
    Map {
        path: String,
        key: Option<String>,
        item: Option<String>,
        start: Marker,
    },
    /// A sequence at `path`; `next` is the index of its next item.
    Seq { path: String, next: usize },
    /// Inside a complex (non-scalar) mapping key: nothing is recorded.
    Skip,
}

#[derive(Default)]
struct Walker {
    frames: Vec<Frame>,
    locations: Locations,
}

/// What kind of node an event starts.
enum Node {
    Leaf(Option<String>),
    Map,
    Seq,
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => self.node(Node::Leaf(Some(text)), mark),
            Event::Alias(_) => self.node(Node::Leaf(None), mark),
            Event::MappingStart(..) => self.node(Node::Map, mark),
            Event::SequenceStart(..) => self.node(Node::Seq, mark),
            Event::MappingEnd | Event::SequenceEnd => self.end(),
            _ => {}
        }
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl Walker {
    fn node(&mut self, node: Node, mark: Marker) {
        let (path, item) = match self.frames.last_mut() {
            None => (String::new(), None),
            Some(Frame::Skip) => {
                if !matches!(node, Node::Leaf(_)) {
                    self.frames.push(Frame::Skip);
                }
                return;
            }
            Some(Frame::Seq { path, next }) => {
                let item_path = format!("{path}[{next}]");
                *next += 1;
                if !matches!(node, Node::Map) {
                    self.locations.record(item_path.clone(), mark);
                }
                (item_path.clone(), Some(item_path))
            }
            Some(Frame::Map {
                path,
                key,
                item,
                start: _,
            }) => match key.take() {
                Some(k) => {
                    let value_path = join(path, &k);
                    if let Node::Leaf(Some(_)) = node {
                        self.locations
                            .values
                            .entry(value_path.clone())
                            .or_insert((mark.line(), mark.col() + 1));
                    }
                    (value_path, None)
                }
                None => {
                    // This node is a key.
                    let text = match node {
                        Node::Leaf(Some(text)) => text,
                        _ => {
                            *key = Some("?".into());
                            if !matches!(node, Node::Leaf(_)) {
                                self.frames.push(Frame::Skip);
                            }
                            return;
                        }
                    };
                    let key_path = join(path, &text);
                    *key = Some(text);
                    if let Some(item_path) = item.take() {
                        self.locations.record(item_path, mark);
                    }
                    self.locations.record_key(key_path, mark);
                    return;
                }
            },
        };
        match node {
            Node::Leaf(_) => {}
            Node::Map => self.frames.push(Frame::Map {
                path,
                key: None,
                item,
                start: mark,
            }),
            Node::Seq => self.frames.push(Frame::Seq { path, next: 0 }),
        }
    }

    fn end(&mut self) {
        if let Some(Frame::Map {
            item: Some(item),
            start,
            ..
        }) = self.frames.pop()
        {
            self.locations.record(item, start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
people:
  - id: a
    leave: [2025-01-01, {from: 2025-02-01, to: 2025-02-03}]
  - {id: b, contract: x}
rules:
  settings:
    office_day: 5
";

    #[test]
    fn finds_keys_and_items() {
        let loc = Locations::scan(TEXT);
        assert_eq!(loc.find("people"), Some((1, 1)));
        assert_eq!(loc.find("people[0]"), Some((2, 5)));
        assert_eq!(loc.find("people[0].leave"), Some((3, 5)));
        assert_eq!(loc.find("people[0].leave[1].to"), Some((3, 48)));
        assert_eq!(loc.find_key("people[1].contract"), Some((4, 13)));
        assert_eq!(loc.find("people[1].contract"), Some((4, 23)));
        assert_eq!(loc.find_key("rules.settings.office_day"), Some((7, 5)));
        assert_eq!(loc.find("rules.settings.office_day"), Some((7, 17)));
        // Falls back to the nearest enclosing key.
        assert_eq!(loc.find("people[1].contract.fte"), Some((4, 13)));
        assert_eq!(loc.find("nothing"), None);
        assert!(loc.duplicates().is_empty());
    }

    #[test]
    fn reports_duplicate_keys() {
        let loc = Locations::scan("a: 1\nb:\n  c: 1\n  c: 2\n");
        assert_eq!(loc.duplicates().len(), 1);
        assert_eq!(loc.duplicates()[0].path, "b.c");
        assert_eq!(loc.duplicates()[0].first_line, 3);
        assert_eq!(loc.duplicates()[0].line, 4);
    }

    #[test]
    fn syntax_error_has_position_without_suffix() {
        let e = parse_yaml("a: [1,\nb: 2").unwrap_err();
        assert!(e.message.starts_with("invalid YAML: "));
        assert!(!e.message.contains(" at line "), "{}", e.message);
        assert!(e.line >= 2);
    }

    #[test]
    fn unquoted_clock_times_are_text() {
        let v = parse_yaml("a: 09:00\nb: 17:30\n").unwrap();
        assert_eq!(v["a"], "09:00");
        assert_eq!(v["b"], "17:30");
    }
}
