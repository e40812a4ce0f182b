//! The independent checker (being written).
