package storetest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/store"
)

// savedMark starts the child's line for each acknowledged save; putMark
// the line it prints as it starts each Put, so the parent can kill it
// inside one.
const (
	savedMark = "storetest-saved "
	putMark   = "storetest-put "
)

// crashRounds is how many writers the crash test kills; each is killed at
// another moment of its writes.
const crashRounds = 4

// testCrash kills (SIGKILL) a child process that saves snapshots as fast
// as it can, at a moment when it is writing, and checks that every save it
// acknowledged is listed, that no object is half written (everything
// listed loads; the index is whole), and that the store goes on working.
func testCrash(t *testing.T, newBackend func(t *testing.T) store.Backend) {
	b := newBackend(t)
	var acked []string
	for round := range crashRounds {
		// Killed 1, 2, 4, 8 ms into the 1st or 2nd Put after the
		// acknowledged saves: a snapshot object's, or the index's.
		acked = append(acked, runAndKill(t, b, 1+round%2, 1+round%2, time.Millisecond<<round)...)
		st := newStore(t, b)
		metas, err := st.List()
		if err != nil {
			t.Fatalf("round %d: after kill -9 the store lists with errors (a half-written object?): %v", round, err)
		}
		if err := st.CheckIndex(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		listed := map[string]bool{}
		for _, m := range metas {
			listed[m.ID] = true
			if _, err := st.Get(m.ID); err != nil {
				t.Errorf("round %d: listed %s does not load: %v", round, m.ID, err)
			}
		}
		for _, id := range acked {
			if !listed[id] {
				t.Errorf("round %d: acknowledged save %s lost by kill -9", round, id)
			}
		}
		if t.Failed() {
			return
		}
	}
	st := newStore(t, b)
	s := record(t, st, snapshot(t, "upload", "after the crashes", time.Now()))
	if _, err := st.Get(s.ID); err != nil || !slices.Contains(ids(t, newStore(t, b)), s.ID) {
		t.Errorf("saving after the crashes: %+v, %v", s, err)
	}
}

// runAndKill starts the writer child on b's storage, waits until it has
// acknowledged after saves, then kills it with SIGKILL delay after it
// starts its puts-th Put from then on, and returns the ids it
// acknowledged.
func runAndKill(t *testing.T, b store.Backend, after, puts int, delay time.Duration) []string {
	t.Helper()
	cmd, lines := startWriter(t, b)
	var acked []string
	timeout := time.After(2 * time.Minute)
	for seen := 0; len(acked) < after || seen < puts; {
		select {
		case line, ok := <-lines:
			if !ok {
				cmd.Wait()
				t.Fatalf("the writer ended after %d saves without being killed", len(acked))
			}
			if id, ok := strings.CutPrefix(line, savedMark); ok {
				acked = append(acked, id)
			} else if strings.HasPrefix(line, putMark) && len(acked) >= after {
				seen++
			}
		case <-timeout:
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the writer acknowledged %d saves in 2 minutes, want %d", len(acked), after)
		}
	}
	time.Sleep(delay)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no cleanup runs
		t.Fatal(err)
	}
	// Lines read after the kill were printed before it: acknowledged.
	for line := range lines {
		if id, ok := strings.CutPrefix(line, savedMark); ok {
			acked = append(acked, id)
		}
	}
	cmd.Wait()
	return acked
}

// startWriter starts the test binary again as the writer child of the
// running (sub)test, on b's storage, and returns it with its output lines.
func startWriter(t *testing.T, b store.Backend) (*exec.Cmd, <-chan string) {
	t.Helper()
	mode := t.Name()[strings.LastIndexByte(t.Name(), '/')+1:]
	cmd := exec.Command(os.Args[0], "-test.run="+runPattern(t.Name()), "-test.count=1")
	cmd.Env = append(os.Environ(), envChild+"="+mode, EnvStorage+"="+b.String())
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the writer: %v", err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return cmd, lines
}

// runPattern is the -test.run pattern of exactly the (sub)test name.
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// processSaves is how many snapshots each two-processes writer saves.
const processSaves = 12

// writerChild is the child process of testCrash (mode "crash": it saves
// snapshots until it is killed) and of testTwoProcesses (it saves
// processSaves small ones), on the parent's storage, printing each
// acknowledged id.
func writerChild(t *testing.T, mode string, newBackend func(t *testing.T) store.Backend) {
	if Reused() == "" {
		t.Fatalf("writer started without %s", EnvStorage)
	}
	st := newStore(t, marking{newBackend(t)})
	if mode != "crash" {
		for i := range processSaves {
			// Both processes save at the same times: they contend
			// for ids and for the index.
			s := snapshot(t, "upload", fmt.Sprintf("process %d save %d", os.Getpid(), i), base.Add(time.Duration(i)*time.Minute))
			saved, err := st.Record(s)
			if err != nil || saved.Deduplicated {
				t.Fatalf("Record = %+v, %v", saved, err)
			}
			fmt.Printf("%s%s\n", savedMark, saved.ID)
		}
		return
	}
	start := time.Now()
	for i := 0; time.Since(start) < time.Minute; i++ {
		s := bigSnapshot(t, fmt.Sprintf("crash writer %d %d", os.Getpid(), i))
		saved, err := st.Record(s)
		if err != nil {
			t.Fatalf("Record: %v", err)
		}
		fmt.Printf("%s%s\n", savedMark, saved.ID)
	}
	t.Fatal("the crash writer was not killed within a minute")
}

// bigSnapshot is a snapshot of about 8 MB: its Put takes milliseconds, so
// a kill sent as it starts lands inside it.
func bigSnapshot(t testing.TB, edit string) *sgmap.Snapshot {
	s := snapshot(t, "upload", edit, time.Now())
	for i := range 32000 {
		s.Warnings = append(s.Warnings, sgmap.Warning{Code: "padding", Message: fmt.Sprintf("%s: padding warning %d of a crash test, long enough to make the object large %s", edit, i, strings.Repeat("x", 160))})
	}
	return s
}

// marking is the child's backend: it prints putMark as each Put starts.
type marking struct{ store.Backend }

func (m marking) Put(ctx context.Context, name string, data []byte, cond store.Cond) (string, error) {
	fmt.Printf("%s%s\n", putMark, name)
	return m.Backend.Put(ctx, name, data, cond)
}

// testTwoProcesses: two processes (replicas) saving into one storage at
// once lose no snapshot and no index entry.
func testTwoProcesses(t *testing.T, b store.Backend) {
	var acked []string
	done := make(chan []string)
	for range 2 {
		cmd, lines := startWriter(t, b)
		go func() {
			var ids []string
			for line := range lines {
				if id, ok := strings.CutPrefix(line, savedMark); ok {
					ids = append(ids, id)
				}
			}
			if err := cmd.Wait(); err != nil {
				t.Errorf("writer process: %v", err)
			}
			done <- ids
		}()
	}
	for range 2 {
		acked = append(acked, <-done...)
	}
	if len(acked) != 2*processSaves {
		t.Fatalf("the writers acknowledged %d saves, want %d", len(acked), 2*processSaves)
	}
	fresh := newStore(t, b)
	if got, want := ids(t, fresh), sorted(acked); !slices.Equal(got, want) {
		t.Errorf("after two processes a fresh store lists %v, want %v", got, want)
	}
	if n := fresh.Parses(); n != 0 {
		t.Errorf("the index lacked %d of the snapshots the two processes saved", n)
	}
}
