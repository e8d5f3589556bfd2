package handlers

import (
	"testing"

	"github.com/valyala/fasthttp"
)

// benchGet serves path through the Fiber handler directly (no network), so
// the figure is the app's own cost per request.
func benchGet(b *testing.B, path string) {
	app, _ := newTestApp(b)
	h := app.Handler()
	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI(path)
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
	app, _ := newTestApp(b)
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
