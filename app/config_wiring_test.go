package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"ecomdash/handlers"
	"ecomdash/handlers/ratelimit"
	"ecomdash/models"
)

// The configuration wiring test: every field of Config has a row that sets
// it to something other than its default and checks, through the app New
// builds (and main.go's logger), that the setting has its effect. A new
// field without a row fails TestConfigWiringCoversEveryField.

// wiringCase is one row: set changes field from its default, check builds
// the app from the changed configuration and checks the effect.
type wiringCase struct {
	field string
	set   func(t *testing.T, c *Config)
	check func(t *testing.T, cfg Config)
}

// configFields lists the leaf fields of a Config, those of embedded
// structs (Operations) included, by the name they are promoted under.
func configFields(typ reflect.Type) []string {
	var out []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, configFields(f.Type)...)
			continue
		}
		out = append(out, f.Name)
	}
	return out
}

// wiringDefaults is the configuration LoadConfig gives when nothing is set,
// on a fresh SQLite file in a temporary folder.
func wiringDefaults(t *testing.T) Config {
	t.Helper()
	cfg, _, err := LoadConfig([]string{"-db", filepath.Join(t.TempDir(), "app.db")}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// wiringApp builds the app from cfg with the logger main.go makes from it,
// writing to the returned buffer.
func wiringApp(t *testing.T, cfg Config) (*App, *syncBuffer) {
	t.Helper()
	var logs syncBuffer
	a, err := New(cfg, NewLogger(cfg.Operations, &logs))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(time.Second) })
	return a, &logs
}

// metricValue reads one series (name and labels, as /metrics writes them)
// from a /metrics body.
func metricValue(t *testing.T, body, series string) float64 {
	t.Helper()
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("/metrics %s: %v", line, err)
			}
			return f
		}
	}
	t.Fatalf("/metrics has no %s", series)
	return 0
}

// lastRequestIP is the ip field of the last request log line for path.
func lastRequestIP(t *testing.T, logs *syncBuffer, path string) string {
	t.Helper()
	ip := ""
	for _, l := range logLines(t, logs) {
		if l["path"] == path {
			ip, _ = l["ip"].(string)
		}
	}
	return ip
}

// embedChartPath is an embed page every seeded database has.
const embedChartPath = "/embed/charts/express-parcels-2020"

// screenWiringPath is a display-wall screen every seeded database has:
// framed and signed like the embeds.
const screenWiringPath = "/screen/zhejiang-quzhou"

var wiringCases = []wiringCase{
	{"Addr", func(t *testing.T, c *Config) { c.Addr = freeLoopbackAddr(t) }, checkAddr},
	{"DatabaseURL", func(t *testing.T, c *Config) {
		c.DatabaseURL = filepath.Join(filepath.Dir(c.DatabaseURL), "elsewhere.db")
	}, func(t *testing.T, cfg Config) {
		if _, err := os.Stat(cfg.DatabaseURL); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s exists before the app starts: %v", cfg.DatabaseURL, err)
		}
		a, _ := wiringApp(t, cfg)
		counts, err := models.CountAll(a.DB)
		if err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, openSQLiteFile(t, cfg.DatabaseURL), "observations"); n == 0 || n != int(counts.Observations) {
			t.Errorf("%s holds %d observations, the app %d", cfg.DatabaseURL, n, counts.Observations)
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(cfg.DatabaseURL), "app.db")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the default database file was written too: %v", err)
		}
	}},
	{"EmbedAllowedOrigins", func(t *testing.T, c *Config) {
		c.EmbedAllowedOrigins = []string{"https://portal.example.gov.cn"}
	}, func(t *testing.T, cfg Config) {
		a, _ := wiringApp(t, cfg)
		for _, path := range []string{embedChartPath, screenWiringPath} {
			_, h, _ := doGet(t, a, path)
			if csp := h["Content-Security-Policy"]; !strings.HasSuffix(csp, "frame-ancestors 'self' https://portal.example.gov.cn") || h["X-Frame-Options"] != "" {
				t.Errorf("%s: CSP %q, X-Frame-Options %q: want the allowed origin alone, no X-Frame-Options", path, csp, h["X-Frame-Options"])
			}
		}
	}},
	{"EmbedSigningKey", func(t *testing.T, c *Config) { c.EmbedSigningKey = "wiring-key" }, func(t *testing.T, cfg Config) {
		a, _ := wiringApp(t, cfg)
		for _, page := range []string{embedChartPath, screenWiringPath} {
			signed, _ := handlers.SignEmbedURL([]byte("wiring-key"), page, time.Now().Add(time.Hour))
			forged, _ := handlers.SignEmbedURL([]byte("another-key"), page, time.Now().Add(time.Hour))
			for path, want := range map[string]int{page: 403, forged: 403, signed: 200} {
				if status, _, body := doGet(t, a, path); status != want {
					t.Errorf("%s: %d, want %d: %.200s", path, status, want, body)
				}
			}
		}
	}},
	{"EmbedMaxTTL", func(t *testing.T, c *Config) { c.EmbedMaxTTL = 2 * time.Hour }, checkEmbedMaxTTL},
	{"AdminTokens", func(t *testing.T, c *Config) {
		c.AdminTokens = map[string]string{"ops": "wiring-token"}
	}, func(t *testing.T, cfg Config) {
		a, _ := wiringApp(t, cfg)
		for token, want := range map[string]int{"wiring-token": 200, "wrong": 401} {
			if r := appRequest(t, a, "GET", "/api/admin/audit", token, nil); r.StatusCode != want {
				t.Errorf("/api/admin/audit with token %q: %d, want %d", token, r.StatusCode, want)
			}
		}
		off, _ := wiringApp(t, wiringDefaults(t))
		if r := appRequest(t, off, "GET", "/api/admin/audit", "wiring-token", nil); r.StatusCode != 404 {
			t.Errorf("/api/admin/audit with no ADMIN_TOKEN: %d, want 404", r.StatusCode)
		}
	}},
	{"DataPollInterval", func(t *testing.T, c *Config) { c.DataPollInterval = time.Hour }, checkDataPollInterval},
	{"ShutdownTimeout", func(t *testing.T, c *Config) { c.ShutdownTimeout = 100 * time.Millisecond }, checkShutdownTimeout},
	{"RenderRateLimit", func(t *testing.T, c *Config) {
		c.RenderRateLimit = ratelimit.Rate{Events: 1, Per: time.Minute}
	}, func(t *testing.T, cfg Config) {
		a, _ := wiringApp(t, cfg)
		const image = "/charts/express-parcels-2020.svg"
		for _, tt := range []struct {
			path string
			want int
		}{
			{image, 200},                // rendered: the one render a minute allows
			{image + "?width=900", 429}, // another render
			{image, 200},                // served from the image cache: never limited
		} {
			if status, _, body := doGet(t, a, tt.path); status != tt.want {
				t.Errorf("%s: %d, want %d: %.200s", tt.path, status, tt.want, body)
			}
		}
	}},
	{"ImportRateLimit", func(t *testing.T, c *Config) {
		c.ImportRateLimit = ratelimit.Rate{Events: 1, Per: time.Minute}
	}, func(t *testing.T, cfg Config) {
		cfg.AdminTokens = map[string]string{"admin": "tok"}
		a, _ := wiringApp(t, cfg)
		for i, want := range []int{422, 429} {
			if r := appRequest(t, a, "POST", "/api/admin/import?dry_run=1", "tok", []byte("not,a,csv\n")); r.StatusCode != want {
				t.Errorf("import %d: %d, want %d", i+1, r.StatusCode, want)
			}
		}
	}},
	// a.Fiber.Test connects from 0.0.0.0: trusting it makes the test the proxy.
	{"TrustedProxies", func(t *testing.T, c *Config) { c.TrustedProxies = []string{"0.0.0.0"} }, func(t *testing.T, cfg Config) {
		for _, tt := range []struct {
			name string
			cfg  Config
			want string
		}{
			{"trusted peer", cfg, "10.1.1.1"},
			{"untrusted peer", wiringDefaults(t), "0.0.0.0"},
		} {
			a, logs := wiringApp(t, tt.cfg)
			doGet(t, a, "/healthz", "X-Real-IP", "10.1.1.1")
			if ip := lastRequestIP(t, logs, "/healthz"); ip != tt.want {
				t.Errorf("%s sending X-Real-IP 10.1.1.1: the log's client is %q, want %q", tt.name, ip, tt.want)
			}
		}
	}},
	{"ProxyHeader", func(t *testing.T, c *Config) { c.ProxyHeader = "X-Client-IP" }, func(t *testing.T, cfg Config) {
		cfg.TrustedProxies = []string{"0.0.0.0"}
		a, logs := wiringApp(t, cfg)
		doGet(t, a, "/healthz", "X-Client-IP", "10.2.2.2", "X-Real-IP", "10.9.9.9")
		if ip := lastRequestIP(t, logs, "/healthz"); ip != "10.2.2.2" {
			t.Errorf("the log's client is %q, want 10.2.2.2 from X-Client-IP", ip)
		}
	}},
	{"LogFormat", func(t *testing.T, c *Config) { c.LogFormat = "text" }, func(t *testing.T, cfg Config) {
		a, logs := wiringApp(t, cfg)
		doGet(t, a, "/healthz")
		out := logs.String()
		if !strings.Contains(out, "level=INFO msg=request") || strings.Contains(out, `"msg":`) {
			t.Errorf("LOG_FORMAT=text wrote:\n%s", out)
		}
	}},
	{"LogLevel", func(t *testing.T, c *Config) { c.LogLevel = slog.LevelWarn }, func(t *testing.T, cfg Config) {
		a, logs := wiringApp(t, cfg)
		doGet(t, a, "/healthz")
		if lines := logLines(t, logs); len(lines) != 0 {
			t.Errorf("LOG_LEVEL=warn logged the request at info: %v", lines)
		}
		if !strings.Contains(logs.String(), `"level":"WARN","msg":"admin API disabled`) {
			t.Errorf("LOG_LEVEL=warn dropped a warning too:\n%s", logs)
		}
	}},
	{"MetricsToken", func(t *testing.T, c *Config) { c.MetricsToken = "wiring-metrics" }, func(t *testing.T, cfg Config) {
		a, _ := wiringApp(t, cfg)
		for _, tt := range []struct {
			auth string
			want int
		}{{"", 401}, {"Bearer wrong", 401}, {"Bearer wiring-metrics", 200}} {
			if status, _, _ := doGet(t, a, "/metrics", "Authorization", tt.auth); status != tt.want {
				t.Errorf("/metrics with Authorization %q: %d, want %d", tt.auth, status, tt.want)
			}
		}
	}},
	{"RenderMemoryMB", func(t *testing.T, c *Config) { c.RenderMemoryMB = 200 }, func(t *testing.T, cfg Config) {
		a, _ := wiringApp(t, cfg)
		if status, _, _ := doGet(t, a, "/charts/express-parcels-2020.svg"); status != 200 {
			t.Fatalf("first image: %d", status)
		}
		_, _, body := doGet(t, a, "/metrics")
		if got := metricValue(t, body, "ecomdash_render_memory_budget_bytes"); got != 200<<20 {
			t.Errorf("render memory budget %v bytes, want %d", got, 200<<20)
		}
	}},
	{"ResponseCacheMB", func(t *testing.T, c *Config) { c.ResponseCacheMB = 3 }, func(t *testing.T, cfg Config) {
		a, _ := wiringApp(t, cfg)
		_, _, body := doGet(t, a, "/metrics")
		if got := metricValue(t, body, `ecomdash_cache_capacity_bytes{cache="responses"}`); got != 3<<20 {
			t.Errorf("response cache capacity %v bytes, want %d", got, 3<<20)
		}
	}},
	{"ImageCacheMB", func(t *testing.T, c *Config) { c.ImageCacheMB = 5 }, func(t *testing.T, cfg Config) {
		a, _ := wiringApp(t, cfg)
		_, _, body := doGet(t, a, "/metrics")
		if got := metricValue(t, body, `ecomdash_cache_capacity_bytes{cache="images"}`); got != 5<<20 {
			t.Errorf("image cache capacity %v bytes, want %d", got, 5<<20)
		}
	}},
}

// freeLoopbackAddr is a loopback address with a port free a moment ago.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	port, err := procFreePort()
	if err != nil {
		t.Fatal(err)
	}
	return "127.0.0.1:" + strconv.Itoa(port)
}

// checkAddr: Listen serves on the configured address. Another process may
// take the free port first: then it tries another, three times in all.
func checkAddr(t *testing.T, cfg Config) {
	for attempt := 0; ; attempt++ {
		a, _ := wiringApp(t, cfg)
		errc := make(chan error, 1)
		go func() { errc <- a.Listen() }()
		client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
		served := false
		var listenErr error
		waitFor(t, "the app answering on "+cfg.Addr, waitDeadline, func() bool {
			select {
			case listenErr = <-errc:
				return true
			default:
			}
			resp, err := client.Get("http://" + cfg.Addr + "/healthz")
			if err != nil {
				return false
			}
			resp.Body.Close()
			served = resp.StatusCode == 200
			return served
		})
		if !served {
			if strings.Contains(fmt.Sprint(listenErr), "address already in use") && attempt < 2 {
				cfg.Addr = freeLoopbackAddr(t)
				continue
			}
			t.Fatalf("Listen on %s: %v", cfg.Addr, listenErr)
		}
		if err := a.Close(time.Second); err != nil {
			t.Errorf("close: %v", err)
		}
		select {
		case err := <-errc:
			if err != nil {
				t.Errorf("Listen returned %v after the shutdown, want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Listen had not returned 10 s after the shutdown")
		}
		return
	}
}

// checkEmbedMaxTTL: the maximum bounds the URLs /embed/ accepts and those
// POST /api/admin/embed-url and the sign-embed command mint.
func checkEmbedMaxTTL(t *testing.T, cfg Config) {
	cfg.EmbedSigningKey = "wiring-key"
	cfg.AdminTokens = map[string]string{"tester": "test-token"}
	a, _ := wiringApp(t, cfg)
	for _, tt := range []struct {
		valid time.Duration
		want  int
	}{{48 * time.Hour, 403}, {time.Hour, 200}} {
		signed, err := handlers.SignEmbedURL([]byte("wiring-key"), embedChartPath, time.Now().Add(tt.valid))
		if err != nil {
			t.Fatal(err)
		}
		if status, _, body := doGet(t, a, signed); status != tt.want {
			t.Errorf("URL signed for %v under EMBED_MAX_TTL=2h: %d, want %d: %.200s", tt.valid, status, tt.want, body)
		}
	}
	var minted struct {
		URL     string    `json:"url"`
		Expires time.Time `json:"expires"`
	}
	asked := time.Now()
	if err := json.Unmarshal(adminJSON(t, a, "POST", "/api/admin/embed-url", map[string]any{"path": embedChartPath}, 200), &minted); err != nil {
		t.Fatal(err)
	}
	if left := minted.Expires.Sub(asked); left <= 0 || left > 2*time.Hour+time.Second {
		t.Errorf("embed-url with no ttl under EMBED_MAX_TTL=2h minted a URL valid for %v (expires %v)", left.Round(time.Second), minted.Expires)
	}
	if status, _, body := doGet(t, a, minted.URL); status != 200 {
		t.Errorf("the minted URL %s: %d: %.200s", minted.URL, status, body)
	}
	adminJSON(t, a, "POST", "/api/admin/embed-url", map[string]any{"path": embedChartPath, "ttl_hours": 48}, 422)

	// sign-embed with no -ttl signs for the maximum too; -ttl 48h is refused
	var out, errs strings.Builder
	asked = time.Now()
	if err := RunSignEmbed(cfg, []string{embedChartPath}, &out, &errs); err != nil {
		t.Fatalf("sign-embed with no -ttl under EMBED_MAX_TTL=2h: %v", err)
	}
	signed := strings.TrimSpace(out.String())
	u, err := url.Parse(signed)
	if err != nil {
		t.Fatal(err)
	}
	exp, err := strconv.ParseInt(u.Query().Get("exp"), 10, 64)
	if left := time.Unix(exp, 0).Sub(asked); err != nil || left <= 0 || left > 2*time.Hour+time.Second {
		t.Errorf("sign-embed with no -ttl under EMBED_MAX_TTL=2h signed %s, valid for %v", signed, left.Round(time.Second))
	}
	if status, _, body := doGet(t, a, signed); status != 200 {
		t.Errorf("the URL sign-embed printed, %s: %d: %.200s", signed, status, body)
	}
	if err := RunSignEmbed(cfg, []string{"-ttl", "48h", embedChartPath}, &out, &errs); err == nil || !strings.Contains(err.Error(), "EMBED_MAX_TTL (2h0m0s)") {
		t.Errorf("sign-embed -ttl 48h under EMBED_MAX_TTL=2h: %v, want the maximum named", err)
	}
}

// checkDataPollInterval: a change written through another database handle
// (another instance, the import command) reaches a cached route on the
// next request with DATA_POLL_INTERVAL=0, and not within an interval of 1h.
func checkDataPollInterval(t *testing.T, cfg Config) {
	zero := wiringDefaults(t)
	zero.DataPollInterval = 0
	for _, tt := range []struct {
		cfg   Config
		shows bool
	}{{cfg, false}, {zero, true}} {
		a, _ := wiringApp(t, tt.cfg)
		count := func() int {
			t.Helper()
			status, _, body := doGet(t, a, "/api/observations")
			var obs []json.RawMessage
			if err := json.Unmarshal([]byte(body), &obs); status != 200 || err != nil {
				t.Fatalf("/api/observations: %d %v", status, err)
			}
			return len(obs)
		}
		before := count()
		other, err := models.Open(tt.cfg.DatabaseURL)
		if err != nil {
			t.Fatal(err)
		}
		obs, err := models.FindObservations(other, models.ObservationFilter{Limit: 1})
		if err != nil || len(obs) != 1 {
			t.Fatalf("find an observation: %v %v", obs, err)
		}
		if err := models.DeleteObservation(other, "wiring-test", obs[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := models.Close(other); err != nil {
			t.Fatal(err)
		}
		want := before
		if tt.shows {
			want--
		}
		if after := count(); after != want {
			t.Errorf("DATA_POLL_INTERVAL=%v: /api/observations lists %d after another handle deleted one of %d, want %d",
				tt.cfg.DataPollInterval, after, before, want)
		}
	}
}

// checkShutdownTimeout: Shutdown gives a request in flight (an import whose
// body is still being sent) the configured time, then returns the timeout,
// long before the default would have.
func checkShutdownTimeout(t *testing.T, cfg Config) {
	cfg.AdminTokens = map[string]string{"admin": "tok"}
	a, _ := wiringApp(t, cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Fiber.Listener(ln) }()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/admin/import?dry_run=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n\r\n", 1<<20)
	if _, err := conn.Write([]byte(strings.Repeat("x", 16<<10))); err != nil { // the server reads 8 KiB ahead, then calls the handler
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	waitFor(t, "the import in its handler", waitDeadline, func() bool {
		resp, err := client.Get("http://" + ln.Addr().String() + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return metricValue(t, string(body), "ecomdash_http_requests_in_flight") >= 2 // the import and this request
	})
	start := time.Now()
	err = a.Shutdown()
	elapsed := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown with a request in flight: %v, want the timeout", err)
	}
	if elapsed > DefaultShutdownTimeout/2 {
		t.Errorf("Shutdown took %v with SHUTDOWN_TIMEOUT=%v", elapsed, cfg.ShutdownTimeout)
	}
	t.Logf("Shutdown returned %v after %v (SHUTDOWN_TIMEOUT=%v)", err, elapsed.Round(time.Millisecond), cfg.ShutdownTimeout)
}

func TestConfigWiringCoversEveryField(t *testing.T) {
	rows := map[string]bool{}
	for _, c := range wiringCases {
		if rows[c.field] {
			t.Errorf("Config.%s has two rows in wiringCases", c.field)
		}
		rows[c.field] = true
	}
	fields := map[string]bool{}
	for _, f := range configFields(reflect.TypeOf(Config{})) {
		fields[f] = true
		if !rows[f] {
			t.Errorf("Config.%s has no row in wiringCases (config_wiring_test.go): add one that sets it and checks its effect through the app", f)
		}
	}
	for f := range rows {
		if !fields[f] {
			t.Errorf("wiringCases has a row for %s, which Config no longer has", f)
		}
	}
}

// TestConfigWiring runs each row: its field, changed from the default,
// must have its effect.
func TestConfigWiring(t *testing.T) {
	for _, c := range wiringCases {
		t.Run(c.field, func(t *testing.T) {
			cfg := wiringDefaults(t)
			before := reflect.ValueOf(cfg).FieldByName(c.field).Interface()
			c.set(t, &cfg)
			if after := reflect.ValueOf(cfg).FieldByName(c.field).Interface(); reflect.DeepEqual(before, after) {
				t.Fatalf("the row leaves Config.%s at its default %v", c.field, before)
			}
			c.check(t, cfg)
		})
	}
}
