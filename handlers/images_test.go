package handlers

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ecomdash/charts/render"
	"ecomdash/models"
	"ecomdash/models/dbtest"
	"ecomdash/seed"
)

// fakeRenderer counts renders and answers with the option it was given, so
// tests can see what reached the renderer. fail makes the next N renders fail.
type fakeRenderer struct {
	calls atomic.Int32
	fail  atomic.Int32
	busy  atomic.Bool // answer render.ErrBusy, as a renderer at its memory budget
	// tooLarge answers render.ErrTooLarge, as a render estimated beyond
	// render.MaxRenderTime
	tooLarge atomic.Bool
	delay    time.Duration
}

func (f *fakeRenderer) draw(format string, option []byte, o render.Options) ([]byte, error) {
	f.calls.Add(1)
	time.Sleep(f.delay)
	if f.busy.Load() {
		return nil, render.ErrBusy
	}
	if f.tooLarge.Load() {
		return nil, fmt.Errorf("%w: estimated 12.0 s", render.ErrTooLarge)
	}
	if f.fail.Load() > 0 {
		f.fail.Add(-1)
		return nil, errors.New("injected render failure")
	}
	return []byte(fmt.Sprintf("%s %dx%d@%g %s %s", format, o.Width, o.Height, o.Scale, o.Theme, option)), nil
}

func (f *fakeRenderer) SVG(_ context.Context, option []byte, o render.Options) ([]byte, error) {
	return f.draw("svg", option, o)
}

func (f *fakeRenderer) PNG(_ context.Context, option []byte, o render.Options) ([]byte, error) {
	return f.draw("png", option, o)
}

func (f *fakeRenderer) Close() error            { return nil }
func (f *fakeRenderer) Stats() render.PoolStats { return render.PoolStats{} }

// withFakeRenderer builds the test app (configured as configure says) with
// images drawn by a fake.
func withFakeRenderer(t *testing.T, configure ...func(*Options)) (*fakeRenderer, *Handler, func(path string, hdr ...string) response) {
	t.Helper()
	app, h := newTestApp(t, configure...)
	fake := &fakeRenderer{}
	h.useRenderer(fake)
	do := func(path string, hdr ...string) response {
		t.Helper()
		return get(t, app, path, hdr...)
	}
	return fake, h, do
}

func TestImageParameters(t *testing.T) {
	fake, _, do := withFakeRenderer(t)
	const id = "/charts/express-parcels-2020"
	for _, tt := range []struct {
		query  string
		status int
		want   string
	}{
		{".png", 200, "png 1200x675@2 light"},
		{".svg", 200, "svg 1200x675@2 light"},
		{".png?width=320&height=3000&scale=1&theme=dark", 200, "png 320x3000@1 dark"},
		{".png?width=319", 400, "320 到 3000"},
		{".png?width=3001", 400, "3000"},
		{".png?height=100", 400, "height"},
		{".png?width=abc", 400, "width"},
		{".png?scale=4", 400, "scale"},
		{".png?scale=0", 400, "scale"},
		{".png?theme=neon", 400, "unknown theme"},
		{".png?lang=fr", 400, "unsupported language"},
		{".png?plain=maybe", 400, "plain"},
		{".png?size=big", 400, "unknown query parameter"},
		{".png?ids=x", 400, "ids"},
		{".png?width=3000&width=320", 400, "重复"},
	} {
		r := do(id + tt.query)
		if r.status != tt.status || !bytes.Contains(r.body, []byte(tt.want)) {
			t.Errorf("%s: %d %.120s; want %d containing %q", tt.query, r.status, r.body, tt.status, tt.want)
		}
		if tt.status == 400 && !strings.HasPrefix(r.header["Content-Type"], "application/json") {
			t.Errorf("%s: error as %q, want JSON", tt.query, r.header["Content-Type"])
		}
	}
	if r := do("/charts/no-such-chart.png"); r.status != 404 || !bytes.Contains(r.body, []byte(`"error"`)) {
		t.Errorf("unknown chart: %d %s", r.status, r.body)
	}
	if fake.calls.Load() != 3 {
		t.Errorf("%d renders, want 3 (bad requests must not render)", fake.calls.Load())
	}
}

func TestImageHeadersAndOption(t *testing.T) {
	_, _, do := withFakeRenderer(t)
	r := do("/charts/jiading-ecommerce-2020.png?download=1")
	if r.header["Content-Type"] != "image/png" {
		t.Errorf("content type %q", r.header["Content-Type"])
	}
	cd := r.header["Content-Disposition"]
	if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, `filename="jiading-ecommerce-2020.png"`) ||
		!strings.Contains(cd, "filename*=UTF-8''%E5%98%89%E5%AE%9A") { // 嘉定…
		t.Errorf("Content-Disposition %q", cd)
	}
	if !strings.HasPrefix(do("/charts/jiading-ecommerce-2020.svg").header["Content-Disposition"], "inline;") {
		t.Error("without download=1 the image should be inline")
	}
	if !strings.Contains(r.header["Cache-Control"], "max-age") || r.header["Etag"] == "" {
		t.Errorf("cache headers: %q %q", r.header["Cache-Control"], r.header["Etag"])
	}
	// the renderer got the image option: no toolbox, footer with source and date
	if bytes.Contains(r.body, []byte(`"toolbox"`)) || !bytes.Contains(r.body, []byte("数据来源：")) || !bytes.Contains(r.body, []byte("制图：")) {
		t.Errorf("renderer was not given the image option: %.300s", r.body)
	}
	plain := do("/charts/jiading-ecommerce-2020.png?plain=1")
	if bytes.Contains(plain.body, []byte("数据来源：")) || bytes.Contains(plain.body, []byte(`"title"`)) {
		t.Error("plain=1 still has title or footer")
	}
}

func TestImageCacheETagAndDataVersion(t *testing.T) {
	fake, h, do := withFakeRenderer(t)
	const path = "/charts/quzhou-online-retail-2011-2012.png"
	first := do(path)
	second := do(path)
	if fake.calls.Load() != 1 {
		t.Fatalf("%d renders for two identical requests, want 1", fake.calls.Load())
	}
	if first.header["Etag"] != second.header["Etag"] || !bytes.Equal(first.body, second.body) {
		t.Error("cached answer differs")
	}
	if r := do(path, "If-None-Match", first.header["Etag"]); r.status != 304 {
		t.Errorf("If-None-Match: %d, want 304", r.status)
	}
	if other := do(path + "?width=800"); other.header["Etag"] == first.header["Etag"] {
		t.Error("different size, same ETag")
	}
	// a data change makes a new ETag and a new render showing the new value
	err := h.db.Model(&models.Observation{}).Where("region_code = ? AND metric_code = ? AND period = ?", "330800", "online_retail_sales", "2011").Update("value", 7.9).Error
	if err != nil {
		t.Fatal(err)
	}
	if err := dbtest.BumpDataVersion(h.db); err != nil {
		t.Fatal(err)
	}
	after := do(path, "If-None-Match", first.header["Etag"])
	if after.status != 200 || after.header["Etag"] == first.header["Etag"] {
		t.Fatalf("after a data change: %d, ETag %s (was %s)", after.status, after.header["Etag"], first.header["Etag"])
	}
	if !bytes.Contains(after.body, []byte("7.9")) {
		t.Error("re-rendered image does not carry the new value")
	}
}

func TestConcurrentRequestsRenderOnce(t *testing.T) {
	fake, _, do := withFakeRenderer(t)
	fake.delay = 100 * time.Millisecond
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := do("/charts/beijing-cross-border-2020.png"); r.status != 200 {
				t.Errorf("status %d", r.status)
			}
		}()
	}
	wg.Wait()
	if n := fake.calls.Load(); n != 1 {
		t.Errorf("%d renders for 8 concurrent requests of one image, want 1", n)
	}
}

func TestRenderFailureIsNotCached(t *testing.T) {
	fake, _, do := withFakeRenderer(t)
	fake.fail.Store(1)
	r := do("/charts/township-express-coverage-2020.svg")
	if r.status != 500 || !bytes.Contains(r.body, []byte(`"error"`)) || bytes.Contains(r.body, []byte("injected")) {
		t.Errorf("failed render: %d %s (want 500 JSON without internals)", r.status, r.body)
	}
	if r := do("/charts/township-express-coverage-2020.svg"); r.status != 200 {
		t.Errorf("after a failure the next request got %d: the failure was cached", r.status)
	}
}

func TestExportZIP(t *testing.T) {
	_, _, do := withFakeRenderer(t)
	r := do("/export/charts.zip?ids=jiading-ecommerce-2020,express-parcels-2020&width=800&height=450")
	if r.status != 200 || r.header["Content-Type"] != "application/zip" {
		t.Fatalf("%d %s", r.status, r.header["Content-Type"])
	}
	names := zipNames(t, r.body)
	want := "01-jiading-ecommerce-2020.png,01-jiading-ecommerce-2020.svg,02-express-parcels-2020.png,02-express-parcels-2020.svg,sources.txt"
	if strings.Join(names, ",") != want {
		t.Errorf("zip holds %v", names)
	}
	src := zipFile(t, r.body, "sources.txt")
	for _, s := range []string{"嘉定区限额以上电子商务销售额与零售额", "2403.8亿元", "原文：", "推算", "超过2亿件"} {
		if !strings.Contains(src, s) {
			t.Errorf("sources.txt lacks %q", s)
		}
	}
	if png := zipFile(t, r.body, "01-jiading-ecommerce-2020.png"); !strings.HasPrefix(png, "png 800x450@2") {
		t.Errorf("size parameters not applied: %.40s", png)
	}
	all := zipNames(t, do("/export/charts.zip").body)
	if len(all) != 2*len(seed.Charts)+1 {
		t.Errorf("full export holds %d files, want %d", len(all), 2*len(seed.Charts)+1)
	}
	if r := do("/export/charts.zip?ids=nope"); r.status != 400 {
		t.Errorf("unknown id: %d", r.status)
	}
}

func zipNames(t *testing.T, body []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	return names
}

func zipFile(t *testing.T, body []byte, name string) string {
	t.Helper()
	zr, _ := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	return string(b)
}

func TestRealRendererThroughHTTP(t *testing.T) {
	app, _ := newTestApp(t)
	r := get(t, app, "/charts/quzhou-share-of-zhejiang-2012.png?width=640&height=360&scale=2")
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	img, err := png.Decode(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 720 {
		t.Errorf("PNG is %dx%d, want 1280x720", b.Dx(), b.Dy())
	}
	svg := get(t, app, "/charts/quzhou-share-of-zhejiang-2012.svg")
	dec := xml.NewDecoder(bytes.NewReader(svg.body))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
	if !bytes.Contains(svg.body, []byte("衢州市各项指标占浙江省比重")) {
		t.Error("SVG lacks the chart title")
	}
}
