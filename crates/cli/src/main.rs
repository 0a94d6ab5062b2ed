//! `losslab`: evaluate segmentation losses and their gradients on JSON cases, on a mask and
//! a prediction, or on a data set of them, and benchmark them. See `losslab --help`.

mod cli;

use clap::Parser;
use cli::{BenchArgs, Cli, Command, EvalArgs};
use losslab_cli::dataset::DatasetArgs;
use losslab_cli::error::EXIT_USAGE;
use losslab_cli::{bench, case, dataset, images, table, CliError};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_error(err),
    };
    let result = match cli.command {
        Command::Dataset(args) => return run_dataset(&args),
        Command::Eval(args) => eval(&args),
        Command::Edt => edt(),
        Command::Bench(args) => run_bench(&args),
        Command::Plot(args) => losslab_cli::plot::run(&args),
    };
    match result.and_then(|text| write_stdout(&text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(&err),
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
            let (t_shown, p_shown) = (target.display().to_string(), pred.display().to_string());
            let t = images::load("--target", target)?;
            let p = images::load("--pred", pred)?;
            let pair = images::pair(&t, &p, (&t_shown, &p_shown))?;
            let report = images::evaluate(&pair, &losses)?;
            if args.json {
                to_json(&report)
            } else {
                Ok(table::report(&report, &t_shown, &p_shown))
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

/// `dataset`: the table or the JSON on stdout; each rejected file or pair on stderr (the
/// table) or in `errors` (the JSON, with one line on stderr saying how many); exit status 2
/// when anything was rejected.
fn run_dataset(args: &DatasetArgs) -> ExitCode {
    let report = match dataset::run(args) {
        Ok(report) => report,
        Err(err) => return fail(&err),
    };
    let text = if args.json {
        match report.to_json() {
            Ok(text) => text + "\n",
            Err(err) => return fail(&err),
        }
    } else {
        table::dataset(&report)
    };
    if let Err(err) = write_stdout(&text) {
        return fail(&err);
    }
    if report.skipped > 0 {
        eprintln!(
            "note: {} file{} left out: not .png, .npy, .nii or .nii.gz",
            report.skipped,
            if report.skipped == 1 { "" } else { "s" }
        );
    }
    if report.errors.is_empty() {
        return ExitCode::SUCCESS;
    }
    if args.json {
        let n = report.errors.len();
        eprintln!("error: {n} file{} or pair{} rejected (listed in \"errors\")", s(n), s(n));
    } else {
        for e in &report.errors {
            eprintln!("error: {}", e.error);
        }
    }
    ExitCode::from(EXIT_USAGE as u8)
}

/// `"s"` unless `n` is 1.
fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Prints `err` as one line; its exit status.
fn fail(err: &CliError) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(1))
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
