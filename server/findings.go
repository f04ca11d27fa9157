package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"

	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/store"
)

// findings audits the snapshot once per content and caches the result.
func (s *Server) findings(ctx context.Context, ref *snapshotRef) ([]audit.Finding, error) {
	val, err := s.cache.get(ctx, "f\x00"+ref.Key, func(ctx context.Context) (any, int64, error) {
		var fs []audit.Finding
		if err := s.admit.do(ctx, func() error {
			fs = audit.Run(ref.Snap, audit.Options{})
			return nil
		}); err != nil {
			return nil, 0, err
		}
		return fs, int64(256 + 512*len(fs)), nil
	})
	if err != nil {
		return nil, err
	}
	return val.([]audit.Finding), nil
}

// findingCounts returns finding counts by VPC for a listed snapshot; nil
// (shown as unknown) if it cannot be loaded. Counts are cached by id and
// content hash, so listing pages do not load every snapshot again (the
// store keeps only a few parsed snapshots in memory).
func (s *Server) findingCounts(ctx context.Context, m store.Meta) map[string]severityCounts {
	val, err := s.cache.get(ctx, "c\x00"+m.ID+"\x00"+m.Hash, func(ctx context.Context) (any, int64, error) {
		ref, err := s.snapshot(m.ID)
		if err != nil {
			return nil, 0, err
		}
		fs, err := s.findings(ctx, ref)
		if err != nil {
			return nil, 0, err
		}
		out := map[string]severityCounts{}
		for _, v := range ref.Meta.VPCs {
			out[v.ID] = severityCounts{Known: true}
		}
		for _, f := range fs {
			c := out[f.VPCID]
			c.Known = true
			switch f.Severity {
			case audit.Error:
				c.Error++
			case audit.Warning:
				c.Warning++
			default:
				c.Info++
			}
			out[f.VPCID] = c
		}
		return out, int64(64 + 64*len(out)), nil
	})
	if err != nil {
		return nil
	}
	return val.(map[string]severityCounts)
}

// annotate attaches the audit's findings for vpc to g, exactly as `sgmap
// render -findings` does.
func (s *Server) annotate(ctx context.Context, g *graph.Graph, ref *snapshotRef, vpc string) error {
	fs, err := s.findings(ctx, ref)
	if err != nil {
		return err
	}
	g.Annotate(audit.Annotations(fs, vpc))
	return nil
}

// snapshotExports are the export links of the snapshot page.
func snapshotExports(base string) []crumb {
	return []crumb{
		{Text: "Findings (JSON)", URL: base + "/findings.json"},
		{Text: "Findings (SARIF)", URL: base + "/findings.sarif"},
		{Text: "Rule justification table (CSV)", URL: base + "/rules.csv"},
	}
}

// findingRow is one row of #findings: the finding, linked to the diagram
// focused on its group with its panel open.
func findingRow(f audit.Finding, base string) findingView {
	row := findingView{ID: f.ID, Severity: string(f.Severity), Subject: f.SubjectID,
		SubjectName: subjectName(f), Message: f.Message, VPC: f.VPCID}
	if f.VPCID != "" {
		q := url.Values{"findings": {"1"}}
		if f.GroupID != "" {
			q.Set("focus", f.GroupID)
		}
		row.URL = base + "/vpcs/" + url.PathEscape(f.VPCID) + "?" + q.Encode() + "#" + url.PathEscape(f.SubjectID)
	}
	return row
}

// subjectName names a finding's subject for people.
func subjectName(f audit.Finding) string {
	switch {
	case f.Subject == audit.SubjectGroup && f.GroupName != "":
		return f.GroupName + " (" + f.SubjectID + ")"
	case f.RuleID != "" && f.GroupName != "":
		return f.GroupName + " rule " + f.RuleID
	}
	return f.SubjectID
}

// handleFindingsJSON serves the findings as `sgmap lint -format json`.
func (s *Server) handleFindingsJSON(w http.ResponseWriter, r *http.Request) {
	s.serveFindings(w, r, "application/json", "", func(w io.Writer, ref *snapshotRef, fs []audit.Finding) error {
		return audit.WriteJSON(w, fs)
	})
}

// handleFindingsSARIF serves the findings as `sgmap lint -format sarif`.
func (s *Server) handleFindingsSARIF(w http.ResponseWriter, r *http.Request) {
	s.serveFindings(w, r, "application/sarif+json", "findings.sarif", func(w io.Writer, ref *snapshotRef, fs []audit.Finding) error {
		return audit.WriteSARIF(w, fs, s.cfg.Version)
	})
}

// handleRulesCSV serves the rule-justification table as `sgmap rules`.
func (s *Server) handleRulesCSV(w http.ResponseWriter, r *http.Request) {
	s.serveFindings(w, r, "text/csv; charset=utf-8", "rules.csv", func(w io.Writer, ref *snapshotRef, fs []audit.Finding) error {
		return audit.WriteCSV(w, audit.RuleTable(ref.Snap, fs))
	})
}

// serveFindings writes one findings export of the snapshot in the URL.
func (s *Server) serveFindings(w http.ResponseWriter, r *http.Request, ctype, download string,
	write func(io.Writer, *snapshotRef, []audit.Finding) error) {
	ref, err := s.snapshot(pathParam(r, "snap"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	fs, err := s.findings(r.Context(), ref)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := write(&buf, ref, fs); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	if download != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+ref.ID+"-"+download+`"`)
	}
	w.Write(buf.Bytes())
}
