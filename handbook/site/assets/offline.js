/* The handbook's offline status line and service-worker registration.
 *
 * Reads the page's <meta name="handbook-version|handbook-built|handbook-root">,
 * registers <root>/sw.js where the browser allows it, and tells the reader in
 * one accessible line whether the copy is stored for use without network,
 * whether they are looking at the stored copy offline, whether a new build
 * waits, or - where no worker is possible (plain HTTP, file://) - what to do.
 * The state is also on <html data-handbook-offline="..."> for tests and CSS.
 */
(function () {
  "use strict";

  var MANIFEST = "offline-manifest.json";
  var BUNDLE = "handbook-offline.zip";
  var doc = document;

  function meta(name) {
    var el = doc.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute("content") || "" : "";
  }

  var version = meta("handbook-version");
  var built = meta("handbook-built");
  var root = new URL((meta("handbook-root") || ".").replace(/\/?$/, "/"), location.href);

  function danishDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? m[3] + "." + m[2] + "." + m[1] : iso;
  }

  var date = danishDate(built);
  var bar = doc.getElementById("handbook-offline-status");

  function mount() {
    if (bar) return;
    bar = doc.createElement("div");
    bar.id = "handbook-offline-status";
    var container = doc.querySelector(".md-container") || doc.body;
    container.insertBefore(bar, container.firstChild);
  }

  var shown = "";

  function show(state, parts) {
    // Re-rendering the same message would announce it again and take the focus off its button.
    var key = state + "|" + parts.map(function (p) { return typeof p === "string" ? p : p.textContent; }).join("");
    if (key === shown && bar && bar.isConnected) return bar;
    shown = key;
    mount();
    bar.className = "handbook-offline";
    bar.setAttribute("role", "status");
    bar.setAttribute("aria-live", "polite");
    bar.setAttribute("data-state", state);
    doc.documentElement.setAttribute("data-handbook-offline", state);
    var text = doc.createElement("span");
    text.className = "handbook-offline__text";
    parts.forEach(function (part) {
      text.appendChild(typeof part === "string" ? doc.createTextNode(part) : part);
    });
    bar.replaceChildren(text);
    return bar;
  }

  function link(href, label, download) {
    var a = doc.createElement("a");
    a.href = href;
    a.textContent = label;
    if (download) a.setAttribute("download", "");
    return a;
  }

  function versionText() {
    return "udgave " + version + (date ? " · " + date : "");
  }

  /* file:// - no worker is possible, and none is needed: the copy is on disk. */
  function localCopy() {
    show("file", ["Lokal kopi · " + versionText()]);
  }

  /* Plain HTTP (or a browser without service workers): offer what can be kept. */
  function noWorker() {
    var intro = "Denne browser kan ikke gemme håndbogen til brug uden net her. ";
    show("http", [intro + "Bed it-afdelingen om en offline-kopi."]);
    var downloads = [];
    fetch(new URL(MANIFEST, root).href, { cache: "no-cache" })
      .then(function (r) { return r.ok ? r.json() : { pdfs: [] }; })
      .catch(function () { return { pdfs: [] }; })
      .then(function (manifest) {
        // The whole handbook is handbook.pdf at the site root (area PDFs and the wallet card are
        // linked on their pages); failing that, the first PDF at the root, or any.
        var all = manifest.pdfs || [];
        var top = all.filter(function (p) { return p.indexOf("/") < 0; });
        var pdf = all.indexOf("handbook.pdf") >= 0 ? "handbook.pdf" : top[0] || all[0];
        if (pdf) downloads.push(link(new URL(pdf, root).href, "Håndbogen som PDF", true));
        // The bundle is only there if whoever publishes the site put it beside index.html.
        return fetch(new URL(manifest.bundle || BUNDLE, root).href, { method: "HEAD", cache: "no-cache" })
          .then(function (r) { return r.ok; }, function () { return false; });
      })
      .then(function (hasBundle) {
        if (hasBundle) {
          downloads.push(link(new URL(BUNDLE, root).href, "Offline-pakke (zip) til fildrev eller USB-nøgle", true));
        }
        if (!downloads.length) return;
        var parts = [intro + "Hent en kopi, du kan bruge uden net: "];
        downloads.forEach(function (a, i) {
          if (i) parts.push(" · ");
          parts.push(a);
        });
        show("http", parts);
      });
  }

  /* HTTPS or localhost: the service worker keeps the whole build. */
  function withWorker() {
    var sw = navigator.serviceWorker;
    var controller = sw.controller;
    var requested = false;
    var reloading = false;
    var failed = false;
    var reg = null;

    function reload() {
      if (reloading) return;
      reloading = true;
      location.reload();
    }

    // A page controlled by one build must not go on under the next one: reload it.
    sw.addEventListener("controllerchange", function () {
      var had = controller;
      controller = sw.controller;
      if (had || requested) reload();
    });

    function ask(worker) {
      return new Promise(function (resolve, reject) {
        var channel = new MessageChannel();
        var timer = setTimeout(function () { reject(new Error("no answer")); }, 5000);
        channel.port1.onmessage = function (event) {
          clearTimeout(timer);
          resolve(event.data || {});
        };
        worker.postMessage({ type: "status" }, [channel.port2]);
      });
    }

    function probe() {
      // Any answer from the server means we are online; sw.js is never served from the cache.
      // A 404 means this site has no worker (any more): a preview (handbook serve), or a site
      // published without offline files. Then the stored copy must not go on answering.
      var abort = new AbortController();
      var timer = setTimeout(function () { abort.abort(); }, 4000);
      return fetch(new URL("sw.js", root).href, { method: "HEAD", cache: "no-store", signal: abort.signal })
        .then(function (r) { return r.status === 404 ? "gone" : "online"; }, function () { return "offline"; })
        .then(function (answer) { clearTimeout(timer); return answer; });
    }

    function retire() {
      if (bar) bar.remove();
      doc.documentElement.setAttribute("data-handbook-offline", "none");
      var wasControlled = Boolean(sw.controller);
      return sw.getRegistration(root.href)
        .then(function (registration) { return registration && registration.unregister(); })
        .then(function () { return caches.keys(); })
        .then(function (names) {
          return Promise.all(names.filter(function (n) { return n.indexOf("handbook:" + root.pathname + ":") === 0; })
            .map(function (n) { return caches.delete(n); }));
        })
        .then(function () { if (wasControlled) reload(); });
    }

    function installing() {
      show("installing", ["Gemmer håndbogen til brug uden net …"]);
    }

    function offerUpdate(waiting) {
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "handbook-offline__button";
      button.textContent = "Ny udgave – genindlæs";
      button.addEventListener("click", function () {
        requested = true;
        button.disabled = true;
        if (!waiting) return reload();
        waiting.addEventListener("statechange", function () {
          if (waiting.state === "activated") reload();
        });
        waiting.postMessage({ type: "skip-waiting" });
      });
      show("update", ["Der er en ny udgave af håndbogen. ", button]);
    }

    function refresh() {
      if (!reg || reloading) return;
      if (reg.waiting && reg.active) return offerUpdate(reg.waiting);
      if (!reg.active) {
        if (failed) return notStored();
        if (reg.installing || reg.waiting) return installing();
        return;
      }
      ask(reg.active).then(function (status) {
        if (!status.complete) return installing();
        // The stored build is newer than this page (published between page and worker).
        if (status.version !== version) return offerUpdate(null);
        return probe().then(function (answer) {
          if (answer === "gone") return retire();
          if (reg.waiting) return offerUpdate(reg.waiting);
          if (answer === "online") {
            show("stored", ["Håndbogen er gemt til brug uden net · " + versionText()]);
          } else {
            show("offline", ["Du ser den gemte udgave fra " + (date || version) + " – der er ingen forbindelse"]);
          }
        });
      }, function () { /* the worker did not answer (it is being replaced); the next event refreshes */ });
    }

    function notStored() {
      show("error", ["Håndbogen kunne ikke gemmes til brug uden net. Siden virker, så længe der er forbindelse."]);
    }

    sw.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "progress" && reg && !reg.active && !failed) installing();
      if (data.type === "stored") refresh();
      if (data.type === "failed") {
        failed = true;
        // With a stored build the reader keeps it, and the browser tries the new one again later.
        if (!reg || !reg.active) notStored();
      }
    });

    function follow(worker) {
      if (!worker) return;
      worker.addEventListener("statechange", function () {
        if (worker.state === "redundant" && !reg.active) failed = true;
        refresh();
      });
    }

    function watch(registration) {
      reg = registration;
      reg.addEventListener("updatefound", function () {
        follow(reg.installing);
        if (!reg.active) installing();
      });
      // The navigation itself may have started an update before this script ran.
      follow(reg.installing);
      refresh();
      window.addEventListener("online", function () { reg.update().catch(function () {}); refresh(); });
      window.addEventListener("offline", refresh);
      // Long-open pages still learn about new builds.
      setInterval(function () { reg.update().catch(function () {}); }, 30 * 60 * 1000);
    }

    sw.register(new URL("sw.js", root).href, { scope: root.href })
      .then(watch, function () {
        return probe().then(function (answer) {
          if (answer === "gone") return retire();
          notStored();
        });
      });
  }

  function start() {
    if (location.protocol === "file:") return localCopy();
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return noWorker();
    return withWorker();
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
