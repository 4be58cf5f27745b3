//! `rename IN OUT FUNC_INDEX NEW_NAME`: sets one function's name in the `name` section
//! (inserted if missing); the rest of the module keeps its bytes.

use std::error::Error;
use wasmbin::{indices::FuncIdx, Module};

/// The module with function `func` called `name`.
pub fn rename(input: &[u8], func: u32, name: &str) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut module = Module::decode_from(input)?;
    module.set_name(FuncIdx(func), name)?;
    Ok(module.encode_into(Vec::new())?)
}

fn main() -> Result<(), Box<dyn Error>> {
    let [_, input, output, index, name] = &std::env::args().collect::<Vec<_>>()[..] else {
        return Err("usage: rename IN OUT FUNC_INDEX NEW_NAME".into());
    };
    let renamed = rename(&std::fs::read(input)?, index.parse()?, name)?;
    std::fs::write(output, renamed)?;
    Ok(())
}
