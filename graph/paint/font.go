package paint

import (
	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
)

// fontTTF returns the embedded DejaVu Sans (bold or regular): the family the
// DOT lays out with (graph.FontName), so text fills the boxes Graphviz
// sized for it, on any machine.
func fontTTF(bold bool) []byte {
	if bold {
		return dejavusansbold.TTF
	}
	return dejavusans.TTF
}
