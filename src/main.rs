//! The `flexrota` command: parse arguments, call the library, render, pick the exit code.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use flexrota::bench;
use flexrota::check;
use flexrota::import::{load_instance, nrp};
use flexrota::milp::progress::Progress;
use flexrota::milp::{SolveOptions, SolveStatus};
use flexrota::model::Model;
use flexrota::output::Target;
use flexrota::parse;
use flexrota::pipeline::{self, PipelineError, RunStatus};
use flexrota::report;
use flexrota::rota_io;
use flexrota::scenario::sweep::{self, Lever};
use flexrota::scenario::{self, render, CompareOptions, Scenarios, VariantResult};

/// Exit codes (also in `--help` and the README).
mod exit {
    /// A legal rota was found (solve), or the rota keeps every hard rule (validate).
    pub const OK: u8 = 0;
    /// No rota: infeasible or none within the limit (solve); the rota breaks hard rules
    /// (validate).
    pub const NO_ROTA: u8 = 1;
    /// Bad input: a file could not be read or is not a valid model or rota.
    pub const BAD_INPUT: u8 = 2;
    /// Internal error: a bug or a solver failure.
    pub const INTERNAL: u8 = 3;
}

/// Why a command failed. `main` renders it, in one place, and exits with its code.
#[derive(Debug)]
enum CliError {
    /// Bad input (exit 2): the message, already located and rendered.
    BadInput(String),
    /// A bug or a solver failure (exit 3).
    Internal(String),
}

impl CliError {
    fn code(&self) -> u8 {
        match self {
            CliError::BadInput(_) => exit::BAD_INPUT,
            CliError::Internal(_) => exit::INTERNAL,
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::BadInput(m) | CliError::Internal(m) => f.write_str(m),
        }
    }
}

const COMPARE_HELP: &str = "\
EXAMPLES:
    flexrota compare instances/children-flex.scenarios.yaml -j 2
    flexrota compare instances/children-flex.scenarios.yaml --format markdown --out compare.md

EXIT STATUS:
    0  every variant has a legal rota
    1  some variant has no rota (infeasible, or none within the time limit)
    2  bad input: unreadable or invalid scenario file or base instance (every problem is listed)
    3  internal error (a bug or a solver failure)";

const SWEEP_HELP: &str = "\
EXAMPLES:
    flexrota sweep instances/children-assessment.yaml --lever home-days --values 0,1,2,3,4,5 -j 2
    flexrota sweep instances/children-assessment.yaml --lever contract --contract eleven_to_seven \\
        --people liam,kofi,amira,ben --cover-target 99 -j 2
    flexrota sweep instances/service-4week.yaml --lever demand-scale \\
        --values 0.8,0.9,1,1.1,1.2,1.3,1.4,1.5,1.6,1.7 --time-limit 60 -j 2

EXIT STATUS: as for compare (0 every point solved, 1 some point without a rota, 2 bad input, 3 internal)";

const AFTER_HELP: &str = "\
EXAMPLES:
    flexrota solve instances/children-assessment.yaml
    flexrota solve instances/service-4week.yaml --time-limit 60 --format json --out rota.json
    flexrota validate instances/children-assessment.yaml rota.json

EXIT STATUS:
    0  a legal rota was found (solve) / the rota keeps every hard rule (validate)
    1  no rota: infeasible, or none within the time limit (solve) / the rota breaks a hard rule (validate)
    2  bad input: unreadable file, invalid model or rota (every problem is listed)
    3  internal error (a bug or a solver failure)
    130, 143  interrupted by SIGINT or SIGTERM (solve): the best rota so far, if any, was printed or written";

/// Design and optimise team rotas for social-work teams.
#[derive(Parser)]
#[command(name = "flexrota", version, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the best legal rota for a team model and print it with cover and KPIs.
    #[command(after_help = AFTER_HELP)]
    Solve {
        /// The team model: YAML, or a Curtois & Qu benchmark `.txt` file (imported first).
        instance: PathBuf,
        #[command(flatten)]
        solver: SolverArgs,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Output format [default: from the extension of --out (.json, .csv, .md, .ics),
        /// else table].
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// One person's days alone (by id): in the table with times and activities, or
        /// with `--format ics` their calendar.
        #[arg(long, value_name = "ID")]
        person: Option<String>,
        /// No progress line and no notes on standard error (errors still are).
        #[arg(long, short)]
        quiet: bool,
        /// Show the solver's log.
        #[arg(long)]
        verbose: bool,
        /// Extra HiGHS option `name=value` (repeatable), for experiments.
        #[arg(long = "highs-option", value_name = "NAME=VALUE", value_parser = parse_key_value)]
        highs_options: Vec<(String, String)>,
        /// Solve the whole programme at once, without the shift-level relaxation first (for
        /// experiments).
        #[arg(long)]
        no_shifts_first: bool,
        /// For each short shift line (the first five), solve again with one more person
        /// for exactly that line and report the objective, within the time limit.
        #[arg(long)]
        suggest: bool,
        /// A published rota (`.json` or `.csv`) whose days up to `--until` are kept exactly:
        /// shifts, days off, bases and activities.
        #[arg(long, value_name = "ROTA", requires = "until")]
        pin: Option<PathBuf>,
        /// The last day `--pin` keeps (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", requires = "pin")]
        until: Option<NaiveDate>,
        /// The previous period's rota (`.json` or `.csv`): its last two weeks are this
        /// rota's history, so rest, successions, runs of days, weekends and hours in 7 days
        /// hold across the join; its unsocial work and families' workers carry on.
        #[arg(long, value_name = "ROTA")]
        after: Option<PathBuf>,
    },
    /// Re-plan from a date around new facts in the model (sickness, leave, demand): the
    /// published rota's days before the date kept exactly, and from it the legal rota that
    /// covers best with the fewest changes to what people were told.
    #[command(after_help = AFTER_HELP)]
    Replan {
        /// The team model, with the new facts.
        instance: PathBuf,
        /// The published rota: `.json` (as written by `solve --format json`) or `.csv`.
        published: PathBuf,
        /// The first day that may change (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: NaiveDate,
        /// Cost of a day whose shifts change (a shift moved, added or taken away), against
        /// cover's `under_weight`.
        #[arg(long, value_name = "W", default_value_t = flexrota::replan::SHIFT_CHANGE_WEIGHT)]
        shift_change_weight: f64,
        /// Cost of a day kept on its shift at another base.
        #[arg(long, value_name = "W", default_value_t = flexrota::replan::LOCATION_CHANGE_WEIGHT)]
        location_change_weight: f64,
        /// Cost of an hour of activity moved, added or taken away within the days.
        #[arg(long, value_name = "W", default_value_t = flexrota::replan::ACTIVITY_CHANGE_WEIGHT)]
        activity_change_weight: f64,
        /// The rota of the period before the published one, as history (as for `solve`).
        #[arg(long, value_name = "ROTA")]
        after: Option<PathBuf>,
        #[command(flatten)]
        solver: SolverArgs,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Output format [default: from the extension of --out (.json, .csv, .md, .ics),
        /// else table].
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// One person's days alone (by id): in the table with times and activities, or
        /// with `--format ics` their calendar.
        #[arg(long, value_name = "ID")]
        person: Option<String>,
    },
    /// List what differs between two rotas, per person and day.
    Diff {
        /// The rota before (`.json` or `.csv`).
        before: PathBuf,
        /// The rota after.
        after: PathBuf,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell), e.g.
    /// `flexrota completions bash > ~/.local/share/bash-completion/completions/flexrota`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of a file flexrota reads or writes (the same as `schemas/`):
    /// point an editor's YAML language server at `model` to complete and check a model.
    Schema {
        /// Which file.
        #[arg(value_enum)]
        kind: flexrota::schema::SchemaKind,
    },
    /// Convert another format into a flexrota YAML model.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Solve instances one after another and report status, objective, bound, gap, time and
    /// peak memory (every rota re-checked).
    Bench {
        /// Instance files (`.yaml`, or benchmark `.txt`) or folders of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Wall-clock limit per instance, seconds.
        #[arg(long, value_name = "S", default_value_t = 60.0, value_parser = parse_seconds, allow_negative_numbers = true)]
        time_limit: f64,
        /// Parallel workers of each solve: people priced and neighbourhoods re-optimised
        /// at once (each HiGHS solve runs on one thread) [default: the machine's cores].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        threads: Option<u32>,
        /// CSV with `instance` and `best_ub` columns to compare against [default: a
        /// `best_known.csv` in each folder given].
        #[arg(long, value_name = "CSV")]
        best_known: Option<PathBuf>,
        /// Solve each instance N times and report the median objective and time with their
        /// spread (runs differ only through the time limit).
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
        repeat: u32,
        /// Also write the results as CSV to this file (atomically).
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Choose a job design on each instance instead: its first N people each offered
        /// three versions of their contract (four fifths of the minutes, at most three
        /// days in a row, no weekends), at most N/2 granted, the most granted, then the
        /// lowest objective.
        #[arg(long, value_name = "N", default_value_t = 0)]
        menus: usize,
    },
    /// Solve a base team and its candidate job designs (a scenario file) side by side, and
    /// compare cover, cost and wellbeing against the base.
    #[command(after_help = COMPARE_HELP)]
    Compare {
        /// The scenario file (YAML: `base:` and `variants:`).
        scenarios: PathBuf,
        /// Variants solved at the same time.
        #[arg(long, short = 'j', value_name = "N", default_value_t = 1, value_parser = parse_jobs)]
        jobs: usize,
        #[command(flatten)]
        solver: SolverArgs,
        /// Output format [default: from the extension of --out (.json, .csv, .md), else
        /// table].
        #[arg(long, value_enum)]
        format: Option<CompareFormat>,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Also write each variant's rota into this folder (`VARIANT.json`, as `solve`
        /// writes `assignments`), to open, compare or validate a design.
        #[arg(long, value_name = "DIR")]
        rotas: Option<PathBuf>,
        /// Choose a menu's design by solving each of its designs on its own (at most 256)
        /// instead of in one programme: slower, and the check of the programme's choice.
        #[arg(long)]
        enumerate: bool,
    },
    /// Vary one job-design lever over a range of values and print the frontier of
    /// flexibility against cover and cost, marking the most flexible design that keeps cover
    /// at or above the target.
    #[command(after_help = SWEEP_HELP)]
    Sweep {
        /// The team model (YAML).
        instance: PathBuf,
        /// The lever to vary.
        #[arg(long, value_enum)]
        lever: LeverKind,
        /// Lever values, comma-separated (demand-scale: factors; home-days: days a week;
        /// contract and oncall-rota: numbers of people, default 0 to all of --people).
        #[arg(
            long,
            value_delimiter = ',',
            value_name = "V,V,...",
            allow_negative_numbers = true
        )]
        values: Vec<f64>,
        /// People, in the order the lever takes them (contract, oncall-rota).
        #[arg(long, value_delimiter = ',', value_name = "ID,ID,...")]
        people: Vec<String>,
        /// Contract offered by the contract lever: a type id or an inline YAML mapping.
        #[arg(long, default_value = "eleven_to_seven")]
        contract: String,
        /// The on-call shift template of the oncall-rota lever.
        #[arg(long, default_value = "oncall")]
        shift: String,
        /// Cover target, percent of demand.
        #[arg(long, value_name = "PCT", default_value_t = 100.0, value_parser = parse_percent)]
        cover_target: f64,
        /// Points solved at the same time.
        #[arg(long, short = 'j', value_name = "N", default_value_t = 1, value_parser = parse_jobs)]
        jobs: usize,
        #[command(flatten)]
        solver: SolverArgs,
        /// Output format [default: from the extension of --out (.json, .csv, .md), else
        /// table].
        #[arg(long, value_enum)]
        format: Option<SweepFormat>,
        /// Write the output to this file (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Check a rota (JSON or CSV) against a team model: every hard rule and soft cost.
    #[command(after_help = AFTER_HELP)]
    Validate {
        /// The team model: YAML, or a Curtois & Qu benchmark `.txt` file (imported first).
        instance: PathBuf,
        /// The rota: `.json` (as written by `solve --format json`) or `.csv`.
        rota: PathBuf,
        /// Output format: the verdict as a table, JSON, the violations as CSV, or an HTML
        /// page with the verdict and the rota's report.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// Solver options shared by `solve`, `compare` and `sweep`.
#[derive(Args)]
struct SolverArgs {
    /// Wall-clock limit of each solve, seconds.
    #[arg(long, value_name = "S", value_parser = parse_seconds, allow_negative_numbers = true)]
    time_limit: Option<f64>,
    /// Stop each solve at this relative gap between rota and bound, from 0 up to (not
    /// including) 1 (e.g. 0.01).
    #[arg(long, value_name = "G", value_parser = parse_gap, allow_negative_numbers = true)]
    gap: Option<f64>,
    /// Parallel workers of each solve: people priced and neighbourhoods re-optimised at
    /// once (each HiGHS solve runs on one thread) [default: `solve` the machine's cores;
    /// `compare` and `sweep` 1, with `-j` for solves side by side].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    threads: Option<u32>,
    /// Solver random seed (0 to 2147483647).
    #[arg(
        long,
        default_value_t = 0,
        value_parser = clap::value_parser!(i32).range(0..),
        allow_negative_numbers = true
    )]
    seed: i32,
}

impl SolverArgs {
    /// The options of a solve, with `workers` unless `--threads` says otherwise.
    fn options(&self, workers: u32) -> SolveOptions {
        SolveOptions {
            time_limit: self.time_limit,
            gap: self.gap,
            threads: self.threads.unwrap_or(workers).max(1),
            seed: self.seed,
            trace: trace_from_env(),
            ..SolveOptions::default()
        }
    }
}

#[derive(Subcommand)]
enum ImportCommand {
    /// A Curtois & Qu (2014) shift-scheduling benchmark file (`InstanceN.txt`).
    Nrp {
        /// The benchmark file.
        file: PathBuf,
        /// Write the YAML here (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum LeverKind {
    /// Scale all demand by each value.
    DemandScale,
    /// Home-working days a week allowed to everybody.
    HomeDays,
    /// Offer --contract to the first N of --people.
    Contract,
    /// Only the first N of --people on the --shift rota.
    OncallRota,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum SweepFormat {
    /// The frontier with the chosen point marked.
    Table,
    /// One CSV row per point.
    Csv,
    /// The frontier and every point's full figures.
    Json,
    /// One self-contained HTML page: the frontier plotted and the points.
    Html,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum CompareFormat {
    /// Aligned table with deltas against the base, the changes, and cover per activity.
    Table,
    /// One CSV row per variant.
    Csv,
    /// Every figure of every variant (stable interface).
    Json,
    /// Markdown tables, for a report.
    Markdown,
    /// One self-contained HTML page: the figures side by side as small bars, better or
    /// worse than the base, cover per activity, each design chosen and why.
    Html,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Readable rota grid, cover summary and KPIs.
    Table,
    /// The rota as CSV (person, date, shift, location, activities).
    Csv,
    /// The full result as JSON (stable interface).
    Json,
    /// Calendars (RFC 5545): one per person into the folder `-o` names, or `--person`'s
    /// alone (solve and replan).
    Ics,
    /// One self-contained HTML page: the rota, cover and why lines are short, hours,
    /// unsocial work, each person's week (solve and replan).
    Html,
}

fn main() -> ExitCode {
    // The version names the HiGHS it was built with, known only at run time.
    let version: &'static str = Box::leak(
        format!(
            "{} (HiGHS {})",
            env!("CARGO_PKG_VERSION"),
            flexrota::milp::highs_version()
        )
        .into_boxed_str(),
    );
    let matches = Cli::command().version(version).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // The one place an error is rendered.
            eprintln!("{e}");
            ExitCode::from(e.code())
        }
    }
}

/// Runs one command: its exit code, or why it failed.
fn run(cli: Cli) -> Result<u8, CliError> {
    match cli.command {
        Command::Solve {
            instance,
            solver,
            out,
            format,
            person,
            quiet,
            verbose,
            highs_options,
            no_shifts_first,
            suggest,
            pin,
            until,
            after,
        } => {
            if let Some((name, value)) = flexrota::milp::refused_highs_option(&highs_options) {
                return Err(CliError::BadInput(format!("error: --highs-option {name}={value}: HiGHS has no option `{name}`, or `{value}` is of the wrong type or out of its range\n  = hint: see the HiGHS option list, e.g. --highs-option mip_heuristic_effort=0.1")));
            }
            let options = SolveOptions {
                verbose,
                highs_options,
                shifts_first: !no_shifts_first,
                ..solver.options(cores())
            };
            let format = format.unwrap_or_else(|| by_extension(out.as_deref(), Format::Table));
            let facts = match (pin, until) {
                (Some(rota), Some(until)) => Facts::Pin { rota, until },
                _ => Facts::None,
            };
            let output = Output {
                out: out.as_deref(),
                format,
                person,
                quiet,
            };
            solve(
                &instance,
                &[facts, Facts::After(after)],
                &options,
                &output,
                suggest,
            )
        }
        Command::Replan {
            instance,
            published,
            from,
            shift_change_weight,
            location_change_weight,
            activity_change_weight,
            after,
            solver,
            out,
            format,
            person,
        } => {
            for (name, w) in [
                ("--shift-change-weight", shift_change_weight),
                ("--location-change-weight", location_change_weight),
                ("--activity-change-weight", activity_change_weight),
            ] {
                if !(0.0..=1e6).contains(&w) {
                    return Err(CliError::BadInput(format!(
                        "error: {name} {w}: expected a weight from 0 to 1000000"
                    )));
                }
            }
            let facts = Facts::Replan {
                rota: published,
                from,
                weights: flexrota::replan::ChangeWeights {
                    shift: shift_change_weight,
                    location: location_change_weight,
                    activity: activity_change_weight,
                },
            };
            let format = format.unwrap_or_else(|| by_extension(out.as_deref(), Format::Table));
            let output = Output {
                out: out.as_deref(),
                format,
                person,
                quiet: false,
            };
            solve(
                &instance,
                &[facts, Facts::After(after)],
                &solver.options(cores()),
                &output,
                false,
            )
        }
        Command::Diff { before, after } => diff(&before, &after),
        Command::Schema { kind } => {
            emit(&flexrota::schema::schema_text(kind), None)?;
            Ok(exit::OK)
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "flexrota",
                &mut std::io::stdout(),
            );
            Ok(exit::OK)
        }
        Command::Validate {
            instance,
            rota,
            format,
        } => validate(&instance, &rota, format),
        Command::Compare {
            scenarios,
            jobs,
            solver,
            format,
            out,
            rotas,
            enumerate,
        } => {
            let options = CompareOptions {
                // One worker each, so that variants solved side by side (`-j`) give the
                // same rotas as one at a time.
                solve: solver.options(1),
                jobs,
                enumerate,
            };
            let format =
                format.unwrap_or_else(|| by_extension(out.as_deref(), CompareFormat::Table));
            compare(
                &scenarios,
                &options,
                format,
                out.as_deref(),
                rotas.as_deref(),
            )
        }
        Command::Sweep {
            instance,
            lever,
            values,
            people,
            contract,
            shift,
            cover_target,
            jobs,
            solver,
            format,
            out,
        } => {
            let lever = match lever {
                LeverKind::DemandScale => Lever::DemandScale,
                LeverKind::HomeDays => Lever::HomeDays,
                LeverKind::Contract => Lever::Contract { contract, people },
                LeverKind::OncallRota => Lever::OncallRota { shift, people },
            };
            let options = CompareOptions {
                // One worker each, so that variants solved side by side (`-j`) give the
                // same rotas as one at a time.
                solve: solver.options(1),
                jobs,
                enumerate: false,
            };
            let format = format.unwrap_or_else(|| by_extension(out.as_deref(), SweepFormat::Table));
            sweep(
                &instance,
                &lever,
                values,
                cover_target,
                &options,
                format,
                out.as_deref(),
            )
        }
        Command::Import(ImportCommand::Nrp { file, out }) => import_nrp(&file, out.as_deref()),
        Command::Bench {
            paths,
            time_limit,
            threads,
            best_known,
            out,
            repeat,
            menus,
        } => {
            // Instances run one at a time, so each may have the whole machine.
            let options = SolveOptions {
                time_limit: Some(time_limit),
                threads: threads.unwrap_or(cores()),
                trace: trace_from_env(),
                ..SolveOptions::default()
            };
            run_bench(
                &paths,
                &options,
                best_known.as_deref(),
                out.as_deref(),
                (repeat as usize, menus),
            )
        }
    }
}

/// The format an output file's extension names (`.json`, `.csv`, `.md`), else `default`.
fn by_extension<F: ValueEnum>(out: Option<&Path>, default: F) -> F {
    let ext = out
        .and_then(|o| o.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let name = match ext.as_deref() {
        Some("md") => "markdown",
        Some("txt") => "table",
        Some(other) => other,
        None => return default,
    };
    F::from_str(name, true).unwrap_or(default)
}

/// Stops `progress` on SIGINT or SIGTERM, from a thread of its own; the returned number is
/// the first signal received (0 until one is). A second signal ends the process at once,
/// for when the answer itself hangs (a blocked output, say).
fn watch_signals(progress: &flexrota::milp::progress::Handle) -> std::io::Result<Arc<AtomicI32>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let received = Arc::new(AtomicI32::new(0));
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    let (progress, seen) = (progress.clone(), received.clone());
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if seen.swap(signal, Ordering::SeqCst) != 0 {
                    std::process::exit(128 + signal);
                }
                progress.stop();
            }
        })?;
    Ok(received)
}

/// The solver's trace to standard error when `FLEXROTA_TRACE` is set: `2` for every round,
/// step and node, anything else for the phases (for tuning; see ARCHITECTURE.md).
fn trace_from_env() -> Option<flexrota::trace::Trace> {
    let level = std::env::var_os("FLEXROTA_TRACE")?;
    Some(flexrota::trace::Trace::to_stderr(match level == "2" {
        true => 2,
        false => 1,
    }))
}

/// The machine's cores (1 if unknown).
fn cores() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
}

/// What `solve` adds to the model before solving: nothing, a published rota's days pinned
/// up to a date (`--pin`, `--until`), or a re-plan from a date (`replan`).
enum Facts {
    None,
    /// The previous period's rota, as history (`--after`).
    After(Option<PathBuf>),
    Pin {
        rota: PathBuf,
        until: NaiveDate,
    },
    Replan {
        rota: PathBuf,
        from: NaiveDate,
        weights: flexrota::replan::ChangeWeights,
    },
}

impl Facts {
    /// Adds the facts to `model`; a bad rota or a date outside the horizon is bad input.
    fn apply(&self, model: &mut Model) -> Result<(), String> {
        let day = |date: NaiveDate, flag: &str, model: &Model| {
            model.horizon.day_of(date).ok_or_else(|| {
                format!(
                    "error: {flag} {date} is outside the horizon ({} to {})",
                    model.horizon.start,
                    model.horizon.date(model.horizon.days - 1)
                )
            })
        };
        let read = |path: &Path| rota_io::read_rota(path).map_err(|e| format!("error: {e}"));
        let located = |path: &Path, e: String| format!("error: {}: {e}", path.display());
        match self {
            Facts::None | Facts::After(None) => Ok(()),
            Facts::After(Some(rota)) => {
                let previous = read(rota)?;
                let carried = rota_io::read_carried(rota).map_err(|e| format!("error: {e}"))?;
                flexrota::replan::history_from(model, &previous, carried.as_ref())
                    .map_err(|e| located(rota, e))
            }
            Facts::Pin { rota, until } => {
                let last = day(*until, "--until", model)?;
                let published = read(rota)?;
                flexrota::replan::pin_rota(model, &published, 0..last + 1)
                    .map_err(|e| located(rota, e))
            }
            Facts::Replan {
                rota,
                from,
                weights,
            } => {
                let from = day(*from, "--from", model)?;
                let published = read(rota)?;
                flexrota::replan::replan_from(model, &published, from, *weights)
                    .map_err(|e| located(rota, e))
            }
        }
    }

    /// Files the facts are read from, which no output may overwrite.
    fn files(&self) -> Vec<PathBuf> {
        match self {
            Facts::None | Facts::After(None) => Vec::new(),
            Facts::After(Some(rota)) | Facts::Pin { rota, .. } | Facts::Replan { rota, .. } => {
                vec![rota.clone()]
            }
        }
    }
}

/// The files `--format ics` writes, one a person (`ID.ics`), in the folder `out` names
/// (made if missing), each checked as any output is.
fn calendar_targets(out: Option<&Path>, model: &Model) -> Result<Vec<Target>, CliError> {
    let Some(folder) = out else {
        return Err(CliError::BadInput(
            "error: --format ics writes one calendar per person\n  = hint: give a folder with \
             -o FOLDER, or one person with --person ID"
                .into(),
        ));
    };
    let named_as_file = folder
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ics"));
    if named_as_file || (folder.exists() && !folder.is_dir()) {
        return Err(CliError::BadInput(format!(
            "error: -o {}: with --format ics and no --person, -o names a folder (one calendar \
             per person), not a file\n  = hint: give a folder, or --person ID for one calendar",
            folder.display()
        )));
    }
    std::fs::create_dir_all(folder).map_err(|e| {
        CliError::BadInput(format!(
            "error: cannot make the folder {}: {e}",
            folder.display()
        ))
    })?;
    model
        .people
        .iter()
        .map(|p| {
            Target::check(&folder.join(format!("{}.ics", p.id)), &model.files)
                .map_err(|e| CliError::BadInput(format!("error: {e}")))
        })
        .collect()
}

/// The most short lines `--suggest` solves again for.
const SUGGESTED: usize = 5;

/// Where and how `solve` and `replan` write their answer.
struct Output<'a> {
    out: Option<&'a Path>,
    format: Format,
    /// With `--format ics`: the one person whose calendar is written.
    person: Option<String>,
    /// No progress line or notes on standard error.
    quiet: bool,
}

/// A line on standard error while a solve works, redrawn a few times a second: time so
/// far, what the solve is doing, the best rota's objective and the bound. Drawn only on a terminal (indicatif hides
/// it otherwise) and not with `-q`; stopped and cleared when dropped.
struct Spinner {
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Spinner {
    fn start(progress: flexrota::milp::progress::Handle, quiet: bool) -> Spinner {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let bar = match quiet {
            true => indicatif::ProgressBar::hidden(),
            false => indicatif::ProgressBar::new_spinner(),
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .expect("valid template"),
        );
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::SeqCst) {
                let best = progress.0.best().map(|b| b.objective);
                let bound = progress.0.bound();
                let phase = match progress.0.phase() {
                    "" => "starting",
                    p => p,
                };
                bar.set_message(match (best, bound) {
                    (None, _) => format!("{phase}: no rota yet"),
                    (Some(b), Some(l)) => format!("{phase}: best rota {b:.2}, bound {l:.2}"),
                    (Some(b), None) => format!("{phase}: best rota {b:.2}"),
                });
                bar.tick();
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            bar.finish_and_clear();
        });
        Spinner {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn solve(
    instance: &Path,
    facts: &[Facts],
    options: &SolveOptions,
    output: &Output,
    suggest: bool,
) -> Result<u8, CliError> {
    let (out, format) = (output.out, output.format);
    // The time limit counts from here: reading the model and checking the output path
    // come out of it too.
    let started = Instant::now();
    // SIGINT or SIGTERM, from now on: stop, and give the best rota so far as the answer.
    let progress = Progress::shared();
    let signal = match watch_signals(&progress) {
        Ok(s) => s,
        Err(e) => {
            return Err(CliError::Internal(format!(
                "error: cannot watch for interrupts: {e}"
            )))
        }
    };
    let mut model = match load_instance(instance) {
        Ok(m) => m,
        Err(e) => return Err(CliError::BadInput(e.to_string())),
    };
    for f in facts {
        f.apply(&mut model).map_err(CliError::BadInput)?;
        model.files.extend(f.files());
    }
    // Calendars for everyone go into a folder, one file a person: checked now, before
    // any work, like any output.
    let calendars = match (format, &output.person) {
        (Format::Ics, None) => Some(calendar_targets(out, &model)?),
        _ => None,
    };
    let person = match (&output.person, format) {
        (Some(id), Format::Ics | Format::Table) => Some(model.person_ix(id).ok_or_else(|| {
            let ids: Vec<&str> = model.people.iter().map(|p| p.id.as_str()).collect();
            CliError::BadInput(format!(
                "error: --person {id}: no such person\n  = hint: the people are {}",
                ids.join(", ")
            ))
        })?),
        (Some(_), _) => {
            return Err(CliError::BadInput(
                "error: --person goes with the table (one person's days) or --format ics (one \
                 person's calendar)"
                    .into(),
            ))
        }
        (None, _) => None,
    };
    let target = match (calendars.is_some(), out) {
        (true, _) | (_, None) => None,
        (false, Some(o)) => match Target::check(o, &model.files) {
            Ok(t) => Some(t),
            Err(e) => return Err(CliError::BadInput(format!("error: {e}"))),
        },
    };
    let options = SolveOptions {
        time_limit: options
            .time_limit
            .map(|t| (t - started.elapsed().as_secs_f64()).max(0.1)),
        progress: Some(progress.clone()),
        ..options.clone()
    };
    // Causes the model alone shows (pins that break a rule between themselves, contracts
    // that cannot be met, cover nobody can give) are named before any programme is built.
    let prechecked = flexrota::explain::prechecks(&model);
    let outcome = match prechecked.is_empty() {
        true => {
            let _spinner = Spinner::start(progress.clone(), output.quiet);
            pipeline::solve(&model, &options)
        }
        false => Ok(pipeline::Outcome::infeasible()),
    };
    let interrupted = signal.load(Ordering::SeqCst);
    if interrupted != 0 {
        match outcome.as_ref().is_ok_and(|o| o.solved.rota.is_some()) {
            true => eprintln!("interrupted: stopping with the best rota found so far"),
            false => eprintln!("interrupted: stopping before any rota was found"),
        }
    }
    let outcome = match outcome {
        Ok(mut o) => {
            // The whole command's time, reading included.
            o.solved.solve_seconds = started.elapsed().as_secs_f64();
            o
        }
        Err(e) => return Err(internal(&e)),
    };
    let check = outcome.check.as_ref();
    let infeasible = outcome.solved.status == SolveStatus::Infeasible && interrupted == 0;
    let diagnosis = match (infeasible, prechecked.is_empty()) {
        (false, _) => Vec::new(),
        (true, false) => prechecked,
        (true, true) => {
            // What is left of the time limit, at most the diagnosis's own.
            let left = options
                .time_limit
                .map(|t| (t - started.elapsed().as_secs_f64()).max(0.5));
            let options = SolveOptions {
                time_limit: left,
                ..options.clone()
            };
            flexrota::explain::diagnose(&model, &options)
        }
    };
    let suggestions = match (suggest, check, outcome.solved.objective) {
        (true, Some(check), Some(objective)) if interrupted == 0 => {
            // What is left of the time limit, shared by the lines (30 s each without one).
            let lines = check
                .cover
                .iter()
                .filter(|l| l.under > 0)
                .count()
                .min(SUGGESTED);
            let each = match options.time_limit {
                Some(t) => (t - started.elapsed().as_secs_f64()) / lines.max(1) as f64,
                None => 30.0,
            };
            match each >= 0.5 {
                true => {
                    flexrota::explain::suggest(&model, check, objective, &options, SUGGESTED, each)
                }
                false => {
                    eprintln!("note: no time left within --time-limit for --suggest");
                    Vec::new()
                }
            }
        }
        _ => Vec::new(),
    };
    let text = match format {
        Format::Table => {
            let mut text = match (person, &outcome.solved.rota) {
                (Some(p), Some(rota)) => report::person_view(&model, rota, p),
                _ => report::table(&model, &outcome.solved, check),
            };
            if !suggestions.is_empty() {
                text.push('\n');
                text.push_str(&report::suggestions_text(&suggestions));
            }
            if infeasible {
                text.push('\n');
                text.push_str(&report::diagnosis_text(&diagnosis));
            }
            text
        }
        Format::Json => {
            let mut doc = report::solve_json(&model, &outcome.solved, check);
            doc.diagnosis = report::diagnosis_json(&diagnosis);
            doc.suggestions = report::suggestions_json(&suggestions);
            serde_json::to_string_pretty(&doc).expect("report serialises") + "\n"
        }
        Format::Csv => match &outcome.solved.rota {
            Some(rota) => rota_io::write_rota_csv(rota),
            None => String::new(),
        },
        Format::Html => flexrota::html::report(&model, &outcome.solved, check, &diagnosis),
        Format::Ics => match (&outcome.solved.rota, person) {
            (Some(rota), Some(p)) => flexrota::ics::calendar(&model, rota, p),
            _ => String::new(),
        },
    };
    match (&calendars, &outcome.solved.rota) {
        (Some(targets), Some(rota)) => {
            for (p, target) in targets.iter().enumerate() {
                emit(&flexrota::ics::calendar(&model, rota, p), Some(target))?;
            }
            if !output.quiet {
                eprintln!(
                    "wrote {} calendars to {}",
                    targets.len(),
                    out.map_or_else(String::new, |o| o.display().to_string())
                );
            }
        }
        (Some(_), None) => {}
        (None, _) => emit(&text, target.as_ref())?,
    }
    if interrupted != 0 {
        // As a shell reports a command stopped by the signal: 130 for SIGINT, 143 SIGTERM.
        return Ok((128 + interrupted).min(255) as u8);
    }
    match outcome.solved.status {
        SolveStatus::Optimal => Ok(exit::OK),
        SolveStatus::Feasible => {
            if let Some(note) = report::gap_note(&outcome.solved).filter(|_| !output.quiet) {
                eprintln!("{note}");
            }
            Ok(exit::OK)
        }
        SolveStatus::Infeasible => {
            if format != Format::Table || target.is_some() {
                eprint!("{}", report::diagnosis_text(&diagnosis));
            }
            eprintln!("no rota: the hard rules cannot all be met");
            Ok(exit::NO_ROTA)
        }
        SolveStatus::NoSolution => {
            eprintln!("no rota within the time limit; try a longer --time-limit");
            Ok(exit::NO_ROTA)
        }
    }
}

fn validate(instance: &Path, rota_path: &Path, format: Format) -> Result<u8, CliError> {
    if format == Format::Ics {
        return Err(CliError::BadInput(
            "error: validate prints a verdict: --format table, json, csv or html\n  = hint: calendars come from `solve --format ics`".into(),
        ));
    }
    let model = match load_instance(instance) {
        Ok(m) => m,
        Err(e) => return Err(CliError::BadInput(e.to_string())),
    };
    let rota = match rota_io::read_rota(rota_path) {
        Ok(r) => r,
        Err(e) => return Err(CliError::BadInput(format!("error: {e}"))),
    };
    let report = check::check(&model, &rota);
    let text = match format {
        Format::Ics => unreachable!("refused above"),
        Format::Html => flexrota::html::validation(&model, &rota, &report),
        Format::Json => {
            let doc = report::validate_json(&model, &report, &rota);
            serde_json::to_string_pretty(&doc).expect("report serialises") + "\n"
        }
        Format::Csv => violations_csv(&report),
        Format::Table => {
            let mut s = String::new();
            let hard: Vec<_> = report.hard_violations().collect();
            if hard.is_empty() {
                s.push_str(&format!(
                    "legal: the rota keeps every hard rule; soft cost {:.2}\n",
                    report.cost
                ));
            } else {
                s.push_str(&format!("ILLEGAL: {} hard-rule violation(s)\n", hard.len()));
                for v in hard {
                    s.push_str(&report::wrap(
                        &format!("[{}] {}", v.rule.as_str(), v.message),
                        2,
                        4,
                    ));
                }
            }
            for v in report.violations.iter().filter(|v| !v.hard) {
                s.push_str(&report::wrap(
                    &format!("soft [{}] {}", v.rule.as_str(), v.message),
                    2,
                    4,
                ));
            }
            for p in &report.penalties {
                if p.cost > 0.0 {
                    s.push_str(&format!("  {:<26} {:>10.2}\n", p.rule.as_str(), p.cost));
                }
            }
            s
        }
    };
    emit(&text, None)?;
    Ok(match report.is_legal() {
        true => exit::OK,
        false => exit::NO_ROTA,
    })
}

/// A pipeline failure in words, with the hard rules an illegal rota breaks.
fn internal(e: &PipelineError) -> CliError {
    let mut text = format!("error: {e}");
    if let PipelineError::IllegalRota { report, .. } = e {
        for v in report.hard_violations().take(20) {
            text.push_str(&format!("\n  [{}] {}", v.rule.as_str(), v.message));
        }
    }
    CliError::Internal(text)
}

/// Every violation (hard and soft) as CSV: `rule,hard,person,date,amount,message`.
fn violations_csv(report: &check::CheckReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = ["rule", "hard", "person", "date", "amount", "message"];
    let rows = report.violations.iter().map(|v| {
        [
            v.rule.as_str().to_string(),
            v.hard.to_string(),
            v.person.clone().unwrap_or_default(),
            v.date.map(|d| d.to_string()).unwrap_or_default(),
            format!("{}", v.amount),
            v.message.clone(),
        ]
    });
    let written = w
        .write_record(header)
        .and_then(|()| rows.into_iter().try_for_each(|r| w.write_record(&r)));
    written.expect("CSV in memory");
    String::from_utf8(w.into_inner().expect("CSV in memory")).expect("CSV of UTF-8 text")
}

fn compare(
    path: &Path,
    options: &CompareOptions,
    format: CompareFormat,
    out: Option<&Path>,
    rotas: Option<&Path>,
) -> Result<u8, CliError> {
    let set = match parse::load_scenarios(path) {
        Ok(s) => s,
        Err(e) => return Err(CliError::BadInput(e.to_string())),
    };
    let target = match out.map(|o| Target::check(o, &set.files)).transpose() {
        Ok(t) => t,
        Err(e) => return Err(CliError::BadInput(format!("error: {e}"))),
    };
    // Each variant's rota file, checked before any work like any output.
    let rota_targets = match rotas {
        None => None,
        Some(folder) => {
            std::fs::create_dir_all(folder).map_err(|e| {
                CliError::BadInput(format!(
                    "error: --rotas {}: cannot make the folder: {e}",
                    folder.display()
                ))
            })?;
            let targets = set
                .variants
                .iter()
                .map(|v| Target::check(&folder.join(format!("{}.json", v.name)), &set.files))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| CliError::BadInput(format!("error: {e}")))?;
            Some(targets)
        }
    };
    let results = run_compare(&set, options)?;
    if let Some(targets) = &rota_targets {
        for (r, target) in results.iter().zip(targets) {
            if let Some(rota) = &r.rota {
                let doc = render::VariantRotaJson {
                    schema_version: report::SCHEMA_VERSION,
                    variant: &r.variant,
                    status: r.status.as_str(),
                    objective: r.objective,
                    assignments: &rota.assignments,
                };
                let text = serde_json::to_string_pretty(&doc).expect("a rota serialises") + "\n";
                emit(&text, Some(target))?;
            }
        }
    }
    let text = match format {
        CompareFormat::Table => render::table(&results),
        CompareFormat::Markdown => render::markdown(&results),
        CompareFormat::Html => scenario::html::compare(&set.name, &results),
        CompareFormat::Csv => render::csv(&results).expect("CSV in memory"),
        CompareFormat::Json => {
            render::json(&set.name, &set.base, &results).expect("comparison serialises") + "\n"
        }
    };
    emit(&text, target.as_ref())?;
    exit_for(&results)
}

fn sweep(
    instance: &Path,
    lever: &Lever,
    values: Vec<f64>,
    cover_target: f64,
    options: &CompareOptions,
    format: SweepFormat,
    out: Option<&Path>,
) -> Result<u8, CliError> {
    let values = match (values.is_empty(), lever.max_count()) {
        (false, _) => values,
        (true, Some(n)) if n > 0 => (0..=n).map(|v| v as f64).collect(),
        (true, Some(_)) => {
            return Err(CliError::BadInput(format!("error: the {} lever needs --people\n  = hint: list the people in the order the lever takes them, e.g. --people ana,ben,cara", lever.name())));
        }
        (true, None) => {
            return Err(CliError::BadInput(format!(
                "error: the {} lever needs --values\n  = hint: e.g. --values 0.8,1,1.2",
                lever.name()
            )));
        }
    };
    if let Some(e) = values.iter().find_map(|&v| lever.check_value(v).err()) {
        return Err(CliError::BadInput(format!("error: {e}")));
    }
    let dir = instance.parent().unwrap_or_else(|| Path::new(""));
    let Some(file) = instance
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
    else {
        return Err(CliError::BadInput(format!(
            "error: `{}` is not a file",
            instance.display()
        )));
    };
    let text = sweep::scenario_text(&file, lever, &values);
    let generated = dir.join(format!("{file} (sweep of --{})", lever.name()));
    let set = match parse::load_scenarios_str(&text, &generated, dir) {
        Ok(s) => s,
        Err(e) => return Err(CliError::BadInput(e.to_string())),
    };
    let target = match out.map(|o| Target::check(o, &set.files)).transpose() {
        Ok(t) => t,
        Err(e) => return Err(CliError::BadInput(format!("error: {e}"))),
    };
    let results = run_compare(&set, options)?;
    let points = sweep::frontier(lever, &values, &results, cover_target);
    let text = match format {
        SweepFormat::Table => sweep::table(lever, &points, cover_target),
        SweepFormat::Csv => sweep::csv(&points).expect("CSV in memory"),
        SweepFormat::Html => scenario::html::sweep(
            &instance.display().to_string(),
            lever,
            &points,
            cover_target,
        ),
        SweepFormat::Json => {
            let doc = sweep::SweepJson {
                schema_version: report::SCHEMA_VERSION,
                instance: instance.display().to_string(),
                lever: lever.name(),
                cover_target,
                frontier: &points,
                variants: &results,
            };
            serde_json::to_string_pretty(&doc).expect("sweep serialises") + "\n"
        }
    };
    emit(&text, target.as_ref())?;
    exit_for(&results)
}

/// Solves every variant with a progress display.
fn run_compare(set: &Scenarios, options: &CompareOptions) -> Result<Vec<VariantResult>, CliError> {
    let bar = progress_bar(scenario::solve_count(set, options));
    let results = scenario::compare(set, options, |_, name| {
        if bar.is_hidden() {
            eprintln!("solved {name}");
        } else {
            bar.set_message(name.to_string());
        }
        bar.inc(1);
    });
    bar.finish_and_clear();
    results.map_err(|e| CliError::Internal(format!("error: cannot start worker threads: {e}")))
}

/// The exit code of a comparison: internal failures first, then variants without a rota.
fn exit_for(results: &[VariantResult]) -> Result<u8, CliError> {
    let failed: Vec<&str> = results
        .iter()
        .filter(|r| r.status == RunStatus::Error)
        .map(|r| r.variant.as_str())
        .collect();
    if !failed.is_empty() {
        return Err(CliError::Internal(format!(
            "error: internal failure in {}",
            failed.join(", ")
        )));
    }
    let no_rota: Vec<&str> = results
        .iter()
        .filter(|r| r.metrics.is_none())
        .map(|r| r.variant.as_str())
        .collect();
    if no_rota.is_empty() {
        Ok(exit::OK)
    } else {
        eprintln!("no rota for {}", no_rota.join(", "));
        Ok(exit::NO_ROTA)
    }
}

/// A progress bar for `len` items (hidden when standard error is not a terminal).
fn progress_bar(len: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed_precise} {msg}")
            .expect("valid template"),
    );
    bar
}

fn import_nrp(file: &Path, out: Option<&Path>) -> Result<u8, CliError> {
    let target = match out
        .map(|o| Target::check(o, &[file.to_path_buf()]))
        .transpose()
    {
        Ok(t) => t,
        Err(e) => return Err(CliError::BadInput(format!("error: {e}"))),
    };
    // The converted model is validated as `solve` would, so a file it would refuse is
    // refused here, at the benchmark file's line.
    if let Err(e) = load_instance(file) {
        return Err(CliError::BadInput(e.to_string()));
    }
    let yaml = nrp::import_file(file).map_err(|e| CliError::BadInput(format!("error: {e}")))?;
    emit(&yaml, target.as_ref())?;
    Ok(exit::OK)
}

fn run_bench(
    paths: &[PathBuf],
    options: &SolveOptions,
    best_path: Option<&Path>,
    out: Option<&Path>,
    (repeat, menus): (usize, usize),
) -> Result<u8, CliError> {
    // The best-known values: the file given, else each folder's `best_known.csv`.
    let best_files: Vec<PathBuf> = match best_path {
        Some(p) => vec![p.to_path_buf()],
        None => paths
            .iter()
            .map(|p| p.join("best_known.csv"))
            .filter(|p| p.is_file())
            .collect(),
    };
    let mut best = std::collections::BTreeMap::new();
    for file in &best_files {
        match bench::read_best_known(file) {
            Ok(b) => best.extend(b),
            Err(e) => return Err(CliError::BadInput(format!("error: {e}"))),
        }
    }
    let files = match bench::collect(paths) {
        Ok(f) if !f.is_empty() => f,
        Ok(_) => {
            return Err(CliError::BadInput("error: no instance files found\n  = hint: give .yaml or .txt files, or folders holding them".into()));
        }
        Err(e) => {
            return Err(CliError::BadInput(format!(
                "error: cannot list instances: {e}"
            )));
        }
    };
    // Everything the run reads: the best-known file, each instance and what it includes.
    let mut inputs: Vec<PathBuf> = best_files.clone();
    for f in &files {
        inputs.push(f.clone());
        if let Ok(model) = load_instance(f) {
            inputs.extend(model.files);
        }
    }
    let target = match out.map(|o| Target::check(o, &inputs)).transpose() {
        Ok(t) => t,
        Err(e) => return Err(CliError::BadInput(format!("error: {e}"))),
    };
    let bar = progress_bar(files.len());
    let mut rows = Vec::new();
    for f in &files {
        bar.set_message(f.display().to_string());
        let row = bench::run_repeated(f, options, &best, repeat, menus);
        let line = format!(
            "{}: {} {} ({:.1} s)",
            row.instance,
            row.status,
            row.objective.map_or("-".into(), |o| format!("{o:.1}")),
            row.seconds
        );
        if bar.is_hidden() {
            // Not a terminal (a log file, CI): plain progress lines instead of a bar.
            eprintln!("{line}");
        } else {
            bar.println(line);
        }
        rows.push(row);
        bar.inc(1);
    }
    bar.finish_and_clear();
    emit(&bench::table(&rows), None)?;
    if let Some(target) = &target {
        emit(&bench::csv(&rows), Some(target))?;
    }
    // The table says what went wrong with each instance; the code sums it up.
    Ok(if rows.iter().any(|r| r.status == RunStatus::Error) {
        exit::INTERNAL
    } else if rows.iter().any(|r| r.status == RunStatus::BadInput) {
        exit::BAD_INPUT
    } else {
        exit::OK
    })
}

/// Write `text` to a checked output file (atomically), or to standard output. A closed
/// pipe (`flexrota bench ... | head`) is not an error: the reader has what it wanted.
fn emit(text: &str, out: Option<&Target>) -> Result<(), CliError> {
    let Some(target) = out else {
        let mut stdout = std::io::stdout().lock();
        return match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(CliError::Internal(format!(
                "error: cannot write to standard output: {e}"
            ))),
        };
    };
    target
        .write(text)
        .map_err(|e| CliError::BadInput(format!("error: {e}")))
}

/// Seconds for `--time-limit`: a finite number above 0, at most a year.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 365.0 * 86400.0 => Ok(s),
        _ => Err(format!(
            "expected seconds above 0 (at most a year, 31536000), found `{text}`"
        )),
    }
}

/// A relative gap for `--gap`: from 0 up to, not including, 1.
fn parse_gap(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(g) if (0.0..1.0).contains(&g) => Ok(g),
        _ => Err(format!(
            "expected a relative gap from 0 up to (not including) 1, e.g. 0.01, found `{text}`"
        )),
    }
}

/// A percentage for `--cover-target`: from 0 to 100.
fn parse_percent(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "expected a percentage from 0 to 100, found `{text}`"
        )),
    }
}

/// Solves side by side for `-j`: at least 1.
fn parse_jobs(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a number of solves from 1 to 1024, found `{text}`"
        )),
    }
}

/// `name=value` for `--highs-option`.
fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.trim().to_string())),
        _ => Err(format!("expected NAME=VALUE, found `{text}`")),
    }
}

fn diff(before: &Path, after: &Path) -> Result<u8, CliError> {
    let read = |path: &Path| {
        rota_io::read_rota(path).map_err(|e| CliError::BadInput(format!("error: {e}")))
    };
    let (a, b) = (read(before)?, read(after)?);
    let lines = flexrota::replan::diff(&a, &b);
    let mut text = String::new();
    for line in &lines {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&format!("{} person-day(s) differ\n", lines.len()));
    emit(&text, None)?;
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--threads` wins over a command's default, and a solve has at least one worker.
    #[test]
    fn threads_given_win_over_the_default() {
        let solver = |threads| SolverArgs {
            time_limit: None,
            gap: None,
            threads,
            seed: 0,
        };
        assert_eq!(solver(None).options(4).threads, 4);
        assert_eq!(solver(None).options(1).threads, 1);
        assert_eq!(solver(Some(3)).options(1).threads, 3);
        assert_eq!(solver(Some(0)).options(4).threads, 1);
    }
}
