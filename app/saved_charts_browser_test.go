package app

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// newAdminTestApp is an app on a fresh seeded database with the admin
// token "test-token".
func newAdminTestApp(t *testing.T) *App {
	t.Helper()
	a, err := New(Config{Addr: ":0", DatabaseURL: filepath.Join(t.TempDir(), "x.db"),
		EmbedAllowedOrigins: []string{"*"}, AdminTokens: map[string]string{"tester": "test-token"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close(0) })
	return a
}

// adminJSON sends body as JSON with the admin token and wants status.
func adminJSON(t *testing.T, a *App, method, path string, body any, status int) []byte {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = strings.NewReader(string(raw))
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("%s %s: %d %s, want %d", method, path, resp.StatusCode, out, status)
	}
	return out
}

func TestBrowserSavedChartWithAHostileTitleRunsNothing(t *testing.T) {
	a := newAdminTestApp(t)
	adminJSON(t, a, "POST", "/api/admin/charts", map[string]any{"id": "hostile", "title": nameScript,
		"lead": nameImg, "reading": nameScript, "note": nameMarker,
		"state": "metrics=online_retail_sales&regions=children:330000,330000&periods=2012&focus=330800"}, 201)
	var d map[string]any
	_ = json.Unmarshal(adminJSON(t, a, "GET", "/api/admin/dashboards/zhejiang-quzhou", nil, 200), &d)
	d["charts"] = append(d["charts"].([]any), "hostile")
	adminJSON(t, a, "PUT", "/api/admin/dashboards/zhejiang-quzhou", d, 200)

	base := serve(t, a)
	b := newBrowser(t, base)
	for _, p := range []struct {
		path   string
		charts int
	}{
		{"/charts/hostile", 1},
		{"/embed/charts/hostile", 1},
		{"/dashboards/zhejiang-quzhou", 6},
		{"/embed/dashboards/zhejiang-quzhou", 6},
	} {
		assertAllDrawn(t, p.path, b.loadAndMeasure(t, base+p.path), p.charts)
	}
	var title string
	if err := b.run(chromedp.Navigate(base+"/charts/hostile"), chromedp.Text("h1", &title, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if title != nameScript {
		t.Errorf("the page's heading is %q, want the title shown as text", title)
	}
	b.assertClean(t, "a saved chart titled "+nameScript)
}

func TestBrowserAdministratorSavesAComparisonToADashboard(t *testing.T) {
	a := newAdminTestApp(t)
	base := serve(t, a)
	b := newBrowser(t, base)
	assertAllDrawn(t, "/compare", b.loadAndMeasure(t, base+"/compare?metrics=online_retail_sales&regions=children:330000&periods=all"), 1)
	var result string
	err := b.run(
		chromedp.Click("#save-chart summary", chromedp.ByQuery),
		chromedp.SendKeys("#save-token", "test-token", chromedp.ByID),
		chromedp.SendKeys("#save-id", "zj-cities", chromedp.ByID),
		chromedp.SetValue("#save-dashboard", "shanghai-jiading", chromedp.ByID),
		chromedp.Click(`#save-chart-form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible("#save-result .ok", chromedp.ByQuery),
		chromedp.Text("#save-result", &result, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(result, "已保存并加入看板") {
		t.Errorf("save said %q", result)
	}
	var d struct{ Charts []string }
	_ = json.Unmarshal(adminJSON(t, a, "GET", "/api/dashboards/shanghai-jiading", nil, 200), &d)
	if !slices.Equal(d.Charts, []string{"jiading-ecommerce-2020", "zj-cities"}) {
		t.Errorf("dashboard charts %v, want the new chart added at the end", d.Charts)
	}
	var c struct{ State, Title string }
	_ = json.Unmarshal(adminJSON(t, a, "GET", "/api/charts/zj-cities", nil, 200), &c)
	if c.State != "metrics=online_retail_sales&regions=children:330000" || c.Title == "" {
		t.Errorf("saved chart %+v", c)
	}
	assertAllDrawn(t, "/dashboards/shanghai-jiading", b.loadAndMeasure(t, base+"/dashboards/shanghai-jiading"), 2)

	// the admin page lists the charts and dashboards once the token is given
	var rows, dashRows int
	err = b.run(
		chromedp.Navigate(base+"/admin"),
		chromedp.WaitReady("#token-form", chromedp.ByID),
		chromedp.SendKeys("#token", "test-token", chromedp.ByID),
		chromedp.Click(`#token-form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible("#dashboards-result table", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('#charts-result tbody tr').length`, &rows),
		chromedp.Evaluate(`document.querySelectorAll('#dashboards-result tbody tr').length`, &dashRows),
	)
	if err != nil {
		t.Fatal(err)
	}
	if rows != 13 || dashRows != 5 {
		t.Errorf("admin page lists %d charts and %d dashboards, want 13 and 5", rows, dashRows)
	}
	// moving the second dashboard up makes it the first, once the server
	// has taken the new order and the page has listed it again
	if err := b.run(chromedp.Click(`#dashboards-result tbody tr:nth-child(2) button[aria-label^="上移"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	const firstDashboard = `(c => c ? c.textContent : '')(document.querySelector('#dashboards-result tbody tr:first-child td:nth-child(2)'))`
	var first string
	poll(waitDeadline, func() bool {
		return b.run(chromedp.Evaluate(firstDashboard, &first)) == nil && first == "zhejiang-quzhou"
	})
	if first != "zhejiang-quzhou" {
		t.Errorf("after moving it up the first dashboard is %q", first)
	}
	b.assertClean(t, "saving from /compare and the admin page")
}
