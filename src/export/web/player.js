// altformat read-along player: plays the section MP3s and highlights the sentence
// being read, from the timeline in #timeline. No framework, nothing fetched: the page
// works from file:// and any static server, and without this script as a plain page.
"use strict";
(function () {
  var doc = document, root = doc.documentElement;
  var $ = function (id) { return doc.getElementById(id); };
  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* private mode */ } }
  };
  var SETTINGS = "altformat:settings";
  // One key per page, so each article resumes where it was left.
  var PLACE = "altformat:place:" + location.pathname;

  // ---- Reading settings (apply before anything else, kept for every page).
  var settings = store.get(SETTINGS) || {};
  function applySettings() {
    root.style.setProperty("--size", settings.size || 1);
    root.style.setProperty("--leading", settings.leading || 1.5);
    if (settings.theme) root.setAttribute("data-theme", settings.theme);
    else root.removeAttribute("data-theme");
    if (settings.font) root.setAttribute("data-font", "hyperlegible");
    else root.removeAttribute("data-font");
  }
  applySettings();

  var chapters;
  try { chapters = JSON.parse($("timeline").textContent); } catch (e) { chapters = []; }
  if (!chapters.length) return;
  root.classList.add("js");

  // ---- The timeline: every clip knows its chapter, index and element.
  var clips = [];
  chapters.forEach(function (ch, c) {
    ch.items = ch.clips.map(function (t, i) {
      var clip = { id: t[0], start: t[1], end: t[2], chapter: c, index: i, el: $(t[0]) };
      // Word n (from 0) is the element <id>-w<n + 1>, lit from its start to the next.
      clip.words = (t[3] || []).map(function (s, w) { return { start: s, el: $(t[0] + "-w" + (w + 1)) }; });
      clip.n = clips.length;
      clips.push(clip);
      if (clip.el) {
        clip.el.setAttribute("data-clip", clip.n);
        if (!clip.el.hasAttribute("tabindex")) clip.el.tabIndex = -1;
      }
      return clip;
    });
  });

  var audio = new Audio();
  audio.preload = "metadata";
  audio.preservesPitch = true;
  var chapter = -1, current = null, follow = true, pending = null;
  var playBtn = $("play"), now = $("now");
  var reduced = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)");

  function load(c) {
    if (c === chapter) return;
    chapter = c;
    audio.src = chapters[c].audio;
    audio.playbackRate = speed();
  }

  // Play chapter `c` from `time` seconds; seeking waits for the metadata when needed.
  function playAt(c, time, play) {
    load(c);
    var seek = function () {
      audio.currentTime = time;
      update();
      if (play) audio.play().catch(function () { /* blocked: the button still works */ });
    };
    if (audio.readyState >= 1) seek();
    else {
      if (pending) audio.removeEventListener("loadedmetadata", pending);
      pending = function () { audio.removeEventListener("loadedmetadata", pending); pending = null; seek(); };
      audio.addEventListener("loadedmetadata", pending);
      audio.load();
    }
  }
  function playClip(clip, play) { if (clip) playAt(clip.chapter, clip.start, play); }

  // The clip being read at time t: the last one started (it stays lit in the pause after).
  function clipAt(c, t) {
    var items = chapters[c].items, lo = 0, hi = items.length - 1, found = items[0];
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (items[mid].start <= t + 0.001) { found = items[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  // The word being said at time t inside the current clip, underlined.
  var word = null;
  function highlightWord(t) {
    var w = null, words = current && follow ? current.words : [];
    for (var i = 0; i < words.length && words[i].start <= t + 0.001; i++) w = words[i];
    if (w === word) return;
    if (word && word.el) word.el.classList.remove("current-word");
    word = w;
    if (w && w.el) w.el.classList.add("current-word");
  }

  function highlight(clip) {
    if (clip === current) return;
    if (current && current.el) {
      current.el.classList.remove("current");
      current.el.tabIndex = -1;
    }
    current = clip;
    if (!clip || !clip.el) return;
    // The sentence being read is the one Tab reaches in the text (roving tabindex).
    clip.el.tabIndex = 0;
    if (!follow) return;
    clip.el.classList.add("current");
    var r = clip.el.getBoundingClientRect(), h = window.innerHeight;
    if (r.top < 0 || r.bottom > h * 0.6) {
      clip.el.scrollIntoView({ block: "center", behavior: reduced && reduced.matches ? "auto" : "smooth" });
    }
  }

  function clock(s) {
    s = Math.max(0, Math.floor(s || 0));
    var m = Math.floor(s / 60), sec = s % 60;
    return m + ":" + (sec < 10 ? "0" : "") + sec;
  }

  var lastSaved = 0;
  function update() {
    if (chapter < 0) return;
    var t = audio.currentTime, ch = chapters[chapter];
    highlight(clipAt(chapter, t));
    highlightWord(t);
    var bar = $("progress-" + chapter);
    if (bar) bar.value = Math.min(t, ch.duration);
    now.textContent = ch.title + ", " + clock(t) + " of " + clock(ch.duration);
    if (Math.abs(t - lastSaved) > 2 || audio.paused) {
      lastSaved = t;
      store.set(PLACE, { chapter: chapter, time: t });
    }
  }

  var frame = 0;
  function tick() { update(); frame = audio.paused ? 0 : requestAnimationFrame(tick); }
  audio.addEventListener("play", function () {
    playBtn.textContent = "Pause";
    if (!frame) frame = requestAnimationFrame(tick);
  });
  audio.addEventListener("pause", function () { playBtn.textContent = "Play"; update(); });
  audio.addEventListener("seeked", update);
  audio.addEventListener("ended", function () {
    if (chapter + 1 < chapters.length) playAt(chapter + 1, 0, true);
  });

  function toggle() {
    if (chapter < 0) playAt(0, 0, true);
    else if (audio.paused) audio.play().catch(function () {});
    else audio.pause();
  }
  function step(d) {
    var clip = current ? clips[current.n + d] : clips[0];
    if (d < 0 && current && audio.currentTime - current.start > 1.5) clip = current;
    if (clip) playClip(clip, !audio.paused || chapter < 0);
  }
  function section(d) {
    var c = chapter < 0 ? 0 : chapter + d;
    if (d < 0 && chapter >= 0 && audio.currentTime > 3) c = chapter;
    if (c >= 0 && c < chapters.length) playAt(c, 0, !audio.paused || chapter < 0);
  }

  // ---- Speed: 0.5x to 3x, pitch kept.
  var speedInput = $("speed");
  function speed() { return parseFloat(speedInput.value) || 1; }
  function setSpeed(v) {
    v = Math.min(3, Math.max(0.5, Math.round(v * 4) / 4));
    speedInput.value = v;
    audio.playbackRate = v;
    $("speed-value").textContent = v + "x";
    settings.speed = v;
    store.set(SETTINGS, settings);
  }
  speedInput.addEventListener("input", function () { setSpeed(speed()); });
  if (settings.speed) setSpeed(settings.speed);

  // ---- Following along.
  var followBox = $("follow");
  followBox.checked = settings.follow !== false;
  follow = followBox.checked;
  followBox.addEventListener("change", function () {
    follow = followBox.checked;
    settings.follow = follow;
    store.set(SETTINGS, settings);
    var c = current;
    if (c && c.el) c.el.classList.toggle("current", follow);
    highlightWord(audio.currentTime);
  });

  // ---- Buttons and shortcuts (only while the focus is in the player).
  var actions = {
    play: toggle,
    "prev-sentence": function () { step(-1); },
    "next-sentence": function () { step(1); },
    "prev-section": function () { section(-1); },
    "next-section": function () { section(1); }
  };
  Object.keys(actions).forEach(function (id) { $(id).addEventListener("click", actions[id]); });
  var keys = {
    k: toggle, j: actions["prev-sentence"], l: actions["next-sentence"],
    p: actions["prev-section"], n: actions["next-section"],
    "-": function () { setSpeed(speed() - 0.25); },
    "=": function () { setSpeed(speed() + 0.25); },
    "+": function () { setSpeed(speed() + 0.25); }
  };
  var player = $("player");
  player.addEventListener("keydown", function (e) {
    var tag = e.target.tagName;
    if (e.ctrlKey || e.altKey || e.metaKey || tag === "SELECT" || tag === "TEXTAREA") return;
    var act = keys[e.key.length === 1 ? e.key.toLowerCase() : ""];
    if (act) { e.preventDefault(); act(); }
  });

  // ---- Click, or Enter on, a sentence to play from it (links keep their own job).
  function fromEvent(e) {
    if (e.target.closest("a")) return null;
    var el = e.target.closest("[data-clip]");
    return el ? clips[+el.getAttribute("data-clip")] : null;
  }
  var main = $("article");
  main.addEventListener("click", function (e) {
    var clip = fromEvent(e);
    if (clip && !String(window.getSelection())) { highlight(clip); playClip(clip, true); }
  });
  main.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    var clip = fromEvent(e);
    if (clip) { e.preventDefault(); highlight(clip); playClip(clip, true); }
  });

  // ---- Reading settings controls.
  var controls = { size: "1", leading: "1.5", theme: "" };
  Object.keys(controls).forEach(function (k) {
    var sel = $(k);
    sel.value = settings[k] ? String(settings[k]) : controls[k];
    sel.addEventListener("change", function () {
      settings[k] = sel.value;
      store.set(SETTINGS, settings);
      applySettings();
    });
  });
  var font = $("font");
  if (font) {
    font.checked = !!settings.font;
    font.addEventListener("change", function () {
      settings.font = font.checked;
      store.set(SETTINGS, settings);
      applySettings();
    });
  }

  // ---- Resume: offer the last place, never start playing by itself.
  var place = store.get(PLACE), resume = $("resume");
  if (place && chapters[place.chapter] && place.time > 1) {
    $("resume-text").textContent = "You stopped in " + chapters[place.chapter].title +
      " at " + clock(place.time) + ".";
    resume.hidden = false;
    $("resume-yes").addEventListener("click", function () {
      resume.hidden = true;
      playAt(place.chapter, place.time, true);
      playBtn.focus();
    });
    $("resume-no").addEventListener("click", function () {
      resume.hidden = true;
      store.set(PLACE, null);
      playBtn.focus();
    });
  }
  window.addEventListener("pagehide", function () { if (chapter >= 0) store.set(PLACE, { chapter: chapter, time: audio.currentTime }); });

  // The player only makes sense with this script: show it, fold the file list away.
  ["controls", "shortcuts", "settings"].forEach(function (id) { $(id).hidden = false; });
  chapters.forEach(function (ch, c) { var b = $("progress-" + c); if (b) b.hidden = false; });
  $("sections").open = false;
  // For tests and tools: the element playing and the clip lit.
  window.altformat = { audio: audio, current: function () { return current && current.id; }, clips: clips };
})();
