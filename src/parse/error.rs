//! Load errors and their rendering, in the style of `just` and `rustc`:
//!
//! ```text
//! error: unknown contract `fulltime`
//!   --> team.yaml:12:15
//!    |
//! 12 |   - {id: ana, contract: fulltime}
//!    |               ^^^^^^^^
//!   = field: people[1].contract
//!   = hint: did you mean `full_time`?
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Field path inside the file, e.g. `people[3].contract` (empty for the whole file).
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// How to fix it, e.g. "did you mean `full_time`?".
    pub hint: Option<String>,
}

/// Why a team model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The instance file itself could not be read. (An unreadable `include` is a
    /// [`Diagnostic`] at the include line instead.)
    #[error("error: cannot read `{}`: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The reason.
        #[source]
        source: std::io::Error,
    },
    /// The input is invalid: every problem found in every file.
    #[error("{}", render_all(diagnostics, sources))]
    Invalid {
        /// The problems, ordered by file and line.
        diagnostics: Vec<Diagnostic>,
        /// The text of every file read, for rendering source lines.
        sources: BTreeMap<PathBuf, String>,
    },
}

impl LoadError {
    /// Every diagnostic (empty for [`LoadError::Io`]).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            LoadError::Io { .. } => &[],
            LoadError::Invalid { diagnostics, .. } => diagnostics,
        }
    }

    /// The full human-readable report: every diagnostic with its source line (same as
    /// `Display`).
    pub fn render(&self) -> String {
        self.to_string()
    }
}

/// Renders every diagnostic, separated by blank lines.
fn render_all(diagnostics: &[Diagnostic], sources: &BTreeMap<PathBuf, String>) -> String {
    diagnostics
        .iter()
        .map(|d| d.render(sources.get(&d.file).map(String::as_str)))
        .collect::<Vec<_>>()
        .join("\n\n")
}

impl Diagnostic {
    /// Renders the diagnostic; with the file's text, the offending line is shown and marked.
    pub fn render(&self, source: Option<&str>) -> String {
        let line_text = self
            .line
            .and_then(|l| source.and_then(|s| s.lines().nth(l.saturating_sub(1))));
        let width = self.line.map_or(1, |l| l.to_string().len());
        let pad = " ".repeat(width);
        let mut out = format!("error: {}\n{pad}--> {}", self.message, self.file.display());
        if let Some(line) = self.line {
            let _ = write!(out, ":{line}");
            if let Some(column) = self.column {
                let _ = write!(out, ":{column}");
            }
        }
        if let (Some(line), Some(text)) = (self.line, line_text) {
            let column = self.column.unwrap_or(1).max(1);
            // A long line (a minified file, a hostile one) is shown as a window around
            // the column, so one problem cannot print megabytes.
            let chars: Vec<char> = text.trim_end().chars().collect();
            let start = match chars.len() > SHOWN_CHARS {
                true => (column - 1).saturating_sub(SHOWN_CHARS / 3),
                false => 0,
            };
            let end = (start + SHOWN_CHARS).min(chars.len());
            let (before, after) = (
                if start > 0 { "…" } else { "" },
                if end < chars.len() { "…" } else { "" },
            );
            let shown: String = chars[start.min(end)..end].iter().collect();
            let indent: String = before
                .chars()
                .map(|_| ' ')
                .chain(
                    chars[start.min(end)..(column - 1).min(end)]
                        .iter()
                        .map(|&c| if c == '\t' { '\t' } else { ' ' }),
                )
                .collect();
            let marks = "^".repeat(token_len(text, column - 1).min(SHOWN_CHARS));
            let _ = write!(
                out,
                "\n{pad} |\n{line} | {before}{shown}{after}\n{pad} | {indent}{marks}"
            );
        }
        if !self.path.is_empty() {
            let _ = write!(out, "\n{pad}= field: {}", self.path);
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n{pad}= hint: {hint}");
        }
        out
    }
}

/// The most characters of a source line shown under a problem.
const SHOWN_CHARS: usize = 120;

/// Length, in characters, of the token starting at character `start` (at least 1).
fn token_len(text: &str, start: usize) -> usize {
    let quoted = text.chars().nth(start).filter(|c| *c == '"' || *c == '\'');
    let rest = text.chars().skip(start);
    let len = match quoted {
        Some(q) => rest
            .enumerate()
            .skip(1)
            .find(|(_, c)| *c == q)
            .map_or(1, |(i, _)| i + 1),
        None => rest
            .take_while(|c| !c.is_whitespace() && !matches!(c, ':' | ',' | ']' | '}' | '#'))
            .count(),
    };
    len.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(line: Option<usize>, column: Option<usize>) -> Diagnostic {
        Diagnostic {
            file: PathBuf::from("team.yaml"),
            line,
            column,
            path: "people[1].contract".into(),
            message: "unknown contract `fulltime`".into(),
            hint: Some("did you mean `full_time`?".into()),
        }
    }

    #[test]
    fn renders_like_just() {
        let mut source = "x\n".repeat(11);
        source.push_str("  - {id: ana, contract: fulltime}\n");
        let text = diagnostic(Some(12), Some(25)).render(Some(&source));
        let expected = "\
error: unknown contract `fulltime`
  --> team.yaml:12:25
   |
12 |   - {id: ana, contract: fulltime}
   |                         ^^^^^^^^
  = field: people[1].contract
  = hint: did you mean `full_time`?";
        assert_eq!(text, expected);
    }

    #[test]
    fn renders_without_position() {
        let text = diagnostic(None, None).render(None);
        assert_eq!(
            text,
            "error: unknown contract `fulltime`\n --> team.yaml\n = field: people[1].contract\n = hint: did you mean `full_time`?"
        );
    }

    #[test]
    fn load_error_renders_every_diagnostic() {
        let error = LoadError::Invalid {
            diagnostics: vec![diagnostic(None, None), diagnostic(None, None)],
            sources: BTreeMap::new(),
        };
        assert_eq!(error.render().matches("error: unknown contract").count(), 2);
        assert_eq!(error.diagnostics().len(), 2);
    }
}
