//! The editor's Python-aware keys (pure): Tab and Shift+Tab indent and dedent by four
//! spaces, Enter keeps the line's indentation (one level more after a `:`), Backspace in
//! the indentation removes one level. Positions are byte offsets into the text; the
//! panel converts from and to the textarea's UTF-16 offsets.

/// One indentation level.
pub const INDENT: usize = 4;

/// A key the editor handles itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// Tab.
    Tab,
    /// Shift+Tab.
    ShiftTab,
    /// Enter.
    Enter,
    /// Backspace.
    Backspace,
}

/// The text after the key, with the new selection (start, end); `None` when the key
/// should do what it does anyway (e.g. Backspace outside the indentation).
pub fn press(text: &str, start: usize, end: usize, key: Key) -> Option<(String, usize, usize)> {
    let (start, end) = (
        start.min(end).min(text.len()),
        end.max(start).min(text.len()),
    );
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return None;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    match key {
        Key::Tab if !text[start..end].contains('\n') => {
            let column = text[line_start..start].chars().count();
            let spaces = " ".repeat(INDENT - column % INDENT);
            let text = format!("{}{spaces}{}", &text[..start], &text[end..]);
            let caret = start + spaces.len();
            Some((text, caret, caret))
        }
        Key::Tab | Key::ShiftTab => {
            let block_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
            let mut out = String::with_capacity(text.len() + 16);
            out.push_str(&text[..line_start]);
            let (mut first_shift, mut total_shift) = (0isize, 0isize);
            for (k, line) in text[line_start..block_end].split('\n').enumerate() {
                if k > 0 {
                    out.push('\n');
                }
                let shift = if key == Key::Tab {
                    if !line.is_empty() {
                        out.push_str(&" ".repeat(INDENT));
                    }
                    if line.is_empty() {
                        0
                    } else {
                        INDENT as isize
                    }
                } else {
                    let leading = line.len() - line.trim_start_matches(' ').len();
                    -(leading.min(INDENT) as isize)
                };
                out.push_str(&line[shift.min(0).unsigned_abs()..]);
                if k == 0 {
                    first_shift = shift;
                }
                total_shift += shift;
            }
            out.push_str(&text[block_end..]);
            let clamp = |p: isize| p.max(line_start as isize) as usize;
            Some((
                out,
                clamp(start as isize + first_shift),
                clamp(end as isize + total_shift),
            ))
        }
        Key::Enter => {
            let line = &text[line_start..start];
            let indent = line.len() - line.trim_start_matches(' ').len();
            let deeper = line.trim_end().ends_with(':');
            let spaces = " ".repeat(indent.min(line.len()) + if deeper { INDENT } else { 0 });
            let text = format!("{}\n{spaces}{}", &text[..start], &text[end..]);
            let caret = start + 1 + spaces.len();
            Some((text, caret, caret))
        }
        Key::Backspace => {
            let before = &text[line_start..start];
            if start != end || before.is_empty() || before.bytes().any(|b| b != b' ') {
                return None;
            }
            let cut = match before.len() % INDENT {
                0 => INDENT,
                r => r,
            };
            let from = start - cut;
            Some((format!("{}{}", &text[..from], &text[end..]), from, from))
        }
    }
}

/// The byte offset of a UTF-16 offset (as a textarea reports its selection).
pub fn byte_offset(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, ch) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// The UTF-16 offset of a byte offset.
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `|` marks the caret, `[` `]` a selection.
    fn run(marked: &str, key: Key) -> Option<String> {
        let (start, end) = match (marked.find('['), marked.find(']')) {
            (Some(a), Some(b)) => (a, b - 1),
            _ => {
                let c = marked.find('|').expect("caret");
                (c, c)
            }
        };
        let text: String = marked.chars().filter(|c| !"|[]".contains(*c)).collect();
        let (out, s, e) = press(&text, start, end, key)?;
        Some(if s == e {
            format!("{}|{}", &out[..s], &out[s..])
        } else {
            format!("{}[{}]{}", &out[..s], &out[s..e], &out[e..])
        })
    }

    #[test]
    fn tab_indents_to_the_next_level_and_blocks_by_one() {
        assert_eq!(run("|x", Key::Tab).as_deref(), Some("    |x"));
        assert_eq!(run("ab|x", Key::Tab).as_deref(), Some("ab  |x"));
        assert_eq!(
            run("[a\n\nb]\n", Key::Tab).as_deref(),
            Some("    [a\n\n    b]\n")
        );
    }

    #[test]
    fn shift_tab_dedents_each_line_of_the_selection() {
        assert_eq!(run("    a|", Key::ShiftTab).as_deref(), Some("a|"));
        assert_eq!(
            run("[      a\n  b]", Key::ShiftTab).as_deref(),
            Some("[  a\nb]")
        );
        assert_eq!(run("a|", Key::ShiftTab).as_deref(), Some("a|"));
    }

    #[test]
    fn enter_keeps_the_indentation_and_adds_a_level_after_a_colon() {
        assert_eq!(
            run("    x = 1|", Key::Enter).as_deref(),
            Some("    x = 1\n    |")
        );
        assert_eq!(
            run("    while q:  |", Key::Enter).as_deref(),
            Some("    while q:  \n        |")
        );
        assert_eq!(run("ab[cd]ef", Key::Enter).as_deref(), Some("ab\n|ef"));
    }

    #[test]
    fn backspace_in_the_indentation_removes_a_level() {
        assert_eq!(run("        |x", Key::Backspace).as_deref(), Some("    |x"));
        assert_eq!(run("      |x", Key::Backspace).as_deref(), Some("    |x"));
        assert_eq!(run("  a|", Key::Backspace), None);
        assert_eq!(run("|x", Key::Backspace), None);
    }

    #[test]
    fn utf16_and_byte_offsets_convert_both_ways() {
        let text = "é = '😀'\nx";
        for (bytes, units) in [(0, 0), (2, 1), (6, 5), (10, 7), (text.len(), 10)] {
            assert_eq!(byte_offset(text, units), bytes);
            assert_eq!(utf16_offset(text, bytes), units);
        }
    }
}
