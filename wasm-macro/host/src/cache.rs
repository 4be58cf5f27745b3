//! The expansion cache: a plugin's raw output, kept on disk under a key made of the plugin's
//! bytes, the parameters and the derive input, so that a rebuild does not run the plugin
//! again for a type that did not change. An unoptimised interpreter (cargo builds a
//! proc-macro's dependencies without optimisation unless the user's profile says otherwise)
//! needs about 100 ms of CPU for an expansion; reading an entry takes well under one.
//!
//! The cache holds what the plugin returned, before the host's checks: a hit goes through
//! the same checks as a fresh output. Any failure to read or write the cache only means the
//! plugin runs; it never changes the result.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::check::Need;

/// The default cache folder: `expansions/` in this crate's `OUT_DIR`, which cargo places in
/// the target directory of the build (so `cargo clean` removes it).
pub fn default_dir() -> Option<PathBuf> {
    option_env!("OUT_DIR").map(|out| Path::new(out).join("expansions"))
}

/// A 128-bit digest of `parts` (two SipHash-1-3 states with different seeds, as std
/// implements `DefaultHasher`; the key only has to be stable within one toolchain, and each
/// toolchain gets its own `OUT_DIR`).
pub fn digest(parts: &[&[u8]]) -> String {
    let mut out = String::with_capacity(32);
    for seed in [0x7465_7874_u64, 0x0063_6f64_6563_u64] {
        let mut hasher = DefaultHasher::new();
        seed.hash(&mut hasher);
        for part in parts {
            part.hash(&mut hasher);
        }
        out.push_str(&format!("{:016x}", hasher.finish()));
    }
    out
}

/// The digest of a plugin's bytes, computed once per process for each `identity` and bytes
/// (about 1 ms for 300 KB in an unoptimised build; comparing the bytes again is a `memcmp`).
pub fn plugin_digest(identity: &str, wasm: &[u8]) -> String {
    type Memo = HashMap<String, (Arc<[u8]>, String)>;
    static MEMO: Mutex<Option<Memo>> = Mutex::new(None);
    let mut guard = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    let memo = guard.get_or_insert_with(HashMap::new);
    if let Some((bytes, digest)) = memo.get(identity) {
        if **bytes == *wasm {
            return digest.clone();
        }
    }
    let digest = digest(&[wasm]);
    memo.insert(identity.to_owned(), (wasm.into(), digest.clone()));
    digest
}

/// The cache entry's key for one expansion: the plugin and the encoded request.
pub fn key(plugin_digest: &str, request: &[u8]) -> String {
    digest(&[
        b"text-codec-host expansion cache 2",
        env!("CARGO_PKG_VERSION").as_bytes(),
        plugin_digest.as_bytes(),
        request,
    ])
}

/// The first line of an entry: the plugin's `needs=`, which the derive checks on a hit too.
const NEEDS: &str = "// needs=";

/// The cached entry under `key`: the crates the code needs and the plugin's output, if there
/// is a well-formed entry no longer than `limit` bytes (plus its first line).
pub fn get(dir: &Path, key: &str, limit: usize) -> Option<(Vec<Need>, String)> {
    let path = dir.join(format!("{key}.rs"));
    let metadata = std::fs::symlink_metadata(&path).ok()?;
    if !metadata.is_file() || metadata.len() > limit as u64 + 4096 {
        return None;
    }
    let mut text = std::fs::read_to_string(path).ok()?;
    let (first, _) = text.split_once('\n')?;
    let needs = first
        .strip_prefix(NEEDS)?
        .split(',')
        .filter(|need| !need.is_empty())
        .map(|need| need.parse().ok())
        .collect::<Option<Vec<Need>>>()?;
    let output = text.split_off(first.len() + 1);
    (output.len() <= limit).then_some((needs, output))
}

/// Stores `output` and the `needs` of its plugin under `key` (written to a temporary file,
/// then renamed, so that a concurrent rustc never reads half an entry).
pub fn put(dir: &Path, key: &str, needs: &[Need], output: &str) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let needs: Vec<String> = needs
        .iter()
        .map(|need| format!("{}@{}", need.name, need.version))
        .collect();
    let entry = format!("{NEEDS}{}\n{output}", needs.join(","));
    let temp = dir.join(format!("{key}.{}.tmp", std::process::id()));
    if std::fs::write(&temp, entry).is_ok()
        && std::fs::rename(&temp, dir.join(format!("{key}.rs"))).is_err()
    {
        let _ = std::fs::remove_file(&temp);
    }
}
