//! What the generated code needs from the deriving crate: the crates a codec declares
//! (`needs=` in its metadata) against the crates rustc was given (`--extern`) and the
//! versions in the workspace's `Cargo.lock`, so that a missing or incompatible crate is an
//! error that names the crate and the version, not a type error inside generated code.

use std::path::Path;

use crate::check::Need;

/// What the host knows of the deriving crate's dependencies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dependencies {
    /// The crate names rustc was given with `--extern` (the names the code can write as
    /// `::name`), or `None` when unknown (not expanding inside rustc: rust-analyzer, tests).
    pub externs: Option<Vec<String>>,
    /// The packages of the workspace's `Cargo.lock`: name and version, or `None` when there
    /// is no lock file to read.
    pub locked: Option<Vec<(String, String)>>,
}

impl Dependencies {
    /// What this process can tell: `--extern` arguments when it is rustc compiling a crate
    /// (its arguments hold `--crate-name`), and the first `Cargo.lock` found in
    /// `manifest_dir` or a folder above it.
    pub fn of_this_process(manifest_dir: Option<&Path>) -> Dependencies {
        let args: Vec<String> = std::env::args_os()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect();
        Dependencies {
            externs: externs_of_rustc(&args),
            locked: manifest_dir.and_then(find_lock).and_then(|path| {
                let text = std::fs::read_to_string(path).ok()?;
                Some(parse_lock(&text))
            }),
        }
    }

    /// Checks `needs` (those of codec `codec`); the error lists every crate that is missing
    /// or locked at an incompatible version, with the line to put in `Cargo.toml`.
    ///
    /// ```
    /// use text_codec_host::{Dependencies, Need};
    /// let needs: Vec<Need> = vec!["serde@1".parse().unwrap(), "ron@0.12".parse().unwrap()];
    /// let deps = Dependencies {
    ///     externs: Some(vec!["serde".into(), "ron".into()]),
    ///     locked: Some(vec![("serde".into(), "1.0.228".into()), ("ron".into(), "0.8.1".into())]),
    /// };
    /// assert_eq!(
    ///     deps.check("ron", &needs).unwrap_err(),
    ///     "codec `ron` generates code for `ron` 0.12, but Cargo.lock has ron 0.8.1: \
    ///      write `ron = \"0.12\"` in [dependencies]"
    /// );
    /// ```
    pub fn check(&self, codec: &str, needs: &[Need]) -> Result<(), String> {
        let mut problems = Vec::new();
        for need in needs {
            if let Some(externs) = &self.externs {
                if !externs.contains(&need.name) {
                    problems.push(format!(
                        "codec `{codec}` generates code that uses the crate {need}, which this \
                         crate does not depend on: add `{} = \"{}\"` to [dependencies]",
                        need.name, need.version
                    ));
                    continue;
                }
            }
            let Some(locked) = &self.locked else { continue };
            let versions: Vec<&str> = locked
                .iter()
                .filter(|(name, _)| name.replace('-', "_") == need.name)
                .map(|(_, version)| version.as_str())
                .collect();
            if !versions.is_empty() && !versions.iter().any(|v| compatible(&need.version, v)) {
                problems.push(format!(
                    "codec `{codec}` generates code for {need}, but Cargo.lock has {} {}: \
                     write `{} = \"{}\"` in [dependencies]",
                    need.name,
                    versions.join(" and "),
                    need.name,
                    need.version
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}

/// The names given with `--extern NAME=PATH` or `--extern NAME` (also spelled
/// `--extern=...`), when `args` are rustc's for a crate; `None` otherwise. Argument files
/// (`@path`) are read too.
fn externs_of_rustc(args: &[String]) -> Option<Vec<String>> {
    let mut expanded = Vec::new();
    for arg in args {
        match arg.strip_prefix('@') {
            Some(path) => {
                let text = std::fs::read_to_string(path).ok()?;
                expanded.extend(text.lines().map(str::to_owned));
            }
            None => expanded.push(arg.clone()),
        }
    }
    if !expanded.iter().any(|arg| arg == "--crate-name") {
        return None;
    }
    let mut externs = Vec::new();
    let mut args = expanded.iter();
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--extern") {
            Some("") => args.next().map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(value) = value {
            // `NAME=PATH`, or `noprelude:NAME=PATH` with options before the name.
            let name = value.split('=').next().unwrap_or(value);
            let name = name.rsplit(':').next().unwrap_or(name);
            externs.push(name.to_owned());
        }
    }
    Some(externs)
}

/// The first `Cargo.lock` in `dir` or a folder above it.
fn find_lock(dir: &Path) -> Option<std::path::PathBuf> {
    dir.ancestors()
        .map(|dir| dir.join("Cargo.lock"))
        .find(|path| path.is_file())
}

/// The `name` and `version` of each `[[package]]` of a `Cargo.lock`.
fn parse_lock(text: &str) -> Vec<(String, String)> {
    let value = |line: &str, key: &str| {
        let rest = line
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        Some(rest.strip_prefix('"')?.strip_suffix('"')?.to_owned())
    };
    let mut packages = Vec::new();
    let mut name = None;
    for line in text.lines() {
        let line = line.trim();
        if line == "[[package]]" {
            name = None;
        } else if let Some(value) = value(line, "name") {
            name = Some(value);
        } else if let (Some(version), Some(_)) = (value(line, "version"), &name) {
            packages.push((name.take().unwrap_or_default(), version));
        }
    }
    packages
}

/// The numbers of a version (`0.8.1-beta` gives 0, 8, 1; a missing part is `None`).
fn numbers(version: &str) -> [Option<u64>; 3] {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let mut parts = core.split('.').map(|part| part.parse::<u64>().ok());
    [
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    ]
}

/// Whether `version` matches the requirement `required` as Cargo reads `name = "required"`
/// (a caret requirement: the same left-most non-zero part, and not older).
fn compatible(required: &str, version: &str) -> bool {
    let want = numbers(required);
    let have = numbers(version).map(|n| n.unwrap_or(0));
    let Some(major) = want[0] else { return false };
    let not_older = have >= want.map(|n| n.unwrap_or(0));
    let same = match (major, want[1], want[2]) {
        (0, Some(0), Some(patch)) => have == [0, 0, patch],
        (0, Some(minor), _) => have[0] == 0 && have[1] == minor,
        (0, None, _) => have[0] == 0,
        (major, ..) => have[0] == major,
    };
    same && not_older
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_requirements() {
        for (required, version, ok) in [
            ("1", "1.0.228", true),
            ("1", "2.0.0", false),
            ("1.2", "1.1.9", false),
            ("1.2", "1.3.0", true),
            ("0.12", "0.12.3", true),
            ("0.12", "0.8.1", false),
            ("0.12", "0.13.0", false),
            ("0.12.4", "0.12.3", false),
            ("0", "0.99.0", true),
            ("0.0.3", "0.0.3", true),
            ("0.0.3", "0.0.4", false),
            ("0.0", "0.0.7", true),
            ("1", "1.0.0-beta.1", true),
        ] {
            assert_eq!(compatible(required, version), ok, "{required} {version}");
        }
    }

    #[test]
    fn rustc_arguments() {
        let args = |list: &[&str]| -> Vec<String> { list.iter().map(|s| s.to_string()).collect() };
        assert_eq!(
            externs_of_rustc(&args(&["rust-analyzer-proc-macro-srv"])),
            None
        );
        assert_eq!(
            externs_of_rustc(&args(&[
                "rustc",
                "--crate-name",
                "user",
                "--extern",
                "serde=/t/libserde-1.rlib",
                "--extern=ron=/t/libron-2.rlib",
                "--extern",
                "noprelude:alloc=/t/liballoc.rlib",
                "--extern",
                "proc_macro",
            ])),
            Some(args(&["serde", "ron", "alloc", "proc_macro"]))
        );
    }

    #[test]
    fn lock_file() {
        let lock = "version = 4\n\n[[package]]\nname = \"ron\"\nversion = \"0.8.1\"\n\
            source = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n\
            [[package]]\nname = \"serde_json\"\nversion = \"1.0.150\"\ndependencies = [\n \"serde\",\n]\n";
        assert_eq!(
            parse_lock(lock),
            [
                ("ron".to_owned(), "0.8.1".to_owned()),
                ("serde_json".to_owned(), "1.0.150".to_owned())
            ]
        );
    }
}
