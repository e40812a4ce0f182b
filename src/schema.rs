//! JSON Schemas of flexrota's files, generated from the types that read and write them, so
//! a schema cannot drift from the code.
//!
//! Inputs (model and scenario files) are described as the parser reads them: an editor with
//! a YAML language server completes and checks a file against them (the shipped instances
//! name theirs in a `# yaml-language-server: $schema=...` first line). Outputs are described
//! as they are written; each carries `schema_version` ([`crate::report::SCHEMA_VERSION`]).
//! Draft 7, the draft editors' YAML and JSON servers support best. The committed copies in
//! `schemas/` are checked against these by a test.

use clap::ValueEnum;
use schemars::generate::SchemaSettings;
use schemars::SchemaGenerator;
use serde_json::Value;

// The output types with their lifetimes tied off: a schema borrows nothing.
type SolveJson = crate::report::SolveJson<'static>;
type ValidateJson = crate::report::ValidateJson<'static>;
type CompareJson = crate::scenario::render::CompareJson<'static>;
type VariantRotaJson = crate::scenario::render::VariantRotaJson<'static>;
type SweepJson = crate::scenario::sweep::SweepJson<'static>;

/// The files flexrota reads and writes that have a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A team model (`solve`, `validate`, `replan`, `sweep` read it).
    Model,
    /// A scenario file (`compare` reads it).
    Scenarios,
    /// `solve --format json` (and `replan`).
    Solve,
    /// `validate --format json`.
    Validate,
    /// `compare --format json`.
    Compare,
    /// `compare --rotas DIR`: one variant's rota.
    VariantRota,
    /// `sweep --format json`.
    Sweep,
}

impl SchemaKind {
    /// Every kind, in the order `schemas/` lists them.
    pub const ALL: [SchemaKind; 7] = [
        SchemaKind::Model,
        SchemaKind::Scenarios,
        SchemaKind::Solve,
        SchemaKind::Validate,
        SchemaKind::Compare,
        SchemaKind::VariantRota,
        SchemaKind::Sweep,
    ];

    /// The schema's file name in `schemas/`.
    pub fn file_name(self) -> String {
        let stem = match self {
            SchemaKind::Model => "model",
            SchemaKind::Scenarios => "scenarios",
            SchemaKind::Solve => "solve",
            SchemaKind::Validate => "validate",
            SchemaKind::Compare => "compare",
            SchemaKind::VariantRota => "variant-rota",
            SchemaKind::Sweep => "sweep",
        };
        format!("{stem}.schema.json")
    }
}

/// The schema of one kind of file.
pub fn schema(kind: SchemaKind) -> Value {
    let input = || SchemaSettings::draft07().for_deserialize().into_generator();
    let output = || SchemaSettings::draft07().for_serialize().into_generator();
    let schema = match kind {
        SchemaKind::Model => crate::parse::model_schema(input()),
        SchemaKind::Scenarios => crate::parse::scenarios_schema(input()),
        SchemaKind::Solve => root::<SolveJson>(output()),
        SchemaKind::Validate => root::<ValidateJson>(output()),
        SchemaKind::Compare => root::<CompareJson>(output()),
        SchemaKind::VariantRota => root::<VariantRotaJson>(output()),
        SchemaKind::Sweep => root::<SweepJson>(output()),
    };
    without_raw_prefix(schema.to_value())
}

/// Names the definitions of the raw input types as the format does (`Person`, not
/// `RawPerson`): editors show these names on hover.
fn without_raw_prefix(mut schema: Value) -> Value {
    const PREFIX: &str = "#/definitions/Raw";
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get_mut("$ref") {
                    if let Some(rest) = r.strip_prefix(PREFIX) {
                        *r = format!("#/definitions/{rest}");
                    }
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    if let Some(Value::Object(defs)) = schema.get_mut("definitions") {
        let renamed = std::mem::take(defs)
            .into_iter()
            .map(|(k, v)| match k.strip_prefix("Raw") {
                Some(rest) => (rest.to_string(), v),
                None => (k, v),
            })
            .collect();
        *defs = renamed;
    }
    walk(&mut schema);
    schema
}

/// The schema as the text committed in `schemas/`: pretty JSON ending in a newline.
pub fn schema_text(kind: SchemaKind) -> String {
    serde_json::to_string_pretty(&schema(kind)).expect("a schema serialises") + "\n"
}

fn root<T: schemars::JsonSchema>(generator: SchemaGenerator) -> schemars::Schema {
    generator.into_root_schema_for::<T>()
}
