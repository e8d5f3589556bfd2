package app

import (
	"io"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"ecomdash/models"
)

// newTestApp builds the whole app on a fresh database in a temp folder.
func newTestApp(t testing.TB) *App {
	t.Helper()
	a, err := New(Config{Addr: "127.0.0.1:0", DatabaseURL: filepath.Join(t.TempDir(), "app.db")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(0) })
	return a
}

func TestNewSeedsAnEmptyDatabaseOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "first.db")
	a, err := New(Config{Addr: ":0", DatabaseURL: path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c1, _ := models.CountAll(a.DB)
	v1, _ := models.CurrentDataVersion(a.DB)
	if c1.Observations < 45 || c1.Sources != 5 {
		t.Fatalf("first start seeded %+v", c1)
	}
	// an admin deletes a figure; a restart must not bring it back
	if err := a.DB.Where("id = (SELECT MIN(id) FROM observations)").Delete(&models.Observation{}).Error; err != nil {
		t.Fatal(err)
	}
	_ = a.Close(0)
	b, err := New(Config{Addr: ":0", DatabaseURL: path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(0)
	c2, _ := models.CountAll(b.DB)
	v2, _ := models.CurrentDataVersion(b.DB)
	if c2.Observations != c1.Observations-1 || v2 != v1 {
		t.Errorf("restart changed the data: %+v v%d -> %+v v%d", c1, v1, c2, v2)
	}
}

func TestSecurityHeadersOnEveryRouteFamily(t *testing.T) {
	a := newTestApp(t)
	for _, path := range []string{"/", "/charts/express-parcels-2020", "/dashboards/overview", "/regions/330800", "/sources", "/api/observations",
		"/api/observations.csv", "/api/charts/express-parcels-2020.csv", "/healthz", "/static/css/app.css", "/nope", "/api/nope", "/api/observations?region=x"} {
		resp, err := a.Fiber.Test(httptest.NewRequest("GET", path, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
		for h, want := range map[string]string{
			"X-Frame-Options":         "DENY",
			"X-Content-Type-Options":  "nosniff",
			"Content-Security-Policy": contentSecurityPolicy,
			"Referrer-Policy":         "strict-origin-when-cross-origin",
		} {
			if got := resp.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", path, h, got, want)
			}
		}
	}
}

func TestResponsesAreCompressedWhenAsked(t *testing.T) {
	a := newTestApp(t)
	req := httptest.NewRequest("GET", "/api/observations", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := a.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("Content-Encoding %q, want gzip", resp.Header.Get("Content-Encoding"))
	}
}

func TestEmbedRoutesAloneMayBeFramed(t *testing.T) {
	a, err := New(Config{Addr: ":0", DatabaseURL: filepath.Join(t.TempDir(), "f.db"),
		EmbedAllowedOrigins: []string{"https://portal.example.gov.cn", "http://127.0.0.1:9000"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(0)
	for _, tt := range []struct {
		path      string
		ancestors string
		xfo       string
		corp      string
	}{
		{"/embed/charts/express-parcels-2020", "frame-ancestors 'self' https://portal.example.gov.cn http://127.0.0.1:9000", "", "cross-origin"},
		{"/embed/dashboards/overview", "frame-ancestors 'self' https://portal.example.gov.cn http://127.0.0.1:9000", "", "cross-origin"},
		{"/embed/charts/nope", "frame-ancestors 'self' https://portal.example.gov.cn http://127.0.0.1:9000", "", "cross-origin"},
		{"/charts/express-parcels-2020", "frame-ancestors 'none'", "DENY", "same-origin"},
		{"/dashboards/overview", "frame-ancestors 'none'", "DENY", "same-origin"},
		{"/", "frame-ancestors 'none'", "DENY", "same-origin"},
		{"/api/charts", "frame-ancestors 'none'", "DENY", "same-origin"},
		{"/static/js/embed.js", "frame-ancestors 'none'", "DENY", "cross-origin"},
	} {
		resp, err := a.Fiber.Test(httptest.NewRequest("GET", tt.path, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.HasSuffix(csp, tt.ancestors) {
			t.Errorf("%s: CSP %q, want it to end with %q", tt.path, csp, tt.ancestors)
		}
		if got := resp.Header.Get("X-Frame-Options"); got != tt.xfo {
			t.Errorf("%s: X-Frame-Options %q, want %q", tt.path, got, tt.xfo)
		}
		if got := resp.Header.Get("Cross-Origin-Resource-Policy"); got != tt.corp {
			t.Errorf("%s: CORP %q, want %q", tt.path, got, tt.corp)
		}
		if resp.Header.Get("Set-Cookie") != "" {
			t.Errorf("%s sets a cookie", tt.path)
		}
	}
}
