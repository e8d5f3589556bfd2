package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"ecomdash/handlers/ratelimit"
)

const (
	aliceToken = "alice-0123456789abcdef"
	bobToken   = "bob-fedcba9876543210"
)

// adminClient is a test app with the admin API on (tokens for alice and
// bob) and images drawn by a fake renderer.
type adminClient struct {
	t    *testing.T
	app  *fiber.App
	h    *Handler
	fake *fakeRenderer
}

func newAdminApp(t *testing.T) *adminClient {
	t.Helper()
	fake := &fakeRenderer{}
	app, h := newTestApp(t, func(o *Options) {
		o.AdminTokens = map[string]string{"alice": aliceToken, "bob": bobToken}
	})
	h.useRenderer(fake)
	return &adminClient{t: t, app: app, h: h, fake: fake}
}

// do sends a request; token "" sends no Authorization header.
func (a *adminClient) do(method, path, token string, body []byte, hdr ...string) response {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := a.app.Test(req, -1)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := map[string]string{}
	for k := range resp.Header {
		m[k] = resp.Header.Get(k)
	}
	return response{resp.StatusCode, m, b}
}

// as sends v as JSON with alice's token.
func (a *adminClient) as(method, path string, v any) response {
	a.t.Helper()
	var body []byte
	switch b := v.(type) {
	case nil:
	case string:
		body = []byte(b)
	case []byte:
		body = b
	default:
		var err error
		if body, err = json.Marshal(v); err != nil {
			a.t.Fatal(err)
		}
	}
	return a.do(method, path, aliceToken, body)
}

func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decode %.200s: %v", r.body, err)
	}
	return v
}

// observationID finds the id of a seeded observation.
func (a *adminClient) observationID(region, metric, period string) uint {
	a.t.Helper()
	r := a.as("GET", fmt.Sprintf("/api/admin/observations?region=%s&metric=%s&period=%s", region, metric, period), nil)
	obs := decode[[]observationJSON](a.t, r)
	if len(obs) != 1 {
		a.t.Fatalf("want one observation %s/%s/%s, got %d", region, metric, period, len(obs))
	}
	return obs[0].ID
}

func goodObservation() map[string]any {
	return map[string]any{"region_code": "330800", "metric_code": "online_retail_sales", "period": "2013",
		"source_id": "quzhou-speech-2013", "value": 20.5, "qualifier": "more_than", "stated": "超过20亿元", "quote": "2013年网络零售额超过20亿元"}
}

func TestAdminDisabledWithoutToken(t *testing.T) {
	app, _ := newTestApp(t)
	for _, tt := range []struct{ method, path, ctype string }{
		{"GET", "/admin", "text/html"},
		{"GET", "/api/admin/sources", "application/json"},
		{"POST", "/api/admin/import", "application/json"},
		{"DELETE", "/api/admin/regions/330800", "application/json"},
		{"GET", "/api/admin", "application/json"},
	} {
		req := httptest.NewRequest(tt.method, tt.path, nil)
		req.Header.Set("Authorization", "Bearer anything")
		resp, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.ctype) || !strings.Contains(string(body), "ADMIN_TOKEN") {
			t.Errorf("%s %s with admin off: %d %s %.100s", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
}

func TestAdminAuthOnEveryRoute(t *testing.T) {
	a := newAdminApp(t)
	oid := strconv.FormatUint(uint64(a.observationID("330800", "online_retail_sales", "2011")), 10)
	csvFile := "region_code,metric_code,period,value,source_id,quote\n330800,online_retail_sales,2031,1,quzhou-speech-2013,q\n"
	routes := []struct {
		method, path string
		body         any
		status       int
	}{
		{"GET", "/api/admin/sources", nil, 200},
		{"POST", "/api/admin/sources", map[string]any{"id": "new-doc", "title": "新文件", "publisher": "某局", "published_on": "2024-01-02", "kind": "news_report"}, 201},
		{"GET", "/api/admin/sources/new-doc", nil, 200},
		{"PUT", "/api/admin/sources/new-doc", map[string]any{"title": "新文件（修订）", "publisher": "某局", "published_on": "2024-01-02", "kind": "news_report"}, 200},
		{"DELETE", "/api/admin/sources/new-doc", nil, 200},
		{"GET", "/api/admin/regions", nil, 200},
		{"POST", "/api/admin/regions", map[string]any{"code": "330171", "name_zh": "杭州高新技术产业开发区", "level": "city", "parent_code": "330000"}, 201},
		{"GET", "/api/admin/regions/330171", nil, 200},
		{"PUT", "/api/admin/regions/330171", map[string]any{"name_zh": "杭州高新技术产业开发区", "name_en": "Hangzhou Hi-tech Zone", "level": "city", "parent_code": "330000"}, 200},
		{"DELETE", "/api/admin/regions/330171", nil, 200},
		{"GET", "/api/admin/metrics", nil, 200},
		{"POST", "/api/admin/metrics", map[string]any{"code": "new_metric", "name_zh": "新指标", "unit": "个"}, 201},
		{"GET", "/api/admin/metrics/new_metric", nil, 200},
		{"PUT", "/api/admin/metrics/new_metric", map[string]any{"name_zh": "新指标", "unit": "家"}, 200},
		{"DELETE", "/api/admin/metrics/new_metric", nil, 200},
		{"GET", "/api/admin/observations", nil, 200},
		{"POST", "/api/admin/observations", goodObservation(), 201},
		{"GET", "/api/admin/observations/" + oid, nil, 200},
		{"PUT", "/api/admin/observations/" + oid, map[string]any{"region_code": "330800", "metric_code": "online_retail_sales", "period": "2011", "source_id": "quzhou-speech-2013", "value": 7.5, "quote": "q"}, 200},
		{"DELETE", "/api/admin/observations/" + oid, nil, 200},
		{"POST", "/api/admin/import?dry_run=1", csvFile, 200},
		{"POST", "/api/admin/import", csvFile, 200},
		{"GET", "/api/admin/audit", nil, 200},
		{"GET", "/api/admin/export.csv", nil, 200},
		{"GET", "/api/admin/nope", nil, 404},
	}
	for _, rt := range routes {
		a.h.admin.failures = ratelimit.NewFailureLimiter(authFailLimit, authFailWindow, nil) // keep the rate limit out of this test
		var body []byte
		if rt.body != nil {
			if s, ok := rt.body.(string); ok {
				body = []byte(s)
			} else {
				body, _ = json.Marshal(rt.body)
			}
		}
		for _, tok := range []string{"", "wrong-token", aliceToken[:len(aliceToken)-1], "Basic " + aliceToken} {
			var r response
			if strings.HasPrefix(tok, "Basic ") {
				r = a.do(rt.method, rt.path, "", body, "Authorization", tok)
			} else {
				r = a.do(rt.method, rt.path, tok, body)
			}
			if r.status != 401 || r.header["Www-Authenticate"] == "" || !strings.HasPrefix(r.header["Www-Authenticate"], "Bearer") ||
				!bytes.Contains(r.body, []byte(`"error"`)) {
				t.Errorf("%s %s with token %q: %d %q %.100s, want 401 with WWW-Authenticate: Bearer", rt.method, rt.path, tok, r.status, r.header["Www-Authenticate"], r.body)
			}
		}
		if r := a.do(rt.method, rt.path, aliceToken, body); r.status != rt.status {
			t.Errorf("%s %s with the right token: %d %.300s, want %d", rt.method, rt.path, r.status, r.body, rt.status)
		} else if r.header["Cache-Control"] != "no-store" {
			t.Errorf("%s %s: Cache-Control %q, want no-store", rt.method, rt.path, r.header["Cache-Control"])
		}
	}
	// bob's token works too, and the audit names who did what
	if r := a.do("GET", "/api/admin/sources", bobToken, nil); r.status != 200 {
		t.Errorf("bob: %d", r.status)
	}
	entries := decode[[]map[string]any](t, a.as("GET", "/api/admin/audit", nil))
	if len(entries) == 0 || entries[0]["actor"] != "alice" || entries[0]["action"] != "import" {
		t.Errorf("newest audit entry %v", entries[0])
	}
}

func TestAdminRateLimit(t *testing.T) {
	a := newAdminApp(t)
	now := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	a.h.admin.failures = ratelimit.NewFailureLimiter(authFailLimit, authFailWindow, func() time.Time { return now })
	for i := 0; i < authFailLimit; i++ {
		if r := a.do("GET", "/api/admin/sources", "guess-"+strconv.Itoa(i), nil); r.status != 401 {
			t.Fatalf("failure %d: %d", i+1, r.status)
		}
		now = now.Add(time.Second)
	}
	for _, tok := range []string{"guess", aliceToken} { // blocked even with the right token
		r := a.do("GET", "/api/admin/sources", tok, nil)
		if r.status != 429 || r.header["Retry-After"] == "" || !bytes.Contains(r.body, []byte("too many failed attempts")) {
			t.Errorf("after %d failures, token %q: %d Retry-After %q %s", authFailLimit, tok, r.status, r.header["Retry-After"], r.body)
		}
		if secs, _ := strconv.Atoi(r.header["Retry-After"]); secs < 1 || secs > 60 {
			t.Errorf("Retry-After %q", r.header["Retry-After"])
		}
	}
	now = now.Add(authFailWindow)
	if r := a.do("GET", "/api/admin/sources", aliceToken, nil); r.status != 200 {
		t.Errorf("after the window: %d", r.status)
	}
}

func TestAdminValidation(t *testing.T) {
	a := newAdminApp(t)
	before := a.as("GET", "/api/admin/audit", nil).body
	with := func(changes map[string]any) map[string]any {
		o := goodObservation()
		for k, v := range changes {
			if v == nil {
				delete(o, k)
			} else {
				o[k] = v
			}
		}
		return o
	}
	for _, tt := range []struct {
		name   string
		path   string
		body   any
		fields []string
	}{
		{"unknown region", "/api/admin/observations", with(map[string]any{"region_code": "999999"}), []string{"region_code"}},
		{"unknown metric", "/api/admin/observations", with(map[string]any{"metric_code": "nope"}), []string{"metric_code"}},
		{"unknown source", "/api/admin/observations", with(map[string]any{"source_id": "nope"}), []string{"source_id"}},
		{"missing source and quote", "/api/admin/observations", with(map[string]any{"source_id": nil, "quote": nil}), []string{"source_id", "quote"}},
		{"NaN string", "/api/admin/observations", with(map[string]any{"value": "NaN"}), []string{"value"}},
		{"Infinity string", "/api/admin/observations", with(map[string]any{"value": "Infinity"}), []string{"value"}},
		{"1e400 number", "/api/admin/observations", strings.Replace(mustJSON(t, goodObservation()), `"value":20.5`, `"value":1e400`, 1), []string{"value"}},
		{"missing value", "/api/admin/observations", with(map[string]any{"value": nil}), []string{"value"}},
		{"bad period", "/api/admin/observations", with(map[string]any{"period": "2013年"}), []string{"period"}},
		{"bad qualifier", "/api/admin/observations", with(map[string]any{"qualifier": "roughly"}), []string{"qualifier"}},
		{"derived without derivation", "/api/admin/observations", with(map[string]any{"derived": true, "stated": ""}), []string{"derivation"}},
		{"duplicate key", "/api/admin/observations", with(map[string]any{"period": "2012"}), []string{"key"}},
		{"wrong type", "/api/admin/observations", with(map[string]any{"derived": "yes"}), []string{"derived"}},
		{"unknown field", "/api/admin/observations", with(map[string]any{"regoin": "330800"}), []string{"regoin"}},
		{"bad region", "/api/admin/regions", map[string]any{"code": "33", "level": "town"}, []string{"code", "name_zh", "level"}},
		{"bad metric", "/api/admin/metrics", map[string]any{"code": "Bad Code"}, []string{"code", "name_zh", "unit"}},
		{"bad source", "/api/admin/sources", map[string]any{"id": "quzhou-speech-2013", "published_on": "2013-6-21"}, []string{"id", "title", "publisher", "published_on", "kind"}},
	} {
		r := a.as("POST", tt.path, tt.body)
		got := decode[struct {
			Error  string            `json:"error"`
			Fields map[string]string `json:"fields"`
		}](t, r)
		if r.status != 422 || got.Error != "validation failed" || len(got.Fields) != len(tt.fields) {
			t.Errorf("%s: %d %s; want 422 naming %v", tt.name, r.status, r.body, tt.fields)
			continue
		}
		for _, f := range tt.fields {
			if !strings.Contains(got.Fields[f], "(") {
				t.Errorf("%s: field %q message %q, want Chinese with English in parentheses", tt.name, f, got.Fields[f])
			}
		}
	}
	for _, tt := range []struct {
		name, method, path, body string
		status                   int
	}{
		{"malformed JSON", "POST", "/api/admin/observations", `{"region_code":`, 400},
		{"trailing data", "POST", "/api/admin/metrics", `{"code":"x","name_zh":"x","unit":"个"} {}`, 400},
		{"bad id", "GET", "/api/admin/observations/abc", "", 400},
		{"missing id", "PUT", "/api/admin/observations/999999", mustJSON(t, goodObservation()), 404},
		{"bad region code", "DELETE", "/api/admin/regions/33", "", 400},
		{"missing region", "DELETE", "/api/admin/regions/999999", "", 404},
		{"bad cascade", "DELETE", "/api/admin/sources/quzhou-speech-2013?cascade=yes", "", 400},
		{"bad dry_run", "POST", "/api/admin/import?dry_run=maybe", "x", 400},
		{"bad audit limit", "GET", "/api/admin/audit?limit=0", "", 400},
		{"audit limit too big", "GET", "/api/admin/audit?limit=1001", "", 400},
	} {
		var body []byte
		if tt.body != "" {
			body = []byte(tt.body)
		}
		if r := a.do(tt.method, tt.path, aliceToken, body); r.status != tt.status || !bytes.Contains(r.body, []byte(`"error"`)) {
			t.Errorf("%s: %d %s, want %d", tt.name, r.status, r.body, tt.status)
		}
	}
	if after := a.as("GET", "/api/admin/audit", nil).body; !bytes.Equal(before, after) {
		t.Error("rejected requests were audited")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAdminBodyLimits(t *testing.T) {
	a := newAdminApp(t)
	big := bytes.Repeat([]byte(" "), MaxJSONBody+1)
	copy(big, `{"code":"x","name_zh":"x","unit":"个"}`)
	if r := a.as("POST", "/api/admin/metrics", big); r.status != 413 || !bytes.Contains(r.body, []byte(`"error"`)) || !bytes.Contains(r.body, []byte("1 MiB")) {
		t.Errorf("JSON over 1 MiB: %d %.200s", r.status, r.body)
	}
	csvBig := bytes.Repeat([]byte("x"), MaxImportBody+1)
	if r := a.do("POST", "/api/admin/import?dry_run=1", aliceToken, csvBig, "Content-Type", "text/csv"); r.status != 413 || !bytes.Contains(r.body, []byte("10 MiB")) {
		t.Errorf("CSV over 10 MiB: %d %.200s", r.status, r.body)
	}
	// just under the limit is read (and rejected as CSV, not for its size)
	csvOK := append([]byte("region_code,metric_code,period,value,source_id,quote\n"), bytes.Repeat([]byte("\n"), MaxImportBody-60)...)
	if r := a.do("POST", "/api/admin/import?dry_run=1", aliceToken, csvOK, "Content-Type", "text/csv"); r.status != 422 {
		t.Errorf("CSV under 10 MiB: %d %.200s", r.status, r.body)
	}
}

func TestAdminPage(t *testing.T) {
	a := newAdminApp(t)
	r := get(t, a.app, "/admin") // the page holds no data: no token needed
	if r.status != 200 || !strings.HasPrefix(r.header["Content-Type"], "text/html") {
		t.Fatalf("/admin: %d %s", r.status, r.header["Content-Type"])
	}
	for _, s := range []string{"数据管理", `src="/static/js/admin.js?v=`, `type="file"`, `type="password"`, "/static/css/admin.css?v=",
		`src="/static/js/admin-sheet.js?v=`, `<h2 id="sheet-h">导入表格</h2>`, `<option value="region-period">地区在行、时期在列（一个指标）</option>`} {
		if !bytes.Contains(r.body, []byte(s)) {
			t.Errorf("/admin lacks %q", s)
		}
	}
	if bytes.Contains(r.body, []byte("<script>")) {
		t.Error("/admin has an inline script (CSP allows none)")
	}
	if js := get(t, a.app, "/static/js/admin.js"); js.status != 200 || !bytes.Contains(js.body, []byte("sessionStorage")) || bytes.Contains(js.body, []byte("innerHTML")) {
		t.Errorf("admin.js: %d", js.status)
	}
	if js := get(t, a.app, "/static/js/admin-sheet.js"); js.status != 200 || !bytes.Contains(js.body, []byte("/api/admin/imports")) || bytes.Contains(js.body, []byte("innerHTML")) {
		t.Errorf("admin-sheet.js: %d", js.status)
	}
}
