//! `strip IN OUT`: removes every custom section except `name`; everything else keeps its
//! bytes.

use std::error::Error;
use wasmbin::{Module, Section};

/// The module without its custom sections other than `name`.
pub fn strip(input: &[u8]) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut module = Module::decode_from(input)?;
    for section in std::mem::take(&mut module.sections) {
        if let Section::Custom(custom) = &section {
            if custom.try_contents()?.name() != "name" {
                continue;
            }
        }
        module.sections.push(section);
    }
    Ok(module.encode_into(Vec::new())?)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output] = &args[..] else {
        return Err("usage: strip IN OUT".into());
    };
    std::fs::write(output, strip(&std::fs::read(input)?)?)?;
    Ok(())
}
