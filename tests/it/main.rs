//! Integration tests: one binary, one module per area.

mod benchmark;
mod browser;
mod calendar;
mod cli;
mod common;
mod corpus;
mod explain;
mod fuzz;
mod golden;
mod props;
mod readme;
mod replan;
mod rules;
mod scenarios;
mod schema;
mod tidy;
