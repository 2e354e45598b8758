// Lighthouse (the version package-lock.json pins) over pages of a site served on 127.0.0.1, all in
// one headless Chromium, in Lighthouse's default preset: mobile, with its simulated throttling.
// Usage: node scripts/lighthouse.mjs http://127.0.0.1:PORT/ path/ other/path/ ...
// Prints one JSON object: { "<path>": { "performance": 0-100, ..., "failing": [audit ids] } }.
// CHROME_PATH names the browser (Debian: /usr/bin/chromium). tests/gates.rs runs it.
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const [root, ...paths] = process.argv.slice(2);
if (!root || paths.length === 0) {
  console.error("usage: node scripts/lighthouse.mjs ROOT_URL PATH...");
  process.exit(2);
}
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const results = {};
try {
  for (const path of paths) {
    const url = new URL(path, root).href;
    const runner = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
    });
    const lhr = runner.lhr;
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = {};
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = category.score === null ? null : Math.round(category.score * 100);
    }
    // The audits that cost points, so a failing test says what to fix.
    scores.failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual")
      .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ""}`);
    scores.metrics = Object.fromEntries(
      ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"]
        .map((id) => [id, lhr.audits[id]?.displayValue ?? null]),
    );
    results[path] = scores;
  }
} finally {
  await chrome.kill();
}
console.log(JSON.stringify(results, null, 1));
