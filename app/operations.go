package app

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"ecomdash/handlers"
	"ecomdash/handlers/ratelimit"
)

// Operations are the settings an IT department tunes when running the
// dashboard in production. Each comes from the environment variable named
// in its comment; the defaults suit one instance on one machine.
type Operations struct {
	// DataPollInterval (DATA_POLL_INTERVAL, default 2s) is how long an
	// instance trusts the data version it last read before reading it
	// again: the bound on how soon a change written through another
	// instance, or by the import command, shows in this one. A change made
	// through this instance's admin API shows at once. 0 reads it on every
	// request.
	DataPollInterval time.Duration
	// ShutdownTimeout (SHUTDOWN_TIMEOUT, default 10s) bounds how long a
	// SIGTERM or SIGINT waits for requests in flight.
	ShutdownTimeout time.Duration
	// RenderRateLimit (RENDER_RATE_LIMIT, default 60/m) limits image renders
	// per client: requests for an image that is not cached yet, and ZIP
	// exports. Served and revalidated images are never limited. "off"
	// turns it off.
	RenderRateLimit ratelimit.Rate
	// ImportRateLimit (IMPORT_RATE_LIMIT, default 10/m) limits CSV imports
	// through the admin API per client.
	ImportRateLimit ratelimit.Rate
	// TrustedProxies (TRUSTED_PROXIES: IP addresses or CIDR ranges, comma-
	// or space-separated) are the reverse proxies whose ProxyHeader names
	// the client. Empty: the client is the connection's peer address.
	TrustedProxies []string
	// ProxyHeader (PROXY_HEADER, default X-Real-IP) is the header a trusted
	// proxy puts the client's address in (nginx: proxy_set_header X-Real-IP
	// $remote_addr). X-Forwarded-For also works: it is read from the right,
	// and the first address that is not a trusted proxy is the client
	// (see handlers/clientip).
	ProxyHeader string
	// LogFormat (LOG_FORMAT: json, text or auto, the default) is the log
	// format; auto writes JSON unless standard error is a terminal.
	LogFormat string
	// LogLevel (LOG_LEVEL: debug, info (default), warn, error). Each request
	// is logged at info; warn keeps only problems.
	LogLevel slog.Level
	// MetricsToken (METRICS_TOKEN), when set, must be sent as a bearer token
	// to read /metrics. Empty: /metrics is open (restrict it at the proxy).
	MetricsToken string
	// RenderMemoryMB (RENDER_MEMORY_MB, default 384) bounds the drawing
	// memory renders hold at once (12 bytes a PNG pixel, 32 an option byte); a render beyond
	// it waits up to 15 s, then answers 503 with Retry-After.
	RenderMemoryMB int
	// ResponseCacheMB (RESPONSE_CACHE_MB, default 64) and ImageCacheMB
	// (IMAGE_CACHE_MB, default 128) bound the page/API cache and the image
	// cache.
	ResponseCacheMB, ImageCacheMB int
}

// megabytesEnv reads a size in MiB from 1 to 65536.
func megabytesEnv(getenv func(string) string, key string, def int) (int, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 65536 {
		return 0, fmt.Errorf("config: %s=%q: want a whole number of MiB from 1 to 65536", key, v)
	}
	return n, nil
}

// Defaults of the Operations settings.
const (
	DefaultDataPollInterval = 2 * time.Second
	DefaultShutdownTimeout  = 10 * time.Second
	DefaultRenderRateLimit  = "60/m"
	DefaultImportRateLimit  = "10/m"
	DefaultProxyHeader      = "X-Real-IP"
)

// loadOperations reads the Operations settings from the environment.
func loadOperations(getenv func(string) string) (Operations, error) {
	var ops Operations
	var err error
	if ops.DataPollInterval, err = durationEnv(getenv, "DATA_POLL_INTERVAL", DefaultDataPollInterval); err != nil {
		return ops, err
	}
	if ops.ShutdownTimeout, err = durationEnv(getenv, "SHUTDOWN_TIMEOUT", DefaultShutdownTimeout); err != nil {
		return ops, err
	}
	if ops.ShutdownTimeout <= 0 {
		return ops, fmt.Errorf("config: SHUTDOWN_TIMEOUT must be positive")
	}
	if ops.RenderRateLimit, err = ratelimit.ParseRate(envOr(getenv, "RENDER_RATE_LIMIT", DefaultRenderRateLimit)); err != nil {
		return ops, fmt.Errorf("config: RENDER_RATE_LIMIT: %w", err)
	}
	if ops.ImportRateLimit, err = ratelimit.ParseRate(envOr(getenv, "IMPORT_RATE_LIMIT", DefaultImportRateLimit)); err != nil {
		return ops, fmt.Errorf("config: IMPORT_RATE_LIMIT: %w", err)
	}
	for _, p := range strings.FieldsFunc(getenv("TRUSTED_PROXIES"), func(r rune) bool { return r == ',' || r == ' ' }) {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return ops, fmt.Errorf("config: TRUSTED_PROXIES: %q is not an IP address or CIDR range", p)
			}
		}
		ops.TrustedProxies = append(ops.TrustedProxies, p)
	}
	ops.ProxyHeader = envOr(getenv, "PROXY_HEADER", DefaultProxyHeader)
	switch ops.LogFormat = envOr(getenv, "LOG_FORMAT", "auto"); ops.LogFormat {
	case "auto", "json", "text":
	default:
		return ops, fmt.Errorf("config: LOG_FORMAT %q: want json, text or auto", ops.LogFormat)
	}
	if err := ops.LogLevel.UnmarshalText([]byte(envOr(getenv, "LOG_LEVEL", "info"))); err != nil {
		return ops, fmt.Errorf("config: LOG_LEVEL: %w", err)
	}
	ops.MetricsToken = getenv("METRICS_TOKEN")
	for _, m := range []struct {
		key  string
		def  int
		dest *int
	}{
		{"RENDER_MEMORY_MB", handlers.DefaultRenderMemory >> 20, &ops.RenderMemoryMB},
		{"RESPONSE_CACHE_MB", handlers.DefaultResponseCacheBytes >> 20, &ops.ResponseCacheMB},
		{"IMAGE_CACHE_MB", handlers.DefaultImageCacheBytes >> 20, &ops.ImageCacheMB},
	} {
		if *m.dest, err = megabytesEnv(getenv, m.key, m.def); err != nil {
			return ops, err
		}
	}
	return ops, nil
}

// durationEnv reads a Go duration such as "2s" or "500ms"; "0" is zero.
func durationEnv(getenv func(string) string, key string, def time.Duration) (time.Duration, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("config: %s=%q: want a duration such as 2s or 500ms", key, v)
	}
	return d, nil
}

// NewLogger returns the logger the settings ask for, writing to w: JSON
// (one object per line, for journald, Loki or ELK) unless LOG_FORMAT says
// text, or says auto and w is a terminal.
func NewLogger(ops Operations, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: ops.LogLevel}
	format := ops.LogFormat
	if format == "" || format == "auto" {
		format = "json"
		if isTerminal(w) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
