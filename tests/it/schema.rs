//! The JSON Schemas: the committed copies in `schemas/` are the generated ones, every
//! shipped model and scenario file matches the schema its first line names, the model
//! schema refuses what the parser refuses, and every JSON output matches its schema.

use std::path::Path;
use std::process::Command;

use flexrota::schema::{schema, schema_text, SchemaKind};
use serde_json::Value;

use crate::common::repo_root;

fn flexrota() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_flexrota"));
    c.current_dir(repo_root());
    c
}

fn validator(kind: SchemaKind) -> jsonschema::Validator {
    jsonschema::validator_for(&schema(kind)).expect("the schema is a valid draft-7 schema")
}

/// The schema errors of `doc`, one line each (empty when it matches).
fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    flexrota::parse::parse_yaml(&text)
        .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message))
}

#[test]
fn committed_schemas_are_the_generated_ones() {
    let dir = repo_root().join("schemas");
    for kind in SchemaKind::ALL {
        let path = dir.join(kind.file_name());
        let generated = schema_text(kind);
        if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run with UPDATE_GOLDEN=1 to write it",
                path.display()
            )
        });
        assert!(
            committed == generated,
            "{} differs from the types; run with UPDATE_GOLDEN=1",
            path.display()
        );
    }
    // `flexrota schema` prints the same text.
    let out = flexrota().args(["schema", "model"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        schema_text(SchemaKind::Model)
    );
}

#[test]
fn every_shipped_file_matches_the_schema_its_first_line_names() {
    let mut checked = 0;
    for folder in ["instances", "models"] {
        let dir = repo_root().join(folder);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let first = text.lines().next().unwrap_or_default();
            let named = first
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| panic!("{}: no schema line first", path.display()));
            let kind = if named.ends_with("scenarios.schema.json") {
                SchemaKind::Scenarios
            } else {
                SchemaKind::Model
            };
            // The line points at the committed file, relative to the model.
            assert_eq!(
                dir.join(named).canonicalize().unwrap(),
                repo_root()
                    .join("schemas")
                    .join(kind.file_name())
                    .canonicalize()
                    .unwrap()
            );
            let found = errors(&validator(kind), &yaml(&path));
            assert!(
                found.is_empty(),
                "{}:\n{}",
                path.display(),
                found.join("\n")
            );
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} files checked");
}

/// The children's team with one line replaced: the schema and the parser must agree on it.
fn edited(from: &str, to: &str) -> String {
    let text =
        std::fs::read_to_string(repo_root().join("instances/children-assessment.yaml")).unwrap();
    assert!(text.contains(from), "`{from}` is in the instance");
    text.replacen(from, to, 1)
}

#[test]
fn the_model_schema_refuses_what_the_parser_refuses() {
    let model = validator(SchemaKind::Model);
    let dir = repo_root().join("instances");
    let load = |text: &str| flexrota::parse::load_model_str(text, "edited.yaml", &dir);
    // A `$schema` key is allowed by both.
    let with_key = format!("$schema: ../schemas/model.schema.json\n{}", edited("", ""));
    assert!(errors(&model, &flexrota::parse::parse_yaml(&with_key).unwrap()).is_empty());
    assert!(load(&with_key).is_ok());
    for (from, to, why) in [
        ("    contract: ", "    contarct: ", "a misspelt field"),
        ("start: \"09:00\"", "start: 900", "a number for a time"),
        ("days: 7", "days: seven", "a word for a number"),
        ("  - id: ", "  - {}\n  - id: ", "an item without its id"),
    ] {
        let text = edited(from, to);
        let doc = flexrota::parse::parse_yaml(&text).unwrap();
        assert!(!errors(&model, &doc).is_empty(), "the schema allows {why}");
        assert!(load(&text).is_err(), "the parser allows {why}");
    }
}

/// Runs flexrota and reads the JSON it wrote to standard output.
fn json_of(args: &[&str]) -> Value {
    let out = flexrota().args(args).output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the output is JSON")
}

#[test]
fn every_json_output_matches_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let check = |kind: SchemaKind, doc: &Value| {
        let found = errors(&validator(kind), doc);
        assert!(found.is_empty(), "{kind:?}:\n{}", found.join("\n"));
        assert_eq!(doc["schema_version"], flexrota::report::SCHEMA_VERSION);
    };
    // A rota with shortfalls and their reasons, and a model with no rota and its diagnosis.
    let short = json_of(&[
        "solve",
        "instances/oncall-short.yaml",
        "--format",
        "json",
        "-q",
    ]);
    assert!(!short["shortfalls"].as_array().unwrap().is_empty());
    check(SchemaKind::Solve, &short);
    let none = json_of(&[
        "solve",
        "instances/oncall-short-hard.yaml",
        "--format",
        "json",
        "-q",
    ]);
    assert!(!none["diagnosis"].as_array().unwrap().is_empty());
    check(SchemaKind::Solve, &none);
    let rota = dir.path().join("rota.json");
    std::fs::write(&rota, serde_json::to_string(&short).unwrap()).unwrap();
    let rota = rota.to_str().unwrap();
    check(
        SchemaKind::Validate,
        &json_of(&[
            "validate",
            "instances/oncall-short.yaml",
            rota,
            "--format",
            "json",
        ]),
    );
    let scenarios = dir.path().join("small.scenarios.yaml");
    std::fs::write(
        &scenarios,
        format!(
            "base: {}\nvariants:\n  - name: uma-on-call\n    changes:\n      - set_contract: {{person: uma, contract: on_call_rota}}\n",
            repo_root().join("instances/oncall-short.yaml").display()
        ),
    )
    .unwrap();
    assert!(errors(&validator(SchemaKind::Scenarios), &yaml(&scenarios)).is_empty());
    let rotas = dir.path().join("rotas");
    let compared = json_of(&[
        "compare",
        scenarios.to_str().unwrap(),
        "--format",
        "json",
        "--rotas",
        rotas.to_str().unwrap(),
    ]);
    check(SchemaKind::Compare, &compared);
    let variant: Value =
        serde_json::from_str(&std::fs::read_to_string(rotas.join("uma-on-call.json")).unwrap())
            .unwrap();
    check(SchemaKind::VariantRota, &variant);
    check(
        SchemaKind::Sweep,
        &json_of(&[
            "sweep",
            "instances/oncall-short.yaml",
            "--lever",
            "demand-scale",
            "--values",
            "1,1.2",
            "--format",
            "json",
        ]),
    );
}
