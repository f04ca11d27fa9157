package terraform_test

import (
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/infile"
	"github.com/sgmap/sgmap/input/terraform"
)

func readString(name, data string) (*sgmap.Snapshot, error) {
	return terraform.Options{TakenAt: testTime}.Read([]infile.File{{Name: name, Data: []byte(data)}})
}

// TestRead_Unsupported: what sgmap cannot read is named, never dropped
// in silence.
func TestRead_Unsupported(t *testing.T) {
	const group = `{"mode":"managed","type":"aws_security_group","name":"web","instances":[{"attributes":{"id":"sg-1","name":"web","vpc_id":"vpc-1",
		"ingress":[{"protocol":"tcp","from_port":443,"to_port":443,"cidr_blocks":["0.0.0.0/0"],"self":false}]}}]}`
	tests := []struct {
		name, data string
		wantErr    string // "" = imports, with a warning containing wantWarn
		wantWarn   string
	}{
		{"v3.tfstate", `{"version":3,"serial":1,"modules":[{"path":["root"],"resources":{}}]}`,
			"Terraform state of version 3, which sgmap does not read", ""},
		{"v3-and-v4", "", "", ""}, // filled below
		{"unknown types", `{"version":4,"terraform_version":"1.5.0","resources":[` + group + `,
			{"mode":"managed","type":"aws_quantum_router","name":"q","instances":[{"attributes":{"id":"q-1","security_groups":["sg-1"]}}]},
			{"mode":"managed","type":"google_compute_firewall","name":"fw","instances":[{"attributes":{"id":"fw"}}]}]}`,
			"", "aws_quantum_router (1), google_compute_firewall (1)"},
		{"flat attributes", `{"version":4,"resources":[` + group + `,{"mode":"managed","type":"aws_instance","name":"old","instances":[{"attributes_flat":{"id":"i-1"}}]}]}`,
			"", "attributes_flat"},
		{"format 2.0 plan", `{"format_version":"2.0","planned_values":{}}`, "not a Terraform plan sgmap can read", ""},
		{"not Terraform", `{"hello":"world"}`, "is not Terraform JSON", ""},
		{"syntax", `{"version":4,`, "is not valid JSON", ""},
		{"wrong types", `{"version":4,"resources":{"a":1}}`, "not a Terraform state sgmap can read", ""},
	}
	for _, tt := range tests {
		if tt.name == "v3-and-v4" {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			s, err := readString(tt.name+".json", tt.data)
			if tt.wantErr != "" {
				if sgmap.ErrorCode(err) != sgmap.EINVALID || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want EINVALID containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !hasWarning(s, tt.wantWarn) {
				t.Errorf("no warning contains %q: %v", tt.wantWarn, s.Warnings)
			}
			if len(s.Groups) != 1 || len(s.Groups[0].Rules) != 1 {
				t.Errorf("the readable group was not kept: %+v", s.Groups)
			}
		})
	}
	// A v3 state next to a readable file is a warning, not an error.
	s, err := terraform.Options{TakenAt: testTime}.Read([]infile.File{
		{Name: "old.tfstate", Data: []byte(`{"version":3,"modules":[]}`)},
		{Name: "new.tfstate", Data: []byte(`{"version":4,"resources":[` + group + `]}`)}})
	if err != nil || !hasWarning(s, "old.tfstate is a Terraform state of version 3") || len(s.Groups) != 1 {
		t.Errorf("v3 with v4: err %v, snapshot %+v", err, s)
	}
}

// TestRead_SameGroupTwice: a group that a state holds both as a resource
// and as a data source is one group, with the standalone rules of both.
func TestRead_SameGroupTwice(t *testing.T) {
	s, err := readString("twice.tfstate", `{"version":4,"resources":[
	{"mode":"managed","type":"aws_security_group","name":"web","instances":[{"attributes":{"id":"sg-1","name":"web","vpc_id":"vpc-1"}}]},
	{"mode":"data","type":"aws_security_group","name":"web","instances":[{"attributes":{"id":"sg-1","name":"web","vpc_id":"vpc-1"}}]},
	{"mode":"data","type":"aws_vpc","name":"v","instances":[{"attributes":{"id":"vpc-1","cidr_block":"10.0.0.0/16"}}]},
	{"mode":"managed","type":"aws_vpc","name":"v","instances":[{"attributes":{"id":"vpc-1","cidr_block":"10.0.0.0/16"}}]},
	{"mode":"managed","type":"aws_security_group_rule","name":"r","instances":[{"attributes":{"type":"ingress","security_group_id":"sg-1","protocol":"tcp","from_port":80,"to_port":80,"cidr_blocks":["10.0.0.0/8"]}}]}]}`)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Groups) != 1 || len(s.Groups[0].Rules) != 1 || len(s.VPCs) != 1 {
		t.Errorf("groups %+v, VPCs %d: want one group with its rule and one VPC", s.Groups, len(s.VPCs))
	}
}

// TestRead_VPCRules covers the newer standalone rule resources in a state,
// with a self reference, a cross-account group and an all-traffic rule
// whose ports are null.
func TestRead_VPCRules(t *testing.T) {
	s, err := readString("rules.tfstate", `{"version":4,"resources":[
	{"mode":"managed","type":"aws_security_group","name":"db","instances":[{"attributes":{"id":"sg-db","name":"db","vpc_id":"vpc-1","ingress":[],"egress":[]}}]},
	{"mode":"managed","type":"aws_vpc_security_group_ingress_rule","name":"self","instances":[{"attributes":{"id":"sgr-1","security_group_id":"sg-db","referenced_security_group_id":"sg-db","ip_protocol":"tcp","from_port":5432,"to_port":5432}}]},
	{"mode":"managed","type":"aws_vpc_security_group_ingress_rule","name":"peer","instances":[{"attributes":{"id":"sgr-2","security_group_id":"sg-db","referenced_security_group_id":"111122223333/sg-other","ip_protocol":"tcp","from_port":5432,"to_port":5432}}]},
	{"mode":"managed","type":"aws_vpc_security_group_egress_rule","name":"all","instances":[{"attributes":{"id":"sgr-3","security_group_id":"sg-db","cidr_ipv6":"::/0","ip_protocol":"-1","from_port":null,"to_port":null}}]},
	{"mode":"managed","type":"aws_security_group_rule","name":"both","index_key":0,"instances":[{"index_key":0,"attributes":{"id":"sgrule-1","type":"ingress","security_group_id":"sg-db","protocol":"6","from_port":22,"to_port":22,"cidr_blocks":["10.0.0.0/8","192.168.0.0/16"],"self":true,"source_security_group_id":"sg-db"}}]}
	]}`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range s.Groups[0].Rules {
		got = append(got, r.ID+" "+string(r.Direction)+" "+r.Service().Label()+" "+r.Peer.String())
	}
	want := []string{
		"sgr-3 egress All traffic ::/0",
		" ingress TCP 22 10.0.0.0/8", " ingress TCP 22 192.168.0.0/16", " ingress TCP 22 sg-db",
		"sgr-2 ingress TCP 5432 111122223333/sg-other", "sgr-1 ingress TCP 5432 sg-db",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rules:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
