//! The bytes of a text source turned into text as its author wrote it: the encoding found
//! (a byte order mark, UTF-8, else the single-byte code page chardetng guesses), UTF-8
//! read twice as Windows-1252 (`Ã©`) repaired, and letters lost on the way (`D�lib�ration`,
//! `v?u`) restored only when one word of the vocabulary fits. Each repair is reported;
//! what a document's words mean is `recognize`'s business.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::collections::HashSet;

/// A decoded text and what was done to it.
#[derive(Debug, Default)]
pub struct Decoded {
    pub text: String,
    /// The encoding read, when it was not plain UTF-8: "UTF-16LE", "windows-1252".
    pub encoding: Option<&'static str>,
    /// Repairs made, in French, one line each.
    pub repairs: Vec<String>,
    /// Words with a lost letter that could not be restored for certain.
    pub unrepaired: Vec<String>,
}

/// Decodes the bytes of a text file.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (text, encoding) = to_text(bytes);
    let mut decoded = Decoded {
        text,
        encoding,
        ..Decoded::default()
    };
    repair_double_encoding(&mut decoded);
    restore_lost_letters(&mut decoded);
    join_cut_words(&mut decoded);
    decoded
}

/// Words a copy from a PDF left cut at their line's end: « pré‑ vues », a non-breaking
/// or soft hyphen then a space inside a word (no one types those), joined again when the
/// lexicon knows the whole word.
fn join_cut_words(decoded: &mut Decoded) {
    let text = &decoded.text;
    if !text.contains(['\u{2011}', '\u{AD}']) {
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut joined = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '\u{2011}' | '\u{AD}')
            && i > 0
            && chars[i - 1].is_alphabetic()
            && chars.get(i + 1) == Some(&' ')
            && chars.get(i + 2).is_some_and(|n| n.is_lowercase())
        {
            let head: String = chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let tail: String = chars[i + 2..]
                .iter()
                .take_while(|c| c.is_alphabetic())
                .collect();
            if known(&format!("{head}{tail}")) {
                joined += 1;
                i += 2;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    if joined > 0 {
        decoded.text = out;
        decoded.repairs.push(format!(
            "{} coupé{} en fin de ligne par une copie de PDF, recollé{}",
            crate::diag::plural(joined, "mot", "mots"),
            if joined > 1 { "s" } else { "" },
            if joined > 1 { "s" } else { "" }
        ));
    }
}

/// Finds the encoding and decodes.
fn to_text(bytes: &[u8]) -> (String, Option<&'static str>) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let name = (encoding != UTF_8).then(|| encoding.name());
        return (text.into_owned(), name);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), None);
    }
    // UTF-16 without a mark: many zero bytes at odd or even places.
    let zeros_even = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if bytes.len() >= 4 && (zeros_odd.max(zeros_even) * 3 > bytes.len() / 2) {
        let encoding = if zeros_odd > zeros_even {
            UTF_16LE
        } else {
            UTF_16BE
        };
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return (text.into_owned(), Some(encoding.name()));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let mut encoding = detector.guess(Some(b"fr"), chardetng::Utf8Detection::Deny);
    // ISO-8859-1 is read as Windows-1252 by every browser; chardetng answers the latter
    // for French text, but stay on the superset whatever it says of a Western text.
    if encoding.name() == "ISO-8859-1" {
        encoding = WINDOWS_1252;
    }
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), Some(encoding.name()))
}

/// Whether a character can be part of a double-encoded sequence: what Windows-1252 shows
/// for the bytes 0x80–0xFF.
fn is_high_1252(c: char) -> bool {
    let mut buffer = [0u8; 4];
    let s = c.encode_utf8(&mut buffer);
    if c.is_ascii() {
        return false;
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(s);
    !unmappable && bytes.len() == 1
}

/// UTF-8 that was read as Windows-1252 and written again as UTF-8 (`dÃ©libÃ©ration`):
/// each run of such characters whose Windows-1252 bytes are valid UTF-8 is replaced.
fn repair_double_encoding(decoded: &mut Decoded) {
    let text = &decoded.text;
    if !text
        .chars()
        .any(|c| matches!(c, 'Ã' | 'Â' | 'â' | 'Å' | 'Ê' | 'Ë'))
    {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let mut count = 0usize;
    let flush = |run: &mut String, out: &mut String, count: &mut usize| {
        if run.is_empty() {
            return;
        }
        let (bytes, _, unmappable) = WINDOWS_1252.encode(run);
        match (!unmappable)
            .then(|| std::str::from_utf8(&bytes).ok())
            .flatten()
        {
            Some(fixed) if fixed != run.as_str() => {
                out.push_str(fixed);
                *count += 1;
            }
            _ => out.push_str(run),
        }
        run.clear();
    };
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if is_high_1252(c) {
            run.push(c);
        } else if c == ' ' && run.ends_with('Ã') {
            // "à" is C3 A0: its second byte, a no-break space, often came back as a
            // space (then followed by the real one) or merged with it.
            run.pop();
            flush(&mut run, &mut out, &mut count);
            out.push('à');
            count += 1;
            if !chars.get(i + 1).is_some_and(|n| n.is_whitespace()) {
                out.push(' ');
            }
        } else {
            flush(&mut run, &mut out, &mut count);
            out.push(c);
        }
    }
    flush(&mut run, &mut out, &mut count);
    if count > 0 {
        decoded.repairs.push(format!(
            "texte encodé deux fois (« Ã© » pour « é ») : {} passage{} réparé{}",
            count,
            if count > 1 { "s" } else { "" },
            if count > 1 { "s" } else { "" }
        ));
        decoded.text = out;
    }
}

/// The letters a lost character may have been: what a code page without them drops
/// (lowercase: the word's case is put back after).
const LOST_CANDIDATES: &[char] = &[
    'é', 'è', 'à', 'ê', 'ç', 'ô', 'î', 'û', 'ù', 'â', 'ë', 'ï', 'ü', 'ö', 'ä', 'œ', 'æ', '’',
];

/// At most this many spellings of one damaged word are looked up (18 per lost letter:
/// three lost letters in a word).
const MOST_SPELLINGS: usize = 18 * 18 * 18;

/// At most this many spellings are looked up in one text (a few milliseconds each
/// thousand): a text made of damaged words (random bytes read as a text) is not
/// restored past it, and its words are reported as they are.
const SPELLINGS_PER_TEXT: usize = 60_000;

/// Characters a damaged word uses for a lost letter.
fn is_lost(c: char) -> bool {
    c == '\u{FFFD}' || c == '?'
}

/// Restores the letters lost in damaged words (`v?u` → `vœu`, `D�lib�ration` →
/// `Délibération`): a word is restored when the French lexicon knows exactly one word it
/// can be (or, when it knows several, exactly one of them is written whole elsewhere in
/// the text). A `?` that is punctuation stays (`?Les Verts?`, a lost quotation mark).
fn restore_lost_letters(decoded: &mut Decoded) {
    if !decoded.text.chars().any(is_lost) {
        return;
    }
    // The words the text writes whole: they decide between two words of the lexicon.
    let mut written: HashSet<String> = HashSet::new();
    for word in words(&decoded.text) {
        if !word.chars().any(is_lost) {
            written.insert(word.to_lowercase());
        }
    }
    let text = std::mem::take(&mut decoded.text);
    let mut out = String::with_capacity(text.len());
    let mut restored = 0usize;
    let mut budget = SPELLINGS_PER_TEXT;
    let mut unrepaired: HashSet<String> = HashSet::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find(|c: char| is_word_char(c) || is_lost(c)) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !(is_word_char(c) || is_lost(c)))
            .unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        if !is_damaged(word) {
            out.push_str(word);
            continue;
        }
        match restore(word, &written, &mut budget) {
            Some(fixed) => {
                out.push_str(&fixed);
                restored += 1;
            }
            None => {
                out.push_str(word);
                if unrepaired.insert(word.to_string()) {
                    decoded.unrepaired.push(word.to_string());
                }
            }
        }
    }
    out.push_str(rest);
    decoded.text = out;
    if restored > 0 {
        decoded.repairs.push(format!(
            "lettres perdues à l’encodage : {restored} mot{} rétabli{}",
            if restored > 1 { "s" } else { "" },
            if restored > 1 { "s" } else { "" }
        ));
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '’' | '\'' | '·' | '-')
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// Whether a word has lost a letter: `�` anywhere, or `?` inside it (a letter on both
/// sides) or opening it before a lowercase letter (`?tait`); a `?` after a word is a
/// question mark, and before a capital a lost quotation mark (`?Les Verts?`).
fn is_damaged(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        c == '\u{FFFD}'
            || c == '?'
                && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())
                && (i > 0 && chars[i - 1].is_alphabetic()
                    || i == 0 && chars.get(1).is_some_and(|n| n.is_lowercase()))
    })
}

/// The word a damaged word was, in its case: the one spelling the lexicon knows, its
/// lost letters taken among those a code page loses.
fn restore(word: &str, written: &HashSet<String>, budget: &mut usize) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let lost: Vec<usize> = (0..chars.len())
        .filter(|&i| is_lost(chars[i]) && (chars[i] == '\u{FFFD}' || is_damaged(word)))
        .collect();
    if lost.is_empty() {
        return None;
    }
    let spellings = LOST_CANDIDATES.len().checked_pow(lost.len() as u32)?;
    if spellings > MOST_SPELLINGS || spellings > *budget {
        return None;
    }
    *budget -= spellings;
    // The case the word is written in: its lost letters take it.
    let letters: Vec<char> = chars
        .iter()
        .copied()
        .filter(|c| c.is_alphabetic())
        .collect();
    let upper_word = letters.len() > 1 && letters.iter().all(|c| c.is_uppercase());
    let first_upper = chars.first().is_some_and(|c| c.is_uppercase());
    // Each spelling the lexicon knows, with the ranks of the letters it puts back.
    let mut found: Vec<(String, Vec<usize>)> = Vec::new();
    for n in 0..spellings {
        let mut candidate = chars.clone();
        let mut k = n;
        let mut ranks = Vec::with_capacity(lost.len());
        for &at in &lost {
            ranks.push(k % LOST_CANDIDATES.len());
            let letter = LOST_CANDIDATES[k % LOST_CANDIDATES.len()];
            k /= LOST_CANDIDATES.len();
            candidate[at] = if upper_word || (at == 0 && first_upper) {
                letter.to_uppercase().next().unwrap_or(letter)
            } else {
                letter
            };
        }
        let spelled: String = candidate.into_iter().collect();
        if known(&spelled) {
            found.push((spelled, ranks));
        }
    }
    match found.as_slice() {
        [(only, _)] => Some(only.clone()),
        [] => None,
        many => {
            // The one the text writes whole elsewhere.
            let seen: Vec<&String> = many
                .iter()
                .map(|(w, _)| w)
                .filter(|w| written.contains(&w.to_lowercase()))
                .collect();
            if let [only] = seen.as_slice() {
                return Some((*only).clone());
            }
            // Else the one made of the commonest lost letters (é, è, à, ê, ç) when every other
            // needs a rarer one: « jusqu’à », not « jusqu’ô ».
            let cost = |ranks: &Vec<usize>| ranks.iter().sum::<usize>();
            let best = many.iter().min_by_key(|(_, r)| cost(r))?;
            let common = best.1.iter().all(|&r| r <= 4);
            let alone = many
                .iter()
                .filter(|(_, r)| cost(r) == cost(&best.1))
                .count()
                == 1;
            (common && alone).then(|| best.0.clone())
        }
    }
}

/// The elided words of French: what an apostrophe may follow.
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    "quelqu",
];

/// Whether the lexicon knows a word, or its parts: an elided word and the word after it
/// (« l’opération », « jusqu’à »), the parts of a compound (« Hôtel-de-Ville »).
fn known(word: &str) -> bool {
    let word = word.replace('\'', "’");
    if let Some((head, tail)) = word.split_once('’') {
        // Elision comes before a vowel or a mute h only.
        let elided = ELISIONS.contains(&head.to_lowercase().as_str())
            && tail.chars().next().is_some_and(|c| {
                "aeiouyhàâäéèêëîïôöûùüœæ".contains(c.to_lowercase().next().unwrap_or(c))
            });
        // A word with an apostrophe of its own (« aujourd’hui », « prud’homme »).
        return (elided && !tail.is_empty() && known(tail))
            || (head.chars().count() >= 4 && super::lexicon::is_word(&word));
    }
    if super::lexicon::is_word(&word) {
        return true;
    }
    if word.contains('-') {
        return word.split('-').all(|part| !part.is_empty() && known(part));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode("Vœu".as_bytes()).text, "Vœu");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Délibération".as_bytes());
        assert_eq!(decode(&bom).text, "Délibération");
        let (latin1, _, _) = WINDOWS_1252.encode("Considérant que la délibération prévoit");
        let d = decode(&latin1);
        assert_eq!(d.text, "Considérant que la délibération prévoit");
        assert_eq!(d.encoding, Some("windows-1252"));
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Vœu relatif".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&utf16);
        assert_eq!(d.text, "Vœu relatif");
        assert_eq!(d.encoding, Some("UTF-16LE"));
    }

    #[test]
    fn double_encoding_is_repaired() {
        let d = decode("La dÃ©libÃ©ration de lâ€™Ã‰tat, Ã  Paris, le vÅ“u".as_bytes());
        assert_eq!(d.text, "La délibération de l’État, à Paris, le vœu");
        assert_eq!(d.repairs.len(), 1);
        // Ordinary accented text stays as it is.
        let d = decode("Élu·es, « à » l’État".as_bytes());
        assert_eq!(d.text, "Élu·es, « à » l’État");
        assert!(d.repairs.is_empty());
    }

    #[test]
    fn lost_letters_are_restored_when_certain() {
        let d = decode("Le v?u sur la d?lib?ration. Pourquoi? Le m?t.".as_bytes());
        assert_eq!(d.text, "Le vœu sur la délibération. Pourquoi? Le m?t.");
        assert_eq!(d.unrepaired, vec!["m?t"]);
        let d = decode("D\u{FFFD}lib\u{FFFD}ration et VOEU, le pr\u{FFFD}fet".as_bytes());
        assert_eq!(d.text, "Délibération et VOEU, le préfet");
        let d = decode("La v?g?talisation ; LA D?LIB?RATION".as_bytes());
        assert_eq!(d.text, "La végétalisation ; LA DÉLIBÉRATION");
        // Elided words, compounds, a lone « à », words the hand list never had.
        let d = decode(
            "L'op\u{FFFD}ration jusqu'\u{FFFD} l'H\u{FFFD}tel-de-Ville, \u{FFFD} la rue ; si\u{FFFD}geant, f\u{FFFD}ri\u{FFFD}s"
                .as_bytes(),
        );
        assert_eq!(
            d.text,
            "L'opération jusqu'à l'Hôtel-de-Ville, à la rue ; siégeant, fériés"
        );
        // A word cut by a PDF's line end and copied so: joined when it is a word.
        let d = decode("les cinq minutes pré\u{2011} vues pour les inscriptions".as_bytes());
        assert_eq!(d.text, "les cinq minutes prévues pour les inscriptions");
        // Punctuation is never turned into a letter: a lost quotation mark before a
        // capital, a question mark after a word.
        let d = decode("le groupe ?Les Verts? demande".as_bytes());
        assert_eq!(d.text, "le groupe ?Les Verts? demande");
        assert!(d.unrepaired.is_empty(), "{:?}", d.unrepaired);
    }
}
