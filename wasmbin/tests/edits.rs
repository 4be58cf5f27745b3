//! The editing API on small modules written with `wat`: index spaces, names, imports of
//! every kind with the renumbering they cause, changes-only encoding, branch hints after
//! body edits, and errors. wasmparser validates every output and reads the names back.

use wasmbin::custom::CustomSection;
use wasmbin::edit::EditError;
use wasmbin::error::EncodeErrorKind;
use wasmbin::index_space::{ExternType, Origin};
use wasmbin::indices::{
    FuncIdx, FuncLabelIdx, GlobalIdx, LocalIdx, MemIdx, TableIdx, TagIdx, TypeIdx,
};
use wasmbin::instructions::Instruction;
use wasmbin::sections::ExternType as Desc;
use wasmbin::sections::{ExportDesc, Func};
use wasmbin::types::{
    FuncType, GlobalType, Limits, MemType, Mut, RefType, TableType, TagKind, TagType, ValueType,
};
use wasmbin::visit::Visit;
use wasmbin::{payload, Blob, Module, PathSegment, Section};
use wasmparser::{Validator, WasmFeatures};

fn validate(bytes: &[u8]) {
    Validator::new_with_features(WasmFeatures::all())
        .validate_all(bytes)
        .unwrap_or_else(|err| panic!("output does not validate: {err}"));
}

fn module(text: &str) -> (Vec<u8>, Module) {
    let wasm = wat::parse_str(text).unwrap();
    let module = Module::decode_from(&wasm[..]).unwrap();
    (wasm, module)
}

/// Function names of `bytes` read by wasmparser, as (index, name).
fn wasmparser_function_names(bytes: &[u8]) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let wasmparser::Payload::CustomSection(custom) = payload.unwrap() {
            if let wasmparser::KnownCustom::Name(reader) = custom.as_known() {
                for name in reader {
                    if let wasmparser::Name::Function(map) = name.unwrap() {
                        for naming in map {
                            let naming = naming.unwrap();
                            out.push((naming.index, naming.name.to_owned()));
                        }
                    }
                }
            }
        }
    }
    out
}

/// The module name of `bytes` read by wasmparser.
fn wasmparser_module_name(bytes: &[u8]) -> Option<String> {
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let wasmparser::Payload::CustomSection(custom) = payload.unwrap() {
            if let wasmparser::KnownCustom::Name(reader) = custom.as_known() {
                for name in reader {
                    if let wasmparser::Name::Module { name, .. } = name.unwrap() {
                        return Some(name.to_owned());
                    }
                }
            }
        }
    }
    None
}

/// `wasm` with the payload of its name section (found by wasmparser) replaced by
/// `payload(old payload)`: the bytes an edit of that payload alone must give. Sections of
/// fewer than 128 bytes only (one-byte size prefixes).
fn with_name_payload(wasm: &[u8], payload: impl FnOnce(&[u8]) -> Vec<u8>) -> Vec<u8> {
    for section in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::CustomSection(custom) = section.unwrap() {
            if custom.name() == "name" {
                let range = custom.range();
                let (start, data, end) = (
                    range.start as usize,
                    custom.data_offset() as usize,
                    range.end as usize,
                );
                assert_eq!(wasm[start - 2..start], [0, (end - start) as u8]);
                let contents = [&wasm[start..data], &payload(&wasm[data..end])[..]].concat();
                assert!(contents.len() < 128);
                let header = [0, contents.len() as u8];
                return [&wasm[..start - 2], &header, &contents, &wasm[end..]].concat();
            }
        }
    }
    panic!("no name section");
}

const SPACES: &str = r#"(module
  (rec (type $s (struct)) (type $f (sub (func (param i64)))))
  (type $g (sub $f (func (param i64))))
  (import "m" "f0" (func $f0 (type $g)))
  (import "m" "t0" (table $t0 1 externref))
  (import "m" "m0" (memory $m0 1))
  (import "m" "g0" (global $g0 i32))
  (import "m" "e0" (tag $e0 (param i32)))
  (func $f1 (param i32) (result i32) local.get 0)
  (table $t1 2 funcref)
  (memory $m1 1 2)
  (global $g1 (mut i32) (i32.const 0))
  (tag $e1)
)"#;

#[test]
fn index_spaces_list_imports_then_definitions() {
    let (_, module) = module(SPACES);
    assert_eq!(module.imported_func_count().unwrap(), 1);
    let functions = module.functions().unwrap();
    assert_eq!(functions.len(), 2);
    // Through the recursion group and the subtype declaration.
    assert_eq!(functions[0].ty.to_string(), "(func (param i64))");
    assert_eq!(module.func_type_idx(FuncIdx(0)).unwrap(), TypeIdx(2));
    assert_eq!(
        functions[0].origin,
        Origin::Imported {
            module: "m",
            name: "f0"
        }
    );
    assert_eq!(functions[0].name, Some("f0"));
    assert_eq!(functions[1].name, Some("f1"));
    assert!(matches!(functions[1].origin, Origin::Defined(_)));
    assert_eq!(
        module.func_type(FuncIdx(1)).unwrap().to_string(),
        "(func (param i32) (result i32))"
    );
    assert!(module.func_type(FuncIdx(2)).is_err());
    assert!(module.type_func_type(TypeIdx(0)).is_err(), "a struct type");

    let tables = module.tables().unwrap();
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[0].ty.to_string(), "(table 1 externref)");
    assert_eq!(tables[1].index, TableIdx(1));
    assert_eq!(tables[1].name, Some("t1"));
    let memories = module.memories().unwrap();
    assert_eq!(memories[1].ty.to_string(), "(memory 1 2)");
    let globals = module.globals().unwrap();
    assert_eq!(globals[0].ty.to_string(), "(global i32)");
    assert_eq!(globals[1].ty.to_string(), "(global (mut i32))");
    assert_eq!(globals[1].index, GlobalIdx(1));
    let tags = module.tags().unwrap();
    assert_eq!(tags[0].ty.params, [ValueType::I32]);
    assert_eq!(tags[1].index, TagIdx(1));
    let imports = module.imports().unwrap();
    assert_eq!(imports.len(), 5);
    assert!(matches!(imports[2], ("m", "m0", ExternType::Memory(_))));
}

#[test]
fn index_spaces_decode_only_what_they_need() {
    let (_, module) = module(SPACES);
    module.functions().unwrap();
    // The bodies stay lazy, and so do the sections that functions do not need.
    let code = module.find_std_section::<payload::Code>().unwrap();
    assert!(code.try_contents().unwrap()[0].get().is_none());
    assert!(module
        .find_std_section::<payload::Global>()
        .unwrap()
        .get()
        .is_none());
}

#[test]
fn names_are_set_in_their_subsection_and_read_back_by_wasmparser() {
    // No name section: one is inserted after the last standard section, before the
    // custom section that follows it.
    let (wasm, mut module) = module(r#"(module (func) (func (local i32)) (@custom "after" "x"))"#);
    module.set_name(FuncIdx(1), "second").unwrap();
    module.set_name(GlobalIdx(3), "g").unwrap();
    module.set_name((FuncIdx(1), LocalIdx(0)), "l").unwrap();
    module
        .set_name((FuncIdx(0), FuncLabelIdx(2)), "lab")
        .unwrap();
    module.set_name(FuncIdx(0), "first").unwrap();
    let out = module.encode_into(Vec::new()).unwrap();
    validate(&out);
    assert_eq!(
        wasmparser_function_names(&out),
        [(0, "first".to_owned()), (1, "second".to_owned())]
    );
    let names: Vec<_> = Module::decode_from(&out[..])
        .unwrap()
        .custom_sections()
        .map(|s| s.unwrap().name().to_owned())
        .collect();
    assert_eq!(names, ["name", "after"]);
    // Subsections in order of increasing id: functions, locals, labels, globals.
    let again = Module::decode_from(&out[..]).unwrap();
    let ids: Vec<u8> = again
        .name_section()
        .unwrap()
        .unwrap()
        .subsections
        .iter()
        .map(|s| {
            let mut bytes = Vec::new();
            wasmbin::Encode::encode(s, &mut bytes).unwrap();
            bytes[0]
        })
        .collect();
    assert_eq!(ids, [1, 2, 3, 7]);
    assert_eq!(
        again.name((FuncIdx(0), FuncLabelIdx(2))).unwrap(),
        Some("lab")
    );
    // Everything before the name section is the input.
    let code_end = wasm.len() - 9; // the "after" section: id, size, name, payload
    assert_eq!(out[..code_end], wasm[..code_end]);

    // Setting the same name again changes no byte.
    let mut again = Module::decode_from(&out[..]).unwrap();
    again.set_name(FuncIdx(1), "second").unwrap();
    assert_eq!(again.encode_into(Vec::new()).unwrap(), out);
}

#[test]
fn module_name_is_set_in_subsection_zero_and_read_back_by_wasmparser() {
    // A name section with function names: the module's name goes before them, and every
    // other byte, those names included, stays as it was.
    let (wasm, mut module) = module(r#"(module (func $f) (@custom "after" "x"))"#);
    assert_eq!(module.module_name().unwrap(), None);
    module.set_module_name("demo").unwrap();
    let out = module.encode_into(Vec::new()).unwrap();
    validate(&out);
    assert_eq!(wasmparser_module_name(&out).as_deref(), Some("demo"));
    assert_eq!(wasmparser_function_names(&out), [(0, "f".to_owned())]);
    let subsection = |name: &str| {
        [
            &[0, name.len() as u8 + 1, name.len() as u8],
            name.as_bytes(),
        ]
        .concat()
    };
    assert_eq!(
        out,
        with_name_payload(&wasm, |old| [subsection("demo"), old.to_vec()].concat())
    );

    // Renaming replaces subsection 0 alone; the same name again changes no byte.
    let mut again = Module::decode_from(&out[..]).unwrap();
    assert_eq!(again.module_name().unwrap(), Some("demo"));
    again.set_module_name("other").unwrap();
    let renamed = again.encode_into(Vec::new()).unwrap();
    validate(&renamed);
    assert_eq!(wasmparser_module_name(&renamed).as_deref(), Some("other"));
    assert_eq!(
        renamed,
        with_name_payload(&wasm, |old| [subsection("other"), old.to_vec()].concat())
    );
    again.set_module_name("other").unwrap();
    assert_eq!(again.encode_into(Vec::new()).unwrap(), renamed);

    // No name section: one is inserted after the last standard section, before the custom
    // section that follows it.
    let (wasm, mut module) = self::module(r#"(module (func) (@custom "after" "x"))"#);
    module.set_module_name("m").unwrap();
    let out = module.encode_into(Vec::new()).unwrap();
    validate(&out);
    assert_eq!(wasmparser_module_name(&out).as_deref(), Some("m"));
    let code_end = wasm.len() - 9; // the "after" section: id, size, name, payload
    let name_section = [&[0, 9, 4][..], b"name", &subsection("m")].concat();
    assert_eq!(
        out,
        [&wasm[..code_end], &name_section, &wasm[code_end..]].concat()
    );
    assert_eq!(
        Module::decode_from(&out[..])
            .unwrap()
            .module_name()
            .unwrap(),
        Some("m")
    );
}

#[test]
fn mutable_borrows_that_change_nothing_keep_the_bytes() {
    let (wasm, mut module) = module(SPACES);
    module.visit_mut(|_: &mut FuncIdx| {}).unwrap();
    module.visit_mut(|_: &mut Instruction| {}).unwrap();
    for section in &mut module.sections {
        if let Section::Custom(blob) = section {
            blob.try_contents_mut().unwrap();
        }
    }
    assert_eq!(module.encode_into(Vec::new()).unwrap(), wasm);
    // One changed value: only its section is re-encoded.
    let globals = module.find_std_section_mut::<payload::Global>().unwrap();
    globals.try_contents_mut().unwrap()[0].init.instructions = vec![Instruction::I32Const(7)];
    let out = module.encode_into(Vec::new()).unwrap();
    assert_ne!(out, wasm);
    assert_eq!(out.len(), wasm.len());
    let differing = out.iter().zip(&wasm).filter(|(a, b)| a != b).count();
    assert_eq!(differing, 1);
}

/// A memory section written with padded LEBs: its size 4 in five bytes
/// (`0x84 0x80 0x80 0x80 0x00`), then one memory (flags `0x00`) whose minimum 1 takes two
/// (`0x81 0x00`). The canonical encoding of the same section is `05 03 01 00 01`.
const PADDED_MEMORY: &[u8] = b"\0asm\x01\0\0\0\x05\x84\x80\x80\x80\x00\x01\x00\x81\x00";

#[test]
fn a_mutable_borrow_of_padded_bytes_keeps_them() {
    validate(PADDED_MEMORY);
    let mut module = Module::decode_from(PADDED_MEMORY).unwrap();
    let memories = module.find_std_section_mut::<payload::Memory>().unwrap();
    assert_eq!(memories.try_contents_mut().unwrap()[0].limits.min, 1);
    memories.try_contents_mut().unwrap()[0].limits.min = 1; // the same value
                                                            // The contents encode canonically, unlike the bytes read, but they decode to the same
                                                            // value: nothing changed, and the padded bytes (size prefix included) stay.
    assert!(memories.is_modified() && !memories.is_changed());
    assert_eq!(module.encode_into(Vec::new()).unwrap(), PADDED_MEMORY);
    module.visit_mut(|_: &mut MemIdx| {}).unwrap();
    module.visit_mut(|_: &mut u64| {}).unwrap();
    assert_eq!(module.encode_into(Vec::new()).unwrap(), PADDED_MEMORY);
}

#[test]
fn a_change_inside_padded_bytes_is_encoded_canonically() {
    let mut module = Module::decode_from(PADDED_MEMORY).unwrap();
    let memories = module.find_std_section_mut::<payload::Memory>().unwrap();
    memories.try_contents_mut().unwrap()[0].limits.min = 2;
    assert!(memories.is_changed());
    let out = module.encode_into(Vec::new()).unwrap();
    assert_eq!(out, b"\0asm\x01\0\0\0\x05\x03\x01\x00\x02");
    validate(&out);
}

/// Two functions of type `[] -> []` in a code section written with padded LEBs:
/// - the code section's size (15) and its count (2) in two bytes each;
/// - function 0: `call 1` with the index in two bytes (`0x10 0x81 0x00`);
/// - function 1: `i32.const 0` in three bytes (`0x41 0x80 0x00`), `drop`.
const PADDED_CODE: &[u8] = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x03\x02\0\0\
    \x0a\x8f\x00\x82\x00\
    \x05\x00\x10\x81\x00\x0b\
    \x06\x00\x41\x80\x00\x1a\x0b";

#[test]
fn a_visit_mut_that_changes_nothing_keeps_padded_bodies() {
    validate(PADDED_CODE);
    assert_eq!(wasmparser_bodies(PADDED_CODE).len(), 2);
    let mut module = Module::decode_from(PADDED_CODE).unwrap();
    module.visit_mut(|_: &mut FuncIdx| {}).unwrap();
    module.visit_mut(|_: &mut Instruction| {}).unwrap();
    assert_eq!(module.encode_into(Vec::new()).unwrap(), PADDED_CODE);

    // `call 1` → `call 0`: only function 0 and the code section's own size and count are
    // written anew, canonically; function 1 keeps its padded constant.
    module
        .visit_mut(|f: &mut FuncIdx| {
            if f.0 == 1 {
                f.0 = 0;
            }
        })
        .unwrap();
    let out = module.encode_into(Vec::new()).unwrap();
    validate(&out);
    assert_eq!(
        out,
        b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x03\x02\0\0\
        \x0a\x0d\x02\
        \x04\x00\x10\x00\x0b\
        \x06\x00\x41\x80\x00\x1a\x0b"
    );

    // `i32.const 0` → `i32.const 5` in function 1: function 0 keeps its padded `call`.
    let mut module = Module::decode_from(PADDED_CODE).unwrap();
    module.visit_mut(|_: &mut FuncIdx| {}).unwrap();
    module.visit_mut(|c: &mut i32| *c = 5).unwrap();
    let out = module.encode_into(Vec::new()).unwrap();
    validate(&out);
    assert_eq!(
        out,
        b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x03\x02\0\0\
        \x0a\x0d\x02\
        \x05\x00\x10\x81\x00\x0b\
        \x05\x00\x41\x05\x1a\x0b"
    );
}

const CALLS: &str = r#"(module
  (type $v (func))
  (import "env" "a" (func $a))
  (import "env" "g" (global $ig i32))
  (import "env" "t" (table $it 1 funcref))
  (import "env" "m" (memory $im 1))
  (import "env" "e" (tag $ie))
  (table $t 2 funcref)
  (memory $m 1)
  (global $g (mut i32) (i32.const 1))
  (global $r funcref (ref.func $f))
  (tag $e)
  (elem (table $t) (i32.const 0) func $f $h)
  (elem declare func $h)
  (func $f (export "f") (param $x i32) (local $y i32)
    block $out
      (br_if $out (global.get $g))
      call $h
      call $a
      (drop (table.size $t))
      (drop (memory.size $m))
      try_table (catch $e $out)
        (throw $e)
      end
    end)
  (func $h (local $z i64)
    (global.set $g (i32.const 2))
    (return_call $f (i32.const 1)))
  (export "g" (global $g))
  (export "t" (table $t))
  (export "m" (memory $m))
  (export "e" (tag $e))
  (start $h)
)"#;

#[test]
fn imports_of_every_kind_shift_their_index_space_everywhere() {
    let (wasm, _) = module(CALLS);
    let descs = [
        Desc::Func(TypeIdx(0)),
        Desc::Global(GlobalType {
            ty: ValueType::I64,
            mutability: Mut::Const,
        }),
        Desc::Table(TableType {
            element: RefType::FuncRef,
            limits: Limits {
                min: 1,
                ..Default::default()
            },
        }),
        Desc::Mem(MemType {
            limits: Limits {
                min: 1,
                ..Default::default()
            },
        }),
        Desc::Tag(TagType {
            kind: TagKind::Exception,
            ty: TypeIdx(0),
        }),
    ];
    for desc in descs {
        let mut module = Module::decode_from(&wasm[..]).unwrap();
        let before_names: Vec<_> = module
            .functions()
            .unwrap()
            .iter()
            .map(|f| f.name.map(str::to_owned))
            .collect();
        let (index, warnings) = module.add_import("new", "x", desc.clone()).unwrap();
        assert_eq!(index, 1, "{desc:?}");
        assert!(warnings.is_empty());
        let out = module.encode_into(Vec::new()).unwrap();
        // Validation checks every shifted reference: types would not match otherwise
        // (the new function and global have other types than the ones after them).
        validate(&out);
        let after = Module::decode_from(&out[..]).unwrap();
        let after_names: Vec<_> = after
            .functions()
            .unwrap()
            .iter()
            .map(|f| f.name.map(str::to_owned))
            .collect();
        if let Desc::Func(_) = desc {
            assert_eq!(after_names[0], before_names[0]);
            assert_eq!(after_names[1], None);
            assert_eq!(after_names[2..], before_names[1..]);
            assert_eq!(after.name((FuncIdx(2), LocalIdx(1))).unwrap(), Some("y"));
            assert_eq!(after.name((FuncIdx(3), LocalIdx(0))).unwrap(), Some("z"));
        } else {
            assert_eq!(after_names, before_names);
        }
        match desc {
            Desc::Global(_) => {
                assert_eq!(after.name(GlobalIdx(2)).unwrap(), Some("g"));
            }
            Desc::Table(_) => assert_eq!(after.name(TableIdx(2)).unwrap(), Some("t")),
            Desc::Mem(_) => assert_eq!(after.name(MemIdx(2)).unwrap(), Some("m")),
            Desc::Tag(_) => assert_eq!(after.name(TagIdx(2)).unwrap(), Some("e")),
            _ => {}
        }
    }
}

#[test]
fn added_types_functions_and_exports_validate() {
    let (_, mut module) = module(CALLS);
    let ty = FuncType {
        params: vec![],
        results: vec![ValueType::I32],
    };
    let type_index = module.add_type(ty.clone()).unwrap();
    assert_eq!(
        module.add_type(ty).unwrap(),
        type_index,
        "found, not added twice"
    );
    assert_eq!(
        module.add_type(FuncType::default()).unwrap(),
        TypeIdx(0),
        "the existing (func)"
    );
    let body = Func {
        locals: vec![],
        expr: wasmbin::instructions::Expression::new(vec![Instruction::I32Const(42)]),
    };
    let func = module.add_function(type_index, body).unwrap();
    assert_eq!(func, FuncIdx(3));
    module.add_export("answer", ExportDesc::Func(func)).unwrap();
    assert!(matches!(
        module.add_export("answer", ExportDesc::Func(func)),
        Err(EditError::Invalid(_))
    ));
    let out = module.encode_into(Vec::new()).unwrap();
    validate(&out);
}

/// The branch hints of `module`: function, offset, and whether the branch is likely.
fn branch_hints(module: &Module) -> Vec<(FuncIdx, u32, bool)> {
    let section = module.custom_sections().find_map(|s| match s.unwrap() {
        CustomSection::BranchHints(blob) => Some(blob.try_contents().unwrap().clone()),
        _ => None,
    });
    section.map_or(Vec::new(), |s| {
        s.functions
            .iter()
            .flat_map(|f| f.hints.iter().map(|h| (f.func, h.func_pos, h.is_likely())))
            .collect()
    })
}

#[test]
fn branch_hints_follow_their_instructions_through_body_edits() {
    let (_, mut module) = module(
        r#"(module
          (func $f (param i32)
            block
              local.get 0
              (@metadata.code.branch_hint "\01")
              br_if 0
              local.get 0
              (@metadata.code.branch_hint "\00")
              if
                nop
              end
            end))"#,
    );
    let hints = |module: &Module| -> Vec<(u32, bool)> {
        branch_hints(module)
            .into_iter()
            .map(|(_, at, likely)| (at, likely))
            .collect()
    };
    // locals (1 byte), block (2), local.get (2): br_if at 5, local.get at 7, if at 9.
    assert_eq!(hints(&module), [(5, true), (9, false)]);
    // Insert three bytes of code in front, drop the `if`'s block (and the `if`).
    module
        .edit_body(FuncIdx(0), |body| {
            body.instructions
                .insert(0, Instruction::I32Const(1000).into());
            body.instructions.insert(1, Instruction::Drop.into());
            let at = body
                .instructions
                .iter()
                .position(|i| matches!(i.instruction, Instruction::If(_)))
                .unwrap();
            body.instructions.drain(at - 1..at + 3);
        })
        .unwrap();
    assert_eq!(hints(&module), [(9, true)]);
    let out = module.encode_into(Vec::new()).unwrap();
    validate(&out);
    // An edit that changes nothing keeps the body's bytes and the hints.
    let mut again = Module::decode_from(&out[..]).unwrap();
    again.edit_body(FuncIdx(0), |_| {}).unwrap();
    assert_eq!(again.encode_into(Vec::new()).unwrap(), out);
    // Removing the hinted instruction drops the last hint, and the function's entry.
    again
        .edit_body(FuncIdx(0), |body| {
            body.instructions
                .retain(|i| !matches!(i.instruction, Instruction::BrIf(_)));
            body.instructions.push(Instruction::Drop.into());
        })
        .unwrap();
    assert_eq!(hints(&again), []);
}

/// The bytes of every function body of `wasm` (after each size prefix), read by wasmparser.
fn wasmparser_bodies(wasm: &[u8]) -> Vec<Vec<u8>> {
    wasmparser::Parser::new(0)
        .parse_all(wasm)
        .filter_map(|payload| match payload.unwrap() {
            wasmparser::Payload::CodeSectionEntry(body) => {
                let range = body.range();
                Some(wasm[range.start as usize..range.end as usize].to_vec())
            }
            _ => None,
        })
        .collect()
}

/// Renumbering after an import edits the bodies on their bytes: only the instructions
/// whose index changed are re-encoded, so a padded LEB elsewhere in the body stays padded;
/// and a `call` whose index grows a byte (127 → 128) moves the branch hints after it.
#[test]
fn renumbering_re_encodes_only_the_instructions_that_change() {
    // One function: `i32.const 0` and `call 0`, both with a padded LEB, then `drop`s.
    let wasm = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0\
        \x0a\x0b\x01\x09\x00\x41\x80\x00\x1a\x10\x80\x00\x0b";
    let mut padded = Module::decode_from(&wasm[..]).unwrap();
    let ty = FuncType {
        params: vec![ValueType::I32],
        results: vec![],
    };
    padded.add_func_import("env", "trace", ty.clone()).unwrap();
    let out = padded.encode_into(Vec::new()).unwrap();
    validate(&out);
    // The `call` is now `call 1`, written canonically; the constant keeps its padding.
    assert_eq!(
        wasmparser_bodies(&out),
        [vec![0x00, 0x41, 0x80, 0x00, 0x1A, 0x10, 0x01, 0x0B]]
    );

    let mut text = String::from(
        r#"(module (func $f0 call 127 i32.const 0 (@metadata.code.branch_hint "\01") if end)"#,
    );
    text.push_str(&"(func)".repeat(127));
    text.push(')');
    let (_, mut module) = module(&text);
    // locals (1 byte), `call 127` (2), `i32.const 0` (2): the `if` at 5.
    assert_eq!(branch_hints(&module), [(FuncIdx(0), 5, true)]);
    module.add_func_import("env", "trace", ty).unwrap();
    // `call 128` takes 3 bytes: the `if` is at 6, in function 1.
    assert_eq!(branch_hints(&module), [(FuncIdx(1), 6, true)]);
    let out = module.encode_into(Vec::new()).unwrap();
    validate(&out);
    let body = &wasmparser_bodies(&out)[0];
    assert_eq!(&body[1..7], [0x10, 0x80, 0x01, 0x41, 0x00, 0x04]);
}

#[test]
fn edits_refuse_what_they_cannot_do() {
    let (_, mut module) = module(CALLS);
    assert!(matches!(
        module.edit_body(FuncIdx(0), |_| {}),
        Err(EditError::Invalid(_))
    ));
    assert!(matches!(
        module.edit_body(FuncIdx(9), |_| {}),
        Err(EditError::Invalid(_))
    ));
    // An index at u32::MAX cannot shift: the edit fails and changes nothing.
    let exports = module.find_std_section_mut::<payload::Export>().unwrap();
    exports.try_contents_mut().unwrap()[0].desc = ExportDesc::Func(FuncIdx(u32::MAX));
    let before = module.clone();
    let err = module
        .add_func_import("env", "x", FuncType::default())
        .unwrap_err();
    assert!(matches!(err, EditError::Overflow("functions")), "{err}");
    assert_eq!(module, before);
    // The same for a call in the last body, found after the other bodies were shifted:
    // they are shifted back.
    let (wasm, mut module) = self::module(CALLS);
    let code = module.find_std_section_mut::<payload::Code>().unwrap();
    let last = code.try_contents_mut().unwrap().last_mut().unwrap();
    last.try_contents_mut().unwrap().expr.instructions[0] = Instruction::Call(FuncIdx(u32::MAX));
    let edited = module.encode_into(Vec::new()).unwrap();
    let mut module = Module::decode_from(&edited[..]).unwrap();
    let err = module
        .add_func_import("env", "x", FuncType::default())
        .unwrap_err();
    assert!(matches!(err, EditError::Overflow("functions")), "{err}");
    assert_eq!(module.encode_into(Vec::new()).unwrap(), edited);
    assert_ne!(edited, wasm);
}

/// A module of functions of type `[] -> []` with these bodies (their instructions, after
/// an empty list of locals); every length below 128.
fn module_with_bodies(bodies: &[&[u8]]) -> Vec<u8> {
    let count = bodies.len() as u8;
    let mut wasm = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0".to_vec();
    wasm.extend([0x03, count + 1, count]);
    wasm.extend(std::iter::repeat_n(0, bodies.len()));
    let mut code = vec![count];
    for body in bodies {
        code.extend([body.len() as u8 + 1, 0x00]);
        code.extend_from_slice(body);
    }
    wasm.extend([0x0A, code.len() as u8]);
    wasm.extend(code);
    wasm
}

/// An edit of a whole module.
type Edit = fn(&mut Module) -> Result<(), EditError>;

/// Every edit that reads the bodies fails on a malformed one, with the error (text, offset
/// and path) that decoding the body gives, and changes nothing: a misplaced `else` or
/// `catch`, a missing final `end`, bytes after it, an unknown opcode. The edits that shift
/// indices read the bodies on their bytes, so they check the structured control flow as
/// the decoder does.
#[test]
fn edits_refuse_malformed_bodies_with_the_decoder_s_error() {
    let cases: [(&[u8], &str); 6] = [
        (&[0x05, 0x0B], "else outside of if"),
        // block; catch 0; end; end
        (
            &[0x02, 0x40, 0x07, 0x00, 0x0B, 0x0B],
            "catch outside of try",
        ),
        // block; delegate 0; end
        (&[0x02, 0x40, 0x18, 0x00, 0x0B], "delegate outside of try"),
        (&[0x01], "unexpected end"),
        (&[0x0B, 0x01], "unread bytes"),
        (&[0x27, 0x0B], "unknown opcode 0x27"),
    ];
    for (code, message) in cases {
        // Function 0 calls function 1, which is malformed.
        let wasm = module_with_bodies(&[&[0x10, 0x01, 0x0B], code]);
        assert!(
            Validator::new_with_features(WasmFeatures::all())
                .validate_all(&wasm)
                .is_err(),
            "{code:02x?}: wasmparser accepts it"
        );
        let decoded = Module::decode_from(&wasm[..]).unwrap();
        let bodies = decoded.find_std_section::<payload::Code>().unwrap();
        let expected = bodies.try_contents().unwrap()[1]
            .try_contents()
            .unwrap_err()
            .to_string();
        assert!(
            expected.contains(message) && expected.contains("(code section, function 1"),
            "{code:02x?}: {expected}"
        );
        let edits: [(&str, Edit); 4] = [
            ("add_func_import", |m| {
                m.add_func_import("env", "f", FuncType::default()).map(drop)
            }),
            ("add_import of a global", |m| {
                let global = GlobalType {
                    ty: ValueType::I32,
                    mutability: Mut::Const,
                };
                m.add_import("env", "g", Desc::Global(global)).map(drop)
            }),
            ("edit_body", |m| m.edit_body(FuncIdx(1), |_| {})),
            ("edit_bodies", |m| m.edit_bodies(|_, _| {})),
        ];
        for (name, edit) in edits {
            let mut module = Module::decode_from(&wasm[..]).unwrap();
            let err = edit(&mut module).unwrap_err();
            assert!(matches!(err, EditError::Decode(_)), "{name}: {err:?}");
            assert_eq!(err.to_string(), expected, "{name}, {code:02x?}");
            assert_eq!(module.encode_into(Vec::new()).unwrap(), wasm, "{name}");
        }
    }
}

/// A code section cut short (the last body says it is longer than what is left) and a
/// malformed export section: edits fail with the section's path, and change nothing.
#[test]
fn edits_refuse_malformed_sections_with_their_path() {
    let mut truncated = module_with_bodies(&[&[0x10, 0x01, 0x0B], &[0x01, 0x0B]]);
    let size_at = truncated.len() - 4;
    assert_eq!(truncated[size_at], 3);
    truncated[size_at] = 9;
    // An export of kind 0x09, which does not exist, in an export section placed after the
    // type and function sections (8 + 6 + 4 bytes with the preamble).
    let mut bad_export = module_with_bodies(&[&[0x0B]]);
    assert_eq!(bad_export[18], 0x0A);
    bad_export.splice(18..18, *b"\x07\x05\x01\x01f\x09\x00");
    for (wasm, section) in [
        (truncated, "(code section"),
        (bad_export, "(export section"),
    ] {
        assert!(Validator::new().validate_all(&wasm).is_err());
        let mut module = Module::decode_from(&wasm[..]).unwrap();
        let err = module
            .add_func_import("env", "f", FuncType::default())
            .unwrap_err();
        assert!(matches!(err, EditError::Decode(_)), "{err:?}");
        assert!(err.to_string().contains(section), "{err}");
        assert_eq!(module.encode_into(Vec::new()).unwrap(), wasm);
    }
}

#[test]
fn malformed_custom_payloads_are_named_and_left_raw() {
    let mut wasm = wat::parse_str("(module (func (export \"f\") call 0))").unwrap();
    let tail = b"\x00\x0b\x09producers\x05";
    wasm.extend_from_slice(tail);
    let mut module = Module::decode_from(&wasm[..]).unwrap();
    let errors = module.custom_payload_errors().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].path().starts_with(&[
            PathSegment::Section { index: 4, id: 0 },
            PathSegment::Custom { name: "producers" }
        ]),
        "{:?}",
        errors[0].path()
    );
    assert!(
        errors[0].to_string().contains("payload of \"producers\""),
        "{}",
        errors[0]
    );
    // Visits skip the payload, as decode_all does, and the section keeps its bytes.
    let mut calls = 0;
    module.visit_mut(|_: &mut FuncIdx| calls += 1).unwrap();
    assert_eq!(calls, 2);
    let out = module.encode_into(Vec::new()).unwrap();
    assert_eq!(out, wasm);
}

#[test]
fn encode_errors_have_a_type_and_a_path() {
    let (_, mut module) = module("(module (func nop))");
    let code = module.find_std_section_mut::<payload::Code>().unwrap();
    code.try_contents_mut().unwrap()[0] = Blob::new(Func {
        locals: vec![],
        expr: wasmbin::instructions::Expression::new(vec![Instruction::Block(
            wasmbin::types::BlockType::Empty,
        )]),
    });
    let err = module.encode_into(Vec::new()).unwrap_err();
    assert!(matches!(err.kind(), EncodeErrorKind::Unrepresentable(_)));
    assert_eq!(err.path(), [PathSegment::Section { index: 2, id: 10 }]);
    assert_eq!(err.io_kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().ends_with("(code section)"), "{err}");

    // The writer's own errors are kept as they are.
    #[derive(Debug)]
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::StorageFull.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let (_, module) = self::module("(module (func nop))");
    let err = module.encode_into(Full).unwrap_err();
    assert!(matches!(err.kind(), EncodeErrorKind::Io(_)));
    assert_eq!(err.io_kind(), std::io::ErrorKind::StorageFull);
}
