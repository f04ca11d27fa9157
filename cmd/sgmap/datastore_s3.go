package main

import (
	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/store"
)

// storeOn returns the snapshot store kept in an object backend.
//
// Until the store keeps its snapshots through a [store.Backend] (issue
// #13, the folder half), an S3 -data can be opened and checked but not
// used: say so rather than fall back to a folder.
func storeOn(b store.Backend) (*store.Store, error) {
	return nil, sgmap.Errorf(sgmap.EUNAVAILABLE, "-data %s: this build reaches the bucket but cannot keep snapshots in it yet", b)
}
