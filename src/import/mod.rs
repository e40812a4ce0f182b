//! Importers: other formats converted into native flexrota models (YAML text), so that every
//! instance goes through the same parser, compiler and checker.

pub mod nrp;

use std::path::Path;

use thiserror::Error;

use crate::model::Model;
use crate::parse::{load_model, load_model_str, LoadError};

/// Why an instance could not be loaded.
#[derive(Debug, Error)]
pub enum InputError {
    /// A YAML model with problems.
    #[error("{}", .0.render())]
    Model(#[from] LoadError),
    /// A benchmark text file with a problem.
    #[error(transparent)]
    Nrp(#[from] nrp::NrpError),
}

/// Load an instance of any supported kind: a flexrota YAML model, or a Curtois & Qu
/// benchmark `.txt` file (converted to the native model first).
pub fn load_instance(path: &Path) -> Result<Model, InputError> {
    let is_txt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if !is_txt {
        return Ok(load_model(path)?);
    }
    let yaml = nrp::import_file(path)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| format!("{} (imported)", n.to_string_lossy()))
        .unwrap_or_default();
    let mut model = load_model_str(&yaml, &name, dir)?;
    model.files = vec![path.to_path_buf()];
    Ok(model)
}
