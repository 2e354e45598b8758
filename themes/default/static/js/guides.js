// The guides index filter: plain selects that hide the guide cards that do not match, a live
// count, and the choice kept in the address so a filtered list can be shared. Without
// JavaScript the form stays hidden and the taxonomy links (/areas/..., /tiers/...) do the job.

const FIELDS = ["tier", "area", "grades", "evidence"];

export function initGuideFilter(form) {
  const list = document.querySelector("[data-guide-list]");
  const count = document.querySelector("[data-filter-count]");
  if (!list || !count) return;
  const cards = [...list.querySelectorAll("[data-guide]")];
  form.hidden = false;

  const params = new URLSearchParams(window.location.search);
  for (const name of FIELDS) {
    const select = form.elements.namedItem(name);
    const value = params.get(name);
    if (select && value && [...select.options].some((o) => o.value === value)) select.value = value;
  }
  apply(false);

  form.addEventListener("change", () => apply(true));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply(true);
  });
  // "reset" fires before the fields are cleared.
  form.addEventListener("reset", () => window.setTimeout(() => apply(true), 0));

  function apply(remember) {
    const want = {};
    for (const name of FIELDS) {
      const select = form.elements.namedItem(name);
      want[name] = select ? select.value : "";
    }
    let shown = 0;
    for (const card of cards) {
      const d = card.dataset;
      const match =
        (!want.tier || d.tier === want.tier) &&
        (!want.area || (d.areas || "").split(" ").includes(want.area)) &&
        (!want.grades || (d.bands || "").split(" ").includes(want.grades)) &&
        (!want.evidence || d.evidence === want.evidence);
      card.hidden = !match;
      if (match) shown += 1;
    }
    const total = cards.length;
    count.textContent =
      shown === total
        ? `Showing all ${total} guides.`
        : shown === 0
          ? `No guide matches. Try fewer filters.`
          : `Showing ${shown} of ${total} guides.`;
    if (remember) {
      const query = new URLSearchParams();
      for (const name of FIELDS) if (want[name]) query.set(name, want[name]);
      const search = query.toString();
      window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
    }
  }
}
