//! asp-funding: what a shared-time specialist assistant post (*assistant spécialiste
//! à temps partagé*) costs, and what the regional health agency (ARS) funds of it.
//!
//! The library holds the domain, in layers, each using only those below it:
//! - the vocabulary: [`lang`] (the two languages), [`model`] (grades, post types,
//!   components), [`money`] (exact amounts), [`schedule`] (calendar months and prorations),
//!   [`post`] (a post's inputs, one [`post::Field`] each), [`column`] (the outputs' columns);
//! - the reference data and its loader ([`rates`]);
//! - the engine: [`pet`] (the PET tier of a working pattern), [`plan`] (the inputs resolved
//!   against the data), [`price`] (plain amounts for a date), [`compute`] (the contract month
//!   by month), with its errors ([`error`]);
//! - what is built on it: [`eligibility`], [`check`], [`envelope`], and [`explain`] (the
//!   words of a computation);
//! - the outputs: [`output`] (records and one sink per format) and [`batch`].
//!
//! It knows nothing of the command line: the binary (`src/main.rs`, `src/cli/`, `src/cmd/`)
//! parses arguments, calls it, and renders its errors in the user's language.

pub mod batch;
pub mod check;
pub mod column;
pub mod compute;
pub mod eligibility;
pub mod envelope;
pub mod error;
pub mod explain;
pub mod lang;
pub mod model;
pub mod money;
pub mod output;
pub mod pet;
pub mod plan;
pub mod post;
pub mod price;
pub mod rates;
pub mod schedule;
