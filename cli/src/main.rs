//! `wasmbin`, the command-line tool of wasmbin-lossless: inspects, strips, round-trips,
//! counts, dumps, validates and prints WebAssembly modules and components.

mod inspect;
mod roundtrip;
mod stats;

use clap::{Parser, Subcommand};
use std::io::{Read, Write};
use std::process::ExitCode;
use wasmbin::component::ComponentSection;
use wasmbin::custom::CustomSection;
use wasmbin::{Binary, Blob, DecodeError, Section};

/// Exit status when the input is malformed or invalid, or fails its round trip.
const EXIT_BAD_INPUT: u8 = 1;
/// Exit status of a usage error (clap's own).
const EXIT_USAGE: u8 = 2;
/// Exit status when a file cannot be read or written.
const EXIT_IO: u8 = 3;

/// Lazy, lossless WebAssembly binaries: inspect, strip, round-trip, count, dump, validate
/// and print modules and components.
#[derive(Parser)]
#[command(
    name = "wasmbin",
    version,
    after_help = "FILE is a path, or `-` for standard input.\n\n\
        Exit status: 0 success; 1 the input is malformed or invalid, or fails its round trip \
        (the error gives its offset and path); 2 usage error; 3 a file cannot be read or written."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sections (id, name, size, offset), imports, exports, custom sections, the largest
    /// functions and the round-trip check.
    #[command(after_help = "Examples:\n  \
        wasmbin inspect app.wasm\n  \
        wasmbin inspect            (a small module built into the tool)")]
    Inspect {
        /// The module or component (default: a small module built into the tool).
        file: Option<String>,
        /// How many of the largest functions to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Removes custom sections (all of them, those matching --remove, but never those of
    /// --keep); every other byte stays as it was.
    #[command(after_help = "Examples:\n  \
        wasmbin strip -o small.wasm app.wasm                  (every custom section)\n  \
        wasmbin strip --keep name -o small.wasm app.wasm      (all but `name`)\n  \
        wasmbin strip --remove '.debug_*' -o out.wasm app.wasm")]
    Strip {
        /// A custom section to keep (repeatable).
        #[arg(long, value_name = "NAME")]
        keep: Vec<String>,
        /// Remove only the custom sections whose name matches this glob pattern
        /// (repeatable; `*`, `?`, `[...]`).
        #[arg(long, value_name = "PATTERN")]
        remove: Vec<String>,
        /// Where to write the result (`-` for standard output).
        #[arg(short, long, value_name = "OUT")]
        output: String,
        /// The module or component.
        file: String,
    },
    /// Lazy and eager round trips: whether each writes the input back, and the first
    /// differing offset if not.
    #[command(after_help = "Example:\n  wasmbin roundtrip app.wasm")]
    Roundtrip {
        /// The module or component.
        file: String,
    },
    /// Instruction counts by mnemonic, and instructions and bytes per function.
    #[command(after_help = "Example:\n  wasmbin stats app.wasm")]
    Stats {
        /// The module or component (a component's nested core modules are counted).
        file: String,
    },
    /// The whole module or component, every lazy part decoded, as JSON.
    #[command(after_help = "Example:\n  wasmbin dump --json app.wasm > app.json")]
    Dump {
        /// Write JSON (the only format).
        #[arg(long, required = true)]
        json: bool,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
        /// The module or component.
        file: String,
    },
    /// Validates with wasmparser's validator (every proposal it knows).
    #[cfg(feature = "validate")]
    #[command(after_help = "Example:\n  wasmbin validate app.wasm")]
    Validate {
        /// The module or component.
        file: String,
    },
    /// Prints the module or component in the text format (wasmprinter).
    #[cfg(feature = "print")]
    #[command(after_help = "Example:\n  wasmbin print app.wasm > app.wat")]
    Print {
        /// The module or component.
        file: String,
    },
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The input is malformed or invalid, or fails its round trip.
    BadInput(String),
    /// A file or a standard stream cannot be read or written.
    Io(String),
}

impl From<DecodeError> for Failure {
    fn from(err: DecodeError) -> Self {
        Failure::BadInput(format!("{err}\n  at {}", err.path_string()))
    }
}

impl From<wasmbin::EncodeError> for Failure {
    fn from(err: wasmbin::EncodeError) -> Self {
        Failure::BadInput(format!("cannot encode: {err}"))
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Failure::Io(format!("cannot write the output: {err}"))
    }
}

/// What the commands write to.
pub type Out<'a> = &'a mut dyn Write;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let usage = err.use_stderr();
            // `--help` and `--version` print to standard output and succeed.
            let _ = err.print();
            return ExitCode::from(if usage { EXIT_USAGE } else { 0 });
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = run(cli.command, &mut out).and_then(|()| out.flush().map_err(Failure::from));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of a pipe stopped reading (`| head`): not an error of ours.
        Err(Failure::Io(message)) if message.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(failure) => {
            drop(out.flush());
            let (message, code) = match failure {
                Failure::BadInput(message) => (message, EXIT_BAD_INPUT),
                Failure::Io(message) => (message, EXIT_IO),
            };
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}

fn run(command: Command, out: Out<'_>) -> Result<(), Failure> {
    match command {
        Command::Inspect { file, top } => {
            let (label, bytes) = match file {
                Some(file) => (display_name(&file), read_input(&file)?),
                None => (
                    "<embedded example module>".to_owned(),
                    inspect::EMBEDDED.to_vec(),
                ),
            };
            inspect::inspect(&label, &bytes, top, out)
        }
        Command::Strip {
            keep,
            remove,
            output,
            file,
        } => strip(&read_input(&file)?, &keep, &remove, &output, out),
        Command::Roundtrip { file } => roundtrip::command(&read_input(&file)?, out),
        Command::Stats { file } => stats::command(&read_input(&file)?, out),
        Command::Dump {
            json: _,
            pretty,
            file,
        } => {
            let binary = decode(&read_input(&file)?)?;
            let written = if pretty {
                serde_json::to_writer_pretty(&mut *out, &binary)
            } else {
                serde_json::to_writer(&mut *out, &binary)
            };
            // A part that does not decode fails serialization with its decoding error.
            written.map_err(|err| match err.io_error_kind() {
                Some(_) => Failure::Io(format!("cannot write the output: {err}")),
                None => Failure::BadInput(err.to_string()),
            })?;
            writeln!(out)?;
            Ok(())
        }
        #[cfg(feature = "validate")]
        Command::Validate { file } => {
            let binary = decode(&read_input(&file)?)?;
            match binary.validate() {
                Ok(()) => {
                    writeln!(out, "valid")?;
                    Ok(())
                }
                Err(err) => Err(Failure::BadInput(format!(
                    "invalid: {err}\n  at {}",
                    err.path_string()
                ))),
            }
        }
        #[cfg(feature = "print")]
        Command::Print { file } => {
            let bytes = read_input(&file)?;
            // Malformed input gets wasmbin's error (offset and path) first.
            decode(&bytes)?.decode_all()?;
            let text = wasmprinter::print_bytes(&bytes)
                .map_err(|err| Failure::BadInput(format!("{err:#}")))?;
            out.write_all(text.as_bytes())?;
            Ok(())
        }
    }
}

/// How a FILE argument is shown.
fn display_name(file: &str) -> String {
    if file == "-" {
        "<stdin>".to_owned()
    } else {
        file.to_owned()
    }
}

/// The bytes of a FILE argument (`-`: standard input).
fn read_input(file: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let result = if file == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(drop)
    } else {
        std::fs::read(file).map(|read| bytes = read)
    };
    result.map_err(|err| Failure::Io(format!("cannot read {}: {err}", display_name(file))))?;
    Ok(bytes)
}

/// A module or component, lazily.
pub fn decode(bytes: &[u8]) -> Result<Binary, Failure> {
    Ok(Binary::decode_from_bytes(bytes.to_vec())?)
}

/// `strip`: removes the custom sections that `remove` matches (all if it is empty) and
/// `keep` does not name, at the top level of a module or component.
fn strip(
    bytes: &[u8],
    keep: &[String],
    remove: &[String],
    output: &str,
    out: Out<'_>,
) -> Result<(), Failure> {
    let patterns = remove
        .iter()
        .map(|pattern| glob::Pattern::new(pattern))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| Failure::BadInput(format!("bad --remove pattern: {err}")))?;
    let goes = |name: &str| {
        !keep.iter().any(|k| k == name)
            && (patterns.is_empty() || patterns.iter().any(|p| p.matches(name)))
    };
    let mut removed = Vec::new();
    let mut binary = decode(bytes)?;
    // The custom sections of the top level, by position: (position, name).
    let customs = match &binary {
        Binary::Module(module) => custom_names(&module.sections, |s| match s {
            Section::Custom(blob) => Some(blob),
            _ => None,
        })?,
        Binary::Component(component) => custom_names(&component.sections, |s| match s {
            ComponentSection::Custom(blob) => Some(blob),
            _ => None,
        })?,
    };
    let gone: Vec<usize> = customs
        .into_iter()
        .filter(|(_, name)| goes(name))
        .map(|(i, name)| {
            removed.push(name);
            i
        })
        .collect();
    match &mut binary {
        Binary::Module(module) => remove_positions(&mut module.sections, &gone),
        Binary::Component(component) => remove_positions(&mut component.sections, &gone),
    }
    let stripped = binary.encode_into(Vec::new())?;
    if output == "-" {
        out.write_all(&stripped)?;
    } else {
        std::fs::write(output, &stripped)
            .map_err(|err| Failure::Io(format!("cannot write {output}: {err}")))?;
    }
    eprintln!(
        "removed {} custom section(s){}{}, {} bytes -> {} bytes",
        removed.len(),
        if removed.is_empty() { "" } else { ": " },
        removed.join(", "),
        bytes.len(),
        stripped.len()
    );
    Ok(())
}

/// The positions and names of the custom sections among `sections` (which `custom`
/// picks out).
fn custom_names<S>(
    sections: &[S],
    custom: impl Fn(&S) -> Option<&Blob<CustomSection>>,
) -> Result<Vec<(usize, String)>, DecodeError> {
    let mut names = Vec::new();
    for (position, section) in sections.iter().enumerate() {
        if let Some(blob) = custom(section) {
            names.push((position, blob.try_contents()?.name().to_owned()));
        }
    }
    Ok(names)
}

/// Removes the items at the sorted positions `gone`.
fn remove_positions<T>(items: &mut Vec<T>, gone: &[usize]) {
    let mut position = 0;
    items.retain(|_| {
        let keep = gone.binary_search(&position).is_err();
        position += 1;
        keep
    });
}
