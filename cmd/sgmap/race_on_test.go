//go:build race

package main

// raceEnabled is true when tests run with -race.
const raceEnabled = true
