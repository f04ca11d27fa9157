package sgmap

import (
	"crypto/hmac"
	"crypto/sha256"
	"net/netip"
	"strings"
)

// privateBlocks are the ranges whose addresses stay inside their own block
// when redacted, so a redacted private CIDR still reads as private: RFC 1918
// for IPv4 and the unique-local fc00::/7 for IPv6.
var privateBlocks = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("fc00::/7"),
}

// ip redacts an address or CIDR, reporting false when s is neither. The
// mapping is prefix-preserving (Crypto-PAn style): bit i of the output is bit
// i of the input XOR a keyed function of the input's first i bits, so two
// CIDRs that nest still nest, prefix lengths are kept, 0.0.0.0/0 and ::/0 are
// unchanged, and a private address keeps the bits of its block.
func (r *redactor) ip(s string) (string, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return "", false
		}
		a := r.panAddr(p.Addr(), p.Bits())
		return netip.PrefixFrom(a, p.Bits()).String(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return "", false
	}
	return r.panAddr(a, a.BitLen()).String(), true
}

// panAddr rewrites the first n bits of a, leaving the bits of its private
// block alone.
func (r *redactor) panAddr(a netip.Addr, n int) netip.Addr {
	keep := 0
	for _, b := range privateBlocks {
		if b.Contains(a) && n >= b.Bits() {
			keep = b.Bits()
		}
	}
	in := a.AsSlice()
	out := append([]byte(nil), in...)
	m := hmac.New(sha256.New, r.key)
	for i := keep; i < n; i++ {
		m.Reset()
		m.Write([]byte{'i', 'p', byte(len(in)), byte(i)})
		m.Write(prefixBits(in, i))
		if m.Sum(nil)[0]&1 == 1 {
			out[i/8] ^= 0x80 >> (i % 8)
		}
	}
	b, _ := netip.AddrFromSlice(out)
	return b
}

// prefixBits returns the first i bits of b, the rest zeroed.
func prefixBits(b []byte, i int) []byte {
	out := make([]byte, (i+7)/8)
	copy(out, b)
	if i%8 != 0 {
		out[len(out)-1] &= 0xff << (8 - i%8)
	}
	return out
}
