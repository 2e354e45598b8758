// The cost calculator's form. The numbers, the rounding and every message come from the calculator
// crate compiled to WebAssembly (the same code as `tierbook calc` and the build's worked example);
// this module only moves text between the form and the model. No framework, no build step, and
// nothing derived from input is written as HTML (textContent only).
// The wasm says words by key; their text, in the page's language, is the block's data-words table
// (the theme's strings `calc_*`, written by the build). Numbers are the wasm's, the US way.
import init, { put, run, out } from "../calculator/calculator.js";
import { amount, figure } from "./chart.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// One calculation through the wasm module's byte interface (calculator/src/wasm.rs): the mode and
// each field's text go in as UTF-8, the report comes back as lines of tab-separated parts. Each
// value is cut to 65 characters (the model treats anything over 64 bytes as not a number, so the
// cut never changes a result), and the two separator characters cannot come from a field.
// A text with `{name}` and `{0}`, `{1}`, ... filled in.
function fill(text, args, name = "") {
  return text.replace(/\{(\w+)\}/g, (whole, k) => (k === "name" ? name : args[Number(k)] ?? whole));
}

function calculate(mode, fields, words) {
  const say = (key) => words[key] ?? key;
  let text = mode;
  for (const [id, value] of fields) text += `\x1e${id}\x1f${value.slice(0, 65).replace(/[\x1e\x1f]/g, "\x7f")}`;
  for (const byte of encoder.encode(text)) put(byte);
  const bytes = new Uint8Array(run());
  for (let i = 0; i < bytes.length; i++) bytes[i] = out(i);
  const report = { messages: [], figures: [], summary: "", notes: [], header: [], headerKeys: [], rows: [] };
  for (const line of decoder.decode(bytes).split("\n")) {
    const [tag, ...parts] = line.split("\t");
    if (tag === "m") {
      const [field, level, key, ...args] = parts;
      report.messages.push({ field, error: level === "e", text: fill(say(key), args, say(`name_${field}`)) });
    } else if (tag === "f") report.figures.push([parts[0], say(parts[1]), parts[2]]);
    else if (tag === "s") report.summary = fill(say(parts[0]), parts.slice(1));
    else if (tag === "n") report.notes.push(say(parts[0]));
    else if (tag === "h") {
      report.headerKeys = parts;
      report.header = parts.map(say);
    } else if (tag === "r") report.rows.push(parts);
  }
  report.blocked = report.messages.some((m) => m.error);
  return report;
}

// What the chart shows for a mode, or null (no chart for this mode, or nothing to show).
function chartSpec(mode, report, words) {
  if (mode === "forecast") {
    const before = report.headerKeys.indexOf("col_total_before");
    const after = report.headerKeys.indexOf("col_total_after");
    if (before < 0 || after < 0 || report.rows.length === 0) return null;
    const column = (i) => report.rows.map((row) => amount(row[i]));
    const series = [
      { name: report.header[before], values: column(before) },
      { name: report.header[after], values: column(after) },
    ];
    if (series.some((s) => s.values.includes(null))) return null;
    const categories = report.rows.map((row) => row[0]);
    const title = words.ui_chart_title;
    return { title, xLabel: words.col_year, yLabel: words.ui_chart_y, ordered: true, categories, series };
  }
  return null;
}

const PANELS = ["compare", "work-back", "build-up", "what-if", "forecast"];
const BASES = ["employed", "contracted"];

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

// ---- The printed sheet and the CSV download: the current mode's inputs and results ----

// A shown value as a plain number for a spreadsheet: "$72,092" -> "72092", "25.0%" -> "25.0";
// text that is not one number (a typo, a message) gives "".
function plain(text) {
  const bare = String(text).replace(/[$,%\s]/g, "");
  return /^-?\d+(\.\d+)?$/.test(bare) ? bare : "";
}

// One CSV field by RFC 4180: quoted when it holds a quote, comma or line break (quotes doubled).
// A field a spreadsheet would run as a formula (= + @, a tab, or - not starting a number) gets a
// leading apostrophe, so a value typed into the form or a share link stays text (OWASP).
function csvField(value) {
  let text = String(value);
  if (/^[=+@\t\r]/.test(text) || (/^-/.test(text) && plain(text) === "")) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(rows) {
  return `\ufeff${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return {
    iso: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
    long: now.toLocaleDateString(document.documentElement.lang || "en", { year: "numeric", month: "long", day: "numeric" }),
  };
}

// The one sheet the page prints while the calculator runs (calculator.css shows only it in print).
let sheet = null;
let active = null;

function table(caption, head, rows) {
  const node = el("table", undefined, "tb-calc-table");
  node.append(el("caption", caption));
  if (head) {
    const row = el("tr");
    for (const text of head) {
      const th = el("th", text);
      th.scope = "col";
      row.append(th);
    }
    node.createTHead().append(row);
  }
  const body = node.createTBody();
  for (const cells of rows) {
    const row = el("tr");
    cells.forEach((text, j) => {
      const cell = el(j === 0 ? "th" : "td", text);
      if (j === 0) cell.scope = "row";
      row.append(cell);
    });
    body.append(row);
  }
  return node;
}

// Two blocks with the same mode and preset on one page get the same ids at build time; give the
// later ones their own, before anything refers to them.
function dedupeIds(roots) {
  const seen = new Map();
  for (const root of roots) {
    const old = root.id;
    const count = seen.get(old) || 0;
    seen.set(old, count + 1);
    if (count === 0) continue;
    const fresh = `${old}-${count + 1}`;
    const attrs = ["id", "for", "name", "aria-describedby", "aria-labelledby", "href"];
    for (const node of [root, ...root.querySelectorAll("*")]) {
      for (const attr of attrs) {
        const value = node.getAttribute(attr);
        if (value && value.includes(old)) node.setAttribute(attr, value.split(old).join(fresh));
      }
    }
  }
}

class Form {
  constructor(root) {
    this.root = root;
    this.id = root.id;
    this.form = root.querySelector("[data-form]");
    this.output = root.querySelector("[data-output]");
    this.summary = root.querySelector("[data-summary]");
    this.results = root.querySelector("[data-results]");
    this.years = root.querySelector("[data-years]");
    this.notes = root.querySelector("[data-notes]");
    this.share = root.querySelector("[data-share]");
    this.status = root.querySelector("[data-status]");
    this.chart = root.querySelector("[data-chart]");
    this.shown = "";
    this.report = null;
    // The words of the page's language (see the top of this file).
    try {
      this.words = JSON.parse(root.dataset.words || "{}");
    } catch {
      this.words = {};
    }
  }

  // One of the block's own words (`ui_<key>`), with `{0}` filled.
  ui(key, arg = "") {
    return fill(this.words[`ui_${key}`] ?? key, [arg]);
  }

  // What the sheet and the CSV name the mode by: the chosen mode, and build-up's basis.
  modeTitle() {
    const label = (name) => {
      const radio = this.form.querySelector(`input[name="${name}"]:checked`);
      return radio ? radio.parentElement.textContent.trim() : "";
    };
    const mode = label(`${this.id}-mode`);
    return this.panelId() === "build-up" ? `${mode}: ${label(`${this.id}-build-up-basis`).toLowerCase()}` : mode;
  }

  // The inputs as the reader sees them: label, the value with its unit, the typed text.
  shownInputs() {
    return this.inputs()
      .filter((input) => input.value.trim() !== "")
      .map((input) => {
        const field = input.closest(".tb-calc-field");
        const prefix = field.querySelector(".tb-calc-prefix") ? "$" : "";
        // "$ per student per year" after a "$" prefix reads "$2152 per student per year".
        const unit = (document.getElementById(`${input.id}-unit`)?.textContent.trim() || "").replace(/^\$\s*/, "");
        const value = input.value.trim();
        const shown = `${prefix}${value}${unit === "%" || unit === "" ? unit : ` ${unit}`}`;
        return { id: input.dataset.field, label: field.querySelector("label").textContent, value, shown };
      });
  }

  disclosures() {
    return [...this.root.querySelectorAll(".tb-calc-disclosures p")].map((p) => p.textContent);
  }

  // The current mode's inputs and results as CSV rows (part, id, label, shown, value), from the
  // numbers the wasm returned.
  csvRows() {
    const report = this.report;
    const date = today();
    const rows = [
      ["part", "id", "label", "shown", "value"],
      ["about", "mode", this.ui("csv_mode"), this.modeTitle(), this.mode()],
      ["about", "district", this.ui("csv_district"), this.root.dataset.district || "", ""],
      ["about", "date", this.ui("csv_date"), date.long, date.iso],
    ];
    for (const input of this.shownInputs()) rows.push(["input", input.id, input.label, input.shown, input.value]);
    for (const m of report.messages) rows.push([m.error ? "blocked" : "check", m.field, "", m.text, ""]);
    if (!report.blocked) {
      for (const [id, label, text] of report.figures) rows.push(["result", id, label, text, plain(text)]);
      report.rows.forEach((cells) => {
        cells.slice(1).forEach((text, j) => rows.push(["year", cells[0], report.header[j + 1], text, plain(text)]));
      });
      if (report.summary) rows.push(["summary", "", "", report.summary, ""]);
      for (const note of report.notes) rows.push(["note", "", "", note, ""]);
    }
    for (const text of this.disclosures()) rows.push(["assumption", "", "", text, ""]);
    return rows;
  }

  downloadCsv() {
    const blob = new Blob([csv(this.csvRows())], { type: "text/csv;charset=utf-8" });
    const link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = `cost-calculator-${this.mode()}-${today().iso}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    this.status.textContent = this.ui("csv_done");
  }

  // The printed page: the mode, the district and the date, the inputs, the results and the
  // assumptions, nothing else.
  fillSheet() {
    const report = this.report;
    if (!sheet || !report) return;
    const date = today();
    const parts = [
      el("p", this.ui("sheet_title", this.modeTitle()), "tb-calc-sheet-title"),
      el("p", [this.root.dataset.district, this.ui("printed_on", date.long)].filter(Boolean).join(" · ")),
      table(this.ui("inputs"), null, this.shownInputs().map((i) => [i.label, i.shown])),
    ];
    if (report.messages.length) {
      const list = el("ul");
      for (const m of report.messages) list.append(el("li", this.ui(m.error ? "blocked" : "check", m.text)));
      parts.push(list);
    }
    if (!report.blocked) {
      const results = report.figures.map(([, label, text]) => [label, text]);
      if (report.figures.length) parts.push(table(this.ui("results"), null, results));
      if (report.rows.length) parts.push(table(this.ui("years"), report.header, report.rows));
      if (report.summary) parts.push(el("p", report.summary, "tb-calc-summary"));
    } else {
      parts.push(el("p", this.ui("sheet_blocked"), "tb-calc-summary"));
    }
    const assumptions = el("ul");
    for (const text of [...(report.blocked ? [] : report.notes), ...this.disclosures()]) assumptions.append(el("li", text));
    parts.push(el("p", this.ui("assumptions"), "tb-calc-sheet-head"), assumptions);
    sheet.replaceChildren(...parts);
  }

  panelId() {
    const checked = this.form.querySelector(`input[name="${this.id}-mode"]:checked`);
    return checked ? checked.value : this.root.dataset.mode;
  }

  panel() {
    return this.form.querySelector(`[data-panel="${this.panelId()}"]`);
  }

  basis() {
    const checked = this.form.querySelector(`input[name="${this.id}-build-up-basis"]:checked`);
    return checked ? checked.value : "employed";
  }

  // The model's mode: build-up is two modes, one per basis.
  mode() {
    const panel = this.panelId();
    return panel === "build-up" ? this.basis() : panel;
  }

  // The inputs that count now: the active panel's, without the other basis's.
  inputs() {
    return [...this.panel().querySelectorAll("input[data-field]")].filter((input) => !input.closest("[hidden]"));
  }

  showPanels() {
    const active = this.panelId();
    for (const panel of this.form.querySelectorAll("[data-panel]")) panel.hidden = panel.dataset.panel !== active;
    const basis = this.basis();
    for (const part of this.form.querySelectorAll("[data-basis]")) part.hidden = part.dataset.basis !== basis;
  }

  // Reads `?calc=<id>&mode=...&<field>=...`; values are put in the fields as they are, so a bad
  // value shows its message like a typed one.
  applyUrl(params) {
    const panel = params.get("mode");
    if (PANELS.includes(panel)) {
      const radio = this.form.querySelector(`input[name="${this.id}-mode"][value="${panel}"]`);
      if (radio) radio.checked = true;
    }
    const basis = params.get("basis");
    if (BASES.includes(basis)) {
      const radio = this.form.querySelector(`input[name="${this.id}-build-up-basis"][value="${basis}"]`);
      if (radio) radio.checked = true;
    }
    this.showPanels();
    for (const input of this.inputs()) {
      const value = params.get(input.dataset.field);
      if (value !== null) input.value = value.slice(0, 40);
    }
  }

  shareUrl() {
    const params = new URLSearchParams();
    params.set("calc", this.id);
    params.set("mode", this.panelId());
    if (this.panelId() === "build-up") params.set("basis", this.basis());
    for (const input of this.inputs()) {
      if (input.value.trim() !== "") params.set(input.dataset.field, input.value.trim());
    }
    const url = new URL(window.location.href);
    url.search = params.toString();
    url.hash = this.id;
    return url;
  }

  update(fromUser) {
    const inputs = this.inputs();
    const report = calculate(
      this.mode(),
      inputs.map((input) => [input.dataset.field, input.value]),
      this.words,
    );
    // A form that starts blank (the forecast) waits for the reader instead of listing every empty
    // field as an error: only fields the reader has touched get "is required".
    const untouched = (m) => {
      const input = inputs.find((i) => i.dataset.field === m.field);
      return input && input.value.trim() === "" && !input.dataset.edited;
    };
    report.messages = report.messages.filter((m) => !untouched(m));
    const waiting = report.blocked && !report.messages.some((m) => m.error);
    this.showMessages(report, inputs);
    this.showResult(report, waiting);
    this.report = report;
    if (active === this) this.fillSheet();
    const url = this.shareUrl();
    this.share.href = url.href;
    if (fromUser) window.history.replaceState(null, "", url.href);
  }

  showMessages(report, inputs) {
    const byField = new Map();
    for (const message of report.messages) {
      const entry = byField.get(message.field) || { texts: [], error: false };
      entry.texts.push(message.text);
      entry.error = entry.error || message.error;
      byField.set(message.field, entry);
    }
    for (const input of inputs) {
      const message = document.getElementById(`${input.id}-msg`);
      const entry = byField.get(input.dataset.field);
      if (!message) continue;
      message.hidden = !entry;
      message.textContent = entry ? entry.texts.join(" ") : "";
      message.classList.toggle("tb-calc-warn", Boolean(entry && !entry.error));
      if (entry && entry.error) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  }

  showResult(report, waiting) {
    const { blocked, figures, header, rows, notes } = report;
    let summary = report.summary;
    if (waiting) {
      summary = this.ui("waiting");
    } else if (blocked) {
      const first = report.messages.filter((m) => m.error).map((m) => m.text);
      summary = this.ui("no_result", first.join(". "));
    }
    // Rewrite the live region only when something changed, so screen readers hear real updates.
    const shown = JSON.stringify([summary, figures, header, rows, notes]);
    if (shown === this.shown) return;
    this.shown = shown;

    this.summary.textContent = summary;
    this.summary.classList.toggle("tb-calc-blocked", blocked);
    const body = this.results.tBodies[0];
    body.replaceChildren(
      ...figures.map(([id, label, text]) => {
        const row = el("tr");
        row.dataset.result = id;
        const th = el("th", label);
        th.scope = "row";
        row.append(th, el("td", text));
        return row;
      }),
    );
    this.results.hidden = figures.length === 0;
    const table = this.years.querySelector("table");
    // The head row exists only while there is a header: an empty row is invalid HTML.
    const head = el("tr");
    head.append(
      ...header.map((text) => {
        const th = el("th", text);
        th.scope = "col";
        return th;
      }),
    );
    table.tHead.replaceChildren(...(header.length ? [head] : []));
    table.tBodies[0].replaceChildren(
      ...rows.map((cells) => {
        const row = el("tr");
        cells.forEach((text, j) => {
          const cell = el(j === 0 ? "th" : "td", text);
          if (j === 0) cell.scope = "row";
          row.append(cell);
        });
        return row;
      }),
    );
    this.years.hidden = rows.length === 0;
    this.notes.replaceChildren(...notes.map((text) => el("li", text)));
    this.showChart(report);
  }

  // The chart of the forecast's totals or the what-if's parts, from the numbers the tables show
  // (as the build's worked example does: src/blocks/calculator.rs `example_chart`).
  showChart(report) {
    if (!this.chart) return;
    const spec = report.blocked ? null : chartSpec(this.mode(), report, this.words);
    this.chart.hidden = spec === null;
    this.chart.replaceChildren(...(spec ? [figure(spec, this.chart.dataset.chartId, this.words)] : []));
  }

  async copyLink() {
    const href = this.shareUrl().href;
    try {
      await navigator.clipboard.writeText(href);
      this.status.textContent = this.ui("copied");
    } catch {
      this.status.textContent = this.ui("copy_blocked");
    }
  }

  start(params) {
    this.form.hidden = false;
    const example = this.root.querySelector("[data-example]");
    if (example) example.hidden = true;
    if (params) this.applyUrl(params);
    this.showPanels();
    this.form.addEventListener("input", (event) => {
      if (event.target.matches("input[data-field]")) {
        event.target.dataset.edited = "1";
        this.update(true);
      }
    });
    this.form.addEventListener("change", (event) => {
      if (event.target.type === "radio") {
        this.showPanels();
        this.update(true);
      }
    });
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("click", (event) => {
      const action = event.target.closest("[data-action]");
      if (!action) return;
      if (action.dataset.action === "print") {
        active = this;
        this.fillSheet();
        window.print();
      }
      if (action.dataset.action === "csv") this.downloadCsv();
      if (action.dataset.action === "copy") this.copyLink();
    });
    // The sheet follows the form the reader last used.
    this.form.addEventListener("focusin", () => {
      if (active !== this) {
        active = this;
        this.fillSheet();
      }
    });
    this.update(false);
  }
}

// The printed sheet's name, in the first calculator's language.
function sheetLabel(root) {
  try {
    return JSON.parse(root.dataset.words || "{}").ui_sheet_label || "Printed calculator sheet";
  } catch {
    return "Printed calculator sheet";
  }
}

async function main() {
  const roots = [...document.querySelectorAll("[data-calculator]")];
  if (roots.length === 0) return;
  try {
    await init();
  } catch (error) {
    // The worked example stays in place; the page is still complete without the live form.
    console.warn("calculator: could not start the WebAssembly module", error);
    return;
  }
  dedupeIds(roots);
  const params = new URLSearchParams(window.location.search);
  const target = params.get("calc");
  sheet = el("section", undefined, "tb-calc-sheet");
  sheet.setAttribute("aria-label", sheetLabel(roots[0]));
  document.body.append(sheet);
  document.body.dataset.calcSheet = "1";
  const forms = roots.map((root) => new Form(root));
  active = forms.find((form) => form.id === target) || forms[0];
  forms.forEach((form, i) => {
    const mine = target ? target === form.id : i === 0 && params.has("mode");
    form.start(mine ? params : null);
  });
  // Printed from the browser's menu too: the date is the day of printing.
  window.addEventListener("beforeprint", () => active.fillSheet());
  document.body.dataset.calculatorReady = "1";
}

main();
