// IPv4 and IPv6 addresses and CIDR blocks as BigInts, for search: an
// address matches exactly, a CIDR matches every address inside it.

function v4(s) {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || +p > 255) return null;
    n = (n << 8n) | BigInt(+p);
  }
  return n;
}

function v6(s) {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split('::').length > 2) return null;
  const [head, tail] = s.includes('::') ? s.split('::') : [s, null];
  const words = (x) => {
    if (!x) return [];
    const out = [];
    for (const [i, w] of x.split(':').entries()) {
      if (w.includes('.') && i === x.split(':').length - 1) {
        const n = v4(w); // an embedded IPv4 tail (::ffff:10.0.0.1)
        if (n == null) return null;
        out.push(Number(n >> 16n), Number(n & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(w)) out.push(parseInt(w, 16));
      else return null;
    }
    return out;
  };
  const a = words(head);
  const b = tail == null ? [] : words(tail);
  if (!a || !b) return null;
  const fill = tail == null ? 0 : 8 - a.length - b.length;
  if (fill < 0 || (tail == null && a.length !== 8) || (tail != null && fill < 1)) return null;
  let n = 0n;
  for (const w of [...a, ...Array(fill).fill(0), ...b]) n = (n << 16n) | BigInt(w);
  return n;
}

/** parseIP returns {v: 4|6, n: BigInt} for an address, or null. */
export function parseIP(s) {
  s = String(s).trim();
  if (s.includes(':')) {
    const n = v6(s);
    return n == null ? null : { v: 6, n };
  }
  const n = v4(s);
  return n == null ? null : { v: 4, n };
}

/** parseCIDR returns {v, n, bits} for "addr/len" (or a bare address, as /32 or /128), or null. */
export function parseCIDR(s) {
  s = String(s).trim();
  const slash = s.indexOf('/');
  const ip = parseIP(slash < 0 ? s : s.slice(0, slash));
  if (!ip) return null;
  const max = ip.v === 4 ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const b = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(b) || +b > max) return null;
    bits = +b;
  }
  return { v: ip.v, n: ip.n, bits };
}

function prefix(x, bits) {
  const max = x.v === 4 ? 32n : 128n;
  const shift = max - BigInt(bits);
  return x.n >> shift;
}

/** contains reports whether the CIDR block c holds the address or block x (both parsed). */
export function contains(c, x) {
  if (!c || !x || c.v !== x.v) return false;
  const xbits = x.bits ?? (x.v === 4 ? 32 : 128);
  return xbits >= c.bits && prefix(c, c.bits) === prefix(x, c.bits);
}

/** sameAddress reports whether two address strings name the same IP ("2001:db8::1" = "2001:0db8:0:0::1"). */
export function sameAddress(a, b) {
  const x = parseIP(a);
  const y = parseIP(b);
  return !!x && !!y && x.v === y.v && x.n === y.n;
}
