//! The archive as a small website, through the real CLI: each tag's page (its title,
//! goal and description from tags.toml, its count, its motions), the index's list of
//! tags, the Atom feeds (parsed as XML, checked against RFC 4287's required elements),
//! every link of a motion page leading to a file that exists, a tag gone taking its
//! files, a mistake in tags.toml said in French.

use super::harness::{VALID_VOEU, copy_into, motion, repo, temp, write};
use std::path::Path;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `href` values of a page, in order.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&amp;", "&"))
        .collect()
}

/// Checks an Atom feed: the feed's and each entry's required elements; returns each
/// entry's (id, title, alternate link).
fn atom_entries(path: &Path) -> Vec<(String, String, String)> {
    let text = read(path);
    let document = roxmltree::Document::parse(&text).expect("the feed is XML");
    let atom = "http://www.w3.org/2005/Atom";
    let feed = document.root_element();
    assert!(feed.has_tag_name((atom, "feed")), "{}", path.display());
    let child = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.has_tag_name((atom, name)))
            .and_then(|c| c.text().map(str::to_string))
    };
    for required in ["id", "title", "updated"] {
        assert!(child(feed, required).is_some(), "feed without {required}");
    }
    let mut entries = Vec::new();
    for entry in feed.children().filter(|c| c.has_tag_name((atom, "entry"))) {
        let updated = child(entry, "updated").expect("an entry's updated");
        assert!(
            updated.ends_with("T00:00:00Z") && updated.len() == 20,
            "{updated}"
        );
        let alternate = entry
            .children()
            .find(|c| c.has_tag_name((atom, "link")) && c.attribute("rel") == Some("alternate"))
            .and_then(|c| c.attribute("href"))
            .expect("an entry's page")
            .to_string();
        entries.push((
            child(entry, "id").expect("an entry's id"),
            child(entry, "title").expect("an entry's title"),
            alternate,
        ));
    }
    entries
}

#[test]
fn each_tag_has_its_page_and_feed_and_every_link_leads_somewhere() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let run = motion(dir.path(), &["build", "motions"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("out");

    // The campaign's page, as tags.toml describes it.
    let p300 = read(&out.join("etiquettes/p300.html"));
    assert!(p300.contains("<h1>Plan 300 hectares <span class=\"tag-name\">#P300</span></h1>"));
    assert!(
        p300.contains("Objectif : 300 hectares d’espaces verts de plus"),
        "{p300}"
    );
    assert!(p300.contains("2 textes, classés par séance"), "{p300}");
    assert!(p300.contains("Vœu relatif au plan 300"));
    assert!(p300.contains("Vœu relatif à la mise en œuvre du plan 300"));
    // A tag tags.toml does not name keeps its name.
    let climat = read(&out.join("etiquettes/climat.html"));
    assert!(climat.contains("<h1>climat</h1>"), "{climat}");
    // Every link of a tag page leads to a file.
    for href in hrefs(&p300) {
        let target = out.join("etiquettes").join(&href);
        assert!(
            target.exists(),
            "etiquettes/p300.html links {href}, which is not there"
        );
    }

    // The index lists the tags with their counts.
    let index = read(&out.join("index.html"));
    assert!(
        index.contains("<li><a href=\"etiquettes/p300.html\">Plan 300 hectares</a> (2)</li>"),
        "{index}"
    );
    assert!(index.contains("type=\"application/atom+xml\" href=\"atom.xml\""));
    // The index links each séance's page.
    assert!(index.contains("href=\"seances/2026-12-08-conseil-de-paris.html\""));

    // Each séance's page: its texts in séance order, in parts, with its booklet.
    let seance = read(&out.join("seances/2026-12-08-conseil-de-paris.html"));
    let at = |needle: &str| {
        seance
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {seance}"))
    };
    assert!(
        seance.contains("4 vœux et 1 amendement : 1 adopté et 4 déposés."),
        "{seance}"
    );
    assert!(at("n°&#160;18 —") < at("n°&#160;18 bis —"));
    assert!(at("n°&#160;18 bis —") < at("n°&#160;24 —"));
    assert!(
        at("n°&#160;42 —")
            < at("<h2 id=\"part-2\">Amendements au projet de délibération 2026 DEVE 112</h2>")
    );
    for href in hrefs(&seance) {
        assert!(
            out.join("seances").join(&href).exists(),
            "the séance's page links {href}"
        );
    }
    assert!(hrefs(&seance).contains(&"../cahiers/2026-12-08-conseil-de-paris.pdf".to_string()));
    assert!(index.contains(
        "<a class=\"title\" href=\"seances/2026-12-08-conseil-de-paris.html\">Conseil de Paris — Séance des 8, 9 et 10"
    ), "{index}");

    // Each motion page links the index, its séance, its own files and its tags' pages.
    let page_path = out.join("2026-12-conseil-de-paris/p300-espaces-verts.html");
    let page = read(&page_path);
    let links = hrefs(&page);
    for expected in [
        "../index.html",
        "../seances/2026-12-08-conseil-de-paris.html",
        "p300-espaces-verts.pdf",
        "p300-espaces-verts.docx",
        "../etiquettes/p300.html",
    ] {
        assert!(
            links.contains(&expected.to_string()),
            "{expected} in {links:?}"
        );
    }
    for href in links.iter().filter(|h| !h.starts_with("http")) {
        assert!(page_path.parent().unwrap().join(href).exists(), "{href}");
    }

    // The feeds: Atom, an entry per motion with a page that exists, unique ids.
    let entries = atom_entries(&out.join("atom.xml"));
    assert_eq!(entries.len(), 10);
    let mut ids: Vec<&String> = entries.iter().map(|(id, _, _)| id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 10, "ids are unique");
    for (_, _, href) in &entries {
        assert!(out.join(href).exists(), "{href}");
    }
    // Newest séance first.
    assert!(entries[0].2.starts_with("2026-12"), "{:?}", entries[0]);
    assert!(entries[9].2.starts_with("2002-10"), "{:?}", entries[9]);
    let tag_entries = atom_entries(&out.join("etiquettes/p300.xml"));
    let titles: Vec<&str> = tag_entries.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles[0].starts_with("Vœu n° 18 — "), "{titles:?}");
    for (_, _, href) in &tag_entries {
        assert!(out.join("etiquettes").join(href).exists(), "{href}");
    }
}

#[test]
fn a_tag_gone_takes_its_files_and_pages_are_written_only_when_they_change() {
    let dir = temp();
    copy_into(&repo().join("motions/2026-11-conseil-11e"), dir.path());
    let run = motion(
        dir.path(),
        &["build", "2026-11-conseil-11e", "--format", "html"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("out");
    let tag_page = out.join("etiquettes/commerce.html");
    assert!(tag_page.exists());
    let stamp = std::fs::metadata(&tag_page).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(
        &out.join("etiquettes/notes-du-groupe.html"),
        "<p>à nous</p>",
    );
    let again = motion(
        dir.path(),
        &["build", "2026-11-conseil-11e", "--format", "html"],
    );
    assert_eq!(again.code, 0);
    assert_eq!(
        std::fs::metadata(&tag_page).unwrap().modified().unwrap(),
        stamp
    );

    // The tag taken off its only motion: its page and feed go, a file of ours stays.
    let source = dir.path().join("2026-11-conseil-11e/kiosques-maire.toml");
    let text = read(&source);
    let line = text
        .lines()
        .find(|l| l.starts_with("tags"))
        .expect("the sample has tags")
        .to_string();
    std::fs::write(&source, text.replace(&line, "tags = [\"presse\"]")).unwrap();
    let run = motion(
        dir.path(),
        &["build", "2026-11-conseil-11e", "--format", "html"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!tag_page.exists());
    assert!(!out.join("etiquettes/commerce.xml").exists());
    assert!(out.join("etiquettes/presse.html").exists());
    assert_eq!(
        read(&out.join("etiquettes/notes-du-groupe.html")),
        "<p>à nous</p>"
    );
}

#[test]
fn a_mistake_in_tags_toml_is_said_in_french_and_tags_keep_their_names() {
    let dir = temp();
    copy_into(&repo().join("motions/2026-12-conseil-de-paris"), dir.path());
    write(
        &dir.path().join("2026-12-conseil-de-paris/tags.toml"),
        "[P300]\ntitle = \"Plan 300 hectares\"\nobjectif = \"300 hectares\"\n",
    );
    let run = motion(
        dir.path(),
        &["build", "2026-12-conseil-de-paris", "--format", "html"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "tags.toml:3:1 : clé inconnue « objectif » (une étiquette a title, description ou goal)"
        ),
        "{}",
        run.stderr
    );
    // Said as the archive's, not as a motion left unbuilt.
    assert!(
        run.stderr
            .contains(" ; 1 erreur dans les pages de l’archive (voir plus haut)."),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("non construite"), "{}", run.stderr);
    let page = read(&dir.path().join("out/etiquettes/p300.html"));
    assert!(page.contains("<h1>P300</h1>"), "{page}");
}

#[test]
fn each_page_links_the_texts_before_and_after_it_and_only_they_change_with_a_new_one() {
    let dir = temp();
    copy_into(&repo().join("motions/2026-12-conseil-de-paris"), dir.path());
    let seance = "2026-12-conseil-de-paris";
    let run = motion(dir.path(), &["build", seance]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A folder built: its motions' pages at the top of the output folder.
    let page = |name: &str| read(&dir.path().join(format!("out/{name}.html")));
    // Séance order: 18, 18 bis, 24, 42, then the amendement 7.
    let bis = page("p300-reponse-executif");
    assert!(
        bis.contains("rel=\"prev\" href=\"p300-espaces-verts.html\">← Vœu n° 18 — "),
        "{bis}"
    );
    assert!(
        bis.contains("rel=\"next\" href=\"fontaines-groupe.html\">Vœu n° 24 — "),
        "{bis}"
    );
    let first = page("p300-espaces-verts");
    // (The style sheet names `a[rel="next"]` too: links are looked for with their href.)
    assert!(!first.contains("rel=\"prev\" href") && first.contains("rel=\"next\" href"));
    let last = page("amendement-arbres-deve");
    assert!(
        last.contains("rel=\"prev\" href") && !last.contains("rel=\"next\" href"),
        "{last}"
    );
    for name in [
        "p300-reponse-executif",
        "p300-espaces-verts",
        "amendement-arbres-deve",
    ] {
        let path = dir.path().join(format!("out/{name}.html"));
        for href in hrefs(&page(name)) {
            assert!(
                path.parent().unwrap().join(&href).exists(),
                "{name} links {href}"
            );
        }
    }

    // A vœu n° 20 arrives: its page, and the pages of 18 bis and 24 beside it.
    let fontaines = read(&dir.path().join(format!("{seance}/fontaines-groupe.toml")));
    write(
        &dir.path().join(format!("{seance}/bancs.toml")),
        &fontaines
            .replace("number = 24", "number = 20")
            .replace("fontaines à boire", "bancs publics"),
    );
    let run = motion(dir.path(), &["build", seance]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("HTML : 3 construites, 3 inchangées"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("PDF : 1 construite, 5 inchangées"),
        "{}",
        run.stderr
    );
    assert!(page("p300-reponse-executif").contains("href=\"bancs.html\">Vœu n° 20 — "));

    // Built alone, a motion knows its neighbours from the manifest: the pages agree.
    let alone = motion(
        dir.path(),
        &["build", &format!("{seance}/bancs.toml"), "--out", "out"],
    );
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    let again = motion(dir.path(), &["build", seance]);
    assert!(
        again.stderr.contains("HTML : 0 construite, 6 inchangées"),
        "{}",
        again.stderr
    );
}

/// A tag of many texts lists them on pages of 500, each linking the others; when the
/// tag shrinks, the pages it no longer needs go.
#[test]
fn a_large_tag_is_listed_on_pages_that_link_each_other() {
    let dir = temp();
    for i in 0..501 {
        write(
            &dir.path().join(format!("a/m{i:03}.toml")),
            &VALID_VOEU
                .replace("fontaines à boire", &format!("fontaines à boire no {i}"))
                .replace(
                    "[session]",
                    &format!("tags = [\"Grand\"]\nnumber = {}\n\n[session]", i + 1),
                ),
        );
    }
    let build = || {
        let run = motion(
            dir.path(),
            &["build", "a", "--format", "html", "--no-search"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    build();
    let out = dir.path().join("out");
    let first = read(&out.join("etiquettes/grand.html"));
    let second = read(&out.join("etiquettes/grand.2.html"));
    assert!(!out.join("etiquettes/grand.3.html").exists());
    for (page, texts) in [(&first, 500), (&second, 1)] {
        assert_eq!(page.matches("<a class=\"title\"").count(), texts);
        assert!(page.contains("501 textes, classés par séance"), "{page}");
        assert!(page.len() < 500_000, "{} bytes", page.len());
        for href in hrefs(page) {
            let target = out.join("etiquettes").join(&href);
            assert!(target.exists(), "{href}");
        }
    }
    assert!(first.contains(
        "Page 1 sur 2 : <a href=\"grand.html\" aria-current=\"page\">1</a> <a href=\"grand.2.html\">2</a>"
    ), "{first}");
    assert!(second.contains("Page 2 sur 2 :"), "{second}");
    // The index counts the tag once, and links its first page.
    let index = read(&out.join("index.html"));
    assert!(index.contains("<li><a href=\"etiquettes/grand.html\">Grand</a> (501)</li>"));

    std::fs::remove_file(dir.path().join("a/m000.toml")).unwrap();
    build();
    assert!(
        !out.join("etiquettes/grand.2.html").exists(),
        "no longer needed"
    );
    let first = read(&out.join("etiquettes/grand.html"));
    assert!(!first.contains("Page 1 sur"), "one page, no paging");
    assert_eq!(first.matches("<a class=\"title\"").count(), 500);
}
