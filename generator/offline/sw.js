// Spean's service worker. It keeps the reader's language on the phone after
// the first visit, so the site still works at the border, on a boat or in a
// dormitory without data. The build writes VERSION (a hash of the site's
// content) and LANGS above this line: a new build changes VERSION, so the
// browser installs this worker again and the saved copy is replaced.
'use strict';
var PREFIX = 'spean-';
var scope = self.registration.scope;
var saving = {};

function cacheName(lang) { return PREFIX + VERSION + '-' + lang; }

// save stores every file of one language (the list the build wrote in
// offline/<lang>.json) in that language's cache. The list itself goes in
// last and marks the copy as complete; an interrupted save resumes on the
// next visit.
function save(lang) {
  if (LANGS.indexOf(lang) < 0) return Promise.reject(new Error('unknown language ' + lang));
  if (saving[lang]) return saving[lang];
  var listURL = scope + 'offline/' + lang + '.json';
  var p = caches.open(cacheName(lang)).then(function (cache) {
    return cache.match(listURL).then(function (done) {
      if (done) return;
      return fetch(listURL, { cache: 'no-cache' }).then(function (res) {
        if (!res.ok) throw new Error('offline list: ' + res.status);
        return res.clone().json().then(function (list) {
          // A newer build is on the server: its own worker will save it.
          if (list.version !== VERSION) throw new Error('offline list is for build ' + list.version);
          return pool(list.files, 4, function (name) {
            var url = scope + name;
            return cache.match(url).then(function (hit) {
              if (hit) return;
              return fetch(url, { cache: 'no-cache' }).then(function (r) {
                if (!r.ok) throw new Error(name + ': ' + r.status);
                return Promise.resolve(clean(r)).then(function (c) { return cache.put(url, c); });
              });
            });
          });
        }).then(function () { return cache.put(listURL, res); });
      });
    });
  });
  saving[lang] = p;
  var clear = function () { delete saving[lang]; };
  p.then(clear, clear);
  return p;
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

self.addEventListener('install', function () { self.skipWaiting(); });

// A new version re-saves the languages the reader had saved, then drops the
// old copies: each old copy is kept until its replacement is complete, so a
// reader who goes offline mid-update still has the old pages.
self.addEventListener('activate', function (e) {
  e.waitUntil(self.clients.claim().then(function () {
    return caches.keys();
  }).then(function (keys) {
    var old = keys.filter(function (k) { return k.indexOf(PREFIX) === 0 && k.indexOf(PREFIX + VERSION + '-') !== 0; });
    return Promise.all(old.map(function (k) {
      var lang = k.slice(k.lastIndexOf('-') + 1);
      if (LANGS.indexOf(lang) < 0) return caches.delete(k);
      return save(lang).then(function () { return caches.delete(k); }, function () {});
    }));
  }));
});

// A page asks to save its language; the answer tells it to show "saved on
// this phone".
self.addEventListener('message', function (e) {
  var lang = e.data && e.data.save;
  var port = e.ports && e.ports[0];
  if (!lang) return;
  e.waitUntil(save(lang).then(function () {
    if (port) port.postMessage({ saved: lang });
  }, function (err) {
    if (port) port.postMessage({ failed: lang, error: String(err) });
  }));
});

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET' || req.url.indexOf(scope) !== 0) return;
  if (req.mode === 'navigate') {
    e.respondWith(page(req));
    return;
  }
  // Other files (scripts, search index, icons) come from the saved copy
  // when there is one: the copy belongs to this build, so it is current.
  e.respondWith(caches.match(req, { ignoreSearch: true }).then(function (hit) {
    return hit || fetch(req);
  }));
});

// page is network first, so a reader online always gets the newest facts.
// Offline it falls back to the saved copy, then to the offline page of the
// language in the URL. On a connection that barely works (one bar on a
// boat) a saved copy is shown after SLOW ms instead of a blank screen.
var SLOW = 4000;

function page(req) {
  return new Promise(function (resolve) {
    var done = false;
    var answer = function (res) {
      if (res && !done) {
        done = true;
        resolve(res);
      }
    };
    var timer = setTimeout(function () { saved(req.url).then(answer); }, SLOW);
    fetch(req).then(function (res) {
      clearTimeout(timer);
      answer(res);
    }, function () {
      clearTimeout(timer);
      saved(req.url).then(function (hit) { return hit || offlinePage(req.url); }).then(answer);
    });
  });
}

// saved is the saved copy of a page, under its own URL or, for a folder
// URL, its index.html.
function saved(href) {
  var url = new URL(href);
  var path = url.origin + url.pathname;
  return caches.match(path).then(function (hit) {
    if (hit || path.slice(-1) !== '/') return hit;
    return caches.match(path + 'index.html');
  });
}

function offlinePage(href) {
  var url = new URL(href);
  var lang = (url.origin + url.pathname).slice(scope.length).split('/')[0];
  var order = [lang].concat(LANGS);
  return first(order.map(function (l) { return scope + l + '/offline/index.html'; })).then(function (hit) {
    return hit || new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  });
}

function first(urls) {
  if (!urls.length) return Promise.resolve(undefined);
  return caches.match(urls[0]).then(function (hit) { return hit || first(urls.slice(1)); });
}
