// Tells the reader when the facts on a page may have changed. Pages live
// on for months in the offline copy and the zip, so the build cannot know:
// the phone's own clock decides. The page carries its review date and
// interval on the <time> of partials/meta.html, and the notice, hidden, in
// each plural form of the reader's language; once the interval has passed
// this fills the notice in and shows it. Fresh pages, and browsers without
// JavaScript, see only the review date.
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
  (box.querySelector('a') || box).textContent = text.textContent.replace('{n}', n);
  box.hidden = false;
})();
