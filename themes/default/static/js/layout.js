// The layout's progress marks, read from what js/store.js saved (read only: this script never
// writes): each lesson's state in the module sidebar, and the home page's "continue where you
// left off" card. Without JavaScript, or with nothing saved, neither shows.

import { load, slugOf, href, lessonState, SAVED } from "./store.js";
import { wordsOf, sayer } from "./words.js";

// The states' class names and words (the body's table, in the language of the page's text).
const STATES = [
  ["not-started", "progress_new"],
  ["in-progress", "progress_started"],
  ["done", "layout_done"],
];

function sidebarStates(data) {
  const list = document.querySelector("[data-sidebar-module]");
  if (!list) return;
  const t = sayer(wordsOf(document.body));
  const rec = data.m[list.dataset.sidebarModule] || {};
  const lessons = rec.l || {};
  for (const li of list.querySelectorAll("li[data-lesson-path]")) {
    const mark = li.querySelector("[data-sidebar-state]");
    if (!mark) continue;
    const slug = slugOf(li.dataset.lessonPath);
    // A lesson is done once the reader marked it complete (store.js); a knowledge check once passed.
    const named = lessonState(data, list.dataset.sidebarModule, slug, null);
    let state = { new: 0, started: 1, done: 2 }[named];
    if (li.hasAttribute("data-check")) state = rec.p ? 2 : Math.min(lessons[slug] || 0, 1);
    const [name, key] = STATES[state];
    const label = t(key);
    mark.className = `sidebar-state state-${name}`;
    let text = mark.querySelector(".visually-hidden");
    if (!text) {
      text = document.createElement("span");
      text.className = "visually-hidden";
      mark.append(text);
    }
    text.textContent = ` (${label})`;
  }
}

function homeContinue(data) {
  const card = document.querySelector("[data-continue-card]");
  if (!card) return;
  const last = data.r;
  if (!last || !last.u) {
    card.hidden = true;
    document.documentElement.classList.remove("tb-has-progress");
    return;
  }
  const link = card.querySelector("[data-continue-link]");
  link.href = href(last.u);
  const text = card.querySelector("[data-continue-text]");
  const t = sayer(wordsOf(document.body));
  text.textContent = last.m ? `${last.t}, ${t("progress_home_in", last.m)}` : last.t;
  card.hidden = false;
}

function start() {
  const data = load();
  sidebarStates(data);
  homeContinue(data);
  document.body.dataset.layoutReady = "1";
}

// A lesson marked complete on this page shows in the sidebar at once, not on the next page.
window.addEventListener(SAVED, () => sidebarStates(load()));
// A page shown again from the back/forward cache gets the progress saved since.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) start();
});
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
