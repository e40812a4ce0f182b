//! flexrota: design and optimise team rotas for UK social-work teams.
//!
//! Data flows one way: [`parse`] reads YAML into a validated [`model::Model`];
//! [`milp`] compiles it to a mixed-integer programme, solves it with HiGHS and decodes a
//! [`rota::Rota`]; [`check`] re-derives every rule from the model and the rota alone; and
//! [`report`] renders the result. The library never prints and never exits.

// Public pages link the private phases they describe (`milp::solve` names `colgen` and
// `lns`), for engineers reading them with `cargo doc --document-private-items`.
#![allow(rustdoc::private_intra_doc_links)]

pub mod bench;
pub mod calendar;
pub mod check;
pub mod explain;
pub mod html;
pub mod ics;
pub mod import;
pub mod milp;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod replan;
pub mod report;
pub mod rota;
pub mod rota_io;
pub mod rules;
pub mod scenario;
pub mod schema;
mod textfile;
pub mod trace;
