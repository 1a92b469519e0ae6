//! Checks the reference data under `rates/` and embeds it in the binary, so that asp-funding
//! works from any folder and starts without parsing it.
//!
//! The data is read by the library's own loader, as `asp-funding rates validate rates` reads
//! it: bad data fails the build with the same messages. The checked data is then frozen to
//! bytes (`rates::freeze`), which the binary thaws at start (`rates::embedded`).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // the build stops on what it does not expect

// The library's modules the loader needs, at the root of this crate as in the library (they
// name each other `crate::…`). Most of what they hold is not used here; lints that spare a
// library's public API (`enum_variant_names`) see them as private.
#[allow(dead_code, unused_imports, clippy::enum_variant_names)]
#[path = "src/column.rs"]
mod column;
#[allow(dead_code, unused_imports, clippy::enum_variant_names)]
#[path = "src/lang.rs"]
mod lang;
#[allow(dead_code, unused_imports, clippy::enum_variant_names)]
#[path = "src/model.rs"]
mod model;
#[allow(dead_code, unused_imports, clippy::enum_variant_names)]
#[path = "src/money.rs"]
mod money;
#[allow(dead_code, unused_imports, clippy::enum_variant_names)]
#[path = "src/post/mod.rs"]
mod post;
#[allow(dead_code, unused_imports, clippy::enum_variant_names)]
#[path = "src/rates/mod.rs"]
mod rates;
#[allow(dead_code, unused_imports, clippy::enum_variant_names)]
#[path = "src/schedule.rs"]
mod schedule;

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    // Build scripts run in the package's folder: `rates` is named as `rates validate rates`
    // run from there names it.
    let folder = Path::new("rates");
    println!("cargo::rerun-if-changed=rates");
    // The library's `rates::embedded` exists only where the frozen data does.
    println!("cargo::rustc-cfg=embedded_rates");
    let checked = rates::load_dir(folder).unwrap_or_else(|errors| {
        eprintln!("asp-funding: {}", errors.render(lang::Lang::En));
        std::process::exit(1)
    });
    for file in &checked.unread {
        println!("cargo::warning=rates/{file}: not read: only .toml files are reference data");
    }
    let files = checked.files.iter().map(|rel| {
        let text = fs::read_to_string(folder.join(rel)).expect("a file just read");
        (rel.clone(), text)
    });
    let embedded = rates::load_as_embedded(files).unwrap_or_else(|errors| {
        eprintln!("asp-funding: {}", errors.render(lang::Lang::En));
        std::process::exit(1)
    });
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let (text, data) = rates::freeze(&embedded);
    fs::write(out.join("embedded_rates.txt"), text).expect("OUT_DIR is writable");
    fs::write(out.join("embedded_rates.bin"), data).expect("OUT_DIR is writable");
}
