// Search over the page data: names, ids, tags (keys and values), rule ids
// and edge labels by substring; IP addresses exactly; CIDR blocks by
// containment (every address or smaller block inside the query).

import { parseIP, parseCIDR, contains, sameAddress } from './ip.js';

const MAX_RESULTS = 50;

/**
 * buildIndex flattens page data into searchable entries:
 * {target, alt: [other element ids], kind, name, texts: [lowercase], addrs: [strings]}.
 */
export function buildIndex(pd) {
  const out = [];
  const regionsOf = {};
  for (const g of pd.graph?.groups || []) regionsOf[g.id] = g.regions || [];
  for (const [id, g] of Object.entries(pd.groups || {})) {
    out.push({
      target: id,
      alt: regionsOf[id] || [],
      kind: 'group',
      name: g.name || id,
      texts: [g.name, id, ...tagTexts(g.tags)],
      addrs: [],
    });
  }
  for (const [id, n] of Object.entries(pd.nodes || {})) {
    out.push({
      target: id,
      alt: [],
      kind: n.kind || 'node',
      name: n.name || id,
      texts: [n.name, id, ...(n.owners || []), ...tagTexts(n.tags)],
      addrs: n.ips || [],
    });
  }
  for (const [id, e] of Object.entries(pd.edges || {})) {
    const rules = e.rules || [];
    out.push({
      target: id,
      alt: [],
      kind: 'edge',
      name: e.label || id,
      texts: [e.label, id, ...rules.map((r) => r.rule_id)],
      addrs: [],
    });
  }
  // Addresses are text too, so a partly typed IP ("10.0.1") already finds something.
  for (const x of out) x.texts = [...x.texts, ...x.addrs].filter(Boolean).map((t) => String(t).toLowerCase());
  return out;
}

function tagTexts(tags) {
  return Object.entries(tags || {}).flatMap(([k, v]) => [k, v, `${k}=${v}`]);
}

/**
 * search returns matching entries, best first, each with `why` (what matched).
 * An IP query matches addresses exactly and CIDR peers that hold it (not /0);
 * a CIDR query matches addresses and blocks inside it; anything else is text.
 */
export function search(index, query) {
  const q = String(query || '').trim();
  if (!q) return [];
  const hits = [];
  const ip = q.includes('/') ? null : parseIP(q);
  const block = q.includes('/') ? parseCIDR(q) : null;
  if (ip || block) {
    for (const x of index) {
      for (const a of x.addrs) {
        const c = parseCIDR(a);
        if (!c) continue;
        const whole = c.bits === (c.v === 4 ? 32 : 128);
        if (ip && whole && sameAddress(a.split('/')[0], q)) hits.push({ ...x, rank: 0, why: a });
        else if (ip && !whole && c.bits > 0 && contains(c, ip)) hits.push({ ...x, rank: 2, why: `${a} contains ${q}` });
        else if (block && contains(block, c)) {
          const same = c.bits === block.bits;
          hits.push({ ...x, rank: same ? 0 : 1, why: same ? a : `${a} in ${q}` });
        }
        else continue;
        break;
      }
    }
  }
  const lq = q.toLowerCase();
  for (const x of index) {
    if (hits.some((h) => h.target === x.target)) continue;
    let rank = Infinity;
    let why = '';
    for (const t of x.texts) {
      const r = t === lq ? 0 : t.startsWith(lq) ? 1 : t.includes(lq) ? 2 : Infinity;
      if (r < rank) [rank, why] = [r, t];
    }
    if (rank < Infinity) hits.push({ ...x, rank: rank + 0.5, why });
  }
  const kindOrder = (k) => (k === 'group' ? 0 : k === 'edge' ? 2 : 1);
  hits.sort((a, b) => a.rank - b.rank || kindOrder(a.kind) - kindOrder(b.kind) || a.name.localeCompare(b.name));
  return hits.slice(0, MAX_RESULTS);
}
