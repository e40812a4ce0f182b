//! Printing a comparison: a table for the terminal, Markdown for a report, CSV for a
//! spreadsheet and JSON for programs. Every format has one row per variant with its
//! difference from the base (the first row).

use std::fmt::Write;

use serde::Serialize;

use super::{Metrics, VariantResult};

/// One column of the comparison: a header and how to read the figure from a row.
pub(super) struct Column {
    pub header: &'static str,
    /// The figure's name in a board paper (`compare --format markdown`).
    pub label: &'static str,
    pub value: fn(&Metrics) -> f64,
    /// Decimal places shown.
    pub decimals: usize,
    /// Whether more is better (a delta against the base is good news).
    pub more_is_better: bool,
}

pub(super) const COLUMNS: [Column; 11] = [
    Column {
        header: "uncovered h",
        label: "Demand not covered (person-hours)",
        value: |m| m.uncovered_hours,
        more_is_better: false,
        decimals: 1,
    },
    Column {
        header: "uncovered %",
        label: "Demand not covered (%)",
        value: |m| m.uncovered_pct,
        more_is_better: false,
        decimals: 1,
    },
    Column {
        header: "peak cover %",
        label: "Cover on the busiest day (%)",
        value: |m| m.peak_cover_pct,
        more_is_better: true,
        decimals: 1,
    },
    Column {
        header: "cost/wk £",
        label: "Pay bill per week (£)",
        value: |m| m.weekly_cost_permanent + m.weekly_cost_agency,
        more_is_better: false,
        decimals: 0,
    },
    Column {
        header: "agency/wk £",
        label: "Agency pay per week (£)",
        value: |m| m.weekly_cost_agency,
        more_is_better: false,
        decimals: 0,
    },
    Column {
        header: "overtime h",
        label: "Overtime (hours)",
        value: |m| m.overtime_hours,
        more_is_better: false,
        decimals: 1,
    },
    Column {
        header: "unsocial/FTE max",
        label: "Most unsocial work per FTE",
        value: |m| m.unsocial_per_fte_max,
        more_is_better: false,
        decimals: 2,
    },
    Column {
        header: "spread",
        label: "Spread of unsocial work per FTE",
        value: |m| m.unsocial_per_fte_spread,
        more_is_better: false,
        decimals: 2,
    },
    Column {
        header: "admin %",
        label: "Protected admin (% of time worked)",
        value: |m| m.admin_pct,
        more_is_better: true,
        decimals: 1,
    },
    Column {
        header: "home days",
        label: "Days worked from home",
        value: |m| m.home_days as f64,
        more_is_better: true,
        decimals: 0,
    },
    Column {
        header: "rest breaches",
        label: "Rest breaches",
        value: |m| m.rest_breaches as f64,
        more_is_better: false,
        decimals: 0,
    },
];

/// A figure with its difference from the base, e.g. `1234 (+56)`.
pub(super) fn with_delta(value: f64, base: Option<f64>, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, clean(value));
    match base {
        Some(b) if (value - b).abs() >= 0.5 * 10f64.powi(-(decimals as i32)) => {
            format!("{text} ({:+.*})", decimals, value - b)
        }
        _ => text,
    }
}

/// `-0.0` printed as `0`.
fn clean(x: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else {
        x
    }
}

/// The cells of one row, in header order.
fn cells(row: &VariantResult, base: Option<&VariantResult>) -> Vec<String> {
    let base_metrics = base.and_then(|b| b.metrics.as_ref());
    let mut out = vec![row.variant.clone(), row.status.to_string()];
    out.push(match row.objective {
        Some(o) => with_delta(o, base.and_then(|b| b.objective), 1),
        None => "-".into(),
    });
    for c in &COLUMNS {
        out.push(match &row.metrics {
            Some(m) => with_delta((c.value)(m), base_metrics.map(c.value), c.decimals),
            None => "-".into(),
        });
    }
    out.push(match &row.metrics {
        Some(m) => format!("{}/{}", m.admin_met, m.people),
        None => "-".into(),
    });
    out.push(match &row.metrics {
        Some(m) => format!("{}/{}", m.requests_honoured, m.requests),
        None => "-".into(),
    });
    out.push(match &row.metrics {
        Some(m) => format!("{}/{}", m.home_days_granted, m.home_days_wanted),
        None => "-".into(),
    });
    out.push(format!("{:.1}", row.solve_seconds));
    out.push(match row.gap {
        Some(g) => format!("{:.2}", clean(100.0 * g)),
        None => "-".into(),
    });
    out
}

fn headers() -> Vec<String> {
    let mut h = vec!["variant".to_string(), "status".into(), "objective".into()];
    h.extend(COLUMNS.iter().map(|c| c.header.to_string()));
    h.extend([
        "admin met".to_string(),
        "requests".into(),
        "home asked".into(),
        "secs".into(),
        "gap %".into(),
    ]);
    h
}

/// The readable comparison: the table, each variant's changes, and uncovered demand per
/// activity.
pub fn table(results: &[VariantResult]) -> String {
    let base = results.first();
    let rows: Vec<Vec<String>> = results.iter().map(|r| cells(r, base)).collect();
    let mut out = fitted(&headers(), &rows);
    out.push('\n');
    out.push_str(&changes(results));
    out.push('\n');
    out.push_str(&activities(results, false));
    for r in results {
        if let Some(d) = &r.design {
            out.push('\n');
            out.push_str(&design(r, d, false));
        }
    }
    out
}

/// A design choice's goal and limits in words.
pub(super) fn goal_and_limits(d: &super::DesignReport) -> (&'static str, String) {
    let goal = match d.goal {
        super::Goal::Flexibility => "most options granted, then lowest objective",
        super::Goal::Objective => "lowest objective",
    };
    let mut limits = Vec::new();
    if let Some(k) = d.limits.max_changes {
        limits.push(format!("at most {k} changes"));
    }
    if let Some(c) = d.limits.max_weekly_cost {
        limits.push(format!("cost at most £{c:.0}/wk"));
    }
    if let Some(c) = d.limits.min_cover_pct {
        limits.push(format!("cover at least {c}%"));
    }
    let limits = match limits.is_empty() {
        true => "none".to_string(),
        false => limits.join(", "),
    };
    (goal, limits)
}

/// A design choice: what was chosen, why, and every design evaluated.
fn design(r: &VariantResult, d: &super::DesignReport, markdown: bool) -> String {
    let (goal, limits) = goal_and_limits(d);
    let lines = [
        format!(
            "Design choice for {} (goal: {goal}; limits: {limits})",
            r.variant
        ),
        format!(
            "  chosen: {}",
            d.chosen.as_deref().unwrap_or("none keeps the limits")
        ),
        format!("  why: {}", d.reason),
    ];
    let mut out: String = match markdown {
        true => lines.iter().map(|l| format!("{l}\n")).collect(),
        false => lines
            .iter()
            .map(|l| crate::report::wrap(l.trim_start(), l.len() - l.trim_start().len(), 4))
            .collect(),
    };
    let header: Vec<String> = [
        "design",
        "granted",
        "status",
        "cover %",
        "cost/wk £",
        "objective",
        "breaks the limits",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    let rows: Vec<Vec<String>> = d
        .designs
        .iter()
        .map(|x| {
            vec![
                x.label.clone(),
                x.granted.to_string(),
                x.status.to_string(),
                x.cover_pct.map_or("-".into(), |c| format!("{c:.1}")),
                x.weekly_cost.map_or("-".into(), |c| format!("{c:.0}")),
                x.objective.map_or("-".into(), |o| format!("{o:.1}")),
                match (&x.breaks, &x.inconclusive) {
                    (Some(b), _) => b.clone(),
                    (None, Some(why)) => format!("inconclusive: {why}"),
                    (None, None) => String::new(),
                },
            ]
        })
        .collect();
    if markdown {
        out.push('\n');
        out.push_str(&pipe_table(&header, &rows));
    } else {
        out.push_str(&fitted(&header, &rows));
    }
    out
}

/// A Markdown table: the first column left-aligned, the others right-aligned.
fn pipe_table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n|---|", header.join(" | "));
    out.push_str(&"---:|".repeat(header.len().saturating_sub(1)));
    out.push('\n');
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

/// The figures' names in a board paper, in the order of [`headers`] after the variant.
fn labels() -> Vec<String> {
    let mut l = vec!["Status".to_string(), "Objective (penalty points)".into()];
    l.extend(COLUMNS.iter().map(|c| c.label.to_string()));
    l.extend([
        "People with their protected admin".to_string(),
        "Requests granted".into(),
        "Home days given / asked".into(),
        "Solve time (s)".into(),
        "Gap to the best bound (%)".into(),
    ]);
    l
}

/// The comparison as Markdown for a board paper: the variants as columns and the figures
/// as rows (differences from the base in brackets), then a line in words per variant.
pub fn markdown(results: &[VariantResult]) -> String {
    let base = results.first();
    let mut out = String::new();
    let rows: Vec<Vec<String>> = results.iter().map(|r| cells(r, base)).collect();
    let mut header = vec![String::new()];
    header.extend(results.iter().map(|r| r.variant.clone()));
    let transposed: Vec<Vec<String>> = labels()
        .into_iter()
        .enumerate()
        .map(|(k, label)| {
            let mut row = vec![label];
            row.extend(rows.iter().map(|r| r[k + 1].clone()));
            row
        })
        .collect();
    out.push_str(&pipe_table(&header, &transposed));
    out.push('\n');
    for r in results {
        let _ = writeln!(out, "- **{}**: {}", r.variant, plain(r, base));
    }
    out.push('\n');
    out.push_str(&activities(results, true));
    for r in results {
        if let Some(d) = &r.design {
            out.push('\n');
            out.push_str(&design(r, d, true));
        }
    }
    out
}

/// One plain sentence per variant for a board paper: what it is, then what it does to
/// cover, pay and unsocial work against the base.
pub(super) fn plain(r: &VariantResult, base: Option<&VariantResult>) -> String {
    // The description says what the design is; the list of changes only without one.
    let what = match r.description.is_empty() || r.error.is_some() {
        true => summary(r),
        false => r.description.clone(),
    };
    let (Some(m), Some(b)) = (&r.metrics, base.and_then(|b| b.metrics.as_ref())) else {
        return match r.metrics {
            Some(_) => what,
            None => format!("{what} No rota ({}).", r.status),
        };
    };
    let cost = |m: &Metrics| m.weekly_cost_permanent + m.weekly_cost_agency;
    let cover = match m.uncovered_hours - b.uncovered_hours {
        d if d.abs() < 0.05 => "covers the same demand".to_string(),
        d if d < 0.0 => format!("covers {:.1} more person-hours", -d),
        d => format!("leaves {d:.1} more person-hours uncovered"),
    };
    let pay = match cost(m) - cost(b) {
        d if d.abs() < 0.5 => "at the same pay".to_string(),
        d if d < 0.0 => format!("for £{:.0} a week less", -d),
        d => format!("for £{d:.0} a week more"),
    };
    let spread = match m.unsocial_per_fte_spread - b.unsocial_per_fte_spread {
        d if d.abs() < 0.005 => "unsocial work shared as evenly as in the base",
        d if d < 0.0 => "unsocial work shared more evenly than in the base",
        _ => "unsocial work shared less evenly than in the base",
    };
    let sentence = match std::ptr::eq(r, base.expect("a base")) {
        true => format!(
            "The base: {:.1} person-hours uncovered, £{:.0} a week, a spread of unsocial \
             work of {:.2} per FTE.",
            m.uncovered_hours,
            cost(m),
            m.unsocial_per_fte_spread
        ),
        false => {
            let mut s = format!("{cover} {pay}; {spread}.");
            s[..1].make_ascii_uppercase();
            s
        }
    };
    match what.is_empty() {
        true => sentence,
        false => format!("{}. {sentence}", what.trim_end_matches('.')),
    }
}

/// One line per variant: description and changes, or the error.
pub(super) fn summary(r: &VariantResult) -> String {
    let mut parts = Vec::new();
    if !r.description.is_empty() {
        parts.push(r.description.clone());
    }
    if !r.changes.is_empty() {
        parts.push(format!("changes: {}", r.changes.join("; ")));
    }
    if let Some(e) = &r.error {
        parts.push(format!("error: {e}"));
    }
    parts.join(". ")
}

fn changes(results: &[VariantResult]) -> String {
    let mut out = String::from("Variants\n");
    for r in results {
        let line = format!("{:<20} {}", r.variant, summary(r));
        out.push_str(&crate::report::wrap(&line, 2, 23));
    }
    out
}

/// Uncovered person-hours per activity (rows) and variant (columns).
fn activities(results: &[VariantResult], markdown: bool) -> String {
    let mut names: Vec<String> = Vec::new();
    for m in results.iter().filter_map(|r| r.metrics.as_ref()) {
        for a in &m.by_activity {
            if !names.contains(&a.activity) {
                names.push(a.activity.clone());
            }
        }
    }
    let mut header = vec!["uncovered h (%)".to_string()];
    header.extend(results.iter().map(|r| r.variant.clone()));
    let rows: Vec<Vec<String>> = names
        .iter()
        .map(|name| {
            let mut row = vec![name.clone()];
            row.extend(results.iter().map(|r| {
                let a = r
                    .metrics
                    .as_ref()
                    .and_then(|m| m.by_activity.iter().find(|a| &a.activity == name));
                match a {
                    Some(a) => format!("{:.1} ({:.0}%)", a.uncovered_hours, a.uncovered_pct),
                    None => "-".into(),
                }
            }));
            row
        })
        .collect();
    match markdown {
        true => pipe_table(&header, &rows),
        false => fitted(&header, &rows),
    }
}

/// A table that fits the terminal ([`crate::report::terminal_width`]): its columns after
/// the first in panels as wide as fit, each panel repeating the first column (the names),
/// panels a blank line apart.
pub(super) fn fitted(header: &[String], rows: &[Vec<String>]) -> String {
    let width = crate::report::terminal_width();
    let widest = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([header[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let mut panels: Vec<Vec<usize>> = Vec::new();
    let mut panel = Vec::new();
    let mut used = widest(0);
    for i in 1..header.len() {
        let w = 2 + widest(i);
        if !panel.is_empty() && used + w > width {
            panels.push(std::mem::take(&mut panel));
            used = widest(0);
        }
        panel.push(i);
        used += w;
    }
    panels.push(panel);
    let pick = |row: &[String], panel: &[usize]| -> Vec<String> {
        std::iter::once(0)
            .chain(panel.iter().copied())
            .map(|i| row[i].clone())
            .collect()
    };
    panels
        .iter()
        .map(|panel| {
            let rows: Vec<Vec<String>> = rows.iter().map(|r| pick(r, panel)).collect();
            aligned(&pick(header, panel), &rows)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Columns padded to their widest cell; the first (names) and any without a header (notes)
/// left-aligned, the rest (figures) right-aligned. Padding is written out, not asked of
/// `format!`, whose width is capped (a 65,536-character cell would panic).
pub(super) fn aligned(header: &[String], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w.saturating_sub(cell.chars().count()));
            if i > 0 {
                s.push_str("  ");
            }
            if i == 0 || header[i].is_empty() {
                s.push_str(cell);
                s.push_str(&pad);
            } else {
                s.push_str(&pad);
                s.push_str(cell);
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(header);
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// The flat CSV row of one variant, with differences from the base.
#[derive(Serialize, schemars::JsonSchema)]
struct CsvRow<'a> {
    variant: &'a str,
    status: &'a str,
    objective: Option<f64>,
    objective_delta: Option<f64>,
    demand_hours: Option<f64>,
    uncovered_hours: Option<f64>,
    uncovered_hours_delta: Option<f64>,
    uncovered_pct: Option<f64>,
    peak_cover_pct: Option<f64>,
    peak_date: Option<&'a str>,
    weekly_cost_permanent: Option<f64>,
    weekly_cost_agency: Option<f64>,
    weekly_cost_delta: Option<f64>,
    overtime_hours: Option<f64>,
    unsocial_per_fte_max: Option<f64>,
    unsocial_per_fte_mean: Option<f64>,
    unsocial_per_fte_spread: Option<f64>,
    admin_pct: Option<f64>,
    admin_met: Option<usize>,
    people: Option<usize>,
    home_days: Option<usize>,
    home_days_wanted: Option<usize>,
    home_days_granted: Option<usize>,
    rest_breaches: Option<usize>,
    requests_honoured: Option<usize>,
    requests: Option<usize>,
    solve_seconds: f64,
    gap: Option<f64>,
    error: Option<&'a str>,
}

/// `x` to `places` decimal places (so `9.500000000000002` is written `9.5`).
fn rounded(x: Option<f64>, places: i32) -> Option<f64> {
    let scale = 10f64.powi(places);
    x.map(|x| (x * scale).round() / scale + 0.0)
}

/// The comparison as CSV, one row per variant.
///
/// # Errors
///
/// Only if the CSV writer fails (it writes to memory).
pub fn csv(results: &[VariantResult]) -> Result<String, csv::Error> {
    let base = results.first();
    let delta = |a: Option<f64>, b: Option<f64>| a.zip(b).map(|(a, b)| a - b);
    let cost = |r: &VariantResult| {
        r.metrics
            .as_ref()
            .map(|m| m.weekly_cost_permanent + m.weekly_cost_agency)
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in results {
        let m = r.metrics.as_ref();
        let bm = base.and_then(|b| b.metrics.as_ref());
        // Rounded to what they mean: hours to the minute (2 places), money to the penny,
        // percentages to 0.1, shares per FTE to 0.01, seconds to 0.01, the gap to 0.0001.
        let (hours, money, pct, share) = (2, 2, 1, 2);
        w.serialize(CsvRow {
            variant: &r.variant,
            status: r.status.as_str(),
            objective: rounded(r.objective, money),
            objective_delta: rounded(delta(r.objective, base.and_then(|b| b.objective)), money),
            demand_hours: rounded(m.map(|m| m.demand_hours), hours),
            uncovered_hours: rounded(m.map(|m| m.uncovered_hours), hours),
            uncovered_hours_delta: rounded(
                delta(m.map(|m| m.uncovered_hours), bm.map(|m| m.uncovered_hours)),
                hours,
            ),
            uncovered_pct: rounded(m.map(|m| m.uncovered_pct), pct),
            peak_cover_pct: rounded(m.map(|m| m.peak_cover_pct), pct),
            peak_date: m.and_then(|m| m.peak_date.as_deref()),
            weekly_cost_permanent: rounded(m.map(|m| m.weekly_cost_permanent), money),
            weekly_cost_agency: rounded(m.map(|m| m.weekly_cost_agency), money),
            weekly_cost_delta: rounded(delta(cost(r), base.and_then(cost)), money),
            overtime_hours: rounded(m.map(|m| m.overtime_hours), hours),
            unsocial_per_fte_max: rounded(m.map(|m| m.unsocial_per_fte_max), share),
            unsocial_per_fte_mean: rounded(m.map(|m| m.unsocial_per_fte_mean), share),
            unsocial_per_fte_spread: rounded(m.map(|m| m.unsocial_per_fte_spread), share),
            admin_pct: rounded(m.map(|m| m.admin_pct), pct),
            admin_met: m.map(|m| m.admin_met),
            people: m.map(|m| m.people),
            home_days: m.map(|m| m.home_days),
            home_days_wanted: m.map(|m| m.home_days_wanted),
            home_days_granted: m.map(|m| m.home_days_granted),
            rest_breaches: m.map(|m| m.rest_breaches),
            requests_honoured: m.map(|m| m.requests_honoured),
            requests: m.map(|m| m.requests),
            solve_seconds: rounded(Some(r.solve_seconds), 2).unwrap_or_default(),
            gap: rounded(r.gap, 4),
            error: r.error.as_deref(),
        })?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// What `compare --format json` writes. Field names are a stable interface.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CompareJson<'a> {
    /// The version of this document's layout ([`crate::report::SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The scenario set's name.
    pub scenarios: &'a str,
    /// The base variant's name.
    pub base: &'a str,
    /// Every variant, the base first.
    pub variants: &'a [VariantResult],
}

/// What `compare --rotas DIR` writes per variant: its rota, which `validate` reads back.
#[derive(Serialize, schemars::JsonSchema)]
pub struct VariantRotaJson<'a> {
    /// The version of this document's layout ([`crate::report::SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The variant's name.
    pub variant: &'a str,
    /// `optimal` or `feasible`.
    pub status: &'static str,
    /// The rota's soft cost.
    pub objective: Option<f64>,
    /// The rota.
    pub assignments: &'a [crate::rota::Assignment],
}

/// The comparison as JSON: the scenario set's name, the base, and every variant in full.
///
/// # Errors
///
/// Only if serialisation fails.
pub fn json(name: &str, base: &str, results: &[VariantResult]) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&CompareJson {
        schema_version: crate::report::SCHEMA_VERSION,
        scenarios: name,
        base,
        variants: results,
    })
}
