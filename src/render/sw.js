// tierbook service worker: the build writes VERSION (a hash of every output), FILES (every page
// and asset, relative to this file) and BYTES (their total size) above this line.
// - Pages and files a reader opens are kept (the "opened" cache), so they work offline later.
// - The whole site is downloaded only on request: js/offline.js's "Save for offline use" button
//   sends "save", and this worker fetches FILES into the "site" cache of this VERSION, reporting
//   progress. A new deploy keeps the old saved copy until the reader saves the new one.
// - Online, every request goes to the network first, so readers always see the current build;
//   a kept copy answers only when the network fails, or is silent for NETWORK_TIMEOUT_MS.
const scope = self.registration.scope;
const PREFIX = `tierbook:${scope}:`;
const OPENED = PREFIX + "opened";
const SITE = PREFIX + "site:";
const at = (path) => new URL(path, scope).href;

// A new deploy takes over at once (skipWaiting). Chromium swaps the old worker out only once it
// is idle, and asks it to stop as soon as it is idle only if it is running when skipWaiting is
// called; an old worker that Chromium had "warmed up" (started but paused, when a link to the
// site scrolled into view) is not running then, so the new worker sat "installed" behind it (up
// to the 10 minutes a warm-up lasts, or for good while DevTools is attached). So js/offline.js,
// seeing a waiting worker, wakes the old one ("wake", answered on the port it sends) and then
// asks the new one to call skipWaiting again ("skip-waiting"), which Chromium now acts on.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Caches of the earlier worker, which downloaded everything up front, are dropped.
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== OPENED && !key.startsWith(SITE)) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

// The cache key of a URL: no query or fragment, and `x/index.html` stored as `x/`.
function keyOf(url) {
  const u = new URL(url);
  u.search = "";
  u.hash = "";
  if (u.pathname.endsWith("/index.html")) u.pathname = u.pathname.slice(0, -"index.html".length);
  return u.href;
}

// Saved copies of the site, this version's first.
async function siteCaches() {
  const keys = (await caches.keys()).filter((k) => k.startsWith(SITE));
  keys.sort((a, b) => (a === SITE + VERSION ? -1 : b === SITE + VERSION ? 1 : 0));
  return keys;
}

// Offline: this version's saved copy first (whole and current), then the pages the reader
// opened (a page opened before a save may be older than it), then copies saved by earlier versions.
async function fromCache(key) {
  const [current, ...older] = await siteCaches();
  const names = current === SITE + VERSION ? [current, OPENED, ...older] : [OPENED, ...(current ? [current] : []), ...older];
  for (const name of names) {
    const hit = await (await caches.open(name)).match(key);
    if (hit) return hit;
  }
  return undefined;
}

// How long a request waits for the network before a kept copy answers instead (Workbox's
// NetworkFirst `networkTimeoutSeconds`): a connection that neither answers nor fails (a captive
// portal, one bar of signal, a server that accepted and went silent) must not leave the reader
// before a blank page while the device holds the page. With no copy kept, the network is awaited.
const NETWORK_TIMEOUT_MS = 4000;

async function respond(request, event) {
  const key = keyOf(request.url);
  let stored = Promise.resolve();
  const network = fetch(request).then((response) => {
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      stored = caches.open(OPENED).then((cache) => cache.put(key, copy)).catch(() => {});
    }
    return response;
  });
  // The worker stays up until the network has answered and its copy is kept, even when the
  // cache answered first; a late failure then is no one's business.
  event.waitUntil(network.then(() => stored, () => undefined));
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(fromCache(key).catch(() => undefined)), NETWORK_TIMEOUT_MS);
  });
  try {
    // The network's answer, or after the timeout a kept copy; with none kept, the network's.
    return (await Promise.race([network, late])) || (await network);
  } catch (err) {
    const cached = await fromCache(key);
    if (cached) return cached;
    if (request.mode === "navigate") {
      const fallback = await fromCache(at("404.html"));
      if (fallback) return fallback;
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(scope)) return;
  const path = new URL(request.url).pathname;
  // The dev server's live-reload stream and files must always come from the network.
  if (path.includes("/__tierbook/") || path.endsWith("/sw.js")) return;
  if ((request.headers.get("accept") || "").includes("text/event-stream")) return;
  event.respondWith(respond(request, event));
});

// What the page's control shows: the size to download and whether this version is saved.
async function status() {
  const saved = await siteCaches();
  return { type: "status", bytes: BYTES, files: FILES.length, saved: saved.includes(SITE + VERSION), older: saved.length > 0 };
}

async function keep(urls) {
  const cache = await caches.open(OPENED);
  await Promise.all(
    urls.map(async (url) => {
      if (await cache.match(keyOf(url))) return;
      const response = await fetch(url).catch(() => null);
      if (response && response.ok && response.type === "basic") await cache.put(keyOf(url), response);
    }),
  );
}

let saving = null;

// Downloads FILES into this version's site cache, a few at a time so a weak connection is not
// flooded, telling every open page how far it got. Older saved copies go once this one is whole.
async function save() {
  const name = SITE + VERSION;
  const cache = await caches.open(name);
  const queue = FILES.map((path, i) => [path, SIZES[i]]);
  let done = 0;
  let bytes = 0;
  const tell = async (message) => {
    for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
  };
  const worker = async () => {
    while (queue.length > 0) {
      const [path, size] = queue.shift();
      const response = await fetch(at(path), { cache: "no-cache" });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      await cache.put(at(path), response);
      done += 1;
      bytes += size;
      await tell({ type: "progress", done, files: FILES.length, bytes, total: BYTES });
    }
  };
  try {
    await Promise.all([worker(), worker(), worker(), worker()]);
    for (const key of await siteCaches()) if (key !== name) await caches.delete(key);
    await tell({ type: "saved", bytes: BYTES });
  } catch (err) {
    await caches.delete(name);
    await tell({ type: "failed", message: String(err && err.message ? err.message : err) });
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "wake") {
    if (event.ports[0]) event.ports[0].postMessage({ type: "awake" });
  } else if (data.type === "skip-waiting") {
    event.waitUntil(self.skipWaiting());
  } else if (data.type === "status") {
    event.waitUntil(status().then((s) => event.source && event.source.postMessage(s)));
  } else if (data.type === "keep" && Array.isArray(data.urls)) {
    // The page that registered this worker loaded before it was in control: keep it and its files.
    event.waitUntil(keep(data.urls.filter((u) => typeof u === "string" && u.startsWith(scope))));
  } else if (data.type === "save") {
    if (!saving) saving = save().finally(() => (saving = null));
    event.waitUntil(saving);
  }
});
