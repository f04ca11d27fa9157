package graph

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// goldenCases are the diagrams whose DOT and graph JSON are committed in
// testdata/ and reviewed like code.
var goldenCases = []struct {
	name     string
	snapshot string
	opt      Options
}{
	{"article-overview", "article", Options{}},
	{"article-detail", "article", Options{View: Detail}},
	{"article-egress", "article", Options{Egress: true}},
	{"article-focus", "article", Options{Focus: "monitoring"}},
	{"antipattern-overview", "antipattern", Options{}},
	{"antipattern-detail", "antipattern", Options{View: Detail, Egress: true}},
	{"overlap-detail", "overlap", Options{View: Detail}},
}

func TestWriteDOT_Golden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			g := mustBuild(t, mustLoad(t, tc.snapshot), "", tc.opt)
			golden(t, tc.name+".dot", mustDOT(t, g))
			golden(t, tc.name+".json", mustJSON(t, g))
		})
	}
}

// allSnapshots are every testdata snapshot, for checks that hold for all.
var allSnapshots = []string{"article", "antipattern", "overlap", "selfref", "references", "groups", "protocols", "collapse", "hostile", "awscli"}

// eachGraph builds every VPC of every testdata snapshot in both views.
func eachGraph(t *testing.T, f func(t *testing.T, g *Graph)) {
	for _, name := range allSnapshots {
		s := mustLoad(t, name)
		for _, vpc := range s.VPCIDs() {
			for _, view := range []View{Overview, Detail} {
				t.Run(name+"/"+vpc+"/"+string(view), func(t *testing.T) {
					f(t, mustBuild(t, s, vpc, Options{View: view}))
				})
			}
		}
	}
}

func TestWriteDOT_Deterministic(t *testing.T) {
	for _, name := range allSnapshots {
		s := mustLoad(t, name)
		for _, vpc := range s.VPCIDs() {
			a := mustDOT(t, mustBuild(t, s, vpc, Options{View: Detail, Egress: true}))
			b := mustDOT(t, mustBuild(t, mustLoad(t, name), vpc, Options{View: Detail, Egress: true}))
			if !bytes.Equal(a, b) {
				t.Errorf("%s/%s: two builds give different DOT", name, vpc)
			}
		}
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{`plain`, `"plain"`},
		{`say "hi"`, `"say \"hi\""`},
		{`back\slash`, `"back\\slash"`},
		{`\N \G \L \l \n`, `"\\N \\G \\L \\l \\n"`},
		{`end\`, `"end\\"`},
		{"a\nb\r\tc\x00d\x1b", `"a b  c d "`},
		{`&amp; <b>`, `"&amp;amp; <b>"`},
		{"rtl \u202Eevil\u202C", `"rtl evil"`},
		{"bad utf8 \xff", "\"bad utf8 \uFFFD\""},
		{"emoji 🔥", `"emoji 🔥"`},
	}
	for _, tt := range tests {
		if got := quote(tt.in); got != tt.want {
			t.Errorf("quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	if got := label(strings.Repeat("x", 10000)); len([]rune(got)) != maxLabelRunes+2 || !strings.HasSuffix(got, `…"`) {
		t.Errorf("label of 10,000 chars = %d runes, want %d ending in an ellipsis", len([]rune(got)), maxLabelRunes+2)
	}
}

// token is one lexical token of DOT: 'i' identifier, 'q' quoted string,
// 'h' HTML string, 'a' the arrow, or a punctuation byte.
type token struct {
	kind byte
	text string
}

// tokenize splits DOT the way Graphviz's scanner does, enough to see its
// structure: a string that escaped badly shows up as extra tokens.
func tokenize(src string) ([]token, error) {
	var out []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"':
			j := i + 1
			for ; j < len(src) && src[j] != '"'; j++ {
				if src[j] == '\\' {
					j++
				}
			}
			if j >= len(src) {
				return out, errors.New("unterminated string")
			}
			out = append(out, token{'q', src[i : j+1]})
			i = j + 1
		case c == '<':
			depth, j := 0, i
			for ; j < len(src); j++ {
				if src[j] == '<' {
					depth++
				} else if src[j] == '>' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if j >= len(src) {
				return out, errors.New("unterminated HTML string")
			}
			out = append(out, token{'h', src[i : j+1]})
			i = j + 1
		case c == '-' && i+1 < len(src) && src[i+1] == '>':
			out = append(out, token{'a', "->"})
			i += 2
		case strings.IndexByte("{}[]=;,", c) >= 0:
			out = append(out, token{c, string(c)})
			i++
		case c == '_' || c == '.' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '.' || src[j] == '-' || src[j] >= '0' && src[j] <= '9' ||
				src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z') {
				j++
			}
			out = append(out, token{'i', src[i:j]})
			i = j
		default:
			return out, errors.New("unexpected byte " + string(c) + " at " + src[max(0, i-20):min(len(src), i+20)])
		}
	}
	return out, nil
}

// shape is a DOT file's structure: identifiers and punctuation kept,
// strings reduced to their kind.
func shape(t *testing.T, dot []byte) string {
	t.Helper()
	toks, err := tokenize(string(dot))
	if err != nil {
		t.Fatalf("tokenize: %v", err)
	}
	var sb strings.Builder
	for _, tk := range toks {
		if tk.kind == 'i' {
			sb.WriteString(tk.text)
		} else {
			sb.WriteByte(tk.kind)
		}
		sb.WriteByte(' ')
	}
	return sb.String()
}

// blandCopy replaces every display string of g (names, descriptions,
// labels, details) with "x", keeping IDs.
func blandCopy(g *Graph) *Graph {
	c := *g
	c.Groups = append([]Group(nil), g.Groups...)
	c.Nodes = append([]Node(nil), g.Nodes...)
	c.Edges = append([]Edge(nil), g.Edges...)
	c.Regions = append([]Region(nil), g.Regions...)
	for i := range c.Groups {
		c.Groups[i].Name, c.Groups[i].Description = "x", "x"
	}
	for i := range c.Nodes {
		c.Nodes[i].Name, c.Nodes[i].Detail = "x", "x"
	}
	for i := range c.Edges {
		c.Edges[i].Label = "x"
		c.Edges[i].Details = []string{"x"}
	}
	for i := range c.Regions {
		c.Regions[i].Label = "x"
	}
	c.Provenance.VPCName = "x"
	return &c
}

// TestWriteDOT_HostileStructure: the DOT of the hostile snapshot has the
// same token structure as the same graph with every AWS string replaced by
// "x", so no name, description or tag escaped its string.
func TestWriteDOT_HostileStructure(t *testing.T) {
	eachGraph(t, func(t *testing.T, g *Graph) {
		if got, want := shape(t, mustDOT(t, g)), shape(t, mustDOT(t, blandCopy(g))); got != want {
			t.Errorf("DOT structure depends on AWS strings")
		}
	})
	g := mustBuild(t, mustLoad(t, "hostile"), "", Options{})
	dot := string(mustDOT(t, g))
	for _, bad := range []string{"href", "URL=", "\x00", "\u202E"} {
		if strings.Contains(dot, bad) {
			t.Errorf("hostile DOT contains %q", bad)
		}
	}
	// Markup in names stays inside quoted strings: the legend is the only
	// HTML-like label, and it is fixed text.
	toks, err := tokenize(dot)
	if err != nil {
		t.Fatal(err)
	}
	var html []string
	for _, tk := range toks {
		if tk.kind == 'h' {
			html = append(html, tk.text)
		}
	}
	if len(html) != 1 || html[0] != legendLabel {
		t.Errorf("HTML-like labels other than the legend: %q", html)
	}
}

// TestWriteDOT_IDs: every group, region, node and edge has its id= in the
// DOT, and every cluster has an anchor.
func TestWriteDOT_IDs(t *testing.T) {
	eachGraph(t, func(t *testing.T, g *Graph) {
		toks, err := tokenize(string(mustDOT(t, g)))
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]int{}
		for i := 0; i+2 < len(toks); i++ {
			if toks[i].kind == 'i' && toks[i].text == "id" && toks[i+1].kind == '=' {
				ids[unquoteDOT(toks[i+2].text)]++
			}
		}
		var want []string
		for _, gr := range g.Groups {
			if len(gr.Regions) == 0 {
				want = append(want, gr.ID, "anchor:"+gr.ID)
			}
		}
		for _, r := range g.Regions {
			want = append(want, r.ID, "anchor:"+r.ID)
		}
		for _, n := range g.Nodes {
			want = append(want, n.ID)
		}
		for _, e := range g.Edges {
			want = append(want, e.ID)
		}
		for _, id := range append(want, "legend") {
			if ids[id] < 1 {
				t.Errorf("no id=%q in DOT", id)
			}
		}
	})
}

func unquoteDOT(s string) string {
	s = strings.TrimSuffix(strings.TrimPrefix(s, `"`), `"`)
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		sb.WriteByte(s[i])
	}
	return strings.ReplaceAll(sb.String(), "&amp;", "&")
}

// TestWriteDOT_NativeDot renders every testdata graph with the system's
// dot when there is one: no syntax errors, every edge in the SVG, every
// group's cluster present, and nothing that could run as script.
func TestWriteDOT_NativeDot(t *testing.T) {
	dotBin, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("dot not on PATH")
	}
	eachGraph(t, func(t *testing.T, g *Graph) {
		var out, errb bytes.Buffer
		cmd := exec.Command(dotBin, "-Tsvg")
		cmd.Stdin = bytes.NewReader(mustDOT(t, g))
		cmd.Stdout, cmd.Stderr = &out, &errb
		cmd.WaitDelay = 10 * time.Second
		if err := cmd.Run(); err != nil {
			t.Fatalf("dot: %v: %s", err, errb.String())
		}
		if strings.Contains(errb.String(), "syntax error") {
			t.Fatalf("dot: %s", errb.String())
		}
		ids, edges := svgFacts(t, out.Bytes())
		if edges != len(g.Edges) {
			t.Errorf("SVG has %d edges, graph %d", edges, len(g.Edges))
		}
		for _, gr := range g.Groups {
			if len(gr.Regions) == 0 && !ids[gr.ID] {
				t.Errorf("SVG has no element with id %q", gr.ID)
			}
		}
	})
}

// svgFacts parses an SVG, fails on anything scriptable, and returns its
// element IDs and the number of edge groups.
func svgFacts(t *testing.T, svg []byte) (map[string]bool, int) {
	t.Helper()
	ids := map[string]bool{}
	edges := 0
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch strings.ToLower(se.Name.Local) {
		case "script", "foreignobject", "iframe":
			t.Errorf("SVG has a <%s> element", se.Name.Local)
		}
		for _, a := range se.Attr {
			name := strings.ToLower(a.Name.Local)
			if strings.HasPrefix(name, "on") || (name == "href" && !strings.HasPrefix(a.Value, "#")) {
				t.Errorf("SVG has attribute %s=%q", a.Name.Local, a.Value)
			}
			if name == "id" {
				ids[a.Value] = true
			}
			if name == "class" && se.Name.Local == "g" && strings.HasPrefix(a.Value, "edge") {
				edges++
			}
		}
	}
	return ids, edges
}

func TestAnnotate(t *testing.T) {
	s := mustLoad(t, "article")
	g := mustBuild(t, s, "", Options{})
	g.Annotate([]Annotation{
		{Subject: "sg-0a1b2c3d4e5f60003", Finding: "unused-group", Severity: "info", Message: "group note"},
		// An ECS task ID lands on the collapsed service node.
		{Subject: "arn:aws:ecs:eu-west-1:123456789012:task/monitoring/0f1e2d3c4b5a69781", Finding: "groups-per-eni", Severity: "warning", Message: "task note"},
		// A rule ID lands on the edge it is behind.
		{Subject: "sgr-0c3d4e5f607180004", Finding: "missing-description", Severity: "error", Message: "rule <note>"},
		{Subject: "sg-elsewhere", Finding: "unused-group", Severity: "info", Message: "dropped"},
	})
	g.Annotate(nil)
	subjects := map[string]string{}
	for _, a := range g.Annotations {
		subjects[a.Subject] = a.Finding
	}
	want := map[string]string{
		"sg-0a1b2c3d4e5f60003": "unused-group",
		"ecs-service:arn:aws:ecs:eu-west-1:123456789012:service/monitoring/prometheus": "groups-per-eni",
		"edge:rule:internet->sg-0a1b2c3d4e5f60002:both":                                "missing-description",
	}
	if len(subjects) != len(want) || len(g.Annotations) != 3 {
		t.Fatalf("annotations = %+v", g.Annotations)
	}
	for k, v := range want {
		if subjects[k] != v {
			t.Errorf("annotation on %s = %q, want %q", k, subjects[k], v)
		}
	}
	dot := string(mustDOT(t, g))
	for _, s := range []string{
		`class="group finding finding-info" label="⚠ 1 monitoring"`,
		`class="node kind-ecs-service finding finding-warning"`,
		`class="edge-rule effective-both finding finding-error" label="⚠ 1 TCP 80, 443"`,
		`error missing-description: rule <note>`,
	} {
		if !strings.Contains(dot, s) {
			t.Errorf("annotated DOT lacks %q", s)
		}
	}
}

// TestAnnotate_OneSidedKeepsItsColour: a finding on a one-sided edge must
// not repaint it, or ingress-only and egress-only look alike again; the
// finding shows in the line's width and its label's colour.
func TestAnnotate_OneSidedKeepsItsColour(t *testing.T) {
	s := mustLoad(t, "article")
	g := mustBuild(t, s, "", Options{})
	var e *Edge
	for i := range g.Edges {
		if g.Edges[i].Kind == EdgeRule {
			e = &g.Edges[i]
			break
		}
	}
	if e == nil {
		t.Fatal("the article has no rule edge")
	}
	e.Effective = IngressOnly
	e.ID = strings.TrimSuffix(e.ID, ":both") + ":ingress-only"
	g.Annotate([]Annotation{{Subject: e.Rules[0], Finding: "missing-description", Severity: "error", Message: "note"}})
	var line string
	for _, l := range strings.Split(string(mustDOT(t, g)), "\n") {
		if strings.Contains(l, `id="`+e.ID+`"`) {
			line = l
		}
	}
	if !strings.Contains(line, `color="#8c6d1f"`) || !strings.Contains(line, "penwidth=2") {
		t.Errorf("annotated ingress-only edge lost its colour or its finding width:\n%s", line)
	}
	if c := severityColor("error"); strings.Contains(line, ` color=`+quote(c)) {
		t.Errorf("annotated ingress-only edge painted %s:\n%s", c, line)
	}
}
