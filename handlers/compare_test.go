package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strings"
	"testing"

	"ecomdash/charts/state"
	"ecomdash/models"
	"ecomdash/seed"

	"github.com/gofiber/fiber/v2"
)

const quzhouVsProvince = "metrics=online_retail_sales&regions=330800,330000&periods=2012"

// TestCompareOutputs: one state drives the page, its JSON, CSV, images and
// embed, with the same figures in each; equal states share their images.
func TestCompareOutputs(t *testing.T) {
	fake, _, get := withFakeRenderer(t)
	page := get("/compare?" + quzhouVsProvince)
	if page.status != 200 || !strings.HasPrefix(page.header["Content-Type"], "text/html") {
		t.Fatalf("page: %d %s", page.status, page.header["Content-Type"])
	}
	for _, want := range []string{"网络零售额：衢州市、浙江省", `data-chart="compare"`, "/compare.png?" + quzhouVsProvince, "/compare.csv?" + quzhouVsProvince, "/embed/compare?" + quzhouVsProvince} {
		if !bytes.Contains(page.body, []byte(strings.ReplaceAll(want, "&", "&amp;"))) {
			t.Errorf("page lacks %q", want)
		}
	}
	api := get("/api/compare?regions=330800,330000&periods=2012&metrics=online_retail_sales&type=bar")
	var chart struct {
		State        string
		Observations []struct{ Value float64 }
	}
	if api.status != 200 || json.Unmarshal(api.body, &chart) != nil {
		t.Fatalf("api: %d %.200s", api.status, api.body)
	}
	if chart.State != quzhouVsProvince || len(chart.Observations) != 2 {
		t.Errorf("api: state %q, %d figures; want the canonical state and 2 figures", chart.State, len(chart.Observations))
	}
	csv := get("/compare.csv?" + quzhouVsProvince)
	if csv.status != 200 || !bytes.Contains(csv.body, []byte("12.3")) || !bytes.Contains(csv.body, []byte("2027")) || bytes.Count(csv.body, []byte("\r\n")) != 3 {
		t.Errorf("csv: %d %q", csv.status, csv.body)
	}
	before := fake.calls.Load() // the page's first paint (two SVGs)
	for _, path := range []string{"/compare.png?" + quzhouVsProvince, "/compare.png?periods=2012&regions=330800,330000&metrics=online_retail_sales", "/compare.svg?" + quzhouVsProvince + "&width=800&height=450"} {
		if r := get(path); r.status != 200 {
			t.Errorf("%s: %d %.100s", path, r.status, r.body)
		}
	}
	if n := fake.calls.Load() - before; n != 2 {
		t.Errorf("%d renders, want 2: equal states share one PNG", n)
	}
	if embed := get("/embed/compare?" + quzhouVsProvince + "&theme=dark"); embed.status != 200 || !bytes.Contains(embed.body, []byte(`data-chart="compare"`)) {
		t.Errorf("embed: %d", embed.status)
	}
	if r := get("/compare"); r.status != 302 || !strings.HasPrefix(r.header["Location"], "/compare?metrics=") {
		t.Errorf("/compare without a state: %d %q, want a redirect to the default comparison", r.status, r.header["Location"])
	}
}

// TestCompareRefusesBadStatesNamingTheKey: 400 with the key, for pages and
// data alike, never a 500.
func TestCompareRefusesBadStatesNamingTheKey(t *testing.T) {
	app, _ := newTestApp(t)
	for path, key := range map[string]string{
		"/api/compare?metrics=nope&regions=330800":                                   "metrics",
		"/api/compare?metrics=online_retail_sales&regions=999999":                    "regions",
		"/api/compare?metrics=online_retail_sales&regions=330800&type=donut":         "type",
		"/compare.png?metrics=online_retail_sales&regions=330800&periods=2013..2012": "periods",
		"/compare.csv?metrics=online_retail_sales":                                   "regions",
		"/api/compare?metrics=online_retail_sales&regions=330800&zz=1":               "zz",
	} {
		r := get(t, app, path)
		if r.status != 400 || !bytes.Contains(r.body, []byte(key)) {
			t.Errorf("%s: %d %.150s, want 400 naming %s", path, r.status, r.body, key)
		}
	}
	if r := get(t, app, "/compare?metrics=online_retail_sales&regions=330800&type=donut"); r.status != 400 || !strings.HasPrefix(r.header["Content-Type"], "text/html") {
		t.Errorf("page with a bad state: %d %s, want the 400 page", r.status, r.header["Content-Type"])
	}
	// the builder stays, with the fields as asked and the reason where the
	// chart would be, so the user mends the state there
	r := get(t, app, "/compare?metrics=nope&regions=330800,330000&periods=2012&sort=desc")
	body := string(r.body)
	for _, want := range []string{`id="compare-form"`, ">metrics=nope&amp;regions=330800,330000&amp;periods=2012&amp;sort=desc</textarea>",
		`data-label="衢州市"`, `data-label="浙江省"`, `id="p-list" value="2012" checked`, `id="d-sort-desc" value="desc" checked`,
		"无法绘制这张图", "metrics=…：没有指标 &#34;nope&#34;", `sort=desc`} {
		if !strings.Contains(body, want) {
			t.Errorf("builder with a bad state lacks %q", want)
		}
	}
	if r.status != 400 || strings.Contains(body, `data-chart=`) {
		t.Errorf("builder with a bad state: %d, a chart drawn: %v; want 400 and no chart", r.status, strings.Contains(body, `data-chart=`))
	}
}

// TestRegionProfile: a region's page opens with its headline figures, then
// the charts (per metric against its parent and siblings and over time,
// each opening in the comparison builder), then the tables; a region with
// no figures says so and points to its parent and children (and the
// builder: TestEmptyRegionOffersParentChildrenAndBuilder).
func TestRegionProfile(t *testing.T) {
	app, _ := newTestApp(t)
	r := get(t, app, "/regions/330800")
	if r.status != 200 {
		t.Fatalf("%d", r.status)
	}
	body := string(r.body)
	for _, want := range []string{"主要数字", "在对比分析中打开",
		`/compare?metrics=online_retail_sales&amp;regions=330800,parent:330800,siblings:330800&amp;periods=latest&amp;sort=desc&amp;focus=330800`,
		`/compare?metrics=online_retail_sales&amp;regions=330800&amp;type=line`,
		`data-chart="region-330800-online_retail_sales-peers"`, `data-chart="region-330800-online_retail_sales-trend"`} {
		if !strings.Contains(body, want) {
			t.Errorf("Quzhou's profile lacks %q", want)
		}
	}
	heads, drawn, tables := strings.Index(body, `id="headline-heading"`), strings.Index(body, `id="charts-heading"`), strings.Index(body, `id="tables-heading"`)
	if heads < 0 || heads > drawn || drawn > tables || strings.Index(body, `data-chart="`) < drawn {
		t.Errorf("Quzhou's profile: headline figures at %d, charts at %d, tables at %d; want them in that order", heads, drawn, tables)
	}
	ids := map[string]int{}
	for _, part := range strings.Split(body, `data-chart="`)[1:] {
		ids[part[:strings.Index(part, `"`)]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("chart id %s appears %d times on the page", id, n)
		}
	}
	empty := get(t, app, "/regions/310000") // 上海市: no figures of its own
	if empty.status != 200 || !bytes.Contains(empty.body, []byte("没有上海市的统计数字")) ||
		!bytes.Contains(empty.body, []byte(`href="/regions/100000"`)) || !bytes.Contains(empty.body, []byte(`href="/regions/310114"`)) {
		t.Errorf("a region with no figures: %d %s", empty.status, empty.body)
	}
}

// TestStateKeysDoNotCollideWithRouteKeys: /compare.png and /embed/compare
// read the grammar's keys beside the image and view options; a shared key
// would mean two things (an image's scale was once the grammar's log axis).
func TestStateKeysDoNotCollideWithRouteKeys(t *testing.T) {
	for _, own := range [][]string{imageParams, viewParams, signatureParams} {
		for _, k := range own {
			if slices.Contains(state.Keys, k) {
				t.Errorf("%q is both a chart-state key and a route's own parameter", k)
			}
		}
	}
}

// TestChartPagesOpenTheirFiguresInTheBuilder: a built-in chart's page links
// to the comparison of its figures, and that comparison draws.
func TestChartPagesOpenTheirFiguresInTheBuilder(t *testing.T) {
	app, _ := newTestApp(t)
	links := 0
	for _, spec := range seed.Charts {
		page := string(get(t, app, "/charts/"+spec.ID).body)
		i := strings.Index(page, ">在对比分析中打开<")
		if i < 0 {
			continue
		}
		links++
		start := strings.LastIndex(page[:i], `href="`) + len(`href="`)
		href := strings.ReplaceAll(page[start:strings.Index(page[start:], `"`)+start], "&amp;", "&")
		if r := get(t, app, href); r.status != 200 || !bytes.Contains(r.body, []byte(`data-chart="compare"`)) {
			t.Errorf("%s: its comparison %s answers %d %.150s", spec.ID, href, r.status, r.body)
		}
	}
	if links < len(seed.Charts)/2 {
		t.Errorf("only %d of %d chart pages open in the builder", links, len(seed.Charts))
	}
}

// TestCompareHandsTheGrammarToTheScript: the builder's page carries the
// canonical state and the grammar's keys in order, with their defaults, as
// JSON its script reads (no "<" that could close the script element).
func TestCompareHandsTheGrammarToTheScript(t *testing.T) {
	app, _ := newTestApp(t)
	page := string(get(t, app, "/compare?regions=330800,330000&metrics=online_retail_sales&periods=2012&sort=none").body)
	const open = `<script type="application/json" id="compare-grammar">`
	i := strings.Index(page, open)
	if i < 0 {
		t.Fatal("no #compare-grammar on the page")
	}
	raw := page[i+len(open) : i+strings.Index(page[i:], "</script>")]
	if strings.Contains(raw, "<") {
		t.Errorf("the grammar holds a raw <: %.200s", raw)
	}
	var g struct {
		State string
		Keys  []state.KeyInfo
		View  []string
	}
	if err := json.Unmarshal([]byte(raw), &g); err != nil {
		t.Fatalf("grammar: %v: %.200s", err, raw)
	}
	if g.State != quzhouVsProvince || len(g.Keys) != len(state.Keys) || g.Keys[3].Key != "type" || g.Keys[3].Default != "bar" || !slices.Equal(g.View, []string{"theme"}) {
		t.Errorf("grammar: state %q, %d keys (%+v), view %v", g.State, len(g.Keys), g.Keys[3], g.View)
	}
}

// visibleText is the text of an HTML page a reader sees outside the
// builder's 高级 section: no tags, attributes, scripts or that section.
func visibleText(page string) string {
	for _, cut := range [][2]string{{`<details class="advanced"`, "</details>"}, {"<script", "</script>"}, {"<style", "</style>"}, {"<template", "</template>"}, {"<dialog", "</dialog>"}, {"<", ">"}} {
		for {
			i := strings.Index(page, cut[0])
			if i < 0 {
				break
			}
			j := strings.Index(page[i:], cut[1])
			if j < 0 {
				break
			}
			page = page[:i] + " " + page[i+j+len(cut[1]):]
		}
	}
	return html.UnescapeString(page)
}

// TestCompareBuilderSpeaksNames: the builder shows metrics by topic with
// their units and counts, regions as a tree marked where they have figures,
// periods as 全部 / 最新 / a range, and how the chart is drawn as labelled
// buttons; no code is visible outside 高级, where the state is; related
// comparisons follow the chart.
func TestCompareBuilderSpeaksNames(t *testing.T) {
	app, _ := newTestApp(t)
	r := get(t, app, "/compare?"+quzhouVsProvince)
	if r.status != 200 {
		t.Fatalf("%d", r.status)
	}
	body := string(r.body)
	for _, want := range []string{
		"<legend>网络零售</legend>", `id="m-online_retail_sales" data-name="网络零售额" checked`, ">网络零售额</label>", `data-unit="亿元"`,
		`id="metric-search"`, `id="region-search"`, `id="r-100000"`, `id="r-330000" data-name="浙江省" data-parent="100000" checked`,
		`id="r-330800" data-name="衢州市" data-parent="330000" checked`, "● 有", "全国的下级", "浙江省的下级",
		">全部</label>", ">最新</label>", ">时期范围</label>", `id="p-from"`, `id="p-to"`,
		">柱状图</label>", ">折线图</label>", ">从大到小</label>", ">对数坐标</label>", ">数值</label>", ">原文表述</label>", ">同比增长</label>", ">占上级比重</label>", ">排名</label>",
		`<details class="advanced"`, ">" + strings.ReplaceAll(quzhouVsProvince, "&", "&amp;") + "</textarea>",
		"相关对比", `href="/compare?metrics=online_retail_sales&amp;regions=siblings:330800&amp;periods=latest&amp;sort=desc&amp;focus=330800"`,
		"衢州市与同级地区的网络零售额（最新）", "衢州市的网络零售额历年变化", "衢州市的网络零售额占浙江省的比重",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the builder lacks %q", want)
		}
	}
	// the counts beside each metric: from the API, and in the page once counted
	var counts map[string][2]int
	if r := get(t, app, "/api/compare/metric-counts"); r.status != 200 || json.Unmarshal(r.body, &counts) != nil || counts["online_retail_sales"][0] < 3 || counts["online_retail_sales"][1] < 2 {
		t.Errorf("metric counts: %d %.200s, want online_retail_sales in at least 3 regions and 2 periods", r.status, r.body)
	}
	if again := get(t, app, "/compare?"+quzhouVsProvince+"&legend=1"); !strings.Contains(string(again.body), fmt.Sprintf("亿元 · %d 个地区 · %d 个时期", counts["online_retail_sales"][0], counts["online_retail_sales"][1])) {
		t.Error("a page made after the count lacks it beside the metric")
	}
	text := visibleText(body)
	for _, code := range []string{"330800", "330000", "online_retail_sales", "children:", "siblings:"} {
		if i := strings.Index(text, code); i >= 0 {
			t.Errorf("code %q visible outside 高级: …%s…", code, text[max(0, i-80):min(len(text), i+40)])
		}
	}
	// metrics without figures for the chosen regions are set apart, not hidden
	apart := body[strings.Index(body, `id="metrics-apart"`):]
	apart = apart[:strings.Index(apart, "</details>")]
	if !strings.Contains(apart, "所选地区没有数字的指标") || strings.Contains(apart, `value="online_retail_sales"`) || !strings.Contains(apart, `name="metrics"`) {
		t.Errorf("metrics set apart: %.300s", apart)
	}
}

// TestCompareFormWorksWithoutScript: the plain form's ticks (one metrics or
// regions per box) and period range (from, to) become the state's address.
func TestCompareFormWorksWithoutScript(t *testing.T) {
	app, _ := newTestApp(t)
	r := get(t, app, "/compare?metrics=online_retail_sales&regions=330800&regions=330000&periods=range&from=2011&to=2012&type=line&sort=none")
	if want := "/compare?metrics=online_retail_sales&regions=330800,330000&periods=2011..2012&type=line&sort=none"; r.status != 303 || r.header["Location"] != want {
		t.Errorf("the plain form: %d %q, want 303 to %s", r.status, r.header["Location"], want)
	}
	r = get(t, app, "/compare?metrics=online_retail_sales&regions=330800&periods=latest&from=2011&to=2012")
	if want := "/compare?metrics=online_retail_sales&regions=330800&periods=latest"; r.header["Location"] != want {
		t.Errorf("the plain form with 最新: %q, want %s", r.header["Location"], want)
	}
	if r := get(t, app, "/compare?metrics=online_retail_sales&regions=330800,330000&periods=2011..2012&type=line"); r.status != 200 {
		t.Errorf("the state's own address: %d", r.status)
	}
}

// TestCompareRegionSearch: the builder's search finds regions by any part of
// their name, with their path, those with figures first; it needs a name.
func TestCompareRegionSearch(t *testing.T) {
	app, _ := newTestApp(t)
	var found []foundRegion
	r := get(t, app, "/api/compare/regions?q=%E4%B8%BD%E6%B0%B4&metrics=online_retail_sales") // 丽水
	if err := json.Unmarshal(r.body, &found); r.status != 200 || err != nil || len(found) != 1 || found[0].Code != "331100" || found[0].Path != "浙江省 › 丽水市" {
		t.Errorf("丽水: %d %s", r.status, r.body)
	}
	r = get(t, app, "/api/compare/regions?q=%E5%B8%82&metrics=online_retail_sales") // 市
	found = nil
	if err := json.Unmarshal(r.body, &found); err != nil || len(found) < 3 || found[0].Figures == 0 || found[len(found)-1].Figures > found[0].Figures {
		t.Errorf("市: %d %s, want the cities, those with figures first", r.status, r.body)
	}
	for _, q := range []string{"", "%25", strings.Repeat("%E5%B8%82", 21)} {
		r := get(t, app, "/api/compare/regions?q="+q)
		if q == "%25" {
			if r.status != 200 || string(r.body) != "[]" {
				t.Errorf("q=%%: %d %s, want no region (the wildcard is a character)", r.status, r.body)
			}
			continue
		}
		if r.status != 400 {
			t.Errorf("q=%.20s: %d, want 400", q, r.status)
		}
	}
}

// TestChartIDsParam: an export's ids are read once, trimmed, bounded and
// each given once.
func TestChartIDsParam(t *testing.T) {
	if ids, err := parseChartIDs("a, b ,c"); err != nil || !slices.Equal(ids, []string{"a", "b", "c"}) {
		t.Errorf("a, b ,c: %v %v", ids, err)
	}
	if _, err := parseChartIDs("a,b,a "); err == nil || !strings.Contains(err.Error(), "重复") {
		t.Errorf("a repeated id: %v", err)
	}
	if _, err := parseChartIDs(strings.Repeat("a,", maxExportCharts) + "b"); err == nil {
		t.Error("too many ids accepted")
	}
}

// TestPageTableListsAtMostPageTableRows: a chart of many figures lists the
// first pageTableRows on its page and points to the CSV, which has them all.
func TestPageTableListsAtMostPageTableRows(t *testing.T) {
	app, _ := wideTestApp(t)
	const st, figures = "metrics=online_retail_sales&regions=children:990000&periods=2001..2020&type=line", 40 * 20
	page := get(t, app, "/compare?"+st)
	if page.status != 200 {
		t.Fatalf("page: %d %.300s", page.status, page.body)
	}
	body := string(page.body)
	table := body[strings.Index(body, "<tbody>"):strings.Index(body, "</tbody>")]
	if rows := strings.Count(table, "<tr>"); rows != pageTableRows {
		t.Errorf("the page's table lists %d rows, want %d", rows, pageTableRows)
	}
	if !strings.Contains(body, fmt.Sprintf("另有 %d 个未列出", figures-pageTableRows)) || !strings.Contains(body, `href="/compare.csv?`+strings.ReplaceAll(st, "&", "&amp;")+`"`) {
		t.Error("the page does not say how many figures it leaves to the CSV, or does not link it")
	}
	csv := get(t, app, "/compare.csv?"+st)
	if lines := bytes.Count(csv.body, []byte("\r\n")); lines != figures+1 {
		t.Errorf("the CSV has %d lines, want %d figures and the header", lines, figures)
	}
}

// wideTestApp is the test app on the seeded database plus 40 cities under
// a test province, each with a figure of online_retail_sales for every year
// from 1991 to 2020: states of every size up to and past the limits.
func wideTestApp(t *testing.T) (*fiber.App, *Handler) {
	t.Helper()
	app, h := newTestApp(t)
	province := "990000"
	regions := []models.Region{{Code: province, NameZH: "测试省", Level: models.LevelProvince}}
	var obs []models.Observation
	for i := range 40 {
		code := fmt.Sprintf("99%02d00", i+1)
		regions = append(regions, models.Region{Code: code, NameZH: fmt.Sprintf("测试%d市", i+1), Level: models.LevelCity, ParentCode: &province})
		for y := 1991; y <= 2020; y++ {
			obs = append(obs, models.Observation{RegionCode: code, MetricCode: "online_retail_sales", Period: fmt.Sprint(y),
				Value: float64(y - 1990), Qualifier: models.QualifierExact, SourceID: seed.Sources[0].ID, Quote: "测试"})
		}
	}
	if err := h.db.Create(&regions).Error; err != nil {
		t.Fatal(err)
	}
	if err := h.db.CreateInBatches(&obs, 500).Error; err != nil {
		t.Fatal(err)
	}
	return app, h
}

// TestEveryOutputKeepsTheSizeLimit: a state one value over the limit is a
// 400 with the numbers and what to narrow on every output of a comparison
// (the page as the builder with the message, the embed as a friendly page,
// the rest as JSON); at the
// limit every output draws; the builder's size question says both.
func TestEveryOutputKeepsTheSizeLimit(t *testing.T) {
	app, _ := wideTestApp(t)
	// 40 cities × 25 and 26 years on a line
	under := "metrics=online_retail_sales&regions=children:990000&periods=1996..2020&type=line"
	over := "metrics=online_retail_sales&regions=children:990000&periods=1995..2020&type=line"
	outputs := []string{"/compare?", "/api/compare?", "/compare.svg?", "/compare.png?", "/compare.csv?", "/embed/compare?", "/export/compare.docx?"}
	for _, out := range outputs {
		r := get(t, app, out+over)
		page := out == "/compare?" || out == "/embed/compare?" // HTML: a friendly page
		says := string(r.body)
		if page {
			says = html.UnescapeString(says)
		}
		if r.status != 400 || !strings.Contains(says, "1040 个数值") || !strings.Contains(says, "40 个地区 × 1 个指标 × 26 个时期") || !strings.Contains(says, "请减少地区、指标或时期") {
			t.Errorf("%s over the limit: %d %.300s, want 400 naming 1040 values, the counts and what to narrow", out, r.status, r.body)
		}
		if want := map[bool]string{true: "text/html", false: "application/json"}[page]; !strings.HasPrefix(r.header["Content-Type"], want) {
			t.Errorf("%s over the limit: %s, want %s", out, r.header["Content-Type"], want)
		}
		if r := get(t, app, out+under); r.status != 200 {
			t.Errorf("%s at the limit (1000 values): %d %.300s", out, r.status, r.body)
		}
	}
	if r := get(t, app, "/compare?"+over); !strings.Contains(string(r.body), `id="compare-form"`) {
		t.Error("the page over the limit has lost the builder")
	}

	for query, want := range map[string]compareSize{
		under: {Regions: 40, Metrics: 1, Periods: 25, Values: 1000, Figures: 1000, OK: true},
		over:  {Regions: 40, Metrics: 1, Periods: 26, Values: 1040, OK: false},
	} {
		var size compareSize // fresh for each answer: an answer leaves out the problem it does not have
		r := get(t, app, "/api/compare/size?"+query)
		if err := json.Unmarshal(r.body, &size); r.status != 200 || err != nil {
			t.Fatalf("size of %s: %d %s", query, r.status, r.body)
		}
		if size.Regions != want.Regions || size.Periods != want.Periods || size.Values != want.Values || size.Figures != want.Figures ||
			size.OK != want.OK || size.MaxValues != 1000 || (size.Problem != "") == want.OK || !strings.Contains(size.Summary, fmt.Sprintf("将画 %d 个数值", want.Values)) {
			t.Errorf("size of %s: %+v, want %+v with the summary and, over, the problem", query, size, want)
		}
	}
	if r := get(t, app, "/api/compare/size?metrics=online_retail_sales&regions=999999"); r.status != 400 || !bytes.Contains(r.body, []byte("999999")) {
		t.Errorf("size of an unknown region: %d %s, want 400 naming it", r.status, r.body)
	}
}

// TestASavedChartThatOutgrewTheLimitStaysBounded: a chart saved when it was
// small and grown past the limit by later imports is drawn as its problem
// everywhere it appears (its page, the ZIP, the report), small and never a
// 500, so one chart cannot take a dashboard or an export down.
func TestASavedChartThatOutgrewTheLimitStaysBounded(t *testing.T) {
	app, h := wideTestApp(t)
	grown := models.Chart{ID: "grown", Title: "四十个城市", State: "metrics=online_retail_sales&regions=children:990000&periods=all&type=line"}
	if _, err := models.Charts.Create(h.db, "test", grown); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/charts/grown", "/api/charts/grown", "/charts/grown.png", "/export/charts.zip?ids=grown", "/export/charts.docx?ids=grown"} {
		r := get(t, app, path)
		if r.status != 200 || len(r.body) > 2<<20 {
			t.Errorf("%s: %d, %d bytes; want 200 with the problem drawn, small", path, r.status, len(r.body))
		}
		if strings.HasPrefix(r.header["Content-Type"], "text/html") || strings.HasPrefix(r.header["Content-Type"], "application/json") {
			if !strings.Contains(html.UnescapeString(string(r.body)), "1200 个数值") {
				t.Errorf("%s does not say why the chart is not drawn: %.300s", path, r.body)
			}
		}
	}
}

// TestCompareStartsFromARegionOrAMetric: an address that names only the
// regions (a profile's link to the builder) or only the metrics is a
// builder to start from: 200, the pickers filled, a prompt for what is
// missing, not a refusal.
func TestCompareStartsFromARegionOrAMetric(t *testing.T) {
	app, _ := newTestApp(t)
	for path, prompt := range map[string]string{
		"/compare?regions=330800":                     "请在上面选择要对比的指标",
		"/compare?metrics=online_retail_sales":        "请在上面选择要对比的地区",
		"/compare?regions=330800&type=line&sort=desc": "请在上面选择要对比的指标",
	} {
		r := get(t, app, path)
		body := string(r.body)
		if r.status != 200 || !strings.Contains(body, prompt) || strings.Contains(body, "无法绘制这张图") || !strings.Contains(body, `id="compare-form"`) {
			t.Errorf("%s: %d, prompt %v, refusal %v; want 200 with the builder and %q", path, r.status, strings.Contains(body, prompt), strings.Contains(body, "无法绘制这张图"), prompt)
		}
	}
	if r := get(t, app, "/compare?metrics=nope&regions=330800"); r.status != 400 {
		t.Errorf("an unknown metric: %d, want 400", r.status)
	}
}

// TestCompareOffersHighlightAndReferenceLine: a drawn comparison offers
// 突出显示 (its regions by name) and 参考线 (its figures by name and value)
// as lists whose values are the state's, the current ones selected, so no
// code is typed to highlight a region or draw a reference line.
func TestCompareOffersHighlightAndReferenceLine(t *testing.T) {
	app, _ := newTestApp(t)
	r := get(t, app, "/compare?metrics=online_retail_sales&regions=330800,330000,330700&periods=2012&focus=330800")
	body := string(r.body)
	for _, want := range []string{
		`<select id="d-focus" name="focus">`, `<option value="330800" selected>衢州市</option>`, `<option value="330700">金华市</option>`,
		`<select id="d-ref" name="ref">`, `<option value="330000:online_retail_sales:2012">浙江省 · 网络零售额 · 2012年 · 2027亿元</option>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the builder lacks %q", want)
		}
	}
	if strings.Contains(body, `type="hidden" name="focus"`) {
		t.Error("focus is still a hidden field beside its list")
	}
}
