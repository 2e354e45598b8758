// /certificates/verify/: recomputes a certificate's code from its printed fields, typed in.

import { certificateCode, normaliseCode } from "./certificate-code.js";

export function initVerify(root) {
  const form = root.querySelector("[data-verify-form]");
  const result = root.querySelector("[data-verify-result]");
  const module = form.querySelector("[name=module]");
  const hours = form.querySelector("[name=hours]");
  const nojs = root.querySelector("[data-verify-nojs]");
  if (nojs) nojs.hidden = true;
  form.hidden = false;
  const fillHours = () => {
    hours.value = module.selectedOptions[0] ? module.selectedOptions[0].dataset.hours || "" : "";
  };
  fillHours();
  module.addEventListener("change", fillHours);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = (name) => form.querySelector(`[name=${name}]`).value;
    const expected = certificateCode({
      site: root.dataset.site,
      module: value("module"),
      name: value("name"),
      hours: value("hours"),
      date: value("date"),
    });
    const typed = normaliseCode(value("code"));
    result.className = `tb-verify-result ${typed === expected ? "tb-ok" : "tb-todo"}`;
    result.textContent =
      typed === expected
        ? `The code matches: ${expected}. The fields were typed as printed. This does not prove the training was done; the district's LMS keeps that record.`
        : `The code does not match. These fields give ${expected}; the certificate says ${typed || "nothing"}. Check each field for a typing mistake, including the date.`;
    result.focus();
  });
}
