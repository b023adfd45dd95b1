/* The handbook's offline search: works from file://, over http and from the service worker.
 *
 * The index (search/, written by handbook/site/search/) is a set of plain
 * scripts, because fetch, XHR and workers fail from file://: a head
 * (search/handbook-index.js, loaded on the first focus of the box, with the
 * Snowball stemmer and the change log's small index) and parts that a query
 * loads when it needs them (postings by first letter, numbers, stopwords, and
 * the text of pages for snippets). Everything from the index is untrusted: the
 * DOM is built with textContent only; no inline script, no eval, no HTML strings.
 *
 * Matching: the same analysis as the build (analyze() mirrors
 * handbook/site/search/analysis.py; tests/search/vectors.json checks both):
 * Danish letters folded both ways, Snowball stems, stopwords ignored unless the
 * query has nothing else, phone numbers however they are spaced. A query term
 * matches a term exactly, as its beginning, inside it (compounds), or, when it
 * matches no term exactly or as a beginning, with a typo (one edit from 5
 * letters, two from 9), weighted in that order. Every term
 * must match; when no document holds them all, the best documents holding some
 * of them are shown under a line that says so.
 */
(function () {
  "use strict";

  // ------------------------------------------------------------ analysis

  var STOPWORD_TEXT = "og i jeg det at en den til er som på de med han af for ikke der var mig sig men et " +
    "har om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her " +
    "alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også " +
    "under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad " +
    "bliver hendes været thi jer sådan hvem hvordan hvornår hvorfor hvilken hvilke hvilket";
  // Words that ask for a phone number: they put contact entries first, and alone
  // ("hvem ringer jeg til") they lead to the key numbers and the contacts page.
  var CALL_TEXT = "ring ringe ringer ringes ringet opkald telefon telefonen telefoner telefonnummer " +
    "telefonnummeret telefonnumre tlf nummer nummeret numre nr kontakt kontakte kontakter kontaktes kontakten";

  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var ALNUM = /[\p{L}\p{N}]+/gu;
  var ALNUM_ONLY = /^[\p{L}\p{N}]+$/u;
  var MARKS = /\p{M}/gu;
  var NON_ASCII = /[^\x00-\x7f]/;
  var RECOMPOSE = { "a\u030a": "å", "a\u0308": "æ", "o\u0308": "ø" };
  var DIGRAPHS = { aa: "å", ae: "æ", oe: "ø" };
  var SKELETON = { "æ": "a", "ø": "o", "å": "a" };
  var GROUP_GAP = /^[ \u00a0\u202f]+$/;
  var HYPHENS = { "-": true, "\u2010": true, "\u2011": true };
  var HAS_DIGIT = /[0-9]/;
  var NUMBER = /^[0-9]+$/;

  /** A word lower-cased and spelt the Danish way; NFKD may split it into several (spell() in analysis.py). */
  function spell(word) {
    word = word.toLowerCase();
    if (NON_ASCII.test(word)) {
      word = word.replace(/[ßœ]/g, function (c) { return c === "ß" ? "ss" : "oe"; }).normalize("NFKD")
        .replace(/a\u030a|a\u0308|o\u0308/g, function (m) { return RECOMPOSE[m]; }).replace(MARKS, "");
    }
    word = word.replace(/aa|ae|oe/g, function (m) { return DIGRAPHS[m]; });
    if (ALNUM_ONLY.test(word)) return [word];
    return word.match(ALNUM) || [];
  }

  function skeleton(word) {
    return word.replace(/[æøå]/g, function (c) { return SKELETON[c]; });
  }

  var stemmer = null;
  var keyCache = Object.create(null);
  var STOPWORDS = Object.create(null);
  STOPWORD_TEXT.split(" ").forEach(function (w) { STOPWORDS[skeleton(spell(w)[0])] = true; });

  /** A spelt word's term and whether it is a stopword: [key, stop]. */
  function key(spelt) {
    var found = keyCache[spelt];
    if (found === undefined) {
      var stem = HAS_DIGIT.test(spelt) || !stemmer ? spelt : stemmer(spelt);
      found = keyCache[spelt] = [skeleton(stem), STOPWORDS[skeleton(spelt)] === true];
    }
    return found;
  }

  function countryCode(spelt, gap, following) {
    var plus = /\+$/.test(gap.replace(/[ \u00a0\u202f]+$/, ""));
    var code = plus && spelt.lastIndexOf("45", 0) === 0 ? "45" : spelt.lastIndexOf("0045", 0) === 0 ? "0045" : null;
    if (code === null) return [spelt, false];
    if (spelt === code) {
      var alone = !!following && NUMBER.test(following[0]) && GROUP_GAP.test(following[3]);
      return [spelt, alone];
    }
    return [spelt.slice(code.length), false];
  }

  function joinGroups(run) {
    // Any consecutive groups that make exactly eight digits are one number.
    if (run.length === 1) return run;
    var out = [], i = 0;
    while (i < run.length) {
      var total = 0, j = i;
      while (j < run.length && total < 8) { total += run[j][0].length; j++; }
      if (total === 8 && j - i > 1) {
        out.push([run.slice(i, j).map(function (p) { return p[0]; }).join(""), run[i][1], run[j - 1][2], run[i][3]]);
        i = j;
      } else {
        out.push(run[i]);
        i++;
      }
    }
    return out;
  }

  function numbers(parts) {
    var out = [], i = 0, n = parts.length;
    while (i < n) {
      var p = parts[i];
      if (NUMBER.test(p[0])) {
        var cc = countryCode(p[0], p[3], i + 1 < n ? parts[i + 1] : null);
        if (cc[1]) {
          var next = parts[i + 1];
          parts[i + 1] = [next[0], p[1], next[2], p[3]];
          i++;
          continue;
        }
        var run = [[cc[0], p[1], p[2], p[3]]], j = i + 1;
        while (run[run.length - 1][0].length >= 2 && run[run.length - 1][0].length <= 4 && j < n &&
               NUMBER.test(parts[j][0]) && parts[j][0].length >= 2 && parts[j][0].length <= 4 &&
               GROUP_GAP.test(parts[j][3])) {
          run.push(parts[j]);
          j++;
        }
        Array.prototype.push.apply(out, joinGroups(run));
        i = j;
        continue;
      }
      out.push(p);
      i++;
    }
    return out;
  }

  /** Every term of a text in order: {key, flag ("" word, "s" stopword, "j" joined form), start, end}. */
  function analyze(text) {
    text = String(text);
    var parts = [], last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      var gap = text.slice(last, m.index), spelt = spell(m[0]);
      for (var i = 0; i < spelt.length; i++) {
        parts.push([spelt[i], m.index, m.index + m[0].length, i === 0 ? gap : ""]);
      }
      last = m.index + m[0].length;
    }
    parts = numbers(parts);
    var out = [], previous = null;
    parts.forEach(function (p) {
      var k = key(p[0]);
      out.push({ key: k[0], flag: k[1] ? "s" : "", start: p[1], end: p[2] });
      if (previous && HYPHENS[p[3]] && !NUMBER.test(p[0]) && !NUMBER.test(previous[0])) {
        out.push({ key: key(previous[0] + p[0])[0], flag: "j", start: previous[1], end: p[2] });
      }
      previous = p;
    });
    return out;
  }

  // ------------------------------------------------------------ the index and its parts

  // Field weights: 0 body, 1 the page's title seen from a section, 2 heading, 3 title or own number.
  var WEIGHT = [2, 3, 6, 12];
  var EXACT = 1, PREFIX = 0.7, INFIX = 0.4, TYPO = [0, 0.3, 0.2];
  var INFIX_MIN = 4;
  // A term is matched as the beginning of words from 2 letters or 3 digits on (one letter or two
  // digits begin too many words to say anything); up to this many words.
  var PREFIX_MIN = 2, PREFIX_MIN_DIGITS = 3, MAX_EXPANSIONS = 200;
  // A question about whom to call puts contact entries before the rest.
  var CALL_BOOST = 3;
  // Equal scores: plans and their cards (a plan before its card, as in the site), then areas, role pages
  // (a role's page says what to do; its row on the contacts page only who), contacts, the front page and
  // the rest; within a kind, in the order of the site.
  var KIND_RANK = { plan: 0, card: 0, area: 1, role: 2, contacts: 3, roles: 4, front: 5, other: 6 };
  var PAGE = 0, SECTION = 1, CONTACT = 2;
  var KIND = {
    front: "Forside", area: "Område", plan: "Plan", card: "Handlingskort",
    contacts: "Kontakter", role: "Rolle", roles: "Roller", other: "Side"
  };
  var MAX_SHOWN = 12;
  var SOME_WORDS = "Ingen sider med alle ordene – sider med nogle af dem";

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
        stemmer = window.HandbookStemmer;
        keyCache = Object.create(null);
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

  // ------------------------------------------------------------ queries

  var CALL = Object.create(null);
  function callKeys() {
    if (CALL.ready) return;
    CALL_TEXT.split(" ").forEach(function (w) { CALL[key(spell(w)[0])[0]] = true; });
    CALL.ready = true;
  }

  /** What a query asks for: {terms: [requirement], call, stopOnly}; a requirement has alternatives. */
  function parseQuery(query) {
    callKeys();
    var tokens = analyze(query).filter(function (t) { return t.flag !== "j"; });
    var content = [], stops = [], calls = [], call = false;
    // Digit groups typed in a row: one number, or the groups one by one.
    var i = 0;
    while (i < tokens.length) {
      var t = tokens[i];
      if (NUMBER.test(t.key)) {
        var j = i + 1;
        while (j < tokens.length && NUMBER.test(tokens[j].key) &&
               /^[\s\u00a0\u202f]*$/.test(query.slice(tokens[j - 1].end, tokens[j].start))) j++;
        var run = tokens.slice(i, j);
        var joined = query.slice(run[0].start, run[run.length - 1].end).replace(/\D/g, "");
        var before = query.slice(0, run[0].start);
        if (/(\+|\b00)\s*$/.test(before) && /^45/.test(joined) && joined.length > 2) joined = joined.slice(2);
        if (/^45\d{8}$/.test(joined)) joined = joined.slice(2);
        var alternatives = [run.map(function (r) { return term(r, query); })];
        if (run.length > 1 || joined !== run[0].key) alternatives.push([{ number: true, raw: joined, stem: joined, text: joined }]);
        content.push({ alternatives: alternatives });
        i = j;
        continue;
      }
      var q = term(t, query);
      if (t.flag === "s") stops.push({ alternatives: [[q]] });
      else if (CALL[t.key]) { call = true; calls.push({ alternatives: [[q]] }); }
      else content.push({ alternatives: [[q]] });
      i++;
    }
    var seen = Object.create(null);
    content = content.filter(function (r) {
      var id = JSON.stringify(r.alternatives.map(function (a) { return a.map(function (x) { return x.raw + "|" + x.stem; }); }));
      if (seen[id]) return false;
      seen[id] = true;
      return true;
    });
    if (content.length) return { terms: content, call: call, stopOnly: false };
    // Only words that ask for a number: the key numbers and the contacts page, then where the words stand.
    if (call) return { terms: calls, call: true, stopOnly: false, keyFirst: true };
    return { terms: stops, call: false, stopOnly: stops.length > 0 };
  }

  function term(token, query) {
    var raw = "";
    spell(query.slice(token.start, token.end)).forEach(function (s) { raw += skeleton(s); });
    if (NUMBER.test(token.key)) return { number: true, raw: token.key, stem: token.key, text: token.key };
    return { number: false, raw: raw, stem: token.key, stop: token.flag === "s" };
  }

  /** The parts a query needs before it can be answered. */
  function partsFor(store, parsed) {
    var head = store.head, names = Object.create(null);
    parsed.terms.forEach(function (req) {
      req.alternatives.forEach(function (alt) {
        alt.forEach(function (t) {
          if (t.number) { head.digitParts.forEach(function (d) { names["d-" + d] = true; }); return; }
          matchesInHead(store, t).forEach(function (m) { names["t-" + shardOf(head.words[m[0]])] = true; });
          if (t.stop || parsed.stopOnly || STOP_KEYS()[t.stem]) {
            var first = shardOf(t.raw);
            if (head.stopParts.indexOf(first) >= 0) names["s-" + first] = true;
            var s2 = shardOf(t.stem);
            if (head.stopParts.indexOf(s2) >= 0) names["s-" + s2] = true;
          }
        });
      });
    });
    return Object.keys(names);
  }

  var stopKeys = null;
  function STOP_KEYS() {
    if (!stopKeys) {
      stopKeys = Object.create(null);
      STOPWORD_TEXT.split(" ").forEach(function (w) { stopKeys[key(spell(w)[0])[0]] = true; });
    }
    return stopKeys;
  }

  /** [word number, quality] of the head's vocabulary for a query term: exact, beginning, inside, typo. */
  function matchesInHead(store, t) {
    var cacheKey = t.raw + "\u0000" + t.stem;
    store.matchCache = store.matchCache || Object.create(null);
    if (store.matchCache[cacheKey]) return store.matchCache[cacheKey];
    var found = vocabularyMatches(store.head, t);
    store.matchCache[cacheKey] = found;
    return found;
  }

  // Terms are stems; ``surfaces`` the longest word of each, where compounds keep their last part.
  function vocabularyMatches(holder, t) {
    var words = holder.words, surfaces = holder.surfaces, joined = holder.joined;
    var best = Object.create(null), out = [];
    function note(i, quality) { if (!(best[i] >= quality)) best[i] = quality; }
    var exact = lowerBound(words, t.stem);
    if (words[exact] === t.stem) note(exact, EXACT);
    var prefixes = t.raw === t.stem ? [t.raw] : [t.raw, t.stem];
    prefixes.forEach(function (p) {
      if (p.length < (t.number ? PREFIX_MIN_DIGITS : PREFIX_MIN)) return;
      var r = prefixRange(words, p);
      for (var i = r[0]; i < r[1] && i < r[0] + MAX_EXPANSIONS; i++) note(i, words[i] === t.stem ? EXACT : PREFIX);
    });
    if (t.raw.length >= INFIX_MIN) {
      infixes(surfaces, joined, t.raw, holder).forEach(function (i) { note(i, INFIX); });
    }
    // Typos only for a word that is not in the handbook as it is typed (nor as the beginning of a word):
    // a typo match ranks below those anyway, and looking for none keeps the parts a query loads few.
    var found = false;
    for (var f in best) { found = true; break; }
    var k = t.number || found ? 0 : maxTypos(t.raw);
    if (k) {
      for (var w = 0; w < words.length; w++) {
        if (best[w] !== undefined) continue;
        var d = typoDistance(t.raw, words[w], k);
        if (d < 0 && t.stem !== t.raw) d = typoDistance(t.stem, words[w], k);
        if (d < 0 && surfaces[w] !== words[w]) d = typoDistance(t.raw, surfaces[w], k);
        if (d > 0) note(w, TYPO[d]);
      }
    }
    for (var key2 in best) out.push([+key2, best[key2]]);
    return out;
  }

  /** doc → score for one term: the best field weight × match quality over the terms it matched. */
  function termScores(store, t, parsed, matched) {
    var scores = new Map(), head = store.head;
    function add(list, quality, base, word) {
      if (word !== undefined) matched[word] = true;
      for (var i = 0; i < list.length; i += 2) {
        var doc = base + list[i], s = WEIGHT[list[i + 1]] * quality, old = scores.get(doc);
        if (old === undefined || s > old) scores.set(doc, s);
      }
    }
    if (t.number) {
      head.digitParts.forEach(function (d) {
        var part = store.parts["d-" + d];
        if (part) partMatches(part, t, false, 0, add);
      });
    } else {
      matchesInHead(store, t).forEach(function (m) {
        var word = head.words[m[0]], shard = shardOf(word), part = store.parts["t-" + shard];
        if (!part) return;
        var list = head.decoded[word];
        if (!list) list = head.decoded[word] = decode(part.i[m[0] - store.ranges[shard][0]]);
        add(list, m[1], 0, word);
      });
      if (t.stop || parsed.stopOnly || STOP_KEYS()[t.stem]) {
        head.stopParts.forEach(function (s) {
          var part = store.parts["s-" + s];
          if (part) partMatches(part, t, !(t.stop || parsed.stopOnly), 0, add);
        });
      }
    }
    if (store.changes) {
      var ch = store.changes;
      vocabularyMatches(ch, t).forEach(function (m) {
        var word = ch.words[m[0]];
        var list = ch.decoded[word] || (ch.decoded[word] = decode(ch.postings[m[0]]));
        add(list, m[1], ch.base, word);
      });
    }
    return scores;
  }

  // Terms of a part with its own word list (numbers, stopwords): exact, beginning and (numbers) inside.
  function partMatches(part, t, exactOnly, base, add) {
    var words = part.w;
    if (!part.joined) part.joined = "\n" + words.join("\n") + "\n";
    var qualities = Object.create(null);
    var e = lowerBound(words, t.stem);
    if (words[e] === t.stem) qualities[e] = EXACT;
    if (!exactOnly && t.raw.length >= (t.number ? PREFIX_MIN_DIGITS : PREFIX_MIN)) {
      var r = prefixRange(words, t.raw);
      for (var i = r[0]; i < r[1] && i < r[0] + MAX_EXPANSIONS; i++) if (!qualities[i]) qualities[i] = PREFIX;
      if (t.number && t.raw.length >= INFIX_MIN) {
        infixes(words, part.joined, t.raw, part).forEach(function (i2) { if (!qualities[i2]) qualities[i2] = INFIX; });
      }
    }
    part.decoded = part.decoded || Object.create(null);
    for (var w in qualities) {
      var list = part.decoded[w] || (part.decoded[w] = decode(part.i[w]));
      add(list, qualities[w], base, words[w]);
    }
  }

  function requirementScores(store, req, parsed, matched) {
    var best = null;
    req.alternatives.forEach(function (alt) {
      var acc = null;
      alt.forEach(function (t) {
        var scores = termScores(store, t, parsed, matched);
        if (acc === null) { acc = scores; return; }
        var next = new Map();
        scores.forEach(function (s, d) { var a = acc.get(d); if (a !== undefined) next.set(d, s + a); });
        acc = next;
      });
      if (acc === null) return;
      if (best === null) { best = acc; return; }
      acc.forEach(function (s, d) { var b = best.get(d); if (b === undefined || s > b) best.set(d, s); });
    });
    return best || new Map();
  }

  function kindRank(store, doc) {
    var sd = segmentOf(store, doc), rank = KIND_RANK[sd[0].pageOf(sd[1])[2]];
    return rank === undefined ? KIND_RANK.other : rank;
  }

  function docType(store, doc) {
    if (doc >= store.head.total && store.changes) return store.changes.type(doc - store.head.total);
    return store.head.type(doc);
  }

  /** Documents for a parsed query, best first: {total, hits: [{doc, score}], partial, keys}. */
  function run(store, parsed, limit) {
    var matched = Object.create(null), hits = [], partial = false;
    var maps = parsed.terms.map(function (req) { return requirementScores(store, req, parsed, matched); });
    if (!maps.length) return { total: 0, hits: [], partial: false, keys: matched };
    var order = maps.slice().sort(function (a, b) { return a.size - b.size; });
    var all = new Map();
    order[0].forEach(function (s, d) {
      var total = s;
      for (var i = 1; i < order.length; i++) {
        var v = order[i].get(d);
        if (v === undefined) return;
        total += v;
      }
      all.set(d, total);
    });
    var count = new Map();
    if (!all.size && maps.length > 1) {
      // Never nothing when something matches: the documents holding most of the words.
      partial = true;
      maps.forEach(function (m) {
        m.forEach(function (s, d) {
          all.set(d, (all.get(d) || 0) + s);
          count.set(d, (count.get(d) || 0) + 1);
        });
      });
    }
    partial = partial && all.size > 0;
    all.forEach(function (score, doc) {
      if (parsed.call && docType(store, doc) === CONTACT) score *= CALL_BOOST;
      hits.push({ doc: doc, score: score, n: count.get(doc) || 0 });
    });
    hits.forEach(function (h) { h.rank = kindRank(store, h.doc); });
    hits.sort(function (a, b) {
      return (b.n - a.n) || (b.score - a.score) || (a.rank - b.rank) || (a.doc - b.doc);
    });
    if (parsed.keyFirst && store.head.keyDocs.length) {
      var first = store.head.keyDocs.map(function (doc) { return { doc: doc, score: Infinity, n: 0 }; });
      hits = first.concat(hits.filter(function (h) { return store.head.keyDocs.indexOf(h.doc) < 0; }));
      partial = false;
    }
    return { total: hits.length, hits: limit ? hits.slice(0, limit) : hits, partial: partial, keys: matched };
  }

  // ------------------------------------------------------------ results

  function segmentOf(store, doc) {
    if (doc >= store.head.total && store.changes) return [store.changes, doc - store.head.total];
    return [store.head, doc];
  }

  /** Where a result leads (site-relative), its title, the line under it, and where its text is. */
  function describe(store, doc) {
    var sd = segmentOf(store, doc), seg = sd[0], local = sd[1];
    var page = seg.pageOf(local), type = seg.type(local), code = seg.docCode[local];
    var anchor = "", title = page[1];
    if (code >= 0) { var pair = seg.pairs[code >> 1]; anchor = pair[0]; title = pair[1]; }
    var kind = KIND[page[2]] || KIND.other, meta;
    if (type === PAGE) meta = kind;
    else if (type === SECTION) meta = page[1] === kind || page[2] === "front" ? kind : page[1] + " · " + kind;
    else meta = page[2] === "contacts" ? "Kontakt" : "Kontakt · " + page[1];
    return {
      url: page[0] + (anchor ? "#" + anchor : ""), title: title, meta: meta,
      part: seg === store.head ? page[3] : "", page: page[0], index: local - seg.pageFirst[seg.docPage[local]],
      segment: seg
    };
  }

  /** The stored text of a result and its own numbers ([shown, tel: link] pairs), if its part is loaded. */
  function textOf(store, info) {
    var entries = null;
    if (info.segment !== store.head) entries = info.segment.texts[info.page];
    else if (info.part && store.parts[info.part]) entries = store.parts[info.part].x[info.page];
    if (!entries) return null;
    var entry = entries[info.index];
    if (entry === undefined) return null;
    if (typeof entry === "string") return { text: entry, tel: [] };
    var tel = [];
    for (var i = 1; i + 1 < entry.length; i += 2) tel.push([entry[i], entry[i + 1]]);
    return { text: entry[0], tel: tel };
  }

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

  /** Search with everything the query needs loaded first: ``done({…, hits: [{doc, score, url, title}]})``. */
  function searchWith(store, query, limit, done) {
    store.start(function (ok) {
      if (!ok) { done(null); return; }
      var parsed = parseQuery(query);
      store.need(partsFor(store, parsed), function () {
        var result = run(store, parsed, limit);
        result.hits.forEach(function (h) { var d = describe(store, h.doc); h.url = d.url; h.title = d.title; h.meta = d.meta; });
        result.parsed = parsed;
        done(result);
      });
    });
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
    var src = root.getAttribute("data-hb-index") || "";
    var folder = src.replace(/[^/]*$/, "");
    this.store = STORE || (STORE = new Store(src, folder + "snowball-danish.js", folder));
    this.rows = [];
    this.row = -1;
    this.col = 0;
    this.serial = 0;
    this.bind();
  }

  var STORE = null;

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

  window.__HANDBOOK_SEARCH_PART = function (name, data) {
    if (STORE) STORE.receive(name, data);
  };

  function start() {
    var roots = document.querySelectorAll("[data-hb-search]");
    for (var i = 0; i < roots.length; i++) {
      if (roots[i].hbSearch) continue;
      roots[i].hbSearch = new Box(roots[i]);
      roots[i].hidden = false;
    }
  }

  /** The engine without the box, for tests and tools: ``open(indexUrl)`` gives a searcher. */
  window.HandbookSearch = {
    analyze: analyze, spell: spell, skeleton: skeleton, typoDistance: typoDistance, decode: decode,
    parseQuery: parseQuery, snippet: snippet, countText: countText, SOME_WORDS: SOME_WORDS,
    stopwords: function () { return Object.keys(STOPWORDS).sort(); },
    setStemmer: function (fn) { stemmer = fn; keyCache = Object.create(null); },
    open: function (src) {
      var folder = src.replace(/[^/]*$/, "");
      STORE = STORE || new Store(src, folder + "snowball-danish.js", folder);
      return {
        store: STORE,
        search: function (query, limit) {
          return new Promise(function (resolve) { searchWith(STORE, query, limit || 0, resolve); });
        },
        text: function (doc) {
          var info = describe(STORE, doc);
          return new Promise(function (resolve) {
            STORE.need(info.part ? [info.part] : [], function () { resolve(textOf(STORE, info)); });
          });
        }
      };
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
