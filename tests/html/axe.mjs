// Opens each HTML file given in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core), runs axe-core with the WCAG 2.1 A and AA rules, and fails on any
// violation (the search page, opened from the disk, shows its note: its results are
// checked served, by tests/serve/search.mjs). Usage: node axe.mjs FILE.html…
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
