//! The solver's trace, for tuning: the phases, dives, tree and search say what they did,
//! through a [`Trace`] passed in `SolveOptions`. Who listens is the caller's choice (the
//! command line sends it to standard error when `FLEXROTA_TRACE` is set), so the library
//! itself never prints.

use std::fmt;
use std::sync::Arc;

/// Where trace lines go, and how many: level 1 the phases, each dive's and the tree's rota
/// and the search's rounds; level 2 also every round of column generation, every step of a
/// dive and every node of the tree.
#[derive(Clone)]
pub struct Trace {
    level: u8,
    sink: Arc<dyn Fn(&str) + Send + Sync>,
}

impl Trace {
    /// A trace at `level` into `sink`.
    pub fn new(level: u8, sink: impl Fn(&str) + Send + Sync + 'static) -> Trace {
        Trace {
            level,
            sink: Arc::new(sink),
        }
    }

    /// A trace at `level` to standard error (the command line's `FLEXROTA_TRACE`).
    pub fn to_stderr(level: u8) -> Trace {
        Trace::new(level, |line| eprintln!("{line}"))
    }

    /// Whether lines of `level` are wanted.
    pub fn wants(&self, level: u8) -> bool {
        level <= self.level
    }

    /// Sends one line.
    pub fn line(&self, text: &str) {
        (self.sink)(text);
    }
}

impl fmt::Debug for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Trace(level {})", self.level)
    }
}

/// Options compare equal whatever their trace: it is where a solve reports, not how it
/// solves.
impl PartialEq for Trace {
    fn eq(&self, _: &Trace) -> bool {
        true
    }
}
