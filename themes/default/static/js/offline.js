// Registers the service worker that keeps the reader's language on the
// phone, asks it to save this page's language, and tells the reader when
// the language can be read offline. Nothing here is needed to read or
// navigate; on file:// (a copy opened from an SD card) it does nothing,
// as service workers cannot run there.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') return;
  var me = document.currentScript || document.querySelector('script[src$="offline.js"]');
  if (!me) return;
  // This file is js/offline.js: the site root is one folder up, wherever
  // the site is published.
  var root = new URL('../', me.src).href;
  var lang = document.documentElement.getAttribute('data-offline');

  function start() {
    navigator.serviceWorker.register(root + 'sw.js', { scope: root }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      if (!lang || !reg.active) return;
      var ch = new MessageChannel();
      ch.port1.onmessage = function (e) {
        var status = document.getElementById('offline-status');
        if (status && e.data && e.data.saved === lang) status.hidden = false;
      };
      reg.active.postMessage({ save: lang }, [ch.port2]);
    }).catch(function () {
      // Without a service worker the site still works online.
    });
  }

  // Saving waits for the page to finish loading, so the page the reader
  // asked for never shares the connection with the rest of the language.
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start);
})();
