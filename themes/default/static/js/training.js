// The training experience in the browser: lesson progress, quizzes, checklists, certificates, the
// guides filter and "clear my data". Everything is saved in this browser only (see store.js);
// the pages work without this script, which only enhances them.

import { trackLesson, initMarkComplete, showLessonStates, showHomeContinue, clearControl } from "./progress.js";

// A block's script loads only on a page that holds the block, so a page pays for what it uses.
let quiz = null;

function refresh() {
  showLessonStates();
  if (quiz) quiz.showCertificateCta();
}

const has = (selector) => document.querySelector(selector) !== null;

async function start() {
  clearControl();
  const [quizModule, checklist, guides, certificate, verify] = await Promise.all([
    has("form[data-quiz], [data-cert-cta]") ? import("./quiz.js") : null,
    has("form[data-checklist]") ? import("./checklist.js") : null,
    has("form[data-guide-filter]") ? import("./guides.js") : null,
    has("[data-certificate]") ? import("./certificate.js") : null,
    has("[data-verify]") ? import("./verify.js") : null,
  ]);
  quiz = quizModule;
  if (quiz) for (const form of document.querySelectorAll("form[data-quiz]")) quiz.initQuiz(form, refresh);
  if (checklist) for (const form of document.querySelectorAll("form[data-checklist]")) checklist.initChecklist(form);
  if (guides) guides.initGuideFilter(document.querySelector("form[data-guide-filter]"));
  if (certificate) certificate.initCertificate(document.querySelector("[data-certificate]"));
  if (verify) verify.initVerify(document.querySelector("[data-verify]"));
  trackLesson();
  initMarkComplete(refresh);
  refresh();
  showHomeContinue();
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  document.body.dataset.trainingReady = "1";
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
