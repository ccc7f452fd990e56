//! Maps a position in a TOML string's value to its position in the file, through quotes,
//! escapes and the newline that opens a multi-line string. Lints use it to underline the
//! exact characters at fault and to give fixes that a tool can apply to the file.

/// For a string literal as written in the file (`"…"`, `'…'`, `"""…"""`, `'''…'''`) and
/// its parsed value, the offset in the literal of every byte offset of the value, plus one
/// for the end (`value.len() + 1` entries; inside a multi-byte character an entry repeats
/// the character's start). `None` when the literal cannot be decoded to `value` (a form
/// this decoder does not follow): callers then point at the whole value.
pub fn offsets(literal: &str, value: &str) -> Option<Vec<usize>> {
    let (open, escapes) = if literal.starts_with("\"\"\"") {
        ("\"\"\"", true)
    } else if literal.starts_with("'''") {
        ("'''", false)
    } else if literal.starts_with('"') {
        ("\"", true)
    } else if literal.starts_with('\'') {
        ("'", false)
    } else {
        return None;
    };
    let close = literal.len().checked_sub(open.len())?;
    if close < open.len() || !literal.ends_with(open) {
        return None;
    }
    let mut i = open.len();
    if open.len() == 3 {
        // A newline right after the opening quotes is not part of the value.
        if literal[i..].starts_with("\r\n") {
            i += 2;
        } else if literal[i..].starts_with('\n') {
            i += 1;
        }
    }
    let mut decoded = String::with_capacity(value.len());
    let mut map = Vec::with_capacity(value.len() + 1);
    let push = |decoded: &mut String, map: &mut Vec<usize>, c: char, at: usize| {
        decoded.push(c);
        map.extend(std::iter::repeat_n(at, c.len_utf8()));
    };
    while i < close {
        let rest = &literal[i..close];
        let c = rest.chars().next()?;
        if c != '\\' || !escapes {
            push(&mut decoded, &mut map, c, i);
            i += c.len_utf8();
            continue;
        }
        let next = rest[1..].chars().next()?;
        let (decoded_char, len) = match next {
            'b' => (Some('\u{8}'), 2),
            't' => (Some('\t'), 2),
            'n' => (Some('\n'), 2),
            'f' => (Some('\u{C}'), 2),
            'r' => (Some('\r'), 2),
            'e' => (Some('\u{1B}'), 2),
            '"' => (Some('"'), 2),
            '\\' => (Some('\\'), 2),
            'x' => (Some(hex(rest.get(2..4)?)?), 4),
            'u' => (Some(hex(rest.get(2..6)?)?), 6),
            'U' => (Some(hex(rest.get(2..10)?)?), 10),
            // A backslash at the end of a line (multi-line strings) eats the line break
            // and the white space that follows.
            c if c.is_whitespace() => {
                let eaten = rest[1..]
                    .find(|c: char| !c.is_whitespace())
                    .map_or(rest.len(), |n| n + 1);
                (None, eaten)
            }
            _ => return None,
        };
        if let Some(d) = decoded_char {
            push(&mut decoded, &mut map, d, i);
        }
        i += len;
    }
    map.push(close);
    (decoded == value).then_some(map)
}

fn hex(digits: &str) -> Option<char> {
    char::from_u32(u32::from_str_radix(digits, 16).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(literal: &str, value: &str) -> Vec<usize> {
        offsets(literal, value).unwrap_or_else(|| panic!("{literal} does not decode to {value:?}"))
    }

    #[test]
    fn basic_and_literal_strings() {
        assert_eq!(check("\"ab\"", "ab"), [1, 2, 3]);
        assert_eq!(check("'a\\b'", "a\\b"), [1, 2, 3, 4]);
        // `è` is two bytes, written as an escape of six characters.
        let map = check("\"2\\u00e8me\"", "2ème");
        assert_eq!(map, [1, 2, 2, 8, 9, 10]);
        assert_eq!(check("\"é\"", "é"), [1, 1, 3]);
    }

    #[test]
    fn multi_line_strings() {
        assert_eq!(check("\"\"\"\nab\"\"\"", "ab"), [4, 5, 6]);
        assert_eq!(check("'''\r\nab'''", "ab"), [5, 6, 7]);
        assert_eq!(check("\"\"\"a \\\n   b\"\"\"", "a b"), [3, 4, 10, 11]);
    }

    #[test]
    fn mismatches_give_up() {
        assert!(offsets("\"ab\"", "abc").is_none());
        assert!(offsets("ab", "ab").is_none());
    }
}
