//! What the host lets through of a plugin's output: Rust tokens that nest no deeper than
//! [`MAX_NESTING`], read nothing at build time and cannot expand the derive again; the
//! plugin's own `compile_error!`s are prefixed with the codec's name.
//!
//! The host never parses the output with syn: a recursive-descent parse of hostile code
//! (`Option<Option<…` a thousand deep, `!!!!…x`) can overflow rustc's stack. The checks
//! here walk the token trees, whose depth is bounded before they are built.

use proc_macro2::{Delimiter, Group, Literal, Punct, Spacing, TokenStream, TokenTree};

/// The deepest nesting of `()`, `[]` and `{}` allowed in a plugin's output.
pub const MAX_NESTING: usize = 128;

/// Macros that read files or the environment at build time; generated code may not invoke
/// them, by whatever path.
pub const BUILD_TIME_IO_MACROS: &[&str] = &[
    "include",
    "include_str",
    "include_bytes",
    "env",
    "option_env",
];

/// The deepest bracket nesting of Rust source `text`, skipping comments, string, byte-string,
/// raw-string and character literals (a lifetime is not a character literal). Linear, with no
/// recursion: it runs before the text is turned into tokens. Unterminated literals or comments
/// end the scan (the tokenizer then reports them).
pub fn max_nesting(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut depth, mut max) = (0, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = find(bytes, i, b"\n").map_or(bytes.len(), |end| end + 1);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            b'"' => i = skip_quoted(bytes, i + 1, b'"'),
            b'\'' => i = skip_char_or_lifetime(text, i),
            b'r' | b'b' | b'c' if starts_raw_string(bytes, i) => i = skip_raw_string(bytes, i),
            _ => i += 1,
        }
    }
    max
}

/// The index of `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes[from..]
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| from + at)
}

/// Skips `/* … */` starting at `i` (comments nest in Rust).
fn skip_block_comment(bytes: &[u8], mut i: usize) -> usize {
    let mut level = 0usize;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"/*") {
            level += 1;
            i += 2;
        } else if bytes[i..].starts_with(b"*/") {
            level -= 1;
            i += 2;
            if level == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// Skips the rest of a literal closed by `quote` (backslash escapes honoured), from `i`.
fn skip_quoted(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            byte if byte == quote => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// At a `'`: skips a character literal (`'('`, `'\''`, `'\u{28}'`), or only the quote of a
/// lifetime or label (`'a`).
fn skip_char_or_lifetime(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    if bytes.get(i + 1) == Some(&b'\\') {
        return skip_quoted(bytes, i + 1, b'\'');
    }
    // One character, then a closing quote: a literal.
    let width = text[i + 1..].chars().next().map_or(0, char::len_utf8);
    if width > 0 && bytes.get(i + 1 + width) == Some(&b'\'') {
        i + 2 + width
    } else {
        i + 1
    }
}

/// Whether a raw string (`r"`, `r#"`, `br"`, `cr#"`) starts at `i`, and not inside an
/// identifier (`bar"` is not one).
fn starts_raw_string(bytes: &[u8], i: usize) -> bool {
    if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
        return false;
    }
    let mut j = i;
    if bytes[j] != b'r' {
        j += 1;
    }
    if bytes.get(j) != Some(&b'r') {
        // `b"…"` and `c"…"`: ordinary quoted literals, handled at the quote.
        return false;
    }
    j += 1;
    while bytes.get(j) == Some(&b'#') {
        j += 1;
    }
    bytes.get(j) == Some(&b'"')
}

/// Skips a raw string starting at `i` (its prefix, hashes, body and closing hashes).
fn skip_raw_string(bytes: &[u8], i: usize) -> usize {
    let open = i + bytes[i..].iter().position(|&b| b == b'"').unwrap_or(0);
    let hashes = bytes[i..open].iter().filter(|&&b| b == b'#').count();
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    find(bytes, open + 1, &close).map_or(bytes.len(), |end| end + close.len())
}

/// Checks a plugin's token trees and rewrites its `compile_error!`s so that their message
/// starts with `codec `NAME`: `. `Err` says what was refused.
pub fn vet(tokens: TokenStream, codec: &str, depth: usize) -> Result<TokenStream, String> {
    if depth > MAX_NESTING {
        // `max_nesting` ran on the text; this guards callers that skip it.
        return Err(nesting_error(depth));
    }
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        let bang_follows =
            matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
        match &trees[i] {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name);
                if bang_follows && BUILD_TIME_IO_MACROS.contains(&name) {
                    return Err(format!(
                        "the plugin's output invokes `{name}!`, which reads a file or the \
                         environment at build time; generated code may not do that"
                    ));
                }
                if name == "use" {
                    if let Some(banned) = imported_io_macro(&trees[i + 1..]) {
                        return Err(format!(
                            "the plugin's output imports `{banned}` with `use`, which could \
                             rename a macro that reads a file or the environment at build time; \
                             generated code may not do that"
                        ));
                    }
                }
                if name == "macro_rules" {
                    return Err(
                        "the plugin's output defines a macro (`macro_rules!`); generated \
                                code may not, since a macro could assemble what the host refuses"
                            .to_owned(),
                    );
                }
                if name == "TextMessage" || name == "text_message" {
                    return Err(format!(
                        "the plugin's output mentions `{name}`: generated code may not derive \
                         TextMessage again"
                    ));
                }
                if name == "mod" && is_out_of_line_module(&trees[i + 1..]) {
                    return Err("the plugin's output declares a module without a body \
                                (`mod name;`), which reads a file at build time"
                        .to_owned());
                }
                out.push(trees[i].clone());
                if name == "compile_error" && bang_follows {
                    if let Some(TokenTree::Group(group)) = trees.get(i + 2) {
                        out.push(trees[i + 1].clone());
                        out.push(TokenTree::Group(prefixed_message(group, codec, depth)?));
                        i += 3;
                        continue;
                    }
                }
            }
            TokenTree::Group(group) => {
                let inner = vet(group.stream(), codec, depth + 1)?;
                let mut new = Group::new(group.delimiter(), inner);
                new.set_span(group.span());
                out.push(TokenTree::Group(new));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    Ok(out.into_iter().collect())
}

/// The first of [`BUILD_TIME_IO_MACROS`] named in the `use` item whose tokens (after `use`)
/// start `rest`, up to its `;`, groups included (`use std::{env as e};`).
fn imported_io_macro(rest: &[TokenTree]) -> Option<&'static str> {
    let mut pending: Vec<TokenTree> = rest
        .iter()
        .take_while(|tree| !matches!(tree, TokenTree::Punct(p) if p.as_char() == ';'))
        .cloned()
        .collect();
    while let Some(tree) = pending.pop() {
        match tree {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name);
                if let Some(banned) = BUILD_TIME_IO_MACROS.iter().find(|m| **m == name) {
                    return Some(banned);
                }
            }
            TokenTree::Group(group) => pending.extend(group.stream()),
            _ => {}
        }
    }
    None
}

/// `mod name ;` (as opposed to `mod name { … }`).
fn is_out_of_line_module(rest: &[TokenTree]) -> bool {
    matches!(
        (rest.first(), rest.get(1)),
        (Some(TokenTree::Ident(_)), Some(TokenTree::Punct(p))) if p.as_char() == ';'
    )
}

/// The arguments of a plugin's `compile_error!`, wrapped as
/// `::core::concat!("codec `NAME`: ", ARGS)`, in the same delimiter.
fn prefixed_message(group: &Group, codec: &str, depth: usize) -> Result<Group, String> {
    let args = vet(group.stream(), codec, depth + 1)?;
    let span = group.span();
    let mut concat = TokenStream::new();
    for part in ["core", "concat"] {
        concat.extend([
            TokenTree::Punct(Punct::new(':', Spacing::Joint)),
            TokenTree::Punct(Punct::new(':', Spacing::Alone)),
            TokenTree::Ident(proc_macro2::Ident::new(part, span)),
        ]);
    }
    concat.extend([TokenTree::Punct(Punct::new('!', Spacing::Alone))]);
    let mut inner = TokenStream::new();
    inner.extend([
        TokenTree::Literal(Literal::string(&format!("codec `{codec}`: "))),
        TokenTree::Punct(Punct::new(',', Spacing::Alone)),
    ]);
    inner.extend(args);
    concat.extend([TokenTree::Group(Group::new(Delimiter::Parenthesis, inner))]);
    let mut new = Group::new(group.delimiter(), concat);
    new.set_span(span);
    Ok(new)
}

/// The message for output nested `depth` deep.
pub fn nesting_error(depth: usize) -> String {
    format!(
        "the plugin's output nests brackets {depth} deep; the host accepts at most {MAX_NESTING}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_skips_literals_and_comments() {
        assert_eq!(max_nesting("fn f() { g([1]) }"), 3);
        assert_eq!(max_nesting(r#"const S: &str = "((((";"#), 0);
        assert_eq!(max_nesting(r#"const S: &str = "\")))"; ((("#), 3);
        assert_eq!(max_nesting(r##"const S: &str = r#"))")))"#; (("##), 2);
        assert_eq!(max_nesting("const C: char = ')'; (("), 2);
        assert_eq!(max_nesting("fn f<'a>(x: &'a u8) {}"), 1);
        assert_eq!(max_nesting("/* ) /* ) */ ) */ (( // )))\n ("), 3);
        assert_eq!(max_nesting(&"(".repeat(1000)), 1000);
        assert_eq!(max_nesting("( br\"))\" ("), 2);
        assert_eq!(max_nesting("let bar\"x\" = 1;"), 0);
    }
}
