package sgmap_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
)

// redactKept are the strings of testdata/redact-hostile.snapshot.json that
// are vocabulary, not secrets, and so may survive redaction.
var redactKept = []string{"1.0", "aws-api", "eu-west-1", "eu-west-1a", "ingress", "egress", "tcp", "udp", "-1",
	"ipv4", "ipv6", "group", "prefix-list", "active", "default", "Name", "app", "interface", "in-use", "instance",
	"rds", "load-balancer", "autoscaling-group", "t3.micro", "instance_type", "engine", "postgres", "application",
	"internet-facing", "HTTPS", "HTTP", "IPv4", "ecs", "DescribeTasks", "UnauthorizedOperation", "ecs:DescribeTasks",
	"0.0.0.0/0", "2026-11-20T12:00:00Z"}

// redactSecrets returns every string (values and keys) of the JSON doc that
// redaction must remove.
func redactSecrets(t *testing.T, doc []byte) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any, bool)
	walk = func(v any, keys bool) {
		switch x := v.(type) {
		case string:
			if !slices.Contains(redactKept, x) {
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walk(e, false)
			}
		case map[string]any:
			for k, e := range x {
				if keys {
					walk(k, false)
				}
				walk(e, k == "tags" || k == "detail")
			}
		}
	}
	walk(v, false)
	return out
}

func loadHostileRedact(t *testing.T) (*sgmap.Snapshot, []byte) {
	t.Helper()
	data, err := os.ReadFile("testdata/redact-hostile.snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := sgmap.ParseSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	return s, data
}

// leaks reports the secrets found in out, as raw text or as their "Zq…" core
// (which survives any escaping).
func leaks(secrets []string, out string) []string {
	var found []string
	for _, s := range secrets {
		core := s
		if i := strings.IndexFunc(s, func(r rune) bool { return !(r == 'Z' || r == 'q' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }); strings.HasPrefix(s, "Zq") && i > 0 {
			core = s[:i]
		}
		if strings.Contains(out, s) || strings.Contains(out, core) {
			found = append(found, s)
		}
	}
	return found
}

func TestRedactRemovesEveryOriginal(t *testing.T) {
	s, data := loadHostileRedact(t)
	out, err := json.Marshal(sgmap.Redact(s, []byte("k1")))
	if err != nil {
		t.Fatal(err)
	}
	secrets := redactSecrets(t, data)
	if len(secrets) < 80 {
		t.Fatalf("only %d secrets in the fixture", len(secrets))
	}
	if l := leaks(secrets, string(out)); len(l) > 0 {
		t.Errorf("redacted snapshot still holds %q", l)
	}
	if _, err := sgmap.ParseSnapshot(out); err != nil {
		t.Errorf("redacted snapshot does not validate: %v", err)
	}
}

func TestRedactKeepsStructure(t *testing.T) {
	s, _ := loadHostileRedact(t)
	r := sgmap.Redact(s, []byte("k1"))
	if len(r.Groups) != len(s.Groups) || len(r.Owners) != len(s.Owners) || len(r.Interfaces) != len(s.Interfaces) {
		t.Fatalf("counts changed")
	}
	services := func(s *sgmap.Snapshot) map[string]int {
		m := map[string]int{}
		for _, g := range s.Groups {
			for _, u := range g.Rules {
				m[string(u.Direction)+" "+u.Service().Label()+" "+string(u.Peer.Kind)]++
			}
		}
		return m
	}
	if got, want := services(r), services(s); !maps.Equal(got, want) {
		t.Errorf("rules %v, want %v", got, want)
	}
	x := sgmap.NewIndex(r)
	web := r.Groups[slices.IndexFunc(r.Groups, func(g sgmap.SecurityGroup) bool { return len(g.Rules) == 8 })]
	peers := map[string]string{}
	for _, u := range web.Rules {
		peers[u.Service().Label()+" "+string(u.Peer.Kind)] = u.Peer.Value
		if u.Peer.Kind == sgmap.PeerGroup && u.Peer.AccountID == "" && x.Groups[u.Peer.Value] == nil {
			t.Errorf("group peer %s is no longer a group of the snapshot", u.Peer.Value)
		}
	}
	for _, c := range []struct{ got, want string }{
		{r.Groups[slices.IndexFunc(r.Groups, func(g sgmap.SecurityGroup) bool { return len(g.Rules) == 0 })].Name, "default"},
		{web.ID[:3], "sg-"},
		{r.Interfaces[0].ID[:4], "eni-"},
		{peers["TCP 443 ipv4"][len(peers["TCP 443 ipv4"])-3:], "/32"},
		{peers["TCP 22 ipv4"], "0.0.0.0/0"},
		{peers["TCP 5432 ipv4"][:8], "192.168."},
		{peers["TCP 5432 ipv4"][len(peers["TCP 5432 ipv4"])-3:], "/24"},
		{r.VPCs[0].CIDRs[0][:3], "10."},
		{r.VPCs[0].CIDRs[0][len(r.VPCs[0].CIDRs[0])-3:], "/16"},
		{r.Subnets[0].CIDRs[0][:3], "10."},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	vpc, _ := netip.ParsePrefix(r.VPCs[0].CIDRs[0])
	sub, _ := netip.ParsePrefix(r.Subnets[0].CIDRs[0])
	if !vpc.Contains(sub.Addr()) {
		t.Errorf("subnet %s is no longer inside VPC %s", sub, vpc)
	}
	if !strings.HasPrefix(web.Name, "group-") {
		t.Errorf("group name lost its kind: %q", web.Name)
	}
	for _, o := range r.Owners {
		if !strings.HasPrefix(o.Name, string(o.Kind)+"-") {
			t.Errorf("owner name %q lost its kind %s", o.Name, o.Kind)
		}
		if v, ok := o.Tags["Name"]; ok && v != o.Name {
			t.Errorf("Name tag %q differs from name %q", v, o.Name)
		}
	}
}

func TestRedactIsKeyed(t *testing.T) {
	s, _ := loadHostileRedact(t)
	a, _ := json.Marshal(sgmap.Redact(s, []byte("k1")))
	b, _ := json.Marshal(sgmap.Redact(s, []byte("k1")))
	c, _ := json.Marshal(sgmap.Redact(s, []byte("k2")))
	if !bytes.Equal(a, b) {
		t.Error("the same key gave different bytes")
	}
	ra, rc := sgmap.Redact(s, []byte("k1")), sgmap.Redact(s, []byte("k2"))
	if ra.Groups[0].ID == rc.Groups[0].ID || ra.Accounts[0] == rc.Accounts[0] || ra.VPCs[0].CIDRs[0] == rc.VPCs[0].CIDRs[0] {
		t.Errorf("a different key gave the same pseudonyms: %s %s %s", ra.Groups[0].ID, ra.Accounts[0], ra.VPCs[0].CIDRs[0])
	}
	if bytes.Equal(a, c) {
		t.Error("a different key gave the same bytes")
	}
}
