//! HTML: one self-contained page per motion and the archive index, from the minijinja
//! templates. Texts are turned into HTML here, every character escaped, so a template only
//! places them; the template environment has no loader, filesystem or network access, and
//! undefined variables are errors.

use super::document::Document;
use super::templates::Templates;
use super::{IndexEntry, RenderError};
use crate::diag::{Code, Diagnostic};
use crate::model::{Inline, Item, MotionKind, Text};
use crate::source::{Origin, SourceFile};
use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};
use minijinja::{Environment, UndefinedBehavior};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The template environment, built once per process.
pub struct HtmlAssets {
    env: Environment<'static>,
    /// Each template as a source file (its path, or its name for an embedded one), so
    /// that an error points at its line.
    origins: BTreeMap<String, Arc<SourceFile>>,
}

impl HtmlAssets {
    pub fn new(templates: &Templates) -> Result<HtmlAssets, RenderError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let mut origins = BTreeMap::new();
        for template in &templates.list {
            let display = template.path.as_ref().map_or_else(
                || format!("templates/{} (intégré)", template.name),
                |p| p.display().to_string(),
            );
            let path = template
                .path
                .clone()
                .unwrap_or_else(|| template.name.into());
            origins.insert(
                template.name.to_string(),
                SourceFile::new(path, display, template.source.clone()),
            );
            env.add_template_owned(template.name.to_string(), template.source.clone())
                .map_err(|e| template_error(&origins, &e))?;
        }
        Ok(HtmlAssets { env, origins })
    }

    fn render(&self, name: &str, context: Value) -> Result<Vec<u8>, RenderError> {
        let mut out = Vec::new();
        self.render_to(name, context, &mut out)?;
        Ok(out)
    }

    /// Renders a template straight to `out`.
    fn render_to(
        &self,
        name: &str,
        context: Value,
        out: &mut dyn std::io::Write,
    ) -> Result<(), RenderError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| template_error(&self.origins, &e))?;
        template
            .render_captured_to(context, out)
            .map(drop)
            .map_err(|e| template_error(&self.origins, &e))
    }
}

/// What went wrong in a template, in French: minijinja's kind of error, and the names
/// its English detail quotes between backticks (`doc.formation`), without its words.
fn french_detail(error: &minijinja::Error) -> String {
    use minijinja::ErrorKind::*;
    let kind = match error.kind() {
        UndefinedError => "valeur indéfinie",
        SyntaxError => "erreur de syntaxe",
        TemplateNotFound => "gabarit introuvable",
        UnknownFilter => "filtre inconnu",
        UnknownTest => "test inconnu",
        UnknownFunction => "fonction inconnue",
        UnknownMethod => "méthode inconnue",
        UnknownBlock => "bloc inconnu",
        InvalidOperation => "opération invalide",
        MissingArgument => "argument manquant",
        TooManyArguments => "trop d’arguments",
        CannotUnpack => "valeur impossible à décomposer",
        NonKey => "valeur impossible à employer comme clé",
        NonPrimitive => "valeur qui n’est ni un texte ni un nombre",
        BadEscape => "séquence d’échappement invalide",
        BadSerialization | CannotDeserialize => "valeur illisible",
        BadInclude => "inclusion impossible",
        _ => "erreur du gabarit",
    };
    let names: Vec<&str> = error
        .detail()
        .unwrap_or_default()
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|n| !n.is_empty())
        .collect();
    match names.as_slice() {
        [] => kind.to_string(),
        names => format!(
            "{kind} : {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A template error, in French, as a diagnostic M601 pointing at the template's line
/// (every diagnostics format then prints it with its code).
fn template_error(
    origins: &BTreeMap<String, Arc<SourceFile>>,
    error: &minijinja::Error,
) -> RenderError {
    let name = error.name().unwrap_or("?");
    let detail = french_detail(error);
    let message = format!("erreur du gabarit HTML : {detail}");
    let Some(file) = origins.get(name) else {
        return RenderError {
            message: format!("erreur dans le gabarit {name} : {detail}"),
            diagnostic: None,
        };
    };
    // The error's span, else its whole line.
    let span = error.range().unwrap_or_else(|| {
        let line = error.line().unwrap_or(1).max(1);
        let start = file
            .text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum::<usize>();
        start..file.line_range(start).end
    });
    let origin = Origin::new(file, span);
    let at = origin.start();
    RenderError {
        message: format!(
            "erreur dans le gabarit {}, ligne {} : {detail}",
            file.display, at.line
        ),
        diagnostic: Some(Box::new(
            Diagnostic::new(Code::TemplateError, origin, message).label("ici"),
        )),
    }
}

use super::escape;

fn inlines_html(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Plain(s) => escape(s, out),
            Inline::Superscript(s) => {
                out.push_str("<sup>");
                escape(s, out);
                out.push_str("</sup>");
            }
            Inline::Emphasis(children) => {
                out.push_str("<em>");
                inlines_html(children, out);
                out.push_str("</em>");
            }
            Inline::Strong(children) => {
                out.push_str("<strong>");
                inlines_html(children, out);
                out.push_str("</strong>");
            }
            Inline::Link { text, target } => {
                out.push_str("<a href=\"");
                escape(target, out);
                out.push_str("\">");
                inlines_html(text, out);
                out.push_str("</a>");
            }
            Inline::Code(s) => {
                out.push_str("<code>");
                escape(s, out);
                out.push_str("</code>");
            }
        }
    }
}

/// A text as safe HTML.
pub fn text_html(text: &Text) -> Value {
    let mut out = String::new();
    inlines_html(&text.0, &mut out);
    Value::from_safe_string(out)
}

fn texts_html(texts: &[Text]) -> Vec<Value> {
    texts.iter().map(text_html).collect()
}

fn kind_name(kind: MotionKind) -> &'static str {
    match kind {
        MotionKind::Voeu => "voeu",
        MotionKind::Amendement => "amendement",
    }
}

/// What a template gets of a list entry: its paragraphs, its quote, its sub-items and
/// whether they need a marker.
fn item_html(item: &Item) -> Value {
    minijinja::context! {
        paragraphs => texts_html(&item.paragraphs),
        quote => texts_html(&item.quote),
        subitems => item.subitems.iter().map(|s| texts_html(s)).collect::<Vec<_>>(),
        marked => super::document::subitems_need_marker(item),
    }
}

fn items_html(items: &[Item]) -> Vec<Value> {
    items.iter().map(item_html).collect()
}

/// The schema.org `Legislation` description of a document, as JSON that is safe inside a
/// `<script>` element (`<`, `>` and `&` written as `\u` escapes).
fn json_ld(doc: &Document) -> String {
    let meta = &doc.metadata;
    let authors: Vec<serde_json::Value> = meta
        .persons
        .iter()
        .map(|name| serde_json::json!({"@type": "Person", "name": name}))
        .chain(
            meta.organizations
                .iter()
                .map(|name| serde_json::json!({"@type": "Organization", "name": name})),
        )
        .collect();
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": meta.title,
        "legislationType": meta.kind_label,
        "legislationJurisdiction": {"@type": "AdministrativeArea", "name": "Paris"},
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": meta.council_name},
        "inLanguage": meta.language,
        "author": authors,
        "description": meta.description,
    });
    if let Some(identifier) = &meta.identifier {
        value["legislationIdentifier"] = identifier.clone().into();
    }
    if let Some(date) = meta.date {
        value["legislationDate"] = date.to_string().into();
    }
    if !meta.keywords.is_empty() {
        value["keywords"] = meta.keywords.join(", ").into();
        value["about"] = meta
            .keywords
            .iter()
            .map(|k| serde_json::json!({"@type": "Thing", "name": k}))
            .collect();
    }
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Renders one motion page.
/// The self-contained web page of a motion (the archive index is written beside the
/// pages, from the same templates).
pub static WRITER: super::Writer = super::Writer {
    name: "html",
    label: "HTML",
    content_type: "text/html; charset=utf-8",
    help: "la page web autonome, et l’index de l’archive",
    // A page template may include the others.
    templates: &["motion.html.j2", "index.html.j2", "style.css"],
    depends: &[],
    mark: b"<meta name=\"generator\" content=\"motion ",
    render: |document, assets, options| render_html(document, &assets.html, &options.place),
};

pub fn render_html(
    doc: &Document,
    assets: &HtmlAssets,
    place: &super::Place,
) -> Result<Vec<u8>, RenderError> {
    let document = minijinja::context! {
        kind => kind_name(doc.kind),
        council => text_html(&doc.council),
        formation => doc.formation.as_ref().map(text_html),
        session => text_html(&doc.session),
        references => texts_html(&doc.references),
        title => text_html(&doc.title),
        filing => doc.filing.as_ref().map(text_html),
        filing_first => doc.filing_first,
        notice => texts_html(&doc.notice),
        preamble => texts_html(&doc.preamble),
        citations_heading => doc.citations_heading.as_ref().map(text_html),
        citations => items_html(&doc.citations),
        motives => doc.motives.as_ref().map(|m| minijinja::context! {
            heading => m.heading.as_ref().map(text_html),
            paragraphs => texts_html(&m.paragraphs),
        }),
        considerants_heading => doc.considerants_heading.as_ref().map(text_html),
        considerants => items_html(&doc.considerants),
        formula => texts_html(&doc.formula),
        items => items_html(&doc.items),
        items_marked => doc.items_marked,
        outcome => doc.outcome.as_ref().map(|o| minijinja::context! {
            decision => text_html(&o.decision),
            detail => o.detail.as_ref().map(text_html),
            administrative => texts_html(&o.administrative),
            first => o.first,
        }),
    };
    let context = minijinja::context! {
        doc => document,
        links => page_links(doc, place),
        meta => Serde(&doc.metadata),
        jsonld => Value::from_safe_string(json_ld(doc)),
        version => env!("CARGO_PKG_VERSION"),
    };
    assets.render("motion.html.j2", context)
}

/// A motion page's links into the archive, relative to the page: the index, the
/// motion's other files, its tags' pages.
fn page_links(doc: &Document, place: &super::Place) -> Value {
    let up = "../".repeat(place.stem.matches('/').count());
    let name = place.stem.rsplit('/').next().unwrap_or(&place.stem);
    let href = |path: &str| {
        let mut out = String::new();
        escape(&url_path(path), &mut out);
        Value::from_safe_string(out)
    };
    let files: Vec<Value> = super::Format::all()
        .filter(|f| *f != super::Format::HTML)
        .map(|f| {
            minijinja::context! {
                label => f.label(),
                href => href(&format!("{name}.{}", f.extension())),
            }
        })
        .collect();
    let tags: Vec<Value> = doc
        .metadata
        .keywords
        .iter()
        .map(|tag| {
            minijinja::context! {
                name => tag,
                href => href(&format!("{up}{}", super::tag_page(tag))),
            }
        })
        .collect();
    let meta = &doc.metadata;
    let neighbour = |n: &Option<super::Neighbour>| {
        n.as_ref().map(|n| {
            minijinja::context! {
                label => n.label.clone(),
                href => href(&format!("{up}{}.html", n.stem)),
            }
        })
    };
    minijinja::context! {
        index => href(&format!("{up}{}", super::INDEX_FILE)),
        seance => href(&format!("{up}{}", super::seance_page(&meta.period, &meta.council_name))),
        files => files,
        tags => tags,
        previous => neighbour(&place.previous),
        next => neighbour(&place.next),
    }
}

/// What the index links beyond the séances' pages: the booklets, by séance (period,
/// council), the tags, the search page.
#[derive(Debug, Clone, Copy)]
pub struct IndexLinks<'a> {
    pub booklets: &'a BTreeMap<(String, String), String>,
    pub tags: &'a [super::TagLink],
    pub search: Option<&'a str>,
}

/// The archive's index: its séances by year, newest first, each with its counts and
/// links to its page and booklet (the texts are on the séance pages: the index stays
/// small at any size), its tags, its feed and its search.
pub fn render_index(
    entries: &[super::IndexEntry],
    links: IndexLinks<'_>,
    assets: &HtmlAssets,
    out: &mut dyn std::io::Write,
) -> Result<(), RenderError> {
    // Each séance, by (period, council): its labels, and its kinds and outcomes.
    struct Seance {
        council: Value,
        label: Value,
        voeux: usize,
        statuses: Vec<crate::model::Status>,
    }
    let mut seances: BTreeMap<(String, String), Seance> = BTreeMap::new();
    for entry in entries {
        let seance = seances
            .entry((entry.seance_period(), entry.council_name.clone()))
            .or_insert_with(|| Seance {
                council: text_html(&entry.council),
                label: text_html(&entry.session),
                voeux: 0,
                statuses: Vec::new(),
            });
        seance.voeux += usize::from(entry.kind == "Vœu");
        seance.statuses.push(entry.status);
    }
    let total: usize = seances.values().map(|s| s.statuses.len()).sum();
    let mut years: Vec<(String, Vec<Value>)> = Vec::new();
    for (key, seance) in seances.into_iter().rev() {
        let year = key.0.chars().take(4).collect::<String>();
        let count = seance.statuses.len();
        let value = minijinja::context! {
            council => seance.council,
            label => seance.label,
            page => safe_href(&super::seance_page(&key.0, &key.1)),
            booklet => links.booklets.get(&key).map(|path| safe_href(path)),
            total => count,
            counts => super::booklet::kind_counts(seance.voeux, count - seance.voeux),
            outcomes => super::booklet::outcome_phrase(&seance.statuses),
        };
        match years.last_mut() {
            Some((last, list)) if *last == year => list.push(value),
            _ => years.push((year, vec![value])),
        }
    }
    let years: Vec<Value> = years
        .into_iter()
        .map(|(year, seances)| minijinja::context! { year => year, seances => seances })
        .collect();
    let tags: Vec<Value> = links
        .tags
        .iter()
        .map(|tag| {
            minijinja::context! {
                name => tag.name.clone(),
                title => tag.title.clone(),
                href => safe_href(&tag.href),
                count => tag.count,
            }
        })
        .collect();
    let context = minijinja::context! {
        years => years,
        tags => tags,
        feed => super::FEED_FILE,
        search => links.search.map(safe_href),
        total => total,
        // "1 texte", "10 000 textes": the count written the French way, with its noun.
        total_label => crate::diag::plural(total, "texte", "textes"),
        version => env!("CARGO_PKG_VERSION"),
    };
    assets.render_to("index.html.j2", context, out)
}

/// A tag's page: its title, goal and description (tags.toml), its count and feed, its
/// motions by séance, newest first. The page is in the tags' folder: `up` leads back.
pub fn render_tag_page(
    tag: &super::TagPage,
    entries: Vec<super::IndexEntry>,
    paging: &super::TagPaging,
    assets: &HtmlAssets,
) -> Result<Vec<u8>, RenderError> {
    let up = "../";
    let groups = session_groups(Arc::new(entries), up);
    let total = paging.total;
    let pages: Vec<Value> = paging
        .pages
        .iter()
        .enumerate()
        .map(|(i, name)| {
            minijinja::context! {
                number => i + 1,
                href => safe_href(name),
                current => i + 1 == paging.current,
            }
        })
        .collect();
    let context = minijinja::context! {
        tag => minijinja::context! {
            name => tag.name.clone(),
            title => tag.title.clone(),
            description => tag.description.clone(),
            goal => tag.goal.clone(),
            feed => safe_href(&tag.feed),
        },
        sessions => groups,
        total => total,
        total_label => crate::diag::plural(total, "texte", "textes"),
        pages => if pages.len() > 1 { pages } else { Vec::new() },
        page => paging.current,
        index => safe_href(&format!("{up}{}", super::INDEX_FILE)),
        version => env!("CARGO_PKG_VERSION"),
    };
    assets.render("tag.html.j2", context)
}

/// A séance's page: its texts in séance order, in parts (the vœux; the amendements of
/// each délibération), counted by kind and outcome, with its booklet. The page is in
/// the séances' folder.
pub fn render_seance_page(
    entries: Vec<super::IndexEntry>,
    booklet: Option<&str>,
    assets: &HtmlAssets,
) -> Result<Vec<u8>, RenderError> {
    let up = "../";
    let Some(first) = entries.first() else {
        return Err(RenderError {
            message: "séance sans motion".into(),
            diagnostic: None,
        });
    };
    let council = text_html(&first.council);
    let label = text_html(&first.session);
    let heading = format!("{} — {}", first.council_name, first.session_plain());
    let voeux = entries.iter().filter(|e| e.kind == "Vœu").count();
    let counts = super::booklet::kind_counts(voeux, entries.len() - voeux);
    let statuses: Vec<_> = entries.iter().map(|e| e.status).collect();
    let outcomes = super::booklet::outcome_phrase(&statuses);
    let parts: Vec<Value> = super::booklet::seance_parts(entries, |e| super::booklet::SeanceKey {
        voeu: e.kind == "Vœu",
        number: e.number.clone(),
        deliberations: e.deliberations.clone(),
        title: e.plain_title.clone(),
    })
    .into_iter()
    .map(|(title, motions)| {
        minijinja::context! {
            title => title,
            motions => motions.iter().map(|e| index_motion(e, up)).collect::<Vec<_>>(),
        }
    })
    .collect();
    let context = minijinja::context! {
        seance => minijinja::context! {
            council => council,
            label => label,
            heading => heading,
            counts => counts,
            outcomes => outcomes,
            booklet => booklet.map(|b| safe_href(&format!("{up}{b}"))),
        },
        parts => parts,
        index => safe_href(&format!("{up}{}", super::INDEX_FILE)),
        version => env!("CARGO_PKG_VERSION"),
    };
    assets.render("seance.html.j2", context)
}

/// The archive's search page, at the top of the output folder, querying the bundles in
/// `bundles` (their folders from the output folder: the first loaded, the others merged
/// into it).
pub fn render_search_page(assets: &HtmlAssets, bundles: &[String]) -> Result<Vec<u8>, RenderError> {
    // A JavaScript array in the page's script: JSON, with no `<` to end the script.
    let bundles = serde_json::to_string(bundles)
        .unwrap_or_else(|_| "[]".into())
        .replace('<', "\\u003c");
    let context = minijinja::context! {
        page => super::SEARCH_FILE,
        bundles => Value::from_safe_string(bundles),
        index => super::INDEX_FILE,
        version => env!("CARGO_PKG_VERSION"),
    };
    assets.render("search.html.j2", context)
}

/// A path as an attribute value: percent-encoded where a URL needs it, then escaped.
fn safe_href(path: &str) -> Value {
    let mut href = String::new();
    escape(&url_path(path), &mut href);
    Value::from_safe_string(href)
}

/// The entries grouped by session, newest first, each session's motions in séance order
/// (their values made as a template reaches them, `SessionMotions`): a tag's page.
/// Links are made from a page `up` from the output folder.
fn session_groups(entries: Arc<Vec<IndexEntry>>, up: &str) -> Vec<Value> {
    // Sessions keyed by (first date, council), each with its motions' order: (number,
    // number as written, title), the position of the entry, and the session's labels.
    // Each session's texts: where each stands in the séance, and its entry's position.
    type Order = Vec<(super::booklet::SeanceKey, usize)>;
    let mut sessions: BTreeMap<(String, String), (Order, Value, Value)> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let place = super::SeancePlace::of_entry(entry);
        let session = sessions
            .entry((place.period.clone(), place.council.clone()))
            .or_insert_with(|| {
                (
                    Vec::new(),
                    text_html(&entry.council),
                    text_html(&entry.session),
                )
            });
        session.0.push((
            super::booklet::SeanceKey {
                voeu: place.voeu,
                number: place.number,
                deliberations: place.deliberations,
                title: place.title,
            },
            i,
        ));
    }
    let mut groups = Vec::new();
    for (key, (order, council, label)) in sessions.into_iter().rev() {
        // The séance's order, as its page and its booklet give it.
        let order: Vec<usize> =
            super::booklet::seance_parts(order, |(key, _)| super::booklet::SeanceKey {
                voeu: key.voeu,
                number: key.number.clone(),
                deliberations: key.deliberations.clone(),
                title: key.title.clone(),
            })
            .into_iter()
            .flat_map(|(_, texts)| texts.into_iter().map(|(_, i)| i))
            .collect();
        groups.push(minijinja::context! {
            council => council,
            label => label,
            page => safe_href(&format!("{up}{}", super::seance_page(&key.0, &key.1))),
            motions => Value::from_object(SessionMotions {
                entries: Arc::clone(&entries),
                order,
                up: up.to_string(),
            }),
        });
    }
    groups
}

/// The motions of one session, in order, as the index template iterates them: each
/// one's values are made when the template asks for it.
#[derive(Debug)]
struct SessionMotions {
    entries: Arc<Vec<IndexEntry>>,
    order: Vec<usize>,
    /// From the page to the output folder.
    up: String,
}

impl Object for SessionMotions {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let entry = self.entries.get(*self.order.get(key.as_usize()?)?)?;
        Some(index_motion(entry, &self.up))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.order.len())
    }
}

/// What a URL path may hold as it is; everything else (spaces, quotes, `%`, `#`, `?`,
/// non-ASCII letters) is percent-encoded, so that a file named `a b.toml` or
/// `%2e%2e%2f.toml` links to itself and nowhere else.
const PATH_ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']')
    .add(b'|');

/// An output's relative path as a URL path.
pub(super) fn url_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH_ESCAPED).to_string()
}

/// What the index template gets of one motion.
fn index_motion(entry: &IndexEntry, up: &str) -> Value {
    // Paths escaped here: minijinja would also escape the `/`, legal but unreadable.
    let links: Vec<Value> = entry
        .outputs
        .iter()
        .map(|output| {
            minijinja::context! {
                href => safe_href(&format!("{up}{}", output.href)),
                label => output.label.clone(),
            }
        })
        .collect();
    let search = format!(
        "{} {} {} {} {}",
        entry.plain_title,
        entry.authors,
        entry.number.as_deref().unwrap_or(""),
        entry.status_text(),
        entry.reference.as_deref().unwrap_or("")
    )
    .to_lowercase()
    .replace(['\u{A0}', '\u{202F}'], " ");
    // The title opens the web page when there is one.
    let title_href = entry
        .outputs
        .iter()
        .find(|o| o.href.ends_with(".html"))
        .or(entry.outputs.first())
        .map(|o| safe_href(&format!("{up}{}", o.href)));
    // "Amendement n° 3 — Amendement n° 3 aux projets …" would say it twice.
    let number = entry
        .number
        .clone()
        .filter(|n| !super::document::title_has_number(&entry.plain_title, n));
    minijinja::context! {
        title_href => title_href,
        kind => entry.kind.clone(),
        number => number,
        title => text_html(&entry.title),
        authors => entry.authors.clone(),
        status => entry.status_text(),
        links => links,
        search => search,
    }
}
