//! Loading team models from YAML (being written).
