// Snapshot page: filter the findings table by severity. The table and its
// links work without JS; this only hides rows.

import { h } from './dom.js';

const table = document.getElementById('findings');
const rows = table ? [...table.querySelectorAll('tr.finding')] : [];

if (rows.length) {
  const counts = {};
  for (const r of rows) counts[r.dataset.severity] = (counts[r.dataset.severity] || 0) + 1;
  const severities = ['error', 'warning', 'info'].filter((s) => counts[s]);
  let active = '';
  const bar = h('div', { class: 'filters', role: 'group', 'aria-label': 'Filter findings by severity' });
  const buttons = ['', ...severities].map((s) =>
    h(
      'button',
      { type: 'button', class: s ? `filter sev-${s}` : 'filter', 'aria-pressed': s === active ? 'true' : 'false', dataset: { severity: s } },
      s ? `${s} (${counts[s]})` : `all (${rows.length})`,
    ),
  );
  bar.append(...buttons);
  bar.addEventListener('click', (e) => {
    const b = e.target.closest('button.filter');
    if (!b) return;
    active = b.dataset.severity;
    for (const x of buttons) x.setAttribute('aria-pressed', x === b ? 'true' : 'false');
    for (const r of rows) r.hidden = !!active && r.dataset.severity !== active;
  });
  table.before(bar);
}

// Zero counts fade so the non-zero ones stand out (as on the home page).
for (const s of document.querySelectorAll('.findings-summary > span')) {
  if (s.textContent.trim() === '0') s.classList.add('zero');
}
