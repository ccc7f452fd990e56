//! Rules on required parts: a title, an author, a session with dates, and what each kind
//! of text needs (considérants and requests for a vœu; a target and changes for an
//! amendement), plus parts that belong to the other kind.

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::model::{MotionKind, Status};

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
    let has_mayor = authors.and_then(|a| a.mayor.as_ref()).is_some();
    if !has_persons && !has_groups && !executive && !has_mayor {
        let path = "authors.persons";
        if !ctx.is_reported(path)
            && !ctx.is_reported("authors.groups")
            && !ctx.is_reported("authors.executive")
            && !ctx.is_reported("authors.mayor")
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
    let session = raw.session.as_ref();
    if session.and_then(|s| s.dates.as_ref()).is_none()
        && session.and_then(|s| s.month.as_ref()).is_none()
        && !ctx.is_reported("session.month")
    {
        missing(
            ctx,
            Code::MissingSession,
            "session.dates",
            "la séance n’a pas de date",
            "dans [session] (ou dans le defaults.toml du dossier), écrivez dates = [2026-12-08, 2026-12-09] ; pour un texte d’archive dont seul le mois est connu, month = \"2002-10\"",
        );
    }
    dependent_parts(ctx);
    outcome_and_status(ctx);
    match kind {
        MotionKind::Voeu => {
            // An old vœu may argue in prose only: its exposé des motifs stands for them.
            if raw.considerants.is_none() && raw.motives.is_none() && !ctx.is_reported("motives") {
                missing(
                    ctx,
                    Code::MissingConsiderant,
                    "considerants",
                    "le vœu n’a aucun considérant",
                    "ajoutez avant le premier en-tête : considerants = [\"Considérant que … ;\"] (ou, pour un exposé en prose, motives = \"\"\"…\"\"\")",
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

/// Values that only qualify another part: the group's wording needs a group, the heading
/// of the exposé needs the exposé.
fn dependent_parts(ctx: &mut Ctx) {
    let raw = ctx.raw();
    let authors = raw.authors.as_ref();
    let has_groups = authors
        .and_then(|a| a.groups.as_ref())
        .is_some_and(|g| !g.is_empty())
        || ctx.is_reported("authors.groups");
    // Without any author, M202 says what is missing.
    let has_other_author = authors.is_some_and(|a| {
        a.persons.as_ref().is_some_and(|p| !p.is_empty())
            || a.executive == Some(true)
            || a.mayor.is_some()
    });
    let mut alone = Vec::new();
    if !has_groups && has_other_author {
        if authors.is_some_and(|a| a.members.is_some()) {
            alone.push((
                "authors.members",
                "la formule des membres d’un groupe, sans groupe",
                "ajoutez le groupe : groups = [\"…\"], ou retirez `members`",
            ));
        }
        if authors.and_then(|a| a.on_behalf) == Some(true) {
            alone.push((
                "authors.on_behalf",
                "« au nom du groupe », sans groupe",
                "ajoutez le groupe : groups = [\"…\"], ou retirez `on_behalf`",
            ));
        }
    }
    if raw.motives_heading.is_some() && raw.motives.is_none() && !ctx.is_reported("motives") {
        alone.push((
            "motives_heading",
            "un titre d’exposé des motifs, sans exposé",
            "écrivez l’exposé : motives = \"\"\"…\"\"\", ou retirez `motives_heading`",
        ));
    }
    for (path, message, help) in alone {
        let origin = ctx.key_at(path);
        ctx.push(
            Diagnostic::new(Code::DependentPart, origin, message)
                .label("ne précise rien")
                .help(help),
        );
    }
}

/// A vote needs a voted text; a withdrawn or fallen one has no vote; a text not yet
/// decided has nothing in `[outcome]`.
fn outcome_and_status(ctx: &mut Ctx) {
    let raw = ctx.raw();
    let Some(outcome) = &raw.outcome else {
        return;
    };
    let status = raw.status.unwrap_or(Status::Draft);
    let status_name = match status {
        Status::Draft => "un brouillon",
        Status::Filed => "un texte déposé, pas encore voté",
        Status::Withdrawn => "un texte retiré",
        Status::NotVoted => "un texte non soumis au vote",
        _ => "",
    };
    let contradicts: Vec<&str> = if status.is_voted() {
        Vec::new()
    } else if status.is_decided() {
        ["vote"]
            .into_iter()
            .filter(|_| outcome.vote.is_some())
            .collect()
    } else {
        [
            ("vote", outcome.vote.is_some()),
            ("date", outcome.date.is_some()),
            ("detail", outcome.detail.is_some()),
            ("administrative", outcome.administrative.is_some()),
            ("decision", outcome.decision.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, present)| present.then_some(key))
        .collect()
    };
    for key in contradicts {
        let origin = ctx.key_at(&format!("outcome.{key}"));
        let status_origin = ctx.at("status");
        ctx.push(
            Diagnostic::new(
                Code::OutcomeStatus,
                origin,
                format!("`outcome.{key}` pour {status_name}"),
            )
            .label("suppose un vote")
            .secondary(status_origin, "état du texte")
            .help("indiquez l’issue : status = \"adopted\", \"adopted-amended\" ou \"rejected\" ; ou retirez cette ligne"),
        );
    }
}
