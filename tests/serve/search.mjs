// The archive's search (Pagefind) as a reader uses it, in headless Chromium, on the
// sample motions served over http: a word typed without its accents and a straight
// apostrophe find the accented, curly text; a tag finds its motions, as a word and as a
// filter; the search and the filter live in the URL (a reload, or the link shared, gives
// the same list); the page with its results passes axe-core (WCAG 2.1 A/AA); opened from
// the disk, the page says that the search needs a web server. Usage:
//   node search.mjs URL SITE_FOLDER [SCREENSHOT.png]
// URL serves SITE_FOLDER (the built archive) over http.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { launch, until } from "./browser.mjs";

const [url, site, screenshot] = process.argv.slice(2);
if (!site) {
  console.error("usage: node search.mjs URL SITE_FOLDER [SCREENSHOT.png]");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const check = (ok, what) => {
  if (!ok) throw new Error(what);
  console.log(`ok: ${what}`);
};

// The pages found for the search in `query` (the page's own URL parameters): their
// paths, once the page says how many it found.
async function found(page, query) {
  await page.goto(new URL(`recherche.html?${query}`, url).href);
  await until(page, `the results of ?${query}`, async (p) =>
    /trouvé/.test(await p.textContent("#search-status")));
  return page.$$eval("#search-results li a.title", (links) =>
    links.map((a) => new URL(a.href).pathname.replace(/^\//, "")));
}

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));

  // 1. Without accents: "ecologistes" finds "Les Écologistes".
  let pages = await found(page, "q=ecologistes");
  check(pages.includes("2026-12-conseil-de-paris/p300-espaces-verts.html") && pages.length >= 5,
    `« ecologistes » finds the texts of « Les Écologistes » (${pages.length})`);
  const marked = await page.$$eval("#search-results mark", (marks) => marks.map((m) => m.textContent));
  check(marked.some((m) => m.startsWith("Écologistes")),
    `the excerpts mark the accented word (${marked[0]})`);

  // 2. A straight apostrophe and no accent: "l'ecole" finds "l’école".
  pages = await found(page, "q=l'ecole");
  check(pages.includes("2026-11-conseil-11e/rue-aux-ecoles.html"),
    "« l'ecole » finds « l’école élémentaire de la rue Titon »");

  // 3. A tag, as a word and as a filter.
  pages = await found(page, "q=P300");
  const p300 = ["2026-12-conseil-de-paris/p300-espaces-verts.html",
    "2026-12-conseil-de-paris/p300-reponse-executif.html"];
  check(pages.length === 2 && p300.every((p) => pages.includes(p)),
    `« P300 » finds the two texts tagged P300 (${pages.join(", ")})`);
  pages = await found(page, "etiquette=P300");
  check(pages.length === 2 && p300.every((p) => pages.includes(p)),
    "the filter Étiquette = P300 lists the two texts tagged P300");
  check(await page.inputValue("#filter-etiquette") === "P300", "the filter shows P300");

  // 4. The state in the URL: typed and chosen, then reloaded.
  await page.goto(new URL("recherche.html", url).href);
  await until(page, "the filters", async (p) => (await p.locator("#filter-type").count()) === 1);
  await page.fill("#search-input", "decembre");
  await page.selectOption("#filter-type", "Amendement");
  await until(page, "the URL to follow", async (p) =>
    new URL(p.url()).searchParams.get("q") === "decembre"
    && new URL(p.url()).searchParams.get("type") === "Amendement");
  const shared = page.url();
  pages = await found(page, new URL(shared).search.slice(1));
  check(pages.length === 1 && pages[0] === "2026-12-conseil-de-paris/amendement-arbres-deve.html",
    `the URL keeps the search and the filter (${new URL(shared).search}): the same list`);
  check(await page.inputValue("#search-input") === "decembre", "the box shows the search again");

  // 4b. One bundle per séance year: a word that only 2026's pages have finds those and
  // nothing of the other years (whose bundles would match it by a prefix, « de »).
  pages = await found(page, "q=decembre");
  check(pages.length === 5 && pages.every((p) => p.startsWith("2026-12-conseil-de-paris/")),
    `« decembre » finds the five texts of décembre 2026, no other (${pages.join(", ")})`);
  // Without a word, the texts of every bundle by date, newest first.
  pages = await found(page, "type=V%C5%93u");
  const seances = pages.map((p) => p.split("/")[0]);
  check(pages.length >= 6 && seances.includes("2002-10-conseil-de-paris")
    && seances.every((s, i) => i === 0 || seances[i - 1] >= s),
    `the filter Nature = Vœu lists every year's texts, newest first (${seances.join(", ")})`);

  // 5. The page with its results, checked by axe.
  await found(page, "q=ecologistes");
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const result = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  }));
  for (const v of result.violations) console.log(`axe: ${v.id} ${v.help} ${v.nodes[0].target}`);
  check(result.violations.length === 0, "the results pass axe-core (WCAG 2.1 A/AA)");
  check(errors.length === 0, `no script error (${errors.join("; ")})`);

  // 6. From the disk, the page says why it cannot search.
  const local = await browser.newPage();
  await local.goto(pathToFileURL(`${site}/recherche.html`).href);
  await until(local, "the note", async (p) => await p.isVisible("#search-unavailable"));
  check(!(await local.isVisible("#search-form")), "opened from the disk, the page says the search needs a web server");
} finally {
  await browser.close();
}
