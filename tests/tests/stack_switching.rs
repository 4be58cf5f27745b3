//! The [stack-switching](https://github.com/WebAssembly/stack-switching) proposal in text:
//! modules written here in WAT, turned into binaries by `wast`, read by wasmparser (all
//! features) as the oracle. Every type and instruction of the proposal appears at least
//! once. (The spec test suite crate has no stack-switching folder, and wasm-smith 0.263
//! cannot generate the proposal.)

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::Encode as _;
use wasmbin::indices::{LabelIdx, TagIdx, TypeIdx};
use wasmbin::instructions::{Handler, Instruction, Resume, ResumeThrow};
use wasmbin::io::{encode_to_vec, S33};
use wasmbin::payload::StdPayload;
use wasmbin::types::{AbsHeapType, CompositeType, HeapType, RecGroup, RefType, SubType, ValueType};
use wasmbin::{payload, Blob, Module};
use wasmbin_tests::{lazy_roundtrip, reencoder_output, wat};

/// Every stack-switching type and instruction, with the handler forms of each `resume`.
const ALL: &str = r#"
(module
  (type $f1 (func (param i32) (result i32)))
  (type $k1 (cont $f1))
  (type $f0 (func (result i32)))
  (type $k0 (cont $f0))
  (type $fs (func (param (ref null $ks)) (result i32)))
  (rec
    (type $ks (cont $fs)))
  (type $big (cont 70000))
  (tag $yield (param i32) (result i32))
  (tag $exn (param i32))
  (tag $sw (result i32))

  (global $g1 contref (ref.null cont))
  (global $g2 nullcontref (ref.null nocont))
  (global $g3 (ref null cont) (ref.null cont))
  (global $g4 (ref null nocont) (ref.null nocont))
  (global $g5 (ref null $k1) (ref.null $k1))

  (elem declare func $body $body0)
  (func $body (param i32) (result i32) (local.get 0))
  (func $body0 (result i32) (i32.const 7))

  (func $all (param $c (ref null $k1)) (param $n (ref $ks)) (param exnref)
    (result i32)
    (local contref nullcontref (ref cont) (ref nocont) (ref null (shared cont)))
    (block $on_yield (result i32 (ref $k0))
      (block $on_other (result i32 (ref $k0))
        (resume $k1 (on $yield $on_yield) (on $exn $on_other) (on $sw switch)
          (i32.const 1) (cont.new $k1 (ref.func $body)))
        (drop)
        (resume $k0 (cont.bind $k1 $k0 (i32.const 2) (local.get $c)))
        (drop)
        (resume_throw $k1 $exn (i32.const 3) (local.get $c))
        (drop)
        (resume_throw $k1 $exn (on $yield $on_yield) (i32.const 3) (local.get $c))
        (drop)
        (resume_throw_ref $k1 (on $sw switch) (local.get 2) (local.get $c))
        (drop)
        (resume_throw_ref $k1 (local.get 2) (local.get $c))
        (drop)
        (resume $k1 (i32.const 4) (local.get $c))
        (drop)
        (switch $ks $sw (local.get $n))
        (drop)
        (suspend $yield (i32.const 5))
        (return))
      (unreachable))
    (drop)
    (memory.discard (i32.const 0) (i32.const 0))
    (i32.const 0))
  (memory 1))
"#;

/// The decoded contents of the module's section of kind `P`.
fn contents<P: StdPayload>(module: &Module) -> &P::Contents {
    module
        .find_std_section::<P>()
        .map(Blob::try_contents)
        .expect("section present")
        .expect("section decodes")
}

/// Each function body's instructions as wasmparser reads them, written back one by one
/// with wasm-encoder: the instruction boundaries the oracle sees.
fn oracle_instructions(bytes: &[u8]) -> Vec<Vec<Vec<u8>>> {
    let mut parser = wasmparser::Parser::new(0);
    parser.set_features(wasmparser::WasmFeatures::all());
    let mut bodies = Vec::new();
    for payload in parser.parse_all(bytes) {
        if let wasmparser::Payload::CodeSectionEntry(body) = payload.unwrap() {
            let mut reader = body.get_operators_reader().unwrap();
            let mut ops = Vec::new();
            while !reader.eof() {
                let op = reader.read().unwrap();
                let mut out = Vec::new();
                RoundtripReencoder.instruction(op).unwrap().encode(&mut out);
                ops.push(out);
            }
            // wasmbin keeps the closing `end` out of the list.
            assert_eq!(ops.pop(), Some(vec![0x0B]));
            bodies.push(ops);
        }
    }
    bodies
}

/// Lazy and eager round trips against the oracles, and the instruction boundaries.
fn check_against_wasmparser(bytes: &[u8]) -> Module {
    let module = lazy_roundtrip(bytes).unwrap();
    let mut eager = Module::decode_from(bytes).unwrap();
    eager.decode_all_mut().unwrap();
    assert_eq!(
        eager.encode_into(Vec::new()).unwrap(),
        reencoder_output(bytes).unwrap(),
        "eager encoding differs from RoundtripReencoder"
    );
    let funcs = module
        .find_std_section::<payload::Code>()
        .map_or(Ok(&[][..]), |code| code.try_contents().map(Vec::as_slice))
        .unwrap();
    let oracle = oracle_instructions(bytes);
    assert_eq!(funcs.len(), oracle.len());
    for (func, expected) in funcs.iter().zip(oracle) {
        let ours: Vec<Vec<u8>> = func
            .try_contents()
            .unwrap()
            .expr
            .instructions
            .iter()
            .map(|i| encode_to_vec(i).unwrap())
            .collect();
        assert_eq!(ours, expected);
    }
    module
}

#[test]
fn every_stack_switching_instruction_and_type() {
    let bytes = wat(ALL);
    let module = check_against_wasmparser(&bytes);

    let groups = contents::<payload::Type>(&module);
    let composite = |i: usize| groups[i].types()[0].composite().clone();
    assert_eq!(composite(1), CompositeType::Cont(S33(TypeIdx(0))));
    assert_eq!(composite(3), CompositeType::Cont(S33(TypeIdx(2))));
    assert_eq!(composite(6), CompositeType::Cont(S33(TypeIdx(70_000))));
    assert!(matches!(groups[5], RecGroup::Rec(_)));

    let globals = contents::<payload::Global>(&module);
    let types: Vec<ValueType> = globals.iter().map(|g| g.ty.ty).collect();
    // `wast` writes `(ref null cont)` in its short form; the long forms keep theirs.
    assert_eq!(
        types[..2],
        [
            ValueType::Ref(RefType::ContRef),
            ValueType::Ref(RefType::NullContRef)
        ]
    );
    assert_eq!(
        types
            .iter()
            .map(|t| match t {
                ValueType::Ref(r) => r.heap_type(),
                _ => unreachable!(),
            })
            .collect::<Vec<_>>(),
        [
            HeapType::Abstract(AbsHeapType::Cont),
            HeapType::Abstract(AbsHeapType::NoCont),
            HeapType::Abstract(AbsHeapType::Cont),
            HeapType::Abstract(AbsHeapType::NoCont),
            HeapType::Concrete(S33(TypeIdx(1))),
        ]
    );
    assert_eq!(
        globals[0].init.instructions,
        [Instruction::RefNull(HeapType::Abstract(AbsHeapType::Cont))]
    );

    let body = contents::<payload::Code>(&module)[2]
        .try_contents()
        .unwrap();
    let instructions = &body.expr.instructions;
    let find = |pred: &dyn Fn(&Instruction) -> bool| {
        instructions
            .iter()
            .filter(|i| pred(i))
            .cloned()
            .collect::<Vec<_>>()
    };
    let (k1, k0, ks) = (TypeIdx(1), TypeIdx(3), TypeIdx(5));
    let (yield_, exn, sw) = (TagIdx(0), TagIdx(1), TagIdx(2));
    assert_eq!(
        find(&|i| matches!(i, Instruction::ContNew(_) | Instruction::ContBind { .. })),
        [
            Instruction::ContNew(k1),
            Instruction::ContBind { from: k1, to: k0 }
        ]
    );
    assert_eq!(
        find(&|i| matches!(i, Instruction::Resume(_))),
        [
            Instruction::Resume(Box::new(Resume {
                cont: k1,
                handlers: vec![
                    Handler::OnLabel(yield_, LabelIdx(1)),
                    Handler::OnLabel(exn, LabelIdx(0)),
                    Handler::OnSwitch(sw),
                ],
            })),
            Instruction::Resume(Box::new(Resume {
                cont: k0,
                handlers: vec![]
            })),
            Instruction::Resume(Box::new(Resume {
                cont: k1,
                handlers: vec![]
            })),
        ]
    );
    assert_eq!(
        find(&|i| matches!(i, Instruction::ResumeThrow(_))),
        [
            Instruction::ResumeThrow(Box::new(ResumeThrow {
                cont: k1,
                tag: exn,
                handlers: vec![]
            })),
            Instruction::ResumeThrow(Box::new(ResumeThrow {
                cont: k1,
                tag: exn,
                handlers: vec![Handler::OnLabel(yield_, LabelIdx(1))]
            })),
        ]
    );
    assert_eq!(
        find(&|i| matches!(i, Instruction::ResumeThrowRef(_))),
        [
            Instruction::ResumeThrowRef(Box::new(Resume {
                cont: k1,
                handlers: vec![Handler::OnSwitch(sw)]
            })),
            Instruction::ResumeThrowRef(Box::new(Resume {
                cont: k1,
                handlers: vec![]
            })),
        ]
    );
    assert_eq!(
        find(&|i| matches!(
            i,
            Instruction::Switch(..) | Instruction::Suspend(_) | Instruction::MemoryDiscard(_)
        )),
        [
            Instruction::Switch(ks, sw),
            Instruction::Suspend(yield_),
            Instruction::MemoryDiscard(wasmbin::indices::MemIdx(0)),
        ]
    );
    // None of them opens or closes a block.
    let depth: i32 = instructions.iter().map(Instruction::depth_change).sum();
    assert_eq!(depth, 0);
}

/// Shared continuation types and the shared abstract `cont` heap type.
#[test]
fn shared_continuations() {
    let bytes = wat(r#"
      (module
        (type $f (shared (func)))
        (type $k (shared (cont $f)))
        (global (ref null (shared cont)) (ref.null (shared cont)))
        (global (ref null (shared nocont)) (ref.null (shared nocont))))
    "#);
    let module = check_against_wasmparser(&bytes);
    let groups = contents::<payload::Type>(&module);
    assert!(matches!(
        &groups[1],
        RecGroup::Single(SubType::Plain(CompositeType::Shared(
            wasmbin::types::SharedCompositeType::Cont(S33(TypeIdx(0)))
        )))
    ));
    let globals = contents::<payload::Global>(&module);
    assert_eq!(
        globals[0].ty.ty,
        ValueType::Ref(RefType::SharedRef(AbsHeapType::Cont))
    );
    assert_eq!(
        globals[1].ty.ty,
        ValueType::Ref(RefType::SharedRef(AbsHeapType::NoCont))
    );
}

/// Malformed handler clauses and continuation types are errors with their offset, as in
/// wasmparser.
#[test]
fn malformed_stack_switching_binaries() {
    let good = wat(r#"
      (module
        (type $f (func))
        (type $k (cont $f))
        (tag $t)
        (func (param (ref null $k))
          (block $l (result (ref $k))
            (resume $k (on $t $l) (local.get 0))
            (return))
          (drop)))
    "#);
    check_against_wasmparser(&good);
    let reads = |bytes: &[u8]| {
        let wasmparser_ok = {
            let mut parser = wasmparser::Parser::new(0);
            parser.set_features(wasmparser::WasmFeatures::all());
            parser.parse_all(bytes).all(|payload| match payload {
                Ok(wasmparser::Payload::CodeSectionEntry(body)) => body
                    .get_operators_reader()
                    .and_then(|mut r| {
                        while !r.eof() {
                            r.read()?;
                        }
                        Ok(())
                    })
                    .is_ok(),
                Ok(wasmparser::Payload::TypeSection(types)) => {
                    types.into_iter().all(|group| group.is_ok())
                }
                other => other.is_ok(),
            })
        };
        let wasmbin = Module::decode_from(bytes).and_then(|m| m.decode_all().map(|_| ()));
        (wasmparser_ok, wasmbin)
    };
    // Replaces the byte after `pattern` with `byte`: both readers must refuse the result,
    // wasmbin with `message` at that offset.
    let refuse = |pattern: &[u8], byte: u8, message: &str| {
        let at = good
            .windows(pattern.len())
            .position(|w| w == pattern)
            .unwrap_or_else(|| panic!("{pattern:02x?} not found"))
            + pattern.len();
        let mut bad = good.clone();
        bad[at] = byte;
        let (parser_ok, ours) = reads(&bad);
        assert!(!parser_ok, "wasmparser reads {message}");
        let err = ours.expect_err(message);
        assert!(err.to_string().contains(message), "{err}");
        assert_eq!(err.offset(), at);
    };
    // `resume $k` with one handler whose clause tag (0x00, `on tag label`) becomes 0x02.
    refuse(&[0xE3, 0x01, 0x01], 0x02, "unknown handler clause 0x02");
    // `cont` with a negative type index (s33 -1 = 0x7F).
    refuse(&[0x5D], 0x7F, "type index -1 out of range");
}
