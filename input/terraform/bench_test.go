package terraform_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sgmap/sgmap/input/infile"
	"github.com/sgmap/sgmap/input/terraform"
)

// BenchmarkRead_TerraGoat reads the 164 kB TerraGoat plan (55 resources,
// 17 values followed through the configuration).
//
//	go test ./input/terraform -run '^$' -bench Read -benchmem -benchtime 20x
func BenchmarkRead_TerraGoat(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(sharedData, "checkov-plans", "terragoat-tf0.12-plan.json"))
	if err != nil {
		b.Skip(err)
	}
	files := []infile.File{{Name: "plan.json", Data: data}}
	for b.Loop() {
		if _, err := (terraform.Options{TakenAt: testTime}).Read(files); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRead_ShopTFDir reads the shop plan with its .tf files.
func BenchmarkRead_ShopTFDir(b *testing.B) {
	data, err := os.ReadFile("testdata/shop/plan.json")
	if err != nil {
		b.Fatal(err)
	}
	files := []infile.File{{Name: "plan.json", Data: data}}
	for b.Loop() {
		if _, err := (terraform.Options{TFDir: "testdata/shop", TakenAt: testTime}).Read(files); err != nil {
			b.Fatal(err)
		}
	}
}
