// Reading without internet, the page's side (the worker is
// generator/offline/sw.js). It shows the size of the downloadable zip,
// registers the service worker, says hello so the worker keeps this
// language's most useful pages (within the build's budget), shows what is
// saved, offers to save this section or the whole language with what that
// costs, and tells the reader when a newer version is online. Nothing here
// is needed to read or navigate; on file:// (a copy opened from an SD
// card) it does nothing.
(function () {
  'use strict';
  // An unzipped download holds one language: the folder spean-<lang>/
  // with <lang>/ in it (generator/site.ZipFolder). There the language
  // switcher's links to the other languages lead to the site online, as
  // its canonical link names it, instead of to files that are not there;
  // so do the footer's link to the zip, which is not in itself, and the
  // leaflets index's links to the PDFs, which the zip leaves out.
  // A whole copy of the site opened from disk keeps its own links.
  function zipLinks() {
    var lang = document.documentElement.lang;
    var canon = document.querySelector('link[rel=canonical]');
    if (!lang || !canon || location.pathname.indexOf('/spean-' + lang + '/' + lang + '/') < 0) return;
    var links = document.querySelectorAll('.languages a[hreflang], .download a, a[type="application/pdf"]');
    for (var i = 0; i < links.length; i++) {
      if (links[i].hreflang !== lang) links[i].href = new URL(links[i].getAttribute('href'), canon.href).href;
    }
  }
  if (location.protocol === 'file:') return zipLinks();
  // The worker answers a page not saved with the offline page, at the
  // page's own address: for the search page, which needs every page of
  // the language saved, it says so.
  var searchHint = document.getElementById('offline-search');
  if (searchHint && /\/search\/(index\.html)?$/.test(location.pathname)) searchHint.hidden = false;
  var me = document.currentScript || document.querySelector('script[src*="js/offline."]');
  if (!me) return;
  // This file is js/offline.js: the site root is one folder up, wherever
  // the site is published.
  var root = new URL('../', me.src).href;
  var lang = document.documentElement.getAttribute('data-offline');
  var box = document.getElementById('offline');
  if (!box) return;
  var section = box.getAttribute('data-section');

  // size writes bytes as the reader's UI strings do, rounded up: the page
  // must never promise less than the download costs.
  function size(bytes) {
    var kb = Math.ceil(bytes / 1024);
    if (kb < 1000) return box.getAttribute('data-kb').replace('%s', kb);
    return box.getAttribute('data-mb').replace('%s', (Math.ceil(bytes / 104857.6) / 10).toFixed(1));
  }

  // The zip's size is not in the page, which is itself inside the zip: it
  // comes from the language's summary, written after the zips, fetched
  // once the page has loaded so it never competes with what the reader
  // came for.
  function zipSize() {
    var zip = document.getElementById('zip-size');
    if (!zip || !window.fetch) return;
    fetch(zip.getAttribute('data-src')).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (s) {
      if (s && s.zip && s.zip.bytes) zip.textContent = zip.getAttribute('data-text').replace('%s', size(s.zip.bytes));
    }).catch(function () {});
  }

  var sw = navigator.serviceWorker;
  var status = document.getElementById('offline-status');
  var buttons = box.querySelectorAll('button[data-unit]');
  var asked = false;

  function show(st) {
    if (!st || st.lang !== lang) return;
    box.hidden = false;
    var text = '';
    if (st.busy) text = box.getAttribute('data-saving');
    else if (st.failed && asked) text = box.getAttribute('data-failed');
    else if (!st.all) text = box.getAttribute('data-all');
    else if (section && st.section === 0) text = box.getAttribute('data-section-saved');
    else if (st.some) text = box.getAttribute('data-some');
    if (status.textContent !== text) status.textContent = text;
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var left = b.getAttribute('data-unit') === 'all' ? st.all : (section ? st.section : 0);
      // Saving the section would save everything: offer the language only.
      var same = b.getAttribute('data-unit') === 'section' && left === st.all;
      b.hidden = st.busy || !left || same;
      if (!b.hidden) b.textContent = b.getAttribute('data-label').replace('%s', size(left));
    }
  }

  function start() {
    zipSize();
    if (!sw) return;
    sw.register(root + 'sw.js', { scope: root }).then(function (reg) {
      updates(reg);
      return sw.ready;
    }).then(function (reg) {
      if (!lang || !reg.active) return;
      sw.addEventListener('message', function (e) { show(e.data); });
      // With the phone's data saver on (Save-Data), nothing is saved
      // that the reader did not open or ask for: the budget's pages
      // would cost them data they chose to spare.
      var lite = !!(navigator.connection && navigator.connection.saveData);
      reg.active.postMessage({ hello: lang, section: section, lite: lite });
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].addEventListener('click', function (e) {
          var unit = e.currentTarget.getAttribute('data-unit') === 'all' ? 'all' : 's:' + section;
          asked = true;
          (sw.controller || reg.active).postMessage({ save: lang, unit: unit, section: section });
        });
      }
    }).catch(function () {
      // Without a service worker the site still works online.
    });
  }

  // A newer build online installs a new worker, which waits for the
  // reader: the notice says so, and Update lets it take over and reloads.
  var updating = false;
  function updates(reg) {
    var bar = document.getElementById('update');
    if (!bar) return;
    function offer(w) {
      if (!w || !sw.controller) return; // the first worker needs no asking
      bar.hidden = false;
      document.getElementById('update-now').onclick = function () {
        updating = true;
        w.postMessage({ activate: true });
      };
      document.getElementById('update-later').onclick = function () { bar.hidden = true; };
    }
    function track(w) {
      if (w) w.addEventListener('statechange', function () { if (w.state === 'installed') offer(w); });
    }
    offer(reg.waiting);
    track(reg.installing);
    reg.addEventListener('updatefound', function () { track(reg.installing); });
    sw.addEventListener('controllerchange', function () {
      if (updating) location.reload();
    });
  }

  // Saving waits for the page to finish loading, so the page the reader
  // asked for never shares the connection with the rest.
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start);
})();
