// The Focus list, searchable: big VPCs have hundreds of groups, and a
// <select> only jumps by first letter. A filter box beside it hides the
// options that do not match what is typed (name or id, any part, any
// case); Enter focuses the first match. The list itself is sorted by name
// on the server.

import { h } from './dom.js';

/** minOptions: below this many groups the plain list is enough. */
const minOptions = 8;

const select = document.querySelector('#view-controls select[name=focus]');
if (select && select.options.length > minOptions) {
  const filter = h('input', {
    type: 'search',
    id: 'focus-filter',
    placeholder: 'Filter groups',
    'aria-label': 'Filter the Focus list',
    autocomplete: 'off',
  });
  select.closest('label')?.after(filter);
  const matches = () => {
    const q = filter.value.trim().toLowerCase();
    let first = null;
    for (const o of select.options) {
      const hit = !q || o.value === '' || o.text.toLowerCase().includes(q) || o.value.toLowerCase().includes(q);
      o.hidden = !hit;
      if (hit && o.value !== '' && !first) first = o;
    }
    return first;
  };
  filter.addEventListener('input', matches);
  // The form navigates on every change; typing in the filter is not one.
  filter.addEventListener('change', (e) => e.stopPropagation());
  filter.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const first = matches();
    if (!first) return;
    select.value = first.value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
