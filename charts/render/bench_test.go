package render

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"ecomdash/charts"
	"ecomdash/static"
)

// benchOptions are one option per chart type: bars on a log axis, horizontal
// bars with category labels and a markLine, grouped bars with a legend (all
// from the catalogue), and a gauge.
func benchOptions(t testing.TB, all []*charts.Chart) map[string][]byte {
	t.Helper()
	opts := map[string][]byte{
		"bar":            chartByID(t, all, "quzhou-vs-zhejiang-online-retail-2012").Option,
		"horizontal-bar": chartByID(t, all, "quzhou-share-of-zhejiang-2012").Option,
		"grouped-bar":    chartByID(t, all, "jiading-ecommerce-2020").Option,
		"gauge":          chartByID(t, all, "township-express-coverage-2020").Option,
	}
	for name, o := range opts {
		var m map[string]any
		if err := json.Unmarshal(o, &m); err != nil {
			t.Fatal(err)
		}
		// the catalogue shapes these benchmarks stand for
		want := map[string]string{"bar": "bar", "horizontal-bar": "bar", "grouped-bar": "bar", "gauge": "gauge"}[name]
		series := m["series"].([]any)
		if got := series[0].(map[string]any)["type"]; got != want {
			t.Fatalf("%s: series type %v, want %s", name, got, want)
		}
		if name == "grouped-bar" && len(series) < 2 {
			t.Fatalf("grouped-bar has %d series", len(series))
		}
	}
	return opts
}

var benchSize = Options{Width: 1200, Height: 675, Scale: 2, Theme: "light"}

func benchNames(opts map[string][]byte) []string {
	names := make([]string, 0, len(opts))
	for n := range opts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// BenchmarkPNG renders a PNG of 1200×675 at scale 2 from the option each
// time: there is no cache in the renderer. The VM pool is made before the
// timer starts, as in a running server.
func BenchmarkPNG(b *testing.B) {
	opts := benchOptions(b, builtCharts(b))
	r := newRenderer(b, 1)
	for _, name := range benchNames(opts) {
		opt := opts[name]
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := r.PNG(context.Background(), opt, benchSize); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSVG renders the SVG of the same options.
func BenchmarkSVG(b *testing.B) {
	opts := benchOptions(b, builtCharts(b))
	r := newRenderer(b, 1)
	for _, name := range benchNames(opts) {
		opt := opts[name]
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := r.SVG(context.Background(), opt, benchSize); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNew is the cost of a Renderer with one VM: loading the fonts and
// compiling ECharts happen once per process, so this is mostly a VM made from
// the bytecode.
func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		r, err := New(1, 1<<30)
		if err != nil {
			b.Fatal(err)
		}
		_ = r.Close()
	}
}

const chromiumPath = "/usr/bin/chromium"

// BenchmarkChromiumScreenshotBaseline is what the renderer replaces: headless
// Chromium loading a page that draws the same option with the same ECharts
// build, and screenshotting it at 1200×675 CSS pixels with a device scale
// factor of 2 — the same 2400×1350 image BenchmarkPNG makes — one fresh
// browser per image, as an export service driving Chromium would.
func BenchmarkChromiumScreenshotBaseline(b *testing.B) {
	if _, err := os.Stat(chromiumPath); err != nil {
		b.Skipf("no Chromium at %s: baseline not measured", chromiumPath)
	}
	opts := benchOptions(b, builtCharts(b))
	dir := b.TempDir()
	js, err := static.FS.ReadFile(echartsPath)
	if err != nil {
		b.Fatal(err)
	}
	jsPath := filepath.Join(dir, "echarts.min.js")
	if err := os.WriteFile(jsPath, js, 0o644); err != nil {
		b.Fatal(err)
	}
	for _, name := range benchNames(opts) {
		var opt map[string]any
		if err := json.Unmarshal(opts[name], &opt); err != nil {
			b.Fatal(err)
		}
		opt["animation"] = false
		optJSON, _ := json.Marshal(opt)
		page := fmt.Sprintf(`<!doctype html><html><head><meta charset="utf-8">
<style>html,body{margin:0;padding:0;background:#fff}#c{width:1200px;height:675px}</style>
<script src="file://%s"></script></head><body><div id="c"></div>
<script>echarts.init(document.getElementById('c')).setOption(%s);</script></body></html>`, jsPath, optJSON)
		htmlPath := filepath.Join(dir, name+".html")
		if err := os.WriteFile(htmlPath, []byte(page), 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				profile, err := os.MkdirTemp(dir, "profile-")
				if err != nil {
					b.Fatal(err)
				}
				shot := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, i))
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				cmd := exec.CommandContext(ctx, chromiumPath, "--headless", "--no-sandbox", "--disable-gpu",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--no-first-run", "--user-data-dir="+profile, "--screenshot="+shot,
					"--window-size=1200,675", "--force-device-scale-factor=2", "file://"+htmlPath)
				out, err := cmd.CombinedOutput()
				cancel()
				if err != nil {
					b.Fatalf("chromium: %v\n%s", err, out)
				}
				if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
					b.Fatalf("chromium wrote no screenshot: %v\n%s", err, out)
				}
				b.StopTimer()
				_ = os.RemoveAll(profile)
				b.StartTimer()
			}
		})
	}
}
