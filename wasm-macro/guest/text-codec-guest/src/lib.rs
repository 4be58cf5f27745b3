//! The guest side of the text codec ABI (version 2): what a codec plugin for
//! `#[derive(TextMessage)]` links against.
//!
//! A plugin is a `cdylib` crate built for `wasm32-unknown-unknown` that calls
//! [`export_codec!`] once with its codec name, the parameters it accepts, the crates its
//! generated code needs and its expansion function:
//!
//! ```
//! use text_codec_guest::Input;
//!
//! fn expand(input: &Input<'_>) -> Result<String, String> {
//!     // The host has already taken the item apart: its name, its generics, its where
//!     // clause (see `Input`); the whole item is in `input.item`.
//!     let format = if input.param("pretty") { "{:#?}" } else { "{:?}" };
//!     Ok(format!(
//!         "{} {{ fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{ \
//!          ::core::write!(f, {format:?}, self) }} }}",
//!         input.impl_header("::core::fmt::Display", "::core::fmt::Debug"),
//!     ))
//! }
//!
//! text_codec_guest::export_codec! {
//!     codec: "my_codec",
//!     params: ["pretty"],
//!     needs: [],
//!     expand: expand,
//! }
//! ```
//!
//! The macro exports exactly what the ABI requires (`text_codec_abi_version`,
//! `text_codec_alloc`, `text_codec_free`, `text_codec_expand`, `text_codec_last_panic`;
//! the linker exports `memory`), installs a panic hook that records the panic message for
//! `text_codec_last_panic`, and writes the whole [`METADATA_SECTION`] custom section
//! (`abi=2`, `codec=`, `params=`, `needs=`): a plain `cargo build --release --target
//! wasm32-unknown-unknown` of the plugin crate gives a working plugin. (`cargo xtask plugins`
//! also strips the other custom sections and the linker's extra exports, for smaller committed
//! binaries.) An expansion function returns `Err` with a message for the user (the host turns
//! it into a `compile_error!`); a panic is reported the same way, with its message.
//!
//! A codec that needs more than the name and the generics (the fields, the variants, the
//! attributes) parses [`Input::item`]; with the feature `syn`, this crate re-exports `syn`
//! (features `derive`, `full`, `parsing`, `printing`, `clone-impls`, `extra-traits`),
//! `quote` and `proc_macro2` for that. The host runs plugins in an interpreter, usually built
//! without optimisation: parsing the item costs a plugin some 30 times the instructions of
//! an expansion that does not (about 120 ms instead of 7 ms on a cache miss).
//!
//! With the default feature `allocator`, the crate is the plugin's global allocator (on
//! wasm32): a small one, since the host translates every function the plugin calls before
//! it runs it.
//!
//! The ABI itself is described in `wasm-macro/README.md`. This crate holds the only `unsafe`
//! code of the plugins: reading the request from and writing the result into linear memory
//! through raw pointers, the `#[unsafe(no_mangle)]` / `#[unsafe(link_section)]` attributes
//! of the exports and of the metadata, and the allocator.

#![warn(missing_docs)]

use std::alloc::{Layout, alloc, dealloc, handle_alloc_error};
use std::sync::{Mutex, Once};

use crate::__private::Codec;

#[cfg(feature = "syn")]
pub use {proc_macro2, quote, syn};

#[cfg(all(feature = "allocator", target_arch = "wasm32"))]
mod allocator;

/// The plugin's global allocator (feature `allocator`, on by default): small, so that the
/// host translates little code before an expansion can run (see `src/allocator.rs`).
#[cfg(all(feature = "allocator", target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator::new();

/// The ABI version this crate implements (returned by `text_codec_abi_version`).
pub const ABI_VERSION: u32 = 2;

/// The name of the custom section that holds a plugin's metadata.
pub const METADATA_SECTION: &str = "text-codec-metadata";

/// One derive input, as the host hands it to a codec: the parameters, and the item taken
/// apart by the host (which parsed it with `syn` already).
///
/// For `struct Pair<T: Clone, const N: usize> where T: Debug { .. }` the fields are, as
/// `TokenStream::to_string()` spells them: `name` `Pair`, `impl_generics`
/// `< T : Clone , const N : usize >`, `type_generics` `< T , N >` and `where_predicates`
/// `T : Debug ,`. So `impl {impl_generics} Trait for {name} {type_generics} where
/// {where_predicates} Self: Bound` is always a well-formed impl header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input<'a> {
    /// The parameters the user wrote in `params(...)`, in their order, each one the codec
    /// declared (the host and this crate both check that).
    pub params: Vec<&'a str>,
    /// The type's name.
    pub name: &'a str,
    /// The generics with their bounds and defaults removed, to follow `impl` (like
    /// `syn::ImplGenerics`); empty for a type without generics.
    pub impl_generics: &'a str,
    /// The generic arguments to follow the type's name (like `syn::TypeGenerics`); empty for
    /// a type without generics.
    pub type_generics: &'a str,
    /// The predicates of the type's where clause, each followed by a comma; empty when
    /// there are none.
    pub where_predicates: &'a str,
    /// The whole derive input item (`TokenStream::to_string()`), attributes included.
    pub item: &'a str,
}

impl Input<'_> {
    /// Whether the user wrote the parameter `name` in `params(...)`.
    pub fn param(&self, name: &str) -> bool {
        self.params.contains(&name)
    }

    /// The header of an impl of `trait_path` for the type, with its generics, its where
    /// clause and `Self: self_bound` added to it (nothing added when `self_bound` is empty),
    /// ready for the braces of the body.
    ///
    /// ```
    /// let input = text_codec_guest::Input {
    ///     params: Vec::new(),
    ///     name: "Pair",
    ///     impl_generics: "< T >",
    ///     type_generics: "< T >",
    ///     where_predicates: "T : Copy ,",
    ///     item: "struct Pair < T > where T : Copy { a : T , b : T }",
    /// };
    /// assert_eq!(
    ///     input.impl_header("::core::fmt::Display", "::core::fmt::Debug"),
    ///     "impl < T > ::core::fmt::Display for Pair < T > where T : Copy , Self: ::core::fmt::Debug"
    /// );
    /// ```
    pub fn impl_header(&self, trait_path: &str, self_bound: &str) -> String {
        // `concat` rather than `format!`: `core::fmt` is a lot of code for the host to
        // translate (see the `serde_json` codec).
        let bound = if self_bound.is_empty() { "" } else { " Self: " };
        [
            "impl ",
            self.impl_generics,
            " ",
            trait_path,
            " for ",
            self.name,
            " ",
            self.type_generics,
            " where ",
            self.where_predicates,
            bound,
            self_bound,
        ]
        .concat()
    }
}

/// A codec's expansion function: given one derive input, the generated Rust items, or a
/// message for the user.
pub type ExpandFn = fn(input: &Input<'_>) -> Result<String, String>;

/// Turns the current crate into a codec plugin: exports the ABI's functions, records panic
/// messages and writes the metadata custom section (`abi=2`, `codec=`, `params=`, `needs=`).
///
/// ```ignore
/// text_codec_guest::export_codec! {
///     codec: "serde_json",                  // the name users write in `codec = "..."`
///     params: ["pretty"],                   // the parameters it accepts (identifiers)
///     needs: ["serde@1", "serde_json@1"],   // the crates the generated code names
///     expand: expand,                       // a `fn(&Input<'_>) -> Result<String, String>`
/// }
/// ```
///
/// The codec name and the parameters must be Rust identifiers; each of `needs` is a crate
/// name as the generated code writes it, `@`, and the version the code is written for
/// (`MAJOR`, `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, read the way Cargo reads `ron = "0.12"`).
/// All of this is checked at compile time. The host tells a user who lacks one of those
/// crates, or has an incompatible version of it, which one to add. Parameters the user wrote
/// that are not declared here are refused before `expand` runs. Call it once per plugin
/// crate: the exports are unmangled symbols.
#[macro_export]
macro_rules! export_codec {
    (
        codec: $codec:literal,
        params: [$($param:literal),* $(,)?],
        needs: [$($need:literal),* $(,)?],
        expand: $expand:expr $(,)?
    ) => {
        const _: () = {
            const CODEC: $crate::__private::Codec = $crate::__private::Codec {
                name: $codec,
                params: &[$($param),*],
                needs: &[$($need),*],
                expand: $expand,
            };
            const METADATA_LEN: usize = $crate::__private::metadata_len(&CODEC);

            /// The metadata section: `abi=`, `codec=`, `params=` and `needs=` lines.
            // SAFETY: a data-only static in a custom section of its own name; nothing else
            // is placed there.
            #[used]
            #[unsafe(link_section = "text-codec-metadata")]
            static METADATA: [u8; METADATA_LEN] =
                $crate::__private::metadata::<METADATA_LEN>(&CODEC);

            // SAFETY (for the `no_mangle` attributes below): these names are the ABI's and
            // no other symbol of a plugin may use them.

            #[unsafe(no_mangle)]
            extern "C" fn text_codec_abi_version() -> u32 {
                $crate::ABI_VERSION
            }

            #[unsafe(no_mangle)]
            extern "C" fn text_codec_alloc(size: usize, align: usize) -> *mut u8 {
                $crate::__private::alloc(size, align)
            }

            #[unsafe(no_mangle)]
            unsafe extern "C" fn text_codec_free(ptr: *mut u8, size: usize, align: usize) {
                // SAFETY: the host frees what `text_codec_alloc` or a result gave it, with
                // the same size and alignment, once (the ABI's contract).
                unsafe { $crate::__private::free(ptr, size, align) }
            }

            #[unsafe(no_mangle)]
            unsafe extern "C" fn text_codec_expand(ptr: *const u8, len: usize) -> *mut u8 {
                // SAFETY: the host wrote `len` bytes at `ptr`, which it allocated with
                // `text_codec_alloc(len, 1)` (the ABI's contract).
                unsafe { $crate::__private::expand(&CODEC, ptr, len) }
            }

            #[unsafe(no_mangle)]
            extern "C" fn text_codec_last_panic() -> *mut u8 {
                $crate::__private::last_panic()
            }
        };
    };
}

/// Status of a result record: the bytes are the generated items.
const STATUS_OK: u32 = 0;
/// Status of a result record: the bytes are an error message for the user.
const STATUS_ERROR: u32 = 1;
/// Status of a panic record.
const STATUS_PANIC: u32 = 2;

/// The message of the last panic, stored by the panic hook.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);
/// Installs the panic hook once.
static PANIC_HOOK: Once = Once::new();

/// Sets the panic hook that stores the panic message (and its location) in [`LAST_PANIC`].
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        // Native unit tests keep the default hook too, so failing tests still print.
        #[cfg(test)]
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            #[cfg(test)]
            previous(info);
            let payload = info.payload();
            let message = match payload.downcast_ref::<&str>() {
                Some(message) => message,
                None => match payload.downcast_ref::<String>() {
                    Some(message) => message.as_str(),
                    None => "the codec panicked without a message",
                },
            };
            let text = match info.location() {
                Some(at) => format!("{message} (at {}:{}:{})", at.file(), at.line(), at.column()),
                None => message.to_owned(),
            };
            // `try_lock`: a panic while the slot is held must not deadlock.
            if let Ok(mut slot) = LAST_PANIC.try_lock() {
                *slot = Some(text);
            }
        }));
    });
}

/// The fields of a request, in order: each a `u32` LE byte length, then that many bytes of
/// UTF-8.
struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    /// The next field, called `what` in errors.
    fn next(&mut self, what: &str) -> Result<&'a str, String> {
        let Some((len, rest)) = self.rest.split_first_chunk::<4>() else {
            return Err(field_missing(what));
        };
        let len = u32::from_le_bytes(*len) as usize;
        if rest.len() < len {
            return Err(field_missing(what));
        }
        let (field, rest) = rest.split_at(len);
        self.rest = rest;
        std::str::from_utf8(field).map_err(|err| field_not_utf8(what, err))
    }
}

// The error paths are functions of their own, out of the way: the host translates a plugin
// function when it is first called, whole, and formatting is most of their code.

#[cold]
#[inline(never)]
fn field_missing(what: &str) -> String {
    format!("the request ends before its `{what}` field")
}

#[cold]
#[inline(never)]
fn field_not_utf8(what: &str, err: std::str::Utf8Error) -> String {
    format!("the request's `{what}` is not UTF-8: {err}")
}

#[cold]
#[inline(never)]
fn unknown_param(codec: &Codec, param: &str) -> String {
    format!(
        "codec `{}` has no parameter `{param}` (it accepts: {})",
        codec.name,
        if codec.params.is_empty() {
            "none".to_owned()
        } else {
            codec.params.join(", ")
        }
    )
}

/// Reads a request (see the ABI) and refuses a parameter the codec does not declare. Bytes
/// after the last field this version knows are ignored.
fn parse_request<'a>(codec: &Codec, request: &'a [u8]) -> Result<Input<'a>, String> {
    let mut fields = Fields { rest: request };
    let mut params = Vec::new();
    let mut list = fields.next("params")?;
    while !list.is_empty() {
        // A byte search: `str::split` brings a pattern searcher to translate.
        let end = list.bytes().position(|b| b == b',').unwrap_or(list.len());
        let param = &list[..end];
        list = &list[(end + 1).min(list.len())..];
        if param.is_empty() {
            continue;
        }
        if !codec.params.contains(&param) {
            return Err(unknown_param(codec, param));
        }
        params.push(param);
    }
    Ok(Input {
        params,
        name: fields.next("name")?,
        impl_generics: fields.next("impl_generics")?,
        type_generics: fields.next("type_generics")?,
        where_predicates: fields.next("where_predicates")?,
        item: fields.next("item")?,
    })
}

/// Allocates a result record `status`, `n`, then the `n` bytes of `text`, with layout
/// `(8 + n, 4)`; traps when memory runs out.
fn record(status: u32, text: &str) -> *mut u8 {
    let n = u32::try_from(text.len()).expect("a record holds at most 4 GiB");
    let size = text.len().checked_add(8).expect("record size overflows");
    let layout = Layout::from_size_align(size, 4).expect("record layout");
    // SAFETY: the layout's size is at least 8, not zero.
    let ptr = unsafe { alloc(layout) };
    if ptr.is_null() {
        handle_alloc_error(layout);
    }
    // SAFETY: `ptr` points to `size` freshly allocated bytes that nothing else refers to.
    let out = unsafe { std::slice::from_raw_parts_mut(ptr, size) };
    out[..4].copy_from_slice(&status.to_le_bytes());
    out[4..8].copy_from_slice(&n.to_le_bytes());
    out[8..].copy_from_slice(text.as_bytes());
    ptr
}

/// Used by [`export_codec!`]'s expansion; not part of the public API.
#[doc(hidden)]
pub mod __private {
    use super::*;

    /// A codec, as declared with [`export_codec!`].
    pub struct Codec {
        /// Its name.
        pub name: &'static str,
        /// The parameters it accepts.
        pub params: &'static [&'static str],
        /// The crates its generated code needs, `name@version`.
        pub needs: &'static [&'static str],
        /// Its expansion function.
        pub expand: ExpandFn,
    }

    /// Whether `name` is a Rust identifier (ASCII letters, digits, `_`; not starting with a
    /// digit; not `_` alone).
    const fn is_identifier(name: &str) -> bool {
        let bytes = name.as_bytes();
        if bytes.is_empty() || bytes[0].is_ascii_digit() || (bytes.len() == 1 && bytes[0] == b'_') {
            return false;
        }
        let mut i = 0;
        while i < bytes.len() {
            if !(bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                return false;
            }
            i += 1;
        }
        true
    }

    /// Whether `need` is `crate@version`: an identifier, `@`, then one to three numbers
    /// separated by dots.
    pub const fn is_need(need: &str) -> bool {
        let bytes = need.as_bytes();
        let mut at = 0;
        while at < bytes.len() && bytes[at] != b'@' {
            at += 1;
        }
        if at == bytes.len() {
            return false;
        }
        let (name, version) = bytes.split_at(at);
        let Ok(name) = std::str::from_utf8(name) else {
            return false;
        };
        if !is_identifier(name) {
            return false;
        }
        // `@`, then numbers and dots, neither first nor last nor two in a row, at most two.
        let mut i = 1;
        let mut dots = 0;
        let mut digits = 0;
        while i < version.len() {
            if version[i] == b'.' {
                if digits == 0 {
                    return false;
                }
                dots += 1;
                digits = 0;
            } else if version[i].is_ascii_digit() {
                digits += 1;
            } else {
                return false;
            }
            i += 1;
        }
        digits > 0 && dots <= 2
    }

    /// The length of a comma-separated `list`; each element must be a `crate@version` when
    /// `needs`, else an identifier.
    const fn list_len(list: &[&str], needs: bool) -> usize {
        let mut len = 0;
        let mut i = 0;
        while i < list.len() {
            if needs {
                assert!(
                    is_need(list[i]),
                    "export_codec!: each of `needs` must be `crate@version`, like \"serde@1\" or \"ron@0.12\""
                );
            } else {
                assert!(
                    is_identifier(list[i]),
                    "export_codec!: each parameter must be an identifier"
                );
            }
            if i > 0 {
                len += 1;
            }
            len += list[i].len();
            i += 1;
        }
        len
    }

    /// The length of [`metadata`]'s bytes; fails to compile when a name is not an
    /// identifier or a need is not `crate@version`.
    pub const fn metadata_len(codec: &Codec) -> usize {
        assert!(
            is_identifier(codec.name),
            "export_codec!: the codec name must be an identifier"
        );
        METADATA_PREFIX.len()
            + codec.name.len()
            + "\nparams=".len()
            + list_len(codec.params, false)
            + "\nneeds=".len()
            + list_len(codec.needs, true)
    }

    /// Copies `text` into `out` at `at`; returns the position after it.
    const fn put(out: &mut [u8], mut at: usize, text: &str) -> usize {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            out[at] = bytes[i];
            at += 1;
            i += 1;
        }
        at
    }

    /// Copies the comma-separated `list` into `out` at `at`; returns the position after it.
    const fn put_list(out: &mut [u8], mut at: usize, list: &[&str]) -> usize {
        let mut i = 0;
        while i < list.len() {
            if i > 0 {
                at = put(out, at, ",");
            }
            at = put(out, at, list[i]);
            i += 1;
        }
        at
    }

    /// The start of the metadata: the ABI version line, then the key of the codec name.
    const METADATA_PREFIX: &str = concat!("abi=", 2, "\ncodec=");
    const _: () = assert!(ABI_VERSION == 2, "METADATA_PREFIX names ABI version 2");

    /// The metadata lines `abi=2`, `codec=NAME`, `params=P1,P2` and `needs=C1@V1,C2@V2`
    /// (no trailing newline).
    pub const fn metadata<const N: usize>(codec: &Codec) -> [u8; N] {
        let mut out = [0; N];
        let mut at = put(&mut out, 0, METADATA_PREFIX);
        at = put(&mut out, at, codec.name);
        at = put(&mut out, at, "\nparams=");
        at = put_list(&mut out, at, codec.params);
        at = put(&mut out, at, "\nneeds=");
        at = put_list(&mut out, at, codec.needs);
        assert!(at == N, "metadata length");
        out
    }

    /// `text_codec_alloc`: `size` bytes aligned to `align`; null when the layout is invalid
    /// or memory runs out. A zero size gives a dangling, aligned, non-null pointer.
    pub fn alloc(size: usize, align: usize) -> *mut u8 {
        let Ok(layout) = Layout::from_size_align(size, align) else {
            return std::ptr::null_mut();
        };
        if size == 0 {
            return std::ptr::without_provenance_mut(align);
        }
        // SAFETY: the layout's size is not zero.
        unsafe { super::alloc(layout) }
    }

    /// `text_codec_free`: frees what [`alloc`] (or a result record) returned. Invalid
    /// layouts, zero sizes and null pointers are ignored.
    ///
    /// # Safety
    ///
    /// `ptr` was returned by [`alloc`] with this `size` and `align` (or is a result record
    /// of `size` bytes, with `align` 4), and is not used again.
    pub unsafe fn free(ptr: *mut u8, size: usize, align: usize) {
        let Ok(layout) = Layout::from_size_align(size, align) else {
            return;
        };
        if size == 0 || ptr.is_null() {
            return;
        }
        // SAFETY: allocated with this very layout (the caller's contract).
        unsafe { dealloc(ptr, layout) }
    }

    /// `text_codec_expand`: reads the request, runs the codec, returns the result record.
    ///
    /// # Safety
    ///
    /// `ptr` points to `len` initialized bytes that stay untouched during the call.
    pub unsafe fn expand(codec: &Codec, ptr: *const u8, len: usize) -> *mut u8 {
        install_panic_hook();
        let bytes: &[u8] = if len == 0 || ptr.is_null() {
            &[]
        } else {
            // SAFETY: `len` initialized bytes at `ptr` (the caller's contract).
            unsafe { std::slice::from_raw_parts(ptr, len) }
        };
        let result = parse_request(codec, bytes).and_then(|input| (codec.expand)(&input));
        match result {
            Ok(items) => record(STATUS_OK, &items),
            Err(message) => record(STATUS_ERROR, &message),
        }
    }

    /// `text_codec_last_panic`: the stored panic message as a record (status 2), or null.
    pub fn last_panic() -> *mut u8 {
        let message = match LAST_PANIC.try_lock() {
            Ok(mut slot) => slot.take(),
            Err(_) => None,
        };
        match message {
            Some(message) => record(STATUS_PANIC, &message),
            None => std::ptr::null_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    //! Run natively: `cargo test --manifest-path wasm-macro/guest/Cargo.toml -p text-codec-guest`.

    use super::__private::{self, Codec};
    use super::Input;

    /// Echoes the input's fields, `|`-separated; fails or panics on request.
    fn echo(input: &Input<'_>) -> Result<String, String> {
        match input.item {
            "fail" => Err("refused".to_owned()),
            "panic" => panic!("echo: panicking"),
            _ => Ok(format!(
                "{}|{}|{}|{}|{}|{}|{}",
                input.params.join("+"),
                input.param("loud"),
                input.name,
                input.impl_generics,
                input.type_generics,
                input.where_predicates,
                input.item
            )),
        }
    }

    const ECHO: Codec = Codec {
        name: "echo",
        params: &["pretty", "loud"],
        needs: &["serde@1", "ron@0.12"],
        expand: echo,
    };

    /// Reads a record (status, text) and frees it.
    fn take_record(ptr: *mut u8) -> (u32, String) {
        assert!(!ptr.is_null());
        // SAFETY: a record starts with 8 bytes of header, then `n` bytes.
        let header = unsafe { std::slice::from_raw_parts(ptr, 8) };
        let status = u32::from_le_bytes(header[..4].try_into().unwrap());
        let n = u32::from_le_bytes(header[4..].try_into().unwrap()) as usize;
        // SAFETY: see above.
        let text = unsafe { std::slice::from_raw_parts(ptr.add(8), n) };
        let text = String::from_utf8(text.to_vec()).unwrap();
        // SAFETY: records have layout (8 + n, 4).
        unsafe { __private::free(ptr, 8 + n, 4) };
        (status, text)
    }

    /// A request made of `fields`, each with its length in front.
    fn request(fields: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for field in fields {
            out.extend_from_slice(&(field.len() as u32).to_le_bytes());
            out.extend_from_slice(field);
        }
        out
    }

    /// Runs a request through `expand` as the host would.
    fn run(request: &[u8]) -> (u32, String) {
        let ptr = __private::alloc(request.len(), 1);
        // SAFETY: `ptr` holds `request.len()` fresh bytes.
        unsafe { std::ptr::copy_nonoverlapping(request.as_ptr(), ptr, request.len()) };
        // SAFETY: `request.len()` initialized bytes at `ptr`.
        let result = unsafe { __private::expand(&ECHO, ptr, request.len()) };
        // SAFETY: allocated above with this layout.
        unsafe { __private::free(ptr, request.len(), 1) };
        take_record(result)
    }

    #[test]
    fn metadata_lines() {
        const LEN: usize = __private::metadata_len(&ECHO);
        const BYTES: [u8; LEN] = __private::metadata::<LEN>(&ECHO);
        assert_eq!(
            &BYTES,
            b"abi=2\ncodec=echo\nparams=pretty,loud\nneeds=serde@1,ron@0.12"
        );
        const NONE: Codec = Codec {
            name: "none",
            params: &[],
            needs: &[],
            expand: echo,
        };
        const NONE_LEN: usize = __private::metadata_len(&NONE);
        assert_eq!(
            &__private::metadata::<NONE_LEN>(&NONE),
            b"abi=2\ncodec=none\nparams=\nneeds="
        );
    }

    #[test]
    fn needs_are_crate_at_version() {
        for good in ["serde@1", "ron@0.12", "serde_json@1.0.100"] {
            assert!(__private::is_need(good), "{good}");
        }
        for bad in [
            "serde",
            "serde@",
            "@1",
            "ron@0..12",
            "ron@.1",
            "ron@1.",
            "ron@1.2.3.4",
        ] {
            assert!(!__private::is_need(bad), "{bad}");
        }
        for bad in ["ron@^0.12", "serde-json@1", "ron@0.12-beta"] {
            assert!(!__private::is_need(bad), "{bad}");
        }
    }

    #[test]
    fn requests() {
        let item = "struct A < T > where T : Copy { a : T , b : & 'static str }\nmore";
        assert_eq!(
            run(&request(&[
                b"loud,pretty",
                b"A",
                b"< T >",
                b"< T >",
                b"T : Copy ,",
                item.as_bytes()
            ])),
            (
                0,
                format!("loud+pretty|true|A|< T >|< T >|T : Copy ,|{item}")
            )
        );
        // No parameters, no generics; bytes after the last field are ignored.
        let mut plain = request(&[b"", b"B", b"", b"", b"", b"struct B ;"]);
        plain.extend_from_slice(b"\x03\0\0\0new");
        assert_eq!(run(&plain), (0, "|false|B||||struct B ;".to_owned()));
        assert_eq!(
            run(&request(&[b"", b"A", b"", b"", b"", b"fail"])),
            (1, "refused".to_owned())
        );
        let (status, message) = run(&request(&[b"quiet", b"A", b"", b"", b"", b""]));
        assert_eq!(status, 1);
        assert!(message.contains("no parameter `quiet`"), "{message}");
        let (status, message) = run(&request(&[b"", b"A", b""]));
        assert_eq!(
            (status, message.as_str()),
            (1, "the request ends before its `type_generics` field")
        );
        let (status, message) = run(&request(&[b"", b"\xff"]));
        assert_eq!(status, 1);
        assert!(
            message.starts_with("the request's `name` is not UTF-8"),
            "{message}"
        );
    }

    #[test]
    fn alloc_edges() {
        assert!(
            __private::alloc(8, 3).is_null(),
            "alignment must be a power of two"
        );
        let empty = __private::alloc(0, 8);
        assert!(!empty.is_null() && empty as usize % 8 == 0);
        // SAFETY: zero-sized: nothing to free.
        unsafe { __private::free(empty, 0, 8) };
    }

    #[test]
    fn panic_message_is_recorded() {
        super::install_panic_hook();
        let input = Input {
            params: Vec::new(),
            name: "A",
            impl_generics: "",
            type_generics: "",
            where_predicates: "",
            item: "panic",
        };
        let caught = std::panic::catch_unwind(|| echo(&input));
        assert!(caught.is_err());
        let (status, message) = take_record(__private::last_panic());
        assert_eq!(status, 2);
        assert!(message.starts_with("echo: panicking (at "), "{message}");
    }

    /// What ordinary codec code does with the re-exported `syn` and `quote` compiles and
    /// works with the features this crate enables: cloning and comparing syntax trees,
    /// `make_where_clause`, `parse_quote!`, `split_for_impl`, walking variants and fields,
    /// quoting with repetitions (`--features syn`).
    #[cfg(feature = "syn")]
    #[test]
    fn syn_features_suffice_for_ordinary_code() {
        use crate::quote::quote;
        use crate::syn;

        let item: syn::DeriveInput = syn::parse_str(
            "#[derive(TextMessage)] enum Shape<'a, T: Clone = u8> where T: Copy \
             { Unit, Pair(T, &'a str), Named { x: T, label: Option<String> } }",
        )
        .unwrap();
        let syn::Data::Enum(data) = &item.data else {
            panic!("an enum")
        };
        let mut generics = item.generics.clone();
        assert_eq!(generics, item.generics);
        generics
            .make_where_clause()
            .predicates
            .push(syn::parse_quote!(Self: ::core::fmt::Debug));
        let (impl_generics, type_generics, where_clause) = generics.split_for_impl();
        let name = &item.ident;
        let variants: Vec<&syn::Ident> = data.variants.iter().map(|v| &v.ident).collect();
        let field_counts = data.variants.iter().map(|v| v.fields.len());
        let named: Vec<String> = data
            .variants
            .iter()
            .flat_map(|v| v.fields.iter())
            .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
            .collect();
        assert_eq!(named, ["x", "label"]);
        let option: syn::Type = syn::parse_quote!(Option<String>);
        assert!(
            data.variants
                .iter()
                .any(|v| v.fields.iter().any(|f| f.ty == option))
        );
        let tokens = quote! {
            impl #impl_generics Counts for #name #type_generics #where_clause {
                const FIELDS: &'static [(&'static str, usize)] = &[#((stringify!(#variants), #field_counts)),*];
            }
        };
        assert_eq!(
            tokens.to_string(),
            "impl < 'a , T : Clone > Counts for Shape < 'a , T > where T : Copy , Self : :: core :: fmt :: Debug { \
             const FIELDS : & 'static [(& 'static str , usize)] = & [(stringify ! (Unit) , 0usize) , \
             (stringify ! (Pair) , 2usize) , (stringify ! (Named) , 2usize)] ; }"
        );
        assert!(format!("{item:?}").starts_with("DeriveInput {"));
    }
}
