//! One `visit_mut` over an index type renumbers the whole module, the name section included
//! (its maps hold typed indices): shifting every `FuncIdx` by one moves each function name
//! and each function's local names to the shifted index, as wasmparser reads them back.
//! The same holds for every subsection of the name section and for branch hints, each
//! index type on its own. And `Module::shift_indices` edits the bodies it has not decoded
//! on their bytes, with the same result as shifting them decoded.

use wasmbin::edit::SpaceIndex;
use wasmbin::indices::{
    DataIdx, ElemIdx, FieldIdx, FuncIdx, FuncLabelIdx, GlobalIdx, LabelIdx, LocalIdx, MemIdx,
    TableIdx, TagIdx, TypeIdx,
};
use wasmbin::instructions::Instruction;
use wasmbin::types::ValueType;
use wasmbin::visit::Visit;
use wasmbin::Module;
use wasmparser::{IndirectNameMap, KnownCustom, Name, NameMap, Parser, Payload};

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

/// One name: `(subsection, outer index, index, name)`.
type NameRecord = (&'static str, Option<u32>, u32, String);

/// Every name of every subsection and every branch hint of a module, as wasmparser reads
/// them: names as `(subsection, outer index, index, name)` (the outer index of a direct
/// map is `None`), hints as `(function, offset, taken)`.
#[derive(Debug, Clone, PartialEq)]
struct AllNames {
    names: Vec<NameRecord>,
    hints: Vec<(u32, u32, bool)>,
}

/// The names of a direct map, into `names` under `kind`.
fn direct(names: &mut Vec<NameRecord>, kind: &'static str, map: NameMap<'_>) {
    for naming in map {
        let naming = naming.unwrap();
        names.push((kind, None, naming.index, naming.name.to_owned()));
    }
}

/// The names of an indirect map, into `names` under `kind`.
fn indirect(names: &mut Vec<NameRecord>, kind: &'static str, map: IndirectNameMap<'_>) {
    for outer in map {
        let outer = outer.unwrap();
        for naming in outer.names {
            let naming = naming.unwrap();
            names.push((
                kind,
                Some(outer.index),
                naming.index,
                naming.name.to_owned(),
            ));
        }
    }
}

fn wasmparser_all_names(wasm: &[u8]) -> AllNames {
    let mut all = AllNames {
        names: Vec::new(),
        hints: Vec::new(),
    };
    for payload in Parser::new(0).parse_all(wasm) {
        let Payload::CustomSection(custom) = payload.unwrap() else {
            continue;
        };
        match custom.as_known() {
            KnownCustom::Name(reader) => {
                for subsection in reader {
                    let names = &mut all.names;
                    match subsection.unwrap() {
                        Name::Module { name, .. } => names.push(("module", None, 0, name.into())),
                        Name::Function(map) => direct(names, "function", map),
                        Name::Local(map) => indirect(names, "local", map),
                        Name::Label(map) => indirect(names, "label", map),
                        Name::Type(map) => direct(names, "type", map),
                        Name::Table(map) => direct(names, "table", map),
                        Name::Memory(map) => direct(names, "memory", map),
                        Name::Global(map) => direct(names, "global", map),
                        Name::Element(map) => direct(names, "elem", map),
                        Name::Data(map) => direct(names, "data", map),
                        Name::Field(map) => indirect(names, "field", map),
                        Name::Tag(map) => direct(names, "tag", map),
                        Name::Parameter(map) => indirect(names, "parameter", map),
                        Name::TagParameter(map) => indirect(names, "tag parameter", map),
                        Name::Unknown { ty, .. } => panic!("unknown name subsection {ty}"),
                    }
                }
            }
            KnownCustom::BranchHints(reader) => {
                for function in reader {
                    let function = function.unwrap();
                    for hint in function.hints {
                        let hint = hint.unwrap();
                        all.hints
                            .push((function.func, hint.func_offset, hint.taken));
                    }
                }
            }
            _ => {}
        }
    }
    all
}

/// A module with a name in every subsection of the name section that wasmbin types (module,
/// function, local, label, type, table, memory, global, elem, data, field, tag) and a
/// branch hint section with hints in two functions.
const EVERY_NAME: &str = r#"(module $m
  (type $s (struct (field $fa i32) (field $fb i64)))
  (type $v (func))
  (import "env" "f" (func $imp))
  (import "env" "g" (global $ig i32))
  (import "env" "t" (table $it 1 funcref))
  (import "env" "m" (memory $im 1))
  (import "env" "e" (tag $ie))
  (table $t 1 funcref)
  (memory $mem 1)
  (global $g (mut i32) (i32.const 0))
  (tag $e)
  (elem $el func $f)
  (data $d "x")
  (func $f (param $p i32) (local $l i32)
    block $outer
      loop $inner
        local.get $p
        (@metadata.code.branch_hint "\01")
        br_if $outer
        local.get $l
        (@metadata.code.branch_hint "\00")
        if $then
          br $inner
        end
      end
    end)
  (func $h (local $x i64) (local $y f32)
    (call $f (i32.const 1))
    i32.const 0
    (@metadata.code.branch_hint "\01")
    if $only
    end)
)"#;

/// Which names and hints a shift of one index type moves: `(subsection, outer index
/// shifts, index shifts)`, and whether the hints' functions shift.
struct Moves {
    names: &'static [(&'static str, bool, bool)],
    hints: bool,
}

fn shift_one<T: 'static>(wasm: &[u8], f: impl FnMut(&mut T)) -> AllNames {
    let mut module = Module::decode_from(wasm).unwrap();
    module.visit_mut(f).unwrap();
    wasmparser_all_names(&module.encode_into(Vec::new()).unwrap())
}

fn expected(before: &AllNames, moves: &Moves) -> AllNames {
    let names = before
        .names
        .iter()
        .map(|(kind, outer, index, name)| {
            let (shift_outer, shift_index) = moves
                .names
                .iter()
                .find(|(k, _, _)| k == kind)
                .map_or((false, false), |&(_, o, i)| (o, i));
            let outer = outer.map(|o| o + u32::from(shift_outer));
            (*kind, outer, index + u32::from(shift_index), name.clone())
        })
        .collect();
    let hints = before
        .hints
        .iter()
        .map(|&(func, offset, taken)| (func + u32::from(moves.hints), offset, taken))
        .collect();
    AllNames { names, hints }
}

#[test]
fn one_visit_mut_per_index_type_shifts_every_name_subsection_and_branch_hints() {
    let wasm = wasmbin_tests::wat(EVERY_NAME);
    let before = wasmparser_all_names(&wasm);
    let mut kinds: Vec<&str> = before.names.iter().map(|n| n.0).collect();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "module", "function", "local", "label", "type", "table", "memory", "global", "elem",
            "data", "field", "tag"
        ]
    );
    // Functions 1 (`$f`) and 2 (`$h`) have hints: `br_if` and `if` in `$f`, `if` in `$h`.
    let hinted: Vec<u32> = before.hints.iter().map(|h| h.0).collect();
    assert_eq!(hinted, [1, 1, 2]);
    // The labels are numbered in the function, in order: `$outer`, `$inner`, `$then`.
    let module = Module::decode_from(&wasm[..]).unwrap();
    for (func, label, name) in [
        (1, 0, "outer"),
        (1, 1, "inner"),
        (1, 2, "then"),
        (2, 0, "only"),
    ] {
        assert!(before
            .names
            .contains(&("label", Some(func), label, name.to_owned())));
        let key = (FuncIdx(func), FuncLabelIdx(label));
        assert_eq!(module.name(key).unwrap(), Some(name));
    }

    let cases: [(&str, AllNames, Moves); 12] = [
        (
            "FuncIdx",
            shift_one(&wasm, |i: &mut FuncIdx| i.0 += 1),
            Moves {
                names: &[
                    ("function", false, true),
                    ("local", true, false),
                    ("label", true, false),
                ],
                hints: true,
            },
        ),
        (
            "TypeIdx",
            shift_one(&wasm, |i: &mut TypeIdx| i.0 += 1),
            Moves {
                names: &[("type", false, true), ("field", true, false)],
                hints: false,
            },
        ),
        (
            "TableIdx",
            shift_one(&wasm, |i: &mut TableIdx| i.0 += 1),
            Moves {
                names: &[("table", false, true)],
                hints: false,
            },
        ),
        (
            "MemIdx",
            shift_one(&wasm, |i: &mut MemIdx| i.0 += 1),
            Moves {
                names: &[("memory", false, true)],
                hints: false,
            },
        ),
        (
            "GlobalIdx",
            shift_one(&wasm, |i: &mut GlobalIdx| i.0 += 1),
            Moves {
                names: &[("global", false, true)],
                hints: false,
            },
        ),
        (
            "ElemIdx",
            shift_one(&wasm, |i: &mut ElemIdx| i.0 += 1),
            Moves {
                names: &[("elem", false, true)],
                hints: false,
            },
        ),
        (
            "DataIdx",
            shift_one(&wasm, |i: &mut DataIdx| i.0 += 1),
            Moves {
                names: &[("data", false, true)],
                hints: false,
            },
        ),
        (
            "TagIdx",
            shift_one(&wasm, |i: &mut TagIdx| i.0 += 1),
            Moves {
                names: &[("tag", false, true)],
                hints: false,
            },
        ),
        (
            "LocalIdx",
            shift_one(&wasm, |i: &mut LocalIdx| i.0 += 1),
            Moves {
                names: &[("local", false, true)],
                hints: false,
            },
        ),
        (
            "FuncLabelIdx",
            shift_one(&wasm, |i: &mut FuncLabelIdx| i.0 += 1),
            Moves {
                names: &[("label", false, true)],
                hints: false,
            },
        ),
        (
            "FieldIdx",
            shift_one(&wasm, |i: &mut FieldIdx| i.0 += 1),
            Moves {
                names: &[("field", false, true)],
                hints: false,
            },
        ),
        // Branch depths are another space than the labels the name section numbers: the
        // label names stay (and `br_if 0` → `br_if 1` keeps its size: the hints too).
        (
            "LabelIdx",
            shift_one(&wasm, |i: &mut LabelIdx| i.0 += 1),
            Moves {
                names: &[],
                hints: false,
            },
        ),
    ];
    for (what, after, moves) in cases {
        assert_eq!(after, expected(&before, &moves), "{what}");
        if !moves.names.is_empty() {
            assert_ne!(after, before, "{what}");
        }
    }
}

/// A `visit_mut` that changes nothing keeps every byte of every binary module of the spec
/// suite that decodes, those written with padded LEBs (`(module binary …)`) included: a
/// part whose canonical encoding differs from its bytes is compared by value.
#[test]
fn a_visit_mut_that_changes_nothing_keeps_padded_spec_binaries() {
    let mut padded = 0;
    for (origin, wasm) in wasmbin_tests::spec_binaries(true) {
        let Ok(module) = Module::decode_from(&wasm[..]) else {
            continue;
        };
        match module.decode_all() {
            Ok(warnings) if warnings.is_empty() => {}
            _ => continue,
        }
        let mut eager = module.clone();
        eager.decode_all_mut().unwrap();
        let Ok(eager) = eager.encode_into(Vec::new()) else {
            continue;
        };
        padded += usize::from(eager != wasm);
        let mut module = Module::decode_from(&wasm[..]).unwrap();
        module.visit_mut(|_: &mut FuncIdx| {}).unwrap();
        module.visit_mut(|_: &mut Instruction| {}).unwrap();
        module.visit_mut(|_: &mut ValueType| {}).unwrap();
        module.visit_mut(|_: &mut u32| {}).unwrap();
        let out = module.encode_into(Vec::new()).unwrap();
        assert!(
            out == wasm,
            "{origin}: differs at byte {:#x}",
            wasmbin_tests::first_difference(&out, &wasm)
        );
    }
    // binary-leb128.wast and others pad their LEBs.
    assert!(padded > 20, "{padded}");
}
