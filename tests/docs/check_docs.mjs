// Opens the built API reference in headless Chromium (Debian's, through playwright-core) and prints
// JSON: console errors, requests that left the page, the visible text, and writes a screenshot.
// Used by tests/scripts/test_docs.py.  Usage: node check_docs.mjs PAGE.html SCREENSHOT.png [GROUP ...]
// Each GROUP (a tag's display name) is opened in the navigation first, as a reader would.
import path from "node:path";
import { chromium } from "playwright-core";

const [page_path, screenshot, ...groups] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  const outside = [];
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith("file:") && !url.startsWith("data:") && !url.startsWith("blob:")) outside.push(url);
  });
  await page.goto("file://" + path.resolve(page_path), { waitUntil: "load" });
  await page.waitForSelector("h2", { timeout: 30000 });
  // The navigation is an accordion (one group open at a time): read the page with each one open.
  const texts = [await page.innerText("body")];
  for (const group of groups) {
    await page.locator(`[data-text="${group}"]`).first().click();
    await page.waitForTimeout(300);
    texts.push(await page.innerText("body"));
  }
  const text = texts.join("\n");
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ errors, outside, text }));
} finally {
  await browser.close();
}
