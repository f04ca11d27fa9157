// Search beyond the current view: the server searches the whole VPC
// (search.json) and says which level draws each hit, so a hit the map does
// not draw (an IP inside an application) links to the level that does.

/** VPCSearch queries search.json for one VPC, keeping only the latest answer. */
export class VPCSearch {
  constructor(url) {
    this.url = url;
    this.seq = 0;
  }

  /** find resolves to the hits for q, or null when a newer query superseded it or the request failed. */
  async find(q) {
    const seq = ++this.seq;
    if (!this.url || !q.trim()) return [];
    try {
      const u = new URL(this.url, location.href); // the view's query: hits it draws stay here
      u.searchParams.set('q', q.trim());
      const r = await fetch(u, { headers: { Accept: 'application/json' } });
      if (!r.ok) return null;
      const body = await r.json();
      return seq === this.seq ? body.hits || [] : null;
    } catch {
      return null;
    }
  }
}

/** samePage reports whether url shows the same view as the page (path and canonical query `search`), apart from its fragment. */
export function samePage(url, search) {
  const u = new URL(url, location.href);
  const norm = (s) => [...new URLSearchParams(s)].sort(([a], [b]) => a.localeCompare(b)).map((p) => p.join('=')).join('&');
  return u.pathname === location.pathname && norm(u.search) === norm(search);
}
