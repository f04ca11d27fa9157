// Hover tooltips for diagram elements. Graphviz writes tooltips as
// <a xlink:title>, which browsers show as slow native tooltips on top of
// ours; the titles move to data-tip so only one tooltip shows.

import { h, clear } from './dom.js';
import { kindLabel, bundleOf, edgeLine } from './panel.js';

const MAX_LINES = 6;
const MAX_CHARS = 160;

function cut(s) {
  s = String(s ?? '');
  return s.length > MAX_CHARS ? s.slice(0, MAX_CHARS - 1) + '…' : s;
}

/** stripTitles moves Graphviz's xlink:title tooltips to data-tip on the enclosing element. */
export function stripTitles(svg) {
  const XLINK = 'http://www.w3.org/1999/xlink';
  for (const a of svg.querySelectorAll('a')) {
    const t = a.getAttributeNS(XLINK, 'title') || a.getAttribute('title');
    if (t == null) continue;
    const g = a.closest('g.node, g.edge, g.cluster');
    if (g && !g.dataset.tip) g.dataset.tip = t;
    a.removeAttributeNS(XLINK, 'title');
    a.removeAttribute('title');
  }
}

/** tipLines returns [title, ...lines] describing an element id from page data. */
export function tipLines(pd, id, el) {
  const g = pd.groups?.[id];
  if (g) {
    const n = (x) => (x || []).length;
    return [g.name || id, `${kindLabel('group')} · ${n(g.members)} members · ${n(g.ingress)} in / ${n(g.egress)} out rules`, g.description, id];
  }
  const node = pd.nodes?.[id];
  if (node) {
    const ips = node.ips || [];
    return [
      node.name || id,
      kindLabel(node.kind) + (node.count > 1 ? ` · ${node.count}` : ''),
      ips.slice(0, 3).join(', ') + (ips.length > 3 ? ` (+${ips.length - 3})` : ''),
    ];
  }
  const e = pd.edges?.[id];
  if (e?.details?.length && e.rules_total) {
    // An aggregated edge (the map): its merged services, then the flows behind it.
    const d = e.details;
    return [e.label || id, ...d.slice(0, MAX_LINES - 1), d.length > MAX_LINES - 1 ? `… ${d.length - (MAX_LINES - 1)} more` : null];
  }
  if (e) {
    const rules = e.rules || [];
    const lines = rules.slice(0, MAX_LINES - 2).map((r) => `${r.service} · ${r.description || 'no description'}`);
    if (rules.length > MAX_LINES - 2) lines.push(`… ${rules.length - (MAX_LINES - 2)} more`);
    return [e.label || id, ...lines];
  }
  const b = bundleOf(pd, id);
  if (b) {
    // A map line: all its services, then the connections it carries.
    const ge = Object.fromEntries((pd.graph?.edges || []).map((x) => [x.id, x]));
    const d = (b.edges || []).map((x) => edgeLine(pd, ge, x));
    return [b.services || b.label || id, ...d.slice(0, MAX_LINES - 1), d.length > MAX_LINES - 1 ? `… ${d.length - (MAX_LINES - 1)} more` : null];
  }
  const region = (pd.graph?.regions || []).find((r) => r.id === id);
  if (region) {
    const names = (region.groups || []).map((g) => pd.groups?.[g]?.name || g);
    return [region.label || id, `Inside ${names.length} group${names.length === 1 ? '' : 's'}: ${names.join(', ')}`];
  }
  const tip = el?.dataset.tip;
  return tip ? tip.split('\n').slice(0, MAX_LINES) : [];
}

/** Tooltip follows the pointer over diagram elements. */
export class Tooltip {
  constructor(box, pd) {
    this.box = box;
    this.pd = pd;
    this.el = null;
  }

  show(el, x, y) {
    if (el !== this.el) {
      const lines = tipLines(this.pd, el.dataset.ref || el.id, el).filter(Boolean);
      if (!lines.length) return this.hide();
      clear(this.box);
      this.box.append(h('strong', { dir: 'auto', text: cut(lines[0]) }), ...lines.slice(1).map((l) => h('span', { dir: 'auto', text: cut(l) })));
      this.el = el;
    }
    this.box.hidden = false;
    this.move(x, y);
  }

  move(x, y) {
    if (this.box.hidden) return;
    const pad = 14;
    const r = this.box.getBoundingClientRect();
    const left = x + pad + r.width > innerWidth ? x - pad - r.width : x + pad;
    const top = y + pad + r.height > innerHeight ? y - pad - r.height : y + pad;
    this.box.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, top)}px)`;
  }

  hide() {
    this.box.hidden = true;
    this.el = null;
  }
}
