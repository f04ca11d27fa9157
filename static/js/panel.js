// The side panel: details of a clicked enclosure, region, node or edge.
// Built with createElement/textContent only (see dom.js): every string here
// comes from the snapshot and may be hostile.

import { h, clear } from './dom.js';
import { reachSection, clearReach } from './reach.js';

const KIND_LABELS = {
  group: 'Security group',
  region: 'Overlap region',
  edge: 'Connection',
  bundle: 'Line between two boxes',
  instance: 'EC2 instance',
  'load-balancer': 'Load balancer',
  'ecs-task': 'ECS task',
  'ecs-service': 'ECS service',
  lambda: 'Lambda function',
  rds: 'RDS database',
  'vpc-endpoint': 'VPC endpoint',
  'nat-gateway': 'NAT gateway',
  eni: 'Network interface',
  internet: 'Internet',
  cidr: 'CIDR block',
  'prefix-list': 'Prefix list',
  'external-group': 'Group outside this VPC',
  'unknown-group': 'Missing group (dangling reference)',
};

const EFFECTIVE = {
  both: 'Effective: the destination allows it in and the source allows it out.',
  'ingress-only': 'Not effective: only the destination’s inbound rules allow it; the source’s outbound rules do not.',
  'egress-only': 'Not effective: only the source’s outbound rules allow it; the destination’s inbound rules do not.',
};

const bundleCache = new WeakMap();

/**
 * bundleOf returns the map line (graph JSON "bundles", docs/graph-json.md) with that id, or
 * null: one drawn line carrying every edge between two boxes.
 */
export function bundleOf(pd, id) {
  let idx = bundleCache.get(pd);
  if (!idx) {
    idx = new Map((pd.graph?.bundles || []).map((b) => [b.id, b]));
    bundleCache.set(pd, idx);
  }
  return idx.get(id) || null;
}

/** nameOf is the display name of a group or node id. */
export function nameOf(pd, id) {
  return pd.groups?.[id]?.name || pd.nodes?.[id]?.name || id;
}

/** edgeLine is "from → to: services (effective)" for an edge id, from the graph JSON. */
export function edgeLine(pd, ge, id) {
  const e = ge[id];
  if (!e) return id;
  return `${nameOf(pd, e.from)} → ${nameOf(pd, e.to)}: ${e.label}` + (e.kind === 'target' ? ' (targets)' : ` (${e.effective})`);
}

/** kindLabel is a human name for a group, node or edge kind. */
export function kindLabel(kind) {
  return KIND_LABELS[kind] || kind || 'Item';
}

/** Panel shows details in the #panel aside; open(elementId) picks the renderer. */
export class Panel {
  constructor(pd, aside, body, { onOpen, onClose } = {}) {
    this.pd = pd;
    this.aside = aside;
    this.body = body;
    this.onOpen = onOpen || (() => {});
    this.onClose = onClose || (() => {});
    this.current = null;
    this.graphEdges = Object.fromEntries((pd.graph?.edges || []).map((e) => [e.id, e]));
    this.graphNodes = Object.fromEntries((pd.graph?.nodes || []).map((n) => [n.id, n]));
    this.regions = Object.fromEntries((pd.graph?.regions || []).map((r) => [r.id, r]));
  }

  /** open renders the panel for an SVG element id; returns false when the id is unknown. */
  open(id) {
    const pd = this.pd;
    let content = null;
    if (pd.groups?.[id]) content = this.#group(id, pd.groups[id]);
    else if (this.regions[id]) content = this.#region(this.regions[id]);
    else if (pd.nodes?.[id]) content = this.#node(id, pd.nodes[id]);
    else if (pd.edges?.[id]) content = this.#edge(id, pd.edges[id]);
    else if (bundleOf(pd, id)) content = this.#bundle(bundleOf(pd, id));
    if (!content) return false;
    clearReach();
    clear(this.body);
    this.body.append(...content.filter(Boolean));
    this.aside.hidden = false;
    this.aside.dataset.open = id;
    this.body.scrollTop = 0;
    this.current = id;
    return true;
  }

  /** close hides the panel. */
  close() {
    if (this.aside.hidden) return;
    this.aside.hidden = true;
    clearReach();
    delete this.aside.dataset.open;
    this.current = null;
    this.onClose();
  }

  /** link is a button that opens another element's panel, or plain text when id is unknown. */
  #link(id, text) {
    const known = this.pd.groups?.[id] || this.pd.nodes?.[id] || this.pd.edges?.[id] || this.regions[id];
    if (!known) return h('bdi', { text: text || id });
    return h('button', { type: 'button', class: 'link', dir: 'auto', dataset: { open: id }, onclick: () => this.onOpen(id) }, text || id);
  }

  #head(kind, name, id) {
    return h(
      'header',
      { class: 'panel-head' },
      h('p', { class: 'panel-kind', text: kindLabel(kind) }),
      h('h2', { dir: 'auto', text: name || id }),
      id && id !== name ? h('code', { class: 'panel-id', text: id }) : null,
    );
  }

  #group(id, g) {
    const focus = new URLSearchParams({ view: this.pd.view || 'overview', focus: id });
    if (this.pd.egress) focus.set('egress', '1');
    if (this.pd.findings) focus.set('findings', '1');
    return [
      this.#head('group', g.name, id),
      g.missing ? h('p', { class: 'note sev-error', text: 'This group is referenced but not in the snapshot: it was deleted or is in another account.' }) : null,
      description(g.description),
      h('p', { class: 'panel-actions' }, h('a', { href: '?' + focus.toString(), class: 'button' }, 'Focus on this group')),
      facts([['Account', g.account_id]]),
      findings(g.findings),
      tags(g.tags),
      reachSection(this.pd, id, { onOpen: this.onOpen }),
      section(`Members (${(g.members || []).length})`, this.#members(g.members || [])),
      section(`Inbound rules (${(g.ingress || []).length})`, this.#rules(g.ingress || [], 'From')),
      section(`Outbound rules (${(g.egress || []).length})`, this.#rules(g.egress || [], 'To')),
    ];
  }

  #members(members) {
    if (!members.length) return h('p', { class: 'empty-note', text: 'No members: nothing is inside this enclosure.' });
    return h(
      'ul',
      { class: 'members' },
      members.map((m) =>
        h(
          'li',
          {},
          h('div', { class: 'member-head' }, this.#link(this.#nodeFor(m.id), m.name || m.id), h('span', { class: 'kind', text: kindLabel(m.kind) })),
          m.name && m.name !== m.id ? h('code', { class: 'member-id', text: m.id }) : null,
          (m.enis || []).map((e) =>
            h(
              'div',
              { class: 'eni' },
              h('code', { text: e.id }),
              ' ',
              [...(e.private_ips || []), ...(e.ipv6_addresses || [])].map((ip) => h('span', { class: 'ip', text: ip })),
              e.subnet_id ? h('span', { class: 'subnet', dir: 'auto', text: e.subnet_name ? `${e.subnet_name} (${e.subnet_id})` : e.subnet_id }) : null,
            ),
          ),
        ),
      ),
    );
  }

  // nodeFor maps an owner id to the diagram node drawing it (collapsed nodes list their owners).
  #nodeFor(ownerId) {
    if (this.pd.nodes?.[ownerId]) return ownerId;
    for (const [id, n] of Object.entries(this.pd.nodes || {})) if ((n.owners || []).includes(ownerId)) return id;
    return ownerId;
  }

  #rules(rules, peerHead) {
    if (!rules.length) return h('p', { class: 'empty-note', text: 'None.' });
    return h(
      'table',
      { class: 'rules' },
      h('thead', {}, h('tr', {}, ['Service', peerHead, 'Why (description, rule)'].map((t) => h('th', { text: t })))),
      h(
        'tbody',
        {},
        rules.map((r) =>
          h(
            'tr',
            {},
            h('td', { class: 'service', text: r.service }),
            h('td', { dir: 'auto' }, this.#link(r.peer, r.peer_name || r.peer), r.peer_name && r.peer_name !== r.peer ? h('code', { class: 'sub', text: r.peer }) : null),
            descCell(r.description, r.rule_id),
          ),
        ),
      ),
    );
  }

  #region(r) {
    const groups = r.groups || [];
    const members = Object.values(this.graphNodes).filter((n) => n.cluster === r.id);
    return [
      this.#head('region', r.label, r.id),
      h('p', { class: 'desc', text: 'Members here are inside all of these groups at once: the rules of every one apply. Open a group to see its rules.' }),
      section(
        `Groups (${groups.length})`,
        h(
          'ul',
          { class: 'plain' },
          groups.map((g) => h('li', {}, this.#link(g, this.pd.groups?.[g]?.name || g), this.pd.groups?.[g]?.description ? h('span', { class: 'sub', dir: 'auto', text: this.pd.groups[g].description }) : null)),
        ),
      ),
      members.length
        ? section(`Members (${members.length})`, h('ul', { class: 'plain' }, members.map((n) => h('li', {}, this.#link(n.id, n.name || n.id), h('span', { class: 'kind', text: ' · ' + kindLabel(n.kind) })))))
        : null,
    ];
  }

  #node(id, n) {
    const gn = this.graphNodes[id];
    const groupIds = gn?.groups || [];
    return [
      this.#head(n.kind, n.name, id),
      gn?.detail ? h('p', { class: 'desc', dir: 'auto', text: gn.detail }) : null,
      facts([
        ['Count', n.count > 1 ? String(n.count) : ''],
        ['Addresses', (n.ips || []).join(', ')],
      ]),
      groupIds.length
        ? section('Groups', h('ul', { class: 'plain' }, groupIds.map((g) => h('li', {}, this.#link(g, this.pd.groups?.[g]?.name || g)))))
        : (n.group_names || []).length
          ? section('Groups', h('ul', { class: 'plain' }, n.group_names.map((g) => h('li', { dir: 'auto', text: g }))))
          : null,
      (n.owners || []).length > 1 || ((n.owners || []).length === 1 && n.owners[0] !== id)
        ? section(`Stands for (${n.owners.length})`, h('ul', { class: 'plain owners' }, n.owners.map((o) => h('li', {}, h('code', { text: o })))))
        : (n.members || []).length
          ? section(`Stands for (${n.members.length})`, h('ul', { class: 'plain members' }, n.members.map((m) => h('li', {}, h('code', { text: m })))))
          : null,
      reachSection(this.pd, id, { onOpen: this.onOpen }),
      tags(n.tags),
    ];
  }

  // A map line: its services, then each edge it carries, which opens that edge's panel.
  #bundle(b) {
    const arrow = b.both ? ' ⇄ ' : ' → ';
    const edges = b.edges || [];
    return [
      this.#head('bundle', b.label, b.id),
      h('p', { class: 'flow', dir: 'auto' }, this.#link(b.from, nameOf(this.pd, b.from)), h('span', { class: 'arrow', text: arrow }), this.#link(b.to, nameOf(this.pd, b.to))),
      section('Services', h('p', { class: 'services', dir: 'auto', text: b.services || b.label })),
      b.risk === 'error' || b.risk === 'warning'
        ? h('p', { class: `risk finding-${b.risk}`, text: `A ${b.risk} finding about what it lets through: see each connection's rules, or the findings page.` })
        : null,
      section(
        `Connections (${edges.length})`,
        h('ul', { class: 'plain bundle-edges' }, edges.map((id) => h('li', {}, this.#link(id, edgeLine(this.pd, this.graphEdges, id))))),
      ),
    ];
  }

  #edge(id, e) {
    const ge = this.graphEdges[id];
    const name = (x) => this.pd.groups?.[x]?.name || this.pd.nodes?.[x]?.name || x;
    const rules = e.rules || [];
    return [
      this.#head('edge', e.label, id),
      ge ? h('p', { class: 'flow', dir: 'auto' }, this.#link(ge.from, name(ge.from)), h('span', { class: 'arrow', text: ' → ' }), this.#link(ge.to, name(ge.to))) : null,
      e.kind === 'target'
        ? h('p', { class: 'desc', text: 'Load balancer forwarding to its registered targets (from its target groups).' })
        : h('p', { class: `effective effective-${e.effective}`, text: EFFECTIVE[e.effective] || e.effective || '' }),
      rules.length
        ? section(
            e.rules_total ? `Rules (first ${rules.length} of ${e.rules_total}: the graph JSON lists all)` : `Rules (${rules.length})`,
            h(
              'table',
              { class: 'rules' },
              h('thead', {}, h('tr', {}, ['Rule of', 'Service', 'Peer', 'Why (description, rule)'].map((t) => h('th', { text: t })))),
              h(
                'tbody',
                {},
                rules.map((r) =>
                  h(
                    'tr',
                    {},
                    h(
                      'td',
                      { dir: 'auto' },
                      h('bdi', { text: r.group_name || r.group }),
                      h('span', { class: 'sub', text: r.direction === 'egress' ? 'outbound' : r.direction === 'ingress' ? 'inbound' : r.direction }),
                    ),
                    h('td', { class: 'service', text: r.service }),
                    h('td', { dir: 'auto', text: r.peer }),
                    descCell(r.description, r.rule_id),
                  ),
                ),
              ),
            ),
          )
        : null,
    ];
  }
}

function section(title, content) {
  return h('section', { class: 'panel-section' }, h('h3', { text: title }), content);
}

function description(text) {
  return text
    ? h('p', { class: 'desc', dir: 'auto', text })
    : h('p', { class: 'desc missing', text: 'No description: say what this group encloses.' });
}

// descCell shows a rule's justification, or says it has none, with its id below.
function descCell(text, ruleID) {
  return h(
    'td',
    { class: text ? 'desc-cell' : 'desc-cell missing' },
    h('span', { dir: 'auto', text: text || 'no description' }),
    ruleID ? h('code', { class: 'sub', text: ruleID }) : null,
  );
}

function facts(rows) {
  rows = rows.filter(([, v]) => v);
  if (!rows.length) return null;
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', { text: k }), h('dd', { dir: 'auto', text: v })]));
}

function tags(t) {
  const entries = Object.entries(t || {});
  if (!entries.length) return null;
  entries.sort(([a], [b]) => a.localeCompare(b));
  return section('Tags', h('dl', { class: 'facts tags' }, entries.map(([k, v]) => [h('dt', { dir: 'auto', text: k }), h('dd', { dir: 'auto', text: v })])));
}

function findings(list) {
  if (!list || !list.length) return null;
  return section(
    `Findings (${list.length})`,
    h(
      'ul',
      { class: 'findings' },
      list.map((f) => h('li', { class: `sev-${f.severity}` }, h('span', { class: 'badge', text: f.severity }), ' ', h('code', { text: f.finding }), ' ', h('span', { dir: 'auto', text: f.message }))),
    ),
  );
}
