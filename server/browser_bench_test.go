package server_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BenchmarkDashboardMap measures the dashboard at the map level in real
// Chromium (docs/performance.md, "Dashboard at the map level"): for the
// large demo's biggest VPC, once its map is rendered and cached, the time
// from navigation to first contentful paint and to the page's scripts
// being ready, and the time per zoom step and per pan step until the next
// frame; and the bytes of every VPC's default page and page data.
//
//	go test ./server -run '^$' -bench DashboardMap -benchtime 3x
func BenchmarkDashboardMap(b *testing.B) {
	chrome := mustFindChromium(b)
	srv := newBrowserServer(b)
	browser := startBrowser(b, chrome)
	snap, vpc := biggestVPC(b)
	path := "/snapshots/demo-large/vpcs/" + vpc
	warm(b, srv.URL+path)
	reportSizes(b, srv.URL, snap.VPCIDs())

	tctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	ctx, cancelT := context.WithTimeout(tctx, 5*time.Minute)
	defer cancelT()
	var fcp, ready, zoom, pan, redraw, n float64
	for b.Loop() {
		n++
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS("#diagram-page.ready"))); err != nil {
			b.Fatal(err)
		}
		t, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](timingJS, chromedp.EvalAwaitPromise))
		if err != nil || len(t) != 5 {
			b.Fatalf("timings: %v %v", t, err)
		}
		fcp, ready, zoom, pan, redraw = fcp+t[0], ready+t[1], zoom+t[2], pan+t[3], redraw+t[4]
	}
	b.ReportMetric(fcp/n, "fcp-ms")
	b.ReportMetric(ready/n, "ready-ms")
	b.ReportMetric(zoom/n, "zoom-ms/step")
	b.ReportMetric(pan/n, "pan-ms/step")
	b.ReportMetric(redraw/n, "redraw-ms")
}

// timingJS returns [first contentful paint, scripts ready, ms per zoom
// step, ms per pan step, ms of the sharp redraw after a pause], each step
// timed until the frame after it.
const timingJS = `(async () => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1;
  const ready = performance.getEntriesByName('sgmap-ready')[0]?.startTime ?? -1;
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const steps = async (act, n) => {
    await frame();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) { act(i); await frame(); }
    return (performance.now() - t0) / n;
  };
  const zoom = await steps((i) => document.getElementById(i % 2 ? 'zoom-out' : 'zoom-in').click(), 20);
  // Let the zoom settle and be redrawn sharp before timing pans.
  const settle = async () => { await new Promise((r) => setTimeout(r, 2500)); await frame(); };
  await settle();
  const key = (k) => document.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true}));
  const pan = await steps((i) => key(['ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown'][i % 4]), 20);
  await settle();
  const t0 = performance.now();
  document.getElementById('zoom-in').click();
  await new Promise((r) => setTimeout(r, 250)); // past SETTLE_MS: the sharp redraw runs
  await frame();
  const redraw = performance.now() - t0 - 250;
  return [fcp, ready, zoom, pan, redraw];
})()`

// warm renders the page's view before timing: GETs it until it shows no
// progress note (render.json waits on the server meanwhile).
func warm(b *testing.B, u string) {
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		body := get(b, u)
		if !regexp.MustCompile(`id="render-progress"`).MatchString(body) {
			return
		}
		time.Sleep(time.Second)
	}
	b.Fatalf("%s: still drawing after 3 minutes", u)
}

// reportSizes logs the bytes of every VPC's default page and page data
// and reports the largest of each.
func reportSizes(b *testing.B, base string, vpcs []string) {
	var maxPage, maxData int
	for _, vpc := range vpcs {
		u := base + "/snapshots/demo-large/vpcs/" + vpc
		warm(b, u)
		page := get(b, u)
		m := regexp.MustCompile(`data-page-data-url="([^"]+)"`).FindStringSubmatch(page)
		if m == nil {
			b.Fatalf("%s names no page data", u)
		}
		data := get(b, base+html.UnescapeString(m[1]))
		b.Logf("%s: page %d KiB, page data %d KiB", vpc, len(page)>>10, len(data)>>10)
		maxPage, maxData = max(maxPage, len(page)), max(maxData, len(data))
	}
	b.ReportMetric(float64(maxPage)/1024, "max-page-KiB")
	b.ReportMetric(float64(maxData)/1024, "max-pagedata-KiB")
}

func get(b *testing.B, u string) string {
	res, err := http.Get(u)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return string(body)
}
