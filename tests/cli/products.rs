//! The archive's own products (the séances' booklets, the site's pages and feeds, the
//! search, the index) are made again only when what they are made from changed: an
//! unchanged archive reads and writes none of them, and every change a product depends
//! on — a motion, `tags.toml`, one of its files damaged or gone, a ledger lost or
//! forged — makes it again, to the bytes of a fresh build.

use super::harness::{copy_into, motion, repo, temp, tree, write};
use std::collections::BTreeMap;
use std::path::Path;

/// The products' files of an output folder (its records aside), by relative path.
fn products(out: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(out)
        .into_iter()
        .filter(|(name, _)| {
            ["index.html", "recherche.html", "atom.xml"].contains(&name.as_str())
                || ["seances/", "etiquettes/", "pagefind/", "cahiers/"]
                    .iter()
                    .any(|folder| name.starts_with(folder))
        })
        // The search's registry holds stamps: this machine's, not the archive's.
        .filter(|(name, _)| name != "pagefind/motion.json")
        .collect()
}

/// Checks two output folders' products are the same files, byte for byte (naming the
/// first that differs).
#[track_caller]
fn assert_same(ours: &BTreeMap<String, Vec<u8>>, theirs: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in ours {
        assert!(bytes == &theirs[name], "{name} differs");
    }
}

/// The modification times of the products' files.
fn times(out: &Path) -> BTreeMap<String, std::time::SystemTime> {
    products(out)
        .into_keys()
        .map(|name| {
            let time = std::fs::metadata(out.join(&name))
                .unwrap()
                .modified()
                .unwrap();
            (name, time)
        })
        .collect()
}

/// Builds `folder` under `dir` as HTML, verbose; its standard error.
fn build(dir: &Path, folder: &str) -> String {
    let run = motion(dir, &["build", folder, "--format", "html", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stderr
}

/// What a fresh build of a copy of `dir/folder` writes as products.
fn fresh(dir: &Path, folder: &str) -> BTreeMap<String, Vec<u8>> {
    let other = temp();
    copy_into(&dir.join(folder), other.path());
    build(other.path(), folder);
    products(&other.path().join("out"))
}

const UNCHANGED: [&str; 3] = [
    "pages des séances et des étiquettes, flux Atom : inchangés",
    "recherche : index inchangé",
    "index de l’archive inchangé",
];

#[test]
fn an_unchanged_archive_makes_none_of_its_products() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let first = build(dir.path(), "motions");
    assert!(first.contains("flux Atom écrits"), "{first}");
    assert!(dir.path().join("out/ledger.json").is_file());
    let out = dir.path().join("out");
    let before = times(&out);
    assert!(before.len() > 20, "{before:?}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = build(dir.path(), "motions");
    for said in UNCHANGED {
        assert!(again.contains(said), "{said}: {again}");
    }
    assert_eq!(times(&out), before, "no product file written again");
    // Once the files' stamps can be trusted, still nothing.
    let third = build(dir.path(), "motions");
    assert!(third.contains(UNCHANGED[2]), "{third}");
    assert_same(&products(&out), &fresh(dir.path(), "motions"));
}

#[test]
fn each_product_is_made_again_when_what_it_is_made_from_changes() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    build(dir.path(), "motions");
    let out = dir.path().join("out");

    // A tag's title in tags.toml: the site and the index, not the search.
    let tags = dir.path().join("motions/tags.toml");
    let text = std::fs::read_to_string(&tags).unwrap();
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("title = \""))
        .and_then(|rest| rest.split('"').next())
        .expect("tags.toml titles a tag")
        .to_string();
    std::fs::write(&tags, text.replacen(&title, "Un titre tout neuf", 1)).unwrap();
    let run = build(dir.path(), "motions");
    assert!(run.contains("flux Atom écrits"), "{run}");
    assert!(run.contains("index de l’archive écrit"), "{run}");
    assert!(run.contains("recherche : index inchangé"), "{run}");
    assert!(String::from_utf8_lossy(&products(&out)["index.html"]).contains("Un titre tout neuf"));
    assert_same(&products(&out), &fresh(dir.path(), "motions"));

    // A motion's text: every product that lists it.
    let source = dir
        .path()
        .join("motions/2026-11-conseil-11e/kiosques-maire.toml");
    let text = std::fs::read_to_string(&source).unwrap();
    let title = text
        .lines()
        .find(|l| l.starts_with("title = "))
        .unwrap()
        .to_string();
    std::fs::write(
        &source,
        text.replace(&title, "title = \"Vœu relatif aux kiosques <neufs>\""),
    )
    .unwrap();
    let run = build(dir.path(), "motions");
    // Its séance's page, the pages and feeds of its two tags, the archive's feed: not
    // the other séances' pages nor the other tags'.
    assert!(run.contains("flux Atom écrits : 6 refaits sur"), "{run}");
    assert!(run.contains("pages indexées"), "{run}");
    assert!(run.contains("index de l’archive écrit"), "{run}");
    assert!(
        String::from_utf8_lossy(
            &products(&out)["seances/2026-11-17-conseil-du-11e-arrondissement.html"]
        )
        .contains("kiosques &lt;neufs&gt;")
    );
    assert_same(&products(&out), &fresh(dir.path(), "motions"));

    // A product's file gone or damaged (the same size): made again, to the right bytes.
    let whole = products(&out);
    let seance = whole
        .keys()
        .find(|name| name.starts_with("seances/"))
        .unwrap()
        .clone();
    std::fs::remove_file(out.join(&seance)).unwrap();
    let index = out.join("index.html");
    let mut damaged = std::fs::read(&index).unwrap();
    let at = damaged.len() / 2;
    damaged[at] = if damaged[at] == b'x' { b'y' } else { b'x' };
    std::fs::write(&index, &damaged).unwrap();
    let fragment = whole
        .keys()
        .find(|name| name.starts_with("pagefind/") && name.contains("/fragment/"))
        .unwrap()
        .clone();
    std::fs::write(out.join(&fragment), b"").unwrap();
    let run = build(dir.path(), "motions");
    assert!(run.contains("flux Atom écrits"), "{run}");
    assert!(run.contains("index de l’archive écrit"), "{run}");
    assert!(!run.contains("recherche : index inchangé"), "{run}");
    assert_same(&products(&out), &whole);
}

#[test]
fn a_lost_or_forged_ledger_makes_the_products_again_and_touches_nothing_else() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    build(dir.path(), "motions");
    let out = dir.path().join("out");
    let whole = products(&out);
    let ledger = out.join("ledger.json");

    // Lost: everything is made again, the same bytes.
    std::fs::remove_file(&ledger).unwrap();
    let run = build(dir.path(), "motions");
    assert!(run.contains("index de l’archive écrit"), "{run}");
    assert_same(&products(&out), &whole);

    // Garbage: the same.
    std::fs::write(&ledger, b"{\"version\": 1, \"products\": 12").unwrap();
    let run = build(dir.path(), "motions");
    assert!(run.contains("index de l’archive écrit"), "{run}");
    assert_same(&products(&out), &whole);

    // Forged: a product said to be made of a file outside the output folder is made
    // again, and the file outside is neither read as the product's nor touched.
    let victim = dir.path().join("victim.txt");
    write(&victim, "the victim's own file\n");
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&ledger).unwrap()).unwrap();
    let files = value["products"]["index"]["files"].as_array_mut().unwrap();
    files.push(serde_json::json!({
        "path": "../victim.txt",
        "inputs": blake3::hash(b"").to_hex().to_string(),
        "size": 22,
        "hash": blake3::hash(b"the victim's own file\n").to_hex().to_string(),
    }));
    std::fs::write(&ledger, serde_json::to_vec(&value).unwrap()).unwrap();
    let run = build(dir.path(), "motions");
    assert!(run.contains("index de l’archive écrit"), "{run}");
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "the victim's own file\n"
    );
    assert!(!std::fs::read_to_string(&ledger).unwrap().contains("victim"));
    assert_same(&products(&out), &whole);
}

#[test]
fn a_merge_of_unchanged_shards_makes_none_of_the_products_again() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let shards = |dir: &Path| {
        for k in 1..=2 {
            let shard = format!("{k}/2");
            let run = motion(
                dir,
                &["build", "motions", "--format", "html", "--shard", &shard],
            );
            assert_eq!(run.code, 0, "{}", run.stderr);
        }
        let merged = motion(dir, &["merge-manifests", "out", "-v"]);
        assert_eq!(merged.code, 0, "{}", merged.stderr);
        merged.stderr
    };
    let first = shards(dir.path());
    assert!(first.contains("index de l’archive écrit"), "{first}");
    let out = dir.path().join("out");
    let whole = products(&out);
    // The merge is the whole build's archive: tags.toml of the folder built included.
    assert_same(&whole, &fresh(dir.path(), "motions"));
    let again = shards(dir.path());
    for said in UNCHANGED {
        assert!(again.contains(said), "{said}: {again}");
    }
    assert_same(&products(&out), &whole);
}

/// The motions' HTML pages of an output folder (not the products'), by relative path.
fn motion_pages(out: &Path) -> Vec<String> {
    let products = products(out);
    tree(out)
        .into_keys()
        .filter(|name| name.ends_with(".html") && !products.contains_key(name))
        .collect()
}

#[test]
fn a_stamp_taken_again_makes_no_product_again() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    build(dir.path(), "motions");
    let out = dir.path().join("out");
    let manifest = || std::fs::read(out.join("manifest.json")).unwrap();
    let before = times(&out);
    // Two seconds on, the build takes the outputs' stamps: the manifest's bytes
    // change, what its records say does not.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let unstamped = manifest();
    let run = build(dir.path(), "motions");
    assert_ne!(manifest(), unstamped, "the stamps are recorded");
    for said in UNCHANGED {
        assert!(run.contains(said), "{said}: {run}");
    }
    // A page's change time moved (a hard link made and removed, as a backup tool or a
    // copy with `cp -l` would), its bytes the same: its stamp is taken again, and
    // still no product is made.
    let page = out.join(&motion_pages(&out)[0]);
    let link = dir.path().join("lien.html");
    std::fs::hard_link(&page, &link).unwrap();
    std::fs::remove_file(&link).unwrap();
    let stamped = manifest();
    let run = build(dir.path(), "motions");
    assert_ne!(manifest(), stamped, "the page's stamp is taken again");
    for said in UNCHANGED {
        assert!(run.contains(said), "{said}: {run}");
    }
    assert_eq!(times(&out), before, "no product file written again");
}

#[test]
fn indexing_the_search_leaves_the_pages_stamps_as_they_are() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    build(dir.path(), "motions");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    build(dir.path(), "motions");
    // One motion edited: its pages are written again and the search indexes every page.
    let source = dir
        .path()
        .join("motions/2026-11-conseil-11e/kiosques-maire.toml");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replacen("kiosques", "kiosques neufs", 1)).unwrap();
    let run = build(dir.path(), "motions");
    assert!(run.contains("pages indexées"), "{run}");
    // The next build finds every other page as stamped: its records, and so the
    // manifest's bytes, stay as they are.
    let out = dir.path().join("out");
    let after = std::fs::read(out.join("manifest.json")).unwrap();
    let run = build(dir.path(), "motions");
    assert!(run.contains(UNCHANGED[1]), "{run}");
    assert_eq!(
        std::fs::read(out.join("manifest.json")).unwrap(),
        after,
        "no page's stamp taken again"
    );
}

/// What a build's progress said: each phase's total when it began, what was counted
/// done, and whether it ended.
#[derive(Default)]
struct Recorded(std::sync::Mutex<BTreeMap<motion::build::Phase, (usize, usize, bool)>>);

impl motion::build::Progress for Recorded {
    fn begin(&self, phase: motion::build::Phase, total: usize) {
        let mut phases = self.0.lock().unwrap();
        assert!(!phases.contains_key(&phase), "{phase:?} began twice");
        phases.insert(phase, (total, 0, false));
    }
    fn advance(&self, phase: motion::build::Phase, count: usize) {
        let mut phases = self.0.lock().unwrap();
        let state = phases.get_mut(&phase).expect("advanced before it began");
        assert!(!state.2, "{phase:?} advanced after its end");
        state.1 += count;
    }
    fn end(&self, phase: motion::build::Phase) {
        if let Some(state) = self.0.lock().unwrap().get_mut(&phase) {
            state.2 = true;
        }
    }
}

/// Builds `dir/motions` into `dir/out` through the library, with `progress`.
fn build_with(dir: &Path, progress: &Recorded) {
    build_through(dir, progress, None);
}

/// `build_with`, with the manifest kept in memory from one build to the next when
/// `memory` is given; what the build did (written, unchanged, removed).
fn build_through(
    dir: &Path,
    progress: &dyn motion::build::Progress,
    memory: Option<&motion::manifest::ManifestMemory>,
) -> (usize, usize, usize) {
    let cwd = dir.to_path_buf();
    let discovery = motion::batch::discover(&[cwd.join("motions")], &cwd);
    let mut run =
        motion::batch::check_cached(&discovery, &cwd, motion::batch::Keep::Motions, false);
    let assets = motion::render::Assets::load(None, None).unwrap();
    let formats: Vec<_> = motion::render::Format::all().collect();
    let out = cwd.join("out");
    let options = motion::build::BuildOptions {
        out_dir: &out,
        formats: &formats,
        force: false,
        build_time: None,
        pdf_standards: Vec::new(),
        jobs: 0,
        shard: None,
        booklets: true,
        search: true,
        progress,
        memory,
    };
    let report = motion::build::build(&mut run, &assets, &options).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures.len());
    (report.built, report.unchanged, report.removed)
}

#[test]
fn a_manifest_kept_in_memory_builds_what_its_file_would() {
    // Two copies of the archive, built through the same changes: one reading its
    // manifest each time, one keeping it in memory (as serve does). Their builds do the
    // same things and end with the same files, including when the file is changed
    // behind the memory's back.
    let read = temp();
    let kept = temp();
    let memory = motion::manifest::ManifestMemory::default();
    for dir in [&read, &kept] {
        copy_into(&repo().join("motions"), dir.path());
    }
    let both = |change: &dyn Fn(&Path)| {
        change(read.path());
        change(kept.path());
        let ours = build_through(kept.path(), &motion::build::Silent, Some(&memory));
        let theirs = build_through(read.path(), &motion::build::Silent, None);
        assert_eq!(ours, theirs);
        let files = |dir: &Path| {
            let mut files = tree(&dir.join("out"));
            // Stamps and registries with stamps: this machine's.
            files.retain(|name, _| !name.ends_with(".json"));
            files
        };
        assert_same(&files(kept.path()), &files(read.path()));
        ours
    };
    let source = "motions/2026-11-conseil-11e/kiosques-maire.toml";
    let manifest = "out/manifest.json";
    assert_eq!(both(&|_| {}).0, 10);
    let edited = both(&|dir| {
        let path = dir.join(source);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("kiosques", "kiosques neufs", 1)).unwrap();
    });
    assert!(edited.0 >= 1, "{edited:?}");
    for dir in [&read, &kept] {
        std::fs::copy(dir.path().join(manifest), dir.path().join("old.json")).unwrap();
    }
    assert_eq!(
        both(&|dir| std::fs::remove_file(dir.join(source)).unwrap()).2,
        3
    );
    // The file gone, then an older one put back: not the memory's.
    both(&|dir| std::fs::remove_file(dir.join(manifest)).unwrap());
    both(&|dir| {
        std::fs::copy(dir.join("old.json"), dir.join(manifest)).unwrap();
    });
    assert_eq!(both(&|_| {}), (0, 9, 0));
}

#[test]
fn the_progress_counts_every_phase_to_its_end() {
    use motion::build::Phase;
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let cold = Recorded::default();
    build_with(dir.path(), &cold);
    let phases = cold.0.into_inner().unwrap();
    // 10 motions; 4 séances' booklets; 4 séances, 6 tags and the archive's feed; 10
    // pages indexed.
    let motions = std::fs::read_dir(dir.path().join("motions"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).into_iter().flatten())
        .filter(|f| {
            let name = f.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".toml") && name != "defaults.toml"
        })
        .count();
    let seances = std::fs::read_dir(dir.path().join("out/seances"))
        .unwrap()
        .count();
    assert_eq!(phases[&Phase::Motions], (motions, motions, true));
    assert_eq!(phases[&Phase::Booklets], (seances, seances, true));
    assert_eq!(phases[&Phase::Search], (motions, motions, true));
    let (total, done, ended) = phases[&Phase::Pages];
    assert!(total > seances + 1 && done == total && ended, "{phases:?}");
    // Nothing to do: only the motions are counted (each found unchanged).
    let again = Recorded::default();
    build_with(dir.path(), &again);
    let phases = again.0.into_inner().unwrap();
    assert_eq!(
        phases.into_iter().collect::<Vec<_>>(),
        vec![(Phase::Motions, (motions, motions, true))]
    );
}
