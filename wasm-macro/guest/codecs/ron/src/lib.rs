//! Codec plugin `ron` (placeholder until written).
fn expand(_params: &[&str], _item: &str) -> Result<String, String> {
    Err("todo".into())
}
text_codec_guest::export_codec! { codec: "ron", params: ["pretty", "struct_names"], expand: expand }
