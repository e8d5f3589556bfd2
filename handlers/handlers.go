// Package handlers owns HTTP: it parses and validates requests, calls the
// models and charts packages, and writes pages, JSON and CSV. Errors are
// mapped to status codes in one place (ErrorHandler). Templates live in
// handlers/templates and are embedded; chart options reach pages only as
// JSON data inside <script type="application/json">, never as code.
package handlers

import (
	"context"
	"errors"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"ecomdash/charts"
	"ecomdash/charts/render"
	"ecomdash/handlers/ratelimit"
	"ecomdash/handlers/respcache"
	"ecomdash/models"
	"ecomdash/static"
)

// Handler serves every route of the dashboard.
type Handler struct {
	db     *gorm.DB
	charts *charts.Store
	views  *views
	assets *assets
	images *imageCache
	// responses keeps finished pages and API answers per data version.
	responses *respcache.Cache
	log       *slog.Logger
	// admin holds the admin API's state (tokens, rate limits); see admin.go.
	admin *adminState
	embed EmbedConfig

	renderer *lazyRenderer

	renderLimit, importLimit *ratelimit.Limiter
	rateLimited              atomic.Uint64 // requests refused with 429
	draining                 atomic.Bool   // shutting down: /readyz says 503
}

// lazyRenderer starts the image renderer on the first image request, not at
// start-up: loading ECharts into the JS VMs takes longer than the rest of
// start-up, and most processes (tests, the seed command) never draw an image.
type lazyRenderer struct {
	once    sync.Once
	r       *render.Renderer
	err     error
	started atomic.Pointer[render.Renderer] // r once it is running, for Stats
}

var errRendererClosed = errors.New("image renderer closed")

func (l *lazyRenderer) get() (imageRenderer, error) {
	l.once.Do(func() {
		l.r, l.err = render.New(runtime.NumCPU())
		if l.err == nil {
			l.started.Store(l.r)
		}
	})
	if l.err != nil {
		return nil, l.err
	}
	return l.r, nil
}

// close stops the renderer if it started, and keeps it from starting later.
func (l *lazyRenderer) close() error {
	l.once.Do(func() { l.err = errRendererClosed })
	if l.r == nil {
		return nil
	}
	return l.r.Close()
}

// New returns a Handler reading from db. log may be nil.
func New(db *gorm.DB, log *slog.Logger) (*Handler, error) {
	if log == nil {
		log = discardLogger
	}
	a, err := loadAssets(static.FS)
	if err != nil {
		return nil, err
	}
	v, err := loadViews(a)
	if err != nil {
		return nil, err
	}
	responses, err := respcache.NewCache(responseCacheEntries)
	if err != nil {
		return nil, err
	}
	h := &Handler{db: db, charts: charts.NewStore(db), views: v, assets: a, log: log, responses: responses}
	h.renderer = &lazyRenderer{}
	h.SetLimits(Limits{})
	h.images = newImageCache(h.renderer.get)
	return h, nil
}

// SetDataPollInterval sets how long the data version read from the database
// is trusted before it is read again (see charts.Store.SetPollInterval):
// the bound on how soon a change written by another instance reaches this
// one's caches. Zero reads it on every request.
func (h *Handler) SetDataPollInterval(d time.Duration) { h.charts.SetPollInterval(d) }

// Close stops the image renderer if it was started.
func (h *Handler) Close() error {
	return h.renderer.close()
}

// Register adds every route to r.
func (h *Handler) Register(r fiber.Router) {
	r.Get("/static/*", h.assets.serve)
	r.Get("/favicon.ico", h.assets.favicon) // browsers ask for it on any page
	r.Get("/healthz", h.health)
	r.Get("/readyz", h.ready)

	r.Get("/", h.cached(h.dashboard))
	r.Get("/charts", func(c *fiber.Ctx) error { return c.Redirect("/#charts", fiber.StatusFound) })
	r.Get("/charts/:id.png", h.chartImage("png"))
	r.Get("/charts/:id.svg", h.chartImage("svg"))
	r.Get("/charts/:id", h.cached(h.chartPage))
	r.Get("/export/charts.zip", h.exportZIP)
	r.Get("/dashboards/:id", h.cached(h.dashboardPage))
	r.Get("/embed/charts/:id", h.requireEmbedSignature, h.cached(h.embedChart))
	r.Get("/embed/dashboards/:id", h.requireEmbedSignature, h.cached(h.embedDashboard))
	r.Get("/regions", h.cached(h.regionsPage))
	r.Get("/regions/:code", h.cached(h.regionPage))
	r.Get("/sources", h.cached(h.sourcesPage))
	r.Get("/sources/:id", h.cached(h.sourcePage))

	h.registerAdmin(r) // /admin and /api/admin/*, before the /api catch-all

	api := r.Group("/api")
	api.Get("/regions", h.cached(h.apiRegions))
	api.Get("/metrics", h.cached(h.apiMetrics))
	api.Get("/sources", h.cached(h.apiSources))
	api.Get("/observations.csv", h.cached(h.observationsCSV))
	api.Get("/observations", h.cached(h.apiObservations))
	api.Get("/dashboards", h.cached(h.apiDashboards))
	api.Get("/charts", h.cached(h.apiCharts))
	api.Get("/charts/:id.csv", h.cached(h.chartCSV))
	api.Get("/charts/:id", h.cached(h.apiChart))
	api.All("/*", func(c *fiber.Ctx) error { return notFound("没有这个接口 (no such API route)") })
}

// health answers /healthz, the liveness probe: 200 while the process
// serves HTTP. It does not touch the database: a database outage is not
// cured by restarting the app.
func (h *Handler) health(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyTimeout bounds the readiness probe's database query.
const readyTimeout = 2 * time.Second

// SetDraining marks the instance as shutting down: /readyz answers 503 so
// a load balancer stops sending new requests while those in flight finish.
func (h *Handler) SetDraining() { h.draining.Store(true) }

// ready answers /readyz, the readiness probe: 200 when the database answers
// and its tables are migrated (the data version can be read), 503 when it
// does not or the instance is shutting down.
func (h *Handler) ready(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if h.draining.Load() {
		return fiber.NewError(fiber.StatusServiceUnavailable, "shutting down")
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), readyTimeout)
	defer cancel()
	v, err := models.CurrentDataVersion(h.db.WithContext(ctx))
	if err != nil {
		h.log.Warn("readiness check failed", "err", err)
		return fiber.NewError(fiber.StatusServiceUnavailable, "database unavailable or not migrated")
	}
	return c.JSON(fiber.Map{"status": "ready", "data_version": v})
}
