package terraform_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sgmap/sgmap/input/infile"
	"github.com/sgmap/sgmap/input/terraform"
)

// TestTFDir_InstalledModules: a registry module that terraform init put
// under .terraform/modules is found through modules.json, and a data
// source of an existing group is drawn with the instance that uses it.
func TestTFDir_InstalledModules(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", "module \"sg\" {\n  source = \"terraform-aws-modules/security-group/aws\"\n}\n\ndata \"aws_security_group\" \"shared\" {\n  name = \"shared\"\n}\n")
	write(".terraform/modules/modules.json", `{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"sg","Source":"registry.terraform.io/x","Dir":".terraform/modules/sg"}]}`)
	write(".terraform/modules/sg/main.tf", "# the module\n\nresource \"aws_security_group\" \"this\" {\n  name = \"web\"\n\n  ingress {\n    from_port = 443\n    to_port   = 443\n    protocol  = \"tcp\"\n  }\n}\n")
	state := `{"version":4,"resources":[
	{"module":"module.sg","mode":"managed","type":"aws_security_group","name":"this","instances":[{"attributes":{"id":"sg-web","name":"web","vpc_id":"vpc-1",
		"ingress":[{"protocol":"tcp","from_port":443,"to_port":443,"cidr_blocks":["0.0.0.0/0"]}]}}]},
	{"mode":"data","type":"aws_security_group","name":"shared","instances":[{"attributes":{"id":"sg-shared","name":"shared","vpc_id":"vpc-1"}}]},
	{"mode":"managed","type":"aws_instance","name":"app","instances":[{"attributes":{"id":"i-1","vpc_security_group_ids":["sg-shared","sg-web"]}}]}]}`
	s, err := terraform.Options{TFDir: dir, TakenAt: testTime}.Read([]infile.File{{Name: "terraform.tfstate", Data: []byte(state)}})
	if err != nil {
		t.Fatal(err)
	}
	locs := map[string]string{}
	for _, g := range s.Groups {
		locs[g.ID] = g.Location.String()
		for _, r := range g.Rules {
			locs[g.ID+" rule"] = r.Location.String()
		}
	}
	mod := filepath.ToSlash(filepath.Join(dir, ".terraform/modules/sg/main.tf"))
	want := map[string]string{"sg-web": mod + ":3", "sg-web rule": mod + ":6", "sg-shared": filepath.ToSlash(filepath.Join(dir, "main.tf")) + ":5"}
	for k, v := range want {
		if locs[k] != v {
			t.Errorf("%s at %q, want %q", k, locs[k], v)
		}
	}
	if len(s.Owners) != 1 || len(s.Owners[0].GroupIDs) != 2 {
		t.Errorf("owners = %+v, want the instance in both groups", s.Owners)
	}
	if _, err := (terraform.Options{TFDir: filepath.Join(dir, "nope")}).Read(nil); err == nil {
		t.Error("a missing -tf-dir is not an error")
	}
}
