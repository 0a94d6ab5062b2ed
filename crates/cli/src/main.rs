//! `losslab`: evaluate segmentation losses and their gradients on JSON cases or mask
//! images, and benchmark them. See `losslab --help`.

mod cli;

use clap::Parser;
use cli::{BenchArgs, Cli, Command, EvalArgs};
use losslab_cli::error::EXIT_USAGE;
use losslab_cli::{bench, case, images, table, CliError};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_error(err),
    };
    let result = match cli.command {
        Command::Eval(args) => eval(&args),
        Command::Edt => edt(),
        Command::Bench(args) => run_bench(&args),
        Command::Plot(args) => losslab_cli::plot::run(&args),
    };
    match result.and_then(|text| write_stdout(&text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(1))
        }
    }
}

/// Help and version go out as clap prints them; any other parse error becomes one line.
fn clap_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            ExitCode::from(EXIT_USAGE as u8)
        }
        _ => {
            let text = err.render().to_string();
            let parts: Vec<&str> = text
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .filter(|l| !l.is_empty())
                .collect();
            let line = parts.join(" ");
            let line = if line.starts_with("error:") { line } else { format!("error: {line}") };
            eprintln!("{line} (see losslab --help)");
            ExitCode::from(EXIT_USAGE as u8)
        }
    }
}

/// `edt`: a mask on stdin.
fn edt() -> Result<String, CliError> {
    let input = read_stdin("edt reads one JSON mask on standard input; see losslab edt --help")?;
    let out = losslab_cli::edt::run(&input)?;
    let text =
        serde_json::to_string(&out).map_err(|e| CliError::internal(format!("JSON output: {e}")))?;
    Ok(text + "\n")
}

/// All of standard input; `usage` is the error when it is a terminal (nothing piped in).
fn read_stdin(usage: &str) -> Result<String, CliError> {
    if std::io::stdin().is_terminal() {
        return Err(CliError::usage(usage));
    }
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| CliError::usage(format!("standard input: cannot read: {e}")))?;
    Ok(input)
}

/// `eval`: a JSON case on stdin, or two images.
fn eval(args: &EvalArgs) -> Result<String, CliError> {
    match (&args.target, &args.pred) {
        (Some(target), Some(pred)) => {
            let losses = images::select(&args.loss, &args.params)?;
            let t = images::load_gray("--target", target)?;
            let p = images::load_gray("--pred", pred)?;
            let report = images::evaluate(&t, &p, &losses)?;
            if args.json {
                to_json(&report)
            } else {
                Ok(table::report(
                    &report,
                    &target.display().to_string(),
                    &pred.display().to_string(),
                ))
            }
        }
        _ => {
            let input = read_stdin(
                "eval reads one JSON case on standard input (or give --target and --pred); \
                 see losslab eval --help",
            )?;
            let output = case::run(&input)?;
            Ok(output.to_json()? + "\n")
        }
    }
}

/// `bench`.
fn run_bench(args: &BenchArgs) -> Result<String, CliError> {
    let (size, repeats) = bench::check_args(args.size, args.repeats)?;
    let report = bench::run(size, repeats)?;
    if args.json {
        to_json(&report)
    } else {
        Ok(table::bench(report.size, &report.results))
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string(value)
        .map(|s| s + "\n")
        .map_err(|e| CliError::internal(format!("JSON output: {e}")))
}

/// Writes `text`; a closed pipe (`| head`) is not an error worth a message.
fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::usage(format!("standard output: {e}"))),
    }
}
