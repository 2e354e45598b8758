//! The tierbook binary: parse the command line, run the command, map the outcome to an exit code.
//! Only this file exits.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use tierbook::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => tierbook::commands::run_build(&args),
        Command::Check(args) => tierbook::commands::run_check(&args),
        Command::Serve(args) => tierbook::serve::run(&args),
        Command::Calc(args) => tierbook::calc::run(&args, &mut std::io::stdout().lock()),
        Command::Report(args) => tierbook::report::run(&args),
        Command::Init { dir, ci } => tierbook::commands::run_init(&dir, ci),
        Command::Generate { what } => tierbook::commands::run_generate(&what, &mut std::io::stdout().lock()),
        Command::New(args) => tierbook::commands::run_new(&args),
        Command::Export(args) => tierbook::export::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            if let tierbook::Error::Content(diagnostics) = &err {
                for diagnostic in diagnostics {
                    let _ = writeln!(stderr, "{diagnostic}");
                }
            }
            let _ = writeln!(stderr, "error: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
