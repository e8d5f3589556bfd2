package seed

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"ecomdash/models"
	"ecomdash/models/dbtest"

	"gorm.io/gorm"
)

// openDB opens the fresh database at databaseURL.
func openDB(t *testing.T, databaseURL string) *gorm.DB {
	t.Helper()
	return dbtest.Open(t, databaseURL)
}

func counts(t *testing.T, db *gorm.DB) models.Counts {
	t.Helper()
	c, err := models.CountAll(db)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func version(t *testing.T, db *gorm.DB) int64 {
	t.Helper()
	v, err := models.CurrentDataVersion(db)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// (a) Run inserts everything once; a second Run and Ensure do nothing.
func TestRunIsIdempotent(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openDB(t, databaseURL)
		want := Result{Sources: len(Sources), Regions: len(Regions), Metrics: len(Metrics), Observations: len(Observations)}

		steps := []struct {
			name        string
			run         func() (Result, error)
			wantRes     Result
			wantVersion int64
		}{
			{"first run", func() (Result, error) { return Run(db) }, want, 1},
			{"second run", func() (Result, error) { return Run(db) }, Result{}, 1},
			{"ensure on seeded db", func() (Result, error) {
				rep, err := Ensure(db, Options{})
				if rep.Seeded || rep.Charts || len(rep.Revisions) > 0 {
					return rep.Added, fmt.Errorf("Ensure changed a seeded database: %+v", rep)
				}
				return rep.Added, err
			}, Result{}, 1},
		}
		for _, s := range steps {
			res, err := s.run()
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if res != s.wantRes {
				t.Errorf("%s: inserted %+v, want %+v", s.name, res, s.wantRes)
			}
			if got := counts(t, db); got != (models.Counts{Sources: want.Sources, Regions: want.Regions, Metrics: want.Metrics, Observations: want.Observations}) {
				t.Errorf("%s: table counts %+v, want %+v", s.name, got, want)
			}
			if v := version(t, db); v != s.wantVersion {
				t.Errorf("%s: data version %d, want %d", s.name, v, s.wantVersion)
			}
		}

		// The stored rows are the seed's rows.
		var o models.Observation
		if err := db.Where("region_code = ? AND metric_code = ? AND period = ?", "330800", "online_retail_sales", "2012").Take(&o).Error; err != nil {
			t.Fatal(err)
		}
		if o.Value != 12.3 || o.Stated != "12.3亿元" || o.SourceID != "quzhou-speech-2013" {
			t.Errorf("stored observation = %+v", o)
		}
	})
}

func TestEnsure(t *testing.T) {
	t.Run("empty database is seeded", func(t *testing.T) {
		dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
			db := openDB(t, databaseURL)
			rep, err := Ensure(db, Options{})
			if err != nil || !rep.Seeded {
				t.Fatalf("Ensure = %+v, %v", rep, err)
			}
			if res := rep.Added; res.Observations != len(Observations) || res.Sources != len(Sources) {
				t.Errorf("result %+v", res)
			}
			if rep.Charts || len(rep.Revisions) > 0 {
				t.Errorf("a fresh database got charts or revisions besides the seed: %+v", rep)
			}
			if done, err := models.AppliedSeedRevisions(db); err != nil || !slices.Equal(done, revisionNumbers()) {
				t.Errorf("revisions recorded %v (%v), want every one: %v", done, err, revisionNumbers())
			}
			charts, _ := models.Charts.List(db)
			dashboards, _ := models.Dashboards.List(db)
			if len(charts) != len(Charts) || len(dashboards) != len(Dashboards) {
				t.Errorf("%d charts and %d dashboards, want %d and %d", len(charts), len(dashboards), len(Charts), len(Dashboards))
			}
			if v := version(t, db); v != 1 {
				t.Errorf("data version %d, want 1", v)
			}
		})
	})
	t.Run("deleted rows are not resurrected", func(t *testing.T) {
		dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
			db := openDB(t, databaseURL)
			if _, err := Run(db); err != nil {
				t.Fatal(err)
			}
			if err := db.Where("source_id = ?", "cnr-express-2020").Delete(&models.Observation{}).Error; err != nil {
				t.Fatal(err)
			}
			before := counts(t, db)
			if rep, err := Ensure(db, Options{}); err != nil || rep.Seeded || rep.Added != (Result{}) {
				t.Fatalf("Ensure = %+v, %v", rep, err)
			}
			if after := counts(t, db); after != before {
				t.Errorf("counts changed from %+v to %+v", before, after)
			}
		})
	})
	t.Run("Run restores only what is missing", func(t *testing.T) {
		dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
			db := openDB(t, databaseURL)
			if _, err := Run(db); err != nil {
				t.Fatal(err)
			}
			res := db.Where("source_id = ?", "jiading-reply-2021").Delete(&models.Observation{})
			if res.Error != nil || res.RowsAffected == 0 {
				t.Fatalf("delete: %v (%d rows)", res.Error, res.RowsAffected)
			}
			got, err := Run(db)
			if err != nil {
				t.Fatal(err)
			}
			if want := (Result{Observations: int(res.RowsAffected)}); got != want {
				t.Errorf("Run = %+v, want %+v", got, want)
			}
			if v := version(t, db); v != 2 {
				t.Errorf("data version %d, want 2", v)
			}
		})
	})
}

// statedNumber parses the figure in a Stated string ("近300亿元", "超过1千亿元",
// "第二位", "三、四家", "1/5") into a value in the metric's unit.
var (
	reFraction = regexp.MustCompile(`(\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)`)
	reArabic   = regexp.MustCompile(`(\d+(?:\.\d+)?)(千)?`)
	reChinese  = regexp.MustCompile(`[一二三四五六七八九十两百千万]+(?:、[一二三四五六七八九十两百千万]+)*`)
)

var chineseDigits = map[rune]float64{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

func chineseNumber(s string) (float64, bool) {
	var total, cur float64
	multipliers := map[rune]float64{'十': 10, '百': 100, '千': 1000, '万': 10000}
	for _, r := range s {
		if m, ok := multipliers[r]; ok {
			if cur == 0 {
				cur = 1
			}
			total += cur * m
			cur = 0
			continue
		}
		d, ok := chineseDigits[r]
		if !ok {
			return 0, false
		}
		cur = d
	}
	return total + cur, true
}

func statedNumber(stated, unit string) (float64, error) {
	if m := reFraction.FindStringSubmatch(stated); m != nil && !strings.Contains(stated, "元/") {
		a, _ := strconv.ParseFloat(m[1], 64)
		b, _ := strconv.ParseFloat(m[2], 64)
		if b == 0 {
			return 0, fmt.Errorf("zero denominator in %q", stated)
		}
		if unit == "%" {
			return a / b * 100, nil
		}
		return a / b, nil
	}
	if m := reArabic.FindStringSubmatch(stated); m != nil {
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return 0, err
		}
		if m[2] == "千" {
			v *= 1000
		}
		return v, nil
	}
	if m := reChinese.FindString(stated); m != "" {
		parts := strings.Split(m, "、") // a range such as 三、四 is read as its upper end
		if v, ok := chineseNumber(parts[len(parts)-1]); ok {
			return v, nil
		}
	}
	return 0, fmt.Errorf("no number in %q", stated)
}

// scaleTo is the factor from the number as stated to the metric's unit:
// one statistic is stored in one unit, so 47.8万家 is 478000 家 and 20亿元
// is 200000 万元.
func scaleTo(stated, unit string) float64 {
	switch {
	case reDigitThen("万").MatchString(stated) && !strings.HasPrefix(unit, "万"):
		return 1e4
	case reDigitThen("亿").MatchString(stated) && strings.HasPrefix(unit, "万"):
		return 1e4
	}
	return 1
}

// reDigitThen matches a figure in digits followed by the multiplier m (47.8万).
func reDigitThen(m string) *regexp.Regexp { return regexp.MustCompile(`\d` + m) }

func TestStatedNumberParser(t *testing.T) {
	cases := []struct {
		stated, unit string
		want         float64
	}{
		{"12.3亿元", "亿元", 12.3},
		{"近300亿元", "亿元", 300},
		{"超过1千亿元", "亿元", 1000},
		{"6000多家", "家", 6000},
		{"47.8万家", "万家", 47.8},
		{"第2位", "位", 2},
		{"第二位", "位", 2},
		{"三、四家", "家", 4},
		{"两个", "个", 2},
		{"十届", "届", 10},
		{"二十五项", "项", 25},
		{"1/5", "%", 20},
		{"1200元/月", "元/月", 1200},
	}
	for _, c := range cases {
		got, err := statedNumber(c.stated, c.unit)
		if err != nil || math.Abs(got-c.want) > 1e-9 {
			t.Errorf("statedNumber(%q) = %v, %v; want %v", c.stated, got, err, c.want)
		}
	}
}

func metricsByCode() map[string]models.Metric {
	m := make(map[string]models.Metric, len(Metrics))
	for _, x := range Metrics {
		m[x.Code] = x
	}
	return m
}

func sourcesByID() map[string]models.Source {
	m := make(map[string]models.Source, len(Sources))
	for _, x := range Sources {
		m[x.ID] = x
	}
	return m
}

func obsName(o models.Observation) string {
	return o.RegionCode + "/" + o.MetricCode + "/" + o.Period + "/" + o.SourceID
}

// (b) Stated figures are in their quotes and parse to the stored value.
func TestStatedMatchesValue(t *testing.T) {
	metrics := metricsByCode()
	for _, o := range Observations {
		if o.Derived {
			continue
		}
		name := obsName(o)
		if o.Stated == "" {
			t.Errorf("%s: empty Stated", name)
			continue
		}
		if !strings.Contains(o.Quote, o.Stated) {
			t.Errorf("%s: Stated %q not in Quote %q", name, o.Stated, o.Quote)
		}
		unit := metrics[o.MetricCode].Unit
		v, err := statedNumber(o.Stated, unit)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		v *= scaleTo(o.Stated, unit)
		want := o.Value
		if o.Qualifier == models.QualifierRange { // the parser reads a range's upper end
			if o.ValueMax == nil {
				t.Errorf("%s: a range without ValueMax", name)
				continue
			}
			want = *o.ValueMax
			low, ok := chineseNumber(strings.Split(reChinese.FindString(o.Stated), "、")[0])
			if !ok || low != o.Value {
				t.Errorf("%s: Stated %q starts at %v, Value is %v", name, o.Stated, low, o.Value)
			}
		}
		if math.Abs(v-want) > 1e-9 {
			t.Errorf("%s: Stated %q reads %v, Value is %v", name, o.Stated, v, want)
		}
	}
}

// squeeze drops whitespace and punctuation, so that quotes match the
// documents regardless of line breaks and quotation marks.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			return -1
		}
		return r
	}, s)
}

// (c) Every quote is in its source's cleaned document.
func TestQuotesAreInDocuments(t *testing.T) {
	sources := sourcesByID()
	for _, o := range Observations {
		src, ok := sources[o.SourceID]
		if !ok {
			t.Errorf("%s: unknown source", obsName(o))
			continue
		}
		doc, ok := Document(src.FileName)
		if !ok {
			t.Fatalf("source %s: no document %q", src.ID, src.FileName)
		}
		if o.Quote == "" || !strings.Contains(squeeze(doc), squeeze(o.Quote)) {
			t.Errorf("%s: quote not in %s: %q", obsName(o), src.FileName, o.Quote)
		}
	}
}

func TestDocument(t *testing.T) {
	cases := []struct {
		name   string
		ok     bool
		starts string
	}{
		{"000_04cecbb58ca1e52b.txt", true, "刘梅英：优化产业链"},
		{"001_f8bd061393578bcb.txt", true, "商务部电子商务司负责人"},
		{"002_6394c1f542f7cbb0.txt", true, "朱建华副市长"},
		{"003_391db7b3241bb5f2.txt", true, "央广网北京4月26日消息"},
		{"004_ef9e191e7fadc8fa.txt", true, "嘉定区商务委员会"},
		{"", false, ""},
		{"README.md", false, ""},
		{"original/000_04cecbb58ca1e52b.txt", false, ""},
		{"../seed.go", false, ""},
		{"missing.txt", false, ""},
	}
	for _, c := range cases {
		doc, ok := Document(c.name)
		if ok != c.ok || !strings.HasPrefix(doc, c.starts) {
			t.Errorf("Document(%q) = %.30q, %v; want prefix %q, %v", c.name, doc, ok, c.starts, c.ok)
		}
	}
	for _, s := range Sources {
		if _, ok := Document(s.FileName); !ok {
			t.Errorf("source %s: no embedded document %q", s.ID, s.FileName)
		}
	}
}

// chrome lists, per file, where the website chrome removed from the cleaned
// copy starts in the original; everything from there on was removed.
var chromeFrom = map[string]string{
	"000_04cecbb58ca1e52b.txt": "鄭重聲明",
	"001_f8bd061393578bcb.txt": "版权所有",
}

// restoredDigits lists digit runs that the cleaning restored where the
// original's garbled bytes had swallowed them: file → index in the cleaned
// copy's digit runs → the run. documents/README.md explains each.
var restoredDigits = map[string]map[int]string{
	// “1+5+N”，1是我们若干意见，5是刚才说到的五新方案: the original has 意見?是.
	"000_04cecbb58ca1e52b.txt": {31: "5"},
}

var reDigits = regexp.MustCompile(`[0-9]+`)

// (d) Cleaning changed no number.
func TestCleaningKeepsNumbers(t *testing.T) {
	files, err := filepath.Glob("documents/original/*.txt")
	if err != nil || len(files) != len(Sources) {
		t.Fatalf("originals: %v, %v", files, err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		orig := string(raw)
		if marker, ok := chromeFrom[name]; ok {
			i := strings.Index(orig, marker)
			if i < 0 {
				t.Fatalf("%s: chrome marker %q not found", name, marker)
			}
			orig = orig[:i]
		}
		cleaned, ok := Document(name)
		if !ok {
			t.Fatalf("%s: not embedded", name)
		}
		want := reDigits.FindAllString(orig, -1)
		got := reDigits.FindAllString(cleaned, -1)
		for i, run := range restoredDigits[name] {
			if i >= len(got) || got[i] != run {
				t.Fatalf("%s: restored digit %q not at run %d", name, run, i)
			}
			want = slices.Insert(want, i, run)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: digit runs differ\n got %v\nwant %v", name, got, want)
		}
	}
	if doc, _ := Document("000_04cecbb58ca1e52b.txt"); !strings.Contains(doc, "“1+5+N”，1是我们若干意见，5是刚才说到的五新方案") {
		t.Error("000: restored 5 not where documents/README.md says")
	}
}

// traditional holds characters that occur in the originals in their
// Traditional form and are written differently in Simplified Chinese.
const traditional = "電網絡額億萬統計數據區務業發產優點鏈動訪談實錄國際會議貿購節運農寶場個員貨與從這時條對應關為們經濟劉" +
	"來價內兩創劃勢勵協參問啟嗎嚴圍園圖團堅報塊壇奮學寧寬專導層師帶幫幾庫廠廣張強復態戰擊擴斷書東極構標樣" +
	"樹機權歸氣決沒況準滲滿無熱營爭狀獨獲現環當監眾確礎種稱積穎穩籌糧約紅級紹終組結給綜線縣總繼續義習聯職" +
	"臺興舉華葉蓋薦藍蘇處號術衛補裝見規視覺觸訂訓記設評試話認語誠說調請論講證識變讓負財責費資賓質賽贏趕較" +
	"載輕輝輪輯轉辦連進過達遞遠選還邊郵鄉醫釋銀銷鋪鎮長門開間隊階隨雙難響項領頤頭題類顯風養館驗體麗齊龍"

const toneMarks = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"

// (e) No pinyin or Traditional characters in anything users read.
func TestTextIsCleanSimplified(t *testing.T) {
	check := func(what, s string) {
		if i := strings.IndexAny(s, toneMarks); i >= 0 {
			t.Errorf("%s: pinyin tone mark in %q", what, s)
		}
		if i := strings.IndexAny(s, traditional); i >= 0 {
			t.Errorf("%s: Traditional character %q in %q", what, []rune(s[i:])[0], s)
		}
	}
	for _, s := range Sources {
		check("source "+s.ID+" title", s.Title)
		check("source "+s.ID+" publisher", s.Publisher)
		check("source "+s.ID+" author", s.Author)
		check("source "+s.ID+" summary", s.Summary)
		doc, _ := Document(s.FileName)
		check("document "+s.FileName, doc)
	}
	for _, m := range Metrics {
		check("metric "+m.Code+" name", m.NameZH)
		check("metric "+m.Code+" unit", m.Unit)
		check("metric "+m.Code+" definition", m.Definition)
	}
	for _, r := range Regions {
		check("region "+r.Code, r.NameZH)
	}
	for _, o := range Observations {
		name := obsName(o)
		check(name+" quote", o.Quote)
		check(name+" stated", o.Stated)
		check(name+" note", o.Note)
		check(name+" derivation", o.Derivation)
	}
}

// (f) References, periods, qualifiers and derivations are well formed.
func TestObservationsAreWellFormed(t *testing.T) {
	metrics, sources := metricsByCode(), sourcesByID()
	regions := map[string]bool{}
	for _, r := range Regions {
		if r.ParentCode != nil && !regions[*r.ParentCode] {
			t.Errorf("region %s: parent %s not listed before it", r.Code, *r.ParentCode)
		}
		if !models.RegionLevels.Has(r.Level) {
			t.Errorf("region %s: level %q", r.Code, r.Level)
		}
		regions[r.Code] = true
	}
	if len(metrics) != len(Metrics) || len(sources) != len(Sources) || len(regions) != len(Regions) {
		t.Error("duplicate metric, source or region key")
	}
	for _, s := range Sources {
		if !models.SourceKinds.Has(s.Kind) {
			t.Errorf("source %s: kind %q", s.ID, s.Kind)
		}
		if !regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`).MatchString(s.PublishedOn) {
			t.Errorf("source %s: published on %q", s.ID, s.PublishedOn)
		}
		if s.Title == "" || s.Publisher == "" || s.Summary == "" {
			t.Errorf("source %s: missing title, publisher or summary", s.ID)
		}
	}
	seen := map[string]bool{}
	for _, o := range Observations {
		name := obsName(o)
		if seen[name] {
			t.Errorf("%s: duplicate key", name)
		}
		seen[name] = true
		if !regions[o.RegionCode] {
			t.Errorf("%s: unknown region", name)
		}
		if _, ok := metrics[o.MetricCode]; !ok {
			t.Errorf("%s: unknown metric", name)
		}
		if _, ok := sources[o.SourceID]; !ok {
			t.Errorf("%s: unknown source", name)
		}
		if _, err := models.ParsePeriod(o.Period); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if !models.Qualifiers.Has(o.Qualifier) {
			t.Errorf("%s: qualifier %q", name, o.Qualifier)
		}
		if o.Quote == "" {
			t.Errorf("%s: empty quote", name)
		}
		if o.Derived && (o.Derivation == "" || o.Stated != "") {
			t.Errorf("%s: derived needs a Derivation and no Stated", name)
		}
		if !o.Derived && o.Derivation != "" {
			t.Errorf("%s: reported value has a Derivation", name)
		}
	}
}

// The two derived Jiading values follow from the 2020 values and growth rates.
func TestDerivedValues(t *testing.T) {
	find := func(metric, period string) models.Observation {
		for _, o := range Observations {
			if o.RegionCode == "310114" && o.MetricCode == metric && o.Period == period {
				return o
			}
		}
		t.Fatalf("no 310114 %s %s", metric, period)
		return models.Observation{}
	}
	derived := 0
	for _, o := range Observations {
		if o.Derived {
			derived++
		}
	}
	if derived != 2 {
		t.Errorf("%d derived observations, want 2", derived)
	}
	for _, c := range []struct{ level, growth string }{
		{"ecommerce_sales_above_quota", "ecommerce_sales_above_quota_growth"},
		{"ecommerce_retail_above_quota", "ecommerce_retail_above_quota_growth"},
	} {
		cur, g, prev := find(c.level, "2020"), find(c.growth, "2020"), find(c.level, "2019")
		want := math.Round(cur.Value/(1+g.Value/100)*10) / 10
		if !prev.Derived || prev.Value != want || prev.Qualifier != models.QualifierApprox || prev.Quote != cur.Quote {
			t.Errorf("%s 2019 = %+v, want derived %v quoting %q", c.level, prev, want, cur.Quote)
		}
	}
}

// (g) Coverage.
func TestCoverage(t *testing.T) {
	per := map[string]int{}
	for _, o := range Observations {
		per[o.SourceID]++
	}
	if len(Observations) < 45 {
		t.Errorf("%d observations, want at least 45", len(Observations))
	}
	if per["quzhou-speech-2013"] < 20 {
		t.Errorf("%d quzhou-speech-2013 observations, want at least 20", per["quzhou-speech-2013"])
	}
	for _, s := range Sources {
		if per[s.ID] == 0 {
			t.Errorf("source %s has no observations", s.ID)
		}
	}
}

// (h) The figures the customer named, and those the charts read.
func TestNamedFigures(t *testing.T) {
	cases := []struct {
		region, metric, period string
		value                  float64
		qualifier              string
	}{
		{"330800", "online_retail_sales", "2012", 12.3, models.QualifierExact},
		{"330800", "online_retail_sales", "2011", 7.4, models.QualifierExact},
		{"330800", "online_retail_growth", "2012", 66.22, models.QualifierExact},
		{"330000", "online_retail_sales", "2012", 2027, models.QualifierExact},
		{"330700", "online_retail_sales", "2012", 300, models.QualifierApprox},
		{"330800", "share_of_province_online_retail", "2012", 0.61, models.QualifierExact},
		{"330800", "share_of_province_population", "2012", 5, models.QualifierExact},
		{"100000", "online_retail_share_of_consumer_retail", "2012", 6.3, models.QualifierExact},
		{"330000", "online_retail_share_of_consumer_retail", "2012", 15, models.QualifierExact},
		{"330800", "taobao_shops", "2013-06", 6000, models.QualifierAtLeast},
		{"310114", "ecommerce_sales_above_quota", "2020", 2403.8, models.QualifierExact},
		{"310114", "ecommerce_retail_above_quota", "2020", 988.4, models.QualifierExact},
		{"100000", "express_daily_parcels", "2020-04", 2, models.QualifierMoreThan},
		{"100000", "township_express_coverage", "2020-04", 96.6, models.QualifierExact},
		{"100000", "rural_express_parcels", "2020Q1", 30, models.QualifierMoreThan},
		{"100000", "platform_merchant_resumption_rate", "2020-04", 90, models.QualifierApprox},
		{"100000", "industrial_ecommerce_penetration", "2020-03", 62.5, models.QualifierExact},
		{"100000", "express_supported_online_retail_share", "2020-04", 20, models.QualifierExact}, // 1/5, as the document states it
		{"100000", "target_rural_ecommerce_demo_counties", "2015", 200, models.QualifierExact},
		{"110000", "overseas_warehouses", "2020-09", 100, models.QualifierAtLeast},
	}
	for _, c := range cases {
		found := false
		for _, o := range Observations {
			if o.RegionCode == c.region && o.MetricCode == c.metric && o.Period == c.period {
				found = true
				if o.Value != c.value || o.Qualifier != c.qualifier {
					t.Errorf("%s %s %s = %v (%s), want %v (%s)", c.region, c.metric, c.period, o.Value, o.Qualifier, c.value, c.qualifier)
				}
			}
		}
		if !found {
			t.Errorf("missing %s %s %s", c.region, c.metric, c.period)
		}
	}
}
