package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// Report is lint -format json: the findings with what a reader needs to
// trust them — which tool version produced them, from which snapshot, and
// how many there are of each severity.
type Report struct {
	// Version is sgmap's version (sgmap version).
	Version string `json:"version"`
	// Snapshot is the ID of the snapshot audited.
	Snapshot string `json:"snapshot"`
	// Summary counts the findings by severity.
	Summary ReportSummary `json:"summary"`
	// Findings are [Run]'s findings, in its order.
	Findings []Finding `json:"findings"`
}

// ReportSummary counts findings by severity.
type ReportSummary struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
	Total   int `json:"total"`
}

// NewReport wraps fs in a [Report] with their counts.
func NewReport(version, snapshot string, fs []Finding) Report {
	if fs == nil {
		fs = []Finding{}
	}
	n := Count(fs)
	return Report{Version: version, Snapshot: snapshot, Findings: fs,
		Summary: ReportSummary{Error: n[Error], Warning: n[Warning], Info: n[Info], Total: len(fs)}}
}

// WriteReport writes r as indented JSON. It returns the first write error.
func WriteReport(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write findings report: %w", err)
	}
	return nil
}

// WriteJSONLines writes fs as JSON Lines: one [Finding] object per line,
// nothing for no findings, for tools that stream (jq -c, log shippers). It
// returns the first write error.
func WriteJSONLines(w io.Writer, fs []Finding) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for _, f := range fs {
		if err := enc.Encode(f); err != nil {
			return fmt.Errorf("write findings json lines: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write findings json lines: %w", err)
	}
	return nil
}
