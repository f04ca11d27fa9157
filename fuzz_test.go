package sgmap_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
)

// FuzzParseSnapshot checks that no input makes ParseSnapshot panic, that
// every rejection is a clear EINVALID error of bounded size, and that every
// accepted snapshot is valid and round-trips to the same bytes.
//
//	go test -run x -fuzz FuzzParseSnapshot -fuzztime 60s .
func FuzzParseSnapshot(f *testing.F) {
	var seeds [][]byte
	for _, name := range []string{"article", "antipattern"} {
		s, err := demo.Get(name)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, mustEncode(f, s))
	}
	paths, _ := filepath.Glob("testdata/*.snapshot.json")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	for _, b := range seeds {
		f.Add(b)
		f.Add(b[:len(b)/2])
		f.Add(b[:len(b)-3])
	}
	for _, s := range []string{
		"", "null", "[]", "{}", `"x"`, minimalJSON,
		`{"schema_version": "2.0"}`,
		`{"schema_version": "1.0", "taken_at": "2026-11-02T09:30:00Z", "security_groups": [{"id": "sg-1", "vpc_id": "v",
		  "name": "<script>alert(1)</script>\" ]; digraph { a -> b }", "rules": [{"direction": "ingress", "protocol": "ICMPV6",
		  "from_port": -1, "to_port": 7, "peer": {"kind": "ipv6", "value": "::ffff:10.0.0.1/104"}}]}]}`,
		`{"schema_version": "1.0", "taken_at": "2026-11-02T09:30:00Z", "network_interfaces": [{"id": "eni-\u202e1", "vpc_id": "v",
		  "private_ips": ["10.0.0.1%eth0", "fe80::1%eth0"], "owner_id": "🙂"}], "owners": [{"id": "🙂", "kind": "instance"}]}`,
		`{"schema_version": "1.0", "taken_at": "2026-11-02T09:30:00Z", "vpcs": [{"id": "v", "cidrs": ["10.0.0.5/8", "::/0", "10.0.0.0/8"]}]}`,
		strings.Repeat("[", 20000),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := sgmap.ParseSnapshot(data)
		if err != nil {
			if s != nil {
				t.Fatal("ParseSnapshot returned a snapshot with an error")
			}
			if code := sgmap.ErrorCode(err); code != sgmap.EINVALID {
				t.Fatalf("error code %q, want %q: %v", code, sgmap.EINVALID, err)
			}
			if msg := err.Error(); msg == "" || len(msg) > 8<<10 {
				t.Fatalf("error message of %d bytes: %.200q", len(msg), msg)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("accepted snapshot does not validate: %v", err)
		}
		var a bytes.Buffer
		if err := s.Encode(&a); err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := sgmap.ParseSnapshot(a.Bytes())
		if err != nil {
			t.Fatalf("re-parsing the encoding fails: %v\n%s", err, a.Bytes())
		}
		var b bytes.Buffer
		if err := back.Encode(&b); err != nil {
			t.Fatalf("Encode: %v", err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("encoding is not stable:\n%s\nvs\n%s", a.Bytes(), b.Bytes())
		}
	})
}
