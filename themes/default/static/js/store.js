// Progress saved in this browser only, under one versioned key per site. The record is kept
// small (short keys, lesson slugs, no titles except the one "continue" link) so that it also fits
// SCORM 1.2's 4,096-character cmi.suspend_data if the site is ever packaged for an LMS.
//
// Shape (version 1):
//   m: { "<module path>": { l: { "<lesson slug>": state }, s: best score %, p: "YYYY-MM-DD" passed } }
//   q: { "<quiz id>": { "<question id>": "b" | "a c" } }   answers chosen (until "Try again")
//   c: { "<checklist id>": ["a1", "b3"] }        ticked items
//   r: { u: "<lesson path>", t: "<lesson title>", m: "<module title>" }   where to continue
//   n: "<name for certificates>"

//   lesson states: 1 opened, 3 completed (the reader pressed "Mark this lesson complete").
//   2 was written by versions before 2026-12 when a lesson's end scrolled into view: it was
//   never a confirmation, so it reads as "in progress", like 1, and the reader confirms it once.
//   The knowledge check is complete when its best score `s` reaches the module's pass mark.

export const VERSION = 1;
export const OPENED = 1;
export const COMPLETED = 3;
export const LIMIT = 4096;

/** The site root as a path (`/pd/`). In an LMS package `data-base` is relative (`../../`). */
function base() {
  return new URL(document.body.dataset.base || "/", window.location.href).pathname;
}

/** The LMS session of a SCORM package (held by its launcher, js/scorm.js), or null: on the site,
 *  in a package opened without its launcher, and when no LMS answered. Then the browser keeps
 *  the progress, as on the site. */
function lms() {
  if (!document.body.dataset.lms) return null;
  try {
    const host = window.parent !== window ? window.parent.tierbookLms : null;
    return host && host.connected ? host : null;
  } catch {
    return null;
  }
}

function parse(raw) {
  const data = JSON.parse(raw);
  if (!data || typeof data !== "object") return empty();
  data.m = data.m && typeof data.m === "object" ? data.m : {};
  data.c = data.c && typeof data.c === "object" ? data.c : {};
  return data;
}

export function storageKey() {
  return `tierbook:v${VERSION}:${base()}`;
}

function empty() {
  return { m: {}, c: {} };
}

let memory = null; // used when localStorage is blocked (private modes, file://)

export function load() {
  try {
    const session = lms();
    const raw = session ? session.read() : window.localStorage.getItem(storageKey());
    if (!raw) return memory || empty();
    return parse(raw);
  } catch {
    return memory || empty();
  }
}

export function save(data) {
  let text = JSON.stringify(data);
  // Never grow past what SCORM suspend data can hold: drop answers not yet graded first, then
  // the oldest checklist ticks.
  for (const group of [data.q || {}, data.c]) {
    const ids = Object.keys(group);
    while (text.length > LIMIT && ids.length > 0) {
      delete group[ids.shift()];
      text = JSON.stringify(data);
    }
  }
  memory = data;
  const session = lms();
  // In an LMS the course record is the LMS's; nothing stays on a shared computer.
  if (session) {
    session.write(text);
  } else {
    try {
      window.localStorage.setItem(storageKey(), text);
    } catch {
      // Storage full or blocked: progress lasts for this page only.
    }
  }
  // The page's other views of progress (js/layout.js's sidebar) redraw at once.
  window.dispatchEvent(new Event(SAVED));
  return text.length;
}

/** The event `save` raises on the window after each save. */
export const SAVED = "tierbook:saved";

/** Applies `change` to the saved record and saves it. */
export function update(change) {
  const data = load();
  change(data);
  save(data);
  return data;
}

export function clearAll() {
  memory = null;
  const session = lms();
  if (session) session.write("");
  try {
    window.localStorage.removeItem(storageKey());
  } catch {
    // nothing saved
  }
}

export function moduleRecord(data, key) {
  if (!data.m[key]) data.m[key] = { l: {} };
  if (!data.m[key].l) data.m[key].l = {};
  return data.m[key];
}

/** The site path of a link (`/pd/guides/x/` -> `/guides/x/`). */
export function pathOf(url) {
  // A package spells out the folder's index.html, which the site's pretty URLs leave out.
  const path = new URL(url, window.location.href).pathname.replace(/\/index\.html$/, "/");
  const b = base();
  return path.startsWith(b) ? "/" + path.slice(b.length) : path;
}

/** The last part of a path (`/m/lesson-2/` -> `lesson-2`). */
export function slugOf(path) {
  const parts = path.split("/").filter(Boolean);
  return parts[parts.length - 1] || "";
}

/** A site path as a link under the base (`/guides/x/` -> `/pd/guides/x/`). */
export function href(path) {
  const link = base() + path.replace(/^\//, "");
  return document.body.dataset.lms && link.endsWith("/") ? `${link}index.html` : link;
}

export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "done", "started" or "new": a lesson's state for lists, progress bars and certificates.
 *  For the knowledge check (`pass` is the module's pass mark, or null for a lesson without
 *  one) it is the best score against that mark. */
export function lessonState(data, key, slug, pass) {
  const rec = data.m[key];
  if (!rec) return "new";
  const value = (rec.l && rec.l[slug]) || 0;
  const done = pass === null || pass === undefined ? value === COMPLETED : typeof rec.s === "number" && rec.s >= pass;
  if (done) return "done";
  return value > 0 || typeof rec.s === "number" ? "started" : "new";
}
