package app

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"gorm.io/gorm"

	"ecomdash/handlers"
	"ecomdash/handlers/clientip"
)

// requestIDHeader carries the request id: taken from the client (or the
// proxy in front) when it sends a sane one, else made here; always echoed.
const requestIDHeader = "X-Request-ID"

// reRequestID is what an incoming request id may look like; anything else
// (too long, or with characters that could forge log lines) is replaced.
var reRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// requestIDs makes ids "<process prefix>-<counter>": unique across
// instances (the prefix is random) and cheap (no randomness per request).
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux; a zero prefix is still usable
	return &requestIDs{prefix: hex.EncodeToString(b)}
}

func (r *requestIDs) next() string {
	return r.prefix + "-" + strconv.FormatUint(r.n.Add(1), 10)
}

// telemetry holds the Prometheus series the app exports at /metrics.
type telemetry struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
}

// newTelemetry registers the request series, the handler's cache and
// renderer figures, the database pool and the Go runtime.
func newTelemetry(h *handlers.Handler, db *gorm.DB) (*telemetry, error) {
	m := &telemetry{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ecomdash_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ecomdash_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and method.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ecomdash_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
	}
	// figure is a gauge (or, for a running total, a counter) read from the
	// handler's Stats when /metrics is scraped.
	type figure struct {
		name, help string
		counter    bool
		labels     prometheus.Labels
		of         func(handlers.Stats) float64
	}
	figures := []figure{
		{name: "ecomdash_render_vms", help: "JS VMs in the image renderer's pool (0 until the first image).", of: func(s handlers.Stats) float64 { return float64(s.RenderVMs) }},
		{name: "ecomdash_render_vms_busy", help: "Renderer VMs drawing an image now.", of: func(s handlers.Stats) float64 { return float64(s.RenderBusy) }},
		{name: "ecomdash_render_waiting", help: "Renders waiting for a free VM.", of: func(s handlers.Stats) float64 { return float64(s.RenderWaiting) }},
		{name: "ecomdash_render_memory_bytes", help: "Drawing memory renders (SVG and PNG) hold now (estimated).", of: func(s handlers.Stats) float64 { return float64(s.RenderMemory) }},
		{name: "ecomdash_render_memory_budget_bytes", help: "Bound on the drawing memory of renders (RENDER_MEMORY_MB; 0 until the first image).", of: func(s handlers.Stats) float64 { return float64(s.RenderMemoryBudget) }},
		{name: "ecomdash_data_version", help: "Data version the caches serve.", of: func(s handlers.Stats) float64 { return float64(s.DataVersion) }},
		{name: "ecomdash_rate_limited_total", help: "Requests refused with 429 by the render and import limits.", counter: true, of: func(s handlers.Stats) float64 { return float64(s.RateLimited) }},
	}
	for _, cache := range []struct {
		name string
		of   func(handlers.Stats) handlers.CacheStats
	}{
		{"responses", func(s handlers.Stats) handlers.CacheStats { return s.Responses }},
		{"images", func(s handlers.Stats) handlers.CacheStats { return s.Images }},
		{"paints", func(s handlers.Stats) handlers.CacheStats { return s.Paints }},
	} {
		label := prometheus.Labels{"cache": cache.name}
		of := func(f func(handlers.CacheStats) float64) func(handlers.Stats) float64 {
			return func(s handlers.Stats) float64 { return f(cache.of(s)) }
		}
		figures = append(figures,
			figure{name: "ecomdash_cache_hits_total", help: "Requests served from a cache.", counter: true, labels: label, of: of(func(c handlers.CacheStats) float64 { return float64(c.Hits) })},
			figure{name: "ecomdash_cache_misses_total", help: "Requests that built (or rendered) what they served.", counter: true, labels: label, of: of(func(c handlers.CacheStats) float64 { return float64(c.Misses) })},
			figure{name: "ecomdash_cache_entries", help: "Entries a cache holds.", labels: label, of: of(func(c handlers.CacheStats) float64 { return float64(c.Entries) })},
			figure{name: "ecomdash_cache_bytes", help: "Bytes a cache holds (bodies and their compressed forms, estimated).", labels: label, of: of(func(c handlers.CacheStats) float64 { return float64(c.Bytes) })},
			figure{name: "ecomdash_cache_capacity_bytes", help: "Bound on the bytes a cache holds (RESPONSE_CACHE_MB, IMAGE_CACHE_MB).", labels: label, of: of(func(c handlers.CacheStats) float64 { return float64(c.Capacity) })},
		)
	}
	cs := []prometheus.Collector{
		m.requests, m.duration, m.inFlight,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
	for _, f := range figures {
		read := func() float64 { return f.of(h.Stats()) }
		if f.counter {
			cs = append(cs, prometheus.NewCounterFunc(prometheus.CounterOpts{Name: f.name, Help: f.help, ConstLabels: f.labels}, read))
		} else {
			cs = append(cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: f.name, Help: f.help, ConstLabels: f.labels}, read))
		}
	}
	if sqlDB, err := db.DB(); err == nil {
		cs = append(cs, collectors.NewDBStatsCollector(sqlDB, "ecomdash"))
	}
	for _, c := range cs {
		if err := m.registry.Register(c); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return m, nil
}

// handler serves the registry in the Prometheus text format; with a token
// set, only to requests that bear it.
func (m *telemetry) handler(token string) fiber.Handler {
	serve := adaptor.HTTPHandler(promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "no-store")
		if token != "" {
			given := c.Get(fiber.HeaderAuthorization)
			if subtle.ConstantTimeCompare([]byte(given), []byte("Bearer "+token)) != 1 {
				c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="ecomdash-metrics"`)
				return fiber.NewError(fiber.StatusUnauthorized, "需要 METRICS_TOKEN (metrics need a bearer token)")
			}
		}
		return serve(c)
	}
}

// methodLabel keeps the method label to the standard methods. It returns
// the constants, never c.Method() itself: that points into the request
// buffer, and a label value is kept for the life of the process.
func methodLabel(m string) string {
	for _, std := range []string{fiber.MethodGet, fiber.MethodHead, fiber.MethodPost, fiber.MethodPut, fiber.MethodDelete, fiber.MethodPatch, fiber.MethodOptions} {
		if m == std {
			return std
		}
	}
	return "OTHER"
}

// routeLabel is the route pattern that answered (/charts/:id, not the
// path, so the number of series stays fixed); "unmatched" for the 404
// fallback.
func routeLabel(c *fiber.Ctx) string {
	if unmatched, _ := c.Locals(unmatchedKey).(bool); unmatched {
		return "unmatched"
	}
	return c.Route().Path
}

// unmatchedKey is the fiber.Ctx local the 404 fallback sets.
const unmatchedKey = "ecomdash_unmatched"

// notFoundFallback answers requests that no route matched.
func notFoundFallback(c *fiber.Ctx) error {
	c.Locals(unmatchedKey, true)
	return fiber.NewError(fiber.StatusNotFound, "找不到这个页面："+c.Path())
}

// observe is the outermost middleware: it gives each request an id, turns
// an error into its response (so the status logged and counted is the one
// sent), and logs and counts the request with its route, status and
// duration. Requests are logged at info, server errors at error.
func observe(log *slog.Logger, m *telemetry, ids *requestIDs, errorHandler fiber.ErrorHandler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		id := c.Get(requestIDHeader)
		if !reRequestID.MatchString(id) {
			id = ids.next()
		}
		c.Set(requestIDHeader, id)
		m.inFlight.Inc()
		if err := c.Next(); err != nil {
			if herr := errorHandler(c, err); herr != nil {
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
		}
		m.inFlight.Dec()
		elapsed := time.Since(start)
		status := c.Response().StatusCode()
		route, method := routeLabel(c), methodLabel(c.Method())
		m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
		m.duration.WithLabelValues(route, method).Observe(elapsed.Seconds())
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		if log.Enabled(c.UserContext(), level) {
			log.LogAttrs(c.UserContext(), level, "request",
				slog.String("request_id", id),
				slog.String("method", c.Method()),
				slog.String("path", c.Path()),
				slog.String("route", route),
				slog.Int("status", status),
				slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
				slog.Int("bytes", len(c.Response().Body())),
				slog.String("ip", clientip.Of(c)),
			)
		}
		return nil
	}
}
