package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Config is everything the app needs to start. It comes from flags, which
// default to the environment variables named below.
type Config struct {
	// Addr is the listen address (ADDR; default ":8080").
	Addr string
	// DatabaseURL names the database (DATABASE_URL): a SQLite file path or a
	// "file:" URI. Default: ecomdash.db in the working directory.
	DatabaseURL string
}

// Defaults used when neither a flag nor the environment sets a value.
const (
	DefaultAddr        = ":8080"
	DefaultDatabaseURL = "ecomdash.db"
)

// LoadConfig reads the configuration: a flag wins over its environment
// variable, which wins over the default. getenv is os.Getenv in production.
// It returns the arguments left after the flags (the subcommand and its
// arguments).
func LoadConfig(args []string, getenv func(string) string, stderr io.Writer) (Config, []string, error) {
	cfg := Config{
		Addr:        envOr(getenv, "ADDR", DefaultAddr),
		DatabaseURL: envOr(getenv, "DATABASE_URL", DefaultDatabaseURL),
	}
	fs := flag.NewFlagSet("ecomdash", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (env ADDR)")
	fs.StringVar(&cfg.DatabaseURL, "db", cfg.DatabaseURL, "SQLite file path or file: URI (env DATABASE_URL)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ecomdash [flags] [serve|seed]\n\n  serve  serve the dashboard (default); seeds an empty database first\n  seed   add any seed figures missing from the database, then exit\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, nil, fmt.Errorf("parse flags: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, nil, err
	}
	return cfg, fs.Args(), nil
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if strings.TrimSpace(c.Addr) == "" {
		return errors.New("config: listen address (ADDR, -addr) is empty")
	}
	if strings.TrimSpace(c.DatabaseURL) == "" {
		return errors.New("config: database (DATABASE_URL, -db) is empty")
	}
	for _, scheme := range []string{"postgres://", "postgresql://", "mysql://"} {
		if strings.HasPrefix(c.DatabaseURL, scheme) {
			return fmt.Errorf("config: DATABASE_URL %q: only SQLite is supported in this version (a file path or file: URI)", c.DatabaseURL)
		}
	}
	return nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}
