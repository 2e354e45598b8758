// The certificate code: a short checksum of what a certificate prints (the learner's name, the
// module, its PD hours, the date) and the site it came from, so a reader can retype the printed
// fields on /certificates/verify/ and see whether they match. It catches typos and careless edits,
// not forgery: anyone can compute it. src/render/certificates.rs has the same algorithm in Rust,
// and a browser test checks that the two agree.
//
// Version 1: the fields, normalised, joined by newlines after "certificate-code-v1"; FNV-1a 64 of
// their UTF-8 bytes, mixed by MurmurHash3's 64-bit finaliser; the top 40 bits as 8 Crockford
// base32 characters in two groups of four ("K7QM-2XHD"), which read aloud without 0/O or 1/I/L
// confusion.

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const MASK = (1n << 64n) - 1n;

/** A name as the code sees it: Unicode NFC, spaces collapsed, lower case. */
export function normaliseName(name) {
  return String(name).normalize("NFC").trim().replace(/\s+/gu, " ").toLowerCase();
}

/** PD hours as the code sees them: "1.50" and "1,5" are 1.5; no hours is "". */
export function normaliseHours(hours) {
  const text = String(hours ?? "").trim().replace(",", ".");
  if (text === "") return "";
  const n = Number(text);
  return Number.isFinite(n) ? String(n) : text;
}

/** The site's address as the code sees it: lower case, ending in "/". */
export function normaliseSite(site) {
  const text = String(site).trim().toLowerCase();
  return text.endsWith("/") ? text : `${text}/`;
}

export function canonical({ site, module, name, hours, date }) {
  return ["certificate-code-v1", normaliseSite(site), String(module).trim(), normaliseName(name), normaliseHours(hours), String(date).trim()].join("\n");
}

function hash(text) {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & MASK;
  }
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & MASK;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & MASK;
  h ^= h >> 33n;
  return h;
}

/** The code for these fields, e.g. "K7QM-2XHD". */
export function certificateCode(fields) {
  let top = hash(canonical(fields)) >> 24n;
  let out = "";
  for (let i = 0; i < 8; i += 1) {
    out = ALPHABET[Number(top & 31n)] + out;
    top >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

/** A typed code as the code is printed: upper case, O read as 0, I and L as 1, no spaces or dashes. */
export function normaliseCode(code) {
  const plain = String(code).toUpperCase().replace(/[\s-]+/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain;
}
