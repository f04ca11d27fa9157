package sgmap_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sgmap/sgmap"
)

const minimalJSON = `{"schema_version": "1.0", "taken_at": "2026-11-02T09:30:00Z"}`

func TestParseSnapshot_Errors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		code string
		want string // the whole message
	}{
		{"empty", "", sgmap.EINVALID, "snapshot is empty"},
		{"whitespace", " \n\t ", sgmap.EINVALID, "snapshot is empty"},
		{"not JSON", "hello", sgmap.EINVALID,
			"snapshot JSON syntax error at line 1, column 1: invalid character 'h' looking for beginning of value"},
		{"syntax error on line 3", "{\n  \"schema_version\": \"1.0\",\n  \"vpcs\": [}\n", sgmap.EINVALID,
			"snapshot JSON syntax error at line 3, column 12: invalid character '}' looking for beginning of value"},
		{"trailing garbage", "{} x", sgmap.EINVALID,
			"snapshot JSON syntax error at line 1, column 4: invalid character 'x' after top-level value"},
		{"truncated", `{"schema_version": "1.0", "vpcs": [`, sgmap.EINVALID,
			"snapshot JSON is truncated at line 1, column 36"},
		{"truncated inside a string", "{\"schema_version\": \"1.0\",\n\"taken_at\": \"2026-11", sgmap.EINVALID,
			"snapshot JSON is truncated at line 2, column 21"},
		{"truncated then newline", "{\"schema_version\": \"1.0\"\n", sgmap.EINVALID,
			"snapshot JSON is truncated at line 2, column 1"},
		{"wrong type for a list", "{\"schema_version\": \"1.0\",\n \"vpcs\": \"vpc-1\"}", sgmap.EINVALID,
			`snapshot JSON at line 2, column 17: field "vpcs" must be []sgmap.VPC, not string`},
		{"wrong type deep inside", `{"schema_version": "1.0", "security_groups": [{"id": "sg-1", "rules": [{"from_port": "443"}]}]}`, sgmap.EINVALID,
			`snapshot JSON at line 1, column 91: field "security_groups.rules.from_port" must be int32, not string`},
		{"port out of int32", `{"schema_version": "1.0", "security_groups": [{"rules": [{"to_port": 99999999999}]}]}`, sgmap.EINVALID,
			`snapshot JSON at line 1, column 81: field "security_groups.rules.to_port" must be int32, not number 99999999999`},
		{"schema_version a number", `{"schema_version": 1}`, sgmap.EINVALID,
			`snapshot JSON at line 1, column 21: field "schema_version" must be string, not number`},
		{"top level array", `[{"schema_version": "1.0"}]`, sgmap.EINVALID, "snapshot JSON must be an object, not array"},
		{"top level string", `"snapshot"`, sgmap.EINVALID, "snapshot JSON must be an object, not string"},
		{"other major version", `{"schema_version": "2.0", "security_groups": {"a": "new shape"}}`, sgmap.EINVALID,
			`schema_version: "2.0" is not supported: this sgmap reads 1.x`},
		{"empty version", `{"schema_version": ""}`, sgmap.EINVALID,
			"schema_version: is missing (this sgmap writes 1.0)"},
		{"hostile version clipped", `{"schema_version": "` + strings.Repeat("<b>", 100) + `"}`, sgmap.EINVALID,
			`schema_version: "` + strings.Repeat("<b>", 26) + `<b…" is not supported: this sgmap reads 1.x`},
		{"bad time", `{"schema_version": "1.0", "taken_at": "yesterday"}`, sgmap.EINVALID,
			`snapshot JSON: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday…`},
		{"no taken_at", `{"schema_version": "1.0"}`, sgmap.EINVALID, "invalid snapshot: 1 problem(s); taken_at: is missing"},
		{"null", `null`, sgmap.EINVALID, "invalid snapshot: 1 problem(s); taken_at: is missing"},
		{"invalid content", `{"schema_version": "1.0", "taken_at": "2026-11-02T09:30:00Z", "vpcs": [{"id": ""}]}`, sgmap.EINVALID,
			"invalid snapshot: 1 problem(s); vpcs[0]: id is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := sgmap.ParseSnapshot([]byte(tt.in))
			if err == nil {
				t.Fatalf("ParseSnapshot(%q) = %+v, want an error", tt.in, s)
			}
			if s != nil {
				t.Errorf("ParseSnapshot returned a snapshot with its error")
			}
			if got := sgmap.ErrorCode(err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q (err %v)", got, tt.code, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestParseSnapshot_MissingVersion documents that a file without
// schema_version loads as the current version (hand-written snapshots),
// while Validate on an in-memory snapshot requires it.
func TestParseSnapshot_MissingVersion(t *testing.T) {
	s, err := sgmap.ParseSnapshot([]byte(`{"taken_at": "2026-11-02T09:30:00Z"}`))
	if err != nil {
		t.Fatalf("ParseSnapshot = %v", err)
	}
	if s.SchemaVersion != sgmap.SchemaVersion {
		t.Errorf("SchemaVersion = %q, want %q", s.SchemaVersion, sgmap.SchemaVersion)
	}
}

func TestParseSnapshot_NormalisesAndMinorVersions(t *testing.T) {
	in := `{"schema_version": "1.9", "taken_at": "2026-11-02T09:30:00Z", "future_field": {"x": 1},
	  "security_groups": [{"id": "sg-1", "vpc_id": "vpc-1", "rules": [
	    {"direction": "ingress", "protocol": "6", "from_port": 22, "to_port": 22, "peer": {"kind": "ipv4", "value": "10.1.2.3/16"}}]}]}`
	s, err := sgmap.ParseSnapshot([]byte(in))
	if err != nil {
		t.Fatalf("ParseSnapshot = %v", err)
	}
	want := []sgmap.Rule{{Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 22, ToPort: 22,
		Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "10.1.0.0/16"}}}
	if diff := cmp.Diff(want, s.Groups[0].Rules); diff != "" {
		t.Errorf("rules not normalised (-want +got):\n%s", diff)
	}
	if s.SchemaVersion != "1.9" {
		t.Errorf("SchemaVersion = %q, want 1.9 kept", s.SchemaVersion)
	}
}

func TestEncode_RoundTrip(t *testing.T) {
	s := validSnapshot()
	s.Normalize()
	a := mustEncode(t, s)
	if !bytes.HasSuffix(a, []byte("}\n")) || !bytes.HasPrefix(a, []byte("{\n  \"schema_version\": \"1.0\",")) {
		t.Errorf("encoding is not indented JSON with a trailing newline:\n%s", a)
	}
	back, err := sgmap.ParseSnapshot(a)
	if err != nil {
		t.Fatalf("ParseSnapshot(Encode(s)) = %v", err)
	}
	if diff := cmp.Diff(s, back, cmpEmpty); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	if b := mustEncode(t, back); !bytes.Equal(a, b) {
		t.Errorf("re-encoding differs:\n%s\nvs\n%s", a, b)
	}
}

// endless is an io.Reader of n spaces that does not allocate them.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n)
	for i := range p[:k] {
		p[i] = ' '
	}
	e.n -= k
	return int(k), nil
}

func TestDecodeSnapshot_TooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 256 MiB")
	}
	_, err := sgmap.DecodeSnapshot(&endless{n: sgmap.MaxSnapshotBytes + 1})
	if got := sgmap.ErrorCode(err); got != sgmap.ETOOLARGE {
		t.Fatalf("ErrorCode = %q, want %q (err %v)", got, sgmap.ETOOLARGE, err)
	}
	if want := "snapshot is larger than 256 MiB"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestDecodeSnapshot_ReadError(t *testing.T) {
	_, err := sgmap.DecodeSnapshot(failingReader{})
	if err == nil || !strings.Contains(err.Error(), "read snapshot: disk on fire") {
		t.Fatalf("DecodeSnapshot = %v, want the read error wrapped", err)
	}
}

func TestLoadSnapshotFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, []byte(minimalJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(`{"schema_version": "1.0", "vpcs": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := sgmap.LoadSnapshotFile(good); err != nil || !s.TakenAt.Equal(testTime) {
		t.Errorf("LoadSnapshotFile(good) = %v, %v", s, err)
	}
	_, err := sgmap.LoadSnapshotFile(bad)
	if sgmap.ErrorCode(err) != sgmap.EINVALID || !strings.HasPrefix(err.Error(), bad+": snapshot JSON is truncated") {
		t.Errorf("LoadSnapshotFile(bad) = %v (code %q), want EINVALID naming the file", err, sgmap.ErrorCode(err))
	}
	missing := filepath.Join(dir, "missing.json")
	_, err = sgmap.LoadSnapshotFile(missing)
	if sgmap.ErrorCode(err) != sgmap.ENOTFOUND || !strings.Contains(err.Error(), missing) {
		t.Errorf("LoadSnapshotFile(missing) = %v (code %q), want ENOTFOUND naming the file", err, sgmap.ErrorCode(err))
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func TestWriteFileAtomic_New(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snap.json")
	if err := sgmap.WriteFileAtomic(path, 0o640, writeString("new")); err != nil {
		t.Fatalf("WriteFileAtomic = %v", err)
	}
	if got := readFile(t, path); got != "new" {
		t.Errorf("content %q, want %q", got, "new")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o640 {
		t.Errorf("permissions %v, want %v", got, os.FileMode(0o640))
	}
	if diff := cmp.Diff([]string{"snap.json"}, dirNames(t, dir)); diff != "" {
		t.Errorf("directory entries (-want +got):\n%s", diff)
	}
}

// TestWriteFileAtomic_Replace checks a reader that opened the old file keeps
// reading the whole old content: the new file is renamed into place, not
// written over the old one.
func TestWriteFileAtomic_Replace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snap.json")
	if err := os.WriteFile(path, []byte("old content"), 0o600); err != nil {
		t.Fatal(err)
	}
	old, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if err := sgmap.WriteFileAtomic(path, 0o600, writeString("new content, longer")); err != nil {
		t.Fatalf("WriteFileAtomic = %v", err)
	}
	if got := readFile(t, path); got != "new content, longer" {
		t.Errorf("content %q after replace", got)
	}
	b, err := io.ReadAll(old)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "old content" {
		t.Errorf("a reader of the old file saw %q, want %q", b, "old content")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("permissions %v, want %v", got, os.FileMode(0o600))
	}
	if diff := cmp.Diff([]string{"snap.json"}, dirNames(t, dir)); diff != "" {
		t.Errorf("directory entries (-want +got):\n%s", diff)
	}
}

func TestWriteFileAtomic_WriteFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snap.json")
	if err := os.WriteFile(path, []byte("old content"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("encoder failed")
	err := sgmap.WriteFileAtomic(path, 0o644, func(w io.Writer) error {
		if _, err := io.WriteString(w, "half a sn"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WriteFileAtomic = %v, want the write error", err)
	}
	if got := readFile(t, path); got != "old content" {
		t.Errorf("old file now holds %q", got)
	}
	if diff := cmp.Diff([]string{"snap.json"}, dirNames(t, dir)); diff != "" {
		t.Errorf("temporary file left behind (-want +got):\n%s", diff)
	}
}

func TestWriteFileAtomic_NoDirectory(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "missing", "snap.json")
	called := false
	err := sgmap.WriteFileAtomic(path, 0o644, func(io.Writer) error { called = true; return nil })
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("WriteFileAtomic into a missing directory = %v, want a not-exist error", err)
	}
	if called {
		t.Error("write was called although the file could not be created")
	}
	if diff := cmp.Diff([]string(nil), dirNames(t, dir)); diff != "" {
		t.Errorf("directory entries (-want +got):\n%s", diff)
	}
}

func TestWriteFileAtomic_WritePanics(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snap.json")
	if err := os.WriteFile(path, []byte("old content"), 0o644); err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the write's panic was swallowed")
			}
		}()
		sgmap.WriteFileAtomic(path, 0o644, func(w io.Writer) error {
			io.WriteString(w, "half")
			panic("encoder bug")
		})
	}()
	if got := readFile(t, path); got != "old content" {
		t.Errorf("old file now holds %q", got)
	}
	if diff := cmp.Diff([]string{"snap.json"}, dirNames(t, dir)); diff != "" {
		t.Errorf("temporary file left behind (-want +got):\n%s", diff)
	}
}

// TestParseSnapshot_HostileStrings checks names, descriptions and tags with
// markup, quotes, DOT syntax, very long, right-to-left and emoji text load
// and round-trip unchanged: the model stores them verbatim and leaves
// escaping to whoever prints them. Invalid UTF-8 becomes U+FFFD, one per
// byte, as JSON carries text.
func TestParseSnapshot_HostileStrings(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<script>alert("x")</script>`, ""},
		{`"]; a -> b [label="pwned`, ""},
		{"}\n digraph { x }", ""},
		{`&lt;b&gt; &amp; \u0000 \\`, ""},
		{strings.Repeat("long ", 2000), ""},
		{"\u202eevil\u202c שלום مرحبا", ""},
		{"🙂🔥 ∩ \u0007\t\r\x00", ""},
		{"\xff\xfe not UTF-8", "\uFFFD\uFFFD not UTF-8"},
	}
	s := validSnapshot()
	for i, tt := range tests {
		h := tt.in
		s.Groups = append(s.Groups, sgmap.SecurityGroup{ID: fmt.Sprintf("sg-h%d", i), VPCID: "vpc-1", Name: h, Description: h,
			Tags: map[string]string{h: h}, Rules: []sgmap.Rule{{Direction: sgmap.Ingress, Protocol: "tcp",
				FromPort: 1, ToPort: 1, Peer: sgmap.Peer{Kind: sgmap.PeerGroup, Value: h}, Description: h}}})
	}
	s.Normalize()
	back, err := sgmap.ParseSnapshot(mustEncode(t, s))
	if err != nil {
		t.Fatalf("ParseSnapshot: %v", err)
	}
	x := sgmap.NewIndex(back)
	for i, tt := range tests {
		want := cmpOr(tt.want, tt.in)
		g := x.Groups[fmt.Sprintf("sg-h%d", i)]
		if g == nil || g.Name != want || g.Description != want || g.Rules[0].Peer.Value != want ||
			g.Rules[0].Description != want || g.Tags[want] != want {
			t.Errorf("hostile string %d changed on the way: %+v", i, g)
		}
	}
	data := mustEncode(t, back)
	again, err := sgmap.ParseSnapshot(data)
	if err != nil || !bytes.Equal(mustEncode(t, again), data) {
		t.Errorf("hostile strings do not round-trip (err %v)", err)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestWriteFileAtomic_Pipe checks that a path that is not a regular file (a
// named pipe here; /dev/null or /dev/stdout for users) is written through:
// renaming a temporary file over /dev/null once replaced the device with a
// regular file for every process on the machine.
func TestWriteFileAtomic_Pipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "out.pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(fifo) // blocks until the writer opens and closes it
		got <- string(b)
	}()
	err := sgmap.WriteFileAtomic(fifo, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, "through the pipe")
		return err
	})
	if err != nil {
		t.Fatalf("WriteFileAtomic(fifo): %v", err)
	}
	select {
	case s := <-got:
		if s != "through the pipe" {
			t.Errorf("reader got %q", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("nothing was written through the pipe (was it replaced by a file?)")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("%s is no longer a named pipe", fifo)
	}
}

// TestWriteFileAtomic_Symlink checks a link's target is replaced and the link
// itself kept.
func TestWriteFileAtomic_Symlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.svg")
	link := filepath.Join(dir, "link.svg")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlinks not supported: %v", err)
	}
	err := sgmap.WriteFileAtomic(link, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, "new")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a symlink", link)
	}
	if b, _ := os.ReadFile(target); string(b) != "new" {
		t.Errorf("target holds %q, want %q", b, "new")
	}
}

// TestWriteFileAtomic_KeepsPermissions checks replacing a private file does
// not make it world-readable.
func TestWriteFileAtomic_KeepsPermissions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "private.json")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := sgmap.WriteFileAtomic(path, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, "new")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after replace = %v, want -rw-------", fi.Mode())
	}
}
