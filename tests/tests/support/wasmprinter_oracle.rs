//! wasmprinter 0.263 as the oracle for the text format of instructions: its line for each
//! instruction of a module, made comparable with wasmbin's `Display`.
//!
//! The differences that [`normalise`] removes, all of them what a disassembler adds to or
//! takes from the instruction itself:
//! - `0x1.p-149`, wasmprinter's form of a subnormal float whose significand is a single bit,
//!   for `0x1p-149` (the same number);
//! - comments: labels (`;; label = @1`, `br 0 (;@1;)`), the decimal value of a float
//!   (`(;=1.5;)`), out-of-range branch depths (`(; INVALID ;)`);
//! - after a block type `(type 3)`, the `(param …)` and `(result …)` that wasmprinter copies
//!   from the type section (one instruction does not know the module's types);
//! - `(ref null func)` and the other nullable abstract reference types, which wasmprinter
//!   always abbreviates (`funcref`) while wasmbin writes the form the binary used, and
//!   `contref`/`nullcontref`, the stack-switching abbreviations wasmprinter does not use.
//!   Both sides are brought to the abbreviations.
//!
//! Names: the modules are printed without their custom sections, so wasmprinter has no
//! `name` section to take `$names` from and writes indices, as wasmbin does.

use wasm_encoder::{CodeSection, FunctionSection, TypeSection};
use wasmbin::instructions::Instruction;
use wasmbin::text::Mnemonic;
use wasmparser::{Parser, Payload};

/// wasmprinter's line for `instruction` alone, normalised: printed from a function that
/// holds it inside the block wasmparser's reader needs around it (`else` in an `if`, the
/// legacy handlers in a `try`, `end` in a `block`), then the `end`s of the blocks left open.
pub fn line_of(instruction: &Instruction) -> Result<String, String> {
    let context: &[u8] = match instruction {
        Instruction::Else => &[0x04, 0x40],
        Instruction::Catch(_) | Instruction::CatchAll | Instruction::Delegate(_) => &[0x06, 0x40],
        Instruction::End => &[0x02, 0x40],
        _ => &[],
    };
    let bytes = wasmbin::io::encode_to_vec(instruction).map_err(|err| err.to_string())?;
    let open = i32::from(!context.is_empty()) + instruction.depth_change();
    let ends = vec![0x0B; usize::try_from(open).unwrap_or(0) + 1];
    let body = [context, &bytes, &ends].concat();
    let mut lines = instruction_lines(&module_with_bodies(&[body]))?;
    Ok(lines[0].swap_remove(usize::from(!context.is_empty())))
}

/// wasmbin's text of `instruction` next to wasmprinter's `line` for it, `None` when they
/// agree (the mnemonic included).
pub fn disagreement(instruction: &Instruction, line: &str) -> Option<String> {
    let ours = normalise(&instruction.to_string());
    let mnemonic = line.split(' ').next().unwrap_or_default();
    (ours != line || mnemonic != instruction.mnemonic())
        .then(|| format!("wasmbin `{ours}`, wasmprinter `{line}`"))
}

/// A module with one function type `(func)` and one function of that type per body, each
/// body being `instructions` without locals (the closing `end` included).
pub fn module_with_bodies(bodies: &[Vec<u8>]) -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([], []);
    let mut functions = FunctionSection::new();
    let mut code = CodeSection::new();
    for body in bodies {
        functions.function(0);
        code.raw(&[&[0u8][..], body].concat());
    }
    let mut module = wasm_encoder::Module::new();
    module.section(&types).section(&functions).section(&code);
    module.finish()
}

/// wasmprinter's line for every instruction of every function body of `wasm` (a module
/// without custom sections), normalised; a body's closing `end` has no line.
pub fn instruction_lines(wasm: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let mut storage = String::new();
    let lines: std::collections::HashMap<u64, &str> = wasmprinter::Config::new()
        .offsets_and_lines(wasm, &mut storage)
        .map_err(|err| format!("wasmprinter: {err:#}"))?
        .filter_map(|(offset, line)| Some((offset?, line)))
        .collect();
    let mut bodies = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let Payload::CodeSectionEntry(body) = payload.map_err(|err| err.to_string())? else {
            continue;
        };
        let mut reader = body.get_operators_reader().map_err(|err| err.to_string())?;
        let mut out = Vec::new();
        while !reader.eof() {
            let offset = reader.original_position();
            reader.read().map_err(|err| err.to_string())?;
            if reader.eof() {
                break; // The body's own `end`.
            }
            let line = lines
                .get(&offset)
                .ok_or_else(|| format!("wasmprinter printed no line at offset {offset:#x}"))?;
            out.push(normalise(line));
        }
        bodies.push(out);
    }
    Ok(bodies)
}

/// One line of wasmprinter's output, or of wasmbin's, with the differences listed in the
/// module documentation removed.
pub fn normalise(line: &str) -> String {
    let mut line = line.trim();
    if let Some(label) = line.find(" ;;") {
        line = &line[..label];
    }
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find(" (;") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find(";)")
            .map_or(rest.len(), |end| start + end + 2);
        rest = &rest[end..];
    }
    out.push_str(rest);
    let out = strip_block_signature(&out).replace("0x1.p", "0x1p");
    abbreviate(&out)
}

/// `block (type 3) (param i32) (result i64)` → `block (type 3)`.
fn strip_block_signature(line: &str) -> String {
    let blocks = ["block ", "loop ", "if ", "try ", "try_table "];
    let Some(start) = line.find("(type ") else {
        return line.to_owned();
    };
    if !blocks.iter().any(|block| line.starts_with(block)) {
        return line.to_owned();
    }
    let end = start + line[start..].find(')').unwrap() + 1;
    let mut rest = &line[end..];
    while let Some(group) = rest
        .strip_prefix(" (param")
        .or_else(|| rest.strip_prefix(" (result"))
    {
        // Skip to the parenthesis that closes the group.
        let mut depth = 1;
        let close = group
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(group.len(), |(i, _)| i + 1);
        rest = &group[close..];
    }
    format!("{}{rest}", &line[..end])
}

/// Nullable abstract reference types in their abbreviated form.
fn abbreviate(line: &str) -> String {
    let mut line = line.to_owned();
    for (long, short) in [
        ("(ref null exn)", "exnref"),
        ("(ref null array)", "arrayref"),
        ("(ref null struct)", "structref"),
        ("(ref null i31)", "i31ref"),
        ("(ref null eq)", "eqref"),
        ("(ref null any)", "anyref"),
        ("(ref null extern)", "externref"),
        ("(ref null func)", "funcref"),
        ("(ref null none)", "nullref"),
        ("(ref null noextern)", "nullexternref"),
        ("(ref null nofunc)", "nullfuncref"),
        ("(ref null noexn)", "nullexnref"),
        ("(ref null cont)", "contref"),
        ("(ref null nocont)", "nullcontref"),
    ] {
        line = line.replace(long, short);
    }
    line
}
