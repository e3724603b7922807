// Language chooser: suggests the reader's language from the browser's
// settings and remembers a choice, but never redirects — a reader on a
// borrowed phone must always be able to pick another language.
(function () {
  'use strict';
  var links = document.querySelectorAll('.chooser a[data-lang]');
  var codes = [];
  for (var i = 0; i < links.length; i++) codes.push(links[i].getAttribute('data-lang'));
  var saved = null;
  try { saved = localStorage.getItem('spean-lang'); } catch (e) {}
  var pick = codes.indexOf(saved) >= 0 ? saved : null;
  if (!pick) {
    var prefs = navigator.languages || [navigator.language || ''];
    for (var j = 0; j < prefs.length && !pick; j++) {
      var base = String(prefs[j]).toLowerCase().split('-')[0];
      if (codes.indexOf(base) >= 0) pick = base;
    }
  }
  for (var k = 0; k < links.length; k++) {
    var a = links[k];
    a.addEventListener('click', function (ev) {
      try { localStorage.setItem('spean-lang', ev.currentTarget.getAttribute('data-lang')); } catch (e) {}
    });
    if (a.getAttribute('data-lang') === pick) {
      var li = a.parentNode;
      li.parentNode.insertBefore(li, li.parentNode.firstChild);
      li.querySelector('.suggested').hidden = false;
      a.setAttribute('aria-describedby', 'suggested-' + pick);
      li.querySelector('.suggested').id = 'suggested-' + pick;
    }
  }
})();
