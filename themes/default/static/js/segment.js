/* SpeanSegment: browser twin of Go's generator/segment, which documents the
rules; its testdata/vectors.json holds both to the same output. Terse: it ships
to phones (≤ 2.5 KB gzip). Offsets are UTF-16. script: 0 other 1 latin 2 thai
3 lao 4 khmer 5 myanmar. brk: 0 hard 1 space 2 none.
Names: F info (class.go: class|script<<3|rank<<6), U run (normalize.go),
N normalizeUnit, Q split (segment.go), Y myFinal, W word term. */
(() => {
  // class.go table, base 36: gap before range, length-1, info
  const T = '0,1b,1,0,9,a,0,6,1,0,p,a,0,5,1,0,p,a,0,1d,1,0,0,7,0,h,1,0,m,a,0,0,1,0,u,a,0,0,1,0,c7,a,0,27,1,0,33,5,235,19,j,0,0,1,0,0,9h,0,0,45,0,1,9h,0,5,45,0,0,2d,4,0,1,0,4,k,0,0,9h,0,0,1,0,0,45,0,3,5x,0,0,7p,0,0,45,0,0,7p,0,0,1,0,9,m,0,1,1,11,19,r,0,0,1,0,0,9p,0,0,4d,0,1,9p,0,5,4d,0,0,2l,0,0,4d,0,0,2l,0,0,9p,2,4,s,1,0,1,1,3,65,0,0,7x,0,0,4d,0,0,7x,1,9,u,2,3,r,80,16,17,0,1,fh,0,1,bx,0,1,dp,0,0,a5,0,0,bx,0,2,q5,0,0,h9,0,0,j1,0,0,ml,0,0,od,0,0,kt,0,0,31,0,0,4t,0,0,6l,0,0,8d,0,0,17,0,9,1a,0,1,1,0,1v,17,0,9,1a,0,5,17,1cw,1f,z,0,1,7,0,f,4l,0,2,6d,0,1,2t,0,0,6d,0,0,2t,0,4,6d,0,0,85,0,0,6d,0,7,1,0,0,z,0,0,9x,2,9,12,6,9,1,di,v,1,4w,27,5,jk,1r,5,0,73,a,74,a,1,0,2,7,0,29,1,0,0,7,0,32,1,0,1b,5,0,267,1,e8,3j,1,ao,1r,1,x4w,1kv,1,5xc,v,1,0,f,5,0,1r,1,3z,0,7,0,73,1,1beo,2db,1,gvls,3j,1'.split(','), L = [], H = [], I = [],
    F = c => { let l = 0, h = H.length, m; while (l < h) H[m = l + h >> 1] < c ? l = m + 1 : h = m; return L[l] <= c ? I[l] : 0 },
    K = c => F(c) & 7, R = c => F(c) >> 6, M = c => K(c) == 5,
    A = s => Array.from(s, c => c.codePointAt(0)), Z = a => String.fromCodePoint(...a),
    X = (a, n) => { const t = Z(a), u = t.normalize(n); return u == t ? a : A(u) },
    fw = c => c > 0xFF00 && c < 0xFF5F ? c - 0xFEE0 : c,
    // fold (normalize.go): what input character c, followed by s[j...], stands for
    fold = (s, c, j) => {
      const f = F(c = fw(c)), k = f & 7;
      if (c < 128) return [c];
      if (k == 7) return [];
      if (k == 6) {
        if (c == 0x1040 || c == 0x1047) for (const x of s.slice(j)) {
          const g = F(fw(x.codePointAt(0)));
          if ((g & 7) == 7) continue;
          if ((g & 63) == 45) return [c == 0x1040 ? 0x101D : 0x101B];
          break;
        }
        return [48 + (c & 15)];
      }
      return { 3804: [3755, 3737], 3805: [3755, 3745], 6066: [6065], 4134: [4133, 4142] }[c] || [c];
    },
    U = s => {
      const us = [];
      let i = 0, p = [], a, e, r, q, b, rs, f, z, k;
      const pk = () => {
        while (!p.length) {
          if (i >= s.length) return -1;
          const c = s.codePointAt(i);
          a = i; i += c > 0xFFFF ? 2 : 1; e = i;
          p = fold(s, c, i);
        }
        return p[0];
      }, tk = () => (p = p.slice(1), e), add = () => (rs.push(p[0]), z = tk());
      while ((r = pk()) >= 0) {
        b = a; rs = [r]; z = tk();
        if (((f = F(r)) & 7) == 4) {
          while ((q = pk()) >= 0 && F(q) >> 3 == f >> 3 && ((k = K(q)) == 4 || k == 3)) { r = q; add(); if (k == 3) break }
        }
        if (r == 3755 && (pk() == 3737 || p[0] == 3745)) add();
        while (pk() >= 0 && M(p[0])) add();
        us.push({ s: b, e: z, t: Z(N(rs)) });
      }
      return us;
    },
    N = rs => {
      const f = F(rs[0]), sc = f >> 3 & 7, e = sc == 2 ? 0xE40 : 0xEC0;
      let m = 0, i, j, c, d;
      if (sc < 2) {
        if ((f & 7) == 2) return A(Z(rs).normalize('NFD')).filter(c => (F(c) & 63) != 5).map(c => c > 64 && c < 91 || c > 191 && c < 223 && c != 215 ? c + 32 : c);
        return rs[1] ? nfc(rs) : rs;
      }
      if (sc < 4) for (i = 0; K(rs[i + 1]) == 4; i++) if (rs[i] == e && rs[i + 1] == e) rs.splice(i--, 2, e + 1);
      while (m < rs.length && !M(rs[m])) m++;
      if (rs.slice(m).some(c => (F(c) >> 3 & 7) != sc)) return nfc(rs);
      for (i = m + 1; i < rs.length; i++) for (j = i; j > m && R(rs[j - 1]) > R(rs[j]); j--) [rs[j], rs[j - 1]] = [rs[j - 1], rs[j]];
      for (i = m; i + 1 < rs.length; i++) {
        c = rs[i]; d = rs[i + 1];
        if (c == 0xE4D || c == 0xECD) {
          for (j = i + 1; R(rs[j]) == 3;) j++;
          if (rs[j] == c - 27) rs[j]++, rs.splice(i, 1);
        } else if (c == 0x17C1 && (d == 0x17B6 || d == 0x17B8)) rs.splice(i, 2, d == 0x17B6 ? 0x17C4 : 0x17BE);
      }
      return rs.filter((c, k) => k <= m || c != rs[k - 1]);
    },
    nfc = rs => {
      const n = X(rs, 'NFC');
      return n == rs || K(n[0]) != K(rs[0]) || !n.slice(1).every(M) ? rs : [].concat(...n.map(c => c == 4134 ? [4133, 4142] : c));
    },
    AP = /^['\u2019\u02BC]$/, SP = /[ \t\r\n\xA0\u2000-\u200A\u202F\u205F\u3000]/,
    // kind: the script of the segment unit u starts, -1 for a separator
    kind = u => { const f = F(u.t.codePointAt(0)), k = f & 7, c = f >> 3 & 7; return k == 2 ? 1 : k == 0 || k == 3 || k == 4 || k == 5 && c > 1 ? c : -1 },
    Q = s => {
      const us = U(s), g = [];
      let hard = 1, nl = 0, cl = 0, n = 0, pe, i = 0, j, k, c, t, q;
      for (const u of us) u.n = n, n += u.t.length;
      while (i < us.length) {
        c = kind(us[i]);
        if (c < 0) {
          cl = cl || !AP.test(us[i].t);
          for (const x of us[i].t) x == '\n' ? nl++ : SP.test(x) || (hard = 1);
          i++;
          continue;
        }
        for (j = i + 1; j < us.length; j++) {
          k = kind(us[j]); t = us[j - 1].t; t = t.charCodeAt(t.length - 1);
          if (c == 1 ? k != 1 && !(k < 0 && AP.test(us[j].t) && us[j + 1] && kind(us[j + 1]) == 1 && ++j)
            : k != c || !(c == 4 ? t == 0x17D2 : c == 5 && (t == 0x1039 || Y(us[j].t) == 2))) break;
        }
        t = us.slice(i, j).map(u => u.t).join(''); q = g[g.length - 1];
        g.push({ text: t, start: us[i].s, end: us[j - 1].e, script: c, brk: q && q.script == c && !hard && nl < 2 ? pe == us[i].n ? 2 : 1 : 0 });
        pe = us[i].n + t.length; hard = nl = cl = 0; i = j;
      }
      g.closed = !!cl;
      return g;
    },
    Y = t => {
      const r = A(t);
      return r[0] < 4096 || r[0] > 4129 || !r.slice(1).every(c => (F(c) & 63) == 45 && R(c) > 8) ? 0 : r.some(c => c == 4154 || c == 4153) ? 2 : 1;
    },
    // token.go
    SUF = ['ies', 'ied', 'ing', 'es', 'ed', 's', 'e', 'y'],
    stem = w => {
      for (const x of SUF) {
        const t = w.slice(0, -x.length), l = t.slice(-1);
        if (w.endsWith(x) && [...t].length > 2 && !(x == 's' && 'sui'.includes(l) || x == 'y' && 'aeiouy'.includes(l))) return t;
      }
      return w;
    },
    prefixStem = p => {
      const n = [...p].length;
      let b = 0;
      for (const x of SUF) for (let k = x.length; k > b; k--) if (n - k > 2 && p.endsWith(x.slice(0, k))) { b = k; break }
      return p.slice(0, p.length - b);
    },
    W = g => g.text.replace(/['\u2019\u02BC]/g, ''),
    tk = (term, pos) => ({ term, pos }),
    api = {
      normalize: s => U(s).map(u => u.t).join(''),
      split: Q,
      indexTokens: s => {
        const g = Q(s), o = [];
        g.forEach((x, i) => {
          const y = g[i + 1];
          if (x.script == 1) return o.push(tk(stem(W(x)), i));
          o.push(tk(x.text, i));
          if (y && y.script == x.script && y.brk) o.push(tk(x.text + y.text, i));
        });
        return o;
      },
      // {exact: tokens, prefix: token or null}
      queryTokens: q => {
        const g = Q(q), exact = [];
        let prefix = null, a = 0, b, k, x, s, o;
        for (; a < g.length; a = b) {
          for (b = a + 1; b < g.length && g[b].brk == 2;) b++;
          o = b == g.length && !g.closed; x = g[a]; s = b;
          if (x.script == 1) o ? prefix = tk(prefixStem(W(x)), a) : exact.push(tk(stem(W(x)), a));
          else if (b - a < 2) o ? prefix = tk(x.text, a) : exact.push(tk(x.text, a));
          else {
            if (o) {
              s = x.script == 5 && Y(g[b - 1].text) == 1 ? b - 2 : b - 1;
              prefix = tk(g[b - 2].text + g[b - 1].text, b - 2);
            }
            for (k = a; k + 1 < s; k++) exact.push(tk(g[k].text + g[k + 1].text, k));
          }
        }
        return { exact, prefix };
      },
      stem, prefixStem, _info: F
    };
  for (let i = 0, p = -1; i < T.length; i += 3) L.push(p += parseInt(T[i], 36) + 1), H.push(p += parseInt(T[i + 1], 36)), I.push(parseInt(T[i + 2], 36));
  if (typeof module == 'object') module.exports = api;
  if (typeof self == 'object') self.SpeanSegment = api;
})();
