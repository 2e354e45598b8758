// The launcher of a SCORM package (its index.html, written by `tierbook export scorm`). It holds
// the one LMS session of the SCO for as long as the learner is in the course, while the module's
// pages come and go in its frame: SCORM allows one Initialize per launch, and every page of a
// multi-page course is a new document. The pages reach the session through
// `window.parent.tierbookLms` (see store.js); without an LMS API they keep progress in the
// browser as the site does.
//
// Reported: cmi.suspend_data (the store's record, at most 4,096 characters for SCORM 1.2), the
// location (the lesson to resume), the knowledge check's best score (raw, min 0, max 100; 2004
// also scaled) and the status against the module's pass mark. Committed after each change;
// exit, session time, commit and terminate when the launcher is unloaded.

const launcher = document.body;
const version = launcher.dataset.lms === "scorm2004" ? "2004" : "1.2";
const moduleKey = launcher.dataset.moduleKey || "";
const lessons = (launcher.dataset.lessons || "").split(" ").filter(Boolean);
const checkSlug = launcher.dataset.check || "";
const pass = launcher.dataset.pass ? Number(launcher.dataset.pass) : null;
const frame = document.querySelector("iframe[data-lms-frame]");

const NAMES = {
  "1.2": {
    api: "API",
    init: "LMSInitialize",
    get: "LMSGetValue",
    set: "LMSSetValue",
    commit: "LMSCommit",
    finish: "LMSFinish",
    error: "LMSGetLastError",
    location: "cmi.core.lesson_location",
    entry: "cmi.core.entry",
    exit: "cmi.core.exit",
    session: "cmi.core.session_time",
    raw: "cmi.core.score.raw",
    min: "cmi.core.score.min",
    max: "cmi.core.score.max",
    suspendLimit: 4096,
    locationLimit: 255,
  },
  "2004": {
    api: "API_1484_11",
    init: "Initialize",
    get: "GetValue",
    set: "SetValue",
    commit: "Commit",
    finish: "Terminate",
    error: "GetLastError",
    location: "cmi.location",
    entry: "cmi.entry",
    exit: "cmi.exit",
    session: "cmi.session_time",
    raw: "cmi.score.raw",
    min: "cmi.score.min",
    max: "cmi.score.max",
    suspendLimit: 64000,
    locationLimit: 1000,
  },
}[version];

/** The SCORM API discovery algorithm: this window's parents, then the opener's (and the top
 *  window's opener's) parents. A frame of another origin ends that chain. */
function findApi(name) {
  const search = (start) => {
    let win = start;
    for (let tries = 0; win && tries < 500; tries += 1) {
      try {
        if (win[name]) return win[name];
        if (!win.parent || win.parent === win) return null;
      } catch {
        return null;
      }
      win = win.parent;
    }
    return null;
  };
  let api = search(window);
  try {
    if (!api && window.opener) api = search(window.opener);
    if (!api && window.top && window.top.opener) api = search(window.top.opener);
  } catch {
    // an opener of another origin
  }
  return api;
}

const api = findApi(NAMES.api);
const started = Date.now();
let connected = false;
let finished = false;
let lastText = "";

function call(method, ...args) {
  try {
    return String(api[method](...args));
  } catch {
    return "";
  }
}

function get(element) {
  return call(NAMES.get, element);
}

function set(element, value) {
  return call(NAMES.set, element, String(value)) === "true";
}

if (api) connected = call(NAMES.init, "") === "true";

// SCORM 2004 answers "not initialized" (403) for suspend data and location on a first launch,
// so they are read only when the LMS says the learner resumes; SCORM 1.2 gives "" for them.
const resuming = connected && (version === "1.2" || get(NAMES.entry) === "resume");
lastText = resuming ? get("cmi.suspend_data") : "";

/** The lesson slug of a site path (`/m/lesson-2/` -> `lesson-2`). */
function slugOf(path) {
  const parts = String(path).split("/").filter(Boolean);
  return parts[parts.length - 1] || "";
}

function status(record) {
  const rec = (record && record.m && record.m[moduleKey]) || { l: {} };
  const seen = rec.l || {};
  const scored = typeof rec.s === "number";
  const passed = scored && pass !== null && rec.s >= pass;
  const graded = pass !== null && checkSlug;
  // A lesson is complete when the learner marked it so (3, see store.js); the check when passed.
  const done = lessons.filter((slug) => !graded || slug !== checkSlug).every((slug) => seen[slug] === 3);
  // The module is complete as its certificate is earned: every lesson complete and the check passed.
  const complete = done && (!graded || passed);
  return { rec, scored, passed, complete, done };
}

function report(record) {
  const s = status(record);
  if (s.scored) {
    set(NAMES.min, 0);
    set(NAMES.max, 100);
    set(NAMES.raw, s.rec.s);
    if (version === "2004") set("cmi.score.scaled", (s.rec.s / 100).toString());
  }
  if (version === "1.2") {
    // passed / failed follow the check against the pass mark, as the manifest's masteryscore does.
    let value = "incomplete";
    if (pass !== null && checkSlug && s.scored) value = s.passed ? "passed" : "failed";
    else if (s.complete) value = "completed";
    set("cmi.core.lesson_status", value);
  } else {
    set("cmi.completion_status", s.complete ? "completed" : "incomplete");
    if (pass !== null && checkSlug) set("cmi.success_status", s.scored ? (s.passed ? "passed" : "failed") : "unknown");
  }
  const location = record && record.r && typeof record.r.u === "string" ? record.r.u : "";
  if (location && location.length <= NAMES.locationLimit) set(NAMES.location, location);
  return s;
}

/** The record as the LMS last had it: read once at launch, then kept as written. */
function read() {
  return connected ? lastText : null;
}

/** Saves the store's record (a JSON string) and reports what it says; false if it does not fit. */
function write(text) {
  if (!connected || finished) return false;
  if (text.length > NAMES.suspendLimit) return false;
  if (text === lastText) return true;
  lastText = text;
  set("cmi.suspend_data", text);
  let record = null;
  try {
    record = text ? JSON.parse(text) : null;
  } catch {
    record = null;
  }
  report(record);
  call(NAMES.commit, "");
  return true;
}

/** SCORM 1.2 `HHHH:MM:SS.SS`, SCORM 2004 `PT#H#M#S`. */
function sessionTime() {
  const seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = seconds % 60;
  if (version === "2004") return `PT${h}H${m}M${sec}S`;
  const pad = (n) => String(n).padStart(2, "0");
  return `${String(h).padStart(4, "0")}:${pad(m)}:${pad(sec)}.00`;
}

function finish() {
  if (!connected || finished) return;
  let record = null;
  try {
    record = lastText ? JSON.parse(lastText) : null;
  } catch {
    record = null;
  }
  const s = status(record);
  const final = s.complete && (pass === null || !checkSlug || s.passed);
  // "suspend" keeps suspend_data for the next launch; a finished module ends normally.
  set(NAMES.exit, final ? (version === "2004" ? "normal" : "") : "suspend");
  set(NAMES.session, sessionTime());
  call(NAMES.commit, "");
  call(NAMES.finish, "");
  finished = true;
}

window.tierbookLms = { connected, version, read, write, finish };

if (connected) {
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  if (version === "1.2" && get("cmi.core.lesson_status") === "not attempted") set("cmi.core.lesson_status", "incomplete");
  if (version === "2004" && get("cmi.completion_status") === "unknown") set("cmi.completion_status", "incomplete");
}

// The frame opens only now, so its pages find `tierbookLms` from their first script on. It
// resumes at the saved location if that is a page of this module, else at the module page.
const resume = resuming ? get(NAMES.location) : "";
const safe = /^\/[A-Za-z0-9_./-]*\/$/.test(resume) && !resume.includes("..") && resume.startsWith(moduleKey);
if (frame) frame.src = safe ? `${resume.slice(1)}index.html` : frame.dataset.lmsStart;

const note = document.querySelector("[data-lms-status]");
if (note && !connected) {
  note.textContent = "No learning management system answered, so your progress is saved in this browser only.";
  note.hidden = false;
}
launcher.dataset.lmsReady = connected ? "connected" : "local";
