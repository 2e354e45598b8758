// The words scripts write, in the language of the page's text: a JSON table the build writes
// from the theme's strings (docs/i18n.md) into a block's `data-words` and the body's, with
// `{0}`, `{1}`, ... filled in by `sayer`. A key with no string shows as itself (a bug the tests
// catch), never as another language's words.

/** The table on `node` (a block's form), over the body's (the page's). */
export function wordsOf(node) {
  const read = (el) => {
    try {
      return JSON.parse((el && el.dataset.words) || "{}");
    } catch {
      return {};
    }
  };
  return { ...read(document.body), ...read(node) };
}

/** `t(key, ...args)` over a table. */
export function sayer(words) {
  return (key, ...args) => String(words[key] ?? key).replace(/\{(\d)\}/g, (whole, i) => args[Number(i)] ?? whole);
}
