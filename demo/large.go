package demo

import "github.com/sgmap/sgmap"

// Large is replaced by the deterministic generator (large generator work in progress).
func Large() *sgmap.Snapshot { return &sgmap.Snapshot{SchemaVersion: sgmap.SchemaVersion} }
