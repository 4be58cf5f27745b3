//! Modules from `wasm-smith` 0.263 with every proposal it can generate turned on, except
//! the two that contradict Wasm 3.0's memarg encoding (see `wasmbin_testkit::smith_config`).
//!
//! For a fixed set of seeds (a PRNG fills the bytes `wasm-smith` draws from), each module
//! must:
//! (a) decode lazily and encode back to the same bytes;
//! (b) decode eagerly; re-encoded from its values it decodes to an equal module;
//! (c) encode eagerly to exactly what `wasm-encoder`'s `RoundtripReencoder` makes of it.
//!     `wasm-smith` writes modules with `wasm-encoder`, so both see canonical input: every
//!     LEB minimal, abbreviated reference types, no `sub final` without supertypes. The
//!     reencoder writes the same forms, and so must an eager encode.
//!
//! A summary counts how often each proposal's constructs appeared; each of [`EXPECTED`]
//! must appear at least once, so that a configuration or generator change that stops
//! emitting one does not go unnoticed. (`wasm-smith` 0.263 writes no global, table, struct
//! or array atomics, no descriptor clauses of its own and no legacy exception handling:
//! `tests/tests/proposals.rs` and the spec tests cover those.)

use arbitrary::Unstructured;
use std::fmt::Write as _;
use std::time::Instant;
use wasmbin::instructions::{Instruction, MemArg};
use wasmbin::sections::ImportDesc;
use wasmbin::types::{CompositeType, HeapType, Limits, Mut, RefType};
use wasmbin::visit::Visit;
use wasmbin::{payload, Module};
use wasmbin_tests::{first_difference, lazy_roundtrip, reencoder_output, smith_module, Rng};

/// Modules generated.
const MODULES: u64 = 2000;

/// Constructs of the proposals that the modules must contain between them.
const EXPECTED: &[&str] = &[
    "atomic.fence",
    "compact imports (0x7E)",
    "compact imports (0x7F)",
    "custom page size",
    "exact heap type",
    "memory index > 0",
    "ref.i31_shared",
    "shared composite type",
    "shared global",
    "shared heap type",
    "shared reference type abbreviation",
    "shared table",
    "try_table",
    "wide arithmetic",
];

/// 2 to 16 KiB of pseudo-random bytes for a seed.
fn input(seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let len = 2048 + (rng.next_u64() % (14 * 1024)) as usize;
    rng.bytes(len)
}

/// Checks (a), (b) and (c) on one module; returns the decoded module.
fn check(bytes: &[u8]) -> Result<Module, String> {
    // (a) lazy round trip.
    let module = lazy_roundtrip(bytes)?;
    // (b) eager decode and round trip through values.
    let warnings = module
        .decode_all()
        .map_err(|e| format!("eager decode: {e}"))?;
    if !warnings.is_empty() {
        return Err(format!("custom section warnings: {warnings:?}"));
    }
    let mut owned = module.clone();
    owned
        .decode_all_mut()
        .map_err(|e| format!("eager decode (mut): {e}"))?;
    let eager = owned
        .encode_into(Vec::new())
        .map_err(|e| format!("eager encode: {e}"))?;
    let again = Module::decode_from_bytes(eager.clone())
        .map_err(|e| format!("decode of the eager encode: {e}"))?;
    again
        .decode_all()
        .map_err(|e| format!("eager decode of the eager encode: {e}"))?;
    if again != module {
        return Err("the eager encode decodes to a different module".into());
    }
    // (c) the eager encode is what RoundtripReencoder writes.
    let oracle = reencoder_output(bytes)?;
    if eager != oracle {
        return Err(format!(
            "eager encode ({} bytes) differs from RoundtripReencoder's ({} bytes) at byte {:#x}",
            eager.len(),
            oracle.len(),
            first_difference(&eager, &oracle)
        ));
    }
    Ok(module)
}

/// How many modules used each proposal's constructs.
#[derive(Default)]
struct Coverage {
    counts: Vec<(&'static str, usize)>,
}

impl Coverage {
    fn record(&mut self, module: &Module) {
        let mut seen: Vec<&'static str> = Vec::new();
        let mut mark = |name: &'static str| {
            if !seen.contains(&name) {
                seen.push(name);
            }
        };
        if let Some(imports) = module.find_std_section::<payload::Import>() {
            for import in imports.get().into_iter().flatten() {
                match import.desc {
                    ImportDesc::Compact(_) => mark("compact imports (0x7F)"),
                    ImportDesc::CompactOfType(_) => mark("compact imports (0x7E)"),
                    _ => {}
                }
            }
        }
        let _ = module.visit(|ty: &HeapType| {
            if matches!(ty, HeapType::Shared(_)) {
                mark("shared heap type");
            }
            if matches!(ty, HeapType::Exact(_)) {
                mark("exact heap type");
            }
        });
        let _ = module.visit(|ty: &RefType| {
            if matches!(ty, RefType::SharedRef(_)) {
                mark("shared reference type abbreviation");
            }
        });
        let _ = module.visit(|ty: &CompositeType| match ty {
            CompositeType::Shared(_) => mark("shared composite type"),
            CompositeType::Describes(_) | CompositeType::Descriptor(_) => {
                mark("descriptor clauses")
            }
            _ => {}
        });
        let _ = module.visit(|m: &Mut| {
            if m.is_shared() {
                mark("shared global");
            }
        });
        let _ = module.visit(|limits: &Limits| {
            if limits.page_size_log2.is_some() {
                mark("custom page size");
            }
        });
        if let Some(tables) = module.find_std_section::<payload::Table>() {
            let _ = tables.visit(|limits: &Limits| {
                if limits.shared {
                    mark("shared table");
                }
            });
        }
        let _ = module.visit(|arg: &MemArg| {
            if arg.memory().0 != 0 {
                mark("memory index > 0");
            }
        });
        let _ = module.visit(|i: &Instruction| {
            let name = match i {
                Instruction::AtomicFence(_) => "atomic.fence",
                Instruction::Pause => "pause",
                Instruction::RefI31Shared => "ref.i31_shared",
                Instruction::GlobalAtomicGet(..)
                | Instruction::GlobalAtomicSet(..)
                | Instruction::GlobalAtomicRmwAdd(..)
                | Instruction::GlobalAtomicRmwCmpxchg(..)
                | Instruction::GlobalAtomicRmwXchg(..) => "global atomics",
                Instruction::TableAtomicGet(..)
                | Instruction::TableAtomicSet(..)
                | Instruction::TableAtomicRmwXchg(..)
                | Instruction::TableAtomicRmwCmpxchg(..) => "table atomics",
                Instruction::StructAtomicGet(..)
                | Instruction::StructAtomicGetS(..)
                | Instruction::StructAtomicGetU(..)
                | Instruction::StructAtomicSet(..)
                | Instruction::StructAtomicRmwAdd(..)
                | Instruction::StructAtomicRmwCmpxchg(..) => "struct atomics",
                Instruction::ArrayAtomicGet(..)
                | Instruction::ArrayAtomicGetS(..)
                | Instruction::ArrayAtomicGetU(..)
                | Instruction::ArrayAtomicSet(..)
                | Instruction::ArrayAtomicRmwAdd(..)
                | Instruction::ArrayAtomicRmwCmpxchg(..) => "array atomics",
                Instruction::TryTable(_) => "try_table",
                Instruction::StructNewDesc(_) | Instruction::RefGetDesc(_) => {
                    "custom descriptor instructions"
                }
                Instruction::I64Add128 | Instruction::I64MulWideS => "wide arithmetic",
                _ => return,
            };
            mark(name);
        });
        for name in seen {
            match self.counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => *count += 1,
                None => self.counts.push((name, 1)),
            }
        }
    }

    fn summary(&self) -> String {
        let mut counts = self.counts.clone();
        counts.sort();
        let mut out = String::new();
        for (name, count) in counts {
            let _ = write!(out, "\n  {name}: {count}");
        }
        out
    }
}

#[test]
fn wasm_smith_modules_round_trip() {
    let start = Instant::now();
    let mut generated = 0usize;
    let mut bytes_total = 0usize;
    let mut failures = Vec::new();
    let mut coverage = Coverage::default();
    for seed in 0..MODULES {
        let data = input(seed);
        let mut u = Unstructured::new(&data);
        let bytes = match smith_module(&mut u) {
            Ok(bytes) => bytes,
            // Too few bytes for the configuration: not a module to check.
            Err(_) => continue,
        };
        generated += 1;
        bytes_total += bytes.len();
        match check(&bytes) {
            Ok(decoded) => coverage.record(&decoded),
            Err(err) => failures.push(format!("seed {seed}: {err}")),
        }
    }
    println!(
        "wasm-smith: {generated} modules ({bytes_total} bytes), {} checks, {} failed, {:.1?}\ncoverage (modules):{}",
        generated * 3,
        failures.len(),
        start.elapsed(),
        coverage.summary()
    );
    assert!(
        generated as u64 >= MODULES * 9 / 10,
        "only {generated} of {MODULES} seeds gave a module"
    );
    let missing: Vec<_> = EXPECTED
        .iter()
        .filter(|name| !coverage.counts.iter().any(|(n, _)| n == *name))
        .collect();
    assert!(missing.is_empty(), "no module contains {missing:?}");
    assert!(
        failures.is_empty(),
        "{} of {generated} modules failed:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
