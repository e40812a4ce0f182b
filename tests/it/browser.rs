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
    Command::new(env!("CARGO_BIN_EXE_flexrota"))
        .current_dir(repo_root())
        .args(["solve", instance, "--format", "html", "-o"])
        .arg(page)
        .output()
        .unwrap()
}

#[test]
fn the_html_report_opens_in_a_browser_with_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let out = html_report("instances/oncall-short.yaml", &page);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network"
    );
    let (dom, log) = headless(&page, &["--dump-dom"]);
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    for id in [
        "summary",
        "rota",
        "cover",
        "hours",
        "unsocial",
        "people",
        "person-rosa",
    ] {
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "no #{id} in the page"
        );
    }
    // The short nights are marked, with why each qualified worker is not on them.
    assert!(dom.contains("class=\"short\"") && dom.contains("class=\"reasons\""));
    assert!(
        dom.contains("Uma Sharma: contract"),
        "Uma's reason, by name"
    );
    let shot = dir.path().join("report.png");
    let (_, _) = headless(&page, &[&format!("--screenshot={}", shot.display())]);
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}

#[test]
fn a_model_with_no_rota_gets_a_page_that_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("no-rota.html");
    let out = html_report("instances/oncall-short-hard.yaml", &page);
    assert_eq!(out.status.code(), Some(1), "no rota is exit 1");
    let (dom, log) = headless(&page, &["--dump-dom"]);
    assert!(!log.contains("CONSOLE"), "{log}");
    assert!(dom.contains("id=\"no-rota\""));
    // The four nights nobody can take, each with its fix.
    assert_eq!(dom.matches("Fix: lower `required`").count(), 4);
}
