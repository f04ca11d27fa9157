package terraform_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/infile"
	"github.com/sgmap/sgmap/input/terraform"
)

// FuzzRead checks that no input makes the Terraform reader panic, that it
// fails only with sgmap errors, and that what it accepts is a valid
// snapshot.
//
//	go test -run x -fuzz FuzzRead -fuzztime 60s ./input/terraform
func FuzzRead(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/shop/plan.json")
	more, _ := filepath.Glob(filepath.Join(sharedData, "*", "*.tfstate"))
	seeds = append(seeds, more...)
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte(`{"version":4,"resources":[{"mode":"managed","type":"aws_security_group","name":"x","instances":[{"attributes":{"id":"sg-1","vpc_id":"v","ingress":[{"protocol":"tcp","from_port":"x","to_port":1e99,"cidr_blocks":["::/0",1,null],"security_groups":[{"a":1}],"self":"true"}]}}]}]}`))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"module.a[\"]\"].aws_instance.x","module_address":"module.a[\"]\"]","type":"aws_instance","name":"x","mode":"managed","change":{"actions":["create"],"after":{},"after_unknown":{"vpc_security_group_ids":true}}}],"configuration":{"root_module":{"module_calls":{"a":{"module":{"resources":[{"address":"aws_instance.x","expressions":{"vpc_security_group_ids":{"references":["var.v","module.a.b","data.x","aws_instance.x[","each.key"]}}}]}}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, side := range []string{"after", "before"} {
			s, err := terraform.Options{PlanSide: side, TakenAt: testTime}.Read([]infile.File{{Name: "fuzz.json", Data: data}})
			if err != nil {
				var e *sgmap.Error
				var ve *sgmap.ValidationError
				if !errors.As(err, &e) && !errors.As(err, &ve) {
					t.Fatalf("error is not an sgmap error: %T %v", err, err)
				}
				continue
			}
			if err := s.Validate(); err != nil {
				t.Fatalf("accepted an invalid snapshot: %v", err)
			}
		}
	})
}
