// Package handlers owns HTTP: it parses and validates requests (request.go),
// calls the models and charts packages, and writes pages, JSON, CSV and
// images. Errors are mapped to status codes in one place (errors.go).
// Files pair with their resource: pages.go, embed.go, images.go, zip.go,
// csv.go, api.go, and the admin API in admin*.go. Templates live in
// handlers/templates and are embedded; chart options reach pages only as
// JSON data inside <script type="application/json">, never as code.
package handlers

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	lru "github.com/hashicorp/golang-lru/v2"
	"gorm.io/gorm"

	"ecomdash/charts"
	"ecomdash/charts/firstpaint"
	"ecomdash/charts/render"
	"ecomdash/charts/state"
	"ecomdash/handlers/ratelimit"
	"ecomdash/handlers/respcache"
	"ecomdash/models"
	"ecomdash/static"
)

// Options configure a Handler. The zero value serves with the admin API
// off, no rate limits, open embeds and the data version read on every
// request.
type Options struct {
	// Log receives errors and notices; nil discards them.
	Log *slog.Logger
	// AdminTokens maps an actor name to its admin API token. Empty: the
	// admin routes answer 404.
	AdminTokens map[string]string
	// DataPollInterval is how long the data version read from the database
	// is trusted before it is read again (see charts.Store.SetPollInterval):
	// the bound on how soon a change written by another instance reaches
	// this one's caches. Zero reads it on every request.
	DataPollInterval time.Duration
	// Limits are the per-client rate limits on renders and imports.
	Limits Limits
	// RenderMemory bounds, in bytes, the drawing memory renders hold at
	// once; renders beyond it wait, then answer 503 (see render.New).
	// Zero means DefaultRenderMemory.
	RenderMemory int64
	// ResponseCacheBytes and ImageCacheBytes bound the memory the page and
	// API cache and the image cache hold (see respcache.Entry.Size). Zero
	// means DefaultResponseCacheBytes and DefaultImageCacheBytes.
	ResponseCacheBytes, ImageCacheBytes int64
	// Embed configures /embed/*.
	Embed EmbedConfig
}

// DefaultRenderMemory is the drawing memory budget when Options sets none:
// two of the largest PNGs (4000×4000) at once, or ten at the default size
// (see render.PNGBytesPerPixel), which leaves room on a 2 GB server for the
// rest of the process.
const DefaultRenderMemory = 384 << 20

// Default cache sizes: every page and API answer of a dashboard like the
// seeded one takes under 5 MB, and a default-size PNG 100–200 KB.
const (
	DefaultResponseCacheBytes = 64 << 20
	DefaultImageCacheBytes    = 128 << 20
)

// Handler serves every route of the dashboard.
type Handler struct {
	db     *gorm.DB
	charts *charts.Store
	views  *views
	assets *assets
	// responses keeps finished pages and API answers per data version and URL.
	responses *respcache.Cache[string]
	// stateRefs remembers the Ref of each comparison query seen (refByState).
	stateRefs *lru.Cache[string, charts.Ref]
	// images keeps rendered images per data version; renderer draws them.
	images *respcache.Cache[imageKey]
	// paints caches first-paint SVGs by what they draw (firstpaint.go), so
	// a write that leaves a chart unchanged does not draw it again; painter
	// draws them.
	paints   *respcache.Cache[firstpaint.Key]
	painter  *firstpaint.Painter
	renderer imageRenderer
	log      *slog.Logger
	// admin holds the admin API's state (tokens, failed logins); nil when
	// the admin API is off.
	admin *adminState
	embed EmbedConfig

	// metricCounts keeps the builder's counts of regions and periods per
	// metric for one data version (compare_builder.go).
	metricCounts metricCountsMemo

	renderLimit, importLimit *ratelimit.Limiter
	// importSlots holds a token per table preview being read (at most
	// importPreviewSlots at once).
	importSlots chan struct{}
	rateLimited atomic.Uint64 // requests refused with 429
	draining    atomic.Bool   // shutting down: /readyz says 503
}

// New returns a Handler reading from db.
func New(db *gorm.DB, opts Options) (*Handler, error) {
	log := opts.Log
	if log == nil {
		log = discardLogger
	}
	a, err := loadAssets(static.FS)
	if err != nil {
		return nil, err
	}
	v, err := loadViews(a, len(opts.Embed.SigningKey) > 0)
	if err != nil {
		return nil, err
	}
	responses, err := respcache.NewCache[string](cmp.Or(opts.ResponseCacheBytes, DefaultResponseCacheBytes))
	if err != nil {
		return nil, err
	}
	images, err := respcache.NewCache[imageKey](cmp.Or(opts.ImageCacheBytes, DefaultImageCacheBytes))
	if err != nil {
		return nil, err
	}
	paints, err := respcache.NewCache[firstpaint.Key](firstpaint.CacheBytes)
	if err != nil {
		return nil, err
	}
	stateRefs, err := lru.New[string, charts.Ref](stateMemoEntries)
	if err != nil {
		return nil, fmt.Errorf("state memo: %w", err)
	}
	store := charts.NewStore(db)
	store.SetPollInterval(opts.DataPollInterval)
	h := &Handler{
		db: db, charts: store, views: v, assets: a, log: log,
		responses: responses, images: images, paints: paints, stateRefs: stateRefs,
		admin:       newAdminState(opts.AdminTokens),
		embed:       opts.Embed,
		renderLimit: ratelimit.New(opts.Limits.Render),
		importLimit: ratelimit.New(opts.Limits.Import),
		importSlots: make(chan struct{}, importPreviewSlots),
	}
	h.useRenderer(render.NewLazy(runtime.NumCPU(), cmp.Or(opts.RenderMemory, DefaultRenderMemory)))
	return h, nil
}

// useRenderer has r draw the handler's images and first paints.
func (h *Handler) useRenderer(r imageRenderer) {
	h.renderer = r
	h.painter = firstpaint.NewPainter(r, paintCache{h.paints}, h.log, renderTimeout)
}

// Close stops the image renderer if it was started.
func (h *Handler) Close() error {
	return h.renderer.Close()
}

// Register adds every route to r. Each route names the query parameters it
// takes (takes): anything else is a 400.
func (h *Handler) Register(r fiber.Router) {
	r.Use(bodyPolicy)
	none := takes()
	r.Get("/static/*", takes("v"), h.assets.serve) // ?v= is the fingerprint pages link with
	r.Get("/favicon.ico", none, h.assets.favicon)  // browsers ask for it on any page
	r.Get("/healthz", none, h.health)
	r.Get("/readyz", none, h.ready)

	r.Get("/", none, h.cached(h.dashboardPage(h.home)))
	r.Get("/charts", none, func(c *fiber.Ctx) error { return c.Redirect("/#charts", fiber.StatusFound) })
	r.Get("/charts/:id.png", takes(imageParams...), h.chartImage("png", refByParam, byID))
	r.Get("/charts/:id.svg", takes(imageParams...), h.chartImage("svg", refByParam, byID))
	r.Get("/charts/:id", takes(viewParams...), h.cached(h.chartPage))
	r.Get("/export/charts.zip", takes(append(imageParams, "ids")...), h.exportZIP)
	r.Get("/export/charts.docx", takes("ids"), h.reportCharts)
	r.Get("/export/dashboards/:id.docx", none, h.reportDashboard)
	r.Get("/dashboards/:id", none, h.cached(h.dashboardPage(h.dashboardByParam)))
	embed := takes(append(viewParams, signatureParams...)...)
	r.Get("/embed/charts/:id", embed, h.requireEmbedSignature, h.cached(h.embedChart(byID)))
	r.Get("/embed/dashboards/:id", embed, h.requireEmbedSignature, h.cached(h.embedDashboard))
	// charts built from a state in the query string (see charts/state)
	stateKeys := state.Keys
	r.Get("/compare", compareForm, takes(append(viewParams, stateKeys...)...), h.cached(h.comparePage))
	r.Get("/compare.png", takes(append(imageParams, stateKeys...)...), h.chartImage("png", refByState, byState))
	r.Get("/compare.svg", takes(append(imageParams, stateKeys...)...), h.chartImage("svg", refByState, byState))
	r.Get("/compare.csv", takes(stateKeys...), h.cached(h.chartCSV(byState)))
	r.Get("/export/compare.docx", takes(stateKeys...), h.reportCompare)
	r.Get("/embed/compare", takes(append(append(viewParams, signatureParams...), stateKeys...)...), h.requireEmbedSignature, h.cached(h.embedChart(byState)))
	r.Get("/screen", takes(append(screenParams, "dashboards")...), h.requireEmbedSignature, h.screenPage)
	r.Get("/screen/:id", takes(screenParams...), h.requireEmbedSignature, h.screenPage)
	r.Get("/regions", takes("q"), h.cached(h.regionsList))
	r.Get("/regions/:code", none, h.cached(h.regionPage))
	r.Get("/sources", none, h.cached(sourceResource.listPage(h, "sources", Page{Title: "数据来源", Nav: "sources"})))
	r.Get("/sources/:id", none, h.cached(h.sourcePage))

	h.registerAdmin(r) // /admin and /api/admin/*, before the /api catch-all

	api := r.Group("/api")
	api.Get("/regions", takes("q", "parent"), h.cached(h.apiRegions))
	api.Get("/metrics", none, h.cached(metricResource.list(h)))
	api.Get("/sources", none, h.cached(sourceResource.list(h)))
	api.Get("/observations.csv", takes(filterParams...), h.observationsCSV)
	api.Get("/observations", takes(append(filterParams, pageParams...)...), h.cached(h.apiObservations))
	api.Get("/dashboards", none, h.cached(h.apiDashboards))
	api.Get("/screen/:id", takes("theme"), h.cached(h.apiScreen))
	api.Get("/version", none, h.apiVersion)
	api.Get("/dashboards/:id", none, h.cached(h.apiDashboard))
	api.Get("/charts", none, h.cached(h.apiCharts))
	api.Get("/charts/:id.csv", none, h.cached(h.chartCSV(byID)))
	api.Get("/charts/:id", none, h.cached(h.apiChart(byID)))
	api.Get("/compare", takes(state.Keys...), h.cached(h.apiChart(byState)))
	api.Get("/compare/size", takes(state.Keys...), h.cached(h.apiCompareSize))
	api.Get("/compare/metric-counts", none, h.cached(h.apiCompareMetricCounts))
	api.Get("/compare/regions", takes("q", "metrics"), h.cached(h.apiCompareRegions))
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
