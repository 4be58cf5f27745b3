//! Decoding errors: what went wrong, at which absolute byte offset, and where in the module.

use crate::component::ComponentSection;
use std::fmt;

/// One step of the path from the module to the place where an error happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// The `index`-th section of the module (counting custom sections), with its id.
    Section {
        /// Position of the section in the module, starting at 0.
        index: u32,
        /// The section id byte.
        id: u8,
    },
    /// The `index`-th section of a component (counting custom sections), with its id; for a
    /// nested core module or component, also its index among the component's modules or
    /// components. One segment, so that a path through nested components stays short.
    ComponentSection {
        /// Position of the section in the component, starting at 0.
        index: u32,
        /// The section id byte.
        id: u8,
        /// For a nested module (id 1) or component (id 4): its position among the nested
        /// modules or components of the component, starting at 0.
        nested: Option<u32>,
    },
    /// The `index`-th item of a vector, named after what the item is (`function`, `import` …).
    Item {
        /// What the item is.
        kind: &'static str,
        /// Position in the vector, starting at 0.
        index: u32,
    },
    /// The payload of the custom section with this name (one that wasmbin decodes).
    Custom {
        /// The section's name.
        name: &'static str,
    },
}

pub use crate::sections::section_name;

impl fmt::Display for PathSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PathSegment::Section { id, .. } => write!(f, "{} section", section_name(id)),
            PathSegment::ComponentSection { index, id, nested } => {
                write!(f, "component section {index}")?;
                match nested {
                    Some(nested) => {
                        let kind = if id == ComponentSection::CORE_MODULE {
                            "module"
                        } else {
                            "component"
                        };
                        write!(f, ", nested {kind} {nested}")
                    }
                    None => write!(f, " ({})", crate::component::section_name(id)),
                }
            }
            PathSegment::Item { kind, index } => write!(f, "{kind} {index}"),
            PathSegment::Custom { name } => write!(f, "payload of {name:?}"),
        }
    }
}

/// Maximum number of path segments a [`Context`] keeps (deeper ones are dropped): the section
/// and function of a module behind two levels of component nesting (an error adds the
/// instruction and what else it meets on its way out to its own path, which has no limit).
/// Every lazy blob holds a context, so each segment more makes every blob 24 bytes larger:
/// at 5 segments the context passed 128 bytes, no longer copied inline, and full decoding
/// of modules was 2–3 % slower.
const CONTEXT_DEPTH: usize = 4;

/// The path of an enclosing lazy part, kept by a [`Reader`](crate::io::Reader) and by every
/// lazy [`Blob`](crate::Blob) so that errors found later carry their full path.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Context {
    /// The first `len` are the kept segments, the rest `None`.
    segments: [Option<PathSegment>; CONTEXT_DEPTH],
    /// How many segments are kept.
    len: u8,
    /// How many nested components enclose the part, counted also where their segments were
    /// dropped (what bounds the nesting of components, see
    /// [`MAX_COMPONENT_NESTING`](crate::component::MAX_COMPONENT_NESTING)).
    components: u16,
}

impl Context {
    /// The segments, outermost first.
    pub fn segments(&self) -> impl Iterator<Item = PathSegment> + '_ {
        self.segments.iter().map_while(|s| *s)
    }

    /// How many nested components enclose the part.
    pub(crate) fn component_depth(&self) -> usize {
        self.components.into()
    }

    /// This context with `segment` appended (dropped if the context is full).
    pub fn with(mut self, segment: PathSegment) -> Self {
        self.push(segment);
        self
    }

    /// Appends `segment` in place (dropped if the context is full) and returns what
    /// [`Context::restore`] needs to remove it again. Readers change their context in place,
    /// a few bytes, rather than copying a whole new context in (which the processor would
    /// then read back before those bytes reached the cache).
    #[inline]
    pub(crate) fn push(&mut self, segment: PathSegment) -> Saved {
        let saved = Saved {
            len: self.len,
            components: self.components,
        };
        if let PathSegment::ComponentSection {
            id: ComponentSection::COMPONENT,
            nested: Some(_),
            ..
        } = segment
        {
            self.components = self.components.saturating_add(1);
        }
        if let Some(slot) = self.segments.get_mut(usize::from(self.len)) {
            *slot = Some(segment);
            self.len += 1;
        }
        saved
    }

    /// Removes the segments pushed since `saved` was returned.
    #[inline]
    pub(crate) fn restore(&mut self, saved: Saved) {
        let pushed = usize::from(saved.len)..usize::from(self.len);
        for slot in self.segments.get_mut(pushed).into_iter().flatten() {
            *slot = None;
        }
        self.len = saved.len;
        self.components = saved.components;
    }
}

/// A [`Context`]'s length before a [`Context::push`].
#[derive(Clone, Copy)]
pub(crate) struct Saved {
    len: u8,
    components: u16,
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.segments()).finish()
    }
}

/// Writes a non-empty path as ` (code section, function 17, instruction 42)`.
pub(crate) fn write_path(f: &mut fmt::Formatter<'_>, path: &[PathSegment]) -> fmt::Result {
    if path.is_empty() {
        return Ok(());
    }
    f.write_str(" (")?;
    for (i, segment) in path.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{segment}")?;
    }
    f.write_str(")")
}

/// A path written as `Module > section 3 (code) > function 17 > instruction 42`.
pub(crate) fn path_string(path: &[PathSegment]) -> String {
    let mut out = String::from("Module");
    for segment in path {
        match *segment {
            PathSegment::Section { index, id } => {
                out += &format!(" > section {index} ({})", section_name(id))
            }
            PathSegment::ComponentSection { .. } => out += &format!(" > {segment}"),
            PathSegment::Item { kind, index } => out += &format!(" > {kind} {index}"),
            PathSegment::Custom { name } => out += &format!(" > custom {name:?}"),
        }
    }
    out
}

/// What kind of malformation was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended in the middle of an item.
    #[error("unexpected end of input")]
    UnexpectedEof,
    /// A LEB128 integer used more bytes than its type allows.
    #[error("integer representation too long")]
    LebTooLong,
    /// A LEB128 integer's final byte has bits set beyond the type's width.
    #[error("integer too large")]
    LebTooLarge,
    /// A discriminant (opcode, type tag, section id …) that is not defined.
    #[error("unknown {what} {}", fmt_discriminant(*prefix, *value))]
    UnknownDiscriminant {
        /// What was being decoded (`opcode`, `ValueType` …).
        what: &'static str,
        /// The prefix byte of a prefixed opcode.
        prefix: Option<u8>,
        /// The discriminant (the sub-opcode for prefixed opcodes).
        value: u32,
    },
    /// A name is not valid UTF-8.
    #[error("malformed UTF-8 encoding")]
    InvalidUtf8,
    /// The module does not start with `\0asm`.
    #[error("magic header not detected")]
    BadMagic,
    /// The module's version is not 1.
    #[error("unknown binary version {0:#x}")]
    BadVersion(u32),
    /// The preamble's layer field is 1: the binary is a WebAssembly component, not a core
    /// module.
    #[error("this is a WebAssembly component (version {version:#x}, layer 1), not a core module: read it with `wasmbin::Binary::decode_from` or `wasmbin::component::Component::decode_from`")]
    Component {
        /// The component binary version (the preamble's first two version bytes).
        version: u16,
    },
    /// A size or count says more bytes follow than there are.
    #[error("length out of bounds: {needed} bytes needed, {available} available")]
    LengthOutOfBounds {
        /// Bytes the item claims.
        needed: u64,
        /// Bytes left in the enclosing item.
        available: u64,
    },
    /// Bytes left over after an item that has a declared size.
    #[error("section size mismatch: {0} unread bytes at the end")]
    TrailingBytes(usize),
    /// A non-custom section is out of order or repeated.
    #[error("unexpected {found} section after {previous} section (out of order or duplicate)")]
    SectionOrder {
        /// The name of the section found.
        found: &'static str,
        /// The name of the section before it.
        previous: &'static str,
    },
    /// Reading the input failed.
    #[error("read error: {0}")]
    Io(String),
    /// A structural rule of the binary format was broken.
    #[error("{0}")]
    Malformed(String),
}

fn fmt_discriminant(prefix: Option<u8>, value: u32) -> String {
    match prefix {
        Some(prefix) => format!("{prefix:#04x} {value:#04x}"),
        None => format!("{value:#04x}"),
    }
}

/// An error found while decoding, with its absolute byte offset in the input and its path.
///
/// Displays as `unknown opcode 0xfc 0x99 at offset 0x1a2b (code section, function 17,
/// instruction 42)`.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    offset: usize,
    path: Vec<PathSegment>,
    /// Number of segments that came from the reader's context; segments added while the
    /// error propagates are inserted after them.
    prefix_len: usize,
}

impl DecodeError {
    /// A new error at an absolute `offset` within the parts named by `context`.
    pub fn new(kind: ErrorKind, offset: usize, context: Context) -> Self {
        let path: Vec<PathSegment> = context.segments().collect();
        let prefix_len = path.len();
        DecodeError(Box::new(Inner {
            kind,
            offset,
            path,
            prefix_len,
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Absolute byte offset in the input where the problem was found.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// Where in the module the problem is, outermost first.
    pub fn path(&self) -> &[PathSegment] {
        &self.0.path
    }

    /// The path written as `Module > section 3 (code) > function 17 > instruction 42`.
    pub fn path_string(&self) -> String {
        path_string(self.path())
    }

    /// Records that the error happened inside `segment` (called while the error propagates
    /// outwards, so each call adds a segment outside the ones added before it).
    pub fn within(mut self, segment: PathSegment) -> Self {
        let at = self.0.prefix_len;
        self.0.path.insert(at, segment);
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {:#x}", self.0.kind, self.0.offset)?;
        write_path(f, &self.0.path)
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecodeError({self})")
    }
}

impl std::error::Error for DecodeError {}

impl From<DecodeError> for std::io::Error {
    fn from(err: DecodeError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidData, err)
    }
}

/// An error for a value that the binary format cannot express, carried through the
/// [`Encode`](crate::Encode) methods as an [`std::io::Error`] of kind `InvalidInput` that
/// holds an [`EncodeError`].
pub(crate) fn encode_error(message: impl Into<String>) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        EncodeError {
            kind: EncodeErrorKind::Unrepresentable(message.into()),
            path: Vec::new(),
        },
    )
}

/// Records that an encode error happened inside `segment` (called while it propagates
/// outwards); errors of the writer pass unchanged.
pub(crate) fn encode_within(err: std::io::Error, segment: PathSegment) -> std::io::Error {
    match EncodeError::from(err) {
        EncodeError {
            kind: EncodeErrorKind::Io(err),
            ..
        } => err,
        mut err => {
            err.path.insert(0, segment);
            std::io::Error::new(std::io::ErrorKind::InvalidInput, err)
        }
    }
}

/// What went wrong while encoding.
///
/// ```
/// use wasmbin::error::EncodeErrorKind;
/// use wasmbin::Module;
/// let module = Module::decode_from(&wat::parse_str("(module (func))")?[..])?;
/// let mut small = [0u8; 4]; // too small for the module
/// let err = module.encode_into(&mut small[..]).unwrap_err();
/// assert!(matches!(err.kind(), EncodeErrorKind::Io(_))); // the writer's error
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// A value that the binary format cannot express (a vector longer than `u32::MAX`,
    /// sections out of order, an unbalanced expression …).
    #[error("{0}")]
    Unrepresentable(String),
    /// The writer failed.
    #[error("write error: {0}")]
    Io(std::io::Error),
}

/// An error found while encoding, with the path to the value when the format cannot express
/// it.
///
/// Displays as `expression leaves 1 blocks without `end` (code section)`.
///
/// ```
/// use wasmbin::error::EncodeErrorKind;
/// use wasmbin::{payload, Module, PathSegment};
/// let wasm = b"\0asm\x01\0\0\0\x05\x03\x01\x00\x01"; // one memory, min 1
/// let mut module = Module::decode_from(&wasm[..])?;
/// let memories = module.find_std_section_mut::<payload::Memory>().ok_or("no memories")?;
/// memories.try_contents_mut()?[0].limits.page_size_log2 = Some(99); // pages of 2^99 bytes
/// let err = module.encode_into(Vec::new()).unwrap_err();
/// assert!(matches!(err.kind(), EncodeErrorKind::Unrepresentable(_)));
/// assert_eq!(err.path(), [PathSegment::Section { index: 0, id: 5 }]);
/// assert_eq!(err.to_string(), "page size 2^99 is out of range (memory section)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct EncodeError {
    kind: EncodeErrorKind,
    path: Vec<PathSegment>,
}

impl EncodeError {
    /// What went wrong.
    ///
    /// ```
    /// use wasmbin::error::EncodeErrorKind;
    /// use wasmbin::instructions::{Expression, Instruction};
    /// use wasmbin::types::BlockType;
    /// use wasmbin::{payload, Module};
    /// let mut module = Module::decode_from(&wat::parse_str("(module (func))")?[..])?;
    /// let code = module.find_std_section_mut::<payload::Code>().ok_or("no code")?;
    /// let body = code.try_contents_mut()?[0].try_contents_mut()?;
    /// body.expr = Expression::new(vec![Instruction::Block(BlockType::Empty)]); // no `end`
    /// let err = module.encode_into(Vec::new()).unwrap_err();
    /// assert!(matches!(err.kind(), EncodeErrorKind::Unrepresentable(m) if m.contains("without `end`")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> &EncodeErrorKind {
        &self.kind
    }

    /// Where in the module the value is, outermost first (empty for errors of the writer
    /// and for rules that span sections).
    ///
    /// ```
    /// use wasmbin::Module;
    /// let mut module = Module::decode_from(&wat::parse_str("(module (memory 1))")?[..])?;
    /// module.sections.push(module.sections[0].clone()); // a second memory section
    /// let err = module.encode_into(Vec::new()).unwrap_err();
    /// assert!(err.path().is_empty()); // a rule about the order of sections
    /// assert!(err.to_string().contains("memory section after memory section"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn path(&self) -> &[PathSegment] {
        &self.path
    }

    /// The [`std::io::ErrorKind`] this error corresponds to: `InvalidInput` for a value the
    /// format cannot express, the writer's own otherwise.
    ///
    /// ```
    /// use std::io::ErrorKind;
    /// use wasmbin::Module;
    /// let module = Module::decode_from(&wat::parse_str("(module (func))")?[..])?;
    /// let err = module.encode_into(&mut [0u8; 4][..]).unwrap_err(); // too small a buffer
    /// assert_eq!(err.io_kind(), ErrorKind::WriteZero);
    /// let err: std::io::Error = err.into(); // the same kind
    /// assert_eq!(err.kind(), ErrorKind::WriteZero);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn io_kind(&self) -> std::io::ErrorKind {
        match &self.kind {
            EncodeErrorKind::Unrepresentable(_) => std::io::ErrorKind::InvalidInput,
            EncodeErrorKind::Io(err) => err.kind(),
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)?;
        write_path(f, &self.path)
    }
}

impl std::error::Error for EncodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            EncodeErrorKind::Io(err) => Some(err),
            EncodeErrorKind::Unrepresentable(_) => None,
        }
    }
}

/// Takes back the [`EncodeError`] that `encode_error` put in an `io::Error`; any other
/// `io::Error` is the writer's.
impl From<std::io::Error> for EncodeError {
    fn from(err: std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::InvalidInput
            && err.get_ref().is_some_and(|inner| inner.is::<EncodeError>())
        {
            if let Some(inner) = err.into_inner() {
                if let Ok(err) = inner.downcast::<EncodeError>() {
                    return *err;
                }
            }
            unreachable!("the inner error was checked to be an EncodeError");
        }
        EncodeError {
            kind: EncodeErrorKind::Io(err),
            path: Vec::new(),
        }
    }
}

/// An `io::Error` of kind [`EncodeError::io_kind`] that holds the error.
impl From<EncodeError> for std::io::Error {
    fn from(err: EncodeError) -> Self {
        match err.kind {
            EncodeErrorKind::Io(err) => err,
            EncodeErrorKind::Unrepresentable(_) => {
                std::io::Error::new(std::io::ErrorKind::InvalidInput, err)
            }
        }
    }
}
