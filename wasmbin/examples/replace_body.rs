//! `replace_body IN OUT FUNC_INDEX`: replaces one defined function's body (locals and code)
//! by `unreachable`; only that body and the code section's size change (and the branch
//! hints of that function, which lose their instructions).

use std::error::Error;
use wasmbin::instructions::Instruction;
use wasmbin::{indices::FuncIdx, Module};

/// The module with function `func`'s body replaced.
pub fn replace_body(input: &[u8], func: u32) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut module = Module::decode_from(input)?;
    module.edit_body(FuncIdx(func), |body| {
        body.locals.clear();
        body.instructions = vec![Instruction::Unreachable.into()];
    })?;
    Ok(module.encode_into(Vec::new())?)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output, index] = &args[..] else {
        return Err("usage: replace_body IN OUT FUNC_INDEX".into());
    };
    std::fs::write(
        output,
        replace_body(&std::fs::read(input)?, index.parse()?)?,
    )?;
    Ok(())
}
