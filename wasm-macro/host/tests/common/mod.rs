//! Hand-written plugins (WAT) and wasmbin edits of plugins, shared by the host's tests.
#![allow(dead_code)]

use wasmbin::custom::{CustomSection, RawCustomSection};
use wasmbin::sections::{Export, ExportDesc, ExternType, Import};
use wasmbin::{payload, Blob, Module, Section};

/// A plugin whose `text_codec_expand` body is `expand` (it may call `$record (status, src,
/// len) -> ptr`, which allocates and fills a result record, and read the input from `$ptr` /
/// `$len`); `text` is placed at address 16, the allocations after it. The allocator keeps each allocation's size and
/// alignment in front of it, and `text_codec_free` traps unless they match (and marks the
/// block freed, so a second free traps too).
pub fn wat_plugin(metadata: &str, text: &str, expand: &str, extra: &str) -> Vec<u8> {
    let metadata = metadata.replace('\n', "\\n");
    // The allocator starts past the text (whose WAT spelling is at least as long as its bytes),
    // and the memory holds both.
    let bump = (16 + text.len()).div_ceil(4096) * 4096 + 4096;
    let pages = bump.div_ceil(65536).max(1);
    let wat = format!(
        r#"(module
  (memory (export "memory") {pages})
  (global $bump (mut i32) (i32.const {bump}))
  (global $panic (mut i32) (i32.const 0))
  (data (i32.const 16) "{text}")
  (func (export "text_codec_abi_version") (result i32) (i32.const 2))
  (func $alloc (export "text_codec_alloc") (param $size i32) (param $align i32) (result i32)
    (local $p i32) (local $pages i32)
    (local.set $p (i32.and (i32.add (global.get $bump) (i32.const 15)) (i32.const -8)))
    (global.set $bump (i32.add (local.get $p) (local.get $size)))
    (if (i32.gt_u (global.get $bump) (i32.shl (memory.size) (i32.const 16)))
      (then
        (local.set $pages (i32.add (i32.shr_u (i32.sub (global.get $bump)
          (i32.shl (memory.size) (i32.const 16))) (i32.const 16)) (i32.const 1)))
        (if (i32.eq (memory.grow (local.get $pages)) (i32.const -1))
          (then (return (i32.const 0))))))
    (i32.store (i32.sub (local.get $p) (i32.const 8)) (local.get $size))
    (i32.store (i32.sub (local.get $p) (i32.const 4)) (local.get $align))
    (local.get $p))
  (func (export "text_codec_free") (param $p i32) (param $size i32) (param $align i32)
    (if (i32.ne (i32.load (i32.sub (local.get $p) (i32.const 8))) (local.get $size))
      (then unreachable))
    (if (i32.ne (i32.load (i32.sub (local.get $p) (i32.const 4))) (local.get $align))
      (then unreachable))
    (i32.store (i32.sub (local.get $p) (i32.const 8)) (i32.const -1)))
  (func $record (param $status i32) (param $src i32) (param $n i32) (result i32)
    (local $r i32)
    (local.set $r (call $alloc (i32.add (local.get $n) (i32.const 8)) (i32.const 4)))
    (i32.store (local.get $r) (local.get $status))
    (i32.store offset=4 (local.get $r) (local.get $n))
    (memory.copy (i32.add (local.get $r) (i32.const 8)) (local.get $src) (local.get $n))
    (local.get $r))
  (func (export "text_codec_expand") (param $ptr i32) (param $len i32) (result i32)
    {expand})
  (func (export "text_codec_last_panic") (result i32) (global.get $panic))
  {extra}
  (@custom "text-codec-metadata" "{metadata}")
)"#
    );
    wat::parse_str(wat).expect("test WAT")
}

/// Metadata of ABI 2 for `codec` with `params`.
pub fn metadata(codec: &str, params: &str) -> String {
    format!("abi=2\ncodec={codec}\nparams={params}\n")
}

/// A request for `item` with `params`, the type called `S` and without generics (`item`
/// need not be Rust).
pub fn request(params: &[&str], item: &str) -> text_codec_host::Request {
    text_codec_host::Request {
        params: params.iter().map(|p| p.to_string()).collect(),
        name: "S".to_owned(),
        impl_generics: String::new(),
        type_generics: String::new(),
        where_predicates: String::new(),
        item: item.to_owned(),
    }
}

/// Returns the request unchanged, as status 0.
pub fn echo_plugin(codec: &str, params: &str) -> Vec<u8> {
    wat_plugin(
        &metadata(codec, params),
        "",
        "(call $record (i32.const 0) (local.get $ptr) (local.get $len))",
        "",
    )
}

/// Returns `text` with `status`, whatever the input.
pub fn fixed_plugin(codec: &str, params: &str, status: u32, text: &str) -> Vec<u8> {
    wat_plugin(
        &metadata(codec, params),
        &text.replace('\\', "\\\\").replace('"', "\\\""),
        &format!(
            "(call $record (i32.const {status}) (i32.const 16) (i32.const {}))",
            text.len()
        ),
        "",
    )
}

/// Records the panic message `message` (as the guest's panic hook would) and traps.
pub fn panic_plugin(codec: &str, message: &str) -> Vec<u8> {
    wat_plugin(
        &metadata(codec, ""),
        message,
        &format!(
            "(global.set $panic (call $record (i32.const 2) (i32.const 16) (i32.const {})))
             unreachable",
            message.len()
        ),
        "",
    )
}

/// Loops forever.
pub fn loop_plugin(codec: &str) -> Vec<u8> {
    wat_plugin(
        &metadata(codec, ""),
        "",
        "(loop $again (br $again)) unreachable",
        "",
    )
}

/// Grows its memory a page at a time until refused, then traps (like an allocation failure).
pub fn greedy_plugin(codec: &str) -> Vec<u8> {
    wat_plugin(
        &metadata(codec, ""),
        "",
        "(loop $again (br_if $again (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
         unreachable",
        "",
    )
}

/// Decodes `wasm`, lets `edit` change the module, encodes it again.
pub fn edit(wasm: &[u8], edit: impl FnOnce(&mut Module)) -> Vec<u8> {
    let mut module = Module::decode_from(wasm).expect("decode");
    edit(&mut module);
    module.encode_into(Vec::new()).expect("encode")
}

/// Adds a function import `module.name` of type 0. Imported functions come first in the
/// function index space: the exports are shifted to keep pointing at the same functions (the
/// calls in the code are not, so the edited module is for the static check only).
pub fn add_import(module: &mut Module, from: &str, name: &str) {
    let imports = module.find_or_insert_std_section::<payload::Import>(Vec::new);
    imports.try_contents_mut().expect("imports").push(Import {
        module: from.to_owned(),
        name: name.to_owned(),
        desc: ExternType::Func(0.into()).into(),
    });
    let exports = module
        .find_std_section_mut::<payload::Export>()
        .expect("exports");
    for export in exports.try_contents_mut().expect("exports") {
        if let ExportDesc::Func(index) = &mut export.desc {
            index.0 += 1;
        }
    }
}

/// Removes the export called `name`.
pub fn remove_export(module: &mut Module, name: &str) {
    let exports = module
        .find_std_section_mut::<payload::Export>()
        .expect("exports");
    exports
        .try_contents_mut()
        .expect("exports")
        .retain(|e: &Export| e.name != name);
}

/// Replaces the payload of the `text-codec-metadata` section.
pub fn set_metadata(module: &mut Module, text: &str) {
    for section in &mut module.sections {
        if let Section::Custom(blob) = section {
            if blob.try_contents().expect("custom").name() == "text-codec-metadata" {
                *blob = Blob::new(CustomSection::Other(RawCustomSection {
                    name: "text-codec-metadata".to_owned(),
                    data: text.as_bytes().to_vec().into(),
                }));
            }
        }
    }
}

/// Makes `text_codec_abi_version` (the first function body of a [`wat_plugin`]) return
/// `version` instead of 2.
pub fn set_reported_abi_version(module: &mut Module, version: i32) {
    use wasmbin::instructions::Instruction;
    let code = module
        .find_std_section_mut::<payload::Code>()
        .expect("code");
    let body = code.try_contents_mut().expect("bodies")[0]
        .try_contents_mut()
        .expect("body");
    assert_eq!(body.expr.instructions, [Instruction::I32Const(2)]);
    body.expr.instructions[0] = Instruction::I32Const(version);
}

/// A scratch directory of its own, removed first if it exists.
pub fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("text-codec-host-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

// --- the derive, end to end ---

use proc_macro2::TokenStream;
use quote::quote;
use text_codec_host::derive_text_message;

/// `FooMessage` deriving TextMessage with attribute `attr`.
pub fn foo(attr: TokenStream) -> TokenStream {
    quote! {
        #[derive(TextMessage)]
        #attr
        struct FooMessage { name: String, value: u64 }
    }
}

/// The message of the single `compile_error!` in `output`.
pub fn error_message(output: &TokenStream) -> String {
    let file: syn::File = syn::parse2(output.clone()).expect("items");
    let messages: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Macro(m)
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "compile_error") =>
            {
                Some(
                    syn::parse2::<syn::LitStr>(m.mac.tokens.clone())
                        .unwrap()
                        .value(),
                )
            }
            _ => None,
        })
        .collect();
    assert!(!messages.is_empty(), "no compile_error! in {output}");
    messages.join(" | ")
}

/// A manifest dir whose `codecs/` holds `files`.
pub fn manifest_with(name: &str, files: &[(&str, &[u8])]) -> std::path::PathBuf {
    let dir = scratch_dir(name);
    std::fs::create_dir_all(dir.join("codecs")).unwrap();
    for (file, bytes) in files {
        std::fs::write(dir.join("codecs").join(file), bytes).unwrap();
    }
    dir
}

pub fn user_codec_error(test: &str, codec: &str, wasm: &[u8]) -> String {
    let dir = manifest_with(test, &[(&format!("{codec}_text_codec.wasm"), wasm)]);
    let output = derive_text_message(foo(quote!(#[text_message(codec = #codec)])), Some(&dir));
    error_message(&output)
}
