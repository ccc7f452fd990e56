//! DOCX with docx-rs: a Word document that colleagues can edit, with named styles (title,
//! filing line, considérant, formula, request list…) based on Normal, a real bulleted list,
//! page numbers, French as the language of every run, and the core properties. docx-rs
//! has no setter for the language or the core properties: its package parts are patched
//! before packing. Same document, same bytes: zip entries are dated 1980-01-01 and every
//! date inside is the build time.

use super::RenderError;
use super::document::{Document, subitems_need_marker};
use crate::model::{Inline, Item, Text};
use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, Hyperlink, HyperlinkType, IndentLevel, Level,
    LevelJc, LevelText, LineSpacing, NumPages, NumberFormat, Numbering, NumberingId, PageMargin,
    PageNum, Paragraph, Run, RunFonts, SpecialIndentType, Start, Style, StyleType, VertAlignType,
};

/// The fonts of the PDF, named so that Word uses them where installed.
const SERIF: &str = "Libertinus Serif";
const MONO: &str = "DejaVu Sans Mono";
/// docx-rs writes a numbering of its own with id 1: ours starts at 2.
const BULLETS: usize = 2;

/// Style ids (ASCII, stable) and the names Word shows.
const STYLES: &[(&str, &str)] = &[
    ("MotionConseil", "Motion – Conseil"),
    ("MotionSeance", "Motion – Séance"),
    ("MotionReference", "Motion – Référence"),
    ("MotionTitre", "Motion – Titre"),
    ("MotionDepot", "Motion – Ligne de dépôt"),
    ("MotionVisa", "Motion – Visa"),
    ("MotionConsiderant", "Motion – Considérant"),
    ("MotionFormule", "Motion – Formule"),
    ("MotionDemande", "Motion – Demande"),
    ("MotionSuite", "Motion – Suite d’un élément"),
    ("MotionCitation", "Motion – Texte cité"),
    ("MotionSousElement", "Motion – Sous-élément"),
    ("MotionIntertitre", "Motion – Intertitre"),
    ("MotionExpose", "Motion – Exposé des motifs"),
    ("MotionIssue", "Motion – Issue"),
    ("MotionVote", "Motion – Détail du vote"),
    ("MotionMention", "Motion – Mention administrative"),
];

fn style(id: &str) -> Style {
    let name = STYLES.iter().find(|(i, _)| *i == id).map_or(id, |(_, n)| n);
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .q_format(true)
}

fn spacing(after: u32) -> LineSpacing {
    LineSpacing::new().before(0).after(after).line(276)
}

fn styles(docx: Docx) -> Docx {
    docx.add_style(
        style("MotionConseil")
            .align(AlignmentType::Center)
            .size(26)
            .line_spacing(spacing(0)),
    )
    .add_style(
        style("MotionSeance")
            .align(AlignmentType::Center)
            .color("3C3C3C")
            .line_spacing(spacing(120)),
    )
    .add_style(
        style("MotionReference")
            .align(AlignmentType::Center)
            .size(20)
            .line_spacing(spacing(240)),
    )
    .add_style(
        style("MotionTitre")
            .align(AlignmentType::Center)
            .bold()
            .size(30)
            .outline_lvl(0)
            .line_spacing(spacing(200)),
    )
    .add_style(
        style("MotionDepot")
            .align(AlignmentType::Center)
            .italic()
            .line_spacing(spacing(280)),
    )
    .add_style(
        style("MotionVisa")
            .align(AlignmentType::Both)
            .line_spacing(spacing(120)),
    )
    .add_style(
        style("MotionConsiderant")
            .align(AlignmentType::Both)
            .line_spacing(spacing(120)),
    )
    .add_style(
        style("MotionFormule")
            .align(AlignmentType::Both)
            .bold()
            .line_spacing(spacing(120)),
    )
    .add_style(
        style("MotionDemande")
            .align(AlignmentType::Both)
            .line_spacing(spacing(100))
            .indent(Some(567), Some(SpecialIndentType::Hanging(283)), None, None),
    )
    .add_style(
        style("MotionSuite")
            .align(AlignmentType::Both)
            .line_spacing(spacing(100))
            .indent(Some(567), None, None, None),
    )
    .add_style(
        style("MotionCitation")
            .align(AlignmentType::Both)
            .size(21)
            .line_spacing(spacing(80))
            .indent(Some(1134), None, Some(567), None),
    )
    .add_style(
        style("MotionSousElement")
            .align(AlignmentType::Both)
            .line_spacing(spacing(80))
            .indent(
                Some(1134),
                Some(SpecialIndentType::Hanging(283)),
                None,
                None,
            ),
    )
    .add_style(
        style("MotionIntertitre")
            .align(AlignmentType::Left)
            .bold()
            .outline_lvl(1)
            .line_spacing(spacing(120)),
    )
    .add_style(
        style("MotionExpose")
            .align(AlignmentType::Both)
            .line_spacing(spacing(120)),
    )
    .add_style(
        style("MotionIssue")
            .align(AlignmentType::Center)
            .bold()
            .line_spacing(LineSpacing::new().before(360).after(120).line(276)),
    )
    .add_style(
        style("MotionVote")
            .align(AlignmentType::Center)
            .line_spacing(spacing(120)),
    )
    .add_style(
        style("MotionMention")
            .align(AlignmentType::Left)
            .size(18)
            .color("3C3C3C")
            .line_spacing(spacing(60)),
    )
}

/// Adds a list entry: its first paragraph in `style_id` (with a bullet for the requests
/// and changes), its next paragraphs aligned with it, its quote indented, its sub-items
/// with their marker.
fn add_item(mut docx: Docx, item: &Item, style_id: &str, bullet: bool) -> Docx {
    for (i, text) in item.paragraphs.iter().enumerate() {
        let mut p = paragraph(
            if i > 0 && bullet {
                "MotionSuite"
            } else {
                style_id
            },
            text,
        )
        .widow_control(true);
        if i == 0 && bullet {
            p = p.numbering(NumberingId::new(BULLETS), IndentLevel::new(0));
        }
        docx = docx.add_paragraph(p);
    }
    for line in &item.quote {
        docx = docx.add_paragraph(paragraph("MotionCitation", line).widow_control(true));
    }
    let marked = subitems_need_marker(item);
    for subitem in &item.subitems {
        for (i, text) in subitem.iter().enumerate() {
            let mut marked_text = text.clone();
            if i == 0 && marked {
                marked_text.0.insert(0, Inline::Plain("– ".into()));
            }
            docx = docx
                .add_paragraph(paragraph("MotionSousElement", &marked_text).widow_control(true));
        }
    }
    docx
}

fn runs(inlines: &[Inline], mut paragraph: Paragraph, form: &dyn Fn(Run) -> Run) -> Paragraph {
    for inline in inlines {
        paragraph = match inline {
            Inline::Plain(text) => paragraph.add_run(form(Run::new().add_text(text))),
            Inline::Superscript(text) => {
                let mut run = form(Run::new().add_text(text));
                run.run_property = run.run_property.vert_align(VertAlignType::SuperScript);
                paragraph.add_run(run)
            }
            Inline::Emphasis(children) => runs(children, paragraph, &|r| form(r).italic()),
            Inline::Strong(children) => runs(children, paragraph, &|r| form(r).bold()),
            Inline::Code(text) => paragraph.add_run(
                form(Run::new().add_text(text)).fonts(RunFonts::new().ascii(MONO).hi_ansi(MONO)),
            ),
            Inline::Link { text, target } => {
                let mut link = Hyperlink::new(target, HyperlinkType::External);
                let mut inner = Paragraph::new();
                inner = runs(text, inner, &|r| {
                    form(r).color("00386B").underline("single")
                });
                for child in inner.children {
                    if let docx_rs::ParagraphChild::Run(run) = child {
                        link = link.add_run(*run);
                    }
                }
                paragraph.add_hyperlink(link)
            }
        };
    }
    paragraph
}

fn paragraph(style_id: &str, text: &Text) -> Paragraph {
    runs(&text.0, Paragraph::new().style(style_id), &|r| r)
}

/// XML text content, escaped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    super::escape(text, &mut out);
    out
}

/// The core properties part (docProps/core.xml): title, subject, creator, keywords,
/// language, and the build time as creation and modification dates.
fn core_properties(doc: &Document, build_time: &str) -> Vec<u8> {
    let meta = &doc.metadata;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>\
         <cp:keywords>{}</cp:keywords><dc:description>{}</dc:description><dc:language>{}</dc:language>\
         <cp:lastModifiedBy>motion</cp:lastModifiedBy><cp:revision>1</cp:revision>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{build_time}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{build_time}</dcterms:modified>\
         </cp:coreProperties>",
        xml(&meta.title),
        xml(&meta.description),
        xml(&meta.authors.join("; ")),
        xml(&meta.keywords.join(", ")),
        xml(meta.identifier.as_deref().unwrap_or(&meta.description)),
        xml(&meta.language),
    )
    .into_bytes()
}

/// Puts French on the default run properties (spelling and hyphenation in Word and
/// LibreOffice) and marks Normal as the default paragraph style.
fn patch_styles(styles: Vec<u8>, language: &str) -> Result<Vec<u8>, RenderError> {
    let mut text = String::from_utf8(styles).map_err(|e| RenderError {
        message: format!("styles du DOCX : {e}"),
        diagnostic: None,
    })?;
    let lang =
        format!("<w:lang w:val=\"{language}\" w:eastAsia=\"{language}\" w:bidi=\"ar-SA\" />");
    let anchor = "<w:rPrDefault><w:rPr>";
    match text.find(anchor) {
        Some(at) => text.insert_str(at + anchor.len(), &lang),
        None => {
            return Err(RenderError {
                message: "styles du DOCX : propriétés de texte par défaut introuvables".into(),
                diagnostic: None,
            });
        }
    }
    text = text.replacen(
        "<w:style w:type=\"paragraph\" w:styleId=\"Normal\">",
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">",
        1,
    );
    Ok(text.into_bytes())
}

/// The Word document to share and edit. docx-rs stores its parts uncompressed, so the
/// core properties, and their last author, are readable in the file's bytes.
pub static WRITER: super::Writer = super::Writer {
    name: "docx",
    label: "DOCX",
    content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    help: "le document Word à partager, avec ses styles",
    templates: &[],
    depends: &[super::Depends::BuildTime],
    mark: b"<cp:lastModifiedBy>motion</cp:lastModifiedBy>",
    render: |document, _, options| render_docx(document, &options.build_time.iso()),
};

/// Renders one document to DOCX. `build_time` is an ISO 8601 UTC time.
pub fn render_docx(doc: &Document, build_time: &str) -> Result<Vec<u8>, RenderError> {
    let serif = RunFonts::new()
        .ascii(SERIF)
        .hi_ansi(SERIF)
        .east_asia(SERIF)
        .cs(SERIF);
    let mut docx = Docx::new()
        .page_size(11_906, 16_838)
        .page_margin(
            PageMargin::new()
                .top(1_417)
                .bottom(1_417)
                .left(1_417)
                .right(1_417)
                .header(708)
                .footer(567),
        )
        .default_fonts(serif)
        .default_size(23)
        .created_at(build_time)
        .updated_at(build_time)
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(567),
                    Some(SpecialIndentType::Hanging(283)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_page_num(PageNum::new())
                    .add_run(Run::new().add_text("/"))
                    .add_num_pages(NumPages::new()),
            ),
        );
    docx = styles(docx);

    let add_outcome = |mut docx: Docx| {
        if let Some(outcome) = &doc.outcome {
            docx = docx.add_paragraph(paragraph("MotionIssue", &outcome.decision));
            if let Some(detail) = &outcome.detail {
                docx = docx.add_paragraph(paragraph("MotionVote", detail));
            }
            for line in &outcome.administrative {
                docx = docx.add_paragraph(paragraph("MotionMention", line));
            }
        }
        docx
    };
    let first = doc.outcome.as_ref().is_some_and(|o| o.first);
    if first {
        docx = add_outcome(docx);
    }
    docx = docx.add_paragraph(paragraph("MotionConseil", &doc.council));
    if let Some(formation) = &doc.formation {
        docx = docx.add_paragraph(paragraph("MotionSeance", formation));
    }
    docx = docx.add_paragraph(paragraph("MotionSeance", &doc.session));
    if !doc.references.is_empty() {
        let mut line = Vec::new();
        for (i, text) in doc.references.iter().enumerate() {
            if i > 0 {
                line.push(Inline::Plain(" — ".into()));
            }
            line.extend(text.0.iter().cloned());
        }
        docx = docx.add_paragraph(paragraph("MotionReference", &Text(line)));
    }
    if let Some(filing) = doc.filing.as_ref().filter(|_| doc.filing_first) {
        docx = docx.add_paragraph(paragraph("MotionDepot", filing).keep_next(true));
    }
    docx = docx.add_paragraph(paragraph("MotionTitre", &doc.title).keep_next(true));
    if let Some(filing) = doc.filing.as_ref().filter(|_| !doc.filing_first) {
        docx = docx.add_paragraph(paragraph("MotionDepot", filing));
    }
    for line in &doc.notice {
        docx = docx.add_paragraph(paragraph("MotionMention", line));
    }
    for text in &doc.preamble {
        docx = docx.add_paragraph(paragraph("MotionExpose", text).widow_control(true));
    }
    if let Some(heading) = &doc.citations_heading {
        docx = docx.add_paragraph(paragraph("MotionVisa", heading).keep_next(true));
    }
    for citation in &doc.citations {
        docx = add_item(docx, citation, "MotionVisa", false);
    }
    if let Some(motives) = &doc.motives {
        if let Some(heading) = &motives.heading {
            docx = docx.add_paragraph(paragraph("MotionIntertitre", heading).keep_next(true));
        }
        for text in &motives.paragraphs {
            docx = docx.add_paragraph(paragraph("MotionExpose", text).widow_control(true));
        }
    }
    if let Some(heading) = &doc.considerants_heading {
        docx = docx.add_paragraph(paragraph("MotionConsiderant", heading).keep_next(true));
    }
    for considerant in &doc.considerants {
        docx = add_item(docx, considerant, "MotionConsiderant", false);
    }
    for text in &doc.formula {
        docx = docx.add_paragraph(paragraph("MotionFormule", text).keep_next(true));
    }
    for item in &doc.items {
        docx = add_item(docx, item, "MotionDemande", doc.items_marked);
    }
    if !first {
        docx = add_outcome(docx);
    }

    let mut parts = docx.build();
    parts.doc_props.core = core_properties(doc, build_time);
    // Hyphenation is a document setting in Word: on, as in the PDF (French patterns
    // follow from the language).
    parts.settings = String::from_utf8_lossy(&parts.settings)
        .replacen(
            "<w:defaultTabStop w:val=\"840\" />",
            "<w:defaultTabStop w:val=\"840\" /><w:autoHyphenation w:val=\"true\" />",
            1,
        )
        .into_bytes();
    parts.styles = patch_styles(parts.styles, &doc.metadata.language)?;
    let mut bytes = std::io::Cursor::new(Vec::new());
    parts.pack(&mut bytes).map_err(|e| RenderError {
        message: format!("écriture du DOCX : {e}"),
        diagnostic: None,
    })?;
    // The faces of Libertinus Serif it prints, cut to its characters: the document
    // keeps its look where the font is not installed.
    let characters = serde_json::to_string(doc).unwrap_or_default();
    super::docx_fonts::embed(bytes.into_inner(), &characters).map_err(|message| RenderError {
        message,
        diagnostic: None,
    })
}
