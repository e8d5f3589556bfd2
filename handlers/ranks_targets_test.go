package handlers

import (
	"bytes"
	"encoding/json"
	"image/png"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// Ranks are drawn as ranks and targets look like targets (issue 21, points
// 3 and 4), in every output that draws them: the option of /api/compare and
// /api/charts, the pages, the server's SVG and PNG, the CSV and the Word
// report.

// jinhuaRanks are 金华's two ranks: 前10位 in China (a bound) and 第2位 in
// Zhejiang, both 2010–2012, the 2010 and 2011 ones read off “连续3年”.
const jinhuaRanks = "metrics=ecommerce_transaction_rank_nation,ecommerce_transaction_rank_province&regions=330700&periods=all"

// inferredMark is what a figure read off “连续3年” says wherever it shows,
// and inferredLabel what it says under its chart label.
const (
	inferredMark  = "据“连续3年”推知"
	inferredLabel = "（连续3年）"
)

// optionOf reads the option of an /api/compare or /api/charts/:id answer.
func optionOf(t *testing.T, app *fiber.App, path string) map[string]any {
	t.Helper()
	r := get(t, app, path)
	var chart struct {
		Option map[string]any
	}
	if r.status != 200 || json.Unmarshal(r.body, &chart) != nil || chart.Option == nil {
		t.Fatalf("%s: %d %.300s", path, r.status, r.body)
	}
	return chart.Option
}

// list is the JSON array at key of m (nil if none).
func list(m map[string]any, key string) []any { l, _ := m[key].([]any); return l }

// object is the JSON object at key of m (nil if none).
func object(m map[string]any, key string) map[string]any { o, _ := m[key].(map[string]any); return o }

// items are the data items of every series of opt, with the series each
// is in.
func items(opt map[string]any) (out []struct{ series, item map[string]any }) {
	for _, s := range list(opt, "series") {
		for _, d := range list(s.(map[string]any), "data") {
			if dm, ok := d.(map[string]any); ok {
				out = append(out, struct{ series, item map[string]any }{s.(map[string]any), dm})
			}
		}
	}
	return out
}

// labelOf is a data item's label text.
func labelOf(item map[string]any) string {
	f, _ := object(item, "label")["formatter"].(string)
	return f
}

// svgText is the text an SVG shows, each element's on its own line, in
// document order, with each text element's y position.
var svgTextElement = regexp.MustCompile(`<text[^>]*?transform="translate\(([-\d.]+) ([-\d.]+)\)"[^>]*>([^<]*)</text>`)

func svgTextPositions(svg []byte) (texts []string, ys map[string][]float64) {
	ys = map[string][]float64{}
	for _, m := range svgTextElement.FindAllSubmatch(svg, -1) {
		y, _ := strconv.ParseFloat(string(m[2]), 64)
		texts = append(texts, string(m[3]))
		ys[string(m[3])] = append(ys[string(m[3])], y)
	}
	return texts, ys
}

// TestRanksAreDrawnAsPlacesNotQuantities: on a line, a bar and a
// horizontal bar chart, a rank is a dot on an axis of places with 第1位
// first (at the top, or at the left of horizontal bars), labelled 第2位 or
// 前10位 as the document says, never a bar, never "10位"; 前10位 is a bound
// — a ring with a band reaching to 第1位 — not a point at 10.
func TestRanksAreDrawnAsPlacesNotQuantities(t *testing.T) {
	app, _ := newTestApp(t)
	for _, typ := range []string{"line", "bar", "hbar"} {
		opt := optionOf(t, app, "/api/compare?"+jinhuaRanks+"&type="+typ)
		axisKey := "yAxis"
		if typ == "hbar" {
			axisKey = "xAxis"
		}
		var axis map[string]any
		for _, a := range list(opt, axisKey) {
			if a.(map[string]any)["type"] == "value" {
				axis = a.(map[string]any)
			}
		}
		if axis == nil {
			t.Fatalf("%s: no value axis in %v", typ, opt[axisKey])
		}
		inverse, _ := axis["inverse"].(bool)
		if min, _ := axis["min"].(float64); inverse != (typ != "hbar") || min > 1 || !strings.Contains(labelOf(map[string]any{"label": axis["axisLabel"]}), "第{value}位") {
			t.Errorf("%s: rank axis %v: want 第1位 first (inverted on a vertical chart), from 第1位 or before, labelled 第N位", typ, axis)
		}
		bounds := 0
		for _, it := range items(opt) {
			v, ok := it.item["value"].(float64)
			if !ok {
				continue
			}
			label := labelOf(it.item)
			if typ := it.series["type"]; typ == "bar" {
				t.Errorf("a rank drawn as a bar %v", it.item)
			}
			switch v {
			case 10:
				bounds++
				if !strings.HasPrefix(label, "前10位") || it.item["symbol"] == "circle" || it.item["symbol"] == nil {
					t.Errorf("%s: 前10位 drawn as %q with symbol %v, want a ring labelled 前10位", typ, label, it.item["symbol"])
				}
			case 2:
				if !strings.HasPrefix(label, "第2位") {
					t.Errorf("%s: 第2位 labelled %q", typ, label)
				}
			}
			if label == "10位" || label == "2位" || strings.HasPrefix(label, "10位") {
				t.Errorf("%s: a rank labelled as a quantity: %q", typ, label)
			}
		}
		// each bound has its band from 第1位 to its bound
		bands := 0
		for _, s := range list(opt, "series") {
			for _, pair := range list(object(s.(map[string]any), "markLine"), "data") {
				ends, _ := pair.([]any)
				if len(ends) != 2 {
					continue
				}
				from, to := list(ends[0].(map[string]any), "coord"), list(ends[1].(map[string]any), "coord")
				i := 1
				if typ == "hbar" {
					i = 0
				}
				if len(from) == 2 && len(to) == 2 && from[i] == 1.0 && to[i] == 10.0 {
					bands++
				}
			}
		}
		if bounds != 3 || bands != bounds {
			t.Errorf("%s: %d bounds, %d bands from 第1位; want 3 and one each", typ, bounds, bands)
		}
	}
	// a line joins places, never bounds: 第2位 three years running is a line, 前10位 is not
	opt := optionOf(t, app, "/api/compare?"+jinhuaRanks+"&type=line")
	for _, s := range list(opt, "series") {
		sm := s.(map[string]any)
		hidden := object(sm, "lineStyle")["opacity"] == 0.0
		if bound := strings.Contains(sm["name"].(string), "全国"); hidden != bound {
			t.Errorf("series %s: line hidden %v, want hidden only for the bounds", sm["name"], hidden)
		}
	}
}

// TestRanksAreNeverStackedSummedOrDerived: stacking ranks adds them, a pie
// sums them, a gauge takes them for a share, and growth, share or a rank
// of ranks are meaningless: each is a 400 naming the key, for the page
// and for the data.
func TestRanksAreNeverStackedSummedOrDerived(t *testing.T) {
	app, _ := newTestApp(t)
	for query, key := range map[string]string{
		jinhuaRanks + "&stack=1":              "stack",
		jinhuaRanks + "&type=line&derive=yoy": "derive",
		"metrics=ecommerce_transaction_rank_province&regions=330700&periods=2012&derive=share": "derive",
		jinhuaRanks + "&derive=rank": "derive",
		"metrics=ecommerce_transaction_rank_province&regions=330700&periods=2012&type=pie":   "type",
		"metrics=ecommerce_transaction_rank_province&regions=330700&periods=2012&type=gauge": "type",
	} {
		for _, path := range []string{"/api/compare?", "/compare.png?", "/compare?"} {
			r := get(t, app, path+query)
			if r.status != 400 || !bytes.Contains(r.body, []byte(key+"=")) || !bytes.Contains(r.body, []byte("位次")) {
				t.Errorf("%s%s: %d %.200s, want 400 naming %s and saying it is a rank", path, query, r.status, r.body, key)
			}
		}
	}
}

// TestFiguresReadOffSeveralYearsSaySoWhereverTheyShow: 金华's 2010 and 2011
// ranks come from the words 连续3年 in a sentence about 2012; the chart's
// labels and tooltips, the SVG, the figures' JSON and CSV, the page's table
// and the Word report say so, and the figure keeps that sentence as its
// quote. The 2012 ranks, which the sentence dates, say nothing of it.
func TestFiguresReadOffSeveralYearsSaySoWhereverTheyShow(t *testing.T) {
	app, _ := newTestApp(t)
	for _, view := range []string{"&type=line", "&type=hbar&labels=stated"} {
		opt := optionOf(t, app, "/api/compare?"+jinhuaRanks+view)
		marked := 0
		for _, it := range items(opt) {
			period, _ := it.item["period"].(string)
			says := strings.Count(labelOf(it.item), inferredLabel) == 1 && it.item["inferred"] == inferredMark
			if says != (period != "2012年") {
				t.Errorf("%s: %s %s: label %q, inferred %v", view, it.series["name"], period, labelOf(it.item), it.item["inferred"])
			}
			if says {
				marked++
			}
		}
		if marked != 4 {
			t.Errorf("%s: %d figures marked, want the four of 2010 and 2011", view, marked)
		}
	}

	var obs []struct {
		Period, Quote, Inferred string
		InferredNote            string `json:"inferred_note"`
	}
	r := get(t, app, "/api/observations?region=330700&metric=ecommerce_transaction_rank_nation,ecommerce_transaction_rank_province")
	if err := json.Unmarshal(r.body, &obs); err != nil || len(obs) != 6 {
		t.Fatalf("observations: %v %.200s", err, r.body)
	}
	for _, o := range obs {
		if (o.Inferred == "连续3年" && o.InferredNote == inferredMark) != (o.Period != "2012") || !strings.Contains(o.Quote, "连续3年居全国前10位、浙江省第2位") {
			t.Errorf("observation %s: inferred %q, quote %q", o.Period, o.Inferred, o.Quote)
		}
	}

	rows := readCSV(t, get(t, app, "/api/observations.csv?region=330700&metric=ecommerce_transaction_rank_nation").body)
	col := slices.Index(rows[0], "inferred")
	if col < 0 {
		t.Fatalf("CSV header %v has no inferred column", rows[0])
	}
	for _, row := range rows[1:] {
		if period := row[slices.Index(rows[0], "period")]; (row[col] == "连续3年") != (period != "2012") {
			t.Errorf("CSV %s: inferred %q", period, row[col])
		}
	}

	page := string(get(t, app, "/compare?"+jinhuaRanks+"&type=line").body)
	if n := strings.Count(page, `推知</span> `+inferredMark); n != 4 {
		t.Errorf("the page's table marks %d figures as read off 连续3年, want 4", n)
	}
	// and its value cells give the ranks as places, not quantities
	if strings.Count(page, `<td class="num">前10位</td>`) != 3 || strings.Count(page, `<td class="num">第2位</td>`) != 3 || strings.Contains(page, `<td class="num">10 位</td>`) {
		t.Error("the page's table does not give the ranks as 前10位 and 第2位")
	}

	svg := get(t, app, "/compare.svg?"+jinhuaRanks+"&type=line")
	texts, ys := svgTextPositions(svg.body)
	if n := strings.Count(strings.Join(texts, "\n"), inferredLabel); svg.status != 200 || n != 4 {
		t.Errorf("SVG: %d, %d labels say %s, want 4: %q", svg.status, n, inferredLabel, texts)
	}
	if top, tenth := ys["第1位"], ys["第10位"]; len(top) != 1 || len(tenth) != 1 || top[0] >= tenth[0] {
		t.Errorf("SVG: 第1位 at y %v, 第10位 at y %v: want 第1位 at the top", top, tenth)
	}
	if all := strings.Join(texts, "\n"); !strings.Contains(all, "前10位") || !strings.Contains(all, "第2位") || slices.Contains(texts, "10位") {
		t.Errorf("SVG labels %q: want 前10位 and 第2位, never 10位", texts)
	}

	doc := string(docxParts(t, get(t, app, "/export/compare.docx?"+jinhuaRanks+"&type=line").body)["word/document.xml"])
	if n := strings.Count(doc, inferredMark); n != 4 {
		t.Errorf("the report's table marks %d figures as read off 连续3年, want 4", n)
	}
	if strings.Contains(doc, ">10位<") || strings.Contains(doc, ">2位<") || strings.Count(doc, ">前10位<") != 3 {
		t.Error("the report's value cells give the ranks as quantities (10位), want 前10位 and 第2位")
	}
}

// TestTargetsAreOutlinedOnEveryChartType: the targets chart's categories
// say （目标） and its bars are outlined (a 2 px border around a faint fill),
// legend included; so is a target on horizontal and vertical bars, a pie
// and a gauge, each naming it 目标.
func TestTargetsAreOutlinedOnEveryChartType(t *testing.T) {
	app, _ := newTestApp(t)
	outlined := func(style map[string]any) bool {
		fill, _ := style["color"].(string)
		width, _ := style["borderWidth"].(float64)
		return width >= 2 && style["borderColor"] != nil && strings.HasPrefix(fill, "rgba(")
	}
	opt := optionOf(t, app, "/api/charts/internet-plus-circulation-targets-2015")
	categories := list(list(opt, "yAxis")[0].(map[string]any), "data")
	for _, c := range categories {
		if !strings.HasSuffix(c.(string), "（目标）") {
			t.Errorf("targets chart category %q lacks （目标）", c)
		}
	}
	if len(categories) != 5 {
		t.Errorf("%d categories", len(categories))
	}
	for _, it := range items(opt) {
		if !outlined(object(it.item, "itemStyle")) || !outlined(object(it.series, "itemStyle")) {
			t.Errorf("target %v drawn %v (series %v), want outlined", it.item["name"], it.item["itemStyle"], it.series["itemStyle"])
		}
	}
	for _, typ := range []string{"bar", "hbar", "pie", "gauge"} {
		opt := optionOf(t, app, "/api/compare?metrics=target_ecommerce_demo_bases&regions=100000&type="+typ)
		s := list(opt, "series")[0].(map[string]any)
		d := list(s, "data")[0].(map[string]any)
		style, named := object(d, "itemStyle"), s["name"].(string)+" "+d["name"].(string)
		if typ == "gauge" {
			style = object(object(s, "progress"), "itemStyle")
		}
		if !outlined(style) || !strings.Contains(named, "目标") {
			t.Errorf("%s: a target drawn %v, named %q: want outlined and named 目标", typ, style, named)
		}
		if (typ == "bar" || typ == "hbar") && object(opt, "legend")["show"] != true {
			t.Errorf("%s: no legend saying 目标 (categories are regions)", typ)
		}
	}
}

// TestTargetsAndOutcomesAreSeparateSeries: a 2015 target of 60个 beside a
// 2020 outcome of 15家 (国家级电子商务示范基地) are two series, a legend
// naming the target and the outcome, each drawn in its own style.
func TestTargetsAndOutcomesAreSeparateSeries(t *testing.T) {
	app, _ := newTestApp(t)
	opt := optionOf(t, app, "/api/compare?metrics=target_ecommerce_demo_bases,new_national_ecommerce_demo_bases&regions=100000&periods=latest")
	series := list(opt, "series")
	if len(series) != 2 || object(opt, "legend")["show"] != true {
		t.Fatalf("%d series, legend %v: want a target series and an outcome series, with a legend", len(series), opt["legend"])
	}
	for _, s := range series {
		sm := s.(map[string]any)
		var values []float64
		for _, d := range list(sm, "data") {
			if v, ok := d.(map[string]any)["value"].(float64); ok {
				values = append(values, v)
				width, _ := object(d.(map[string]any), "itemStyle")["borderWidth"].(float64)
				if (width >= 2) != (v == 60) {
					t.Errorf("%v drawn with a %v px border: only the target is outlined", v, width)
				}
			}
		}
		name := sm["name"].(string)
		switch {
		case slices.Equal(values, []float64{60}) && strings.Contains(name, "目标"):
		case slices.Equal(values, []float64{15}) && strings.Contains(name, "实际"):
		default:
			t.Errorf("series %q holds %v: want the target (目标) and the outcome (实际) apart", name, values)
		}
	}
}

// TestTargetImagesAreOutlined: the server's images draw the targets chart
// as the page does: outlined bars (stroked 2 px around a faint fill in the
// SVG, and in the PNG mostly the faint fill, not the solid colour), its
// categories saying （目标）.
func TestTargetImagesAreOutlined(t *testing.T) {
	app, _ := newTestApp(t)
	svg := get(t, app, "/charts/internet-plus-circulation-targets-2015.svg")
	bars := regexp.MustCompile(`<path d="M[^"]*Z" fill="(?:rgb\(31,95,168\)|#1f5fa8)"([^>]*)>`).FindAllSubmatch(svg.body, -1)
	if svg.status != 200 || len(bars) != 5 {
		t.Fatalf("SVG: %d, %d bars in the focus colour, want 5", svg.status, len(bars))
	}
	for _, b := range bars {
		if !bytes.Contains(b[1], []byte(`fill-opacity="0.1"`)) || !bytes.Contains(b[1], []byte(`stroke-width="2"`)) {
			t.Errorf("SVG bar %s: want a faint fill and a 2 px outline", b[1])
		}
	}
	if texts, _ := svgTextPositions(svg.body); strings.Count(strings.Join(texts, ""), "目标）") != 5 {
		t.Errorf("SVG categories %q: want each to say （目标）", texts)
	}
	img, err := png.Decode(bytes.NewReader(get(t, app, "/charts/internet-plus-circulation-targets-2015.png?scale=1").body))
	if err != nil {
		t.Fatal(err)
	}
	solid, faint := 0, 0
	near := func(r, g, b uint32, want [3]uint32) bool {
		d := func(a, b uint32) uint32 { return max(a, b) - min(a, b) }
		return d(r>>8, want[0]) < 12 && d(g>>8, want[1]) < 12 && d(b>>8, want[2]) < 12
	}
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			switch {
			case near(r, g, b, [3]uint32{31, 95, 168}):
				solid++
			case near(r, g, b, [3]uint32{232, 239, 246}): // 10% of the focus blue on white
				faint++
			}
		}
	}
	if faint < 50000 || solid*5 > faint {
		t.Errorf("PNG: %d pixels of solid focus blue, %d of its faint fill: want outlined bars", solid, faint)
	}
}
