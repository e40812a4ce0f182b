//! The horizon cut into segments: the slot grid (`slot_minutes`), refined wherever a shift,
//! an activity window or a demand window starts or ends. Within a segment every person does
//! at most one activity, so per-minute rules become per-segment constraints weighted by
//! segment length, and activities are allocated on the slot grid.

use crate::model::{Model, DAY};

/// A half-open interval of absolute minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Start, absolute minutes.
    pub start: i64,
    /// End, absolute minutes.
    pub end: i64,
}

impl Segment {
    /// Length in minutes.
    pub fn len(&self) -> i64 {
        self.end - self.start
    }
}

/// All segments of the horizon, in time order and contiguous.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The segments.
    pub segments: Vec<Segment>,
}

impl Timeline {
    /// Cut the horizon (plus the day after it, for shifts crossing midnight).
    pub fn new(model: &Model) -> Timeline {
        let days = model.horizon.days as i64;
        let last = (days + 1) * DAY;
        let mut cuts: Vec<i64> = (0..=last)
            .step_by(model.slot_minutes.max(1) as usize)
            .collect();
        cuts.push(last);
        for d in 0..=days {
            let base = d * DAY;
            cuts.push(base);
            for s in &model.shifts {
                cuts.push(base + s.start);
                cuts.push(base + s.end);
            }
            for a in &model.activities {
                if let Some((ws, we)) = a.window {
                    cuts.push(base + ws);
                    cuts.push(base + we);
                    cuts.push(base - DAY + we);
                }
            }
        }
        for demand in &model.activity_demand {
            cuts.push(demand.start);
            cuts.push(demand.end);
        }
        cuts.retain(|&c| (0..=last).contains(&c));
        cuts.sort_unstable();
        cuts.dedup();
        let segments = cuts
            .windows(2)
            .map(|w| Segment {
                start: w[0],
                end: w[1],
            })
            .collect();
        Timeline { segments }
    }

    /// Indices of the segments inside `[start, end)` (which must lie on cuts).
    pub fn within(&self, start: i64, end: i64) -> std::ops::Range<usize> {
        let first = self.segments.partition_point(|s| s.start < start);
        let last = self.segments.partition_point(|s| s.end <= end);
        first..last.max(first)
    }
}

/// Whether absolute minute interval `[start, end)` lies inside the clock window `(ws, we)`
/// repeated every day.
pub fn inside_window(start: i64, end: i64, window: (i64, i64)) -> bool {
    let (ws, we) = window;
    let k = start.div_euclid(DAY);
    [k - 1, k].iter().any(|&k| {
        let (a, b) = (k * DAY + ws, k * DAY + we);
        a <= start && end <= b
    })
}
