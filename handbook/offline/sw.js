/* Service worker of the contingency handbook (written by `handbook build`).
 *
 * One worker = one build. Installing fetches the files of the build's manifest
 * that are precached (every page, asset, search index part, the wallet card and
 * the contact exports; the other PDFs while they fit the handbook's offline
 * budget), checks each file's SHA-256 against the manifest and stores it in a
 * cache named after the build; the install fails (and the old worker keeps
 * serving its own build) unless every file arrived intact. A file the reader
 * already has from an earlier build with the same hash is taken from there, so
 * an update downloads only what changed. Text files are stored gzip-compressed
 * (CompressionStream) and inflated when served.
 *
 * A PDF past the budget ("lazy" in the manifest) is stored the first time the
 * reader opens it, and kept through updates; opened offline before that, the
 * reader is sent to the page "ikke gemt" instead of a browser error.
 *
 * Pages are always answered from the worker's own cache, so a reader never
 * sees two builds mixed. A new worker waits until the reader accepts "Ny
 * udgave – genindlæs" (message {type: "skip-waiting"}); on activation older
 * caches are deleted.
 */
"use strict";

// Replaced at build time: {version, built, key, manifest, manifestSha256}.
const BUILD = /*HANDBOOK_BUILD*/ {};

const SCOPE = new URL(self.registration.scope);
const PREFIX = "handbook:" + SCOPE.pathname + ":";
const CACHE = PREFIX + BUILD.key;
const MANIFEST_URL = new URL(BUILD.manifest, SCOPE).href;
const WORKER_URL = new URL(self.location.href).href.split("?")[0];
// Written into the cache after the last precached file: its presence means "complete".
const DONE_URL = new URL("__handbook-precache-complete__", SCOPE).href;
// This build's manifest, kept in its cache: the worker needs it again after the browser stops it.
const MANIFEST_COPY_URL = new URL("__handbook-manifest__", SCOPE).href;
const HASH_HEADER = "X-Handbook-Sha256";
const ENCODING_HEADER = "X-Handbook-Encoding";
const STORED_HEADER = "X-Handbook-Stored";
const PARALLEL = 6;
const COMPRESS = typeof CompressionStream === "function" && typeof DecompressionStream === "function";

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

// Whether an earlier build stored this file (any version of it): a lazy PDF the reader opened once.
async function storedBefore(url) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    if (await (await caches.open(name)).match(url)) return true;
  }
  return false;
}

// The response to keep: gzip-compressed when the manifest says the file compresses (and the browser can).
async function storable(entry, body, type) {
  const headers = new Headers({ [HASH_HEADER]: entry.sha256, "Content-Type": type || "application/octet-stream" });
  let stored = body;
  if (COMPRESS && entry.gz !== undefined) {
    stored = await new Response(new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
    headers.set(ENCODING_HEADER, "gzip");
  }
  headers.set(STORED_HEADER, String(stored.byteLength));
  return new Response(stored, { status: 200, headers });
}

// A stored response as the page needs it: inflated if it was stored compressed.
function served(hit, status) {
  if (hit.headers.get(ENCODING_HEADER) !== "gzip") {
    return status ? new Response(hit.body, { status, headers: hit.headers }) : hit;
  }
  const headers = new Headers({ "Content-Type": hit.headers.get("Content-Type") || "application/octet-stream" });
  headers.set(HASH_HEADER, hit.headers.get(HASH_HEADER) || "");
  return new Response(hit.body.pipeThrough(new DecompressionStream("gzip")), { status: status || 200, headers });
}

async function download(entry) {
  const url = fileUrl(entry.path);
  const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
  if (!response.ok) throw new Error(entry.path + ": HTTP " + response.status);
  const body = await response.arrayBuffer();
  if ((await sha256(body)) !== entry.sha256) throw new Error(entry.path + ": content differs from the manifest");
  return [body, response.headers.get("Content-Type")];
}

async function fetchVerified(entry) {
  const url = fileUrl(entry.path);
  const reused = await storedCopy(url, entry.sha256);
  if (reused) return [url, reused];
  let lastError = null;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const [body, type] = await download(entry);
      return [url, await storable(entry, body, type)];
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

// What a stored response costs (responses stored by an older worker carry no size: the manifest's then).
function storedSize(response, entry) {
  const size = Number(response.headers.get(STORED_HEADER));
  if (size || !entry) return size || 0;
  return response.headers.get(ENCODING_HEADER) === "gzip" ? entry.gz : entry.bytes;
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
  await cache.put(MANIFEST_COPY_URL, new Response(raw, { headers: { "Content-Type": "application/json" } }));
  const files = manifest.files.filter((entry) => !entry.lazy);
  let next = 0;
  let done = 0;
  let bytes = 0;
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
      bytes += storedSize(stored, entry);
      await cache.put(url, stored);
      done += 1;
      if (done % 10 === 0 || done === files.length) tell({ type: "progress", done, total: files.length });
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  // PDFs the reader opened under an earlier build stay stored: the same bytes are taken over, a changed
  // PDF is downloaded again. They are optional: one that cannot be fetched is simply not stored.
  for (const entry of manifest.files.filter((e) => e.lazy)) {
    const url = fileUrl(entry.path);
    if (!(await storedBefore(url))) continue;
    try {
      const [, stored] = await fetchVerified(entry);
      await cache.put(url, stored);
    } catch (error) { /* stored again when the reader next opens it online */ }
  }
  await cache.put(DONE_URL, new Response(JSON.stringify({ version: BUILD.version, files: files.length, bytes })));
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

let manifestCache = null;

// This build's manifest (from its cache): the lazy PDFs and their hashes.
async function manifestOf(cache) {
  if (manifestCache) return manifestCache;
  const copy = await cache.match(MANIFEST_COPY_URL);
  if (!copy) return null;
  manifestCache = await copy.json();
  return manifestCache;
}

// How much this build keeps for the reader: bytes stored, and the lazy PDFs stored of all.
async function storage(cache) {
  const done = await cache.match(DONE_URL);
  const manifest = await manifestOf(cache);
  const summary = { complete: Boolean(done), bytes: 0, pdfs: 0, pdfsStored: 0, lazy: [], lazyStored: [] };
  if (!done || !manifest) return summary;
  summary.bytes = (await done.json()).bytes || 0;
  summary.pdfs = manifest.pdfs.length;
  summary.pdfsStored = manifest.pdfs.length;
  for (const entry of manifest.files.filter((e) => e.lazy)) {
    summary.lazy.push(entry.path);
    const hit = await cache.match(fileUrl(entry.path));
    if (hit) {
      summary.lazyStored.push(entry.path);
      summary.bytes += storedSize(hit, entry);
    } else {
      summary.pdfsStored -= 1;
    }
  }
  return summary;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "skip-waiting") {
    self.skipWaiting();
  } else if (data.type === "status") {
    const reply = event.ports && event.ports[0];
    event.waitUntil((async () => {
      const summary = await storage(await caches.open(CACHE));
      if (reply) reply.postMessage(Object.assign({ version: BUILD.version, built: BUILD.built }, summary));
      // The browser may evict storage; an active worker then fetches its build again.
      if (!summary.complete) {
        await precache().then(() => tell({ type: "stored" }), () => tell({ type: "failed" }));
      }
    })());
  }
});

function cacheKey(url) {
  const key = new URL(url.href);
  key.search = "";
  key.hash = "";
  if (key.pathname.endsWith("/")) key.pathname += "index.html";
  return key.href;
}

// A lazy PDF not stored yet: fetch it, keep it if it is this build's, else send the reader to "ikke gemt".
async function firstOpen(request, cache, entry) {
  const url = fileUrl(entry.path);
  let response;
  try {
    response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
  } catch (error) {
    if (request.mode === "navigate") {
      const page = new URL((await manifestOf(cache)).notStored, SCOPE);
      page.searchParams.set("fil", entry.path);
      return Response.redirect(page.href, 303);
    }
    return new Response("Ikke gemt til brug uden net: " + entry.path, {
      status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  if (!response.ok) return response;
  const body = await response.arrayBuffer();
  const type = response.headers.get("Content-Type") || "application/pdf";
  // A newer build's PDF is shown but not kept: this build's cache holds this build's files only.
  if ((await sha256(body)) === entry.sha256) {
    await cache.put(url, await storable(entry, body, type));
    tell({ type: "stored-file", path: entry.path });
  }
  return new Response(body, { status: 200, headers: { "Content-Type": type } });
}

async function answer(request, url) {
  const cache = await caches.open(CACHE);
  const key = cacheKey(url);
  const hit = await cache.match(key);
  if (hit) return served(hit);
  const manifest = await manifestOf(cache);
  const entry = manifest && manifest.files.find((e) => e.lazy && fileUrl(e.path) === key);
  if (entry) return firstOpen(request, cache, entry);
  try {
    return await fetch(request);
  } catch (error) {
    if (request.mode === "navigate") {
      const missing = await cache.match(fileUrl("404.html"));
      if (missing) return served(missing, 404);
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
