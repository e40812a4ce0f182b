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
        // The phases the progress line shows, in the order the solve went through them.
        let mut phases: Vec<&str> = Vec::new();
        while watcher.best().is_none() {
            if phases.last() != Some(&watcher.phase()) {
                phases.push(watcher.phase());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        watcher.stop();
        phases
    });
    let options = SolveOptions {
        progress: Some(progress),
        ..SolveOptions::default()
    };
    let outcome = flexrota::pipeline::solve(&model, &options).expect("the pipeline answers");
    let phases = stopper.join().unwrap();
    // Before its first rota the solve says what it is doing: building, then finding one.
    assert!(
        phases.contains(&"finding a first rota and a bound"),
        "{phases:?}"
    );
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

/// A menu's time limit covers its whole report: the answer and every question after it
/// (the next best, no change, each request not granted), which would each take the limit
/// again if it were per solve (about 100 s here). Each variant has the limit; with `-j 2`
/// the base solves beside the menu.
#[test]
fn a_menus_time_limit_covers_its_whole_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("compare.json");
    let started = Instant::now();
    let status = flexrota()
        .args([
            "compare",
            "instances/children-requests.scenarios.yaml",
            "--time-limit",
            "30",
            "-j",
            "2",
            "-o",
        ])
        .arg(&out)
        .status()
        .expect("flexrota runs");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(50), "took {took:?}");
    assert!(status.code() == Some(0) || status.code() == Some(1));
    let doc = document(&out);
    let design = &doc["variants"][1]["design"];
    let reason = design["reason"].as_str().expect("a reason");
    // On an idle machine the answer (9 of 12 granted, the proven best) comes in 7 s; the
    // tests running beside it may slow it past its share, and the report then says so.
    match design["chosen"].as_str() {
        Some(chosen) => assert_eq!(chosen.matches(": ").count(), 9, "{chosen}"),
        None => assert!(
            reason.contains("not settled within the time limit"),
            "{reason}"
        ),
    }
    let seconds = doc["variants"][1]["solve_seconds"].as_f64().unwrap();
    assert!(seconds <= 30.0 * 1.05 + 2.0, "the report took {seconds} s");
}

/// `bench --menus 3` chooses a job design on a benchmark: three people each offered three
/// versions of their contract (64 designs), proven by column generation, every option priced
/// by its own walk, the rota re-checked; no best-known figure, since the team is not the
/// published one.
#[test]
fn bench_chooses_a_design_on_a_benchmark() {
    let out = flexrota()
        .args([
            "bench",
            "tests/data/curtois/Instance1.txt",
            "--menus",
            "3",
            "--time-limit",
            "60",
            "-o",
        ])
        .arg(std::env::temp_dir().join(format!("flexrota-menus-{}.csv", std::process::id())))
        .output()
        .expect("flexrota runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let row = stdout
        .lines()
        .find(|l| l.starts_with("Instance1 (3 x 3 menus)") && l.contains("column_generation"))
        .unwrap_or_else(|| panic!("no design row:\n{stdout}"));
    let fields: Vec<&str> = row.split_whitespace().collect();
    // instance (5 words), people, days, status, objective, bound, bound by, gap, best.
    assert_eq!(&fields[5..8], ["8", "14", "optimal"], "{row}");
    assert_eq!(fields[8], fields[9], "proven: {row}");
    assert_eq!(fields[12], "-", "no best known: {row}");
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

/// Per person, their unsocial work of the JSON document: `(person, [nights, weekends,
/// evenings])` of `field` in `people[].unsocial_by_kind[]` (`count` or `before`).
fn by_kind(doc: &serde_json::Value, field: &str) -> Vec<(String, Vec<u64>)> {
    doc["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| {
            let kinds = p["unsocial_by_kind"].as_array().expect("kinds");
            let units = kinds.iter().map(|k| k[field].as_u64().unwrap()).collect();
            (p["person"].as_str().unwrap().to_string(), units)
        })
        .collect()
}

#[test]
fn after_carries_unsocial_work_and_families_from_week_to_week() {
    // Week one, then week two after it, then week two again after week two's JSON (as if
    // it were week three): what each rota carried is what the next one starts from.
    let dir = tempfile::tempdir().unwrap();
    let solve = |model: &str, after: Option<&std::path::Path>, out: &str| {
        let out = dir.path().join(out);
        let mut c = flexrota();
        c.args(["solve", model, "--format", "json", "-o"]).arg(&out);
        if let Some(after) = after {
            c.arg("--after").arg(after);
        }
        let (status, stderr) = ended(c.stderr(Stdio::piped()).spawn().unwrap());
        assert!(status.success(), "{stderr}");
        (out.clone(), document(&out))
    };
    let (week1, doc1) = solve("instances/children-assessment.yaml", None, "w1.json");
    assert!(by_kind(&doc1, "before")
        .iter()
        .all(|(_, b)| b.iter().all(|&x| x == 0)));
    let carried = |doc: &serde_json::Value| -> Vec<(String, Vec<u64>)> {
        doc["carried"]["unsocial_to_date"]
            .as_array()
            .expect("carried")
            .iter()
            .map(|u| {
                let units = ["nights", "weekends", "evenings"]
                    .iter()
                    .map(|k| u[*k].as_u64().unwrap())
                    .collect();
                (u["person"].as_str().unwrap().to_string(), units)
            })
            .collect()
    };
    let nonzero = |v: Vec<(String, Vec<u64>)>| -> Vec<(String, Vec<u64>)> {
        v.into_iter()
            .filter(|(_, u)| u.iter().any(|&x| x > 0))
            .collect()
    };
    // Week one carries what it did.
    assert_eq!(carried(&doc1), nonzero(by_kind(&doc1, "count")));
    let (week2, doc2) = solve(
        "instances/children-assessment-next.yaml",
        Some(&week1),
        "w2.json",
    );
    assert_eq!(nonzero(by_kind(&doc2, "before")), carried(&doc1));
    // Week two carries week one's and its own.
    let to_date: Vec<(String, Vec<u64>)> = by_kind(&doc2, "before")
        .into_iter()
        .zip(by_kind(&doc2, "count"))
        .map(|((p, b), (_, c))| (p, b.iter().zip(&c).map(|(x, y)| x + y).collect()))
        .collect();
    assert_eq!(carried(&doc2), nonzero(to_date));
    // No family (`continuity: true` activity) in this team: none carried.
    assert_eq!(doc2["carried"]["families"], serde_json::json!([]));
    // A week planned after week two's rota starts from week two's figures: its own
    // days (the same dates, on or after the start) are not counted twice.
    let (_, doc3) = solve(
        "instances/children-assessment-next.yaml",
        Some(&week2),
        "w3.json",
    );
    assert_eq!(nonzero(by_kind(&doc3, "before")), carried(&doc1));
}

/// `flexrota solve ARGS --format json -o FILE`: its exit status, standard error and the
/// document written.
fn solved_json(args: &[&str]) -> (std::process::ExitStatus, String, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rota.json");
    let child = flexrota()
        .arg("solve")
        .args(args)
        .args(["--format", "json", "-o"])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (status, stderr) = ended(child);
    (status, stderr, document(&out))
}

#[test]
fn no_rota_says_why_in_the_json_and_on_standard_error() {
    let (status, stderr, doc) = solved_json(&["instances/oncall-short-hard.yaml"]);
    assert_eq!(status.code(), Some(1));
    assert!(
        stderr.contains("Why there is no rota (4 cause(s))"),
        "{stderr}"
    );
    assert_eq!(doc["status"], "infeasible");
    let causes = doc["diagnosis"].as_array().expect("diagnosis");
    assert_eq!(causes.len(), 4, "four nights nobody can take");
    for c in causes {
        assert_eq!(c["rule"], "shift_cover");
        let who: Vec<&str> = c["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["person"].as_str().unwrap())
            .collect();
        assert_eq!(who, ["rosa", "sam", "tariq", "uma"]);
        assert!(c["fix"].as_str().unwrap().contains("lower `required`"));
    }
}

#[test]
fn suggest_solves_again_with_one_more_person_per_short_line() {
    let (status, stderr, doc) = solved_json(&["instances/oncall-short.yaml", "--suggest"]);
    assert!(status.success(), "{stderr}");
    let before = doc["objective"].as_f64().unwrap();
    let suggestions = doc["suggestions"].as_array().expect("suggestions");
    // One per short night, each covered by the extra person at a lower objective.
    let short = doc["shortfalls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["activity"] == "oncall")
        .count();
    assert_eq!(suggestions.len(), short);
    for s in suggestions {
        assert_eq!(s["covered"], true, "{s}");
        assert_eq!(s["objective_before"].as_f64().unwrap(), before);
        assert!(s["objective_after"].as_f64().unwrap() < before, "{s}");
    }
}

#[test]
fn version_names_highs_and_completions_cover_every_command() {
    let out = flexrota().arg("--version").output().unwrap();
    assert!(out.status.success());
    let version = String::from_utf8(out.stdout).unwrap();
    assert!(
        version.starts_with("flexrota ") && version.contains("(HiGHS 1."),
        "{version}"
    );
    let out = flexrota().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let script = String::from_utf8(out.stdout).unwrap();
    for command in [
        "solve",
        "replan",
        "diff",
        "validate",
        "compare",
        "completions",
    ] {
        assert!(script.contains(command), "{command} completes");
    }
    // An unknown shell is a usage error (exit 2), with the shells listed.
    let out = flexrota().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bash"));
}

#[test]
fn ics_writes_a_calendar_per_person_into_a_folder_or_one_persons() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("calendars");
    let run = |extra: &[&str]| {
        flexrota()
            .args([
                "solve",
                "instances/children-assessment.yaml",
                "--format",
                "ics",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&["-o", folder.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(files, 14, "one calendar per person");
    let chloe = std::fs::read_to_string(folder.join("chloe.ics")).unwrap();
    assert!(chloe.starts_with("BEGIN:VCALENDAR\r\n") && chloe.contains("UID:chloe-"));
    // One person's alone, to standard output.
    let out = run(&["--person", "chloe"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), chloe);
    // Everyone's needs a folder; an unknown person is named.
    for (extra, words) in [
        (vec![], "-o FOLDER"),
        (vec!["-o", "all.ics"], "names a folder"),
        (vec!["--person", "chloé"], "no such person"),
    ] {
        let out = run(&extra);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(words), "{extra:?}: {stderr}");
    }
}

/// The keys of a JSON object, sorted.
fn keys(v: &serde_json::Value) -> Vec<&str> {
    let mut keys: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// `names`, sorted.
fn sorted<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let mut names = names.to_vec();
    names.sort_unstable();
    names
}

#[test]
fn the_solve_json_keeps_its_field_names() {
    // A stable interface: renaming or removing a field must raise `schema_version` and
    // change this test.
    let (status, stderr, doc) = solved_json(&["instances/oncall-short.yaml"]);
    assert!(status.success(), "{stderr}");
    assert_eq!(doc["schema_version"], flexrota::report::SCHEMA_VERSION);
    assert_eq!(
        keys(&doc),
        sorted(&[
            "schema_version",
            "instance",
            "horizon",
            "status",
            "objective",
            "bound",
            "bound_method",
            "gap",
            "solve_seconds",
            "assignments",
            "shortfalls",
            "penalties",
            "people",
            "carried",
            "diagnosis",
            "violations",
            "suggestions"
        ])
    );
    assert_eq!(
        keys(&doc["assignments"][0]),
        sorted(&[
            "person",
            "date",
            "shift",
            "start",
            "end",
            "location",
            "activities"
        ])
    );
    assert_eq!(
        keys(&doc["shortfalls"][0]),
        sorted(&["activity", "date", "start", "end", "missing", "unit", "reasons"])
    );
    assert_eq!(
        keys(&doc["people"][0]),
        sorted(&[
            "person",
            "counted_minutes",
            "target_minutes",
            "unsocial",
            "unsocial_per_fte",
            "unsocial_by_kind",
            "admin_minutes",
            "home_days",
            "home_days_wanted",
            "home_days_granted",
            "cost",
            "activity_changes",
            "days_with_activities",
            "most_changes_in_a_day",
            "weeks"
        ])
    );
    assert_eq!(
        keys(&doc["people"][0]["unsocial_by_kind"][0]),
        sorted(&["kind", "count", "before", "fair", "excess", "eligible"])
    );
}

#[test]
fn compare_writes_each_variants_rota() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = dir.path().join("small.scenarios.yaml");
    let base = repo_root().join("instances/oncall-short.yaml");
    std::fs::write(
        &scenarios,
        format!(
            "base: {}\nvariants:\n  - name: uma-on-call\n    changes:\n      - set_contract: {{person: uma, contract: on_call_rota}}\n",
            base.display()
        ),
    )
    .unwrap();
    let rotas = dir.path().join("rotas");
    let out = flexrota()
        .args(["compare", "-j", "2", "--format", "csv", "--rotas"])
        .arg(&rotas)
        .arg(&scenarios)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&rotas)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["base.json", "uma-on-call.json"]);
    // The base's rota is a rota of the base model: `validate` reads it and finds it legal.
    let out = flexrota()
        .arg("validate")
        .arg(&base)
        .arg(rotas.join("base.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("legal"));
    let uma = document(&rotas.join("uma-on-call.json"));
    assert_eq!(uma["variant"], "uma-on-call");
    assert!(uma["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["person"] == "uma" && a["shift"] == "oncall"));
}

#[test]
fn the_table_fits_the_terminal_for_one_four_and_eight_weeks() {
    // Long names, two shifts, leave: every line fits in COLUMNS (100 by default), whatever
    // the horizon.
    let dir = tempfile::tempdir().unwrap();
    for weeks in [1, 4, 8] {
        let model = dir.path().join(format!("w{weeks}.yaml"));
        std::fs::write(
            &model,
            format!(
                r#"
horizon: {{start: 2026-11-30, days: {}}}
locations: [{{id: office}}, {{id: home, home: true}}]
shifts:
  - {{id: early_long_name, start: "07:00", end: "15:00"}}
  - {{id: late_long_name, start: "14:00", end: "22:00"}}
contracts: [{{id: c, minutes_per_week: 1920, tolerance: {{under: 480, over: 480}}}}]
people:
  - {{id: anastasia, name: Anastasia Konstantinopoulou, contract: c, leave: [2026-12-02]}}
  - {{id: bo, name: Bo Li, contract: c}}
demand:
  - {{shift: early_long_name, days: weekdays, required: 1}}
  - {{shift: late_long_name, days: weekdays, required: 1}}
"#,
                7 * weeks
            ),
        )
        .unwrap();
        for columns in [None, Some("80"), Some("120")] {
            let mut c = flexrota();
            c.arg("solve").arg(&model);
            c.env_remove("COLUMNS");
            if let Some(cols) = columns {
                c.env("COLUMNS", cols);
            }
            let out = c.output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8(out.stdout).unwrap();
            let width: usize = columns.map_or(100, |c| c.parse().unwrap());
            let wide: Vec<&str> = text.lines().filter(|l| l.chars().count() > width).collect();
            assert!(wide.is_empty(), "{weeks} weeks, {width} columns: {wide:#?}");
            // Names, not ids; leave marked; every day's date shown once.
            assert!(text.contains("Anastasia Konstan") && text.contains("LEAVE"));
            let headers = text
                .lines()
                .filter(|l| l.trim_start().starts_with("| ") && l.contains("Wed 02 Dec"))
                .count();
            assert_eq!(headers, 1, "the grid shows each day once");
        }
    }
}

#[test]
fn the_comparison_fits_the_terminal_in_panels() {
    // Eighteen figures for four variants with long names: in panels that fit COLUMNS, each
    // repeating the variant's name, and every variant's figures still there.
    let dir = tempfile::tempdir().unwrap();
    let scenarios = dir.path().join("wide.scenarios.yaml");
    let base = repo_root().join("instances/oncall-short.yaml");
    let mut text = format!("base: {}\nvariants:\n", base.display());
    for (name, person) in [
        ("uma-joins-the-on-call-rota", "uma"),
        ("wendy-joins-the-on-call-rota", "wendy"),
        ("vic-joins-the-on-call-rota", "vic"),
    ] {
        text.push_str(&format!(
            "  - name: {name}\n    description: {person} takes nights as well as days, as the team asked in its review of on-call\n    changes:\n      - set_contract: {{person: {person}, contract: on_call_rota}}\n"
        ));
    }
    std::fs::write(&scenarios, text).unwrap();
    for width in [80, 100] {
        let out = flexrota()
            .arg("compare")
            .arg(&scenarios)
            .env("COLUMNS", width.to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let table = String::from_utf8(out.stdout).unwrap();
        let wide: Vec<&str> = table
            .lines()
            .filter(|l| l.chars().count() > width)
            .collect();
        assert!(wide.is_empty(), "{width} columns: {wide:#?}");
        let panels = table.lines().filter(|l| l.starts_with("variant ")).count();
        assert!(panels >= 2, "{table}");
        for header in ["objective", "cost/wk £", "rest breaches", "gap %"] {
            assert!(
                table
                    .lines()
                    .any(|l| l.starts_with("variant ") && l.contains(header)),
                "{header} in some panel"
            );
        }
        for name in ["uma-joins-the-on-call-rota", "vic-joins-the-on-call-rota"] {
            assert_eq!(
                table.lines().filter(|l| l.starts_with(name)).count(),
                panels,
                "{name}: a row in each panel"
            );
        }
    }
}

#[test]
fn a_model_can_come_from_standard_input() {
    use std::io::Write as _;
    let run = |text: &str| {
        let mut child = flexrota()
            .args(["solve", "-", "--format", "json"])
            .current_dir(repo_root().join("instances"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    // Includes are found from the working folder.
    let yaml = std::fs::read_to_string(repo_root().join("instances/oncall-short.yaml")).unwrap();
    let out = run(&yaml);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["instance"], "oncall-short");
    // A mistake is located in standard input.
    let out = run("horizon: {start: 2026-11-30, days: 7\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:"));
}

#[test]
fn quiet_says_nothing_on_standard_error_unless_something_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("calendars");
    let run = |quiet: bool| {
        let mut c = flexrota();
        c.args([
            "solve",
            "instances/oncall-short.yaml",
            "--format",
            "ics",
            "-o",
        ])
        .arg(&folder);
        if quiet {
            c.arg("-q");
        }
        c.output().unwrap()
    };
    let loud = run(false);
    assert!(String::from_utf8_lossy(&loud.stderr).contains("wrote 6 calendars"));
    let quiet = run(true);
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
}
