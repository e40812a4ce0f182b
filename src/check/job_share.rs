//! Job-share rules: combined minutes, cover days and handover days of a post.

use crate::model::{Model, ShiftKind};

use super::resolve::Resolved;
use super::working_time::hours;
use super::Finding;

/// `job_share_minutes`: per post, `max(0, |M - target| - tolerance) / 60` with `M` the
/// holders' counted minutes.
pub(crate) fn job_share_minutes(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for post in &model.job_shares {
        let m: i64 = post
            .members
            .iter()
            .map(|&p| r.counted_minutes(model, p))
            .sum();
        let excess = ((m - post.target_minutes).abs() - post.tolerance_minutes).max(0);
        if excess > 0 {
            out.push(Finding::new(
                model,
                None,
                None,
                excess as f64 / 60.0,
                format!(
                    "post `{}`: holders' counted {} differ from the post's {} by more than {}",
                    post.id,
                    hours(m as f64),
                    hours(post.target_minutes as f64),
                    hours(post.tolerance_minutes as f64)
                ),
            ));
        }
    }
    out
}

/// `job_share_cover`: per post, the cover days on which no holder has an assignment.
pub(crate) fn job_share_cover(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for post in &model.job_shares {
        for &d in &post.cover_days {
            if !post.members.iter().any(|&p| r.works(p, d)) {
                out.push(Finding::new(
                    model,
                    None,
                    Some(d),
                    1.0,
                    format!("post `{}`: no holder works this cover day", post.id),
                ));
            }
        }
    }
    out
}

/// `job_share_handover`: per post, the (handover day, holder) pairs where the holder does
/// not work, or (with `handover_minutes`) works less than that alongside another holder who
/// works that day.
pub(crate) fn job_share_handover(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for post in &model.job_shares {
        for &d in &post.handover_days {
            for &p in &post.members {
                let reason = if !r.works(p, d) {
                    Some("holder does not work this handover day".to_string())
                } else {
                    post.handover_minutes.and_then(|least| {
                        post.members
                            .iter()
                            .filter(|&&q| q != p && r.works(q, d))
                            .map(|&q| (q, together(model, r, p, q, d)))
                            .find(|&(_, minutes)| minutes < least)
                            .map(|(q, minutes)| {
                                format!(
                                    "at work with `{}` for {minutes} minutes this handover day, at least {least}",
                                    model.people[q].id
                                )
                            })
                    })
                };
                if let Some(reason) = reason {
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(d),
                        1.0,
                        format!("post `{}`: {reason}", post.id),
                    ));
                }
            }
        }
    }
    out
}

/// The longest time a work assignment of `p` on day `d` overlaps one of `q`'s.
fn together(model: &Model, r: &Resolved, p: usize, q: usize, d: usize) -> i64 {
    let work = |x: usize| {
        r.on_day(x, d)
            .filter(|a| model.shifts[a.shift].kind == ShiftKind::Work)
            .map(|a| (a.start, a.end))
            .collect::<Vec<_>>()
    };
    let theirs = work(q);
    work(p)
        .iter()
        .flat_map(|&(a0, a1)| theirs.iter().map(move |&(b0, b1)| a1.min(b1) - a0.max(b0)))
        .max()
        .unwrap_or(0)
        .max(0)
}
