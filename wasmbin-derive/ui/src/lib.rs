//! Compile-fail tests of `wasmbin-derive`: every error the derives can report, with the
//! message the user sees (`tests/ui/*.rs` and their `.stderr`). Nothing to import; run
//! `cargo test -p wasmbin-derive-ui`, and `TRYBUILD=overwrite` to rewrite the messages after
//! an intended change.
