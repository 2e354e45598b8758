// The guide's "Print this guide" button (guide.html): shown only with JavaScript, since printing
// from a button needs it; the browser's own Print works either way (css/print.css).
for (const box of document.querySelectorAll("[data-print-guide]")) {
  box.hidden = false;
  box.querySelector("button")?.addEventListener("click", () => window.print());
}
