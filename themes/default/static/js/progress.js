// Lesson states (not started, visited, done), "continue where you left off" on module pages, the
// trainings index and the home page, and the "clear my data" control in the footer.

import { load, update, moduleRecord, pathOf, slugOf, href, clearAll } from "./store.js";

const LABELS = ["Not started", "Visited", "Done"];

function stateOf(data, key, slug) {
  const rec = data.m[key];
  return (rec && rec.l && rec.l[slug]) || 0;
}

/** Marks the current lesson visited, and done once its end has been seen (not for the check,
 *  which is done when it is passed). */
export function trackLesson(onChange) {
  const end = document.querySelector("[data-lesson-end]");
  if (!end) return;
  const key = end.dataset.moduleKey;
  const path = document.body.dataset.path || pathOf(window.location.href);
  const slug = slugOf(path);
  update((d) => {
    const rec = moduleRecord(d, key);
    if (!rec.l[slug]) rec.l[slug] = 1;
    d.r = { u: path, t: end.dataset.lessonTitle || document.title, m: end.dataset.moduleTitle || "" };
  });
  onChange();
  if (end.hasAttribute("data-check") || !("IntersectionObserver" in window)) return;
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    observer.disconnect();
    update((d) => {
      moduleRecord(d, key).l[slug] = 2;
    });
    onChange();
  });
  observer.observe(end);
}

/** Writes each lesson's state into every lesson list on the page. */
export function showLessonStates() {
  const data = load();
  for (const list of document.querySelectorAll(".tb-lesson-list[data-module-key]")) {
    const key = list.dataset.moduleKey;
    for (const li of list.querySelectorAll("li[data-lesson]")) {
      const state = stateOf(data, key, slugOf(pathOf(li.dataset.lesson)));
      const badge = li.querySelector("[data-state]");
      if (!badge) continue;
      const passed = li.hasAttribute("data-check") && state === 2;
      badge.textContent = passed ? "Passed" : LABELS[state];
      badge.className = `tb-state tb-state-${state}`;
      badge.hidden = false;
    }
  }
  const end = document.querySelector("[data-lesson-end] [data-state]");
  if (end) {
    const holder = end.parentElement;
    const state = stateOf(data, holder.dataset.moduleKey, slugOf(document.body.dataset.path || ""));
    if (state === 2 && !holder.hasAttribute("data-check")) {
      end.textContent = "You have finished this lesson.";
      end.className = "tb-state tb-state-2";
      end.hidden = false;
    }
  }
  showModuleContinue(data);
  showModuleCards(data);
}

function summary(data, key, lessons, checkSlug) {
  const rec = data.m[key] || { l: {} };
  const done = lessons.filter((s) => (rec.l || {})[s] === 2).length;
  const visited = lessons.filter((s) => (rec.l || {})[s] >= 1).length;
  const passed = Boolean(rec.p);
  return { rec, done, visited, passed, total: lessons.length, checkSlug };
}

function showModuleContinue(data) {
  const box = document.querySelector("[data-continue]");
  const list = document.querySelector(".lessons .tb-lesson-list[data-module-key]");
  if (!box || !list) return;
  const key = list.dataset.moduleKey;
  const items = [...list.querySelectorAll("li[data-lesson]")];
  const slugs = items.map((li) => slugOf(pathOf(li.dataset.lesson)));
  const check = items.find((li) => li.hasAttribute("data-check"));
  const s = summary(data, key, slugs, check ? slugOf(pathOf(check.dataset.lesson)) : null);
  const progress = document.querySelector("[data-module-progress]");
  if (progress) {
    progress.textContent = `Your progress: ${s.done} of ${s.total} lessons done, ${s.visited} opened.${s.passed ? " Knowledge check passed." : ""}`;
    progress.hidden = false;
  }
  const text = box.querySelector("[data-continue-text]");
  const link = box.querySelector("[data-continue-link]");
  if (s.visited === 0) {
    box.hidden = true;
    return;
  }
  const complete = s.visited === s.total && (s.passed || !check);
  if (complete) {
    text.textContent = "You have finished this module. Your certificate is ready.";
    link.textContent = "Get your certificate";
    link.href = href(`${key}certificate/`);
  } else {
    let target = null;
    if (data.r && slugs.includes(slugOf(data.r.u)) && data.r.u.startsWith(key)) {
      const last = items[slugs.indexOf(slugOf(data.r.u))];
      if (stateOf(data, key, slugOf(data.r.u)) < 2) target = last;
    }
    target = target || items.find((li, i) => stateOf(data, key, slugs[i]) < 2) || items[0];
    text.textContent = `You have finished ${s.done} of ${s.total} lessons. Continue where you left off:`;
    link.textContent = target.querySelector("a").textContent;
    link.href = target.querySelector("a").href;
  }
  box.hidden = false;
}

function showModuleCards(data) {
  for (const card of document.querySelectorAll("[data-module-card]")) {
    const key = card.dataset.moduleCard;
    const rec = data.m[key];
    const out = card.querySelector("[data-card-progress]");
    if (!out) continue;
    const total = Number(card.dataset.lessonCount) || 0;
    if (!rec || !rec.l || Object.keys(rec.l).length === 0) {
      out.textContent = "Your progress: not started.";
    } else {
      const done = Object.values(rec.l).filter((v) => v === 2).length;
      out.textContent = `Your progress: ${Math.min(done, total)} of ${total} lessons done${rec.p ? ", knowledge check passed" : ""}.`;
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
  title.textContent = "Continue where you left off";
  const line = document.createElement("p");
  const a = document.createElement("a");
  a.href = href(data.r.u);
  a.textContent = data.r.t;
  line.append(a);
  if (data.r.m) line.append(` in ${data.r.m}`);
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
  button.textContent = "Clear my data";
  const confirmBox = document.createElement("div");
  confirmBox.className = "tb-clear-confirm";
  confirmBox.hidden = true;
  const question = document.createElement("p");
  question.id = "tb-clear-question";
  question.textContent =
    "Remove your lesson progress, quiz scores, checklist ticks and the name for certificates from this browser? This cannot be undone.";
  const yes = document.createElement("button");
  yes.type = "button";
  yes.dataset.clearConfirm = "";
  yes.textContent = "Yes, clear my data";
  yes.setAttribute("aria-describedby", "tb-clear-question");
  const no = document.createElement("button");
  no.type = "button";
  no.className = "secondary";
  no.textContent = "Keep my data";
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
      status.textContent = "Your saved data has been cleared from this browser.";
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
