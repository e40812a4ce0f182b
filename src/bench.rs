//! Benchmark runs: solve instances one after another, re-check each rota, and measure
//! solve time, gap and peak memory. Used by `flexrota bench` for our own instances and the
//! public Curtois & Qu set.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use thiserror::Error;

use crate::import::load_instance;
use crate::milp::SolveOptions;
use crate::model::{DesignChoice, DesignLimits, Model, OptionGroup};
use crate::pipeline::{self, RunStatus};

/// One instance's result.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BenchRow {
    /// Instance name (file stem).
    pub instance: String,
    /// People in the model.
    pub people: usize,
    /// Days in the horizon.
    pub days: usize,
    /// `optimal`, `feasible`, `infeasible`, `no_solution`, `bad_input` (the file could not
    /// be loaded), or `error` (a bug or a solver failure).
    pub status: RunStatus,
    /// Objective of the rota (checked).
    pub objective: Option<f64>,
    /// Best bound (never below 0).
    pub bound: Option<f64>,
    /// What proves it (`branch_and_bound`, `column_generation`, `shifts_first`, `trivial`).
    pub bound_method: Option<&'static str>,
    /// Relative gap.
    pub gap: Option<f64>,
    /// Best-known objective, when given.
    pub best_known: Option<f64>,
    /// Percent above best-known.
    pub above_best_pct: Option<f64>,
    /// Seconds for load, build, solve and check (the median of the runs).
    pub seconds: f64,
    /// The time limit, seconds (the promise is the limit plus 5% and 2 s).
    pub time_limit: Option<f64>,
    /// Runs of the instance (`bench --repeat`); objective and seconds are their medians.
    pub runs: usize,
    /// Lowest and highest objective over the runs.
    pub objective_min: Option<f64>,
    pub objective_max: Option<f64>,
    /// Fastest and slowest run, seconds.
    pub seconds_min: f64,
    pub seconds_max: f64,
    /// Peak resident memory during this instance, megabytes (Linux only).
    pub peak_mb: Option<f64>,
    /// What went wrong, for `error` rows.
    pub error: Option<String>,
}

/// A best-known file could not be read.
#[derive(Debug, Error)]
#[error("{file}: {message}", file = .file.display())]
pub struct BestKnownError {
    /// The file.
    pub file: PathBuf,
    /// What is wrong.
    pub message: String,
}

/// Read `instance,...,best_ub,...` rows (a header naming `instance` and `best_ub` columns).
pub fn read_best_known(path: &Path) -> Result<BTreeMap<String, f64>, BestKnownError> {
    let fail = |message: String| BestKnownError {
        file: path.to_path_buf(),
        message,
    };
    let mut reader = csv::Reader::from_path(path).map_err(|e| fail(e.to_string()))?;
    let headers = reader.headers().map_err(|e| fail(e.to_string()))?.clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            fail(format!(
                "no `{name}` column (columns: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            ))
        })
    };
    let (ic, bc) = (col("instance")?, col("best_ub")?);
    let mut out = BTreeMap::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| fail(e.to_string()))?;
        let value = row.get(bc).unwrap_or("").trim();
        if value.is_empty() {
            continue;
        }
        let v: f64 = value
            .parse()
            .map_err(|_| fail(format!("line {}: best_ub `{value}` is not a number", i + 2)))?;
        out.insert(row.get(ic).unwrap_or("").to_string(), v);
    }
    Ok(out)
}

/// Files to run: the given files, and the `.yaml`/`.yml`/`.txt` files of given folders, in
/// natural order (file2 before file10); scenario files (`*.scenarios.yaml`) are
/// skipped.
pub fn collect(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    let name = f.to_string_lossy();
                    // Scenario files are for `compare`, not instances.
                    let scenarios = name.ends_with(".scenarios.yaml");
                    let instance = f
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| matches!(e, "yaml" | "yml" | "txt"));
                    instance && !scenarios
                })
                .collect();
            files.sort_by_key(|f| natural_key(f));
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn natural_key(path: &Path) -> (String, u64) {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let digits: String = stem
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let number: u64 = digits
        .chars()
        .rev()
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    (
        stem.trim_end_matches(|c: char| c.is_ascii_digit())
            .to_string(),
        number,
    )
}

/// Solve one instance and measure it; with `menus` above 0, the job design of
/// [`with_menus`] chosen on it instead.
pub fn run_one(
    path: &Path,
    options: &SolveOptions,
    best: &BTreeMap<String, f64>,
    menus: usize,
) -> BenchRow {
    reset_peak_memory();
    let started = Instant::now();
    let instance = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A design changes the team: the published best is not its to meet.
    let best_known = best.get(&instance).copied().filter(|_| menus == 0);
    let mut row = BenchRow {
        instance,
        people: 0,
        days: 0,
        status: RunStatus::Error,
        objective: None,
        bound: None,
        bound_method: None,
        gap: None,
        best_known,
        above_best_pct: None,
        seconds: 0.0,
        time_limit: options.time_limit,
        runs: 1,
        objective_min: None,
        objective_max: None,
        seconds_min: 0.0,
        seconds_max: 0.0,
        peak_mb: None,
        error: None,
    };
    match load_instance(path) {
        Err(e) => {
            row.status = RunStatus::BadInput;
            row.error = Some(e.to_string());
        }
        Ok(model) => {
            row.people = model.people.len();
            row.days = model.horizon.days;
            let model = match menus {
                0 => model,
                n => {
                    row.instance = format!("{} ({} x 3 menus)", row.instance, n.min(row.people));
                    with_menus(&model, n)
                }
            };
            match pipeline::solve(&model, options) {
                Err(e) => row.error = Some(e.to_string()),
                Ok(outcome) => {
                    let s = &outcome.solved;
                    row.status = s.status.into();
                    row.objective = s.objective;
                    row.bound = s.bound;
                    row.bound_method = s.bound_method.map(crate::milp::BoundMethod::as_str);
                    row.gap = s.gap;
                    row.above_best_pct = match (s.objective, best_known) {
                        (Some(o), Some(b)) if b.abs() > 0.0 => Some(100.0 * (o - b) / b.abs()),
                        _ => None,
                    };
                }
            }
        }
    }
    row.seconds = started.elapsed().as_secs_f64();
    (row.seconds_min, row.seconds_max) = (row.seconds, row.seconds);
    (row.objective_min, row.objective_max) = (row.objective, row.objective);
    row.peak_mb = peak_memory_mb();
    row
}

/// Solves one instance `repeat` times: the run with the median objective stands for them
/// (status, bound, gap), with the median time, the spread of objective and time, and the
/// highest peak memory. Runs differ only through the time limit (the solve is
/// deterministic otherwise), so the spread is what a limit costs in repeatability.
pub fn run_repeated(
    path: &Path,
    options: &SolveOptions,
    best: &BTreeMap<String, f64>,
    repeat: usize,
    menus: usize,
) -> BenchRow {
    summarise(
        (0..repeat.max(1))
            .map(|_| run_one(path, options, best, menus))
            .collect(),
    )
}

/// `model` with a job design to choose, for measuring design choice on standard
/// benchmarks: its first `n` people each offered three copies of their own contract (four
/// fifths of its minutes; at most three days in a row; no weekends), at most half of them
/// granted, the most options granted, then the lowest objective.
pub fn with_menus(model: &Model, n: usize) -> Model {
    let mut menus = model.clone();
    let n = n.min(model.people.len());
    let mut groups = Vec::with_capacity(n);
    for p in 0..n {
        let mut copies = vec![p];
        let mut labels = vec!["keep".to_string()];
        for (option, label) in ["0.8 FTE", "3 days in a row", "no weekends"]
            .into_iter()
            .enumerate()
        {
            let mut copy = model.people[p].clone();
            copy.id = format!("{}~{option}", copy.id);
            let c = &mut copy.contract;
            match option {
                0 => {
                    (c.min_minutes, c.max_minutes) = (c.min_minutes * 4 / 5, c.max_minutes * 4 / 5)
                }
                1 => c.max_consecutive_days = Some(c.max_consecutive_days.map_or(3, |d| d.min(3))),
                _ => c.max_weekends = Some(0),
            }
            menus.people.push(copy);
            copies.push(menus.people.len() - 1);
            labels.push(label.to_string());
        }
        groups.push(OptionGroup { copies, labels });
    }
    menus.choice = Some(DesignChoice {
        groups,
        limits: DesignLimits {
            max_changes: Some(n / 2),
            ..DesignLimits::default()
        },
        most_granted: true,
        ..DesignChoice::default()
    });
    menus
}

/// One row for several runs of an instance (see [`run_repeated`]).
fn summarise(runs: Vec<BenchRow>) -> BenchRow {
    let median = |mut xs: Vec<f64>| -> Option<f64> {
        xs.sort_by(f64::total_cmp);
        match xs.len() {
            0 => None,
            n if n % 2 == 1 => Some(xs[n / 2]),
            n => Some((xs[n / 2 - 1] + xs[n / 2]) / 2.0),
        }
    };
    let objectives: Vec<f64> = runs.iter().filter_map(|r| r.objective).collect();
    let seconds: Vec<f64> = runs.iter().map(|r| r.seconds).collect();
    let mut by_objective: Vec<&BenchRow> = runs.iter().collect();
    by_objective.sort_by(|a, b| {
        a.objective
            .unwrap_or(f64::INFINITY)
            .total_cmp(&b.objective.unwrap_or(f64::INFINITY))
    });
    let mut row = by_objective[(by_objective.len() - 1) / 2].clone();
    row.runs = runs.len();
    row.objective = median(objectives.clone()).or(row.objective);
    row.objective_min = objectives.iter().copied().reduce(f64::min);
    row.objective_max = objectives.iter().copied().reduce(f64::max);
    row.above_best_pct = match (row.objective, row.best_known) {
        (Some(o), Some(b)) if b.abs() > 0.0 => Some(100.0 * (o - b) / b.abs()),
        _ => None,
    };
    row.seconds = median(seconds.clone()).unwrap_or(0.0);
    row.seconds_min = seconds.iter().copied().fold(f64::INFINITY, f64::min);
    row.seconds_max = seconds.iter().copied().fold(0.0, f64::max);
    row.peak_mb = runs.iter().filter_map(|r| r.peak_mb).reduce(f64::max);
    row
}

/// Reset the kernel's peak-RSS mark for this process (Linux `clear_refs` value 5).
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident set size since the last reset, in MB (Linux `VmHWM`).
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn opt(v: Option<f64>, digits: usize) -> String {
    // Values that round to zero print as 0, never -0.
    let tiny = 0.5 * 10f64.powi(-(digits as i32));
    v.map_or("-".into(), |v| {
        let v = if v.abs() < tiny { 0.0 } else { v };
        format!("{v:.digits$}")
    })
}

/// The results as an aligned text table.
pub fn table(rows: &[BenchRow]) -> String {
    let mut out = String::new();
    let repeated = rows.iter().any(|r| r.runs > 1);
    let _ = write!(
        out,
        "{:<22} {:>6} {:>5} {:<11} {:>10} {:>10} {:<17} {:>7} {:>10} {:>8} {:>8} {:>7} {:>8}",
        "instance",
        "people",
        "days",
        "status",
        "objective",
        "bound",
        "bound by",
        "gap%",
        "best",
        "above%",
        "seconds",
        "limit%",
        "peak MB"
    );
    if repeated {
        let _ = write!(
            out,
            " {:>5} {:>21} {:>15}",
            "runs", "objective min-max", "seconds min-max"
        );
    }
    out.push('\n');
    for r in rows {
        let _ = write!(
            out,
            "{:<22} {:>6} {:>5} {:<11} {:>10} {:>10} {:<17} {:>7} {:>10} {:>8} {:>8.2} {:>7} {:>8}",
            r.instance,
            r.people,
            r.days,
            r.status,
            opt(r.objective, 1),
            opt(r.bound, 1),
            r.bound_method.unwrap_or("-"),
            opt(r.gap.map(|g| g * 100.0), 2),
            opt(r.best_known, 0),
            opt(r.above_best_pct, 2),
            r.seconds,
            opt(r.time_limit.map(|t| 100.0 * r.seconds / t), 0),
            opt(r.peak_mb, 1)
        );
        if repeated {
            let _ = write!(
                out,
                " {:>5} {:>21} {:>15}",
                r.runs,
                format!("{}-{}", opt(r.objective_min, 1), opt(r.objective_max, 1)),
                format!("{:.1}-{:.1}", r.seconds_min, r.seconds_max)
            );
        }
        out.push('\n');
        if let Some(e) = &r.error {
            // Rendered input errors already begin `error:`.
            let first = e.lines().next().unwrap_or("");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            let _ = writeln!(out, "  error: {first}");
        }
    }
    out
}

/// The results as CSV.
pub fn csv(rows: &[BenchRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).expect("rows serialise");
    }
    String::from_utf8(w.into_inner().expect("in-memory writer")).expect("utf-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every column of a row starts where its header does (a status is padded like text).
    #[test]
    fn rows_line_up_with_the_header() {
        let row = BenchRow {
            instance: "Instance1".into(),
            people: 8,
            days: 14,
            status: RunStatus::Optimal,
            objective: Some(607.0),
            bound: Some(607.0),
            gap: Some(0.0),
            best_known: Some(607.0),
            above_best_pct: Some(0.0),
            seconds: 0.01,
            peak_mb: Some(18.4),
            error: None,
            bound_method: Some("column_generation"),
            time_limit: Some(60.0),
            runs: 1,
            objective_min: Some(607.0),
            objective_max: Some(607.0),
            seconds_min: 0.01,
            seconds_max: 0.01,
        };
        let text = table(std::slice::from_ref(&row));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].find("status"), lines[1].find("optimal"));
        assert_eq!(
            lines[0].find("bound by"),
            lines[1].find("column_generation")
        );
        assert_eq!(lines[0].len(), lines[1].len(), "{text}");
        // Three runs: the medians, the spread, and the median run's bound.
        let run = |objective: f64, seconds: f64, bound: f64| BenchRow {
            objective: Some(objective),
            seconds,
            bound: Some(bound),
            ..row.clone()
        };
        let one = summarise(vec![
            run(630.0, 3.0, 1.0),
            run(607.0, 1.0, 2.0),
            run(612.0, 2.0, 3.0),
        ]);
        assert_eq!(one.runs, 3);
        assert_eq!(one.objective, Some(612.0));
        assert_eq!(
            (one.objective_min, one.objective_max),
            (Some(607.0), Some(630.0))
        );
        assert_eq!(
            (one.seconds, one.seconds_min, one.seconds_max),
            (2.0, 1.0, 3.0)
        );
        assert_eq!(one.bound, Some(3.0));
        assert!((one.above_best_pct.unwrap() - 100.0 * 5.0 / 607.0).abs() < 1e-9);
        let text = table(&[one]);
        assert!(
            text.contains("607.0-630.0") && text.contains("1.0-3.0"),
            "{text}"
        );
    }
}
