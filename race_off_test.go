//go:build !race

package sgmap_test

// raceEnabled is true when tests run with -race, which changes what
// allocation counts measure.
const raceEnabled = false
