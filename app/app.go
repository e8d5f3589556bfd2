// Package app builds the dashboard from a Config: it opens and migrates the
// database, brings it up to the seed (seed.Ensure), and assembles the Fiber
// app with its middleware and routes; cli.go implements the commands.
// Tests build the same app on a temporary database.
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

// New opens the database, migrates it, brings it up to the seed (seeding it
// if it is empty; log gets what was done), and builds the HTTP app.
func New(cfg Config, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db, _, err := openSeeded(cfg.DatabaseURL, seed.Options{Log: log})
	if err != nil {
		return nil, err
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

// openSeeded opens and migrates the database and brings it up to the seed
// (seed.Ensure: an empty database is seeded, pending seed revisions are
// applied, the built-in charts added where there are none), as the server
// and the seed, import and export commands do.
func openSeeded(databaseURL string, opts seed.Options) (*gorm.DB, seed.Report, error) {
	db, err := models.Open(databaseURL)
	if err != nil {
		return nil, seed.Report{}, err
	}
	rep, err := seed.Ensure(db, opts)
	if err != nil {
		_ = models.Close(db)
		return nil, rep, err
	}
	return db, rep, nil
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
