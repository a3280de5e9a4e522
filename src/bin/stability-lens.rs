//! `stability-lens`: the command-line front end of the engine, for CI gates and scripts.
//!
//! Arguments go through two stages, as in ripgrep: clap parses them into plain data ([`Cli`]),
//! then [`run`] validates them into inputs and runs the same pipeline as the browser app. Exit
//! codes: 0 compatible, 1 breaking changes found, 2 bad input or usage — with a one-line reason on
//! stderr, never a panic trace.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use clap::{Parser, Subcommand, ValueEnum};
    use stability_lens::render::Format;
    use stability_lens::report::Verdict;

    #[derive(Parser)]
    #[command(
        name = "stability-lens",
        version,
        about = "What did this change break? Public-API diff for Python codebases."
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Compare two source trees and report what changed in their public API.
        Diff {
            /// The tree before the change (a directory).
            baseline: PathBuf,
            /// The tree after the change (a directory).
            current: PathBuf,
            /// Output format.
            #[arg(long, value_enum, default_value_t = FormatArg::Text)]
            format: FormatArg,
            /// Write the report to FILE instead of standard output.
            #[arg(long, value_name = "FILE")]
            output: Option<PathBuf>,
        },
        /// List every change kind the engine reports, with its severity and summary.
        Catalogue,
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum FormatArg {
        Json,
        Markdown,
        Text,
    }

    impl From<FormatArg> for Format {
        fn from(format: FormatArg) -> Format {
            match format {
                FormatArg::Json => Format::Json,
                FormatArg::Markdown => Format::Markdown,
                FormatArg::Text => Format::Text,
            }
        }
    }

    const EXIT_BREAKING: u8 = 1;
    const EXIT_ERROR: u8 = 2;

    pub fn main() -> ExitCode {
        // A panic is a bug, but the user still gets one line and exit code 2, not a trace.
        std::panic::set_hook(Box::new(|info| {
            eprintln!("stability-lens: internal error: {info}");
            std::process::exit(i32::from(EXIT_ERROR));
        }));
        let cli = match Cli::try_parse() {
            Ok(cli) => cli,
            Err(error) => {
                let code = if error.use_stderr() { EXIT_ERROR } else { 0 };
                let _ = error.print();
                return ExitCode::from(code);
            }
        };
        match run(cli.command) {
            Ok(code) => ExitCode::from(code),
            Err(message) => {
                eprintln!("stability-lens: {message}");
                ExitCode::from(EXIT_ERROR)
            }
        }
    }

    fn run(command: Command) -> Result<u8, String> {
        match command {
            Command::Catalogue => {
                for definition in stability_lens::catalogue::CATALOGUE {
                    println!(
                        "{:<26} {:<9} {}",
                        definition.id,
                        definition.severity.as_str(),
                        definition.summary
                    );
                }
                Ok(0)
            }
            Command::Diff { baseline, current, format, output } => {
                let baseline = read_tree(&baseline)?;
                let current = read_tree(&current)?;
                // Deeply nested expressions recurse deeply in the parser: give it room.
                let report = std::thread::Builder::new()
                    .stack_size(256 * 1024 * 1024)
                    .spawn(move || stability_lens::analyse(&baseline, &current))
                    .map_err(|error| format!("cannot start the analysis: {error}"))?
                    .join()
                    .map_err(|_| "the analysis failed unexpectedly".to_owned())?;
                let rendered = Format::from(format).render(&report);
                write_output(output.as_deref(), &rendered)?;
                Ok(if report.verdict == Verdict::Breaking { EXIT_BREAKING } else { 0 })
            }
        }
    }

    fn read_tree(path: &Path) -> Result<stability_lens::intake::SourceTree, String> {
        let label = path.to_string_lossy();
        stability_lens::intake::folder::read(path, &label).map_err(|error| error.to_string())
    }

    fn write_output(output: Option<&Path>, rendered: &str) -> Result<(), String> {
        match output {
            Some(path) => {
                std::fs::write(path, rendered).map_err(|error| format!("{}: {error}", path.display()))
            }
            None => {
                let mut stdout = std::io::stdout().lock();
                match stdout.write_all(rendered.as_bytes()).and_then(|()| stdout.flush()) {
                    Ok(()) => Ok(()),
                    // A closed pipe (`| head`) is the reader's choice, not an error.
                    Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    Err(error) => Err(format!("writing the report: {error}")),
                }
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
