package render_test

import (
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/demo"
	"github.com/sgmap/sgmap/graph"
	"github.com/sgmap/sgmap/graph/render"
	"github.com/sgmap/sgmap/graph/svgcheck"
)

// TestSVG_LegendNamesManagedShapes: the legend has a row for each managed
// service shape the drawing shows (Redshift, MSK, ElastiCache, EFS,
// OpenSearch, EKS) and none for a shape it does not, read from the text
// of the legend node in real Graphviz output, and the texts fit.
func TestSVG_LegendNamesManagedShapes(t *testing.T) {
	rows := map[sgmap.OwnerKind]string{sgmap.OwnerRedshift: "Redshift cluster", sgmap.OwnerMSK: "MSK cluster",
		sgmap.OwnerElastiCache: "ElastiCache cluster", sgmap.OwnerEFS: "EFS file system",
		sgmap.OwnerOpenSearch: "OpenSearch domain", sgmap.OwnerEKS: "EKS control plane"}
	tests := []struct {
		name  string
		kinds []sgmap.OwnerKind
	}{
		{"none", nil},
		{"three", []sgmap.OwnerKind{sgmap.OwnerRedshift, sgmap.OwnerMSK, sgmap.OwnerEKS}},
		{"all six", []sgmap.OwnerKind{sgmap.OwnerRedshift, sgmap.OwnerMSK, sgmap.OwnerElastiCache, sgmap.OwnerEFS,
			sgmap.OwnerOpenSearch, sgmap.OwnerEKS}},
	}
	widths := loadWidths(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := demo.Get("article")
			if err != nil {
				t.Fatal(err)
			}
			g0 := s.Groups[0]
			for _, k := range tt.kinds {
				s.Owners = append(s.Owners, sgmap.Owner{ID: string(k) + "/x", Kind: k, Name: string(k) + "-x",
					AccountID: g0.AccountID, Region: g0.Region, VPCID: g0.VPCID, GroupIDs: []string{g0.ID}})
			}
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			g, err := graph.Build(s, g0.VPCID, graph.Options{View: graph.Detail})
			if err != nil {
				t.Fatal(err)
			}
			svg, err := (&render.Wasm{}).SVG(t.Context(), mustDOT(t, g))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := svgcheck.Parse(svg)
			if err != nil {
				t.Fatal(err)
			}
			legend, ok := doc.Node("legend")
			if !ok {
				t.Fatal("the SVG has no legend node")
			}
			text := strings.Join(legend.Texts, " | ")
			for k, row := range rows {
				want := false
				for _, x := range tt.kinds {
					want = want || x == k
				}
				if got := strings.Contains(text, row); got != want {
					t.Errorf("legend has %q: %v, want %v (the drawing has a %s node: %v)\n%s", row, got, want, k, want, text)
				}
			}
			checkTextFits(t, tt.name, svg, widths)
		})
	}
}
