// Spean search: runs on <lang>/search/index.html only. The page carries the
// page table (the A–Z list: titles, links, lengths); a query
// loads the postings shards of its tokens and one text part per shown
// result, each a script that registers itself, so it works from file:// too.
// No dependencies besides SpeanSegment (segment.js), which cuts text exactly
// as the index builder (generator/search) did.
(function () {
  'use strict';
  var root = document.getElementById('search');
  var Seg = window.SpeanSegment;
  if (!root || !Seg) return;

  var ver = root.getAttribute('data-ver');
  var nShards = +root.getAttribute('data-n');
  var K = +root.getAttribute('data-k');
  var statusEl = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var none = document.getElementById('search-none');
  var az = document.getElementById('search-az');
  var PAGE = 10;

  // The page table, from the A–Z list the server rendered.
  var docs = [], total = 0;
  var items = document.querySelectorAll('#search-all > li');
  for (var i = 0; i < items.length; i++) {
    var li = items[i], a = li.querySelector('a'), sm = li.querySelector('small');
    docs.push({ href: a.getAttribute('href'), title: a.textContent, section: sm ? sm.textContent : '', len: +li.getAttribute('data-l') || 1 });
    total += docs[i].len;
  }
  var avgLen = docs.length ? total / docs.length : 1;

  // Loaded files register here. Each file is requested at most once.
  var shards = {}, parts = {}, requested = {};
  window.SpeanSearch = {
    s: function (i, data) { shards[i] = data; },
    t: function (d, k, text) { parts[d + '.' + k] = text; }
  };
  function load(name) {
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

  // latin: SpeanSegment numbers scripts (1 is Latin); words are terms.
  function latin(g) { return g.script === 1 || g.script === 'latin'; }

  // spans marks the terms that pair two clusters, so positions and
  // highlights cover both.
  function spans(text, toks) {
    var segs = Seg.split(text);
    toks.forEach(function (t) {
      var g = segs[t.pos];
      t.span = g && !latin(g) && g.text !== t.term ? 2 : 1;
    });
    return segs;
  }

  var enc = new TextEncoder();
  // fnv is FNV-1a over UTF-8, as hash() in the index builder.
  function fnv(s) {
    var b = enc.encode(s), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
    return h;
  }

  // plan picks the query terms to look up. Pairs overlap by one cluster,
  // so every other pair already covers the query: looking up only those
  // (and the last pair of a run, if it is left over) halves the shards a
  // long query downloads, and positions still check they are adjacent.
  // The query is looked up as if complete (a space closes it): shards are
  // found by exact hash, so a prefix ("permi", "mone") finds nothing, while
  // the whole last word or pair usually is what the reader meant. A word
  // still being typed just matches nothing, and ranking does not require
  // every term.
  function plan(q) {
    var ts = Seg.queryTokens(q + ' ').exact, out = [], covered = -1;
    spans(q, ts);
    for (var i = 0; i < ts.length; i++) {
      var t = ts[i], end = t.pos + t.span - 1, nx = ts[i + 1];
      var lastOfRun = t.span < 2 || !nx || nx.span < 2 || nx.pos !== t.pos + 1;
      if (end > covered && (t.pos > covered || lastOfRun)) {
        out.push(t);
        covered = end;
      }
    }
    return out;
  }

  function postings(t) {
    var h = fnv(t.term), sh = shards[h % nShards];
    var raw = sh && sh[Math.floor(h / nShards).toString(36)];
    var res = [];
    if (!raw) return res;
    for (var i = 0, doc = 0; i < raw.length;) {
      doc += raw[i];
      var w = raw[i + 1], n = raw[i + 2], pos = [], p = 0;
      for (var j = 0; j < n; j++) { p += raw[i + 3 + j]; pos.push(p); }
      res.push({ doc: doc, w: w, pos: pos });
      i += 3 + n;
    }
    return res;
  }

  function shardFile(t) { return 's.' + ver + '.' + (fnv(t.term) % nShards) + '.js'; }

  // rank scores pages with BM25 over the planned tokens (field weights are
  // already in the stored counts), then orders them by how many tokens line
  // up as in the query (a phrase), how many match at all, then score.
  function rank(terms) {
    var N = docs.length, hits = {}, k1 = 1.2, b = 0.75;
    terms.forEach(function (t, ti) {
      var ps = postings(t);
      if (!ps.length) return;
      var idf = Math.log(1 + (N - ps.length + 0.5) / (ps.length + 0.5));
      ps.forEach(function (p) {
        var h = hits[p.doc] || (hits[p.doc] = { doc: p.doc, score: 0, matched: 0, pos: [] });
        var len = docs[p.doc].len;
        h.score += idf * p.w * (k1 + 1) / (p.w + k1 * (1 - b + b * len / avgLen));
        h.matched++;
        h.pos[ti] = p.pos;
      });
    });
    var out = [];
    for (var d in hits) {
      var h = hits[d];
      align(h, terms);
      out.push(h);
    }
    out.sort(function (x, y) {
      return y.aligned - x.aligned || y.matched - x.matched || y.score - x.score || x.doc - y.doc;
    });
    return out;
  }

  // align finds the position where most terms sit at their query offsets.
  function align(h, terms) {
    h.aligned = 1;
    h.at = -1;
    for (var i = 0; i < terms.length; i++) {
      var pi = h.pos[i];
      if (!pi) continue;
      if (h.at < 0) h.at = pi[0];
      for (var j = 0; j < pi.length; j++) {
        var start = pi[j] - terms[i].pos, n = 0;
        for (var k = 0; k < terms.length; k++) {
          if (h.pos[k] && h.pos[k].indexOf(start + terms[k].pos) >= 0) n++;
        }
        if (n > h.aligned) { h.aligned = n; h.at = pi[j]; }
      }
    }
  }

  // snippet builds the text around the match in one part, with every run
  // of query tokens in <mark>. It uses DOM nodes, never HTML strings.
  function snippet(text, q, near) {
    // Splitting is the costly step: split only about 320 characters around
    // where the match should be (its position's share of the part), cut
    // at a space or line break so no cluster is broken; without one near,
    // keep that side whole.
    var c = Math.round(text.length * Math.min(near, K) / K), lead = false, tail = false;
    if (text.length > 320) {
      var a = gap(text, Math.max(0, c - 160), -1), b = gap(text, Math.min(text.length, c + 160), 1);
      a = a < 0 ? 0 : a + 1;
      if (b < 0) b = text.length;
      lead = a > 0;
      tail = b < text.length;
      c -= a;
      text = text.slice(a, b);
    }
    var qt = Seg.queryTokens(q), qk = {}, pre = qt.prefix && qt.prefix.term;
    qt.exact.concat(Seg.queryTokens(q + ' ').exact).forEach(function (t) { qk[t.term] = 1; });
    // The part's terms, as the index made them: a Latin word's stem (from
    // queryTokens of the word alone), each cluster, each pair in a run.
    var us = Seg.split(text), hit = [], first = -1, best = 1e9, terms = Object.keys(qk).concat(pre ? [pre] : []);
    function starts(w) {
      for (var i = 0; i < terms.length; i++) if (w.lastIndexOf(terms[i], 0) === 0) return true;
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
        // A stem is a prefix of its word: stem only words that start
        // with a query term (stemming costs a split).
        if (!starts(g.text)) continue;
        var w = Seg.queryTokens(g.text + ' ').exact[0];
        if (w) match(w.term, i, 1);
        continue;
      }
      match(g.text, i, 1);
      if (n && n.script === g.script && n.brk) match(g.text + n.text, i, 2);
    }
    var frag = document.createDocumentFragment();
    if (!us.length) return frag;
    if (first < 0) first = 0;
    var from = us[first].start, to = us[first].end;
    var lo = first, hi = first;
    while (lo > 0 && from - us[lo - 1].start < 60) from = us[--lo].start;
    while (hi + 1 < us.length && us[hi + 1].end - to < 120) to = us[++hi].end;
    if (lo > 0 || lead) frag.appendChild(document.createTextNode('… '));
    var at = from;
    for (var i = lo; i <= hi; i++) {
      if (!hit[i]) continue;
      var j = i;
      while (j + 1 <= hi && hit[j + 1]) j++;
      frag.appendChild(document.createTextNode(text.slice(at, us[i].start)));
      var m = document.createElement('mark');
      m.textContent = text.slice(us[i].start, us[j].end);
      frag.appendChild(m);
      at = us[j].end;
      i = j;
    }
    frag.appendChild(document.createTextNode(text.slice(at, to)));
    if (hi + 1 < us.length || tail) frag.appendChild(document.createTextNode(' …'));
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

  var seq = 0, results = [], shown = 0, query = '';

  // search runs a query and shows the first page of results. seq drops the
  // answers of queries the reader has already typed past.
  function search(q) {
    var my = ++seq;
    query = q;
    q = q.trim();
    list.textContent = '';
    none.hidden = true;
    root.removeAttribute('data-done');
    if (!q) {
      statusEl.textContent = '';
      az.hidden = false;
      return Promise.resolve();
    }
    az.hidden = true;
    var terms = plan(q);
    statusEl.textContent = root.getAttribute('data-loading');
    var files = {};
    terms.forEach(function (t) { files[shardFile(t)] = 1; });
    return Promise.all(Object.keys(files).map(load)).then(function () {
      if (my !== seq) return;
      results = rank(terms);
      shown = 0;
      if (!results.length) {
        statusEl.textContent = fill(root.getAttribute('data-none'), q);
        none.hidden = false;
        window.SpeanSearch.listed = performance.now();
        return;
      }
      statusEl.textContent = fill(root.getAttribute('data-for'), q);
      return more(my);
    }).then(function () {
      // Browser tests wait for this: the results of q are all on screen.
      if (my === seq) root.setAttribute('data-done', q);
    });
  }

  // more shows the next batch of results at once (title, section), then
  // fills in their snippets one per task, so the list appears without
  // waiting for text parts and typing stays responsive on slow phones.
  function more(my) {
    var old = list.querySelector('.search-more');
    if (old) old.parentNode.removeChild(old);
    var batch = results.slice(shown, shown + PAGE), q = query;
    shown += batch.length;
    var jobs = batch.map(function (h) {
      var d = docs[h.doc], li = document.createElement('li');
      var a = document.createElement('a');
      a.href = d.href;
      a.textContent = d.title;
      li.appendChild(a);
      if (d.section) {
        var s = document.createElement('small');
        s.textContent = d.section;
        li.appendChild(document.createTextNode(' '));
        li.appendChild(s);
      }
      var p = document.createElement('p');
      p.className = 'snippet';
      li.appendChild(p);
      list.appendChild(li);
      // Part k holds positions [k*K, (k+1)*K): the match's part.
      var k = Math.floor(Math.max(0, h.at) / K);
      return { p: p, doc: h.doc, k: k, near: Math.max(0, h.at - k * K), file: 't.' + ver + '.' + h.doc + '.' + k + '.js' };
    });
    if (shown < results.length) {
      var li = document.createElement('li'), btn = document.createElement('button');
      li.className = 'search-more';
      btn.type = 'button';
      btn.textContent = root.getAttribute('data-more');
      btn.addEventListener('click', function () { more(seq); });
      li.appendChild(btn);
      list.appendChild(li);
    }
    window.SpeanSearch.listed = performance.now();
    return Promise.all(jobs.map(function (j) { return load(j.file); })).then(function () {
      return new Promise(function (done) {
        var i = 0;
        // Snippets are filled in slices of about 10 ms, then the browser
        // gets a turn (to handle the next keystroke) before the rest.
        (function next() {
          for (var t = performance.now(); i < jobs.length && performance.now() - t < 10;) {
            if (my !== seq) return done();
            var j = jobs[i++], text = parts[j.doc + '.' + j.k];
            // Positions count a gap after each block; near is approximate.
            if (text != null) j.p.appendChild(snippet(text, q, j.near));
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
  // Tests and the benchmark call this to time and check queries.
  window.SpeanSearch.run = function (q) {
    return search(q).then(function () {
      return results.slice(0, PAGE).map(function (h) { return docs[h.doc].href; });
    });
  };
  window.SpeanSearch.ready = search(q0);
})();
