package terraform

import (
	"cmp"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/infile"
)

// Options set how Terraform files are read.
type Options struct {
	// PlanSide is the side of a plan to draw: "after" (the planned values,
	// the default) or "before" (the state the plan starts from).
	PlanSide string
	// TFDir is the configuration folder of a plan: its .tf files give
	// each group and rule its file and line (plan JSON has no lines).
	TFDir string
	// AccountID and Region apply where the files do not say (no ARNs).
	AccountID string
	Region    string
	// TakenAt is the snapshot's time when a plan has no timestamp; zero
	// means the newest file's modification time (so the same files give
	// the same diagram), else now.
	TakenAt time.Time
}

// Read converts Terraform files (plan JSON, `terraform show -json` of
// state, raw state v4) into one snapshot; it is the format's entry point.
// Each file is converted on its own and the results merged. What cannot be
// drawn (a state of another version, resource types sgmap does not know,
// values unknown until apply that reference nothing in the plan) is named
// in warnings; only a file that is not Terraform JSON, or files of which
// nothing could be read at all, are errors.
func (o Options) Read(files []infile.File) (*sgmap.Snapshot, error) {
	side := cmp.Or(o.PlanSide, "after")
	if side != "after" && side != "before" {
		return nil, sgmap.Errorf(sgmap.EINVALID, "-plan-side must be before or after, not %q", clip(side))
	}
	var loc *locator
	if o.TFDir != "" {
		l, err := newLocator(o.TFDir)
		if err != nil {
			return nil, err
		}
		loc = l
	}
	parts := make([]*sgmap.Snapshot, 0, len(files))
	source, stamp, region := "", "", ""
	var newest time.Time // the newest file's time: a plan of Terraform < 1.4 has no timestamp
	var unreadable []string
	for _, f := range files {
		d, err := load(f.Name, f.Data, side)
		if err != nil {
			return nil, err
		}
		c := newConv(d, loc)
		part := c.convert()
		if len(d.resources) == 0 && len(d.warnings) > 0 {
			unreadable = append(unreadable, d.warnings...)
		}
		parts = append(parts, part)
		if source == "" || d.source == sgmap.SourceTerraformPlan {
			source = d.source
		}
		stamp = cmp.Or(stamp, d.timestamp)
		if st, err := os.Stat(f.Name); err == nil && o.TakenAt.IsZero() && st.ModTime().After(newest) {
			newest = st.ModTime().UTC().Truncate(time.Second)
		}
		region = cmp.Or(region, providerRegion(d))
	}
	if len(unreadable) == len(files) {
		return nil, sgmap.Errorf(sgmap.EINVALID, "%s", strings.Join(unreadable, "; "))
	}
	s := sgmap.Merge(parts...)
	if loc != nil && len(loc.warn) > 0 {
		s.Warnings = append(s.Warnings, sgmap.Warning{Service: "terraform", Code: "terraform",
			Message: strings.Join(clipList(loc.warn, 5), "; ")})
	}
	if o.TakenAt.IsZero() {
		o.TakenAt = newest
	}
	return o.finish(s, source, stamp, cmp.Or(region, o.Region))
}

// finish sets what the whole snapshot shares and checks it.
func (o Options) finish(s *sgmap.Snapshot, source, stamp, region string) (*sgmap.Snapshot, error) {
	s.SchemaVersion, s.Source = sgmap.SchemaVersion, source
	s.TakenAt = o.TakenAt
	if t, err := time.Parse(time.RFC3339, stamp); err == nil {
		s.TakenAt = t
	}
	if s.TakenAt.IsZero() {
		s.TakenAt = time.Now()
	}
	s.TakenAt = s.TakenAt.UTC()
	for i := range s.Groups {
		g := &s.Groups[i]
		g.AccountID, g.Region = cmp.Or(g.AccountID, o.AccountID), cmp.Or(g.Region, region)
		s.Accounts = appendNew(s.Accounts, g.AccountID)
		s.Regions = appendNew(s.Regions, g.Region)
	}
	for i := range s.Owners {
		ow := &s.Owners[i]
		ow.AccountID, ow.Region = cmp.Or(ow.AccountID, o.AccountID), cmp.Or(ow.Region, region)
		s.Accounts = appendNew(s.Accounts, ow.AccountID)
		s.Regions = appendNew(s.Regions, ow.Region)
	}
	for i := range s.VPCs {
		s.VPCs[i].AccountID, s.VPCs[i].Region = cmp.Or(s.VPCs[i].AccountID, o.AccountID), cmp.Or(s.VPCs[i].Region, region)
	}
	for _, l := range []*[]sgmap.NetworkInterface{&s.Interfaces} {
		if *l == nil {
			*l = []sgmap.NetworkInterface{}
		}
	}
	if s.Owners == nil {
		s.Owners = []sgmap.Owner{}
	}
	if s.Groups == nil {
		s.Groups = []sgmap.SecurityGroup{}
	}
	if s.VPCs == nil {
		s.VPCs = []sgmap.VPC{}
	}
	s.Normalize()
	s.Sanitize()
	s.Normalize()
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("terraform: %w", err)
	}
	return s, nil
}

// providerRegion is the region the configuration's aws provider sets as
// a constant, or "".
func providerRegion(d *doc) string {
	if d.config == nil {
		return ""
	}
	for _, k := range sortedKeys(d.config.ProviderConfigs) {
		pc := d.config.ProviderConfigs[k]
		if pc != nil && pc.Name == "aws" && pc.Alias == "" {
			if r := str(constant(pc.Expressions["region"])); r != "" {
				return r
			}
		}
	}
	return ""
}

func appendNew(list []string, v string) []string {
	if v == "" {
		return list
	}
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}
