// Grades a quiz block in the browser: per-choice feedback, a score against the module's pass mark,
// retry, and the result saved with the module's progress.

import { load, update, moduleRecord, pathOf, slugOf, today } from "./store.js";

function moduleContext() {
  const end = document.querySelector("[data-lesson-end]");
  if (!end) return null;
  return { key: end.dataset.moduleKey, slug: slugOf(document.body.dataset.path || "") };
}

function formatDate(iso) {
  const date = new Date(`${iso}T12:00:00`);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(document.documentElement.lang || undefined, {
    year: "numeric",
    month: "long",
    day: "numeric",
  });
}

export function initQuiz(form, onResult) {
  const actions = form.querySelector("[data-quiz-actions]");
  const check = form.querySelector("[data-quiz-check]");
  const retry = form.querySelector("[data-quiz-retry]");
  const result = form.querySelector("[data-quiz-result]");
  const questions = [...form.querySelectorAll("fieldset[data-question]")];
  const pass = form.dataset.pass ? Number(form.dataset.pass) : null;
  const ctx = pass === null ? null : moduleContext();
  form.classList.add("tb-js");
  if (actions) actions.hidden = false;
  result.tabIndex = -1;

  const saved = ctx && load().m[ctx.key];
  if (saved && saved.p) {
    result.textContent = `You passed this check on ${formatDate(saved.p)}. Your best score is ${saved.s}%. You can take it again; your best score is kept.`;
  } else if (saved && typeof saved.s === "number") {
    result.textContent = `Your best score so far is ${saved.s}%. You need ${pass}% to pass.`;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    grade();
  });
  retry.addEventListener("click", reset);

  function grade() {
    let right = 0;
    for (const q of questions) {
      const inputs = [...q.querySelectorAll("input")];
      const chosen = inputs.filter((i) => i.checked);
      const ok = chosen.length > 0 && inputs.every((i) => i.checked === i.hasAttribute("data-correct"));
      if (ok) right += 1;
      for (const input of inputs) {
        const feedback = document.getElementById(`${input.id}_fb`);
        if (feedback) feedback.hidden = !input.checked;
        const li = input.closest("li");
        li.classList.toggle("tb-chosen", input.checked);
        li.classList.toggle("tb-chosen-right", input.checked && input.hasAttribute("data-correct"));
        li.classList.toggle("tb-chosen-wrong", input.checked && !input.hasAttribute("data-correct"));
        input.disabled = true;
      }
      const line = q.querySelector("[data-question-result]");
      line.textContent = ok
        ? "Right."
        : chosen.length === 0
          ? "Not answered."
          : q.dataset.kind === "multiple"
            ? "Not quite: look at the feedback on your choices."
            : "Not right yet: read the feedback under your choice.";
      line.hidden = false;
      q.classList.toggle("tb-right", ok);
      q.classList.toggle("tb-wrong", !ok);
    }
    const total = questions.length;
    const score = total ? Math.round((100 * right) / total) : 0;
    let message = `You got ${right} of ${total} right (${score}%).`;
    if (pass !== null) {
      const passed = score >= pass;
      message += passed
        ? ` You passed: the pass mark is ${pass}%.`
        : ` You need ${pass}% to pass. Read the feedback, then try again.`;
      if (ctx) {
        update((d) => {
          const rec = moduleRecord(d, ctx.key);
          rec.s = Math.max(rec.s || 0, score);
          if (passed) {
            rec.p = rec.p || today();
            rec.l[ctx.slug] = 2;
          } else if (!rec.l[ctx.slug]) {
            rec.l[ctx.slug] = 1;
          }
        });
      }
    }
    form.classList.add("tb-graded");
    result.textContent = message;
    check.hidden = true;
    retry.hidden = false;
    result.focus();
    onResult();
  }

  function reset() {
    for (const q of questions) {
      for (const input of q.querySelectorAll("input")) {
        input.disabled = false;
        input.checked = false;
        const li = input.closest("li");
        li.classList.remove("tb-chosen", "tb-chosen-right", "tb-chosen-wrong");
        const feedback = document.getElementById(`${input.id}_fb`);
        if (feedback) feedback.hidden = true;
      }
      const line = q.querySelector("[data-question-result]");
      line.hidden = true;
      line.textContent = "";
      q.classList.remove("tb-right", "tb-wrong");
    }
    form.classList.remove("tb-graded");
    result.textContent = "";
    check.hidden = false;
    retry.hidden = true;
    const first = form.querySelector("input");
    if (first) first.focus();
  }
}

/** On a knowledge check: once passed, point to the certificate (or to the lessons still unopened). */
export function showCertificateCta() {
  const cta = document.querySelector("[data-cert-cta]");
  const end = document.querySelector("[data-lesson-end]");
  if (!cta || !end) return;
  const rec = load().m[end.dataset.moduleKey];
  if (!rec || !rec.p) {
    cta.hidden = true;
    return;
  }
  const missing = [...document.querySelectorAll(".tb-outline li[data-lesson]")]
    .filter((li) => !(rec.l || {})[slugOf(pathOf(li.dataset.lesson))])
    .map((li) => li.querySelector("a").textContent);
  const text = cta.querySelector("[data-cert-cta-text]");
  text.textContent = missing.length
    ? `You passed. Open the lessons you have not visited yet to complete the module: ${missing.join("; ")}.`
    : "You passed and have opened every lesson. Your certificate is ready.";
  cta.querySelector("a").hidden = missing.length > 0;
  cta.hidden = false;
}

export { formatDate };
