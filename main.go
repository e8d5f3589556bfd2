// Command ecomdash serves the 电商区域统计看板 (regional e-commerce
// statistics dashboard). With no arguments it serves on ADDR (default :8080)
// from the SQLite database DATABASE_URL (default ./ecomdash.db), creating and
// seeding it on first run. "ecomdash import FILE.csv [-dry-run]" and
// "ecomdash export [FILE]" load and dump the figures as CSV;
// "ecomdash sign-embed [-ttl 720h] PATH" mints a signed embed URL;
// "ecomdash backup FILE" writes a consistent copy of a SQLite database.
package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"ecomdash/app"
	"ecomdash/models"
	"ecomdash/seed"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ecomdash:", err)
		os.Exit(1)
	}
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, rest, err := app.LoadConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	log := app.NewLogger(cfg.Operations, stderr)
	cmd := "serve"
	if len(rest) > 0 {
		cmd = rest[0]
	}
	switch cmd {
	case "serve":
		return serve(cfg, log)
	case "seed":
		return reseed(cfg, log)
	case "import":
		return app.RunImport(cfg, rest[1:], stdout)
	case "export":
		return app.RunExport(cfg, rest[1:], stdout, stderr)
	case "sign-embed":
		return app.RunSignEmbed(cfg, rest[1:], stdout, stderr)
	case "backup":
		return app.RunBackup(cfg, rest[1:], stdout)
	}
	return fmt.Errorf("unknown command %q (want serve, seed, import, export, sign-embed or backup)", cmd)
}

func serve(cfg app.Config, log *slog.Logger) error {
	a, err := app.New(cfg, log)
	if err != nil {
		return err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	errc := make(chan error, 1)
	go func() { errc <- a.Listen() }()
	select {
	case err := <-errc:
		_ = a.Close(time.Second)
		return err
	case sig := <-stop:
		log.Info("shutting down", "signal", sig.String(), "timeout", cfg.ShutdownTimeout.String())
		signal.Stop(stop) // a second signal kills at once
		if err := a.Shutdown(); err != nil {
			return fmt.Errorf("shut down: %w", err)
		}
		log.Info("shut down cleanly")
		return nil
	}
}

func reseed(cfg app.Config, log *slog.Logger) error {
	db, err := models.Open(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer models.Close(db)
	up, err := seed.Upgrade(db) // before Run: corrected figures move to their new keys first
	if err != nil {
		return err
	}
	if up.Applied {
		log.Info("seed corrections applied", "revision", seed.Revision, "updated", up.Updated, "inserted", up.Inserted,
			"dropped", up.Dropped, "kept_as_edited", len(up.Kept))
		for _, k := range up.Kept {
			log.Warn("seed correction not applied: the row was changed by an administrator", "row", k)
		}
	}
	res, err := seed.Run(db)
	if err != nil {
		return err
	}
	log.Info("seed applied", "sources", res.Sources, "regions", res.Regions, "metrics", res.Metrics, "observations", res.Observations)
	return nil
}
