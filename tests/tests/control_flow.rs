//! Structured control flow is checked while decoding: `else` only directly inside an `if`
//! (once), `catch` and `catch_all` only directly inside a legacy `try` (no `catch` after
//! `catch_all`, one `catch_all`), `delegate` only to close a `try` without handlers — in
//! function bodies and in constant expressions alike. wasmparser 0.263's reader (every
//! feature, no validation) is the oracle: each binary here is read by both or by neither.

use wasmbin::instructions::{Expression, Instruction};
use wasmbin::sections::Func;
use wasmbin::{Blob, Module, Section};

/// `len` as an unsigned LEB128.
fn leb(mut len: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// Type section `() -> ()`, one function of that type whose body (no locals) is `code`.
fn module_with_body(code: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00]; // no locals
    body.extend_from_slice(code);
    let mut entries = vec![0x01];
    entries.extend(leb(body.len()));
    entries.extend_from_slice(&body);
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    out.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]); // type section
    out.extend_from_slice(&[0x03, 0x02, 0x01, 0x00]); // function section
    out.push(0x0A);
    out.extend(leb(entries.len()));
    out.extend_from_slice(&entries);
    out
}

/// Whether wasmparser reads every operator of every body and constant expression.
fn wasmparser_reads(bytes: &[u8]) -> Result<(), String> {
    let read = |mut ops: wasmparser::OperatorsReader<'_>| -> wasmparser::Result<()> {
        while !ops.eof() {
            ops.read()?;
        }
        ops.finish()
    };
    let mut parser = wasmparser::Parser::new(0);
    parser.set_features(wasmparser::WasmFeatures::all());
    for payload in parser.parse_all(bytes) {
        match payload.map_err(|e| e.to_string())? {
            wasmparser::Payload::CodeSectionEntry(body) => {
                read(body.get_operators_reader().map_err(|e| e.to_string())?)
                    .map_err(|e| e.to_string())?
            }
            wasmparser::Payload::GlobalSection(globals) => {
                for global in globals {
                    let global = global.map_err(|e| e.to_string())?;
                    read(global.init_expr.get_operators_reader()).map_err(|e| e.to_string())?
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Decodes fully, checks wasmparser agrees, and that both lazy and eager encoding give the
/// input back.
fn assert_valid(bytes: &[u8]) {
    wasmparser_reads(bytes).unwrap_or_else(|err| panic!("wasmparser: {err}"));
    let module = Module::decode_from_bytes(bytes.to_vec()).unwrap();
    module
        .decode_all()
        .unwrap_or_else(|err| panic!("wasmbin: {err}"));
    assert_eq!(module.encode_into(Vec::new()).unwrap(), bytes);
    let mut eager = module.clone();
    eager.decode_all_mut().unwrap();
    assert_eq!(eager.encode_into(Vec::new()).unwrap(), bytes);
}

/// Checks that wasmparser rejects the binary too, and returns wasmbin's error message.
fn decode_error(bytes: &[u8]) -> String {
    assert!(
        wasmparser_reads(bytes).is_err(),
        "wasmparser reads what wasmbin must reject"
    );
    let module = Module::decode_from_bytes(bytes.to_vec()).unwrap();
    module.decode_all().unwrap_err().to_string()
}

/// The error of a body `code` whose instruction `index` (at `at` bytes into the code) is
/// malformed.
fn body_error(code: &[u8], message: &str, index: usize, at: usize) {
    let bytes = module_with_body(code);
    assert_eq!(
        decode_error(&bytes),
        format!(
            "{message} at offset {:#x} (code section, function 0, instruction {index})",
            bytes.len() - code.len() + at
        ),
        "{code:02x?}"
    );
}

const EMPTY: u8 = 0x40; // block type []

#[test]
fn else_only_directly_inside_if_and_once() {
    // i32.const 0, if, else, end, end
    assert_valid(&module_with_body(&[
        0x41, 0x00, 0x04, EMPTY, 0x05, 0x0B, 0x0B,
    ]));
    // if without else
    assert_valid(&module_with_body(&[0x41, 0x00, 0x04, EMPTY, 0x0B, 0x0B]));

    body_error(&[0x05, 0x0B], "else outside of if", 0, 0);
    body_error(&[0x02, EMPTY, 0x05, 0x0B, 0x0B], "else outside of if", 1, 2);
    // In a block inside the if: not directly inside it.
    body_error(
        &[0x41, 0x00, 0x04, EMPTY, 0x02, EMPTY, 0x05, 0x0B, 0x0B, 0x0B],
        "else outside of if",
        3,
        6,
    );
    body_error(
        &[0x41, 0x00, 0x04, EMPTY, 0x05, 0x05, 0x0B, 0x0B],
        "second else in if",
        3,
        5,
    );
    // After the if's end.
    body_error(
        &[0x41, 0x00, 0x04, EMPTY, 0x0B, 0x05, 0x0B],
        "else outside of if",
        3,
        5,
    );
}

#[test]
fn catch_only_directly_inside_try_and_not_after_catch_all() {
    // try, catch 0, catch 0, catch_all, end (tags are not resolved by the reader)
    assert_valid(&module_with_body(&[
        0x06, EMPTY, 0x07, 0x00, 0x07, 0x00, 0x19, 0x0B, 0x0B,
    ]));
    assert_valid(&module_with_body(&[0x06, EMPTY, 0x0B, 0x0B])); // try without handlers

    body_error(&[0x07, 0x00, 0x0B], "catch outside of try", 0, 0);
    // try_table is not a legacy try.
    body_error(
        &[0x1F, EMPTY, 0x00, 0x07, 0x00, 0x0B, 0x0B],
        "catch outside of try",
        1,
        3,
    );
    body_error(
        &[0x41, 0x00, 0x04, EMPTY, 0x07, 0x00, 0x0B, 0x0B],
        "catch outside of try",
        2,
        4,
    );
    body_error(
        &[0x06, EMPTY, 0x19, 0x07, 0x00, 0x0B, 0x0B],
        "catch after catch_all",
        2,
        3,
    );
}

#[test]
fn catch_all_only_directly_inside_try_and_once() {
    assert_valid(&module_with_body(&[0x06, EMPTY, 0x19, 0x0B, 0x0B]));

    body_error(&[0x19, 0x0B], "catch_all outside of try", 0, 0);
    body_error(
        &[0x06, EMPTY, 0x02, EMPTY, 0x19, 0x0B, 0x0B, 0x0B],
        "catch_all outside of try",
        2,
        4,
    );
    body_error(
        &[0x06, EMPTY, 0x19, 0x19, 0x0B, 0x0B],
        "second catch_all in try",
        2,
        3,
    );
}

#[test]
fn delegate_only_closes_a_try_without_handlers() {
    // try, delegate 0, end
    assert_valid(&module_with_body(&[0x06, EMPTY, 0x18, 0x00, 0x0B]));
    // block, try, delegate 1 (to the block's label), end, end
    assert_valid(&module_with_body(&[
        0x02, EMPTY, 0x06, EMPTY, 0x18, 0x01, 0x0B, 0x0B,
    ]));

    body_error(&[0x18, 0x00, 0x0B], "delegate outside of try", 0, 0);
    body_error(
        &[0x02, EMPTY, 0x18, 0x00, 0x0B],
        "delegate outside of try",
        1,
        2,
    );
    body_error(
        &[0x06, EMPTY, 0x07, 0x00, 0x18, 0x00, 0x0B],
        "delegate after catch",
        2,
        4,
    );
    // With a padded label: the offset is the opcode's.
    body_error(
        &[0x06, EMPTY, 0x19, 0x18, 0x80, 0x00, 0x0B],
        "delegate after catch",
        2,
        3,
    );
}

#[test]
fn frames_beyond_one_word_are_kept() {
    // 40 nested ifs, each with an else on the way out: frames spill beyond the inline 16
    // and come back with their kinds; then one else too many after the outermost end.
    let depth = 40;
    let mut code = Vec::new();
    for _ in 0..depth {
        code.extend_from_slice(&[0x41, 0x00, 0x04, EMPTY]);
    }
    // Innermost: a try whose catch_all is checked at full depth.
    code.extend_from_slice(&[0x06, EMPTY, 0x19, 0x0B]);
    for _ in 0..depth {
        code.extend_from_slice(&[0x05, 0x0B]);
    }
    let mut valid = code.clone();
    valid.push(0x0B);
    assert_valid(&module_with_body(&valid));

    // Blocks in between: an else directly inside a block at depth 20 is refused.
    let mut bad = Vec::new();
    for _ in 0..20 {
        bad.extend_from_slice(&[0x41, 0x00, 0x04, EMPTY]);
    }
    bad.extend_from_slice(&[0x02, EMPTY, 0x05]);
    let at = bad.len() - 1;
    bad.extend(std::iter::repeat_n(0x0B, 22));
    body_error(&bad, "else outside of if", 41, at);
}

#[test]
fn constant_expressions_are_checked_too() {
    // A global section: one mutable-less i32 global whose initialiser is `expr`.
    let with_global = |expr: &[u8]| {
        let mut section = vec![0x01, 0x7F, 0x00];
        section.extend_from_slice(expr);
        let mut out = b"\0asm\x01\0\0\0".to_vec();
        out.extend_from_slice(&[0x06, section.len() as u8]);
        out.extend_from_slice(&section);
        out
    };
    assert_valid(&with_global(&[0x41, 0x00, 0x0B]));
    // i32.const 0, else, end
    let bytes = with_global(&[0x41, 0x00, 0x05, 0x0B]);
    assert_eq!(
        decode_error(&bytes),
        "else outside of if at offset 0xf (global section, global 0, instruction 1)"
    );
    let bytes = with_global(&[0x41, 0x00, 0x18, 0x00, 0x0B]);
    assert_eq!(
        decode_error(&bytes),
        "delegate outside of try at offset 0xf (global section, global 0, instruction 1)"
    );
}

/// Encoding refuses what would not read back, naming the instruction.
#[test]
fn misplaced_instructions_are_not_encoded() {
    let encode = |instructions: Vec<Instruction>| {
        let module = Module {
            sections: vec![
                Section::Function(Blob::new(vec![wasmbin::indices::TypeIdx(0)])),
                Section::Code(Blob::new(vec![Blob::new(Func {
                    locals: vec![],
                    expr: Expression::new(instructions),
                })])),
            ],
        };
        module
            .encode_into(Vec::new())
            .map(drop)
            .map_err(|err| err.to_string())
    };
    assert_eq!(
        encode(vec![Instruction::Nop, Instruction::Else]),
        Err("else outside of if at instruction 1 (code section)".into())
    );
    assert_eq!(
        encode(vec![
            Instruction::Try(wasmbin::types::BlockType::Empty),
            Instruction::CatchAll,
            Instruction::CatchAll,
            Instruction::End
        ]),
        Err("second catch_all in try at instruction 2 (code section)".into())
    );
    assert_eq!(
        encode(vec![Instruction::End]),
        Err(
            "expression closes more blocks than it opens (an `end` too many at instruction 0) (code section)"
                .into()
        )
    );
    assert_eq!(
        encode(vec![
            Instruction::Try(wasmbin::types::BlockType::Empty),
            Instruction::Delegate(wasmbin::indices::LabelIdx(0)),
        ]),
        Ok(())
    );
}
