// Package app builds the dashboard from a Config: it opens and migrates the
// database, seeds it when empty, and assembles the Fiber app with its
// middleware and routes. Tests build the same app on a temporary database.
package app

import (
	"cmp"
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"gorm.io/gorm"

	"ecomdash/handlers"
	"ecomdash/handlers/clientip"
	"ecomdash/models"
	"ecomdash/seed"
)

// App is a ready-to-serve dashboard.
type App struct {
	Config Config
	DB     *gorm.DB
	Fiber  *fiber.App
	log    *slog.Logger

	handlers *handlers.Handler
}

// New opens the database, migrates it, seeds it if it is empty, and builds
// the HTTP app.
func New(cfg Config, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db, res, seeded, err := openSeeded(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if seeded {
		log.Info("seeded empty database", "sources", res.Sources, "regions", res.Regions, "metrics", res.Metrics, "observations", res.Observations)
	}
	h, err := handlers.New(db, handlers.Options{
		Log:                log,
		AdminTokens:        cfg.AdminTokens,
		DataPollInterval:   cfg.DataPollInterval,
		Limits:             handlers.Limits{Render: cfg.RenderRateLimit, Import: cfg.ImportRateLimit},
		Embed:              cfg.embedConfig(),
		RenderMemory:       int64(cfg.RenderMemoryMB) << 20,
		ResponseCacheBytes: int64(cfg.ResponseCacheMB) << 20,
		ImageCacheBytes:    int64(cfg.ImageCacheMB) << 20,
	})
	if err != nil {
		_ = models.Close(db)
		return nil, fmt.Errorf("build handlers: %w", err)
	}
	m, err := newTelemetry(h, db)
	if err != nil {
		_ = h.Close()
		_ = models.Close(db)
		return nil, err
	}
	f := fiber.New(fiber.Config{
		AppName:               "ecomdash",
		ErrorHandler:          h.ErrorHandler,
		DisableStartupMessage: true,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           120 * time.Second,
		BodyLimit:             handlers.MaxRequestBody, // CSV imports; JSON bodies are held to 1 MiB by the admin handlers
		// Bodies are read by the handlers that take one, under their own
		// limit, after authentication (see handlers.bodyPolicy).
		StreamRequestBody:  true,
		EnableIPValidation: true,
	})
	clients, err := clientip.New(cfg.TrustedProxies, cfg.ProxyHeader)
	if err != nil {
		_ = h.Close()
		_ = models.Close(db)
		return nil, fmt.Errorf("config: %w", err)
	}
	f.Use(observe(log, m, newRequestIDs(), h.ErrorHandler))
	f.Use(clients.Middleware()) // before anything that keys on the client
	f.Use(recover.New())
	f.Use(securityHeaders(cfg.EmbedAllowedOrigins))
	f.Use(compress.New(compress.Config{Level: compress.LevelDefault}))
	h.Register(f)
	f.Get("/metrics", m.handler(cfg.MetricsToken))
	registerBenchRoutes(f)
	f.Use(notFoundFallback)
	return &App{Config: cfg, DB: db, Fiber: f, log: log, handlers: h}, nil
}

// openSeeded opens and migrates the database, and seeds it when it is empty
// (seeded reports whether it did), as the server and every command do.
func openSeeded(databaseURL string) (db *gorm.DB, res seed.Result, seeded bool, err error) {
	db, err = models.Open(databaseURL)
	if err != nil {
		return nil, res, false, err
	}
	res, seeded, err = seed.SeedIfEmpty(db)
	if err != nil {
		_ = models.Close(db)
		return nil, res, false, fmt.Errorf("seed empty database: %w", err)
	}
	if _, err := seed.Upgrade(db); err != nil { // after seeding: a fresh database only records the revision
		_ = models.Close(db)
		return nil, res, false, err
	}
	if _, err := seed.ChartsIfNone(db); err != nil {
		_ = models.Close(db)
		return nil, res, false, err
	}
	return db, res, seeded, nil
}

// Listen serves until the app is shut down.
func (a *App) Listen() error {
	a.log.Info("serving dashboard", "addr", a.Config.Addr, "database", models.RedactURL(a.Config.DatabaseURL),
		"data_poll_interval", a.Config.DataPollInterval.String(), "render_rate_limit", a.Config.RenderRateLimit.String(),
		"import_rate_limit", a.Config.ImportRateLimit.String(), "trusted_proxies", len(a.Config.TrustedProxies))
	if err := a.Fiber.Listen(a.Config.Addr); err != nil {
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	return nil
}

// Shutdown shuts down gracefully (see Close), giving requests in flight the
// configured ShutdownTimeout (DefaultShutdownTimeout when it is zero). It
// is what SIGTERM and SIGINT do.
func (a *App) Shutdown() error {
	return a.Close(cmp.Or(a.Config.ShutdownTimeout, DefaultShutdownTimeout))
}

// Close shuts down gracefully: /readyz turns 503, the listener closes so no
// new connection is accepted, requests in flight get up to timeout to
// finish, then the image renderer and the database close.
func (a *App) Close(timeout time.Duration) error {
	a.handlers.SetDraining()
	err := a.Fiber.ShutdownWithTimeout(timeout)
	if rerr := a.handlers.Close(); err == nil {
		err = rerr
	}
	if cerr := models.Close(a.DB); err == nil {
		err = cerr
	}
	return err
}
