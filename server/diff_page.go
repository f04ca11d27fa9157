package server

import (
	"cmp"
	"net/http"
	"net/url"

	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/diff"
)

// diffPage is the data of diff.html: the summary, new findings, the change
// table and one visual diff per changed VPC.
type diffPage struct {
	Page
	From, To       diffSide
	Summary        string
	JSONURL        string
	Introduced     []diffFinding
	Resolved       []diffFinding
	VPCs           []diffVPC
	RuleChanges    int
	NothingChanged bool
}

// diffSide is one snapshot of the comparison.
type diffSide struct{ ID, URL, TakenAt string }

// diffVPC is one VPC's part of the change table.
type diffVPC struct {
	ID, Name, SVGURL, HistoryURL string
	Downloads                    []downloadLink // the diff drawing as PNG, PDF, draw.io
	Rules                        []diffRule
	Others                       []diffOther
}

// diffRule is one row of the rule-change table; Old is empty for an added
// rule, New for a removed one.
type diffRule struct {
	Change, Group, Old, New, OldDescription, Description string
}

// diffOther is a group, owner or membership change.
type diffOther struct{ Change, Text string }

// diffFinding is one introduced or resolved finding.
type diffFinding struct{ ID, Severity, VPC, Subject, Message string }

// handleDiff serves GET /snapshots/{a}/diff/{b} (the page) and
// /snapshots/{a}/diff/{b}.json.
func (s *Server) handleDiff(w http.ResponseWriter, r *http.Request) {
	other := pathParam(r, "other")
	if id, ok := splitJSON(other); ok {
		s.handleDiffJSON(w, r, id)
		return
	}
	a, b, err := s.diffSides(r, other)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.diffOf(r.Context(), a, b)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	from, to := pathParam(r, "snap"), other
	base := "/snapshots/" + url.PathEscape(from) + "/diff/" + url.PathEscape(to)
	data := diffPage{
		Page:    s.page(from+" → "+to, "", crumb{Text: to, URL: "/snapshots/" + url.PathEscape(to)}, crumb{Text: "changes since " + from}),
		From:    diffSide{ID: from, URL: "/snapshots/" + url.PathEscape(from), TakenAt: formatTime(a.Meta.TakenAt)},
		To:      diffSide{ID: to, URL: "/snapshots/" + url.PathEscape(to), TakenAt: formatTime(b.Meta.TakenAt)},
		Summary: d.Summary().String(), JSONURL: base + ".json", NothingChanged: d.Empty(),
		RuleChanges: d.Summary().Rules,
	}
	data.Introduced, data.Resolved = diffFindings(d.Introduced()), diffFindings(d.Resolved())
	names := map[string]string{}
	for _, m := range append(a.Meta.VPCs, b.Meta.VPCs...) {
		names[m.ID] = cmp.Or(names[m.ID], m.Name)
	}
	for _, v := range d.VPCs {
		if v.VPCID == "" || len(v.Groups)+len(v.Rules)+len(v.Members)+len(v.Owners) == 0 {
			continue // findings only: listed above
		}
		data.VPCs = append(data.VPCs, diffVPCOf(v, names[v.VPCID], base, to))
	}
	s.renderPage(w, r, http.StatusOK, "diff", data)
}

func diffVPCOf(v diff.VPCDiff, name, base, to string) diffVPC {
	out := diffVPC{ID: v.VPCID, Name: name,
		SVGURL:     base + "/vpcs/" + url.PathEscape(v.VPCID) + "/diagram.svg",
		HistoryURL: "/snapshots/" + url.PathEscape(to) + "/vpcs/" + url.PathEscape(v.VPCID) + "/history",
		Downloads:  diffDownloads(base+"/vpcs/"+url.PathEscape(v.VPCID), "diff-"+v.VPCID)}
	for _, rc := range v.Rules {
		row := diffRule{Change: rc.Change, Group: rc.GroupName, Old: diff.RuleText(rc.Old, rc.OldPeer), New: diff.RuleText(rc.New, rc.NewPeer)}
		if rc.Old != nil {
			row.OldDescription = rc.Old.Description
		}
		if rc.New != nil {
			row.Description = rc.New.Description
		}
		out.Rules = append(out.Rules, row)
	}
	for _, g := range v.Groups {
		text := "group " + g.Name + " (" + g.ID + ")"
		if g.Change == diff.Renamed {
			text = "group " + g.ID + ": " + g.OldName + " → " + g.Name
		}
		out.Others = append(out.Others, diffOther{Change: g.Change, Text: text})
	}
	for _, o := range v.Owners {
		out.Others = append(out.Others, diffOther{Change: o.Change, Text: string(o.Kind) + " " + o.Name + " (" + o.ID + ")"})
	}
	for _, m := range v.Members {
		out.Others = append(out.Others, diffOther{Change: m.Change, Text: m.OwnerName + " " + m.Change + " " + m.GroupName + " (" + m.GroupID + ")"})
	}
	return out
}

func diffFindings(fs []audit.Finding) []diffFinding {
	out := make([]diffFinding, 0, len(fs))
	for _, f := range fs {
		subject := f.SubjectID
		if f.GroupName != "" {
			subject = f.GroupName + " · " + f.SubjectID
		}
		out = append(out, diffFinding{ID: f.ID, Severity: string(f.Severity), VPC: f.VPCID, Subject: subject, Message: f.Message})
	}
	return out
}

// diffDownloads are the Download menu's entries a visual diff has
// (server/diff_export.go), for the diff drawing at base, files named
// fileBase.ext.
func diffDownloads(base, fileBase string) []downloadLink {
	var out []downloadLink
	for _, d := range downloads {
		switch d.File {
		case "diagram.png", "diagram.pdf", "diagram.drawio":
			out = append(out, downloadLink{download: d, URL: base + "/" + d.File, Name: fileBase + "." + d.Ext})
		}
	}
	return out
}
