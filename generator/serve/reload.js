// Live reload for `spean serve`; the dev server adds this script to every
// page it serves, never `spean build`. After each build the server sends
// which outputs changed: the page reloads when it is one of them (or a
// style or script changed), and shows an overlay with file:line:col and
// the message while the build fails. The overlay is styled from script
// (CSSOM), which the pages' Content-Security-Policy allows.
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

  function show(errors) {
    hide();
    box = document.createElement('div');
    box.id = 'spean-build-error';
    box.setAttribute('role', 'alert');
    var s = box.style;
    s.position = 'fixed'; s.left = '0'; s.right = '0'; s.top = '0'; s.bottom = '0';
    s.zIndex = '2147483647'; s.overflow = 'auto'; s.padding = '1rem';
    s.background = 'rgba(20,0,0,.92)'; s.color = '#fff'; s.font = '14px/1.4 monospace';
    var h = document.createElement('h2');
    h.textContent = 'Build failed';
    h.style.color = '#ff8a80';
    box.appendChild(h);
    errors.forEach(function (e) {
      var p = document.createElement('p');
      var pos = document.createElement('b');
      pos.textContent = e.pos ? e.pos + ': ' : '';
      p.appendChild(pos);
      p.appendChild(document.createTextNode(e.message));
      p.style.whiteSpace = 'pre-wrap';
      box.appendChild(p);
    });
    document.body.appendChild(box);
  }

  var es;
  function connect() {
    es = new EventSource('/__spean/events?i=' + encodeURIComponent(instance) + '&v=' + version);
    es.addEventListener('build', function (ev) {
      var b = JSON.parse(ev.data);
      if (b.errors && b.errors.length) {
        show(b.errors);
        return;
      }
      hide();
      var changed = b.changed || [];
      var me = here();
      var reload = b.all || changed.some(function (f) { return f === me || /\.(css|js)$/.test(f); });
      instance = b.instance;
      version = b.version;
      if (reload) {
        es.close();
        location.reload();
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', connect);
  else connect();
})();
