// Runs themes/default/static/js/segment.js over the vectors for js_test.go:
// node run_js.js SEGMENT_JS VECTORS_JSON. Prints JSON: each vector's results
// (offsets turned into UTF-8 bytes, as the Go side counts them) and the
// script's character table as runs [first code point, info].
'use strict';
const fs = require('fs');
const S = require(process.argv[2]);
const vectors = JSON.parse(fs.readFileSync(process.argv[3], 'utf8')).vectors;
const SCRIPTS = ['none', 'latin', 'thai', 'lao', 'khmer', 'myanmar'];
const BREAKS = ['hard', 'space', 'none'];
const results = vectors.map((v) => {
  const bytes = (i) => Buffer.byteLength(v.input.slice(0, i), 'utf8');
  const q = S.queryTokens(v.input);
  return {
    name: v.name,
    normalized: S.normalize(v.input),
    segments: S.split(v.input).map((g) => [g.text, bytes(g.start), bytes(g.end), SCRIPTS[g.script], BREAKS[g.brk]]),
    query: {
      exact: q.exact.map((t) => [t.term, t.pos]),
      prefix: q.prefix && [q.prefix.term, q.prefix.pos],
      lead: q.lead && [q.lead.term, q.lead.pos],
    },
    keys: v.keys.map((k) => [k[0], S.key(k[0])]),
  };
});
const info = [];
for (let c = 0, prev = -1; c <= 0x10ffff; c++) {
  const f = S._info(c);
  if (f !== prev) info.push([c, f]);
  prev = f;
}
process.stdout.write(JSON.stringify({ results, info }));
