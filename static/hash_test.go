package static

import (
	"regexp"
	"testing"
	"testing/fstest"
)

func TestHashFollowsContent(t *testing.T) {
	files := fstest.MapFS{"css/app.css": {Data: []byte("body{}")}, "js/a.js": {Data: []byte("export const a = 1;")}}
	base := hashFS(files)
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(base) {
		t.Fatalf("hashFS = %q, want 12 hex digits", base)
	}
	if again := hashFS(files); again != base {
		t.Errorf("same files hash differently: %q, %q", base, again)
	}
	files["js/a.js"] = &fstest.MapFile{Data: []byte("export const a = 2;")}
	if changed := hashFS(files); changed == base {
		t.Error("changing a script kept the hash: browsers would keep the old script")
	}
	changed := hashFS(files)
	files["js/b.js"] = &fstest.MapFile{Data: nil}
	if added := hashFS(files); added == changed {
		t.Error("adding an empty file kept the hash")
	}
	if Hash() != hashFS(FS) || Hash() == "" {
		t.Errorf("Hash() = %q, want the hash of the embedded files %q", Hash(), hashFS(FS))
	}
}
