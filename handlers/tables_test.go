package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"ecomdash/models"
)

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
	mustStatus(a.as("POST", "/api/admin/regions", map[string]any{"code": "330171", "name_zh": scriptName, "name_en": imgName, "level": "city", "parent_code": "330000"}), 201)
	mustStatus(a.as("POST", "/api/admin/metrics", map[string]any{"code": "hostile", "name_zh": imgName, "unit": `"><b>`, "definition": formula}), 201)
	mustStatus(a.as("POST", "/api/admin/sources", map[string]any{"id": "hostile-doc", "title": formula, "publisher": scriptName, "published_on": "2024-01-01", "kind": "news_report", "summary": imgName}), 201)
	mustStatus(a.as("POST", "/api/admin/observations", map[string]any{"region_code": "330171", "metric_code": "hostile", "period": "2024", "source_id": "hostile-doc",
		"value": 1, "stated": imgName, "quote": scriptName, "note": formula}), 201)
	// and seeded rows renamed, so the names reach the dashboard and the charts
	mustStatus(a.as("PUT", "/api/admin/regions/330800", map[string]any{"name_zh": scriptName, "name_en": "Quzhou", "level": "city", "parent_code": "330000"}), 200)
	mustStatus(a.as("PUT", "/api/admin/metrics/online_retail_sales", map[string]any{"name_zh": imgName, "unit": "亿元"}), 200)
	src := decode[models.Source](t, a.as("GET", "/api/admin/sources/quzhou-speech-2013", nil))
	src.Title = formula
	mustStatus(a.as("PUT", "/api/admin/sources/quzhou-speech-2013", src), 200)

	pages := []string{"/", "/charts/quzhou-vs-zhejiang-online-retail-2012", "/charts/quzhou-online-retail-2011-2012",
		"/regions", "/regions/330800", "/regions/330171", "/regions/330000", "/sources", "/sources/quzhou-speech-2013", "/sources/hostile-doc", "/admin"}
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
	if !bytes.Contains(get(t, a.app, "/regions/330171").body, []byte("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Error("/regions/330171 does not show the name, escaped")
	}
	// the API returns the names unchanged, as data
	for _, q := range []string{"?region=330171", "?region=330800&metric=online_retail_sales"} {
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
