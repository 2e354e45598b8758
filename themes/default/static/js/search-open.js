// Opens the search dialog (partials/search.html) from the header's button, from any
// [data-search-open] link, or with "/" when the reader is not typing. The search itself
// (js/search.js, its index and its results) loads only when the dialog first opens, so pages
// that are only read do not download it. Without JavaScript the header form goes to /search/.
const dialog = document.getElementById("search-dialog");
const header = document.querySelector("form.site-search");

function typing(target) {
  return target instanceof Element && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
}

// js/search.js next to this file, with the same ?v= so a new build is never mixed with an old one.
function engine() {
  const url = new URL(import.meta.url);
  url.pathname = url.pathname.replace(/search-open\.js$/, "search.js");
  return import(url.href);
}

if (dialog && typeof dialog.showModal === "function") {
  document.body.append(dialog);
  const form = dialog.querySelector("form");
  const input = form.querySelector("input[type=search]");
  let run = null;
  let opener = null;
  const open = (event) => {
    if (event) event.preventDefault();
    if (dialog.open) return;
    opener = document.activeElement;
    dialog.showModal();
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    if (!run) {
      run = engine()
        .then((s) => s.enhanceDialog(form))
        .catch(() => {
          const status = dialog.querySelector("[data-search-status]");
          if (status) status.textContent = "Search is not available right now. The search page lists every page.";
        });
    }
    run.then((go) => go && input.value.trim() && go());
  };
  dialog.addEventListener("close", () => {
    if (opener && typeof opener.focus === "function") opener.focus();
  });
  dialog.querySelector("[data-search-close]").addEventListener("click", () => dialog.close());
  // A click on the backdrop (the dialog box itself, outside its content) closes it.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  // Tab stays inside the dialog: from the last control back to the first, and the other way.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const stops = [...dialog.querySelectorAll("a[href], button, input, select, textarea")].filter(
      (e) => !e.disabled && e.getClientRects().length > 0,
    );
    if (stops.length === 0) return;
    const first = stops[0];
    const last = stops[stops.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) open(event);
  });
  for (const trigger of document.querySelectorAll("[data-search-open]")) trigger.addEventListener("click", open);
  if (header) {
    // The header form opens the dialog instead of going to /search/: from its button, or as soon
    // as something is typed in its box (what was typed carries over).
    header.addEventListener("submit", (event) => {
      const early = header.querySelector("input[type=search]");
      if (early && early.value.trim()) input.value = early.value;
      open(event);
    });
    const early = header.querySelector("input[type=search]");
    const carry = () => {
      if (!early.value.trim()) return;
      input.value = early.value;
      early.value = "";
      open();
    };
    if (early) {
      early.addEventListener("input", carry);
      carry();
    }
  }
}
