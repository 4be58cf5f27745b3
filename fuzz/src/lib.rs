//! Checks shared by the fuzz targets (and by the regression tests that replay their
//! findings).

use arbitrary::{Result, Unstructured};
use wasmbin::{DecodeError, Module};

#[path = "component.rs"]
pub mod component;

pub use wasmbin_testkit::smith_module;

/// A module of the stack-switching proposal, which wasm-smith 0.263 cannot generate:
/// continuation types, `contref`/`nullcontref` locals, and a body of `cont.new`,
/// `cont.bind`, `suspend`, `resume`, `resume_throw`, `resume_throw_ref` and `switch` with
/// arbitrary immediates and handler tables. Well-formed, not necessarily valid: the
/// differential target compares reading, which wasmparser does with every feature on.
pub fn stack_switching_module(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    use wasm_encoder::{
        AbstractHeapType, CodeSection, ContType, Function, FunctionSection, Handle, HeapType,
        Instruction, Module, RefType, TagKind, TagSection, TagType, TypeSection, ValType,
    };
    let small = |u: &mut Unstructured<'_>| -> Result<u32> {
        Ok(if u.ratio(1, 8)? {
            u.arbitrary()?
        } else {
            u.int_in_range(0..=3)?
        })
    };
    let mut types = TypeSection::new();
    types.ty().function([], []);
    for _ in 0..u.int_in_range(1..=3)? {
        // Below 2^20: wasmparser refuses larger type indices inside types as beyond its
        // implementation limits (the format allows them, and wasmbin reads them).
        types.ty().cont(&ContType(small(u)? & 0xF_FFFF));
    }
    let mut functions = FunctionSection::new();
    functions.function(0);
    let mut tags = TagSection::new();
    tags.tag(TagType {
        kind: TagKind::Exception,
        func_type_idx: 0,
    });
    let cont = |ty, nullable, shared| {
        ValType::Ref(RefType {
            nullable,
            heap_type: HeapType::Abstract { shared, ty },
        })
    };
    let locals = [
        cont(AbstractHeapType::Cont, u.arbitrary()?, u.arbitrary()?),
        cont(AbstractHeapType::NoCont, u.arbitrary()?, u.arbitrary()?),
    ];
    let mut body = Function::new_with_locals_types(locals);
    for _ in 0..u.arbitrary_len::<[u8; 4]>()? {
        let handlers = |u: &mut Unstructured<'_>| -> Result<Vec<Handle>> {
            (0..u.int_in_range(0..=3)?)
                .map(|_| {
                    Ok(if u.arbitrary()? {
                        Handle::OnLabel {
                            tag: small(u)?,
                            label: small(u)?,
                        }
                    } else {
                        Handle::OnSwitch { tag: small(u)? }
                    })
                })
                .collect()
        };
        let instruction = match u.int_in_range(0..=7)? {
            0 => Instruction::ContNew(small(u)?),
            1 => Instruction::ContBind {
                argument_index: small(u)?,
                result_index: small(u)?,
            },
            2 => Instruction::Suspend(small(u)?),
            3 => Instruction::Resume {
                cont_type_index: small(u)?,
                resume_table: handlers(u)?.into(),
            },
            4 => Instruction::ResumeThrow {
                cont_type_index: small(u)?,
                tag_index: small(u)?,
                resume_table: handlers(u)?.into(),
            },
            5 => Instruction::ResumeThrowRef {
                cont_type_index: small(u)?,
                resume_table: handlers(u)?.into(),
            },
            6 => Instruction::Switch {
                cont_type_index: small(u)?,
                tag_index: small(u)?,
            },
            _ => Instruction::RefNull(HeapType::Abstract {
                shared: u.arbitrary()?,
                ty: *u.choose(&[AbstractHeapType::Cont, AbstractHeapType::NoCont])?,
            }),
        };
        body.instruction(&instruction);
    }
    body.instruction(&Instruction::End);
    let mut code = CodeSection::new();
    code.function(&body);
    let mut module = Module::new();
    module
        .section(&types)
        .section(&functions)
        .section(&tags)
        .section(&code);
    Ok(module.finish())
}

/// What `wasm-encoder`'s `RoundtripReencoder` makes of a module (parsed with every
/// wasmparser feature), or `None` when it cannot read it.
pub fn reencoder_output(bytes: &[u8]) -> Option<Vec<u8>> {
    wasmbin_testkit::reencoder_output(bytes).ok()
}

/// Decodes every part, re-encodes everything from values, decodes that again; returns the
/// eager encoding. Panics if the re-encoded module decodes to a different value.
pub fn eager_roundtrip(module: &Module) -> Vec<u8> {
    let mut owned = module.clone();
    owned
        .decode_all_mut()
        .expect("decode_all_mut after decode_all succeeded");
    let bytes = owned
        .encode_into(Vec::new())
        .expect("a decoded module must encode");
    let again = Module::decode_from_bytes(bytes.clone()).expect("re-encoded module decodes");
    again.decode_all().expect("re-encoded module decodes fully");
    assert!(
        again == *module,
        "eager re-encode decodes to a different module"
    );
    bytes
}

/// Lazy decode of arbitrary bytes: no panic; whatever decodes is written back exactly, also
/// after every part was decoded; a fully decodable module survives the eager round trip.
pub fn check_decode(data: &[u8]) {
    let Ok(module) = Module::decode_from_bytes(data.to_vec()) else {
        return;
    };
    let lazy = module
        .encode_into(Vec::new())
        .expect("an untouched module encodes");
    assert!(lazy == data, "lazy round trip changed the bytes");
    if module.decode_all().is_ok() {
        let lazy = module
            .encode_into(Vec::new())
            .expect("encode after decode_all");
        assert!(lazy == data, "decoding parts changed the encoding");
        eager_roundtrip(&module);
    }
}

/// A valid module (from wasm-smith): all round trips, and the eager encoding equals the
/// `RoundtripReencoder`'s.
pub fn check_valid_module(bytes: &[u8]) {
    let module = Module::decode_from_bytes(bytes.to_vec())
        .unwrap_or_else(|err| panic!("valid module does not decode: {err}"));
    let lazy = module.encode_into(Vec::new()).expect("lazy encode");
    assert!(lazy == bytes, "lazy round trip changed the bytes");
    if let Err(err) = module.decode_all() {
        panic!("valid module does not decode fully: {err}");
    }
    let eager = eager_roundtrip(&module);
    if let Some(oracle) = reencoder_output(bytes) {
        assert!(
            eager == oracle,
            "eager encoding differs from RoundtripReencoder's ({} vs {} bytes)",
            eager.len(),
            oracle.len()
        );
    }
}

/// Encode → decode → equal value, for a module built from arbitrary values. Values that
/// the format cannot express must fail to encode rather than give other bytes.
pub fn check_ast(module: &Module) {
    let Ok(bytes) = module.encode_into(Vec::new()) else {
        return;
    };
    let decoded = Module::decode_from_bytes(bytes.clone())
        .unwrap_or_else(|err| panic!("encoded module does not decode: {err}"));
    if let Err(err) = decoded.decode_all() {
        panic!("encoded module does not decode fully: {err}\n{module:#?}");
    }
    assert!(
        decoded == *module,
        "decoded value differs\nencoded: {module:#?}\ndecoded: {decoded:#?}"
    );
    let again = decoded.encode_into(Vec::new()).expect("re-encode");
    assert!(again == bytes, "decoded module encodes differently");
}

/// Decoding all parts in module order, and decoding each part on demand in another order
/// (from a copy made through `io::Read`), find the same values or the same first error
/// (same kind, offset and path).
pub fn check_lazy_vs_eager(data: &[u8]) {
    let Some((&order, data)) = data.split_first() else {
        return;
    };
    let eager = Module::decode_from_bytes(data.to_vec());
    let on_demand = Module::decode_from(data);
    let (eager, on_demand) = match (eager, on_demand) {
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "the two entry points disagree");
            return;
        }
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => panic!("the two entry points disagree: {a:?} vs {b:?}"),
    };
    let eager_result = eager.decode_all().map(|_| ());

    // Touch the parts in reverse (odd `order`) or in a rotated order first.
    let count = on_demand.sections.len();
    let mut first_error: Option<(usize, usize, DecodeError)> = None;
    for step in 0..count {
        let index = if order & 1 == 1 {
            count - 1 - step
        } else {
            (step + order as usize) % count
        };
        let section = &on_demand.sections[index];
        let mut record = |body: usize, err: DecodeError| {
            if first_error
                .as_ref()
                .is_none_or(|(s, b, _)| (index, body) < (*s, *b))
            {
                first_error = Some((index, body, err));
            }
        };
        match section {
            wasmbin::Section::Code(code) => match code.try_contents() {
                Ok(bodies) => {
                    for (body, blob) in bodies.iter().enumerate().rev() {
                        if let Err(err) = blob.try_contents() {
                            record(body, err);
                        }
                    }
                }
                Err(err) => record(0, err),
            },
            other => {
                if let Err(err) = wasmbin::Visit::visit(other, |_: &()| {}) {
                    record(0, err);
                }
            }
        }
    }
    let on_demand_result = on_demand.decode_all().map(|_| ());
    match (&eager_result, &on_demand_result) {
        (Ok(()), Ok(())) => {
            assert!(first_error.is_none() || custom_only(&on_demand, &first_error));
            assert!(eager == on_demand, "values differ");
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "errors differ");
            if let Some((_, _, err)) = &first_error {
                if !custom_only(&on_demand, &first_error) {
                    assert_eq!(err, a, "first on-demand error differs from eager error");
                }
            }
        }
        _ => panic!("eager: {eager_result:?}, on demand: {on_demand_result:?}"),
    }
}

/// Whether the recorded first error is in a custom section's payload (a warning, which
/// `decode_all` does not report as an error).
fn custom_only(module: &Module, first: &Option<(usize, usize, DecodeError)>) -> bool {
    matches!(first, Some((index, _, _)) if matches!(module.sections[*index], wasmbin::Section::Custom(_)))
}

/// The cross-section facts of one module that wasmparser's parser leaves to its validator:
/// function and code counts, data count and data segments, data indices in code.
#[derive(Default)]
pub struct CoreCounts {
    functions: u32,
    bodies: u32,
    data_count: Option<u32>,
    segments: u32,
    uses_data: bool,
}

impl CoreCounts {
    /// The checks at the end of a module.
    pub fn finish(&self) -> std::result::Result<(), String> {
        if self.functions != self.bodies {
            return Err("function and code section have inconsistent lengths".into());
        }
        match self.data_count {
            Some(count) if count != self.segments => {
                Err("data count and data section have inconsistent lengths".into())
            }
            None if self.uses_data => Err("data count section required".into()),
            _ => Ok(()),
        }
    }
}

/// Reads every part of one payload of a core module (`Ok(Err(..))` for a section wasmparser
/// does not know).
pub fn read_core_payload(
    counts: &mut CoreCounts,
    payload: wasmparser::Payload<'_>,
) -> wasmparser::Result<std::result::Result<(), String>> {
    use wasmparser::{Operator, Payload};
    fn ops(mut reader: wasmparser::OperatorsReader<'_>) -> wasmparser::Result<bool> {
        let mut uses_data = false;
        while !reader.eof() {
            uses_data |= matches!(
                reader.read()?,
                Operator::MemoryInit { .. }
                    | Operator::DataDrop { .. }
                    | Operator::ArrayNewData { .. }
                    | Operator::ArrayInitData { .. }
            );
        }
        reader.finish()?;
        Ok(uses_data)
    }
    match payload {
        Payload::TypeSection(r) => r.into_iter().try_for_each(|t| t.map(|_| ()))?,
        Payload::ImportSection(r) => r.into_imports().try_for_each(|i| i.map(|_| ()))?,
        Payload::FunctionSection(r) => {
            counts.functions = r.count();
            r.into_iter().try_for_each(|t| t.map(|_| ()))?
        }
        Payload::TableSection(r) => {
            for table in r {
                if let wasmparser::TableInit::Expr(e) = table?.init {
                    ops(e.get_operators_reader())?;
                }
            }
        }
        Payload::MemorySection(r) => r.into_iter().try_for_each(|t| t.map(|_| ()))?,
        Payload::TagSection(r) => r.into_iter().try_for_each(|t| t.map(|_| ()))?,
        Payload::GlobalSection(r) => {
            for global in r {
                ops(global?.init_expr.get_operators_reader())?;
            }
        }
        Payload::ExportSection(r) => r.into_iter().try_for_each(|t| t.map(|_| ()))?,
        Payload::ElementSection(r) => {
            for element in r {
                let element = element?;
                if let wasmparser::ElementKind::Active { offset_expr, .. } = element.kind {
                    ops(offset_expr.get_operators_reader())?;
                }
                match element.items {
                    wasmparser::ElementItems::Functions(f) => {
                        f.into_iter().try_for_each(|t| t.map(|_| ()))?
                    }
                    wasmparser::ElementItems::Expressions(_, e) => {
                        for expr in e {
                            ops(expr?.get_operators_reader())?;
                        }
                    }
                }
            }
        }
        Payload::DataCountSection { count, .. } => counts.data_count = Some(count),
        Payload::DataSection(r) => {
            counts.segments = r.count();
            for segment in r {
                if let wasmparser::DataKind::Active { offset_expr, .. } = segment?.kind {
                    ops(offset_expr.get_operators_reader())?;
                }
            }
        }
        Payload::CodeSectionEntry(body) => {
            counts.bodies += 1;
            for local in body.get_locals_reader()? {
                local?;
            }
            counts.uses_data |= ops(body.get_operators_reader()?)?;
        }
        Payload::UnknownSection { id, .. } => return Ok(Err(format!("unknown section {id}"))),
        _ => {}
    }
    Ok(Ok(()))
}

/// The features the differential readers give wasmparser: every one except the two
/// proposals that read memarg flag bits 4 and 5 as something other than alignment
/// (acquire-release atomics: an ordering byte follows; multibyte array access: an array type
/// index follows). Wasm 3.0 reads those bits as alignment, and so does wasmbin.
pub fn reader_features() -> wasmparser::WasmFeatures {
    use wasmparser::WasmFeatures;
    WasmFeatures::all()
        - WasmFeatures::ACQUIRE_RELEASE_ATOMICS
        - WasmFeatures::MULTIBYTE_ARRAY_ACCESS
}

/// Whether wasmparser rejected an input only because of the one form wasmbin reads and
/// wasmparser without acquire-release atomics (see [`reader_features`]) does not: the
/// `acqrel` ordering byte (`0x01`) of `atomic.fence`.
pub fn rejected_fence_ordering(error: &str) -> bool {
    error.contains("nonzero byte after `atomic.fence`")
}

/// Whether `wasmparser` (no validation, [`reader_features`]) reads every part of the module
/// that wasmbin's `decode_all` reads, plus the cross-section checks the binary format makes.
pub fn wasmparser_reads(data: &[u8]) -> std::result::Result<(), String> {
    use wasmparser::{Encoding, Payload};
    let run = || -> wasmparser::Result<std::result::Result<(), String>> {
        let mut parser = wasmparser::Parser::new(0);
        parser.set_features(reader_features());
        let mut counts = CoreCounts::default();
        for payload in parser.parse_all(data) {
            match payload? {
                Payload::Version { encoding, .. } if encoding != Encoding::Module => {
                    return Ok(Err("not a core module".into()))
                }
                payload => {
                    if let Err(err) = read_core_payload(&mut counts, payload)? {
                        return Ok(Err(err));
                    }
                }
            }
        }
        Ok(counts.finish())
    };
    match run() {
        Ok(result) => result,
        Err(err) => Err(err.to_string()),
    }
}

/// wasmbin's verdict on a module: `Ok` when it decodes fully (custom payloads aside), else
/// its error.
pub fn wasmbin_reads(data: &[u8]) -> std::result::Result<(), String> {
    Module::decode_from_bytes(data.to_vec())
        .and_then(|m| m.decode_all().map(|_| ()))
        .map_err(|e| e.to_string())
}

/// The differential oracle: the verdicts of wasmbin ([`wasmbin_reads`]) and of wasmparser
/// ([`wasmparser_reads`]) on one input agree, or differ only where intended (the `acqrel`
/// fence ordering, see [`rejected_fence_ordering`]); `Err` describes a disagreement.
pub fn compare_verdicts(
    ours: &std::result::Result<(), String>,
    theirs: &std::result::Result<(), String>,
) -> std::result::Result<(), String> {
    if ours.is_ok()
        && theirs
            .as_ref()
            .is_err_and(|err| rejected_fence_ordering(err))
    {
        return Ok(());
    }
    if ours.is_ok() != theirs.is_ok() {
        return Err(format!("wasmbin: {ours:?}\nwasmparser: {theirs:?}"));
    }
    Ok(())
}

/// wasmbin decodes a module fully exactly when wasmparser reads it.
pub fn check_differential(data: &[u8]) {
    if let Err(disagreement) = compare_verdicts(&wasmbin_reads(data), &wasmparser_reads(data)) {
        panic!("{disagreement}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stack-switching modules are well-formed: both readers take them, so the
    /// differential target compares two decodes instead of two errors, and wasmbin writes
    /// them back as the input (lazily) and as wasm-encoder does (eagerly).
    #[test]
    fn stack_switching_modules_are_read_by_both() {
        let mut rng = wasmbin_testkit::Rng::new(0x2545_F491_4F6C_DD1D);
        for len in 0..300 {
            let bytes = rng.bytes(len * 8);
            let module = stack_switching_module(&mut Unstructured::new(&bytes)).unwrap();
            check_differential(&module);
            assert!(wasmparser_reads(&module).is_ok());
            let decoded = Module::decode_from_bytes(module.clone()).unwrap();
            decoded.decode_all().unwrap();
            assert_eq!(decoded.encode_into(Vec::new()).unwrap(), module);
            assert_eq!(Some(eager_roundtrip(&decoded)), reencoder_output(&module));
        }
    }

    /// A module with one function `() -> ()` whose body (no locals) is `code`.
    fn module_with_body(code: &[u8]) -> Vec<u8> {
        use wasm_encoder::{CodeSection, Function, FunctionSection, TypeSection};
        let mut types = TypeSection::new();
        types.ty().function([], []);
        let mut functions = FunctionSection::new();
        functions.function(0);
        let mut body = Function::new([]);
        body.raw(code.iter().copied());
        let mut bodies = CodeSection::new();
        bodies.function(&body);
        let mut module = wasm_encoder::Module::new();
        module.section(&types).section(&functions).section(&bodies);
        module.finish()
    }

    /// The differential target catches a regression of the structured control flow checks:
    /// for each misplaced `else`, `catch`, `catch_all` or `delegate`, wasmparser refuses the
    /// body, a wasmbin that accepted it would be reported, and the real wasmbin agrees with
    /// wasmparser. Well-placed ones are read by both.
    #[test]
    fn differential_oracle_flags_misplaced_control_flow() {
        const EMPTY: u8 = 0x40; // block type []
        let misplaced: [&[u8]; 10] = [
            &[0x05, 0x0B],                                      // else outside of if
            &[0x02, EMPTY, 0x05, 0x0B, 0x0B],                   // else in a block
            &[0x41, 0x00, 0x04, EMPTY, 0x05, 0x05, 0x0B, 0x0B], // second else
            &[0x07, 0x00, 0x0B],                                // catch outside of try
            &[0x1F, EMPTY, 0x00, 0x07, 0x00, 0x0B, 0x0B],       // catch in a try_table
            &[0x06, EMPTY, 0x19, 0x07, 0x00, 0x0B, 0x0B],       // catch after catch_all
            &[0x19, 0x0B],                                      // catch_all outside of try
            &[0x06, EMPTY, 0x19, 0x19, 0x0B, 0x0B],             // second catch_all
            &[0x02, EMPTY, 0x18, 0x00, 0x0B],                   // delegate closing a block
            &[0x06, EMPTY, 0x07, 0x00, 0x18, 0x00, 0x0B],       // delegate after catch
        ];
        for code in misplaced {
            let bytes = module_with_body(code);
            let theirs = wasmparser_reads(&bytes);
            assert!(theirs.is_err(), "wasmparser reads {code:02x?}");
            let lenient = compare_verdicts(&Ok(()), &theirs);
            assert!(
                lenient.is_err_and(|msg| msg.contains("wasmbin: Ok(())")),
                "a wasmbin accepting {code:02x?} goes unnoticed"
            );
            let ours = wasmbin_reads(&bytes);
            assert!(ours.is_err(), "wasmbin reads {code:02x?}");
            assert_eq!(compare_verdicts(&ours, &theirs), Ok(()), "{code:02x?}");
            check_differential(&bytes);
        }
        let well_placed: [&[u8]; 3] = [
            &[0x41, 0x00, 0x04, EMPTY, 0x05, 0x0B, 0x0B], // if … else … end
            &[0x06, EMPTY, 0x07, 0x00, 0x19, 0x0B, 0x0B], // try, catch, catch_all
            &[0x06, EMPTY, 0x18, 0x00, 0x0B],             // try … delegate
        ];
        for code in well_placed {
            let bytes = module_with_body(code);
            let theirs = wasmparser_reads(&bytes);
            assert_eq!(theirs, Ok(()), "{code:02x?}");
            assert_eq!(wasmbin_reads(&bytes), Ok(()), "{code:02x?}");
            // A wasmbin refusing them would be reported too.
            assert!(compare_verdicts(&Err("refused".into()), &theirs).is_err());
        }
    }
}
