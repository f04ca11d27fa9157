package demo

import (
	"reflect"
	"testing"
)

// TestLargeScale_Compact: the large demo holds no more than it says
// (docs/performance.md, "Memory of render at -scale 10"): its slices have
// their exact sizes, and owners with the same Detail share one map.
func TestLargeScale_Compact(t *testing.T) {
	s := LargeScale(2)
	// Exact up to the allocator's size classes (at most 1/8 apart);
	// arrays grown by append are up to 1/4 (long) or 1/1 (short) too big.
	tight := func(what string, length, capacity int) {
		if capacity*8 > length*9 {
			t.Errorf("%s: %d in arrays of %d, want exact sizes", what, length, capacity)
		}
	}
	tight("interfaces", len(s.Interfaces), cap(s.Interfaces))
	tight("owners", len(s.Owners), cap(s.Owners))
	tight("groups", len(s.Groups), cap(s.Groups))
	rules, capacity := 0, 0
	for _, g := range s.Groups {
		rules, capacity = rules+len(g.Rules), capacity+cap(g.Rules)
	}
	tight("rules", rules, capacity)
	maps := map[string]uintptr{} // instance type → its Detail map
	instances := 0
	for _, o := range s.Owners {
		it, ok := o.Detail["instance_type"]
		if !ok || len(o.Detail) != 1 {
			continue
		}
		instances++
		p := reflect.ValueOf(o.Detail).Pointer()
		if q, seen := maps[it]; seen && q != p {
			t.Fatalf("owner %s: its Detail {instance_type: %s} is a map of its own", o.ID, it)
		}
		maps[it] = p
	}
	if instances < 100 || len(maps) == 0 {
		t.Fatalf("%d instances with an instance type, %d types: the demo changed, update the test", instances, len(maps))
	}
}
