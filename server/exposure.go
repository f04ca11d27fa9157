package server

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/sgmap/sgmap/reach"
)

// exposureView is one row of the snapshot page's #exposure table: an owner
// the Internet reaches on one service (docs/reach.md, `sgmap exposure`).
type exposureView struct {
	VPC, Owner, Kind, Service, Via, Rules, URL string
}

// maxExposureRows bounds the table; the rest is counted.
const maxExposureRows = 500

// exposure lists what the Internet reaches in every VPC of ref, cached
// with the snapshot like its findings.
func (s *Server) exposure(ctx context.Context, ref *snapshotRef, base string) ([]exposureView, int, error) {
	val, err := s.cache.get(ctx, "exposure\x00"+ref.Key, func(ctx context.Context) (any, int64, error) {
		var all []reach.Exposure
		err := s.admit.do(ctx, func() error { // bounded like builds and renders
			eng := reach.New(s.index(ref))
			for _, vpc := range ref.Snap.VPCIDs() {
				xs, err := eng.Exposed(vpc)
				if err != nil {
					return err
				}
				all = append(all, xs...)
			}
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
		return all, int64(256 + 1024*len(all)), nil
	})
	if err != nil {
		return nil, 0, err
	}
	all := val.([]reach.Exposure)
	rows := make([]exposureView, 0, min(len(all), maxExposureRows))
	for _, x := range all[:min(len(all), maxExposureRows)] {
		row := exposureView{VPC: x.VPC, Owner: x.Owner.Name, Kind: x.Owner.Kind, Service: x.Service, Via: "direct",
			URL: base + "/vpcs/" + url.PathEscape(x.VPC) + "?view=detail#" + url.PathEscape(x.Owner.ID)}
		if x.Via != nil {
			row.Via = x.Via.Name + " (" + x.Entry + ")"
		}
		var rules []string
		for _, f := range x.Flows {
			for _, h := range f.Hops {
				rules = append(rules, h.Rules...)
			}
		}
		slices.Sort(rules)
		row.Rules = strings.Join(slices.Compact(rules), ", ")
		rows = append(rows, row)
	}
	return rows, len(all) - len(rows), nil
}
