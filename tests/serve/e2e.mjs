// The live preview as an aide uses it, in headless Chromium: open a motion's page, save
// its source with a new title, and see the page follow without a manual reload; break
// the source and see the error overlay (checked by axe-core), fix it and see it go; the
// PDF view and the séance’s page follow too. Usage:
//   node e2e.mjs URL PAGE SOURCE [SCREENSHOT.png]
// URL is the preview's (http://127.0.0.1:PORT/), PAGE a motion's page under it, SOURCE
// that motion's file; SCREENSHOT, when given, receives the page with its overlay.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launch, until, heading } from "./browser.mjs";

const [url, pagePath, source, screenshot] = process.argv.slice(2);
if (!source) {
  console.error("usage: node e2e.mjs URL PAGE SOURCE [SCREENSHOT.png]");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const original = readFileSync(source, "utf8");
const retitled = (text, title) => text.replace(/^title = "/m, `title = "${title} `);
const check = (ok, what) => {
  if (!ok) throw new Error(what);
  console.log(`ok: ${what}`);
};
// What a wait that has just succeeded established (the wait fails on its own).
const established = (what) => console.log(`ok: ${what}`);

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
  await page.goto(new URL(pagePath, url).href);
  const before = await heading(page);
  check(before.length > 0, `the motion's page opens (« ${before.slice(0, 40)}… »)`);

  // 1. A new title, saved: the page follows by itself, where the reader was.
  await page.evaluate(() => { document.body.style.minHeight = "3000px"; scrollTo(0, 400); });
  writeFileSync(source, retitled(original, "Nouveau"));
  await until(page, "the new title", async (p) => (await heading(p)).startsWith("Nouveau"));
  established("the page shows the new title without a manual reload");
  const kept = await page.evaluate(() => scrollY);
  check(kept > 0, `the page reloaded at the place it was read (scrollY ${kept})`);

  // 2. A mistake: the overlay says what and where, over the last good page.
  writeFileSync(source, retitled(original, 'Vœu "cassé"'));
  await until(page, "the overlay", async (p) => await p.locator("#motion-overlay").isVisible());
  const overlay = await page.locator("#motion-overlay").innerText();
  check(overlay.includes("M003") && overlay.includes(source.split("/").pop()),
    "the overlay names the error (M003) and the file");
  check((await heading(page)).startsWith("Nouveau"), "under it, the last page built");
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const axe = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  }));
  for (const v of axe.violations) console.log(`axe: ${v.id} ${v.help} ${v.nodes[0]?.target}`);
  check(axe.violations.length === 0, "axe finds no WCAG 2.1 A/AA violation with the overlay");
  if (screenshot) {
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: screenshot });
  }

  // 3. Fixed: the overlay goes, the page shows the fixed text.
  writeFileSync(source, retitled(original, "Réparé"));
  await until(page, "the fixed page", async (p) =>
    (await heading(p)).startsWith("Réparé") && (await p.locator("#motion-overlay").count()) === 0);
  established("fixed, the overlay is gone and the page follows");

  // 4. The PDF view reloads too (its frame shows the new PDF).
  const pdf = await browser.newPage();
  const pdfPath = new URL(pagePath.replace(/\.html$/, ".pdf"), url).href;
  await pdf.goto(pdfPath);
  check(await pdf.locator("iframe").count() === 1, "a PDF opens in the preview's PDF view");
  let loads = 0;
  pdf.on("load", () => { loads += 1; });
  writeFileSync(source, retitled(original, "Encore"));
  await until(pdf, "the PDF view's reload", async () => loads > 0);
  established("the PDF view reloads when its motion is saved");

  // 5. The séance's page (the index lists the séances) lists the new title.
  const seance = await browser.newPage();
  await seance.goto(new URL("seances/2026-12-08-conseil-de-paris.html", url).href);
  writeFileSync(source, retitled(original, "Indexé"));
  await until(seance, "the séance's page", async (p) => (await p.content()).includes("Indexé"));
  established("the séance's page follows");
} finally {
  writeFileSync(source, original);
  await browser.close();
}
