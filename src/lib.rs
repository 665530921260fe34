//! hallway: a terminal conference companion.
//!
//! The library holds the domain — the schedule model and its loader ([`schedule`]), the personal
//! store of stars and notes ([`store`]), search ([`search`]) and exports ([`export`]) — plus the
//! command line ([`cli`]). None of the domain modules knows about the terminal.

pub mod agenda;
pub mod changes;
pub mod cli;
pub mod config;
pub mod export;
pub mod fetch;
pub mod import;
pub mod library;
pub mod notes_import;
pub mod sanitize;
pub mod schedule;
pub mod search;
pub mod store;
#[cfg(feature = "synth")]
pub mod synth;
pub mod timefmt;
pub mod tui;
pub mod width;
