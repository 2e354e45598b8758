// The calculator's live chart: a grouped bar chart in dollars, drawn with the same layout, classes,
// description and legend as the build's charts (src/blocks/chart/svg.rs `categorical` and
// html.rs `bare_figure`), so the worked example and the live chart look and read the same; the
// browser test compares them. DOM calls only (no innerHTML): the page runs under a strict CSP.

const NS = "http://www.w3.org/2000/svg";
const WIDTH = 480;
const HEIGHT = 300;
const CHAR = 16 * 0.6;
const HATCHES = ["M0 6L6 0", "M0 0L6 6", "M3 0V6", "M0 3H6"];

// Rust's f64::round: halves away from zero.
const round = (v) => Math.sign(v) * Math.round(Math.abs(v));

// A coordinate: one decimal, no trailing ".0".
function c(v) {
  const r = round(v * 10) / 10;
  return String(r === 0 ? 0 : r);
}

function niceStep(span, count) {
  const raw = Math.max(span / count, 1e-9);
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / magnitude;
  const factor = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  return factor * magnitude;
}

function clean(v) {
  const r = round(v * 1e9) / 1e9;
  return r === 0 ? 0 : r;
}

function valueTicks(lo, hi) {
  lo = Math.min(lo, 0);
  hi = Math.max(hi, 0);
  const step = niceStep(hi > lo ? hi - lo : 1, 5);
  const first = Math.floor(lo / step);
  const last = Math.max(Math.ceil(hi / step), first + 1);
  const ticks = [];
  for (let i = 0; i <= last - first; i++) ticks.push(clean((first + i) * step));
  return ticks;
}

function decimalsOf(v) {
  for (let d = 0; d < 2; d++) {
    const scaled = v * Math.pow(10, d);
    if (Math.abs(round(scaled) - scaled) < 1e-6) return d;
  }
  return 2;
}

// `$1,250` (the only unit the calculator's charts use); `percent: true` gives `25%`.
function money(v, decimals, percent) {
  const text = Math.abs(v).toFixed(decimals);
  const [whole, fraction] = text.split(".");
  let grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  if (fraction) grouped += `.${fraction}`;
  const sign = v < 0 && /[1-9]/.test(text) ? "-" : "";
  return percent ? `${sign}${grouped}%` : `${sign}$${grouped}`;
}

const value = (v) => money(v, decimalsOf(v));

// The description's words: the calculator's `data-words` table carries the chart's (`chart_*`,
// src/blocks/chart/words.rs `JS`) in the page's language, with `{name}` parts filled here. As in
// js/words.js, a key with no string shows as itself (a bug the tests catch).
function sayer(words) {
  return (key, args = {}) =>
    String((words && words[key]) ?? key).replace(/\{(\w+)\}/g, (whole, name) =>
      name in args ? String(args[name]) : whole,
    );
}

function list(items, t) {
  if (items.length < 2) return items.join("");
  return `${items.slice(0, -1).join(", ")}${t("chart_and")}${items[items.length - 1]}`;
}

function el(tag, attrs, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [name, v] of Object.entries(attrs || {})) node.setAttribute(name, v);
  for (const child of children) node.append(child);
  return node;
}

// The words of the SVG's <desc> (html.rs `categorical_desc`, for grouped bars in dollars).
function describe(spec, ticks, t) {
  const x = spec.xLabel ? spec.xLabel.toLowerCase() : t("chart_category_lower");
  const named = (cat) => (spec.xLabel && cat.trim() !== "" && !Number.isNaN(Number(cat)) ? `${x} ${cat}` : cat);
  const cats = spec.categories;
  let s = t("chart_desc_categorical", {
    kind: t("chart_kind_bar"),
    measure: spec.yLabel.toLowerCase(),
    x,
    first: cats[0],
    last: cats[cats.length - 1],
  });
  if (spec.series.length > 1) {
    s += t("chart_desc_series", { count: spec.series.length, names: list(spec.series.map((r) => r.name), t) });
  }
  s += `. ${t("chart_desc_scale", { low: value(ticks[0]), high: value(ticks[ticks.length - 1]) })}`;
  let lo = null;
  let hi = null;
  for (const series of spec.series) {
    series.values.forEach((v, i) => {
      const cell = [v, series.name, cats[i]];
      if (lo === null || v < lo[0]) lo = cell;
      if (hi === null || v > hi[0]) hi = cell;
    });
  }
  const place = ([, name, cat]) => (spec.series.length > 1 ? `${name}, ${named(cat)}` : named(cat));
  if (lo) {
    s += ` ${t("chart_desc_value_range", { low: value(lo[0]), low_at: place(lo), high: value(hi[0]), high_at: place(hi) })}`;
  }
  if (spec.ordered && cats.length > 1) {
    for (const series of spec.series) {
      const [a, b] = [series.values[0], series.values[series.values.length - 1]];
      let trend;
      if (a === b) trend = t("chart_no_change");
      else if (a === 0) trend = t(b > a ? "chart_up" : "chart_down");
      else {
        const pct = round(((b - a) / Math.abs(a)) * 1000) / 10;
        trend = t(b > a ? "chart_up_by" : "chart_down_by", { pct: money(Math.abs(pct), Math.min(decimalsOf(pct), 1), true) });
      }
      s += ` ${t("chart_change", { name: series.name, a: value(a), first: named(cats[0]), b: value(b), last: named(cats[cats.length - 1]), trend })}`;
    }
  }
  return s;
}

function hatches(id, count) {
  const defs = el("defs");
  for (let s = 1; s < count; s++) {
    defs.append(
      el(
        "pattern",
        { id: `${id}-h${s}`, class: `c-s${(s % 5) + 1}`, width: "6", height: "6", patternUnits: "userSpaceOnUse" },
        el("path", { class: "c-hatch", d: HATCHES[(s - 1) % HATCHES.length] }),
      ),
    );
  }
  return defs;
}

// The SVG of a grouped bar chart: spec = { title, xLabel, yLabel, ordered, categories, series: [{ name, values }] };
// `words`: the page's table of the chart's words (English without it).
export function barChart(spec, id, words) {
  const values = spec.series.flatMap((s) => s.values);
  const ticks = valueTicks(Math.min(0, ...values), Math.max(0, ...values));
  const decimals = Math.max(...ticks.map(decimalsOf));
  const labels = ticks.map((t) => money(t, decimals));
  const widest = Math.max(1, ...labels.map((l) => [...l].length));
  const frame = { left: 24 + widest * CHAR + 8, right: WIDTH - 16, top: 14, bottom: HEIGHT - (spec.xLabel ? 48 : 28) };
  const y = (v) => frame.bottom + ((v - ticks[0]) / (ticks[ticks.length - 1] - ticks[0])) * (frame.top - frame.bottom);
  const n = spec.categories.length;
  const band = (frame.right - frame.left) / n;
  const centre = (i) => frame.left + band * (i + 0.5);

  const svg = el("svg", {
    xmlns: NS,
    class: "tb-chart-svg",
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    width: "100%",
    role: "img",
    "aria-labelledby": `${id}-t`,
    "aria-describedby": `${id}-d`,
  });
  const title = el("title", { id: `${id}-t` });
  title.textContent = spec.title;
  const desc = el("desc", { id: `${id}-d` });
  desc.textContent = describe(spec, ticks, sayer(words));
  svg.append(title, desc);
  if (spec.series.length > 1) svg.append(hatches(id, spec.series.length));
  const grid = el("g", { class: "c-grid" });
  const yt = el("g", { class: "c-yt" });
  ticks.forEach((t, i) => {
    grid.append(el("path", { d: `M${c(frame.left)} ${c(y(t))}H${c(frame.right)}` }));
    const label = el("text", { x: c(frame.left - 6), y: c(y(t) + 4.5) });
    label.textContent = labels[i];
    yt.append(label);
  });
  const yTitle = el("text", { class: "c-yl", transform: "rotate(-90)", x: c(-(frame.top + frame.bottom) / 2), y: "14" });
  yTitle.textContent = spec.yLabel;
  svg.append(grid, yt, el("path", { class: "c-axis", d: `M${c(frame.left)} ${c(frame.top)}V${c(frame.bottom)}H${c(frame.right)}` }), yTitle);
  if (spec.xLabel) {
    const xTitle = el("text", { class: "c-xl", x: c((frame.left + frame.right) / 2), y: c(HEIGHT - 8) });
    xTitle.textContent = spec.xLabel;
    svg.append(xTitle);
  }
  const widestCat = Math.max(1, ...spec.categories.map((s) => [...s].length));
  let step = 1;
  while (step < n && band * step < widestCat * CHAR * 0.92 + 4) step++;
  const xt = el("g", { class: "c-xt" });
  spec.categories.forEach((label, i) => {
    if (i % step !== 0) return;
    const text = el("text", { x: c(centre(i)), y: c(frame.bottom + 18) });
    text.textContent = label;
    xt.append(text);
  });
  svg.append(xt);
  const zero = y(0);
  const width = (band * 0.7) / spec.series.length;
  spec.series.forEach((series, s) => {
    const attrs = { class: `c-s${(s % 5) + 1}` };
    if (s > 0) attrs.fill = `url(#${id}-h${s})`;
    const g = el("g", attrs);
    series.values.forEach((v, i) => {
      const left = centre(i) - band * 0.35 + width * s;
      const [top, bottom] = [Math.min(y(v), zero), Math.max(y(v), zero)];
      g.append(el("rect", { x: c(left), y: c(top), width: c(width), height: c(bottom - top) }));
    });
    svg.append(g);
  });
  return svg;
}

// The legend (html.rs `categorical_legend`), for two or more series.
function legend(spec, id) {
  if (spec.series.length < 2) return null;
  const ul = document.createElement("ul");
  ul.className = "tb-chart-legend";
  spec.series.forEach((series, i) => {
    const rect = { x: "6", y: "2", width: "16", height: "12" };
    if (i > 0) rect.fill = `url(#${id}-h${i})`;
    const key = el(
      "svg",
      { class: "tb-chart-key", viewBox: "0 0 28 16", width: "28", height: "16", "aria-hidden": "true", focusable: "false" },
      el("g", { class: `c-s${(i % 5) + 1}` }, el("rect", rect)),
    );
    const li = document.createElement("li");
    li.append(key, series.name);
    ul.append(li);
  });
  return ul;
}

// The whole figure (html.rs `bare_figure`).
export function figure(spec, id, words) {
  const fig = document.createElement("figure");
  fig.className = "tb-chart";
  fig.id = id;
  const caption = document.createElement("figcaption");
  const title = document.createElement("span");
  title.className = "tb-chart-title";
  title.textContent = spec.title;
  caption.append(title);
  fig.append(caption, barChart(spec, id, words));
  const key = legend(spec, id);
  if (key) fig.append(key);
  return fig;
}

// `$288,368` -> 288368, as the build reads the same texts (chart/data.rs `parse_number`).
export function amount(text) {
  const digits = String(text).replace(/[$,%\s]/g, "");
  return /^-?\d*\.?\d+$/.test(digits) ? Number(digits) : null;
}
