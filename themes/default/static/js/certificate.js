// The certificate page: checks the saved progress (every lesson opened, the check passed), then
// lets the reader put their name on the certificate and print it. Self-attested by design.

import { load, update } from "./store.js";
import { formatDate } from "./quiz.js";

export function initCertificate(root) {
  const key = root.dataset.moduleKey;
  const lessons = (root.dataset.lessons || "").split(" ").filter(Boolean);
  const check = root.dataset.check || null;
  const pass = root.dataset.pass ? Number(root.dataset.pass) : null;
  const status = root.querySelector("[data-cert-status]");
  const checks = root.querySelector("[data-cert-checks]");
  const message = root.querySelector("[data-cert-message]");
  const form = root.querySelector("[data-cert-form]");
  const nameInput = form.querySelector("input[name=name]");
  const nameOut = root.querySelector("[data-cert-name]");

  const nojs = root.querySelector("[data-cert-nojs]");
  if (nojs) nojs.hidden = true;
  status.hidden = false;

  const data = load();
  const rec = data.m[key] || { l: {} };
  const opened = lessons.filter((s) => (rec.l || {})[s] >= 1).length;
  const passed = !check || Boolean(rec.p);
  const items = [
    [opened === lessons.length, `Opened every lesson: ${opened} of ${lessons.length}.`],
  ];
  if (check) {
    items.push([
      passed,
      passed
        ? `Passed the knowledge check with ${rec.s}%.`
        : `Pass the knowledge check${pass !== null ? ` (${pass}% needed)` : ""}${typeof rec.s === "number" ? `: your best score so far is ${rec.s}%` : ""}.`,
    ]);
  }
  checks.replaceChildren(
    ...items.map(([ok, text]) => {
      const li = document.createElement("li");
      li.className = ok ? "tb-ok" : "tb-todo";
      const mark = document.createElement("span");
      mark.className = "tb-mark";
      mark.textContent = ok ? "Done: " : "To do: ";
      li.append(mark, text);
      return li;
    }),
  );

  const eligible = opened === lessons.length && passed;
  if (!eligible) {
    message.textContent = "Your certificate is not ready yet. Finish the steps marked “To do”, then come back.";
    form.hidden = true;
    return;
  }
  root.classList.add("tb-cert-ready");
  root.querySelector("[data-cert-score]").textContent = typeof rec.s === "number" ? `${rec.s}%` : "—";
  root.querySelector("[data-cert-date]").textContent = rec.p ? formatDate(rec.p) : formatDate(todayFallback());
  form.hidden = false;
  if (data.n) {
    nameInput.value = data.n;
    nameOut.textContent = data.n;
    message.textContent = "Your certificate is ready to print.";
  } else {
    message.textContent = "You have finished the module. Type your name to complete the certificate.";
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = nameInput.value.trim().slice(0, 80);
    if (!name) {
      message.textContent = "Type your name first.";
      nameInput.focus();
      return;
    }
    update((d) => {
      d.n = name;
    });
    nameOut.textContent = name;
    message.textContent = "Your certificate is ready. Print it, or choose “Save as PDF” in the print dialog.";
  });
}

function todayFallback() {
  return new Date().toISOString().slice(0, 10);
}
