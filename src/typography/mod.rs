//! French typography as one pure pass, `Motion → Motion`, applied once before any
//! renderer so that PDF, DOCX and HTML print the same characters: no-break spaces before
//! `; ! ? :` and inside « », typographic apostrophe and quotes, ellipsis, `n° 37`, numbers
//! bound to what they count and grouped by thousands, ordinals marked for superscript.
//! It never touches web or e-mail addresses, times (`14:30`), code spans or link targets,
//! never removes or reorders a letter, and applying it twice gives the same text as once.
//! The lints that flag what this pass cannot decide alone (`2ème`, stray spaces) are
//! rules of `validate::lints`.

use crate::model::{Authors, Inline, Item, Motion, Motives, Operative, Outcome, Person, Text};
use crate::text::scan;

/// U+202F NARROW NO-BREAK SPACE, before `; ! ?`, inside « », between groups of digits.
pub const NNBSP: char = '\u{202F}';
/// U+00A0 NO-BREAK SPACE, before `:`, after `n°`, between a number and its unit.
pub const NBSP: char = '\u{A0}';

/// Typesets every printed text of a motion (not its tags, which are data). Persons'
/// names are bound to print on one line.
pub fn typeset_motion(motion: Motion) -> Motion {
    let all = |texts: Vec<Text>| texts.iter().map(typeset).collect::<Vec<_>>();
    let items = |items: Vec<Item>| items.iter().map(|i| i.map(typeset)).collect::<Vec<_>>();
    let name = |text: &Text| bind_name(&typeset(text));
    Motion {
        title: typeset(&motion.title),
        citations: items(motion.citations),
        motives: motion.motives.map(|m| Motives {
            heading: m.heading.as_ref().map(typeset),
            paragraphs: all(m.paragraphs),
        }),
        considerants: items(motion.considerants),
        formula: motion.formula.map(all),
        notice: all(motion.notice),
        preamble: all(motion.preamble),
        citations_heading: motion.citations_heading.as_ref().map(typeset),
        considerants_heading: motion.considerants_heading.as_ref().map(typeset),
        authors: Authors {
            persons: motion
                .authors
                .persons
                .iter()
                .map(|p| Person {
                    name: name(&p.name),
                    group: p.group.as_ref().map(typeset),
                })
                .collect(),
            groups: all(motion.authors.groups),
            members: motion.authors.members.as_ref().map(typeset),
            mayor: motion.authors.mayor.as_ref().map(name),
            ..motion.authors
        },
        operative: match motion.operative {
            Operative::Voeu {
                addressee,
                requests,
            } => Operative::Voeu {
                addressee: addressee.as_ref().map(typeset),
                requests: items(requests),
            },
            Operative::Amendement { changes } => Operative::Amendement {
                changes: items(changes),
            },
        },
        outcome: Outcome {
            detail: motion.outcome.detail.as_ref().map(typeset),
            administrative: all(motion.outcome.administrative),
            decision: motion.outcome.decision.as_ref().map(typeset),
            ..motion.outcome
        },
        ..motion
    }
}

/// One character of a text being typeset, with where it came from.
#[derive(Debug, Clone, Copy)]
struct Cell {
    ch: char,
    /// Which leaf (plain run, superscript or code span) of the text it belongs to.
    leaf: usize,
    /// Left exactly as written (code, address, time, character reference).
    fixed: bool,
    /// Printed as a superscript.
    sup: bool,
}

impl Cell {
    fn new(ch: char, leaf: usize) -> Cell {
        Cell {
            ch,
            leaf,
            fixed: false,
            sup: false,
        }
    }
}

/// Typesets one text. The text is flattened into one row of characters, so that rules
/// see across emphasis or links (`*texte* ;`), then rebuilt with the same structure.
pub fn typeset(text: &Text) -> Text {
    let mut cells = Vec::new();
    let mut leaves = 0;
    flatten(&text.0, &mut cells, &mut leaves);
    let chars: Vec<char> = cells.iter().map(|c| c.ch).collect();
    for range in scan::protected(&chars) {
        for cell in &mut cells[range] {
            cell.fixed = true;
        }
    }
    let cells = apply_rules(cells);
    let mut by_leaf: Vec<Vec<Cell>> = vec![Vec::new(); leaves];
    for cell in cells {
        by_leaf[cell.leaf].push(cell);
    }
    let mut next = 0;
    Text(rebuild(&text.0, &by_leaf, &mut next))
}

/// Applies every rule, in an order where each sees what the previous ones settled.
fn apply_rules(cells: Vec<Cell>) -> Vec<Cell> {
    let cells = ellipsis(cells);
    let cells = apostrophes(cells);
    let cells = quotes(cells);
    let cells = guillemet_spaces(cells);
    let cells = high_punctuation(cells);
    let cells = numero(cells);
    let cells = civilities(cells);
    let cells = ordinals(cells);
    let cells = numbers(cells);
    let cells = references(cells);
    month_year_and_hours(cells)
}

fn flatten(inlines: &[Inline], cells: &mut Vec<Cell>, leaves: &mut usize) {
    for inline in inlines {
        match inline {
            Inline::Plain(s) | Inline::Superscript(s) | Inline::Code(s) => {
                let leaf = *leaves;
                *leaves += 1;
                let sup = matches!(inline, Inline::Superscript(_));
                let fixed = matches!(inline, Inline::Code(_));
                cells.extend(s.chars().map(|ch| Cell {
                    ch,
                    leaf,
                    fixed,
                    sup,
                }));
            }
            Inline::Emphasis(children) | Inline::Strong(children) => {
                flatten(children, cells, leaves)
            }
            Inline::Link { text, .. } => flatten(text, cells, leaves),
        }
    }
}

fn rebuild(inlines: &[Inline], by_leaf: &[Vec<Cell>], next: &mut usize) -> Vec<Inline> {
    let mut out = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Plain(_) | Inline::Superscript(_) => {
                let cells = &by_leaf[*next];
                *next += 1;
                let mut run = String::new();
                let mut run_sup = false;
                for cell in cells {
                    if cell.sup != run_sup && !run.is_empty() {
                        out.push(leaf(std::mem::take(&mut run), run_sup));
                    }
                    run_sup = cell.sup;
                    run.push(cell.ch);
                }
                if !run.is_empty() {
                    out.push(leaf(run, run_sup));
                }
            }
            Inline::Code(s) => {
                *next += 1;
                out.push(Inline::Code(s.clone()));
            }
            Inline::Emphasis(children) => {
                out.push(Inline::Emphasis(rebuild(children, by_leaf, next)))
            }
            Inline::Strong(children) => out.push(Inline::Strong(rebuild(children, by_leaf, next))),
            Inline::Link { text, target } => out.push(Inline::Link {
                text: rebuild(text, by_leaf, next),
                target: target.clone(),
            }),
        }
    }
    // Neighbouring runs of the same kind (from two leaves side by side) stay separate:
    // they belong to different leaves of the original structure.
    out
}

fn leaf(text: String, sup: bool) -> Inline {
    if sup {
        Inline::Superscript(text)
    } else {
        Inline::Plain(text)
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | NBSP | NNBSP)
}

fn free(cells: &[Cell], i: usize, ch: char) -> bool {
    cells.get(i).is_some_and(|c| c.ch == ch && !c.fixed)
}

/// `...` (exactly three dots) becomes `…`.
fn ellipsis(cells: Vec<Cell>) -> Vec<Cell> {
    let mut out = Vec::with_capacity(cells.len());
    let mut i = 0;
    while i < cells.len() {
        let run = cells[i..]
            .iter()
            .take_while(|c| c.ch == '.' && !c.fixed)
            .count();
        if run == 3 {
            out.push(Cell {
                ch: '…',
                ..cells[i]
            });
            i += 3;
        } else {
            let take = run.max(1);
            out.extend_from_slice(&cells[i..i + take]);
            i += take;
        }
    }
    out
}

/// The straight apostrophe becomes `’`.
fn apostrophes(mut cells: Vec<Cell>) -> Vec<Cell> {
    for cell in &mut cells {
        if cell.ch == '\'' && !cell.fixed {
            cell.ch = '’';
        }
    }
    cells
}

/// Quotation marks, straight or typographic: one class when deciding whether a straight
/// quote opens, so that converting some quotes never changes the fate of the others.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '«' | '»' | '“' | '”')
}

/// Paired straight double quotes become « » (or “ ” inside other quotes). A straight quote
/// opens when it follows a space, an opening sign or the start, and precedes a word; any
/// other closes the last one opened. One that finds no partner is left as typed.
///
/// The test looks only at classes of neighbours that the other rules never change (a
/// no-break space counts as a space, `…` as a period, every quotation mark alike), which
/// keeps the pass idempotent.
fn quotes(mut cells: Vec<Cell>) -> Vec<Cell> {
    let mut open: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    for i in 0..cells.len() {
        if cells[i].ch != '"' || cells[i].fixed {
            continue;
        }
        let before = i.checked_sub(1).map(|j| cells[j].ch);
        let after = cells.get(i + 1).map(|c| c.ch);
        let opens_context = before.is_none_or(|b| {
            b.is_whitespace() || b == NBSP || b == NNBSP || is_quote(b) || "([{—–-/'’".contains(b)
        });
        let precedes_word = after.is_some_and(|a| {
            !(a.is_whitespace()
                || a == NBSP
                || a == NNBSP
                || is_quote(a)
                || ".,;:!?…)]".contains(a))
        });
        if opens_context && precedes_word {
            open.push(i);
        } else if let Some(start) = open.pop() {
            pairs.push((start, i));
        }
    }
    // One scan gives each pair its nesting level; quotes typed as « “ count too.
    let mut partner = vec![None; cells.len()];
    for (start, end) in pairs {
        partner[start] = Some(end);
        partner[end] = Some(start);
    }
    let mut depth = 0usize;
    for i in 0..cells.len() {
        if cells[i].fixed {
            continue;
        }
        match (cells[i].ch, partner[i]) {
            ('"', Some(end)) if end > i => {
                let (o, c) = if depth == 0 {
                    ('«', '»')
                } else {
                    ('“', '”')
                };
                cells[i].ch = o;
                cells[end].ch = c;
                depth += 1;
            }
            ('«' | '“', _) => depth += 1,
            ('»' | '”', _) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    english_quotes(cells)
}

/// “ ” typed outside any quotation are English quotes: French prints « » there (and
/// keeps “ ” for quotes inside « »); `text::english_quote_pairs` finds them.
fn english_quotes(mut cells: Vec<Cell>) -> Vec<Cell> {
    let chars: Vec<char> = cells.iter().map(|c| c.ch).collect();
    for (start, end) in crate::text::english_quote_pairs(&chars, |i| cells[i].fixed) {
        cells[start].ch = '«';
        cells[end].ch = '»';
    }
    cells
}

/// A narrow no-break space inside « », replacing the spaces typed there or added.
fn guillemet_spaces(cells: Vec<Cell>) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::with_capacity(cells.len() + 4);
    let mut i = 0;
    while i < cells.len() {
        let cell = cells[i];
        if cell.ch == '»' && !cell.fixed && !out.is_empty() {
            while out.last().is_some_and(|c| is_space(c.ch) && !c.fixed) {
                out.pop();
            }
            if out.last().is_some_and(|c| c.ch != '\n') {
                out.push(Cell::new(NNBSP, cell.leaf));
            }
        }
        out.push(cell);
        i += 1;
        if cell.ch == '«' && !cell.fixed {
            while cells.get(i).is_some_and(|c| is_space(c.ch) && !c.fixed) {
                i += 1;
            }
            if cells.get(i).is_some_and(|c| c.ch != '\n') {
                out.push(Cell::new(NNBSP, cell.leaf));
            }
        }
    }
    out
}

/// `; ! ?` take a narrow no-break space before them, `:` a no-break space, when they end
/// a phrase (followed by a space, the end, or closing punctuation). Spaces typed before
/// them are replaced; `?!` keeps one space before the pair.
fn high_punctuation(cells: Vec<Cell>) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::with_capacity(cells.len() + 8);
    for i in 0..cells.len() {
        let cell = cells[i];
        let space = match cell.ch {
            ';' | '!' | '?' => NNBSP,
            ':' => NBSP,
            _ => {
                out.push(cell);
                continue;
            }
        };
        let ends_phrase = cells
            .get(i + 1)
            .is_none_or(|next| next.ch.is_whitespace() || ")]»”!?…'’\"*".contains(next.ch));
        if cell.fixed || !ends_phrase {
            out.push(cell);
            continue;
        }
        let mut removed_space = false;
        while out.last().is_some_and(|c| is_space(c.ch) && !c.fixed) {
            out.pop();
            removed_space = true;
        }
        let previous = out.last().map(|c| c.ch);
        let after_other_mark = previous.is_some_and(|p| ";:!?(«[“".contains(p));
        if previous.is_some() && (!after_other_mark || removed_space) && previous != Some('\n') {
            out.push(Cell::new(space, cell.leaf));
        }
        out.push(cell);
    }
    out
}

/// `n° 37`, `N° 37`, `nos 12 et 13`: a no-break space after the sign.
fn numero(mut cells: Vec<Cell>) -> Vec<Cell> {
    let mut i = 0;
    while i + 1 < cells.len() {
        let starts_word = i == 0 || !cells[i - 1].ch.is_alphanumeric();
        let sign = if starts_word && (free(&cells, i, 'n') || free(&cells, i, 'N')) {
            if free(&cells, i + 1, '°') {
                Some(2)
            } else if free(&cells, i + 1, 'o') && free(&cells, i + 2, 's') {
                Some(3)
            } else {
                None
            }
        } else {
            None
        };
        let Some(len) = sign else {
            i += 1;
            continue;
        };
        let after = i + len;
        let digit_at = |j: usize| cells.get(j).is_some_and(|c| c.ch.is_ascii_digit());
        if cells.get(after).is_some_and(|c| is_space(c.ch) && !c.fixed) && digit_at(after + 1) {
            cells[after].ch = NBSP;
        } else if len == 2 && digit_at(after) {
            let leaf = cells[i].leaf;
            cells.insert(after, Cell::new(NBSP, leaf));
        }
        i = after;
    }
    cells
}

/// `M. DUPONT`, `Mme NIAKATÉ`: a no-break space keeps the civility with the name.
fn civilities(mut cells: Vec<Cell>) -> Vec<Cell> {
    const CIVILITIES: &[&str] = &["M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles"];
    let chars: Vec<char> = cells.iter().map(|c| c.ch).collect();
    for i in 0..chars.len() {
        if i > 0 && chars[i - 1].is_alphanumeric() {
            continue;
        }
        for civility in CIVILITIES {
            let len = civility.chars().count();
            let matches = chars[i..].iter().take(len).copied().eq(civility.chars());
            let space = i + len;
            if matches
                && free(&cells, space, ' ')
                && chars.get(space + 1).is_some_and(|c| c.is_uppercase())
            {
                cells[space].ch = NBSP;
            }
        }
    }
    cells
}

const ORDINAL_SUFFIXES: &[&str] = &["er", "re", "ers", "res", "e", "es", "d", "de", "ds", "des"];

/// Ordinals written right (`1er`, `1re`, `2e`, `2de`, `XXe`) get their letters marked for
/// superscript. Wrong forms (`2ème`) are left to the lints.
fn ordinals(mut cells: Vec<Cell>) -> Vec<Cell> {
    let mut i = 0;
    while i < cells.len() {
        let starts_word = i == 0 || !cells[i - 1].ch.is_alphanumeric();
        if !starts_word || cells[i].fixed {
            i += 1;
            continue;
        }
        let digits = cells[i..]
            .iter()
            .take_while(|c| c.ch.is_ascii_digit())
            .count();
        let roman = if digits == 0 {
            cells[i..]
                .iter()
                .take_while(|c| matches!(c.ch, 'I' | 'V' | 'X'))
                .count()
        } else {
            0
        };
        let number = if digits > 0 && digits <= 4 {
            digits
        } else if roman >= 2 {
            roman
        } else {
            0
        };
        if number == 0 {
            i += 1;
            continue;
        }
        let start = i + number;
        let letters = cells[start..]
            .iter()
            .take_while(|c| c.ch.is_alphabetic())
            .count();
        let suffix: String = cells[start..start + letters].iter().map(|c| c.ch).collect();
        let allowed = if roman > 0 {
            matches!(suffix.as_str(), "e" | "er" | "es")
        } else {
            ORDINAL_SUFFIXES.contains(&suffix.as_str())
        };
        if allowed && cells[start..start + letters].iter().all(|c| !c.fixed) {
            for cell in &mut cells[start..start + letters] {
                cell.sup = true;
            }
            // `XXe siècle`: a Roman ordinal stays with its noun (Arabic ones are bound
            // with the other numbers).
            let after = start + letters;
            if roman > 0 && free(&cells, after, ' ') && counted_word_at(&cells, after + 1) {
                cells[after].ch = NBSP;
            }
        }
        i = start + letters.max(1);
    }
    cells
}

/// Short grammatical words: a number is not bound to them (`article 7 du projet`,
/// `les 12 et 13 mai`), only to what it counts.
const FUNCTION_WORDS: &[&str] = &[
    "à", "au", "aux", "avec", "ce", "ces", "d", "dans", "de", "des", "du", "en", "est", "et", "il",
    "l", "la", "le", "les", "mais", "ne", "ni", "ou", "par", "pour", "qu", "que", "qui", "sa",
    "se", "ses", "si", "son", "sont", "sur", "un", "une",
];

/// Whether the word at `i` is something a number can count: a unit or a noun, not a
/// grammatical word.
fn counted_word_at(cells: &[Cell], i: usize) -> bool {
    let word: String = cells[i.min(cells.len())..]
        .iter()
        .take_while(|c| c.ch.is_alphabetic())
        .map(|c| c.ch)
        .collect::<String>()
        .to_lowercase();
    !word.is_empty() && !FUNCTION_WORDS.contains(&word.as_str())
}

/// Whether `i` is a Paris postal code (75001 … 75020, 75116), never grouped.
fn is_postal_code(digits: &str) -> bool {
    digits.len() == 5 && (digits.starts_with("750") || digits == "75116")
}

/// Numbers: groups of thousands joined by narrow no-break spaces (`300 000`, from five
/// digits on, never in years, decimals, references or codes), and a no-break space between
/// a number and what it counts (`300 hectares`, `12 %`, `1er janvier`).
fn numbers(mut cells: Vec<Cell>) -> Vec<Cell> {
    let digit = |cells: &[Cell], j: usize| {
        cells
            .get(j)
            .is_some_and(|c| c.ch.is_ascii_digit() && !c.fixed)
    };
    // At `end`, a space and a group of exactly three digits that continues the number.
    let group_follows = |cells: &[Cell], end: usize| {
        cells.get(end).is_some_and(|c| is_space(c.ch) && !c.fixed)
            && (1..=3).all(|k| digit(cells, end + k))
            && !digit(cells, end + 4)
            // `1 000140` gives `1 000 140` (the long run grouped on its own); the group
            // before it must not join the next pass, or the pass would not be idempotent
            // (found by fuzzing).
            && !(cells.get(end + 4).is_some_and(|c| c.ch == NNBSP) && digit(cells, end + 5))
    };
    let mut i = 0;
    while i < cells.len() {
        if !digit(&cells, i) {
            i += 1;
            continue;
        }
        let run = cells[i..]
            .iter()
            .take_while(|c| c.ch.is_ascii_digit())
            .count();
        let before = i.checked_sub(1).map(|j| cells[j].ch);
        let glued = before.is_some_and(|b| b.is_alphanumeric() || "-/._,".contains(b) || b == '°');
        if glued {
            i += run;
            continue;
        }
        // The number: first group, thousands already separated by a space, decimals.
        let mut end = i + run;
        let mut separators = Vec::new();
        if run <= 3 {
            while group_follows(&cells, end) {
                separators.push(end);
                end += 4;
            }
        }
        let followed_by_code = cells.get(end).is_some_and(|c| {
            (c.ch.is_alphanumeric() && !c.sup)
                || ("-/._".contains(c.ch)
                    && cells.get(end + 1).is_some_and(|n| n.ch.is_alphanumeric()))
        });
        if followed_by_code && separators.is_empty() {
            // `2023-380`, `A380`, `3D`: an identifier, not a quantity. Ordinals are sup.
            i = end;
            continue;
        }
        let digits: String = cells[i..i + run].iter().map(|c| c.ch).collect();
        for &s in &separators {
            cells[s].ch = NNBSP;
        }
        let mut inserted = 0;
        if run >= 5 && separators.is_empty() && !is_postal_code(&digits) {
            for k in (1..run).rev() {
                if (run - k) % 3 == 0 {
                    // In the run of the digit it comes before: a number can straddle an
                    // emphasis (`*1*000`), and each space belongs where its digits are.
                    let leaf = cells[i + k].leaf;
                    cells.insert(i + k, Cell::new(NNBSP, leaf));
                    inserted += 1;
                }
            }
        }
        end += inserted;
        // A long run, now grouped, ends with a group of three: groups written after it
        // continue it (`8888000 100` is `8 888 000 100`), as a second pass would read them
        // (found by fuzzing).
        if inserted > 0 {
            while group_follows(&cells, end) {
                cells[end].ch = NNBSP;
                end += 4;
            }
        }
        // Decimal part: `3,5`.
        let mut decimal = false;
        if cells.get(end).is_some_and(|c| c.ch == ',') && digit(&cells, end + 1) {
            decimal = true;
            end += 1;
            end += cells[end..]
                .iter()
                .take_while(|c| c.ch.is_ascii_digit())
                .count();
        }
        let ordinal = cells[end..].iter().take_while(|c| c.sup).count();
        end += ordinal;
        let year_like = run == 4
            && separators.is_empty()
            && !decimal
            && ordinal == 0
            && (1000..3000).contains(&digits.parse::<u32>().unwrap_or(0));
        if !year_like
            && free(&cells, end, ' ')
            && (counted_word_at(&cells, end + 1)
                || cells.get(end + 1).is_some_and(|c| "%‰€$£°".contains(c.ch)))
        {
            let unit = cells[end + 1].ch;
            cells[end].ch = if unit == '%' || unit == '‰' {
                NNBSP
            } else {
                NBSP
            };
        }
        i = end.max(i + 1);
    }
    cells
}

/// Suffixes of numbered things: `article 6 bis`, `vœu n° 18 bis`.
const NUMBER_SUFFIXES: &[&str] = &["bis", "ter", "quater", "quinquies", "sexies"];

/// References print on one line: a délibération `2015 DDCT 10 G`, an official reference
/// `2002 V. 119`, and a number with its suffix `18 bis`. The spaces typed between their
/// parts become no-break spaces.
fn references(mut cells: Vec<Cell>) -> Vec<Cell> {
    let chars: Vec<char> = cells.iter().map(|c| c.ch).collect();
    let fixed: Vec<bool> = cells.iter().map(|c| c.fixed).collect();
    let n = chars.len();
    let sep = |j: usize| j < n && matches!(chars[j], ' ' | NBSP) && !fixed[j];
    let run = |j: usize, test: &dyn Fn(char) -> bool| {
        chars[j.min(n)..].iter().take_while(|c| test(**c)).count()
    };
    let ends_word = |j: usize| j >= n || !chars[j].is_alphanumeric();
    let mut i = 0;
    while i < n {
        let starts = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '-');
        let digits = run(i, &|c| c.is_ascii_digit());
        if !starts || digits == 0 || fixed[i] {
            i += 1;
            continue;
        }
        let mut end = i + digits;
        let mut spaces = Vec::new();
        // `2015 DDCT 10 G`, `2002 V. 119`.
        if digits == 4 && sep(end) {
            let code = run(end + 1, &|c| c.is_ascii_uppercase());
            let dot = usize::from(code == 1 && chars.get(end + 2) == Some(&'.'));
            let after_code = end + 1 + code + dot;
            if (1..=6).contains(&code)
                && (dot == 1 || ends_word(after_code))
                && sep(after_code)
                && run(after_code + 1, &|c| c.is_ascii_digit()) > 0
            {
                spaces.extend([end, after_code]);
                end = after_code + 1 + run(after_code + 1, &|c| c.is_ascii_digit());
                if ends_word(end)
                    && sep(end)
                    && chars.get(end + 1) == Some(&'G')
                    && ends_word(end + 2)
                {
                    spaces.push(end);
                    end += 2;
                }
            }
        }
        // `18 bis`.
        if ends_word(end) && sep(end) {
            let word = run(end + 1, &|c| c.is_alphabetic());
            let suffix: String = chars[end + 1..end + 1 + word].iter().collect();
            if NUMBER_SUFFIXES.contains(&suffix.as_str()) {
                spaces.push(end);
                end += 1 + word;
            }
        }
        for space in spaces {
            cells[space].ch = NBSP;
        }
        i = end.max(i + 1);
    }
    cells
}

/// A person's name prints on one line: "Jean-Pierre LECOQ" never leaves "Jean-Pierre" at
/// the end of a line and "LECOQ" on the next.
pub fn bind_name(text: &Text) -> Text {
    fn bind(inlines: &[Inline]) -> Vec<Inline> {
        inlines
            .iter()
            .map(|inline| match inline {
                Inline::Plain(s) => Inline::Plain(s.replace(' ', "\u{A0}")),
                Inline::Emphasis(c) => Inline::Emphasis(bind(c)),
                Inline::Strong(c) => Inline::Strong(bind(c)),
                other => other.clone(),
            })
            .collect()
    }
    Text(bind(&text.0))
}

/// The French month names, lower case.
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `avril 2023` (a month and its year) and `14 h 30` (the hour and its minutes) do not
/// break either.
fn month_year_and_hours(mut cells: Vec<Cell>) -> Vec<Cell> {
    let chars: Vec<char> = cells.iter().map(|c| c.ch).collect();
    let digits_at = |j: usize| {
        chars[j.min(chars.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_alphabetic();
        let word = chars[i..].iter().take_while(|c| c.is_alphabetic()).count();
        if !starts_word || word == 0 {
            i += 1;
            continue;
        }
        let text: String = chars[i..i + word].iter().collect::<String>().to_lowercase();
        let space = i + word;
        if free(&cells, space, ' ') {
            let is_month = MONTHS.contains(&text.as_str()) && digits_at(space + 1) == 4;
            let is_hour = text == "h"
                && i >= 2
                && is_space(chars[i - 1])
                && chars[i - 2].is_ascii_digit()
                && digits_at(space + 1) >= 1;
            if is_month || is_hour {
                cells[space].ch = NBSP;
            }
        }
        i += word;
    }
    cells
}

#[cfg(test)]
mod tests;
