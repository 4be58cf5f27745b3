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

/// The deepest nesting of generic arguments (`Option<Option<…>>`, `<<T as A>::B as C>`)
/// allowed in a plugin's output, counted across brackets. An estimate that may only count
/// too many: every `<` opens (but `<=`, `<<=`), every `>` closes (but `->`, `=>`), never
/// below the enclosing group's count, and a `;` or a statement's end closes them all.
pub const MAX_ANGLE_NESTING: usize = 128;

/// The longest chain of operators in one expression allowed in a plugin's output, counted
/// across brackets: rustc's parser and later passes recurse once per operator of `!!!!x`,
/// `- - -x`, `&&&&x`, `* * *x`, `a + a + …`, `x.f().g()…`, `return return …`,
/// `else if … else if …`, so a long enough chain overflows rustc's stack. Counted: every
/// punctuation but `, ; : # ' $ < >`, every group that follows an operand (a call, an
/// index, a block after a condition) and the keywords `as`, `async`, `box`, `break`,
/// `const`, `dyn`, `else`, `fn`, `for`, `if`, `impl`, `let`, `loop`, `match`, `move`, `mut`,
/// `return`, `unsafe`, `while` and `yield`. A `,` (unless a `|` came before it: closure
/// parameters), `=>`, `;` and the end of a block that ends a statement or an item start a
/// new count. The counts of the enclosing groups, where each was entered, are added.
pub const MAX_OPERATOR_CHAIN: usize = 256;

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

/// The chain counters of the groups around a token: the `<` still open and the operators of
/// the current expression, summed over the enclosing groups (what each group had when the
/// next one was entered).
#[derive(Debug, Clone, Copy, Default)]
struct Chains {
    angles: usize,
    operators: usize,
}

/// Checks a plugin's token trees and rewrites its `compile_error!`s so that their message
/// starts with `codec `NAME`: `. `Err` says what was refused.
pub fn vet(tokens: TokenStream, codec: &str, depth: usize) -> Result<TokenStream, String> {
    vet_group(tokens, codec, depth, Chains::default())
}

/// [`vet`] on the contents of a group `depth` deep, whose enclosing groups hold `outer`.
fn vet_group(
    tokens: TokenStream,
    codec: &str,
    depth: usize,
    outer: Chains,
) -> Result<TokenStream, String> {
    if depth > MAX_NESTING {
        // `max_nesting` ran on the text; this guards callers that skip it.
        return Err(nesting_error(depth));
    }
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    // This group's own counters (`outer` holds the enclosing groups').
    let (mut angles, mut operators) = (0usize, 0usize);
    // Whether a `|` came since the count started: a `,` may then be one of closure
    // parameters (`- |a, b| - |a, b| …` nests), and starts no new count.
    let mut pipes = false;
    let chains = |angles: usize, operators: usize| Chains {
        angles: outer.angles + angles,
        operators: outer.operators + operators,
    };
    let mut i = 0;
    while i < trees.len() {
        let bang_follows = is_punct(trees.get(i + 1), '!');
        match &trees[i] {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name);
                check_ident(name, &trees[i + 1..])?;
                if OPERATOR_KEYWORDS.contains(&name) {
                    operators += 1;
                    check_chains(chains(angles, operators))?;
                }
                out.push(trees[i].clone());
                if name == "compile_error" && bang_follows {
                    if let Some(TokenTree::Group(group)) = trees.get(i + 2) {
                        out.push(trees[i + 1].clone());
                        let inner = chains(angles, operators + 1);
                        out.push(TokenTree::Group(prefixed_message(
                            group, codec, depth, inner,
                        )?));
                        operators += 2;
                        i += 3;
                        continue;
                    }
                }
            }
            TokenTree::Punct(punct) => {
                match punct.as_char() {
                    // Separators: the expression ends (`;` also ends any generic arguments).
                    ';' => (angles, operators, pipes) = (0, 0, false),
                    ',' if !pipes => operators = 0,
                    ',' => {}
                    '#' => {
                        let attribute = if is_punct(trees.get(i + 1), '!') {
                            trees.get(i + 2)
                        } else {
                            trees.get(i + 1)
                        };
                        if let Some(TokenTree::Group(group)) = attribute {
                            if group.delimiter() == Delimiter::Bracket {
                                check_attribute(group.stream())?;
                            }
                        }
                    }
                    '<' if !ends_in_equals(&trees, i) => {
                        angles += 1;
                        check_chains(chains(angles, operators))?;
                    }
                    // `->` and `=>` close nothing; a match arm's body starts a new count.
                    '>' if i > 0 && joint_with(&trees[i - 1], &['=']) => {
                        (operators, pipes) = (0, false);
                    }
                    '>' if !(i > 0 && joint_with(&trees[i - 1], &['-'])) => {
                        angles = angles.saturating_sub(1);
                    }
                    '<' | '>' | ':' | '\'' | '$' => {}
                    other => {
                        pipes |= other == '|';
                        operators += 1;
                        check_chains(chains(angles, operators))?;
                    }
                }
                out.push(trees[i].clone());
            }
            TokenTree::Group(group) => {
                let inner = vet_group(group.stream(), codec, depth + 1, chains(angles, operators))?;
                let mut new = Group::new(group.delimiter(), inner);
                new.set_span(group.span());
                out.push(TokenTree::Group(new));
                if group.delimiter() == Delimiter::Brace && ends_statement(trees.get(i + 1)) {
                    (angles, operators, pipes) = (0, 0, false);
                } else if i > 0
                    && !matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() != '?')
                {
                    // After an operand: a call, an index (`f(x)[0](y)…`), a block after a
                    // condition. (After an operator or first, a group is an operand.)
                    operators += 1;
                    check_chains(chains(angles, operators))?;
                }
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    Ok(out.into_iter().collect())
}

/// Keywords that, like operators, make rustc's parser (or a later pass) nest one level
/// deeper when chained: `return return …`, `else if … else if …`, `x as u8 as u8 …`,
/// `fn() -> fn() -> …`, `&mut &mut …`, `move || move || …`.
const OPERATOR_KEYWORDS: &[&str] = &[
    "as", "async", "box", "break", "const", "dyn", "else", "fn", "for", "if", "impl", "let",
    "loop", "match", "move", "mut", "return", "unsafe", "while", "yield",
];

/// Whether `tree` is the punctuation `c`.
fn is_punct(tree: Option<&TokenTree>, c: char) -> bool {
    matches!(tree, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// Whether `tree` is one of `chars`, joined to the next token (`-` of `->`).
fn joint_with(tree: &TokenTree, chars: &[char]) -> bool {
    matches!(tree, TokenTree::Punct(p) if p.spacing() == Spacing::Joint && chars.contains(&p.as_char()))
}

/// Whether the `<` at `i` is part of `<=` or `<<=` (a comparison or an assignment, which
/// opens no generic arguments).
fn ends_in_equals(trees: &[TokenTree], mut i: usize) -> bool {
    while joint_with(&trees[i], &['<']) {
        match trees.get(i + 1) {
            Some(TokenTree::Punct(p)) if p.as_char() == '=' => return true,
            Some(TokenTree::Punct(p)) if p.as_char() == '<' => i += 1,
            _ => return false,
        }
    }
    false
}

/// Whether a `{ … }` followed by `next` ends a statement or an item (`fn f() {} fn g() {}`,
/// a match arm's block before the next pattern), rather than continuing an expression
/// (`{ … } else`, `{ … } as`, `{ … }.f()`, `{ … } + 1`).
fn ends_statement(next: Option<&TokenTree>) -> bool {
    match next {
        None => true,
        Some(TokenTree::Ident(ident)) => {
            let name = ident.to_string();
            name != "else" && name != "as"
        }
        Some(TokenTree::Punct(p)) => p.as_char() == '#',
        Some(TokenTree::Literal(_)) => true,
        Some(TokenTree::Group(_)) => false,
    }
}

/// Refuses chains past [`MAX_ANGLE_NESTING`] or [`MAX_OPERATOR_CHAIN`].
fn check_chains(chains: Chains) -> Result<(), String> {
    if chains.angles > MAX_ANGLE_NESTING {
        return Err(format!(
            "the plugin's output nests generic arguments (`<`) more than {MAX_ANGLE_NESTING} \
             deep; the host accepts at most {MAX_ANGLE_NESTING}"
        ));
    }
    if chains.operators > MAX_OPERATOR_CHAIN {
        return Err(format!(
            "the plugin's output chains more than {MAX_OPERATOR_CHAIN} operators in one \
             expression (prefix operators such as `!`, `-`, `&`, `*`, binary operators, calls \
             and keywords such as `return` or `as`, counted across nested brackets); the host \
             accepts at most {MAX_OPERATOR_CHAIN}"
        ));
    }
    Ok(())
}

/// Refuses what an identifier starts, given the tokens after it: an I/O macro's invocation,
/// a `use` of what the host must see by its own name, a macro definition, `mod name;`.
fn check_ident(name: &str, rest: &[TokenTree]) -> Result<(), String> {
    let bang_follows = is_punct(rest.first(), '!');
    if bang_follows && BUILD_TIME_IO_MACROS.contains(&name) {
        return Err(format!(
            "the plugin's output invokes `{name}!`, which reads a file or the environment at \
             build time; generated code may not do that"
        ));
    }
    // (`use<'a>` after `impl Trait +` is precise capturing, not an import.)
    if name == "use" && !is_punct(rest.first(), '<') {
        let imported = imported_names(rest);
        if let Some(banned) = BUILD_TIME_IO_MACROS
            .iter()
            .find(|m| imported.iter().any(|name| name == *m))
        {
            return Err(format!(
                "the plugin's output imports `{banned}` with `use`, which could rename a macro \
                 that reads a file or the environment at build time; generated code may not do \
                 that"
            ));
        }
        if imported.iter().any(|name| name == "compile_error") {
            return Err(
                "the plugin's output imports `compile_error` with `use`, which could rename it \
                 past the codec's prefix on its messages; generated code may not do that"
                    .to_owned(),
            );
        }
        if let Some(name) = imported.iter().find(|name| is_derive_name(name)) {
            return Err(format!(
                "the plugin's output imports `{name}` with `use`: generated code may not \
                 derive TextMessage again"
            ));
        }
    }
    if name == "macro_rules" && bang_follows
        || name == "macro" && matches!(rest.first(), Some(TokenTree::Ident(_)))
    {
        let spelling = if name == "macro" {
            "macro"
        } else {
            "macro_rules!"
        };
        return Err(format!(
            "the plugin's output defines a macro (`{spelling}`); generated code may not, since \
             a macro could assemble what the host refuses"
        ));
    }
    if name == "mod" && is_out_of_line_module(rest) {
        return Err(
            "the plugin's output declares a module without a body (`mod name;`), \
                    which reads a file at build time"
                .to_owned(),
        );
    }
    Ok(())
}

/// `TextMessage` or `text_message`: the derive and its crate (and helper attribute).
fn is_derive_name(name: &str) -> bool {
    name == "TextMessage" || name == "text_message"
}

/// Refuses an attribute (its tokens inside `#[…]` or `#![…]`) that makes rustc read a file
/// (`debugger_visualizer`, `path`), by any path and inside `cfg_attr`, or that mentions
/// `TextMessage` or `text_message` (a `derive` of it, under any name of `derive`).
fn check_attribute(tokens: TokenStream) -> Result<(), String> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    // The attribute's path: identifiers and `::`, up to its arguments.
    let mut last = None;
    let mut at = 0;
    while let Some(tree) = trees.get(at) {
        match tree {
            TokenTree::Ident(ident) => last = Some(ident.to_string()),
            TokenTree::Punct(p) if p.as_char() == ':' => {}
            _ => break,
        }
        at += 1;
    }
    let last = last.unwrap_or_default();
    match last.strip_prefix("r#").unwrap_or(&last) {
        "debugger_visualizer" => {
            return Err(
                "the plugin's output has the attribute `#[debugger_visualizer]`, which \
                        makes rustc read a file at build time; generated code may not do that"
                    .to_owned(),
            )
        }
        "path" => {
            return Err(
                "the plugin's output has the attribute `#[path]`, which names a file \
                        for rustc to read at build time; generated code may not do that"
                    .to_owned(),
            )
        }
        "cfg_attr" => {
            if let Some(TokenTree::Group(group)) = trees.get(at) {
                // `cfg_attr(PREDICATE, ATTR, ATTR…)`: each attribute after the predicate.
                let mut parts = vec![TokenStream::new()];
                for tree in group.stream() {
                    if is_punct(Some(&tree), ',') {
                        parts.push(TokenStream::new());
                    } else if let Some(part) = parts.last_mut() {
                        part.extend([tree]);
                    }
                }
                for part in parts.into_iter().skip(1) {
                    check_attribute(part)?;
                }
            }
        }
        _ => {}
    }
    if let Some(name) = mentioned_names(&trees)
        .into_iter()
        .find(|n| is_derive_name(n))
    {
        return Err(format!(
            "the plugin's output has an attribute that mentions `{name}`: generated code may \
             not derive TextMessage again"
        ));
    }
    Ok(())
}

/// Every identifier in `trees`, groups included (`r#` dropped).
fn mentioned_names(trees: &[TokenTree]) -> Vec<String> {
    let mut names = Vec::new();
    let mut pending: Vec<TokenTree> = trees.to_vec();
    while let Some(tree) = pending.pop() {
        match tree {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                names.push(name.strip_prefix("r#").unwrap_or(&name).to_owned());
            }
            TokenTree::Group(group) => pending.extend(group.stream()),
            _ => {}
        }
    }
    names
}

/// The identifiers named in the `use` item whose tokens (after `use`) start `rest`, up to
/// its `;`, groups included (`use std::{env as e};`).
fn imported_names(rest: &[TokenTree]) -> Vec<String> {
    let item: Vec<TokenTree> = rest
        .iter()
        .take_while(|tree| !is_punct(Some(tree), ';'))
        .cloned()
        .collect();
    mentioned_names(&item)
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
fn prefixed_message(
    group: &Group,
    codec: &str,
    depth: usize,
    chains: Chains,
) -> Result<Group, String> {
    let args = vet_group(group.stream(), codec, depth + 1, chains)?;
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

    fn vetted(code: &str) -> Result<TokenStream, String> {
        vet(code.parse().unwrap(), "test", 0)
    }

    #[test]
    fn ordinary_code_is_far_from_the_chain_limits() {
        // Many items, arms and statements: each starts a new count.
        let methods = "fn m(&self) -> Option<Vec<u8>> { None } ".repeat(500);
        vetted(&format!("impl S {{ {methods} }}")).unwrap();
        let arms = "A => { f(x)?.g()[0] } B => x + 1, ".repeat(500);
        vetted(&format!("fn f() {{ match x {{ {arms} }} }}")).unwrap();
        // Comparisons that look like `<` close at `;`; `<=`, `->` and `=>` open nothing.
        let comparisons = "let b = a < c && d <= e || f >= g; ".repeat(500);
        vetted(&format!("fn f() {{ {comparisons} }}")).unwrap();
        let arrows = "let f = |x: u8| -> bool { x <= a }; ".repeat(500);
        vetted(&format!("fn f() {{ {arrows} }}")).unwrap();
        vetted("fn f<'a>(x: &'a u8) -> impl Sized + use<'a> { compile_error!(\"x\") }").unwrap();
        let arguments = "&x + 1, -y, ".repeat(500);
        vetted(&format!("fn f() {{ g({arguments}); }}")).unwrap();
        vetted(&"type T = HashMap<Vec<u8>, Box<dyn Fn(u8) -> Option<u8>>>; ".repeat(500)).unwrap();
        // Else-if chains, `as` chains and method chains are chains.
        let chain = |link: &str, n: usize| format!("fn f() {{ {} }}", link.repeat(n));
        assert!(vetted(&chain("if a {} else ", 100)).is_err());
        assert!(vetted(&format!("fn f() {{ x{} }}", " as u8".repeat(300))).is_err());
        assert!(vetted(&format!("fn f() {{ x{} }}", ".f()".repeat(200))).is_err());
        assert!(vetted(&format!("fn f() {{ x{} }}", ".f()".repeat(50))).is_ok());
        // A closure's parameters do not end the chain its body continues.
        assert!(vetted(&format!("fn f() {{ {}0 }}", "- |a, b| ".repeat(200))).is_err());
        let arms = "A | B => x | y, ".repeat(500);
        vetted(&format!("fn f() {{ match x {{ {arms} }} }}")).unwrap();
    }
}
