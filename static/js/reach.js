// The panel's reachability queries: "who can reach this" and "what can this
// reach" for a node or group, with a port filter. Answers come from
// reach.json (docs/reach.md); each flow shows its path and the rules of
// every hop, and the matching nodes, groups and edges are highlighted in the
// diagram (class reach-hit; the rest fades while #canvas has class
// reaching). DOM is built with createElement/textContent only (dom.js).

import { h, clear } from './dom.js';

const MAX_SHOWN = 200;

/** reachSection returns the panel section for diagram element id. */
export function reachSection(pd, id, { onOpen } = {}) {
  const port = h('input', { type: 'text', class: 'reach-port', name: 'port', placeholder: 'all, 443/tcp, 53/udp, icmp', 'aria-label': 'Port filter', size: 14 });
  const out = h('div', { class: 'reach-results', 'aria-live': 'polite' });
  const ask = (dir) => query(pd, id, dir, port.value.trim(), out, onOpen);
  const to = h('button', { type: 'button', class: 'button reach-to', onclick: () => ask('to') }, 'Who can reach this');
  const from = h('button', { type: 'button', class: 'button reach-from', onclick: () => ask('from') }, 'What can this reach');
  port.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      ask('to');
    }
  });
  return h('section', { class: 'panel-section reach' }, h('h3', { text: 'Reachability' }), h('p', { class: 'reach-controls' }, to, ' ', from, ' ', port), out);
}

/** clearReach removes the diagram's reach highlighting. */
export function clearReach() {
  for (const e of document.querySelectorAll('#canvas .reach-hit')) e.classList.remove('reach-hit');
  document.getElementById('canvas')?.classList.remove('reaching');
}

async function query(pd, id, dir, port, out, onOpen) {
  clear(out);
  out.append(h('p', { class: 'note', text: 'Asking…' }));
  const q = new URLSearchParams({ [dir]: id });
  if (port) q.set('port', port);
  const base = location.pathname.replace(/\/+$/, '');
  let body;
  try {
    const res = await fetch(`${base}/reach.json?${q}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    body = await res.json();
    if (!res.ok) throw new Error(body?.error?.message || body?.message || `HTTP ${res.status}`);
  } catch (err) {
    clear(out);
    out.append(h('p', { class: 'note sev-error', text: `Could not ask: ${err.message}` }));
    return;
  }
  show(pd, body, dir, out, onOpen);
}

function show(pd, body, dir, out, onOpen) {
  clear(out);
  const flows = body.flows || [];
  const what = dir === 'to' ? 'can reach this' : 'this can reach';
  const more = body.truncated ? ` (and ${body.truncated} more not listed)` : '';
  out.append(h('p', { class: 'reach-summary', text: flows.length ? `${flows.length} flow${flows.length === 1 ? '' : 's'}: what ${what}${more}.` : `Nothing ${what} on that port.` }));
  const m = new Mapper(pd);
  highlight(flows.flatMap((f) => m.ids(f)));
  if (!flows.length) return;
  const list = h('ol', { class: 'reach-flows' });
  for (const f of flows.slice(0, MAX_SHOWN)) list.append(flowItem(f, m, onOpen));
  if (flows.length > MAX_SHOWN) list.append(h('li', { class: 'note', text: `… ${flows.length - MAX_SHOWN} more` }));
  out.append(list);
}

function flowItem(f, m, onOpen) {
  const end = (p) => {
    const target = m.node(p);
    return target && onOpen ? h('button', { type: 'button', class: 'link', dir: 'auto', onclick: () => onOpen(target) }, p.name || p.id) : h('bdi', { text: p.name || p.id });
  };
  const li = h(
    'li',
    { class: `reach-flow effective-${f.effective}`, tabindex: '0' },
    h('div', { class: 'flow', dir: 'auto' }, end(f.from), h('span', { class: 'arrow', text: ' → ' }), end(f.to), ' ', h('span', { class: 'service', text: f.service }), f.effective !== 'both' ? h('span', { class: 'sub', text: ` (${f.effective})` }) : null),
    h('ol', { class: 'reach-hops' }, (f.hops || []).map(hopItem)),
  );
  li.addEventListener('click', (e) => {
    if (e.target.closest('button')) return;
    highlight(m.ids(f));
  });
  return li;
}

function hopItem(hop) {
  const via = hop.via === 'target' ? `load balancer → target${hop.target_group ? ' (target group ' + hop.target_group + ')' : ''}` : 'rule';
  return h(
    'li',
    { class: 'reach-hop' },
    h('div', { dir: 'auto', text: `${hop.from.name} → ${hop.to.name}  ${hop.service}  · ${via}` }),
    (hop.allowed_by || []).length
      ? h(
          'ul',
          { class: 'reach-rules' },
          hop.allowed_by.map((r) =>
            h(
              'li',
              { class: r.description ? '' : 'missing' },
              h('span', { class: 'sub', text: r.direction === 'egress' ? 'outbound ' : 'inbound ' }),
              h('bdi', { text: r.group_name || r.group }),
              ' ',
              h('code', { text: r.id }),
              ': ',
              h('span', { dir: 'auto', text: r.description || 'no description' }),
            ),
          ),
        )
      : h('p', { class: 'sub', text: 'No rules of its own on either side (an end outside the snapshot’s groups).' }),
  );
}

function highlight(ids) {
  clearReach();
  const canvas = document.getElementById('canvas');
  if (!canvas) return;
  const want = new Set(ids);
  for (const g of canvas.querySelectorAll('g.node, g.edge, g.cluster')) {
    const ref = (g.dataset.ref || g.id).replace(/^cluster_/, '');
    if (want.has(ref)) g.classList.add('reach-hit');
  }
  canvas.classList.toggle('reaching', want.size > 0);
}

// Mapper finds the diagram elements a flow stands for: its ends' nodes (an
// owner may be drawn inside a collapsed node, a group is its enclosure) and
// the edges behind each hop (rule edges by their rules, target edges by
// their load balancer and target).
class Mapper {
  constructor(pd) {
    this.nodes = pd.graph?.nodes || [];
    this.edges = pd.graph?.edges || [];
    // On the map an edge is drawn as part of its line (graph JSON "bundles").
    this.bundle = Object.fromEntries((pd.graph?.bundles || []).flatMap((b) => (b.edges || []).map((e) => [e, b.id])));
    this.groups = new Set((pd.graph?.groups || []).map((g) => g.id));
    this.byId = new Set(this.nodes.map((n) => n.id));
  }

  node(p) {
    if (!p) return null;
    if (this.byId.has(p.id) || this.groups.has(p.id)) return p.id;
    for (const n of this.nodes) {
      if ((n.owners || []).includes(p.id) || n.id.startsWith(p.id + '#')) return n.id;
      if (n.kind === 'external-group' && (n.id === 'ext:' + p.id || n.id.endsWith('/' + p.id))) return n.id;
    }
    return null;
  }

  ids(f) {
    const out = [this.node(f.from), this.node(f.to)];
    for (const hop of f.hops || []) {
      out.push(this.node(hop.from), this.node(hop.to));
      const rules = new Set(hop.rules || []);
      for (const e of this.edges) {
        if (hop.via === 'target') {
          if (e.kind === 'target' && e.from === this.node(hop.from) && e.to === this.node(hop.to)) out.push(e.id, this.bundle[e.id]);
        } else if (e.kind === 'rule' && e.effective === 'both' && (e.rules || []).some((r) => rules.has(r))) {
          out.push(e.id, this.bundle[e.id]);
        }
      }
    }
    return out.filter(Boolean);
  }
}
