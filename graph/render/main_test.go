package render

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// workerEnv selects what the test binary does when a Pool starts it as a
// worker: "render" is the real worker; the others wrap it with test-only
// behaviour (a slow start, concurrency tracking, a crash).
const workerEnv = "SGMAP_RENDER_TEST_WORKER"

func TestMain(m *testing.M) {
	mode := os.Getenv(workerEnv)
	if mode == "" {
		os.Exit(m.Run())
	}
	ctx := context.Background()
	switch {
	case mode == "sleep":
		time.Sleep(20 * time.Second)
	case mode == "cmd-style":
		// How a CLI main reports errors: its own line, exit status 1.
		if err := ServeWorker(ctx, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "sgmap:", err)
			os.Exit(1)
		}
		os.Exit(0)
	case mode == "crash":
		panic("worker crashed on purpose")
	case strings.HasPrefix(mode, "track:"):
		trackConcurrency(strings.TrimPrefix(mode, "track:"))
	case strings.HasPrefix(mode, "parent:"):
		orphanParent(strings.TrimPrefix(mode, "parent:"))
	case strings.HasPrefix(mode, "pid:"):
		writePID(strings.TrimPrefix(mode, "pid:"))
	case strings.HasPrefix(mode, "nice:"):
		writeNice(strings.TrimPrefix(mode, "nice:"))
	}
	os.Exit(WorkerMain(ctx, os.Stdin, os.Stdout, os.Stderr))
}

// trackConcurrency marks this worker as running in dir, watches how many
// workers run at once until it has seen a partner (or 2 s passed, for
// slow machines), then records the most it saw in dir/seen-<pid>.
func trackConcurrency(dir string) {
	me := filepath.Join(dir, fmt.Sprintf("running-%d", os.Getpid()))
	if err := os.WriteFile(me, nil, 0o600); err != nil {
		panic(err)
	}
	defer os.Remove(me)
	most, partnerAt := 0, time.Time{}
	for start := time.Now(); time.Since(start) < 2*time.Second; time.Sleep(10 * time.Millisecond) {
		running, _ := filepath.Glob(filepath.Join(dir, "running-*"))
		most = max(most, len(running))
		if most >= 2 && partnerAt.IsZero() {
			partnerAt = time.Now()
		}
		// Stay a little after meeting a partner so it sees us too.
		if !partnerAt.IsZero() && time.Since(partnerAt) > 200*time.Millisecond {
			break
		}
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seen-%d", os.Getpid())), []byte(fmt.Sprint(most)), 0o600); err != nil {
		panic(err)
	}
}

// testPool returns a Pool whose workers are this test binary in mode.
func testPool(t testing.TB, mode string, o PoolOptions) *Pool {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	o.Command = []string{exe}
	o.Env = append(os.Environ(), workerEnv+"="+mode)
	return NewPool(o)
}

// clusteredDOT returns a DOT graph of clusters×perCluster box nodes in
// nested clusters (pairs of clusters inside an outer one) and edges
// xlabelled edges between them, deterministic for given sizes.
func clusteredDOT(clusters, perCluster, edges int) []byte {
	var b strings.Builder
	b.WriteString("digraph G {\n  compound=true; rankdir=LR;\n  node [shape=box fontname=\"Helvetica\"];\n")
	n := 0
	for c := 0; c < clusters; c++ {
		if c%2 == 0 {
			fmt.Fprintf(&b, "  subgraph cluster_outer%d { id=\"outer-%d\";\n", c/2, c/2)
		}
		fmt.Fprintf(&b, "  subgraph cluster_%d { id=\"sg-%d\"; label=\"group %d\";\n", c, c, c)
		for k := 0; k < perCluster; k++ {
			fmt.Fprintf(&b, "    n%d [id=\"i-%d\" label=\"instance %d\\nsecond line\"];\n", n, n, n)
			n++
		}
		b.WriteString("  }\n")
		if c%2 == 1 || c == clusters-1 {
			b.WriteString("  }\n")
		}
	}
	for e := 0; e < edges; e++ {
		from, to := (e*7)%n, (e*13+5)%n
		fmt.Fprintf(&b, "  n%d -> n%d [id=\"e-%d\" xlabel=\"TCP %d\" tooltip=\"rule %d\"];\n", from, to, e, 1000+e, e)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}
