package handlers

import (
	"testing"
	"time"

	"github.com/valyala/fasthttp"
)

// benchGet serves path through the Fiber handler directly (no network), so
// the figure is the app's own cost per request. The data version is polled
// every 2 s, as in production; hdr are request headers (name, value, …).
func benchGet(b *testing.B, path string, hdr ...string) {
	benchGetWith(b, nil, path, hdr...)
}

// benchGetWith is benchGet with configure run on the Handler first.
func benchGetWith(b *testing.B, configure func(*Handler), path string, hdr ...string) {
	app, _ := newTestApp(b, func(h *Handler) {
		h.SetDataPollInterval(2 * time.Second)
		if configure != nil {
			configure(h)
		}
	})
	h := app.Handler()
	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI(path)
	for i := 0; i+1 < len(hdr); i += 2 {
		ctx.Request.Header.Set(hdr[i], hdr[i+1])
	}
	h(&ctx) // warm the chart store
	if ctx.Response.StatusCode() != 200 {
		b.Fatalf("%s: %d", path, ctx.Response.StatusCode())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ctx.Response.Reset()
		h(&ctx)
	}
	b.SetBytes(int64(len(ctx.Response.Body())))
}

func BenchmarkDashboard(b *testing.B)       { benchGet(b, "/") }
func BenchmarkChartPage(b *testing.B)       { benchGet(b, "/charts/quzhou-share-of-zhejiang-2012") }
func BenchmarkAPIObservations(b *testing.B) { benchGet(b, "/api/observations") }
func BenchmarkAPIObservationsFiltered(b *testing.B) {
	benchGet(b, "/api/observations?region=330800&period=2012")
}
func BenchmarkObservationsCSV(b *testing.B) { benchGet(b, "/api/observations.csv") }

// BenchmarkCachedPNG serves a chart PNG (1200×675 at scale 2) that is
// already in the image cache: the cost of a repeat request.
func BenchmarkCachedPNG(b *testing.B) { benchGet(b, "/charts/quzhou-share-of-zhejiang-2012.png") }

// BenchmarkCachedSVG is the same for the SVG.
func BenchmarkCachedSVG(b *testing.B) { benchGet(b, "/charts/quzhou-share-of-zhejiang-2012.svg") }

// BenchmarkImageRevalidation answers If-None-Match with 304, no render and no body.
func BenchmarkImageRevalidation(b *testing.B) {
	app, _ := newTestApp(b, func(h *Handler) { h.SetDataPollInterval(2 * time.Second) })
	h := app.Handler()
	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI("/charts/quzhou-share-of-zhejiang-2012.png")
	h(&ctx)
	etag := string(ctx.Response.Header.Peek("ETag"))
	ctx.Request.Header.Set("If-None-Match", etag)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ctx.Response.Reset()
		h(&ctx)
	}
	if ctx.Response.StatusCode() != 304 {
		b.Fatalf("status %d, want 304", ctx.Response.StatusCode())
	}
}

// BenchmarkEmbedChart renders the embed page of one chart.
func BenchmarkEmbedChart(b *testing.B) { benchGet(b, "/embed/charts/quzhou-share-of-zhejiang-2012") }

// BenchmarkServe compares, in one run, each hot route served from the
// response cache with the same route built on every request (the cache
// turned off), both as a browser asks (Accept-Encoding: br, gzip).
func BenchmarkServe(b *testing.B) {
	noCache := func(h *Handler) { h.responses = nil }
	for _, r := range []struct{ name, path string }{
		{"dashboard", "/"},
		{"chart-page", "/charts/quzhou-share-of-zhejiang-2012"},
		{"api-observations", "/api/observations"},
		{"embed-chart", "/embed/charts/quzhou-share-of-zhejiang-2012"},
	} {
		b.Run(r.name+"/cached", func(b *testing.B) { benchGet(b, r.path, "Accept-Encoding", "br, gzip") })
		b.Run(r.name+"/built", func(b *testing.B) { benchGetWith(b, noCache, r.path, "Accept-Encoding", "br, gzip") })
	}
}
