package handlers

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ecomdash/models"
)

// importForm builds a multipart preview request: file (a testdata name,
// read from models/sheet/testdata) or text, and the other fields.
func importBody(t *testing.T, fields map[string]string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if k == "file" {
			data, err := os.ReadFile(filepath.Join("..", "models", "sheet", "testdata", v))
			if err != nil {
				t.Fatal(err)
			}
			w, _ := mw.CreateFormFile("file", v)
			w.Write(data)
			continue
		}
		mw.WriteField(k, v)
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

func (a *adminClient) preview(fields map[string]string) (response, models.SheetPreview) {
	a.t.Helper()
	body, ct := importBody(a.t, fields)
	r := a.do("POST", "/api/admin/imports", aliceToken, body, "Content-Type", ct)
	var p models.SheetPreview
	if r.status == 201 {
		if err := json.Unmarshal(r.body, &p); err != nil {
			a.t.Fatalf("preview: %v", err)
		}
	}
	return r, p
}

// yearbookFields is the yearbook workbook with its document and the
// ambiguity (网上零售额) answered: it is the metric 网络零售额.
var yearbookFields = map[string]string{
	"file": "yearbook.xlsx", "source_title": "衢州统计年鉴2018 表3-12", "source_publisher": "衢州市统计局",
	"source_date": "2018-10", "source_url": "https://tjj.qz.gov.cn/nj2018",
	"choices": `{"metrics":{"网上零售额":"online_retail_sales"}}`,
}

func TestImportPreviewCommitUndo(t *testing.T) {
	a := newAdminApp(t)
	v0, _ := models.CurrentDataVersion(a.h.db)
	r, p := a.preview(yearbookFields)
	if r.status != 201 || !p.CanCommit || p.Counts.Figures != 27 || p.Counts.Missing != 1 || p.Counts.New != 27 || len(p.Problems) != 0 {
		t.Fatalf("preview: %d %s", r.status, trim(r.body))
	}
	if p.Fixed == nil || p.Fixed.Key != "online_retail_sales" || p.Fixed.How != "所选" {
		t.Errorf("the chosen metric: %+v", p.Fixed)
	}
	if v, _ := models.CurrentDataVersion(a.h.db); v != v0 {
		t.Fatal("a preview changed the data version")
	}
	if obs := decode[[]observationJSON](t, a.as("GET", "/api/admin/observations?region=330802&metric=online_retail_sales&period=2016", nil)); len(obs) != 0 {
		t.Fatalf("the preview wrote: %+v", obs)
	}
	// the stored preview reads back
	if r := a.do("GET", "/api/admin/imports/"+p.ID, aliceToken, nil); r.status != 200 || !strings.Contains(string(r.body), `"cell":"表3-12!D6"`) {
		t.Errorf("GET preview: %d", r.status)
	}

	r = a.do("POST", "/api/admin/imports/"+p.ID+"/commit", bobToken, nil)
	rep := decode[models.CommitReport](t, r)
	if r.status != 200 || rep.Counts.New != 27 || rep.DataVersion != v0+1 || len(rep.Regions) != 7 {
		t.Fatalf("commit: %d %s", r.status, r.body)
	}
	obs := decode[[]observationJSON](t, a.as("GET", "/api/admin/observations?region=330802&metric=online_retail_sales&period=2016", nil))
	if len(obs) != 1 || obs[0].Value != 45 || obs[0].Stated != "45.0亿元" || obs[0].Quote != "表3-12!D6：柯城区 年份 2016 网上零售额（亿元）" {
		t.Fatalf("committed figure: %+v", obs)
	}
	// the figure is drawn in 对比分析
	cmp := a.do("GET", "/api/compare?metrics=online_retail_sales&regions=330802,330803&periods=2014..2017", "", nil)
	if cmp.status != 200 || !strings.Contains(string(cmp.body), "表3-12!D6") {
		t.Errorf("compare after import: %d %s", cmp.status, trim(cmp.body))
	}
	if r := a.do("POST", "/api/admin/imports/"+p.ID+"/commit", aliceToken, nil); r.status != 409 {
		t.Errorf("second commit: %d %s", r.status, r.body)
	}
	entries := decode[[]models.AuditEntry](t, a.as("GET", "/api/admin/audit?limit=1", nil))
	if len(entries) != 1 || entries[0].Action != "import" || entries[0].Actor != "bob" || entries[0].Key != p.ID {
		t.Errorf("audit: %+v", entries)
	}

	// the same file again: every figure unchanged
	_, again := a.preview(yearbookFields)
	if again.Counts.Unchanged != 27 || again.Counts.New != 0 {
		t.Errorf("re-preview: %+v", again.Counts)
	}

	// undo
	r = a.do("DELETE", "/api/admin/imports/"+p.ID, aliceToken, nil)
	undo := decode[models.UndoReport](t, r)
	if r.status != 200 || undo.Deleted != 27 || !undo.Source {
		t.Fatalf("undo: %d %s", r.status, r.body)
	}
	if obs := decode[[]observationJSON](t, a.as("GET", "/api/admin/observations?metric=online_retail_sales&period=2016&region=330802", nil)); len(obs) != 0 {
		t.Fatalf("undo left %+v", obs)
	}
	if r := a.do("DELETE", "/api/admin/imports/"+p.ID, aliceToken, nil); r.status != 409 {
		t.Errorf("second undo: %d", r.status)
	}
	entries = decode[[]models.AuditEntry](t, a.as("GET", "/api/admin/audit?limit=1", nil))
	if entries[0].Action != "undo" || entries[0].Key != p.ID {
		t.Errorf("undo audit: %+v", entries[0])
	}
}

func TestImportStalePreviewIs409WithAFreshOne(t *testing.T) {
	a := newAdminApp(t)
	_, p := a.preview(yearbookFields)
	// another change to the data after the preview
	if r := a.as("POST", "/api/admin/observations", map[string]any{"region_code": "330802", "metric_code": "online_retail_sales",
		"period": "2016", "source_id": "quzhou-speech-2013", "value": 44, "quote": "别处的数字"}); r.status != 201 {
		t.Fatalf("write: %d %s", r.status, r.body)
	}
	r := a.do("POST", "/api/admin/imports/"+p.ID+"/commit", aliceToken, nil)
	var stale struct {
		Error   string               `json:"error"`
		Preview *models.SheetPreview `json:"preview"`
	}
	json.Unmarshal(r.body, &stale)
	if r.status != 409 || stale.Preview == nil || stale.Preview.ID == p.ID || stale.Preview.DataVersion <= p.DataVersion || !strings.Contains(stale.Error, "预览") {
		t.Fatalf("stale commit: %d %s", r.status, trim(r.body))
	}
	if r := a.do("POST", "/api/admin/imports/"+stale.Preview.ID+"/commit", aliceToken, nil); r.status != 200 {
		t.Errorf("commit of the fresh preview: %d %s", r.status, r.body)
	}
}

func TestImportRefusals(t *testing.T) {
	a := newAdminApp(t)
	for _, tc := range []struct {
		fields map[string]string
		status int
		words  string
	}{
		{map[string]string{"file": "old.xls"}, 415, "另存为"},
		{map[string]string{"file": "protected.xlsx"}, 422, "密码"},
		{map[string]string{"file": "macro.xlsm"}, 422, "宏"},
		{map[string]string{"file": "corrupt.xlsx"}, 422, ""},
		{map[string]string{"file": "report.pdf"}, 415, "PDF"},
		{map[string]string{"text": "  "}, 400, "二者选一"},
		{map[string]string{"file": "yearbook.xlsx", "layout": "sideways"}, 400, "layout"},
		{map[string]string{"file": "yearbook.xlsx", "choices": "{"}, 400, "choices"},
		{map[string]string{"file": "yearbook.xlsx", "sheet": "没有这张表"}, 422, "没有这张表"},
	} {
		r, _ := a.preview(tc.fields)
		if r.status != tc.status || !strings.Contains(string(r.body), tc.words) || !strings.Contains(string(r.body), `"error"`) {
			t.Errorf("%v: %d %s", tc.fields, r.status, r.body)
		}
	}
	if r := a.do("POST", "/api/admin/imports", aliceToken, []byte("a,b"), "Content-Type", "text/csv"); r.status != 415 {
		t.Errorf("not multipart: %d", r.status)
	}
	big := bytes.Repeat([]byte("1,2,3\n"), (MaxImportBody/6)+10)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "big.csv")
	w.Write(big)
	mw.Close()
	if r := a.do("POST", "/api/admin/imports", aliceToken, buf.Bytes(), "Content-Type", mw.FormDataContentType()); r.status != 413 {
		t.Errorf("11 MB file: %d %s", r.status, trim(r.body))
	}
	if r := a.do("POST", "/api/admin/imports/0123456789abcdef0123456789abcdef/commit", aliceToken, nil); r.status != 404 {
		t.Errorf("unknown import: %d", r.status)
	}
	if r := a.do("POST", "/api/admin/imports", "", nil); r.status != 401 {
		t.Errorf("no token: %d", r.status)
	}
}

func trim(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// A header that a spreadsheet would run as a formula becomes a metric's
// name as written, and every CSV download neutralises it.
func TestImportedTextIsNeutralisedInCSV(t *testing.T) {
	a := newAdminApp(t)
	r, p := a.preview(map[string]string{
		"text": "地区\t=HYPERLINK(\"http://x\")（亿元）\n衢州市\t12.5\n", "period": "2020",
		"source_title": "测试", "source_publisher": "某局", "source_date": "2020",
	})
	if r.status != 201 || len(p.Metrics) != 1 || p.Metrics[0].Name != `=HYPERLINK("http://x")` || !p.CanCommit {
		t.Fatalf("preview: %d %s", r.status, trim(r.body))
	}
	if r := a.do("POST", "/api/admin/imports/"+p.ID+"/commit", aliceToken, nil); r.status != 200 {
		t.Fatalf("commit: %d %s", r.status, r.body)
	}
	csv := a.do("GET", "/api/observations.csv?metric="+p.Metrics[0].Code, "", nil)
	if csv.status != 200 || !strings.Contains(string(csv.body), `"'=HYPERLINK(""http://x"")"`) || strings.Contains(string(csv.body), `,"=HYPERLINK`) {
		t.Errorf("CSV: %d %s", csv.status, csv.body)
	}
}
