package server

import (
	"context"
	"os"
	"runtime/debug"
	"testing"

	"github.com/sgmap/sgmap/graph/render"
)

// workerEnv makes the test binary a render worker when a [render.Pool]
// started by a test runs it, as cmd/sgmap's hidden __render subcommand
// does in production.
const workerEnv = "SGMAP_SERVER_TEST_RENDER_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		os.Exit(render.WorkerMain(context.Background(), os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// testPool returns a Pool whose workers are this test binary.
func testPool(tb testing.TB, o render.PoolOptions) *render.Pool {
	tb.Helper()
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	o.Command = []string{exe}
	o.Env = append(os.Environ(), workerEnv+"=1")
	return render.NewPool(o)
}

// raceEnabled reports whether the test binary was built with -race, whose
// instrumented worker processes are too slow for the memory test.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}
