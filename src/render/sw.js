// tierbook service worker: the build writes VERSION (a hash of every output) and FILES (every
// page and asset, relative to this file) above this line. A new deploy changes VERSION, so the
// browser installs this worker again, caches the new build whole and drops the old cache.
const scope = self.registration.scope;
const PREFIX = `tierbook:${scope}:`;
const CACHE = PREFIX + VERSION;
const at = (path) => new URL(path, scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const queue = FILES.slice();
      // A few requests at a time, so a weak connection is not flooded.
      const worker = async () => {
        while (queue.length > 0) {
          const path = queue.shift();
          const response = await fetch(at(path), { cache: "no-cache" });
          if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
          await cache.put(at(path), response);
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
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

async function respond(request) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request.url);
  const cached = await cache.match(key);
  if (cached) return cached;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(key, response.clone());
    return response;
  } catch (err) {
    if (request.mode === "navigate") {
      const fallback = await cache.match(at("404.html"));
      if (fallback) return fallback;
    }
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(scope)) return;
  const path = new URL(request.url).pathname;
  // The dev server's live-reload stream and files must always come from the network.
  if (path.includes("/__tierbook/") || path.endsWith("/sw.js")) return;
  if ((request.headers.get("accept") || "").includes("text/event-stream")) return;
  event.respondWith(respond(request));
});
