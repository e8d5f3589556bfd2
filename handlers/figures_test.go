package handlers

import (
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ecomdash/models"
	"ecomdash/seed"
)

// qualifierWords are the words that say how a document stated a figure, for
// each qualifier but exact: a place that prints a figure shows the words of
// its qualifier and none of another's. Longer words come first, so that
// 不超过 is taken for at_most before 超过 could be taken for more_than.
var qualifierWords = []struct {
	qualifier string
	words     []string
}{
	{models.QualifierAtMost, []string{"不超过", "以内", "前"}},
	{models.QualifierNoLessThan, []string{"不少于", "至少"}},
	{models.QualifierMoreThan, []string{"超过", "以上"}},
	{models.QualifierApprox, []string{"左右", "近", "约"}},
	{models.QualifierAtLeast, []string{"多", "余"}},
	{models.QualifierRange, []string{"～"}},
}

// reFractionGloss is the conversion that follows a share the document
// gave as a fraction (1/5（约20%）): ours, marked 约 because the fraction is
// the speaker's round figure, not a qualifier the document states.
var reFractionGloss = regexp.MustCompile(`^(\d+/\d+)（约[^）]*）$`)

// reUnscaled is a value of five digits or more before its unit: 478000家,
// 200000万元, which officials write 47.8万家 and 20亿元.
var reUnscaled = regexp.MustCompile(`\d{5,}`)

// figureProblem says what is wrong with text, the way one place prints
// figure o, or returns "": it must show o's qualifier by its word and no
// other qualifier's word, say 推算 exactly when o is derived, and write a
// count or an amount in 万/亿 rather than in five digits or more.
func figureProblem(o models.Observation, text string) string {
	if text == "" {
		return "nothing printed"
	}
	t := reFractionGloss.ReplaceAllString(text, "$1")
	if strings.Contains(t, "推算") != o.Derived {
		return "推算 said wrongly (derived: " + boolWord(o.Derived) + ")"
	}
	for _, q := range qualifierWords {
		if q.qualifier != o.Qualifier {
			continue
		}
		found := false
		for _, w := range q.words {
			found = found || strings.Contains(t, w)
			t = strings.ReplaceAll(t, w, "")
		}
		if !found {
			return "lacks its qualifier " + o.QualifierLabel() + " (" + strings.Join(q.words, "/") + ")"
		}
	}
	for _, q := range qualifierWords {
		for _, w := range q.words {
			if strings.Contains(t, w) {
				return "says " + w + " (" + models.Qualifiers.Label(q.qualifier) + "), which the document does not: the figure is " + o.QualifierLabel()
			}
		}
	}
	if unit := o.Metric.Unit; unit != "%" && unit != "位" && reUnscaled.MatchString(t) {
		return "a value in five digits or more, not in 万/亿"
	}
	return ""
}

func boolWord(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// svgTexts are the texts of an SVG's <text> elements.
func svgTexts(svg string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<text[^>]*>(.*?)</text>`).FindAllStringSubmatch(svg, -1) {
		inner := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[1], "")
		out = append(out, html.UnescapeString(inner))
	}
	return out
}

// tableValue is the 数值 cell of the figures-table row of o on a page
// (the row naming o's metric and period), or "" when there is none.
func tableValue(page string, o models.Observation) string {
	name := html.EscapeString(o.Metric.NameZH)
	period := `<td class="nowrap">` + html.EscapeString(models.PeriodLabel(o.Period)) + `</td>`
	region := `<a href="/regions/` + o.RegionCode + `">`
	for _, row := range strings.Split(page, "<tr>")[1:] {
		row, _, _ = strings.Cut(row, "</tr>")
		if !strings.Contains(row, region) || !strings.Contains(row, period) ||
			!(strings.Contains(row, "<td>"+name+" ") || strings.Contains(row, "<td>"+name+"<")) {
			continue
		}
		if m := regexp.MustCompile(`(?s)<td class="num">(.*?)</td>`).FindStringSubmatch(row); m != nil {
			return html.UnescapeString(strings.TrimSpace(m[1]))
		}
	}
	return ""
}

// card is a headline card: its label, value and the lines under it.
type card struct{ label, value, meta string }

// cardsOf lists a page's headline cards.
func cardsOf(page string) []card {
	var out []card
	re := regexp.MustCompile(`(?s)^\s*<div class="label">(.*?)</div>\s*<div class="value">(.*?)</div>(.*)$`)
	for _, part := range strings.Split(page, `<div class="kpi">`)[1:] {
		depth, end := 1, len(part) // the card ends where its <div> closes
		for i := 0; i < len(part) && depth > 0; i++ {
			switch {
			case strings.HasPrefix(part[i:], "<div"):
				depth++
			case strings.HasPrefix(part[i:], "</div>"):
				if depth--; depth == 0 {
					end = i
				}
			}
		}
		m := re.FindStringSubmatch(part[:end])
		if m == nil {
			continue
		}
		meta := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[3], " · ")
		out = append(out, card{html.UnescapeString(m[1]), html.UnescapeString(strings.TrimSpace(m[2])), html.UnescapeString(meta)})
	}
	return out
}

// docxTableRows are the rows of the tables in a report's document.xml,
// each the texts of its cells.
func docxTableRows(doc string) [][]string {
	var rows [][]string
	for _, tr := range regexp.MustCompile(`(?s)<w:tr>(.*?)</w:tr>`).FindAllStringSubmatch(doc, -1) {
		var cells []string
		for _, tc := range regexp.MustCompile(`(?s)<w:tc>(.*?)</w:tc>`).FindAllStringSubmatch(tr[1], -1) {
			var text strings.Builder
			for _, t := range regexp.MustCompile(`(?s)<w:t(?:\s[^>]*)?>(.*?)</w:t>`).FindAllStringSubmatch(tc[1], -1) {
				text.WriteString(html.UnescapeString(t[1]))
			}
			cells = append(cells, text.String())
		}
		rows = append(rows, cells)
	}
	return rows
}

// TestEveryFigureReadsAsItsDocumentStatesIt walks every figure of the seed
// through every place that prints it, and checks each shows the qualifier
// the figure has and no qualifier it lacks (figureProblem): on the page of a
// comparison of that one figure, the chart's value label and tooltip in its
// option, the text of its first paint (the server's renderer, SVG) and its
// table cell; the option of its embed; the table of its Word report
// (document.xml); its row in its region's tables; and the headline cards
// of its region's profile and of the dashboards that show it. A figure about
// a platform (Metric.Subject) is never drawn in a comparison: its tables
// and cards are checked.
func TestEveryFigureReadsAsItsDocumentStatesIt(t *testing.T) {
	app, h := newTestApp(t)           // the real renderer: the pages' first paints
	_, _, fake := withFakeRenderer(t) // reports and embeds, whose images are not read here
	all, err := models.FindObservations(h.db, models.ObservationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 90 {
		t.Fatalf("%d figures in the seed", len(all))
	}
	check := func(o models.Observation, place, text string) {
		t.Helper()
		if p := figureProblem(o, text); p != "" {
			t.Errorf("%s/%s/%s (%q, %s) in %s: %q %s", o.RegionCode, o.MetricCode, o.Period, o.Stated, o.Qualifier, place, text, p)
		}
	}
	regions := map[string]string{} // region code → its profile page
	for _, o := range all {
		if _, ok := regions[o.RegionCode]; !ok {
			r := get(t, app, "/regions/"+o.RegionCode)
			if r.status != 200 {
				t.Fatalf("/regions/%s: %d", o.RegionCode, r.status)
			}
			regions[o.RegionCode] = string(r.body)
		}
		check(o, "its region's table", tableValue(regions[o.RegionCode], o))

		state := url.Values{"metrics": {o.MetricCode}, "regions": {o.RegionCode}, "periods": {o.Period}}.Encode()
		page := get(t, app, "/compare?"+state)
		if o.Metric.Subject != "" {
			if page.status != 400 {
				t.Errorf("%s: a figure about %s drawn in a comparison: %d", o.MetricCode, o.Metric.Subject, page.status)
			}
			continue
		}
		if page.status != 200 {
			t.Errorf("/compare?%s: %d", state, page.status)
			continue
		}
		body := string(page.body)
		item := firstItem(t, embeddedOption(t, page.body))
		label, _ := item["label"].(map[string]any)["formatter"].(string)
		shown, _ := item["shown"].(string)
		check(o, "the chart's value label", label)
		check(o, "the tooltip (shown)", shown)
		check(o, "the comparison's table", tableValue(body, o))
		_, paint, painted := strings.Cut(body, `<div class="ssr-wide">`)
		wide, _, ok := strings.Cut(paint, `<div class="ssr-narrow">`)
		if !painted || !ok {
			t.Errorf("/compare?%s: no first paint", state)
		} else {
			texts := svgTexts(wide)
			var drawn []string // the label as the image writes it, line by line
			for _, line := range strings.Split(label, "\n") {
				if slices.Contains(texts, line) {
					drawn = append(drawn, line)
				} else {
					t.Errorf("%s/%s/%s: the image does not write the label line %q: its texts %q", o.RegionCode, o.MetricCode, o.Period, line, texts)
				}
			}
			check(o, "the image (its SVG text)", strings.Join(drawn, "\n"))
		}

		embed := fake("/embed/compare?" + state)
		if embed.status != 200 {
			t.Errorf("/embed/compare?%s: %d", state, embed.status)
		} else {
			e := firstItem(t, embeddedOption(t, embed.body))
			l, _ := e["label"].(map[string]any)["formatter"].(string)
			check(o, "the embed's value label", l)
		}
		report := fake("/export/compare.docx?" + state)
		if report.status != 200 {
			t.Errorf("/export/compare.docx?%s: %d", state, report.status)
			continue
		}
		rows := docxTableRows(string(docxParts(t, report.body)["word/document.xml"]))
		found := false
		for _, cells := range rows {
			if len(cells) == 5 && cells[0] == o.Region.NameZH && cells[2] == models.PeriodLabel(o.Period) {
				found = true
				check(o, "the report's table", cells[3])
			}
		}
		if !found {
			t.Errorf("%s/%s/%s: not in its report's table: %q", o.RegionCode, o.MetricCode, o.Period, rows)
		}
	}

	// headline cards: each region's, and each dashboard's
	figure := func(region, label, meta string) (models.Observation, bool) {
		for _, o := range all {
			if (o.RegionCode == region || region == "") && (label == o.Metric.NameZH || label == o.Region.NameZH+o.Metric.NameZH) &&
				slices.ContainsFunc(strings.Split(meta, "·"), func(part string) bool { return strings.TrimSpace(part) == models.PeriodLabel(o.Period) }) {
				return o, true
			}
		}
		return models.Observation{}, false
	}
	cards := 0
	checkCards := func(page, region, where string) {
		for _, c := range cardsOf(page) {
			if c.value == "暂无数据" {
				continue
			}
			o, ok := figure(region, c.label, c.meta)
			if !ok {
				t.Errorf("%s: a card %q (%s) names no figure", where, c.label, c.meta)
				continue
			}
			cards++
			check(o, where+"'s headline card", c.value)
			if _, unit, ok := strings.Cut(c.meta, "单位："); ok {
				unit = strings.TrimSpace(strings.Split(unit, "·")[0])
				if !strings.HasSuffix(c.value, unit) {
					t.Errorf("%s: the card %s reads %q but says 单位：%s", where, c.label, c.value, unit)
				}
			}
		}
	}
	for code, page := range regions {
		checkCards(page, code, "/regions/"+code)
	}
	for _, d := range seed.Dashboards {
		path := "/dashboards/" + d.ID
		r := get(t, app, path)
		if r.status != 200 {
			t.Errorf("%s: %d", path, r.status)
			continue
		}
		checkCards(string(r.body), "", path)
	}
	if cards < 20 {
		t.Errorf("%d headline cards checked", cards)
	}
}

// firstItem is the first data item of an option's first series.
func firstItem(t *testing.T, opt map[string]any) map[string]any {
	t.Helper()
	series, _ := opt["series"].([]any)
	if len(series) == 0 {
		t.Fatal("an option with no series")
	}
	data, _ := series[0].(map[string]any)["data"].([]any)
	if len(data) == 0 {
		t.Fatal("a series with no data")
	}
	return data[0].(map[string]any)
}
