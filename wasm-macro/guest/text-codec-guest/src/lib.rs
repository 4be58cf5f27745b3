//! The guest side of the text codec ABI (version 1): what a codec plugin for
//! `#[derive(TextMessage)]` links against.
//!
//! A plugin is a `cdylib` crate built for `wasm32-unknown-unknown` that calls
//! [`export_codec!`] once with its codec name, the parameters it accepts and its expansion
//! function:
//!
//! ```ignore
//! fn expand(params: &[&str], item: &str) -> Result<String, String> {
//!     // `item` is the derive input (`TokenStream::to_string()`), attributes included;
//!     // `params` are the parameters the user wrote in `params(...)`, each one declared below.
//!     Ok(String::new()) // the generated items, as Rust source
//! }
//!
//! text_codec_guest::export_codec! {
//!     codec: "my_codec",
//!     params: ["pretty"],
//!     expand: expand,
//! }
//! ```
//!
//! The macro exports exactly what the ABI requires (`text_codec_abi_version`,
//! `text_codec_alloc`, `text_codec_free`, `text_codec_expand`, `text_codec_last_panic`;
//! the linker exports `memory`), installs a panic hook that records the panic message for
//! `text_codec_last_panic`, and writes the whole [`METADATA_SECTION`] custom section
//! (`abi=1`, `codec=`, `params=`): a plain `cargo build --release --target
//! wasm32-unknown-unknown` of the plugin crate gives a working plugin. (`cargo xtask plugins`
//! also strips the other custom sections and the linker's extra exports, for smaller committed
//! binaries.) An expansion function returns `Err` with a message for the
//! user (the host turns it into a `compile_error!`); a panic is reported the same way, with
//! its message.
//!
//! The ABI itself is described in `wasm-macro/README.md`. This crate holds the only `unsafe`
//! code of the plugins: reading the request from and writing the result into linear memory
//! through raw pointers, and the `#[unsafe(no_mangle)]` / `#[unsafe(link_section)]`
//! attributes of the exports and of the metadata.

#![warn(missing_docs)]

use std::alloc::{Layout, alloc, dealloc, handle_alloc_error};
use std::sync::{Mutex, Once};

use crate::__private::Codec;

/// The ABI version this crate implements (returned by `text_codec_abi_version`).
pub const ABI_VERSION: u32 = 1;

/// The name of the custom section that holds a plugin's metadata.
pub const METADATA_SECTION: &str = "text-codec-metadata";

/// A codec's expansion function: given the user's parameters (each one of those the codec
/// declared) and the derive input item, the generated Rust items, or a message for the user.
pub type ExpandFn = fn(params: &[&str], item: &str) -> Result<String, String>;

/// Turns the current crate into a codec plugin: exports the ABI's functions, records panic
/// messages and writes the metadata custom section (`abi=1`, `codec=`, `params=`).
///
/// ```ignore
/// text_codec_guest::export_codec! {
///     codec: "serde_json",    // the codec name users write in `codec = "..."`
///     params: ["pretty"],     // the parameters it accepts (identifiers), possibly none
///     expand: expand,         // a `fn(&[&str], &str) -> Result<String, String>`
/// }
/// ```
///
/// The codec name and the parameters must be Rust identifiers (checked at compile time).
/// Parameters the user wrote that are not declared here are refused before `expand` runs.
/// Call it once per plugin crate: the exports are unmangled symbols.
#[macro_export]
macro_rules! export_codec {
    (
        codec: $codec:literal,
        params: [$($param:literal),* $(,)?],
        expand: $expand:expr $(,)?
    ) => {
        const _: () = {
            const CODEC: $crate::__private::Codec = $crate::__private::Codec {
                name: $codec,
                params: &[$($param),*],
                expand: $expand,
            };
            const METADATA_LEN: usize = $crate::__private::metadata_len(&CODEC);

            /// The metadata section: `abi=`, `codec=` and `params=` lines.
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

/// Splits a request into its parameters (first line) and item (the rest), and refuses a
/// parameter the codec does not declare.
fn parse_request<'a>(codec: &Codec, request: &'a str) -> Result<(Vec<&'a str>, &'a str), String> {
    let (params_line, item) = request.split_once('\n').unwrap_or((request, ""));
    let params: Vec<&str> = params_line
        .split(',')
        .map(str::trim)
        .filter(|param| !param.is_empty())
        .collect();
    for param in &params {
        if !codec.params.contains(param) {
            return Err(format!(
                "codec `{}` has no parameter `{param}` (it accepts: {})",
                codec.name,
                if codec.params.is_empty() {
                    "none".to_owned()
                } else {
                    codec.params.join(", ")
                }
            ));
        }
    }
    Ok((params, item))
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

    /// The length of [`metadata`]'s bytes; fails to compile when a name is not an
    /// identifier.
    pub const fn metadata_len(codec: &Codec) -> usize {
        assert!(
            is_identifier(codec.name),
            "export_codec!: the codec name must be an identifier"
        );
        let mut len = METADATA_PREFIX.len() + codec.name.len() + "\nparams=".len();
        let mut i = 0;
        while i < codec.params.len() {
            assert!(
                is_identifier(codec.params[i]),
                "export_codec!: each parameter must be an identifier"
            );
            if i > 0 {
                len += 1;
            }
            len += codec.params[i].len();
            i += 1;
        }
        len
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

    /// The start of the metadata: the ABI version line, then the key of the codec name.
    const METADATA_PREFIX: &str = concat!("abi=", 1, "\ncodec=");
    const _: () = assert!(ABI_VERSION == 1, "METADATA_PREFIX names ABI version 1");

    /// The metadata lines `abi=1`, `codec=NAME` and `params=P1,P2` (no trailing newline).
    pub const fn metadata<const N: usize>(codec: &Codec) -> [u8; N] {
        let mut out = [0; N];
        let mut at = put(&mut out, 0, METADATA_PREFIX);
        at = put(&mut out, at, codec.name);
        at = put(&mut out, at, "\nparams=");
        let mut i = 0;
        while i < codec.params.len() {
            if i > 0 {
                at = put(&mut out, at, ",");
            }
            at = put(&mut out, at, codec.params[i]);
            i += 1;
        }
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
        let result = std::str::from_utf8(bytes)
            .map_err(|err| format!("the request is not UTF-8: {err}"))
            .and_then(|request| parse_request(codec, request))
            .and_then(|(params, item)| (codec.expand)(&params, item));
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

    fn echo(params: &[&str], item: &str) -> Result<String, String> {
        match item {
            "fail" => Err("refused".to_owned()),
            "panic" => panic!("echo: panicking"),
            _ => Ok(format!("{}|{item}", params.join("+"))),
        }
    }

    const ECHO: Codec = Codec {
        name: "echo",
        params: &["pretty", "loud"],
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

    /// Runs a request through `expand` as the host would.
    fn run(request: &str) -> (u32, String) {
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
        assert_eq!(&BYTES, b"abi=1\ncodec=echo\nparams=pretty,loud");
        const NONE: Codec = Codec {
            name: "none",
            params: &[],
            expand: echo,
        };
        const NONE_LEN: usize = __private::metadata_len(&NONE);
        assert_eq!(
            &__private::metadata::<NONE_LEN>(&NONE),
            b"abi=1\ncodec=none\nparams="
        );
    }

    #[test]
    fn requests() {
        assert_eq!(run("\nstruct A;"), (0, "|struct A;".to_owned()));
        assert_eq!(
            run("loud,pretty\nstruct A;\nmore"),
            (0, "loud+pretty|struct A;\nmore".to_owned())
        );
        assert_eq!(run("\nfail"), (1, "refused".to_owned()));
        let (status, message) = run("quiet\nstruct A;");
        assert_eq!(status, 1);
        assert!(message.contains("no parameter `quiet`"), "{message}");
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
        let caught = std::panic::catch_unwind(|| echo(&[], "panic"));
        assert!(caught.is_err());
        let (status, message) = take_record(__private::last_panic());
        assert_eq!(status, 2);
        assert!(message.starts_with("echo: panicking (at "), "{message}");
    }
}
