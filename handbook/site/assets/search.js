/* The handbook's offline search: works from file://, over http and from the service worker.
 *
 * The index (search/handbook-index.js, written by handbook/search.py) is a plain
 * script, because fetch, XHR and workers fail from file://. It is loaded on the
 * first focus or keystroke by inserting a <script src> taken from a data
 * attribute. Everything from the index is untrusted: the DOM is built with
 * textContent only; no inline script, no eval, no HTML strings.
 *
 * Matching mirrors handbook/search.py: case and accents folded, æ/ae, ø/oe,
 * å/aa alike, every word a prefix, all words must match, phone numbers joined.
 */
(function () {
  "use strict";

  var FOLD = { "æ": "ae", "ø": "oe", "å": "aa", "ß": "ss", "œ": "oe" };
  var FOLD_RE = /[æøåßœ]/g;
  var MARKS = /\p{M}/gu;
  var SPLIT = /[^\p{L}\p{N}]+/u;
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  // Field weights: 0 page title seen from a section, 1 body, 2 heading, 3 title or own number.
  var WEIGHT = [1, 2, 6, 12];
  var PREFIX_FACTOR = 0.7;
  // Danish glues words together ("systemnedbrud", "strømsvigt"): a term of this
  // length or more also matches inside a word, with a lower weight.
  var INFIX_MIN = 4;
  var INFIX_FACTOR = 0.4;
  // Equal scores: a page before a contact entry before a section.
  var TYPE_RANK = [0, 1, 2];
  var KIND = {
    front: "Forside", area: "Område", plan: "Plan", card: "Handlingskort",
    contacts: "Kontakter", role: "Rolle", roles: "Roller", other: "Side"
  };
  var MAX_SHOWN = 12;

  /** Lower-case, æ→ae, ø→oe, å→aa, other accents dropped (as fold() in search.py). */
  function fold(text) {
    return String(text).toLowerCase()
      .replace(FOLD_RE, function (c) { return FOLD[c]; })
      .normalize("NFKD").replace(MARKS, "");
  }

  /** The distinct terms of a query; digit groups are joined so any way of typing a number matches. */
  function queryTerms(query) {
    var s = fold(query)
      .replace(/(?:\+|\b00)45\s*(?=\d)/g, "")
      .replace(/(\d)[\s\u00a0]+(?=\d)/g, "$1");
    var seen = Object.create(null), out = [];
    s.split(SPLIT).forEach(function (t) {
      if (/^45\d{8}$/.test(t)) t = t.slice(2);  // the country code typed without "+"
      if (t && !seen[t]) { seen[t] = true; out.push(t); }
    });
    return out;
  }

  function lowerBound(words, term) {
    var lo = 0, hi = words.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (words[mid] < term) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // Numbers of the words that contain term after their first letter. One native
  // substring search over all words joined, instead of a test per word.
  function infixes(index, term) {
    var words = index.w;
    if (!index.joined) {
      var offsets = new Array(words.length), pos = 0;
      for (var i = 0; i < words.length; i++) { offsets[i] = pos; pos += words[i].length + 1; }
      index.joined = words.join("\n");
      index.offsets = offsets;
    }
    var all = index.joined, starts = index.offsets, found = [], from = 0, at;
    while ((at = all.indexOf(term, from)) >= 0) {
      var lo = 0, hi = starts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >>> 1;
        if (starts[mid] <= at) lo = mid; else hi = mid - 1;
      }
      if (at > starts[lo]) found.push(lo);
      from = lo + 1 < starts.length ? starts[lo + 1] : all.length;
    }
    return found;
  }

  /** Documents matching every term of the query, best first: {terms, total, hits: [{doc, score}]}. */
  function search(index, query, limit) {
    var terms = queryTerms(query);
    if (!terms.length) return { terms: terms, total: 0, hits: [] };
    // The longest term first: it usually matches least, so the others check fewer documents.
    var order = terms.slice().sort(function (a, b) { return b.length - a.length; });
    var words = index.w, postings = index.i, acc = null;
    function collect(scores, i, factor) {
      var row = postings[i], doc = 0;
      for (var j = 0; j < row.length; j++) {
        doc += row[j] >> 2;
        if (acc !== null && !acc.has(doc)) continue;
        var s = WEIGHT[row[j] & 3] * factor, old = scores.get(doc);
        if (old === undefined || s > old) scores.set(doc, s);
      }
    }
    for (var k = 0; k < order.length; k++) {
      var term = order[k], scores = new Map();
      for (var i = lowerBound(words, term); i < words.length; i++) {
        var word = words[i];
        if (word.lastIndexOf(term, 0) !== 0) break;
        collect(scores, i, word.length === term.length ? 1 : PREFIX_FACTOR);
      }
      if (term.length >= INFIX_MIN) {
        infixes(index, term).forEach(function (w) { collect(scores, w, INFIX_FACTOR); });
      }
      if (acc !== null) scores.forEach(function (s, d) { scores.set(d, s + acc.get(d)); });
      acc = scores;
      if (!acc.size) break;
    }
    var hits = [];
    acc.forEach(function (score, doc) { hits.push({ doc: doc, score: score }); });
    var docs = index.d;
    hits.sort(function (a, b) {
      return (b.score - a.score) ||
        (TYPE_RANK[docs[a.doc][4]] - TYPE_RANK[docs[b.doc][4]]) || (a.doc - b.doc);
    });
    return { terms: terms, total: hits.length, hits: limit ? hits.slice(0, limit) : hits };
  }

  /** Where a result leads (site-relative), its title and the line under it. */
  function describe(index, doc) {
    var d = index.d[doc], page = index.p[d[0]];
    var kind = KIND[page[2]] || KIND.other;
    var meta;
    if (d[4] === 0) meta = kind;
    else if (d[4] === 1) meta = page[1] === kind || page[2] === "front" ? kind : page[1] + " · " + kind;
    else meta = page[2] === "contacts" ? "Kontakt" : "Kontakt · " + page[1];
    return { url: page[0] + (d[1] ? "#" + d[1] : ""), title: d[2], meta: meta, text: d[3] };
  }

  // Folded text with, for each folded character, the index of the original one.
  function foldWithMap(text) {
    var out = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c < 128) {
        out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : text[i];
        map.push(i);
        continue;
      }
      var f = fold(text[i]);
      for (var j = 0; j < f.length; j++) { out += f[j]; map.push(i); }
    }
    return { text: out, map: map };
  }

  function termPattern(term) {
    var body = "";
    for (var i = 0; i < term.length; i++) {
      body += term[i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      // A joined number matches its grouped form ("72361448" ~ "72 36 14 48").
      if (i + 1 < term.length && /\d/.test(term[i]) && /\d/.test(term[i + 1])) body += "[\\s\\u00a0]*";
    }
    return body;
  }

  /** A short excerpt of text around the first match: [{text, mark}] pieces, or [] for no text. */
  function snippet(text, terms, width) {
    width = width || 160;
    if (!text) return [];
    var folded = foldWithMap(text), ranges = [];
    terms.forEach(function (term) {
      var re = new RegExp(termPattern(term), "g"), m, starts = [], inside = [];
      while ((m = re.exec(folded.text)) !== null) {
        var start = m.index, end = m.index + Math.max(m[0].length, 1);
        var range = [folded.map[start], folded.map[end - 1] + 1];
        if (start > 0 && WORD_CHAR.test(folded.text[start - 1])) inside.push(range);
        else starts.push(range);
        re.lastIndex = end;
      }
      // Inside a word only when the term matched no word start (as in the ranking).
      ranges.push.apply(ranges, starts.length || term.length < INFIX_MIN ? starts : inside);
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
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

  var core = {
    fold: fold, queryTerms: queryTerms, search: search, describe: describe,
    snippet: snippet, countText: countText
  };
  window.HandbookSearch = core;

  // ---------------------------------------------------------------- the box

  function Box(root) {
    this.root = root;
    this.input = root.querySelector("[data-hb-search-input]");
    this.panel = root.querySelector("[data-hb-search-panel]");
    this.list = root.querySelector("[data-hb-search-list]");
    this.count = root.querySelector("[data-hb-search-count]");
    this.status = root.querySelector("[data-hb-search-status]");
    this.base = (root.getAttribute("data-hb-base") || ".").replace(/\/$/, "");
    this.src = root.getAttribute("data-hb-index");
    this.options = [];
    this.active = -1;
    this.loading = false;
    this.failed = false;
    this.bind();
  }

  Box.prototype.index = function () { return window.__HANDBOOK_SEARCH || null; };

  Box.prototype.load = function () {
    if (this.index() || this.loading || this.failed || !this.src) return;
    var self = this, script = document.createElement("script");
    this.loading = true;
    this.say("Søgningen indlæses …");
    script.src = this.src;
    script.async = true;
    script.addEventListener("load", function () {
      self.loading = false;
      if (!self.index()) { self.failed = true; self.say("Søgningen kunne ikke indlæses"); return; }
      self.update();
      // Enter pressed while the index was loading opens the best result now.
      if (self.pendingEnter && self.options.length) self.go(self.options[0]);
      self.pendingEnter = false;
    });
    script.addEventListener("error", function () {
      self.loading = false;
      self.failed = true;
      self.say("Søgningen kunne ikke indlæses");
    });
    document.head.appendChild(script);
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
    this.list.addEventListener("click", function () { self.close(); });
    // Results are links in the tab order too; arrows move between them, Escape goes back to the box.
    this.list.addEventListener("keydown", function (ev) { self.listKey(ev); });
    this.root.addEventListener("focusout", function (ev) {
      if (ev.relatedTarget && !self.root.contains(ev.relatedTarget)) self.close();
    });
    this.list.addEventListener("mousedown", function (ev) {
      // Keep focus in the box while a pointer picks a result.
      if (ev.target.closest && ev.target.closest("[role=option]")) ev.preventDefault();
    });
    document.addEventListener("click", function (ev) {
      if (!self.root.contains(ev.target)) self.close();
    });
    this.root.addEventListener("submit", function (ev) { ev.preventDefault(); });
  };

  Box.prototype.key = function (ev) {
    var n = this.options.length;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!n) return;
      ev.preventDefault();
      if (this.panel.hidden) this.open();
      var step = ev.key === "ArrowDown" ? 1 : -1;
      var next = this.active < 0 ? (step > 0 ? 0 : n - 1) : (this.active + step + n) % n;
      this.activate(next);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (this.index() && this.input.value.trim()) this.update(true);
      var target = this.options[this.active >= 0 ? this.active : 0];
      if (target) this.go(target);
      else if (this.loading) this.pendingEnter = true;
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      if (!this.panel.hidden) this.close();
      else if (this.input.value) { this.input.value = ""; this.update(); }
    }
  };

  Box.prototype.listKey = function (ev) {
    var i = this.options.indexOf(ev.target), n = this.options.length;
    if (i < 0) return;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      var next = (i + (ev.key === "ArrowDown" ? 1 : -1) + n) % n;
      this.activate(next);
      this.options[next].focus();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      this.close();
      this.input.focus();
    }
  };

  Box.prototype.go = function (option) {
    this.close();
    window.location.href = option.href;
  };

  Box.prototype.activate = function (i) {
    if (this.active >= 0 && this.options[this.active]) {
      this.options[this.active].setAttribute("aria-selected", "false");
    }
    this.active = i;
    var option = this.options[i];
    if (!option) { this.input.removeAttribute("aria-activedescendant"); return; }
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
  };

  Box.prototype.open = function () {
    this.panel.hidden = false;
    this.input.setAttribute("aria-expanded", this.options.length ? "true" : "false");
  };

  Box.prototype.close = function () {
    this.panel.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.activate(-1);
  };

  // Runs the query in the box and renders the result list (keep=true keeps the highlighted row).
  Box.prototype.update = function (keep) {
    var query = this.input.value;
    if (!query.trim()) {
      this.pendingEnter = false;
      this.render(null, query);
      return;
    }
    var index = this.index();
    if (!index) { this.open(); return; }
    if (keep && query === this.lastQuery) return;
    this.render(search(index, query, MAX_SHOWN), query);
  };

  Box.prototype.render = function (result, query) {
    this.lastQuery = query;
    var list = this.list, index = this.index(), self = this;
    while (list.firstChild) list.removeChild(list.firstChild);
    this.options = [];
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (!result) {
      this.say("");
      this.close();
      this.emit(query, 0);
      return;
    }
    result.hits.forEach(function (hit, n) {
      var info = describe(index, hit.doc);
      var a = document.createElement("a");
      a.className = "hb-search__option";
      a.id = "hb-search-option-" + n;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.href = self.base + "/" + info.url;
      var title = document.createElement("span");
      title.className = "hb-search__title";
      title.textContent = info.title;
      var meta = document.createElement("span");
      meta.className = "hb-search__meta";
      meta.textContent = info.meta;
      a.appendChild(title);
      a.appendChild(meta);
      var pieces = snippet(info.text, result.terms);
      if (pieces.length) {
        var text = document.createElement("span");
        text.className = "hb-search__snippet";
        pieces.forEach(function (p) {
          if (p.mark) {
            var mark = document.createElement("mark");
            mark.textContent = p.text;
            text.appendChild(mark);
          } else {
            text.appendChild(document.createTextNode(p.text));
          }
        });
        a.appendChild(text);
      }
      list.appendChild(a);
      self.options.push(a);
    });
    this.list.hidden = !this.options.length;
    this.say(countText(result.total, result.hits.length));
    this.open();
    this.emit(query, result.total);
  };

  // Tells tests and the latency benchmark that results are in the DOM.
  Box.prototype.emit = function (query, total) {
    var detail = { query: query, total: total };
    var ev;
    try { ev = new CustomEvent("hb-search:rendered", { detail: detail }); } catch (e) { return; }
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

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
