// Spean search: runs on <lang>/search/index.html only. A query loads the
// postings shards of its terms' keys, the doc chunks of the results listed
// and the text bundles of the results on screen, each a script that
// registers itself, so it works from file:// too. No dependencies besides
// SpeanSegment (segment.js), which cuts text exactly as the index builder
// (generator/search) did. File formats: generator/search/files.go, which
// checks that this script reads the postings it writes:
// spean:postings-format 3
(function () {
  'use strict';
  var root = document.getElementById('search');
  var Seg = window.SpeanSegment;
  if (!root || !Seg) return;
  function attr(n) { return root.getAttribute('data-' + n); }

  var ver = attr('ver'), nShards = +attr('n'), K = +attr('k'), C = +attr('c'), N = +attr('docs');
  var statusEl = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var none = document.getElementById('search-none');
  var az = document.getElementById('search-az');
  var PAGE = 10;

  // Loaded files register here. Each file is requested at most once.
  var shards = {}, chunks = {}, bundles = {}, posts = {}, requested = {};
  window.SpeanSearch = {
    s: function (i, data) { shards[i] = data; },
    d: function (c, rows) { chunks[c] = rows; },
    t: function (b, texts) { bundles[b] = texts; },
    o: function (k, s) { posts[k] = s; }
  };
  // A large site's index is a pack (generator/search/pack.go): a directory,
  // p.<ver>.dir, and the files one after another in parts of about 8 MB,
  // p.<ver>.<i>.pack, which start where data-parts says. Online its files
  // are read with range requests: the 8 bytes of the directory that say
  // where a file is, then the file. From file:// (the offline copy, which
  // can load scripts but not make requests) they are scripts of `group`
  // files each, z.<ver>.<g>.js.
  var pack = attr('pack'), group = +attr('group'), nBundles = +attr('bundles');
  var parts = (attr('parts') || '0').split(' ').map(Number), whole = {};
  var fromDisk = location.protocol === 'file:';
  // packFile is the number in the pack of the file s.<ver>.<i>.js (shards
  // first, then text bundles, doc chunks and common words' postings).
  function packFile(name) {
    var p = name.split('.'), i = +p[2];
    return p[0] === 's' ? i : p[0] === 't' ? nShards + i : p[0] === 'd' ? nShards + nBundles + i :
      nShards + nBundles + Math.ceil(N / C) + i;
  }
  // bytes reads bytes [a, b) of url. A server that does not do ranges
  // sends the whole file instead: it is kept, and later reads slice it.
  function bytes(url, a, b) {
    if (whole[url]) return whole[url].then(function (buf) { return buf.slice(a, b); });
    return fetch(url, { headers: { Range: 'bytes=' + a + '-' + (b - 1) } }).then(function (r) {
      if (r.status === 206) return r.arrayBuffer();
      if (!r.ok) throw new Error(r.status);
      whole[url] = whole[url] || r.arrayBuffer();
      return whole[url].then(function (buf) { return buf.slice(a, b); });
    });
  }
  // A pack's files are one byte a letter (generator/search/packtext.go):
  // 0x80-0xFF the letters of the block from data-block on, 1 and two
  // bytes a UTF-16 unit, the rest ASCII; no block, UTF-8.
  var block = +attr('block'), utf8 = new TextDecoder(), utf16 = new TextDecoder('utf-16le');
  function text(buf) {
    if (!block) return utf8.decode(buf);
    var a = new Uint8Array(buf), u = new Uint16Array(a.length), n = 0, i, c;
    for (i = 0; i < a.length; i++) {
      c = a[i];
      u[n++] = c === 1 ? a[++i] << 8 | a[++i] : c < 128 ? c : c + block - 128;
    }
    return utf16.decode(u.subarray(0, n));
  }
  function fromPack(f) {
    return bytes(pack + '.dir', 24 + 4 * f, 32 + 4 * f).then(function (d) {
      var v = new DataView(d), a = v.getUint32(0, true), i = parts.length - 1;
      while (i > 0 && parts[i] > a) i--;
      return bytes(pack + '.' + i + '.pack', a - parts[i], v.getUint32(4, true) - parts[i]);
    }).then(function (buf) { run(text(buf)); });
  }
  // run registers a file's text as loading it as a script would, without
  // eval, which the Content-Security-Policy forbids: the text is
  // SpeanSearch.<kind>(<number>,<data>); where a shard's data is JSON in
  // a string in single quotes (backslash and quote escaped) and the
  // others' are JSON (postings files: a string).
  function run(src) {
    var i = src.indexOf('('), j = src.indexOf(',', i), k = src.charAt(i - 1);
    var body = src.slice(j + 1, src.lastIndexOf(')'));
    window.SpeanSearch[k](+src.slice(i + 1, j), k === 's' ? body.slice(1, -1).replace(/\\([\\'])/g, '$1') : JSON.parse(body));
  }
  function load(name) {
    var f = pack && /^[sdto]\./.test(name) ? packFile(name) : -1;
    if (f >= 0 && fromDisk) name = 'z.' + ver + '.' + Math.floor(f / group) + '.js';
    else if (f >= 0) {
      // A file that cannot be read (offline and not saved) must not hang
      // the search, as a missing script does not.
      return requested[name] || (requested[name] = fromPack(f).catch(function () {}));
    }
    if (!requested[name]) {
      requested[name] = new Promise(function (done) {
        var sc = document.createElement('script');
        sc.src = name;
        // A missing file (an old cached page, a broken copy) must not hang
        // the search: the query goes on without it.
        sc.onload = sc.onerror = function () { done(); };
        document.head.appendChild(sc);
      });
    }
    return requested[name];
  }
  function loadAll(names) {
    var seen = {};
    return Promise.all(names.filter(function (n) { return !seen[n] && (seen[n] = 1); }).map(load));
  }

  var enc = new TextEncoder();
  // fnv is FNV-1a over UTF-8, as hash() in the index builder.
  function fnv(s) {
    var b = enc.encode(s), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
    return h;
  }

  // Postings are numbers in base 32, a character per 5 bits (encodeNum).
  var DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_', DIG = new Int8Array(128);
  for (var i = 0; i < 64; i++) DIG[DIGITS.charCodeAt(i)] = i;
  // postings decodes one term's list, for each page: doc delta,
  // weight<<3|flags, count<<1|spaced, position deltas and, if spaced, a
  // mask of the positions where the term is a pair with a space inside;
  // each(doc, wf, positions, mask) gets a page's. Flags: 1 title, 2
  // heading, 4 more positions than kept. One pass, no array of numbers in
  // between: a word on most pages of a large site has thousands.
  function postings(s, each) {
    for (var i = 0, n = 0, f = 0, doc = -1, wf, cnt, sp, pos, c; i < s.length; i++) {
      c = DIG[s.charCodeAt(i)];
      if (c >= 32) { n = n * 32 + c - 32; continue; }
      n = n * 32 + c;
      if (f === 0) doc += n + 1;
      else if (f === 1) wf = n;
      else if (f === 2) { cnt = n >> 1; sp = n & 1; pos = []; }
      else if (pos.length < cnt) pos.push(n + (pos.length ? pos[pos.length - 1] : 0));
      else { each(doc, wf, pos, n); f = 0; n = 0; continue; }
      n = 0;
      if (++f > 2 && pos.length === cnt && !sp) { each(doc, wf, pos, 0); f = 0; }
    }
  }

  // A shard is the JSON text of {key: {rest of term: postings}}. Only the
  // bucket of a key looked up is parsed: a whole shard of thousands of
  // keys (Khmer, Thai: 50 KB) cost a cheap phone about 35 ms to parse, and
  // a query loads three. The key is found as the index builder wrote it
  // (appendJSONString escapes <, >, & and U+2028, U+2029 too), where a
  // member starts; the bucket ends at the first "}" that closes it.
  function bucketOf(sh, key) {
    var k = JSON.stringify(key).replace(/[<>&\u2028\u2029]/g, function (c) { return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4); }) + ':{';
    for (var i = 0; (i = sh.indexOf(k, i) + 1) > 0;) {
      if (!/[{,]/.test(sh.charAt(i - 2))) continue;
      for (var a = i + k.length - 2, e = a; (e = sh.indexOf('}', e) + 1) > 0;) {
        try { return JSON.parse(sh.slice(a, e)); } catch (x) { /* a "}" in a term: on to the next */ }
      }
    }
  }

  // A pair of words (see pairsFor) has the keys of its words for its key.
  function keyOf(t) { return t.b ? Seg.key(t.a) + ' ' + Seg.key(t.b) : Seg.key(t.term); }
  function shardFile(key) { return 's.' + ver + '.' + (fnv(key) % nShards) + '.js'; }

  // latin: SpeanSegment numbers scripts (1 is Latin); words are terms.
  function latin(g) { return g.script === 1; }
  function noTone(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) if (!Seg.tone(s.charCodeAt(i))) out += s.charAt(i);
    return out;
  }
  // near1 tells whether a and b are one edit apart (insert, delete,
  // substitute or swap two neighbours): English readers misspell.
  function near1(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0;
    while (i < a.length && a.charAt(i) === b.charAt(i)) i++;
    var x = a.slice(i), y = b.slice(i);
    return x.slice(1) === y.slice(1) || x === y.slice(1) || x.slice(1) === y ||
      (x.length > 1 && x.charAt(0) === y.charAt(1) && x.charAt(1) === y.charAt(0) && x.slice(2) === y.slice(2));
  }

  // plan picks the query terms to look up. Pairs overlap by one cluster,
  // so every other pair already covers the query: looking up only those
  // (and the last pair of a run, if it is left over) halves the lookups,
  // and positions still check they are adjacent. The last word or cluster
  // pair, still being typed, is a prefix; so is the lead of a Burmese query
  // whose last syllable may still take a final (see segment.QueryTokens).
  // Positions count as the index counts them: punctuation between two
  // segments leaves one empty (see Index.add).
  function plan(q) {
    var qt = Seg.queryTokens(q), ts = qt.exact, out = [], covered = -1, segs = Seg.split(q), at = [];
    for (var i = 0, gaps = 0; i < segs.length; i++) at.push(i + (gaps += i > 0 && segs[i].brk === 0 ? 1 : 0));
    function span(t) { var g = segs[t.pos]; return g && !latin(g) && g.text !== t.term ? 2 : 1; }
    for (var i = 0; i < ts.length; i++) {
      var t = ts[i], sp = span(t), end = t.pos + sp - 1, nx = ts[i + 1];
      var lastOfRun = sp < 2 || !nx || span(nx) < 2 || nx.pos !== t.pos + 1;
      if (end > covered && (t.pos > covered || lastOfRun)) {
        out.push({ term: t.term, pos: at[t.pos] });
        covered = end;
      }
    }
    if (qt.lead) out.push({ term: qt.lead.term, pos: at[qt.lead.pos], prefix: true });
    if (qt.prefix && qt.prefix.term) out.push({ term: qt.prefix.term, pos: at[qt.prefix.pos], prefix: true });
    return out;
  }

  // pairsFor gives pairs of neighbouring Latin words in the query that are
  // both common: on a large site a common word keeps only its first
  // positions on a page, so the index also keeps the pairs of two common
  // words (Index.commonPairs), whose positions tell the phrase, and a
  // common word's own postings are a file apart (Index.spills), read only
  // if no pair covers the word (search). Looked up only then: a small site
  // has no such pairs. As with clusters (plan), every other pair covers
  // the words: each pair is a file to load. The word still being typed
  // pairs too, as a prefix once it has the three letters of its key, and
  // as the whole word before that ("family a": a pair's key holds its
  // words' keys, and "a" is the key of "a" alone).
  function pairsFor(ts) {
    var out = [], covered = -1;
    // Common: on so many pages that it keeps few positions a page (capped),
    // and its postings are a file of their own ("@").
    function common(t) { return matchTerm(t).common; }
    function word(t) { return t.term.charCodeAt(0) < 0x250; } // as isLatin in the index
    function pair(i) {
      var t = ts[i], u = ts[i + 1];
      if (!u || t.prefix || u.pos !== t.pos + 1 || !word(t) || !word(u) || !common(t) || !common(u)) return false;
      out.push({ term: t.term + ' ' + u.term, pos: t.pos, a: t.term, b: u.term, prefix: u.prefix && u.term.length > 2 });
      covered = i + 1;
      return true;
    }
    // A word not yet covered pairs with the next, or else (the last word
    // before the one still being typed) with the one before.
    for (var i = 0; i < ts.length; i++) if (i > covered && !pair(i) && i > 0) pair(i - 1);
    return out;
  }

  // matchTerm finds the pages of one query term in its key's bucket: the
  // term itself, the terms a prefix grows into (both exact), and near
  // spellings, ranked below: Thai and Lao without regard to tone marks,
  // English words of five letters or more one edit away. It returns the
  // hits, one a page ({doc, w, flags, pos, exact, cap}), in a list and by
  // doc. They are kept by term (shards never change): as the reader types
  // on, the words already typed are not decoded again, which for a word on
  // most pages ("the", or any word of a small vocabulary) was most of a
  // query's time. At most 64 are kept. Postings that are a file of their
  // own ("@<n>" in the shard for a common word, m.common, "#<n>" for a
  // long list) are left out until that file is in, and m.need lists the
  // files: such a match is not kept.
  var matched = {}, nMatched = 0;
  function matchTerm(t) {
    var id = (t.prefix ? '>' : '=') + t.term, key = keyOf(t), sh = shards[fnv(key) % nShards];
    if (matched[id]) return matched[id];
    var m = { hits: [], byDoc: [] }, bare = noTone(t.term);
    var loose = /[\u0e00-\u0eff]/.test(t.term) ? bare : null;
    var typo = !loose && /^[a-z]{5,}$/.test(t.term);
    function need(f) { (m.need = m.need || []).push(f); }
    (function scan(bucket, key) {
    for (var rest in bucket) {
      var f = rest.charAt(0) === '=' ? rest.slice(1) : key + rest, exact;
      // A crowded key's other terms are in sub-buckets, "~" and their
      // text up to a letter past it, without tone marks (splitCrowded).
      if (rest.charAt(0) === '~') {
        f = key + rest.slice(1);
        if (t.prefix ? f.slice(0, bare.length) === bare.slice(0, f.length) : bare.lastIndexOf(f, 0) === 0) {
          var sb = shards[fnv('~' + f) % nShards];
          if (sb) scan(bucketOf(sb, '~' + f), f);
          else need(shardFile('~' + f));
        }
        continue;
      }
      if (t.prefix ? f.lastIndexOf(t.term, 0) === 0 : f === t.term) exact = 1;
      else if (loose && (t.prefix ? noTone(f).lastIndexOf(loose, 0) === 0 : noTone(f) === loose)) exact = 0;
      else if (typo && (t.prefix ? near1(f.slice(0, t.term.length), t.term) || near1(f.slice(0, t.term.length + 1), t.term) || near1(f.slice(0, t.term.length - 1), t.term) : near1(f, t.term))) exact = 0;
      else continue;
      // The spellings found for this one (passport for pasport), which
      // the snippets highlight as the query's own.
      if (!exact) (m.alt = m.alt || {})[f] = 1;
      var list = bucket[rest], c = list.charAt(0);
      if (c === '@' || c === '#') {
        m.common |= c === '@';
        if (!posts[list = list.slice(1)]) { need('o.' + ver + '.' + list + '.js'); continue; }
        list = posts[list];
      }
      postings(list, function (doc, wf, pos, mask) {
        var h = m.byDoc[doc], w = exact ? wf >> 3 : (wf >> 3) / 2, sp = null;
        // The positions where the page has the pair with a space inside,
        // which the query has not (it never pairs across its own spaces).
        for (var i = 0; mask; i++, mask >>>= 1) if (mask & 1) (sp = sp || {})[pos[i]] = 1;
        if (!h) return m.hits.push(m.byDoc[doc] = { doc: doc, w: w, flags: wf & 7, pos: pos, exact: exact, sp: sp });
        h.w += w;
        h.flags |= wf & 7;
        h.exact = Math.max(h.exact, exact);
        // Merged terms: a place stays spaced only if no term there is
        // joined.
        if (sp || h.sp) {
          var out = null, old = h.sp, at = h.pos, p;
          if (old) for (p in old) if (pos.indexOf(+p) < 0 || sp && sp[p]) (out = out || {})[p] = 1;
          if (sp) for (p in sp) if (at.indexOf(+p) < 0) (out = out || {})[p] = 1;
          h.sp = out;
        }
        h.pos = h.pos.concat(pos);
        h.merged = 1;
      });
    }
    })(sh && bucketOf(sh, key), key);
    m.hits.forEach(function (h) {
      // Several terms' positions on one page are sorted once, when all are in.
      if (h.merged) h.pos.sort(function (a, b) { return a - b; });
      // Capped: positions past the last kept are unknown.
      h.cap = h.flags & 4 ? (h.pos.length ? h.pos[h.pos.length - 1] : -1e9) : null;
    });
    // A shard that failed to load may load on a later query.
    if (!sh || m.need) return m;
    if (++nMatched > 64) { matched = {}; nMatched = 1; }
    return (matched[id] = m);
  }

  // rank orders the pages matching any term by, in turn: the whole query
  // found as a phrase (every term at its offset in the query), how many
  // terms match, how many of those exactly, the most terms in place at one
  // spot, how close the terms stand, title then heading matches, and a
  // BM25-like score of the field-weighted counts. explain() shows these.
  function rank(terms) {
    var ms = terms.map(matchTerm), byDoc = [], out = [], hs = [];
    ms.forEach(function (m) {
      var n = m.hits.length, idf = Math.log(1 + (N - n + 0.5) / (n + 0.5));
      m.hits.forEach(function (p) {
        var h = byDoc[p.doc];
        if (!h) out.push(h = byDoc[p.doc] = { doc: p.doc, matched: 0, exact: 0, title: 0, heading: 0, score: 0 });
        h.matched++;
        h.exact += p.exact;
        if (p.flags & 1) h.title++;
        if (p.flags & 2) h.heading++;
        h.score += idf * p.w * 2.2 / (p.w + 1.2);
      });
    });
    out.forEach(function (h) {
      for (var i = 0; i < terms.length; i++) hs[i] = ms[i].byDoc[h.doc];
      align(h, terms, hs);
      h.phrase = terms.length > 0 && h.aligned === terms.length ? 1 : 0;
      // A phrase shown by every term's own position beats one where a
      // frequent term's position was past those kept, and one as typed
      // beats one with a space inside.
      if (h.phrase) h.phrase += h.sure === terms.length ? 1 + (h.joined === terms.length ? 1 : 0) : 0;
    });
    out.sort(function (x, y) {
      return y.phrase - x.phrase || y.matched - x.matched || y.exact - x.exact || y.aligned - x.aligned ||
        x.spread - y.spread || y.title - x.title || y.heading - x.heading || y.score - x.score || x.doc - y.doc;
    });
    return out;
  }

  // align finds, from each term's hit on page h (hs[i], if any), the
  // position where most terms sit at their query offsets (h.aligned, at
  // h.at), and the shortest stretch of the page holding one position of
  // every matched term (h.spread, in positions). It runs on every page
  // found, so it allocates nothing.
  var at = [];
  function align(h, terms, hs) {
    var T = terms.length, i, j, k, pi, all = 1;
    h.aligned = h.sure = h.joined = 0;
    h.at = -1;
    h.spread = 1e9;
    for (i = 0; i < T; i++) {
      if (!hs[i]) continue;
      pi = hs[i].pos;
      at[i] = 0;
      if (!pi.length) all = 0;
      for (j = 0; j < pi.length; j++) {
        var start = pi[j] - terms[i].pos, n = 0, sure = 0, joined = 0;
        for (k = 0; k < T; k++) {
          var want = start + terms[k].pos, hk = hs[k];
          // A term with more positions than kept may stand past the last.
          if (!hk) continue;
          if (hk.pos.indexOf(want) >= 0) {
            n++;
            sure++;
            if (!(hk.sp && hk.sp[want])) joined++;
          } else if (hk.cap != null && want > hk.cap) n++;
        }
        if (n > h.aligned || n === h.aligned && (sure > h.sure || sure === h.sure && joined > h.joined)) {
          h.aligned = n; h.sure = sure; h.joined = joined; h.at = pi[j];
        }
      }
    }
    // The shortest window: step through the matched terms' positions
    // (sorted) together, moving on the one that stands first, and measure
    // from it to the last each time.
    while (all) {
      var lo = -1, hi = -1e9, v;
      for (i = 0; i < T; i++) {
        if (!hs[i]) continue;
        v = hs[i].pos[at[i]];
        if (lo < 0 || v < hs[lo].pos[at[lo]]) lo = i;
        if (v > hi) hi = v;
      }
      h.spread = Math.min(h.spread, hi - hs[lo].pos[at[lo]]);
      if (++at[lo] >= hs[lo].pos.length) break;
    }
  }

  // A page's row in its doc chunk: [href, title, section, bundle, steps].
  // When the page lists every page A–Z (doc i its i-th entry), the chunk
  // holds only [bundle, steps] and the list gives the rest.
  var azItems = document.querySelectorAll('ol#search-all > li');
  function row(doc) {
    var c = chunks[Math.floor(doc / C)], r = c && c[doc % C], li = azItems[doc];
    if (!r || r.length !== 2 || !li) return r;
    var a = li.querySelector('a'), s = li.querySelector('small');
    return [a.getAttribute('href'), a.textContent, s ? s.textContent : '', r[0], r[1]];
  }
  function chunkFile(doc) { return 'd.' + ver + '.' + Math.floor(doc / C) + '.js'; }
  // bundleOf gives the text bundle of part k of a page (see Encode).
  function bundleOf(r, k) {
    var b = r[3];
    for (var i = 0; i < k && i < r[4].length; i++) if (r[4].charAt(i) === '1') b++;
    return b;
  }

  // words removes the word marks (DEL) from a part's text: the index
  // builder puts one where a Thai, Lao, Khmer or Burmese word starts with
  // no space or punctuation before it (generator/search, WordMark). at
  // holds the offsets of the boundaries in the text without them.
  function words(raw) {
    var ps = raw.split('\x7f'), text = ps[0], at = {};
    for (var i = 1; i < ps.length; i++) { at[text.length] = 1; text += ps[i]; }
    return { text: text, at: at };
  }

  // snippet shows the passage of a part's text (raw, with word marks)
  // around the match: the terms of the query as the index made them (a
  // Latin word's stem, each cluster, each pair in a run) highlighted, cut
  // at word boundaries, with "…" where text was left out. near is the
  // match's position in the part; whole says the part starts the page.
  // center, when set, is where in the text the match is, found by a first
  // look.
  function snippet(raw, q, near, whole, center) {
    var w = words(raw), text = w.text, off = 0;
    // Splitting is the costly step: split only about 320 characters around
    // where the match should be (its position's share of the part), cut
    // at a space or line break so no cluster is broken.
    var c = center >= 0 ? center : Math.round(text.length * Math.min(near, K) / K), lead = false, tail = false;
    if (text.length > 320) {
      // Around the guess; after the match when it is known, where the
      // passage goes.
      var back = center >= 0 ? 60 : 160;
      var a = gap(text, Math.max(0, c - back), -1), b = gap(text, Math.min(text.length, c + 320 - back), 1);
      a = a < 0 ? 0 : a + 1;
      if (b < 0) b = text.length;
      lead = a > 0;
      tail = b < text.length;
      c -= a;
      off = a;
      text = text.slice(a, b);
    }
    var qt = Seg.queryTokens(q), qk = {}, pre = qt.prefix && qt.prefix.term;
    qt.exact.concat(Seg.queryTokens(q + ' ').exact).forEach(function (t) { qk[t.term] = 1; });
    // The near spellings that found the page count as the query: a typo's
    // correction, a Thai word typed with another tone mark.
    if (q === query) for (var f in alts()) qk[f] = 1;
    var us = Seg.split(text), hit = [], first = -1, best = 1e9, terms = Object.keys(qk).concat(pre ? [pre] : []);
    function starts(w) {
      for (var i = 0; i < terms.length; i++) if (w.lastIndexOf(terms[i].slice(0, 4), 0) === 0) return true;
      return false;
    }
    function match(term, pos, span) {
      if (!qk[term] && !(pre && term.lastIndexOf(pre, 0) === 0)) return;
      for (var s = 0; s < span; s++) hit[pos + s] = 1;
      var d = Math.abs(us[pos].start - c);
      if (d < best) { best = d; first = pos; }
    }
    for (var i = 0; i < us.length; i++) {
      var g = us[i], n = us[i + 1];
      if (latin(g)) {
        if (!starts(g.text)) continue;
        var t = Seg.queryTokens(g.text + ' ').exact[0];
        if (t) match(t.term, i, 1);
        continue;
      }
      match(g.text, i, 1);
      if (n && n.script === g.script && n.brk) match(g.text + n.text, i, 2);
    }
    var frag = document.createDocumentFragment();
    if (!us.length) return frag;
    if (first < 0) first = 0;
    // The passage starts where the run of matched segments does, not at
    // the one nearest the guess: "ค่าจ้าง", not "… จ้าง".
    while (first > 0 && hit[first - 1]) first--;
    // A match the guess put near the cut end of the text has too little
    // after it to show: look again around the match itself.
    if (tail && !(center >= 0) && text.length - us[first].start < 200) return snippet(raw, q, near, whole, off + us[first].start);
    // The edges of a part are cuts between clusters, not word boundaries,
    // unless the part starts the page or ends with punctuation; where the
    // text was cut short above, it was at a space.
    var edges = [whole || lead, tail || us[us.length - 1].end < text.length];
    // brk tells whether a word boundary for sure lies between segments
    // i - 1 and i, at the end of i - 1 (end) or at the start of i: a word
    // mark, a space or punctuation (but not the comma of 2,000 nor the
    // apostrophe of embassy's, nor a repetition mark ๆ ៗ ໆ or ฯ, which
    // may belong to the word before), a change of script, or the edge of
    // the text when it is one.
    function brk(i, end) {
      if (i === 0) return edges[0];
      if (i === us.length) return edges[1];
      var a = us[i - 1].end, b = us[i].start, gp = text.slice(a, b);
      if (w.at[off + (end ? a : b)]) return true;
      if (a === b) return us[i].brk !== 2;
      return !/[\u0e2f\u0e46\u0ec6\u17d7]/.test(gp.charAt(end ? 0 : gp.length - 1)) && !(b - a === 1 && latin(us[i]) && latin(us[i - 1]) && /[,.'\u2019]/.test(gp));
    }
    // The passage: from a word start at most 80 characters before the
    // match (or else at most 40 after its start) to a word end 120 to 220
    // after it, or the last word end before that; where no boundary is
    // near, the match's own start, and 160 characters on, between clusters.
    var lo = -1, hi = -1, j;
    for (j = first; j >= 0 && us[first].start - us[j].start <= 80 && lo < 0; j--) if (brk(j)) lo = j;
    for (j = first + 1; j < us.length && us[j].start - us[first].start <= 40 && lo < 0; j++) if (brk(j)) lo = j;
    if (lo < 0) lo = first;
    for (j = Math.max(first, lo); j < us.length && us[j].end - us[first].start <= 220; j++) {
      if (brk(j + 1, 1)) { hi = j; if (us[j].end - us[first].start > 120) break; }
    }
    if (hi < 0) for (hi = lo; hi + 1 < us.length && us[hi + 1].end - us[first].start <= 160;) hi++;
    var from = us[lo].start, to = us[hi].end;
    // "…" wherever text was left out: before the passage in the text, or
    // cut off above, or before the part (unless it starts the page).
    if (lo > 0 || lead || !whole) frag.appendChild(document.createTextNode('… '));
    var at = from;
    for (var i = lo; i <= hi; i++) {
      if (!hit[i]) continue;
      j = i;
      while (j + 1 <= hi && hit[j + 1]) j++;
      // A highlight starts where a word of the text does: a run of
      // matched clusters that starts inside one loses the clusters before
      // the next word (ค่าจ้างขั้นต่ำ's pair น+ต่ำ in วัน|ต่ำสุด marks ต่ำ;
      // ຄ່າແຮງ's ແຮງ inside ຄວາມຮຸນແຮງ, "violence", marks nothing). It may
      // end inside one, as a query's last word is a prefix: ຄ່າແຮງ of
      // ຄ່າແຮງງານ, pass of passport.
      var s = i;
      while (s <= j && !brk(s)) s++;
      if (s <= j) {
        frag.appendChild(document.createTextNode(text.slice(at, us[s].start)));
        var m = document.createElement('mark');
        m.textContent = text.slice(us[s].start, us[j].end);
        frag.appendChild(m);
        at = us[j].end;
      }
      i = j;
    }
    frag.appendChild(document.createTextNode(text.slice(at, to)));
    if (hi + 1 < us.length || tail || !edges[1]) frag.appendChild(document.createTextNode(' …'));
    return frag;
  }

  // gap finds a space or line break at most 60 characters from i, looking
  // back (dir < 0) or forward, or -1.
  function gap(text, i, dir) {
    for (var j = i, n = 0; j >= 0 && j < text.length && n <= 60; j += dir, n++) {
      var ch = text.charAt(j);
      if (ch === ' ' || ch === '\n') return j;
    }
    return -1;
  }

  function fill(tpl, q) { return tpl.replace('%q', q); }

  // alts are the near spellings the current query's terms found in the
  // index (matchTerm's m.alt), for the snippets to highlight.
  function alts() {
    var out = {};
    terms.forEach(function (t) { for (var f in matchTerm(t).alt || {}) out[f] = 1; });
    return out;
  }

  var seq = 0, results = [], shown = 0, query = '', terms = [];
  // needed loads the files that the terms ts matched and are not in yet:
  // postings files (common words', long lists') and sub-buckets of
  // crowded keys, whose terms may need postings files in turn.
  // Each file is tried once: one that does not load (offline, not
  // saved) leaves the query to go on without it.
  function needed(ts, tried) {
    tried = tried || {};
    var fs = [].concat.apply([], ts.map(function (t) { return matchTerm(t).need || []; })).filter(function (f) { return !tried[f] && (tried[f] = 1); });
    return fs.length ? loadAll(fs).then(function () { return needed(ts, tried); }) : Promise.resolve();
  }

  // elsewhere offers another language's search for a query written in
  // that language's script and in none of the page's: Burmese typed on
  // the English search page is offered the Burmese search, in Burmese
  // (search.html, theme.View.OtherSearches). Script properties in regular
  // expressions are ES2018; a browser without them offers nothing.
  var away = document.getElementById('search-elsewhere'), scripts = [];
  try {
    if (away) {
      scripts = [].map.call(away.querySelectorAll('li'), function (li) {
        return { li: li, a: li.querySelector('a'), re: new RegExp('\\p{Script=' + li.getAttribute('data-script') + '}', 'u') };
      });
      scripts.own = new RegExp('\\p{Script=' + away.getAttribute('data-own') + '}', 'u');
    }
  } catch (e) {
    scripts = [];
  }
  function elsewhere(q) {
    var offer = q && scripts.own && !scripts.own.test(q);
    var offered = false;
    scripts.forEach(function (s) {
      var show = offer && !offered && s.re.test(q);
      if (show) {
        s.a.href = s.a.href.split('?')[0] + '?q=' + encodeURIComponent(q);
        s.a.textContent = fill(s.a.getAttribute('data-text'), q);
        offered = true;
      }
      s.li.hidden = !show;
    });
  }

  // nothing says that no page was found for q, and offers the sections.
  function nothing(q) {
    statusEl.textContent = fill(attr('none'), q);
    none.hidden = false;
    window.SpeanSearch.listed = performance.now();
  }

  // search runs a query and shows the first page of results. seq drops the
  // answers of queries the reader has already typed past. typed, when
  // set, is the query as the reader typed it, of which q is the Unicode
  // reading (see below).
  function search(q, typed) {
    var my = ++seq;
    query = q;
    q = q.trim();
    elsewhere(typed || q);
    root.removeAttribute('data-done');
    if (!q) {
      list.textContent = '';
      none.hidden = true;
      statusEl.textContent = '';
      az.hidden = false;
      return Promise.resolve();
    }
    statusEl.textContent = attr('loading');
    // Burmese typed on a Zawgyi phone: zawgyi.js converts it, loaded only
    // when the query shows Zawgyi's own code points or sign order (the
    // same patterns as its isZawgyi).
    var zg = /[\u105a\u1060-\u1097]|(^|[^\u1000-\u109f])[\u1031\u103b]|\u1039($|[^\u1000-\u1021])|(^|[^\u1000-\u102a\u103a\u103f])\u1039|\u103a[\u102b-\u1032\u1036]/.test(q);
    var converted = !!typed;
    return (zg ? load(attr('zawgyi')) : Promise.resolve()).then(function () {
      if (zg && window.SpeanZawgyi && SpeanZawgyi.isZawgyi(q)) {
        query = SpeanZawgyi.convert(query);
        q = query.trim();
        converted = true;
      }
      terms = plan(query);
      return loadAll(terms.map(function (t) { return shardFile(keyOf(t)); }));
    }).then(function () {
      if (my !== seq) return;
      var pairs = pairsFor(terms), all = terms;
      return loadAll(pairs.map(function (t) { return shardFile(keyOf(t)); })).then(function () { return needed(pairs); }).then(function () {
        // A pair no page has (a synonym's words, an older index) would keep
        // every page from counting as the phrase: only pairs found count.
        var found = pairs.filter(function (t) { return matchTerm(t).hits.length; });
        // A common word that a pair found covers is left to the pair: its
        // own postings (20 KB for a word on most of 2,000 pages) are read
        // only for a word no pair covers, or when the pairs find fewer
        // pages than a screen of results (then every word counts, as on a
        // small site). So is a common word still being typed too short to
        // pair ("a" of "family a…"): it has not yet said which word it is.
        var own = all.filter(function (t) {
          return !matchTerm(t).common || !(t.prefix && t.term.length < 3) && !found.some(function (p) { return p.pos === t.pos || p.pos + 1 === t.pos; });
        });
        return needed(own).then(function () {
          if (my !== seq) return;
          results = rank(terms = own.concat(found));
          if (results.length < PAGE && own.length < all.length) {
            return needed(all).then(function () { if (my === seq) results = rank(terms = all.concat(found)); });
          }
        });
      });
    }).then(function () {
      if (my !== seq) return;
      shown = 0;
      list.textContent = '';
      az.hidden = true;
      if (!results.length && !converted && /[\u1000-\u109f]/.test(q)) {
        // Burmese that finds nothing may be Zawgyi that looks like
        // Unicode (လုပ္ခ: a killer between two consonants reads as a
        // stack): its Unicode reading is searched too, once.
        return load(attr('zawgyi')).then(function () {
          var c = window.SpeanZawgyi ? SpeanZawgyi.convert(query) : query;
          if (my !== seq) return;
          if (c.trim() !== q) return search(c, q);
          nothing(q);
        });
      }
      if (!results.length) return nothing(typed || q);
      none.hidden = true;
      statusEl.textContent = fill(attr('for'), q);
      return more(my);
    }).then(function () {
      // Browser tests wait for this: the results of q are on screen, with
      // the snippets of those in view.
      if (my === seq) root.setAttribute('data-done', q);
    });
  }

  // more shows the next batch of results (title, section) once their doc
  // chunks are in, then the snippets of those on screen; the others get
  // theirs when scrolled into view, so a reader downloads the text only of
  // what is seen.
  function more(my) {
    var batch = results.slice(shown, shown + PAGE), q = query;
    shown += batch.length;
    return loadAll(batch.map(function (h) { return chunkFile(h.doc); })).then(function () {
      if (my !== seq) return;
      var old = list.querySelector('.search-more');
      if (old) old.parentNode.removeChild(old);
      var jobs = batch.map(function (h) {
        var r = row(h.doc) || ['#', '?', '', -1, ''], li = document.createElement('li');
        var a = document.createElement('a');
        a.href = r[0];
        a.textContent = r[1];
        li.appendChild(a);
        if (r[2]) {
          var s = document.createElement('small');
          s.textContent = r[2];
          li.appendChild(document.createTextNode(' '));
          li.appendChild(s);
        }
        var p = document.createElement('p');
        p.className = 'snippet';
        li.appendChild(p);
        list.appendChild(li);
        // Part k holds positions [k*K, (k+1)*K): the match's part.
        var k = Math.floor(Math.max(0, h.at) / K);
        return { li: li, p: p, key: h.doc + '.' + k, near: Math.max(0, h.at - k * K), b: r[3] < 0 ? -1 : bundleOf(r, k) };
      });
      if (shown < results.length) {
        var li = document.createElement('li'), btn = document.createElement('button');
        li.className = 'search-more';
        btn.type = 'button';
        btn.textContent = attr('more');
        btn.addEventListener('click', function () { more(seq); });
        li.appendChild(btn);
        list.appendChild(li);
      }
      window.SpeanSearch.listed = performance.now();
      var v = inView(jobs);
      return snippets(v.now, q, my).then(v.watch);
    });
  }

  // inView splits the jobs: now, those whose result will be on screen once
  // the snippets above it are filled in (about three lines each); the
  // others get theirs when scrolled into view, watched once the first are
  // in place (before, every result is on screen).
  function inView(jobs) {
    if (!window.IntersectionObserver || !jobs.length) return { now: jobs, watch: function () {} };
    var line = parseFloat(getComputedStyle(jobs[0].p).lineHeight) || 24, now = [], later = [], q = query, my = seq;
    jobs.forEach(function (j, i) {
      (j.li.getBoundingClientRect().top + i * 3 * line < innerHeight ? now : later).push(j);
    });
    return {
      now: now,
      watch: function () {
        var io = new IntersectionObserver(function (entries) {
          var show = [];
          entries.forEach(function (e) {
            if (!e.isIntersecting) return;
            io.unobserve(e.target);
            show.push(e.target.job);
          });
          if (show.length && my === seq) snippets(show, q, my);
        });
        later.forEach(function (j) { j.li.job = j; io.observe(j.li); });
      }
    };
  }

  function snippets(jobs, q, my) {
    jobs = jobs.filter(function (j) { return j.b >= 0 && !j.filled; });
    return loadAll(jobs.map(function (j) { return 't.' + ver + '.' + j.b + '.js'; })).then(function () {
      return new Promise(function (done) {
        var i = 0;
        // Snippets are filled in slices of about 10 ms, then the browser
        // gets a turn (to handle the next keystroke) before the rest.
        (function next() {
          for (var t = performance.now(); i < jobs.length && performance.now() - t < 10;) {
            if (my !== seq) return done();
            var j = jobs[i++], text = bundles[j.b] && bundles[j.b][j.key];
            j.filled = true;
            if (text != null) {
              j.p.appendChild(snippet(text, q, j.near, /\.0$/.test(j.key)));
              j.p.setAttribute('data-part', j.b + ' ' + j.key);
            }
          }
          if (i < jobs.length) setTimeout(next, 0);
          else done();
        })();
      });
    });
  }

  // The header's search box is the query box: filled from ?q=, searched
  // again as the reader types, the URL kept in step so Back and sharing work.
  var input = document.querySelector('form.search input[name=q]');
  var q0 = new URLSearchParams(location.search).get('q') || '';
  var timer;
  if (input) {
    input.value = q0;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        try { history.replaceState(null, '', '?q=' + encodeURIComponent(input.value)); } catch (e) { /* file:// may refuse */ }
        search(input.value);
      }, 120);
    });
    input.form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      search(input.value);
    });
  }
  // Tests and the benchmark call these to time, check and explain queries.
  window.SpeanSearch.text = function (b, key) { var t = bundles[b] && bundles[b][key]; return t == null ? t : words(t).text; };
  window.SpeanSearch.explain = function (q) {
    return search(q).then(function () {
      return results.slice(0, PAGE).map(function (h) {
        var r = row(h.doc);
        return { href: r ? r[0] : '#' + h.doc, phrase: h.phrase, matched: h.matched, of: terms.length, exact: h.exact, aligned: h.aligned, spread: h.spread, title: h.title, heading: h.heading, score: Math.round(h.score * 100) / 100 };
      });
    });
  };
  window.SpeanSearch.ready = search(q0);
})();
