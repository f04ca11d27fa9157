package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sgmap/sgmap"
)

// Attacker-controlled strings: AWS lets anyone with write access to an
// account put these in names, descriptions and tags, and uploads can hold
// anything. Each one would run script (setting window.__pwned or opening a
// dialog) if some layer treated it as markup, DOT or a URL.
var (
	hostileImg    = `<img src=x onerror=window.__pwned=1;alert(1)>`
	hostileScript = `<script>window.__pwned=1;alert(2)</script>`
	hostileDOT    = `"]; x -> y [label="pwn" URL="javascript:window.__pwned=1"]; z [`
	hostileClose  = `</script><script>window.__pwned=1</script><!--`
	hostileAttr   = `' onmouseover='window.__pwned=1' x='" onfocus="window.__pwned=1" autofocus x="`
	hostileURL    = `javascript:window.__pwned=1`
	hostileRTL    = "\u202Eevil\u202C مجموعة الأمان שלום"
	hostileEmoji  = "🔥💥🛡️👩‍💻"
	hostileLong   = strings.Repeat("LongName-", 1112) // 10,008 characters
	hostileMixed  = hostileImg + " " + hostileEmoji + " " + hostileRTL
	hostileTags   = map[string]string{
		hostileImg:    hostileScript,
		"Name":        hostileMixed,
		hostileURL:    hostileDOT,
		hostileEmoji:  hostileRTL,
		"{{.}}":       "${window.__pwned=1}",
		hostileAttr:   hostileClose,
		"sgmap:owner": hostileLong,
	}
)

const (
	hostileVPC   = "vpc-0bad0000000000001"
	hostileGroup = "sg-0bad0000000000001"
	longGroup    = "sg-0bad0000000000002"
)

// hostileSnapshot puts a hostile string in every free-text field.
func hostileSnapshot() *sgmap.Snapshot {
	const acct, region, subnet = "210987654321", "eu-west-1", "subnet-0bad0000000000001"
	rule := func(id string, dir sgmap.Direction, port int32, peer sgmap.Peer, desc string) sgmap.Rule {
		return sgmap.Rule{ID: id, Direction: dir, Protocol: "tcp", FromPort: port, ToPort: port, Peer: peer, Description: desc}
	}
	group := sgmap.Peer{Kind: sgmap.PeerGroup, Value: longGroup}
	world := sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "0.0.0.0/0"}
	return &sgmap.Snapshot{
		SchemaVersion: sgmap.SchemaVersion,
		TakenAt:       time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
		Accounts:      []string{acct},
		Regions:       []string{region},
		VPCs: []sgmap.VPC{{ID: hostileVPC, AccountID: acct, Region: region, Name: hostileScript,
			CIDRs: []string{"10.9.0.0/16"}, Tags: hostileTags}},
		Subnets: []sgmap.Subnet{{ID: subnet, VPCID: hostileVPC, Name: hostileAttr, CIDRs: []string{"10.9.1.0/24"}, Tags: hostileTags}},
		Groups: []sgmap.SecurityGroup{
			{ID: hostileGroup, Name: hostileMixed, Description: hostileDOT + " " + hostileClose, VPCID: hostileVPC,
				AccountID: acct, Region: region, Tags: hostileTags, Rules: []sgmap.Rule{
					rule("sgr-0bad0000000000001", sgmap.Ingress, 8443, group, hostileImg+" "+hostileScript),
					rule("sgr-0bad0000000000002", sgmap.Ingress, 22, world, hostileDOT),
					rule("sgr-0bad0000000000003", sgmap.Egress, 443, world, hostileAttr+" "+hostileURL),
				}},
			{ID: longGroup, Name: hostileLong, Description: hostileRTL + " " + hostileLong, VPCID: hostileVPC,
				AccountID: acct, Region: region, Tags: hostileTags, Rules: []sgmap.Rule{
					rule("sgr-0bad0000000000004", sgmap.Egress, 8443, sgmap.Peer{Kind: sgmap.PeerGroup, Value: hostileGroup}, hostileEmoji+" "+hostileLong),
				}},
		},
		Interfaces: []sgmap.NetworkInterface{
			{ID: "eni-0bad0000000000001", AccountID: acct, Region: region, VPCID: hostileVPC, SubnetID: subnet,
				Description: hostileImg, InterfaceType: "interface", Status: "in-use", PrivateIPs: []string{"10.9.1.10"},
				GroupIDs: []string{hostileGroup}, Tags: hostileTags, OwnerID: "i-0bad0000000000001"},
			{ID: "eni-0bad0000000000002", AccountID: acct, Region: region, VPCID: hostileVPC, SubnetID: subnet,
				Description: hostileClose, InterfaceType: "interface", Status: "in-use", PrivateIPs: []string{"10.9.1.20"},
				GroupIDs: []string{longGroup}, Tags: hostileTags, OwnerID: "i-0bad0000000000002"},
		},
		Owners: []sgmap.Owner{
			{ID: "i-0bad0000000000001", Kind: sgmap.OwnerInstance, Name: hostileScript + hostileEmoji, AccountID: acct,
				Region: region, VPCID: hostileVPC, Tags: hostileTags, InterfaceIDs: []string{"eni-0bad0000000000001"},
				Detail: map[string]string{"instance_type": hostileImg}},
			{ID: "i-0bad0000000000002", Kind: sgmap.OwnerInstance, Name: hostileLong, AccountID: acct,
				Region: region, VPCID: hostileVPC, Tags: hostileTags, InterfaceIDs: []string{"eni-0bad0000000000002"}},
		},
		Warnings: []sgmap.Warning{{Service: "ecs", Operation: "ListClusters", Code: hostileScript,
			Action: hostileImg, Message: hostileClose + " " + hostileRTL}},
	}
}

// notPwned fails t when any hostile string ran as script or markup.
func (tb *tab) notPwned(where string) {
	tb.t.Helper()
	if eval[bool](tb, `typeof window.__pwned !== 'undefined'`) {
		tb.t.Errorf("%s: window.__pwned is set: hostile text ran as script", where)
	}
	if n := eval[int](tb, `document.querySelectorAll('img, iframe, object, embed').length`); n != 0 {
		tb.t.Errorf("%s: %d img/iframe/object/embed elements: hostile text became markup", where, n)
	}
	if n := eval[int](tb, `[...document.scripts].filter((s) => s.type !== 'application/json' && s.textContent.includes('__pwned')).length`); n != 0 {
		tb.t.Errorf("%s: %d script elements carry hostile text", where, n)
	}
	if n := eval[int](tb, `[...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length`); n != 0 {
		tb.t.Errorf("%s: %d elements have on* attributes", where, n)
	}
	if n := eval[int](tb, `[...document.querySelectorAll('a[href], [*|href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') || a.getAttribute('xlink:href') || '')).length`); n != 0 {
		tb.t.Errorf("%s: %d javascript: links", where, n)
	}
}

// noHorizontalOverflow fails t when a long hostile string widens the page.
func (tb *tab) noHorizontalOverflow(where string) {
	tb.t.Helper()
	if w := eval[[]int](tb, `[document.documentElement.scrollWidth, innerWidth]`); w[0] > w[1]+1 {
		tb.t.Errorf("%s: page is %dpx wide in a %dpx window: long text does not wrap", where, w[0], w[1])
	}
}

func testHostile(t *testing.T, e *browserEnv) {
	id := e.upload(t, hostileSnapshot())
	tb := e.newTab(t)

	tb.open("/", "main#home")
	tb.notPwned("home")
	tb.noHorizontalOverflow("home")
	sel := `document.querySelector('section.snapshot[data-snapshot=` + jsString(id) + `]')`
	if !eval[bool](tb, `!!`+sel) {
		t.Fatalf("home does not list the uploaded snapshot %s", id)
	}
	if !eval[bool](tb, sel+`.textContent.includes(`+jsString(hostileScript)+`)`) {
		t.Errorf("home does not show the VPC name %q as text", hostileScript)
	}

	tb.open("/snapshots/"+id, "main#snapshot")
	tb.notPwned("snapshot page")
	tb.noHorizontalOverflow("snapshot page")
	if !eval[bool](tb, `document.getElementById('warnings').textContent.includes(`+jsString(hostileClose)+`)`) {
		t.Errorf("snapshot page does not show the warning %q as text", hostileClose)
	}
	tb.screenshot("hostile-snapshot", true)

	path := tb.diagramPath(id)
	tb.openDiagram(path)
	tb.notPwned("diagram page")
	if eval[bool](tb, `!!document.getElementById('render-error')`) {
		t.Fatalf("hostile diagram did not render: %s", eval[string](tb, `document.getElementById('render-error').textContent`))
	}
	if !eval[bool](tb, `document.querySelector('#canvas svg').textContent.includes('<img src=x')`) {
		t.Error("the diagram does not show the hostile group name as text")
	}

	// Click the hostile enclosure: the panel shows every hostile string as text.
	tb.clickElement(hostileGroup)
	tb.poll("hostile panel", `document.getElementById('panel').dataset.open === `+jsString(hostileGroup))
	panel := eval[string](tb, `document.getElementById('panel-body').textContent`)
	for _, want := range []string{hostileImg, hostileScript, hostileDOT, hostileClose, hostileAttr, hostileURL, hostileEmoji, "مجموعة الأمان"} {
		if !strings.Contains(panel, want) {
			t.Errorf("panel does not show %q as text", want)
		}
	}
	tb.notPwned("group panel")
	tb.screenshot("hostile-panel", false)

	// The long-named group's panel: 10,000 characters stay inside the panel.
	tb.do("close", chromedp.Click(chromedp.ID("panel-close")))
	tb.clickElement(longGroup)
	tb.poll("long panel", `document.getElementById('panel').dataset.open === `+jsString(longGroup))
	if !eval[bool](tb, `document.getElementById('panel-body').textContent.includes(`+jsString(hostileLong)+`)`) {
		t.Error("panel does not show the 10,000-character name in full")
	}
	tb.poll("panel animation to end", `document.getElementById('panel').getAnimations().length === 0`)
	if r := eval[[]float64](tb, `(() => { const p = document.getElementById('panel').getBoundingClientRect(); return [p.left, p.right, innerWidth, document.documentElement.scrollWidth]; })()`); r[1]-r[0] > r[2]*0.95 || r[1] > r[2]+1 || r[3] > r[2]+1 {
		t.Errorf("the long name widened the panel or page: panel %v-%v, window %v, page %v wide", r[0], r[1], r[2], r[3])
	}

	// Hover every element; the tooltip shows text.
	tb.do("close", chromedp.Click(chromedp.ID("panel-close")))
	for _, g := range eval[[]string](tb, `[...document.querySelectorAll('#canvas g.node, #canvas g.cluster, #canvas g.edge')].map((g) => g.id.slice(2))`) {
		x, y := tb.pointOnMaybe(g)
		if x < 0 {
			continue
		}
		tb.do("hover "+g, chromedp.MouseEvent(chromedp.MouseMoved, x, y))
	}
	tb.hoverElement(hostileGroup)
	tb.poll("tooltip", `!document.getElementById('tooltip').hidden`)
	if tip := eval[string](tb, `document.getElementById('tooltip').textContent`); !strings.Contains(tip, hostileImg) {
		t.Errorf("tooltip %q does not show the hostile name as text", tip)
	}
	tb.notPwned("hover")

	// Search for it: results are text too.
	tb.do("search", chromedp.Focus(chromedp.ID("search")), chromedp.KeyEvent("<img src"))
	tb.poll("search results", `[...document.querySelectorAll('#search-results li[data-target]')].some((li) => li.dataset.target === `+jsString(hostileGroup)+`)`)
	if !eval[bool](tb, `document.getElementById('search-results').textContent.includes(`+jsString(hostileImg)+`)`) {
		t.Error("search results do not show the hostile name as text")
	}
	if !eval[bool](tb, `[...document.querySelectorAll('#canvas g.highlight')].some((g) => g.id === 'd:' + `+jsString(hostileGroup)+`)`) {
		t.Error("search did not highlight the hostile group")
	}
	tb.clearSearch()
	tb.do("search emoji", chromedp.KeyEvent(hostileEmoji))
	tb.poll("emoji results", `document.querySelectorAll('#search-results li[data-target]').length > 0`)
	tb.notPwned("search")
}

// pointOnMaybe is pointOn that returns -1, -1 for elements it cannot hit.
func (tb *tab) pointOnMaybe(id string) (x, y float64) {
	tb.t.Helper()
	type point struct {
		X, Y float64
		OK   bool
	}
	p := eval[point](tb, `(() => {
  const el = [...document.querySelectorAll('#canvas svg g')].find((g) => g.id === 'd:' + `+jsString(id)+`);
  if (!el) return {OK: false};
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  return {X: x, Y: y, OK: x >= 0 && y >= 0 && x < innerWidth && y < innerHeight};
})()`)
	if !p.OK {
		return -1, -1
	}
	return p.X, p.Y
}
