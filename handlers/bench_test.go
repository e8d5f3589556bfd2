package handlers

import (
	"fmt"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"ecomdash/models/dbtest"
)

// pollAsInProduction polls the data version every 2 s, as in production.
func pollAsInProduction(o *Options) { o.DataPollInterval = 2 * time.Second }

// benchGet serves path through the Fiber handler directly (no network), so
// the figure is the app's own cost per request. hdr are request headers
// (name, value, …).
func benchGet(b *testing.B, path string, hdr ...string) {
	app, _ := newTestApp(b, pollAsInProduction)
	benchServe(b, app, path, hdr...)
}

// benchServe measures app answering GET path.
func benchServe(b *testing.B, app *fiber.App, path string, hdr ...string) {
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
	app, _ := newTestApp(b, pollAsInProduction)
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
// response cache with the same route built on every request (its handler
// registered without the cache), both as a browser asks (Accept-Encoding:
// br, gzip).
func BenchmarkServe(b *testing.B) {
	for _, r := range []struct {
		name, route, path string
		build             func(*Handler) fiber.Handler
	}{
		{"dashboard", "/", "/", func(h *Handler) fiber.Handler { return h.dashboardPage(h.home) }},
		{"chart-page", "/charts/:id", "/charts/quzhou-share-of-zhejiang-2012", func(h *Handler) fiber.Handler { return h.chartPage }},
		{"api-observations", "/api/observations", "/api/observations", func(h *Handler) fiber.Handler { return h.apiObservations }},
		{"embed-chart", "/embed/charts/:id", "/embed/charts/quzhou-share-of-zhejiang-2012", func(h *Handler) fiber.Handler { return h.embedChart(byID) }},
	} {
		b.Run(r.name+"/cached", func(b *testing.B) { benchGet(b, r.path, "Accept-Encoding", "br, gzip") })
		b.Run(r.name+"/built", func(b *testing.B) {
			_, h := newTestApp(b, pollAsInProduction)
			uncached := fiber.New(fiber.Config{ErrorHandler: h.ErrorHandler})
			uncached.Get(r.route, r.build(h))
			benchServe(b, uncached, r.path, "Accept-Encoding", "br, gzip")
		})
	}
}

// BenchmarkCompare compares, in one run, a comparison built from a state
// with the built-in chart that shows the same figures (Quzhou against
// Zhejiang, 2012): page and PNG served from the caches, the page built per
// request (its handler registered without the cache), and a PNG drawn per
// request (a new width each time, so nothing is cached).
func BenchmarkCompare(b *testing.B) {
	const st = "metrics=online_retail_sales&regions=330800,330000&periods=2012"
	const builtin = "/charts/quzhou-vs-zhejiang-online-retail-2012"
	for _, r := range []struct{ name, builtin, compare string }{
		{"page-cached", builtin, "/compare?" + st},
		{"png-cached", builtin + ".png", "/compare.png?" + st},
	} {
		b.Run(r.name+"/builtin", func(b *testing.B) { benchGet(b, r.builtin, "Accept-Encoding", "br, gzip") })
		b.Run(r.name+"/compare", func(b *testing.B) { benchGet(b, r.compare, "Accept-Encoding", "br, gzip") })
	}
	for _, r := range []struct {
		name, route, path string
		build             func(*Handler) fiber.Handler
	}{
		{"page-built/builtin", "/charts/:id", builtin, func(h *Handler) fiber.Handler { return h.chartPage }},
		{"page-built/compare", "/compare", "/compare?" + st, func(h *Handler) fiber.Handler { return h.comparePage }},
	} {
		b.Run(r.name, func(b *testing.B) {
			_, h := newTestApp(b, pollAsInProduction)
			uncached := fiber.New(fiber.Config{ErrorHandler: h.ErrorHandler})
			uncached.Get(r.route, r.build(h))
			benchServe(b, uncached, r.path, "Accept-Encoding", "br, gzip")
		})
	}
	for _, r := range []struct{ name, path string }{
		{"png-cold/builtin", builtin + ".png?"},
		{"png-cold/compare", "/compare.png?" + st + "&"},
	} {
		b.Run(r.name, func(b *testing.B) {
			app, _ := newTestApp(b, pollAsInProduction)
			h := app.Handler()
			var ctx fasthttp.RequestCtx
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ctx.Request.SetRequestURI(fmt.Sprintf("%swidth=%d&height=450&scale=1", r.path, 800+i%2000))
				ctx.Response.Reset()
				h(&ctx)
				if ctx.Response.StatusCode() != 200 {
					b.Fatalf("%s: %d %s", r.path, ctx.Response.StatusCode(), ctx.Response.Body())
				}
			}
		})
	}
}

// BenchmarkReport measures the Word report of the overview (every chart):
// served from the cache, and cold (the data version moves each time, so
// every chart image is drawn and the document written again). The report's
// size is reported as bytes/report.
func BenchmarkReport(b *testing.B) {
	const path = "/export/dashboards/overview.docx"
	b.Run("overview-cached", func(b *testing.B) { benchGet(b, path) })
	b.Run("overview-cold", func(b *testing.B) {
		app, h := newTestApp(b, pollAsInProduction)
		serve := app.Handler()
		var ctx fasthttp.RequestCtx
		ctx.Request.SetRequestURI(path)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			if err := h.db.Transaction(dbtest.BumpDataVersion); err != nil {
				b.Fatal(err)
			}
			h.charts.Invalidate()
			ctx.Response.Reset()
			b.StartTimer()
			serve(&ctx)
			if ctx.Response.StatusCode() != 200 {
				b.Fatalf("%d %s", ctx.Response.StatusCode(), ctx.Response.Body())
			}
		}
		b.ReportMetric(float64(len(ctx.Response.Body())), "bytes/report")
	})
}
