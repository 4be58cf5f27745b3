//! The `Serialize`/`Deserialize` impls that the types cannot derive (feature `serde`; see
//! the crate root for how the others are made): a lazy [`Blob`] is its decoded contents,
//! floats keep their exact bits, and [`MemArg`] shows its three numbers instead of its
//! packed bytes.

use crate::blob::Blob;
use crate::indices::MemIdx;
use crate::instructions::MemArg;
use crate::io::{Decode, F32, F64};
use serde::de::{Deserializer, Error as _};
use serde::ser::{Error as _, Serializer};
use serde::{Deserialize, Serialize};

/// A blob serializes its contents, decoding them if needed; contents that do not decode
/// fail to serialize with the decoding error (its offset and path).
impl<T: Decode + Serialize> Serialize for Blob<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.try_contents()
            .map_err(S::Error::custom)?
            .serialize(serializer)
    }
}

/// A deserialized blob holds its contents as a value ([`Blob::new`]), so encoding encodes
/// them.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Blob<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Blob::new)
    }
}

/// Defines the serde impls of a float wrapper: in human-readable formats a string that
/// parses back to the same bits (`"1.5"`, `"-0"`, `"inf"`, `"-inf"`, and for a NaN its bits
/// as the text format writes them, `"nan:0x7fc00000"`), elsewhere the bits as an integer.
macro_rules! float_serde {
    ($($name:ident($float:ty, $bits:ty);)*) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                if !serializer.is_human_readable() {
                    return self.to_bits().serialize(serializer);
                }
                if self.0.is_nan() {
                    serializer.collect_str(&format_args!("nan:{:#x}", self.to_bits()))
                } else {
                    // `Display` of a Rust float is the shortest string that parses back
                    // to the same value (`inf` for infinity).
                    serializer.collect_str(&self.0)
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                if !deserializer.is_human_readable() {
                    return <$bits>::deserialize(deserializer).map($name::from_bits);
                }
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                if let Some(hex) = text.strip_prefix("nan:0x") {
                    let bits = <$bits>::from_str_radix(hex, 16).map_err(D::Error::custom)?;
                    let value = $name::from_bits(bits);
                    if !value.0.is_nan() {
                        return Err(D::Error::custom(format!("{text} is not a NaN")));
                    }
                    return Ok(value);
                }
                text.parse::<$float>().map($name).map_err(D::Error::custom)
            }
        }
    )*};
}

float_serde! {
    F32(f32, u32);
    F64(f64, u64);
}

/// The fields of a [`MemArg`] as its accessors give them.
#[derive(Serialize, Deserialize)]
#[serde(rename = "MemArg")]
struct MemArgFields {
    align: u8,
    memory: MemIdx,
    offset: u64,
}

impl Serialize for MemArg {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        MemArgFields {
            align: self.align(),
            memory: self.memory(),
            offset: self.offset(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for MemArg {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = MemArgFields::deserialize(deserializer)?;
        Ok(MemArg::new(fields.align, fields.memory, fields.offset))
    }
}
