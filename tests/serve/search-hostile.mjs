// The search's results are text: on the hostile fixture (tests/fixtures/render, whose
// title, tags and text are full of tags, scripts and template syntax), served over
// http, a search shows them literally, with the words found marked, and runs nothing.
// Usage: node search-hostile.mjs URL
import { launch, until } from "./browser.mjs";

const [url] = process.argv.slice(2);
if (!url) {
  console.error("usage: node search-hostile.mjs URL");
  process.exit(2);
}
const check = (ok, what) => {
  if (!ok) throw new Error(what);
  console.log(`ok: ${what}`);
};

const browser = await launch();
try {
  const page = await browser.newPage();
  const dialogs = [];
  page.on("dialog", (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
  await page.goto(new URL("recherche.html?q=balisage", url).href);
  await until(page, "the results", async (p) => /trouvé/.test(await p.textContent("#search-status")));
  const result = await page.$eval("#search-results li", (li) => ({
    title: li.querySelector("a.title").textContent,
    excerpt: li.querySelector(".excerpt").textContent,
    marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
    elements: [...li.querySelectorAll("*")].map((e) => e.localName),
  }));
  check(result.title.includes("<script>alert(’titre’)</script> & aux {{ variables }}"),
    `the title is shown as written (${result.title})`);
  check(result.excerpt.includes("le <i>balisage</i> ;") && result.excerpt.includes("<img src=x onerror=alert(1)>"),
    "the excerpt shows the tags as text");
  check(result.marks.some((m) => m.includes("balisage")), "the word found is marked");
  check(result.elements.every((name) => ["a", "span", "p", "mark"].includes(name)),
    `no element but the result's own (${[...new Set(result.elements)].join(", ")})`);
  check(dialogs.length === 0, "nothing ran");
} finally {
  await browser.close();
}
