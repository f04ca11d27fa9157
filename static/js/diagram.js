// The diagram page: pan/zoom, click for details, hover tooltips, search,
// view controls (state lives in the URL), copy embed link, keyboard.
//
// The page's own parts are found by structure or by ids no diagram can
// carry: the inline SVG's ids are namespaced ("d:" + graph id, see
// server/inline.go), and the page data comes from its own URL, so a group
// whose id is "page-data" or "panel" breaks nothing.

import { h, clear } from './dom.js';
import { PanZoom } from './panzoom.js';
import { Panel } from './panel.js';
import { search } from './search.js';
import { Tooltip, stripTitles } from './tooltip.js';
import { appOf, appURL, awaitRender } from './levels.js';
import { wireSearch } from './searchui.js';
import './diagram-focus.js';

const ID_PREFIX = 'd:';
const page = document.querySelector('body > main');
const canvas = page?.querySelector(':scope > #viewport > #canvas');
const svg = canvas?.querySelector(':scope > svg') || null;
const pd = await loadPageData(page?.dataset.pageDataUrl);

/** loadPageData fetches the page data of the view (panel, tooltips, search within the view). */
async function loadPageData(url) {
  if (!url) return {};
  try {
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    if (r.ok) return await r.json();
    console.warn('sgmap: page data answered', r.status);
  } catch (err) {
    console.warn('sgmap: cannot load page data', err);
  }
  return {};
}

// Page controls are looked up outside the SVG, once: scanning a diagram of
// thousands of elements per event is slow.
const uiCache = new Map();
function ui(id) {
  if (!uiCache.has(id)) {
    let found = null;
    for (const e of document.querySelectorAll(`[id="${CSS.escape(id)}"]`)) {
      if (!svg || !svg.contains(e)) {
        found = e;
        break;
      }
    }
    uiCache.set(id, found);
  }
  return uiCache.get(id);
}

// Diagram elements by graph id (ids are AWS ids: ARNs, "region:…", anything).
// data-ref holds the graph id an element stands for: its own, or for the
// extra copies big diagrams draw of busy peers and groups (class
// "replica", id "<graph id>#<n>") the real one's.
const elements = new Map();
if (svg) {
  for (const g of svg.querySelectorAll('g.cluster[id], g.node[id], g.edge[id]')) {
    const id = g.id.startsWith(ID_PREFIX) ? g.id.slice(ID_PREFIX.length) : g.id;
    g.dataset.ref = g.classList.contains('replica') ? id.replace(/#\d+$/, '') : id;
    elements.set(id, g);
  }
  stripTitles(svg);
  // Edges are 1px lines: a wide transparent twin makes them clickable.
  for (const g of svg.querySelectorAll('g.edge')) {
    const path = g.querySelector('path');
    if (!path) continue;
    const hit = path.cloneNode(false);
    hit.setAttribute('class', 'hit');
    hit.removeAttribute('stroke-dasharray');
    path.before(hit);
  }
  svg.removeAttribute('tabindex');
  // Enclosures and nodes are reachable with Tab and open with Enter; edges
  // stay mouse-only so that big diagrams do not become endless tab stops.
  for (const [id, g] of elements) {
    if (g.classList.contains('edge') || !(pd.groups?.[id] || pd.nodes?.[id] || g.classList.contains('region'))) continue;
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', appOf(pd, id) ? 'link' : 'button');
    g.setAttribute('aria-label', pd.groups?.[id]?.name || pd.nodes?.[id]?.name || id);
  }
}

const graphGroups = Object.fromEntries((pd.graph?.groups || []).map((g) => [g.id, g]));
const graphRegions = Object.fromEntries((pd.graph?.regions || []).map((r) => [r.id, r]));

/** refOf is the graph id an SVG element stands for. */
function refOf(g) {
  return g.dataset.ref;
}

/** groupsOf returns the groups an enclosure element stands for: itself, or a region's groups. */
function groupsOf(id) {
  if (graphGroups[id] || pd.groups?.[id]) return [id];
  return graphRegions[id]?.groups || [];
}

// On the map an edge is drawn as part of its line (graph JSON "bundles").
const edgeBundle = Object.fromEntries((pd.graph?.bundles || []).flatMap((b) => (b.edges || []).map((e) => [e, b.id])));

/** extent returns the drawn elements for an id: a group split by partial overlaps is its regions, a map's edge its line. */
function extent(id) {
  const out = [];
  if (elements.has(id)) out.push(elements.get(id));
  if (edgeBundle[id] && elements.has(edgeBundle[id])) out.push(elements.get(edgeBundle[id]));
  for (const r of graphGroups[id]?.regions || []) if (elements.has(r)) out.push(elements.get(r));
  return out;
}

function mark(cls, ids) {
  for (const e of svg?.querySelectorAll('.' + cls) || []) e.classList.remove(cls);
  for (const id of ids) for (const e of extent(id)) e.classList.add(cls);
}

const pz = svg ? new PanZoom(ui('viewport'), svg) : null;

const panel = new Panel(pd, ui('panel'), ui('panel-body'), {
  onOpen: (id) => select(id, true),
  onClose: () => {
    mark('selected', []);
    history.replaceState(null, '', location.pathname + location.search);
  },
});

/** select opens the panel for id, marks it, and optionally centres it. */
function select(id, center) {
  const app = appOf(pd, id);
  if (app) {
    location.assign(appURL(pd, app));
    return true;
  }
  // A region inside one group only is that group's part: show the group.
  const only = graphRegions[id]?.groups?.length === 1 ? graphRegions[id].groups[0] : null;
  if (only && pd.groups?.[only]) id = only;
  if (!panel.open(id)) return false;
  mark('selected', [id]);
  const first = extent(id)[0];
  if (center && first && pz) pz.centerOn(first);
  const aside = ui('panel');
  if (first && pz && aside) pz.reveal(first, aside.getBoundingClientRect().width);
  history.replaceState(null, '', '#' + encodeURIComponent(id));
  return true;
}

ui('panel-close')?.addEventListener('click', () => panel.close());
ui('big-vpc-close')?.addEventListener('click', () => {
  ui('big-vpc').hidden = true;
});

// Click: the nearest Graphviz element under the pointer; clusters come last
// in the DOM order of nesting, so the innermost enclosure wins.
canvas?.addEventListener('click', (e) => {
  const g = e.target.closest?.('g.node, g.edge, g.cluster');
  if (g && svg.contains(g) && select(refOf(g), false)) return;
  if (!g) panel.close();
});

canvas?.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  const g = e.target.closest?.('g[tabindex]');
  if (!g || !svg?.contains(g)) return;
  e.preventDefault();
  select(refOf(g), false);
});

// Hover tooltips.
const tooltipBox = ui('tooltip');
if (tooltipBox && canvas) {
  const tip = new Tooltip(tooltipBox, pd);
  // Hovering an enclosure outlines every region of its group(s): a group
  // split by partial overlaps stays findable as one thing.
  let hovered = null;
  const hoverExtent = (g) => {
    if (g === hovered) return;
    hovered = g;
    mark('hover-extent', g && (g.classList.contains('cluster') || g.dataset.ref) ? groupsOf(refOf(g)) : []);
  };
  canvas.addEventListener('pointermove', (e) => {
    const g = e.target.closest?.('g.node, g.edge, g.cluster');
    if (g && svg?.contains(g) && !ui('viewport').classList.contains('dragging')) {
      tip.show(g, e.clientX, e.clientY);
      hoverExtent(g);
    } else {
      tip.hide();
      hoverExtent(null);
    }
  });
  canvas.addEventListener('pointerleave', () => {
    tip.hide();
    hoverExtent(null);
  });
}

// Search (searchui.js): the view's page data, then the whole VPC.
const input = ui('search');
const { index, clearSearch } = wireSearch({ pd, page, canvas, input, results: ui('search-results'), extent, mark, select, pz });

// View controls: every change navigates, so the URL always holds the view.
const form = ui('view-controls');
form?.addEventListener('change', () => {
  const q = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (v !== '') q.set(k, v);
  // The map is the whole VPC: an application or focus does not apply.
  if (q.get('view') === 'map') for (const k of ['app', 'focus']) q.delete(k);
  form.classList.add('loading');
  location.assign(location.pathname + (q.size ? '?' + q : ''));
});
const findingsBox = form?.querySelector('input[name=findings]');
canvas?.classList.toggle('findings-off', !!findingsBox && !findingsBox.checked);

// Zoom buttons.
ui('zoom-in')?.addEventListener('click', () => pz?.zoomAt(1.25));
ui('zoom-out')?.addEventListener('click', () => pz?.zoomAt(0.8));
ui('zoom-fit')?.addEventListener('click', () => pz?.fit());

// Copy embed link, with a selectable fallback where the clipboard is denied.
// Behind a token the link is signed by the server (the page never holds
// the key), for the lifetime chosen beside the button.
const copy = ui('copy-embed');
copy?.addEventListener('click', async () => {
  const status = copyStatus(copy);
  let url = copy.dataset.url || '';
  if (copy.dataset.signUrl) {
    try {
      url = await signEmbed(copy.dataset.signUrl, url, ui('embed-ttl')?.value || '720h');
    } catch (err) {
      status.textContent = 'Cannot sign the link: ' + err.message;
      return;
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    status.textContent = 'Link copied';
  } catch {
    clear(status);
    const field = h('input', { type: 'text', readonly: '', value: url, class: 'copy-fallback', 'aria-label': 'Embed link' });
    status.append('Copy this link: ', field);
    field.select();
  }
  clearTimeout(copy.timer);
  copy.timer = setTimeout(() => clear(status), 8000);
});

/** signEmbed asks the server for a signed, expiring link to url. */
async function signEmbed(signURL, url, ttl) {
  const r = await fetch(signURL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ url, ttl }),
  });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error?.message || `the server answered ${r.status}`);
  return body.url;
}

function copyStatus(button) {
  let s = button.parentElement.querySelector('.copy-status');
  if (!s) {
    s = h('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
    // After the lifetime select, when there is one, so it stays in place.
    (ui('embed-ttl')?.closest('label') || button).after(s);
  }
  return s;
}

// Keyboard: "/" search, Escape close, arrows pan, +/- zoom, 0/f fit.
document.addEventListener('keydown', (e) => {
  const typing = e.target.closest?.('input, select, textarea, [contenteditable]');
  if (e.key === 'Escape') {
    if (input?.value) clearSearch();
    panel.close();
    if (typing) e.target.blur();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  const step = 80;
  const keys = {
    '/': () => input?.focus(),
    '+': () => pz?.zoomAt(1.25),
    '=': () => pz?.zoomAt(1.25),
    '-': () => pz?.zoomAt(0.8),
    0: () => pz?.fit(),
    f: () => pz?.fit(),
    ArrowLeft: () => pz?.panBy(step, 0),
    ArrowRight: () => pz?.panBy(-step, 0),
    ArrowUp: () => pz?.panBy(0, step),
    ArrowDown: () => pz?.panBy(0, -step),
  };
  const f = keys[e.key];
  if (!f) return;
  e.preventDefault();
  f();
});

// A link like …?focus=sg-1&findings=1#sg-1 (or #sgr-…) opens what it names.
function openFragment() {
  if (location.hash.length < 2) return;
  let id = location.hash.slice(1);
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep the raw fragment
  }
  if (panel.current === id) return;
  if (!select(id, true)) {
    const hit = search(index, id)[0];
    if (hit) select(hit.target, true);
  }
}
openFragment();
addEventListener('hashchange', openFragment);

const progress = ui('render-progress');
if (progress && page?.dataset.statusUrl) awaitRender(page.dataset.statusUrl, progress);

page?.classList.add('ready');
performance.mark('sgmap-ready'); // docs/performance.md measures first paint to here
