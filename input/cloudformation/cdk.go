package cloudformation

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sgmap/sgmap"
)

// cdkManifest is the part of a cloud assembly's manifest.json sgmap reads.
type cdkManifest struct {
	Artifacts map[string]struct {
		Type       string `json:"type"`
		Properties struct {
			TemplateFile string `json:"templateFile"`
			StackName    string `json:"stackName"`
		} `json:"properties"`
	} `json:"artifacts"`
}

// IsCDKOut reports whether dir is a CDK cloud assembly (cdk.out): a folder
// with a manifest.json that lists CloudFormation stacks.
func IsCDKOut(dir string) bool {
	f, err := readFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return false
	}
	var m cdkManifest
	if json.Unmarshal(f.Data, &m) != nil {
		return false
	}
	for _, a := range m.Artifacts {
		if a.Type == "aws:cloudformation:stack" {
			return true
		}
	}
	return false
}

// readCDK reads the stack templates a cloud assembly's manifest lists, and
// those of nested assemblies (stages) it points to. CDK writes nested
// stacks' templates beside their parents, named as their TemplateURL ends.
func readCDK(dir string) ([]File, error) {
	f, err := readFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var m cdkManifest
	if err := json.Unmarshal(f.Data, &m); err != nil {
		return nil, sgmap.Errorf(sgmap.EINVALID, "%s: not a CDK manifest: %s", f.Name, clip(err.Error()))
	}
	ids := make([]string, 0, len(m.Artifacts))
	for id := range m.Artifacts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []File
	seen := map[string]bool{}
	for _, id := range ids {
		a := m.Artifacts[id]
		name := a.Properties.TemplateFile
		if a.Type != "aws:cloudformation:stack" || name == "" || seen[name] {
			continue
		}
		if filepath.IsAbs(name) || strings.Contains(filepath.ToSlash(name), "..") {
			return nil, sgmap.Errorf(sgmap.EINVALID, "%s: artifact %s names a template outside the folder (%s)", f.Name, clip(id), clip(name))
		}
		seen[name] = true
		t, err := readFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	// Nested stack templates (*.nested.template.json) are not artifacts;
	// their parents name them by asset object key, which the assets
	// manifests map back to the file.
	keys := assetKeys(dir)
	nested, _ := filepath.Glob(filepath.Join(dir, "*.nested.template.json"))
	for _, p := range nested {
		if !seen[filepath.Base(p)] {
			t, err := readFile(p)
			if err != nil {
				return nil, err
			}
			t.URLNames = keys[filepath.Base(p)]
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return nil, sgmap.Errorf(sgmap.EINVALID, "%s: the CDK manifest lists no CloudFormation stack", f.Name)
	}
	return out, nil
}

// assetKeys maps each asset file of a cloud assembly to the S3 object keys
// it is published under, from the *.assets.json manifests.
func assetKeys(dir string) map[string][]string {
	out := map[string][]string{}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.assets.json"))
	for _, p := range paths {
		f, err := readFile(p)
		if err != nil {
			continue
		}
		var m struct {
			Files map[string]struct {
				Source struct {
					Path string `json:"path"`
				} `json:"source"`
				Destinations map[string]struct {
					ObjectKey string `json:"objectKey"`
				} `json:"destinations"`
			} `json:"files"`
		}
		if json.Unmarshal(f.Data, &m) != nil {
			continue
		}
		for _, a := range m.Files {
			for _, d := range a.Destinations {
				if d.ObjectKey != "" {
					out[a.Source.Path] = append(out[a.Source.Path], d.ObjectKey)
				}
			}
		}
	}
	for k := range out {
		sort.Strings(out[k])
	}
	return out
}
