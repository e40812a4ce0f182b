//! Mutated inputs for every reader: the instance YAML, the scenario file, rotas in JSON and
//! CSV (read, then checked against the team), and the Curtois benchmark text (imported,
//! then loaded). Each must answer with a model, a rota or an error: never a panic, and never
//! a hang (a case taking more than [`HANG`] fails; parsing these files takes milliseconds).
//! `PROPTEST_CASES` sets the number of cases per reader.

use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;

use flexrota::check;
use flexrota::import::nrp;
use flexrota::parse::{load_model, load_model_str, load_scenarios_str};
use flexrota::rota_io::{parse_rota_csv, parse_rota_json};

use crate::common::repo_root;

/// A case slower than this is taken for a hang.
const HANG: Duration = Duration::from_secs(2);

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    /// Flip bits of the byte at (a fraction of the length).
    Flip(f64, u8),
    /// Insert bytes at.
    Insert(f64, Vec<u8>),
    /// Delete a span.
    Delete(f64, usize),
    /// Cut the text there.
    Truncate(f64),
    /// Repeat a span in place.
    Repeat(f64, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = 0.0..1.0f64;
    // Bytes that matter to the formats, and some that do not.
    let byte = prop_oneof![
        Just(b':'),
        Just(b'-'),
        Just(b'['),
        Just(b'{'),
        Just(b','),
        Just(b'\n'),
        Just(b' '),
        Just(b'9'),
        Just(b'"'),
        Just(b'&'),
        Just(b'*'),
        any::<u8>()
    ];
    prop_oneof![
        (at.clone(), any::<u8>()).prop_map(|(a, b)| Edit::Flip(a, b)),
        (at.clone(), prop::collection::vec(byte, 1..8)).prop_map(|(a, b)| Edit::Insert(a, b)),
        (at.clone(), 1..40usize).prop_map(|(a, n)| Edit::Delete(a, n)),
        at.clone().prop_map(Edit::Truncate),
        (at, 1..60usize, 1..4usize).prop_map(|(a, n, k)| Edit::Repeat(a, n, k)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len);
        match e {
            Edit::Flip(f, b) => {
                if !bytes.is_empty() {
                    let i = at(*f, bytes.len() - 1);
                    bytes[i] ^= b | 1;
                }
            }
            Edit::Insert(f, new) => {
                let i = at(*f, bytes.len());
                bytes.splice(i..i, new.iter().copied());
            }
            Edit::Delete(f, n) => {
                let i = at(*f, bytes.len());
                let j = (i + n).min(bytes.len());
                bytes.drain(i..j);
            }
            Edit::Truncate(f) => bytes.truncate(at(*f, bytes.len())),
            Edit::Repeat(f, n, k) => {
                let i = at(*f, bytes.len());
                let j = (i + n).min(bytes.len());
                let span = bytes[i..j].to_vec();
                for _ in 0..*k {
                    bytes.splice(j..j, span.iter().copied());
                }
            }
        }
    }
    bytes
}

fn read(path: &str) -> Vec<u8> {
    let p = repo_root().join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Runs `case` on `bytes` (as text, lossily: the readers take UTF-8), failing on a hang.
fn within(bytes: &[u8], case: impl FnOnce(&str)) -> Result<(), TestCaseError> {
    let text = String::from_utf8_lossy(bytes);
    let started = Instant::now();
    case(&text);
    let took = started.elapsed();
    prop_assert!(took < HANG, "a case took {took:?}");
    Ok(())
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_instances_load_or_say_why(edits in prop::collection::vec(edit(), 1..6)) {
        let bytes = apply(read("instances/children-assessment.yaml"), &edits);
        within(&bytes, |text| {
            let dir = repo_root().join("instances");
            if let Err(e) = load_model_str(text, "children-assessment.yaml", &dir) {
                prop_assert_ne_text(&e.render());
            }
        })?;
    }

    #[test]
    fn mutated_scenarios_load_or_say_why(edits in prop::collection::vec(edit(), 1..6)) {
        let bytes = apply(read("instances/children-flex.scenarios.yaml"), &edits);
        within(&bytes, |text| {
            let dir = repo_root().join("instances");
            let path = dir.join("children-flex.scenarios.yaml");
            if let Err(e) = load_scenarios_str(text, &path, &dir) {
                prop_assert_ne_text(&e.render());
            }
        })?;
    }

    #[test]
    fn mutated_benchmarks_import_or_say_why(edits in prop::collection::vec(edit(), 1..6)) {
        let bytes = apply(read("tests/data/curtois/Instance2.txt"), &edits);
        within(&bytes, |text| {
            let path = Path::new("Instance2.txt");
            match nrp::import_str(text, "Instance2", path) {
                Ok(yaml) => {
                    if let Err(e) = load_model_str(&yaml, "Instance2.txt (imported)", Path::new(".")) {
                        prop_assert_ne_text(&e.render());
                    }
                }
                Err(e) => prop_assert_ne_text(&e.to_string()),
            }
        })?;
    }

    #[test]
    fn mutated_rotas_read_and_check_or_say_why(
        edits in prop::collection::vec(edit(), 1..6),
        json in any::<bool>(),
    ) {
        let model = load_model(&repo_root().join("instances/children-assessment.yaml"))
            .expect("the shipped instance loads");
        let file = match json { true => "tests/data/rota.json", false => "tests/data/rota.csv" };
        let bytes = apply(read(file), &edits);
        within(&bytes, |text| {
            let path = Path::new(file);
            let read = match json {
                true => parse_rota_json(text, path),
                false => parse_rota_csv(text, path),
            };
            match read {
                // Whatever the rota says, the checker gives a verdict.
                Ok(rota) => {
                    let report = check::check(&model, &rota);
                    assert!(report.cost.is_finite(), "a finite cost");
                }
                Err(e) => prop_assert_ne_text(&e.to_string()),
            }
        })?;
    }
}

/// An error must say something.
fn prop_assert_ne_text(message: &str) {
    assert!(!message.trim().is_empty(), "an empty error message");
}
