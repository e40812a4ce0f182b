//! Collecting problems while loading: where a value came from, and what is wrong with it.
//!
//! A problem names a file and a field path (`people[3].contract`); the line and column are
//! looked up once every file is loaded (see [`Problems::into_diagnostics`]).

use super::error::Diagnostic;
use super::load::SourceFile;

/// Where a value came from: a loaded file (index into the loaded files) and a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: usize,
    pub path: String,
}

impl Origin {
    /// The top-level field `name` of `file`.
    pub fn new(file: usize, name: &str) -> Origin {
        Origin {
            file,
            path: name.to_string(),
        }
    }

    /// The field `name` of this mapping.
    pub fn field(&self, name: &str) -> Origin {
        let path = if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        };
        Origin {
            file: self.file,
            path,
        }
    }

    /// Item `index` of this list.
    pub fn item(&self, index: usize) -> Origin {
        Origin {
            file: self.file,
            path: format!("{}[{index}]", self.path),
        }
    }
}

/// A value with its origin.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub at: Origin,
    pub value: T,
}

impl<T> Located<T> {
    pub fn new(at: Origin, value: T) -> Located<T> {
        Located { at, value }
    }
}

/// One problem, before its line and column are known.
#[derive(Debug, Clone)]
struct Problem {
    at: Origin,
    /// Whether the key itself is wrong (an unknown field), rather than its value.
    key: bool,
    position: Option<(usize, usize)>,
    message: String,
    hint: Option<String>,
}

/// The most problems listed. A file of a million bad lines would otherwise take minutes to
/// report (each unknown id is compared with every known one) and no one reads past the
/// first screens; the rest are counted and the count is reported.
pub const MAX_LISTED: usize = 500;

/// Every problem found so far, in every file (the first [`MAX_LISTED`] of them, and a count
/// of the rest).
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
    /// Problems found past the cap, not listed.
    unlisted: usize,
}

impl Problems {
    /// Whether the list is full: the caller counts the problem and skips building it.
    fn full(&mut self) -> bool {
        if self.list.len() >= MAX_LISTED {
            self.unlisted += 1;
            return true;
        }
        false
    }

    /// Records a problem at a field.
    pub fn error(&mut self, at: &Origin, message: impl Into<String>) {
        self.push(at, message.into(), None);
    }

    /// Records a problem at a field, with a hint.
    pub fn error_hint(&mut self, at: &Origin, message: impl Into<String>, hint: impl Into<String>) {
        self.push(at, message.into(), Some(hint.into()));
    }

    /// Records a problem with an optional hint.
    pub fn push(&mut self, at: &Origin, message: String, hint: Option<String>) {
        if self.full() {
            return;
        }
        self.list.push(Problem {
            at: at.clone(),
            key: false,
            position: None,
            message,
            hint,
        });
    }

    /// Records a problem with a key itself (an unknown field name), shown at the key.
    pub fn push_key(&mut self, at: &Origin, message: String, hint: Option<String>) {
        if self.full() {
            return;
        }
        self.list.push(Problem {
            at: at.clone(),
            key: true,
            position: None,
            message,
            hint,
        });
    }

    /// Records a problem whose line and column are already known (YAML syntax errors,
    /// duplicate keys), rather than looked up from the field path.
    pub fn at_position(
        &mut self,
        at: &Origin,
        position: (usize, usize),
        message: String,
        hint: Option<String>,
    ) {
        if self.full() {
            return;
        }
        self.list.push(Problem {
            at: at.clone(),
            key: true,
            position: Some(position),
            message,
            hint,
        });
    }

    /// Records "unknown `kind` `id`" with a did-you-mean hint, or the valid ids.
    pub fn unknown(&mut self, at: &Origin, kind: &str, id: &str, known: &[&str]) {
        if self.list.len() >= MAX_LISTED {
            self.unlisted += 1;
            return;
        }
        self.push(
            at,
            format!("unknown {kind} `{id}`"),
            Some(suggestion(id, known, kind)),
        );
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: Problems) {
        let room = MAX_LISTED.saturating_sub(self.list.len());
        let past = other.list.len().saturating_sub(room);
        self.list.extend(other.list.into_iter().take(room));
        self.unlisted += past + other.unlisted;
    }

    /// These problems with each file index `f` replaced by `to(f)`.
    pub fn map_files(mut self, to: impl Fn(usize) -> usize) -> Problems {
        for p in &mut self.list {
            p.at.file = to(p.at.file);
        }
        self
    }

    /// Number of problems found so far.
    pub fn len(&self) -> usize {
        self.list.len() + self.unlisted
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.unlisted == 0
    }

    /// Resolves every problem's line and column and orders them by file and line.
    pub fn into_diagnostics(self, files: &[SourceFile]) -> Vec<Diagnostic> {
        let mut out: Vec<(usize, Diagnostic)> = self
            .list
            .into_iter()
            .map(|p| {
                let file = &files[p.at.file];
                let position = p.position.or_else(|| match p.key {
                    true => file.locations.find_key(&p.at.path),
                    false => file.locations.find(&p.at.path),
                });
                let diagnostic = Diagnostic {
                    file: file.path.clone(),
                    line: position.map(|(l, _)| l),
                    column: position.map(|(_, c)| c),
                    path: p.at.path,
                    message: p.message,
                    hint: p.hint,
                };
                (p.at.file, diagnostic)
            })
            .collect();
        out.sort_by_key(|(file, d)| (*file, d.line, d.column));
        let mut out: Vec<Diagnostic> = out.into_iter().map(|(_, d)| d).collect();
        if self.unlisted > 0 {
            out.push(Diagnostic {
                file: files.first().map(|f| f.path.clone()).unwrap_or_default(),
                line: None,
                column: None,
                path: String::new(),
                message: format!(
                    "{} more problems not listed: listing stops at {MAX_LISTED} (the cap on problems listed)",
                    self.unlisted
                ),
                hint: Some("fix the problems above and run again".into()),
            });
        }
        out
    }
}

/// "did you mean `x`?" when a known name is close to `word`, else the known names (briefly).
pub fn suggestion(word: &str, known: &[&str], kind: &str) -> String {
    if let Some(near) = nearest(word, known) {
        return format!("did you mean `{near}`?");
    }
    if known.is_empty() {
        return format!("no {kind} is defined");
    }
    const SHOWN: usize = 8;
    let mut list = known
        .iter()
        .take(SHOWN)
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if known.len() > SHOWN {
        list.push_str(&format!(" and {} more", known.len() - SHOWN));
    }
    format!("expected one of {list}")
}

/// The known name closest to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&lower, &k.to_lowercase()), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let known = ["full_time", "part_time", "late_11_19"];
        assert_eq!(nearest("fulltime", &known), Some("full_time"));
        assert_eq!(nearest("zzz", &known), None);
        assert_eq!(
            suggestion("fulltime", &known, "contract"),
            "did you mean `full_time`?"
        );
        assert!(suggestion("zzz", &known, "contract").starts_with("expected one of `full_time`"));
        assert_eq!(suggestion("x", &[], "shift"), "no shift is defined");
    }
}
