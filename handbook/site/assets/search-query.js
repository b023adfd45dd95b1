/* The handbook's offline search, 3 of 4: queries, matching and ranking, and what a result is.
 *
 * Loaded after search-analysis.js and search-index.js, before search-ui.js (all
 * deferred), into the namespace window.HandbookSearch; it adds open(), the
 * engine without the box, for tests and tools.
 *
 * A query is analysed as the build analyses text (search-analysis.js);
 * stopwords are ignored unless the query has nothing else. A query term
 * matches a term exactly, as its beginning, inside it (compounds), or, when it
 * matches no term exactly or as a beginning, with a typo (one edit from 5
 * letters, two from 9), weighted in that order. Every term
 * must match; when no document holds them all, the best documents holding some
 * of them are shown under a line that says so.
 */
(function () {
  "use strict";

  var S = window.HandbookSearch = window.HandbookSearch || {};
  var analyze = S.analyze, spell = S.spell, skeleton = S.skeleton, key = S.key;
  var STOPWORD_TEXT = S.STOPWORD_TEXT, CALL_TEXT = S.CALL_TEXT, NUMBER = S.NUMBER;
  var PAGE = S.PAGE, SECTION = S.SECTION, CONTACT = S.CONTACT;
  var decode = S.decode, lowerBound = S.lowerBound, prefixRange = S.prefixRange, infixes = S.infixes;
  var typoDistance = S.typoDistance, maxTypos = S.maxTypos, shardOf = S.shardOf;

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
  var KIND = {
    front: "Forside", area: "Område", plan: "Plan", card: "Handlingskort",
    contacts: "Kontakter", role: "Rolle", roles: "Roller", other: "Side"
  };

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

  S.parseQuery = parseQuery;
  S.describe = describe;
  S.textOf = textOf;
  S.searchWith = searchWith;

  /** The engine without the box, for tests and tools: ``open(indexUrl)`` gives a searcher. */
  S.open = function (src) {
    var store = S.sharedStore(src);
    return {
      store: store,
      search: function (query, limit) {
        return new Promise(function (resolve) { searchWith(store, query, limit || 0, resolve); });
      },
      text: function (doc) {
        var info = describe(store, doc);
        return new Promise(function (resolve) {
          store.need(info.part ? [info.part] : [], function () { resolve(textOf(store, info)); });
        });
      }
    };
  };
})();
