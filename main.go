// Command ecomdash serves the 电商区域统计看板 (regional e-commerce
// statistics dashboard). With no arguments (or "serve") it serves on ADDR
// (default :8080) from the SQLite database DATABASE_URL (default
// ./ecomdash.db), creating and seeding it on first run. "ecomdash seed"
// applies pending seed corrections and adds any seed figures missing;
// "ecomdash import FILE.csv [-dry-run]" and "ecomdash export [FILE]" load
// and dump the figures as CSV; "ecomdash sign-embed [-ttl 720h] PATH" mints
// a signed embed URL; "ecomdash backup FILE" writes a consistent copy of a
// SQLite database; "ecomdash regions load FILE.json" loads an edition of
// China's administrative divisions. The commands are implemented in package app (cli.go).
package main

import (
	"fmt"
	"io"
	"os"

	"ecomdash/app"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ecomdash:", err)
		os.Exit(1)
	}
}

// run parses the flags and environment and runs the command args name.
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
		return app.RunServe(cfg, log)
	case "seed":
		return app.RunSeed(cfg, log)
	case "import":
		return app.RunImport(cfg, rest[1:], stdout)
	case "export":
		return app.RunExport(cfg, rest[1:], stdout, stderr)
	case "sign-embed":
		return app.RunSignEmbed(cfg, rest[1:], stdout, stderr)
	case "backup":
		return app.RunBackup(cfg, rest[1:], stdout)
	case "regions":
		return app.RunRegions(cfg, rest[1:], stdout)
	}
	return fmt.Errorf("unknown command %q (want serve, seed, import, export, sign-embed, backup or regions)", cmd)
}
