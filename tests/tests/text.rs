//! The text format of instructions — `Mnemonic` and `Display` — against wasmprinter 0.263:
//! every opcode wasmbin decodes, and every instruction of the spec suite's modules and of
//! the smaller corpus binaries. The differences that are normalised away (comments, block
//! signatures copied from the type section, abbreviations of reference types) are listed
//! in `support/wasmprinter_oracle.rs`.

use crate::wasmprinter_oracle as oracle;

use wasmbin::instructions::Instruction;
use wasmbin::io::{decode_exact, write_unsigned, Decode, Reader};
use wasmbin::text::Mnemonic;
use wasmbin::{payload, Module, Section};

/// Every opcode of the decoder (`Instruction::OPCODES`, generated from the same variants as
/// the decoder), read from its bytes followed by zeros, which every immediate accepts:
/// the instruction has that opcode and name, and prints as wasmprinter prints those bytes.
#[test]
fn every_opcode_prints_as_wasmprinter_prints_it() {
    let mut failures = Vec::new();
    for &(opcode, mnemonic) in Instruction::OPCODES {
        let mut bytes = Vec::from_iter(opcode.prefix);
        if opcode.prefix.is_some() {
            write_unsigned(&mut bytes, opcode.code.into()).unwrap();
        } else {
            bytes.push(opcode.code as u8);
        }
        bytes.extend([0; 40]);
        let instruction = Instruction::decode(&mut Reader::new(&bytes))
            .unwrap_or_else(|err| panic!("{mnemonic} ({opcode}) does not decode: {err}"));
        assert_eq!(instruction.opcode(), opcode, "{mnemonic}");
        assert_eq!(instruction.mnemonic(), mnemonic, "{opcode}");
        match oracle::line_of(&instruction) {
            Ok(line) => {
                if let Some(message) = oracle::disagreement(&instruction, &line) {
                    failures.push(format!("{opcode} {mnemonic}: {message}"));
                }
            }
            Err(err) => failures.push(format!("{opcode} {mnemonic}: {err}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        Instruction::OPCODES.len() > 600,
        "{}",
        Instruction::OPCODES.len()
    );
}

/// Every instruction of `wasm` against wasmprinter's line for it; `wasm` is printed without
/// its custom sections (so that wasmprinter writes indices, not names). Returns the number
/// of instructions compared, or what differed.
fn compare_module(wasm: &[u8]) -> Result<usize, String> {
    let mut module = Module::decode_from(wasm).map_err(|err| err.to_string())?;
    module
        .sections
        .retain(|section| !matches!(section, Section::Custom(_)));
    let stripped = module.encode_into(Vec::new()).map_err(|e| e.to_string())?;
    let expected = oracle::instruction_lines(&stripped)?;
    let Some(code) = module.find_std_section::<payload::Code>() else {
        return Ok(0);
    };
    let bodies = code.try_contents().map_err(|err| err.to_string())?;
    assert_eq!(bodies.len(), expected.len());
    let mut compared = 0;
    for (index, (body, lines)) in bodies.iter().zip(&expected).enumerate() {
        let instructions = &body
            .try_contents()
            .map_err(|e| e.to_string())?
            .expr
            .instructions;
        if instructions.len() != lines.len() {
            return Err(format!(
                "function {index}: {} instructions, wasmprinter {}",
                instructions.len(),
                lines.len()
            ));
        }
        for (i, (instruction, line)) in instructions.iter().zip(lines).enumerate() {
            if let Some(message) = oracle::disagreement(instruction, line) {
                return Err(format!("function {index}, instruction {i}: {message}"));
            }
        }
        compared += instructions.len();
    }
    Ok(compared)
}

#[test]
fn spec_suite_instructions_print_as_wasmprinter_prints_them() {
    let mut failures = Vec::new();
    let (mut modules, mut instructions) = (0, 0);
    for (name, wasm) in wasmbin_tests::spec_modules() {
        match compare_module(&wasm) {
            Ok(count) => {
                modules += 1;
                instructions += count;
            }
            Err(err) => failures.push(format!("{name}: {err}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(instructions > 50_000, "only {instructions} instructions");
    println!("{modules} modules, {instructions} instructions");
}

/// The corpus binaries under `$WASMBIN_CORPUS` of at most 1.1 MB (wasmprinter's text of
/// the larger ones would take long to build); skipped without the variable.
#[test]
fn corpus_instructions_print_as_wasmprinter_prints_them() {
    let Some(files) = wasmbin_tests::corpus_from_env("text") else {
        return;
    };
    let files: Vec<_> = files
        .into_iter()
        .filter(|(_, size)| *size <= 1_100_000)
        .map(|(path, _)| path)
        .collect();
    assert!(!files.is_empty(), "no small corpus binaries");
    for path in files {
        let wasm = std::fs::read(&path).unwrap();
        if wasm.get(4..8) != Some(&[1, 0, 0, 0]) {
            continue; // A component.
        }
        let count = compare_module(&wasm).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        println!("{}: {count} instructions", path.display());
    }
}

/// `decode_exact` and `Display` agree on the documented examples of the text format.
#[test]
fn display_of_hand_picked_encodings() {
    for (bytes, text) in [
        (&[0x28, 0x02, 0x08][..], "i32.load offset=8"),
        (&[0x28, 0x03, 0x08], "i32.load offset=8 align=8"),
        (&[0x28, 0x42, 0x05, 0x00], "i32.load 5"),
        (&[0x41, 0x7F], "i32.const -1"),
        (&[0x0E, 0x02, 0x00, 0x01, 0x02], "br_table 0 1 2"),
        (&[0x10, 0x05], "call 5"),
        (&[0xD0, 0x39], "ref.null 57"),
        (&[0x1C, 0x01, 0x63, 0x39], "select (result (ref null 57))"),
        (&[0x43, 0x00, 0x00, 0xC0, 0x7F], "f32.const nan"),
        (&[0x43, 0x01, 0x00, 0x80, 0xFF], "f32.const -nan:0x1"),
        (&[0x43, 0x01, 0x00, 0x00, 0x00], "f32.const 0x1p-149"),
        (&[0xFC, 0x11, 0x00], "table.fill 0"),
    ] {
        let instruction: Instruction = decode_exact(bytes).unwrap();
        assert_eq!(instruction.to_string(), text, "{bytes:02x?}");
    }
}
