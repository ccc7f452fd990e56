// Shared by the live preview's browser scripts: Debian's Chromium, headless, driven by
// playwright-core, and a poll that follows a page across the reloads the preview makes.
import { chromium } from "playwright-core";

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

// Waits until `test(page)` is true, asking again and again (through reloads: a
// question asked while the page reloads is asked again); fails after `ms`.
export async function until(page, what, test, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await test(page)) return;
    } catch (error) {
      // The page was reloading.
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

// The text of the page's first heading, or "" while there is none.
export async function heading(page) {
  return (await page.evaluate(() => document.querySelector("h1")?.textContent ?? "")) || "";
}
