//! Python syntax highlighting for the editor (pure): the code cut into pieces that
//! together are exactly the code, each with what it is. Line-by-line and forgiving: an
//! unterminated string runs to the end of its line (triple-quoted ones to their close).

/// What a piece of code is (its CSS class is `py-` + [`Kind::class`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Anything else: names, operators, spaces.
    Plain,
    /// `def`, `while`, `return`, …
    Keyword,
    /// `len`, `range`, `print`, …
    Builtin,
    /// A string literal, quotes and prefix included.
    String,
    /// `# …` to the end of the line.
    Comment,
    /// A number literal.
    Number,
    /// The name after `def` or `class`.
    Definition,
}

impl Kind {
    /// The class suffix.
    pub fn class(self) -> &'static str {
        match self {
            Self::Plain => "plain",
            Self::Keyword => "kw",
            Self::Builtin => "builtin",
            Self::String => "str",
            Self::Comment => "comment",
            Self::Number => "num",
            Self::Definition => "def",
        }
    }
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

const BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "bool",
    "dict",
    "enumerate",
    "filter",
    "float",
    "int",
    "isinstance",
    "len",
    "list",
    "map",
    "max",
    "min",
    "print",
    "range",
    "reversed",
    "set",
    "sorted",
    "str",
    "sum",
    "tuple",
    "zip",
];

/// The code in highlighted pieces; concatenated, they are `code`.
pub fn pieces(code: &str) -> Vec<(Kind, &str)> {
    let bytes = code.as_bytes();
    let mut out: Vec<(Kind, &str)> = Vec::new();
    let mut i = 0;
    let mut plain_from = 0;
    let mut after_def = false;
    while i < bytes.len() {
        let c = bytes[i];
        let (kind, end) = if c == b'#' {
            (Kind::Comment, line_end(bytes, i))
        } else if c == b'"' || c == b'\'' {
            (Kind::String, string_end(bytes, i))
        } else if c.is_ascii_digit() && !word_before(bytes, i) {
            let mut j = i;
            while j < bytes.len()
                && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_' || bytes[j] == b'.')
            {
                j += 1;
            }
            (Kind::Number, j)
        } else if (c.is_ascii_alphabetic() || c == b'_') && !word_before(bytes, i) {
            let mut j = i;
            while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                j += 1;
            }
            let word = &code[i..j];
            // A string prefix: r"…", b'…', f"…", rb"…".
            if j < bytes.len()
                && (bytes[j] == b'"' || bytes[j] == b'\'')
                && word.len() <= 2
                && word.chars().all(|ch| "rRbBfFuU".contains(ch))
            {
                (Kind::String, string_end(bytes, j))
            } else if after_def {
                after_def = false;
                (Kind::Definition, j)
            } else if KEYWORDS.contains(&word) {
                after_def = word == "def" || word == "class";
                (Kind::Keyword, j)
            } else if BUILTINS.contains(&word) {
                (Kind::Builtin, j)
            } else {
                (Kind::Plain, j)
            }
        } else {
            if !c.is_ascii_whitespace() {
                after_def = false;
            }
            i += 1;
            continue;
        };
        if kind == Kind::Plain {
            i = end;
            continue;
        }
        flush(&mut out, code, plain_from, i);
        out.push((kind, &code[i..end]));
        i = end;
        plain_from = end;
    }
    flush(&mut out, code, plain_from, bytes.len());
    out
}

/// The code as HTML: each highlighted piece in a `<span class="py-…">`, text escaped,
/// with a final space so a trailing newline still has a line to show on.
pub fn html(code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    for (kind, text) in pieces(code) {
        if kind != Kind::Plain {
            out.push_str("<span class=\"py-");
            out.push_str(kind.class());
            out.push_str("\">");
        }
        out.push_str(&crate::html::escape(text));
        if kind != Kind::Plain {
            out.push_str("</span>");
        }
    }
    out.push(' ');
    out
}

/// Pushes `code[from..to]` as plain text, if it is not empty.
fn flush<'a>(out: &mut Vec<(Kind, &'a str)>, code: &'a str, from: usize, to: usize) {
    if to > from {
        out.push((Kind::Plain, &code[from..to]));
    }
}

fn word_before(bytes: &[u8], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')
}

fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| i + p)
}

/// Where the string starting with the quote at `i` ends (just past its closing quote).
fn string_end(bytes: &[u8], i: usize) -> usize {
    let q = bytes[i];
    let triple = bytes.len() >= i + 3 && bytes[i + 1] == q && bytes[i + 2] == q;
    let mut j = if triple { i + 3 } else { i + 1 };
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'\n' if !triple => return j,
            b if b == q && !triple => return j + 1,
            b if b == q && bytes.len() >= j + 3 && bytes[j + 1] == q && bytes[j + 2] == q => {
                return j + 3
            }
            _ => j += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(code: &str) -> Vec<(Kind, &str)> {
        pieces(code)
            .into_iter()
            .filter(|(k, _)| *k != Kind::Plain)
            .collect()
    }

    #[test]
    fn pieces_are_the_code_exactly() {
        for code in [
            "",
            "def f(n):\n    return n * 31 # fold\n",
            "s = 'it''s' + \"\"\"a\nb\"\"\" + r'\\d'\n",
            "x = 'unterminated\ny = 1",
            "é = 1  # ünïcode\n",
        ] {
            let joined: String = pieces(code).into_iter().map(|(_, t)| t).collect();
            assert_eq!(joined, code);
        }
    }

    #[test]
    fn html_escapes_the_text_and_wraps_only_highlighted_pieces() {
        assert_eq!(
            html("if a < b: # x & y\n"),
            "<span class=\"py-kw\">if</span> a &lt; b: <span class=\"py-comment\"># x &amp; y</span>\n "
        );
        assert_eq!(html("'<b>'"), "<span class=\"py-str\">'&lt;b&gt;'</span> ");
    }

    #[test]
    fn keywords_names_strings_comments_and_numbers() {
        assert_eq!(
            kinds("def drain(n):\n    while q: acc = len(q) + 0x1F  # go\n    return 'x'\n"),
            vec![
                (Kind::Keyword, "def"),
                (Kind::Definition, "drain"),
                (Kind::Keyword, "while"),
                (Kind::Builtin, "len"),
                (Kind::Number, "0x1F"),
                (Kind::Comment, "# go"),
                (Kind::Keyword, "return"),
                (Kind::String, "'x'"),
            ]
        );
        // Keywords inside names and digits inside names are not pieces of their own.
        assert_eq!(kinds("define = x1 + is_ok"), vec![]);
        assert_eq!(
            kinds("b'\\x00' rb\"\""),
            vec![(Kind::String, "b'\\x00'"), (Kind::String, "rb\"\"")]
        );
        assert_eq!(
            kinds("'''a\n# not a comment\n'''"),
            vec![(Kind::String, "'''a\n# not a comment\n'''")]
        );
    }
}
