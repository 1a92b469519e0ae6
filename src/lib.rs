//! asp-funding: what a shared-time specialist assistant post (*assistant spécialiste
//! à temps partagé*) costs, and what the regional health agency (ARS) funds of it.
//!
//! The library holds the domain: the reference data and its loader ([`rates`]), a
//! post's inputs ([`input`]), the computation in three steps ([`plan`] resolves the
//! inputs against the data, [`price`] gives plain amounts for a date, [`compute`] lays
//! the contract out month by month), the conditions of eligibility ([`eligibility`]), the words that explain it ([`explain`]), and the
//! output records and sinks ([`output`]). It knows nothing of the command line: the
//! binary (`src/main.rs`, `src/cli.rs`, `src/cmd/`) parses arguments and calls it.

pub mod batch;
pub mod check;
pub mod compute;
pub mod eligibility;
pub mod envelope;
pub mod explain;
pub mod input;
pub mod lang;
pub mod model;
pub mod money;
pub mod output;
pub mod pet;
pub mod plan;
pub mod price;
pub mod rates;
pub mod schedule;
