package handlers

import (
	"bufio"
	"bytes"
	"ecomdash/models/dbtest"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
)

// cachedRoutes are the pages and API answers served from the response cache.
var cachedRoutes = []string{
	"/",
	"/charts/quzhou-vs-zhejiang-online-retail-2012",
	"/charts/quzhou-vs-zhejiang-online-retail-2012?theme=dark",
	"/dashboards/zhejiang-quzhou",
	"/embed/charts/quzhou-share-of-zhejiang-2012",
	"/embed/dashboards/overview?theme=dark",
	"/regions", "/regions/330800", "/sources", "/sources/quzhou-speech-2013",
	"/api/observations", "/api/observations?region=330800",
	"/api/regions", "/api/metrics", "/api/sources", "/api/dashboards", "/api/charts",
	"/api/charts/quzhou-share-of-zhejiang-2012", "/api/charts/quzhou-share-of-zhejiang-2012.csv",
}

func TestCachedRoutesRevalidateAndFollowTheData(t *testing.T) {
	app, h := newTestApp(t)
	first := map[string]response{}
	for _, path := range cachedRoutes {
		r := get(t, app, path)
		if r.status != 200 || r.header["Etag"] == "" {
			t.Fatalf("GET %s: status %d, ETag %q", path, r.status, r.header["Etag"])
		}
		first[path] = r
		again := get(t, app, path)
		if !bytes.Equal(again.body, r.body) || again.header["Etag"] != r.header["Etag"] {
			t.Errorf("GET %s twice: the answers differ", path)
		}
		if nm := get(t, app, path, "If-None-Match", r.header["Etag"]); nm.status != 304 || len(nm.body) != 0 {
			t.Errorf("GET %s with its ETag: status %d, %d bytes; want an empty 304", path, nm.status, len(nm.body))
		}
	}
	hits, misses, _, _, _ := h.responses.Stats()
	if misses != uint64(len(cachedRoutes)) || hits < uint64(2*len(cachedRoutes)) {
		t.Errorf("cache stats after 3 requests per route: %d hits, %d misses; want each route built once", hits, misses)
	}

	// A new data version rebuilds every answer; one whose bytes did not
	// change keeps its ETag, so clients still get a 304.
	changeData(t, h, "")
	for _, path := range cachedRoutes[:3] {
		if r := get(t, app, path, "If-None-Match", first[path].header["Etag"]); r.status != 304 {
			t.Errorf("GET %s after a version bump that changed nothing: %d, want 304", path, r.status)
		}
	}
	if _, after, _, _, _ := h.responses.Stats(); after != misses+3 {
		t.Errorf("after a version bump, %d rebuilds; want 3", after-misses)
	}
	// A change that shows on the page gives it a new body and ETag.
	changeData(t, h, "UPDATE regions SET name_zh = '衢州市（新）' WHERE code = '330800'")
	for _, path := range cachedRoutes[:3] {
		r := get(t, app, path, "If-None-Match", first[path].header["Etag"])
		if r.status != 200 || !bytes.Contains(r.body, []byte("衢州市（新）")) {
			t.Errorf("GET %s after renaming 衢州市 with the old ETag: %d, renamed %v; want 200 with the new name",
				path, r.status, bytes.Contains(r.body, []byte("衢州市（新）")))
		}
	}
}

// changeData runs sql (if any) and bumps the data version in one
// transaction, as another instance's write would, without telling h.
func changeData(t *testing.T, h *Handler, sql string) {
	t.Helper()
	tx := h.db.Begin()
	if sql != "" {
		if err := tx.Exec(sql).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := dbtest.BumpDataVersion(tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit().Error; err != nil {
		t.Fatal(err)
	}
}

func TestCachedAnswersAreTheSameOnEveryInstance(t *testing.T) {
	app, h := newTestApp(t)
	// A second instance on the same database, as behind a load balancer.
	h2, err := New(h.db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h2.Close() })
	app2 := fiber.New(fiber.Config{ErrorHandler: h2.ErrorHandler})
	h2.Register(app2)
	for _, path := range cachedRoutes {
		a, b := get(t, app, path), get(t, app2, path)
		if a.header["Etag"] != b.header["Etag"] || !bytes.Equal(a.body, b.body) {
			t.Errorf("GET %s: the two instances disagree (ETag %s vs %s); element ids or ordering are not deterministic",
				path, a.header["Etag"], b.header["Etag"])
		}
	}
}

func TestCachedAnswersAreCompressedOnce(t *testing.T) {
	app, _ := newTestApp(t)
	plain := get(t, app, "/")
	br := get(t, app, "/", "Accept-Encoding", "gzip, deflate, br")
	if br.header["Content-Encoding"] != "br" || br.header["Vary"] != "Accept-Encoding" {
		t.Fatalf("GET / accepting br: Content-Encoding %q, Vary %q", br.header["Content-Encoding"], br.header["Vary"])
	}
	decoded, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br.body)))
	if err != nil || !bytes.Equal(decoded, plain.body) {
		t.Fatalf("the brotli page does not decode to the plain page (err %v)", err)
	}
	t.Logf("dashboard: %d bytes plain, %d brotli", len(plain.body), len(br.body))
	gz := get(t, app, "/api/observations", "Accept-Encoding", "gzip")
	if gz.header["Content-Encoding"] != "gzip" {
		t.Errorf("API accepting gzip: Content-Encoding %q", gz.header["Content-Encoding"])
	}
	js := get(t, app, "/static/vendor/echarts/echarts-5.6.0.min.js", "Accept-Encoding", "br")
	if js.status != 200 || js.header["Content-Encoding"] != "br" || len(js.body) > 500_000 {
		t.Errorf("ECharts accepting br: status %d, encoding %q, %d bytes", js.status, js.header["Content-Encoding"], len(js.body))
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	app, h := newTestApp(t)
	for range 2 {
		if r := get(t, app, "/charts/no-such-chart"); r.status != 404 {
			t.Fatalf("unknown chart: %d", r.status)
		}
		if r := get(t, app, "/api/observations?bogus=1"); r.status != 400 {
			t.Fatalf("unknown parameter: %d", r.status)
		}
	}
	if _, _, n, _, _ := h.responses.Stats(); n != 0 {
		t.Errorf("%d error answers were cached", n)
	}
}

// TestPollIntervalBoundsWhatAnotherInstanceSees: a change another instance
// writes is seen by a request made a poll interval after it, however long
// the machine took to get there: the data version read is trusted for one
// poll interval, no longer.
func TestPollIntervalBoundsWhatAnotherInstanceSees(t *testing.T) {
	const pollInterval = 150 * time.Millisecond
	app, h := newTestApp(t, func(o *Options) { o.DataPollInterval = pollInterval })
	before := get(t, app, "/api/sources").header["Etag"]
	// Another instance writes: this one is not told.
	changeData(t, h, "UPDATE sources SET title = '衢州讲话（修订）' WHERE id = 'quzhou-speech-2013'")
	written := time.Now()
	time.Sleep(pollInterval)
	if get(t, app, "/api/sources").header["Etag"] == before {
		t.Fatalf("a request made %v after the change does not see it, with a %v poll interval", time.Since(written).Round(time.Millisecond), pollInterval)
	}
}

// TestCacheKeepsItsOwnCopyOfTheURL: Fiber's URL string points into the
// connection's request buffer, which its next request overwrites. A cache
// key sharing it would change with that request, and the page would be
// built again for another connection (or, on a hash collision, served for
// another URL).
func TestCacheKeepsItsOwnCopyOfTheURL(t *testing.T) {
	app, h := newTestApp(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	dial := func() func(path string) string {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		rd := bufio.NewReader(conn)
		return func(path string) string {
			fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path)
			resp, err := http.ReadResponse(rd, nil)
			if err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s: %d", path, resp.StatusCode)
			}
			return string(body)
		}
	}
	first, second := dial(), dial()
	regions := first("/api/regions")
	first("/readyz") // overwrites the start of the first connection's buffer
	_, missesBefore, _, _, _ := h.responses.Stats()
	if again := second("/api/regions"); again != regions {
		t.Error("/api/regions came back different on another connection")
	}
	if _, misses, _, _, _ := h.responses.Stats(); misses != missesBefore {
		t.Errorf("/api/regions was built again (%d builds, want %d): its cache key changed with the first connection's buffer", misses, missesBefore)
	}
}
