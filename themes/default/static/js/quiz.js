// Grades a quiz block in the browser: answers kept as they are chosen (and restored on return), a
// notice naming unanswered questions before grading, per-choice feedback, the score at the top
// with focus moved there, retry, and the result saved with the module's progress.

import { load, update, moduleRecord, slugOf, today, OPENED } from "./store.js";
import { outline, progressOf } from "./progress.js";
import { wordsOf, sayer } from "./words.js";

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
  const results = form.querySelector("[data-quiz-results]");
  const result = form.querySelector("[data-quiz-result]");
  const unanswered = form.querySelector("[data-quiz-unanswered]");
  const questions = [...form.querySelectorAll("fieldset[data-question]")];
  const pass = form.dataset.pass ? Number(form.dataset.pass) : null;
  const ctx = pass === null ? null : moduleContext();
  const quizKey = form.id;
  const t = sayer(wordsOf(form));
  form.classList.add("tb-js");
  if (actions) actions.hidden = false;
  result.tabIndex = -1;

  const say = (text) => {
    result.textContent = text;
    results.hidden = !text;
  };

  const saved = ctx && load().m[ctx.key];
  if (saved && typeof saved.s === "number" && saved.s >= pass) {
    say(saved.p ? t("quiz_passed_on", formatDate(saved.p), saved.s) : t("quiz_passed", "", saved.s));
  } else if (saved && typeof saved.s === "number") {
    say(t("quiz_best", saved.s, pass));
  }
  restoreAnswers();

  form.addEventListener("change", saveAnswers);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const blank = questions.filter((q) => !q.querySelector("input:checked"));
    if (blank.length > 0 && unanswered.hidden) {
      warn(blank);
      return;
    }
    grade();
  });
  retry.addEventListener("click", reset);

  /** The answers chosen so far, kept in the browser until the quiz is reset. */
  function saveAnswers() {
    const answers = {};
    for (const q of questions) {
      const chosen = [...q.querySelectorAll("input:checked")].map((i) => i.value);
      if (chosen.length) answers[q.dataset.question] = chosen.join(" ");
    }
    update((d) => {
      d.q = d.q && typeof d.q === "object" ? d.q : {};
      if (Object.keys(answers).length) d.q[quizKey] = answers;
      else delete d.q[quizKey];
    });
    // An answer given after the notice was shown: the notice is out of date.
    if (!unanswered.hidden) {
      const blank = questions.filter((q) => !q.querySelector("input:checked"));
      if (blank.length) warn(blank, false);
      else unanswered.hidden = true;
    }
  }

  function restoreAnswers() {
    const answers = (load().q || {})[quizKey];
    if (!answers || typeof answers !== "object") return;
    for (const q of questions) {
      const chosen = String(answers[q.dataset.question] || "").split(" ");
      for (const input of q.querySelectorAll("input")) input.checked = chosen.includes(input.value);
    }
  }

  /** Names the unanswered questions, with links to them; checking again grades anyway. */
  function warn(blank, focus = true) {
    const intro = document.createElement("p");
    intro.textContent = blank.length === 1 ? t("quiz_unanswered_one") : t("quiz_unanswered", blank.length);
    const list = document.createElement("ul");
    for (const q of blank) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      const first = q.querySelector("input");
      a.href = `#${first.id}`;
      a.textContent = q.querySelector(".tb-qnum").textContent;
      a.addEventListener("click", (event) => {
        event.preventDefault();
        first.focus();
      });
      li.append(a, `: ${q.querySelector(".tb-prompt").textContent}`);
      list.append(li);
    }
    const after = document.createElement("p");
    after.textContent = t("quiz_unanswered_after");
    unanswered.replaceChildren(intro, list, after);
    unanswered.hidden = false;
    if (focus) unanswered.focus();
  }

  function grade() {
    unanswered.hidden = true;
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
        ? t("quiz_right")
        : chosen.length === 0
          ? t("quiz_not_answered")
          : q.dataset.kind === "multiple"
            ? t("quiz_not_quite")
            : t("quiz_not_right");
      line.hidden = false;
      q.classList.toggle("tb-right", ok);
      q.classList.toggle("tb-wrong", !ok);
    }
    const total = questions.length;
    const score = total ? Math.round((100 * right) / total) : 0;
    let message = t("quiz_score", right, total, score);
    if (pass !== null) {
      const passed = score >= pass;
      message += ` ${passed ? t("quiz_pass_yes", pass) : t("quiz_pass_no", pass)}`;
      if (ctx) {
        update((d) => {
          const rec = moduleRecord(d, ctx.key);
          rec.s = Math.max(rec.s || 0, score);
          if (passed) rec.p = rec.p || today();
          if (!rec.l[ctx.slug]) rec.l[ctx.slug] = OPENED;
        });
      }
    }
    form.classList.add("tb-graded");
    say(message);
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
    saveAnswers();
    form.classList.remove("tb-graded");
    say("");
    check.hidden = false;
    retry.hidden = true;
    const first = form.querySelector("input");
    if (first) first.focus();
  }
}

/** On a knowledge check: once passed, point to the certificate, or name the lessons still to
 *  complete, with links. */
export function showCertificateCta() {
  const cta = document.querySelector("[data-cert-cta]");
  const list = document.querySelector(".tb-outline .tb-lesson-list[data-module-key]");
  if (!cta || !list) return;
  const module = outline(list);
  const data = load();
  const rec = data.m[module.key];
  if (!rec || typeof rec.s !== "number" || module.pass === null || rec.s < module.pass) {
    cta.hidden = true;
    return;
  }
  const p = progressOf(data, module);
  const missing = module.lessons.filter((_, i) => p.states[i] !== "done");
  const text = cta.querySelector("[data-cert-cta-text]");
  const items = cta.querySelector("[data-cert-missing]");
  const t = sayer(wordsOf(document.querySelector("form[data-quiz]")));
  items.replaceChildren(...missing.map(lessonLink));
  text.textContent = missing.length
    ? t(missing.length === 1 ? "quiz_cert_one" : "quiz_cert_many")
    : t("quiz_cert_ready");
  items.hidden = missing.length === 0;
  cta.querySelector("[data-cert-cta-link]").hidden = missing.length > 0;
  cta.hidden = false;
}

/** A list item linking to a lesson. */
export function lessonLink(lesson) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.href = lesson.url;
  a.textContent = lesson.title;
  li.append(a);
  return li;
}

export { formatDate };
