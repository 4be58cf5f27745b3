//! Adversarial inputs: truncated and corrupted real modules, huge counts, deep nesting, and
//! values the format cannot express. Nothing may panic; errors point inside the input.

use wasmbin::indices::TypeIdx;
use wasmbin::types::{CompositeType, FuncType, RecGroup, SubType};
use wasmbin::{Blob, Module, Section};
use wasmbin_tests::{spec_modules, Rng};

/// The largest spec modules (most sections and code), plus the real-world corpus when
/// `WASMBIN_CORPUS` is set.
fn real_modules() -> Vec<(String, Vec<u8>)> {
    let mut modules = spec_modules();
    modules.sort_by_key(|(_, bytes)| std::cmp::Reverse(bytes.len()));
    modules.dedup_by(|a, b| a.1 == b.1);
    modules.truncate(12);
    if let Some(dir) = std::env::var_os("WASMBIN_CORPUS") {
        for entry in std::fs::read_dir(dir).expect("WASMBIN_CORPUS is a directory") {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "wasm") {
                modules.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    modules
}

/// How many prefixes or flips to try on a module: fewer for big ones (each try may decode
/// the whole module).
fn samples(len: usize) -> usize {
    (300_000_000 / len.max(1)).clamp(10, 300)
}

/// Offsets at which a module's sections end (prefixes ending there are valid modules).
fn section_ends(bytes: &[u8]) -> Vec<usize> {
    let module = Module::decode_from(bytes).unwrap();
    let mut ends = vec![8];
    ends.extend(
        module
            .sections
            .iter()
            .filter_map(Section::extent)
            .map(|(offset, len)| offset + len),
    );
    ends
}

/// Decodes lazily then fully; returns the error if any.
fn decode_everything(bytes: &[u8]) -> Result<Module, wasmbin::DecodeError> {
    let module = Module::decode_from(bytes)?;
    module.decode_all()?;
    Ok(module)
}

fn check_prefix(name: &str, bytes: &[u8], len: usize, ends: &[usize]) {
    match decode_everything(&bytes[..len]) {
        Err(err) => assert!(
            err.offset() <= len,
            "{name}: prefix of {len} bytes: error offset {} beyond the input: {err}",
            err.offset()
        ),
        Ok(_) => assert!(
            ends.contains(&len),
            "{name}: prefix of {len} bytes, not at a section boundary, decoded"
        ),
    }
}

#[test]
fn every_prefix_fails_inside_the_input() {
    let modules = real_modules();
    // Every byte position of the smallest of them …
    let (name, small) = modules
        .iter()
        .filter(|(_, b)| b.len() > 100)
        .min_by_key(|(_, b)| b.len())
        .unwrap();
    let ends = section_ends(small);
    for len in 0..small.len() {
        check_prefix(name, small, len, &ends);
    }
    // … and a sample of positions in the others.
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    for (name, bytes) in &modules {
        let ends = section_ends(bytes);
        for _ in 0..samples(bytes.len()) {
            check_prefix(name, bytes, rng.index(bytes.len()), &ends);
        }
    }
}

#[test]
fn single_byte_flips_never_panic_and_round_trip() {
    let mut rng = Rng::new(0x2545_F491_4F6C_DD1D);
    let mut decoded = 0;
    for (name, bytes) in real_modules() {
        for _ in 0..samples(bytes.len()) {
            let mut corrupt = bytes.clone();
            let at = rng.index(corrupt.len());
            corrupt[at] ^= 1 << rng.below(8);
            let Ok(module) = Module::decode_from(&corrupt[..]) else {
                continue;
            };
            let out = module.encode_into(Vec::new()).unwrap();
            assert!(
                out == corrupt,
                "{name}: flip at {at}: lazy round trip differs"
            );
            if module.decode_all().is_ok() {
                decoded += 1;
                let mut owned = module.clone();
                owned.decode_all_mut().unwrap();
                let bytes = owned.encode_into(Vec::new()).unwrap();
                let again = decode_everything(&bytes).unwrap();
                assert!(
                    again == module,
                    "{name}: flip at {at}: eager round trip differs"
                );
            }
        }
    }
    // Flips in code and data mostly give other valid modules: the check above ran.
    assert!(decoded > 0);
}

#[test]
fn deep_type_hierarchies_and_big_rec_groups_on_a_small_stack() {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            const DEPTH: u32 = 100_000;
            let func = || CompositeType::Func(FuncType::default());
            // A chain of 100 000 subtypes, each the supertype of the next …
            let mut chain = vec![RecGroup::Single(SubType::Sub {
                supers: vec![],
                ty: func(),
            })];
            chain.extend((1..DEPTH).map(|i| {
                RecGroup::Single(SubType::Sub {
                    supers: vec![TypeIdx(i - 1)],
                    ty: func(),
                })
            }));
            // … and one recursion group of 100 000 types.
            chain.push(RecGroup::Rec(
                (0..DEPTH)
                    .map(|i| SubType::SubFinal {
                        supers: vec![TypeIdx(i)],
                        ty: func(),
                    })
                    .collect(),
            ));
            let module = Module {
                sections: vec![Section::Type(Blob::new(chain))],
            };
            let bytes = module.encode_into(Vec::new()).unwrap();
            let decoded = decode_everything(&bytes).unwrap();
            assert!(decoded == module);
            let mut owned = decoded.clone();
            owned.decode_all_mut().unwrap();
            assert_eq!(owned.encode_into(Vec::new()).unwrap(), bytes);
        })
        .unwrap()
        .join()
        .unwrap();
}
