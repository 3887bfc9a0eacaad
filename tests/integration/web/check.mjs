// Drives Debian's chromium (headless, through the DevTools protocol with puppeteer-core)
// over an altformat read-along page and checks what issue 13 asks for. Prints one
// "ok <check>" line per passed check; exits non-zero at the first failure.
//
//   node check.mjs <web folder> [screenshot folder]
//
// Modules come from WEB_TOOLS (default /opt/web-tools: npm puppeteer-core, axe-core,
// installed by .ci/install-tools.sh); the browser from CHROMIUM (default /usr/bin/chromium).
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const tools = process.env.WEB_TOOLS || "/opt/web-tools";
const require = createRequire(path.join(tools, "node_modules", "x.js"));
const puppeteer = require("puppeteer-core");
const axePath = require.resolve("axe-core/axe.min.js");

const folder = path.resolve(process.argv[2]);
const shots = process.argv[3];
const folderUrl = pathToFileURL(folder).href + "/";
const pageUrl = folderUrl + "index.html";
const ok = (what) => console.log("ok " + what);

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "altformat-chromium-"));
const browser = await puppeteer.launch({
  protocolTimeout: 60000,
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required", "--use-fake-device-for-media-stream",
    "--mute-audio",
  ],
});

try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const errors = [], outside = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  // A media load cut short by switching sections is aborted, not failed.
  page.on("requestfailed", (r) => {
    if (r.failure()?.errorText !== "net::ERR_ABORTED") errors.push("failed " + r.url());
  });
  page.on("request", (r) => {
    if (!r.url().startsWith(folderUrl) && !r.url().startsWith("data:")) outside.push(r.url());
  });
  // Instant scrolling: puppeteer clicks where an element is, which a smooth scroll
  // would still be moving (the page's own reduced-motion path is used).
  await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }]);
  await page.goto(pageUrl, { waitUntil: "load" });
  const timeline = await page.$eval("#timeline", (s) => JSON.parse(s.textContent));
  assert.ok(timeline.length >= 2, "the timeline has at least two chapters");

  // Helpers run in the page.
  const seekTo = (t) => page.evaluate((t) => new Promise((done) => {
    const a = window.altformat.audio;
    a.addEventListener("seeked", () => requestAnimationFrame(() => done()), { once: true });
    a.currentTime = t;
  }), t);
  const lit = () => page.evaluate(() => {
    const el = document.querySelector(".current");
    return el && el.id;
  });
  const state = () => page.evaluate(() => {
    const a = window.altformat.audio;
    return { src: a.currentSrc || a.src, time: a.currentTime, paused: a.paused,
      rate: a.playbackRate, pitch: a.preservesPitch, current: window.altformat.current() };
  });
  const waitFor = (fn, arg) => page.waitForFunction(fn, { timeout: 15000, polling: 50 }, arg);

  // 1. Play advances currentTime (no autoplay before the button).
  let s = await state();
  assert.ok(s.paused && s.time === 0, "nothing plays before the listener asks");
  await page.click("#play");
  await waitFor(() => window.altformat.audio.currentTime > 0.6);
  s = await state();
  assert.ok(s.src.endsWith(timeline[0].audio), s.src);
  assert.equal(await page.$eval("#play", (b) => b.textContent), "Pause");
  ok("play advances currentTime to " + s.time.toFixed(2));
  await page.click("#play");
  await waitFor(() => window.altformat.audio.paused);

  // 2. At three times from the timeline the lit sentence is the timeline's.
  const clips = timeline[0].clips;
  assert.ok(clips.length >= 3, "the opening has three clips");
  for (const i of [1, Math.floor(clips.length / 2), clips.length - 1]) {
    const [id, start, end] = clips[i];
    await seekTo((start + end) / 2);
    assert.equal(await lit(), id, `at ${(start + end) / 2}s`);
    ok(`at ${((start + end) / 2).toFixed(2)} s the highlighted sentence is ${id}`);
  }

  // 2b. Inside a sentence, the word the timeline says is being said is underlined.
  const worded = clips.filter((c) => Array.isArray(c[3]) && c[3].length >= 3);
  assert.ok(worded.length >= 3, "the opening's sentences have word times");
  for (const [id, , end, words] of [worded[0], worded[Math.floor(worded.length / 2)], worded[worded.length - 1]]) {
    const k = Math.floor(words.length / 2);
    const t = (words[k] + (words[k + 1] ?? end)) / 2;
    await seekTo(t);
    const word = await page.evaluate(() => {
      const el = document.querySelectorAll(".current-word");
      return el.length === 1 ? el[0].id : `${el.length} underlined`;
    });
    assert.equal(word, `${id}-w${k + 1}`, `at ${t}s`);
    assert.equal(await lit(), id, "the word's sentence stays lit");
    ok(`at ${t.toFixed(2)} s the underlined word is ${word}`);
  }

  // 3. Clicking sentence N (in another chapter) seeks to its start, within 0.1 s.
  const other = timeline[1].clips;
  const [nid, nstart] = other[Math.min(2, other.length - 1)];
  // Every seek's landing time, recorded in the page (no race with the click).
  await page.evaluate(() => {
    window.seeks = [];
    window.altformat.audio.addEventListener("seeked", () => window.seeks.push(window.altformat.audio.currentTime));
  });
  const nextSeek = async () => {
    const n = await page.evaluate(() => window.seeks.length);
    return async () => {
      await waitFor((n) => window.seeks.length > n, n);
      return page.evaluate((n) => window.seeks[n], n);
    };
  };
  let landed = await nextSeek();
  await page.click(`[id="${nid}"]`);
  const at = await landed();
  s = await state();
  assert.ok(s.src.endsWith(timeline[1].audio), s.src);
  assert.ok(Math.abs(at - nstart) <= 0.1, `clicked ${nid}: at ${at}, starts ${nstart}`);
  assert.equal(await lit(), nid);
  ok(`clicking ${nid} seeks to ${at.toFixed(3)} s (starts ${nstart})`);

  // Enter on a focused sentence plays from it too.
  const [eid, estart] = clips[1];
  landed = await nextSeek();
  await page.focus(`[id="${eid}"]`);
  await page.keyboard.press("Enter");
  const at2 = await landed();
  assert.ok(Math.abs(at2 - estart) <= 0.1, `Enter on ${eid}: at ${at2}, starts ${estart}`);
  ok(`Enter on ${eid} seeks to ${at2.toFixed(3)} s`);
  await waitFor(() => !window.altformat.audio.paused);

  // 4. Keyboard shortcuts work in the player, and not in the article.
  await page.focus("#play");
  await page.keyboard.press("k");
  await waitFor(() => window.altformat.audio.paused);
  const before = (await state()).current;
  const n = timeline[0].clips.findIndex((c) => c[0] === before);
  await page.keyboard.press("l");
  await waitFor((id) => window.altformat.current() === id, timeline[0].clips[n + 1][0]);
  await page.keyboard.press("j");
  await waitFor((id) => window.altformat.current() === id, before);
  await page.keyboard.press("n");
  await waitFor((f) => window.altformat.audio.src.endsWith(f), timeline[1].audio);
  await page.keyboard.press("p");
  await waitFor((f) => window.altformat.audio.src.endsWith(f), timeline[0].audio);
  await page.keyboard.press("=");
  assert.equal((await state()).rate, 1.25);
  await page.keyboard.press("-");
  assert.equal((await state()).rate, 1);
  await page.keyboard.press("k");
  await waitFor(() => !window.altformat.audio.paused);
  await page.keyboard.press("k");
  await waitFor(() => window.altformat.audio.paused);
  await page.focus("#contents a");
  await page.keyboard.press("k");
  await new Promise((r) => setTimeout(r, 300));
  assert.ok((await state()).paused, "K outside the player did nothing");
  ok("shortcuts K, J, L, P, N, -, = work in the player and not outside it");

  // 5. Speed changes playbackRate (pitch kept), 0.5x to 3x.
  for (const v of ["0.5", "3", "2"]) {
    await page.$eval("#speed", (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }, v);
    s = await state();
    assert.equal(s.rate, Number(v));
    assert.equal(s.pitch, true);
  }
  ok("speed sets playbackRate 0.5, 3, 2 with preservesPitch");

  // 6. Settings survive a reload; 7. resume offers the last place.
  await page.$eval("#settings", (d) => { d.open = true; });
  await page.select("#size", "2");
  await page.select("#leading", "1.8");
  await page.select("#theme", "contrast");
  const hasFont = await page.$("#font");
  if (hasFont) await page.click("#font");
  await page.click("#play");
  await waitFor(() => window.altformat.audio.currentTime > 2.5);
  await page.click("#play");
  await waitFor(() => window.altformat.audio.paused);
  const place = (await state()).time;
  const placeSrc = (await state()).src;
  await page.reload({ waitUntil: "load" });
  const after = await page.evaluate(() => ({
    size: getComputedStyle(document.documentElement).getPropertyValue("--size").trim(),
    fontSize: getComputedStyle(document.documentElement).fontSize,
    theme: document.documentElement.getAttribute("data-theme"),
    font: document.documentElement.getAttribute("data-font"),
    sel: ["size", "leading", "theme"].map((id) => document.getElementById(id).value),
    rate: window.altformat.audio.playbackRate,
    speed: document.getElementById("speed").value,
    resume: !document.getElementById("resume").hidden,
    resumeText: document.getElementById("resume-text").textContent,
  }));
  assert.equal(after.size, "2");
  assert.equal(after.fontSize, "32px");
  assert.equal(after.theme, "contrast");
  assert.deepEqual(after.sel, ["2", "1.8", "contrast"]);
  assert.equal(after.speed, "2");
  if (hasFont) assert.equal(after.font, "hyperlegible");
  ok("text size, line spacing, theme, font and speed survive a reload");
  assert.ok(after.resume, "resume offered");
  assert.ok(after.resumeText.includes(timeline[0].title), after.resumeText);
  assert.ok((await state()).paused, "resume does not play by itself");
  await page.click("#resume-yes");
  await waitFor(() => !window.altformat.audio.paused);
  s = await state();
  assert.equal(s.src, placeSrc);
  assert.ok(Math.abs(s.time - place) < 1, `resumed at ${s.time}, left at ${place}`);
  await page.click("#play");
  ok(`resume offered "${after.resumeText}" and went back to ${s.time.toFixed(2)} s`);

  assert.deepEqual(outside, [], "requests outside the folder");
  assert.deepEqual(errors, [], "console errors");
  ok("no console errors and no request outside " + folder);

  // 8. axe-core: no violations in any theme (with a sentence highlighted). axe's own
  // stylesheet reads are refused from file:// (CORS), so its console lines are not ours.
  await page.addScriptTag({ path: axePath });
  for (const theme of ["light", "dark", "contrast", ""]) {
    for (const scheme of theme ? ["light"] : ["light", "dark"]) {
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme },
        { name: "prefers-reduced-motion", value: "reduce" }]);
      await page.select("#theme", theme);
      const v = await page.evaluate(async () => (await axe.run(document)).violations
        .map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")));
      assert.deepEqual(v, [], `axe, theme ${theme || "system " + scheme}`);
      ok(`axe-core: 0 violations, theme ${theme || "system (" + scheme + ")"}`);
    }
  }
  await page.$eval("#settings", (d) => { d.open = true; });
  await page.select("#size", "1");
  await page.select("#leading", "1.5");
  if (hasFont) await page.click("#font");
  assert.deepEqual(outside, [], "requests outside the folder");

  if (shots) {
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
    await page.select("#theme", "");
    await seekTo(timeline[0].clips[Math.min(3, clips.length - 1)][1] + 0.05);
    for (const [w, h] of [[1280, 900], [390, 844]]) {
      await page.setViewport({ width: w, height: h });
      await page.evaluate(() => document.querySelector(".current").scrollIntoView({ block: "center" }));
      await new Promise((r) => setTimeout(r, 300));
      await page.screenshot({ path: path.join(shots, `web-${w}.png`) });
      ok(`screenshot web-${w}.png`);
    }
  }
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
