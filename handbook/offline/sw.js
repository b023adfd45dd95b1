/* Service worker of the contingency handbook (written by `handbook build`).
 *
 * One worker = one build. Installing fetches every file in the build's
 * manifest, checks each file's SHA-256 against the manifest and stores it in
 * a cache named after the build; the install fails (and the old worker keeps
 * serving its own build) unless every file arrived intact. Pages are always
 * answered from the worker's own cache, so a reader never sees two builds
 * mixed. A new worker waits until the reader accepts "Ny udgave – genindlæs"
 * (message {type: "skip-waiting"}); on activation older caches are deleted.
 */
"use strict";

// Replaced at build time: {version, built, key, manifest, manifestSha256}.
const BUILD = /*HANDBOOK_BUILD*/ {};

const SCOPE = new URL(self.registration.scope);
const PREFIX = "handbook:" + SCOPE.pathname + ":";
const CACHE = PREFIX + BUILD.key;
const MANIFEST_URL = new URL(BUILD.manifest, SCOPE).href;
const WORKER_URL = new URL(self.location.href).href.split("?")[0];
// Written into the cache after the last file: its presence means "complete".
const DONE_URL = new URL("__handbook-precache-complete__", SCOPE).href;
const HASH_HEADER = "X-Handbook-Sha256";
const PARALLEL = 6;

async function sha256(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function fileUrl(path) {
  return new URL(path.split("/").map(encodeURIComponent).join("/"), SCOPE).href;
}

async function tell(message) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) client.postMessage(Object.assign({ version: BUILD.version }, message));
}

// A file this build shares byte for byte with a build already stored need not be downloaded again.
async function storedCopy(url, hash) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const hit = await (await caches.open(name)).match(url);
    if (hit && hit.headers.get(HASH_HEADER) === hash) return hit;
  }
  return null;
}

async function fetchVerified(entry) {
  const url = fileUrl(entry.path);
  const reused = await storedCopy(url, entry.sha256);
  if (reused) return [url, reused];
  let lastError = null;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
      if (!response.ok) throw new Error(entry.path + ": HTTP " + response.status);
      const body = await response.arrayBuffer();
      const hash = await sha256(body);
      if (hash !== entry.sha256) throw new Error(entry.path + ": content differs from the manifest");
      const headers = new Headers({ [HASH_HEADER]: hash });
      headers.set("Content-Type", response.headers.get("Content-Type") || "application/octet-stream");
      return [url, new Response(body, { status: 200, headers })];
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function precache() {
  const cache = await caches.open(CACHE);
  if (await cache.match(DONE_URL)) return;
  const response = await fetch(MANIFEST_URL, { cache: "no-cache", credentials: "same-origin" });
  if (!response.ok) throw new Error("manifest: HTTP " + response.status);
  const raw = await response.arrayBuffer();
  // A manifest of another build (published while this worker was fetched) must not be mixed in.
  if ((await sha256(raw)) !== BUILD.manifestSha256) throw new Error("manifest belongs to another build");
  const manifest = JSON.parse(new TextDecoder().decode(raw));
  const files = manifest.files;
  let next = 0;
  let done = 0;
  let broken = false;
  async function worker() {
    while (next < files.length && !broken) {
      const entry = files[next];
      next += 1;
      let url, stored;
      try {
        [url, stored] = await fetchVerified(entry);
      } catch (error) {
        broken = true;  // one bad file spoils the build: stop fetching the rest
        throw error;
      }
      await cache.put(url, stored);
      done += 1;
      if (done % 10 === 0 || done === files.length) tell({ type: "progress", done, total: files.length });
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  await cache.put(DONE_URL, new Response(JSON.stringify({ version: BUILD.version, files: files.length })));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    precache().catch(async (error) => {
      await caches.delete(CACHE);
      await tell({ type: "failed", reason: String(error && error.message) });
      throw error;
    })
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function complete() {
  return Boolean(await (await caches.open(CACHE)).match(DONE_URL));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "skip-waiting") {
    self.skipWaiting();
  } else if (data.type === "status") {
    const reply = event.ports && event.ports[0];
    event.waitUntil(complete().then((ok) => {
      if (reply) reply.postMessage({ version: BUILD.version, built: BUILD.built, complete: ok });
      // The browser may evict storage; an active worker then fetches its build again.
      if (!ok) return precache().then(() => tell({ type: "stored" }), () => tell({ type: "failed" }));
      return null;
    }));
  }
});

function cacheKey(url) {
  const key = new URL(url.href);
  key.search = "";
  key.hash = "";
  if (key.pathname.endsWith("/")) key.pathname += "index.html";
  return key.href;
}

async function answer(request, url) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(cacheKey(url));
  if (hit) return hit;
  try {
    return await fetch(request);
  } catch (error) {
    if (request.mode === "navigate") {
      const missing = await cache.match(fileUrl("404.html"));
      if (missing) return new Response(missing.body, { status: 404, headers: missing.headers });
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  // The worker script and the manifest always come from the server: they announce new builds.
  const bare = url.href.split(/[?#]/)[0];
  if (bare === WORKER_URL || bare === MANIFEST_URL) return;
  event.respondWith(answer(request, url));
});
