package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"ecomdash/handlers"
	"ecomdash/models"
)

// Config is everything the app needs to start. It comes from flags, which
// default to the environment variables named below.
type Config struct {
	// Addr is the listen address (ADDR; default ":8080").
	Addr string
	// DatabaseURL names the database (DATABASE_URL): a SQLite file path or a
	// "file:" URI, postgres://user:pass@host:5432/db?sslmode=… (or
	// postgresql://) for PostgreSQL, or mysql://user:pass@host:3306/db?… for
	// MySQL, MariaDB or TiDB (see models.Open). Default: ecomdash.db in the
	// working directory. Log it with models.RedactURL, never as is.
	DatabaseURL string
	// EmbedAllowedOrigins lists the origins that may frame /embed/ pages
	// (EMBED_ALLOWED_ORIGINS, comma- or space-separated, such as
	// "https://www.example.gov.cn"). Default "*": the data is public.
	EmbedAllowedOrigins []string
	// EmbedSigningKey, when set (EMBED_SIGNING_KEY), makes /embed/ URLs
	// require an expiry and an HMAC-SHA256 signature (`ecomdash sign-embed`).
	EmbedSigningKey string
	// EmbedMaxTTL (EMBED_MAX_TTL, default 8784h: 366 days) bounds how long a
	// signed embed URL may stay valid; one whose exp lies further ahead is
	// refused. POST /api/admin/embed-url and sign-embed sign for at most
	// this long, and by default for 30 days or this, whichever is shorter.
	EmbedMaxTTL time.Duration
	// AdminTokens maps an actor name to its admin API token (ADMIN_TOKEN;
	// environment only, so tokens never show in a process list). Empty:
	// the admin API is off.
	AdminTokens map[string]string
	// Operations are the production settings: timeouts, rate limits, logs,
	// proxies, metrics (see operations.go).
	Operations
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
		Addr:            envOr(getenv, "ADDR", DefaultAddr),
		DatabaseURL:     envOr(getenv, "DATABASE_URL", DefaultDatabaseURL),
		EmbedSigningKey: getenv("EMBED_SIGNING_KEY"),
	}
	var err error
	if cfg.EmbedMaxTTL, err = durationEnv(getenv, "EMBED_MAX_TTL", handlers.DefaultEmbedMaxTTL); err != nil {
		return cfg, nil, err
	}
	if cfg.EmbedMaxTTL < time.Hour {
		return cfg, nil, fmt.Errorf("config: EMBED_MAX_TTL must be at least 1h")
	}
	origins, err := parseOrigins(envOr(getenv, "EMBED_ALLOWED_ORIGINS", "*"))
	if err != nil {
		return cfg, nil, err
	}
	cfg.EmbedAllowedOrigins = origins
	tokens, err := ParseAdminTokens(getenv("ADMIN_TOKEN"))
	if err != nil {
		return cfg, nil, err
	}
	cfg.AdminTokens = tokens
	if cfg.Operations, err = loadOperations(getenv); err != nil {
		return cfg, nil, err
	}
	fs := flag.NewFlagSet("ecomdash", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (env ADDR)")
	fs.StringVar(&cfg.DatabaseURL, "db", cfg.DatabaseURL, "database: SQLite file path or file: URI, postgres://user:pass@host:5432/db?sslmode=disable, or mysql://user:pass@host:3306/db (env DATABASE_URL)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ecomdash [flags] [serve|seed|import FILE.csv [-dry-run]|export [FILE]|sign-embed [-ttl D] PATH|backup FILE]\n\n"+
			"  serve       serve the dashboard (default); seeds an empty database first\n"+
			"  seed        add any seed figures missing from the database, then exit\n"+
			"  import      validate FILE.csv and upsert its figures in one transaction (-dry-run: report only)\n"+
			"  export      write every figure as CSV to FILE (default: standard output)\n"+
			"  sign-embed  print a signed /embed/ URL (needs EMBED_SIGNING_KEY)\n"+
			"  backup      copy a SQLite database to the new file FILE while it serves (VACUUM INTO)\n\n"+
			"environment: ADMIN_TOKEN, EMBED_ALLOWED_ORIGINS, EMBED_SIGNING_KEY, EMBED_MAX_TTL, DATA_POLL_INTERVAL,\n"+
			"SHUTDOWN_TIMEOUT, RENDER_RATE_LIMIT, IMPORT_RATE_LIMIT, RENDER_MEMORY_MB, RESPONSE_CACHE_MB,\n"+
			"IMAGE_CACHE_MB, TRUSTED_PROXIES, PROXY_HEADER,\n"+
			"LOG_FORMAT, LOG_LEVEL, METRICS_TOKEN (see README, Running in production)\n\nflags:\n")
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

// Validate checks the configuration. DATABASE_URL must be a SQLite path or
// file: URI, or a well-formed postgres://, postgresql:// or mysql:// URL;
// its error messages never show the password.
func (c Config) Validate() error {
	if strings.TrimSpace(c.Addr) == "" {
		return errors.New("config: listen address (ADDR, -addr) is empty")
	}
	if strings.TrimSpace(c.DatabaseURL) == "" {
		return errors.New("config: database (DATABASE_URL, -db) is empty")
	}
	if _, err := models.DialectOf(c.DatabaseURL); err != nil {
		return fmt.Errorf("config: DATABASE_URL (-db): %w", err)
	}
	return nil
}

// embedConfig is the /embed/ configuration the server and the sign-embed
// command both use.
func (c Config) embedConfig() handlers.EmbedConfig {
	return handlers.EmbedConfig{SigningKey: []byte(c.EmbedSigningKey), MaxTTL: c.EmbedMaxTTL}
}

// reTokenName is what an actor name in ADMIN_TOKEN may look like.
var reTokenName = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// ParseAdminTokens reads ADMIN_TOKEN: empty (admin API off), one token (the
// actor is "admin"), or a comma-separated list of name:token pairs. A
// single token therefore cannot contain ':' or ','. Names must be unique,
// tokens too, and no token may be empty.
func ParseAdminTokens(v string) (map[string]string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	if !strings.ContainsAny(v, ":,") {
		return map[string]string{"admin": v}, nil
	}
	out := map[string]string{}
	seen := map[string]bool{}
	for i, pair := range strings.Split(v, ",") {
		name, token, ok := strings.Cut(strings.TrimSpace(pair), ":")
		name, token = strings.TrimSpace(name), strings.TrimSpace(token)
		switch {
		case !ok || token == "":
			return nil, fmt.Errorf("config: ADMIN_TOKEN entry %d: want name:token", i+1)
		case !reTokenName.MatchString(name):
			return nil, fmt.Errorf("config: ADMIN_TOKEN entry %d: name %q must be letters, digits, '_', '.' or '-'", i+1, name)
		case out[name] != "":
			return nil, fmt.Errorf("config: ADMIN_TOKEN: name %q given twice", name)
		case seen[token]:
			return nil, fmt.Errorf("config: ADMIN_TOKEN: entry %d reuses another entry's token", i+1)
		}
		out[name] = token
		seen[token] = true
	}
	return out, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// parseOrigins reads a comma- or space-separated list of origins
// (scheme://host[:port], no path) or "*".
func parseOrigins(raw string) ([]string, error) {
	fields := strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(fields) == 0 {
		return nil, errors.New("config: EMBED_ALLOWED_ORIGINS is empty (use * to allow every site)")
	}
	var out []string
	for _, f := range fields {
		if f == "*" {
			out = append(out, f)
			continue
		}
		u, err := url.Parse(f)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
			return nil, fmt.Errorf("config: EMBED_ALLOWED_ORIGINS: %q is not an origin such as https://www.example.gov.cn", f)
		}
		out = append(out, u.Scheme+"://"+u.Host)
	}
	return out, nil
}
