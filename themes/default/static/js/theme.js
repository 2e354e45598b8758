// The colour scheme: automatic (the device's setting), light or dark, kept in this browser.
// A classic script in <head>, so the chosen scheme is on <html> before the first paint (no flash,
// no inline script under the strict CSP). It also marks <html> when saved lesson progress exists,
// so the home page keeps room for its "continue" card from the first paint (js/layout.js fills it).
(function () {
  var KEY = "tierbook:theme";
  var root = document.documentElement;
  function read(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }
  function apply(choice) {
    if (choice === "light" || choice === "dark") root.setAttribute("data-theme", choice);
    else root.removeAttribute("data-theme");
  }
  apply(read(KEY));
  // Scripts run: room is kept for what they will show (a module's progress bar), so nothing moves.
  root.classList.add("tb-js");
  // The progress key of js/store.js: tierbook:v1:<site base path>; this script sits at <base>js/.
  var script = document.currentScript;
  if (script) {
    var base = new URL("..", script.src).pathname;
    var saved = read("tierbook:v1:" + base);
    if (saved && saved.indexOf('"r":') !== -1) root.classList.add("tb-has-progress");
  }
  function wire() {
    var holder = document.querySelector("[data-theme-switch]");
    var select = holder && holder.querySelector("select");
    if (!select) return;
    select.value = read(KEY) || "auto";
    select.addEventListener("change", function () {
      try {
        if (select.value === "auto") window.localStorage.removeItem(KEY);
        else window.localStorage.setItem(KEY, select.value);
      } catch (e) {
        // Storage blocked: the choice lasts for this page.
      }
      apply(select.value);
    });
    holder.hidden = false;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
