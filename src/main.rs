//! The `asp-funding` binary: parses the command line (`cli`), runs the command (`cmd`), and
//! maps the outcome to an exit status: the finding's (0, or 1 for a mismatch or rows in error),
//! 2 for an error, printed in the user's language. The domain is the `asp_funding` library.

mod cli;
mod cmd;

use asp_funding::lang::Lang;
use asp_funding::tr;
use clap::{CommandFactory, FromArgMatches};
use cli::{Cli, Command};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Until the command line is read, messages speak the locale's language, or the `--lang` typed.
    let locale = cli::typed_lang(std::env::args_os().skip(1));
    if std::env::var_os("ASP_FUNDING_RATES").is_some_and(|v| v.is_empty()) {
        return fail(
            &tr!(
                locale,
                "ASP_FUNDING_RATES is set but empty: unset it to use the embedded data, or set it to a data folder",
                "ASP_FUNDING_RATES est définie mais vide : retirez-la pour utiliser les données intégrées, ou donnez-lui un dossier de données"
            ),
        );
    }
    let mut cli = match parse(locale) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let lang = cli.lang();
    if let Err(message) = cli.settle() {
        return fail(&message);
    }
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if cmd::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => fail(&cmd::render_error(&e, lang)),
    }
}

/// Prints an error on standard error (without its control characters), exit status 2.
fn fail(message: &str) -> ExitCode {
    let _ = writeln!(
        std::io::stderr(),
        "asp-funding: {}",
        asp_funding::output::printable(message)
    );
    ExitCode::from(2)
}

/// Reads the command line, its help and its value readers speaking `lang`. Help and version
/// go to standard output (failing to write them is an error); clap's errors to standard error.
///
/// The French help changes only what clap shows, never what it accepts: it is put in when
/// clap has something to show (help, version, an error), and the command line read again.
/// Translating every command's help on every run took half of a French `compute`.
fn parse(lang: Lang) -> Result<Cli, ExitCode> {
    let read = |command: clap::Command| {
        command
            .try_get_matches()
            .and_then(|matches| Cli::from_arg_matches(&matches))
    };
    let e = match read(cli::localized(Cli::command(), lang)) {
        Ok(cli) => return Ok(cli),
        Err(e) if lang == Lang::En => e,
        Err(_) => match read(cli::help_fr::french(cli::localized(Cli::command(), lang))) {
            Ok(cli) => return Ok(cli),
            Err(e) => e,
        },
    };
    let shown_on_stdout = e.exit_code() == 0;
    if shown_on_stdout {
        if e.print().is_err() {
            return Err(fail(
                lang.pick("cannot write the help", "impossible d'écrire l'aide"),
            ));
        }
    } else {
        // Errors echo what was typed: shown without its control characters.
        let text = e.render().to_string();
        let _ = write!(
            std::io::stderr(),
            "{}",
            asp_funding::output::printable(&text)
        );
    }
    Err(ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)))
}

/// Runs a parsed command line. Returns the exit status for outcomes that are not errors
/// (0, or 1 for a mismatch or a batch with rows in error); errors are status 2.
fn run(cli: Cli) -> anyhow::Result<u8> {
    let ctx = cmd::Context {
        rates_dir: cli.rates.clone(),
        lang: cli.lang(),
    };
    match cli.command {
        Command::Compute(args) => cmd::compute::run(&args, &ctx),
        Command::Check(args) => cmd::check::run(&args, &ctx),
        Command::Batch(args) => cmd::batch::run(&args, &ctx),
        Command::Envelope(args) => cmd::envelope::run(&args, &ctx),
        Command::Pet(args) => cmd::pet::run(&args, &ctx),
        Command::Rules(args) => cmd::rules::run(&args, &ctx),
        Command::Rates(args) => cmd::rates::run(&args, &ctx),
        Command::Notes(args) => cmd::notes::run(&args, &ctx),
        Command::Completions { shell } => {
            // Generated in memory: clap_complete panics on a failed write, such as a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "asp-funding", &mut script);
            cmd::emit_bytes(&script)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            cmd::emit_bytes(&page)
        }
    }
}
