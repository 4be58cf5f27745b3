//! The core traits and the codecs of the primitive types: LEB128 integers, bytes, names,
//! floats, vectors, fixed-size arrays and boxes.

use crate::error::{encode_error, Context, DecodeError, ErrorKind, PathSegment};
use bytes::Bytes;
use std::io::Write;

/// Writes a value in the WebAssembly binary format.
///
/// Values that the format cannot express (a vector longer than `u32::MAX` …) give an
/// [`std::io::Error`] of kind `InvalidInput`, never wrong bytes.
pub trait Encode {
    /// Writes `self` to `writer`.
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()>;

    /// How many bytes [`Encode::encode`] writes, so that size prefixes are known without
    /// encoding into a buffer first. Derived and primitive codecs compute it; the default
    /// counts what `encode` writes into a sink.
    fn encoded_len(&self) -> usize {
        let mut counter = ByteCounter(0);
        // A value that fails to encode has no length; its `encode` reports the error.
        let _ = self.encode(&mut counter);
        counter.0
    }

    /// Writes items one after the other (no count). Bytes override it with one write.
    fn encode_items(items: &[Self], writer: &mut impl Write) -> std::io::Result<()>
    where
        Self: Sized,
    {
        items.iter().try_for_each(|item| item.encode(writer))
    }

    /// The summed [`Encode::encoded_len`] of items.
    fn items_encoded_len(items: &[Self]) -> usize
    where
        Self: Sized,
    {
        items.iter().map(Self::encoded_len).sum()
    }
}

/// A writer that only counts bytes.
struct ByteCounter(usize);

impl Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Length of the unsigned LEB128 encoding of `value`.
#[inline]
pub fn unsigned_len(value: u64) -> usize {
    let bits = 64 - (value | 1).leading_zeros() as usize;
    bits.div_ceil(7)
}

/// Length of the signed LEB128 encoding of `value`.
#[inline]
pub fn signed_len(value: i64) -> usize {
    let magnitude = if value < 0 { !value } else { value };
    // Value bits plus a sign bit.
    let bits = 64 - magnitude.leading_zeros() as usize + 1;
    bits.div_ceil(7)
}

/// Reads a value in the WebAssembly binary format.
pub trait Decode: Sized {
    /// When set, a vector of this type records the item index under this name in the path
    /// of errors (and of lazy parts) found inside an item.
    const ITEM_KIND: Option<&'static str> = None;

    /// Reads one value.
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError>;

    /// Reads `count` values (the body of a vector whose count was already read).
    ///
    /// Types with a faster bulk path (bytes) override it.
    fn decode_vec(count: u32, reader: &mut Reader<'_>) -> Result<Vec<Self>, DecodeError> {
        let mut items = Vec::with_capacity(safe_capacity::<Self>(count, reader.remaining()));
        match Self::ITEM_KIND {
            None => {
                for _ in 0..count {
                    items.push(Self::decode(reader)?);
                }
            }
            Some(kind) => {
                for index in 0..count {
                    let saved = reader.context.push(PathSegment::Item { kind, index });
                    items.push(Self::decode(reader)?);
                    reader.context.restore(saved);
                }
            }
        }
        Ok(items)
    }

    /// Reads `N` values without a count.
    fn decode_array<const N: usize>(reader: &mut Reader<'_>) -> Result<[Self; N], DecodeError> {
        let offset = reader.offset();
        let mut items = Vec::with_capacity(N.min(reader.remaining()));
        for _ in 0..N {
            items.push(Self::decode(reader)?);
        }
        items
            .try_into()
            .map_err(|_| reader.error_at(offset, ErrorKind::UnexpectedEof))
    }
}

/// Decoding of a value whose first byte (its discriminant) was already read by the caller.
///
/// This lets enums chain: `BlockType` reads a byte, tries its own discriminants, then hands
/// the byte to `ValueType`, which may hand it on to `RefType` …
pub trait DecodeWithDiscriminant: Decode {
    /// `discriminant` is the byte the reader consumed last. Returns `Ok(None)` without
    /// consuming any more input when the byte does not start a value of this type.
    fn maybe_decode_with_discriminant(
        discriminant: u8,
        reader: &mut Reader<'_>,
    ) -> Result<Option<Self>, DecodeError>;
}

/// Decodes a value that starts with a discriminant byte: reads the byte and hands it to
/// [`DecodeWithDiscriminant`]; a byte that `T` does not claim is an error naming `what`
/// (e.g. "unknown opcode 0xff"). The `Decode` impls that `#[derive(Wasmbin)]` generates for
/// enums and tagged structs are this one call.
#[inline(always)]
pub fn decode_tagged<T: DecodeWithDiscriminant>(
    reader: &mut Reader<'_>,
    what: &'static str,
) -> Result<T, DecodeError> {
    let offset = reader.offset();
    let discriminant = reader.read_byte()?;
    match T::maybe_decode_with_discriminant(discriminant, reader)? {
        Some(value) => Ok(value),
        None => Err(reader.error_at(
            offset,
            ErrorKind::UnknownDiscriminant {
                what,
                prefix: None,
                value: discriminant as u32,
            },
        )),
    }
}

/// Preallocation for `count` items of `T` that never trusts the count beyond what the
/// remaining input could hold (every item takes at least one byte).
fn safe_capacity<T>(count: u32, remaining: usize) -> usize {
    const BUDGET: usize = 1 << 20;
    let size = std::mem::size_of::<T>().max(1);
    (count as usize).min(remaining).min(BUDGET / size + 1)
}

/// A cursor over input bytes that knows the absolute offset of every byte and the path of
/// the part being decoded.
///
/// When the input is shared (a [`Bytes`]), lazy parts keep slices of it instead of copies
/// (except parts of a few bytes, which a copy costs less than a reference).
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
    source: Option<&'a Bytes>,
    context: Context,
    /// How many nested type declarations enclose the value being decoded.
    depth: u32,
}

impl<'a> Reader<'a> {
    /// A reader over `data`, whose first byte is at absolute offset 0.
    pub fn new(data: &'a [u8]) -> Self {
        Reader::unshared(data, 0, Context::default())
    }

    /// A reader over a shared buffer whose first byte is at absolute offset `base`, inside
    /// the part named by `context`; lazy parts decoded from it share the buffer.
    pub fn shared(data: &'a Bytes, base: usize, context: Context) -> Self {
        Reader {
            data,
            pos: 0,
            base,
            source: Some(data),
            context,
            depth: 0,
        }
    }

    /// A reader over bytes that are not shared (lazy parts decoded from it copy theirs),
    /// whose first byte is at absolute offset `base`, inside the part named by `context`.
    pub(crate) fn unshared(data: &'a [u8], base: usize, context: Context) -> Self {
        Reader {
            data,
            pos: 0,
            base,
            source: None,
            context,
            depth: 0,
        }
    }

    /// Absolute offset of the next byte.
    #[inline]
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Number of bytes left.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// Whether all bytes were read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// The path of the part being decoded.
    #[inline]
    pub fn context(&self) -> Context {
        self.context
    }

    /// Sets the path of the part being decoded.
    #[inline]
    pub fn set_context(&mut self, context: Context) {
        self.context = context;
    }

    /// Runs `f` with `segment` appended to the context.
    #[inline]
    pub fn in_context<T>(
        &mut self,
        segment: PathSegment,
        f: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        self.within(segment, f)
    }

    /// Runs `f` with `segment` appended to the context, whatever `f` returns.
    #[inline]
    pub(crate) fn within<T>(&mut self, segment: PathSegment, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = self.context.push(segment);
        let result = f(self);
        self.context.restore(saved);
        result
    }

    /// Runs `f` one nesting level deeper, failing when `limit` levels already enclose it:
    /// for grammars that nest without bound (types declared inside types), so that crafted
    /// input cannot exhaust the stack.
    pub fn nested<T>(
        &mut self,
        limit: u32,
        what: &str,
        f: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        if self.depth >= limit {
            return Err(self.error(ErrorKind::Malformed(format!(
                "{what} nesting is too deep (more than {limit} levels)"
            ))));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// An error at the current offset.
    #[cold]
    pub fn error(&self, kind: ErrorKind) -> DecodeError {
        self.error_at(self.offset(), kind)
    }

    /// An error at an absolute offset, with this reader's path.
    #[cold]
    pub fn error_at(&self, offset: usize, kind: ErrorKind) -> DecodeError {
        DecodeError::new(kind, offset, self.context)
    }

    /// Reads one byte.
    #[inline]
    pub fn read_byte(&mut self) -> Result<u8, DecodeError> {
        match self.data.get(self.pos) {
            Some(&byte) => {
                self.pos += 1;
                Ok(byte)
            }
            None => Err(self.error(ErrorKind::UnexpectedEof)),
        }
    }

    /// The next byte, without consuming it.
    #[inline]
    pub fn peek_byte(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Steps back over the byte just read (for types that take their discriminant as part
    /// of their own encoding).
    #[inline]
    pub fn unread_byte(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    fn check_len(&self, len: usize) -> Result<(), DecodeError> {
        if len > self.remaining() {
            return Err(self.error(ErrorKind::LengthOutOfBounds {
                needed: len as u64,
                available: self.remaining() as u64,
            }));
        }
        Ok(())
    }

    /// Reads `len` bytes.
    #[inline]
    pub fn read_bytes(&mut self, len: usize) -> Result<&'a [u8], DecodeError> {
        self.check_len(len)?;
        let bytes = &self.data[self.pos..self.pos + len];
        self.pos += len;
        Ok(bytes)
    }

    /// Reads `len` bytes as a [`Bytes`], sharing the input buffer when there is one.
    pub fn read_shared(&mut self, len: usize) -> Result<Bytes, DecodeError> {
        self.check_len(len)?;
        let start = self.pos;
        self.pos += len;
        Ok(self.shared_range(start, self.pos))
    }

    /// The original bytes of a lazy part at `start..end` (reader-relative): inline if
    /// short, else a slice of the shared input.
    #[inline]
    pub(crate) fn raw_range(&self, start: usize, end: usize) -> crate::blob::RawBytes {
        crate::blob::RawBytes::new(self.data, self.source, start, end)
    }

    /// Bytes `start..end` (reader-relative positions) as a [`Bytes`].
    pub(crate) fn shared_range(&self, start: usize, end: usize) -> Bytes {
        match self.source {
            Some(source) => source.slice(start..end),
            None => Bytes::copy_from_slice(&self.data[start..end]),
        }
    }

    /// Reader-relative position of the next byte.
    #[inline]
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Reads the rest of an unsigned LEB128 `u32` whose first byte was already read.
    #[inline]
    pub fn continue_u32(&mut self, first: u8) -> Result<u32, DecodeError> {
        if first < 0x80 {
            return Ok(first as u32);
        }
        self.unread_byte();
        self.read_unsigned(32).map(|v| v as u32)
    }

    /// Reads an unsigned LEB128 integer of `bits` bits, with the spec's rules: at most
    /// ceil(bits / 7) bytes, and unused bits of the last byte zero.
    #[inline]
    pub fn read_unsigned(&mut self, bits: u32) -> Result<u64, DecodeError> {
        let first = self.read_byte()?;
        if first < 0x80 {
            return Ok(first as u64);
        }
        let mut result = (first & 0x7F) as u64;
        let mut shift = 7;
        loop {
            let byte = self.read_byte()?;
            if shift + 7 >= bits {
                // The last byte the type allows.
                if byte & 0x80 != 0 {
                    return Err(self.error_at(self.offset() - 1, ErrorKind::LebTooLong));
                }
                if (byte as u64) >> (bits - shift) != 0 {
                    return Err(self.error_at(self.offset() - 1, ErrorKind::LebTooLarge));
                }
            }
            result |= ((byte & 0x7F) as u64) << shift;
            if byte & 0x80 == 0 {
                return Ok(result);
            }
            shift += 7;
        }
    }

    /// Reads a signed LEB128 integer of `bits` bits, with the spec's rules: at most
    /// ceil(bits / 7) bytes, and unused bits of the last byte a sign extension.
    #[inline]
    pub fn read_signed(&mut self, bits: u32) -> Result<i64, DecodeError> {
        let mut result: i64 = 0;
        let mut shift = 0;
        loop {
            let byte = self.read_byte()?;
            if shift + 7 >= bits {
                if byte & 0x80 != 0 {
                    return Err(self.error_at(self.offset() - 1, ErrorKind::LebTooLong));
                }
                let used = bits - shift;
                let rest = (byte & 0x7F) >> (used - 1);
                if rest != 0 && rest != 0x7F >> (used - 1) {
                    return Err(self.error_at(self.offset() - 1, ErrorKind::LebTooLarge));
                }
            }
            result |= ((byte & 0x7F) as i64) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                if shift < 64 && byte & 0x40 != 0 {
                    result |= -1i64 << shift;
                }
                return Ok(result);
            }
        }
    }

    /// How many sections (an id byte, a `u32` size and that many bytes) follow, up to the
    /// first one that is cut short or has a malformed size: the capacity for the section
    /// list of a module or component, whose sections run to the end without a count. Every
    /// section counted is there in full, so the count never exceeds what the bytes hold.
    pub(crate) fn count_sections(&self) -> usize {
        let mut probe = Reader::new(&self.data[self.pos..]);
        let mut count = 0;
        while probe.pos < probe.data.len() {
            probe.pos += 1;
            match probe.read_unsigned(32) {
                Ok(size) if size as usize <= probe.remaining() => probe.pos += size as usize,
                _ => break,
            }
            count += 1;
        }
        count
    }

    /// Reads a `vec(T)`: a `u32` count, then the items.
    pub fn read_vec<T: Decode>(&mut self) -> Result<Vec<T>, DecodeError> {
        let count = u32::decode(self)?;
        T::decode_vec(count, self)
    }
}

/// Writes `value` as unsigned LEB128 (with the `leb128` crate; one-byte fast path).
///
/// The fast path is always inlined (most integers of a module are below 128), the rest is
/// a call.
#[inline(always)]
pub fn write_unsigned(writer: &mut impl Write, value: u64) -> std::io::Result<()> {
    if value < 0x80 {
        return writer.write_all(&[value as u8]);
    }
    write_unsigned_wide(writer, value)
}

#[inline(never)]
fn write_unsigned_wide(writer: &mut impl Write, value: u64) -> std::io::Result<()> {
    leb128::write::unsigned(writer, value).map(|_| ())
}

/// Writes `value` as signed LEB128 (with the `leb128` crate; one-byte fast path, always
/// inlined like [`write_unsigned`]'s).
#[inline(always)]
pub fn write_signed(writer: &mut impl Write, value: i64) -> std::io::Result<()> {
    if (-64..64).contains(&value) {
        return writer.write_all(&[(value as u8) & 0x7F]);
    }
    write_signed_wide(writer, value)
}

#[inline(never)]
fn write_signed_wide(writer: &mut impl Write, value: i64) -> std::io::Result<()> {
    leb128::write::signed(writer, value).map(|_| ())
}

/// Implements `DecodeWithDiscriminant` for a type whose encoding has no tag of its own:
/// the discriminant is its first byte, so it steps back and decodes normally.
///
/// `untagged_dwd!(u8, String)` for plain types, `untagged_dwd!(impl[T: Decode] Blob<T>)`
/// for generic ones.
macro_rules! untagged_dwd {
    (impl[$($params:tt)*] $ty:ty) => {
        impl<$($params)*> $crate::io::DecodeWithDiscriminant for $ty {
            #[inline]
            fn maybe_decode_with_discriminant(
                _discriminant: u8,
                reader: &mut $crate::io::Reader<'_>,
            ) -> Result<Option<Self>, $crate::DecodeError> {
                reader.unread_byte();
                <Self as $crate::io::Decode>::decode(reader).map(Some)
            }
        }
    };
    ($($ty:ty),*) => {$($crate::io::untagged_dwd!(impl[] $ty);)*};
}

pub(crate) use untagged_dwd;

macro_rules! leb_impls {
    ($($ty:ty => $bits:literal, $read:ident, $write:ident, $len:ident, $wide:ty;)*) => {$(
        impl Encode for $ty {
            #[inline(always)]
            fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
                $write(writer, *self as $wide)
            }

            #[inline]
            fn encoded_len(&self) -> usize {
                $len(*self as $wide)
            }
        }
        impl Decode for $ty {
            #[inline]
            fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
                reader.$read($bits).map(|v| v as $ty)
            }
        }
        untagged_dwd!($ty);
    )*};
}

leb_impls! {
    u32 => 32, read_unsigned, write_unsigned, unsigned_len, u64;
    u64 => 64, read_unsigned, write_unsigned, unsigned_len, u64;
    i32 => 32, read_signed, write_signed, signed_len, i64;
    i64 => 64, read_signed, write_signed, signed_len, i64;
}

/// A type index in the `s33` encoding (`x:s33 ⇒ x` if `x ≥ 0`), as block types, heap types
/// and continuation types write it: a signed LEB128 of at most 33 bits whose value is a
/// `u32`.
///
/// The negative one-byte values (first byte `0x40` to `0x7F`) are the type constructors
/// (`i32`, `funcref`, `0x40` for the empty block type …): as the catch-all variant of an enum,
/// `S33` refuses them and leaves them to the other variants.
///
/// Generic over the index type: core modules use it for core type indices (the default),
/// components for component type indices (in `valtype`).
#[derive(crate::Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct S33<I = crate::indices::TypeIdx>(pub I);

impl From<crate::indices::TypeIdx> for S33 {
    fn from(index: crate::indices::TypeIdx) -> Self {
        S33(index)
    }
}

impl From<S33> for crate::indices::TypeIdx {
    fn from(index: S33) -> Self {
        index.0
    }
}

// A signed LEB128 whose value must be a `u32`: the derive has no such primitive.
impl<I: Copy + Into<u32>> Encode for S33<I> {
    #[inline]
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        write_signed(writer, self.0.into().into())
    }

    #[inline]
    fn encoded_len(&self) -> usize {
        signed_len(self.0.into().into())
    }
}

impl<I: From<u32>> Decode for S33<I> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let offset = reader.offset();
        let value = reader.read_signed(33)?;
        match u32::try_from(value) {
            Ok(index) => Ok(S33(I::from(index))),
            Err(_) => Err(reader.error_at(
                offset,
                ErrorKind::Malformed(format!("type index {value} out of range")),
            )),
        }
    }
}

impl<I: From<u32>> DecodeWithDiscriminant for S33<I> {
    #[inline]
    fn maybe_decode_with_discriminant(
        discriminant: u8,
        reader: &mut Reader<'_>,
    ) -> Result<Option<Self>, DecodeError> {
        // A one-byte negative value is a type constructor, not an index.
        if discriminant & 0xC0 == 0x40 {
            return Ok(None);
        }
        reader.unread_byte();
        Self::decode(reader).map(Some)
    }
}

impl Encode for u8 {
    #[inline]
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        writer.write_all(&[*self])
    }

    #[inline]
    fn encoded_len(&self) -> usize {
        1
    }

    #[inline]
    fn encode_items(items: &[Self], writer: &mut impl Write) -> std::io::Result<()> {
        writer.write_all(items)
    }

    #[inline]
    fn items_encoded_len(items: &[Self]) -> usize {
        items.len()
    }
}

impl Decode for u8 {
    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        reader.read_byte()
    }

    fn decode_vec(count: u32, reader: &mut Reader<'_>) -> Result<Vec<Self>, DecodeError> {
        reader.read_bytes(count as usize).map(<[u8]>::to_vec)
    }

    fn decode_array<const N: usize>(reader: &mut Reader<'_>) -> Result<[Self; N], DecodeError> {
        let offset = reader.offset();
        reader
            .read_bytes(N)?
            .try_into()
            .map_err(|_| reader.error_at(offset, ErrorKind::UnexpectedEof))
    }
}
untagged_dwd!(u8);

impl Encode for bool {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        writer.write_all(&[*self as u8])
    }

    fn encoded_len(&self) -> usize {
        1
    }
}

impl Decode for bool {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let offset = reader.offset();
        match reader.read_byte()? {
            0 => Ok(false),
            1 => Ok(true),
            value => Err(reader.error_at(
                offset,
                ErrorKind::UnknownDiscriminant {
                    what: "bool",
                    prefix: None,
                    value: value as u32,
                },
            )),
        }
    }
}
untagged_dwd!(bool);

macro_rules! float_impls {
    ($($name:ident($float:ty, $bits:ty), $doc:literal;)*) => {$(
        #[doc = $doc]
        ///
        /// Compared, hashed and encoded by its bits, so NaN payloads survive a round trip and
        /// a NaN equals itself.
        #[derive(Clone, Copy, Default)]
        pub struct $name(pub $float);

        impl $name {
            /// The IEEE 754 bits.
            pub fn to_bits(self) -> $bits {
                self.0.to_bits()
            }

            /// The value with these IEEE 754 bits.
            pub fn from_bits(bits: $bits) -> Self {
                $name(<$float>::from_bits(bits))
            }
        }

        impl From<$float> for $name {
            fn from(value: $float) -> Self {
                $name(value)
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.to_bits() == other.to_bits()
            }
        }

        impl Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.to_bits().hash(state)
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                if self.0.is_nan() {
                    write!(f, "NaN({:#x})", self.to_bits())
                } else {
                    write!(f, "{:?}", self.0)
                }
            }
        }

        impl Encode for $float {
            #[inline]
            fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
                writer.write_all(&self.to_bits().to_le_bytes())
            }

            #[inline]
            fn encoded_len(&self) -> usize {
                std::mem::size_of::<$bits>()
            }
        }

        impl Decode for $float {
            #[inline]
            fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
                let bytes = reader.read_bytes(std::mem::size_of::<$bits>())?;
                let mut array = [0; std::mem::size_of::<$bits>()];
                array.copy_from_slice(bytes);
                Ok(<$float>::from_bits(<$bits>::from_le_bytes(array)))
            }
        }

        impl Encode for $name {
            #[inline]
            fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
                self.0.encode(writer)
            }

            #[inline]
            fn encoded_len(&self) -> usize {
                std::mem::size_of::<$bits>()
            }
        }

        impl Decode for $name {
            #[inline]
            fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
                <$float>::decode(reader).map($name)
            }
        }

        untagged_dwd!($float, $name);
    )*};
}

float_impls! {
    F32(f32, u32), "A 32-bit float as the binary format stores it.";
    F64(f64, u64), "A 64-bit float as the binary format stores it.";
}

/// A 128-bit vector constant (`v128.const`), its 16 bytes in memory order.
#[derive(crate::Wasmbin, crate::Visit, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct V128(pub [u8; 16]);

/// Writes a vector count, failing if it does not fit in a `u32`.
pub fn write_count(writer: &mut impl Write, len: usize) -> std::io::Result<()> {
    let count = u32::try_from(len)
        .map_err(|_| encode_error(format!("a vector of {len} items is longer than u32::MAX")))?;
    count.encode(writer)
}

/// Writes items one after the other (no count).
#[inline]
pub fn write_items<T: Encode>(writer: &mut impl Write, items: &[T]) -> std::io::Result<()> {
    T::encode_items(items, writer)
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        write_count(writer, self.len())?;
        write_items(writer, self)
    }

    fn encoded_len(&self) -> usize {
        unsigned_len(self.len() as u64) + T::items_encoded_len(self)
    }
}

impl<T: Encode> Encode for Vec<T> {
    #[inline]
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        self.as_slice().encode(writer)
    }

    #[inline]
    fn encoded_len(&self) -> usize {
        self.as_slice().encoded_len()
    }
}

impl<T: Decode> Decode for Vec<T> {
    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        reader.read_vec()
    }
}

impl<T: Decode> DecodeWithDiscriminant for Vec<T> {
    fn maybe_decode_with_discriminant(
        discriminant: u8,
        reader: &mut Reader<'_>,
    ) -> Result<Option<Self>, DecodeError> {
        let count = reader.continue_u32(discriminant)?;
        T::decode_vec(count, reader).map(Some)
    }
}

impl<T: Encode, const N: usize> Encode for [T; N] {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        write_items(writer, self)
    }

    fn encoded_len(&self) -> usize {
        T::items_encoded_len(self)
    }
}

impl<T: Decode, const N: usize> Decode for [T; N] {
    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        T::decode_array(reader)
    }
}

untagged_dwd!(impl[T: Decode, const N: usize] [T; N]);

impl Encode for str {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        self.as_bytes().encode(writer)
    }

    fn encoded_len(&self) -> usize {
        self.as_bytes().encoded_len()
    }
}

impl Encode for String {
    #[inline]
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        self.as_str().encode(writer)
    }

    #[inline]
    fn encoded_len(&self) -> usize {
        self.as_bytes().encoded_len()
    }
}

impl Decode for String {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let len = u32::decode(reader)?;
        let offset = reader.offset();
        let bytes = reader.read_bytes(len as usize)?;
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(err) => Err(reader.error_at(offset + err.valid_up_to(), ErrorKind::InvalidUtf8)),
        }
    }
}
untagged_dwd!(String);

impl Encode for Bytes {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        self.as_ref().encode(writer)
    }

    fn encoded_len(&self) -> usize {
        self.as_ref().encoded_len()
    }
}

/// A byte vector shares the input buffer when the module was decoded from shared bytes.
impl Decode for Bytes {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let len = u32::decode(reader)?;
        reader.read_shared(len as usize)
    }
}
untagged_dwd!(Bytes);

impl<T: Encode + ?Sized> Encode for Box<T> {
    #[inline]
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        (**self).encode(writer)
    }

    #[inline]
    fn encoded_len(&self) -> usize {
        (**self).encoded_len()
    }
}

impl<T: Decode> Decode for Box<T> {
    const ITEM_KIND: Option<&'static str> = T::ITEM_KIND;

    #[inline]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        T::decode(reader).map(Box::new)
    }
}

impl<T: DecodeWithDiscriminant> DecodeWithDiscriminant for Box<T> {
    #[inline]
    fn maybe_decode_with_discriminant(
        discriminant: u8,
        reader: &mut Reader<'_>,
    ) -> Result<Option<Self>, DecodeError> {
        T::maybe_decode_with_discriminant(discriminant, reader).map(|v| v.map(Box::new))
    }
}

impl<T: Encode + ?Sized> Encode for &T {
    #[inline]
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        (**self).encode(writer)
    }

    #[inline]
    fn encoded_len(&self) -> usize {
        (**self).encoded_len()
    }
}

/// Decodes a whole byte slice as one `T`, failing if bytes are left over.
pub fn decode_exact<T: Decode>(bytes: &[u8]) -> Result<T, DecodeError> {
    let mut reader = Reader::new(bytes);
    let value = T::decode(&mut reader)?;
    reader.expect_end()?;
    Ok(value)
}

impl Reader<'_> {
    /// Fails with [`ErrorKind::TrailingBytes`] unless all bytes were read.
    pub fn expect_end(&self) -> Result<(), DecodeError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.error(ErrorKind::TrailingBytes(self.remaining())))
        }
    }
}

/// Encodes a value into a new byte vector.
pub fn encode_to_vec<T: Encode + ?Sized>(value: &T) -> std::io::Result<Vec<u8>> {
    // Through an `EncodeBuffer`: `Vec`'s own `write_all` is a call and a `memcpy` per
    // write, and encoders write a byte or a few at a time.
    let mut out = EncodeBuffer::new(ENCODE_BUFFER_LEN, Vec::new());
    value.encode(&mut out)?;
    out.finish()
}

/// The capacity of the [`EncodeBuffer`] of [`encode_to_vec`].
const ENCODE_BUFFER_LEN: usize = 4096;

/// A write buffer in front of a writer, for encoders that write a byte or a few at a time.
///
/// Not `std::io::BufWriter`: its `write_all` is not inlined into a large encoder, and then
/// every one-byte write is a call and a `memcpy`. Here a write that fits is always inlined,
/// and a one-byte write is a `push` (callgrind, swc round trip into a `Vec`: `encode_into`
/// runs 1.46 G instructions through this buffer, 2.24 G writing to the `Vec` directly).
///
/// The buffer grows up to its capacity as writes need it (a small output never allocates
/// the full buffer), and a write of [`DIRECT_WRITE`] bytes or more goes straight to the
/// writer (the original bytes of a lazy part are copied once, not twice).
pub(crate) struct EncodeBuffer<W: Write> {
    buf: Vec<u8>,
    /// The most the buffer grows to.
    limit: usize,
    inner: W,
}

/// Writes at least this long bypass an [`EncodeBuffer`].
const DIRECT_WRITE: usize = 4096;

/// The first allocation of an [`EncodeBuffer`].
const FIRST_BUFFER: usize = 1024;

impl<W: Write> EncodeBuffer<W> {
    /// A buffer of at most `capacity` bytes in front of `inner`.
    pub(crate) fn new(capacity: usize, inner: W) -> Self {
        EncodeBuffer {
            buf: Vec::new(),
            limit: capacity,
            inner,
        }
    }

    /// Writes what is buffered and returns the writer.
    pub(crate) fn finish(mut self) -> std::io::Result<W> {
        self.flush_buf()?;
        self.inner.flush()?;
        Ok(self.inner)
    }

    fn flush_buf(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn write_all_slow(&mut self, data: &[u8]) -> std::io::Result<()> {
        self.flush_buf()?;
        if data.len() >= DIRECT_WRITE || data.len() > self.limit {
            return self.inner.write_all(data);
        }
        if self.buf.capacity() < self.limit {
            // Empty after the flush: growing copies nothing.
            let grown = (self.buf.capacity() * 2).max(FIRST_BUFFER).min(self.limit);
            self.buf = Vec::with_capacity(grown.max(data.len()));
        }
        self.buf.extend_from_slice(data);
        Ok(())
    }
}

impl<W: Write> Write for EncodeBuffer<W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    #[inline(always)]
    fn write_all(&mut self, data: &[u8]) -> std::io::Result<()> {
        if data.len() <= self.buf.capacity() - self.buf.len() && data.len() < DIRECT_WRITE {
            if let [byte] = data {
                self.buf.push(*byte);
            } else {
                self.buf.extend_from_slice(data);
            }
            Ok(())
        } else {
            self.write_all_slow(data)
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.flush_buf()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::EncodeBuffer;
    use std::io::Write;

    /// A writer that records the size of every write it receives.
    #[derive(Default)]
    struct Recorder {
        bytes: Vec<u8>,
        writes: Vec<usize>,
    }

    impl Write for Recorder {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            self.bytes.extend_from_slice(data);
            self.writes.push(data.len());
            Ok(data.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn encode_buffer_keeps_order_and_batches_small_writes() {
        let mut buffer = EncodeBuffer::new(4, Recorder::default());
        buffer.write_all(&[1]).unwrap();
        buffer.write_all(&[2, 3]).unwrap();
        buffer.write_all(&[4]).unwrap(); // fills the buffer exactly
        buffer.write_all(&[5, 6]).unwrap(); // flushes, then buffers
        buffer.write_all(&[7, 8, 9, 10, 11]).unwrap(); // larger than the buffer: straight through
        buffer.write_all(&[12]).unwrap();
        let inner = buffer.finish().unwrap();
        assert_eq!(inner.bytes, (1..=12).collect::<Vec<u8>>());
        assert_eq!(inner.writes, [4, 2, 5, 1]);
    }

    #[test]
    fn encode_buffer_grows_as_needed_and_passes_large_writes_through() {
        let mut buffer = EncodeBuffer::new(1 << 16, Recorder::default());
        buffer.write_all(&[1, 2, 3]).unwrap();
        assert_eq!(buffer.buf.capacity(), super::FIRST_BUFFER);
        let large = vec![7; super::DIRECT_WRITE];
        buffer.write_all(&large).unwrap(); // flushes, then straight through
        for _ in 0..super::FIRST_BUFFER {
            buffer.write_all(&[9, 9]).unwrap(); // fills the first buffer, then a larger one
        }
        assert_eq!(buffer.buf.capacity(), 2 * super::FIRST_BUFFER);
        let inner = buffer.finish().unwrap();
        assert_eq!(
            inner.writes,
            [
                3,
                super::DIRECT_WRITE,
                super::FIRST_BUFFER,
                super::FIRST_BUFFER
            ]
        );
        assert_eq!(
            inner.bytes.len(),
            3 + super::DIRECT_WRITE + 2 * super::FIRST_BUFFER
        );
    }

    #[test]
    fn encode_buffer_reports_the_writers_error() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::WriteZero.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut buffer = EncodeBuffer::new(2, Full);
        buffer.write_all(&[1, 2]).unwrap();
        let err = buffer.write_all(&[3]).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::WriteZero);
    }

    /// Here rather than in the integration tests: those are built unoptimised, where filling
    /// a vector with 2^32 zero-sized items is a loop of 2^32 steps (16 s).
    #[test]
    fn vectors_longer_than_u32_cannot_be_encoded() {
        // `Zero` takes no memory, so 2^32 of them fit in a Vec.
        let items = vec![crate::types::Zero; u32::MAX as usize + 1];
        let err = super::encode_to_vec(&items).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("longer than u32::MAX"), "{err}");
    }
}
