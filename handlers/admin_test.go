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
	"ecomdash/models"
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
	h.renderer = fake
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
		{"POST", "/api/admin/regions", map[string]any{"code": "330100", "name_zh": "杭州市", "level": "city", "parent_code": "330000"}, 201},
		{"GET", "/api/admin/regions/330100", nil, 200},
		{"PUT", "/api/admin/regions/330100", map[string]any{"name_zh": "杭州市", "name_en": "Hangzhou", "level": "city", "parent_code": "330000"}, 200},
		{"DELETE", "/api/admin/regions/330100", nil, 200},
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
		{"bad source", "/api/admin/sources", map[string]any{"id": "quzhou-speech-2013", "published_on": "2013"}, []string{"id", "title", "publisher", "published_on", "kind"}},
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

func TestAdminCRUDIsAudited(t *testing.T) {
	a := newAdminApp(t)
	r := a.as("POST", "/api/admin/observations", goodObservation())
	created := decode[observationJSON](t, r)
	if r.status != 201 || created.ID == 0 || created.Value != 20.5 || created.Region.NameZH != "衢州市" || created.Qualifier != "more_than" {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	path := fmt.Sprintf("/api/admin/observations/%d", created.ID)
	upd := goodObservation()
	upd["value"] = "21" // a string holding a number is accepted
	upd["note"] = "更正"
	r = a.do("PUT", path, bobToken, []byte(mustJSON(t, upd)))
	if got := decode[observationJSON](t, r); r.status != 200 || got.Value != 21 || got.Note != "更正" {
		t.Fatalf("update: %d %s", r.status, r.body)
	}
	if r := a.as("GET", path, nil); decode[observationJSON](t, r).Value != 21 {
		t.Errorf("get after update: %s", r.body)
	}
	if r := a.as("DELETE", path, nil); r.status != 200 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if r := a.as("GET", path, nil); r.status != 404 {
		t.Errorf("get after delete: %d", r.status)
	}
	entries := decode[[]struct {
		Actor, Action, Entity, Key string
		At                         time.Time
		Before, After              map[string]any
	}](t, a.as("GET", "/api/admin/audit?limit=3", nil))
	want := []struct {
		actor, action       string
		beforeVal, afterVal any
	}{
		{"alice", "delete", 21.0, nil},
		{"bob", "update", 20.5, 21.0},
		{"alice", "create", nil, 20.5},
	}
	if len(entries) != 3 {
		t.Fatalf("%d audit entries", len(entries))
	}
	for i, w := range want {
		e := entries[i]
		var bv, av any
		if e.Before != nil {
			bv = e.Before["value"]
		}
		if e.After != nil {
			av = e.After["value"]
		}
		if e.Actor != w.actor || e.Action != w.action || e.Entity != "observation" || bv != w.beforeVal || av != w.afterVal || time.Since(e.At) > time.Minute {
			t.Errorf("audit[%d] = %+v, want %+v", i, e, w)
		}
	}
}

func TestAdminDeleteCascade(t *testing.T) {
	a := newAdminApp(t)
	var used int
	for _, o := range decode[[]observationJSON](t, a.as("GET", "/api/admin/observations?source=quzhou-speech-2013", nil)) {
		if o.Source.ID == "quzhou-speech-2013" {
			used++
		}
	}
	for _, tt := range []struct {
		path string
		want string
	}{
		{"/api/admin/sources/quzhou-speech-2013", fmt.Sprintf("%d observations use it", used)},
		{"/api/admin/metrics/online_retail_sales", "observations use it"},
		{"/api/admin/regions/330800", "observations use it"},
		{"/api/admin/regions/330000", "regions have it as parent"},
	} {
		r := a.as("DELETE", tt.path, nil)
		if r.status != 409 || !bytes.Contains(r.body, []byte(tt.want)) {
			t.Errorf("DELETE %s: %d %s, want 409 mentioning %q", tt.path, r.status, r.body, tt.want)
		}
	}
	r := a.as("DELETE", "/api/admin/sources/quzhou-speech-2013?cascade=1", nil)
	got := decode[struct {
		Deleted             string `json:"deleted"`
		ObservationsDeleted int    `json:"observations_deleted"`
	}](t, r)
	if r.status != 200 || got.ObservationsDeleted != used || got.Deleted != "source" {
		t.Fatalf("cascade: %d %s", r.status, r.body)
	}
	if r := a.as("GET", "/api/admin/sources/quzhou-speech-2013", nil); r.status != 404 {
		t.Errorf("source still there: %d", r.status)
	}
	if r := get(t, a.app, "/api/observations?region=330800&metric=online_retail_sales"); bytes.Contains(r.body, []byte("quzhou-speech-2013")) {
		t.Error("cascaded observations still served")
	}
	entries := decode[[]models.AuditEntry](t, a.as("GET", "/api/admin/audit?limit=1000", nil))
	if len(entries) != used+1 || entries[0].Entity != "source" {
		t.Errorf("%d audit entries after cascading %d observations; newest %+v", len(entries), used, entries[0])
	}
	// the pages still work with the source gone
	for _, p := range []string{"/", "/regions/330800", "/charts/quzhou-vs-zhejiang-online-retail-2012"} {
		if r := get(t, a.app, p); r.status != 200 {
			t.Errorf("%s after cascade: %d", p, r.status)
		}
	}
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

func TestAdminImport(t *testing.T) {
	a := newAdminApp(t)
	good := []byte("\uFEFFregion_code,metric_code,period,value,source_id,quote,note\r\n" +
		"330800,online_retail_sales,2013,20.5,quzhou-speech-2013,2013年超过20亿元,'=SUM(A1)\r\n" +
		"330800,online_retail_sales,2012,12.4,quzhou-speech-2013,更正,\r\n")
	bad := []byte("region_code,metric_code,period,value,source_id,quote\n" +
		"330800,online_retail_sales,2014,1,quzhou-speech-2013,好的行\n" +
		"999999,online_retail_sales,2014,1,quzhou-speech-2013,坏地区\n" +
		"330800,online_retail_sales,2014,NaN,quzhou-speech-2013,坏数值\n")
	v0, _ := models.CurrentDataVersion(a.h.db)

	r := a.do("POST", "/api/admin/import?dry_run=1&file=good.csv", aliceToken, good, "Content-Type", "text/csv")
	rep := decode[models.ImportReport](t, r)
	if r.status != 200 || !rep.DryRun || rep.New != 1 || rep.Updated != 1 || rep.Unchanged != 0 || rep.DataVersion != v0 {
		t.Fatalf("dry run: %d %s", r.status, r.body)
	}
	if obs := decode[[]observationJSON](t, a.as("GET", "/api/admin/observations?region=330800&metric=online_retail_sales&period=2013", nil)); len(obs) != 0 {
		t.Fatal("dry run wrote")
	}

	r = a.do("POST", "/api/admin/import?dry_run=1", aliceToken, bad, "Content-Type", "text/csv")
	rej := decode[struct {
		Error   string            `json:"error"`
		BadRows int               `json:"bad_rows"`
		Rows    []models.RowError `json:"rows"`
	}](t, r)
	if r.status != 422 || rej.BadRows != 2 || len(rej.Rows) != 2 || rej.Rows[0].Line != 3 || rej.Rows[0].Fields["region_code"] == "" ||
		rej.Rows[1].Line != 4 || rej.Rows[1].Fields["value"] == "" || !strings.Contains(rej.Error, "nothing written") {
		t.Errorf("bad file: %d %s", r.status, r.body)
	}
	if r := a.do("POST", "/api/admin/import", aliceToken, bad, "Content-Type", "text/csv"); r.status != 422 {
		t.Errorf("bad file applied: %d", r.status)
	}
	if obs := decode[[]observationJSON](t, a.as("GET", "/api/admin/observations?period=2014", nil)); len(obs) != 0 {
		t.Fatal("a file with bad rows wrote its good row")
	}

	r = a.do("POST", "/api/admin/import?file=good.csv", bobToken, good, "Content-Type", "text/csv")
	rep = decode[models.ImportReport](t, r)
	if r.status != 200 || rep.DryRun || rep.New != 1 || rep.Updated != 1 || rep.DataVersion != v0+1 {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	obs := decode[[]observationJSON](t, a.as("GET", "/api/admin/observations?region=330800&metric=online_retail_sales&period=2013", nil))
	if len(obs) != 1 || obs[0].Note != "=SUM(A1)" || obs[0].Value != 20.5 {
		t.Errorf("imported row: %+v", obs)
	}
	entries := decode[[]models.AuditEntry](t, a.as("GET", "/api/admin/audit?limit=5", nil))
	if len(entries) != 1 || entries[0].Action != "import" || entries[0].Actor != "bob" ||
		!strings.Contains(entries[0].After, `"file":"good.csv"`) || !strings.Contains(entries[0].After, rep.SHA256) {
		t.Errorf("audit after import: %+v", entries)
	}
}

// TestExportReimportsUnchanged: the CSV download is a valid import file,
// and importing it changes nothing.
func TestExportReimportsUnchanged(t *testing.T) {
	a := newAdminApp(t)

	// make a cell the export neutralises
	id := a.observationID("330800", "online_retail_sales", "2011")
	upd := map[string]any{"region_code": "330800", "metric_code": "online_retail_sales", "period": "2011", "source_id": "quzhou-speech-2013",
		"value": -7.4, "stated": "-7.4亿元", "quote": "=HYPERLINK(\"http://x\")", "note": "@note"}
	if r := a.as("PUT", fmt.Sprintf("/api/admin/observations/%d", id), upd); r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	for _, path := range []string{"/api/observations.csv", "/api/admin/export.csv"} {
		var exported []byte
		if strings.HasPrefix(path, "/api/admin") {
			exported = a.as("GET", path, nil).body
		} else {
			exported = get(t, a.app, path).body
		}
		if !bytes.Contains(exported, []byte(`'=HYPERLINK`)) {
			t.Fatalf("%s: formula not neutralised", path)
		}
		r := a.do("POST", "/api/admin/import?dry_run=1", aliceToken, exported, "Content-Type", "text/csv")
		rep := decode[models.ImportReport](t, r)
		n, _ := models.CountAll(a.h.db)
		if r.status != 200 || rep.New != 0 || rep.Updated != 0 || rep.Unchanged != n.Observations {
			t.Errorf("%s re-imported: %d %s; want all %d unchanged", path, r.status, r.body, n.Observations)
		}
	}
	var export bytes.Buffer
	if err := models.ExportCSV(a.h.db, &export); err != nil || !bytes.Equal(export.Bytes(), get(t, a.app, "/api/observations.csv").body) {
		t.Errorf("models.ExportCSV differs from the download: %v", err)
	}
}

// TestAdminChangeRefreshesChartsAndImages: a change through the admin API
// shows at once in the chart API and gives the chart image a new ETag.
func TestAdminChangeRefreshesChartsAndImages(t *testing.T) {
	a := newAdminApp(t)
	const chart = "quzhou-online-retail-2011-2012"
	if r := get(t, a.app, "/api/charts/"+chart); !bytes.Contains(r.body, []byte(`"value":7.4`)) {
		t.Fatalf("seed value missing: %.300s", r.body)
	}
	png := get(t, a.app, "/charts/"+chart+".png")
	etag := png.header["Etag"]
	if png.status != 200 || etag == "" {
		t.Fatalf("png: %d %q", png.status, etag)
	}
	if r := a.do("GET", "/charts/"+chart+".png", "", nil, "If-None-Match", etag); r.status != 304 {
		t.Fatalf("revalidation before the change: %d", r.status)
	}

	id := a.observationID("330800", "online_retail_sales", "2011")
	o := decode[observationJSON](t, a.as("GET", fmt.Sprintf("/api/admin/observations/%d", id), nil))
	upd := map[string]any{"region_code": "330800", "metric_code": "online_retail_sales", "period": "2011", "source_id": o.Source.ID,
		"value": 7.9, "qualifier": o.Qualifier, "stated": "7.9亿元", "quote": o.Quote}
	if r := a.as("PUT", fmt.Sprintf("/api/admin/observations/%d", id), upd); r.status != 200 {
		t.Fatalf("update: %d %s", r.status, r.body)
	}

	ch := get(t, a.app, "/api/charts/"+chart)
	if !bytes.Contains(ch.body, []byte(`"value":7.9`)) || bytes.Contains(ch.body, []byte(`"value":7.4`)) {
		t.Errorf("chart API does not show the new value: %.300s", ch.body)
	}
	if page := get(t, a.app, "/charts/"+chart); !bytes.Contains(page.body, []byte("7.9")) {
		t.Error("chart page does not show the new value")
	}
	after := a.do("GET", "/charts/"+chart+".png", "", nil, "If-None-Match", etag)
	if after.status != 200 || after.header["Etag"] == "" || after.header["Etag"] == etag {
		t.Fatalf("image after the change: %d ETag %q (was %q)", after.status, after.header["Etag"], etag)
	}
	if !bytes.Contains(after.body, []byte("7.9")) {
		t.Error("re-rendered image does not carry the new value")
	}

	// an import that changes something also refreshes; one that changes nothing keeps the ETag
	file := "region_code,metric_code,period,value,source_id,quote,stated\n330800,online_retail_sales,2011,8.1,quzhou-speech-2013," + csvCell(o.Quote) + ",8.1亿元\n"
	if r := a.do("POST", "/api/admin/import", aliceToken, []byte(file), "Content-Type", "text/csv"); r.status != 200 {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	imported := a.do("GET", "/charts/"+chart+".png", "", nil, "If-None-Match", after.header["Etag"])
	if imported.status != 200 || imported.header["Etag"] == after.header["Etag"] || !bytes.Contains(get(t, a.app, "/api/charts/"+chart).body, []byte(`"value":8.1`)) {
		t.Errorf("after import: %d %q", imported.status, imported.header["Etag"])
	}
	if r := a.do("POST", "/api/admin/import", aliceToken, []byte(file), "Content-Type", "text/csv"); r.status != 200 {
		t.Fatalf("re-import: %d", r.status)
	}
	if r := a.do("GET", "/charts/"+chart+".png", "", nil, "If-None-Match", imported.header["Etag"]); r.status != 304 {
		t.Errorf("an import that changed nothing changed the ETag: %d", r.status)
	}
}

func csvCell(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// TestHostileNamesFromTheAdminAPI writes hostile names through the admin
// API and checks every place they land.
func TestHostileNamesFromTheAdminAPI(t *testing.T) {
	a := newAdminApp(t)
	const scriptName = `</script><script>alert(1)</script>`
	const imgName = `"><img src=x onerror=alert(1)>`
	const formula = `=HYPERLINK("http://x")`
	mustStatus := func(r response, want int) {
		t.Helper()
		if r.status != want {
			t.Fatalf("%d %s, want %d", r.status, r.body, want)
		}
	}
	// new rows with hostile names
	mustStatus(a.as("POST", "/api/admin/regions", map[string]any{"code": "330100", "name_zh": scriptName, "name_en": imgName, "level": "city", "parent_code": "330000"}), 201)
	mustStatus(a.as("POST", "/api/admin/metrics", map[string]any{"code": "hostile", "name_zh": imgName, "unit": `"><b>`, "definition": formula}), 201)
	mustStatus(a.as("POST", "/api/admin/sources", map[string]any{"id": "hostile-doc", "title": formula, "publisher": scriptName, "published_on": "2024-01-01", "kind": "news_report", "summary": imgName}), 201)
	mustStatus(a.as("POST", "/api/admin/observations", map[string]any{"region_code": "330100", "metric_code": "hostile", "period": "2024", "source_id": "hostile-doc",
		"value": 1, "stated": imgName, "quote": scriptName, "note": formula}), 201)
	// and seeded rows renamed, so the names reach the dashboard and the charts
	mustStatus(a.as("PUT", "/api/admin/regions/330800", map[string]any{"name_zh": scriptName, "name_en": "Quzhou", "level": "city", "parent_code": "330000"}), 200)
	mustStatus(a.as("PUT", "/api/admin/metrics/online_retail_sales", map[string]any{"name_zh": imgName, "unit": "亿元"}), 200)
	src := decode[models.Source](t, a.as("GET", "/api/admin/sources/quzhou-speech-2013", nil))
	src.Title = formula
	mustStatus(a.as("PUT", "/api/admin/sources/quzhou-speech-2013", src), 200)

	pages := []string{"/", "/charts/quzhou-vs-zhejiang-online-retail-2012", "/charts/quzhou-online-retail-2011-2012",
		"/regions", "/regions/330800", "/regions/330100", "/regions/330000", "/sources", "/sources/quzhou-speech-2013", "/sources/hostile-doc", "/admin"}
	for _, p := range pages {
		r := get(t, a.app, p)
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
	if !bytes.Contains(get(t, a.app, "/regions/330100").body, []byte("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Error("/regions/330100 does not show the name, escaped")
	}
	// the API returns the names unchanged, as data
	for _, q := range []string{"?region=330100", "?region=330800&metric=online_retail_sales"} {
		obs := decode[[]observationJSON](t, get(t, a.app, "/api/observations"+q))
		if len(obs) == 0 || obs[0].Region.NameZH != scriptName || obs[0].Metric.NameZH != imgName || obs[0].Source.Title != formula {
			t.Errorf("API altered the names%s: %+v", q, obs)
		}
	}
	if r := get(t, a.app, "/api/charts/quzhou-online-retail-2011-2012"); !json.Valid(r.body) || !strings.Contains(string(r.body), `\u003c/script\u003e`) {
		t.Errorf("chart JSON: valid=%v %.200s", json.Valid(r.body), r.body)
	}
	// the CSV neutralises the formula in every text column
	rows := readCSV(t, get(t, a.app, "/api/observations.csv?source=hostile-doc").body)
	col := map[string]int{}
	for i, h := range models.CSVColumns {
		col[h] = i
	}
	if len(rows) != 2 || rows[1][col["source_title"]] != "'"+formula || rows[1][col["note"]] != "'"+formula || rows[1][col["region_name"]] != scriptName {
		t.Errorf("CSV row %q", rows[1:])
	}
	for _, row := range readCSV(t, get(t, a.app, "/api/observations.csv?source=quzhou-speech-2013").body)[1:] {
		if row[col["source_title"]] != "'"+formula {
			t.Fatalf("CSV source_title %q, want the formula neutralised", row[col["source_title"]])
		}
	}
}

func TestAdminPage(t *testing.T) {
	a := newAdminApp(t)
	r := get(t, a.app, "/admin") // the page holds no data: no token needed
	if r.status != 200 || !strings.HasPrefix(r.header["Content-Type"], "text/html") {
		t.Fatalf("/admin: %d %s", r.status, r.header["Content-Type"])
	}
	for _, s := range []string{"数据管理", `src="/static/js/admin.js?v=`, `type="file"`, `type="password"`, "/static/css/admin.css?v="} {
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
}
