//! Finds the stretches of a text that typography must never touch: web addresses, e-mail
//! addresses, times written `14:30`, and HTML character references (`&amp;`), which are
//! data to print literally.

use std::ops::Range;

/// Character ranges (indices into `chars`) to leave exactly as written.
pub fn protected(chars: &[char]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let found = url_at(chars, i)
            .or_else(|| time_at(chars, i))
            .or_else(|| entity_at(chars, i));
        match found {
            Some(end) => {
                ranges.push(i..end);
                i = end;
            }
            None => i += 1,
        }
    }
    ranges.extend(emails(chars));
    ranges.sort_by_key(|r| r.start);
    ranges
}

fn starts_with_ignore_case(chars: &[char], at: usize, prefix: &str) -> bool {
    let mut n = 0;
    for p in prefix.chars() {
        match chars.get(at + n) {
            Some(c) if c.eq_ignore_ascii_case(&p) => n += 1,
            _ => return false,
        }
    }
    true
}

/// A web address starting at `i`: `http://`, `https://`, `ftp://`, `mailto:` or `www.`,
/// up to the next space or quote, without the sentence's closing punctuation.
fn url_at(chars: &[char], i: usize) -> Option<usize> {
    if !matches!(chars[i], 'h' | 'H' | 'f' | 'F' | 'm' | 'M' | 'w' | 'W')
        || (i > 0 && chars[i - 1].is_alphanumeric())
    {
        return None;
    }
    let schemes = ["http://", "https://", "ftp://", "mailto:", "www."];
    if !schemes.iter().any(|s| starts_with_ignore_case(chars, i, s)) {
        return None;
    }
    let mut end = i;
    while end < chars.len()
        && !chars[end].is_whitespace()
        && !matches!(chars[end], '«' | '»' | '"' | '<' | '>' | '“' | '”')
    {
        end += 1;
    }
    // Closing punctuation belongs to the sentence, and a closing parenthesis too unless
    // the address opened one.
    while end > i {
        let last = chars[end - 1];
        let opened = chars[i..end].iter().filter(|c| **c == '(').count();
        let closed = chars[i..end].iter().filter(|c| **c == ')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’')
            || (last == ')' && closed > opened)
        {
            end -= 1;
        } else {
            break;
        }
    }
    (end > i + 4).then_some(end)
}

/// A time `14:30` or `9:05:00` at `i`.
fn time_at(chars: &[char], i: usize) -> Option<usize> {
    if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
        return None;
    }
    let digits = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let hours = digits(i);
    if !(1..=2).contains(&hours) || chars.get(i + hours) != Some(&':') {
        return None;
    }
    let mut end = i + hours;
    while chars.get(end) == Some(&':') && digits(end + 1) == 2 {
        end += 3;
    }
    (end > i + hours && chars.get(end).is_none_or(|c| !c.is_ascii_digit())).then_some(end)
}

/// An HTML character reference: `&amp;`, `&#38;`, `&#x26;`.
fn entity_at(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != '&' {
        return None;
    }
    let body = chars[i + 1..]
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    (body > 0 && chars.get(i + 1 + body) == Some(&';')).then_some(i + body + 2)
}

/// E-mail addresses: letters, digits and `._%+-` around an `@`, a dot on the right.
fn emails(chars: &[char]) -> Vec<Range<usize>> {
    let local = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let domain = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-');
    let mut found = Vec::new();
    for (at, c) in chars.iter().enumerate() {
        if *c != '@' {
            continue;
        }
        let mut start = at;
        while start > 0 && local(chars[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < chars.len() && domain(chars[end]) {
            end += 1;
        }
        while end > at + 1 && chars[end - 1] == '.' {
            end -= 1;
        }
        if start < at && chars[at + 1..end].contains(&'.') {
            found.push(start..end);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        protected(&chars)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn urls_emails_times_and_entities() {
        assert_eq!(
            spans("Voir https://paris.fr/page?a=1&b=2. Écrire à elu@paris.fr ; à 14:30 ; &amp;"),
            [
                "https://paris.fr/page?a=1&b=2",
                "elu@paris.fr",
                "14:30",
                "&amp;"
            ]
        );
        assert_eq!(spans("(voir www.paris.fr/x_(y))."), ["www.paris.fr/x_(y)"]);
        assert_eq!(spans("(voir www.paris.fr)"), ["www.paris.fr"]);
        assert!(spans("le ratio 3:2 ; Objet : rien ; 123:45").is_empty());
        assert!(spans("AT&T et Cie ; & seul ;").is_empty());
    }
}
