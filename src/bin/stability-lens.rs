//! `stability-lens`: the command-line front end of the engine, for CI gates and scripts.
//!
//! Arguments go through two stages, as in ripgrep: clap parses them into plain data ([`Cli`]),
//! then [`run`] validates them into inputs and runs the same pipeline as the browser app. Exit
//! codes: 0 nothing to fail on, 1 what `--fail-on` names was found (by default: breaking API
//! changes), 2 bad input or usage — with a one-line reason on stderr, never a panic trace.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use clap::{Parser, Subcommand, ValueEnum};
    use stability_lens::compliance::policy::{Policy, PolicyError};
    use stability_lens::intake::archive::Limits;
    use stability_lens::intake::bundle;
    use stability_lens::intake::input::{self, InputError};
    use stability_lens::pipeline::PolicyText;
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
            /// The tree before the change: a directory or an archive (.tar.gz, .tgz, .tar, .zip, .whl).
            #[arg(required_unless_present_any = ["bundle", "repo"])]
            baseline: Option<PathBuf>,
            /// The tree after the change: a directory or an archive.
            #[arg(required_unless_present_any = ["bundle", "repo"])]
            current: Option<PathBuf>,
            /// Take both sides from a git bundle (`git bundle create repo.bundle --all`).
            #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "current", "repo"])]
            bundle: Option<PathBuf>,
            /// Take both sides from a git checkout (its .git is read directly; no git needed).
            #[arg(long, value_name = "PATH", conflicts_with_all = ["baseline", "current"])]
            repo: Option<PathBuf>,
            /// With --bundle or --repo: the revision before the change [bundle: HEAD~3, or the
            /// second-newest tag; repo: the merge base of HEAD with the default branch]
            #[arg(long = "baseline", value_name = "REV")]
            baseline_rev: Option<String>,
            /// With --bundle or --repo: the revision after the change [bundle: HEAD, or the newest
            /// tag; repo: the working tree, as `git status` sees it]
            #[arg(long = "current", value_name = "REV")]
            current_rev: Option<String>,
            /// Output format.
            #[arg(long, value_enum, default_value_t = FormatArg::Text)]
            format: FormatArg,
            /// Write the report to FILE instead of standard output.
            #[arg(long, value_name = "FILE")]
            output: Option<PathBuf>,
            /// The compliance policy: a stability.toml, or a file named pyproject.toml (its
            /// [tool.stability-lens] table) [default: the current tree's stability.toml, else its
            /// pyproject.toml [tool.stability-lens], else the defaults]
            #[arg(long, value_name = "FILE")]
            policy: Option<PathBuf>,
            /// What makes the exit code 1 (comma-separated): breaking API changes, API warnings
            /// too, error-level compliance findings in the current tree, any new compliance
            /// finding, or never.
            #[arg(long, value_enum, value_delimiter = ',', default_value = "breaking")]
            fail_on: Vec<FailOn>,
            #[command(flatten)]
            limits: LimitArgs,
        },
        /// Show a git bundle's refs, the default revisions and its history.
        Bundle {
            /// The bundle file.
            file: PathBuf,
            /// How many commits of history to list.
            #[arg(long, default_value_t = 20)]
            limit: usize,
            #[command(flatten)]
            limits: LimitArgs,
        },
        /// List every change kind the engine reports, with its severity and summary.
        Catalogue,
        /// List the compliance rules with their default level and summary.
        Rules,
        /// Check a policy file (stability.toml or pyproject.toml) and say what it sets.
        Policy {
            /// The file.
            file: PathBuf,
        },
        /// Render a saved JSON report (from `diff --format json` or the app) in another format,
        /// with the same exit codes: analyse once in CI, then write each format from the JSON.
        Render {
            /// The JSON report.
            report: PathBuf,
            /// Output format.
            #[arg(long, value_enum, default_value_t = FormatArg::Text)]
            format: FormatArg,
            /// Write to FILE instead of standard output.
            #[arg(long, value_name = "FILE")]
            output: Option<PathBuf>,
            /// What makes the exit code 1 (as for `diff`).
            #[arg(long, value_enum, value_delimiter = ',', default_value = "breaking")]
            fail_on: Vec<FailOn>,
        },
    }

    /// Conditions for exit code 1.
    #[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
    enum FailOn {
        /// At least one breaking API change.
        Breaking,
        /// At least one breaking or warning API change.
        Warning,
        /// At least one compliance finding at level error in the current tree.
        ComplianceError,
        /// At least one compliance finding the change introduced.
        ComplianceNew,
        /// The declared version bump does not satisfy the one the API changes require (no
        /// verdict — a dynamic, missing or calendar version — never fails).
        Version,
        /// Never (report only).
        Never,
    }

    impl FailOn {
        fn holds(self, report: &stability_lens::report::Report) -> bool {
            let s = &report.summary;
            match self {
                FailOn::Breaking => report.verdict == Verdict::Breaking,
                FailOn::Warning => s.breaking + s.warning > 0,
                FailOn::ComplianceError => s.compliance_errors > 0,
                FailOn::ComplianceNew => s.compliance_new > 0,
                FailOn::Version => report.release.as_ref().is_some_and(|r| r.satisfied == Some(false)),
                FailOn::Never => false,
            }
        }
    }

    /// Bounds for reading archives (hostile ones included).
    #[derive(clap::Args)]
    struct LimitArgs {
        /// Refuse archives that expand to more than this many bytes in total.
        #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_total_bytes)]
        max_archive_bytes: u64,
        /// Refuse archives with more entries than this.
        #[arg(long, value_name = "N", default_value_t = Limits::default().max_entries)]
        max_archive_entries: usize,
        /// Skip archive entries larger than this many bytes.
        #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_entry_bytes)]
        max_entry_bytes: u64,
        /// Skip zip entries (and refuse gzip streams) compressed more than this ratio to one.
        #[arg(long, value_name = "RATIO", default_value_t = Limits::default().max_ratio)]
        max_compression_ratio: u64,
    }

    impl From<&LimitArgs> for Limits {
        fn from(args: &LimitArgs) -> Limits {
            Limits {
                max_total_bytes: args.max_archive_bytes,
                max_entries: args.max_archive_entries,
                max_entry_bytes: args.max_entry_bytes,
                max_ratio: args.max_compression_ratio,
            }
        }
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum FormatArg {
        /// One self-contained HTML file (no script, no request).
        Html,
        /// The report contract (schema stability-lens/report/v1).
        Json,
        /// Sized for a pull request: within 60,000 characters whatever the input.
        Markdown,
        /// Every finding, with signatures and evidence.
        MarkdownFull,
        /// SARIF 2.1.0 for code scanning.
        Sarif,
        /// A summary for the terminal.
        Text,
        /// GitHub Actions annotations (::error file=…,line=…::…) for a pull request's diff.
        Github,
        /// GitLab's code-quality report (JSON).
        Gitlab,
    }

    impl From<FormatArg> for Format {
        fn from(format: FormatArg) -> Format {
            match format {
                FormatArg::Html => Format::Html,
                FormatArg::Json => Format::Json,
                FormatArg::Markdown => Format::Markdown,
                FormatArg::MarkdownFull => Format::MarkdownFull,
                FormatArg::Github => Format::Github,
                FormatArg::Gitlab => Format::Gitlab,
                FormatArg::Sarif => Format::Sarif,
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

    /// What stops a command: printed once, as `stability-lens: …`, with exit code 2. Every
    /// variant names the file it is about.
    #[derive(Debug, thiserror::Error)]
    enum CliError {
        #[error(transparent)]
        Input(#[from] InputError),
        #[error(transparent)]
        Policy(#[from] PolicyError),
        #[error("{path}: {source}")]
        Write { path: String, source: std::io::Error },
        #[error("{0}")]
        Usage(String),
    }

    fn run(command: Command) -> Result<u8, CliError> {
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
            Command::Rules => {
                for rule in stability_lens::compliance::rules::RULES {
                    println!("{:<24} {:<8} {}", rule.name, rule.default_level.as_str(), rule.summary);
                }
                Ok(0)
            }
            Command::Render { report, format, output, fail_on } => {
                let name = report.display().to_string();
                let text = std::fs::read_to_string(&report)
                    .map_err(|source| InputError::Io { path: name.clone(), source })?;
                let report: stability_lens::report::Report =
                    serde_json::from_str(&text).map_err(|error| {
                        CliError::Usage(format!("{name}: not a Stability Lens JSON report ({error})"))
                    })?;
                if report.schema != stability_lens::report::SCHEMA {
                    return Err(CliError::Usage(format!(
                        "{name}: schema {:?}, not {}",
                        report.schema,
                        stability_lens::report::SCHEMA
                    )));
                }
                write_output(output.as_deref(), &Format::from(format).render(&report))?;
                Ok(if fail_on.iter().any(|condition| condition.holds(&report)) { EXIT_BREAKING } else { 0 })
            }
            Command::Policy { file } => {
                let policy = read_policy(&file)?;
                println!("{}: valid — policy from {}", file.display(), policy.source);
                for (rule, level) in &policy.levels {
                    println!("  {:<24} {}", rule.as_str(), level.as_str());
                }
                println!("  exclude: {}", policy.exclude.join(", "));
                println!("  contracts: {}", policy.contracts.len());
                Ok(0)
            }
            Command::Bundle { file, limit, limits } => {
                let bundle = input::open_bundle(&file, &Limits::from(&limits))?;
                println!(
                    "{}: git bundle v{}, {} objects",
                    file.display(),
                    bundle.version,
                    bundle.object_count()
                );
                for (name, id) in &bundle.refs {
                    println!("  {} {name}", id.short());
                }
                for prerequisite in &bundle.prerequisites {
                    println!("  prerequisite {} {}", prerequisite.id.short(), prerequisite.comment);
                }
                match bundle.default_revisions() {
                    Some((baseline, current)) => println!("default comparison: {baseline}..{current}"),
                    None => println!("default comparison: none (fewer than two commits)"),
                }
                for commit in bundle.history(limit) {
                    let date = bundle::iso8601(commit.time);
                    println!(
                        "  {} {} {}  {}",
                        commit.id.short(),
                        date.get(..10).unwrap_or(&date),
                        commit.author,
                        commit.subject
                    );
                }
                Ok(0)
            }
            Command::Diff {
                baseline,
                current,
                bundle,
                repo,
                baseline_rev,
                current_rev,
                format,
                output,
                policy,
                fail_on,
                limits,
            } => {
                let limits = Limits::from(&limits);
                let policy = match policy {
                    Some(path) => {
                        let given = policy_text(&path)?;
                        // Refused here, with its line, rather than ignored.
                        given.check()?;
                        Some(given)
                    }
                    None => None,
                };
                if bundle.is_none() && repo.is_none() && (baseline_rev.is_some() || current_rev.is_some()) {
                    return Err(CliError::Usage(
                        "--baseline REV and --current REV go with --bundle or --repo".into(),
                    ));
                }
                let (baseline, current, history) = match (bundle, repo) {
                    (None, Some(root)) => {
                        let sides = input::repository_sides(
                            &root,
                            baseline_rev.as_deref(),
                            current_rev.as_deref(),
                            &limits,
                        )?;
                        (sides.baseline, sides.current, Some(sides.history))
                    }
                    (Some(file), _) => {
                        let bundle = input::open_bundle(&file, &limits)?;
                        let defaults = bundle.default_revisions();
                        let pick = |given: Option<String>, default: Option<String>| {
                            given.or(default).ok_or_else(|| {
                                CliError::Usage(format!("{}: needs --baseline and --current (the bundle has fewer than two commits)", file.display()))
                            })
                        };
                        let baseline_rev = pick(baseline_rev, defaults.as_ref().map(|d| d.0.clone()))?;
                        let current_rev = pick(current_rev, defaults.as_ref().map(|d| d.1.clone()))?;
                        let name = file.to_string_lossy();
                        let sides = bundle
                            .sides(&name, &baseline_rev, &current_rev)
                            .map_err(|source| InputError::bundle(&name, source))?;
                        (sides.baseline, sides.current, Some(sides.history))
                    }
                    (None, None) => {
                        // clap guarantees both paths when there is no --bundle or --repo.
                        let (Some(baseline), Some(current)) = (baseline, current) else {
                            return Err(CliError::Usage(
                                "give BASELINE and CURRENT, or --bundle FILE".into(),
                            ));
                        };
                        (input::read_tree(&baseline, &limits)?, input::read_tree(&current, &limits)?, None)
                    }
                };
                let threads = std::thread::available_parallelism().map_or(1, usize::from);
                let mut report =
                    stability_lens::pipeline::analyse_parallel(&baseline, &current, threads, policy.as_ref());
                if let Some(history) = history {
                    report.set_history(history);
                }
                let rendered = Format::from(format).render(&report);
                write_output(output.as_deref(), &rendered)?;
                Ok(if fail_on.iter().any(|condition| condition.holds(&report)) { EXIT_BREAKING } else { 0 })
            }
        }
    }

    /// Reads and checks a policy file, by the one rule every policy is read by
    /// ([`stability_lens::compliance::policy::Policy::read_named`]).
    fn read_policy(path: &Path) -> Result<Policy, CliError> {
        Ok(policy_text(path)?.check()?)
    }

    fn policy_text(path: &Path) -> Result<PolicyText, CliError> {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|source| InputError::Io { path: name.clone(), source })?;
        Ok(PolicyText { name, text })
    }

    fn write_output(output: Option<&Path>, rendered: &str) -> Result<(), CliError> {
        match output {
            Some(path) => std::fs::write(path, rendered)
                .map_err(|source| CliError::Write { path: path.display().to_string(), source }),
            None => {
                let mut stdout = std::io::stdout().lock();
                match stdout.write_all(rendered.as_bytes()).and_then(|()| stdout.flush()) {
                    Ok(()) => Ok(()),
                    // A closed pipe (`| head`) is the reader's choice, not an error.
                    Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    Err(source) => Err(CliError::Write { path: "standard output".into(), source }),
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
