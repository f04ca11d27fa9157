//go:build !race

package render_test

// raceEnabled is true when tests run with -race.
const raceEnabled = false
