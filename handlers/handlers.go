// Package handlers owns HTTP: it parses and validates requests, calls the
// models and charts packages, and writes pages, JSON and CSV. Errors are
// mapped to status codes in one place (ErrorHandler). Templates live in
// handlers/templates and are embedded; chart options reach pages only as
// JSON data inside <script type="application/json">, never as code.
package handlers

import (
	"fmt"
	"log/slog"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"ecomdash/charts"
	"ecomdash/models"
	"ecomdash/static"
)

// Handler serves every route of the dashboard.
type Handler struct {
	db     *gorm.DB
	charts *charts.Store
	views  *views
	assets *assets
	log    *slog.Logger
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
	return &Handler{db: db, charts: charts.NewStore(db), views: v, assets: a, log: log}, nil
}

// Register adds every route to r.
func (h *Handler) Register(r fiber.Router) {
	r.Get("/static/*", h.assets.serve)
	r.Get("/healthz", h.health)

	r.Get("/", h.dashboard)
	r.Get("/charts", func(c *fiber.Ctx) error { return c.Redirect("/#charts", fiber.StatusFound) })
	r.Get("/charts/:id", h.chartPage)
	r.Get("/regions", h.regionsPage)
	r.Get("/regions/:code", h.regionPage)
	r.Get("/sources", h.sourcesPage)
	r.Get("/sources/:id", h.sourcePage)

	api := r.Group("/api")
	api.Get("/regions", h.apiRegions)
	api.Get("/metrics", h.apiMetrics)
	api.Get("/sources", h.apiSources)
	api.Get("/observations.csv", h.observationsCSV)
	api.Get("/observations", h.apiObservations)
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
