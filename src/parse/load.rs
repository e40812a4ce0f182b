//! Reading an instance file and, recursively, the files it includes.
//!
//! Include paths are relative to the including file. A file included twice (a diamond) is
//! read once; a file that includes itself, directly or not, is a cycle and reported at the
//! `include` entry that closes it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::decode::{decode_file, RawFile};
use super::problems::{Located, Origin, Problems};
use super::yaml::{parse_yaml, Locations};

/// A file that was read: its path as shown to the user, its text and its field positions.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    pub locations: Locations,
}

impl SourceFile {
    /// A file from text.
    pub fn in_memory(path: impl Into<PathBuf>, text: &str) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.to_string(),
            locations: Locations::scan(text),
        }
    }
}

/// Every file of an instance, read and decoded.
#[derive(Debug)]
pub struct Loaded {
    /// Files by index (the root is 0).
    pub files: Vec<SourceFile>,
    /// Decoded files, each after the files it includes: merging in this order lets an
    /// including file override what it includes. The root comes last.
    pub raws: Vec<RawFile>,
    pub problems: Problems,
    /// False when some text could not be read or parsed: the instance is then missing parts,
    /// and checking it further would only report their absence.
    pub complete: bool,
}

/// Reads the root file's text (already loaded) and everything it includes.
pub fn load_tree(path: PathBuf, base_dir: &Path, text: &str) -> Loaded {
    let mut loader = Loader {
        files: Vec::new(),
        raws: Vec::new(),
        problems: Problems::default(),
        stack: Vec::new(),
        done: HashSet::new(),
        complete: true,
    };
    loader.load(path, base_dir, text);
    Loaded {
        files: loader.files,
        raws: loader.raws,
        problems: loader.problems,
        complete: loader.complete,
    }
}

struct Loader {
    files: Vec<SourceFile>,
    raws: Vec<RawFile>,
    problems: Problems,
    /// The chain of files being read: (canonical path, path as shown).
    stack: Vec<(PathBuf, PathBuf)>,
    /// Canonical paths of files already read.
    done: HashSet<PathBuf>,
    complete: bool,
}

impl Loader {
    fn load(&mut self, path: PathBuf, base_dir: &Path, text: &str) {
        let file = self.files.len();
        self.files.push(SourceFile::in_memory(path.clone(), text));
        self.report_duplicate_keys(file);
        let raw = match parse_yaml(text) {
            Ok(value) => decode_file(file, value, &mut self.problems),
            Err(e) => {
                self.complete = false;
                let at = Origin::new(file, "");
                let hint = Some("check indentation, quotes and brackets around here".into());
                self.problems
                    .at_position(&at, (e.line, e.column), e.message, hint);
                RawFile::default()
            }
        };
        let canonical = canonical(&path);
        self.stack.push((canonical.clone(), path));
        for include in &raw.include {
            self.include(base_dir, include);
        }
        self.stack.pop();
        self.done.insert(canonical);
        self.raws.push(raw);
    }

    fn include(&mut self, base_dir: &Path, include: &Located<String>) {
        let path = base_dir.join(&include.value);
        let canonical = canonical(&path);
        if let Some(start) = self.stack.iter().position(|(c, _)| *c == canonical) {
            let chain: Vec<String> = self.stack[start..]
                .iter()
                .map(|(_, shown)| shown.display().to_string())
                .chain([path.display().to_string()])
                .collect();
            self.problems.error_hint(
                &include.at,
                format!("include cycle: {}", chain.join(" -> ")),
                "a file may not include itself, directly or through other files",
            );
            return;
        }
        if self.done.contains(&canonical) {
            return;
        }
        match crate::textfile::read_text(&path) {
            Ok(text) => {
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                self.load(path, &dir, &text);
            }
            Err(e) => {
                self.complete = false;
                self.problems.error_hint(
                    &include.at,
                    format!("cannot read included file `{}`: {e}", path.display()),
                    "include paths are relative to the including file",
                );
            }
        }
    }

    fn report_duplicate_keys(&mut self, file: usize) {
        for dup in self.files[file].locations.duplicates() {
            let key = dup.path.rsplit('.').next().unwrap_or(&dup.path);
            self.problems.at_position(
                &Origin::new(file, &dup.path),
                (dup.line, dup.column),
                format!("duplicate key `{key}`"),
                Some(format!(
                    "it is already set on line {}; a key may appear once per mapping",
                    dup.first_line
                )),
            );
        }
    }
}

/// The canonical form of `path` when it exists, for recognising a file read twice.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
