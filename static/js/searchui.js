// Search on the diagram page: the view's own page data at once, then the
// whole VPC on the server (search.json), whose hits outside this view link
// to the level that draws them.

import { h, clear, debounce } from './dom.js';
import { buildIndex, search } from './search.js';
import { VPCSearch, samePage } from './vpcsearch.js';

/**
 * wireSearch connects the search box and its result list. extent(id) lists
 * the drawn elements of a graph id, mark(cls, ids) marks them, select(id,
 * center) opens one; pz pans to a hit. Returns the view's search index and
 * clearSearch.
 */
export function wireSearch({ pd, page, canvas, input, results, extent, mark, select, pz }) {
  const index = buildIndex(pd);
  const vpcSearch = new VPCSearch(page?.dataset.searchUrl);
  const canonical = new URL(page?.dataset.pageDataUrl || '', location.href).search;
  let elsewhere = [];

  function runSearch() {
    const q = input.value;
    const hits = search(index, q);
    clear(results);
    mark('highlight', hits.map((x) => x.target));
    canvas?.classList.toggle('searching', hits.length > 0);
    results.hidden = !q.trim();
    for (const x of hits) {
      const drawn = extent(x.target).length > 0;
      results.append(
        h(
          'li',
          { dataset: { target: x.target }, class: drawn ? '' : 'not-drawn', tabindex: '0', title: drawn ? null : 'Not drawn in this view' },
          h('span', { class: 'r-name', dir: 'auto', text: x.name }),
          h('span', { class: 'r-kind', text: x.kind }),
          x.why && x.why !== x.name.toLowerCase() ? h('span', { class: 'r-why', dir: 'auto', text: x.why }) : null,
        ),
      );
    }
    const first = hits.find((x) => extent(x.target).length);
    if (first && pz) pz.centerOn(extent(first.target)[0]);
    elsewhere = [];
    if (!q.trim()) return;
    const pending = h('li', { class: 'none searching-vpc', text: hits.length ? 'Searching the rest of the VPC…' : 'Searching the VPC…' });
    results.append(pending);
    searchVPC(q, hits, pending);
  }

  // searchVPC adds the server's hits that this view does not draw.
  const searchVPC = debounce(async (q, local, pending) => {
    const found = await vpcSearch.find(q);
    if (found === null || input.value !== q) return;
    pending.remove();
    const seen = new Set(local.map((x) => x.target));
    // What this view draws, its own page data already found: the server adds the rest.
    elsewhere = found.filter((x) => !seen.has(x.target) && !samePage(x.url, canonical));
    if (!local.length && !elsewhere.length) results.append(h('li', { class: 'none', text: 'No match in this VPC.' }));
    // Without an exact hit here (an IP only inside CIDR peers of the
    // map), the VPC's hits come first: Enter opens them too.
    const first = !local.some((x) => x.rank < 1);
    const items = [];
    for (const x of elsewhere) {
      items.push(
        h(
          'li',
          { class: 'elsewhere', tabindex: '0', dataset: { url: x.url } },
          h('span', { class: 'r-name', dir: 'auto', text: x.name }),
          h('span', { class: 'r-kind', text: x.kind }),
          h('span', { class: 'r-level', dir: 'auto', text: 'in ' + x.level }),
          x.why ? h('span', { class: 'r-why', dir: 'auto', text: x.why }) : null,
        ),
      );
    }
    if (first) results.prepend(...items);
    else results.append(...items);
  }, 150);

  /**
   * enter opens the best hit for q: an exact match drawn here, else the
   * first hit the server places at another level (an IP inside an
   * application, searched on the map), else the first drawn partial match.
   */
  async function enter(q) {
    const drawn = search(index, q).filter((x) => extent(x.target).length);
    if (drawn[0]?.rank < 1) return select(drawn[0].target, true);
    const found = (await vpcSearch.find(q)) || [];
    const far = found.find((x) => !samePage(x.url, canonical));
    if (far && input.value === q) location.assign(far.url);
    else if (drawn[0]) select(drawn[0].target, true);
  }

  /** go opens a search result: a drawn element here, or the level that draws it. */
  function go(li) {
    if (li?.dataset.target) return select(li.dataset.target, true);
    if (li?.dataset.url) location.assign(li.dataset.url);
  }

  function clearSearch() {
    input.value = '';
    runSearch();
  }

  if (input && results) {
    results.hidden = true;
    input.addEventListener('input', debounce(runSearch, 120));
    input.addEventListener('search', runSearch); // the clear (×) button of type=search
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        runSearch();
        enter(input.value);
      } else if (e.key === 'ArrowDown') {
        e.preventDefault();
        results.querySelector('li[data-target], li[data-url]')?.focus();
      }
    });
    const pick = (e) => go(e.target.closest('li[data-target], li[data-url]'));
    results.addEventListener('click', pick);
    // The list folds away when the user goes back to the diagram (the
    // highlights stay) and comes back with the focus.
    document.addEventListener('pointerdown', (e) => {
      if (!e.target.closest?.('#search, #search-results')) results.hidden = true;
    });
    input.addEventListener('focus', () => {
      results.hidden = !input.value.trim();
    });
    results.addEventListener('keydown', (e) => {
      const li = e.target.closest('li');
      if (e.key === 'Enter') pick(e);
      else if (e.key === 'ArrowDown') li?.nextElementSibling?.focus();
      else if (e.key === 'ArrowUp') (li?.previousElementSibling || input).focus();
      else return;
      e.preventDefault();
    });
  }

  return { index, clearSearch };
}
