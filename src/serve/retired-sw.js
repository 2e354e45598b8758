// Served by `tierbook serve` in place of the site's service worker. A worker left from a built
// copy of the site on this address would answer pages from its cache and hide every edit; the
// browser fetches this file when it checks that worker for updates, installs it, and this one
// clears tierbook's caches, unregisters itself and reloads the pages it controlled.
self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("tierbook:")) await caches.delete(key);
      }
      await self.registration.unregister();
      for (const client of await self.clients.matchAll({ type: "window" })) {
        client.navigate(client.url);
      }
    })(),
  );
});
