//! [Module](https://webassembly.github.io/spec/core/binary/modules.html#binary-module): the
//! preamble and the sections, each of them lazy.

use crate::blob::{read_section, Blob, ForgetOriginal};
use crate::custom::CustomSection;
use crate::error::{
    encode_error, encode_within, section_name, DecodeError, EncodeError, ErrorKind, PathSegment,
};
use crate::instructions::DATA_INDEX_OPCODES;
use crate::io::{Decode, Encode, Reader};
use crate::sections::{payload, payload::StdPayload, section_order, Func, Section};
use crate::visit::Visit;
use bytes::Bytes;
use std::io::{Read, Write};

const MAGIC: &[u8; 4] = b"\0asm";
const VERSION: [u8; 4] = [1, 0, 0, 0];

/// A WebAssembly [module](https://webassembly.github.io/spec/core/binary/modules.html#binary-module)
/// (`module`, after `magic` and `version`): its sections in order, each a lazy [`Blob`] that
/// keeps its original bytes until modified, so that an untouched module encodes back to the
/// exact input.
///
/// ```
/// use wasmbin::{Module, payload};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let bytes = b"\0asm\x01\0\0\0\x05\x03\x01\x00\x01".to_vec(); // one memory
/// let module = Module::decode_from(&bytes[..])?;
/// let memories = module.find_std_section::<payload::Memory>().unwrap().try_contents()?;
/// assert_eq!(memories[0].limits.min, 1);
/// assert_eq!(module.encode_into(Vec::new())?, bytes);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Module {
    /// The sections, in their order in the binary.
    pub sections: Vec<Section>,
}

impl Module {
    /// Reads a module from any reader. Sections are not decoded until asked for; their
    /// bytes share one buffer holding the whole input (a section of a few bytes keeps a
    /// copy of them).
    pub fn decode_from(reader: impl Read) -> Result<Module, DecodeError> {
        Self::decode_from_bytes(crate::component::read_all(reader)?)
    }

    /// Reads a module from bytes the caller owns, without copying them: lazy parts keep
    /// slices of this buffer.
    pub fn decode_from_bytes(bytes: impl Into<Bytes>) -> Result<Module, DecodeError> {
        let bytes = bytes.into();
        let mut reader = Reader::shared(&bytes, 0, Default::default());
        let module = Module::decode(&mut reader)?;
        reader.expect_end()?;
        Ok(module)
    }

    /// Writes the module; untouched parts are written exactly as they were read.
    ///
    /// Fails when the sections are out of the spec's order or a value cannot be expressed
    /// in the binary format ([`EncodeErrorKind::Unrepresentable`](crate::error::EncodeErrorKind),
    /// with the section it is in), or when the writer fails.
    ///
    /// ```
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (func (export "f")))"#)?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// // Nothing changed: the input, byte for byte.
    /// assert_eq!(module.encode_into(Vec::new())?, wasm);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encode_into<W: Write>(&self, writer: W) -> Result<W, EncodeError> {
        // Instructions are written a byte or a few at a time: through this buffer those
        // writes are inlined stores.
        let mut buffered = crate::io::EncodeBuffer::new(ENCODE_BUFFER, writer);
        self.encode(&mut buffered)?;
        Ok(buffered.finish()?)
    }

    /// The first section of kind `P` (e.g. [`payload::Import`]).
    pub fn find_std_section<P: StdPayload>(&self) -> Option<&Blob<P::Contents>> {
        self.sections.iter().find_map(P::get)
    }

    /// The first section of kind `P`, mutably.
    pub fn find_std_section_mut<P: StdPayload>(&mut self) -> Option<&mut Blob<P::Contents>> {
        self.sections.iter_mut().find_map(P::get_mut)
    }

    /// The section of kind `P`, inserted with `contents()` at the position the spec's order
    /// requires if there is none.
    pub fn find_or_insert_std_section<P: StdPayload>(
        &mut self,
        contents: impl FnOnce() -> P::Contents,
    ) -> &mut Blob<P::Contents> {
        let index = match self.sections.iter().position(|s| P::get(s).is_some()) {
            Some(index) => index,
            None => {
                let order = section_order(P::ID);
                let index = self
                    .sections
                    .iter()
                    .position(|s| s.order().is_some() && s.order() > order)
                    .unwrap_or(self.sections.len());
                self.sections.insert(index, P::wrap(Blob::new(contents())));
                index
            }
        };
        match P::get_mut(&mut self.sections[index]) {
            Some(blob) => blob,
            None => unreachable!("the section at this index has kind P"),
        }
    }

    /// The custom sections, in order (decoding each one's name).
    pub fn custom_sections(&self) -> impl Iterator<Item = Result<&CustomSection, DecodeError>> {
        self.sections.iter().filter_map(|s| match s {
            Section::Custom(blob) => Some(blob.try_contents()),
            _ => None,
        })
    }

    /// The first custom section called `name`.
    pub fn find_custom_section(&self, name: &str) -> Result<Option<&CustomSection>, DecodeError> {
        for section in self.custom_sections() {
            let section = section?;
            if section.name() == name {
                return Ok(Some(section));
            }
        }
        Ok(None)
    }

    /// The errors of the custom sections whose payload does not decode (those that
    /// [`Module::decode_all`] returns as warnings and that visits leave as they are).
    /// Fails only if a custom section's name does not decode.
    ///
    /// ```
    /// use wasmbin::{Module, PathSegment};
    /// // A `producers` section whose payload announces 5 fields and holds none.
    /// let wasm = b"\0asm\x01\0\0\0\x00\x0b\x09producers\x05";
    /// let module = Module::decode_from(&wasm[..])?;
    /// let errors = module.custom_payload_errors()?;
    /// assert_eq!(errors.len(), 1);
    /// assert_eq!(errors[0].path()[1], PathSegment::Custom { name: "producers" });
    /// assert_eq!(module.decode_all()?.len(), 1); // the same errors, as warnings
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn custom_payload_errors(&self) -> Result<Vec<DecodeError>, DecodeError> {
        let mut errors = Vec::new();
        for section in self.custom_sections() {
            if let Err(err) = section?.decode_payload() {
                errors.push(err);
            }
        }
        Ok(errors)
    }

    /// Decodes every lazy part of the module, keeping the original bytes (so encoding still
    /// writes the input back exactly).
    ///
    /// Fails on the first malformed part (in module order). Custom sections whose payload
    /// (unlike their name) fails to decode do not make a module malformed: their errors are
    /// returned as warnings.
    pub fn decode_all(&self) -> Result<Vec<DecodeError>, DecodeError> {
        self.decode_all_with(|bodies| {
            bodies
                .iter()
                .try_for_each(|body| body.try_contents().map(drop))
        })
    }

    /// [`Module::decode_all`] with the function bodies decoded in parallel on rayon's
    /// thread pool. Same result, same first error.
    #[cfg(feature = "parallel")]
    pub fn decode_all_parallel(&self) -> Result<Vec<DecodeError>, DecodeError> {
        use rayon::prelude::*;
        self.decode_all_with(|bodies| {
            // The error of the first failing body, as the sequential order would find it.
            let first = bodies
                .par_iter()
                .enumerate()
                .filter_map(|(index, body)| body.try_contents().err().map(|err| (index, err)))
                .min_by_key(|(index, _)| *index);
            match first {
                Some((_, err)) => Err(err),
                None => Ok(()),
            }
        })
    }

    /// Decodes every part in module order, the function bodies with `bodies`.
    fn decode_all_with(
        &self,
        bodies: impl Fn(&[Blob<Func>]) -> Result<(), DecodeError>,
    ) -> Result<Vec<DecodeError>, DecodeError> {
        let mut warnings = Vec::new();
        for section in &self.sections {
            match section {
                Section::Custom(blob) => {
                    if let Err(err) = blob.try_contents()?.decode_payload() {
                        warnings.push(err);
                    }
                }
                // Bodies hold no lazy parts of their own: decoding them is enough.
                Section::Code(blob) => bodies(blob.try_contents()?)?,
                other => other.visit(|_: &()| {})?,
            }
        }
        self.check_structure()?;
        Ok(warnings)
    }

    /// Decodes every lazy part of the module like [`Module::decode_all`] and forgets the
    /// original bytes ([`Blob::forget_original`]), so the next encode writes every part
    /// from its decoded value.
    ///
    /// Custom section payloads that fail to decode stay raw; their errors are returned.
    pub fn decode_all_mut(&mut self) -> Result<Vec<DecodeError>, DecodeError> {
        // Decode (and check) while the original bytes are still there, then take the
        // decoded values.
        self.decode_all()?;
        let mut warnings = Vec::new();
        for section in &mut self.sections {
            match section {
                Section::Custom(blob) => warnings.extend(forget_custom_original(blob)?),
                // Bodies hold no lazy parts of their own: taking their contents is enough.
                Section::Code(blob) => {
                    for body in blob.try_contents_mut()? {
                        body.try_contents_mut()?;
                        body.forget_original();
                    }
                    blob.forget_original();
                }
                other => other.visit_mut(|_: &mut ForgetOriginal| {})?,
            }
        }
        Ok(warnings)
    }

    /// Checks the rules that span sections: the function and code sections declare the
    /// same number of functions, a data count section matches the data section, and code
    /// that names data segments needs a data count section.
    fn check_structure(&self) -> Result<(), DecodeError> {
        self.check_function_count()?;
        self.check_data_count()
    }

    /// The [data count](https://webassembly.github.io/spec/core/binary/modules.html#data-count-section)
    /// rules: the count equals the number of data segments, and without a data count
    /// section no function body may use a data index (`memory.init`, `data.drop`,
    /// `array.new_data`, `array.init_data`).
    fn check_data_count(&self) -> Result<(), DecodeError> {
        let data = self.find_std_section::<payload::Data>();
        let segments = match data {
            Some(blob) => blob.try_contents()?.len(),
            None => 0,
        };
        match self.find_std_section::<payload::DataCount>() {
            Some(count_blob) => {
                let count = *count_blob.try_contents()?;
                if u64::from(count) != segments as u64 {
                    let offset = data
                        .and_then(Blob::offset)
                        .or_else(|| count_blob.offset())
                        .unwrap_or(0);
                    return Err(DecodeError::new(
                        ErrorKind::Malformed(format!(
                            "data count and data section have inconsistent lengths ({count} declared, {segments} segments)"
                        )),
                        offset,
                        Default::default(),
                    ));
                }
            }
            None => {
                let Some((section_index, code)) =
                    self.sections.iter().enumerate().find_map(|(i, s)| match s {
                        Section::Code(code) => Some((i, code)),
                        _ => None,
                    })
                else {
                    return Ok(());
                };
                // A plain scan of the decoded bodies (memoized by now), only of those whose
                // bytes may hold such an instruction (a byte search is far cheaper than
                // walking the instructions).
                for (index, body) in code.try_contents()?.iter().enumerate() {
                    if body.raw_bytes().is_some_and(|raw| !may_name_data(raw)) {
                        continue;
                    }
                    let instructions = &body.try_contents()?.expr.instructions;
                    if let Some(position) =
                        instructions.iter().position(|i| i.data_index().is_some())
                    {
                        return Err(DecodeError::new(
                            ErrorKind::Malformed(
                                "data count section required: code uses a data index".into(),
                            ),
                            body.offset().unwrap_or(0),
                            Default::default(),
                        )
                        .within(PathSegment::Item {
                            kind: "instruction",
                            index: position as u32,
                        })
                        .within(PathSegment::Item {
                            kind: "function",
                            index: index as u32,
                        })
                        .within(PathSegment::Section {
                            index: section_index as u32,
                            id: payload::Code::ID,
                        }));
                    }
                }
            }
        }
        Ok(())
    }

    /// The function and code sections declare the same number of functions.
    fn check_function_count(&self) -> Result<(), DecodeError> {
        let functions = self.find_std_section::<payload::Function>();
        let code = self.find_std_section::<payload::Code>();
        let declared = match functions {
            Some(blob) => blob.try_contents()?.len(),
            None => 0,
        };
        let defined = match code {
            Some(blob) => blob.try_contents()?.len(),
            None => 0,
        };
        if declared != defined {
            let offset = code
                .and_then(Blob::offset)
                .or_else(|| functions.and_then(Blob::offset))
                .unwrap_or(0);
            return Err(DecodeError::new(
                ErrorKind::Malformed(format!(
                    "function and code section have inconsistent lengths ({declared} declared, {defined} bodies)"
                )),
                offset,
                Default::default(),
            ));
        }
        Ok(())
    }

    /// Before encoding: the cross-section rules, where a change may have broken them (what
    /// was read untouched is written back as it was): function and code counts, data count
    /// and data segments, and data indices in new or edited bodies without a data count.
    fn check_structure_for_encode(&self) -> std::io::Result<()> {
        fn modified<T>(blob: Option<&Blob<T>>) -> bool {
            blob.is_some_and(Blob::is_modified)
        }
        let to_io = |err: DecodeError| encode_error(err.kind().to_string());
        if modified(self.find_std_section::<payload::Function>())
            || modified(self.find_std_section::<payload::Code>())
        {
            self.check_function_count().map_err(to_io)?;
        }
        let data_count = self.find_std_section::<payload::DataCount>();
        if data_count.is_some()
            && (modified(data_count) || modified(self.find_std_section::<payload::Data>()))
        {
            self.check_data_count().map_err(to_io)?;
        }
        if data_count.is_none() {
            // Bodies as read were written back as they were; new or edited ones must not
            // name a data segment without a data count section.
            let bodies = self
                .find_std_section::<payload::Code>()
                .and_then(Blob::get)
                .into_iter()
                .flatten();
            for (index, body) in bodies.enumerate() {
                let Some(func) = body.get().filter(|_| body.is_modified()) else {
                    continue;
                };
                if func
                    .expr
                    .instructions
                    .iter()
                    .any(|i| i.data_index().is_some())
                {
                    return Err(encode_error(format!(
                        "function {index} uses a data index but there is no data count section"
                    )));
                }
            }
        }
        Ok(())
    }

    fn check_order(&self) -> std::io::Result<()> {
        let mut previous: Option<(u8, u8)> = None;
        for section in &self.sections {
            if let Some(order) = section.order() {
                if let Some((previous_order, previous_id)) = previous {
                    if order <= previous_order {
                        return Err(encode_error(format!(
                            "{} section after {} section (out of order or duplicate)",
                            section_name(section.id()),
                            section_name(previous_id)
                        )));
                    }
                }
                previous = Some((order, section.id()));
            }
        }
        Ok(())
    }
}

// Hand-written: the preamble (magic, version, layer) and the section order checks are not
// a production the derive can express, and sections run to the end of the input.
impl Encode for Module {
    fn encode(&self, writer: &mut impl Write) -> std::io::Result<()> {
        self.check_order()?;
        self.check_structure_for_encode()?;
        writer.write_all(MAGIC)?;
        writer.write_all(&VERSION)?;
        for (index, section) in self.sections.iter().enumerate() {
            section.encode(writer).map_err(|err| {
                let segment = PathSegment::Section {
                    index: index as u32,
                    id: section.id(),
                };
                encode_within(err, segment)
            })?;
        }
        Ok(())
    }

    /// The sum of the sections' lengths, each known without encoding it (a nested module
    /// needs its size before it is written).
    fn encoded_len(&self) -> usize {
        MAGIC.len() + VERSION.len() + self.sections.iter().map(Encode::encoded_len).sum::<usize>()
    }
}

/// Whether the bytes of a function body may hold an instruction with a data index: a
/// prefix byte of [`DATA_INDEX_OPCODES`] followed by one of its sub-opcodes, which are
/// LEB128 `u32`s that may be padded, so only the low seven bits of the byte after the
/// prefix are compared. A superset: a match inside an immediate only costs a scan of the
/// decoded instructions.
fn may_name_data(raw: &[u8]) -> bool {
    const {
        // One byte's low bits must be the whole sub-opcode, and there are two prefixes.
        let mut i = 0;
        while i < DATA_INDEX_OPCODES.len() {
            let (prefix, sub) = DATA_INDEX_OPCODES[i];
            assert!(sub < 0x80 && (prefix == 0xFB || prefix == 0xFC));
            i += 1;
        }
    }
    memchr::memchr2_iter(0xFB, 0xFC, raw).any(|at| {
        let sub = raw.get(at + 1).map_or(0, |byte| byte & 0x7F);
        DATA_INDEX_OPCODES.contains(&(raw[at], sub))
    })
}

/// Size of the buffer `Module::encode_into` writes through.
const ENCODE_BUFFER: usize = 64 * 1024;

impl Decode for Module {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        // Nested in a component, a module starts elsewhere than at offset 0.
        let start = reader.offset();
        if reader.read_bytes(4).ok() != Some(&MAGIC[..]) {
            return Err(reader.error_at(start, ErrorKind::BadMagic));
        }
        let version = reader.read_bytes(4)?;
        if version != VERSION {
            if version[2..] == [1, 0] {
                // The preamble's `layer` field (bytes 6 and 7) says what kind of binary it is.
                let version = u16::from_le_bytes([version[0], version[1]]);
                return Err(reader.error_at(start + 4, ErrorKind::Component { version }));
            }
            let mut le = [0; 4];
            le.copy_from_slice(version);
            return Err(reader.error_at(start + 4, ErrorKind::BadVersion(u32::from_le_bytes(le))));
        }
        let mut sections = Vec::with_capacity(reader.count_sections());
        let mut previous: Option<(u8, u8)> = None;
        while let Some(id) = reader.peek_byte() {
            let offset = reader.offset();
            let segment = PathSegment::Section {
                index: sections.len() as u32,
                id,
            };
            read_section(reader, &mut sections, id, segment)?;
            if let Some(order) = section_order(id) {
                if let Some((previous_order, previous_id)) = previous {
                    if order <= previous_order {
                        return Err(reader.error_at(
                            offset,
                            ErrorKind::SectionOrder {
                                found: section_name(id),
                                previous: section_name(previous_id),
                            },
                        ));
                    }
                }
                previous = Some((order, id));
            }
        }
        Ok(Module { sections })
    }
}

/// Whether `section` is a custom section whose payload does not decode: visits leave it as
/// it is, as [`Module::decode_all`] does (which reports it, like
/// [`Module::custom_payload_errors`]).
fn is_undecodable_custom(section: &Section) -> Result<bool, DecodeError> {
    match section {
        Section::Custom(blob) => payload_is_undecodable(blob),
        _ => Ok(false),
    }
}

/// Whether a custom section's typed payload fails to decode (such a section is skipped by
/// the visits of modules and components, and left raw); an error if the section itself does
/// not decode.
pub(crate) fn payload_is_undecodable(blob: &Blob<CustomSection>) -> Result<bool, DecodeError> {
    Ok(blob.try_contents()?.decode_payload().is_err())
}

/// Custom sections whose payload does not decode are skipped (left raw), as
/// [`Module::decode_all`] treats them; [`Module::custom_payload_errors`] lists them.
impl Visit for Module {
    fn visit_children<VisitT: 'static, E, F: FnMut(&VisitT) -> Result<(), E>>(
        &self,
        f: &mut F,
    ) -> Result<(), crate::visit::VisitError<E>> {
        for section in &self.sections {
            if !is_undecodable_custom(section)? {
                section.visit_child(f)?;
            }
        }
        Ok(())
    }

    fn visit_children_mut<VisitT: 'static, E, F: FnMut(&mut VisitT) -> Result<(), E>>(
        &mut self,
        f: &mut F,
    ) -> Result<(), crate::visit::VisitError<E>> {
        for section in &mut self.sections {
            if !is_undecodable_custom(section)? {
                section.visit_child_mut(f)?;
            }
        }
        Ok(())
    }
}

/// What [`Module::decode_all_mut`] and the component's do to a custom section: takes its
/// value and forgets its original bytes, then the payload's. A payload that does not decode
/// stays raw, and its error is returned as a warning.
pub(crate) fn forget_custom_original(
    blob: &mut Blob<CustomSection>,
) -> Result<Option<DecodeError>, DecodeError> {
    blob.try_contents_mut()?;
    blob.forget_original();
    Ok(blob
        .try_contents_mut()?
        .visit_mut(|_: &mut ForgetOriginal| {})
        .err())
}
