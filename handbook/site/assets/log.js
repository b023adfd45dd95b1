/* The crisis log ("krisestyringslog") in the browser.
 *
 * Starts only on pages with a log control (<div data-hb-log>: plan, area and log pages).
 * Logs live in this browser's IndexedDB ("handbook-log") and nowhere else; nothing is
 * ever sent anywhere. IndexedDB rather than localStorage: both work from file://, over
 * HTTP and from the service worker's cache, but a write to IndexedDB is on disk when its
 * transaction completes ("strict" durability), while Chromium commits localStorage
 * seconds later, so a browser that crashes or is killed loses the last entries. An
 * entry counts as written (the form clears, the list shows it) only when it is on disk.
 * Every text a user types reaches the page as a text node, never as HTML; the exports
 * (CSV and a self-contained HTML file) are built the same way.
 */
(function () {
  "use strict";

  var doc = document;
  var control = doc.querySelector("[data-hb-log]");
  if (!control) return;

  var REMIND_AFTER = 30 * 60 * 1000;
  var EXCEL_CELL = 32000; // Excel keeps at most 32,767 characters in a cell
  var KINDS = [
    ["information", "Information"],
    ["beslutning", "Beslutning"],
    ["handling", "Handling"],
    ["undladelse", "Undladelse"]
  ];
  var KIND_LABEL = {};
  KINDS.forEach(function (k) { KIND_LABEL[k[0]] = k[1]; });

  var here = {
    kind: control.getAttribute("data-hb-log") || "",
    ref: control.getAttribute("data-hb-log-ref") || "",
    title: control.getAttribute("data-hb-log-title") || doc.title,
    handbook: control.getAttribute("data-hb-log-handbook") || "",
    organisation: control.getAttribute("data-hb-log-org") || ""
  };

  /* The handbook's edition, from edition.js (window.HANDBOOK_EDITION): pages never carry it, so a page
     keeps its bytes from edition to edition (handbook/site/edition.py). */
  function edition() {
    var current = window.HANDBOOK_EDITION;
    return (current && current.version) || "";
  }

  /* ---- storage ----------------------------------------------------------------------- */

  var DB_NAME = "handbook-log";
  var db = null;
  var logs = {}; // id → log, as last read from or written to the database
  var settings = { current: null, who: "" }; // the log open on this device, the last "Hvem"
  var channel = null; // tells other tabs of this handbook that something changed

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function openDatabase() {
    return new Promise(function (resolve, reject) {
      var req = window.indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore("logs", { keyPath: "id" });
        req.result.createObjectStore("settings", { keyPath: "key" });
      };
      req.onsuccess = function () {
        // A newer version of the script elsewhere may upgrade the database: let it.
        req.result.onversionchange = function () { req.result.close(); };
        resolve(req.result);
      };
      req.onerror = function () { reject(req.error); };
      req.onblocked = function () { reject(new Error("blocked")); };
    });
  }

  /* Read everything into memory (a handful of logs); true when anything changed. */
  function load() {
    var t = db.transaction(["logs", "settings"], "readonly");
    return Promise.all([request(t.objectStore("logs").getAll()), request(t.objectStore("settings").getAll())])
      .then(function (found) {
        var before = JSON.stringify([logs, settings]);
        logs = {};
        found[0].forEach(function (log) {
          if (log && typeof log.id === "string" && Array.isArray(log.entries)) logs[log.id] = log;
        });
        settings = { current: null, who: "" };
        found[1].forEach(function (item) { settings[item.key] = item.value; });
        return JSON.stringify([logs, settings]) !== before;
      });
  }

  /* One read-write transaction; resolves when it is on disk, rejects (and changes nothing) otherwise. */
  function transact(work) {
    return new Promise(function (resolve, reject) {
      var t;
      try {
        t = db.transaction(["logs", "settings"], "readwrite", { durability: "strict" });
        work(t.objectStore("logs"), t.objectStore("settings"));
      } catch (e) {
        if (t) try { t.abort(); } catch (ignored) { /* already ended */ }
        reject(e);
        return;
      }
      t.oncomplete = function () {
        if (channel) channel.postMessage("changed");
        resolve();
      };
      t.onabort = t.onerror = function () { reject(t.error || new Error("aborted")); };
    });
  }

  /* Read, change and write one log in one transaction, so two tabs on one log never undo each other. */
  function update(id, change) {
    var saved = null;
    return transact(function (store) {
      store.get(id).onsuccess = function (event) {
        var log = event.target.result;
        if (!log) return;
        change(log);
        store.put(log);
        saved = log;
      };
    }).then(function () {
      if (saved) logs[saved.id] = saved;
      return saved;
    });
  }

  function setting(key, value) {
    return transact(function (_, store) {
      if (value === null) store.delete(key);
      else store.put({ key: key, value: value });
    }).then(function () { settings[key] = value; });
  }

  function current() {
    return (settings.current && logs[settings.current]) || null;
  }

  function allLogs() {
    return Object.keys(logs).map(function (id) { return logs[id]; })
      .sort(function (a, b) { return b.started - a.started; });
  }

  function newId(prefix) {
    var bytes = new Uint8Array(6);
    window.crypto.getRandomValues(bytes);
    return prefix + Date.now().toString(36) + Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  /* ---- time ------------------------------------------------------------------------ */

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function dateText(ms) {
    var d = new Date(ms);
    return pad(d.getDate()) + "." + pad(d.getMonth() + 1) + "." + d.getFullYear();
  }

  function clock(ms) {
    var d = new Date(ms);
    return pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function when(ms) { return dateText(ms) + " " + clock(ms); }

  function offset(ms) {
    var minutes = -new Date(ms).getTimezoneOffset();
    var sign = minutes < 0 ? "-" : "+";
    minutes = Math.abs(minutes);
    return sign + pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  /* ISO 8601 in local time with the offset: unambiguous wherever the export is read. */
  function iso(ms) {
    var d = new Date(ms);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + clock(ms) + ":" +
      pad(d.getSeconds()) + offset(ms);
  }

  function inputValue(ms) {
    var d = new Date(ms);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + clock(ms);
  }

  function parseInput(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value || "");
    if (!m) return null;
    var d = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
    return isNaN(d.getTime()) ? null : d.getTime();
  }

  function zone(ms) {
    var name = "";
    try { name = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { name = ""; }
    return (name ? name + ", " : "") + "UTC" + offset(ms);
  }

  /* ---- DOM helpers: text only ------------------------------------------------------- */

  function el(tag, attrs, children) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value === null || value === undefined) return;
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === "string" ? doc.createTextNode(child) : child);
      }
    });
    return node;
  }

  function button(label, cls, onClick) {
    var b = el("button", { type: "button", "class": "md-button " + (cls || ""), text: label });
    b.addEventListener("click", onClick);
    return b;
  }

  var status = el("p", { "class": "hb-log-status", role: "status", "aria-live": "polite" });

  function say(text) {
    status.textContent = "";
    // A new text node, so the same message twice is announced twice.
    window.setTimeout(function () { status.textContent = text; }, 30);
  }

  /* ---- entries ----------------------------------------------------------------------- */

  function ordered(log) {
    return log.entries.slice().sort(function (a, b) { return a.time - b.time || a.created - b.created; });
  }

  function unsaved(log) {
    var saved = log.savedAt || 0;
    return log.entries.filter(function (e) { return Math.max(e.created, e.edited || 0) > saved; });
  }

  function entryNote(e) {
    var note = "Ført ind " + when(e.created);
    if (e.edited) note += " · tidspunktet rettet " + when(e.edited) + " (var " + when(e.timeWas) + ")";
    return note;
  }

  /* Write an entry into the open log; resolves with it once it is on disk. */
  function addEntry(fields) {
    var log = current();
    if (!log) return Promise.reject(new Error("no open log"));
    var entry = {
      id: newId("e"),
      time: fields.time,
      created: Date.now(),
      who: fields.who || "",
      kind: fields.kind,
      text: fields.text,
      source: fields.source || ""
    };
    if (fields.step) {
      entry.step = fields.step;
      entry.done = fields.done;
    }
    return update(log.id, function (l) { l.entries.push(entry); }).then(function (saved) {
      if (!saved) throw new Error("the log is gone"); // deleted in another tab meanwhile
      alertBox.hidden = true; // written again: an earlier failure is over
      return entry;
    });
  }

  function failed() {
    alertBox.hidden = false;
    alertBox.textContent = "Det kunne ikke gemmes i browseren – lageret er fuldt eller slået fra. " +
      "Gem loggen som fil nu, og skriv videre på papir.";
    render();
  }

  /* ---- the panel --------------------------------------------------------------------- */

  var startButton = control.querySelector(".hb-log-start") ||
    control.appendChild(el("button", { type: "button", "class": "md-button md-button--primary hb-log-start" }));
  startButton.textContent = "Start log";

  var heading = el("h2", { id: "hb-log-heading", "class": "hb-log-heading", tabindex: "-1" });
  var alertBox = el("p", { "class": "hb-log-alert", role: "alert", hidden: true });
  // Always in the page, empty when there is nothing to remind of: a live region that appears is not announced.
  var reminder = el("p", { "class": "hb-log-reminder", role: "status" });
  var eventInput = el("input", { id: "hb-log-event", type: "text", autocomplete: "off" });
  var meta = el("p", { "class": "hb-log-meta" });

  var timeInput = el("input", { id: "hb-log-time", type: "datetime-local", step: "60", "aria-describedby": "hb-log-time-error" });
  var timeError = el("p", { id: "hb-log-time-error", "class": "hb-log-error" });
  var whoInput = el("input", { id: "hb-log-who", type: "text", autocomplete: "name" });
  var textInput = el("textarea", { id: "hb-log-text", rows: "3", "aria-describedby": "hb-log-text-error" });
  var textError = el("p", { id: "hb-log-text-error", "class": "hb-log-error" });
  var sourceInput = el("input", { id: "hb-log-source", type: "text", autocomplete: "off" });
  var kindInputs = KINDS.map(function (k, i) {
    return el("input", { type: "radio", name: "hb-log-kind", id: "hb-log-kind-" + k[0], value: k[0], checked: i === 0 });
  });
  var timeIsNow = true; // the time follows the clock until the user sets one

  function field(input, label, extra) {
    return el("div", { "class": "hb-log-field" }, [el("label", { "for": input.id, text: label }), input].concat(extra || []));
  }

  var nowButton = button("Nu", "hb-log-now", function () {
    timeIsNow = true;
    timeInput.value = inputValue(Date.now());
    timeInput.focus();
  });
  nowButton.setAttribute("aria-label", "Sæt tidspunktet til nu");

  var form = el("form", { "class": "hb-log-form", novalidate: true }, [
    el("fieldset", {}, [
      el("legend", { text: "Ny indførsel" }),
      el("div", { "class": "hb-log-row" }, [
        el("div", { "class": "hb-log-field hb-log-when" }, [
          el("label", { "for": "hb-log-time", text: "Tidspunkt" }),
          el("span", { "class": "hb-log-inline" }, [timeInput, nowButton]),
          timeError
        ]),
        field(whoInput, "Hvem")
      ]),
      el("fieldset", { "class": "hb-log-kinds" }, [el("legend", { text: "Art" })].concat(kindInputs.map(function (input, i) {
        return el("span", { "class": "hb-log-kind-choice" }, [input, el("label", { "for": input.id, text: KINDS[i][1] })]);
      }))),
      field(textInput, "Tekst", [textError]),
      el("div", { "class": "hb-log-row hb-log-row-end" }, [
        field(sourceInput, "Kilde (valgfri)"),
        el("button", { type: "submit", "class": "md-button md-button--primary hb-log-add", text: "Før i loggen" })
      ])
    ])
  ]);

  var entriesList = el("ol", { "class": "hb-log-entries", reversed: true });
  var emptyText = el("p", { "class": "hb-log-empty", text: "Ingen indførsler endnu." });

  var panel = el("section", { "class": "hb-log-panel", "aria-labelledby": "hb-log-heading", hidden: true }, [
    heading,
    el("p", { "class": "hb-log-device" }, [
      el("strong", { text: "Loggen gemmes kun i denne browser på denne enhed." }),
      " Den sendes ingen steder hen. Ryddes browserens data, er loggen væk – gem den som fil, eller udskriv den jævnligt."
    ]),
    alertBox,
    reminder,
    field(eventInput, "Hændelse"),
    meta,
    form,
    el("div", { "class": "hb-log-actions", role: "group", "aria-label": "Gem, udskriv eller luk loggen" }, [
      button("Gem som regneark (CSV)", "hb-log-save-csv", function () { save("csv"); }),
      button("Gem som webside (HTML)", "hb-log-save-html", function () { save("html"); }),
      button("Udskriv", "hb-log-print-button", printLog),
      button("Luk loggen", "hb-log-close", closeLog)
    ]),
    el("h3", { "class": "hb-log-entries-title", text: "Indførsler – nyeste øverst" }),
    emptyText,
    entriesList
  ]);

  var othersList = el("ul", { "class": "hb-log-list" });
  var others = el("section", { "class": "hb-log-others", "aria-labelledby": "hb-log-others-title", hidden: true }, [
    el("h3", { id: "hb-log-others-title", text: "Logs på denne enhed" }),
    othersList
  ]);

  control.appendChild(panel);
  control.appendChild(others);
  control.appendChild(status);

  function unavailable() {
    control.setAttribute("data-hb-log-ready", "unavailable");
    startButton.hidden = true;
    panel.hidden = true;
    others.hidden = true;
    control.appendChild(el("p", { "class": "hb-log-alert", role: "alert",
      text: "Denne browser tillader ikke, at loggen gemmes her. Brug logarket på papir." }));
  }

  /* ---- rendering ----------------------------------------------------------------------- */

  function render() {
    var log = current();
    panel.hidden = !log;
    startButton.hidden = Boolean(log);
    if (log) renderLog(log);
    renderOthers(log ? log.id : null);
    renderSteps(log);
  }

  function renderLog(log) {
    heading.textContent = "Log: " + log.event;
    if (doc.activeElement !== eventInput) eventInput.value = log.event;
    var open = unsaved(log).length;
    meta.textContent = "Startet " + when(log.started) + " · " + log.entries.length +
      (log.entries.length === 1 ? " indførsel" : " indførsler") + " · " +
      (log.savedAt ? "sidst gemt som fil " + when(log.savedAt) + (open ? " · " + open + " ikke gemt siden" : "")
        : "endnu ikke gemt som fil");
    if (timeIsNow && doc.activeElement !== timeInput) timeInput.value = inputValue(Date.now());
    emptyText.hidden = log.entries.length > 0;
    var items = ordered(log).reverse().map(entryItem);
    entriesList.replaceChildren.apply(entriesList, items);
    remind(log);
  }

  function entryItem(e) {
    var kind = KIND_LABEL[e.kind] || e.kind;
    var item = el("li", { "class": "hb-log-entry hb-log-kind-" + (KIND_LABEL[e.kind] ? e.kind : "other"), id: "hb-log-" + e.id }, [
      el("p", { "class": "hb-log-entry-head" }, [
        el("time", { datetime: iso(e.time), text: when(e.time) }), " · ",
        el("strong", { "class": "hb-log-kind", text: kind }),
        e.who ? " · " : null, e.who ? el("bdi", { "class": "hb-log-who", text: e.who }) : null
      ]),
      el("p", { "class": "hb-log-entry-text" }, [el("bdi", { text: e.text })]),
      e.source ? el("p", { "class": "hb-log-entry-source" }, ["Kilde: ", el("bdi", { text: e.source })]) : null,
      el("p", { "class": "hb-log-entry-note", text: entryNote(e) })
    ]);
    var edit = button("Ret tidspunkt", "hb-log-edit-time", function () { editTime(item, e, edit); });
    edit.setAttribute("aria-label", "Ret tidspunktet for indførslen fra " + when(e.time));
    item.appendChild(edit);
    return item;
  }

  function editTime(item, e, opener) {
    var input = el("input", { type: "datetime-local", step: "60", id: "hb-log-retime-" + e.id, value: inputValue(e.time) });
    var saveTime = button("Gem tidspunkt", "md-button--primary", function () {
      var time = parseInput(input.value);
      if (time === null) { input.setAttribute("aria-invalid", "true"); input.focus(); return; }
      saveTime.disabled = true;
      update(current().id, function (log) {
        log.entries.forEach(function (x) {
          if (x.id !== e.id || x.time === time) return;
          if (!x.edited) x.timeWas = x.time;
          x.time = time;
          x.edited = Date.now();
        });
      }).then(function () {
        render();
        var moved = doc.getElementById("hb-log-" + e.id);
        if (moved) moved.querySelector(".hb-log-edit-time").focus();
        say("Tidspunktet er rettet til " + when(time) + ".");
      }, function () { saveTime.disabled = false; failed(); });
    });
    var box = el("div", { "class": "hb-log-retime" }, [
      el("label", { "for": input.id, text: "Nyt tidspunkt" }), input, saveTime,
      button("Fortryd", "", function () { box.remove(); opener.hidden = false; opener.focus(); })
    ]);
    opener.hidden = true;
    item.appendChild(box);
    input.focus();
  }

  function remind(log) {
    var now = Date.now();
    var late = unsaved(log).filter(function (e) { return now - e.created >= REMIND_AFTER; });
    if (!late.length) {
      reminder.textContent = "";
      return;
    }
    var oldest = Math.min.apply(null, late.map(function (e) { return e.created; }));
    var count = unsaved(log).length;
    var text = "Husk at gemme loggen som fil: " + (count === 1 ? "1 indførsel er" : count + " indførsler er") +
      " kun gemt i browseren, den ældste siden " + when(oldest) + ". Ryddes browserens data, går " +
      (count === 1 ? "den" : "de") + " tabt.";
    if (reminder.textContent !== text) reminder.textContent = text;
  }

  function renderOthers(openId) {
    var all = allLogs();
    others.hidden = all.length === 0;
    var items = all.map(function (log) {
      var count = log.entries.length + (log.entries.length === 1 ? " indførsel" : " indførsler");
      var open = unsaved(log).length;
      var item = el("li", { "class": "hb-log-list-item" }, [
        el("p", {}, [
          el("bdi", { "class": "hb-log-list-name", text: log.event }),
          " – startet " + when(log.started) + ", " + count + (open ? ", " + open + " ikke gemt som fil" : "") +
            (log.id === openId ? " (åben)" : "")
        ])
      ]);
      var actions = el("span", { "class": "hb-log-list-actions" });
      if (log.id !== openId) {
        var openButton = button("Åbn", "", function () { openLog(log.id); });
        openButton.setAttribute("aria-label", "Åbn loggen " + log.event);
        actions.appendChild(openButton);
      }
      var del = button("Slet …", "hb-log-delete", function () { confirmDelete(item, log, del); });
      del.setAttribute("aria-label", "Slet loggen " + log.event);
      actions.appendChild(del);
      item.appendChild(actions);
      return item;
    });
    othersList.replaceChildren.apply(othersList, items);
    if (openId) {
      othersList.appendChild(el("li", { "class": "hb-log-list-item" }, [
        button("Start en ny log", "hb-log-start-new", startLog)
      ]));
    }
  }

  function confirmDelete(item, log, opener) {
    var open = unsaved(log).length;
    var textId = "hb-log-confirm-" + log.id;
    var keep = button("Behold loggen", "hb-log-keep", function () {
      box.remove();
      opener.hidden = false;
      opener.focus();
    });
    var remove = button("Ja, slet loggen", "hb-log-confirm-delete", function () {
      remove.disabled = true;
      transact(function (store, prefs) {
        store.delete(log.id);
        if (settings.current === log.id) prefs.delete("current");
      }).then(function () {
        delete logs[log.id];
        if (settings.current === log.id) settings.current = null;
        render();
        (startButton.hidden ? heading : startButton).focus();
        say("Loggen »" + log.event + "« er slettet fra denne enhed.");
      }, function () { remove.disabled = false; failed(); });
    });
    var box = el("div", { "class": "hb-log-confirm", role: "group", "aria-labelledby": textId }, [
      el("p", { id: textId }, [
        "Slet loggen »", el("bdi", { text: log.event }), "« med " + log.entries.length +
          (log.entries.length === 1 ? " indførsel" : " indførsler") + " fra denne enhed? Den kan ikke hentes tilbage." +
          (open ? " " + open + " af indførslerne er ikke gemt som fil." : "")
      ]),
      remove,
      keep
    ]);
    opener.hidden = true;
    item.appendChild(box);
    keep.focus();
  }

  /* ---- ticking the page's steps --------------------------------------------------------- */

  function stepHeading(item) {
    var node = item;
    while (node && node !== doc.body) {
      var prev = node.previousElementSibling;
      while (prev) {
        if (/^H[2-4]$/.test(prev.tagName)) return prev.textContent.trim();
        prev = prev.previousElementSibling;
      }
      node = node.parentElement;
    }
    return "";
  }

  // The page's checklists (a plan's phases under "Handling"): each step can be ticked off into the log.
  var steps = Array.prototype.map.call(doc.querySelectorAll("article .hb-checklist > li.hb-step"), function (item, i) {
    var textNode = item.querySelector(".hb-text");
    var text = (textNode ? textNode.textContent : item.textContent).replace(/\s+/g, " ").trim();
    var head = stepHeading(item);
    return { item: item, text: text, heading: head, key: here.ref + "|" + head + "|" + text, index: i };
  });

  function renderSteps(log) {
    var done = {};
    if (log) {
      log.entries.slice().sort(function (a, b) { return a.created - b.created; }).forEach(function (e) {
        if (e.step) done[e.step] = e.done;
      });
    }
    steps.forEach(function (s) {
      var box = s.item.querySelector("input.hb-log-tick");
      if (!log) {
        if (box) box.remove();
        s.item.classList.remove("hb-log-tickable", "hb-log-done");
        return;
      }
      if (!box) {
        box = el("input", { type: "checkbox", "class": "hb-log-tick", id: "hb-log-step-" + s.index,
          "aria-label": "Udført: " + s.text });
        box.addEventListener("change", function () { tick(s, box.checked); });
        s.item.insertBefore(box, s.item.firstChild);
        s.item.classList.add("hb-log-tickable");
      }
      box.checked = Boolean(done[s.key]);
      s.item.classList.toggle("hb-log-done", box.checked);
    });
  }

  function tick(s, checked) {
    var where = s.heading ? " (" + s.heading + ")" : "";
    addEntry({
      time: Date.now(),
      who: whoInput.value.trim(),
      kind: "handling",
      text: (checked ? "Udført: " : "Markering fjernet – ikke udført alligevel: ") + s.text + where,
      step: s.key,
      done: checked
    }).then(function (entry) {
      render();
      say((checked ? "Ført i loggen som udført kl. " : "Ført i loggen som ikke udført kl. ") + clock(entry.time) + ".");
    }, failed); // on failure render() puts the box back as the log has it
  }

  /* ---- actions ----------------------------------------------------------------------- */

  function startLog() {
    var now = Date.now();
    var log = {
      v: 1,
      id: newId("l"),
      event: here.title + " " + dateText(now),
      started: now,
      page: { kind: here.kind, ref: here.ref, title: here.title },
      handbook: here.handbook,
      organisation: here.organisation,
      edition: edition(),
      savedAt: null,
      entries: []
    };
    startButton.disabled = true;
    transact(function (store, prefs) {
      store.put(log);
      prefs.put({ key: "current", value: log.id });
    }).then(function () {
      logs[log.id] = log;
      settings.current = log.id;
      startButton.disabled = false;
      // Ask the browser to keep the site's storage when space runs low (granted silently or not at all).
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
      timeIsNow = true;
      render();
      eventInput.focus();
      eventInput.select();
      say("Loggen er startet. Skriv hændelsens navn, og før den første indførsel.");
    }, function () { startButton.disabled = false; failed(); });
  }

  function openLog(id) {
    setting("current", id).then(function () {
      timeIsNow = true;
      render();
      heading.focus();
    }, failed);
  }

  function closeLog() {
    setting("current", null).then(function () {
      render();
      startButton.focus();
      say("Loggen er lukket. Den ligger stadig på denne enhed under »Logs på denne enhed«.");
    }, failed);
  }

  function kindValue() {
    var chosen = kindInputs.filter(function (i) { return i.checked; })[0];
    return chosen ? chosen.value : "information";
  }

  function invalid(input, error, text) {
    input.setAttribute("aria-invalid", "true");
    error.textContent = text;
    input.focus();
  }

  function clearErrors() {
    [timeInput, textInput].forEach(function (i) { i.removeAttribute("aria-invalid"); });
    timeError.textContent = "";
    textError.textContent = "";
  }

  var adding = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (adding) return;
    clearErrors();
    var time = timeIsNow ? Date.now() : parseInput(timeInput.value);
    if (time === null) return invalid(timeInput, timeError, "Skriv dato og klokkeslæt.");
    if (!textInput.value.trim()) return invalid(textInput, textError, "Skriv, hvad der skal i loggen.");
    var who = whoInput.value.trim();
    adding = true;
    // The form keeps what was typed until the entry is on disk; a failed write loses nothing.
    addEntry({ time: time, who: who, kind: kindValue(), text: textInput.value.trim(), source: sourceInput.value.trim() })
      .then(function (entry) {
        adding = false;
        textInput.value = "";
        sourceInput.value = "";
        timeIsNow = true;
        render();
        textInput.focus();
        say("Ført i loggen: " + (KIND_LABEL[entry.kind] || entry.kind) + " " + when(entry.time) + ".");
        if (who !== settings.who) setting("who", who).catch(function () { /* a convenience only */ });
      }, function () { adding = false; failed(); });
  });

  timeInput.addEventListener("input", function () { timeIsNow = false; });

  // The event's name is saved when the field is left (or Enter pressed), and while typing pauses.
  var naming = null;
  function saveName() {
    window.clearTimeout(naming);
    var log = current();
    var name = eventInput.value.trim() || "Hændelse uden navn";
    if (!log || log.event === name) return;
    update(log.id, function (l) { l.event = name; }).then(function () { renderOthers(log.id); }, failed);
  }
  eventInput.addEventListener("input", function () {
    heading.textContent = "Log: " + (eventInput.value.trim() || "Hændelse uden navn");
    window.clearTimeout(naming);
    naming = window.setTimeout(saveName, 600);
  });
  eventInput.addEventListener("change", saveName);

  /* ---- exports ----------------------------------------------------------------------- */

  /* A cell Excel shows as written: never a formula (as contacts.csv, handbook/outputs/exports.py). */
  function cell(value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (/^[\s\u00a0]*[=+\-@]/.test(text) || /^[\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function chunks(text) {
    var out = [];
    for (var i = 0; i < text.length; i += EXCEL_CELL) out.push(text.slice(i, i + EXCEL_CELL));
    return out.length ? out : [""];
  }

  function header(log, now) {
    var rows = [
      ["Krisestyringslog", log.event],
      ["Håndbog", [log.handbook || here.handbook, log.organisation || here.organisation].filter(Boolean).join(", ")],
      ["Udgave", edition() + (log.edition && log.edition !== edition() ? " (loggen startet under udgave " + log.edition + ")" : "")],
      ["Startet", when(log.started) + (log.page && log.page.title ? " på siden »" + log.page.title + "«" : "")],
      ["Tidszone", zone(now)],
      ["Gemt", when(now)],
      ["Indførsler", String(log.entries.length)]
    ];
    return rows;
  }

  var COLUMNS = ["Nr.", "Dato", "Tid", "Hvem", "Art", "Tekst", "Kilde", "Ført ind", "Rettet", "Tidspunkt (ISO 8601)"];

  function rowsOf(log) {
    return ordered(log).map(function (e, i) {
      return [String(i + 1), dateText(e.time), clock(e.time), e.who, KIND_LABEL[e.kind] || e.kind, e.text, e.source,
        when(e.created), e.edited ? "Tidspunkt rettet " + when(e.edited) + " (var " + when(e.timeWas) + ")" : "", iso(e.time)];
    });
  }

  function csv(log, now) {
    var lines = header(log, now).map(function (r) { return r.map(cell).join(";"); });
    lines.push("");
    lines.push(COLUMNS.map(cell).join(";"));
    rowsOf(log).forEach(function (row) {
      // A text longer than an Excel cell continues on rows of its own, marked "(fortsat)".
      chunks(row[5]).forEach(function (part, i) {
        var out = i === 0 ? row.slice() : [row[0] + " (fortsat)", "", "", "", "", "", "", "", "", ""];
        out[5] = part;
        lines.push(out.map(cell).join(";"));
      });
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  var EXPORT_STYLE = [
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:2em;color:#000;background:#fff}",
    "h1{font-size:1.5em}table{border-collapse:collapse;width:100%;margin:1em 0}",
    "th,td{border:1px solid #555;padding:.3em .5em;text-align:left;vertical-align:top}",
    "thead th{background:#e8e8e8}td{white-space:pre-wrap;overflow-wrap:anywhere}",
    ".meta th{width:10em}bdi{unicode-bidi:isolate}p.note{font-size:.9em}",
    "@media print{@page{size:A4 landscape;margin:12mm}body{margin:0;font-size:9pt}",
    "thead{display:table-header-group}tr{break-inside:avoid}}"
  ].join("");

  /* The log as a table in any document (the export, or the page when printing). */
  function logTable(target, log, now) {
    function make(tag, attrs, children) {
      var node = target.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      (children || []).forEach(function (c) {
        node.appendChild(typeof c === "string" ? target.createTextNode(c) : c);
      });
      return node;
    }
    var metaRows = header(log, now).map(function (r) {
      return make("tr", {}, [make("th", { scope: "row" }, [r[0]]), make("td", {}, [make("bdi", {}, [r[1]])])]);
    });
    var rows = rowsOf(log).map(function (r) {
      return make("tr", {}, r.slice(0, 9).map(function (value, i) {
        return make("td", {}, [i === 3 || i === 5 || i === 6 ? make("bdi", {}, [value]) : value]);
      }));
    });
    return [
      make("h1", {}, ["Krisestyringslog: ", make("bdi", {}, [log.event])]),
      make("table", { "class": "meta" }, [make("caption", {}, ["Om loggen"]), make("tbody", {}, metaRows)]),
      make("table", { "class": "entries" }, [
        make("caption", {}, ["Indførsler i tidsorden"]),
        make("thead", {}, [make("tr", {}, COLUMNS.slice(0, 9).map(function (c) { return make("th", { scope: "col" }, [c]); }))]),
        make("tbody", {}, rows)
      ]),
      make("p", { "class": "note" }, ["Gemt fra beredskabshåndbogen " + when(now) + ". Alle tidspunkter er i tidszonen " +
        zone(now) + ". Loggen var gemt i browseren på den enhed, den blev ført på."])
    ];
  }

  function htmlExport(log, now) {
    // Built as elements in a document that is never shown, then serialized: every text is escaped by the
    // browser itself. The file's own policy lets it run no script at all, whatever an entry says.
    var out = doc.implementation.createHTMLDocument("");
    var body = out.createElement("body");
    logTable(out, log, now).forEach(function (node) { body.appendChild(node); });
    var title = out.createElement("title");
    title.textContent = "Krisestyringslog: " + log.event;
    return "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n" +
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
      title.outerHTML + "\n<style>" + EXPORT_STYLE + "</style>\n</head>\n" + body.outerHTML + "\n</html>\n";
  }

  function fileName(log, now, ext) {
    var base = log.event.toLowerCase().replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa")
      .normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "log";
    var d = new Date(now);
    return "krisestyringslog-" + base + "-" + d.getFullYear() + pad(d.getMonth() + 1) + pad(d.getDate()) + "-" +
      pad(d.getHours()) + pad(d.getMinutes()) + "." + ext;
  }

  function save(kind) {
    var log = current();
    if (!log) return;
    var now = Date.now();
    var body = kind === "csv" ? csv(log, now) : htmlExport(log, now);
    var blob = new Blob([body], { type: kind === "csv" ? "text/csv;charset=utf-8" : "text/html;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: fileName(log, now, kind), "class": "hb-log-download", hidden: true });
    doc.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    update(log.id, function (l) { l.savedAt = now; }).then(render, render); // the file is saved either way
    say("Loggen er gemt som " + (kind === "csv" ? "regneark" : "webside") + ": " + link.getAttribute("download") +
      ". Find filen i mappen med overførsler.");
  }

  var printView = null;

  function endPrint() {
    doc.documentElement.classList.remove("hb-log-printing");
    if (printView) printView.remove();
    printView = null;
  }

  function printLog() {
    var log = current();
    if (!log) return;
    endPrint();
    printView = el("div", { "class": "hb-log-print" });
    logTable(doc, log, Date.now()).forEach(function (node) { printView.appendChild(node); });
    doc.body.appendChild(printView);
    doc.documentElement.classList.add("hb-log-printing");
    window.print();
  }

  window.addEventListener("afterprint", endPrint);

  /* ---- start ----------------------------------------------------------------------- */

  startButton.addEventListener("click", startLog);

  function refresh() {
    return load().then(function (changed) { if (changed) render(); }, function () { /* keep what is shown */ });
  }

  var opening;
  try {
    opening = openDatabase();
  } catch (e) {
    opening = Promise.reject(e); // IndexedDB forbidden (some private modes, policies)
  }
  opening.then(function (database) {
    db = database;
    return load();
  }).then(function () {
    whoInput.value = settings.who || "";
    if ("BroadcastChannel" in window) {
      channel = new BroadcastChannel(DB_NAME);
      channel.onmessage = refresh;
    }
    // Another tab may have written while this one was in the background.
    window.addEventListener("focus", refresh);
    doc.addEventListener("visibilitychange", function () { if (!doc.hidden) refresh(); });
    // The reminder and the "now" time keep up with the clock while the page stays open.
    window.setInterval(function () {
      var log = current();
      if (!log) return;
      remind(log);
      if (timeIsNow && doc.activeElement !== timeInput) timeInput.value = inputValue(Date.now());
    }, 30000);
    startButton.hidden = false;
    render();
    control.setAttribute("data-hb-log-ready", "ready");
  }, unavailable);
})();
