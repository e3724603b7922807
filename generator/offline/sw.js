// Spean's service worker. It keeps pages on the reader's phone, so the site
// still works at the border, on a boat or in a dormitory without data, and
// it spends the reader's data carefully: on the first visit to a language
// it saves only that language's "auto" files, which the build chose to fit
// a budget (offline/<lang>.files.json), and none with the phone's data
// saver on; it keeps every page the reader opens; it saves a section or
// the whole language only when the reader asks. Print matter is in no
// list, so it is never kept.
//
// The build writes VERSION (a hash of everything a reader can save, and of
// this file), LANGS and FILES (each language's file list, summary and
// offline page, whose paths package site owns) above this line. A new build installs a new worker,
// which waits: the pages say a newer version is online, and the reader
// decides when to update (or it takes over once no page of the old one is
// open). It then keeps what the reader had — the same units, the same
// visited pages — copying each file whose hash did not change from the old
// copy and downloading only the others; the old copy is dropped when the
// new one is complete, so going offline halfway loses nothing.
'use strict';
var PREFIX = 'spean-';
var CACHE = PREFIX + VERSION;
var scope = self.registration.scope;
var STATE = scope + 'offline/saved.json';
var lists = {};
var interest = {};

function listURL(lang) { return scope + FILES[lang].list; }
function nameOf(url) {
  var u = new URL(url);
  var path = u.origin + u.pathname;
  if (path.indexOf(scope) !== 0) return null;
  var name = path.slice(scope.length);
  return name === '' || name.slice(-1) === '/' ? name + 'index.html' : name;
}
function langOf(name) {
  var first = name.split('/')[0];
  return LANGS.indexOf(first) >= 0 ? first : null;
}

// list is this build's file list of a language: from the saved copy, or
// from the server when it is still this build's. A list of another build
// means the server has moved on: ask the browser to fetch the new worker.
function list(lang) {
  if (lists[lang]) return lists[lang];
  var url = listURL(lang);
  var p = caches.open(CACHE).then(function (cache) {
    return cache.match(url).then(function (hit) {
      if (hit) return hit.json();
      return fetch(url, { cache: 'no-cache' }).then(function (res) {
        if (!res.ok) throw new Error('offline list: ' + res.status);
        return res.clone().json().then(function (l) {
          if (l.version !== VERSION) {
            self.registration.update().catch(function () {});
            throw new Error('the server has a newer build');
          }
          return cache.put(url, res).then(function () { return l; });
        });
      });
    });
  }).then(function (l) {
    l.index = {};
    l.files.forEach(function (f, i) { l.index[f[0]] = i; });
    return l;
  });
  lists[lang] = p;
  p.catch(function () { delete lists[lang]; });
  return p;
}

// The units a reader keeps, per language: "auto", "all", "s:<section>",
// or "opened" (the pages they open and nothing more: a phone with its data
// saver on).
function readState(cache) {
  return cache.match(STATE).then(function (r) { return r ? r.json() : {}; });
}
function writeState(cache, st) {
  return cache.put(STATE, new Response(JSON.stringify(st), { headers: { 'Content-Type': 'application/json' } }));
}

// unitFiles is the indices of a unit's files in list l.
function unitFiles(l, lang, unit) {
  if (unit === 'auto') return l.auto;
  if (unit === 'opened') return [];
  var all = l.files.map(function (f, i) { return i; });
  if (unit === 'all') return all;
  var prefix = lang + '/' + unit.slice(2) + '/';
  return l.base.concat(all.filter(function (i) { return l.files[i][0].indexOf(prefix) === 0; }));
}

function oldCaches() {
  return caches.keys().then(function (keys) {
    return keys.filter(function (k) { return k.indexOf(PREFIX) === 0 && k !== CACHE; });
  });
}

// namesIn lists the file names a cache holds.
function namesIn(cache) {
  return cache.keys().then(function (reqs) {
    return reqs.map(function (r) { return nameOf(r.url); }).filter(Boolean);
  });
}

// sync brings the saved copy to what the reader keeps: every file of their
// units and every page they opened, for this build. One runs at a time; a
// request during a run starts another when it ends.
var running = null;
var again = false;
var failed = {};
function sync() {
  if (running) {
    again = true;
    return running;
  }
  running = caches.open(CACHE).then(function (cache) {
    return Promise.all([readState(cache), namesIn(cache), oldCaches()]).then(function (r) {
      var st = r[0], have = {}, olds = r[2];
      r[1].forEach(function (n) { have[n] = true; });
      return Promise.all(olds.map(function (k) {
        return caches.open(k).then(function (c) {
          return Promise.all([namesIn(c), readState(c)]).then(function (x) {
            var hashes = {};
            if (!Object.keys(x[1]).length) {
              // A copy saved by the first worker (spean-<version>-<lang>,
              // the whole language, no hashes): keep that language's auto
              // files instead of downloading all of it again.
              var was = k.slice(k.lastIndexOf('-') + 1);
              if (LANGS.indexOf(was) >= 0) x[1][was] = ['auto'];
              x[0] = [];
            }
            var langs = LANGS.filter(function (lang) { return x[1][lang]; });
            return Promise.all(langs.map(function (lang) {
              return c.match(listURL(lang)).then(function (res) {
                return res ? res.json() : null;
              }).then(function (l) {
                if (l && l.files) l.files.forEach(function (f) { hashes[f[0]] = f[1]; });
              });
            })).then(function () {
              // Keep what the reader kept in the old build.
              Object.keys(x[1]).forEach(function (lang) {
                st[lang] = st[lang] || [];
                x[1][lang].forEach(function (u) { if (st[lang].indexOf(u) < 0) st[lang].push(u); });
              });
              return { cache: c, names: x[0], hashes: hashes };
            });
          });
        });
      })).then(function (old) {
        return writeState(cache, st).then(function () {
          var langs = Object.keys(st).filter(function (lang) { return LANGS.indexOf(lang) >= 0; });
          return Promise.all(langs.map(function (lang) {
            return fill(cache, lang, st[lang], have, old).then(function () {
              delete failed[lang];
            }, function (err) {
              failed[lang] = String(err);
              throw err;
            });
          })).then(function () {
            // The new copy is complete: the old ones can go.
            return Promise.all(olds.map(function (k) { return caches.delete(k); }));
          });
        });
      });
    });
  });
  var done = function () {
    running = null;
    if (again) {
      again = false;
      sync().catch(function () {});
    }
    notify();
  };
  running.then(done, done);
  notify();
  return running;
}

// fill saves what lang needs for units, plus the pages of lang the reader
// opened in an old build, into cache: a file unchanged since the old build
// is copied, any other downloaded, four at a time.
function fill(cache, lang, units, have, old) {
  return list(lang).then(function (l) {
    var want = {};
    units.forEach(function (u) {
      unitFiles(l, lang, u).forEach(function (i) { want[l.files[i][0]] = true; });
    });
    old.forEach(function (o) {
      o.names.forEach(function (n) { if (n in l.index && langOf(n) === lang) want[n] = true; });
    });
    var todo = Object.keys(want).filter(function (n) { return !have[n]; });
    var from = {};
    var download = todo.filter(function (n) {
      var hash = l.files[l.index[n]][1];
      from[n] = old.filter(function (o) { return o.hashes[n] === hash; })[0];
      return !from[n];
    });
    // Before downloading, make sure the server still has this build, or
    // the copy would mix two builds: a newer one means the reader should
    // update instead.
    var check = !download.length ? Promise.resolve() : fetch(scope + FILES[lang].summary, { cache: 'no-cache' }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (sum) {
      if (sum && sum.version !== VERSION) {
        self.registration.update().catch(function () {});
        throw new Error('the server has a newer build');
      }
    });
    return check.then(function () {
      return pool(todo, 4, function (name) {
        var url = scope + name;
        var got = from[name] ? from[name].cache.match(url) : Promise.resolve(null);
        return got.then(function (hit) {
          if (hit) return hit;
          return fetch(url, { cache: 'no-cache' }).then(function (r) {
            if (!r.ok) throw new Error(name + ': ' + r.status);
            return clean(r);
          });
        }).then(function (res) {
          return cache.put(url, res).then(function () { have[name] = true; });
        });
      });
    });
  });
}

// clean drops the memory of a redirect (some servers redirect
// dir/index.html to dir/): a browser refuses a redirected response as the
// answer to a navigation, and the saved page would then not open offline.
function clean(r) {
  if (!r.redirected) return r;
  return r.blob().then(function (body) {
    return new Response(body, { status: r.status, statusText: r.statusText, headers: r.headers });
  });
}

// pool runs fn over items, n at a time, so a slow phone connection is not
// flooded with hundreds of requests at once.
function pool(items, n, fn) {
  var i = 0;
  function next() {
    if (i >= items.length) return Promise.resolve();
    var item = items[i++];
    return fn(item).then(next);
  }
  var runs = [];
  for (var k = 0; k < n; k++) runs.push(next());
  return Promise.all(runs);
}

// want adds a unit to what the reader keeps of lang and saves it.
function want(lang, unit) {
  return caches.open(CACHE).then(function (cache) {
    return readState(cache).then(function (st) {
      st[lang] = st[lang] || [];
      if (st[lang].indexOf(unit) >= 0) return;
      st[lang].push(unit);
      return writeState(cache, st);
    });
  }).then(sync);
}

// report is what a page of lang, in section, shows: what is saved, and
// what saving its section or the whole language would still download.
function report(lang, section) {
  return list(lang).then(function (l) {
    return caches.open(CACHE).then(namesIn).then(function (names) {
      var have = {};
      names.forEach(function (n) { have[n] = true; });
      var left = function (idx) {
        var n = 0;
        idx.forEach(function (i) { if (!have[l.files[i][0]]) n += l.files[i][2]; });
        return n;
      };
      var mine = l.files.filter(function (f) { return have[f[0]] && langOf(f[0]) === lang; }).length;
      var r = { lang: lang, busy: !!running, failed: failed[lang] || '', some: mine > 0, all: left(unitFiles(l, lang, 'all')) };
      if (section) r.section = left(unitFiles(l, lang, 's:' + section));
      return r;
    });
  });
}

// notify tells every open page how its language stands.
function notify() {
  return self.clients.matchAll({ type: 'window' }).then(function (cs) {
    var open = {};
    cs.forEach(function (c) { if (interest[c.id]) open[c.id] = interest[c.id]; });
    interest = open; // forget closed pages
    return Promise.all(cs.map(function (c) {
      var i = interest[c.id];
      if (!i) return;
      return report(i.lang, i.section).then(function (r) { c.postMessage(r); }, function () {});
    }));
  });
}

// No skipWaiting here: a new build waits until the reader asks for it.
self.addEventListener('install', function () {});

self.addEventListener('activate', function (e) {
  e.waitUntil(self.clients.claim());
});

// Pages say hello (keep this language's auto files, tell me how it
// stands), ask to save a unit, or, to a waiting worker, to take over.
self.addEventListener('message', function (e) {
  var d = e.data || {};
  if (d.activate) {
    self.skipWaiting();
    return;
  }
  var lang = d.hello || d.save;
  if (!lang || LANGS.indexOf(lang) < 0) return;
  if (e.source && e.source.id) interest[e.source.id] = { lang: lang, section: d.section || '' };
  var unit = d.hello ? (d.lite ? 'opened' : 'auto') : d.unit;
  if (unit !== 'auto' && unit !== 'opened' && unit !== 'all' && !/^s:[a-z0-9][a-z0-9\/-]*$/.test(unit || '')) return;
  // The page saying hello is one the reader opened, perhaps before this
  // worker was there to keep it.
  var opened = d.hello && e.source && e.source.url ? keepOpened(lang, e.source.url) : Promise.resolve();
  e.waitUntil(opened.then(function () { return want(lang, unit); }).catch(function () {}).then(notify));
});

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET' || req.url.indexOf(scope) !== 0) return;
  var answer = req.mode === 'navigate' ? page(req) : asset(req, e.clientId);
  e.respondWith(answer.then(function (a) { return a.res; }));
  e.waitUntil(answer.then(function (a) { return a.keep; }));
});

// keep stores a response the reader fetched when it is a file of this
// build's list for its language (a page they opened, a script it uses):
// that is what "the pages you open are kept" means.
function keep(req, res) {
  var name = nameOf(req.url);
  // A part of a file (206, a range) is not the file: only whole ones.
  if (!res || res.status !== 200 || !name) return Promise.resolve();
  var copy = res.clone();
  return caches.open(CACHE).then(function (cache) {
    return readState(cache).then(function (st) {
      // A page belongs to its language; a shared file (a script, an
      // icon) to any language the reader keeps.
      var langs = langOf(name) ? [langOf(name)] : Object.keys(st);
      return first(langs.filter(function (lang) { return st[lang]; }).map(function (lang) {
        return function () {
          return list(lang).then(function (l) { return name in l.index; }, function () { return false; });
        };
      })).then(function (listed) {
        if (!listed) return;
        return Promise.resolve(clean(copy)).then(function (c) { return cache.put(scope + name, c); });
      });
    });
  }).catch(function () {});
}

// keepOpened saves the page at url, from the browser's HTTP cache when it
// can, if it is in lang's list and not saved yet.
function keepOpened(lang, url) {
  var name = nameOf(url);
  if (!name || langOf(name) !== lang) return Promise.resolve();
  return list(lang).then(function (l) {
    if (!(name in l.index)) return;
    return caches.open(CACHE).then(function (cache) {
      return cache.match(scope + name).then(function (hit) {
        if (hit) return;
        return fetch(scope + name).then(function (res) {
          if (!res.ok) return;
          return Promise.resolve(clean(res)).then(function (c) { return cache.put(scope + name, c); });
        });
      });
    });
  }).catch(function () {});
}

// A file other than a page comes from the saved copy when there is one (it
// belongs to this build), else from the network, and is kept.
function asset(req, clientId) {
  return saved(req.url).then(function (hit) {
    if (hit) return { res: ranged(req, hit) };
    var net = fetch(req).then(function (res) {
      return { res: res, keep: keep(req, res) };
    });
    return Promise.race([net, patience(req, clientId)]);
  });
}

// ranged answers a range request from a saved whole file, as the server
// would: search.js reads a large site's packed index by ranges
// (generator/search/pack.go). The last file sliced is kept in memory: a
// query reads a dozen ranges of one pack of megabytes.
var sliced = {};
function ranged(req, res) {
  var m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.get('Range') || '');
  if (!m || res.status !== 200) return res;
  if (sliced.url !== req.url) sliced = { url: req.url, buf: res.arrayBuffer() };
  return sliced.buf.then(function (buf) {
    var a = Math.min(+m[1], buf.byteLength), b = Math.min(+m[2] + 1, buf.byteLength);
    return new Response(buf.slice(a, b), { status: 206, headers: {
      'Content-Type': 'application/octet-stream', 'Content-Range': 'bytes ' + a + '-' + (b - 1) + '/' + buf.byteLength
    } });
  });
}

// patience gives up on a file that no list holds (the print stylesheet
// every page links) after SLOW ms when a saved page asked for it: on one
// bar of signal the saved page would otherwise not finish loading until
// the network answered, though no phone reader needs the file. Any other
// file is waited for.
function patience(req, clientId) {
  var name = nameOf(req.url);
  return new Promise(function (resolve) {
    if (!name || !clientId) return;
    setTimeout(function () {
      self.clients.get(clientId).then(function (c) {
        var page = c && nameOf(c.url);
        var lang = page && langOf(page);
        if (!lang) return;
        return list(lang).then(function (l) {
          if (page in l.index && !(name in l.index)) resolve({ res: Response.error() });
        });
      }).catch(function () {});
    }, SLOW);
  });
}

// page is network first, so a reader online always gets the newest facts.
// Offline it falls back to the saved copy, then to the offline page of the
// language in the URL. On a connection that barely works (one bar on a
// boat) a saved copy is shown after SLOW ms instead of a blank screen.
var SLOW = 4000;

function page(req) {
  return new Promise(function (resolve) {
    var done = false;
    var answer = function (a) {
      if (a && a.res && !done) {
        done = true;
        resolve(a);
      }
    };
    var timer = setTimeout(function () {
      saved(req.url).then(function (hit) { answer({ res: hit }); });
    }, SLOW);
    fetch(req).then(function (res) {
      clearTimeout(timer);
      answer({ res: res, keep: keep(req, res) });
    }, function () {
      clearTimeout(timer);
      saved(req.url).then(function (hit) { return hit || offlinePage(req.url); }).then(function (res) {
        answer({ res: res });
      });
    });
  });
}

// saved is the saved copy of a file, this build's first, under its own URL
// or, for a folder URL, its index.html.
function saved(href) {
  var url = new URL(href);
  var path = url.origin + url.pathname;
  var tries = [path];
  if (path.slice(-1) === '/') tries.push(path + 'index.html');
  return caches.open(CACHE).then(function (cache) {
    return first(tries.map(function (u) { return function () { return cache.match(u); }; }));
  }).then(function (hit) {
    return hit || first(tries.map(function (u) { return function () { return caches.match(u); }; }));
  });
}

function offlinePage(href) {
  var name = nameOf(href) || '';
  var order = [langOf(name)].concat(LANGS).filter(Boolean);
  return first(order.map(function (l) {
    return function () { return caches.match(scope + FILES[l].offline); };
  })).then(function (hit) {
    return hit || new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  });
}

function first(fns) {
  if (!fns.length) return Promise.resolve(undefined);
  return fns[0]().then(function (hit) { return hit || first(fns.slice(1)); });
}
