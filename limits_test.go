package sgmap_test

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

// emptyObjects is a snapshot whose key holds n empty objects: issue 8's
// 20 MiB of 7,000,000 empty groups when key is security_groups.
func emptyObjects(key string, n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"schema_version":"1.0","taken_at":"2026-11-02T09:30:00Z","` + key + `":[`)
	b.WriteString(strings.Repeat("{},", n-1))
	b.WriteString("{}]}")
	return b.Bytes()
}

func TestParseSnapshot_Limits(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		l    sgmap.Limits
		want string // in the message
	}{
		{"7M empty groups", emptyObjects("security_groups", 7_000_000), sgmap.Limits{},
			"more than 100000 security groups, the limit sgmap accepts (Limits.Groups)"},
		{"sparse groups", emptyObjects("security_groups", 90_000), sgmap.Limits{}, "Limits.MemoryFactor"},
		{"group count", emptyObjects("security_groups", 11), sgmap.Limits{Groups: 10},
			"more than 10 security groups, the limit sgmap accepts (Limits.Groups)"},
		{"ENI count", emptyObjects("network_interfaces", 11), sgmap.Limits{Interfaces: 10},
			"more than 10 network interfaces"},
		{"owner count", emptyObjects("owners", 11), sgmap.Limits{Owners: 10}, "more than 10 owners"},
		{"rule count", []byte(`{"security_groups":[{"rules":[{},{}]},{"rules":[{}]}]}`), sgmap.Limits{Rules: 2},
			"more than 2 rules"},
		{"values", []byte(`{"accounts":["","","","",""]}`), sgmap.Limits{Objects: 5}, "more than 5 JSON values, the limit sgmap accepts (Limits.Objects)"},
		{"sparse strings", []byte(`{"accounts":[` + strings.Repeat(`"",`, 2_000_000) + `""]}`), sgmap.Limits{},
			"Limits.MemoryFactor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sgmap.ParseSnapshotLimits(tt.in, tt.l)
			if sgmap.ErrorCode(err) != sgmap.ETOOLARGE || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v (%s); want too_large containing %q", err, sgmap.ErrorCode(err), tt.want)
			}
		})
	}
}

// TestParseSnapshot_LimitsKeepRealSnapshots: the defaults accept the large
// demo, and its rule count is seen (a limit just below it refuses it).
func TestParseSnapshot_LimitsKeepRealSnapshots(t *testing.T) {
	snap, err := demo.Get("large")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	snap.Encode(&b)
	if _, err := sgmap.ParseSnapshot(b.Bytes()); err != nil {
		t.Fatalf("large demo refused by the default limits: %v", err)
	}
	rules := 0
	for _, g := range snap.Groups {
		rules += len(g.Rules)
	}
	l := sgmap.Limits{Rules: rules - 1}
	if _, err := sgmap.ParseSnapshotLimits(b.Bytes(), l); sgmap.ErrorCode(err) != sgmap.ETOOLARGE {
		t.Errorf("Rules limit %d on the large demo (%d rules): err %v, want too_large", rules-1, rules, err)
	}
	if err := l.Check(snap); sgmap.ErrorCode(err) != sgmap.ETOOLARGE {
		t.Errorf("Check with Rules %d: %v, want too_large", rules-1, err)
	}
	if err := (sgmap.Limits{}).Check(snap); err != nil {
		t.Errorf("Check with default limits: %v", err)
	}
}

// BenchmarkParseSnapshot_Hostile measures what pathological inputs under
// the upload size limit cost: bytes allocated per input byte (the bar is
// under 10), reported as alloc/input.
func BenchmarkParseSnapshot_Hostile(b *testing.B) {
	large, _ := demo.Get("large")
	var real bytes.Buffer
	large.Encode(&real)
	inputs := map[string][]byte{
		"empty-groups-20MiB": emptyObjects("security_groups", 7_000_000),
		"empty-rules":        []byte(`{"security_groups":[{"rules":[` + strings.Repeat("{},", 3_000_000) + `{}]}]}`),
		"empty-strings":      []byte(`{"accounts":[` + strings.Repeat(`"",`, 5_000_000) + `""]}`),
		"empty-enis":         emptyObjects("network_interfaces", 2_000_000),
		"large-demo":         real.Bytes(),
		// Just inside every limit: as dense in objects as the defaults let
		// through, so the most a legal input can cost.
		"near-limits": nearLimits(),
	}
	if os.Getenv("SGMAP_BENCH_ONLY") != "" {
		inputs = map[string][]byte{os.Getenv("SGMAP_BENCH_ONLY"): inputs[os.Getenv("SGMAP_BENCH_ONLY")]}
	}
	for name, in := range inputs {
		b.Run(name, func(b *testing.B) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for b.Loop() {
				sgmap.ParseSnapshot(in)
			}
			runtime.ReadMemStats(&after)
			per := float64(after.TotalAlloc-before.TotalAlloc) / float64(b.N)
			b.ReportMetric(per/float64(len(in)), "alloc/input")
			b.ReportMetric(float64(len(in))/(1<<20), "input-MiB")
		})
	}
}

// nearLimits is 90,000 small groups of one rule each: under the Groups
// limit and (at about 5× its size) the memory estimate.
func nearLimits() []byte {
	var b bytes.Buffer
	b.WriteString(`{"schema_version":"1.0","taken_at":"2026-11-02T09:30:00Z","security_groups":[`)
	for i := range 90_000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"sg-%d","vpc_id":"vpc-1","description":"%030d","rules":[{"direction":"ingress","protocol":"-1","peer":{"kind":"ipv4","value":"0.0.0.0/0"}}]}`, i, i)
	}
	b.WriteString("]}")
	return b.Bytes()
}

// TestParseSnapshot_HostileUnder10x holds issue 8 item 2's bar as a test
// (BenchmarkParseSnapshot_Hostile measures it): the densest input the
// limits let through, and the 7,000,000 empty groups that once cost 136×,
// each allocate under 10 bytes per input byte.
func TestParseSnapshot_HostileUnder10x(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("parses 35 MiB of pathological snapshots; -race instruments and inflates allocations")
	}
	for name, in := range map[string][]byte{"near-limits": nearLimits(), "empty-groups-20MiB": emptyObjects("security_groups", 7_000_000)} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		sgmap.ParseSnapshot(in)
		runtime.ReadMemStats(&after)
		if per := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(in)); per >= 10 {
			t.Errorf("%s (%d MiB): allocated %.1f× its size, want under 10×", name, len(in)>>20, per)
		} else {
			t.Logf("%s: %.2f× its size", name, per)
		}
	}
}
