// Opens each HTML file given in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core), runs axe-core with the WCAG 2.1 A and AA rules, and fails on any
// violation. On an archive index it also types in the filter box and checks that the
// list narrows. Usage: node axe.mjs FILE.html…
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node axe.mjs FILE.html…");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
let failures = 0;
try {
  const page = await browser.newPage();
  // The pages must not fetch anything: any request but the file itself is a failure.
  const requests = [];
  page.on("request", (request) => {
    if (!request.url().startsWith("file://")) requests.push(request.url());
  });
  for (const file of files) {
    await page.goto(pathToFileURL(file).href);
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () =>
      await window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      }),
    );
    for (const violation of result.violations) {
      failures += 1;
      console.log(`${file}: ${violation.id} (${violation.impact}) ${violation.help}`);
      for (const node of violation.nodes.slice(0, 3)) console.log(`    ${node.target.join(" ")}`);
    }
    if (await page.locator("#filter-input").count()) {
      const items = page.locator("li[data-search]");
      const total = await items.count();
      const first = (await items.first().getAttribute("data-search")).split(" ")[0];
      await page.locator("#filter-input").fill(first);
      const shown = await page.locator("li[data-search]:visible").count();
      await page.locator("#filter-input").fill("zzzz-aucun-texte");
      const none = await page.locator("li[data-search]:visible").count();
      if (!(shown >= 1 && shown <= total && none === 0)) {
        failures += 1;
        console.log(`${file}: the filter box does not narrow the list (${total} → ${shown}, then ${none})`);
      }
    }
  }
  if (requests.length) {
    failures += requests.length;
    console.log(`network requests made by the pages: ${requests.join(", ")}`);
  }
} finally {
  await browser.close();
}
console.log(`axe: ${files.length} page(s), ${failures} problem(s)`);
process.exit(failures ? 1 : 0);
