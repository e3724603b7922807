// The Share button (layouts/partials/share.html). Where the phone has a
// share sheet (the Web Share API), tapping Share opens it, with every app
// the reader has. Elsewhere the panel opens as it does without JavaScript,
// and this adds a Copy link button. The address shared is the page's
// published one (config base_url), also on a copy opened from an SD card.
(function () {
  'use strict';
  var box = document.getElementById('share');
  if (!box) return;
  var url = box.getAttribute('data-url');
  var status = document.getElementById('share-status');
  var field = document.getElementById('share-url');
  var copy = document.getElementById('share-copy');

  if (navigator.share) {
    box.querySelector('summary').addEventListener('click', function (e) {
      if (box.open) return;
      e.preventDefault();
      navigator.share({ title: document.title, url: url }).catch(function (err) {
        // The reader closing the sheet is no failure; anything else (no
        // app to share to) falls back to the panel.
        if (!err || err.name !== 'AbortError') box.open = true;
      });
    });
  }

  function copied() { status.textContent = box.getAttribute('data-copied'); }
  // Without the clipboard API (an old browser, or a page not served over
  // HTTPS), the selected field copies the old way, and stays selected for
  // the reader's own long press if even that is refused.
  function select() {
    field.focus();
    field.select();
    try {
      if (document.execCommand('copy')) copied();
    } catch (e) { /* the selection is the fallback */ }
  }
  copy.hidden = false;
  copy.addEventListener('click', function () {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(copied, select);
    } else {
      select();
    }
  });
})();
