package reach

import (
	"slices"

	"github.com/sgmap/sgmap"
)

// Subtract returns what of svc none of parts admits. TCP and UDP port
// ranges are cut exactly ("All TCP" minus TCP 443 is TCP 0-442 and
// 444-65535); any other service (All traffic, ICMP, a protocol number)
// that parts do not cover whole is returned as it is, since its rest
// cannot be written as ports.
func Subtract(svc sgmap.Service, parts []sgmap.Service) []sgmap.Service {
	return SubtractTo(nil, svc, parts)
}

// SubtractTo is [Subtract] appending to dst (a reused buffer).
func SubtractTo(dst []sgmap.Service, svc sgmap.Service, parts []sgmap.Service) []sgmap.Service {
	for _, p := range parts {
		if p.Covers(svc) {
			return dst
		}
	}
	if svc.Protocol != sgmap.ProtoTCP && svc.Protocol != sgmap.ProtoUDP {
		return append(dst, svc)
	}
	if len(parts) == 0 {
		return append(dst, svc)
	}
	type span struct{ lo, hi int32 }
	rest := []span{{max(svc.FromPort, 0), portCeil(svc.ToPort)}}
	var cuts []span
	for _, p := range parts {
		if x, ok := svc.Intersect(p); ok {
			cuts = append(cuts, span{max(x.FromPort, 0), portCeil(x.ToPort)})
		}
	}
	slices.SortFunc(cuts, func(a, b span) int { return int(a.lo - b.lo) })
	for _, c := range cuts {
		var next []span
		for _, r := range rest {
			if c.hi < r.lo || c.lo > r.hi {
				next = append(next, r)
				continue
			}
			if r.lo < c.lo {
				next = append(next, span{r.lo, c.lo - 1})
			}
			if c.hi < r.hi {
				next = append(next, span{c.hi + 1, r.hi})
			}
		}
		rest = next
	}
	for _, r := range rest {
		dst = append(dst, sgmap.Service{Protocol: svc.Protocol, FromPort: r.lo, ToPort: r.hi})
	}
	return dst
}

func portCeil(p int32) int32 {
	if p < 0 {
		return 65535
	}
	return p
}
