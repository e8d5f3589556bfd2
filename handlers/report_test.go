package handlers

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"ecomdash/handlers/ratelimit"
)

// docxParts lists the entries of a .docx body.
func docxParts(t *testing.T, body []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a .docx (ZIP): %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		_, _ = b.ReadFrom(rc)
		rc.Close()
		out[f.Name] = b.Bytes()
	}
	return out
}

func TestDashboardReportIsADocxCachedAndNamed(t *testing.T) {
	fake, _, do := withFakeRenderer(t)
	r := do("/export/dashboards/zhejiang-quzhou.docx")
	if r.status != 200 || r.header["Content-Type"] != reportContentType {
		t.Fatalf("%d %s %.200s", r.status, r.header["Content-Type"], r.body)
	}
	disp := r.header["Content-Disposition"]
	if !strings.HasPrefix(disp, "attachment;") || !strings.Contains(disp, `filename="dashboard-zhejiang-quzhou.docx"`) ||
		!strings.Contains(disp, "filename*=UTF-8''%E6%B5%99%E6%B1%9F") {
		t.Errorf("Content-Disposition %q", disp)
	}
	parts := docxParts(t, r.body)
	doc := string(parts["word/document.xml"])
	for i, title := range []string{"衢州市与浙江省网络零售额对比", "衢州市各项指标占浙江省比重"} {
		if !strings.Contains(doc, "图"+string(rune('1'+i))+"　"+title) {
			t.Errorf("no caption for %s", title)
		}
	}
	if n := int(fake.calls.Load()); n != 5 {
		t.Errorf("%d renders for five charts", n)
	}
	media := 0
	for name := range parts {
		if strings.HasPrefix(name, "word/media/") {
			media++
		}
	}
	if media != 5 {
		t.Errorf("%d pictures, want 5", media)
	}
	again := do("/export/dashboards/zhejiang-quzhou.docx")
	if !bytes.Equal(again.body, r.body) || fake.calls.Load() != 5 || again.header["Etag"] != r.header["Etag"] || r.header["Etag"] == "" {
		t.Errorf("second request: same body %v, renders %d, ETag %q then %q", bytes.Equal(again.body, r.body), fake.calls.Load(), r.header["Etag"], again.header["Etag"])
	}
	if r := do("/export/dashboards/zhejiang-quzhou.docx", "If-None-Match", r.header["Etag"]); r.status != 304 {
		t.Errorf("revalidation: %d, want 304", r.status)
	}
}

func TestChartsAndCompareReports(t *testing.T) {
	_, _, do := withFakeRenderer(t)
	r := do("/export/charts.docx?ids=jiading-ecommerce-2020,express-parcels-2020")
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	doc := string(docxParts(t, r.body)["word/document.xml"])
	first, second := strings.Index(doc, "图1　嘉定区"), strings.Index(doc, "图2　全国快递业务量与农村快件")
	if first < 0 || second < first {
		t.Errorf("charts not in the order asked (%d, %d)", first, second)
	}
	r = do("/export/compare.docx?metrics=online_retail_sales&regions=children:330000&periods=2012")
	if r.status != 200 || !strings.Contains(string(docxParts(t, r.body)["word/document.xml"]), "图1　网络零售额") {
		t.Errorf("compare report: %d", r.status)
	}
	for path, status := range map[string]int{
		"/export/charts.docx":                                                   400,
		"/export/charts.docx?ids=no-such-chart":                                 404,
		"/export/charts.docx?ids=jiading-ecommerce-2020,jiading-ecommerce-2020": 400,
		"/export/charts.docx?ids=jiading-ecommerce-2020&width=9":                400,
		"/export/dashboards/no-such.docx":                                       404,
		"/export/compare.docx?metrics=no_such&regions=330800":                   400,
		"/export/compare.docx?regions=330800":                                   400,
	} {
		if r := do(path); r.status != status || !strings.Contains(r.header["Content-Type"], "json") {
			t.Errorf("%s: %d %s, want %d with a JSON error", path, r.status, r.header["Content-Type"], status)
		}
	}
}

// TestReportsPayPerRender: a report costs one render token per image it
// must draw (a report larger than the burst takes the whole bucket, as a
// ZIP does); a cached report costs nothing.
func TestReportsPayPerRender(t *testing.T) {
	fake, _, do := withFakeRenderer(t, func(o *Options) {
		o.Limits.Render = ratelimit.Rate{Events: 5, Per: time.Hour}
	})
	if r := do("/export/dashboards/overview.docx"); r.status != 200 {
		t.Fatalf("the first report: %d", r.status)
	}
	drawn := fake.calls.Load()
	if r := do("/export/compare.docx?metrics=online_retail_sales&regions=children:330000"); r.status != 429 || r.header["Retry-After"] == "" {
		t.Errorf("a report needing a new image with no tokens left: %d, want 429", r.status)
	}
	if fake.calls.Load() != drawn {
		t.Errorf("%d renders for a refused report", fake.calls.Load()-drawn)
	}
	if r := do("/export/dashboards/overview.docx"); r.status != 200 || fake.calls.Load() != drawn {
		t.Errorf("the cached report: %d, %d renders", r.status, fake.calls.Load()-drawn)
	}
}

func TestPagesOfferTheWordReport(t *testing.T) {
	_, _, do := withFakeRenderer(t)
	for path, link := range map[string]string{
		"/dashboards/shanghai-jiading":                        `href="/export/dashboards/shanghai-jiading.docx"`,
		"/charts/jiading-ecommerce-2020":                      `href="/export/charts.docx?ids=jiading-ecommerce-2020"`,
		"/compare?metrics=online_retail_sales&regions=330800": `href="/export/compare.docx?metrics=online_retail_sales&amp;regions=330800"`,
	} {
		r := do(path)
		if r.status != 200 || !bytes.Contains(r.body, []byte(link)) || !bytes.Contains(r.body, []byte("下载 Word 报告")) {
			t.Errorf("%s: %d, no 下载 Word 报告 link %s", path, r.status, link)
		}
	}
}
