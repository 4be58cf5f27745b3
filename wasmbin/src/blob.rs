//! [`Blob`]: a lazily decoded part of a module that keeps its original bytes.

use crate::error::{Context, DecodeError, ErrorKind, PathSegment};
use crate::io::{unsigned_len, write_count, Decode, Encode, Reader};
use crate::visit::{Visit, VisitError};
use bytes::Bytes;
use std::fmt;
use std::io::Write;
use std::sync::OnceLock;

/// Longest original bytes that a blob holds inline rather than as a slice of the input.
const INLINE: usize = 38;

/// The original bytes of a lazy part: a slice of the shared input or, when short, a copy
/// held inline. Copying a few bytes costs less than one more reference to the input (an
/// atomic count, once when the part is read and again when it is dropped), and most
/// sections of a component are a few bytes long.
#[derive(Clone)]
pub(crate) enum RawBytes {
    /// A slice of the shared input.
    Shared(Bytes),
    /// A copy of at most [`INLINE`] bytes: their length, then the bytes.
    Inline(u8, [u8; INLINE]),
}

impl RawBytes {
    /// `bytes`, inline if short; otherwise the slice of `source` that `bytes` is (its
    /// `start..end`), or a copy of `bytes` if the input is not shared.
    #[inline(always)]
    pub(crate) fn new(data: &[u8], source: Option<&Bytes>, start: usize, end: usize) -> Self {
        let len = end - start;
        if len <= INLINE {
            let mut inline = [0; INLINE];
            // A fixed-size copy where the input is long enough (what follows the bytes
            // is copied too, and ignored): a few moves instead of a call to `memcpy`.
            match data.get(start..start + INLINE) {
                Some(window) => inline.copy_from_slice(window),
                None => inline[..len].copy_from_slice(&data[start..end]),
            }
            return RawBytes::Inline(len as u8, inline);
        }
        RawBytes::Shared(match source {
            Some(source) => source.slice(start..end),
            None => Bytes::copy_from_slice(&data[start..end]),
        })
    }

    /// A reader over the bytes, whose first byte is at absolute `offset`, inside `context`.
    fn reader(&self, offset: usize, context: Context) -> Reader<'_> {
        match self {
            RawBytes::Shared(bytes) => Reader::shared(bytes, offset, context),
            RawBytes::Inline(..) => Reader::unshared(self, offset, context),
        }
    }

    /// The first `len` bytes (all of them if there are fewer).
    #[cfg(feature = "validate")]
    fn prefix(&self, len: usize) -> RawBytes {
        match self {
            RawBytes::Shared(bytes) => RawBytes::Shared(bytes.slice(..len.min(bytes.len()))),
            RawBytes::Inline(n, data) => RawBytes::Inline(len.min((*n).into()) as u8, *data),
        }
    }
}

impl std::ops::Deref for RawBytes {
    type Target = [u8];

    #[inline]
    fn deref(&self) -> &[u8] {
        match self {
            RawBytes::Shared(bytes) => bytes,
            RawBytes::Inline(len, data) => &data[..usize::from(*len)],
        }
    }
}

/// The original bytes of a lazy part, where they came from, and its decoded value once
/// someone asked for it.
#[derive(Clone)]
struct Raw<T> {
    /// The bytes as read, including the size prefix of a framed blob.
    bytes: RawBytes,
    /// Absolute offset of `bytes[0]` in the input.
    offset: usize,
    /// Length of the size prefix (0 for an unframed blob).
    header_len: u8,
    /// The path of the part, for errors found when it is decoded.
    context: Context,
    decoded: OnceLock<T>,
}

#[derive(Clone)]
enum State<T> {
    Raw(Raw<T>),
    /// Contents held as a value.
    Owned(T, Edit),
}

/// What an owned blob knows about its encoding.
#[derive(Clone, Default)]
struct Edit {
    /// The bytes the contents were read from, kept after a mutable borrow so that contents
    /// that did not change are written back as they were (`None` for new or replaced
    /// contents, or after [`Blob::forget_original`]).
    original: Option<Box<Original>>,
    /// The encoding once computed (size prefixes need the length before the contents are
    /// written); cleared whenever the contents are handed out mutably.
    encoded: OnceLock<Encoded>,
}

/// The bytes a blob was read from.
#[derive(Clone)]
struct Original {
    /// The bytes as read, including the size prefix of a framed blob.
    bytes: RawBytes,
    /// Length of the size prefix (0 for an unframed blob).
    header_len: u8,
    /// Absolute offset of `bytes[0]` in the input.
    offset: usize,
    /// The path of the part, for errors.
    context: Context,
}

/// The encoding of owned contents, as far as it was needed.
#[derive(Clone)]
enum Encoded {
    /// Contents without original bytes: their encoded length (computed, not encoded).
    Len(usize),
    /// The contents are what was read: they encode to exactly the original bytes, or the
    /// original bytes (written otherwise, an over-long LEB among them) decode to them.
    Unchanged,
    /// The contents encode to these bytes (without a size prefix) and differ from the
    /// value the original bytes hold.
    Changed(Vec<u8>),
}

impl Edit {
    fn new() -> Self {
        Edit::default()
    }

    /// The encoding of `value`, computed once: its length without original bytes, else
    /// whether it is still what they hold. An encoding equal to the original bytes says so
    /// at once; only one that differs (a changed value, or original bytes that were not
    /// written canonically) costs a second decode of the original bytes, to compare values.
    fn encoded<T: Encode + Decode + PartialEq>(&self, value: &T) -> std::io::Result<&Encoded> {
        if let Some(encoded) = self.encoded.get() {
            return Ok(encoded);
        }
        let encoded = match &self.original {
            None => Encoded::Len(value.encoded_len()),
            Some(original) => {
                let bytes = crate::io::encode_to_vec(value)?;
                if bytes[..] == original.bytes[original.header_len as usize..]
                    || original.holds(value)
                {
                    Encoded::Unchanged
                } else {
                    Encoded::Changed(bytes)
                }
            }
        };
        Ok(self.encoded.get_or_init(|| encoded))
    }
}

impl Original {
    /// Whether the original bytes decode to `value` (false if they no longer decode).
    #[cold]
    fn holds<T: Decode + PartialEq>(&self, value: &T) -> bool {
        decode_bytes::<T>(&self.bytes, self.offset, self.header_len, self.context)
            .is_ok_and(|original| original == *value)
    }
}

/// The contents of a blob from its bytes: `bytes` (at absolute `offset` in the input,
/// inside the part at `context`) hold a size prefix of `header_len` bytes, then the
/// contents, which must take the rest.
fn decode_bytes<T: Decode>(
    bytes: &RawBytes,
    offset: usize,
    header_len: u8,
    context: Context,
) -> Result<T, DecodeError> {
    let mut reader = bytes.reader(offset, context);
    reader.read_bytes(header_len as usize)?;
    let value = T::decode(&mut reader)?;
    reader.expect_end()?;
    Ok(value)
}

/// A lazily decoded part of a module: a section's contents, a function body, a custom
/// section's payload.
///
/// A blob read from input keeps the exact bytes it was read from, including its size
/// prefix, however it was encoded (an over-long LEB stays over-long). Reading the contents
/// ([`Blob::try_contents`]) decodes them once and keeps those bytes, so encoding writes them
/// back unchanged. Mutable contents ([`Blob::try_contents_mut`], `visit_mut`) keep those
/// bytes too: the next encode encodes the contents into a buffer and, if the buffer holds
/// exactly the original contents, writes the original bytes (size prefix included). If it
/// does not, the original bytes are decoded again and their value compared with the
/// contents (`PartialEq`): original bytes that were not written canonically (a padded LEB)
/// but hold the same value are written as they were. So a mutable borrow that changes
/// nothing changes no byte, however the input was encoded. That check costs one buffered
/// encode and a comparison of bytes per mutably borrowed blob, and a decode and a comparison
/// of values only where the bytes differ; [`Blob::set_contents`], [`Blob::new`] and
/// [`Blob::forget_original`] skip it (their contents are encoded into a buffer, whose
/// length is the size prefix, and copied to the writer).
///
/// `Encode`/`Decode` for `Blob<T>` use the framed form: a `u32` byte size followed by that
/// many bytes. A custom section's payload is unframed: it takes the rest of its section
/// ([`Blob::decode_rest`], [`Blob::encode_unframed`]).
#[derive(Clone)]
pub struct Blob<T> {
    state: State<T>,
}

impl<T> Blob<T> {
    /// A blob that holds `value` and has no original bytes.
    pub fn new(value: T) -> Self {
        Blob {
            state: State::Owned(value, Edit::new()),
        }
    }

    /// The original bytes (with the size prefix of a framed blob), unless the contents were
    /// replaced or borrowed mutably.
    pub fn raw_bytes(&self) -> Option<&[u8]> {
        match &self.state {
            State::Raw(raw) => Some(&raw.bytes),
            State::Owned(..) => None,
        }
    }

    /// Absolute offset in the input of the first byte of this blob, if it was read from input.
    pub fn offset(&self) -> Option<usize> {
        match &self.state {
            State::Raw(raw) => Some(raw.offset),
            State::Owned(..) => None,
        }
    }

    /// The path of the part in the input (empty if it was not read from input).
    pub fn context(&self) -> Context {
        match &self.state {
            State::Raw(raw) => raw.context,
            State::Owned(..) => Context::default(),
        }
    }

    /// Whether the contents were replaced or borrowed mutably (so encoding encodes them,
    /// though it may find them unchanged: see [`Blob::is_changed`]).
    pub fn is_modified(&self) -> bool {
        matches!(self.state, State::Owned(..))
    }

    /// Makes a mutably borrowed blob raw again, its contents kept as decoded: for callers
    /// that know the contents still are what was read (encoding then writes the original
    /// bytes without comparing).
    pub(crate) fn keep_original(&mut self) {
        // An empty raw state stands in while the contents move.
        let empty = State::Raw(Raw {
            bytes: RawBytes::Inline(0, [0; INLINE]),
            offset: 0,
            header_len: 0,
            context: Context::default(),
            decoded: OnceLock::new(),
        });
        let state = std::mem::replace(&mut self.state, empty);
        self.state = match state {
            State::Owned(
                value,
                Edit {
                    original: Some(original),
                    ..
                },
            ) => State::Raw(Raw {
                bytes: original.bytes,
                offset: original.offset,
                header_len: original.header_len,
                context: original.context,
                decoded: OnceLock::from(value),
            }),
            other => other,
        };
    }

    /// For a blob still as read: adds `segment` to its path.
    #[inline(always)]
    pub(crate) fn push_context(&mut self, segment: PathSegment) {
        if let State::Raw(raw) = &mut self.state {
            raw.context.push(segment);
        }
    }

    /// For a blob still as read: a reader over its contents (after the size prefix of a
    /// framed blob), at their offset in the input and inside their part's path, so that
    /// errors found while scanning the bytes say where they are.
    pub(crate) fn raw_reader(&self) -> Option<Reader<'_>> {
        let State::Raw(raw) = &self.state else {
            return None;
        };
        let mut reader = raw.bytes.reader(raw.offset, raw.context);
        reader.read_bytes(raw.header_len.into()).ok()?;
        Some(reader)
    }

    /// Replaces the bytes of a framed blob still as read by `framed` (a size prefix of
    /// `header_len` bytes, then the contents): an edit made on the bytes themselves, the
    /// contents to be decoded from them when asked for. The blob keeps the offset and path
    /// where it was read, for errors.
    pub(crate) fn replace_raw(&mut self, framed: Bytes, header_len: u8) {
        if let State::Raw(raw) = &mut self.state {
            raw.bytes = RawBytes::Shared(framed);
            raw.header_len = header_len;
            raw.decoded = OnceLock::new();
        }
    }

    /// Drops the original bytes that a mutably borrowed blob keeps, so that the next encode
    /// writes the contents from their value without comparing them (what
    /// [`Module::decode_all_mut`](crate::Module::decode_all_mut) does to every blob). A
    /// blob that is still raw stays raw.
    ///
    /// ```
    /// use wasmbin::{payload, Module};
    /// let wasm = b"\0asm\x01\0\0\0\x05\x03\x01\x00\x01"; // one memory, min 1
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// let memories = module.find_std_section_mut::<payload::Memory>().ok_or("no memories")?;
    /// memories.try_contents_mut()?; // borrowed, not changed: compared with its bytes
    /// assert!(!memories.is_changed());
    /// memories.forget_original(); // now written from its value, without comparing
    /// assert!(memories.is_changed());
    /// assert_eq!(module.encode_into(Vec::new())?, wasm); // canonical input: the same bytes
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn forget_original(&mut self) {
        if let State::Owned(_, edit) = &mut self.state {
            *edit = Edit::new();
        }
    }

    /// The decoded contents, if they are available without decoding.
    pub fn get(&self) -> Option<&T> {
        match &self.state {
            State::Raw(raw) => raw.decoded.get(),
            State::Owned(value, _) => Some(value),
        }
    }

    /// Replaces the contents.
    pub fn set_contents(&mut self, value: T) {
        self.state = State::Owned(value, Edit::new());
    }

    /// Reads an unframed blob from the rest of `reader`.
    pub fn decode_rest(reader: &mut Reader<'_>) -> Self {
        let start = reader.position();
        let offset = reader.offset();
        let end = start + reader.remaining();
        let bytes = reader.raw_range(start, end);
        // Reading `remaining` bytes cannot fail.
        let _ = reader.read_bytes(end - start);
        Blob {
            state: State::Raw(Raw {
                bytes,
                offset,
                header_len: 0,
                context: reader.context(),
                decoded: OnceLock::new(),
            }),
        }
    }
}

impl<T: Decode> Blob<T> {
    fn decode_raw(raw: &Raw<T>) -> Result<T, DecodeError> {
        decode_bytes(&raw.bytes, raw.offset, raw.header_len, raw.context)
    }

    /// The path of what lies at the absolute `offset` inside this blob as read: where
    /// decoding the contents from their original bytes cut off at `offset` runs out of
    /// input. The blob's own path ([`Blob::context`]) when that decoding does not run out
    /// (or fails for another reason first), when `offset` is before the contents, or when
    /// the blob has no original bytes.
    #[cfg(feature = "validate")]
    pub(crate) fn path_at(&self, offset: usize) -> Vec<PathSegment> {
        let own = || self.context().segments().collect();
        let State::Raw(raw) = &self.state else {
            return own();
        };
        let Some(len) = offset.checked_sub(raw.offset) else {
            return own();
        };
        let cut = raw.bytes.prefix(len);
        let mut reader = cut.reader(raw.offset, raw.context);
        let result = reader
            .read_bytes(raw.header_len as usize)
            .and_then(|_| T::decode(&mut reader));
        match result {
            Err(err)
                if matches!(
                    err.kind(),
                    ErrorKind::UnexpectedEof | ErrorKind::LengthOutOfBounds { .. }
                ) =>
            {
                err.path().to_vec()
            }
            _ => own(),
        }
    }

    /// The contents, decoded on first access (then kept).
    pub fn try_contents(&self) -> Result<&T, DecodeError> {
        match &self.state {
            State::Owned(value, _) => Ok(value),
            State::Raw(raw) => {
                if let Some(value) = raw.decoded.get() {
                    return Ok(value);
                }
                let value = Self::decode_raw(raw)?;
                Ok(raw.decoded.get_or_init(|| value))
            }
        }
    }

    /// The contents for modification. The blob keeps its original bytes: encoding writes
    /// them if the contents are still the value they hold, the new encoding otherwise (the
    /// parts inside it that are blobs themselves stay untouched).
    pub fn try_contents_mut(&mut self) -> Result<&mut T, DecodeError> {
        self.owned_contents(true)
    }

    /// The contents for modification, keeping the original bytes if `keep_original` (for
    /// a blob still as read).
    fn owned_contents(&mut self, keep_original: bool) -> Result<&mut T, DecodeError> {
        if let State::Raw(raw) = &mut self.state {
            let value = match raw.decoded.take() {
                Some(value) => value,
                None => Self::decode_raw(raw)?,
            };
            let original = keep_original.then(|| {
                Box::new(Original {
                    bytes: raw.bytes.clone(),
                    header_len: raw.header_len,
                    offset: raw.offset,
                    context: raw.context,
                })
            });
            self.state = State::Owned(
                value,
                Edit {
                    original,
                    encoded: OnceLock::new(),
                },
            );
        }
        match &mut self.state {
            State::Owned(value, edit) => {
                // The caller may change the contents: a computed encoding no longer holds.
                edit.encoded.take();
                Ok(value)
            }
            State::Raw(_) => unreachable!("a raw blob was replaced by its contents just above"),
        }
    }

    /// The contents by value.
    pub fn into_contents(self) -> Result<T, DecodeError> {
        match self.state {
            State::Owned(value, _) => Ok(value),
            State::Raw(mut raw) => match raw.decoded.take() {
                Some(value) => Ok(value),
                None => Self::decode_raw(&raw),
            },
        }
    }
}

impl<T> From<T> for Blob<T> {
    fn from(value: T) -> Self {
        Blob::new(value)
    }
}

impl<T: Encode + Decode + PartialEq> Blob<T> {
    /// Writes the contents without a size prefix (the original bytes when unchanged).
    pub fn encode_unframed(&self, writer: &mut impl Write) -> std::io::Result<()> {
        match &self.state {
            State::Raw(raw) => writer.write_all(&raw.bytes[raw.header_len as usize..]),
            State::Owned(value, edit) => match &edit.original {
                None => value.encode(writer),
                Some(original) => match edit.encoded(value)? {
                    Encoded::Changed(bytes) => writer.write_all(bytes),
                    Encoded::Unchanged | Encoded::Len(_) => {
                        writer.write_all(&original.bytes[original.header_len as usize..])
                    }
                },
            },
        }
    }

    /// Whether encoding writes anything else than the bytes that were read: false for a
    /// blob read from input whose contents were not borrowed mutably or are still the
    /// value their original bytes hold, true for new or replaced contents and for contents
    /// that fail to encode.
    ///
    /// ```
    /// use wasmbin::{Module, payload};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let bytes = b"\0asm\x01\0\0\0\x05\x03\x01\x00\x01"; // one memory, min 1
    /// let mut module = Module::decode_from(&bytes[..])?;
    /// let memories = module.find_std_section_mut::<payload::Memory>().unwrap();
    /// memories.try_contents_mut()?[0].limits.min = 1; // the same value
    /// assert!(memories.is_modified() && !memories.is_changed());
    /// memories.try_contents_mut()?[0].limits.min = 2;
    /// assert!(memories.is_changed());
    /// # Ok(()) }
    /// ```
    pub fn is_changed(&self) -> bool {
        match &self.state {
            State::Raw(_) => false,
            State::Owned(value, edit) => {
                edit.original.is_none() || !matches!(edit.encoded(value), Ok(Encoded::Unchanged))
            }
        }
    }
}

// Hand-written: a blob is self-delimiting (a size prefix) and writes its original bytes
// while untouched.
impl<T: Encode + Decode + PartialEq> Encode for Blob<T> {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        match &self.state {
            State::Raw(raw) if raw.header_len > 0 => writer.write_all(&raw.bytes),
            // Read unframed (a custom section payload): its bytes are the contents.
            State::Raw(raw) => {
                write_count(writer, raw.bytes.len())?;
                writer.write_all(&raw.bytes)
            }
            State::Owned(value, edit)
                if edit.original.is_none() && edit.encoded.get().is_none() =>
            {
                // Encoding once into a buffer is cheaper than computing the length first
                // and then encoding (callgrind, swc round trip: the length pass of the
                // function bodies cost more than allocating and copying their bytes).
                let bytes = crate::io::encode_to_vec(value)?;
                write_count(writer, bytes.len())?;
                writer.write_all(&bytes)
            }
            State::Owned(value, edit) => {
                let len = match (edit.encoded(value)?, &edit.original) {
                    (Encoded::Len(len), _) => *len,
                    (Encoded::Changed(bytes), _) => {
                        write_count(writer, bytes.len())?;
                        return writer.write_all(bytes);
                    }
                    (Encoded::Unchanged, Some(original)) if original.header_len > 0 => {
                        return writer.write_all(&original.bytes);
                    }
                    (Encoded::Unchanged, original) => {
                        let bytes = original.as_ref().map_or(&[][..], |o| &o.bytes[..]);
                        write_count(writer, bytes.len())?;
                        return writer.write_all(bytes);
                    }
                };
                // Without original bytes the size is computed, not found by encoding into a
                // buffer first; the bytes written are counted to make sure the two agree.
                write_count(writer, len)?;
                let mut counted = CountingWriter {
                    inner: writer,
                    written: 0,
                };
                value.encode(&mut counted)?;
                if counted.written != len {
                    return Err(std::io::Error::other(format!(
                        "internal error: {} bytes written after a size prefix of {len}",
                        counted.written
                    )));
                }
                Ok(())
            }
        }
    }

    fn encoded_len(&self) -> usize {
        let contents = match &self.state {
            State::Raw(raw) if raw.header_len > 0 => return raw.bytes.len(),
            State::Raw(raw) => raw.bytes.len(),
            State::Owned(value, edit) => match (edit.encoded(value), &edit.original) {
                (Ok(Encoded::Len(len)), _) => *len,
                (Ok(Encoded::Changed(bytes)), _) => bytes.len(),
                (Ok(Encoded::Unchanged), Some(original)) if original.header_len > 0 => {
                    return original.bytes.len();
                }
                (Ok(Encoded::Unchanged), original) => {
                    original.as_ref().map_or(0, |o| o.bytes.len())
                }
                // Contents that fail to encode have no length; encoding reports the error.
                (Err(_), _) => value.encoded_len(),
            },
        };
        unsigned_len(contents as u64) + contents
    }
}

/// A writer that counts what passes through it.
struct CountingWriter<'w, W> {
    inner: &'w mut W,
    written: usize,
}

impl<W: Write> Write for CountingWriter<'_, W> {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n;
        Ok(n)
    }

    #[inline(always)]
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.inner.write_all(buf)?;
        self.written += buf.len();
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The framed bytes of a blob (a size prefix, then that many bytes), read before the blob
/// is made.
pub(crate) struct Framed {
    bytes: RawBytes,
    offset: usize,
    header_len: u8,
}

impl Framed {
    /// Reads a size prefix and that many bytes.
    #[inline(always)]
    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let start = reader.position();
        let offset = reader.offset();
        let len = u32::decode(reader)?;
        let header_len = (reader.position() - start) as u8;
        reader.read_bytes(len as usize)?;
        Ok(Framed {
            bytes: reader.raw_range(start, reader.position()),
            offset,
            header_len,
        })
    }
}

/// What can be made from [`Framed`] bytes as read, in the part at a path: a blob (boxed or
/// not).
pub(crate) trait FromFramed {
    fn from_framed(framed: Framed, context: Context) -> Self;
}

impl<T> FromFramed for Blob<T> {
    #[inline(always)]
    fn from_framed(framed: Framed, context: Context) -> Self {
        Blob {
            state: State::Raw(Raw {
                bytes: framed.bytes,
                offset: framed.offset,
                header_len: framed.header_len,
                context,
                decoded: OnceLock::new(),
            }),
        }
    }
}

impl<T> FromFramed for Box<Blob<T>> {
    fn from_framed(framed: Framed, context: Context) -> Self {
        Box::new(Blob::from_framed(framed, context))
    }
}

/// A section of a module or component: an id and a lazy blob. Implemented from each
/// kind's table of sections.
pub(crate) trait LazySection: Sized {
    /// What a section id is called in errors (`"section id"` …).
    const WHAT: &'static str;

    /// Whether `id` is the id of a section.
    fn has_id(id: u8) -> bool;

    /// Appends the section with this id and these framed bytes, in the part at `context`;
    /// false (nothing appended) for an id without a section.
    fn push_framed(sections: &mut Vec<Self>, id: u8, framed: Framed, context: Context) -> bool;

    /// Adds `segment` to the path of a section still as read.
    fn push_context(&mut self, segment: PathSegment);
}

/// Implements [`LazySection`] for a section enum from its table: `Type, "what", Variant =
/// id, …` (each variant's contents a blob, boxed or not).
macro_rules! lazy_section {
    ($ty:ident, $what:literal, $($name:ident = $id:literal),*) => {
        impl crate::blob::LazySection for $ty {
            const WHAT: &'static str = $what;

            // The ids are the table's, whatever their order: not written as a range.
            #[allow(clippy::manual_range_patterns)]
            fn has_id(id: u8) -> bool {
                matches!(id, $($id)|*)
            }

            // `extend` reserves room before it calls the closure: the section is made in
            // its place (`push` would make it on the stack and copy it).
            #[inline(always)]
            fn push_framed(
                sections: &mut Vec<Self>,
                id: u8,
                framed: crate::blob::Framed,
                context: crate::error::Context,
            ) -> bool {
                match id {
                    $($id => sections.extend(std::iter::once_with(|| {
                        $ty::$name(crate::blob::FromFramed::from_framed(framed, context))
                    })),)*
                    _ => return false,
                }
                true
            }

            #[inline(always)]
            fn push_context(&mut self, segment: crate::error::PathSegment) {
                match self {
                    $($ty::$name(blob) => blob.push_context(segment),)*
                }
            }
        }
    };
}
pub(crate) use lazy_section;

/// Reads the section that starts at the reader, whose id is `id`, and appends it to
/// `sections`; its path segment is `segment` (in errors too).
///
/// The section is read in the enclosing part's context and its segment added to its path
/// afterwards, and it is made in its place in the vector, after its framing was read:
/// a context changed in place and copied whole, or a section made on the stack and copied
/// into the vector, would have the processor wait for the bytes just stored, once per
/// section (a component has a hundred sections or more).
#[inline(always)]
pub(crate) fn read_section<S: LazySection>(
    reader: &mut Reader<'_>,
    sections: &mut Vec<S>,
    id: u8,
    segment: PathSegment,
) -> Result<(), DecodeError> {
    let id_offset = reader.offset();
    let unknown = |reader: &Reader<'_>| {
        let kind = ErrorKind::UnknownDiscriminant {
            what: S::WHAT,
            prefix: None,
            value: id.into(),
        };
        reader.error_at(id_offset, kind).within(segment)
    };
    if !S::has_id(id) {
        return Err(unknown(reader));
    }
    reader.read_byte()?;
    let framed = Framed::read(reader).map_err(|err| err.within(segment))?;
    if !S::push_framed(sections, id, framed, reader.context()) {
        return Err(unknown(reader));
    }
    if let Some(section) = sections.last_mut() {
        section.push_context(segment);
    }
    Ok(())
}

impl<T: Decode> Decode for Blob<T> {
    const ITEM_KIND: Option<&'static str> = T::ITEM_KIND;

    #[inline(always)]
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let framed = Framed::read(reader)?;
        Ok(Blob::from_framed(framed, reader.context()))
    }
}

crate::io::untagged_dwd!(impl[T: Decode] Blob<T>);

/// Whether `a` and `b` are the same bytes (the same slice of one input, as a re-read of
/// original bytes gives, is recognised without comparing them).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

/// Two blobs are equal when their original bytes are equal or their contents are.
impl<T: Decode + PartialEq> PartialEq for Blob<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.state, &other.state) {
            (State::Raw(a), State::Raw(b)) if same_bytes(&a.bytes, &b.bytes) => return true,
            // Mutable contents compared with the bytes they were read from, once encoding
            // found whether they changed (the blobs inside a part that `Edit::encoded`
            // compares by value): no need to decode those bytes again.
            (State::Raw(raw), State::Owned(_, edit)) | (State::Owned(_, edit), State::Raw(raw))
                if edit
                    .original
                    .as_ref()
                    .is_some_and(|original| same_bytes(&original.bytes, &raw.bytes)) =>
            {
                match edit.encoded.get() {
                    Some(Encoded::Unchanged) => return true,
                    Some(Encoded::Changed(_)) => return false,
                    Some(Encoded::Len(_)) | None => {}
                }
            }
            _ => {}
        }
        match (self.try_contents(), other.try_contents()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Blob<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.get(), &self.state) {
            (Some(value), _) => value.fmt(f),
            (None, State::Raw(raw)) => write!(
                f,
                "Blob({} bytes at offset {:#x})",
                raw.bytes.len(),
                raw.offset
            ),
            (None, State::Owned(..)) => f.write_str("Blob"),
        }
    }
}

impl<T: Decode + Visit> Visit for Blob<T> {
    fn visit_children<VisitT: 'static, E, F: FnMut(&VisitT) -> Result<(), E>>(
        &self,
        f: &mut F,
    ) -> Result<(), VisitError<E>> {
        self.try_contents()?.visit_child(f)
    }

    fn visit_children_mut<VisitT: 'static, E, F: FnMut(&mut VisitT) -> Result<(), E>>(
        &mut self,
        f: &mut F,
    ) -> Result<(), VisitError<E>> {
        if std::any::TypeId::of::<VisitT>() == std::any::TypeId::of::<ForgetOriginal>() {
            self.owned_contents(false)?;
            self.forget_original();
        }
        self.try_contents_mut()?.visit_child_mut(f)
    }
}

/// A type no value has: a `visit_mut` over it decodes every lazy part and makes each
/// [`Blob`] on the way [`Blob::forget_original`] (for
/// [`Module::decode_all_mut`](crate::Module::decode_all_mut)).
pub(crate) enum ForgetOriginal {}
