// Pan and zoom by rewriting the inline SVG's viewBox. The viewBox always has
// the viewport's aspect ratio, so one number (k = screen pixels per SVG unit)
// maps screen to diagram coordinates, and Graphviz's own transform on the
// root <g> stays untouched.

const MIN_SCALE = 0.02;
const MAX_SCALE = 8;
// A small diagram fitted to a big screen looks like a toy: cap the fit zoom.
const MAX_FIT_SCALE = 1.6;
const DRAG_THRESHOLD = 4; // px before a press becomes a drag, not a click
const SETTLE_MS = 200; // pause after which a pan or zoom is redrawn sharp

/** PanZoom makes the SVG inside viewport pannable and zoomable. */
export class PanZoom {
  constructor(viewport, svg) {
    this.vp = viewport;
    this.svg = svg;
    this.full = this.#extent();
    // CSS sizes the SVG to the viewport; Graphviz's pt sizes would fight it.
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    this.x = this.full.x;
    this.y = this.full.y;
    this.k = 1;
    this.touched = false; // true once the user moved the view: then resizes keep it
    this.#listen();
    new ResizeObserver(() => (this.touched ? this.#apply(true) : this.fit())).observe(viewport);
    this.fit();
  }

  #extent() {
    const vb = this.svg.viewBox && this.svg.viewBox.baseVal;
    if (vb && vb.width > 0 && vb.height > 0) return { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    const b = this.svg.getBBox();
    return { x: b.x, y: b.y, w: Math.max(b.width, 1), h: Math.max(b.height, 1) };
  }

  #size() {
    return { w: Math.max(this.vp.clientWidth, 1), h: Math.max(this.vp.clientHeight, 1) };
  }

  // A step moves the drawn picture with a CSS transform (composited, no
  // repaint of thousands of elements); once the steps pause, the viewBox
  // takes the new view and the picture is drawn sharp again. data-view on
  // the viewport always holds the current view as a viewBox.
  #apply(now = false) {
    const { w, h } = this.#size();
    const vb = [this.x, this.y, w / this.k, h / this.k].map((n) => +n.toFixed(3));
    this.vp.dataset.scale = this.k.toFixed(3);
    this.vp.dataset.view = vb.join(' ');
    clearTimeout(this.timer);
    if (now || !this.drawn) return this.#commit(vb);
    const s = this.k / this.drawn.k;
    const tx = (this.drawn.x - this.x) * this.k;
    const ty = (this.drawn.y - this.y) * this.k;
    this.svg.style.transform = `translate(${tx.toFixed(2)}px, ${ty.toFixed(2)}px) scale(${s.toFixed(5)})`;
    this.timer = setTimeout(() => this.#commit(vb), SETTLE_MS);
  }

  #commit(vb) {
    this.svg.setAttribute('viewBox', vb.join(' '));
    this.svg.style.transform = '';
    this.drawn = { x: this.x, y: this.y, k: this.k };
  }

  /** fit shows the whole diagram, centred. */
  fit() {
    const { w, h } = this.#size();
    const f = this.full;
    this.k = Math.min(w / f.w, h / f.h, MAX_FIT_SCALE) * 0.96;
    this.x = f.x + f.w / 2 - w / (2 * this.k);
    this.y = f.y + f.h / 2 - h / (2 * this.k);
    this.#apply(true);
  }

  /** zoomAt scales by factor keeping the point (px, py) of the viewport still; default the centre. */
  zoomAt(factor, px, py) {
    const { w, h } = this.#size();
    px ??= w / 2;
    py ??= h / 2;
    const k = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.k * factor));
    this.x += px / this.k - px / k;
    this.y += py / this.k - py / k;
    this.k = k;
    this.touched = true;
    this.#apply();
  }

  /** panBy moves the diagram by (dx, dy) screen pixels. */
  panBy(dx, dy) {
    this.x -= dx / this.k;
    this.y -= dy / this.k;
    this.touched = true;
    this.#apply();
  }

  /** centerOn moves el to the middle of the viewport, zooming in if it would be unreadably small. */
  centerOn(el) {
    const r = el.getBoundingClientRect();
    const v = this.vp.getBoundingClientRect();
    const { w, h } = this.#size();
    const cx = this.x + (r.left + r.width / 2 - v.left) / this.k;
    const cy = this.y + (r.top + r.height / 2 - v.top) / this.k;
    if (this.k < 0.8) this.k = Math.min(1, MAX_SCALE);
    this.x = cx - w / (2 * this.k);
    this.y = cy - h / (2 * this.k);
    this.touched = true;
    this.#apply();
  }

  /** reveal pans el out from under an overlay covering the viewport's right `inset` pixels. */
  reveal(el, inset) {
    const r = el.getBoundingClientRect();
    const v = this.vp.getBoundingClientRect();
    const edge = v.right - inset - 24;
    if (r.right <= edge) return;
    // Move left by the overlap, but never push the element's left side off screen.
    const dx = Math.min(r.right - edge, Math.max(0, r.left - v.left - 24));
    if (dx > 0) this.panBy(-dx, 0);
  }

  #listen() {
    this.vp.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const v = this.vp.getBoundingClientRect();
        // Trackpads send many small deltas, mice few large ones: scale smoothly.
        const factor = Math.exp(-Math.max(-100, Math.min(100, e.deltaY)) / 300);
        this.zoomAt(factor, e.clientX - v.left, e.clientY - v.top);
      },
      { passive: false },
    );
    this.vp.addEventListener('dblclick', (e) => {
      const v = this.vp.getBoundingClientRect();
      this.zoomAt(e.shiftKey ? 1 / 1.6 : 1.6, e.clientX - v.left, e.clientY - v.top);
    });
    let start = null;
    let dragEnded = -Infinity;
    // The click that ends a drag must not open the panel.
    this.vp.addEventListener(
      'click',
      (c) => {
        if (performance.now() - dragEnded < 200) c.stopPropagation();
      },
      { capture: true },
    );
    this.vp.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      start = { x: e.clientX, y: e.clientY, lx: e.clientX, ly: e.clientY, id: e.pointerId, drag: false };
    });
    this.vp.addEventListener('pointermove', (e) => {
      if (!start || e.pointerId !== start.id) return;
      if (!start.drag && Math.hypot(e.clientX - start.x, e.clientY - start.y) < DRAG_THRESHOLD) return;
      if (!start.drag) {
        // Capture only once it is a drag, so a plain click still reaches the SVG element under it.
        start.drag = true;
        this.vp.setPointerCapture(e.pointerId);
        this.vp.classList.add('dragging');
      }
      this.panBy(e.clientX - start.lx, e.clientY - start.ly);
      start.lx = e.clientX;
      start.ly = e.clientY;
    });
    const end = (e) => {
      if (!start || e.pointerId !== start.id) return;
      if (start.drag) {
        this.vp.classList.remove('dragging');
        dragEnded = performance.now();
      }
      start = null;
    };
    this.vp.addEventListener('pointerup', end);
    this.vp.addEventListener('pointercancel', end);
  }
}
