package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"ecomdash/charts"
	"ecomdash/models"
	"ecomdash/models/dbtest"
	"ecomdash/seed/synthetic"
)

// Browser tests of the display wall (大屏, issue 24): static/js/screen.js
// laid out on its canvas at several window sizes and fits, its counters,
// charts and rotation. The live behaviour (polling, restarts, soak) is
// tested elsewhere against the same contract (the attributes of #screen and
// window.ecomdashScreen).

// screenLayout is what the page reports about its layout.
type screenLayout struct {
	ScrollW, ScrollH int
	InnerW, InnerH   int
	Rect             struct{ Left, Top, Right, Bottom, Width, Height float64 }
	Texts            int
	Overflows        []string
}

// measureScreen reads the canvas's rect and every text element that is
// wider than its box, outside its parent or outside the canvas.
const measureScreen = `(() => {
  const s = document.getElementById('screen'), r = s.getBoundingClientRect();
  const out = {ScrollW: document.documentElement.scrollWidth, ScrollH: document.documentElement.scrollHeight,
    InnerW: window.innerWidth, InnerH: window.innerHeight,
    Rect: {Left: r.left, Top: r.top, Right: r.right, Bottom: r.bottom, Width: r.width, Height: r.height}, Texts: 0, Overflows: []};
  const sel = '#screen-title, #screen-clock, #screen-updated, #screen-status, .screen-kpi-label-text, .screen-kpi-mark, .screen-kpi-value, ' +
    '.screen-kpi-meta, .screen-kpi-growth, .screen-rank-title, .screen-rank-row span, #screen-foot, .screen-time';
  const inside = (a, b) => a.left >= b.left - 1 && a.top >= b.top - 1 && a.right <= b.right + 1 && a.bottom <= b.bottom + 1;
  for (const el of document.querySelectorAll(sel)) {
    const er = el.getBoundingClientRect();
    if (!er.width || !er.height) continue; // not shown
    out.Texts++;
    const what = (el.id || el.className) + ' "' + el.textContent.slice(0, 30) + '"';
    const win = el.closest('.screen-rank-window');
    if (win) { // the ranking's rows below its window are hidden until they scroll up; those shown are whole
      const wr = win.getBoundingClientRect();
      if (er.top >= wr.bottom - 1) continue;
      if (!inside(er, wr)) out.Overflows.push(what + ': cut by the ranking window');
    }
    if (el.scrollWidth > el.clientWidth + 1) out.Overflows.push(what + ': wider than its box ' + el.scrollWidth + '>' + el.clientWidth);
    if (!inside(er, r)) out.Overflows.push(what + ': outside the canvas');
    const p = el.parentElement.getBoundingClientRect();
    if (!el.closest('.screen-rank-window') && !inside(er, p)) out.Overflows.push(what + ': outside its parent');
  }
  return out;
})()`

// screenReady is true once the screen has built its layer and drawn its charts.
const screenReady = `document.readyState === 'complete' && !!window.ecomdashScreen &&
  document.querySelectorAll('#screen-main .screen-chart').length > 0 &&
  [...document.querySelectorAll('#screen-main .screen-chart')].every(el => el.dataset.drawn === 'true')`

func near(a, b float64) bool { return a-b <= 1.5 && b-a <= 1.5 }

// checkFit says what is wrong with the canvas rect r for the fit in a
// window of w×h, "" when nothing.
func checkFit(fit string, l screenLayout, cw, ch float64) string {
	r, w, h := l.Rect, float64(l.InnerW), float64(l.InnerH)
	insideWin := r.Left >= -1 && r.Top >= -1 && r.Right <= w+1 && r.Bottom <= h+1
	switch fit {
	case "contain":
		if !insideWin || !((near(r.Left, 0) && near(r.Right, w)) || (near(r.Top, 0) && near(r.Bottom, h))) {
			return "not inside the window touching two opposite edges"
		}
		if !near(r.Width/r.Height, cw/ch) && r.Width > 0 {
			return "not uniform"
		}
	case "cover":
		if r.Left > 1 || r.Top > 1 || r.Right < w-1 || r.Bottom < h-1 {
			return "does not cover the window"
		}
	case "stretch":
		if !near(r.Left, 0) || !near(r.Top, 0) || !near(r.Width, w) || !near(r.Height, h) {
			return "not equal to the window"
		}
	case "none":
		if !near(r.Left, 0) || !near(r.Top, 0) || !near(r.Width, cw) || !near(r.Height, ch) {
			return "not at scale 1 in the top left corner"
		}
	case "width":
		if !near(r.Left, 0) || !near(r.Width, w) {
			return "not the window's width"
		}
	case "height":
		if !near(r.Height, h) {
			return "not the window's height"
		}
	}
	return ""
}

func TestBrowserScreenLayoutAtEverySizeAndFit(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	for _, win := range [][2]int{{1920, 1080}, {3840, 2160}, {1366, 768}, {7680, 2160}} {
		canvases := [][2]int{{1920, 1080}}
		if win != canvases[0] {
			canvases = append(canvases, win)
		}
		if err := b.run(chromedp.EmulateViewport(int64(win[0]), int64(win[1]))); err != nil {
			t.Fatal(err)
		}
		for _, cv := range canvases {
			for _, fit := range []string{"contain", "cover", "width", "height", "stretch", "none"} {
				// overview: six counters, twelve charts over two pages
				u := fmt.Sprintf("%s/screen/overview?size=%dx%d&fit=%s", base, cv[0], cv[1], fit)
				where := fmt.Sprintf("window %dx%d, canvas %dx%d, fit=%s", win[0], win[1], cv[0], cv[1], fit)
				if err := b.run(chromedp.Navigate(u)); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				b.waitJS(t, where+": charts drawn", screenReady)
				var l screenLayout
				if err := b.run(chromedp.Evaluate(measureScreen, &l)); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				if l.InnerW != win[0] || l.InnerH != win[1] {
					t.Fatalf("%s: the window is %dx%d", where, l.InnerW, l.InnerH)
				}
				if l.ScrollW > l.InnerW || l.ScrollH > l.InnerH {
					t.Errorf("%s: the page scrolls: %dx%d in %dx%d", where, l.ScrollW, l.ScrollH, l.InnerW, l.InnerH)
				}
				if msg := checkFit(fit, l, float64(cv[0]), float64(cv[1])); msg != "" {
					t.Errorf("%s: the canvas %+v is %s", where, l.Rect, msg)
				}
				if l.Texts < 20 {
					t.Errorf("%s: only %d texts measured", where, l.Texts)
				}
				for _, o := range l.Overflows {
					t.Errorf("%s: %s", where, o)
				}
			}
		}
	}
	b.assertClean(t, "screens at every size and fit")
}

// apiScreen gets a dashboard's screen data from the server.
func apiScreen(t *testing.T, base, id string) charts.Screen {
	t.Helper()
	resp, err := http.Get(base + "/api/screen/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var body struct {
		Screen charts.Screen `json:"screen"`
	}
	if resp.StatusCode != 200 || json.Unmarshal(raw, &body) != nil {
		t.Fatalf("/api/screen/%s: %d %s", id, resp.StatusCode, raw)
	}
	return body.Screen
}

// recordCounters, run before the page's scripts, keeps every text each
// counter shows on its way to its figure.
const recordCounters = `window.__counterTexts = {};
new MutationObserver(ms => ms.forEach(m => {
  const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
  const v = el && el.closest && el.closest('.screen-kpi-value');
  if (!v) return;
  const k = v.getAttribute('data-final');
  (window.__counterTexts[k] = window.__counterTexts[k] || []).push(v.textContent);
})).observe(document, {subtree: true, childList: true, characterData: true});`

func TestBrowserScreenCountersEndAtTheFiguresWithTheirQualifiers(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	if err := b.run(chromedp.ActionFunc(func(ctx2 context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(recordCounters).Do(ctx2)
		return err
	})); err != nil {
		t.Fatal(err)
	}
	qualified := 0
	for _, id := range []string{"zhejiang-quzhou", "overview"} {
		want := apiScreen(t, base, id)
		var texts []string
		for _, h := range want.Headlines {
			if h.OK {
				texts = append(texts, h.Text)
				if h.Prefix != "" && strings.ContainsAny(h.Prefix, "近超约") || strings.Contains(h.Suffix, "多") {
					qualified++
				}
			}
		}
		if err := b.run(chromedp.Navigate(base + "/screen/" + id)); err != nil {
			t.Fatal(err)
		}
		b.waitJS(t, id+": every counter done", fmt.Sprintf(`(() => {
		  const vs = document.querySelectorAll('#screen-kpis .screen-kpi-value');
		  return vs.length === %d && [...vs].every(v => v.dataset.done === 'true');
		})()`, len(texts)))
		var got []string
		var seen map[string][]string
		if err := b.run(
			chromedp.Evaluate(`[...document.querySelectorAll('#screen-kpis .screen-kpi-value')].map(v => v.textContent === v.dataset.final ? v.textContent : 'MISMATCH ' + v.textContent)`, &got),
			chromedp.Evaluate(`window.__counterTexts`, &seen),
		); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, "|") != strings.Join(texts, "|") {
			t.Errorf("%s: counters end at %q, the API says %q", id, got, texts)
		}
		for _, h := range want.Headlines {
			if !h.OK || h.Number == "" {
				continue
			}
			steps := seen[h.Text]
			counted := false
			for _, s := range steps {
				if !strings.HasPrefix(s, h.Prefix) || !strings.HasSuffix(s, h.Suffix) {
					t.Errorf("%s: counter %q showed %q on its way: lost its words", id, h.Text, s)
				}
				if s != h.Text {
					counted = true
				}
			}
			if !counted {
				t.Errorf("%s: counter %q did not count up (texts seen: %q)", id, h.Text, steps)
			}
		}
	}
	if qualified == 0 {
		t.Error("no headline with 近, 超过 or 多 in the seed: the qualifiers are not tested")
	}
	b.assertClean(t, "counters")
}

func TestBrowserScreenDrawsEveryChart(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	for _, p := range []string{"/screen/zhejiang-quzhou", "/screen/national-express-rural?theme=light", "/screen/overview?rotate=charts&size=3840x2160"} {
		if err := b.run(chromedp.Navigate(base + p)); err != nil {
			t.Fatal(err)
		}
		b.waitJS(t, p+": charts drawn", screenReady)
		var n int
		if err := b.run(chromedp.Evaluate(`document.querySelectorAll('#screen-main .screen-chart svg').length`, &n)); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("%s: no chart drawn as SVG", p)
		}
	}
	b.assertClean(t, "screen charts")
}

func TestBrowserScreenRotatesOnTimeAndPauses(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	// changes of the shown dashboard, with when (ms since navigation)
	if err := b.run(chromedp.ActionFunc(func(ctx2 context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(`window.__dash = [];
new MutationObserver(ms => ms.forEach(m => window.__dash.push({id: m.target.getAttribute('data-dashboard'), t: performance.now()})))
  .observe(document, {subtree: true, attributes: true, attributeFilter: ['data-dashboard']});`).Do(ctx2)
		return err
	})); err != nil {
		t.Fatal(err)
	}
	if err := b.run(chromedp.Navigate(base + "/screen?dashboards=zhejiang-quzhou,shanghai-jiading&interval=5")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the first rotation", `window.__dash.some(c => c.id === 'shanghai-jiading')`)
	var at float64
	if err := b.run(chromedp.Evaluate(`window.__dash.find(c => c.id === 'shanghai-jiading').t`, &at)); err != nil {
		t.Fatal(err)
	}
	if at < 4900 || at > 7000 {
		t.Errorf("rotated to the next dashboard %.0f ms after the navigation, want within 5 s + 2 s (and not before 5 s)", at)
	}
	b.waitJS(t, "the rotation counted", `window.ecomdashScreen.rotations === 1 && document.getElementById('screen').dataset.dashboard === 'shanghai-jiading'`)

	// a touch pauses it: the badge shows, nothing rotates for longer than the interval
	var xy []float64
	if err := b.run(chromedp.Evaluate(`(() => { const r = document.getElementById('screen-main').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`, &xy)); err != nil {
		t.Fatal(err)
	}
	if err := b.run(chromedp.MouseClickXY(xy[0], xy[1])); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "paused by the click", `document.getElementById('screen').dataset.paused === 'true' && !document.getElementById('screen-paused').hidden`)
	b.waitJS(t, "an interval and 2 s passed while paused", `(() => { window.__pausedAt = window.__pausedAt || performance.now(); return performance.now() - window.__pausedAt > 7000; })()`)
	var state struct {
		Rotations int
		Dashboard string
	}
	if err := b.run(chromedp.Evaluate(`({Rotations: window.ecomdashScreen.rotations, Dashboard: document.getElementById('screen').dataset.dashboard})`, &state)); err != nil {
		t.Fatal(err)
	}
	if state.Rotations != 1 || state.Dashboard != "shanghai-jiading" {
		t.Errorf("paused, yet it rotated: %+v", state)
	}
	// the badge resumes it, and it rotates again within the interval
	if err := b.run(chromedp.Click("#screen-paused", chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "resumed and rotated back", `document.getElementById('screen').dataset.paused === 'false' && window.ecomdashScreen.rotations === 2 &&
	  document.getElementById('screen').dataset.dashboard === 'zhejiang-quzhou'`)
	b.assertClean(t, "rotation")
}

// addRankedDashboard adds a dashboard whose one chart compares the 31
// provinces (synthetic figures), so that its screen has a long ranking.
func addRankedDashboard(t *testing.T, a *App) {
	t.Helper()
	if _, err := synthetic.Build(a.DB, synthetic.Options{Regions: 60, Metrics: 1}); err != nil {
		t.Fatal(err)
	}
	c := models.Chart{ID: "yb-cities", Title: "各省生产总值（合成数据）", State: "metrics=yb_gdp&regions=children:100000&periods=2020&type=bar"}
	d := models.Dashboard{ID: "yb-ranked", Title: "各省排名（合成数据）", Charts: models.IDList{"yb-cities"},
		Headlines: models.IDList{"330100:yb_gdp:2020", "330200:yb_gdp:2020"}}
	if err := a.DB.Create(&c).Error; err != nil {
		t.Fatal(err)
	}
	if err := a.DB.Create(&d).Error; err != nil {
		t.Fatal(err)
	}
	if err := dbtest.BumpDataVersion(a.DB); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserScreenRankingScrollsAndFits(t *testing.T) {
	a := newTestApp(t)
	addRankedDashboard(t, a)
	base := serve(t, a)
	want := apiScreen(t, base, "yb-ranked")
	if want.Ranking == nil || len(want.Ranking.Rows) != 31 {
		t.Fatalf("the dashboard has no ranking of the 31 provinces: %+v", want.Ranking)
	}
	b := newBrowser(t, base)
	for _, win := range [][2]int{{1920, 1080}, {1366, 768}} {
		if err := b.run(chromedp.EmulateViewport(int64(win[0]), int64(win[1])), chromedp.Navigate(base+"/screen/yb-ranked?size=3840x1080")); err != nil {
			t.Fatal(err)
		}
		b.waitJS(t, "charts drawn", screenReady)
		// paused, the ranking holds still (at its first row) to be measured
		b.waitJS(t, "the ranking held", `window.ecomdashScreen.pause() || true`)
		b.waitJS(t, "the ranking still", `(() => { const l = document.querySelector('#screen-ranking .screen-rank-list'); return !l.style.transform || l.style.transform === 'translateY(0px)' || l.style.transform === 'translateY(0)'; })()`)
		var rows []string
		var title string
		if err := b.run(
			chromedp.Evaluate(`[...document.querySelectorAll('#screen-ranking .screen-rank-row')].map(r => [...r.children].map(c => c.textContent).join('|'))`, &rows),
			chromedp.Evaluate(`document.querySelector('#screen-ranking .screen-rank-title').textContent`, &title),
		); err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(want.Ranking.Rows) || title != want.Ranking.Title {
			t.Fatalf("ranking %q with %d rows, want %q with %d", title, len(rows), want.Ranking.Title, len(want.Ranking.Rows))
		}
		// in order, from wherever the scroll had got to
		off := 0
		for off < len(rows) && !strings.HasPrefix(rows[off], "1|") {
			off++
		}
		for i, r := range want.Ranking.Rows {
			if w := fmt.Sprintf("%d|%s|%s", r.Place, r.Region, r.Text); rows[(i+off)%len(rows)] != w {
				t.Errorf("row %d: %q, want %q", i, rows[i], w)
			}
		}
		var l screenLayout
		if err := b.run(chromedp.Evaluate(measureScreen, &l)); err != nil {
			t.Fatal(err)
		}
		for _, o := range l.Overflows {
			t.Errorf("window %v: %s", win, o)
		}
		saveShot(t, b, fmt.Sprintf("ranking-%dx%d.png", win[0], win[1]))
	}
	// more rows than the panel shows: it moves up one row at a time, the
	// first row going to the end, and the list never grows
	var fits bool
	if err := b.run(chromedp.Evaluate(`(() => { const w = document.querySelector('#screen-ranking .screen-rank-window'); return w.scrollHeight > w.clientHeight; })()`, &fits)); err != nil {
		t.Fatal(err)
	}
	if !fits {
		t.Fatal("the ranking's rows all fit: nothing to scroll (make the canvas shorter)")
	}
	if err := b.run(chromedp.Evaluate(`window.ecomdashScreen.resume()`, nil)); err != nil {
		t.Fatal(err)
	}
	first := want.Ranking.Rows[0].Region
	b.waitJS(t, "the ranking scrolled two rows", fmt.Sprintf(`(() => {
	  const rows = document.querySelectorAll('#screen-ranking .screen-rank-row');
	  return rows.length === %d && rows[rows.length - 2].children[1].textContent === %q;
	})()`, len(want.Ranking.Rows), first))
	b.assertClean(t, "ranking")
}

func TestBrowserScreenRefreshesInPlaceWhenTheDataChanges(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	if err := b.run(chromedp.Navigate(base + "/screen/zhejiang-quzhou?poll=5")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "charts drawn", screenReady+` && [...document.querySelectorAll('.screen-kpi-value')].every(v => v.dataset.done === 'true')`)
	// mark the chart instances and the counters, to see them kept
	var before struct {
		Version string
		Charts  []string
	}
	if err := b.run(chromedp.Evaluate(`(() => {
	  document.querySelectorAll('.screen-kpi-value').forEach(v => v.__old = true);
	  return {Version: document.getElementById('screen').dataset.version,
	    Charts: [...document.querySelectorAll('#screen-main .screen-chart-host')].map(h => echarts.getInstanceByDom(h).id)};
	})()`, &before)); err != nil {
		t.Fatal(err)
	}
	res := a.DB.Model(&models.Observation{}).Where("region_code = ? AND metric_code = ? AND period = ?", "330800", "online_retail_sales", "2012").
		Updates(map[string]any{"value": 15.8, "stated": "15.8亿元"})
	if res.Error != nil || res.RowsAffected == 0 {
		t.Fatalf("update the figure: %v (%d rows)", res.Error, res.RowsAffected)
	}
	if err := dbtest.BumpDataVersion(a.DB); err != nil {
		t.Fatal(err)
	}
	want := apiScreen(t, base, "zhejiang-quzhou")
	var texts []string
	for _, h := range want.Headlines {
		if h.OK {
			texts = append(texts, h.Text)
		}
	}
	if !strings.Contains(strings.Join(texts, "|"), "15.8亿元") {
		t.Fatalf("the changed figure is not among the headlines: %q", texts)
	}
	b.waitJS(t, "the refresh", `window.ecomdashScreen.refreshes === 1 && document.getElementById('screen').dataset.version !== `+fmt.Sprintf("%q", before.Version))
	b.waitJS(t, "counters and charts done", screenReady+` && [...document.querySelectorAll('.screen-kpi-value')].every(v => v.dataset.done === 'true')`)
	var after struct {
		Texts  []string
		Kept   bool
		Charts []string
		Polls  int
		State  string
	}
	if err := b.run(chromedp.Evaluate(`({
	  Texts: [...document.querySelectorAll('#screen-kpis .screen-kpi-value')].map(v => v.textContent),
	  Kept: [...document.querySelectorAll('.screen-kpi-value')].every(v => v.__old === true),
	  Charts: [...document.querySelectorAll('#screen-main .screen-chart-host')].map(h => echarts.getInstanceByDom(h).id),
	  Polls: window.ecomdashScreen.polls, State: document.getElementById('screen').dataset.state})`, &after)); err != nil {
		t.Fatal(err)
	}
	if strings.Join(after.Texts, "|") != strings.Join(texts, "|") {
		t.Errorf("after the refresh the counters read %q, want %q", after.Texts, texts)
	}
	if !after.Kept || strings.Join(after.Charts, ",") != strings.Join(before.Charts, ",") {
		t.Errorf("the refresh rebuilt the screen: counters kept %v, chart instances %v then %v", after.Kept, before.Charts, after.Charts)
	}
	if after.Polls < 1 || after.State != "ok" {
		t.Errorf("polls %d, state %q", after.Polls, after.State)
	}
	b.assertClean(t, "refresh")

	// the server goes away: the screen says so and keeps its data
	if err := a.Fiber.ShutdownWithTimeout(time.Second); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the screen offline", `document.getElementById('screen').dataset.state === 'offline' && window.ecomdashScreen.failures > 0 &&
	  /^连接中断，正在重试 · 数据更新于 \d\d:\d\d$/.test(document.getElementById('screen-status').textContent)`)
	var shown []string
	if err := b.run(chromedp.Evaluate(`[...document.querySelectorAll('#screen-kpis .screen-kpi-value')].map(v => v.textContent)`, &shown)); err != nil {
		t.Fatal(err)
	}
	if strings.Join(shown, "|") != strings.Join(texts, "|") {
		t.Errorf("offline, the counters read %q, want the last data %q", shown, texts)
	}
}

// saveShot saves a screenshot of the tab in $SCREEN_SHOTS, when set (to
// look at the screen while working on it).
func saveShot(t *testing.T, b *browser, name string) {
	t.Helper()
	dir := os.Getenv("SCREEN_SHOTS")
	if dir == "" {
		return
	}
	var png []byte
	if err := b.run(chromedp.CaptureScreenshot(&png)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
