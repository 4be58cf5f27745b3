//! Test plugin `greedy`: allocates memory until there is none left, so that the host's tests
//! can check that its memory limit holds and becomes a `compile_error!`.

/// The size of each allocation: 1 MiB.
const CHUNK: usize = 1 << 20;

/// Allocates 1 MiB chunks and writes to every page of each (so the memory is really used),
/// keeping them all, until an allocation fails (the allocator then aborts: a trap).
fn expand(_input: &text_codec_guest::Input<'_>) -> Result<String, String> {
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    loop {
        let mut chunk = vec![0u8; CHUNK];
        for page in chunk.chunks_mut(64 * 1024) {
            page[0] = 1;
        }
        chunks.push(std::hint::black_box(chunk));
    }
}

text_codec_guest::export_codec! {
    codec: "greedy",
    params: [],
    needs: [],
    expand: expand,
}
