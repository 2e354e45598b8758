// Live reload for `tierbook serve`. The server adds this module to every HTML page it serves
// (never to `tierbook build` output), with the build id of the page in the query string. The
// server sends the current build id when the stream opens and again after every rebuild; a
// different id means this page is stale, so it reloads. After a server restart the stream
// reconnects, gets a new id and reloads too.
const pageBuild = new URL(import.meta.url).searchParams.get("build");
const endpoint = "/__tierbook/events";
let delay = 500;

function connect() {
  const source = new EventSource(endpoint);
  source.addEventListener("build", (event) => {
    delay = 500;
    if (event.data !== pageBuild) {
      source.close();
      location.reload();
    }
  });
  source.addEventListener("error", () => {
    // The browser retries by itself while the stream is CONNECTING; once it gives up (CLOSED,
    // e.g. after a failed response while the server restarts), start over with a backoff.
    if (source.readyState === EventSource.CLOSED) {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    }
  });
}

connect();
