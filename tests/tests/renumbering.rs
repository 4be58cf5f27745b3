//! One `visit_mut` over an index type renumbers the whole module, the name section included
//! (its maps hold typed indices): shifting every `FuncIdx` by one moves each function name
//! and each function's local names to the shifted index, as wasmparser reads them back.
//! And `Module::shift_indices` edits the bodies it has not decoded on their bytes, with the
//! same result as shifting them decoded.

use wasmbin::edit::SpaceIndex;
use wasmbin::indices::{FuncIdx, GlobalIdx, MemIdx, TableIdx, TagIdx};
use wasmbin::visit::Visit;
use wasmbin::Module;
use wasmparser::{KnownCustom, Name, Parser, Payload};

/// Function names `(function, name)` and local names `(function, local, name)` of `wasm`,
/// read by wasmparser.
type Names = (Vec<(u32, String)>, Vec<(u32, u32, String)>);

fn wasmparser_names(wasm: &[u8]) -> Names {
    let (mut functions, mut locals) = (Vec::new(), Vec::new());
    for payload in Parser::new(0).parse_all(wasm) {
        let Payload::CustomSection(custom) = payload.unwrap() else {
            continue;
        };
        let KnownCustom::Name(reader) = custom.as_known() else {
            continue;
        };
        for subsection in reader {
            match subsection.unwrap() {
                Name::Function(map) => {
                    for naming in map {
                        let naming = naming.unwrap();
                        functions.push((naming.index, naming.name.to_owned()));
                    }
                }
                Name::Local(map) => {
                    for indirect in map {
                        let indirect = indirect.unwrap();
                        for naming in indirect.names {
                            let naming = naming.unwrap();
                            locals.push((indirect.index, naming.index, naming.name.to_owned()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    (functions, locals)
}

/// Shifts every function index of `wasm` by one with a single `visit_mut`, and checks the
/// names moved with them; returns the number of function and local names checked.
fn check(origin: &str, wasm: &[u8]) -> (usize, usize) {
    let (functions, locals) = wasmparser_names(wasm);
    let mut module = Module::decode_from(wasm).unwrap();
    module.visit_mut(|func: &mut FuncIdx| func.0 += 1).unwrap();
    let out = module.encode_into(Vec::new()).unwrap();
    let shifted: Names = (
        functions.iter().map(|(f, n)| (f + 1, n.clone())).collect(),
        locals
            .iter()
            .map(|(f, l, n)| (f + 1, *l, n.clone()))
            .collect(),
    );
    assert!(
        wasmparser_names(&out) == shifted,
        "{origin}: names not shifted"
    );
    (functions.len(), locals.len())
}

#[test]
fn one_visit_mut_shifts_function_and_local_names_of_spec_modules() {
    let (mut functions, mut locals) = (0, 0);
    for (origin, wasm) in wasmbin_tests::spec_modules() {
        let (f, l) = check(&origin, &wasm);
        functions += f;
        locals += l;
    }
    // The suite's text names its functions and locals (`$f`, `$x`): wast writes them.
    assert!(functions > 1000 && locals > 1000, "{functions} {locals}");
}

/// The corpus binaries with function names (yosys has 46,499 of them); skipped
/// without `WASMBIN_CORPUS`.
#[test]
fn one_visit_mut_shifts_function_names_of_corpus_binaries() {
    let Some(files) = wasmbin_tests::corpus_from_env("function names") else {
        return;
    };
    let mut named = 0;
    for (path, _) in files {
        let wasm = std::fs::read(&path).unwrap();
        if wasm.get(4..8) != Some(&[1, 0, 0, 0]) || wasmparser_names(&wasm).0.is_empty() {
            continue; // A component, or no function names.
        }
        let (functions, _) = check(&path.display().to_string(), &wasm);
        println!("{}: {functions} function names", path.display());
        named += 1;
    }
    assert!(named > 0, "no corpus binary with function names");
}

/// Shifts the indices of type `I` at or above `from` in two copies of `wasm`: one as read
/// (its bodies edited on their bytes) and one decoded whole first (its bodies shifted with
/// `visit_mut` and re-encoded). Both must succeed or fail alike, and give the same module.
/// Returns whether the shift changed the module.
fn shift_both_ways<I: SpaceIndex>(origin: &str, wasm: &[u8], from: u32) -> bool {
    let mut as_read = Module::decode_from(wasm).unwrap();
    let mut decoded = Module::decode_from(wasm).unwrap();
    if decoded.decode_all_mut().is_err() {
        return false;
    }
    let shifted = (
        as_read.shift_indices::<I>(from).map(|_| ()),
        decoded.shift_indices::<I>(from).map(|_| ()),
    );
    match shifted {
        (Ok(()), Ok(())) => {
            let read = |module: &Module| {
                let bytes = module.encode_into(Vec::new()).unwrap();
                let module = Module::decode_from(&bytes[..]).unwrap();
                module.decode_all().unwrap();
                module
            };
            assert!(
                read(&as_read) == read(&decoded),
                "{origin}: {} from {from} differs",
                I::WHAT
            );
            as_read.encode_into(Vec::new()).unwrap() != wasm
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "{origin}");
            false
        }
        (a, b) => panic!("{origin}: {} from {from}: {a:?} / {b:?}", I::WHAT),
    }
}

#[test]
fn bodies_shifted_on_their_bytes_match_bodies_shifted_decoded() {
    let mut changed = [0; 5];
    for (origin, wasm) in wasmbin_tests::spec_modules() {
        for from in [0, 1] {
            let shifts = [
                shift_both_ways::<FuncIdx>(&origin, &wasm, from),
                shift_both_ways::<TableIdx>(&origin, &wasm, from),
                shift_both_ways::<MemIdx>(&origin, &wasm, from),
                shift_both_ways::<GlobalIdx>(&origin, &wasm, from),
                shift_both_ways::<TagIdx>(&origin, &wasm, from),
            ];
            for (count, shifted) in changed.iter_mut().zip(shifts) {
                *count += usize::from(shifted);
            }
        }
    }
    // Every kind of index shifted in many modules (tags, the rarest, in the exception
    // handling tests).
    assert!(changed.iter().all(|&n| n > 20), "{changed:?}");
}
