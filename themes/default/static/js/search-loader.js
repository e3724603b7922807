// On the first focus of a search box, fetch the search page and its
// scripts into the cache, so results come at once when the form is sent,
// even if the connection drops in between. Nothing loads before that.
(function () {
  'use strict';
  var me = document.currentScript, done = false;
  if (!me || document.getElementById('search')) return;
  document.addEventListener('focusin', function (e) {
    var el = e.target;
    if (done || el.name !== 'q' || !el.form || !/(^| )search( |$)/.test(el.form.className)) return;
    done = true;
    (me.getAttribute('data-prefetch') || '').split(' ').forEach(function (u) {
      if (!u) return;
      var l = document.createElement('link');
      l.rel = 'prefetch';
      l.href = u;
      document.head.appendChild(l);
    });
  });
})();
