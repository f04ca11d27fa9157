package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/sgmap/sgmap"
)

// manyGroupsSnapshot has 12 groups whose ids run opposite to their names,
// one instance in each, so the Focus list has something to sort and filter.
func manyGroupsSnapshot() *sgmap.Snapshot {
	const acct, region, vpc, subnet = "123456789012", "eu-west-1", "vpc-0feed000000000001", "subnet-0feed000000000001"
	s := &sgmap.Snapshot{SchemaVersion: sgmap.SchemaVersion, TakenAt: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
		Accounts: []string{acct}, Regions: []string{region},
		VPCs:    []sgmap.VPC{{ID: vpc, AccountID: acct, Region: region, Name: "many", CIDRs: []string{"10.7.0.0/16"}}},
		Subnets: []sgmap.Subnet{{ID: subnet, VPCID: vpc, CIDRs: []string{"10.7.1.0/24"}}}}
	for i := range 12 {
		g := fmt.Sprintf("sg-0feed%012d", i)
		eni, inst := fmt.Sprintf("eni-0feed%012d", i), fmt.Sprintf("i-0feed%012d", i)
		s.Groups = append(s.Groups, sgmap.SecurityGroup{ID: g, Name: fmt.Sprintf("svc-%c", 'z'-i), Description: "service",
			VPCID: vpc, AccountID: acct, Region: region, Rules: []sgmap.Rule{}})
		s.Interfaces = append(s.Interfaces, sgmap.NetworkInterface{ID: eni, AccountID: acct, Region: region, VPCID: vpc,
			SubnetID: subnet, PrivateIPs: []string{fmt.Sprintf("10.7.1.%d", 10+i)}, GroupIDs: []string{g}, OwnerID: inst})
		s.Owners = append(s.Owners, sgmap.Owner{ID: inst, Kind: sgmap.OwnerInstance, Name: fmt.Sprintf("host-%d", i),
			AccountID: acct, Region: region, VPCID: vpc, InterfaceIDs: []string{eni}})
	}
	return s
}

// testReviewPolish: issue 9 item 18 in a real browser — the Focus list
// sorted and searchable, search results above the side panel, edge panel
// columns that do not wrap per character, dark mode, a phone-sized page.
func testReviewPolish(t *testing.T, e *browserEnv) {
	id := e.upload(t, manyGroupsSnapshot())
	tb := e.newTab(t)
	tb.openDiagram("/snapshots/" + id + "/vpcs/vpc-0feed000000000001")
	names := eval[[]string](tb, `[...document.querySelectorAll('select[name=focus] option')].slice(1).map(o => o.text)`)
	if len(names) != 12 || names[0] != "svc-o" || names[11] != "svc-z" {
		t.Errorf("Focus options = %v, want svc-o … svc-z in name order", names)
	}
	tb.do("type in the focus filter", chromedp.SendKeys(chromedp.CSS("#focus-filter"), "svc-q"))
	visible := eval[[]string](tb, `[...document.querySelectorAll('select[name=focus] option')].filter(o => !o.hidden && o.value).map(o => o.text)`)
	if len(visible) != 1 || visible[0] != "svc-q" {
		t.Errorf("after typing svc-q the Focus list shows %v", visible)
	}
	tb.do("press Enter", chromedp.KeyEvent("\r"))
	tb.waitFor("focused on svc-q", `location.search.includes('focus=sg-0feed000000000009')`)

	// Search results above an open panel.
	tb = e.newTab(t)
	tb.openDiagram(tb.diagramPath("demo-antipattern"))
	pd := tb.pageData()
	from, nlb := pd.nodeID(t, "game-nlb"), ""
	for _, ed := range pd.Graph.Edges {
		if ed.Kind == "rule" && ed.From == from {
			nlb = ed.ID
		}
	}
	if nlb == "" {
		t.Fatal("no rule edge from game-nlb in the antipattern diagram")
	}
	tb.clickElement(nlb)
	tb.poll("edge panel", `document.getElementById('panel').dataset.open === `+jsString(nlb))
	// The peer column (third) holds whole ids: never one character per line.
	if w := eval[[]float64](tb, `[...document.querySelectorAll('#panel table.rules tbody td:nth-child(3)')].map(td => td.getBoundingClientRect().width)`); len(w) == 0 || w[0] < 100 {
		t.Errorf("edge panel peer column widths %v px, want room for an id", w)
	}
	tb.screenshot("review-edge-panel", false)
	tb.do("search", chromedp.SendKeys(chromedp.ID("search"), "game"))
	tb.poll("results", `document.querySelectorAll('#search-results li').length > 0`)
	onTop := eval[bool](tb, `(() => { const ul = document.getElementById('search-results'), r = ul.getBoundingClientRect();
	  const p = document.getElementById('panel').getBoundingClientRect();
	  // Where the list meets the panel, else (a wider toolbar put it clear of the panel) its middle.
	  const x = p.left < r.right - 5 ? Math.max(r.left, p.left) + 5 : (r.left + r.right) / 2, y = r.top + 10;
	  return ul.contains(document.elementFromPoint(x, y)); })()`)
	if !onTop {
		t.Error("the search results are hidden under the side panel")
	}
	tb.screenshot("review-search-over-panel", false)

	// Dark mode follows the system.
	tb.do("dark", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
		return err
	}))
	if bg := eval[string](tb, `getComputedStyle(document.documentElement).backgroundColor`); bg != "rgb(13, 17, 23)" {
		t.Errorf("dark mode page background = %s, want the dark palette", bg)
	}
	tb.screenshot("review-dark", false)

	// A phone: nothing wider than the screen, the toolbar inside it.
	tb.do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait))
	tb.openDiagram(tb.diagramPath("demo-antipattern"))
	tb.noHorizontalOverflow("phone")
	if right := eval[float64](tb, `Math.max(...[...document.querySelectorAll('.toolbar > *, #view-controls > *')].map(e => e.getBoundingClientRect().right))`); right > 391 {
		t.Errorf("toolbar reaches %.0f px on a 390 px screen", right)
	}
	tb.screenshot("review-phone", false)
}
