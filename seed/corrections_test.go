package seed

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ecomdash/models"
)

// find returns the seed observation of region, metric and period.
func find(t *testing.T, region, metric, period string) models.Observation {
	t.Helper()
	for _, o := range Observations {
		if o.RegionCode == region && o.MetricCode == metric && o.Period == period {
			return o
		}
	}
	t.Fatalf("no seed figure %s/%s/%s", region, metric, period)
	return models.Observation{}
}

func TestDerivedFiguresAreNeverExact(t *testing.T) {
	for _, o := range Observations {
		if o.Derived && o.Qualifier == models.QualifierExact {
			t.Errorf("%s: a derived value marked 确数", obsName(o))
		}
	}
	sales := find(t, RegionJiading, "ecommerce_sales_above_quota", "2019")
	if !strings.Contains(sales.Derivation, "2062.5—2064.2") {
		t.Errorf("Jiading 2019 sales: the derivation does not give the range the rounding leaves: %q", sales.Derivation)
	}
}

// qualifierWords are the words by which a document says how it states a
// figure, for each qualifier but exact and range.
var qualifierWords = map[string][]string{
	models.QualifierMoreThan:   {"超过", "以上", "逾"},
	models.QualifierApprox:     {"近", "约", "左右"},
	models.QualifierAtLeast:    {"多", "余"},
	models.QualifierNoLessThan: {"不少于", "至少"},
	models.QualifierAtMost:     {"前", "以内", "不超过"},
}

// TestQualifiersAreInTheText: a figure's qualifier is how its document
// states it, so a qualifier's word is in the figure as stated or in its
// sentence (不少于1个乡镇、2个村: 不少于 is said once for both), and a
// range gives both its ends. A rough figure the text states without such a
// word (the fraction 1/5; the 万 of 万名青年网商培育工程) is stated as is:
// its roughness goes in its note, never in a qualifier the text lacks.
func TestQualifiersAreInTheText(t *testing.T) {
	for _, o := range Observations {
		if o.Derived {
			continue
		}
		switch words, ok := qualifierWords[o.Qualifier]; {
		case ok:
			found := false
			for _, w := range words {
				found = found || strings.Contains(o.Stated, w) || strings.Contains(o.Quote, w)
			}
			if !found {
				t.Errorf("%s: %s (%s), but neither %q nor its sentence says %s", obsName(o), o.Qualifier, o.QualifierLabel(), o.Stated, strings.Join(words, "/"))
			}
		case o.Qualifier == models.QualifierRange:
			if o.ValueMax == nil || *o.ValueMax <= o.Value {
				t.Errorf("%s: a range without its high end", obsName(o))
			}
		}
	}
	for _, c := range []struct{ region, metric, period string }{
		{RegionNation, "express_supported_online_retail_share", "2020-04"}, // 1/5
		{"331100", "target_young_online_merchants", "2013-06"},             // 万名
	} {
		if o := find(t, c.region, c.metric, c.period); o.Qualifier != models.QualifierExact {
			t.Errorf("%s (%q) is %s, a word its sentence does not say", obsName(o), o.Stated, o.QualifierLabel())
		}
	}
}

func TestInconsistentStatementsAreBothRecorded(t *testing.T) {
	o := find(t, RegionNation, "shopping_festival_participants", "2020-04")
	doc := cleanedDocument(t, "cnr-express-2020")
	if o.Stated != "达109家" || o.AltStated != "超过109家" {
		t.Errorf("109家: stated %q, other statement %q; want 达109家 and 超过109家", o.Stated, o.AltStated)
	}
	for _, q := range []string{o.Quote, o.AltQuote} {
		if !strings.Contains(doc, q) {
			t.Errorf("quote %q is not in the document", q)
		}
	}
	if !strings.Contains(o.AltQuote, o.AltStated) || !strings.Contains(o.Note, "不一") {
		t.Errorf("the other statement is not in its quote, or the note does not say the document disagrees with itself: %+v", o)
	}
}

func TestPlatformFigureIsAboutThePlatform(t *testing.T) {
	m := metricsByCode()["alibaba_daily_transactions"]
	if m.Subject == "" || !strings.Contains(m.Subject, "阿里巴巴") {
		t.Errorf("alibaba_daily_transactions: subject %q, want the platform it is about", m.Subject)
	}
}

func TestRangeIsStoredAsARange(t *testing.T) {
	o := find(t, RegionNation, "county_taobao_pavilions", "2013-06")
	if o.Qualifier != models.QualifierRange || o.Value != 3 || o.ValueMax == nil || *o.ValueMax != 4 {
		t.Errorf("三、四家 stored as %v..%v (%s), want the range 3..4", o.Value, o.ValueMax, o.Qualifier)
	}
}

func TestMinimumRequirementHasItsOwnQualifier(t *testing.T) {
	for _, metric := range []string{"target_pilot_townships_per_county", "target_pilot_villages_per_county"} {
		if o := find(t, RegionQuzhou, metric, "2013-06"); o.Qualifier != models.QualifierNoLessThan {
			t.Errorf("%s: qualifier %s, want no_less_than (不少于)", metric, o.Qualifier)
		}
	}
	if l := models.Qualifiers.Label(models.QualifierNoLessThan); l != "不少于" {
		t.Errorf("no_less_than reads %q", l)
	}
}

func TestTargetsAreMarkedAsTargets(t *testing.T) {
	for _, m := range Metrics {
		isTargetName := strings.HasPrefix(m.Code, "target_")
		if isTargetName != (m.Kind == models.MetricTarget) {
			t.Errorf("%s: kind %q", m.Code, m.Kind)
		}
	}
}

func TestSuppliedTitleIsMarked(t *testing.T) {
	for _, s := range Sources {
		if s.ID == "cnr-express-2020" && (!s.TitleSupplied || !strings.HasPrefix(s.DisplayTitle(), models.SuppliedTitleMark)) {
			t.Errorf("cnr-express-2020's title is supplied by us, but shown as %q", s.DisplayTitle())
		}
		if s.ID != "cnr-express-2020" && s.TitleSupplied {
			t.Errorf("%s: marked as a supplied title", s.ID)
		}
	}
}

var internalCode = regexp.MustCompile(`[a-z]+_[a-z0-9_]+`)

func TestDefinitionsDescribeTheMetricOnly(t *testing.T) {
	for _, m := range Metrics {
		if c := internalCode.FindString(m.Definition); c != "" {
			t.Errorf("%s: the definition names the code %q", m.Code, c)
		}
		for _, w := range []string{"原文", "写作", "讲话中", "文中"} {
			if strings.Contains(m.Definition, w) {
				t.Errorf("%s: the definition speaks of one document (%q): %s", m.Code, w, m.Definition)
			}
		}
	}
}

func TestOneStatisticOneMetric(t *testing.T) {
	codes := metricsByCode()
	for _, gone := range []string{"alibaba_registered_firms_10k", "farmer_mailbox_trade_yi"} {
		if _, ok := codes[gone]; ok {
			t.Errorf("%s still splits a statistic by unit", gone)
		}
	}
	if o := find(t, RegionZhejiang, "alibaba_registered_firms", "2012"); o.Value != 478000 || o.Stated != "47.8万家" {
		t.Errorf("Zhejiang's Alibaba firms: %v stated %q", o.Value, o.Stated)
	}
	if o := find(t, RegionZhejiang, "farmer_mailbox_trade", "2012"); o.Value != 200000 || o.Stated != "20亿元" {
		t.Errorf("Zhejiang's Farmer Mailbox trade: %v stated %q", o.Value, o.Stated)
	}
}

// TestPeriodsFollowOneRule checks the dating rule (README, "How figures are
// dated"): a figure the sentence dates takes that date; an undated one
// stated beside dated figures takes theirs; an undated present-tense one
// takes the month the document was spoken or published.
func TestPeriodsFollowOneRule(t *testing.T) {
	for _, c := range []struct{ region, metric, period string }{
		{RegionBeijing, "cross_border_ecommerce_parks", "2020-09"},
		{RegionBeijing, "overseas_warehouses", "2020-09"},
		{RegionBeijing, "service_opening_pilot_tasks", "2020-09"},
		{RegionNation, "ciftis_participating_countries", "2020-09"},
		{RegionQuzhou, "farmer_mailbox_users", "2013-06"},
		{RegionQuzhou, "taobao_shops", "2013-06"},
		{RegionQuzhou, "target_pilot_townships_per_county", "2013-06"},
		{RegionQuzhou, "share_of_province_area", "2012"}, // beside 2012's 0.61%
	} {
		find(t, c.region, c.metric, c.period)
	}
	for _, o := range Observations {
		if o.SourceID == "beijing-interview-2020" && o.Period == "2020" {
			t.Errorf("%s: a running total of the interview dated the whole year", obsName(o))
		}
	}
}

func TestNamesUseTheDocumentsWords(t *testing.T) {
	m := metricsByCode()
	for code, want := range map[string]string{
		"express_daily_parcels":    "每天快递量",
		"ciie_exhibitors_arranged": "企业",
		"county_taobao_pavilions":  "淘宝馆",
	} {
		if !strings.Contains(m[code].NameZH, want) {
			t.Errorf("%s is named %q, want the document's %q", code, m[code].NameZH, want)
		}
	}
	if strings.Contains(m["ciie_exhibitors_arranged"].NameZH, "跨境电商企业") || strings.Contains(m["county_taobao_pavilions"].Definition, "特色中国") {
		t.Error("a name says more than the text")
	}
}

func TestPartialPublicationDatesAreValid(t *testing.T) {
	for _, s := range Sources {
		if _, err := models.ParsePeriod(s.PublishedOn); err != nil || strings.Contains(s.PublishedOn, "Q") {
			t.Errorf("%s: published_on %q is not YYYY, YYYY-MM or YYYY-MM-DD", s.ID, s.PublishedOn)
		}
	}
}

// cleanedDocument reads the cleaned text of a source's document.
func cleanedDocument(t *testing.T, sourceID string) string {
	t.Helper()
	for _, s := range Sources {
		if s.ID == sourceID {
			b, err := os.ReadFile(filepath.Join("documents", s.FileName))
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no source %s", sourceID)
	return ""
}

// TestRatesSayTheirTimeBase: a figure per day is a different unit from a
// total over its period, so its unit says so (亿件/天), and the express
// chart says 每天 as its document does, never 日均 (a daily average, which
// the document does not speak of).
func TestRatesSayTheirTimeBase(t *testing.T) {
	m := metricsByCode()
	for code, unit := range map[string]string{"express_daily_parcels": "亿件/天", "alibaba_daily_transactions": "万次/天", "rural_express_parcels": "亿件"} {
		if m[code].Unit != unit {
			t.Errorf("%s: unit %q, want %q", code, m[code].Unit, unit)
		}
	}
	doc := cleanedDocument(t, "cnr-express-2020")
	c := chartByID(t, "express-parcels-2020")
	if !strings.Contains(c.Lead, "每天") || strings.Contains(c.Lead+c.Reading, "日均") || strings.Contains(doc, "日均") {
		t.Errorf("express chart: lead %q, reading %q; want the document's 每天", c.Lead, c.Reading)
	}
}
