//! Validation: checks a raw document against the rules of the domain, each with a stable
//! code, and lowers it into the clean `Motion` model when it has no error. Rules are
//! grouped by topic: `required` (parts a text must have), `forms` (references, numbers,
//! names, dates), `style` (warnings and limits), `lints` (the typography of the texts as
//! written, with exact fixes that `fix` applies to a file). Reading files and the shape
//! of TOML are `input`'s; the rules across files are `batch`'s.

pub mod fix;
pub mod forms;
pub mod lints;
pub mod required;
pub mod style;

use crate::diag::Diagnostic;
use crate::input::RawDocument;
use crate::input::node::Path;
use crate::input::raw::{RawFiling, RawHeading, RawItem, RawMotion, RawPerson};
use crate::markup;
use crate::model::{
    Authors, Council, Filing, FilingPlacement, Item, Motion, MotionKind, Motives, Operative,
    Outcome, OutcomePlacement, Person, Session, Sitting, Status, Text,
};
use crate::source::Origin;

/// What is being validated: a motion (every rule), or a folder defaults file on its own
/// (only the forms of the values it holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Motion,
    Defaults,
}

/// The outcome for one document: its diagnostics (shape problems included), and the
/// motion when there is no error.
#[derive(Debug)]
pub struct Validated {
    pub diagnostics: Vec<Diagnostic>,
    /// Shape problems counted but not kept (past `diag::KEPT_PER_FILE_AND_CODE`).
    pub omitted: crate::diag::Omitted,
    pub motion: Option<Motion>,
}

/// The inline markup of every printed text of a document, parsed once: the rules on
/// links and markup, the lints and the lowering to the model all read it.
pub struct Parses<'a>(std::collections::HashMap<&'a str, markup::Parsed>);

impl<'a> Parses<'a> {
    /// The printed texts of a tree, parsed.
    pub fn of(tree: &'a crate::input::node::Node) -> Parses<'a> {
        Parses(
            crate::input::printed::printed_texts(tree)
                .into_iter()
                .map(|printed| (printed.text, markup::parse(printed.text)))
                .collect(),
        )
    }

    /// A text's parse: from the document's, or parsed now for a text that is not one
    /// of its printed texts.
    pub fn get(&self, text: &str) -> std::borrow::Cow<'_, markup::Parsed> {
        match self.0.get(text) {
            Some(parsed) => std::borrow::Cow::Borrowed(parsed),
            None => std::borrow::Cow::Owned(markup::parse(text)),
        }
    }
}

/// What every rule sees: the document, its texts parsed, and the diagnostics found so far.
pub struct Ctx<'a> {
    doc: &'a RawDocument,
    parses: Parses<'a>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn raw(&self) -> &'a RawMotion {
        &self.doc.raw
    }

    /// Where to point for a path (`request.items[2]`): the value, or the table that
    /// should hold it, in whichever file it comes from.
    pub fn at(&self, path: &str) -> Origin {
        self.doc.tree.locate(&Path::parse(path))
    }

    /// The document's tree (after defaults and the shape check).
    pub fn tree(&self) -> &'a crate::input::node::Node {
        &self.doc.tree
    }

    /// Where the key of a path is written.
    pub fn key_at(&self, path: &str) -> Origin {
        self.doc.tree.locate_key(&Path::parse(path))
    }

    /// True when the shape check already reported the value at `path`: a rule finding it
    /// missing stays silent.
    pub fn is_reported(&self, path: &str) -> bool {
        self.doc.shape.was_removed(&Path::parse(path))
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// A printed text's markup, parsed once per document.
    pub fn parsed(&self, text: &str) -> std::borrow::Cow<'_, markup::Parsed> {
        self.parses.get(text)
    }
}

/// Runs every rule of `scope` on a document. Its shape diagnostics are taken over.
pub fn validate(doc: &mut RawDocument, scope: Scope) -> Validated {
    let diagnostics = std::mem::take(&mut doc.shape.diagnostics);
    let omitted = std::mem::take(&mut doc.shape.omitted);
    let doc = &*doc;
    let mut ctx = Ctx {
        doc,
        parses: Parses::of(&doc.tree),
        diagnostics,
    };
    let forms = forms::check(&mut ctx);
    if scope != Scope::Defaults {
        required::check(&mut ctx);
        style::check(&mut ctx, &forms);
    }
    if scope == Scope::Motion {
        let lints = lints::lint_document(&doc.tree, &ctx.parses);
        ctx.diagnostics.extend(lints);
    }
    let Ctx {
        parses,
        diagnostics,
        ..
    } = ctx;
    let motion = (scope != Scope::Defaults && !diagnostics.iter().any(Diagnostic::is_error))
        .then(|| lower(&doc.raw, forms, &parses));
    Validated {
        diagnostics,
        omitted,
        motion,
    }
}

/// A raw string read as inline markup, without the control characters no document may
/// hold (reported by M507), in Unicode normal form C: an accent typed as a combining mark
/// (`e` + U+0301) becomes the precomposed letter, so that every output, the index search
/// and a copy from the PDF see one `é`.
fn text(raw: &str, parses: &Parses) -> Text {
    use unicode_normalization::UnicodeNormalization;
    let clean = crate::text::without_forbidden(raw);
    // The usual text, clean, composed and on one line, is parsed already.
    if matches!(clean, std::borrow::Cow::Borrowed(_))
        && unicode_normalization::is_nfc(raw)
        && !raw.contains(['\t', '\n', '\r'])
    {
        return parses.get(raw).text.clone();
    }
    let normal: String = if unicode_normalization::is_nfc(&clean) {
        clean.into_owned()
    } else {
        clean.nfc().collect()
    };
    // A tab or a line break inside a paragraph (a multi-line TOML string) is a space in
    // print: no font has a glyph for a tab, and an archival PDF may not lack one.
    let normal = if normal.contains(['\t', '\n', '\r']) {
        normal.replace("\r\n", " ").replace(['\t', '\n', '\r'], " ")
    } else {
        normal
    };
    markup::parse(&normal).text
}

/// The paragraphs of a raw text (a blank line separates two).
fn paragraphs(raw: &str, parses: &Parses) -> Vec<Text> {
    crate::text::paragraphs(raw)
        .map(|p| text(p, parses))
        .collect()
}

/// A raw list item: its paragraphs, its quote (a paragraph per line), its sub-items.
fn item(raw: &RawItem, parses: &Parses) -> Item {
    match raw {
        RawItem::Text(t) => Item {
            paragraphs: paragraphs(t, parses),
            ..Item::default()
        },
        RawItem::Detailed(detailed) => Item {
            paragraphs: paragraphs(&detailed.text, parses),
            quote: detailed
                .quote
                .as_deref()
                .map(|q| {
                    crate::text::quoted_lines(q)
                        .map(|line| text(line, parses))
                        .collect()
                })
                .unwrap_or_default(),
            subitems: detailed
                .items
                .iter()
                .flatten()
                .map(|s| paragraphs(s, parses))
                .collect(),
        },
    }
}

/// How a group's members are named, from what the file says: the noun phrase before
/// "du groupe" ("les élu·es du groupe" → "les élu·es"); `None` for the group itself
/// ("le groupe"). Both the short form and the form with "du groupe" are accepted.
pub fn members_head(members: &str) -> Option<String> {
    let mut head = members.trim();
    for suffix in [" du groupe", " des groupes", " du", " des"] {
        if let Some(rest) = head.strip_suffix(suffix) {
            head = rest.trim_end();
            break;
        }
    }
    let lowered = head.to_lowercase();
    (!matches!(
        lowered.as_str(),
        "" | "le groupe" | "les groupes" | "groupe" | "groupes"
    ))
    .then(|| head.to_string())
}

/// The default wording of a group's members beside named persons.
pub const DEFAULT_MEMBERS: &str = "les élu·es";

/// Builds the model from a raw motion that passed every rule; the defaults the format
/// promises are applied here.
fn lower(raw: &RawMotion, forms: forms::Forms, parses: &Parses) -> Motion {
    let kind = raw.kind.unwrap_or(MotionKind::Voeu);
    let status = raw.status.unwrap_or(Status::Draft);
    let session = raw.session.as_ref();
    let authors = raw.authors.as_ref();
    let texts = |list: Option<&Vec<String>>| {
        list.map_or_else(Vec::new, |l| l.iter().map(|s| text(s, parses)).collect())
    };
    let items = |list: Option<&Vec<RawItem>>| {
        list.map_or_else(Vec::new, |l| l.iter().map(|i| item(i, parses)).collect())
    };
    let operative = match kind {
        MotionKind::Voeu => {
            let request = raw.request.as_ref();
            let requests = request.and_then(|r| r.items.as_ref());
            // Without an addressee, the vœu takes the "émet le vœu : Que …" shape when
            // every request opens with "Que"; otherwise it addresses the Ville de Paris.
            let que_form = requests.is_some_and(|items| {
                items.iter().map(RawItem::text).all(|r| {
                    let r = r.trim_start();
                    r.starts_with("Que ") || r.starts_with("Qu’") || r.starts_with("Qu'")
                })
            });
            let addressee = match request.and_then(|r| r.addressee.as_deref()) {
                Some(addressee) => Some(text(addressee, parses)),
                None if que_form => None,
                None => Some(Text::plain("la Ville de Paris")),
            };
            Operative::Voeu {
                addressee,
                requests: items(requests),
            }
        }
        MotionKind::Amendement => Operative::Amendement {
            changes: items(raw.amendment.as_ref().and_then(|a| a.changes.as_ref())),
        },
    };
    let persons: Vec<Person> =
        authors
            .and_then(|a| a.persons.as_ref())
            .map_or_else(Vec::new, |persons| {
                persons
                    .iter()
                    .map(|person| match person {
                        RawPerson::Name(name) => Person::named(text(name, parses)),
                        RawPerson::WithGroup(person) => Person {
                            name: text(&person.name, parses),
                            group: Some(text(&person.group, parses)),
                        },
                    })
                    .collect()
            });
    let on_behalf = authors.and_then(|a| a.on_behalf).unwrap_or(false);
    let members = match authors.and_then(|a| a.members.as_deref()) {
        Some(members) => members_head(members).map(|head| text(&head, parses)),
        None if !persons.is_empty() && !on_behalf => Some(Text::plain(DEFAULT_MEMBERS)),
        None => None,
    };
    let motives = raw.motives.as_deref().map(|motives| Motives {
        heading: match &raw.motives_heading {
            None | Some(RawHeading::Shown(true)) => Some(Text::plain("Exposé des motifs")),
            Some(RawHeading::Shown(false)) => None,
            Some(RawHeading::Text(heading)) => Some(text(heading, parses)),
        },
        paragraphs: paragraphs(motives, parses),
    });
    let outcome = raw
        .outcome
        .as_ref()
        .map_or_else(Outcome::default, |o| Outcome {
            vote: o.vote,
            date: o.date,
            detail: o.detail.as_deref().map(|d| text(d, parses)),
            administrative: texts(o.administrative.as_ref()),
            decision: o.decision.as_deref().map(|d| text(d, parses)),
            first: o.placement == Some(OutcomePlacement::Top),
        });
    Motion {
        kind,
        title: text(raw.title.as_deref().unwrap_or_default(), parses),
        number: forms.number,
        commission: forms.commission,
        attached_to: forms.attached_to,
        status,
        reference: forms.reference,
        tags: raw.tags.clone().unwrap_or_default(),
        session: Session {
            council: forms.council.unwrap_or(Council::Paris),
            formation: session.and_then(|s| s.formation),
            sitting: forms.sitting.unwrap_or(Sitting::Days(Vec::new())),
        },
        authors: Authors {
            persons,
            groups: texts(authors.and_then(|a| a.groups.as_ref())),
            members,
            executive: authors.and_then(|a| a.executive).unwrap_or(false),
            mayor: authors
                .and_then(|a| a.mayor.as_deref())
                .map(|m| text(m, parses)),
            on_behalf,
            filing: match authors.and_then(|a| a.filing.as_ref()) {
                None | Some(RawFiling::Shown(true)) => Filing::default(),
                Some(RawFiling::Shown(false)) => Filing::Hidden,
                Some(RawFiling::Words(words)) => Filing::Words(words.trim().to_string()),
            },
            filing_first: authors.and_then(|a| a.placement) == Some(FilingPlacement::BeforeTitle),
        },
        citations: items(raw.citations.as_ref()),
        motives,
        considerants: items(raw.considerants.as_ref()),
        formula: raw.formula.as_deref().map(|f| paragraphs(f, parses)),
        notice: texts(raw.notice.as_ref()),
        preamble: raw
            .preamble
            .as_deref()
            .map_or_else(Vec::new, |p| paragraphs(p, parses)),
        citations_heading: raw.citations_heading.as_deref().map(|h| text(h, parses)),
        considerants_heading: raw.considerants_heading.as_deref().map(|h| text(h, parses)),
        operative,
        outcome,
    }
}
