package app

import (
	"encoding/xml"
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// pageTypes are one page of each kind, with the number of charts it shows.
var pageTypes = []struct {
	path   string
	charts int
}{
	{"/", 12},
	{"/dashboards/zhejiang-quzhou", 5},
	{"/charts/quzhou-share-of-zhejiang-2012", 1},
	{"/compare?metrics=online_retail_sales&regions=children:330000&periods=all", 1},
	{"/regions/330800", -1},
	{"/embed/charts/express-parcels-2020", 1},
	{"/embed/dashboards/national-express-rural", 4},
	{"/sources/cnr-express-2020", 0},
	{"/regions", 0},
}

// firstPaintState is what a page shows of one chart before any script.
type firstPaintState struct {
	ID    string   `json:"id"`
	SVG   bool     `json:"svg"`
	W     float64  `json:"w"`
	H     float64  `json:"h"`
	Texts []string `json:"texts"`
	// Outside lists the texts whose box is not inside the chart's box.
	Outside []string `json:"outside"`
}

// measureFirstPaint reads the visible server-drawn SVG of every chart: its
// size, its texts and the texts not inside the chart's box.
const measureFirstPaint = `[...document.querySelectorAll('[data-chart]')].map(el => {
  const box = el.getBoundingClientRect();
  const svg = [...el.querySelectorAll('[data-ssr] svg')].find(s => s.getBoundingClientRect().width > 0);
  if (!svg) return {id: el.dataset.chart, svg: false, w: 0, h: 0, texts: [], outside: []};
  const r = svg.getBoundingClientRect();
  const texts = [], outside = [];
  for (const t of svg.querySelectorAll('text')) {
    const s = t.textContent;
    if (!s.trim()) continue;
    texts.push(s);
    const b = t.getBoundingClientRect();
    if (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1) outside.push(s);
  }
  return {id: el.dataset.chart, svg: true, w: r.width, h: r.height, texts, outside};
})`

// webFontsLoaded is true once the page has loaded and no web font is
// still loading.
const webFontsLoaded = `document.readyState === 'complete' && document.fonts.status === 'loaded'`

// TestBrowserWithoutJavaScriptEveryPageShowsItsCharts loads every kind of
// page with scripts disabled, at a desktop and a phone width: every chart
// is there, drawn by the server, its labels inside its box, and nothing is
// wider than the screen.
func TestBrowserWithoutJavaScriptEveryPageShowsItsCharts(t *testing.T) {
	a := newAdminTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	if err := b.run(emulation.SetScriptExecutionDisabled(true)); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{1440, 360} {
		for _, p := range pageTypes {
			var states []firstPaintState
			var scrollWidth int
			if err := b.run(
				chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(base+p.path),
				chromedp.WaitReady("body"),
			); err != nil {
				t.Fatalf("%s: %v", p.path, err)
			}
			// measure in the web font, as readers see the page
			b.waitJS(t, p.path+" in its web font", webFontsLoaded)
			err := b.run(
				chromedp.Evaluate(measureFirstPaint, &states),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth),
			)
			if err != nil {
				t.Fatalf("%s: %v", p.path, err)
			}
			if scrollWidth > int(width) {
				t.Errorf("%s at %d px: the page is %d px wide", p.path, width, scrollWidth)
			}
			if (p.charts >= 0 && len(states) != p.charts) || (p.charts < 0 && len(states) == 0) {
				t.Errorf("%s at %d px: %d charts, want %d", p.path, width, len(states), p.charts)
			}
			for _, s := range states {
				switch {
				case !s.SVG || s.W < 200 || s.H < 200:
					t.Errorf("%s at %d px: chart %s has no first paint (%+v)", p.path, width, s.ID, s)
				case len(s.Texts) < 3:
					t.Errorf("%s at %d px: chart %s shows %d texts", p.path, width, s.ID, len(s.Texts))
				case len(s.Outside) > 0:
					t.Errorf("%s at %d px: chart %s has texts outside its box: %q", p.path, width, s.ID, s.Outside)
				}
			}
		}
	}
	b.assertClean(t, "pages without JavaScript")
}

// TestBrowserPageAndImageShowTheSameText compares, for every chart of the
// overview, the texts the page's first paint shows with those of the
// server's SVG image of the chart: the same strings (the image adds its
// footer and leaves out the toolbox).
func TestBrowserPageAndImageShowTheSameText(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	if err := b.run(emulation.SetScriptExecutionDisabled(true)); err != nil {
		t.Fatal(err)
	}
	var states []firstPaintState
	if err := b.run(chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+"/"), chromedp.WaitReady("body"),
		chromedp.Evaluate(measureFirstPaint, &states)); err != nil {
		t.Fatal(err)
	}
	if len(states) != 12 {
		t.Fatalf("%d charts on /", len(states))
	}
	for _, s := range states {
		resp, err := a.Fiber.Test(httptest.NewRequest("GET", "/charts/"+s.ID+".svg?width=640&height=400&scale=1", nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		image := svgTexts(t, body)
		for _, text := range s.Texts {
			if strings.HasPrefix(text, "数据来源") { // the image's line adds its footer
				continue
			}
			if !slices.Contains(image, text) {
				t.Errorf("%s: the page shows %q, the image does not (image: %q)", s.ID, text, image)
			}
		}
	}
}

// svgTexts lists the non-blank text nodes of an SVG document.
func svgTexts(t *testing.T, svg []byte) []string {
	t.Helper()
	var out []string
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	in := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("SVG: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			in = e.Name.Local == "text"
		case xml.EndElement:
			in = false
		case xml.CharData:
			if s := string(e); in && strings.TrimSpace(s) != "" {
				out = append(out, s)
			}
		}
	}
}

// TestBrowserChartsHydrateOnInteraction: a chart below the fold stays the
// server's SVG until it is pointed at, then becomes the live chart in the
// same box, with no console error.
func TestBrowserChartsHydrateOnInteraction(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	const last = `document.querySelectorAll('[data-chart]')[11]`
	var before, after struct {
		Drawn bool    `json:"drawn"`
		SSR   bool    `json:"ssr"`
		H     float64 `json:"h"`
	}
	const state = `(() => { const el = ` + last + `; return {drawn: el.dataset.drawn === 'true', ssr: !!el.querySelector('[data-ssr]'), h: el.getBoundingClientRect().height}; })()`
	var echartsLoaded bool
	err := b.run(
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(base+"/"),
		chromedp.WaitReady("body"),
		chromedp.Sleep(500*time.Millisecond), // time for a chart to be drawn too early: none may be
		chromedp.Evaluate(state, &before),
		chromedp.Evaluate(last+`.dispatchEvent(new PointerEvent('pointerenter'))`, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	b.pollJS(last + `.dataset.drawn === 'true'`)
	if err := b.run(chromedp.Evaluate(state, &after), chromedp.Evaluate(`!!window.echarts`, &echartsLoaded)); err != nil {
		t.Fatal(err)
	}
	if before.Drawn || !before.SSR {
		t.Errorf("before any interaction the chart below the fold is %+v, want the server's SVG", before)
	}
	if !after.Drawn || after.SSR || !echartsLoaded {
		t.Errorf("after a pointer on it the chart is %+v (echarts loaded: %v), want the live chart", after, echartsLoaded)
	}
	if after.H != before.H {
		t.Errorf("the chart's box moved from %v to %v px high", before.H, after.H)
	}
	b.assertClean(t, "hydration on interaction")
}
