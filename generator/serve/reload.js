// Live reload for `spean serve`; the dev server adds this script to every
// page it serves, never `spean build`. After each build the server sends
// which outputs changed: the page reloads when it is one of them, or a
// stylesheet or script it loaded, or (on a search page) its language's
// index; and shows an overlay with file:line:col and the message while
// the build fails, and a banner at the foot of the page with what stands
// about the files saved (Zawgyi, text not in NFC, a draft…), which the
// build lets pass, until the files are fixed or the reader hides it. Both
// are styled from script (CSSOM), which the pages' Content-Security-Policy
// allows. A hidden tab lets go of its
// connection (a browser opens at most six to one server over HTTP/1.1,
// so a translator's seventh tab would never load) and catches up when it
// is shown again.
(function () {
  'use strict';
  var me = document.currentScript;
  var q = new URL(me.src).searchParams;
  var instance = q.get('i') || '';
  var version = +(q.get('v') || 0);
  var box = null;

  // here is the output name of this page: /km/a/ -> km/a/index.html.
  function here() {
    var p = decodeURIComponent(location.pathname).replace(/^\//, '');
    if (p === '' || p.charAt(p.length - 1) === '/') p += 'index.html';
    return p;
  }

  function hide() {
    if (box) box.remove();
    box = null;
  }

  // lines adds a paragraph to box for each problem: its file:line:col in
  // bold, then its message, as text; margin ('' for the default) spaces them.
  function lines(box, problems, margin) {
    problems.forEach(function (e) {
      var p = document.createElement('p');
      var pos = document.createElement('b');
      pos.textContent = e.pos ? e.pos + ': ' : '';
      p.appendChild(pos);
      p.appendChild(document.createTextNode(e.message));
      p.style.whiteSpace = 'pre-wrap';
      p.style.margin = margin;
      box.appendChild(p);
    });
  }

  // panel is the overlay's or the banner's box. The messages are the
  // generator's, in English, whatever the page's language: so screen
  // readers and fonts treat them.
  function panel(id, role) {
    var el = document.createElement('div');
    el.id = id;
    el.lang = 'en';
    el.dir = 'ltr';
    el.setAttribute('role', role);
    return el;
  }

  function show(errors) {
    hide();
    box = panel('spean-build-error', 'alert');
    var s = box.style;
    s.position = 'fixed'; s.left = '0'; s.right = '0'; s.top = '0'; s.bottom = '0';
    s.zIndex = '2147483647'; s.overflow = 'auto'; s.padding = '1rem';
    s.background = 'rgba(20,0,0,.92)'; s.color = '#fff'; s.font = '14px/1.4 monospace';
    var h = document.createElement('h2');
    h.textContent = 'Build failed';
    h.style.color = '#ff8a80';
    box.appendChild(h);
    lines(box, errors, '');
    document.body.appendChild(box);
  }

  // The banner of warnings. Hiding it hides these warnings for the tab's
  // session (sessionStorage survives the reloads saves cause); a new
  // or changed warning shows it again.
  var bar = null;
  var barKey = '';
  var hiddenKey = 'spean-warnings-hidden';
  function warn(warnings) {
    var key = JSON.stringify(warnings);
    // The same warnings after another save: the banner stays as it is,
    // not announced again by screen readers nor scrolled back.
    if (bar && key === barKey) return;
    if (bar) bar.remove();
    bar = null;
    var hidden = null;
    try {
      // No warnings: whatever was hidden is over; the same ones coming
      // back later are news.
      if (!warnings.length) sessionStorage.removeItem(hiddenKey);
      hidden = sessionStorage.getItem(hiddenKey);
    } catch (e) { /* storage refused */ }
    if (!warnings.length || hidden === key) return;
    barKey = key;
    bar = panel('spean-build-warnings', 'status');
    var s = bar.style;
    s.position = 'fixed'; s.left = '0'; s.right = '0'; s.bottom = '0';
    s.zIndex = '2147483646'; s.maxHeight = '40vh'; s.overflow = 'auto'; s.padding = '.5rem 1rem';
    s.background = '#3d2e00'; s.color = '#fff'; s.font = '14px/1.4 monospace';
    s.borderTop = '3px solid #ffd54f';
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Hide';
    close.style.float = 'right';
    close.style.font = 'inherit';
    close.style.minHeight = '44px';
    close.addEventListener('click', function () {
      try { sessionStorage.setItem(hiddenKey, key); } catch (e) { /* storage refused */ }
      bar.remove();
      bar = null;
    });
    bar.appendChild(close);
    var h = document.createElement('p');
    h.textContent = warnings.length === 1 ? '1 warning about the files saved (the site builds):' : warnings.length + ' warnings about the files saved (the site builds):';
    h.style.color = '#ffd54f';
    h.style.margin = '0 0 .25rem';
    bar.appendChild(h);
    lines(bar, warnings, '0 0 .25rem');
    document.body.appendChild(bar);
  }

  // assets are the same-origin stylesheets and scripts the page loaded,
  // by output name.
  var assets = {};
  function collect() {
    var els = document.querySelectorAll('script[src],link[rel~=stylesheet][href]');
    for (var i = 0; i < els.length; i++) {
      var u = new URL(els[i].src || els[i].href, location.href);
      if (u.origin === location.origin) assets[decodeURIComponent(u.pathname).replace(/^\//, '')] = true;
    }
  }

  // affects says whether output f (or folder, ending in /) is what this
  // page shows.
  function affects(f, mine) {
    return f === mine || assets[f] || (f.slice(-1) === '/' && mine.indexOf(f) === 0);
  }

  var es = null;
  function connect() {
    if (es || document.hidden) return;
    es = new EventSource('/__spean/events?i=' + encodeURIComponent(instance) + '&v=' + version);
    es.addEventListener('build', function (ev) {
      var b = JSON.parse(ev.data);
      warn(b.warnings || []);
      if (b.errors && b.errors.length) {
        show(b.errors);
        return;
      }
      hide();
      var changed = b.changed || [];
      var mine = here();
      var reload = b.all || changed.some(function (f) { return affects(f, mine); });
      instance = b.instance;
      version = b.version;
      if (reload) {
        es.close();
        location.reload();
      }
    });
  }
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) {
      connect();
    } else if (es) {
      es.close();
      es = null;
    }
  });
  function start() {
    collect();
    connect();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
