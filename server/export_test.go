package server

import "time"

// SetPageRenderWait sets how long the diagram page waits for a render
// before it shows progress (the browser test of the progress note makes a
// render slow and this wait short); restore puts the default back.
func SetPageRenderWait(d time.Duration) (restore func()) {
	old := pageRenderWait
	pageRenderWait = d
	return func() { pageRenderWait = old }
}
