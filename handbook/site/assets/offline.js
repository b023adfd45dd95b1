/* The handbook's offline status line and service-worker registration.
 *
 * Reads the edition from edition.js (window.HANDBOOK_EDITION: pages never carry
 * it, so they keep their bytes from build to build) and the site root from
 * <meta name="handbook-root">, shows the edition in the footer, registers
 * <root>/sw.js where the browser allows it, and tells the reader in one
 * accessible line whether the copy is stored for use without network (and how
 * much it takes), whether they are looking at the stored copy offline, whether
 * a new build waits, or - where no worker is possible (plain HTTP, file://) -
 * what to do. Links to PDFs the worker stores only when first opened say
 * whether they are stored. The state is also on
 * <html data-handbook-offline="..."> for tests and CSS.
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

  var edition = window.HANDBOOK_EDITION || {};
  var version = edition.version || "";
  var built = edition.built || "";
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

  /* The footer of every page names the edition (pages themselves do not carry it). */
  function footer() {
    if (!version) return;
    doc.querySelectorAll("[data-hb-edition]").forEach(function (el) {
      el.textContent = "Udgave " + version + (date ? " · " + date : "");
    });
  }

  /* The page "ikke gemt" names the PDF the reader tried to open (?fil=…). */
  function notStoredFile() {
    var el = doc.querySelector("[data-hb-not-stored-file]");
    var file = new URLSearchParams(location.search).get("fil");
    if (el && file) el.textContent = "Filen er " + file + ".";
  }

  function megabytes(bytes) {
    var mb = Math.max(bytes / 1e6, 0.1);
    return mb.toFixed(1).replace(".", ",") + " MB";
  }

  /* What the status line says about the stored copy: its size and, when some PDFs are stored
     only once opened, how many of the PDFs are stored. */
  function storedText(status) {
    var size = megabytes(status.bytes || 0);
    if (!status.lazy || !status.lazy.length) return "Håndbogen er gemt til brug uden net (" + size + ")";
    return "Håndbogen er gemt til brug uden net (" + size + "; " + status.pdfsStored + " af " + status.pdfs +
      " PDF'er – de andre gemmes, når du åbner dem)";
  }

  /* Each link to a PDF stored only once opened says whether it is stored on this device. */
  function labelPdfLinks(status, online) {
    var lazy = status.lazy || [];
    var stored = status.lazyStored || [];
    if (!lazy.length) return;
    doc.querySelectorAll("a[href]").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), location.href);
      url.hash = "";
      url.search = "";
      if (url.href.indexOf(root.href) !== 0) return;
      var path = decodeURIComponent(url.href.slice(root.href.length));
      if (lazy.indexOf(path) < 0) return;
      var kept = stored.indexOf(path) >= 0;
      var label = a.querySelector(".hb-pdf-state");
      if (!label) {
        label = doc.createElement("span");
        label.className = "hb-pdf-state";
        a.appendChild(label);
      }
      a.setAttribute("data-hb-pdf", kept ? "stored" : "not-stored");
      label.textContent = kept ? " (gemt til brug uden net)"
        : online ? " (gemmes til brug uden net, når du åbner den)" : " (ikke gemt – kræver forbindelse)";
    });
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
        if (version && status.version !== version) return offerUpdate(null);
        return probe().then(function (answer) {
          if (answer === "gone") return retire();
          labelPdfLinks(status, answer === "online");
          if (reg.waiting) return offerUpdate(reg.waiting);
          if (answer === "online") {
            show("stored", [storedText(status) + " · " + versionText()]);
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
      if (data.type === "stored" || data.type === "stored-file") refresh();
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
    footer();
    notStoredFile();
    if (location.protocol === "file:") return localCopy();
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return noWorker();
    return withWorker();
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
