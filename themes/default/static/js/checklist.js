// Checklist blocks: ticks kept in this browser under the checklist's id, a live progress count
// (overall and per group), "untick all" and print.

import { load, update } from "./store.js";

export function initChecklist(form) {
  const id = form.dataset.checklist;
  const boxes = [...form.querySelectorAll("input[type=checkbox]")];
  const progress = form.querySelector("[data-checklist-progress]");
  const actions = form.querySelector("[data-checklist-actions]");
  const reset = form.querySelector("[data-checklist-reset]");
  if (actions) actions.hidden = false;

  const ticked = new Set(load().c[id] || []);
  for (const box of boxes) box.checked = ticked.has(box.name);
  count();

  form.addEventListener("change", (event) => {
    if (!(event.target instanceof HTMLInputElement)) return;
    save();
    count();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  if (reset) {
    reset.addEventListener("click", () => {
      for (const box of boxes) box.checked = false;
      save();
      count();
      if (boxes[0]) boxes[0].focus();
    });
  }

  function save() {
    const names = boxes.filter((b) => b.checked).map((b) => b.name);
    update((d) => {
      if (names.length) d.c[id] = names;
      else delete d.c[id];
    });
  }

  function count() {
    const done = boxes.filter((b) => b.checked).length;
    // The words come from the page (theme strings, docs/i18n.md), in the page's language.
    const fill = (text, a, b) => text.replace("{done}", a).replace("{total}", b);
    progress.textContent = fill(form.dataset.progressText || "{done} of {total} items ticked.", done, boxes.length);
    for (const group of form.querySelectorAll("fieldset")) {
      const inGroup = [...group.querySelectorAll("input[type=checkbox]")];
      const out = group.querySelector("[data-group-count]");
      const ticked = inGroup.filter((b) => b.checked).length;
      if (out) out.textContent = fill(form.dataset.groupText || "({done} of {total})", ticked, inGroup.length);
    }
  }
}
