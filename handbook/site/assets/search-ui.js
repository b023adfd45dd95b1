/* The handbook's offline search, 4 of 4: the box on every page.
 *
 * Loaded last, after search-analysis.js, search-index.js and search-query.js
 * (all deferred), from the namespace window.HandbookSearch; it starts every
 * [data-hb-search] form (handbook/site/theme/partials/handbook-search.html).
 *
 * The box is a combobox whose results are an ARIA grid: a row per result, its
 * link (title, the line under it, a snippet with the matched words marked) and
 * a contact's numbers as tel: links in cells of their own; arrows move through
 * the grid, Enter opens the best result (once the results of what is typed are
 * in), Escape closes. The index is loaded on the first focus. Everything from
 * the index is untrusted: the DOM is built with textContent only.
 */
(function () {
  "use strict";

  var S = window.HandbookSearch = window.HandbookSearch || {};
  var analyze = S.analyze, describe = S.describe, textOf = S.textOf, searchWith = S.searchWith;

  var MAX_SHOWN = 12;
  var SOME_WORDS = "Ingen sider med alle ordene – sider med nogle af dem";

  /** A short excerpt of text around the first match: [{text, mark}] pieces, or [] for no text. */
  function snippet(text, keys, width) {
    width = width || 160;
    if (!text) return [];
    var ranges = [];
    analyze(text).forEach(function (t) { if (keys[t.key]) ranges.push([t.start, t.end]); });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var from = 0;
    if (ranges.length) {
      from = Math.max(0, ranges[0][0] - Math.floor(width / 4));
      if (from > 0) {
        var space = text.indexOf(" ", from);
        from = space >= 0 && space < ranges[0][0] ? space + 1 : from;
      }
    }
    var to = Math.min(text.length, from + width);
    if (to < text.length) {
      var back = text.lastIndexOf(" ", to);
      if (back > from + width / 2) to = back;
    }
    var pieces = [], pos = from;
    if (from > 0) pieces.push({ text: "… ", mark: false });
    ranges.forEach(function (r) {
      var a = Math.max(r[0], pos), b = Math.min(r[1], to);
      if (a >= b) return;
      if (a > pos) pieces.push({ text: text.slice(pos, a), mark: false });
      pieces.push({ text: text.slice(a, b), mark: true });
      pos = b;
    });
    if (pos < to) pieces.push({ text: text.slice(pos, to), mark: false });
    if (to < text.length) pieces.push({ text: " …", mark: false });
    return pieces;
  }

  function countText(total, shown) {
    if (!total) return "Ingen resultater";
    var text = total === 1 ? "1 resultat" : total + " resultater";
    return shown < total ? text + " – de " + shown + " bedste vises" : text;
  }

  // ------------------------------------------------------------ the box

  function Box(root) {
    this.root = root;
    this.input = root.querySelector("[data-hb-search-input]");
    this.panel = root.querySelector("[data-hb-search-panel]");
    this.list = root.querySelector("[data-hb-search-list]");
    this.count = root.querySelector("[data-hb-search-count]");
    this.note = root.querySelector("[data-hb-search-note]");
    this.status = root.querySelector("[data-hb-search-status]");
    this.base = (root.getAttribute("data-hb-base") || ".").replace(/\/$/, "");
    this.store = S.sharedStore(root.getAttribute("data-hb-index") || "");
    this.rows = [];
    this.row = -1;
    this.col = 0;
    this.serial = 0;
    this.bind();
  }

  Box.prototype.ready = function () { return this.store.headState === "ready"; };

  Box.prototype.load = function () {
    var self = this, store = this.store;
    if (store.headState !== "none") return;
    this.say("Søgningen indlæses …");
    store.start(function (ok) {
      if (!ok) { self.say("Søgningen kunne ikke indlæses"); return; }
      self.update();
    });
  };

  Box.prototype.say = function (text) {
    if (this.status.textContent !== text) this.status.textContent = text;
    this.count.textContent = text;
  };

  Box.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("focus", function () { self.load(); });
    this.input.addEventListener("input", function () { self.load(); self.update(); });
    this.input.addEventListener("keydown", function (ev) { self.key(ev); });
    this.list.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest("a")) self.close();
    });
    // Results are links in the tab order too; arrows move between them, Escape goes back to the box.
    this.list.addEventListener("keydown", function (ev) { self.listKey(ev); });
    this.root.addEventListener("focusout", function (ev) {
      if (ev.relatedTarget && !self.root.contains(ev.relatedTarget)) self.close();
    });
    this.list.addEventListener("mousedown", function (ev) {
      // Keep focus in the box while a pointer picks a result.
      if (ev.target.closest && ev.target.closest("[role=gridcell]")) ev.preventDefault();
    });
    document.addEventListener("click", function (ev) {
      if (!self.root.contains(ev.target)) self.close();
    });
    this.root.addEventListener("submit", function (ev) { ev.preventDefault(); });
  };

  Box.prototype.cellsOf = function (r) {
    return this.rows[r] ? this.rows[r].querySelectorAll("[role=gridcell]") : [];
  };

  Box.prototype.key = function (ev) {
    var n = this.rows.length;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!n) return;
      ev.preventDefault();
      if (this.panel.hidden) this.open();
      var step = ev.key === "ArrowDown" ? 1 : -1;
      var next = this.row < 0 ? (step > 0 ? 0 : n - 1) : (this.row + step + n) % n;
      this.activate(next, this.row < 0 ? 0 : this.col);
    } else if ((ev.key === "ArrowRight" || ev.key === "ArrowLeft") && this.row >= 0) {
      var cells = this.cellsOf(this.row).length;
      if (cells < 2) return;
      ev.preventDefault();
      this.activate(this.row, (this.col + (ev.key === "ArrowRight" ? 1 : -1) + cells) % cells);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (!this.input.value.trim()) return;
      if (!this.ready() || this.input.value !== this.lastQuery) {
        // The results of what is typed are not in yet: open the best one when they are.
        this.pendingEnter = true;
        if (this.ready()) this.update();
        return;
      }
      this.enter();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      if (!this.panel.hidden) this.close();
      else if (this.input.value) { this.input.value = ""; this.update(); }
    }
  };

  Box.prototype.enter = function () {
    this.pendingEnter = false;
    var cell = this.row >= 0 ? this.cellsOf(this.row)[this.col] : this.cellsOf(0)[0];
    var link = cell && cell.querySelector("a");
    if (link) this.go(link);
  };

  Box.prototype.listKey = function (ev) {
    var cell = ev.target.closest && ev.target.closest("[role=gridcell]");
    if (!cell) return;
    var row = this.rows.indexOf(cell.parentNode), n = this.rows.length;
    var cells = Array.prototype.slice.call(this.cellsOf(row)), col = cells.indexOf(cell);
    var r = row, c = col;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      r = (row + (ev.key === "ArrowDown" ? 1 : -1) + n) % n;
      c = Math.min(col, this.cellsOf(r).length - 1);
    } else if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
      c = (col + (ev.key === "ArrowRight" ? 1 : -1) + cells.length) % cells.length;
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      this.close();
      this.input.focus();
      return;
    } else {
      return;
    }
    ev.preventDefault();
    this.activate(r, c);
    var link = this.cellsOf(r)[c].querySelector("a");
    if (link) link.focus();
  };

  Box.prototype.go = function (link) {
    this.close();
    window.location.href = link.href;
  };

  Box.prototype.activate = function (r, c) {
    if (this.row >= 0 && this.rows[this.row]) {
      this.rows[this.row].setAttribute("aria-selected", "false");
      var old = this.cellsOf(this.row)[this.col];
      if (old) old.classList.remove("hb-search__cell--active");
    }
    this.row = r;
    this.col = c || 0;
    var row = this.rows[r];
    if (!row) { this.row = -1; this.col = 0; this.input.removeAttribute("aria-activedescendant"); return; }
    var cell = this.cellsOf(r)[this.col] || this.cellsOf(r)[0];
    row.setAttribute("aria-selected", "true");
    cell.classList.add("hb-search__cell--active");
    this.input.setAttribute("aria-activedescendant", cell.id);
    if (cell.scrollIntoView) cell.scrollIntoView({ block: "nearest" });
  };

  Box.prototype.open = function () {
    this.panel.hidden = false;
    this.input.setAttribute("aria-expanded", this.rows.length ? "true" : "false");
  };

  Box.prototype.close = function () {
    this.panel.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.activate(-1);
  };

  // Runs the query in the box and renders the result list.
  Box.prototype.update = function () {
    var query = this.input.value, self = this, serial = ++this.serial;
    if (!query.trim()) {
      this.pendingEnter = false;
      this.render(null, query);
      return;
    }
    if (!this.ready()) { this.open(); return; }
    if (this.store.stale) { this.say("Håndbogen er opdateret – genindlæs siden for at søge"); return; }
    searchWith(this.store, query, MAX_SHOWN, function (result) {
      if (serial !== self.serial) return;  // the reader has typed on
      if (self.store.stale) { self.say("Håndbogen er opdateret – genindlæs siden for at søge"); return; }
      self.render(result, query);
      if (self.pendingEnter && query === self.input.value) self.enter();
    });
  };

  Box.prototype.render = function (result, query) {
    this.lastQuery = query;
    var list = this.list, self = this, store = this.store;
    while (list.firstChild) list.removeChild(list.firstChild);
    this.rows = [];
    this.row = -1;
    this.col = 0;
    this.input.removeAttribute("aria-activedescendant");
    if (!result) {
      this.say("");
      this.note.hidden = true;
      this.close();
      this.emit(query, 0);
      return;
    }
    var wanted = Object.create(null);
    result.hits.forEach(function (hit, n) {
      var info = describe(store, hit.doc);
      var row = document.createElement("div");
      row.className = "hb-search__row";
      row.setAttribute("role", "row");
      row.setAttribute("aria-selected", "false");
      var cell = document.createElement("div");
      cell.className = "hb-search__cell";
      cell.setAttribute("role", "gridcell");
      cell.id = "hb-search-option-" + n;
      var a = document.createElement("a");
      a.className = "hb-search__option";
      a.href = self.base + "/" + info.url;
      var title = document.createElement("span");
      title.className = "hb-search__title";
      title.textContent = info.title;
      var meta = document.createElement("span");
      meta.className = "hb-search__meta";
      meta.textContent = info.meta;
      a.appendChild(title);
      a.appendChild(meta);
      cell.appendChild(a);
      row.appendChild(cell);
      list.appendChild(row);
      row.hbInfo = info;
      self.rows.push(row);
      if (!self.fill(row, result.keys) && info.part) wanted[info.part] = true;
    });
    this.list.hidden = !this.rows.length;
    this.note.hidden = !(result.partial && result.total);
    var count = countText(result.total, result.hits.length);
    this.say(result.partial && result.total ? SOME_WORDS + ": " + count.toLowerCase() : count);
    this.open();
    this.emit(query, result.total);
    var parts = Object.keys(wanted);
    if (parts.length) {
      store.need(parts, function () {
        if (self.lastQuery !== query) return;
        self.rows.forEach(function (row) { self.fill(row, result.keys); });
        self.emit(query, result.total, "hb-search:snippets");
      });
    } else {
      this.emit(query, result.total, "hb-search:snippets");
    }
  };

  // Adds a result's snippet and its numbers (as tel: links, each its own cell) once its text is here.
  Box.prototype.fill = function (row, keys) {
    if (row.hbFilled) return true;
    var text = textOf(this.store, row.hbInfo);
    if (!text) return !row.hbInfo.part && row.hbInfo.segment === this.store.head;
    row.hbFilled = true;
    var link = row.querySelector(".hb-search__option"), pieces = snippet(text.text, keys);
    if (pieces.length) {
      var span = document.createElement("span");
      span.className = "hb-search__snippet";
      pieces.forEach(function (p) {
        if (p.mark) {
          var mark = document.createElement("mark");
          mark.textContent = p.text;
          span.appendChild(mark);
        } else {
          span.appendChild(document.createTextNode(p.text));
        }
      });
      link.appendChild(span);
    }
    var id = row.firstChild.id;
    text.tel.forEach(function (t, n) {
      if (!/^tel:[+0-9]+$/.test(t[1])) return;
      var cell = document.createElement("div");
      cell.className = "hb-search__cell hb-search__tel";
      cell.setAttribute("role", "gridcell");
      cell.id = id + "-" + (n + 1);
      var a = document.createElement("a");
      a.className = "hb-search__call";
      a.href = t[1];
      a.textContent = t[0];
      a.setAttribute("aria-label", "Ring " + t[0]);
      cell.appendChild(a);
      row.appendChild(cell);
    });
    return true;
  };

  // Tells tests and the latency benchmark that results (or their snippets) are in the DOM.
  Box.prototype.emit = function (query, total, name) {
    var ev;
    try {
      ev = new CustomEvent(name || "hb-search:rendered", { detail: { query: query, total: total } });
    } catch (e) { return; }
    this.root.dispatchEvent(ev);
  };

  function start() {
    var roots = document.querySelectorAll("[data-hb-search]");
    for (var i = 0; i < roots.length; i++) {
      if (roots[i].hbSearch) continue;
      roots[i].hbSearch = new Box(roots[i]);
      roots[i].hidden = false;
    }
  }

  S.snippet = snippet;
  S.countText = countText;
  S.SOME_WORDS = SOME_WORDS;

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
