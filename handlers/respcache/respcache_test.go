package respcache

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
	"github.com/klauspost/compress/gzip"
)

func TestAccepted(t *testing.T) {
	cases := []struct {
		header string
		br, gz bool
	}{
		{"", false, false},
		{"gzip, deflate, br", true, true},
		{"gzip", false, true},
		{"br;q=1.0, gzip;q=0.8", true, true},
		{"br;q=0, gzip", false, true},
		{"br;q=0.000, gzip", false, true},
		{"br;q=0.001", true, false},
		{"*", true, true},
		{"identity", false, false},
		{"GZIP", false, true},
	}
	for _, c := range cases {
		br, gz := Accepted(c.header)
		if br != c.br || gz != c.gz {
			t.Errorf("Accepted(%q) = br %v gz %v, want br %v gz %v", c.header, br, gz, c.br, c.gz)
		}
	}
}

// serveEntry answers every request with e.
func serveEntry(e *Entry) *fiber.App {
	app := fiber.New()
	app.Get("/", func(c *fiber.Ctx) error { return e.Send(c) })
	return app
}

func get(t *testing.T, app *fiber.App, headers map[string]string) (status int, body []byte, h map[string]string) {
	t.Helper()
	req := httptest.NewRequest("GET", "/", nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := app.Test(req, -1) // no time limit: a busy machine may take over Test's default second
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	h = map[string]string{}
	for k := range resp.Header {
		h[k] = resp.Header.Get(k)
	}
	return resp.StatusCode, body, h
}

func TestEntryServesEachEncodingAndRevalidates(t *testing.T) {
	page := []byte(strings.Repeat("<p>浙江省网络零售额</p>\n", 200))
	e := New(page, "text/html; charset=utf-8", "no-cache")
	app := serveEntry(e)

	status, body, h := get(t, app, nil)
	if status != 200 || !bytes.Equal(body, page) || h["Content-Encoding"] != "" {
		t.Fatalf("identity: status %d, %d bytes, encoding %q", status, len(body), h["Content-Encoding"])
	}
	if h["Etag"] != e.ETag() || h["Cache-Control"] != "no-cache" || h["Vary"] != "Accept-Encoding" {
		t.Errorf("identity headers: %v", h)
	}

	status, body, h = get(t, app, map[string]string{"Accept-Encoding": "gzip, deflate, br"})
	if status != 200 || h["Content-Encoding"] != "br" {
		t.Fatalf("br: status %d, encoding %q", status, h["Content-Encoding"])
	}
	plain, err := io.ReadAll(brotli.NewReader(bytes.NewReader(body)))
	if err != nil || !bytes.Equal(plain, page) {
		t.Fatalf("br body does not decode to the page (err %v)", err)
	}
	if len(body) >= len(page)/4 {
		t.Errorf("br body is %d bytes for a %d-byte repetitive page", len(body), len(page))
	}
	brTag := h["Etag"]

	status, body, h = get(t, app, map[string]string{"Accept-Encoding": "gzip"})
	if status != 200 || h["Content-Encoding"] != "gzip" {
		t.Fatalf("gzip: status %d, encoding %q", status, h["Content-Encoding"])
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err = io.ReadAll(zr)
	if err != nil || !bytes.Equal(plain, page) {
		t.Fatalf("gzip body does not decode to the page (err %v)", err)
	}
	gzTag := h["Etag"]
	if brTag == gzTag || brTag == e.ETag() || gzTag == e.ETag() {
		t.Errorf("each encoding needs its own strong ETag: identity %s, br %s, gzip %s", e.ETag(), brTag, gzTag)
	}

	for _, tag := range []string{e.ETag(), brTag, gzTag, `"other", ` + gzTag, "W/" + brTag, "*"} {
		status, body, _ = get(t, app, map[string]string{"If-None-Match": tag, "Accept-Encoding": "br"})
		if status != 304 || len(body) != 0 {
			t.Errorf("If-None-Match %s: status %d with %d bytes, want an empty 304", tag, status, len(body))
		}
	}
	if status, _, _ = get(t, app, map[string]string{"If-None-Match": `"stale"`}); status != 200 {
		t.Errorf("a stale ETag got %d, want 200", status)
	}
}

func TestEntryLeavesIncompressibleAndSmallBodiesAlone(t *testing.T) {
	for _, e := range []*Entry{
		New(bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 1000), "image/png", ""),
		New([]byte(`{"ok":true}`), "application/json", ""),
	} {
		status, body, h := get(t, serveEntry(e), map[string]string{"Accept-Encoding": "br, gzip"})
		if status != 200 || h["Content-Encoding"] != "" || !bytes.Equal(body, e.Body()) || h["Vary"] != "" {
			t.Errorf("%v: status %d, encoding %q, vary %q", e, status, h["Content-Encoding"], h["Vary"])
		}
	}
}

func TestEntryETagIsTheBodysHash(t *testing.T) {
	a := New([]byte("same body"), "text/plain", "")
	b := New([]byte("same body"), "text/plain", "no-cache")
	c := New([]byte("other body"), "text/plain", "")
	if a.ETag() != b.ETag() {
		t.Errorf("equal bodies, different ETags: %s %s", a.ETag(), b.ETag())
	}
	if a.ETag() == c.ETag() {
		t.Errorf("different bodies share ETag %s", a.ETag())
	}
}

func TestCacheBuildsOncePerVersionAndKey(t *testing.T) {
	c, err := NewCache[string](1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	var builds atomic.Int32
	build := func(body string) func() (*Entry, error) {
		return func() (*Entry, error) {
			builds.Add(1)
			return New([]byte(body), "text/plain", ""), nil
		}
	}
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if e, err := c.Get(1, "/a", build("a1")); err != nil || string(e.Body()) != "a1" {
				t.Errorf("Get: %v %v", e, err)
			}
		}()
	}
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Errorf("16 concurrent gets of one key built %d times, want 1", n)
	}
	if e, _ := c.Get(1, "/b", build("b1")); string(e.Body()) != "b1" || builds.Load() != 2 {
		t.Errorf("a second key was not built on its own")
	}
	if e, _ := c.Get(2, "/a", build("a2")); string(e.Body()) != "a2" {
		t.Errorf("a new data version served the old body %q", e.Body())
	}
	hits, misses, entries, _, _ := c.Stats()
	if misses != 3 || hits < 15 || entries != 1 {
		t.Errorf("stats: %d hits, %d misses, %d entries; want ≥15, 3, 1 (the new version purged the old)", hits, misses, entries)
	}
}

func TestCacheKeepsNoErrors(t *testing.T) {
	c, err := NewCache[string](1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if _, err := c.Get(1, "/a", func() (*Entry, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("Get returned %v, want the build's error", err)
	}
	e, err := c.Get(1, "/a", func() (*Entry, error) { return New([]byte("ok"), "text/plain", ""), nil })
	if err != nil || string(e.Body()) != "ok" {
		t.Fatalf("after a failed build, Get = %v, %v; want a fresh build", e, err)
	}
}

func TestCacheStaysWithinItsBytes(t *testing.T) {
	const capacity = 64 << 10
	c, err := NewCache[string](capacity)
	if err != nil {
		t.Fatal(err)
	}
	body := func(n int) []byte { return bytes.Repeat([]byte("衢州"), n/6) } // compressible text
	for i := range 200 {
		key := fmt.Sprint("/page/", i)
		if _, err := c.Get(1, key, func() (*Entry, error) { return New(body(3000+i*50), "text/html", ""), nil }); err != nil {
			t.Fatal(err)
		}
		if _, _, _, size, _ := c.Stats(); size > capacity {
			t.Fatalf("after %d entries the cache holds %d bytes, capacity %d", i+1, size, capacity)
		}
	}
	_, _, n, size, capacityStat := c.Stats()
	if n == 0 || n >= 200 || capacityStat != capacity || size < capacity/2 {
		t.Errorf("%d entries of %d bytes in a cache of %d: want it filled and evicting", n, size, capacityStat)
	}
	// the most recently used entries stay; the oldest went
	if _, ok := c.Peek(1, "/page/199"); !ok {
		t.Error("the newest entry was evicted")
	}
	if _, ok := c.Peek(1, "/page/0"); ok {
		t.Error("the oldest entry was kept past the capacity")
	}
	// an entry larger than the whole cache is served but not kept
	big, err := c.Get(1, "/big", func() (*Entry, error) { return New(body(capacity), "text/html", ""), nil })
	if err != nil || len(big.Body()) == 0 {
		t.Fatalf("a large entry: %v", err)
	}
	if _, ok := c.Peek(1, "/big"); ok {
		t.Error("an entry larger than the capacity was kept")
	}
	if _, err := NewCache[string](0); err == nil {
		t.Error("a cache of 0 bytes was made")
	}
}

// The brotli form decodes to the body whatever its size, across the window
// sizes brotliWindow picks (1 KiB to 16 MiB, and a body larger than that).
func TestBrotliFormRoundTripsAtEveryWindow(t *testing.T) {
	text := []byte("地区,指标,时期,数值\r\n衢州市,网络零售额,2020,123.4\r\n")
	for _, n := range []int{300, 1023, 1024, 1025, 70_000, 3 << 20, 17 << 20} {
		body := bytes.Repeat(text, n/len(text)+1)[:n]
		body = append(body, fmt.Sprint(n)...) // not only repeats
		e := New(body, "text/csv", "")
		br := e.brotlied()
		if br == nil {
			t.Fatalf("%d bytes: no brotli form", n)
		}
		got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
		if err != nil || !bytes.Equal(got, body) {
			t.Errorf("%d bytes: the brotli form decodes to %d bytes (%v)", n, len(got), err)
		}
	}
}

// BenchmarkBrotliSmallBody: the brotli form of a 3 KB answer, whose
// allocations were those of a 4 MiB window before the window followed the
// body.
func BenchmarkBrotliSmallBody(b *testing.B) {
	body := bytes.Repeat([]byte("衢州市,网络零售额,2020,123.4\r\n"), 100)
	b.ReportAllocs()
	for b.Loop() {
		New(body, "text/csv", "").brotlied()
	}
}
