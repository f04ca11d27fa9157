package server

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
)

var (
	findingRowRE   = regexp.MustCompile(`<tr class="finding" data-finding="([^"]+)" data-severity="([^"]+)" data-subject="[^"]*" data-vpc="([^"]*)"`)
	findingGroupRE = regexp.MustCompile(`<tr class="finding-group" data-finding="([^"]+)" data-vpc="([^"]*)" data-count="(\d+)"`)
	matchedRE      = regexp.MustCompile(`data-total="(\d+)" data-matched="(\d+)"`)
)

// TestFindingsPage_LargeIsPaged checks the findings page of demo-large
// against the audit itself: pages of at most findingsPerPage rows, groups
// whose counts add up to what the filter matches, filters that narrow.
func TestFindingsPage_LargeIsPaged(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	snap, _ := demo.Get("large")
	fs := audit.Run(snap, audit.Options{})
	if len(fs) < 1000 {
		t.Fatalf("demo-large has %d findings: the test needs thousands", len(fs))
	}
	warnings, byID := 0, map[string]int{}
	for _, f := range fs {
		if f.Severity == audit.Warning {
			warnings++
		}
		byID[f.ID+" "+f.VPCID]++
	}
	for _, tt := range []struct {
		query string
		want  int
	}{
		{"", len(fs)},
		{"?severity=warning", warnings},
		{"?severity=warning&page=3", warnings},
	} {
		w := do(t, s, "GET", "/snapshots/demo-large/findings"+tt.query, nil)
		body := w.Body.String()
		if w.Code != 200 {
			t.Fatalf("GET findings%s = %d", tt.query, w.Code)
		}
		m := matchedRE.FindStringSubmatch(body)
		if m == nil || m[1] != strconv.Itoa(len(fs)) || m[2] != strconv.Itoa(tt.want) {
			t.Errorf("findings%s: total/matched = %v, want %d/%d", tt.query, m, len(fs), tt.want)
		}
		rows := findingRowRE.FindAllStringSubmatch(body, -1)
		if len(rows) == 0 || len(rows) > findingsPerPage {
			t.Errorf("findings%s lists %d rows, want 1..%d", tt.query, len(rows), findingsPerPage)
		}
		sum := 0
		for _, g := range findingGroupRE.FindAllStringSubmatch(body, -1) {
			n, _ := strconv.Atoi(g[3])
			sum += n
			if tt.query == "" && byID[g[1]+" "+g[2]] != n {
				t.Errorf("group %s in %s counts %d, the audit has %d", g[1], g[2], n, byID[g[1]+" "+g[2]])
			}
		}
		if sum != tt.want {
			t.Errorf("findings%s: group counts add up to %d, want %d", tt.query, sum, tt.want)
		}
		for _, r := range rows {
			if strings.Contains(tt.query, "severity=warning") && r[2] != "warning" {
				t.Errorf("findings%s lists a %s row", tt.query, r[2])
			}
		}
		if len(body) > 400<<10 {
			t.Errorf("findings%s page is %d bytes: it ships too much", tt.query, len(body))
		}
	}
	// id, vpc and text filters narrow to exactly what the audit has.
	f := fs[len(fs)/2]
	w := do(t, s, "GET", "/snapshots/demo-large/findings?id="+f.ID+"&vpc="+f.VPCID, nil)
	if m := matchedRE.FindStringSubmatch(w.Body.String()); m == nil || m[2] != strconv.Itoa(byID[f.ID+" "+f.VPCID]) {
		t.Errorf("id=%s&vpc=%s matched %v, want %d", f.ID, f.VPCID, m, byID[f.ID+" "+f.VPCID])
	}
	w = do(t, s, "GET", "/snapshots/demo-large/findings?q="+url.QueryEscape(f.SubjectID), nil)
	if !strings.Contains(w.Body.String(), `data-subject="`+f.SubjectID+`"`) {
		t.Errorf("q=%s does not list the finding about it", f.SubjectID)
	}
	for _, bad := range []string{"?severity=fatal", "?page=0", "?page=x"} {
		if w := do(t, s, "GET", "/snapshots/demo-large/findings"+bad, nil); w.Code != 400 {
			t.Errorf("findings%s = %d, want 400", bad, w.Code)
		}
	}
	// A page past the end shows the last page, not an empty one.
	if rows := findingRowRE.FindAllString(do(t, s, "GET", "/snapshots/demo-large/findings?page=100000", nil).Body.String(), -1); len(rows) == 0 {
		t.Error("a page past the end lists nothing")
	}
}

// TestDiagramPage_AppFocusOptions checks that an application's overview
// offers a focus on its own groups only, and links back up to the map.
func TestDiagramPage_AppFocusOptions(t *testing.T) {
	s := mustServer(t, Config{Demos: true})
	snap, _ := demo.Get("large")
	vpc := snap.VPCIDs()[0]
	apps, err := graph.Applications(snap, vpc, "")
	if err != nil {
		t.Fatal(err)
	}
	a := apps[0]
	for _, x := range apps {
		if !x.Shared && len(x.Groups) > 1 {
			a = x
			break
		}
	}
	base := "/snapshots/demo-large/vpcs/" + vpc
	w := do(t, s, "GET", base+"?view=overview&app="+url.QueryEscape(a.Name), nil)
	page := w.Body.String()
	if w.Code != 200 {
		t.Fatalf("app overview = %d", w.Code)
	}
	opts := regexp.MustCompile(`<option value="(sg-[^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(opts) != len(a.Groups) {
		t.Errorf("the focus select of application %s offers %d groups, want its %d", a.Name, len(opts), len(a.Groups))
	}
	if !strings.Contains(page, `<li><a href="`+base+`">`) {
		t.Errorf("application %s's breadcrumbs do not link back to the VPC's map", a.Name)
	}
}
