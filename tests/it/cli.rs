//! The command line's promises that need a running process: a time limit is kept, an
//! interrupt stops with the best rota so far, and a closed pipe ends quietly.

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::repo_root;

fn flexrota() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_flexrota"));
    c.current_dir(repo_root());
    c
}

/// Waits for `child`; its exit status and standard error, which must hold no panic.
fn ended(mut child: std::process::Child) -> (std::process::ExitStatus, String) {
    let status = child.wait().expect("flexrota ends");
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut stderr)
            .expect("standard error is text");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    (status, stderr)
}

/// The JSON document `solve --format json` wrote.
fn document(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("the rota was written");
    serde_json::from_str(&text).expect("the output is JSON")
}

/// Starts a long solve of the 4-week service (no time limit: minutes to prove), sends
/// `signal` once it has had time for a first rota, and returns the exit code and the
/// document written.
fn interrupted(signal: &str) -> (Option<i32>, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rota.json");
    let child = flexrota()
        .args([
            "solve",
            "instances/service-4week.yaml",
            "--format",
            "json",
            "-o",
        ])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .expect("flexrota starts");
    std::thread::sleep(Duration::from_secs(8));
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let (status, stderr) = ended(child);
    assert!(stderr.contains("interrupted"), "{stderr}");
    (status.code(), document(&out))
}

/// Whether `validate` finds the written rota legal.
fn legal(doc: &serde_json::Value) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let rota = dir.path().join("rota.json");
    std::fs::write(&rota, doc.to_string()).unwrap();
    flexrota()
        .args(["validate", "instances/service-4week.yaml"])
        .arg(&rota)
        .status()
        .expect("validate runs")
        .success()
}

#[test]
fn sigint_stops_with_the_best_rota_so_far_and_exit_130() {
    let (code, doc) = interrupted("-INT");
    assert_eq!(code, Some(130));
    // On a busy machine the first rota may not have come yet: then no rota, said so.
    match doc["status"].as_str() {
        Some("feasible") => assert!(legal(&doc), "the rota written on an interrupt is legal"),
        Some("no_solution") => assert!(doc["assignments"].as_array().is_none_or(Vec::is_empty)),
        other => panic!("status {other:?}"),
    }
}

/// What an interrupt does, without the clock: once the solve has offered a rota, a stop
/// request makes the pipeline return that rota, re-checked, with status `feasible`.
#[test]
fn a_stop_request_returns_the_best_rota_offered() {
    use flexrota::milp::progress::Progress;
    use flexrota::milp::{SolveOptions, SolveStatus};
    let model = flexrota::parse::load_model(&repo_root().join("instances/service-4week.yaml"))
        .expect("the service loads");
    let progress = Progress::shared();
    let watcher = progress.clone();
    let stopper = std::thread::spawn(move || {
        while watcher.best().is_none() {
            std::thread::sleep(Duration::from_millis(20));
        }
        watcher.stop();
    });
    let options = SolveOptions {
        progress: Some(progress),
        ..SolveOptions::default()
    };
    let outcome = flexrota::pipeline::solve(&model, &options).expect("the pipeline answers");
    stopper.join().unwrap();
    assert!(matches!(
        outcome.solved.status,
        SolveStatus::Feasible | SolveStatus::Optimal
    ));
    let report = outcome.check.expect("a checked rota");
    assert!(report.is_legal());
    let objective = outcome.solved.objective.expect("an objective");
    assert!(flexrota::pipeline::costs_agree(objective, report.cost));
}

#[test]
fn sigterm_stops_with_exit_143() {
    let (code, doc) = interrupted("-TERM");
    assert_eq!(code, Some(143));
    assert!(["feasible", "no_solution"].contains(&doc["status"].as_str().unwrap()));
}

/// The promise is limit + 5% + 2 s; the bound here is looser, so that a busy machine does
/// not fail it, and still far below what a solve that ignores its limit takes (minutes).
#[test]
fn a_time_limit_is_kept_with_the_best_rota_so_far() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rota.json");
    let started = Instant::now();
    let status = flexrota()
        .args([
            "solve",
            "instances/service-4week.yaml",
            "--time-limit",
            "3",
            "-o",
        ])
        .arg(&out)
        .status()
        .expect("flexrota runs");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "took {took:?}");
    let doc = document(&out);
    assert!(status.code() == Some(0) || status.code() == Some(1));
    let reported = doc["solve_seconds"].as_f64().unwrap();
    assert!(
        reported <= took.as_secs_f64() + 0.01,
        "solve_seconds is the wall time"
    );
    if doc["status"] == "feasible" {
        assert!(legal(&doc));
    }
}

/// `flexrota bench ... | head`: the reader goes away; flexrota ends without a panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = flexrota()
        .args([
            "bench",
            "tests/data/curtois/Instance1.txt",
            "--time-limit",
            "5",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("flexrota starts");
    drop(child.stdout.take());
    let (status, stderr) = ended(child);
    assert_eq!(status.code(), Some(0), "{stderr}");
}
