//! Loading team models from YAML (the format is `docs/FORMAT.md`).
//!
//! The steps, one module each:
//!
//! 1. [`load`](mod@self::load): read the instance file and, recursively, the files it includes
//!    (cycles detected); for each, [`yaml`] parses the text into a value tree and
//!    records the line and column of every field path.
//! 2. [`decode`]: deserialise each section item by item into the raw serde
//!    types of [`raw`], so that one bad item does not hide the others.
//! 3. [`merge`]: lay the files over each other (the including file wins).
//! 4. [`build`], [`people`], [`demand`]: check every
//!    value and reference, and build the [`Model`].
//!
//! Problems are collected along the way, never stopping at the first, and come back as one
//! [`LoadError`] listing every one with file, line, column, field path and hint.

mod build;
mod decode;
mod demand;
mod error;
mod history;
mod load;
mod merge;
mod people;
mod problems;
mod raw;
mod scenario;
mod values;
mod yaml;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;

pub use error::{Diagnostic, LoadError};
pub use scenario::{load_scenarios, load_scenarios_str};
pub use yaml::{parse_yaml, SyntaxError};

/// The JSON Schema of a model file (`docs/FORMAT.md`), from the raw types that read it.
pub fn model_schema(generator: schemars::SchemaGenerator) -> schemars::Schema {
    generator.into_root_schema_for::<raw::ModelFile>()
}

/// The JSON Schema of a scenario file (`docs/SCENARIOS.md`).
pub fn scenarios_schema(generator: schemars::SchemaGenerator) -> schemars::Schema {
    generator.into_root_schema_for::<scenario::ScenarioFile>()
}

use crate::model::Model;

/// Reads an instance file, follows its includes, validates everything and builds the model.
///
/// # Errors
///
/// [`LoadError::Io`] when the file cannot be read; [`LoadError::Invalid`] with every problem
/// found (in this file and the files it includes) otherwise.
pub fn load_model(path: &Path) -> Result<Model, LoadError> {
    let text = crate::textfile::read_text(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let base_dir = path.parent().unwrap_or_else(|| Path::new(""));
    load(path, base_dir, &text)
}

/// Loads an instance from text, as if read from `base_dir/file_name` (includes are resolved
/// against `base_dir`; the model's default name is the stem of `file_name`).
///
/// # Errors
///
/// [`LoadError::Invalid`] with every problem found.
pub fn load_model_str(source: &str, file_name: &str, base_dir: &Path) -> Result<Model, LoadError> {
    load(&base_dir.join(file_name), base_dir, source)
}

fn load(path: &Path, base_dir: &Path, text: &str) -> Result<Model, LoadError> {
    let default_name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let loaded = load::load_tree(path.to_path_buf(), base_dir, text);
    let mut problems = loaded.problems;
    let (model, problems) = if loaded.complete {
        let merged = merge::merge(loaded.raws, &loaded.files, &mut problems);
        build::build_model(merged, &default_name, problems)
    } else {
        (None, problems)
    };
    match model {
        Some(mut model) => {
            model.files = loaded.files.into_iter().map(|f| f.path).collect();
            Ok(model)
        }
        None => Err(LoadError::Invalid {
            diagnostics: problems.into_diagnostics(&loaded.files),
            sources: loaded
                .files
                .into_iter()
                .map(|f| (f.path, f.text))
                .collect::<BTreeMap<_, _>>(),
        }),
    }
}
