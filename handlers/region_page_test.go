package handlers

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ecomdash/models"
)

var (
	stripTopicRe = regexp.MustCompile(`(?s)^\s*<h3>(.*?)</h3>(.*)$`)
	cardLabelRe  = regexp.MustCompile(`<div class="label">(.*?)</div>`)
	cardSourceRe = regexp.MustCompile(`<a href="/sources/([^"]+)" aria-label="[^"]*">来源(\d+)</a>`)
	stripListRe  = regexp.MustCompile(`<li id="source-(\d+)"><a href="/sources/([^"]+)">`)
	foldRe       = regexp.MustCompile(`(?s)<details class="fold"( open)?>\s*<summary><span class="fold-title">(.*?)</span> <span class="muted small">(\d+) 项指标，(\d+) 个数字</span></summary>(.*?)</details>`)
)

// regionFigures are region's figures in the database, by metric name.
func regionFigures(t *testing.T, h *Handler, region string) map[string][]models.Observation {
	t.Helper()
	obs, err := models.FindObservations(h.db, models.ObservationFilter{RegionCodes: []string{region}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]models.Observation{}
	for _, o := range obs {
		out[o.Metric.NameZH] = append(out[o.Metric.NameZH], o)
	}
	return out
}

// TestProfileStripIsGroupedByTopic: a profile's headline figures stand in
// a strip of topics in models.Topics order, each topic once, each card
// under its metric's topic (models.Topic), one card for each of the
// region's own metrics.
func TestProfileStripIsGroupedByTopic(t *testing.T) {
	app, h := newTestApp(t)
	for _, code := range []string{"330800", "100000", "330700"} {
		page := string(get(t, app, "/regions/"+code).body)
		strip := section(t, page, "headline-heading")
		figures := regionFigures(t, h, code)
		own := 0
		for _, obs := range figures {
			if obs[0].Metric.Subject == "" {
				own++
			}
		}
		last, cards := -1, 0
		cardsPart, _, _ := strings.Cut(strip, `<ol class="strip-sources`)
		for _, part := range strings.Split(cardsPart, `<div class="strip-topic">`)[1:] {
			m := stripTopicRe.FindStringSubmatch(part)
			if m == nil {
				t.Errorf("/regions/%s: a topic of the strip without its heading", code)
				continue
			}
			topic := m[1]
			i := slices.Index(models.Topics, topic)
			if i <= last {
				t.Errorf("/regions/%s: topic %q (%d) after topic %d: not in models.Topics order, or twice", code, topic, i, last)
			}
			last = i
			for _, l := range cardLabelRe.FindAllStringSubmatch(m[2], -1) {
				cards++
				name := html.UnescapeString(l[1])
				obs, ok := figures[name]
				if !ok {
					t.Errorf("/regions/%s: a card %q names none of the region's metrics", code, name)
					continue
				}
				if got := models.Topic(obs[0].Metric); got != topic {
					t.Errorf("/regions/%s: %s (topic %s) under %s", code, name, got, topic)
				}
			}
		}
		if last < 0 || cards != own {
			t.Errorf("/regions/%s: %d cards in the strip's topics, want %d (one per metric of its own)", code, cards, own)
		}
	}
}

// TestProfileStripNamesEachSourceOnce: the strip names each document of
// its figures once, in a numbered list under the cards; each card points
// to its own document by that number, and the list numbers documents in
// the order the cards first cite them.
func TestProfileStripNamesEachSourceOnce(t *testing.T) {
	app, h := newTestApp(t)
	for _, code := range []string{"330800", "100000", "310114"} {
		page := string(get(t, app, "/regions/"+code).body)
		strip := section(t, page, "headline-heading")
		figures := regionFigures(t, h, code)
		listed := map[string]string{} // number → source id
		var order []string
		for _, m := range stripListRe.FindAllStringSubmatch(strip, -1) {
			listed[m[1]] = m[2]
			order = append(order, m[2])
		}
		if len(listed) == 0 {
			t.Fatalf("/regions/%s: no list of sources under the strip", code)
		}
		for i, id := range order {
			if listed[strconv.Itoa(i+1)] != id {
				t.Errorf("/regions/%s: source %s is not numbered %d", code, id, i+1)
			}
		}
		var cited []string
		for _, c := range cardSourceRe.FindAllStringSubmatch(strip, -1) {
			if listed[c[2]] != c[1] {
				t.Errorf("/regions/%s: a card points to %s as 来源%s, which the list gives to %q", code, c[1], c[2], listed[c[2]])
			}
			if !slices.Contains(cited, c[1]) {
				cited = append(cited, c[1])
			}
		}
		if !slices.Equal(cited, order) {
			t.Errorf("/regions/%s: cards cite %v, the list numbers %v", code, cited, order)
		}
		seen := map[string]bool{}
		for _, obs := range figures {
			for _, o := range obs {
				if seen[o.SourceID] || !slices.Contains(order, o.SourceID) {
					continue
				}
				seen[o.SourceID] = true
				if n := strings.Count(html.UnescapeString(strip), o.Source.DisplayTitle()); n != 1 {
					t.Errorf("/regions/%s: the strip names %q %d times, want once", code, o.Source.DisplayTitle(), n)
				}
			}
		}
		if n := strings.Count(strip, `class="kpi"`); n > 0 && len(cited) == 0 {
			t.Errorf("/regions/%s: %d cards and none points to a source", code, n)
		}
	}
}

// TestProfileTablesAreFoldedByTopic: a profile's tables come after its
// charts, folded by topic (closed <details>, in models.Topics order) with
// the count of metrics and figures in each summary; every table is in a
// fold, every figure of the region is in the page, and the fold's metrics
// are of its topic.
func TestProfileTablesAreFoldedByTopic(t *testing.T) {
	app, h := newTestApp(t)
	for _, code := range []string{"330800", "100000"} {
		page := string(get(t, app, "/regions/"+code).body)
		figures := regionFigures(t, h, code)
		tables := section(t, page, "tables-heading")
		if i, j := strings.Index(page, "tables-heading"), strings.LastIndex(page, "data-chart="); i < j {
			t.Errorf("/regions/%s: a chart after the tables", code)
		}
		if strings.Count(page, "<table") != strings.Count(tables, "<table") {
			t.Errorf("/regions/%s: a table outside the folded tables", code)
		}
		last, metrics, n := -1, 0, 0
		for _, m := range foldRe.FindAllStringSubmatch(tables, -1) {
			if m[1] != "" {
				t.Errorf("/regions/%s: the fold %s is open", code, m[2])
			}
			i := slices.Index(models.Topics, m[2])
			if i <= last {
				t.Errorf("/regions/%s: fold %q out of models.Topics order", code, m[2])
			}
			last = i
			names := regexp.MustCompile(`<h3>(.*?)</h3>`).FindAllStringSubmatch(m[5], -1)
			figs := 0
			for _, nm := range names {
				obs := figures[html.UnescapeString(nm[1])]
				figs += len(obs)
				if len(obs) == 0 || models.Topic(obs[0].Metric) != m[2] {
					t.Errorf("/regions/%s: table of %q folded under %s", code, nm[1], m[2])
				}
			}
			if strconv.Itoa(len(names)) != m[3] || strconv.Itoa(figs) != m[4] || strings.Count(m[5], "<table") != len(names) {
				t.Errorf("/regions/%s: fold %s says %s metrics, %s figures; holds %d tables of %d figures", code, m[2], m[3], m[4], len(names), figs)
			}
			metrics += len(names)
			n += strings.Count(m[5], "<tr>") - len(names) // less each table's header row
		}
		total := 0
		for _, obs := range figures {
			total += len(obs)
		}
		if metrics != len(figures) || n != total {
			t.Errorf("/regions/%s: folds hold %d metrics and %d rows, want %d and %d", code, metrics, n, len(figures), total)
		}
	}
}

// TestEmptyRegionOffersParentChildrenAndBuilder: a region without figures
// says so and offers its parent, its children (those with figures marked)
// and the comparison builder with the region chosen; it has no strip,
// chart or table.
func TestEmptyRegionOffersParentChildrenAndBuilder(t *testing.T) {
	app, _ := newTestApp(t)
	r := get(t, app, "/regions/310000") // 上海市: no figures of its own; 嘉定区 has
	page := string(r.body)
	if r.status != 200 {
		t.Fatalf("%d", r.status)
	}
	for _, want := range []string{"文件中没有上海市的统计数字", `上级地区：<a href="/regions/100000">全国</a>`,
		`<a href="/regions/310114">嘉定区</a> <span class="tag" title="有统计数字">有数字</span>`, `<a href="/compare?regions=310000">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page of a region without figures lacks %q", want)
		}
	}
	for _, not := range []string{"headline-heading", "data-chart=", "<table", `<details class="fold"`} {
		if strings.Contains(page, not) {
			t.Errorf("the page of a region without figures has %q", not)
		}
	}
}
