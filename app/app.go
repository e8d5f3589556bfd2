// Package app builds the dashboard from a Config: it opens and migrates the
// database, seeds it when empty, and assembles the Fiber app with its
// middleware and routes. Tests build the same app on a temporary database.
package app

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"gorm.io/gorm"

	"ecomdash/handlers"
	"ecomdash/models"
	"ecomdash/seed"
)

// App is a ready-to-serve dashboard.
type App struct {
	Config Config
	DB     *gorm.DB
	Fiber  *fiber.App
	log    *slog.Logger
}

// New opens the database, migrates it, seeds it if it is empty, and builds
// the HTTP app.
func New(cfg Config, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db, err := models.Open(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	res, seeded, err := seed.SeedIfEmpty(db)
	if err != nil {
		_ = models.Close(db)
		return nil, fmt.Errorf("seed empty database: %w", err)
	}
	if seeded {
		log.Info("seeded empty database", "sources", res.Sources, "regions", res.Regions, "metrics", res.Metrics, "observations", res.Observations)
	}
	h, err := handlers.New(db, log)
	if err != nil {
		_ = models.Close(db)
		return nil, fmt.Errorf("build handlers: %w", err)
	}
	f := fiber.New(fiber.Config{
		AppName:               "ecomdash",
		ErrorHandler:          h.ErrorHandler,
		DisableStartupMessage: true,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           120 * time.Second,
		BodyLimit:             1 << 20,
	})
	f.Use(recover.New())
	f.Use(securityHeaders)
	f.Use(requestLog(log))
	f.Use(compress.New(compress.Config{Level: compress.LevelDefault}))
	h.Register(f)
	f.Use(func(c *fiber.Ctx) error { // nothing matched
		return fiber.NewError(fiber.StatusNotFound, "找不到这个页面："+c.Path())
	})
	return &App{Config: cfg, DB: db, Fiber: f, log: log}, nil
}

// Listen serves until the app is shut down.
func (a *App) Listen() error {
	a.log.Info("serving dashboard", "addr", a.Config.Addr, "database", a.Config.DatabaseURL)
	if err := a.Fiber.Listen(a.Config.Addr); err != nil {
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	return nil
}

// Close stops the server (waiting up to timeout for requests in flight) and
// closes the database.
func (a *App) Close(timeout time.Duration) error {
	err := a.Fiber.ShutdownWithTimeout(timeout)
	if cerr := models.Close(a.DB); err == nil {
		err = cerr
	}
	return err
}
