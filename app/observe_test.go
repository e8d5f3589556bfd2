package app

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"ecomdash/handlers/ratelimit"
)

// syncBuffer is a bytes.Buffer safe for the logger and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newLoggedApp builds the app with a JSON logger writing to the returned
// buffer; change edits the configuration first.
func newLoggedApp(t *testing.T, change func(*Config)) (*App, *syncBuffer) {
	t.Helper()
	cfg := Config{Addr: "127.0.0.1:0", DatabaseURL: filepath.Join(t.TempDir(), "app.db")}
	if change != nil {
		change(&cfg)
	}
	var buf syncBuffer
	a, err := New(cfg, NewLogger(Operations{LogFormat: "json"}, &buf))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(time.Second) })
	return a, &buf
}

func doGet(t *testing.T, a *App, path string, hdr ...string) (status int, header map[string]string, body string) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := a.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	header = map[string]string{}
	for k := range resp.Header {
		header[k] = resp.Header.Get(k)
	}
	return resp.StatusCode, header, string(b)
}

// logLines decodes the JSON log lines whose msg is "request".
func logLines(t *testing.T, buf *syncBuffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if m["msg"] == "request" {
			out = append(out, m)
		}
	}
	return out
}

func TestRequestsAreLoggedAsJSONWithIDRouteStatusAndDuration(t *testing.T) {
	a, buf := newLoggedApp(t, nil)
	_, h1, _ := doGet(t, a, "/charts/express-parcels-2020")
	_, h2, _ := doGet(t, a, "/charts/no-such-chart", "X-Request-ID", "portal-abc.123")
	_, h3, _ := doGet(t, a, "/nope", "X-Request-ID", "bad id\nforged=1")
	if h1["X-Request-Id"] == "" || h2["X-Request-Id"] != "portal-abc.123" {
		t.Errorf("request ids: made %q, passed through %q", h1["X-Request-Id"], h2["X-Request-Id"])
	}
	if id := h3["X-Request-Id"]; id == "" || strings.ContainsAny(id, " \n=") {
		t.Errorf("a malformed incoming request id was kept: %q", id)
	}
	lines := logLines(t, buf)
	if len(lines) != 3 {
		t.Fatalf("%d request log lines, want 3:\n%s", len(lines), buf)
	}
	want := []struct {
		route  string
		status float64
		id     string
	}{
		{"/charts/:id", 200, h1["X-Request-Id"]},
		{"/charts/:id", 404, "portal-abc.123"},
		{"unmatched", 404, h3["X-Request-Id"]},
	}
	for i, w := range want {
		l := lines[i]
		if l["route"] != w.route || l["status"] != w.status || l["request_id"] != w.id || l["level"] != "INFO" {
			t.Errorf("log line %d = %v; want route %s, status %v, id %s", i, l, w.route, w.status, w.id)
		}
		if d, ok := l["duration_ms"].(float64); !ok || d < 0 {
			t.Errorf("log line %d has no duration_ms: %v", i, l)
		}
	}
}

func TestMetricsExposeRoutesCachesAndDatabasePool(t *testing.T) {
	a, _ := newLoggedApp(t, nil)
	for range 3 {
		doGet(t, a, "/")
		doGet(t, a, "/charts/express-parcels-2020")
	}
	doGet(t, a, "/charts/no-such-chart")
	status, h, body := doGet(t, a, "/metrics")
	if status != 200 || !strings.HasPrefix(h["Content-Type"], "text/plain") {
		t.Fatalf("/metrics: %d %s", status, h["Content-Type"])
	}
	for _, want := range []string{
		`ecomdash_http_requests_total{code="200",method="GET",route="/"} 3`,
		`ecomdash_http_requests_total{code="200",method="GET",route="/charts/:id"} 3`,
		`ecomdash_http_requests_total{code="404",method="GET",route="/charts/:id"} 1`,
		`ecomdash_http_request_duration_seconds_bucket{method="GET",route="/",le="`,
		`ecomdash_cache_hits_total{cache="responses"} 4`,
		`ecomdash_cache_misses_total{cache="responses"} 3`, // the 404 too: errors are built, never kept
		`ecomdash_cache_hits_total{cache="images"}`,        // pages draw their first paint through the image cache
		`ecomdash_render_vms`,
		`ecomdash_cache_entries{cache="responses"} 2`,
		`ecomdash_cache_capacity_bytes{cache="responses"} 6.7108864e+07`,
		`ecomdash_cache_capacity_bytes{cache="images"} 1.34217728e+08`,
		`ecomdash_cache_bytes{cache="images"}`,
		`ecomdash_render_memory_bytes 0`,
		`ecomdash_data_version 1`,
		"# TYPE ecomdash_rate_limited_total counter",
		"# TYPE ecomdash_cache_hits_total counter",
		"# TYPE ecomdash_cache_bytes gauge",
		"# TYPE ecomdash_render_vms_busy gauge",
		`go_sql_open_connections{db_name="ecomdash"}`,
		`go_goroutines`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, `route="/charts/express-parcels-2020"`) {
		t.Error("metrics are labelled by path, not by route pattern")
	}
}

func TestMetricsToken(t *testing.T) {
	a, _ := newLoggedApp(t, func(c *Config) { c.MetricsToken = "s3cret" })
	if status, _, body := doGet(t, a, "/metrics"); status != 401 || !strings.Contains(body, `"error"`) {
		t.Errorf("/metrics without the token: %d %s", status, body)
	}
	if status, _, _ := doGet(t, a, "/metrics", "Authorization", "Bearer wrong"); status != 401 {
		t.Errorf("/metrics with a wrong token: %d", status)
	}
	if status, _, _ := doGet(t, a, "/metrics", "Authorization", "Bearer s3cret"); status != 200 {
		t.Errorf("/metrics with the token: %d", status)
	}
}

func TestRateLimitsComeFromTheConfiguration(t *testing.T) {
	a, buf := newLoggedApp(t, func(c *Config) {
		c.ImportRateLimit = ratelimit.Rate{Events: 1, Per: time.Hour}
		c.AdminTokens = map[string]string{"admin": "tok"}
	})
	for i, want := range []int{422, 429} {
		resp := appRequest(t, a, "POST", "/api/admin/import?dry_run=1", "tok", []byte("not,a,csv\n"))
		if resp.StatusCode != want {
			t.Fatalf("import %d: %d, want %d", i+1, resp.StatusCode, want)
		}
		if want == 429 && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if !strings.Contains(buf.String(), `"status":429`) {
		t.Error("the 429 was not logged")
	}
}

func TestClientAddressFromTrustedProxiesOnly(t *testing.T) {
	limited := func(c *Config) {
		c.ImportRateLimit = ratelimit.Rate{Events: 1, Per: time.Hour}
		c.AdminTokens = map[string]string{"admin": "tok"}
	}
	importFrom := func(a *App, client string) int {
		req := httptest.NewRequest("POST", "/api/admin/import?dry_run=1", strings.NewReader("x\n"))
		req.Header.Set("Authorization", "Bearer tok")
		req.Header.Set("X-Real-IP", client)
		resp, err := a.Fiber.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	// app.Test connects from 0.0.0.0: trusted here, so each client behind the proxy has its own limit.
	behind, _ := newLoggedApp(t, func(c *Config) { limited(c); c.TrustedProxies = []string{"0.0.0.0"}; c.ProxyHeader = "X-Real-IP" })
	if a, b := importFrom(behind, "10.1.1.1"), importFrom(behind, "10.2.2.2"); a == 429 || b == 429 {
		t.Errorf("two clients behind a trusted proxy share one limit: %d %d", a, b)
	}
	if s := importFrom(behind, "10.1.1.1"); s != 429 {
		t.Errorf("a client's second import: %d, want 429", s)
	}
	// Untrusted: the header is ignored and everyone is the peer address.
	direct, _ := newLoggedApp(t, func(c *Config) { limited(c); c.ProxyHeader = "X-Real-IP" })
	importFrom(direct, "10.1.1.1")
	if s := importFrom(direct, "10.2.2.2"); s != 429 {
		t.Errorf("without trusted proxies a forged X-Real-IP escaped the limit: %d", s)
	}
}

func TestLoadOperations(t *testing.T) {
	ops, err := loadOperations(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if ops.DataPollInterval != 2*time.Second || ops.ShutdownTimeout != 10*time.Second ||
		ops.RenderRateLimit != (ratelimit.Rate{Events: 60, Per: time.Minute}) || ops.ImportRateLimit != (ratelimit.Rate{Events: 10, Per: time.Minute}) ||
		ops.LogFormat != "auto" || ops.LogLevel != slog.LevelInfo || ops.ProxyHeader != "X-Real-IP" {
		t.Errorf("defaults: %+v", ops)
	}
	ops, err = loadOperations(env(map[string]string{
		"DATA_POLL_INTERVAL": "500ms", "SHUTDOWN_TIMEOUT": "30s", "RENDER_RATE_LIMIT": "off",
		"IMPORT_RATE_LIMIT": "3/h", "TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16", "LOG_FORMAT": "text", "LOG_LEVEL": "warn",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if ops.DataPollInterval != 500*time.Millisecond || ops.ShutdownTimeout != 30*time.Second || !ops.RenderRateLimit.Off() ||
		ops.ImportRateLimit != (ratelimit.Rate{Events: 3, Per: time.Hour}) || len(ops.TrustedProxies) != 2 || ops.LogLevel != slog.LevelWarn {
		t.Errorf("set: %+v", ops)
	}
	for k, v := range map[string]string{
		"DATA_POLL_INTERVAL": "2", "SHUTDOWN_TIMEOUT": "0s", "RENDER_RATE_LIMIT": "lots",
		"TRUSTED_PROXIES": "proxy.local", "LOG_FORMAT": "xml", "LOG_LEVEL": "loud",
	} {
		if _, err := loadOperations(env(map[string]string{k: v})); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%q: error %v, want one naming %s", k, v, err, k)
		}
	}
}

func TestNewLoggerFormats(t *testing.T) {
	var buf bytes.Buffer
	NewLogger(Operations{LogFormat: "auto"}, &buf).Info("hello", "k", 1)
	if !json.Valid(bytes.TrimSpace(buf.Bytes())) {
		t.Errorf("auto, not a terminal: %q is not JSON", buf.String())
	}
	buf.Reset()
	NewLogger(Operations{LogFormat: "text"}, &buf).Info("hello", "k", 1)
	if !strings.Contains(buf.String(), "msg=hello k=1") {
		t.Errorf("text: %q", buf.String())
	}
	buf.Reset()
	NewLogger(Operations{LogFormat: "json", LogLevel: slog.LevelWarn}, &buf).Info("quiet")
	if buf.Len() != 0 {
		t.Errorf("LOG_LEVEL=warn logged an info line: %q", buf.String())
	}
}
