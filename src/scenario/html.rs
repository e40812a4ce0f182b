//! Comparisons and sweeps as self-contained HTML pages for an OD lead's board paper: the
//! variants side by side with each figure as a small bar and its difference from the base
//! marked better or worse, the design a choice picked and why, and a sweep's frontier
//! plotted. The page shell and styles are the rota report's ([`crate::html`]).

use std::fmt::Write as _;

use super::render::{goal_and_limits, plain, with_delta, COLUMNS};
use super::sweep::{Lever, Point};
use super::VariantResult;
use crate::html::{esc, line_chart, page, Series};

/// `compare --format html`.
pub fn compare(name: &str, results: &[VariantResult]) -> String {
    let base = results.first();
    let mut out = String::new();
    let title = format!("{name}: job designs compared");
    let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
    out.push_str("<div id=\"summary\"><ul>\n");
    for r in results {
        let _ = writeln!(
            out,
            "<li><b>{}</b>: {}</li>",
            esc(&r.variant),
            esc(&plain(r, base))
        );
    }
    out.push_str("</ul></div>\n");
    kpis(results, &mut out);
    cover(results, &mut out);
    designs(results, &mut out);
    page(&title, &out)
}

/// The figures as rows and the variants as columns, each figure with a bar scaled to the
/// row's largest and its difference from the base coloured by whether it is good news.
fn kpis(results: &[VariantResult], out: &mut String) {
    out.push_str("<h2>Figures</h2>\n<table id=\"kpis\"><thead><tr><th></th>");
    for r in results {
        let _ = write!(out, "<th>{}</th>", esc(&r.variant));
    }
    out.push_str("</tr></thead><tbody>\n<tr><th>Status</th>");
    for r in results {
        let _ = write!(out, "<td>{}</td>", r.status);
    }
    out.push_str("</tr>\n");
    let objective = |r: &VariantResult| r.objective;
    row(
        out,
        "Objective (penalty points)",
        results,
        objective,
        1,
        false,
    );
    for c in &COLUMNS {
        let value = |r: &VariantResult| r.metrics.as_ref().map(c.value);
        row(out, c.label, results, value, c.decimals, c.more_is_better);
    }
    let share = |r: &VariantResult, f: fn(&super::Metrics) -> (usize, usize)| {
        r.metrics
            .as_ref()
            .map_or("-".to_string(), |m| format!("{}/{}", f(m).0, f(m).1))
    };
    for (label, f) in [
        (
            "People with their protected admin",
            (|m| (m.admin_met, m.people)) as fn(&super::Metrics) -> (usize, usize),
        ),
        ("Requests granted", |m| (m.requests_honoured, m.requests)),
        ("Home days given / asked", |m| {
            (m.home_days_granted, m.home_days_wanted)
        }),
    ] {
        let _ = write!(out, "<tr><th>{label}</th>");
        for r in results {
            let _ = write!(out, "<td class=\"num\">{}</td>", share(r, f));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// One figure across the variants.
fn row(
    out: &mut String,
    label: &str,
    results: &[VariantResult],
    value: impl Fn(&VariantResult) -> Option<f64>,
    decimals: usize,
    more_is_better: bool,
) {
    let base = results.first().and_then(&value);
    let top = results
        .iter()
        .filter_map(&value)
        .map(f64::abs)
        .fold(0.0, f64::max);
    let _ = write!(out, "<tr><th>{}</th>", esc(label));
    for r in results {
        let Some(v) = value(r) else {
            out.push_str("<td class=\"num\">-</td>");
            continue;
        };
        let step = 0.5 * 10f64.powi(-(decimals as i32));
        let class = match base.map(|b| v - b) {
            Some(d) if d.abs() >= step && (d > 0.0) == more_is_better => " better",
            Some(d) if d.abs() >= step => " worse",
            _ => "",
        };
        let width = if top > 0.0 { v.abs() / top * 60.0 } else { 0.0 };
        let _ = write!(
            out,
            "<td class=\"num{class}\"><span class=\"bar\" style=\"width:{width:.0}px\"></span> {}</td>",
            esc(&with_delta(v, base, decimals))
        );
    }
    out.push_str("</tr>\n");
}

/// Uncovered demand per activity and variant.
fn cover(results: &[VariantResult], out: &mut String) {
    let mut names: Vec<&str> = Vec::new();
    for m in results.iter().filter_map(|r| r.metrics.as_ref()) {
        for a in &m.by_activity {
            if !names.contains(&a.activity.as_str()) {
                names.push(&a.activity);
            }
        }
    }
    out.push_str("<h2>Demand not covered, by activity (person-hours)</h2>\n<table id=\"cover\"><thead><tr><th></th>");
    for r in results {
        let _ = write!(out, "<th>{}</th>", esc(&r.variant));
    }
    out.push_str("</tr></thead><tbody>\n");
    for name in names {
        let value = |r: &VariantResult| {
            r.metrics
                .as_ref()
                .and_then(|m| m.by_activity.iter().find(|a| a.activity == name))
                .map(|a| a.uncovered_hours)
        };
        row(out, name, results, value, 1, false);
    }
    out.push_str("</tbody></table>\n");
}

/// Each design choice: the goal, the limits, the design chosen and why, and every design.
fn designs(results: &[VariantResult], out: &mut String) {
    let chosen: Vec<_> = results
        .iter()
        .filter_map(|r| r.design.as_ref().map(|d| (r, d)))
        .collect();
    if chosen.is_empty() {
        return;
    }
    out.push_str("<h2>Designs chosen</h2>\n<div id=\"designs\">\n");
    for (r, d) in chosen {
        let (goal, limits) = goal_and_limits(d);
        let _ = writeln!(
            out,
            "<section class=\"design\"><h3>{}</h3><p>Goal: {goal}. Limits: {}.</p>\
             <p>Chosen: <b>{}</b>. {}</p>",
            esc(&r.variant),
            esc(&limits),
            esc(d.chosen.as_deref().unwrap_or("none keeps the limits")),
            esc(&d.reason)
        );
        out.push_str(
            "<table><thead><tr><th>Design</th><th>Granted</th><th>Status</th><th>Cover %</th>\
             <th>Cost/wk £</th><th>Objective</th><th>Breaks the limits</th></tr></thead><tbody>\n",
        );
        for x in &d.designs {
            let picked = d.chosen.as_deref() == Some(x.label.as_str());
            let figure = |v: Option<f64>, decimals: usize| {
                v.map_or("-".to_string(), |v| format!("{v:.decimals$}"))
            };
            let _ = writeln!(
                out,
                "<tr class=\"{}\"><td>{}</td><td class=\"num\">{}</td><td>{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td>{}</td></tr>",
                if picked { "ok" } else { "" },
                esc(&x.label),
                x.granted,
                x.status,
                figure(x.cover_pct, 1),
                figure(x.weekly_cost, 0),
                figure(x.objective, 1),
                esc(match (&x.breaks, &x.inconclusive) {
                    (Some(b), _) => b,
                    (None, Some(why)) => why,
                    (None, None) => "",
                })
            );
        }
        out.push_str("</tbody></table></section>\n");
    }
    out.push_str("</div>\n");
}

/// `sweep --format html`: the frontier plotted (cover and pay against the lever, the
/// target and the chosen point marked), then the points as a table.
pub fn sweep(instance: &str, lever: &Lever, points: &[Point], cover_target: f64) -> String {
    let mut out = String::new();
    let title = format!("{instance}: sweep of {}", lever.name());
    let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
    let best = points.iter().position(|p| p.best);
    let _ = writeln!(
        out,
        "<p class=\"meta\" id=\"summary\">Cover target {cover_target}%. {}</p>",
        match best {
            Some(i) => format!(
                "The most flexible point that meets it: <b>{}={}</b>.",
                lever.name(),
                points[i].value
            ),
            None => "No point meets it.".to_string(),
        }
    );
    let xs: Vec<f64> = points.iter().map(|p| p.value).collect();
    out.push_str("<h2>Frontier</h2>\n<div id=\"frontier\">\n");
    /// A figure of a point.
    type Figure = fn(&Point) -> Option<f64>;
    let figures: [(&str, Figure, Option<f64>); 3] = [
        ("Demand covered (%)", |p| p.cover_pct, Some(cover_target)),
        ("Pay bill per week (£)", |p| p.weekly_cost, None),
        (
            "Most unsocial work per FTE",
            |p| p.unsocial_per_fte_max,
            None,
        ),
    ];
    for (title, figure, reference) in figures {
        out.push_str(&line_chart(&Series {
            title,
            x_label: lever.name(),
            xs: &xs,
            ys: &points.iter().map(figure).collect::<Vec<_>>(),
            marked: best,
            reference,
        }));
    }
    out.push_str("</div>\n<h2>Points</h2>\n<table id=\"points\"><thead><tr>");
    for h in [
        lever.name(),
        "Status",
        "Cover %",
        "Uncovered h",
        "Cost/wk £",
        "Unsocial/FTE max",
        "Home days",
        "Objective",
    ] {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr></thead><tbody>\n");
    let figure =
        |v: Option<f64>, decimals: usize| v.map_or("-".to_string(), |v| format!("{v:.decimals$}"));
    for p in points {
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            match (p.best, p.meets_target) {
                (true, _) => "ok chosen",
                (false, true) => "",
                (false, false) => "short",
            },
            p.value,
            p.status,
            figure(p.cover_pct, 1),
            figure(p.uncovered_hours, 1),
            figure(p.weekly_cost, 0),
            figure(p.unsocial_per_fte_max, 2),
            p.home_days.map_or("-".to_string(), |h| h.to_string()),
            figure(p.objective, 1)
        );
    }
    out.push_str("</tbody></table>\n");
    page(&title, &out)
}
