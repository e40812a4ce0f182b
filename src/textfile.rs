//! Reading an input file as text, within a cap on its size.

use std::io::Read as _;
use std::path::Path;

/// The largest input file read, in bytes. A year's rota for 150 people is about 11 MB of
/// JSON; without a cap, `flexrota solve /dev/zero` reads until memory runs out.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads `path` as UTF-8 text, refusing a file larger than [`MAX_INPUT_BYTES`] (the error
/// names the cap) without reading more than one byte past it.
///
/// # Errors
///
/// The I/O error; `InvalidData` for a file over the cap or not UTF-8.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "larger than {} MiB, the cap on input files",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}
