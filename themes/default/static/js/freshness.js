// Tells the reader when the facts on a page may have changed. Pages live
// on for months in the offline copy and the zip, so the build cannot know:
// the phone's own clock decides. The page carries its review date and
// interval on the <time> of partials/meta.html, and the notice of
// partials/stale.html, hidden, in each plural form of the reader's
// language; once the interval has passed this fills the notice in and
// shows it. Fresh pages, and browsers without JavaScript, show only the
// review date.
(function () {
  'use strict';
  var time = document.querySelector('time[data-review-days]');
  var box = document.getElementById('stale');
  if (!time || !box) return;
  var now = new Date();
  // Whole days from the review date to the phone's calendar date, as
  // generator/freshness counts them.
  var age = Math.floor((Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) -
    Date.parse(time.getAttribute('datetime'))) / 864e5);
  if (!(age > +time.getAttribute('data-review-days'))) return;
  // Months as freshness.Months rounds them.
  var n = Math.max(1, Math.round(age * 12 / 365.25));
  var form = 'other';
  try {
    form = new Intl.PluralRules(document.documentElement.lang).select(n);
  } catch (e) {
    // Without Intl, the "other" form still reads.
  }
  var text = box.querySelector('[data-plural="' + form + '"]') || box.querySelector('[data-plural="other"]');
  // The link to the hotlines page, or on that page plain text.
  var link = box.querySelector('a');
  (link || box.querySelector('.stale-text')).textContent = text.textContent.replace('{n}', n);
  box.hidden = false;

  // The notice is fixed to the bottom of the screen: room after the page's
  // end, and for whatever keyboard focus scrolls to, so it covers nothing
  // for good. (Styles set through the DOM are allowed by the CSP.)
  var root = document.documentElement;
  function room() {
    var h = box.classList.contains('stale') ? box.offsetHeight + 'px' : '';
    document.body.style.paddingBottom = h;
    root.style.scrollPaddingBottom = h;
  }
  room();
  window.addEventListener('resize', room);
  // OK pins the notice in its place under the title, in the page's flow,
  // as the other notices there.
  var ok = box.querySelector('button');
  if (ok) {
    ok.addEventListener('click', function () {
      box.classList.remove('stale');
      ok.hidden = true;
      room();
      // Focus leaves the button it hid for what the notice says.
      if (!link) box.tabIndex = -1;
      (link || box).focus();
    });
  }
})();
