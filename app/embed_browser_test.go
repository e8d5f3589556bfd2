package app

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"ecomdash/handlers"
)

// hostPage serves, on its own loopback port (so another origin), a page that
// includes embed.js from scriptBase and frames each URL of frames at 150 px high.
func hostPage(t *testing.T, scriptBase string, frames ...string) string {
	t.Helper()
	tmpl := template.Must(template.New("host").Parse(`<!doctype html><html><head><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,"></head>
<body style="margin:0;background:#eee">
<p>政府门户网站（测试宿主页）</p>
{{range $i, $f := .Frames}}<iframe id="f{{$i}}" data-ecomdash-embed src="{{$f}}" style="width:900px;height:150px;border:0;display:block"></iframe>
{{end}}<script src="{{.Script}}" async></script>
</body></html>`))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = tmpl.Execute(w, map[string]any{"Frames": frames, "Script": scriptBase + "/static/js/embed.js"})
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// newEmbedApp starts an app configured by cfg changes and returns its base URL.
func newEmbedApp(t *testing.T, change func(*Config)) (*App, string) {
	t.Helper()
	cfg := Config{Addr: "127.0.0.1:0", DatabaseURL: filepath.Join(t.TempDir(), "embed.db"), EmbedAllowedOrigins: []string{"*"}}
	if change != nil {
		change(&cfg)
	}
	a, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(0) })
	return a, serve(t, a)
}

// frameResult is what a frame's document reports about itself.
type frameResult struct {
	URL     string       `json:"url"`
	Text    string       `json:"text"`
	Charts  []chartState `json:"charts"`
	Blocked bool         `json:"-"`
}

// inFrames evaluates expr in every child frame of the page that loaded (in
// an isolated world of the frame: a frame of another origin cannot be read
// from the host page's own scripts) and returns each frame's value by its
// URL; each frame refused (a browser error page) is listed in blocked, by
// its name and ID, with its URL.
func (b *browser) inFrames(expr string) (values map[string]json.RawMessage, blocked map[string]string, err error) {
	values, blocked = map[string]json.RawMessage{}, map[string]string{}
	err = b.run(chromedp.ActionFunc(func(ctx context.Context) error {
		tree, err := page.GetFrameTree().Do(ctx)
		if err != nil {
			return err
		}
		for _, child := range tree.ChildFrames {
			f := child.Frame
			if f.UnreachableURL != "" || strings.HasPrefix(f.URL, "chrome-error:") {
				blocked[f.Name+"#"+string(f.ID)] = f.URL
				continue
			}
			world, err := page.CreateIsolatedWorld(f.ID).WithWorldName("ecomdash-test").Do(ctx)
			if err != nil {
				return fmt.Errorf("isolated world for %s: %w", f.URL, err)
			}
			obj, exc, err := runtime.Evaluate(expr).WithContextID(world).WithReturnByValue(true).Do(ctx)
			if err != nil || exc != nil {
				return fmt.Errorf("evaluate in %s: %v %v", f.URL, err, exc)
			}
			values[f.URL] = json.RawMessage(obj.Value)
		}
		return nil
	}))
	return values, blocked, err
}

// frameDrawn points at every chart of a frame (they are drawn lazily, when
// in view and the browser is idle, or on a pointer) and is true once the
// frame has loaded and all its charts have finished drawing.
const frameDrawn = `(() => {
  const els = [...document.querySelectorAll('[data-chart]')];
  els.forEach(el => { if (!el.dataset.hydrating) el.dispatchEvent(new PointerEvent('pointerenter')); });
  return document.readyState === 'complete' && els.every(el => el.dataset.drawn === 'true');
})()`

// inspectFrames waits until every child frame of the page has loaded and
// drawn its charts, then reads each: its URL, its text, and its charts.
// Charts still not drawn after waitDeadline are read as they are, for
// assertAllDrawn to report.
func (b *browser) inspectFrames(t *testing.T) map[string]frameResult {
	t.Helper()
	poll(waitDeadline, func() bool {
		done, _, err := b.inFrames(frameDrawn)
		for _, d := range done {
			if string(d) != "true" {
				return false
			}
		}
		return err == nil
	})
	values, blocked, err := b.inFrames(`({text: document.body ? document.body.innerText : '', charts: ` + measureCharts + `})`)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]frameResult{}
	for key, u := range blocked {
		out[key] = frameResult{URL: u, Blocked: true}
	}
	for u, v := range values {
		res := frameResult{URL: u}
		if err := json.Unmarshal(v, &res); err != nil {
			t.Fatalf("frame %s: %v", u, err)
		}
		out[u] = res
	}
	return out
}

// frameHeights returns the host page's iframe heights in CSS pixels.
func (b *browser) frameHeights(t *testing.T) []float64 {
	t.Helper()
	var hs []float64
	if err := b.run(chromedp.Evaluate(`[...document.querySelectorAll('iframe')].map(f => f.getBoundingClientRect().height)`, &hs)); err != nil {
		t.Fatal(err)
	}
	return hs
}

func TestBrowserEmbedsOnAnotherOriginDrawAndSizeThemselves(t *testing.T) {
	_, appBase := newEmbedApp(t, nil)
	host := hostPage(t, appBase, appBase+"/embed/charts/quzhou-share-of-zhejiang-2012", appBase+"/embed/dashboards/zhejiang-quzhou")
	b := newBrowser(t, appBase, host)
	if err := b.run(chromedp.Navigate(host + "/")); err != nil {
		t.Fatal(err)
	}
	frames := b.inspectFrames(t)
	chartFrame := frames[appBase+"/embed/charts/quzhou-share-of-zhejiang-2012"]
	dashFrame := frames[appBase+"/embed/dashboards/zhejiang-quzhou"]
	assertAllDrawn(t, "chart embed", chartFrame.Charts, 1)
	assertAllDrawn(t, "dashboard embed", dashFrame.Charts, 5)

	// embed.js sizes each frame when the frame reports its height: wait for
	// the heights wanted below (the frames start at 150 px)
	var hs []float64
	poll(waitDeadline, func() bool {
		hs = b.frameHeights(t)
		return len(hs) == 2 && hs[0] >= 480 && hs[0] <= 620 && hs[1] >= 1200
	})
	if len(hs) != 2 || hs[0] <= 150 || hs[1] <= 150 {
		t.Fatalf("frame heights %v: embed.js did not size the frames (started at 150)", hs)
	}
	// a 900 px wide chart embed at its natural 16:9 is about 506 px + credit line
	if hs[0] < 480 || hs[0] > 620 {
		t.Errorf("chart frame height %.0f, want about 900×9/16 plus its credit line", hs[0])
	}
	if hs[1] < 1200 {
		t.Errorf("dashboard frame height %.0f: it should grow to hold five charts", hs[1])
	}
	// the height follows the content: narrow the chart frame, it gets shorter
	if err := b.run(chromedp.Evaluate(`document.getElementById('f0').style.width = '600px'`, nil)); err != nil {
		t.Fatal(err)
	}
	var narrow float64
	poll(waitDeadline, func() bool {
		narrow = b.frameHeights(t)[0]
		return narrow < hs[0]-60
	})
	if narrow >= hs[0]-60 {
		t.Errorf("after narrowing the frame its height went %.0f → %.0f; it should follow the chart's 16:9 height", hs[0], narrow)
	}
	b.assertClean(t, "host page with embeds")
}

func TestBrowserFramingPolicy(t *testing.T) {
	// an app that allows framing only by some other origin
	_, strictBase := newEmbedApp(t, func(c *Config) { c.EmbedAllowedOrigins = []string{"https://portal.example.gov.cn"} })
	_, openBase := newEmbedApp(t, nil)
	host := hostPage(t, openBase, strictBase+"/embed/charts/express-parcels-2020", openBase+"/charts/express-parcels-2020", openBase+"/embed/charts/express-parcels-2020")
	b := newBrowser(t, strictBase, openBase, host)
	if err := b.run(chromedp.Navigate(host + "/")); err != nil {
		t.Fatal(err)
	}
	frames := b.inspectFrames(t)
	drawn := 0
	blocked := 0
	for key, f := range frames {
		switch {
		case f.Blocked:
			blocked++
		case strings.HasPrefix(key, openBase+"/embed/"):
			assertAllDrawn(t, "allowed embed", f.Charts, 1)
			drawn++
		default:
			t.Errorf("frame %s was shown; it should have been refused (%q)", key, f.Text)
		}
	}
	if blocked != 2 || drawn != 1 {
		t.Errorf("%d frames refused and %d drawn; want the strict embed and the non-embed page refused, the open embed drawn", blocked, drawn)
	}
}

func TestBrowserSignedEmbedWorksUntilExpiry(t *testing.T) {
	key := "browser-test-signing-key"
	const path = "/embed/charts/township-express-coverage-2020"
	_, appBase := newEmbedApp(t, func(c *Config) { c.EmbedSigningKey = key })
	b := newBrowser(t, appBase)
	// Sign for a few seconds, and load a host page framing the signed URL
	// and the unsigned one. Unless it loaded (its frames served) before
	// exp, as it does but on a very busy machine, sign for longer and load
	// another.
	var exp time.Time
	var valid string
	for lifetime := 4 * time.Second; ; lifetime *= 2 {
		exp = time.Now().Add(lifetime)
		var err error
		if valid, err = handlers.SignEmbedURL([]byte(key), path, exp); err != nil {
			t.Fatal(err)
		}
		host := hostPage(t, appBase, appBase+valid, appBase+path)
		b.allow(t, host)
		if err := b.run(chromedp.Navigate(host + "/")); err != nil {
			t.Fatal(err)
		}
		if time.Now().Before(exp) {
			break
		}
		if lifetime > waitDeadline {
			t.Fatalf("the host page took over %v to load", lifetime)
		}
		t.Logf("the host page took longer to load than the signature's %v: signing for longer", lifetime)
	}
	frames := b.inspectFrames(t)
	assertAllDrawn(t, "signed embed", frames[appBase+valid].Charts, 1)
	if unsigned := frames[appBase+path]; len(unsigned.Charts) != 0 || !strings.Contains(unsigned.Text, "签名") {
		t.Errorf("unsigned embed was shown: %+v", unsigned)
	}
	time.Sleep(time.Until(exp.Add(1100 * time.Millisecond))) // exp has one-second resolution
	if err := b.run(chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if expired := b.inspectFrames(t)[appBase+valid]; len(expired.Charts) != 0 || !strings.Contains(expired.Text, "过期") {
		t.Errorf("signed embed still shown after exp: %+v", expired)
	}
}

// TestBrowserEmbedDialogSignsForAnAdministrator: with signed embeds, the
// Embed dialog of a visitor says the URL must be signed and offers no code
// that would be refused; in a tab where an administrator set the token on
// /admin, it offers a signed URL whose preview draws.
func TestBrowserEmbedDialogSignsForAnAdministrator(t *testing.T) {
	a, base := newEmbedApp(t, func(c *Config) {
		c.EmbedSigningKey = "dialog-signing-key"
		c.AdminTokens = map[string]string{"admin": "dialog-token"}
	})
	_ = a
	b := newBrowser(t, base)
	chart := base + "/charts/express-parcels-2020"
	// openDialog opens the chart page's Embed dialog and waits for its
	// status line: at once for a visitor, once the server has signed the
	// URL for an administrator
	openDialog := func() (code, status string) {
		t.Helper()
		if err := b.run(
			chromedp.Navigate(chart),
			chromedp.WaitReady("[data-embed-path]"),
			chromedp.Click("[data-embed-path]"),
		); err != nil {
			t.Fatal(err)
		}
		b.waitJS(t, "the embed dialog's status", `document.getElementById('embed-status').textContent !== ''`)
		if err := b.run(chromedp.Value("#embed-code", &code), chromedp.Text("#embed-status", &status)); err != nil {
			t.Fatal(err)
		}
		return code, status
	}
	code, status := openDialog()
	var image string
	if err := b.run(chromedp.Value("#embed-fallback", &image)); err != nil {
		t.Fatal(err)
	}
	if code != "" || !strings.Contains(status, "管理令牌") {
		t.Errorf("visitor: code %q, status %q; want no code and a note on the token", code, status)
	}
	if !strings.Contains(image, "/charts/express-parcels-2020.png") {
		t.Errorf("visitor: image code %q; images need no signature and are still offered", image)
	}
	if err := b.run(
		chromedp.Navigate(base+"/admin"),
		chromedp.WaitReady("body"),
		chromedp.Evaluate(`sessionStorage.setItem('ecomdash-admin-token', 'dialog-token')`, nil),
	); err != nil {
		t.Fatal(err)
	}
	code, status = openDialog()
	previewReady := b.pollJS(`(() => { const f = document.getElementById('embed-preview'); try { return !!f.contentDocument.querySelector('[data-chart]'); } catch (e) { return false; } })()`)
	if !strings.Contains(code, "sig=") || !strings.Contains(code, "exp=") || !strings.Contains(status, "有效至") {
		t.Errorf("administrator: code %q, status %q; want a signed URL", code, status)
	}
	if !previewReady {
		t.Error("the preview of the signed URL does not show the chart")
	}
	b.assertClean(t, "embed dialog")
}
