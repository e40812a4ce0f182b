//! The HTML report in a real browser: headless Chromium (Debian's `chromium`, which
//! `scripts/setup` installs) opens it, logs no console message, has every section, and
//! renders a screenshot.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::repo_root;

/// The browser: `$CHROMIUM`, else `chromium` on the `PATH`.
fn chromium() -> PathBuf {
    let name = std::env::var_os("CHROMIUM").unwrap_or_else(|| "chromium".into());
    let found = Command::new(&name).arg("--version").output();
    assert!(
        found.as_ref().is_ok_and(|o| o.status.success()),
        "the browser test needs Chromium: run scripts/setup (Debian package `chromium`), or \
         set CHROMIUM to its path"
    );
    PathBuf::from(name)
}

/// Headless Chromium on `page` with `args`: its standard output and standard error.
fn headless(page: &Path, args: &[&str]) -> (String, String) {
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1600,1200",
        ])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `flexrota solve INSTANCE --format html -o PAGE`, from the repository.
fn html_report(instance: &str, page: &Path) -> std::process::Output {
    flexrota(&[
        "solve",
        instance,
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ])
}

/// flexrota with `args`, from the repository.
fn flexrota(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_flexrota"))
        .current_dir(repo_root())
        .args(args)
        .output()
        .unwrap()
}

/// The page as the browser built it, after checking it needs no network and logs nothing
/// to the console; each of `ids` must be an element of it.
fn opened(page: &Path, ids: &[&str]) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network"
    );
    let (dom, log) = headless(page, &["--dump-dom"]);
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    for id in ids {
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "no #{id} in {}",
            page.display()
        );
    }
    dom
}

/// Renders `page` to a PNG and checks it has something on it.
fn screenshot(page: &Path) {
    let shot = page.with_extension("png");
    let (_, _) = headless(page, &[&format!("--screenshot={}", shot.display())]);
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}

fn succeeded(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_html_report_opens_in_a_browser_with_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    succeeded(&html_report("instances/oncall-short.yaml", &page));
    let dom = opened(
        &page,
        &[
            "summary",
            "rota",
            "cover-chart",
            "cover",
            "hours",
            "unsocial",
            "people",
            "person-rosa",
        ],
    );
    // The short nights are marked, with why each qualified worker is not on them.
    assert!(dom.contains("class=\"short\"") && dom.contains("class=\"reasons\""));
    assert!(
        dom.contains("Uma Sharma: contract"),
        "Uma's reason, by name"
    );
    // The chart shows the four empty nights in red, hour by hour.
    assert!(dom.contains("class=\"missing\""));
    assert!(dom.contains("17:00-18:00: 1.0 needed, 1.0 short"));
    screenshot(&page);
}

#[test]
fn validate_compare_and_sweep_pages_open_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    // A rota of the team before Chloe fell sick, checked against the week she is sick.
    succeeded(&flexrota(&[
        "solve",
        "instances/children-assessment.yaml",
        "-q",
        "-o",
        &path("published.json"),
    ]));
    let out = flexrota(&[
        "validate",
        "instances/children-assessment-sick.yaml",
        &path("published.json"),
        "--format",
        "html",
    ]);
    assert_eq!(out.status.code(), Some(1), "an illegal rota is exit 1");
    std::fs::write(path("validate.html"), &out.stdout).unwrap();
    let dom = opened(
        Path::new(&path("validate.html")),
        &["summary", "violations", "rota"],
    );
    assert!(dom.contains("Not legal"));
    assert!(dom.contains("<td>availability</td><td>hard</td><td>Chloe Reid</td>"));
    screenshot(Path::new(&path("validate.html")));

    let scenarios = path("small.scenarios.yaml");
    std::fs::write(
        &scenarios,
        format!(
            "name: small\nbase: {}\nvariants:\n  - name: uma-on-call\n    changes:\n      - set_contract: {{person: uma, contract: on_call_rota}}\n  - name: choice\n    choose:\n      - person: uma\n        options: [{{contract: on_call_rota, label: on call}}]\n    goal: objective\n",
            repo_root().join("instances/oncall-short.yaml").display()
        ),
    )
    .unwrap();
    succeeded(&flexrota(&[
        "compare",
        &scenarios,
        "--format",
        "html",
        "-o",
        &path("compare.html"),
    ]));
    let dom = opened(
        Path::new(&path("compare.html")),
        &["summary", "kpis", "cover", "designs"],
    );
    // Uma on call covers a night: fewer uncovered hours than the base, marked better.
    assert!(
        dom.contains("class=\"num better\""),
        "a better figure is marked"
    );
    assert!(dom.contains("Chosen: <b>uma: on call</b>"));
    screenshot(Path::new(&path("compare.html")));

    succeeded(&flexrota(&[
        "sweep",
        "instances/oncall-short.yaml",
        "--lever",
        "demand-scale",
        "--values",
        "0.5,1",
        "--cover-target",
        "70",
        "--format",
        "html",
        "-o",
        &path("sweep.html"),
    ]));
    let dom = opened(
        Path::new(&path("sweep.html")),
        &["summary", "frontier", "points"],
    );
    assert_eq!(dom.matches("<polyline").count(), 3, "three charts");
    assert!(
        dom.contains("class=\"dot marked\""),
        "the chosen point ringed"
    );
    screenshot(Path::new(&path("sweep.html")));
}

#[test]
fn a_model_with_no_rota_gets_a_page_that_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("no-rota.html");
    let out = html_report("instances/oncall-short-hard.yaml", &page);
    assert_eq!(out.status.code(), Some(1), "no rota is exit 1");
    let dom = opened(&page, &["no-rota"]);
    // The four nights nobody can take, each with its fix.
    assert_eq!(dom.matches("Fix: lower `required`").count(), 4);
}
