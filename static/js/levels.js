// Levels of a VPC's diagram: the map's application boxes open their
// application, and a diagram still being drawn shows progress and replaces
// itself with the diagram when the server has it.

import { h } from './dom.js';

/** appURL is the overview of application `name`, keeping the page's egress and findings choices. */
export function appURL(pd, name) {
  const q = new URLSearchParams({ view: 'overview', app: name });
  if (pd.egress) q.set('egress', '1');
  // findings=0 too: absent, the server turns findings on where the VPC has some.
  q.set('findings', pd.findings ? '1' : '0');
  return location.pathname + '?' + q.toString();
}

/** appOf returns the application an element id stands for (a node of kind "app"), or null. */
export function appOf(pd, id) {
  const node = pd.nodes?.[id];
  if (node?.kind !== 'app') return null;
  const app = (pd.graph?.apps || []).find((a) => a.id === id);
  return app?.name || node.name || null;
}

/**
 * awaitRender polls the render status URL (each request waits on the
 * server) and reloads the page when the diagram is ready, or when the
 * render failed: the reloaded page then says why and what to open instead.
 */
export async function awaitRender(statusURL, progress) {
  const started = performance.now();
  const elapsed = progress.querySelector('#render-elapsed');
  const bar = progress.querySelector('.progress-bar');
  const tick = () => {
    const s = Math.round((performance.now() - started) / 1000);
    if (elapsed) elapsed.textContent = s < 2 ? '' : `Drawing for ${s} s…`;
  };
  const timer = setInterval(tick, 1000);
  bar?.classList.add('running');
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await fetch(statusURL, { headers: { Accept: 'application/json' } });
      const body = r.ok ? await r.json() : null;
      if (!r.ok || body?.ready) break;
    } catch {
      // The server restarted or the network blinked: try again shortly.
      await new Promise((res) => setTimeout(res, Math.min(500 * 2 ** attempt, 5000)));
    }
  }
  clearInterval(timer);
  progress.replaceChildren(h('p', { class: 'progress-title', text: 'Ready: showing the diagram…' }));
  location.reload();
}
