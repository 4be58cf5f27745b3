//! `roundtrip`: the lazy round trip (decode, encode untouched: must give the input back)
//! and the eager one (decode every part, encode every part from its value: reads back to
//! an equal value, and gives the input back unless the input's encoding is not the
//! shortest one, e.g. padded LEBs).

use crate::{Failure, Out};
use wasmbin::{Binary, DecodeError};

/// What the two round trips gave.
pub struct Check {
    /// Where the lazy encoding first differs from the input (`None`: byte-exact).
    pub lazy: Option<Difference>,
    /// Where the eager encoding first differs from the input (`None`: byte-exact).
    pub eager: Option<Difference>,
    /// Whether the eager encoding decodes to a value equal to the input's.
    pub eager_reads_back: bool,
    /// Custom section payloads that do not decode (left as they are).
    pub warnings: Vec<DecodeError>,
}

/// The first differing offset of two encodings, and their lengths.
pub struct Difference {
    /// First offset where the encodings differ (the shorter length if one is a prefix).
    pub offset: usize,
    /// Length of the encoding.
    pub len: usize,
    /// Length of the input.
    pub input_len: usize,
}

impl Difference {
    /// `None` when `encoded` is `input`.
    fn of(encoded: &[u8], input: &[u8]) -> Option<Difference> {
        (encoded != input).then(|| Difference {
            offset: encoded
                .iter()
                .zip(input)
                .position(|(a, b)| a != b)
                .unwrap_or(encoded.len().min(input.len())),
            len: encoded.len(),
            input_len: input.len(),
        })
    }
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "differs from the input at offset {:#x} ({} bytes, the input {})",
            self.offset, self.len, self.input_len
        )
    }
}

fn encode(binary: &Binary) -> Result<Vec<u8>, Failure> {
    binary
        .encode_into(Vec::new())
        .map_err(|err| Failure::BadInput(format!("cannot encode: {err}")))
}

/// Runs both round trips on `binary`, read from `bytes`.
pub fn check(binary: &Binary, bytes: &[u8]) -> Result<Check, Failure> {
    let lazy = Difference::of(&encode(binary)?, bytes);
    let warnings = binary.decode_all()?;
    let mut owned = binary.clone();
    match &mut owned {
        Binary::Module(module) => module.decode_all_mut()?,
        Binary::Component(component) => component.decode_all_mut()?,
    };
    let eager_bytes = encode(&owned)?;
    let again = crate::decode(&eager_bytes)?;
    again.decode_all()?;
    Ok(Check {
        lazy,
        eager: Difference::of(&eager_bytes, bytes),
        eager_reads_back: again == *binary,
        warnings,
    })
}

/// `roundtrip`: both round trips; fails when the lazy one is not byte-exact or the eager
/// one does not read back equal.
pub fn command(bytes: &[u8], out: Out<'_>) -> Result<(), Failure> {
    let binary = crate::decode(bytes)?;
    let check = check(&binary, bytes)?;
    for warning in &check.warnings {
        writeln!(
            out,
            "warning: custom section payload does not decode: {warning}"
        )?;
    }
    match &check.lazy {
        None => writeln!(out, "lazy:  byte-exact ({} bytes)", bytes.len())?,
        Some(difference) => writeln!(out, "lazy:  {difference}")?,
    }
    match &check.eager {
        None => writeln!(out, "eager: byte-exact ({} bytes)", bytes.len())?,
        Some(difference) => writeln!(out, "eager: {difference}")?,
    }
    writeln!(
        out,
        "eager: reads back {}",
        if check.eager_reads_back {
            "equal"
        } else {
            "DIFFERENT"
        }
    )?;
    match (&check.lazy, check.eager_reads_back) {
        (None, true) => Ok(()),
        (Some(difference), _) => Err(Failure::BadInput(format!(
            "the lazy round trip is not byte-exact: it {difference}"
        ))),
        (None, false) => Err(Failure::BadInput(
            "the eager encoding reads back to a different value".into(),
        )),
    }
}
