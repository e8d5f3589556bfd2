package app

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"ecomdash/models"
	"ecomdash/models/dbtest"
	"ecomdash/seed"
	"ecomdash/seed/synthetic"
)

// chromiumPath finds Debian's chromium. Without it the browser tests skip,
// unless CI is set: there .ci/run installs it, so a missing browser is a failure.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but no chromium was found: .ci/run must install it (apt-get install -y chromium)")
	}
	t.Skip("browser test skipped: no chromium on this machine (apt-get install -y chromium, or set CHROMIUM=/path)")
	return ""
}

// serve starts a on a free loopback port and returns its base URL.
func serve(t *testing.T, a *App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Fiber.Listener(ln) }()
	return "http://" + ln.Addr().String()
}

// browser is one headless Chromium tab that refuses every request not for
// one of its allowed hosts and records console errors, exceptions and dialogs.
type browser struct {
	ctx context.Context

	mu       sync.Mutex
	allowed  map[string]bool // host:port
	blocked  []string
	problems []string
	dialogs  []string
}

// newBrowser starts Chromium allowing requests only to the given base URLs.
func newBrowser(t *testing.T, allowedBases ...string) *browser {
	t.Helper()
	// A fresh profile per browser. Not t.TempDir: Chromium may still be
	// writing to it for a moment after it is told to close.
	profile, err := os.MkdirTemp("", "ecomdash-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.WSURLReadTimeout(waitDeadline), // Chromium's start, on a busy machine
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	// No deadline on ctx: the browser lives as long as it (see chromedp.Run).
	// Each b.run has its own.
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx) // closes the browser and waits for it
		cancelCtx()
		cancelAlloc()
		_ = os.RemoveAll(profile)
	})

	b := &browser{ctx: ctx, allowed: map[string]bool{}}
	for _, base := range allowedBases {
		b.allow(t, base)
	}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *fetch.EventRequestPaused:
			go func() {
				exec := cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Target)
				u, err := url.Parse(e.Request.URL)
				if err == nil && (u.Scheme == "data" || u.Scheme == "blob" || b.isAllowed(u.Host)) {
					_ = fetch.ContinueRequest(e.RequestID).Do(exec)
					return
				}
				b.note(&b.blocked, e.Request.URL)
				_ = fetch.FailRequest(e.RequestID, network.ErrorReasonBlockedByClient).Do(exec)
			}()
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError || e.Type == runtime.APITypeAssert {
				var args []string
				for _, a := range e.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				b.note(&b.problems, "console."+string(e.Type)+": "+strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			b.note(&b.problems, "exception: "+e.ExceptionDetails.Error())
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.LevelError {
				b.note(&b.problems, "log: "+e.Entry.Text+" "+e.Entry.URL)
			}
		case *page.EventJavascriptDialogOpening:
			b.note(&b.dialogs, string(e.Type)+": "+e.Message)
			go func() {
				exec := cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Target)
				_ = page.HandleJavaScriptDialog(false).Do(exec)
			}()
		}
	})
	hung := time.AfterFunc(waitDeadline, cancelCtx) // a start that hangs fails the test
	err = chromedp.Run(ctx, fetch.Enable(), cdplog.Enable(), runtime.Enable())
	if !hung.Stop() {
		err = fmt.Errorf("not started within %v: %w", waitDeadline, err)
	}
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

// run runs actions in the tab, each call bounded by waitDeadline: a safety
// net against a hang, not a speed limit.
func (b *browser) run(actions ...chromedp.Action) error {
	ctx, cancel := context.WithTimeout(b.ctx, waitDeadline)
	defer cancel()
	return chromedp.Run(ctx, actions...)
}

// pollJS evaluates the JavaScript expression cond in the page, as poll
// does, until it is true or waitDeadline has passed, and reports whether it
// became true. An evaluation that fails (the page is being replaced by
// another) counts as false.
func (b *browser) pollJS(cond string) bool {
	ctx, cancel := context.WithTimeout(b.ctx, waitDeadline)
	defer cancel()
	return poll(waitDeadline, func() bool {
		var ok bool
		return chromedp.Run(ctx, chromedp.Evaluate(cond, &ok)) == nil && ok
	})
}

// waitJS is pollJS that fails the test, saying what it waited for, if cond
// did not become true.
func (b *browser) waitJS(t *testing.T, what, cond string) {
	t.Helper()
	if !b.pollJS(cond) {
		t.Fatalf("waited %v for %s", waitDeadline, what)
	}
}

// allow lets the browser reach the host of the base URL base.
func (b *browser) allow(t *testing.T, base string) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		t.Fatalf("allow: %q is not a base URL", base)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.allowed[u.Host] = true
}

func (b *browser) isAllowed(host string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.allowed[host]
}

func (b *browser) note(list *[]string, s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	*list = append(*list, s)
}

// chartState is what the page reports for one chart element.
type chartState struct {
	ID        string `json:"id"`
	Drawn     bool   `json:"drawn"`
	Width     int    `json:"w"`
	Height    int    `json:"h"`
	InkPixels int    `json:"ink"`
}

// measureCharts counts, for every chart on the page, the sampled canvas
// pixels that are not background white.
const measureCharts = `[...document.querySelectorAll('[data-chart]')].map(el => {
  const c = el.querySelector('canvas');
  if (!c) return {id: el.dataset.chart, drawn: false, w: 0, h: 0, ink: 0};
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4 * 7) {
    if (d[i + 3] > 0 && !(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) ink++;
  }
  return {id: el.dataset.chart, drawn: el.dataset.drawn === 'true', w: c.width, h: c.height, ink};
})`

// drawAllCharts has the page draw every chart now (charts become
// interactive lazily: in view and idle, or on a pointer) and is true once
// the page has loaded and every chart has finished drawing, its animation
// included (charts.js sets data-drawn on ECharts' "finished").
const drawAllCharts = `(() => {
  if (window.ecomdashCharts) window.ecomdashCharts.hydrateAll();
  return document.readyState === 'complete' &&
    [...document.querySelectorAll('[data-chart]')].every(el => el.dataset.drawn === 'true');
})()`

// loadAndMeasure opens url, draws its charts and waits until each has
// finished drawing, and returns their state. Charts still not drawn after
// waitDeadline are returned as they are, for assertAllDrawn to report.
func (b *browser) loadAndMeasure(t *testing.T, url string) []chartState {
	t.Helper()
	if err := b.run(chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	b.pollJS(drawAllCharts)
	var states []chartState
	if err := b.run(chromedp.Evaluate(measureCharts, &states)); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return states
}

func (b *browser) assertClean(t *testing.T, where string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.blocked) > 0 {
		t.Errorf("%s: page tried to reach other hosts: %v", where, b.blocked)
	}
	if len(b.problems) > 0 {
		t.Errorf("%s: console errors: %v", where, b.problems)
	}
	if len(b.dialogs) > 0 {
		t.Errorf("%s: a dialog opened (script ran): %v", where, b.dialogs)
	}
}

// assertAllDrawn checks that the page has want charts (at least one when
// want is -1) and that every one is drawn.
func assertAllDrawn(t *testing.T, where string, states []chartState, want int) {
	t.Helper()
	if (want >= 0 && len(states) != want) || (want < 0 && len(states) == 0) {
		t.Errorf("%s: %d chart elements, want %d", where, len(states), want)
	}
	for _, s := range states {
		if !s.Drawn || s.Width == 0 || s.Height == 0 || s.InkPixels < 200 {
			t.Errorf("%s: chart %s not drawn: %+v", where, s.ID, s)
		}
	}
}

func TestBrowserDrawsEveryChartWithNoOutsideRequests(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)

	states := b.loadAndMeasure(t, base+"/")
	assertAllDrawn(t, "/", states, len(seed.Charts))
	states = b.loadAndMeasure(t, base+"/charts/quzhou-share-of-zhejiang-2012")
	assertAllDrawn(t, "chart page", states, 1)
	b.assertClean(t, "dashboard and chart page")

	// prove the blocker is live: a navigation to another host must be refused by it
	_ = b.run(chromedp.Navigate("http://192.0.2.1/"))
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.blocked) != 1 || !strings.HasPrefix(b.blocked[0], "http://192.0.2.1/") {
		t.Errorf("request blocker did not refuse the outside navigation: blocked=%v", b.blocked)
	}
}

func TestBrowserHostileRegionNamesDoNotRun(t *testing.T) {
	a := newTestApp(t)
	for code, name := range map[string]string{
		"330800": `</script><script>alert(1)</script>`,
		"330000": `__f__alert(2)__f__`,
		"330700": `"><img src=x onerror=alert(3)>`,
	} {
		if err := a.DB.Model(&models.Region{}).Where("code = ?", code).Update("name_zh", name).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := dbtest.BumpDataVersion(a.DB); err != nil {
		t.Fatal(err)
	}
	base := serve(t, a)
	b := newBrowser(t, base)
	for _, p := range []struct {
		path   string
		charts int
	}{
		{"/", len(seed.Charts)},
		{"/charts/quzhou-vs-zhejiang-online-retail-2012", 1},
		{"/charts/online-retail-share-of-consumer-retail-2012", 1},
		{"/charts/jinhua-vs-quzhou-online-retail-2012", 1},
		{"/regions/330800", -1}, // the profile's charts
		{"/regions", 0},
		{"/compare?metrics=online_retail_sales&regions=330800,330000,330700&periods=2012&labels=stated", 1},
	} {
		states := b.loadAndMeasure(t, base+p.path)
		assertAllDrawn(t, p.path, states, p.charts)
		// hover every chart's first bar, and have it show the first item's
		// tooltip, so the tooltip formatter runs on the names (at once:
		// ECharts draws the tooltip within the event and the action)
		var tips int
		if err := b.run(chromedp.Evaluate(`document.querySelectorAll('[data-chart]').forEach(el => {
			const r = el.getBoundingClientRect(); const c = el.querySelector('canvas');
			if (c) c.dispatchEvent(new MouseEvent('mousemove', {clientX: r.left + r.width * 0.3, clientY: r.top + r.height * 0.6, bubbles: true}));
			const chart = window.echarts && echarts.getInstanceByDom(el);
			if (chart) chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0});
		}) || document.querySelectorAll('[data-chart] .echarts-tip').length`, &tips)); err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		if len(states) > 0 && tips == 0 {
			t.Errorf("%s: no chart showed a tooltip", p.path)
		}
	}
	b.assertClean(t, "pages with hostile names")
}

// download opens page, clicks the link matched by selector and returns the
// file the browser saved and the name it suggested.
func (b *browser) download(t *testing.T, page, selector string) (name string, body []byte) {
	t.Helper()
	dir := t.TempDir()
	done := make(chan string, 1)
	var suggested string
	var mu sync.Mutex
	// download events arrive on the page's target once events are enabled
	chromedp.ListenTarget(b.ctx, func(ev any) {
		switch e := ev.(type) {
		case *cdpbrowser.EventDownloadWillBegin:
			mu.Lock()
			suggested = e.SuggestedFilename
			mu.Unlock()
		case *cdpbrowser.EventDownloadProgress:
			if e.State == cdpbrowser.DownloadProgressStateCompleted {
				select {
				case done <- e.GUID:
				default:
				}
			}
		}
	})
	err := b.run(
		cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName).WithDownloadPath(dir).WithEventsEnabled(true),
		chromedp.Navigate(page),
		chromedp.WaitVisible(selector),
		chromedp.Click(selector),
	)
	if err != nil {
		t.Fatal(err)
	}
	var guid string
	select {
	case guid = <-done:
	case <-time.After(waitDeadline):
		t.Fatalf("the download from %s did not complete within %v", page, waitDeadline)
	}
	body, err = os.ReadFile(filepath.Join(dir, guid))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	return suggested, body
}

func TestBrowserDownloadsTheChartPNG(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	name, body := b.download(t, base+"/charts/quzhou-vs-zhejiang-online-retail-2012", `a[data-download="png"]`)
	img, err := png.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("downloaded file is not a PNG: %v", err)
	}
	if name != "衢州市与浙江省网络零售额对比.png" {
		t.Errorf("browser saved the file as %q, want the chart's Chinese title", name)
	}
	if bd := img.Bounds(); bd.Dx() != 2400 || bd.Dy() != 1350 {
		t.Errorf("downloaded PNG is %dx%d, want 2400x1350 (1200x675 at scale 2)", bd.Dx(), bd.Dy())
	}
	b.assertClean(t, "chart page download")
}

// TestBrowserDownloadsTheWordReport clicks 下载 Word 报告 on a dashboard
// page and checks the browser saves a .docx named after the dashboard,
// with a picture per chart.
func TestBrowserDownloadsTheWordReport(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	name, body := b.download(t, base+"/dashboards/zhejiang-quzhou", `a[href="/export/dashboards/zhejiang-quzhou.docx"]`)
	if name != "浙江·衢州.docx" {
		t.Errorf("browser saved the report as %q, want the dashboard's title", name)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("the download is not a .docx: %v", err)
	}
	pictures := 0
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "word/media/") {
			pictures++
		}
	}
	if pictures != 5 {
		t.Errorf("the report holds %d pictures, want the dashboard's 5 charts", pictures)
	}
	b.assertClean(t, "dashboard report download")
}

// TestBrowserCompareRedrawsAndKeepsTheAddress: /compare draws its chart;
// changing a control draws the new chart and the address holds the new
// state, so copying it reproduces the chart.
func TestBrowserCompareRedrawsAndKeepsTheAddress(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	states := b.loadAndMeasure(t, base+"/compare?metrics=online_retail_sales&regions=330800,330000&periods=2011..2012")
	assertAllDrawn(t, "/compare", states, 1)
	seriesType := `echarts.getInstanceByDom(document.querySelector('[data-chart]')).getOption().series[0].type`
	var before, after, address string
	if err := b.run(chromedp.Evaluate(seriesType, &before), chromedp.Evaluate(markOld, nil), chromedp.Click(`//label[text()="折线图"]`, chromedp.BySearch)); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the page of the new chart type, drawn", newPageDrawn)
	if err := b.run(chromedp.Evaluate(seriesType, &after), chromedp.Location(&address)); err != nil {
		t.Fatal(err)
	}
	if before != "bar" || after != "line" {
		t.Errorf("series type %q then %q, want bar then line", before, after)
	}
	if !strings.HasSuffix(address, "/compare?metrics=online_retail_sales&regions=330800,330000&periods=2011..2012&type=line") {
		t.Errorf("address %q does not hold the new state", address)
	}
	// 浙江省's 加下级 adds the regions under it
	if err := b.run(chromedp.Evaluate(markOld, nil), chromedp.Click(`button[aria-label="加上浙江省的下级地区"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the page with the children added, drawn", newPageDrawn)
	if err := b.run(chromedp.Location(&address)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(address, "regions=330800,330000,children:330000") {
		t.Errorf("after 加下级: address %q", address)
	}
	b.assertClean(t, "/compare")
}

// A change in the builder navigates to the new state: the page is marked,
// and a new page is one without the mark whose charts are drawn.
const (
	markOld      = `window.ecomdashOldPage = true`
	newPageDrawn = `!window.ecomdashOldPage && ` + drawAllCharts
)

// codesShown is the text a reader sees on the page outside the builder's
// 高级 section that looks like a code: a region code, a metric code or a
// region shorthand.
const codesShown = `(() => {
  const adv = document.getElementById('compare-advanced');
  const was = adv.hidden; adv.hidden = true;
  const text = document.body.innerText;
  adv.hidden = was;
  const m = text.match(/[0-9]{6}|[a-z]+_[a-z_]+|children:|siblings:|parent:/g);
  return m ? m.join(' ') : '';
})()`

// chartData is the drawn chart's categories and values, to compare two
// drawings of one state.
const chartData = `JSON.stringify((o => [o.xAxis && o.xAxis.map(a => a.data), o.yAxis && o.yAxis.map(a => a.data), o.series.map(s => s.data)])(echarts.getInstanceByDom(document.querySelector('[data-chart]')).getOption()))`

// builtByNames checks the page shows 衢州市 against 浙江省 and 金华市 for
// 网络零售额, from an address that holds it, and no code outside 高级;
// reloading the address draws the same chart.
func builtByNames(t *testing.T, b *browser, regions string) {
	t.Helper()
	var address, shown, drawn, again string
	if err := b.run(chromedp.Location(&address), chromedp.Evaluate(codesShown, &shown), chromedp.Evaluate(chartData, &drawn)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(address, "/compare?metrics=online_retail_sales&regions="+regions+"&") {
		t.Errorf("address %q, want 网络零售额 of %s", address, regions)
	}
	if shown != "" {
		t.Errorf("codes visible outside 高级: %s", shown)
	}
	for _, name := range []string{"衢州市", "浙江省", "金华市"} {
		if !strings.Contains(drawn, name) {
			t.Errorf("the chart lacks %s: %.300s", name, drawn)
		}
	}
	assertAllDrawn(t, "the address reloaded", b.loadAndMeasure(t, address), 1)
	if err := b.run(chromedp.Evaluate(chartData, &again)); err != nil {
		t.Fatal(err)
	}
	if again != drawn {
		t.Errorf("the address reloaded draws %s, want %s", again, drawn)
	}
}

// TestBrowserCompareBuildsByNames: an official builds 衢州市 against 浙江省
// and 金华市 for 网络零售额 by clicking names and typing words, never a code;
// each step draws, the address holds the chart, and reloading it draws the
// same chart.
func TestBrowserCompareBuildsByNames(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	// the default comparison: 衢州市, its siblings and 浙江省
	assertAllDrawn(t, "/compare", b.loadAndMeasure(t, base+"/compare"), 1)
	steps := []struct {
		what    string
		actions []chromedp.Action
	}{
		{"the metric found by typing part of its name", []chromedp.Action{
			chromedp.SendKeys("#metric-search", "零售额", chromedp.ByQuery),
			chromedp.Click(`//label[text()="网络零售额占全省比重"]`, chromedp.BySearch)}},
		{"the metric taken away again", []chromedp.Action{chromedp.Click(`button[aria-label="去掉指标：网络零售额占全省比重"]`, chromedp.ByQuery)}},
		{"the siblings taken away", []chromedp.Action{chromedp.Click(`button[aria-label="去掉地区：衢州市及其同级地区"]`, chromedp.ByQuery)}},
		{"金华市 ticked in the tree", []chromedp.Action{chromedp.Click(`//label[text()="金华市"]`, chromedp.BySearch)}},
	}
	for _, step := range steps {
		if err := b.run(chromedp.Evaluate(markOld, nil)); err != nil {
			t.Fatal(err)
		}
		if err := b.run(step.actions...); err != nil {
			t.Fatalf("%s: %v", step.what, err)
		}
		b.waitJS(t, step.what+", drawn", newPageDrawn)
	}
	builtByNames(t, b, "330800,330000,330700")
	b.assertClean(t, "/compare built by names")
}

// TestBrowserCompareAddsARegionBySearch: typing part of a name in the
// region search offers the region with its path; choosing it draws it.
func TestBrowserCompareAddsARegionBySearch(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	assertAllDrawn(t, "/compare", b.loadAndMeasure(t, base+"/compare?metrics=online_retail_sales&regions=330800,330000,330700&periods=latest"), 1)
	if err := b.run(chromedp.Evaluate(markOld, nil), chromedp.SendKeys("#region-search", "丽水", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "丽水市 offered", `[...document.querySelectorAll('#region-results button')].some(b => b.textContent.indexOf('浙江省 › 丽水市') === 0)`)
	if err := b.run(chromedp.Click(`//ul[@id="region-results"]//button[starts-with(., "浙江省 › 丽水市")]`, chromedp.BySearch)); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the page with 丽水市, drawn", newPageDrawn)
	var address, chips, shown string
	if err := b.run(chromedp.Location(&address), chromedp.Text("#chosen-regions", &chips, chromedp.ByQuery), chromedp.Evaluate(codesShown, &shown)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(address, "regions=330800,330000,330700,331100&") || !strings.Contains(chips, "丽水市") || shown != "" {
		t.Errorf("after choosing 丽水市: address %q, chosen %q, codes shown %q", address, chips, shown)
	}
	b.assertClean(t, "/compare with a region found")
}

// TestBrowserCompareByKeyboardOnly: the same task with the keyboard alone:
// Tab to a control (each one named), Enter or Space to use it, typing to
// search; the focus stays on the control used when the new chart's page
// opens.
func TestBrowserCompareByKeyboardOnly(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	assertAllDrawn(t, "/compare", b.loadAndMeasure(t, base+"/compare"), 1)
	// focused describes the focused control: its accessible name, roughly
	const focused = `(el => !el || el === document.body ? '' : (el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || el.id).trim())(document.activeElement)`
	tabTo := func(name string) {
		t.Helper()
		for i := 0; i < 120; i++ {
			var now string
			if err := b.run(chromedp.KeyEvent(kb.Tab), chromedp.Evaluate(focused, &now)); err != nil {
				t.Fatal(err)
			}
			if now == name {
				return
			}
		}
		t.Fatalf("no control named %q reached with Tab", name)
	}
	press := func(key, what string) {
		t.Helper()
		if err := b.run(chromedp.Evaluate(markOld, nil), chromedp.KeyEvent(key)); err != nil {
			t.Fatal(err)
		}
		b.waitJS(t, what+", drawn", newPageDrawn)
	}
	tabTo("去掉地区：衢州市及其同级地区")
	press(kb.Enter, "the siblings taken away")
	tabTo("按名称查找地区")
	if err := b.run(chromedp.KeyEvent("金华")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "金华市 offered", `[...document.querySelectorAll('#region-results button')].some(b => b.textContent.indexOf('金华市') >= 0)`)
	press(kb.Enter, "金华市 added with Enter")
	var focus string
	if err := b.run(chromedp.Evaluate(`document.activeElement.id`, &focus)); err != nil {
		t.Fatal(err)
	}
	if focus != "region-search" {
		t.Errorf("after the new page opened the focus is on %q, want the region search", focus)
	}
	builtByNames(t, b, "330800,330000,330700")
	// the chart type is a button reached and pressed from the keyboard
	if err := b.run(chromedp.Focus("#d-type-bar", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	press(kb.ArrowRight, "the next chart type (条形图)")
	var address string
	if err := b.run(chromedp.Location(&address)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(address, "type=hbar") {
		t.Errorf("after → on the chart type: %q", address)
	}
	b.assertClean(t, "/compare by keyboard")
}

// TestBrowserBuilderShowsTheSizeBeforeDrawing: on a database of real size
// the builder says how many values a chart would draw before it draws; a
// change past the limit is held with the reason under the form and the
// address and chart left as they were; narrowed again, it draws.
func TestBrowserBuilderShowsTheSizeBeforeDrawing(t *testing.T) {
	a := newTestApp(t)
	if _, err := synthetic.Build(a.DB, synthetic.Options{Regions: 60, Metrics: 2}); err != nil {
		t.Fatal(err)
	}
	base := serve(t, a)
	b := newBrowser(t, base)
	start := base + "/compare?metrics=yb_gdp&regions=330100&periods=1990..2020&type=line"
	assertAllDrawn(t, "/compare", b.loadAndMeasure(t, start), 1)
	const sizeShown = `(document.getElementById('compare-size').hidden ? '' : document.getElementById('compare-size').textContent)`
	b.waitJS(t, "the size of the chart shown", sizeShown+`.indexOf('将画 31 个数值') >= 0`)
	// the metric picker's counts arrive after the page, counted once per data version
	b.waitJS(t, "the metrics' counts filled in", `!document.querySelector('[data-uncounted]') && document.getElementById('m-yb_gdp-d').textContent.indexOf('60 个地区 · 61 个时期') >= 0`)

	// past the limit: 11 cities × 2 metrics × 61 years, written in 高级
	set := func(value string) chromedp.Action {
		return chromedp.Evaluate(fmt.Sprintf(`(el => { el.closest('details').open = true; el.value = %q; el.dispatchEvent(new Event('change')); return true })(document.getElementById('compare-raw'))`, value), nil)
	}
	if err := b.run(chromedp.Evaluate(markOld, nil), set("metrics=yb_gdp,yb_retail&regions=children:330000&periods=all&type=line")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the reason the chart cannot be drawn", sizeShown+`.indexOf('无法绘制') >= 0 && `+sizeShown+`.indexOf('个数值') >= 0`)
	var text, address string
	var old bool
	if err := b.run(chromedp.Evaluate(sizeShown, &text), chromedp.Evaluate(`window.ecomdashOldPage === true`, &old), chromedp.Location(&address)); err != nil {
		t.Fatal(err)
	}
	if !old || address != start || !strings.Contains(text, "1342 个数值（11 个地区 × 2 个指标 × 61 个时期）") || !strings.Contains(text, "请减少") {
		t.Errorf("past the limit: still on the page %v, address %q, said %q; want the page kept, the counts and what to narrow", old, address, text)
	}
	// narrowed: 11 cities × 2 metrics × 5 years draws
	if err := b.run(set("metrics=yb_gdp,yb_retail&regions=children:330000&periods=2016..2020&type=line")); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the narrowed chart's page, drawn", newPageDrawn)
	if err := b.run(chromedp.Location(&address)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(address, "metrics=yb_gdp,yb_retail&regions=children:330000&periods=2016..2020") {
		t.Errorf("after narrowing: address %q", address)
	}
	b.waitJS(t, "the size of the narrowed chart", sizeShown+`.indexOf('将画 110 个数值') >= 0`)
	// the pickers name what the address holds
	var chips string
	if err := b.run(chromedp.Text("#chosen-regions", &chips, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(chips, "浙江省的下级地区") {
		t.Errorf("the chosen regions read %q, want 浙江省的下级地区", chips)
	}
	b.assertClean(t, "/compare with the size shown")
}

// TestBrowserCompareHighlightsByClickAndDrawsAReferenceLine: a click on a
// bar highlights its region (focus in the address, the bar in the focus
// colour), a second click takes it away; choosing a figure in 参考线 draws
// the reference line; no code is typed.
func TestBrowserCompareHighlightsByClickAndDrawsAReferenceLine(t *testing.T) {
	a := newTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	start := base + "/compare?metrics=online_retail_sales&regions=330800,330000,330700&periods=2012"
	assertAllDrawn(t, "/compare", b.loadAndMeasure(t, start), 1)
	const markOld = `window.ecomdashOldPage = true`
	const newPageDrawn = `!window.ecomdashOldPage && ` + drawAllCharts
	const chart = `echarts.getInstanceByDom(document.querySelector('[data-chart]'))`
	// the builder listens once the chart is drawn: wait for its handler, then click 金华市's bar
	b.waitJS(t, "the builder's click handler on the chart", chart+`._$handlers && `+chart+`._$handlers.click && `+chart+`._$handlers.click.length > 0`)
	if err := b.run(chromedp.Evaluate(markOld, nil), chromedp.Evaluate(chart+`.trigger('click', {name: '金华市', seriesName: '网络零售额'}); true`, nil)); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the page with 金华市 highlighted, drawn", newPageDrawn)
	var address, picked string
	if err := b.run(chromedp.Location(&address), chromedp.Evaluate(`document.getElementById('d-focus').value`, &picked)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(address, "focus=330700") || picked != "330700" {
		t.Errorf("after clicking 金华市: address %q, 突出显示 %q; want focus=330700", address, picked)
	}
	// 参考线: 浙江省's figure
	if err := b.run(chromedp.Evaluate(markOld, nil), chromedp.Evaluate(`(el => { el.value = '330000:online_retail_sales:2012'; el.dispatchEvent(new Event('change', {bubbles: true})); return true })(document.getElementById('d-ref'))`, nil)); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the page with the reference line, drawn", newPageDrawn)
	var lines int
	if err := b.run(chromedp.Location(&address), chromedp.Evaluate(`(`+chart+`.getOption().series[0].markLine || {data: []}).data.length`, &lines)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(address, "ref=330000:online_retail_sales:2012") || lines != 1 {
		t.Errorf("after choosing 浙江省's figure: address %q, %d reference lines; want ref=… and one line", address, lines)
	}
	// a legend entry: 金华市 · … of a chart whose series are regions
	lineStart := base + "/compare?metrics=online_retail_sales&regions=330800,330700&periods=all&type=line"
	assertAllDrawn(t, "/compare", b.loadAndMeasure(t, lineStart), 1)
	b.waitJS(t, "the builder's legend handler", chart+`._$handlers && `+chart+`._$handlers.legendselectchanged && `+chart+`._$handlers.legendselectchanged.length > 0`)
	if err := b.run(chromedp.Evaluate(markOld, nil), chromedp.Evaluate(`(c => { c.dispatchAction({type: 'legendToggleSelect', name: c.getOption().series.find(s => s.name.indexOf('衢州市') === 0).name}); return true })(`+chart+`)`, nil)); err != nil {
		t.Fatal(err)
	}
	b.waitJS(t, "the page with 衢州市 highlighted from the legend, drawn", newPageDrawn)
	if err := b.run(chromedp.Location(&address)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(address, "focus=330800") {
		t.Errorf("after the legend entry 衢州市: address %q, want focus=330800", address)
	}
	b.assertClean(t, "highlight and reference line on /compare")
}
