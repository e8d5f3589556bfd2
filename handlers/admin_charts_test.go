package handlers

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"ecomdash/models"
)

func newChart() map[string]any {
	return map[string]any{"id": "zj-cities-retail", "title": "浙江各市网络零售额",
		"state": "regions=children:330000&metrics=online_retail_sales&periods=all", "lead": "自建图表", "reading": "各市历年网络零售额。"}
}

func TestAdminChartsCRUDAuditedAndVersioned(t *testing.T) {
	a := newAdminApp(t)
	v0, _ := models.CurrentDataVersion(a.h.db)
	if r := a.do("POST", "/api/admin/charts", "", []byte(mustJSON(t, newChart()))); r.status != 401 {
		t.Fatalf("create without a token: %d", r.status)
	}
	r := a.as("POST", "/api/admin/charts", newChart())
	created := decode[models.Chart](t, r)
	if r.status != 201 || created.State != "metrics=online_retail_sales&regions=children:330000" {
		t.Fatalf("create: %d %s (the state is stored in canonical form)", r.status, r.body)
	}
	if created.Position != 12 {
		t.Errorf("new chart at position %d, want after the 12 built-in ones", created.Position)
	}
	if v, _ := models.CurrentDataVersion(a.h.db); v <= v0 {
		t.Errorf("data version %d after a chart write, want above %d", v, v0)
	}
	// the public API and page serve it at once, with its state
	got := decode[chartJSON](t, a.as("GET", "/api/charts/zj-cities-retail", nil))
	if got.Title != "浙江各市网络零售额" || got.State != created.State || len(got.Observations) == 0 {
		t.Errorf("GET /api/charts/zj-cities-retail: %+v", got)
	}
	if r := a.as("GET", "/charts/zj-cities-retail", nil); r.status != 200 || !bytes.Contains(r.body, []byte("各市历年网络零售额")) {
		t.Errorf("chart page: %d", r.status)
	}
	upd := newChart()
	upd["title"] = "浙江各市网络零售额（更新）"
	upd["state"] = "metrics=online_retail_sales&regions=children:330000&type=line"
	if r := a.do("PUT", "/api/admin/charts/zj-cities-retail", bobToken, []byte(mustJSON(t, upd))); r.status != 200 {
		t.Fatalf("update: %d %s", r.status, r.body)
	}
	if got := decode[chartJSON](t, a.as("GET", "/api/charts/zj-cities-retail", nil)); got.Title != "浙江各市网络零售额（更新）" || !strings.Contains(got.State, "type=line") {
		t.Errorf("after update: %+v", got)
	}
	if r := a.as("DELETE", "/api/admin/charts/zj-cities-retail", nil); r.status != 200 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if r := a.as("GET", "/api/charts/zj-cities-retail", nil); r.status != 404 {
		t.Errorf("after delete: %d", r.status)
	}
	entries := decode[[]models.AuditEntry](t, a.as("GET", "/api/admin/audit?limit=3", nil))
	want := []struct{ actor, action string }{{"alice", "delete"}, {"bob", "update"}, {"alice", "create"}}
	for i, w := range want {
		if i >= len(entries) || entries[i].Entity != "chart" || entries[i].Actor != w.actor || entries[i].Action != w.action || entries[i].Key != "zj-cities-retail" {
			t.Errorf("audit[%d] = %+v, want %s %s chart", i, entries, w.actor, w.action)
		}
	}
}

func TestAdminChartValidation(t *testing.T) {
	a := newAdminApp(t)
	for _, tt := range []struct {
		change map[string]any
		field  string
		says   string
	}{
		{map[string]any{"state": "metrics=no_such_metric&regions=330800"}, "state", "metrics"},
		{map[string]any{"state": "metrics=online_retail_sales&regions=999999"}, "state", "regions"},
		{map[string]any{"state": "metrics=online_retail_sales&regions=330800&type=donut"}, "state", "type"},
		{map[string]any{"state": "metrics=online_retail_sales&regions=330800&zoom=2"}, "state", "zoom"},
		{map[string]any{"state": ""}, "state", ""},
		{map[string]any{"title": ""}, "title", ""},
		{map[string]any{"title": strings.Repeat("长", 81)}, "title", ""},
		{map[string]any{"id": "Bad Id"}, "id", ""},
		{map[string]any{"id": "quzhou-online-retail-2011-2012"}, "id", "已存在"},
	} {
		body := newChart()
		for k, v := range tt.change {
			body[k] = v
		}
		r := a.as("POST", "/api/admin/charts", body)
		fields := decode[struct{ Fields map[string]string }](t, r).Fields
		if r.status != 422 || !strings.Contains(fields[tt.field], tt.says) {
			t.Errorf("%v: %d %s, want 422 on %s mentioning %q", tt.change, r.status, r.body, tt.field, tt.says)
		}
	}
	if n, _ := models.Charts.List(a.h.db); len(n) != 12 {
		t.Errorf("%d charts after refused writes, want 12", len(n))
	}
}

func TestAdminDashboardsCRUDAndChartInUse(t *testing.T) {
	a := newAdminApp(t)
	if r := a.as("POST", "/api/admin/charts", newChart()); r.status != 201 {
		t.Fatal(r.status, string(r.body))
	}
	dash := map[string]any{"id": "zhejiang-cities", "title": "浙江各市", "charts": []string{"zj-cities-retail", "quzhou-vs-zhejiang-online-retail-2012"},
		"headlines": []string{"330800:online_retail_sales:2012:online_retail_growth"}}
	r := a.as("POST", "/api/admin/dashboards", dash)
	if r.status != 201 {
		t.Fatalf("create dashboard: %d %s", r.status, r.body)
	}
	got := decode[dashboardJSON](t, a.as("GET", "/api/dashboards/zhejiang-cities", nil))
	if got.Title != "浙江各市" || strings.Join(got.Charts, ",") != "zj-cities-retail,quzhou-vs-zhejiang-online-retail-2012" || got.Position != 5 {
		t.Errorf("GET /api/dashboards/zhejiang-cities: %+v", got)
	}
	page := a.as("GET", "/dashboards/zhejiang-cities", nil)
	if page.status != 200 || !bytes.Contains(page.body, []byte("浙江各市网络零售额")) || !bytes.Contains(page.body, []byte("衢州市网络零售额")) {
		t.Errorf("dashboard page: %d", page.status)
	}
	// reorder: the charts' order is the list's
	dash["charts"] = []string{"quzhou-vs-zhejiang-online-retail-2012", "zj-cities-retail"}
	if r := a.as("PUT", "/api/admin/dashboards/zhejiang-cities", dash); r.status != 200 {
		t.Fatalf("reorder: %d %s", r.status, r.body)
	}
	page = a.as("GET", "/dashboards/zhejiang-cities", nil)
	if i, j := bytes.Index(page.body, []byte("衢州市与浙江省网络零售额对比")), bytes.Index(page.body, []byte("浙江各市网络零售额")); i < 0 || j < 0 || i > j {
		t.Errorf("after reorder the charts are not in the new order (%d, %d)", i, j)
	}
	for _, bad := range []map[string]any{
		{"id": "d2", "title": "x", "charts": []string{"no-such-chart"}},
		{"id": "d2", "title": "x", "charts": []string{"zj-cities-retail", "zj-cities-retail"}},
		{"id": "d2", "title": "x", "headlines": []string{"330800:online_retail_sales"}},
		{"id": "d2", "title": ""},
	} {
		if r := a.as("POST", "/api/admin/dashboards", bad); r.status != 422 {
			t.Errorf("%v: %d %s, want 422", bad, r.status, r.body)
		}
	}
	// a chart a dashboard shows cannot be deleted without cascade
	r = a.as("DELETE", "/api/admin/charts/zj-cities-retail", nil)
	if r.status != 409 || !strings.Contains(string(r.body), "看板") {
		t.Fatalf("delete a chart in use: %d %s, want 409", r.status, r.body)
	}
	r = a.as("DELETE", "/api/admin/charts/zj-cities-retail?cascade=1", nil)
	if r.status != 200 || decode[map[string]any](t, r)["dashboards_changed"] != 1.0 {
		t.Fatalf("cascade delete: %d %s", r.status, r.body)
	}
	if got := decode[dashboardJSON](t, a.as("GET", "/api/dashboards/zhejiang-cities", nil)); strings.Join(got.Charts, ",") != "quzhou-vs-zhejiang-online-retail-2012" {
		t.Errorf("after cascade the dashboard lists %v", got.Charts)
	}
	entries := decode[[]models.AuditEntry](t, a.as("GET", "/api/admin/audit?limit=2", nil))
	if len(entries) != 2 || entries[0].Entity != "chart" || entries[1].Entity != "dashboard" || entries[1].Action != "update" {
		t.Errorf("cascade audit: %+v, want the chart's delete and the dashboard's update", entries)
	}
	if r := a.as("DELETE", "/api/admin/dashboards/zhejiang-cities", nil); r.status != 200 {
		t.Fatalf("delete dashboard: %d", r.status)
	}
	if r := a.as("GET", "/dashboards/zhejiang-cities", nil); r.status != 404 {
		t.Errorf("deleted dashboard page: %d", r.status)
	}
}

func TestChartSavedWithOpenPeriodsShowsLaterImports(t *testing.T) {
	a := newAdminApp(t)
	body := newChart()
	body["state"] = "metrics=online_retail_sales&regions=330800&periods=2011..&type=line"
	if r := a.as("POST", "/api/admin/charts", body); r.status != 201 {
		t.Fatal(r.status, string(r.body))
	}
	before := decode[chartJSON](t, a.as("GET", "/api/charts/zj-cities-retail", nil))
	csv := []byte("region_code,metric_code,period,value,source_id,quote\n330800,online_retail_sales,2013,20.5,quzhou-speech-2013,2013年超过20亿元\n")
	if r := a.do("POST", "/api/admin/import", aliceToken, csv, "Content-Type", "text/csv"); r.status != 200 {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	after := decode[chartJSON](t, a.as("GET", "/api/charts/zj-cities-retail", nil))
	if len(after.Observations) != len(before.Observations)+1 {
		t.Errorf("%d figures after the import, want %d", len(after.Observations), len(before.Observations)+1)
	}
	opt, _ := json.Marshal(after.Option)
	if !bytes.Contains(opt, []byte("2013年")) || !bytes.Contains(opt, []byte("20.5")) {
		t.Errorf("the chart does not show the imported 2013 figure: %s", opt)
	}
	if r := a.as("GET", "/charts/zj-cities-retail.png", nil); r.status != 200 {
		t.Errorf("image after import: %d", r.status)
	}
}

func TestHostileChartTitleIsEscapedEverywhere(t *testing.T) {
	a := newAdminApp(t)
	hostile := `</script><script>alert(1)</script>"'&`
	body := newChart()
	body["title"] = hostile
	body["reading"] = `<img src=x onerror=alert(2)>`
	if r := a.as("POST", "/api/admin/charts", body); r.status != 201 {
		t.Fatal(r.status, string(r.body))
	}
	for _, path := range []string{"/charts/zj-cities-retail", "/embed/charts/zj-cities-retail", "/"} {
		r := a.as("GET", path, nil)
		if r.status != 200 || bytes.Contains(r.body, []byte("<script>alert(1)")) || bytes.Contains(r.body, []byte("<img src=x")) {
			t.Errorf("%s: %d, hostile text unescaped", path, r.status)
		}
	}
	r := a.as("GET", "/api/charts/zj-cities-retail.csv", nil)
	if r.status != 200 || !strings.Contains(r.header["Content-Disposition"], "filename=\"zj-cities-retail.csv\"") {
		t.Errorf("CSV: %d %q (the ASCII file name is the id)", r.status, r.header["Content-Disposition"])
	}
	r = a.as("GET", "/charts/zj-cities-retail.svg", nil)
	if r.status != 200 || bytes.Contains(r.body, []byte("<script>")) {
		t.Errorf("SVG: %d, holds a script element", r.status)
	}
}
