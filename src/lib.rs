//! hallway: a terminal conference companion.
//!
//! The library holds the domain — the schedule model and its loader ([`schedule`]), the personal
//! store of stars and notes, search and exports — plus the command line. None of the domain
//! modules knows about the terminal.

pub mod schedule;
pub mod timefmt;
