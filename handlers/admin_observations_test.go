package handlers

import (
	"bytes"
	"fmt"
	"testing"
)

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
