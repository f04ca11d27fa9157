package server

import (
	"bytes"
	"mime/multipart"
	"os"
	"strings"
	"testing"

	"github.com/sgmap/sgmap/input"
)

// TestUpload_TerraformPlan uploads a Terraform plan through the form, as
// sgmap serve wires it (Config.Import = package input): the plan is
// imported on the fly and stored with its source and file name.
func TestUpload_TerraformPlan(t *testing.T) {
	plan, err := os.ReadFile("../input/terraform/testdata/shop/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("snapshot", "plan.json")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(plan)
	mw.Close()
	s := mustServer(t, Config{Import: input.Options{}.Read})
	w := do(t, s, "POST", "/api/snapshots", &body, "Content-Type", mw.FormDataContentType())
	if w.Code != 303 {
		t.Fatalf("POST plan.json = %d %s, want 303", w.Code, w.Body)
	}
	list, err := s.store.List()
	if err != nil || len(list) != 1 || list[0].Source != "terraform-plan" {
		t.Fatalf("stored: %+v, %v; want one terraform-plan snapshot", list, err)
	}
	snap, err := s.store.Get(list[0].ID)
	if err != nil || snap.SourceFile != "plan.json" || len(snap.Groups) != 2 {
		t.Errorf("stored snapshot: %v; source file %q, %d groups", err, snap.SourceFile, len(snap.Groups))
	}
	bad := do(t, s, "POST", "/api/snapshots", strings.NewReader("hello"), "Content-Type", "text/plain")
	if bad.Code != 400 || !strings.Contains(bad.Body.String(), "not a format sgmap reads") {
		t.Errorf("POST of text = %d %s, want 400 naming the formats", bad.Code, bad.Body)
	}
}
