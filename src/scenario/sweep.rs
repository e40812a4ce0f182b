//! Sweeps: one lever of the job design varied over a range, and the frontier of flexibility
//! against cover and cost.
//!
//! A sweep is written as a scenario file (one variant per lever value) and loaded through
//! [`crate::parse::load_scenarios_str`], so every point is validated and built exactly like a
//! hand-written variant.

use std::fmt::Write;

use serde::Serialize;

use super::VariantResult;

/// The job-design lever a sweep varies.
#[derive(Debug, Clone, PartialEq)]
pub enum Lever {
    /// Every demand line scaled by the value (1.0 is the base).
    DemandScale,
    /// Home-working days a week allowed to everybody.
    HomeDays,
    /// The first N people of the list offered the contract.
    Contract {
        /// Contract type id or inline mapping (YAML flow text), e.g. `eleven_to_seven`.
        contract: String,
        /// People, in the order they are offered it.
        people: Vec<String>,
    },
    /// Only the first N people of the list on the rota of the shift.
    OncallRota {
        /// The on-call template id.
        shift: String,
        /// People, in rota order.
        people: Vec<String>,
    },
}

impl Lever {
    /// Short name, as on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Lever::DemandScale => "demand-scale",
            Lever::HomeDays => "home-days",
            Lever::Contract { .. } => "contract",
            Lever::OncallRota { .. } => "oncall-rota",
        }
    }

    /// Whether a larger value is the more flexible design (for the on-call rota a smaller
    /// rota frees more people from on-call; for demand, a larger value is more demand
    /// absorbed).
    fn larger_is_more_flexible(&self) -> bool {
        !matches!(self, Lever::OncallRota { .. })
    }

    /// Checks one of `--values` for this lever: a demand scale from 0 to 100, a whole
    /// number of home days from 0 to 7, or a whole number of people from 0 to the people
    /// listed. The error says what was expected.
    pub fn check_value(&self, value: f64) -> Result<(), String> {
        let whole = |hi: usize| {
            value.is_finite() && value.fract() == 0.0 && (0.0..=hi as f64).contains(&value)
        };
        match self {
            Lever::DemandScale if value.is_finite() && (0.0..=100.0).contains(&value) => Ok(()),
            Lever::DemandScale => Err(format!(
                "--values {value} is not a demand scale from 0 to 100 (1.2 is 20% more demand)"
            )),
            Lever::HomeDays if whole(7) => Ok(()),
            Lever::HomeDays => Err(format!(
                "--values {value} is not a whole number of home days a week from 0 to 7"
            )),
            Lever::Contract { people, .. } | Lever::OncallRota { people, .. } => {
                match whole(people.len()) {
                    true => Ok(()),
                    false => Err(format!(
                        "--values {value} is not a number of people from 0 to {}; the {} lever takes the first N of --people",
                        people.len(),
                        self.name()
                    )),
                }
            }
        }
    }

    /// How many people a count lever can offer at most.
    pub fn max_count(&self) -> Option<usize> {
        match self {
            Lever::Contract { people, .. } | Lever::OncallRota { people, .. } => Some(people.len()),
            _ => None,
        }
    }

    /// The change(s) of one point, as YAML list items (indented for `changes:`).
    fn changes(&self, value: f64) -> String {
        let n = value.round().max(0.0) as usize;
        match self {
            Lever::DemandScale => format!("      - scale_demand: {{factor: {value}}}\n"),
            Lever::HomeDays => {
                format!("      - home_days: {{people: all, home_days_per_week: {n}}}\n")
            }
            Lever::Contract { contract, people } => people
                .iter()
                .take(n)
                .map(|p| format!("      - set_contract: {{person: {p}, contract: {contract}}}\n"))
                .collect(),
            Lever::OncallRota { shift, people } => {
                let list = people
                    .iter()
                    .take(n)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("      - oncall_rota: {{shift: {shift}, people: [{list}]}}\n")
            }
        }
    }
}

/// The scenario text of a sweep: one variant per value, named `<lever>=<value>`. The base
/// row is the instance unchanged.
pub fn scenario_text(base_file: &str, lever: &Lever, values: &[f64]) -> String {
    let mut text = format!(
        "name: sweep-{}\nbase: {}\nvariants:\n",
        lever.name(),
        yaml_string(base_file)
    );
    for &v in values {
        let _ = write!(
            text,
            "  - name: \"{}={}\"\n    changes:\n{}",
            lever.name(),
            v,
            match lever.changes(v) {
                c if c.is_empty() => "      []\n".to_string(),
                c => c,
            }
        );
    }
    text
}

/// A YAML double-quoted string.
fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// What `sweep --format json` prints: the lever, the frontier and every point's figures.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SweepJson<'a> {
    /// The version of the document's layout (`crate::report::SCHEMA_VERSION`).
    pub schema_version: u32,
    /// The instance swept, as given.
    pub instance: String,
    /// The lever's name.
    pub lever: &'static str,
    /// The cover target, percent.
    pub cover_target: f64,
    /// One point per value.
    pub frontier: &'a [Point],
    /// Every point's full result.
    pub variants: &'a [super::VariantResult],
}

/// One point of the frontier.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Point {
    /// The lever's value.
    pub value: f64,
    /// Status of the solve.
    pub status: crate::pipeline::RunStatus,
    /// Demand covered, percent.
    pub cover_pct: Option<f64>,
    /// Weekly staff cost, pounds.
    pub weekly_cost: Option<f64>,
    /// Demand not covered, person-hours.
    pub uncovered_hours: Option<f64>,
    /// Highest unsocial shifts per FTE.
    pub unsocial_per_fte_max: Option<f64>,
    /// Days worked from home.
    pub home_days: Option<usize>,
    /// Objective.
    pub objective: Option<f64>,
    /// Whether the point keeps cover at or above the target.
    pub meets_target: bool,
    /// Whether this is the most flexible point that meets the target.
    pub best: bool,
}

/// The frontier of a sweep: `results[0]` is the base, the rest are the points in order of
/// `values`.
pub fn frontier(
    lever: &Lever,
    values: &[f64],
    results: &[VariantResult],
    cover_target: f64,
) -> Vec<Point> {
    let mut points: Vec<Point> = values
        .iter()
        .zip(results.iter().skip(1))
        .map(|(&value, r)| {
            let cover = r.metrics.as_ref().map(|m| 100.0 - m.uncovered_pct);
            Point {
                value,
                status: r.status,
                cover_pct: cover,
                weekly_cost: r
                    .metrics
                    .as_ref()
                    .map(|m| m.weekly_cost_permanent + m.weekly_cost_agency),
                uncovered_hours: r.metrics.as_ref().map(|m| m.uncovered_hours),
                unsocial_per_fte_max: r.metrics.as_ref().map(|m| m.unsocial_per_fte_max),
                home_days: r.metrics.as_ref().map(|m| m.home_days),
                objective: r.objective,
                meets_target: cover.is_some_and(|c| c >= cover_target - 1e-9),
                best: false,
            }
        })
        .collect();
    let flexibility = |p: &Point| match lever.larger_is_more_flexible() {
        true => p.value,
        false => -p.value,
    };
    let best = points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.meets_target)
        .max_by(|a, b| flexibility(a.1).total_cmp(&flexibility(b.1)))
        .map(|(i, _)| i);
    if let Some(i) = best {
        points[i].best = true;
    }
    points
}

/// The frontier as a table, the chosen point marked.
pub fn table(lever: &Lever, points: &[Point], cover_target: f64) -> String {
    let header: Vec<String> = [
        lever.name(),
        "status",
        "cover %",
        "uncovered h",
        "cost/wk £",
        "unsocial/FTE max",
        "home days",
        "objective",
        "",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    let figure =
        |x: Option<f64>, decimals: usize| x.map_or("-".into(), |x| format!("{x:.decimals$}"));
    let rows: Vec<Vec<String>> = points
        .iter()
        .map(|p| {
            vec![
                p.value.to_string(),
                p.status.to_string(),
                figure(p.cover_pct, 1),
                figure(p.uncovered_hours, 1),
                figure(p.weekly_cost, 0),
                figure(p.unsocial_per_fte_max, 2),
                figure(p.home_days.map(|d| d as f64), 0),
                figure(p.objective, 1),
                match (p.best, p.meets_target) {
                    (true, _) => "<- most flexible meeting the target".into(),
                    (false, false) => "below target".into(),
                    (false, true) => String::new(),
                },
            ]
        })
        .collect();
    let mut out = super::render::aligned(&header, &rows);
    match points.iter().find(|p| p.best) {
        Some(p) => {
            let _ = writeln!(
                out,
                "\nMost flexible design with cover at or above {cover_target}%: {} = {}",
                lever.name(),
                p.value
            );
        }
        None => {
            let _ = writeln!(out, "\nNo point keeps cover at or above {cover_target}%.");
        }
    }
    out
}

/// The frontier as CSV, one row per point.
///
/// # Errors
///
/// Only if the CSV writer fails (it writes to memory).
pub fn csv(points: &[Point]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for p in points {
        w.serialize(p)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
