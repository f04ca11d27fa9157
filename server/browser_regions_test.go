package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sgmap/sgmap"
)

// overlapSnapshot has two partially overlapping groups: web-1 only in
// "web", web-2 in "web" and "debug-access", bastion only in
// "debug-access". Graphviz clusters must nest, so the diagram draws one
// region per distinct group set.
func overlapSnapshot() *sgmap.Snapshot {
	const acct, region, vpc, subnet = "111122223333", "eu-west-1", "vpc-0overlap000000001", "subnet-0overlap00000001"
	eni := func(n, owner, ip string, groups ...string) sgmap.NetworkInterface {
		return sgmap.NetworkInterface{ID: "eni-0overlap0000000" + n, AccountID: acct, Region: region, VPCID: vpc,
			SubnetID: subnet, InterfaceType: "interface", Status: "in-use", PrivateIPs: []string{ip},
			GroupIDs: groups, OwnerID: owner}
	}
	owner := func(id, name, n string) sgmap.Owner {
		return sgmap.Owner{ID: id, Kind: sgmap.OwnerInstance, Name: name, AccountID: acct, Region: region,
			VPCID: vpc, InterfaceIDs: []string{"eni-0overlap0000000" + n}}
	}
	const web, debug = "sg-0overlap000000001", "sg-0overlap000000002"
	return &sgmap.Snapshot{
		SchemaVersion: sgmap.SchemaVersion,
		TakenAt:       time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC),
		Accounts:      []string{acct},
		Regions:       []string{region},
		VPCs:          []sgmap.VPC{{ID: vpc, AccountID: acct, Region: region, Name: "overlap", CIDRs: []string{"10.7.0.0/16"}}},
		Subnets:       []sgmap.Subnet{{ID: subnet, VPCID: vpc, Name: "private", CIDRs: []string{"10.7.1.0/24"}}},
		Groups: []sgmap.SecurityGroup{
			{ID: web, Name: "web", Description: "Web servers", VPCID: vpc, AccountID: acct, Region: region,
				Rules: []sgmap.Rule{{ID: "sgr-0overlap000000001", Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443,
					Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}, Description: "HTTPS from users"}}},
			{ID: debug, Name: "debug-access", Description: "Hosts reachable over SSH from the bastion", VPCID: vpc, AccountID: acct, Region: region,
				Rules: []sgmap.Rule{{ID: "sgr-0overlap000000002", Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 22, ToPort: 22,
					Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: debug}, Description: "SSH between debug hosts"}}},
		},
		Interfaces: []sgmap.NetworkInterface{
			eni("01", "i-0overlap000000001", "10.7.1.11", web),
			eni("02", "i-0overlap000000002", "10.7.1.12", web, debug),
			eni("03", "i-0overlap000000003", "10.7.1.13", debug),
		},
		Owners: []sgmap.Owner{
			owner("i-0overlap000000001", "web-1", "01"),
			owner("i-0overlap000000002", "web-2", "02"),
			owner("i-0overlap000000003", "bastion", "03"),
		},
	}
}

// upload posts snap to the API and returns its id.
func (e *browserEnv) upload(t *testing.T, snap *sgmap.Snapshot) string {
	t.Helper()
	body, err := json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.srv.Client().Post(e.srv.URL+"/api/snapshots", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("POST /api/snapshots: %v", err)
	}
	defer res.Body.Close()
	var out struct {
		ID string `json:"id"`
	}
	// 200: the same content was uploaded before (docs/http.md, "Snapshot series").
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusOK || out.ID == "" {
		t.Fatalf("POST /api/snapshots: %d, id %q, err %v", res.StatusCode, out.ID, err)
	}
	return out.ID
}

// testRegions checks partially overlapping groups, drawn as regions: a
// deep link opens a region's panel, hovering a region outlines every
// region of its groups, searching a group highlights all its regions.
func testRegions(t *testing.T, e *browserEnv) {
	id := e.upload(t, overlapSnapshot())
	tb := e.newTab(t)
	path := tb.diagramPath(id) + "?view=detail"
	tb.openDiagram(path)
	// Pick what the test needs in the page.
	type pick struct {
		Region    string
		Groups    []string
		Names     []string
		RegionsOf map[string][]string
	}
	p := eval[pick](tb, `(async () => {
  const pd = await (await fetch(document.querySelector('body > main').dataset.pageDataUrl)).json();
  const r = (pd.graph.regions || []).find((r) => r.groups.length === 2);
  if (!r) return {Region: '', Groups: [], Names: [], RegionsOf: {}};
  const of = Object.fromEntries(pd.graph.groups.filter((g) => r.groups.includes(g.id)).map((g) => [g.id, g.regions || []]));
  return {Region: r.id, Groups: r.groups, Names: r.groups.map((g) => pd.groups[g].name), RegionsOf: of};
})()`)
	region, groups, regionsOf := p.Region, p.Groups, p.RegionsOf
	if region == "" {
		t.Fatalf("%s has no region of two partially overlapping groups", path)
	}

	tb.openDiagram(path + "#" + url.PathEscape(region))
	tb.poll("region panel from the URL fragment", `document.getElementById('panel').dataset.open === `+jsString(region))
	text := eval[string](tb, `document.getElementById('panel-body').textContent`)
	for _, want := range append(p.Names, "web-2") {
		if !strings.Contains(text, want) {
			t.Errorf("region panel lacks %q: %.300s", want, text)
		}
	}
	tb.poll("panel animation to end", `document.getElementById('panel').getAnimations().length === 0`)
	tb.hoverElement(region)
	tb.screenshot("regions-hover", false)
	ext := eval[[]string](tb, `[...document.querySelectorAll('#canvas g.hover-extent')].map((g) => g.id.slice(2))`)
	for _, g := range groups {
		for _, r := range regionsOf[g] {
			if !contains(ext, r) {
				t.Errorf("hovering %s does not outline %s, a region of %s (outlined: %q)", region, r, g, ext)
			}
		}
	}

	// Searching one of the groups by name highlights every region it is split into.
	name := p.Names[1]
	tb.clearSearch()
	tb.do("search group", chromedp.KeyEvent(name))
	want := regionsOf[groups[1]]
	if len(want) == 0 {
		t.Fatalf("group %s (%s) lists no regions", groups[1], name)
	}
	tb.poll("regions highlighted", `(() => { const h = new Set([...document.querySelectorAll('#canvas g.highlight')].map((g) => g.id.slice(2)));
  return `+jsValue(want)+`.every((r) => h.has(r)); })()`)

	// A group link in the region panel opens the group.
	tb.do("escape", chromedp.KeyEvent(kb.Escape))
	tb.openDiagram(path + "#" + url.PathEscape(region))
	tb.poll("region panel", `document.getElementById('panel').dataset.open === `+jsString(region))
	tb.do("open group", chromedp.Click(chromedp.CSS(`#panel-body button.link`)))
	tb.poll("group panel", `(document.getElementById('panel').dataset.open || '').startsWith('sg-')`)
	if open := eval[string](tb, `document.getElementById('panel').dataset.open`); !contains(groups, open) {
		t.Errorf("the region panel's first link opened %q, want one of %q", open, groups)
	}
}
