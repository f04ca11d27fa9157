package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sgmap/sgmap"
)

// pageIDs are ids of the diagram page's own elements (and the old
// #page-data): a snapshot may name its groups after any of them.
var pageIDs = []string{"page-data", "diagram-page", "panel", "panel-body", "search", "search-results", "tooltip", "viewport", "canvas", "view-controls"}

// clobberSnapshot has one group per page id, each around one instance.
func clobberSnapshot() *sgmap.Snapshot {
	const acct, region, vpc, subnet = "210987654321", "eu-west-1", "vpc-0c10bbe000000001", "subnet-0c10bbe000000001"
	s := &sgmap.Snapshot{SchemaVersion: sgmap.SchemaVersion, TakenAt: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC),
		Accounts: []string{acct}, Regions: []string{region},
		VPCs:    []sgmap.VPC{{ID: vpc, AccountID: acct, Region: region, Name: "clobber", CIDRs: []string{"10.7.0.0/16"}}},
		Subnets: []sgmap.Subnet{{ID: subnet, VPCID: vpc, CIDRs: []string{"10.7.1.0/24"}}}}
	for i, id := range pageIDs {
		eni, inst := fmt.Sprintf("eni-0c10bbe%09d", i), fmt.Sprintf("i-0c10bbe%09d", i)
		s.Groups = append(s.Groups, sgmap.SecurityGroup{ID: id, Name: "group " + id, Description: "named after #" + id,
			VPCID: vpc, AccountID: acct, Region: region, Rules: []sgmap.Rule{{ID: fmt.Sprintf("sgr-0c10bbe%09d", i),
				Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 443, ToPort: 443,
				Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: pageIDs[(i+1)%len(pageIDs)]}, Description: "from the next one"}}})
		s.Interfaces = append(s.Interfaces, sgmap.NetworkInterface{ID: eni, AccountID: acct, Region: region, VPCID: vpc,
			SubnetID: subnet, InterfaceType: "interface", Status: "in-use", PrivateIPs: []string{fmt.Sprintf("10.7.1.%d", 10+i)},
			GroupIDs: []string{id}, OwnerID: inst})
		s.Owners = append(s.Owners, sgmap.Owner{ID: inst, Kind: sgmap.OwnerInstance, Name: "host-" + id, AccountID: acct,
			Region: region, VPCID: vpc, InterfaceIDs: []string{eni}})
	}
	return s
}

// testClobberIDs (issue 8 item 4): groups whose ids are the page's own
// element ids break neither the page data, the panel, search nor tooltips.
func testClobberIDs(t *testing.T, e *browserEnv) {
	id := e.upload(t, clobberSnapshot())
	tb := e.newTab(t)
	tb.openDiagram(tb.diagramPath(id))
	for _, pid := range pageIDs {
		if n := eval[int](tb, `document.querySelectorAll('[id=`+jsString(pid)+`]').length`); n > 1 {
			t.Errorf("%d elements have id %q: the diagram's group shadows the page's own", n, pid)
		}
		if !eval[bool](tb, `[...document.querySelectorAll('#canvas g.cluster')].some((g) => g.id === 'd:' + `+jsString(pid)+`)`) {
			t.Errorf("group %q is not drawn", pid)
		}
	}
	if n := len(tb.pageData().Groups); n != len(pageIDs) {
		t.Errorf("page data has %d groups, want %d", n, len(pageIDs))
	}
	for _, pid := range []string{"page-data", "panel", "search"} {
		tb.clickElement(pid)
		tb.poll("panel of "+pid, `document.querySelector('body > main > #panel').dataset.open === `+jsString(pid))
		if text := eval[string](tb, `document.querySelector('body > main > #panel').textContent`); !strings.Contains(text, "named after #"+pid) {
			t.Errorf("the panel of group %s shows %.200q", pid, text)
		}
		tb.do("close", chromedp.Click(chromedp.CSS(`body > main > #panel > #panel-close`)))
	}
	tb.hoverElement("tooltip")
	tb.poll("tooltip", `!document.querySelector('body > main > #tooltip').hidden`)
	if tip := eval[string](tb, `document.querySelector('body > main > #tooltip').textContent`); !strings.Contains(tip, "group tooltip") {
		t.Errorf("the tooltip over group tooltip says %q", tip)
	}
	tb.do("search", chromedp.Focus(chromedp.CSS(`body > main > .search > #search`)), chromedp.KeyEvent("page-data"))
	tb.poll("search hit", `[...document.querySelectorAll('#search-results li[data-target]')].some((li) => li.dataset.target === 'page-data')`)
}
