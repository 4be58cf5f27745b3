//! `compare`: wasmbin against its peers on real and synthetic modules, as one table.
//!
//! ```text
//! cargo run --release -p wasmbin-benches --bin compare -- [OPTIONS] [FILE|DIR]...
//! ```
//!
//! For every input and every mode, each library runs once per round, in turn (A B C A B C
//! …), and the median of the rounds is reported. Peak heap is measured first, in one
//! separate run per library, by the global allocator below. See README.md in this crate.

use peak_alloc::PeakAlloc;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use wasmbin_benches::{modes, peers, synthetic, wasm_files, Mode, RunFn};

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// Set while a library runs: its panics become "error" rows instead of noise on stderr.
static IN_LIBRARY: AtomicBool = AtomicBool::new(false);

const USAGE: &str = "\
compare: wasmbin against its peers, one table

usage: compare [OPTIONS] [FILE|DIR]...

Inputs are the given .wasm files and every .wasm file under the given directories, then the
synthetic set with --synthetic. With neither, the WASMBIN_CORPUS file or directory is used,
and without that the synthetic set.

options:
  --rounds N      timed rounds per mode (default 5); the median is reported
  --synthetic     add the generated modules (no download needed)
  --markdown      print a Markdown document instead of a plain-text table
  --modes LIST    comma-separated subset of: lazy, decode, roundtrip, unchanged-edit,
                  add-import, parallel,
                  component-lazy, component-decode, component-roundtrip (components
                  run in the component modes only, modules in the others)
  --libs LIST     comma-separated substrings: only libraries whose name contains one
                  (the wasmbin baseline always runs)
  -h, --help      this text
";

struct Options {
    rounds: usize,
    synthetic: bool,
    markdown: bool,
    modes: Option<Vec<String>>,
    libs: Option<Vec<String>>,
    paths: Vec<PathBuf>,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        rounds: 5,
        synthetic: false,
        markdown: false,
        modes: None,
        libs: None,
        paths: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    let list = |value: Option<String>, flag: &str| -> Result<Vec<String>, String> {
        let value = value.ok_or(format!("{flag} needs a value"))?;
        Ok(value.split(',').map(|s| s.trim().to_string()).collect())
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            "--rounds" => {
                let value = args.next().ok_or("--rounds needs a value")?;
                options.rounds = value
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or(format!("--rounds: not a positive number: {value}"))?;
            }
            "--synthetic" => options.synthetic = true,
            "--markdown" => options.markdown = true,
            "--modes" => options.modes = Some(list(args.next(), "--modes")?),
            "--libs" => options.libs = Some(list(args.next(), "--libs")?),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            path => options.paths.push(PathBuf::from(path)),
        }
    }
    Ok(options)
}

/// An input module: a display name and its bytes.
struct Input {
    name: String,
    bytes: Vec<u8>,
}

fn load_inputs(options: &Options) -> Result<Vec<Input>, String> {
    let mut paths = Vec::new();
    for path in &options.paths {
        let files = wasm_files(path).map_err(|err| format!("{}: {err}", path.display()))?;
        if files.is_empty() {
            return Err(format!("{}: no .wasm files", path.display()));
        }
        paths.extend(files);
    }
    let mut synthetic = options.synthetic;
    if paths.is_empty() && !synthetic {
        paths = wasmbin_benches::corpus_files().map_err(|err| format!("WASMBIN_CORPUS: {err}"))?;
        synthetic = paths.is_empty();
    }
    let mut inputs = Vec::new();
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|err| format!("{}: {err}", path.display()))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        inputs.push(Input { name, bytes });
    }
    if synthetic {
        eprintln!("generating the synthetic set…");
        for (name, bytes) in synthetic::synthetic_set() {
            inputs.push(Input { name, bytes });
        }
    }
    Ok(inputs)
}

/// What became of one library in one mode on one input.
enum Verdict {
    Measured {
        /// Time of every round.
        times: Vec<Duration>,
        /// Heap in use at the peak of one run, beyond the input buffer.
        peak: usize,
    },
    NotAvailable,
    Failed(String),
}

struct Row {
    file: String,
    size: usize,
    mode: &'static str,
    library: &'static str,
    baseline: bool,
    result: Verdict,
}

/// Runs `run` `batch` times in a row, each on its own copy of `input` (all copied before the
/// clock starts); returns the time per run. A panic becomes an error.
fn run_batch(run: RunFn, input: &[u8], batch: usize) -> (Duration, peers::Outcome) {
    let copies: Vec<Vec<u8>> = (0..batch).map(|_| input.to_vec()).collect();
    IN_LIBRARY.store(true, Ordering::SeqCst);
    let start = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut total = 0u64;
        for copy in copies {
            total = total.wrapping_add(run(copy)?);
        }
        Ok(total)
    }));
    let elapsed = start.elapsed();
    IN_LIBRARY.store(false, Ordering::SeqCst);
    (elapsed / batch as u32, flatten(outcome))
}

fn flatten(outcome: std::thread::Result<peers::Outcome>) -> peers::Outcome {
    outcome
        .unwrap_or_else(|payload| {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("panicked: {message}"))
        })
        .map(std::hint::black_box)
}

/// One untimed run that measures the heap in use at its peak, beyond what was in use before
/// it (which includes the copy of the input handed to the library). It also warms caches and
/// tells roughly how long a run takes.
fn peak_heap(run: RunFn, input: &[u8]) -> Result<(usize, Duration), String> {
    let copy = input.to_vec();
    IN_LIBRARY.store(true, Ordering::SeqCst);
    HEAP.reset_peak_usage();
    let before = HEAP.current_usage();
    let start = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| run(copy)));
    let elapsed = start.elapsed();
    let peak = HEAP.peak_usage().saturating_sub(before);
    IN_LIBRARY.store(false, Ordering::SeqCst);
    flatten(outcome).map(|_| (peak, elapsed))
}

/// Runs shorter than this are repeated within a round (and the time per run reported), so
/// that small inputs are not lost in timer noise.
const MIN_ROUND: Duration = Duration::from_millis(20);
/// At most this many bytes of input copies are prepared for one batch.
const MAX_BATCH_BYTES: usize = 256 << 20;

fn measure(input: &Input, mode: &Mode, rounds: usize, rows: &mut Vec<Row>) {
    let entries = &mode.entries;
    let size = input.bytes.len().max(1);
    // First the peak-heap run of each library, which also sizes its batches.
    let mut verdicts: Vec<Verdict> = Vec::new();
    let mut batches = Vec::new();
    for entry in entries {
        match peak_heap(entry.run, &input.bytes) {
            Ok((peak, once)) => {
                let wanted = MIN_ROUND.as_nanos() / once.as_nanos().max(1) + 1;
                let batch = (wanted as usize).clamp(1, (MAX_BATCH_BYTES / size).max(1));
                batches.push(batch);
                verdicts.push(Verdict::Measured {
                    times: Vec::new(),
                    peak,
                });
            }
            Err(err) if err == peers::wasmbin_now::NOT_BUILT => {
                batches.push(0);
                verdicts.push(Verdict::NotAvailable);
            }
            Err(err) => {
                batches.push(0);
                verdicts.push(Verdict::Failed(err));
            }
        }
    }
    for round in 0..rounds {
        for (i, entry) in entries.iter().enumerate() {
            let Verdict::Measured { times, .. } = &mut verdicts[i] else {
                continue;
            };
            let (per_run, outcome) = run_batch(entry.run, &input.bytes, batches[i]);
            match outcome {
                Ok(_) => times.push(per_run),
                Err(err) => verdicts[i] = Verdict::Failed(err),
            }
        }
        eprint!(
            "\r  {} / {}: round {} of {rounds}",
            input.name,
            mode.name,
            round + 1
        );
    }
    eprintln!();
    for (entry, result) in entries.iter().zip(verdicts) {
        rows.push(Row {
            file: input.name.clone(),
            size: input.bytes.len(),
            mode: mode.name,
            library: entry.library,
            baseline: entry.baseline,
            result,
        });
    }
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

/// Megabytes (10^6 bytes) of input per second.
fn throughput(size: usize, time: Duration) -> f64 {
    size as f64 / 1e6 / time.as_secs_f64()
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn millis(time: Duration) -> String {
    let ms = time.as_secs_f64() * 1e3;
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.2}")
    }
}

fn one_line(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("").replace('|', "/");
    if line.chars().count() > max {
        format!("{}…", line.chars().take(max).collect::<String>())
    } else {
        line
    }
}

const COLUMNS: [&str; 10] = [
    "file",
    "MB",
    "mode",
    "library",
    "median ms",
    "MB/s",
    "speed vs wasmbin",
    "spread",
    "peak heap B",
    "heap B/input B",
];
/// Columns aligned right in the plain-text table.
const NUMERIC: [bool; 10] = [
    false, true, false, false, true, true, true, true, true, true,
];

fn cells(rows: &[Row]) -> Vec<[String; 10]> {
    let mut out = Vec::new();
    for row in rows {
        let base_time = rows
            .iter()
            .find(|r| r.file == row.file && r.mode == row.mode && r.baseline)
            .and_then(|r| match &r.result {
                Verdict::Measured { times, .. } => Some(median(times)),
                _ => None,
            });
        let head = [
            row.file.clone(),
            format!("{:.2}", row.size as f64 / 1e6),
            row.mode.to_string(),
            row.library.to_string(),
        ];
        let tail: [String; 6] = match &row.result {
            Verdict::Measured { times, peak } => {
                let time = median(times);
                let ratio = match base_time {
                    Some(base) => format!("{:.2}", base.as_secs_f64() / time.as_secs_f64()),
                    None => "–".into(),
                };
                let fastest = times.iter().min().copied().unwrap_or(time);
                let slowest = times.iter().max().copied().unwrap_or(time);
                let spread = (slowest - fastest).as_secs_f64() / time.as_secs_f64() * 100.0;
                [
                    millis(time),
                    format!("{:.1}", throughput(row.size, time)),
                    ratio,
                    format!("{spread:.0}%"),
                    thousands(*peak),
                    format!("{:.2}", *peak as f64 / row.size as f64),
                ]
            }
            Verdict::NotAvailable => {
                let mut t: [String; 6] = Default::default();
                t[0] = "n/a".into();
                t
            }
            Verdict::Failed(err) => {
                let mut t: [String; 6] = Default::default();
                t[0] = format!("error: {}", one_line(err, 90));
                t
            }
        };
        let mut all: [String; 10] = Default::default();
        for (i, cell) in head.into_iter().chain(tail).enumerate() {
            all[i] = cell;
        }
        out.push(all);
    }
    out
}

fn table_markdown(rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| {} |", COLUMNS.join(" | "));
    let aligns: Vec<&str> = NUMERIC
        .iter()
        .map(|&n| if n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", aligns.join("|"));
    for cells in cells(rows) {
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

fn table_text(rows: &[Row]) -> String {
    let all = cells(rows);
    let mut widths: Vec<usize> = COLUMNS.iter().map(|c| c.chars().count()).collect();
    for cells in &all {
        for (i, cell) in cells.iter().enumerate() {
            // An error message runs on past its column; it does not widen the table.
            if !cell.starts_with("error: ") {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if NUMERIC[i] {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
            text.push_str("  ");
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    line(&header, &mut out);
    let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    line(&rule, &mut out);
    let mut previous: Option<(String, &str)> = None;
    for (cells, row) in all.iter().zip(rows) {
        let group = (row.file.clone(), row.mode);
        if previous.as_ref().is_some_and(|p| p.0 != group.0) {
            out.push('\n');
        }
        previous = Some(group);
        line(cells, &mut out);
    }
    out
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// CPU model, logical CPUs, memory, and the load average now.
fn machine() -> (String, String, String) {
    let cpuinfo = read("/proc/cpuinfo");
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown".to_string(), |s| s.trim().to_string());
    let cpus = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let usable = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = read("/proc/meminfo")
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or("unknown".to_string(), |kb| {
            format!("{:.0} GiB", kb / 1024.0 / 1024.0)
        });
    (
        format!("{model}, {cpus} logical CPUs ({usable} usable by this process)"),
        memory,
        load_average(),
    )
}

/// CPU time counters, in clock ticks: (busy, all) for the whole machine from /proc/stat, and
/// this process's own busy time from /proc/self/stat.
#[derive(Clone, Copy)]
struct CpuTicks {
    machine_busy: u64,
    machine_all: u64,
    own: u64,
}

fn cpu_ticks() -> Option<CpuTicks> {
    let stat = read("/proc/stat");
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|f| f.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal …: idle and iowait are not busy.
    let all: u64 = fields.iter().take(8).sum();
    let idle = fields.get(3)? + fields.get(4).unwrap_or(&0);
    let own_stat = read("/proc/self/stat");
    // Fields after the command name (which is in parentheses and may hold spaces).
    let after = own_stat.rsplit_once(')')?.1;
    let own: Vec<u64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse().ok())
        .collect();
    Some(CpuTicks {
        machine_busy: all - idle,
        machine_all: all,
        own: own.iter().sum(),
    })
}

/// How many CPUs other processes kept busy on average between two readings.
fn others_busy(before: Option<CpuTicks>, after: Option<CpuTicks>, cpus: usize) -> String {
    let (Some(before), Some(after)) = (before, after) else {
        return "unknown".into();
    };
    let all = after.machine_all.saturating_sub(before.machine_all);
    if all == 0 {
        return "unknown".into();
    }
    let busy = after.machine_busy.saturating_sub(before.machine_busy);
    let others = busy.saturating_sub(after.own.saturating_sub(before.own));
    format!(
        "{:.2} of {cpus} CPUs on average",
        others as f64 / all as f64 * cpus as f64
    )
}

fn load_average() -> String {
    read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Today's date (UTC) as YYYY-MM-DD.
fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days since 1970-01-01 to a civil date, counting in 400-year eras from 0000-03-01.
    let days = (secs / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn command_line() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let features = if cfg!(feature = "parallel") {
        " --features parallel"
    } else {
        ""
    };
    let mut text = format!("cargo run --release -p wasmbin-benches{features} --bin compare --");
    for arg in args {
        text.push(' ');
        text.push_str(&arg);
    }
    text
}

fn main() {
    let options = match parse_args() {
        Ok(options) => options,
        Err(err) => {
            eprintln!("compare: {err}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_LIBRARY.load(Ordering::SeqCst) {
            default_hook(info);
        }
    }));
    let started = Instant::now();
    let ticks_before = cpu_ticks();
    let (cpu, memory, load_before) = machine();
    let date = today();
    let inputs = match load_inputs(&options) {
        Ok(inputs) => inputs,
        Err(err) => {
            eprintln!("compare: {err}");
            std::process::exit(1);
        }
    };

    let mut selected = modes();
    if let Some(names) = &options.modes {
        for name in names {
            if !selected.iter().any(|m| m.name == name) {
                eprintln!("compare: unknown mode {name}\n\n{USAGE}");
                std::process::exit(2);
            }
        }
        selected.retain(|m| names.iter().any(|n| n == m.name));
    }
    if let Some(libs) = &options.libs {
        for mode in &mut selected {
            mode.entries
                .retain(|e| e.baseline || libs.iter().any(|l| e.library.contains(l.as_str())));
        }
    }

    let mut rows = Vec::new();
    for input in &inputs {
        for mode in &selected {
            if !mode.runs_on(&input.bytes) {
                continue;
            }
            measure(input, mode, options.rounds, &mut rows);
        }
    }
    let load_after = load_average();
    let ticks_after = cpu_ticks();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let others = others_busy(ticks_before, ticks_after, cpus);
    let took = started.elapsed();

    let rounds = options.rounds;
    let build = if cfg!(debug_assertions) {
        "DEBUG build: numbers are meaningless, use --release"
    } else {
        "release build"
    };
    let parallel = if cfg!(feature = "parallel") {
        "on"
    } else {
        "off (wasmbin's parallel row is n/a)"
    };
    let facts = [
        ("date (UTC)", date),
        ("machine", cpu),
        ("memory", memory),
        (
            "load average (1, 5, 15 min) before / after",
            format!("{load_before} / {load_after}"),
        ),
        ("CPU used by other processes during the run", others),
        ("rustc", env!("COMPARE_RUSTC_VERSION").to_string()),
        ("build", format!("{build}; feature `parallel` {parallel}")),
        (
            "rounds",
            format!("{rounds} per mode, libraries in turn; median reported"),
        ),
        ("command", format!("`{}`", command_line())),
        ("took", format!("{:.0} s", took.as_secs_f64())),
    ];
    let mode_lines: Vec<String> = selected
        .iter()
        .map(|m| format!("{}: {}", m.name, m.description))
        .collect();
    let legend = [
        "MB = 10^6 bytes of input; MB/s = input size / median time of one run.",
        "speed vs wasmbin = wasmbin's median time / this row's median time in the same mode: \
         above 1.00 the row is faster than wasmbin, below 1.00 slower (wasmbin = 1.00).",
        "spread = (slowest - fastest round) / median.",
        "peak heap B = most heap in use during one separate untimed run (made before the \
         timed rounds, also as a warm-up), beyond the input buffer the caller already holds; \
         heap B/input B = that divided by the input size.",
        "Every run starts from an owned copy of the input (made before the clock starts) and \
         includes dropping what it built. Runs shorter than 20 ms are repeated back to back \
         within a round and the time per run is taken.",
    ];

    let mut out = String::new();
    if options.markdown {
        let _ = writeln!(out, "# wasmbin benchmarks\n");
        let _ = writeln!(
            out,
            "Generated by `compare` (crate `benches/`, see benches/README.md); do not edit by \
             hand.\n"
        );
        for (key, value) in &facts {
            let _ = writeln!(out, "- {key}: {value}");
        }
        let _ = writeln!(out, "\nModes:\n");
        for line in &mode_lines {
            let _ = writeln!(out, "- {line}");
        }
        let _ = writeln!(out);
        out.push_str(&table_markdown(&rows));
        let _ = writeln!(out);
        for line in legend {
            let _ = writeln!(out, "- {line}");
        }
    } else {
        for (key, value) in &facts {
            let _ = writeln!(out, "{key}: {value}");
        }
        let _ = writeln!(out, "modes:");
        for line in &mode_lines {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out);
        out.push_str(&table_text(&rows));
        let _ = writeln!(out);
        for line in legend {
            let _ = writeln!(out, "{line}");
        }
    }
    print!("{out}");
}
