/* The handbook's offline search, 2 of 4: the index, its parts, and looking words up in them.
 *
 * Loaded after search-analysis.js, before search-query.js and search-ui.js
 * (all deferred), into the namespace window.HandbookSearch.
 *
 * The index (search/, written by handbook/site/search/) is a set of plain
 * scripts, because fetch, XHR and workers fail from file://: a head
 * (search/handbook-index.js, loaded on the first focus of the box, with the
 * Snowball stemmer and the change log's small index) and parts that a query
 * loads when it needs them (postings by first letter, numbers, stopwords, and
 * the text of pages for snippets). Everything from the index is untrusted: the
 * DOM is built with textContent only; no inline script, no eval, no HTML strings.
 *
 * Here: a Segment (the head or the change log made ready for searching), the
 * Store (what is loaded so far; one per page, shared by the box and open()),
 * posting lists decoded, and the searches in sorted word lists (exact, as a
 * beginning, inside, with typos) that search-query.js builds its matching on.
 */
(function () {
  "use strict";

  var S = window.HandbookSearch = window.HandbookSearch || {};

  // Documents: a page, a section of one, or a contact entry.
  var PAGE = 0, SECTION = 1, CONTACT = 2;

  /** A loaded segment (the head, or the change log) made ready for searching. */
  function Segment(data, base, isHead) {
    var self = this;
    this.base = base;  // the number of the segment's first document
    this.pages = data.p;
    this.pairs = data.a;
    this.total = data.D;
    this.docPage = new Int32Array(data.D);
    this.docCode = new Int32Array(data.D);
    this.pageFirst = new Int32Array(data.p.length);
    var doc = 0;
    data.p.forEach(function (page, n) {
      self.pageFirst[n] = doc;
      self.docPage[doc] = n;
      self.docCode[doc] = -1;
      doc++;
      page[4].forEach(function (code) { self.docPage[doc] = n; self.docCode[doc] = code; doc++; });
    });
    if (isHead) {
      var lines = data.w ? data.w.split("\n") : [];
      this.words = new Array(lines.length);
      this.surfaces = new Array(lines.length);
      for (var l = 0; l < lines.length; l++) {
        var tab = lines[l].indexOf("\t"), stem = tab < 0 ? lines[l] : lines[l].slice(0, tab);
        var rest = tab < 0 ? "" : lines[l].slice(tab + 1);
        this.words[l] = stem;
        this.surfaces[l] = rest.charAt(0) === "=" ? rest.slice(1) : stem + rest;
      }
      this.joined = "\n" + this.surfaces.join("\n") + "\n";
      this.keyDocs = data.k || [];
      this.digitParts = data.d || [];
      this.stopParts = data.s || [];
    } else {
      this.words = this.surfaces = data.w;
      this.joined = "\n" + data.w.join("\n") + "\n";
      this.postings = data.i;
      this.texts = data.x || {};
      this.keyDocs = [];
    }
    this.decoded = Object.create(null);
  }

  Segment.prototype.type = function (doc) {
    var code = this.docCode[doc];
    return code < 0 ? PAGE : (code & 1 ? CONTACT : SECTION);
  };

  Segment.prototype.pageOf = function (doc) { return this.pages[this.docPage[doc]]; };

  var DIGIT_VALUE = (function () {
    var table = new Int8Array(128).fill(-1), a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (var i = 0; i < a.length; i++) table[a.charCodeAt(i)] = i;
    return table;
  })();

  /** A posting list string → [doc, field, doc, field, …] (see handbook/site/search/parts.py). */
  function decode(text) {
    var out = [], doc = 0, value = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT_VALUE[text.charCodeAt(i)];
      value |= (digit & 31) << shift;
      if (digit >= 32) { shift += 5; continue; }
      doc += value >> 2;
      out.push(doc, value & 3);
      value = 0;
      shift = 0;
    }
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

  /** Numbers of the words in a sorted list that start with ``prefix``. */
  function prefixRange(words, prefix) {
    var from = lowerBound(words, prefix), to = from;
    while (to < words.length && words[to].lastIndexOf(prefix, 0) === 0) to++;
    return [from, to];
  }

  /** Numbers of the words that hold ``term`` after their first letter (one native search of all words). */
  function infixes(words, joined, term, starts) {
    var found = [], from = 0, at;
    if (!starts.offsets) {
      var offsets = new Int32Array(words.length), pos = 1;
      for (var i = 0; i < words.length; i++) { offsets[i] = pos; pos += words[i].length + 1; }
      starts.offsets = offsets;
    }
    var offs = starts.offsets;
    while ((at = joined.indexOf(term, from)) >= 0) {
      var lo = 0, hi = offs.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >>> 1;
        if (offs[mid] <= at) lo = mid; else hi = mid - 1;
      }
      if (at > offs[lo] && at + term.length <= offs[lo] + words[lo].length) found.push(lo);
      from = lo + 1 < offs.length ? offs[lo + 1] : joined.length;
    }
    return found;
  }

  /** The smallest edit distance (with transpositions) between ``q`` and ``word`` or a beginning of it at
   *  least as long as ``q``, if ≤ k; else -1. */
  function typoDistance(q, word, k) {
    var m = q.length, n = word.length;
    if (n < m - k) return -1;
    var prev2 = null, prev = new Array(m + 1), cur, best = k + 1;
    for (var i = 0; i <= m; i++) prev[i] = i;
    if (n === 0) best = m;
    for (var j = 1; j <= n; j++) {
      cur = new Array(m + 1);
      cur[0] = j;
      var low = j, c = word.charCodeAt(j - 1);
      for (var i2 = 1; i2 <= m; i2++) {
        var cost = q.charCodeAt(i2 - 1) === c ? 0 : 1;
        var v = Math.min(prev[i2] + 1, cur[i2 - 1] + 1, prev[i2 - 1] + cost);
        if (prev2 && i2 > 1 && q.charCodeAt(i2 - 1) === word.charCodeAt(j - 2) &&
            q.charCodeAt(i2 - 2) === c) v = Math.min(v, prev2[i2 - 2] + 1);
        cur[i2] = v;
        if (v < low) low = v;
      }
      if ((j >= m || j === n) && cur[m] < best) best = cur[m];
      if (low > k) break;
      prev2 = prev;
      prev = cur;
    }
    return best <= k ? best : -1;
  }

  function maxTypos(raw) {
    return raw.length >= 9 ? 2 : raw.length >= 5 ? 1 : 0;
  }

  // ------------------------------------------------------------ the store: head and parts

  /** Everything loaded so far; ``load`` inserts script tags, parts report through a global callback. */
  function Store(src, stemmerSrc, partBase) {
    this.src = src;
    this.stemmerSrc = stemmerSrc;
    this.partBase = partBase;
    this.head = null;
    this.changes = null;
    this.parts = Object.create(null);     // name → data
    this.pending = Object.create(null);   // name → [callbacks]
    this.failed = Object.create(null);
    this.stale = false;
    this.headState = "none";              // none, loading, ready, failed
    this.headWaiters = [];
  }

  Store.prototype.script = function (url, onload, onerror) {
    var script = document.createElement("script");
    script.charset = "utf-8";  // whatever the page says: the index is UTF-8
    script.src = url;
    script.async = true;
    script.addEventListener("load", onload);
    script.addEventListener("error", onerror);
    document.head.appendChild(script);
  };

  /** Load the head, the stemmer and the change log (once); ``done(ok)`` when all are in. */
  Store.prototype.start = function (done) {
    if (this.headState === "ready" || this.headState === "failed") {
      done(this.headState === "ready");
      return;
    }
    this.headWaiters.push(done);
    if (this.headState === "loading") return;
    this.headState = "loading";
    var self = this, left = 3, ok = true;
    function one(success) {
      ok = ok && success;
      if (--left) return;
      var data = window.__HANDBOOK_SEARCH;
      if (ok && data && typeof data === "object" && window.HandbookStemmer) {
        S.setStemmer(window.HandbookStemmer);
        self.head = new Segment(data, 0, true);
        self.ranges = letterRanges(self.head.words);
        var changes = self.parts.changes;
        self.changes = changes ? new Segment(changes, self.head.total, false) : null;
        self.headState = "ready";
      } else {
        self.headState = "failed";
      }
      var waiters = self.headWaiters;
      self.headWaiters = [];
      waiters.forEach(function (w) { w(self.headState === "ready"); });
    }
    if (window.__HANDBOOK_SEARCH && typeof window.__HANDBOOK_SEARCH === "object") one(true);
    else this.script(this.src, function () { one(!!window.__HANDBOOK_SEARCH); }, function () { one(false); });
    if (window.HandbookStemmer) one(true);
    else this.script(this.stemmerSrc, function () { one(!!window.HandbookStemmer); }, function () { one(false); });
    this.need(["changes"], function () { one(true); });  // the search works without the change log
  };

  /** Load parts by name; ``done()`` when each has arrived or failed. */
  Store.prototype.need = function (names, done) {
    var self = this, left = 0;
    function one() { if (--left === 0) done(); }
    names.forEach(function (name) {
      if (self.parts[name] || self.failed[name]) return;
      left++;
      if (self.pending[name]) { self.pending[name].push(one); return; }
      self.pending[name] = [one];
      self.script(self.partBase + name + ".js", function () {
        if (!self.parts[name]) self.failed[name] = true;
        self.settle(name);
      }, function () {
        self.failed[name] = true;
        self.settle(name);
      });
    });
    if (left === 0) done();
  };

  Store.prototype.settle = function (name) {
    var waiting = this.pending[name] || [];
    delete this.pending[name];
    waiting.forEach(function (w) { w(); });
  };

  /** Called by every part script. A part from another edition (a half-published update) marks the store stale. */
  Store.prototype.receive = function (name, data) {
    if (!data || typeof data !== "object") return;
    var head = this.head;
    if (head && name !== "changes") {
      var fits = true;
      if (name.lastIndexOf("t-", 0) === 0) {
        var range = this.ranges[name.slice(2)];
        fits = data.D === head.total && !!range && data.n === range[1] - range[0] && data.f === head.words[range[0]];
      } else if (name.lastIndexOf("d-", 0) === 0 || name.lastIndexOf("s-", 0) === 0) {
        fits = data.D === head.total;
      }
      if (!fits) { this.stale = true; return; }
    }
    this.parts[name] = data;
  };

  function shardOf(term) {
    var c = term.charAt(0);
    return c >= "a" && c <= "z" ? c : "_";
  }

  function letterRanges(words) {
    var ranges = Object.create(null);
    for (var i = 0; i < words.length; i++) {
      var s = shardOf(words[i]);
      if (!ranges[s]) ranges[s] = [i, i + 1]; else ranges[s][1] = i + 1;
    }
    return ranges;
  }

  var STORE = null;

  /** The page's one store, made on first use for the index at ``src`` (the parts and stemmer beside it). */
  function sharedStore(src) {
    var folder = src.replace(/[^/]*$/, "");
    return STORE || (STORE = new Store(src, folder + "snowball-danish.js", folder));
  }

  window.__HANDBOOK_SEARCH_PART = function (name, data) {
    if (STORE) STORE.receive(name, data);
  };

  S.PAGE = PAGE;
  S.SECTION = SECTION;
  S.CONTACT = CONTACT;
  S.decode = decode;
  S.lowerBound = lowerBound;
  S.prefixRange = prefixRange;
  S.infixes = infixes;
  S.typoDistance = typoDistance;
  S.maxTypos = maxTypos;
  S.shardOf = shardOf;
  S.Store = Store;
  S.sharedStore = sharedStore;
})();
