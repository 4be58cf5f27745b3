//! Project tasks, run as `cargo xtask TASK` (an alias in `.cargo/config.toml`).
//!
//! - `cargo xtask plugins`: builds the codec plugins of `wasm-macro/guest` for
//!   `wasm32-unknown-unknown` (profile `plugin`), post-processes each with wasmbin (keeps only
//!   the `text-codec-metadata` custom section, which `export_codec!` writes whole, and drops
//!   the exports that are not the ABI's) and writes `wasm-macro/plugins/<codec>_text_codec.wasm` (test plugins:
//!   `wasm-macro/plugins/test/`).
//! - `cargo xtask plugins --check`: the same build in a temporary directory, compared with
//!   the committed files (decoded modules, custom sections aside, and the metadata); fails if
//!   any differs, is missing or has no source any more.
//!
//! The build ignores `RUSTFLAGS` and its kin from the environment: it sets
//! `CARGO_ENCODED_RUSTFLAGS` itself to `--remap-path-prefix` flags (repository root, cargo
//! home, target directory), so that the paths in panic messages embedded in the plugins are
//! the same on every machine and in every clone directory.

use anyhow::{anyhow, bail, ensure, Context, Result};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use text_codec_host::{abi_exports, check_plugin, METADATA_SECTION};
use wasmbin::custom::{CustomSection, RawCustomSection};
use wasmbin::error::section_name;
use wasmbin::{payload, Blob, Module, Section};

/// The target the plugins are built for.
const TARGET: &str = "wasm32-unknown-unknown";
/// The cargo profile of the plugins (defined in the guest workspace).
const PROFILE: &str = "plugin";
/// The file recording which compiler built the committed plugins.
const BUILD_INFO: &str = "BUILD-INFO";
/// Environment variables that would add flags to the plugins' build; all are ignored.
const IGNORED_FLAG_VARIABLES: [&str; 4] = [
    "RUSTFLAGS",
    "CARGO_ENCODED_RUSTFLAGS",
    "CARGO_BUILD_RUSTFLAGS",
    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
];

const USAGE: &str = "usage: cargo xtask plugins [--check]

  plugins          build the codec plugins (wasm-macro/guest) and write them to
                   wasm-macro/plugins/ (test plugins to wasm-macro/plugins/test/)
  plugins --check  build them in a temporary directory and fail if the committed
                   files differ";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["plugins"] => plugins(false),
        ["plugins", "--check"] => plugins(true),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Where a plugin's binary goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A codec for users: `wasm-macro/guest/codecs/NAME` → `wasm-macro/plugins/`.
    Codec,
    /// A plugin for the host's failure tests: `wasm-macro/guest/test-plugins/NAME` →
    /// `wasm-macro/plugins/test/`.
    Test,
}

/// A plugin of the guest workspace.
#[derive(Debug)]
struct Plugin {
    /// The codec name (its directory's name).
    codec: String,
    /// Codec or test plugin.
    kind: Kind,
}

impl Plugin {
    /// The file name of both the cargo artifact and the committed binary.
    fn file_name(&self) -> String {
        format!("{}_text_codec.wasm", self.codec)
    }

    /// The committed binary's path, relative to the repository root.
    fn committed_path(&self) -> PathBuf {
        let dir = match self.kind {
            Kind::Codec => Path::new("wasm-macro/plugins").to_owned(),
            Kind::Test => Path::new("wasm-macro/plugins/test").to_owned(),
        };
        dir.join(self.file_name())
    }
}

/// The repository root (this crate's parent directory).
fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_owned()
}

/// The plugins: one per directory of `codecs/` and `test-plugins/`, sorted by name.
fn discover_plugins(guest: &Path) -> Result<Vec<Plugin>> {
    let mut plugins = Vec::new();
    for (dir, kind) in [("codecs", Kind::Codec), ("test-plugins", Kind::Test)] {
        let dir = guest.join(dir);
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?;
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry?;
            if entry.path().join("Cargo.toml").is_file() {
                let name = entry.file_name().into_string().map_err(|name| {
                    anyhow::anyhow!("plugin directory name is not UTF-8: {name:?}")
                })?;
                names.push(name);
            }
        }
        names.sort();
        plugins.extend(names.into_iter().map(|codec| Plugin { codec, kind }));
    }
    Ok(plugins)
}

/// A temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path =
            std::env::temp_dir().join(format!("xtask-plugins-{}-{nanos:08x}", std::process::id()));
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `cargo xtask plugins [--check]`.
fn plugins(check: bool) -> Result<()> {
    let root = repo_root();
    let guest = root.join("wasm-macro/guest");
    let plugins = discover_plugins(&guest)?;
    ensure!(!plugins.is_empty(), "no plugins in {}", guest.display());

    let temp = if check { Some(TempDir::new()?) } else { None };
    let target_dir = match &temp {
        Some(temp) => temp.0.join("target"),
        None => guest.join("target"),
    };
    build(&root, &guest, &target_dir, check)?;
    let rustc = rustc_version()?;

    let artifacts = target_dir.join(TARGET).join(PROFILE);
    let mut problems = Vec::new();
    for plugin in &plugins {
        let artifact = artifacts.join(plugin.file_name());
        let built = std::fs::read(&artifact)
            .with_context(|| format!("reading the build's {}", artifact.display()))?;
        let (stripped, notes) = post_process(plugin, &built)
            .with_context(|| format!("post-processing {}", artifact.display()))?;
        let committed = plugin.committed_path();
        println!(
            "{:<12} {:>8} bytes built, {:>8} bytes stripped  {}{}",
            plugin.codec,
            built.len(),
            stripped.len(),
            committed.display(),
            if notes.is_empty() {
                String::new()
            } else {
                format!("  ({})", notes.join("; "))
            }
        );
        if check {
            match compare(&root.join(&committed), &stripped) {
                Ok(Sameness::Bytes) => {
                    println!("{:<12} matches the committed file byte for byte", "")
                }
                Ok(Sameness::Structure) => println!(
                    "{:<12} matches the committed file (its custom sections aside)",
                    ""
                ),
                Err(difference) => {
                    println!("{:<12} DIFFERS from the committed file", "");
                    problems.push(format!("{}: {difference}", committed.display()));
                }
            }
        } else {
            let path = root.join(&committed);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, &stripped)
                .with_context(|| format!("writing {}", path.display()))?;
        }
    }

    // Committed binaries whose source is gone.
    let expected: Vec<PathBuf> = plugins.iter().map(Plugin::committed_path).collect();
    for dir in ["wasm-macro/plugins", "wasm-macro/plugins/test"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let relative = Path::new(dir).join(entry?.file_name());
            let is_plugin = relative
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.ends_with("_text_codec.wasm"));
            if is_plugin && !expected.contains(&relative) {
                if check {
                    problems.push(format!(
                        "{}: committed, but there is no plugin source for it",
                        relative.display()
                    ));
                } else {
                    std::fs::remove_file(root.join(&relative))?;
                    println!("removed {} (no plugin source for it)", relative.display());
                }
            }
        }
    }

    let build_info_path = root.join("wasm-macro/plugins").join(BUILD_INFO);
    let build_info = format!("built by `cargo xtask plugins` with {rustc}\n");
    if check {
        if problems.is_empty() {
            println!("the committed plugins match a fresh build");
            return Ok(());
        }
        let committed_info = std::fs::read_to_string(&build_info_path).unwrap_or_default();
        let mut message = format!(
            "the committed plugins differ from a fresh build:\n  {}\n\
             Run `cargo xtask plugins` and commit wasm-macro/plugins.",
            problems.join("\n  ")
        );
        if committed_info != build_info {
            let _ = write!(
                message,
                "\nNote: wasm-macro/plugins/{BUILD_INFO} says {:?}, this build used {rustc}; \
                 another compiler generates other code.",
                committed_info.trim()
            );
        }
        bail!(message);
    }
    std::fs::write(&build_info_path, build_info)
        .with_context(|| format!("writing {}", build_info_path.display()))?;
    Ok(())
}

/// `rustc --version` (the compiler cargo uses).
fn rustc_version() -> Result<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .arg("--version")
        .output()
        .context("running rustc --version")?;
    ensure!(output.status.success(), "rustc --version failed");
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Both the given path and its canonical form, if different (remapping must match the
/// spelling the compiler sees).
fn path_spellings(path: &Path) -> Vec<PathBuf> {
    let mut spellings = vec![path.to_owned()];
    if let Ok(canonical) = path.canonicalize() {
        if canonical != path {
            spellings.push(canonical);
        }
    }
    spellings
}

/// The cargo home directory (`$CARGO_HOME`, or `~/.cargo`).
fn cargo_home() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return Some(PathBuf::from(home));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo"))
}

/// Builds every plugin of the guest workspace into `target_dir`.
fn build(root: &Path, guest: &Path, target_dir: &Path, locked: bool) -> Result<()> {
    for variable in IGNORED_FLAG_VARIABLES {
        if std::env::var_os(variable).is_some_and(|value| !value.is_empty()) {
            println!(
                "note: ${variable} is ignored: the plugins are built with fixed flags (path remapping only)"
            );
        }
    }
    // Later remappings win: the target directory may lie inside the repository.
    let mut remaps: Vec<(PathBuf, &str)> = Vec::new();
    if let Some(home) = cargo_home() {
        remaps.extend(path_spellings(&home).into_iter().map(|p| (p, "/cargo")));
    }
    remaps.extend(path_spellings(root).into_iter().map(|p| (p, "/wasmbin")));
    remaps.extend(
        path_spellings(target_dir)
            .into_iter()
            .map(|p| (p, "/target")),
    );
    let mut flags = Vec::new();
    for (from, to) in remaps {
        let from = from
            .to_str()
            .with_context(|| format!("path is not UTF-8: {}", from.display()))?;
        flags.push(format!("--remap-path-prefix={from}={to}"));
    }

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(cargo);
    command
        .current_dir(guest)
        .arg("build")
        .arg("--manifest-path")
        .arg(guest.join("Cargo.toml"))
        .args(["--workspace", "--target", TARGET, "--profile", PROFILE])
        .arg("--target-dir")
        .arg(target_dir);
    if locked {
        command.arg("--locked");
    }
    for variable in IGNORED_FLAG_VARIABLES {
        command.env_remove(variable);
    }
    command.env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"));
    println!(
        "building the plugins: cargo build --manifest-path wasm-macro/guest/Cargo.toml --workspace --target {TARGET} --profile {PROFILE}{} (target dir {})",
        if locked { " --locked" } else { "" },
        target_dir.display()
    );
    let status = command.status().context("running cargo")?;
    if !status.success() {
        bail!(
            "building the plugins failed ({status}); is the {TARGET} target installed? \
             (`rustup target add {TARGET}`)"
        );
    }
    Ok(())
}

/// The metadata section's text of a module.
fn metadata_text(module: &Module) -> Result<Option<String>> {
    let Some(section) = module.find_custom_section(METADATA_SECTION)? else {
        return Ok(None);
    };
    let CustomSection::Other(raw) = section else {
        bail!("{METADATA_SECTION} decoded as a typed custom section");
    };
    let text = std::str::from_utf8(&raw.data).context("the metadata is not UTF-8")?;
    Ok(Some(text.to_owned()))
}

/// Strips a built plugin: keeps only the metadata custom section and the exports the ABI
/// names, then runs
/// the host's own plugin check on the result and makes sure the codec name matches the file
/// name. Returns the new bytes and notes on what changed.
fn post_process(plugin: &Plugin, wasm: &[u8]) -> Result<(Vec<u8>, Vec<String>)> {
    let mut module = Module::decode_from_bytes(wasm.to_vec())?;
    let mut notes = Vec::new();

    // `export_codec!` writes the whole section (`abi`, `codec`, `params`); the host's check
    // below reads it.
    let text = metadata_text(&module)?.with_context(|| {
        format!("no {METADATA_SECTION} custom section (is export_codec! called?)")
    })?;

    let mut dropped = Vec::new();
    let mut sections = Vec::with_capacity(module.sections.len());
    let mut metadata_written = false;
    for section in std::mem::take(&mut module.sections) {
        let Section::Custom(blob) = &section else {
            sections.push(section);
            continue;
        };
        let name = blob.try_contents()?.name().to_owned();
        if name == METADATA_SECTION && !metadata_written {
            sections.push(Section::Custom(Blob::new(CustomSection::Other(
                RawCustomSection {
                    name,
                    data: text.clone().into_bytes().into(),
                },
            ))));
            metadata_written = true;
        } else {
            dropped.push(name);
        }
    }
    module.sections = sections;
    if !dropped.is_empty() {
        notes.push(format!("dropped custom sections: {}", dropped.join(", ")));
    }

    if let Some(exports) = module.find_std_section_mut::<payload::Export>() {
        let mut extra = Vec::new();
        exports.try_contents_mut()?.retain(|export| {
            let keep = abi_exports().any(|name| name == export.name);
            if !keep {
                extra.push(export.name.clone());
            }
            keep
        });
        if !extra.is_empty() {
            notes.push(format!("dropped exports: {}", extra.join(", ")));
        }
    }

    let bytes = module.encode_into(Vec::new())?;
    // The same check the derive makes before running a plugin (imports, start function,
    // exports and their signatures, metadata).
    let metadata = check_plugin(&bytes).map_err(|err| anyhow!("{}: {err}", plugin.file_name()))?;
    ensure!(
        metadata.codec == plugin.codec,
        "the metadata names codec {:?}, but the file is {} (codec {:?})",
        metadata.codec,
        plugin.file_name(),
        plugin.codec
    );
    // What we wrote must read back, fully (the check does not decode the code).
    Module::decode_from_bytes(bytes.clone())?
        .decode_all()
        .context("the stripped plugin does not decode")?;
    Ok((bytes, notes))
}

/// How a committed plugin matches a fresh one.
enum Sameness {
    /// The same bytes.
    Bytes,
    /// The same metadata and standard sections; other custom sections may differ.
    Structure,
}

/// Compares a committed plugin with a fresh one: the metadata text and every non-custom
/// section, decoded. `Err` describes the first difference.
fn compare(committed_path: &Path, fresh: &[u8]) -> Result<Sameness, String> {
    let committed = std::fs::read(committed_path)
        .map_err(|err| format!("cannot read the committed file ({err}); not committed yet?"))?;
    if committed == fresh {
        return Ok(Sameness::Bytes);
    }
    let decode = |bytes: &[u8], what: &str| -> Result<Module, String> {
        let module = Module::decode_from_bytes(bytes.to_vec())
            .map_err(|err| format!("the {what} module does not decode: {err}"))?;
        module
            .decode_all()
            .map_err(|err| format!("the {what} module does not decode: {err}"))?;
        Ok(module)
    };
    let old = decode(&committed, "committed")?;
    let new = decode(fresh, "freshly built")?;

    let old_metadata = metadata_text(&old).map_err(|err| err.to_string())?;
    let new_metadata = metadata_text(&new).map_err(|err| err.to_string())?;
    if old_metadata != new_metadata {
        return Err(format!(
            "the {METADATA_SECTION} section differs: committed {old_metadata:?}, fresh {new_metadata:?}"
        ));
    }

    let standard = |module: &Module| -> Vec<Section> {
        module
            .sections
            .iter()
            .filter(|section| !matches!(section, Section::Custom(_)))
            .cloned()
            .collect()
    };
    let (old_sections, new_sections) = (standard(&old), standard(&new));
    let names = |sections: &[Section]| -> String {
        sections
            .iter()
            .map(|section| section_name(section.id()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if old_sections.len() != new_sections.len()
        || old_sections
            .iter()
            .zip(&new_sections)
            .any(|(a, b)| a.id() != b.id())
    {
        return Err(format!(
            "the sections differ: committed [{}], fresh [{}]",
            names(&old_sections),
            names(&new_sections)
        ));
    }
    for (a, b) in old_sections.iter().zip(&new_sections) {
        if a != b {
            return Err(format!(
                "the {} section differs{}",
                section_name(a.id()),
                detail(a, b)
            ));
        }
    }
    // Only custom sections (other than the metadata) or their order differ.
    Ok(Sameness::Structure)
}

/// Where two sections of the same kind differ, for the sections where a finer answer is
/// cheap: the function body, the export, the data segment.
fn detail(a: &Section, b: &Section) -> String {
    fn first_difference<T: PartialEq>(a: &[T], b: &[T], noun: &str) -> String {
        match a.iter().zip(b).position(|(x, y)| x != y) {
            Some(index) => format!(" ({noun} {index})"),
            None => format!(" ({} {noun}s committed, {} fresh)", a.len(), b.len()),
        }
    }
    match (a, b) {
        (Section::Code(a), Section::Code(b)) => match (a.try_contents(), b.try_contents()) {
            (Ok(a), Ok(b)) => first_difference(a, b, "function body"),
            _ => String::new(),
        },
        (Section::Export(a), Section::Export(b)) => match (a.try_contents(), b.try_contents()) {
            (Ok(a), Ok(b)) => first_difference(a, b, "export"),
            _ => String::new(),
        },
        (Section::Data(a), Section::Data(b)) => match (a.try_contents(), b.try_contents()) {
            (Ok(a), Ok(b)) => first_difference(a, b, "data segment"),
            _ => String::new(),
        },
        _ => String::new(),
    }
}
