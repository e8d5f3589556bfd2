package handlers

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"ecomdash/models"
)

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
	if err := models.ExportCSV(a.h.db, models.ObservationFilter{}, &export); err != nil || !bytes.Equal(export.Bytes(), get(t, a.app, "/api/observations.csv").body) {
		t.Errorf("models.ExportCSV differs from the download: %v", err)
	}
}
