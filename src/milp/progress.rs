//! The best rota a solve has found so far, shared with whoever waits on it, and a flag that
//! asks the solve to stop.
//!
//! A time limit is a promise to the user, but some steps of a solve cannot be cut short
//! (compiling a year's programme, a HiGHS presolve). So the solve offers every better rota
//! here as it goes, and the caller that waits ([`crate::pipeline::solve`], or the command
//! line on SIGINT) can take the best one at the deadline and return it, re-checked, while
//! the solve winds down behind it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::BoundMethod;
use crate::rota::Rota;

/// A rota offered during a solve.
#[derive(Debug, Clone)]
pub struct Best {
    /// The rota.
    pub rota: Rota,
    /// Its objective as the solver counted it (the checker's cost is the authority).
    pub objective: f64,
}

/// Shared between a solve and the callers waiting on it.
#[derive(Debug, Default)]
pub struct Progress {
    best: Mutex<Option<Best>>,
    bound: Mutex<Option<(f64, BoundMethod)>>,
    /// What the solve is doing, in a planner's words (empty before it starts).
    phase: Mutex<&'static str>,
    stop: AtomicBool,
}

impl Progress {
    /// A new, empty progress to pass in [`super::SolveOptions::progress`].
    pub fn shared() -> Handle {
        Handle(Arc::new(Progress::default()))
    }

    /// The best rota offered so far.
    pub fn best(&self) -> Option<Best> {
        self.best
            .lock()
            .map(|b| b.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// The best lower bound offered so far.
    pub fn bound(&self) -> Option<f64> {
        self.bound_with_method().map(|b| b.0)
    }

    /// The best lower bound offered so far, with what proves it.
    pub fn bound_with_method(&self) -> Option<(f64, BoundMethod)> {
        *self.bound.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What the solve is doing now, e.g. `improving the rota`.
    pub fn phase(&self) -> &'static str {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Says what the solve is doing now.
    pub(crate) fn set_phase(&self, phase: &'static str) {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner()) = phase;
    }

    /// Asks the solve to stop at its next check.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// Whether the solve was asked to stop.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Keeps `rota` when it is better than the best so far (ties keep the earlier).
    pub(crate) fn offer(&self, rota: impl FnOnce() -> Rota, objective: f64) {
        let mut best = self.best.lock().unwrap_or_else(|e| e.into_inner());
        if best.as_ref().is_none_or(|b| objective < b.objective - 1e-9) {
            *best = Some(Best {
                rota: rota(),
                objective,
            });
        }
    }

    /// Keeps `bound` when it is higher than the best so far.
    pub(crate) fn offer_bound(&self, bound: f64, method: BoundMethod) {
        let mut b = self.bound.lock().unwrap_or_else(|e| e.into_inner());
        if b.is_none_or(|x| bound > x.0) {
            *b = Some((bound, method));
        }
    }
}

/// A shared [`Progress`]. Options compare equal whatever their progress: it is where a
/// solve reports, not how it solves.
#[derive(Debug, Clone)]
pub struct Handle(pub Arc<Progress>);

impl PartialEq for Handle {
    fn eq(&self, _: &Handle) -> bool {
        true
    }
}

impl std::ops::Deref for Handle {
    type Target = Progress;
    fn deref(&self) -> &Progress {
        &self.0
    }
}
