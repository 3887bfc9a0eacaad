// Benchmark of the read-along page (not a test): script size, load time, time from
// pressing play to the first highlighted sentence, time to follow a seek to the last
// section, and the page's memory, in Debian's chromium through puppeteer-core.
//
//   node tools/web_bench.mjs <web folder>     (a page built with `--formats web`)
//
// tools/web_bench.py builds the 20,000-word article and runs this on it.
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const tools = process.env.WEB_TOOLS || "/opt/web-tools";
const puppeteer = createRequire(path.join(tools, "node_modules", "x.js"))("puppeteer-core");
const folder = path.resolve(process.argv[2]);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "altformat-bench-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const t0 = Date.now();
  await page.goto(pathToFileURL(path.join(folder, "index.html")).href, { waitUntil: "load" });
  const load = Date.now() - t0;
  const firstHighlight = await page.evaluate(() => new Promise((done) => {
    const start = performance.now();
    document.getElementById("play").click();
    const poll = () => document.querySelector(".current")
      ? done(performance.now() - start) : requestAnimationFrame(poll);
    poll();
  }));
  const seekFollow = await page.evaluate(() => new Promise((done) => {
    const clips = window.altformat.clips, last = clips[clips.length - 1];
    const start = performance.now();
    last.el.click();
    const poll = () => window.altformat.current() === last.id
      ? done(performance.now() - start) : requestAnimationFrame(poll);
    poll();
  }));
  const session = await page.createCDPSession();
  await session.send("HeapProfiler.collectGarbage");
  await session.send("Performance.enable");
  const { metrics } = await session.send("Performance.getMetrics");
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const stats = await page.evaluate(() => ({
    clips: window.altformat.clips.length,
    words: document.querySelector("main").textContent.split(/\s+/).filter(Boolean).length,
  }));
  console.log(JSON.stringify({
    script_bytes: fs.statSync(path.join(folder, "player.js")).size,
    html_bytes: fs.statSync(path.join(folder, "index.html")).size,
    words: stats.words,
    sentences: stats.clips,
    dom_nodes: m.Nodes,
    load_ms: load,
    first_highlight_ms: Math.round(firstHighlight),
    seek_to_last_sentence_ms: Math.round(seekFollow),
    js_heap_used_mb: +(m.JSHeapUsedSize / 1e6).toFixed(1),
  }, null, 1));
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
