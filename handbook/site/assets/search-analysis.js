/* The handbook's offline search, 1 of 4: the Danish analysis (text → terms).
 *
 * The search is four plain scripts, loaded in this order with defer (no
 * modules, no bundler: they must work from file://), sharing one namespace,
 * window.HandbookSearch:
 *   search-analysis.js  this file: words spelt, folded and stemmed into terms
 *   search-index.js     the index: its head and parts loaded by script tags, word lists
 *   search-query.js     queries: matching, typos, ranking, what a result is
 *   search-ui.js        the box: a combobox whose results are an ARIA grid
 *
 * analyze() mirrors handbook/site/search/analysis.py (tests/search/vectors.json
 * checks both): Danish letters folded both ways, Snowball stems (the vendored
 * stemmer in handbook/site/search/vendor/, loaded with the index and set with
 * setStemmer), stopwords marked, phone numbers however they are spaced.
 */
(function () {
  "use strict";

  var S = window.HandbookSearch = window.HandbookSearch || {};

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

  S.STOPWORD_TEXT = STOPWORD_TEXT;
  S.CALL_TEXT = CALL_TEXT;
  S.NUMBER = NUMBER;
  S.spell = spell;
  S.skeleton = skeleton;
  S.key = key;
  S.analyze = analyze;
  S.stopwords = function () { return Object.keys(STOPWORDS).sort(); };
  /** The stemmer terms are made with (window.HandbookStemmer, once loaded); forgets the terms made before. */
  S.setStemmer = function (fn) { stemmer = fn; keyCache = Object.create(null); };
})();
