//! Rules on required parts: a title, an author, a session with dates, and what each kind
//! of text needs (considérants and requests for a vœu; a target and changes for an
//! amendement), plus parts that belong to the other kind.

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::model::MotionKind;

fn missing(ctx: &mut Ctx, code: Code, path: &str, message: &str, help: &str) {
    if ctx.is_reported(path) {
        return;
    }
    let origin = ctx.at(path);
    ctx.push(Diagnostic::new(code, origin, message).help(help));
}

pub fn check(ctx: &mut Ctx) {
    let raw = ctx.raw();
    let kind = raw.kind.unwrap_or(MotionKind::Voeu);
    if raw.title.is_none() {
        missing(
            ctx,
            Code::MissingTitle,
            "title",
            "le texte n’a pas de titre",
            "ajoutez en tête du fichier : title = \"Vœu relatif à …\"",
        );
    }
    let authors = raw.authors.as_ref();
    let has_persons = authors
        .and_then(|a| a.persons.as_ref())
        .is_some_and(|p| !p.is_empty());
    let has_groups = authors
        .and_then(|a| a.groups.as_ref())
        .is_some_and(|g| !g.is_empty());
    let executive = authors.and_then(|a| a.executive).unwrap_or(false);
    if !has_persons && !has_groups && !executive {
        let path = "authors.persons";
        if !ctx.is_reported(path)
            && !ctx.is_reported("authors.groups")
            && !ctx.is_reported("authors.executive")
        {
            missing(
                ctx,
                Code::MissingAuthor,
                path,
                "le texte n’a aucun auteur",
                "dans [authors], donnez des élu·es (persons = [\"Claire DUVAL\"]), un groupe (groups = [\"…\"]) ou executive = true",
            );
        }
    }
    if raw
        .session
        .as_ref()
        .and_then(|s| s.dates.as_ref())
        .is_none()
    {
        missing(
            ctx,
            Code::MissingSession,
            "session.dates",
            "la séance n’a pas de date",
            "dans [session] (ou dans le defaults.toml du dossier), écrivez dates = [2026-12-08, 2026-12-09]",
        );
    }
    match kind {
        MotionKind::Voeu => {
            if raw.considerants.is_none() {
                missing(
                    ctx,
                    Code::MissingConsiderant,
                    "considerants",
                    "le vœu n’a aucun considérant",
                    "ajoutez avant le premier en-tête : considerants = [\"Considérant que … ;\"]",
                );
            }
            if raw
                .request
                .as_ref()
                .and_then(|r| r.items.as_ref())
                .is_none()
            {
                missing(
                    ctx,
                    Code::MissingRequest,
                    "request.items",
                    "le vœu ne demande rien",
                    "ajoutez une table [request] avec items = [\"Demande … .\"]",
                );
            }
            if raw.amendment.is_some() {
                let origin = ctx.key_at("amendment");
                ctx.push(
                    Diagnostic::new(Code::MisplacedPart, origin, "un vœu n’a pas de partie [amendment]")
                        .label("partie d’un amendement")
                        .help("pour un amendement, écrivez type = \"amendement\" ; pour un vœu, mettez les demandes dans [request]"),
                );
            }
        }
        MotionKind::Amendement => {
            if raw.attached_to.is_none() {
                missing(
                    ctx,
                    Code::MissingTarget,
                    "attached_to",
                    "l’amendement ne dit pas quelle délibération il modifie",
                    "ajoutez : attached_to = \"2026 DEVE 12\"",
                );
            }
            if raw
                .amendment
                .as_ref()
                .and_then(|a| a.changes.as_ref())
                .is_none()
            {
                missing(
                    ctx,
                    Code::MissingChange,
                    "amendment.changes",
                    "l’amendement n’apporte aucune modification",
                    "ajoutez une table [amendment] avec changes = [\"À l’article 2, …\"]",
                );
            }
            if raw.request.is_some() {
                let origin = ctx.key_at("request");
                ctx.push(
                    Diagnostic::new(Code::MisplacedPart, origin, "un amendement n’a pas de partie [request]")
                        .label("partie d’un vœu")
                        .help("mettez les modifications dans [amendment] changes = […], ou écrivez type = \"voeu\""),
                );
            }
        }
    }
}
