// The certificate page: checks the saved progress (every lesson marked complete, the knowledge
// check passed at the module's pass mark), names what is missing with links, then lets the reader
// put their name on the certificate, which gets its code, and print it. Self-attested by design.

import { load, update, moduleRecord, today } from "./store.js";
import { formatDate, lessonLink } from "./quiz.js";
import { outline, progressOf } from "./progress.js";
import { certificateCode } from "./certificate-code.js";
import { wordsOf, sayer } from "./words.js";

export function initCertificate(root) {
  const module = outline(root.querySelector("[data-cert-lessons]"));
  const t = sayer(wordsOf(root));
  const status = root.querySelector("[data-cert-status]");
  const checks = root.querySelector("[data-cert-checks]");
  const message = root.querySelector("[data-cert-message]");
  const form = root.querySelector("[data-cert-form]");
  const nameInput = form.querySelector("input[name=name]");
  const nameOut = root.querySelector("[data-cert-name]");
  const codeOut = root.querySelector("[data-cert-code]");

  const nojs = root.querySelector("[data-cert-nojs]");
  if (nojs) nojs.hidden = true;
  status.hidden = false;

  const data = load();
  const rec = data.m[module.key] || { l: {} };
  const p = progressOf(data, module);
  const check = module.lessons.find((l) => l.isCheck);
  const lessons = module.lessons.filter((l) => !l.isCheck);
  const missing = lessons.filter((l) => p.states[module.lessons.indexOf(l)] !== "done");
  const passed = !check || p.states[module.lessons.indexOf(check)] === "done";

  const item = (ok, text, links) => {
    const li = document.createElement("li");
    li.className = ok ? "tb-ok" : "tb-todo";
    const mark = document.createElement("span");
    mark.className = "tb-mark";
    mark.textContent = `${t(ok ? "cert_done" : "cert_todo")} `;
    li.append(mark, text);
    if (links && links.length) {
      const list = document.createElement("ul");
      list.className = "tb-missing";
      list.append(...links.map(lessonLink));
      li.append(list);
    }
    return li;
  };
  const items = [
    missing.length === 0
      ? item(true, t("cert_all_lessons", lessons.length))
      : item(
          false,
          missing.length === 1
            ? t("cert_mark_one", lessons.length - missing.length, lessons.length)
            : t("cert_mark_many", missing.length, lessons.length - missing.length, lessons.length),
          missing,
        ),
  ];
  if (check) {
    items.push(
      passed
        ? item(true, t("cert_passed", rec.s))
        : item(
            false,
            typeof rec.s === "number" ? t("cert_pass_best", module.pass, rec.s) : t("cert_pass", module.pass),
            [check],
          ),
    );
  }
  checks.replaceChildren(...items);

  if (missing.length > 0 || !passed) {
    message.textContent = t("cert_not_ready");
    form.hidden = true;
    return;
  }
  // The date completed: the day the check was passed, or the day every lesson was found complete.
  let date = rec.p || rec.d;
  if (!date) {
    date = today();
    update((d) => {
      moduleRecord(d, module.key).d = date;
    });
  }
  root.classList.add("tb-cert-ready");
  root.querySelector("[data-cert-score]").textContent = typeof rec.s === "number" ? `${rec.s}%` : "—";
  root.querySelector("[data-cert-date]").textContent = formatDate(date);
  form.hidden = false;

  const fill = (name) => {
    nameOut.textContent = name;
    codeOut.textContent = certificateCode({
      site: root.dataset.site,
      module: module.key,
      name,
      hours: root.dataset.hours || "",
      date,
    });
  };
  if (data.n) {
    nameInput.value = data.n;
    fill(data.n);
    message.textContent = t("cert_ready_print");
  } else {
    message.textContent = t("cert_type_name");
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = nameInput.value.trim().slice(0, 80);
    if (!name) {
      message.textContent = t("cert_name_first");
      nameInput.focus();
      return;
    }
    update((d) => {
      d.n = name;
    });
    fill(name);
    message.textContent = t("cert_ready");
  });
}
