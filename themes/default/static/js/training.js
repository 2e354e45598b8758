// The training experience in the browser: lesson progress, quizzes, checklists, certificates, the
// guides filter and "clear my data". Everything is saved in this browser only (see store.js);
// the pages work without this script, which only enhances them.

import { initQuiz, showCertificateCta } from "./quiz.js";
import { initChecklist } from "./checklist.js";
import { initGuideFilter } from "./guides.js";
import { initCertificate } from "./certificate.js";
import { trackLesson, initMarkComplete, showLessonStates, showHomeContinue, clearControl } from "./progress.js";
import { initVerify } from "./verify.js";

function refresh() {
  showLessonStates();
  showCertificateCta();
}

function start() {
  clearControl();
  for (const form of document.querySelectorAll("form[data-quiz]")) initQuiz(form, refresh);
  for (const form of document.querySelectorAll("form[data-checklist]")) initChecklist(form);
  const filter = document.querySelector("form[data-guide-filter]");
  if (filter) initGuideFilter(filter);
  const certificate = document.querySelector("[data-certificate]");
  if (certificate) initCertificate(certificate);
  const verify = document.querySelector("[data-verify]");
  if (verify) initVerify(verify);
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
