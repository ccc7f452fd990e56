// The live preview's latency, as an aide sees it: from the moment a motion's source is
// written to the moment its open page (headless Chromium) shows the change. Writes the
// source RUNS times with a new title each time and prints each time, then the median
// and the slowest, in milliseconds. Usage: node latency.mjs URL PAGE SOURCE [RUNS]
import { readFileSync, writeFileSync } from "node:fs";
import { launch, until, heading } from "./browser.mjs";

const [url, pagePath, source, runsArg] = process.argv.slice(2);
if (!source) {
  console.error("usage: node latency.mjs URL PAGE SOURCE [RUNS]");
  process.exit(2);
}
const runs = Number(runsArg || 15);
const original = readFileSync(source, "utf8");
const browser = await launch();
const times = [];
try {
  const page = await browser.newPage();
  await page.goto(new URL(pagePath, url).href);
  for (let run = 0; run < runs; run += 1) {
    const title = `Essai ${run}`;
    const start = performance.now();
    writeFileSync(source, original.replace(/^title = "/m, `title = "${title} `));
    await until(page, title, async (p) => (await heading(p)).startsWith(title));
    times.push(performance.now() - start);
    // As an aide would: a pause between two saves.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
} finally {
  writeFileSync(source, original);
  await browser.close();
}
console.log(`saves, in order (ms): ${times.map((t) => t.toFixed(0)).join(" ")}`);
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`median ${median.toFixed(0)} ms, slowest ${sorted[sorted.length - 1].toFixed(0)} ms, over ${runs} saves`);
