//! Test plugin `panic`: panics on every expansion, with a distinctive message, so that the
//! host's tests can check that a guest panic becomes a `compile_error!` quoting it.

/// Panics (the message is what the host's tests look for).
fn expand(_input: &text_codec_guest::Input<'_>) -> Result<String, String> {
    panic!("panic_codec: refusing to expand on purpose")
}

text_codec_guest::export_codec! {
    codec: "panic",
    params: [],
    needs: [],
    expand: expand,
}
