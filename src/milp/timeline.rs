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

#[cfg(test)]
mod tests {
    use super::*;

    /// The children's team: segments tile the horizon and the day after it without gaps,
    /// every shift's start and end is a cut, and `within` finds exactly the segments of an
    /// interval.
    #[test]
    fn segments_tile_the_horizon_and_cut_at_every_shift() {
        let model = crate::parse::load_model(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("instances/children-assessment.yaml"),
        )
        .expect("the shipped instance loads");
        let t = Timeline::new(&model);
        let last = (model.horizon.days as i64 + 1) * DAY;
        assert_eq!(t.segments.first().map(|s| s.start), Some(0));
        assert_eq!(t.segments.last().map(|s| s.end), Some(last));
        assert!(t.segments.windows(2).all(|w| w[0].end == w[1].start));
        assert!(t
            .segments
            .iter()
            .all(|s| s.len() > 0 && s.len() <= model.slot_minutes));
        let cut = |m: i64| t.segments.iter().any(|s| s.start == m);
        for s in &model.shifts {
            assert!(
                cut(DAY + s.start) && (s.end >= DAY || cut(DAY + s.end)),
                "{}",
                s.id
            );
        }
        let shift = &model.shifts[0];
        let (start, end) = (DAY + shift.start, DAY + shift.end);
        let inside = t.within(start, end);
        assert_eq!(t.segments[inside.start].start, start);
        assert_eq!(t.segments[inside.end - 1].end, end);
    }

    /// A window repeats every day, and an interval crossing midnight fits a window that does.
    #[test]
    fn inside_window_repeats_daily() {
        let nine_to_five = (9 * 60, 17 * 60);
        assert!(inside_window(DAY + 10 * 60, DAY + 12 * 60, nine_to_five));
        assert!(!inside_window(DAY + 8 * 60, DAY + 12 * 60, nine_to_five));
        let overnight = (22 * 60, 31 * 60);
        assert!(inside_window(DAY + 23 * 60, 2 * DAY + 6 * 60, overnight));
        assert!(inside_window(2 * DAY + 60, 2 * DAY + 120, overnight));
    }
}
