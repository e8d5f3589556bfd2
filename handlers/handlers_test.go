package handlers

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"ecomdash/models"
	"ecomdash/models/dbtest"
	"ecomdash/seed"
	"ecomdash/seed/seedtest"
)

// newTestApp builds the routes on a fresh seeded database. Each configure
// function sets Options before the Handler is made.
func newTestApp(t testing.TB, configure ...func(*Options)) (*fiber.App, *Handler) {
	t.Helper()
	db := seedtest.Open(t, "")
	var opts Options
	for _, f := range configure {
		f(&opts)
	}
	h, err := New(db, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	app := fiber.New(fiber.Config{ErrorHandler: h.ErrorHandler, BodyLimit: MaxRequestBody, StreamRequestBody: true, DisableStartupMessage: true})
	h.Register(app)
	return app, h
}

type response struct {
	status int
	header map[string]string
	body   []byte
}

// get sends GET path with the headers hdr (name, value, …).
func get(t testing.TB, app *fiber.App, path string, hdr ...string) response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	got := map[string]string{}
	for k := range resp.Header {
		got[k] = resp.Header.Get(k)
	}
	return response{resp.StatusCode, got, body}
}

func TestRoutes(t *testing.T) {
	app, _ := newTestApp(t)
	const html, js, jsonCT, csvCT = "text/html", "text/javascript", "application/json", "text/csv"
	tests := []struct {
		path     string
		status   int
		ctype    string
		contains []string
	}{
		{"/", 200, html, []string{"电商区域统计看板", "12.3亿元", "2403.8亿元", `data-chart="township-express-coverage-2020"`}},
		{"/charts/quzhou-vs-zhejiang-online-retail-2012", 200, html, []string{"衢州市与浙江省网络零售额对比", "来源与原文", "2027", "<mark>12.3亿元</mark>"}},
		{"/charts/no-such-chart", 404, html, []string{"找不到页面", "no-such-chart"}},
		{"/charts", 302, "", nil},
		{"/regions", 200, html, []string{"330800", "衢州市", "嘉定区"}},
		{"/regions/330800", 200, html, []string{"衢州市", "网络零售额", "12.3", "浙江省"}},
		{"/regions/999999", 404, html, []string{"没有这个地区"}},
		{"/regions/abc", 400, html, []string{"地区代码格式不正确"}},
		{"/sources", 200, html, []string{"quzhou-speech-2013"}},
		{"/sources/quzhou-speech-2013", 200, html, []string{"原文", "<mark>", "12.3亿元"}},
		{"/sources/no-such-source", 404, html, []string{"没有这个来源"}},
		{"/sources/BAD%20ID", 400, html, []string{"来源编号格式不正确"}},
		{"/no/such/page", 404, html, []string{"找不到"}},
		{"/api/regions", 200, jsonCT, []string{`"code":"330800"`, `"name_zh":"衢州市"`}},
		{"/api/metrics", 200, jsonCT, []string{`"code":"online_retail_sales"`, `"unit":"亿元"`}},
		{"/api/sources", 200, jsonCT, []string{`"id":"jiading-reply-2021"`}},
		{"/api/observations?region=330800&metric=online_retail_sales&period=2012", 200, jsonCT, []string{`"value":12.3`, `"quote":`}},
		{"/api/observations?region=999999", 400, jsonCT, []string{`"error":`, "unknown region code"}},
		{"/api/observations?region=33", 400, jsonCT, []string{"6 digits"}},
		{"/api/observations?period=2012%E5%B9%B4", 400, jsonCT, []string{"malformed period"}},
		{"/api/observations?metric=nope", 400, jsonCT, []string{"unknown metric code"}},
		{"/api/observations?metric=DROP%20TABLE", 400, jsonCT, []string{"malformed metric code"}},
		{"/api/observations?source=nope", 400, jsonCT, []string{"unknown source id"}},
		{"/api/observations?regoin=330800", 400, jsonCT, []string{"unknown query parameter"}},
		{"/api/observations.csv?period=2020Q5", 400, jsonCT, []string{"malformed period"}},
		{"/api/charts", 200, jsonCT, []string{`"id":"jiading-ecommerce-2020"`}},
		{"/api/charts/jiading-ecommerce-2020", 200, jsonCT, []string{`"option":`, `"observations":`, "2403.8"}},
		{"/api/charts/nope", 404, jsonCT, []string{`"error":`}},
		{"/api/charts/nope.csv", 404, jsonCT, []string{`"error":`}},
		{"/api/nope", 404, jsonCT, []string{`"error":`}},
		{"/healthz", 200, jsonCT, []string{`"status":"ok"`}},
		{"/static/js/charts.js", 200, js, []string{"JSON.parse"}},
		{"/static/nope.js", 404, html, nil},
		{"/favicon.ico", 200, "image/svg+xml", []string{"<svg"}},
	}
	for _, tt := range tests {
		r := get(t, app, tt.path)
		if r.status != tt.status {
			t.Errorf("GET %s: status %d, want %d; body %.200s", tt.path, r.status, tt.status, r.body)
			continue
		}
		if tt.ctype != "" && !strings.HasPrefix(r.header["Content-Type"], tt.ctype) {
			t.Errorf("GET %s: content type %q, want %s", tt.path, r.header["Content-Type"], tt.ctype)
		}
		for _, s := range tt.contains {
			if !bytes.Contains(r.body, []byte(s)) {
				t.Errorf("GET %s: body lacks %q", tt.path, s)
			}
		}
	}
}

func TestEveryChartHasAPageAndCSV(t *testing.T) {
	app, _ := newTestApp(t)
	for _, s := range seed.Charts {
		page := get(t, app, "/charts/"+s.ID)
		if page.status != 200 || !bytes.Contains(page.body, []byte(s.Title)) {
			t.Errorf("/charts/%s: %d", s.ID, page.status)
		}
		c := get(t, app, "/api/charts/"+s.ID+".csv")
		if c.status != 200 {
			t.Errorf("/api/charts/%s.csv: %d", s.ID, c.status)
			continue
		}
		rows := readCSV(t, c.body)
		if len(rows) < 2 {
			t.Errorf("%s.csv has no data rows", s.ID)
		}
		if cd := c.header["Content-Disposition"]; !strings.Contains(cd, "filename*=UTF-8''") || !strings.Contains(cd, s.ID+".csv") {
			t.Errorf("%s.csv: Content-Disposition %q", s.ID, cd)
		}
	}
}

// readCSV checks the BOM and header and returns all rows.
func readCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("\uFEFF")) {
		t.Fatal("CSV does not start with a UTF-8 BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(body[len("\uFEFF"):])).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if strings.Join(rows[0], ",") != strings.Join(models.CSVColumns, ",") {
		t.Fatalf("CSV header %v", rows[0])
	}
	return rows
}

func TestObservationsAPIMatchesCSVAndCarriesProvenance(t *testing.T) {
	app, _ := newTestApp(t)
	for _, q := range []string{"", "?region=330800", "?source=cnr-express-2020", "?metric=online_retail_sales,online_retail_growth&period=2011,2012"} {
		var obs []observationJSON
		r := get(t, app, "/api/observations"+q)
		if err := json.Unmarshal(r.body, &obs); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if len(obs) == 0 {
			t.Fatalf("%s: no observations", q)
		}
		rows := readCSV(t, get(t, app, "/api/observations.csv"+q).body)
		if len(rows)-1 != len(obs) {
			t.Errorf("%s: CSV has %d rows, JSON %d", q, len(rows)-1, len(obs))
		}
		for _, o := range obs {
			if o.Region.NameZH == "" || o.Metric.Unit == "" || o.Source.Title == "" || o.Quote == "" || o.Period == "" {
				t.Errorf("%s: observation %d lacks provenance: %+v", q, o.ID, o)
			}
			if o.Reported == o.Derived {
				t.Errorf("observation %d: reported=%v derived=%v", o.ID, o.Reported, o.Derived)
			}
		}
	}
}

func TestPagesLoadNothingFromOtherHosts(t *testing.T) {
	app, _ := newTestApp(t)
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//`)
	for _, p := range []string{"/", "/charts/express-parcels-2020", "/regions/330800", "/sources/cnr-express-2020", "/regions", "/sources", "/nope"} {
		r := get(t, app, p)
		if m := external.Find(r.body); m != nil {
			t.Errorf("%s references another host: %s", p, m)
		}
	}
}

func TestOptionScriptsAreJSONData(t *testing.T) {
	app, _ := newTestApp(t)
	body := get(t, app, "/").body
	re := regexp.MustCompile(`(?s)<script type="application/json" id="option-([a-z0-9-]+)">(.*?)</script>`)
	found := re.FindAllSubmatch(body, -1)
	if len(found) != len(seed.Charts) {
		t.Fatalf("%d option scripts on the dashboard, want %d", len(found), len(seed.Charts))
	}
	for _, m := range found {
		var v map[string]any
		if err := json.Unmarshal(m[2], &v); err != nil {
			t.Errorf("option %s is not JSON: %v", m[1], err)
		}
	}
}

func TestHostileNamesAreEscapedEverywhere(t *testing.T) {
	app, h := newTestApp(t)
	db := h.db
	const scriptName = `</script><script>alert(1)</script>`
	const funcName = `__f__alert(2)__f__`
	const imgName = `"><img src=x onerror=alert(3)>`
	const formula = `=HYPERLINK("http://x")`
	update := func(model any, where, key, col, val string) {
		if err := db.Model(model).Where(where+" = ?", key).Update(col, val).Error; err != nil {
			t.Fatal(err)
		}
	}
	update(&models.Region{}, "code", "330800", "name_zh", scriptName)
	update(&models.Region{}, "code", "330000", "name_zh", funcName)
	update(&models.Metric{}, "code", "online_retail_sales", "name_zh", imgName)
	update(&models.Source{}, "id", "quzhou-speech-2013", "title", formula)
	if err := dbtest.BumpDataVersion(db); err != nil {
		t.Fatal(err)
	}
	pages := []string{"/", "/charts/quzhou-vs-zhejiang-online-retail-2012", "/charts/online-retail-share-of-consumer-retail-2012",
		"/regions", "/regions/330800", "/regions/330000", "/sources", "/sources/quzhou-speech-2013"}
	for _, p := range pages {
		r := get(t, app, p)
		if r.status != 200 {
			t.Fatalf("%s: %d", p, r.status)
		}
		for _, raw := range []string{"<script>alert(1)", "<img src=x", `"><img`} {
			if bytes.Contains(r.body, []byte(raw)) {
				t.Errorf("%s: hostile markup %q appears unescaped", p, raw)
			}
		}
		if n := bytes.Count(r.body, []byte("</script>")); n != bytes.Count(r.body, []byte("<script")) {
			t.Errorf("%s: %d </script> for %d <script>: a name closed a script element", p, n, bytes.Count(r.body, []byte("<script")))
		}
	}
	// the API returns the names unchanged, as data
	var obs []observationJSON
	_ = json.Unmarshal(get(t, app, "/api/observations?region=330800&metric=online_retail_sales").body, &obs)
	if len(obs) == 0 || obs[0].Region.NameZH != scriptName || obs[0].Metric.NameZH != imgName || obs[0].Source.Title != formula {
		t.Errorf("API altered the names: %+v", obs)
	}
	// CSV neutralises the formula
	rows := readCSV(t, get(t, app, "/api/observations.csv?source=quzhou-speech-2013").body)
	col := -1
	for i, h := range models.CSVColumns {
		if h == "source_title" {
			col = i
		}
	}
	for _, row := range rows[1:] {
		if row[col] != "'"+formula {
			t.Fatalf("CSV source_title %q, want the formula neutralised with a leading apostrophe", row[col])
		}
	}
}

func TestHighlightEscapesAndMarks(t *testing.T) {
	got := string(highlight(`<b>网络零售额达到12.3亿元</b>，12.3`, []string{"12.3亿元", "<b>", ""}))
	want := `<mark>&lt;b&gt;</mark>网络零售额达到<mark>12.3亿元</mark>&lt;/b&gt;，12.3`
	if got != want {
		t.Errorf("highlight = %q\nwant        %q", got, want)
	}
}

func TestStaticAssetsAreCachedAndVersioned(t *testing.T) {
	app, _ := newTestApp(t)
	body := get(t, app, "/").body
	m := regexp.MustCompile(`src="(/static/js/charts\.js\?v=[0-9a-f]{12})"`).FindSubmatch(body)
	if m == nil {
		t.Fatal("dashboard does not link a versioned charts.js")
	}
	r := get(t, app, string(m[1]))
	if r.status != 200 || !strings.Contains(r.header["Cache-Control"], "immutable") || r.header["Etag"] == "" {
		t.Errorf("charts.js: %d, Cache-Control %q, ETag %q", r.status, r.header["Cache-Control"], r.header["Etag"])
	}
	req := httptest.NewRequest("GET", string(m[1]), nil)
	req.Header.Set("If-None-Match", r.header["Etag"])
	resp, _ := app.Test(req, -1)
	if resp.StatusCode != 304 {
		t.Errorf("If-None-Match: %d, want 304", resp.StatusCode)
	}
	for _, vendored := range []string{"/static/vendor/echarts/echarts-5.6.0.min.js", "/static/vendor/echarts/LICENSE"} {
		if r := get(t, app, vendored); r.status != 200 {
			t.Errorf("%s: %d", vendored, r.status)
		}
	}
}

func TestGroupBySourceListsEachQuoteOnceWithAllItsFigures(t *testing.T) {
	a := models.Source{ID: "a"}
	b := models.Source{ID: "b"}
	obs := []models.Observation{
		{SourceID: "a", Source: a, Quote: "q1", Stated: "12.3亿元"},
		{SourceID: "b", Source: b, Quote: "q2", Stated: "5%"},
		{SourceID: "a", Source: a, Quote: "q1", Stated: "66.22%"},
		{SourceID: "a", Source: a, Quote: "q3", Derived: true},
	}
	got := groupBySource(obs)
	if len(got) != 2 || got[0].Source.ID != "a" || got[1].Source.ID != "b" {
		t.Fatalf("sources %+v", got)
	}
	if len(got[0].Quotes) != 2 || got[0].Quotes[0].Text != "q1" || strings.Join(got[0].Quotes[0].Stated, ",") != "12.3亿元,66.22%" {
		t.Errorf("quotes of a: %+v", got[0].Quotes)
	}
	if len(got[0].Quotes[1].Stated) != 0 {
		t.Errorf("a derived figure has no stated text to mark: %+v", got[0].Quotes[1])
	}
}

func TestHealthAndReadiness(t *testing.T) {
	app, h := newTestApp(t)
	if r := get(t, app, "/healthz"); r.status != 200 || r.header["Cache-Control"] != "no-store" {
		t.Errorf("/healthz: %d, Cache-Control %q", r.status, r.header["Cache-Control"])
	}
	r := get(t, app, "/readyz")
	if r.status != 200 || !strings.Contains(string(r.body), `"data_version":`) {
		t.Errorf("/readyz on a migrated database: %d %s", r.status, r.body)
	}
	h.SetDraining()
	if r := get(t, app, "/readyz"); r.status != 503 || !strings.Contains(string(r.body), `"error"`) {
		t.Errorf("/readyz while shutting down: %d %s; want a 503 JSON error", r.status, r.body)
	}
	if r := get(t, app, "/healthz"); r.status != 200 {
		t.Errorf("/healthz while shutting down: %d; the process is still alive", r.status)
	}

	// A database without the tables (not migrated) is not ready.
	app2, h2 := newTestApp(t)
	if err := h2.db.Exec("DROP TABLE data_versions").Error; err != nil {
		t.Fatal(err)
	}
	if r := get(t, app2, "/readyz"); r.status != 503 {
		t.Errorf("/readyz without the data_versions table: %d, want 503", r.status)
	}
	if r := get(t, app2, "/healthz"); r.status != 200 {
		t.Errorf("/healthz does not depend on the database, got %d", r.status)
	}
}
