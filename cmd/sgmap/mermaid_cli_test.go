package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// mermaidCLI is the npm package that renders Mermaid as GitHub does
// (mermaid in a headless browser), pinned so every run draws with the same
// mermaid (docs/exports.md).
const mermaidCLI = "@mermaid-js/mermaid-cli@11.17.0"

// needTool finds a program the Mermaid render test needs: missing, it
// fails under CI=true and skips otherwise, with the install command.
func needTool(t *testing.T, install string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	msg := names[0] + " is missing: install it with " + install + " (scripts/install-test-deps.sh does)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// mermaidCLIDir installs mermaidCLI once into a cache folder (its
// node_modules kept across runs) and returns the folder. The browser is
// the system's Chromium: PUPPETEER_SKIP_DOWNLOAD keeps npm from fetching one.
func mermaidCLIDir(t *testing.T, npm string) string {
	t.Helper()
	cache := os.Getenv("SGMAP_TEST_CACHE")
	if cache == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			t.Fatal(err)
		}
		cache = filepath.Join(c, "sgmap-test")
	}
	dir := filepath.Join(cache, strings.NewReplacer("@", "", "/", "-").Replace(mermaidCLI))
	bin := filepath.Join(dir, "node_modules", ".bin", "mmdc")
	if _, err := os.Stat(bin); err == nil {
		return dir
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(cache, "install-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command(npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", tmp, mermaidCLI)
	cmd.Env = append(os.Environ(), "PUPPETEER_SKIP_DOWNLOAD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		msg := "npm install " + mermaidCLI + ": " + err.Error() + "\n" + string(out)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg + "\n(offline? the test needs the npm registry once)")
	}
	// A concurrent run may have installed it first: either copy will do.
	if err := os.Rename(tmp, dir); err != nil && !errors.Is(err, os.ErrExist) {
		if _, statErr := os.Stat(bin); statErr != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestMermaid_RendersWithMermaidCLI draws `render -format mermaid` of the
// demos, the overlap and hostile snapshots and two large-demo maps (lines
// bundled with <-->) with mermaid-cli in headless Chromium: each must
// render to an SVG that draws every subgraph, node and arrow.
func TestMermaid_RendersWithMermaidCLI(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("installs and runs mermaid-cli (node processes the race detector does not see): not with -short or -race; scripts/test.sh runs it without -race")
	}
	needTool(t, "sudo apt-get install -y nodejs", "node")
	npm := needTool(t, "sudo apt-get install -y npm", "npm")
	chromium := needTool(t, "sudo apt-get install -y chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
	mmdc := filepath.Join(mermaidCLIDir(t, npm), "node_modules", ".bin", "mmdc")

	work := t.TempDir()
	puppeteer := filepath.Join(work, "puppeteer.json")
	writeFile(t, puppeteer, `{"executablePath": "`+chromium+`", "args": ["--no-sandbox", "--disable-gpu"]}`)
	// The production map has 701 arrows, more than mermaid's default
	// maxEdges (500) that GitHub also keeps: drawn here with a higher one.
	bigConfig := filepath.Join(work, "config.json")
	writeFile(t, bigConfig, `{"maxEdges": 2000}`)
	const large = "-demo=large"
	for _, c := range []struct {
		name string
		args []string
		big  bool
	}{
		{"article", []string{"-demo", "article", "-view", "detail"}, false},
		{"article-overview", []string{"-demo", "article"}, false},
		{"antipattern", []string{"-demo", "antipattern", "-view", "detail"}, false},
		{"overlap", []string{"-snapshot", "../../graph/testdata/overlap.snapshot.json", "-view", "detail"}, false},
		{"hostile", []string{"-snapshot", "../../graph/testdata/hostile.snapshot.json", "-view", "detail"}, false},
		{"large-shared-services-map", []string{large, "-view", "map", "-vpc", "vpc-0a04096b785a75487"}, false},
		{"large-production-map", []string{large, "-view", "map", "-vpc", "vpc-09dcec3ad077dec6c"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := mustRun(t, nil, append([]string{"render", "-format", "mermaid"}, c.args...)...)
			if r.code != exitOK {
				t.Fatalf("render: exit %d: %s", r.code, r.stderr)
			}
			if strings.HasPrefix(c.name, "large") && !strings.Contains(r.stdout, " <-->") {
				t.Fatal("the large map has no bundled two-way line")
			}
			in, out := filepath.Join(work, c.name+".mmd"), filepath.Join(work, c.name+".svg")
			writeFile(t, in, r.stdout)
			args := []string{"-q", "-p", puppeteer, "-i", in, "-o", out}
			if c.big {
				args = append(args, "-c", bigConfig)
			}
			start := time.Now()
			cmd := exec.CommandContext(t.Context(), mmdc, args...)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("mmdc: %v\n%s", err, b)
			}
			t.Logf("mmdc drew %d bytes of Mermaid in %v", len(r.stdout), time.Since(start).Round(time.Millisecond))
			svg, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			checkMermaidSVG(t, r.stdout, svg)
		})
	}
}

// checkMermaidSVG: the SVG is well-formed XML with an <svg> root, a
// flowchart, has an element for every subgraph and node id of the source
// and one link path per arrow.
func checkMermaidSVG(t *testing.T, src string, svg []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	ids := map[string]bool{}
	links, root := 0, ""
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			t.Fatalf("SVG is not XML: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = se.Name.Local
		}
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "id":
				ids[a.Value] = true
			case "class":
				if se.Name.Local == "path" && strings.Contains(" "+a.Value+" ", " flowchart-link ") {
					links++
				}
			case "aria-roledescription":
				if se.Name.Local == "svg" && a.Value != "flowchart-v2" {
					t.Errorf("drawn as %q, not a flowchart", a.Value)
				}
			}
		}
	}
	if root != "svg" {
		t.Fatalf("root element %q", root)
	}
	declared := regexp.MustCompile(`(?m)^\s*(?:subgraph )?([gn]\d+)\[`)
	n := 0
	for _, m := range declared.FindAllStringSubmatch(src, -1) {
		n++
		if !ids["my-svg-"+m[1]] && !hasIDPrefix(ids, "my-svg-flowchart-"+m[1]+"-") {
			t.Errorf("%s is not drawn", m[1])
		}
	}
	arrows := len(regexp.MustCompile(`(?m)^\s*\w+ (?:<-->|-->)`).FindAllString(src, -1))
	if n == 0 || arrows == 0 || links != arrows {
		t.Errorf("%d ids declared, %d arrows, %d link paths drawn", n, arrows, links)
	}
}

// hasIDPrefix reports whether some id starts with prefix (mermaid draws
// node n3 as my-svg-flowchart-n3-<counter>).
func hasIDPrefix(ids map[string]bool, prefix string) bool {
	for id := range ids {
		if strings.HasPrefix(id, prefix) {
			return true
		}
	}
	return false
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
