// SpeanZawgyi: Burmese typed on a Zawgyi phone, converted to Unicode before
// it is searched. A port of generator/zawgyi's Convert (see convert.go for
// the rules and why), checked against it in generator/search (TestZawgyiJS).
// search.js loads this file only when a query looks like Zawgyi (looks).
(function () {
  'use strict';
  var KINZI = -1;
  // Step 2: what each Zawgyi code point means in Unicode.
  var G = {
    0x1033: [0x102F], 0x1034: [0x1030], 0x1039: [0x103A], 0x103A: [0x103B], 0x103B: [0x103C], 0x103C: [0x103D], 0x103D: [0x103E],
    0x105A: [0x102B, 0x103A], 0x1060: [0x1039, 0x1000], 0x1061: [0x1039, 0x1001], 0x1062: [0x1039, 0x1002], 0x1063: [0x1039, 0x1003],
    0x1064: [KINZI], 0x1065: [0x1039, 0x1005], 0x1066: [0x1039, 0x1006], 0x1067: [0x1039, 0x1006], 0x1068: [0x1039, 0x1007],
    0x1069: [0x1039, 0x1008], 0x106A: [0x1025], 0x106B: [0x100A], 0x106C: [0x1039, 0x100B], 0x106D: [0x1039, 0x100C],
    0x106E: [0x100D, 0x1039, 0x100D], 0x106F: [0x100D, 0x1039, 0x100E], 0x1070: [0x1039, 0x100F], 0x1071: [0x1039, 0x1010],
    0x1072: [0x1039, 0x1010], 0x1073: [0x1039, 0x1011], 0x1074: [0x1039, 0x1011], 0x1075: [0x1039, 0x1012], 0x1076: [0x1039, 0x1013],
    0x1077: [0x1039, 0x1014], 0x1078: [0x1039, 0x1015], 0x1079: [0x1039, 0x1016], 0x107A: [0x1039, 0x1017], 0x107B: [0x1039, 0x1018],
    0x107C: [0x1039, 0x1019], 0x107D: [0x103B], 0x107E: [0x103C], 0x107F: [0x103C], 0x1080: [0x103C], 0x1081: [0x103C],
    0x1082: [0x103C], 0x1083: [0x103C], 0x1084: [0x103C], 0x1085: [0x1039, 0x101C], 0x1086: [0x103F], 0x1087: [0x103E],
    0x1088: [0x103E, 0x102F], 0x1089: [0x103E, 0x1030], 0x108A: [0x103D, 0x103E], 0x108B: [KINZI, 0x102D], 0x108C: [KINZI, 0x102E],
    0x108D: [KINZI, 0x1036], 0x108E: [0x102D, 0x1036], 0x108F: [0x1014], 0x1090: [0x101B], 0x1091: [0x100F, 0x1039, 0x100D],
    0x1092: [0x100B, 0x1039, 0x100C], 0x1093: [0x1039, 0x1018], 0x1094: [0x1037], 0x1095: [0x1037], 0x1096: [0x1039, 0x1010, 0x103D],
    0x1097: [0x100B, 0x1039, 0x100B]
  };
  function digit(r) { return r >= 0x1040 && r <= 0x1049; }
  function zLetter(r) { return r >= 0x1000 && r <= 0x102A || r === 0x1086 || r === 0x106A || r === 0x106B || r === 0x108F || r === 0x1090 || r === 0x104E; }
  function zSign(r) {
    return r >= 0x102B && r <= 0x1030 || r >= 0x1032 && r <= 0x103A || r === 0x103C || r === 0x103D ||
      r === 0x105A || r >= 0x1060 && r <= 0x1069 || r === 0x106C || r === 0x106D || r >= 0x1070 && r <= 0x107D ||
      r === 0x1085 || r >= 0x1087 && r <= 0x108E || r >= 0x1093 && r <= 0x1096;
  }
  function zPre(r) { return r === 0x1031 || r === 0x103B || r >= 0x107E && r <= 0x1084; }
  // Step 1: digits typed for the letters they look like.
  function digitAsLetter(a, i, r) {
    if (r !== 0x1040 && r !== 0x1047 && r !== 0x1044) return r;
    var p = i > 0 ? a[i - 1] : 0, n = i + 1 < a.length ? a[i + 1] : 0;
    if (digit(p) || digit(n)) return r;
    if (r === 0x1040 && (zSign(n) || zLetter(n) || zPre(p) || zLetter(p) || zSign(p))) return 0x101D;
    if (r === 0x1047 && (zSign(n) || zPre(p))) return 0x101B;
    if (r === 0x1044 && n === 0x1004) return 0x104E;
    return r;
  }
  function blank(r) { return r === 32 || r === 0xA0 || r === 0x200B || r === 0x200C || r === 0x200D || r === 0x2060 || r === 0xFEFF; }
  function consonant(r) { return r >= 0x1000 && r <= 0x1021; }
  function base(r) { return r >= 0x1000 && r <= 0x102A || r === 0x103F; }
  function pre(r) { return r === 0x1031 || r === 0x103C; }
  function sign(r) { return r === KINZI || r >= 0x102B && r <= 0x1030 || r >= 0x1032 && r <= 0x103B || r === 0x103D || r === 0x103E; }
  var ORDER = [6, 2, 3, 7, 4, 5, 0, 1, 11, 12, 15, 13]; // unicodeSignOrder, as r - 0x102B

  function Syl() { this.base = 0; this.kinzi = false; this.stacked = []; this.medial = [0, 0, 0, 0]; this.signs = []; this.other = []; this.last = 0; this.asatYa = false; }
  Syl.prototype.add = function (u) {
    if (u === 0x103A && this.last === 0x103B || u === 0x103B && this.last === 0x103A) this.asatYa = true;
    this.last = u;
    if (u === KINZI) this.kinzi = true;
    else if (u >= 0x103B && u <= 0x103E) this.medial[u - 0x103B] = 1;
    else if (u >= 0x102B && u <= 0x103A && u !== 0x1039) this.signs[u - 0x102B] = 1;
    else this.other.push(u);
  };
  Syl.prototype.collect = function (us, b) {
    this.base = us[b];
    this.last = 0;
    var i = b + 1;
    while (i < us.length && sign(us[i])) {
      if (us[i] === 0x1039) {
        if (i + 1 < us.length && consonant(us[i + 1])) { this.stacked.push(us[i + 1]); i += 2; continue; }
        this.other.push(us[i]);
        return i + 1;
      }
      this.add(us[i]);
      i++;
    }
    return i;
  };
  Syl.prototype.write = function (out) {
    var s = this.signs;
    if (this.base === 0x1025) {
      if (this.stacked.length || s[15] || s[1]) this.base = 0x1009;
      else if (s[3]) { this.base = 0x1026; s[3] = 0; }
    } else if (this.base === 0x1005 && this.medial[0]) { this.base = 0x1008; this.medial[0] = 0; }
    else if (this.base === 0x1029 && s[6] && s[1] && s[15]) { this.base = 0x102A; s[6] = s[1] = s[15] = 0; }
    if (s[2] && s[3]) s[2] = 0;
    if (s[4] && s[5]) s[5] = 0;
    if (this.kinzi) out.push(0x1004, 0x103A, 0x1039);
    out.push(this.base);
    if (s[15] && (this.asatYa || s[4] || s[5])) { out.push(0x103A); s[15] = 0; }
    this.stacked.forEach(function (c) { out.push(0x1039, c); });
    for (var m = 0; m < 4; m++) if (this.medial[m]) out.push(0x103B + m);
    ORDER.forEach(function (k) { if (s[k]) out.push(0x102B + k); });
    this.other.forEach(function (u) { out.push(u); });
  };
  function unit(out, u) { if (u === KINZI) out.push(0x1004, 0x103A, 0x1039); else out.push(u); }

  // Step 3: syllables in Unicode order.
  function reorder(us) {
    var out = [], cur = null, i = 0, j, k;
    function flush() { if (cur) { cur.write(out); cur = null; } }
    while (i < us.length) {
      var r = us[i];
      if (pre(r)) {
        for (j = i; j < us.length && (pre(us[j]) || sign(us[j])); j++);
        if (j === us.length || !base(us[j])) {
          flush();
          for (k = i; k < j; k++) unit(out, us[k]);
          i = j;
          continue;
        }
        var next = new Syl();
        for (k = i; k < j; k++) {
          var u = us[k];
          if (pre(u) || u === 0x1037 || !cur) next.add(u); else cur.add(u);
        }
        flush();
        cur = next;
        i = cur.collect(us, j);
      } else if (base(r)) {
        flush();
        cur = new Syl();
        i = cur.collect(us, i);
      } else if (blank(r) && cur) {
        for (j = i; j < us.length && blank(us[j]); j++);
        for (k = j; k < us.length && sign(us[k]) && us[k] !== 0x1039; k++) cur.add(us[k]);
        if (k === j || us[j] === 0x1037) {
          flush();
          for (var b = i; b < j; b++) out.push(us[b]);
        }
        i = k;
      } else {
        flush();
        unit(out, r);
        i++;
      }
    }
    flush();
    return out;
  }

  function convert(z) {
    var a = Array.from(z, function (c) { return c.codePointAt(0); }), us = [];
    for (var i = 0; i < a.length; i++) {
      var r = digitAsLetter(a, i, a[i]);
      if (G[r]) us.push.apply(us, G[r]);
      else if (r === 0x104E && a[i + 1] !== 0x1004) us.push(0x104E, 0x1004, 0x103A, 0x1038);
      else us.push(r);
    }
    return String.fromCodePoint.apply(null, reorder(us));
  }

  // isZawgyi tells whether a query is Zawgyi: it uses Zawgyi's own glyph
  // code points, or writes a sign where Unicode cannot have one (ေ or ြ
  // before its consonant; the killer ္ before a space or at the end, or
  // after anything but a consonant or kinzi's asat, as Zawgyi's visible
  // asat after a vowel sign or dot: အခြင့္; ် before a vowel sign, as
  // Zawgyi's medial ya: အခ်ိန္). A query is too short for the Markov
  // model generator/zawgyi uses on pages. Zawgyi that looks like valid
  // Unicode (လုပ္ခ, a killer between two consonants: a stack) is not told.
  // search.js holds the same patterns, to load this file only for a query
  // that has them: change both.
  var ZONLY = /[\u105a\u1060-\u1097]/, ZORDER = /(^|[^\u1000-\u109f])[\u1031\u103b]|\u1039($|[^\u1000-\u1021])|(^|[^\u1000-\u102a\u103a\u103f])\u1039|\u103a[\u102b-\u1032\u1036]/;
  function isZawgyi(q) { return ZONLY.test(q) || ZORDER.test(q); }

  var api = { convert: convert, isZawgyi: isZawgyi };
  if (typeof module === 'object') module.exports = api;
  if (typeof self === 'object') self.SpeanZawgyi = api;
})();
