package cloudformation

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestScratchDump(t *testing.T) {
	p := os.Getenv("CFN_DUMP")
	if p == "" {
		t.Skip()
	}
	var paths []string
	if st, _ := os.Stat(p); st.IsDir() && os.Getenv("CFN_EACH") != "" {
		m, _ := filepath.Glob(filepath.Join(p, "*.y*ml"))
		m2, _ := filepath.Glob(filepath.Join(p, "*.json"))
		paths = append(m, m2...)
	} else {
		paths = []string{p}
	}
	for _, q := range paths {
		s, err := ReadPaths([]string{q}, Options{})
		if err != nil {
			fmt.Println("ERR", q, err)
			continue
		}
		fmt.Printf("== %s: %d groups, %d owners, %d enis, %d warnings\n", filepath.Base(q), len(s.Groups), len(s.Owners), len(s.Interfaces), len(s.Warnings))
		if os.Getenv("CFN_V") != "" {
			for _, g := range s.Groups {
				fmt.Printf("  G %s %q vpc=%s\n", g.ID, g.Name, g.VPCID)
				for _, r := range g.Rules {
					fmt.Printf("     %s %s %d-%d %s\n", r.Direction, r.Protocol, r.FromPort, r.ToPort, r.Peer.Value)
				}
			}
			for _, o := range s.Owners {
				fmt.Printf("  O %s %s vpc=%s groups=%v\n", o.Kind, o.ID, o.VPCID, o.GroupIDs)
				if o.LoadBalancer != nil {
					fmt.Printf("     lb %+v\n", *o.LoadBalancer)
				}
			}
			for _, w := range s.Warnings {
				fmt.Println("  W", w.Message)
			}
		}
		if err := s.Validate(); err != nil {
			fmt.Println("INVALID", err)
		}
	}
}
