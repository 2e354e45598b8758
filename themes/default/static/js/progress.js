// Lesson states (not started, in progress, complete), the module progress bar, "Start" or
// "Continue" on module pages, "Mark this lesson complete" at the end of a lesson, "continue where
// you left off" on the home page, and the "clear my data" control in the footer.
//
// A lesson is complete only when the reader says so at its end; the knowledge check is complete
// when its best score reaches the module's pass mark. Opening a lesson marks it "in progress".

import { load, update, moduleRecord, pathOf, slugOf, href, clearAll, lessonState, OPENED, COMPLETED } from "./store.js";
import { wordsOf, sayer } from "./words.js";

// The page's words (the body's data-words, in the language of the page's text).
let said = null;
const t = (key, ...args) => (said || (said = sayer(wordsOf(null))))(key, ...args);
const LABELS = { new: "progress_new", started: "progress_started", done: "progress_done" };

/** The module a list or page element describes: its key, pass mark and lessons in order. */
export function outline(list) {
  const pass = list.dataset.pass ? Number(list.dataset.pass) : null;
  const lessons = [...list.querySelectorAll("li[data-lesson]")].map((li) => {
    const a = li.querySelector("a");
    const isCheck = li.hasAttribute("data-check") && pass !== null;
    return { li, slug: slugOf(pathOf(li.dataset.lesson)), url: a.getAttribute("href"), title: a.textContent, isCheck };
  });
  return { key: list.dataset.moduleKey, title: list.dataset.moduleTitle || "", pass, lessons };
}

/** Each lesson's state, how many are complete, and the first one that is not. */
export function progressOf(data, module) {
  const states = module.lessons.map((l) => lessonState(data, module.key, l.slug, l.isCheck ? module.pass : null));
  const done = states.filter((s) => s === "done").length;
  const firstOpen = states.findIndex((s) => s !== "done");
  const started = states.some((s) => s !== "new");
  return { states, done, total: states.length, next: firstOpen < 0 ? null : module.lessons[firstOpen], started };
}

/** Notes that this lesson was opened (it is then "in progress") and where to continue. */
export function trackLesson() {
  const end = document.querySelector("[data-lesson-end]");
  if (!end) return;
  const key = end.dataset.moduleKey;
  const path = document.body.dataset.path || pathOf(window.location.href);
  const slug = slugOf(path);
  update((d) => {
    const rec = moduleRecord(d, key);
    if (!rec.l[slug]) rec.l[slug] = OPENED;
    d.r = { u: path, t: end.dataset.lessonTitle || document.title, m: end.dataset.moduleTitle || "" };
  });
}

/** The "Mark this lesson complete" button at the end of a lesson (not on the knowledge check,
 *  which is complete when passed). Once pressed it offers to undo. */
export function initMarkComplete(onChange) {
  const end = document.querySelector("[data-lesson-end]");
  const button = end && end.querySelector("[data-mark-complete]");
  if (!button) return;
  const key = end.dataset.moduleKey;
  const slug = slugOf(document.body.dataset.path || pathOf(window.location.href));
  const status = end.querySelector("[data-mark-status]");
  const show = () => {
    const done = ((load().m[key] || {}).l || {})[slug] === COMPLETED;
    button.textContent = done ? t("progress_unmark") : t("progress_mark");
    button.classList.toggle("secondary", done);
    status.textContent = done ? t("progress_marked") : "";
  };
  button.hidden = false;
  show();
  button.addEventListener("click", () => {
    update((d) => {
      const rec = moduleRecord(d, key);
      rec.l[slug] = rec.l[slug] === COMPLETED ? OPENED : COMPLETED;
    });
    show();
    if (!status.textContent) status.textContent = t("progress_unmarked");
    onChange();
  });
}

/** Writes each lesson's state, the progress bars and the Start/Continue button. */
export function showLessonStates() {
  const data = load();
  for (const list of document.querySelectorAll(".tb-lesson-list[data-module-key]")) {
    const module = outline(list);
    const p = progressOf(data, module);
    module.lessons.forEach((lesson, i) => {
      const badge = lesson.li.querySelector("[data-state]");
      if (!badge) return;
      const state = p.states[i];
      badge.textContent = t(lesson.isCheck && state === "done" ? "progress_passed" : LABELS[state]);
      badge.className = `tb-state tb-state-${state}`;
      badge.hidden = false;
    });
  }
  const source = document.querySelector(".tb-lesson-list[data-module-key]");
  if (source) {
    const module = outline(source);
    const p = progressOf(data, module);
    for (const bar of document.querySelectorAll("[data-module-progress]")) showBar(bar, p);
    showStart(module, p);
  }
  showModuleCards(data);
}

function showBar(bar, p) {
  const meter = bar.querySelector("progress");
  const label = bar.querySelector("[data-progress-text]");
  meter.max = p.total;
  meter.value = p.done;
  label.textContent =
    p.done === p.total ? t("progress_all", p.total) : t("progress_some", p.done, p.total);
  bar.hidden = false;
}

function showStart(module, p) {
  const link = document.querySelector("[data-start]");
  if (!link) return;
  const note = document.querySelector("[data-start-note]");
  if (!p.next) {
    link.textContent = t("progress_certificate");
    link.href = href(`${module.key}certificate/`);
    if (note) note.textContent = t("progress_every");
  } else if (p.started) {
    link.textContent = t("progress_continue", p.next.title);
    link.href = p.next.url;
    if (note) note.textContent = t("progress_continue_note");
  }
}

function showModuleCards(data) {
  for (const card of document.querySelectorAll("[data-module-card]")) {
    const key = card.dataset.moduleCard;
    const rec = data.m[key];
    const out = card.querySelector("[data-card-progress]");
    if (!out) continue;
    const total = Number(card.dataset.lessonCount) || 0;
    if (!rec || !rec.l || Object.keys(rec.l).length === 0) {
      out.textContent = t("progress_card_new");
    } else {
      // Cards know only the lesson count: the lessons marked complete, plus the check if passed.
      const done = Object.values(rec.l).filter((v) => v === COMPLETED).length + (rec.p ? 1 : 0);
      out.textContent = t(rec.p ? "progress_card_passed" : "progress_card", Math.min(done, total), total);
    }
    out.hidden = false;
  }
}

/** "Continue where you left off" on the home page. */
export function showHomeContinue() {
  if (document.body.dataset.path !== "/") return;
  // The theme's home page has a "continue" card of its own, filled by js/layout.js.
  if (document.querySelector("[data-continue-card]")) return;
  const data = load();
  const home = document.querySelector("main .content");
  const old = document.querySelector("[data-home-continue]");
  if (old) old.remove();
  if (!home || !data.r || !data.r.u) return;
  const box = document.createElement("aside");
  box.className = "tb-continue tb-home-continue";
  box.dataset.homeContinue = "";
  box.setAttribute("aria-labelledby", "tb-home-continue-title");
  const title = document.createElement("p");
  title.id = "tb-home-continue-title";
  title.className = "tb-continue-title";
  title.textContent = t("progress_home_continue");
  const line = document.createElement("p");
  const a = document.createElement("a");
  a.href = href(data.r.u);
  a.textContent = data.r.t;
  line.append(a);
  if (data.r.m) line.append(` ${t("progress_home_in", data.r.m)}`);
  box.append(title, line);
  const h1 = home.querySelector("h1");
  if (h1) h1.after(box);
  else home.prepend(box);
}

const CLEARED = "tierbook:cleared";

/** A "clear my data" button in the footer, with an inline confirmation. */
export function clearControl() {
  const note = document.querySelector(".site-footer .privacy-note");
  if (!note || document.querySelector("[data-clear-data]")) return;
  const wrap = document.createElement("div");
  wrap.className = "tb-clear";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.dataset.clearData = "";
  button.textContent = t("progress_clear");
  const confirmBox = document.createElement("div");
  confirmBox.className = "tb-clear-confirm";
  confirmBox.hidden = true;
  const question = document.createElement("p");
  question.id = "tb-clear-question";
  question.textContent = t("progress_clear_question");
  const yes = document.createElement("button");
  yes.type = "button";
  yes.dataset.clearConfirm = "";
  yes.textContent = t("progress_clear_yes");
  yes.setAttribute("aria-describedby", "tb-clear-question");
  const no = document.createElement("button");
  no.type = "button";
  no.className = "secondary";
  no.textContent = t("progress_clear_no");
  confirmBox.append(question, yes, " ", no);
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  status.className = "tb-clear-status";
  status.dataset.clearStatus = "";
  wrap.append(button, confirmBox, status);
  note.after(wrap);

  try {
    if (window.sessionStorage.getItem(CLEARED)) {
      window.sessionStorage.removeItem(CLEARED);
      status.textContent = t("progress_cleared");
    }
  } catch {
    // sessionStorage blocked: no message after the reload
  }
  button.addEventListener("click", () => {
    confirmBox.hidden = false;
    button.hidden = true;
    yes.focus();
  });
  no.addEventListener("click", () => {
    confirmBox.hidden = true;
    button.hidden = false;
    button.focus();
  });
  yes.addEventListener("click", () => {
    clearAll();
    try {
      window.sessionStorage.setItem(CLEARED, "1");
    } catch {
      // no message after the reload
    }
    window.location.reload();
  });
}
