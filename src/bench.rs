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
    /// Best bound.
    pub bound: Option<f64>,
    /// Relative gap.
    pub gap: Option<f64>,
    /// Best-known objective, when given.
    pub best_known: Option<f64>,
    /// Percent above best-known.
    pub above_best_pct: Option<f64>,
    /// Seconds for load, build, solve and check.
    pub seconds: f64,
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

/// Solve one instance and measure it.
pub fn run_one(path: &Path, options: &SolveOptions, best: &BTreeMap<String, f64>) -> BenchRow {
    reset_peak_memory();
    let started = Instant::now();
    let instance = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let best_known = best.get(&instance).copied();
    let mut row = BenchRow {
        instance,
        people: 0,
        days: 0,
        status: RunStatus::Error,
        objective: None,
        bound: None,
        gap: None,
        best_known,
        above_best_pct: None,
        seconds: 0.0,
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
            match pipeline::solve(&model, options) {
                Err(e) => row.error = Some(e.to_string()),
                Ok(outcome) => {
                    let s = &outcome.solved;
                    row.status = s.status.into();
                    row.objective = s.objective;
                    row.bound = s.bound;
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
    row.peak_mb = peak_memory_mb();
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
    let _ = writeln!(
        out,
        "{:<22} {:>6} {:>5} {:<11} {:>10} {:>10} {:>7} {:>10} {:>8} {:>8} {:>8}",
        "instance",
        "people",
        "days",
        "status",
        "objective",
        "bound",
        "gap%",
        "best",
        "above%",
        "seconds",
        "peak MB"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:<22} {:>6} {:>5} {:<11} {:>10} {:>10} {:>7} {:>10} {:>8} {:>8.2} {:>8}",
            r.instance,
            r.people,
            r.days,
            r.status,
            opt(r.objective, 1),
            opt(r.bound, 1),
            opt(r.gap.map(|g| g * 100.0), 2),
            opt(r.best_known, 0),
            opt(r.above_best_pct, 2),
            r.seconds,
            opt(r.peak_mb, 1)
        );
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
        };
        let text = table(&[row]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].find("status"), lines[1].find("optimal"));
        assert_eq!(lines[0].len(), lines[1].len(), "{text}");
    }
}
