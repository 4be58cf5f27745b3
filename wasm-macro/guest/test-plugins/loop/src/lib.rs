//! Test plugin `loop`: never returns, so that the host's tests can check that running out of
//! fuel becomes a `compile_error!`.

/// Loops forever. Each round goes through `black_box`, which the optimiser must treat as
/// an unknown use of the counter, so the loop cannot be folded away.
fn expand(input: &text_codec_guest::Input<'_>) -> Result<String, String> {
    let mut rounds: u64 = input.item.len() as u64;
    loop {
        rounds = std::hint::black_box(rounds).wrapping_add(1);
    }
}

text_codec_guest::export_codec! {
    codec: "loop",
    params: [],
    needs: [],
    expand: expand,
}
