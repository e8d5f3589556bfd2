// Package handlers owns HTTP: it parses and validates requests, calls the
// models and charts packages, and writes pages, JSON and CSV. Errors are
// mapped to status codes in one place (ErrorHandler). Templates live in
// handlers/templates and are embedded; chart options reach pages only as
// JSON data inside <script type="application/json">, never as code.
package handlers

import (
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"ecomdash/charts"
	"ecomdash/charts/render"
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
	log    *slog.Logger
	// admin holds the admin API's state (tokens, rate limits); see admin.go.
	admin *adminState
	embed EmbedConfig

	renderer *lazyRenderer
}

// lazyRenderer starts the image renderer on the first image request, not at
// start-up: loading ECharts into the JS VMs takes longer than the rest of
// start-up, and most processes (tests, the seed command) never draw an image.
type lazyRenderer struct {
	once sync.Once
	r    *render.Renderer
	err  error
}

var errRendererClosed = errors.New("image renderer closed")

func (l *lazyRenderer) get() (imageRenderer, error) {
	l.once.Do(func() { l.r, l.err = render.New(runtime.NumCPU()) })
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
	h := &Handler{db: db, charts: charts.NewStore(db), views: v, assets: a, log: log}
	h.renderer = &lazyRenderer{}
	h.images = newImageCache(h.renderer.get)
	return h, nil
}

// Close stops the image renderer if it was started.
func (h *Handler) Close() error {
	return h.renderer.close()
}

// Register adds every route to r.
func (h *Handler) Register(r fiber.Router) {
	r.Get("/static/*", h.assets.serve)
	r.Get("/favicon.ico", h.assets.favicon) // browsers ask for it on any page
	r.Get("/healthz", h.health)

	r.Get("/", h.dashboard)
	r.Get("/charts", func(c *fiber.Ctx) error { return c.Redirect("/#charts", fiber.StatusFound) })
	r.Get("/charts/:id.png", h.chartImage("png"))
	r.Get("/charts/:id.svg", h.chartImage("svg"))
	r.Get("/charts/:id", h.chartPage)
	r.Get("/export/charts.zip", h.exportZIP)
	r.Get("/dashboards/:id", h.dashboardPage)
	r.Get("/embed/charts/:id", h.embedChart)
	r.Get("/embed/dashboards/:id", h.embedDashboard)
	r.Get("/regions", h.regionsPage)
	r.Get("/regions/:code", h.regionPage)
	r.Get("/sources", h.sourcesPage)
	r.Get("/sources/:id", h.sourcePage)

	h.registerAdmin(r) // /admin and /api/admin/*, before the /api catch-all

	api := r.Group("/api")
	api.Get("/regions", h.apiRegions)
	api.Get("/metrics", h.apiMetrics)
	api.Get("/sources", h.apiSources)
	api.Get("/observations.csv", h.observationsCSV)
	api.Get("/observations", h.apiObservations)
	api.Get("/dashboards", h.apiDashboards)
	api.Get("/charts", h.apiCharts)
	api.Get("/charts/:id.csv", h.chartCSV)
	api.Get("/charts/:id", h.apiChart)
	api.All("/*", func(c *fiber.Ctx) error { return notFound("没有这个接口 (no such API route)") })
}

// health answers /healthz: 200 when the database answers.
func (h *Handler) health(c *fiber.Ctx) error {
	if err := models.Ping(h.db); err != nil {
		return fiber.NewError(fiber.StatusServiceUnavailable, fmt.Sprintf("database unavailable: %v", err))
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"status": "ok"})
}
