//! Importers: other formats converted into native flexrota models (YAML text), so that every
//! instance goes through the same parser, compiler and checker.

pub mod nrp;

use std::collections::BTreeMap;
use std::path::Path;

use thiserror::Error;

use crate::model::Model;
use crate::parse::{load_model, load_model_str, Diagnostic, LoadError};

/// Why an instance could not be loaded.
#[derive(Debug, Error)]
pub enum InputError {
    /// A YAML model with problems.
    #[error("{}", .0.render())]
    Model(#[from] LoadError),
    /// A benchmark text file with a problem.
    #[error("error: {0}")]
    Nrp(#[from] nrp::NrpError),
    /// Standard input could not be read.
    #[error("error: cannot read the model from standard input: {0}")]
    Stdin(std::io::Error),
}

/// Load an instance of any supported kind: a flexrota YAML model, or a Curtois & Qu
/// benchmark `.txt` file (converted to the native model first).
///
/// `-` reads a YAML model from standard input; its includes are found from the working
/// folder.
pub fn load_instance(path: &Path) -> Result<Model, InputError> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(InputError::Stdin)?;
        return Ok(load_model_str(&text, "<stdin>", Path::new("."))?);
    }
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
    match load_model_str(&yaml, &name, dir) {
        Ok(mut model) => {
            model.files = vec![path.to_path_buf()];
            Ok(model)
        }
        Err(e) => Err(InputError::Model(in_benchmark_file(e, &yaml, path))),
    }
}

/// A problem found in the YAML generated from a benchmark file, moved to the benchmark
/// file's own line (each generated line names its source line, see [`nrp::source_line`]):
/// a user has the `.txt`, not the YAML.
fn in_benchmark_file(error: LoadError, yaml: &str, txt: &Path) -> LoadError {
    let LoadError::Invalid { diagnostics, .. } = error else {
        return error;
    };
    let generated: Vec<&str> = yaml.lines().collect();
    let diagnostics = diagnostics
        .into_iter()
        .map(|d| {
            let line = d
                .line
                .and_then(|l| generated.get(l.wrapping_sub(1)))
                .and_then(|text| nrp::source_line(text));
            Diagnostic {
                file: txt.to_path_buf(),
                line,
                column: None,
                ..d
            }
        })
        .collect();
    let text = crate::textfile::read_text(txt).unwrap_or_default();
    LoadError::Invalid {
        diagnostics,
        sources: BTreeMap::from([(txt.to_path_buf(), text)]),
    }
}
