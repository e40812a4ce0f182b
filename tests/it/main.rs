//! Integration tests: one binary, one module per area.

mod common;
mod golden;
mod props;
mod readme;
mod rules;
mod scenarios;
