package handlers

import (
	"encoding/json"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ecomdash/models"
)

// section returns the part of page between the element with id and the
// end of its section.
func section(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element %q on the page", id)
	}
	j := strings.Index(page[i:], "</section>")
	if j < 0 {
		t.Fatalf("section %q does not end", id)
	}
	return page[i : i+j]
}

var optionScript = regexp.MustCompile(`(?s)<script type="application/json" id="option-([^"]+)">(.*?)</script>`)

// pageOptions returns the chart options on page by chart id.
func pageOptions(t *testing.T, page string) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, m := range optionScript.FindAllStringSubmatch(page, -1) {
		var opt map[string]any
		if err := json.Unmarshal([]byte(m[2]), &opt); err != nil {
			t.Fatalf("option %s: %v", m[1], err)
		}
		out[m[1]] = opt
	}
	return out
}

// optionItems returns the data items of every series of opt.
func optionItems(opt map[string]any) []map[string]any {
	var out []map[string]any
	series, _ := opt["series"].([]any)
	for _, s := range series {
		data, _ := s.(map[string]any)["data"].([]any)
		for _, d := range data {
			if m, ok := d.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// TestPlatformFigureIsNoHeadlineNorChartOfItsRegion: Alibaba's 600万次 a
// day is about the platform, not about 全国: it is not among 全国's 主要数字
// and on none of the profile's charts, while its table still lists it and
// says what it is about.
func TestPlatformFigureIsNoHeadlineNorChartOfItsRegion(t *testing.T) {
	app, _ := newTestApp(t)
	r := get(t, app, "/regions/100000")
	if r.status != 200 {
		t.Fatalf("%d", r.status)
	}
	page := string(r.body)
	heads := section(t, page, "headline-heading")
	if strings.Contains(heads, "阿里巴巴每日网络交易次数") || strings.Contains(heads, "600万次") {
		t.Error("全国's 主要数字 show Alibaba's platform figure")
	}
	if !strings.Contains(heads, "每天快递量") {
		t.Error("全国's 主要数字 lack its own figures")
	}
	opts := pageOptions(t, page)
	if len(opts) == 0 {
		t.Fatal("no chart on 全国's profile")
	}
	for id, opt := range opts {
		b, _ := json.Marshal(opt)
		if strings.Contains(id, "alibaba") || strings.Contains(string(b), "阿里巴巴每日网络交易次数") {
			t.Errorf("chart %s draws Alibaba's platform figure", id)
		}
	}
	if !strings.Contains(page, "600万次") || !strings.Contains(page, "这是关于阿里巴巴平台的数字，不是全国的统计") {
		t.Error("the platform figure's table or the note on what it is about is missing")
	}
}

// TestCSVNamesTheSubjectOfEveryFigure: every CSV export ends its header
// with subject, which names the platform a figure is about (阿里巴巴平台)
// and is empty for a region's own figure; the download imports again
// unchanged (TestExportReimportsUnchanged) and so does a file without it
// (models' import tests).
func TestCSVNamesTheSubjectOfEveryFigure(t *testing.T) {
	app, _ := newTestApp(t)
	for _, path := range []string{"/api/observations.csv", "/api/observations.csv?region=100000",
		"/api/charts/express-parcels-2020.csv", "/compare.csv?metrics=alibaba_daily_transactions,express_daily_parcels&regions=100000"} {
		r := get(t, app, path)
		if strings.HasPrefix(path, "/compare") {
			// a platform figure is no regional statistic: the comparison refuses it
			if r.status != 400 || !strings.Contains(string(r.body), "阿里巴巴平台") {
				t.Errorf("%s: %d %.200s", path, r.status, r.body)
			}
			continue
		}
		if r.status != 200 {
			t.Fatalf("%s: %d", path, r.status)
		}
		rows := readCSV(t, r.body)
		header := rows[0]
		if header[len(header)-1] != "subject" || !slices.Equal(header, models.CSVColumns) {
			t.Fatalf("%s: header %v, want the export columns ending in subject", path, header)
		}
		col := len(header) - 1
		metric := slices.Index(header, "metric_code")
		platform := 0
		for _, row := range rows[1:] {
			want := ""
			if row[metric] == "alibaba_daily_transactions" {
				want, platform = "阿里巴巴平台", platform+1
			}
			if row[col] != want {
				t.Errorf("%s: %s has subject %q, want %q", path, row[metric], row[col], want)
			}
		}
		if path != "/api/charts/express-parcels-2020.csv" && platform != 1 {
			t.Errorf("%s: %d rows of the platform figure", path, platform)
		}
	}
}

// TestExpressChartKeepsDailyAndQuarterlyFlowsApart: 2亿件 a day and 30亿件
// over a quarter are different units (亿件/天, 亿件), each drawn on its own
// axis in its own panel, never one scale; the chart says 每天 as its
// document does, not 日均, on its page, in its option and in the report.
func TestExpressChartKeepsDailyAndQuarterlyFlowsApart(t *testing.T) {
	app, _ := newTestApp(t)
	for _, path := range []string{"/api/charts/express-parcels-2020",
		"/api/compare?metrics=express_daily_parcels,rural_express_parcels&regions=100000&periods=latest&type=hbar",
		"/api/compare?metrics=express_daily_parcels,rural_express_parcels&regions=100000&periods=latest"} {
		r := get(t, app, path)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		var body struct {
			Option map[string]any `json:"option"`
		}
		if err := json.Unmarshal(r.body, &body); err != nil {
			t.Fatal(err)
		}
		opt := body.Option
		// which value axis each figure is drawn on
		axisOf := map[string]string{}
		for _, key := range []string{"xAxis", "yAxis"} {
			axes, _ := opt[key].([]any)
			for i, a := range axes {
				am := a.(map[string]any)
				if am["type"] == "category" {
					continue
				}
				for _, s := range opt["series"].([]any) {
					sm := s.(map[string]any)
					if idx, _ := sm[key+"Index"].(float64); int(idx) == i {
						for _, d := range sm["data"].([]any) {
							axisOf[d.(map[string]any)["shown"].(string)] = am["name"].(string)
						}
					}
				}
			}
		}
		if axisOf["超过2亿件/天"] != "亿件/天" || axisOf["超过30亿件"] != "亿件" {
			t.Errorf("%s: value axes of the figures %v, want 超过2亿件/天 on 亿件/天 and 超过30亿件 on 亿件", path, axisOf)
		}
		if grids, _ := opt["grid"].([]any); len(grids) != 2 {
			t.Errorf("%s: %d grids, want a panel for each unit", path, len(grids))
		}
	}
	page := string(get(t, app, "/charts/express-parcels-2020").body)
	if !strings.Contains(page, "前者为每天快递量") || strings.Contains(page, "日均") || !strings.Contains(page, "单位：亿件/天、亿件") {
		t.Error("the express chart's page does not say 每天 and both units, or says 日均")
	}
	_, _, do := withFakeRenderer(t)
	r := do("/export/charts.docx?ids=express-parcels-2020")
	if r.status != 200 {
		t.Fatalf("report: %d %.200s", r.status, r.body)
	}
	doc := string(docxParts(t, r.body)["word/document.xml"])
	if !strings.Contains(doc, "前者为每天快递量") || strings.Contains(doc, "日均") || !strings.Contains(doc, "亿件/天") {
		t.Error("the report of the express chart does not say 每天 and 亿件/天, or says 日均")
	}
}

// TestEveryProfileWithFiguresDrawsAChart: each region with figures draws
// at least one chart on its profile; 全国, which has no peers and one
// period per figure, draws its figures that share a unit, a period and a
// kind together, each chart holding one value axis, one period, and
// either targets or outcomes, never a rank with other figures.
func TestEveryProfileWithFiguresDrawsAChart(t *testing.T) {
	app, h := newTestApp(t)
	regions, err := models.Regions.List(h.db)
	if err != nil {
		t.Fatal(err)
	}
	for _, reg := range regions {
		n, _ := models.CountObservations(h.db, models.ObservationFilter{RegionCodes: []string{reg.Code}})
		page := string(get(t, app, "/regions/"+reg.Code).body)
		if drawn := len(pageOptions(t, page)); n > 0 && drawn == 0 {
			t.Errorf("%s (%s): %d figures, no chart", reg.NameZH, reg.Code, n)
		}
	}
	page := string(get(t, app, "/regions/100000").body)
	together := section(t, page, "together-heading")
	opts := pageOptions(t, together)
	if len(opts) < 5 {
		t.Fatalf("全国 draws %d charts of figures together, want its groups", len(opts))
	}
	for id, opt := range opts {
		if !strings.HasPrefix(id, "region-100000-together-") {
			t.Errorf("chart %s in the section of figures drawn together", id)
		}
		items := optionItems(opt)
		if len(items) < 2 {
			t.Errorf("%s: %d figures drawn together", id, len(items))
		}
		periods, units := map[string]bool{}, map[string]bool{}
		targets := 0
		for _, it := range items {
			periods[it["period"].(string)] = true
			units[it["unit"].(string)] = true
			if it["target"] == true {
				targets++
			}
		}
		if len(periods) != 1 || (targets != 0 && targets != len(items)) {
			t.Errorf("%s: periods %v, %d targets of %d figures", id, periods, targets, len(items))
		}
		if len(units) > 1 {
			for u := range units {
				if !slices.Contains([]string{"个", "家", "项", "届", "批"}, u) {
					t.Errorf("%s: units %v on one axis", id, units)
				}
			}
		}
	}
}

var (
	ssrPart = regexp.MustCompile(`(?s)<div class="ssr-(wide|narrow)">(.*?)</div>`)
	svgText = regexp.MustCompile(`(?s)<text[^>]*>(.*?)</text>`)
)

// TestPageCategoryLabelsAreDrawnWhole: on a chart page and on the region
// profiles, every category label of every chart is in the option whole
// (its lines joined give the full name: 限额以上电子商务销售额, not …销) and
// is drawn whole in the page's first paint, wide and on a phone, where a
// profile's many bars get a tall box so no label is hidden.
func TestPageCategoryLabelsAreDrawnWhole(t *testing.T) {
	app, _ := newTestApp(t)
	for _, path := range []string{"/charts/jiading-ecommerce-2020", "/regions/110000", "/regions/100000", "/regions/310114"} {
		page := string(get(t, app, path).body)
		opts := pageOptions(t, page)
		if len(opts) == 0 {
			t.Fatalf("%s: no chart", path)
		}
		// the first paints in page order, as the options are
		paints := map[string][]string{}
		for _, part := range strings.Split(page, `data-chart="`)[1:] {
			id := part[:strings.Index(part, `"`)]
			for _, m := range ssrPart.FindAllStringSubmatch(part[:strings.Index(part, "</script>")], -1) {
				var texts []string
				for _, tm := range svgText.FindAllStringSubmatch(m[2], -1) {
					texts = append(texts, html.UnescapeString(tm[1]))
				}
				paints[id+" "+m[1]] = texts
			}
		}
		for id, opt := range opts {
			for _, key := range []string{"xAxis", "yAxis"} {
				axes, _ := opt[key].([]any)
				for _, a := range axes {
					am := a.(map[string]any)
					if am["type"] != "category" {
						continue
					}
					for _, d := range am["data"].([]any) {
						label := strings.ReplaceAll(d.(string), "\n", "")
						if strings.HasPrefix(id, "jiading") && !strings.HasSuffix(label, "售额") { // 销售额, 零售额
							t.Errorf("%s: category %q is cut", path, label)
						}
						for _, size := range []string{"wide", "narrow"} {
							texts, ok := paints[id+" "+size]
							if !ok {
								t.Errorf("%s: %s has no %s first paint", path, id, size)
								continue
							}
							if !drawnWhole(texts, label) {
								t.Errorf("%s: %s's %s first paint does not draw %q whole", path, id, size, label)
							}
						}
					}
				}
			}
		}
	}
}

// drawnWhole reports whether text is drawn in texts as consecutive text
// elements (its lines).
func drawnWhole(texts []string, text string) bool {
	for i := range texts {
		acc := ""
		for j := i; j < len(texts) && texts[j] != "" && strings.HasPrefix(text, acc+texts[j]); j++ {
			acc += texts[j]
			if acc == text {
				return true
			}
		}
	}
	return false
}
