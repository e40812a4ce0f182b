//! The MILP compiler and solver (being written).
