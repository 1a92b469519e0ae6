//! The `asp-funding` binary: parses the command line, runs it, maps errors to exit status 2.
//! The command line lives here (`cli`, `cmd`); the domain is the `asp_funding` library.

mod cli;
mod cmd;
mod help_fr;

use clap::{CommandFactory, FromArgMatches};
use cli::Cli;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Until the command line is read, messages speak the locale's language, or the `--lang` typed.
    let locale = cli::typed_lang(std::env::args_os().skip(1));
    asp_funding::lang::set_messages(locale);
    if std::env::var_os("ASP_FUNDING_RATES").is_some_and(|v| v.is_empty()) {
        let _ = writeln!(
            std::io::stderr(),
            "asp-funding: {}",
            asp_funding::tr!(
                locale,
                "ASP_FUNDING_RATES is set but empty: unset it to use the embedded data, or set it to a data folder",
                "ASP_FUNDING_RATES est définie mais vide : retirez-la pour utiliser les données intégrées, ou donnez-lui un dossier de données"
            )
        );
        return ExitCode::from(2);
    }
    // The help speaks the same language as the rest.
    let mut command = Cli::command();
    if locale == asp_funding::lang::Lang::Fr {
        command = help_fr::french(command);
    }
    let cli = match command
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to standard output: failing to write them is an error.
            let shown_on_stdout = e.exit_code() == 0;
            let printed = if shown_on_stdout {
                e.print().is_ok()
            } else {
                // Errors echo what was typed: shown without its control characters.
                let text = e.render().to_string();
                write!(
                    std::io::stderr(),
                    "{}",
                    asp_funding::output::printable(&text)
                )
                .is_ok()
            };
            if !printed && shown_on_stdout {
                let _ = writeln!(
                    std::io::stderr(),
                    "asp-funding: {}",
                    locale.pick("cannot write the help", "impossible d'écrire l'aide")
                );
                return ExitCode::from(2);
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    // Error messages speak the command's language from here on.
    asp_funding::lang::set_messages(cli.lang());
    match cmd::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // The error and its causes, as `{e:#}` writes them, with the language's colon.
            let separator = match asp_funding::lang::Lang::messages() {
                asp_funding::lang::Lang::En => ": ",
                asp_funding::lang::Lang::Fr => "\u{a0}: ",
            };
            let message = e
                .chain()
                .map(|cause| cause.to_string())
                .collect::<Vec<_>>()
                .join(separator);
            let _ = writeln!(
                std::io::stderr(),
                "asp-funding: {}",
                asp_funding::output::printable(&message)
            );
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`asp-funding ... | head`) is not an error.
pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
