//! Protecting newly qualified workers: pairing and caseload caps, from the rota alone.

use crate::model::Model;

use super::resolve::Resolved;
use super::working_time::hours;
use super::Finding;

/// `pairing`: per person with a rule's skill, each listed shift they work with nobody else
/// with the partner skill on that template that day (its paid hours), and the minutes of
/// each block of a listed activity during which no one else with the partner skill does
/// that activity (in hours).
pub(crate) fn pairing(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in &model.rules.pairing {
        let partner = |q: usize| model.people[q].skills.contains(&rule.with);
        for (p, person) in model.people.iter().enumerate() {
            if !person.skills.contains(&rule.skill) {
                continue;
            }
            let others = || {
                r.assignments
                    .iter()
                    .filter(|a| a.person != p && partner(a.person))
            };
            for asg in r.of_person(p) {
                if rule.shifts.contains(&asg.shift)
                    && !others().any(|o| o.day == asg.day && o.shift == asg.shift)
                {
                    let shift = &model.shifts[asg.shift];
                    out.push(Finding::new(
                        model,
                        Some(p),
                        Some(asg.day),
                        shift.paid_minutes as f64 / 60.0,
                        format!("alone on `{}`: nobody `{}` on it", shift.id, rule.with),
                    ));
                }
                for block in &asg.blocks {
                    if !rule.activities.contains(&block.activity) {
                        continue;
                    }
                    let mut cover: Vec<(i64, i64)> = others()
                        .flat_map(|o| o.blocks.iter())
                        .filter(|b| b.activity == block.activity)
                        .map(|b| (b.start.max(block.start), b.end.min(block.end)))
                        .filter(|(s, e)| s < e)
                        .collect();
                    cover.sort_unstable();
                    let mut covered = 0;
                    let mut reached = block.start;
                    for (s, e) in cover {
                        covered += (e - s.max(reached)).max(0);
                        reached = reached.max(e);
                    }
                    let alone = block.end - block.start - covered;
                    if alone > 0 {
                        out.push(Finding::new(
                            model,
                            Some(p),
                            Some(asg.day),
                            alone as f64 / 60.0,
                            format!(
                                "{} of `{}` ({}) with nobody `{}` on it",
                                hours(alone as f64),
                                model.activities[block.activity].id,
                                block.text,
                                rule.with
                            ),
                        ));
                    }
                }
            }
        }
    }
    out
}

/// `caseload`: per person with a cap, the families (continuity activities) they have a
/// block of beyond the cap.
pub(crate) fn caseload(model: &Model, r: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for (p, person) in model.people.iter().enumerate() {
        let Some(cap) = person.max_families else {
            continue;
        };
        let mut families: Vec<&str> = r
            .of_person(p)
            .flat_map(|a| a.blocks.iter())
            .filter(|b| model.activities[b.activity].continuity)
            .map(|b| model.activities[b.activity].id.as_str())
            .collect();
        families.sort_unstable();
        families.dedup();
        if families.len() > cap {
            out.push(Finding::new(
                model,
                Some(p),
                None,
                (families.len() - cap) as f64,
                format!(
                    "holds {} families ({}), caseload cap {cap}",
                    families.len(),
                    families.join(", ")
                ),
            ));
        }
    }
    out
}
