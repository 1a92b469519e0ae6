//! asp-funding: what a shared-time specialist assistant post (*assistant spécialiste
//! à temps partagé*) costs, and what the regional health agency (ARS) funds of it.
//!
//! The library holds the domain: the reference data and its loader ([`rates`]),
//! the computation ([`compute`], [`pet`]), and the output formats ([`output`]).
//! The binary only parses arguments and calls [`cli::run`].

pub mod check;
pub mod cli;
pub mod cmd;
pub mod compute;
pub mod input;
pub mod model;
pub mod money;
pub mod output;
pub mod pet;
pub mod rates;
pub mod schedule;
