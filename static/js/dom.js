// Small DOM helpers. Every string from a snapshot is attacker-controlled
// (names, descriptions and tags come straight from AWS accounts or uploads),
// so text only ever reaches the page through textContent or text nodes,
// never through innerHTML or HTML parsing.

/**
 * h creates an element. props: class, text, dataset, on<event> handlers,
 * anything else becomes an attribute (values are never parsed as markup).
 * Children may be nodes, strings (become text nodes), arrays, null or false.
 */
export function h(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = String(v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, String(v));
  }
  append(e, children);
  return e;
}

/** append adds children (nodes or strings, nested arrays allowed) to parent. */
export function append(parent, children) {
  for (const c of [children].flat(Infinity)) {
    if (c == null || c === false) continue;
    parent.append(c instanceof Node ? c : String(c));
  }
  return parent;
}

/** clear removes every child of e. */
export function clear(e) {
  while (e.firstChild) e.firstChild.remove();
}

/** byId finds an element by id; ids may hold any character (ARNs, "region:…"), so no CSS selectors. */
export function byId(id) {
  return id ? document.getElementById(id) : null;
}

/** debounce delays f until calls stop for ms milliseconds. */
export function debounce(f, ms) {
  let t = 0;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => f(...args), ms);
  };
}
