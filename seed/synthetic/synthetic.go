// Package synthetic fills a database with a yearbook's worth of made-up
// figures, to measure the app at the size real imports reach: by default
// 120 regions × 20 metrics × 61 years (1960–2020), 146,400 figures, beside
// the seed. The regions are real (the nation, the 31 provinces, Zhejiang's
// 11 cities and 77 of its districts and counties), so region shorthands
// such as children:330000 select what they would in real data; the metrics
// (code prefix yb_) and their values are invented, and every figure says so
// in its quote and its source.
//
// It is for benchmarks and load tests (.bench/bigdb.go and the scale
// benchmarks), never for a database people read.
package synthetic

import (
	"fmt"
	"math"

	"gorm.io/gorm"

	"ecomdash/models"
)

// SourceID is the one source every synthetic figure cites.
const SourceID = "synthetic-yearbook"

// Options size the data; zero fields take the defaults.
type Options struct {
	// Regions is how many regions get figures, from the start of the list
	// (1–120; default 120).
	Regions int
	// Metrics is how many metrics (1–20; default 20).
	Metrics int
	// FirstYear and LastYear bound the years (default 1960 and 2020).
	FirstYear, LastYear int
}

// Defaults of Options.
const (
	DefaultFirstYear = 1960
	DefaultLastYear  = 2020
)

func (o Options) withDefaults() (Options, error) {
	if o.Regions == 0 {
		o.Regions = len(regionList)
	}
	if o.Metrics == 0 {
		o.Metrics = len(metricList)
	}
	if o.FirstYear == 0 {
		o.FirstYear = DefaultFirstYear
	}
	if o.LastYear == 0 {
		o.LastYear = DefaultLastYear
	}
	switch {
	case o.Regions < 1 || o.Regions > len(regionList):
		return o, fmt.Errorf("synthetic: regions %d, want 1–%d", o.Regions, len(regionList))
	case o.Metrics < 1 || o.Metrics > len(metricList):
		return o, fmt.Errorf("synthetic: metrics %d, want 1–%d", o.Metrics, len(metricList))
	case o.FirstYear < 1900 || o.LastYear > 2100 || o.FirstYear > o.LastYear:
		return o, fmt.Errorf("synthetic: years %d–%d, want 1900 ≤ first ≤ last ≤ 2100", o.FirstYear, o.LastYear)
	}
	return o, nil
}

// Size is what Build added.
type Size struct {
	// Figures is the number of synthetic figures in the database after
	// Build (those it added and those already there).
	Figures int
	// Regions and Metrics are the codes that got figures, in list order.
	Regions, Metrics []string
	// Added counts the rows Build inserted.
	Added models.Counts
}

// Build adds the synthetic regions, metrics, source and figures that db
// lacks, in one transaction (models.InsertMissing): running it twice
// changes nothing the second time. db must be migrated.
func Build(db *gorm.DB, opts Options) (Size, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return Size{}, err
	}
	rows := models.SeedRows{Sources: []models.Source{{
		ID: SourceID, Title: "合成基准数据（非真实统计）", TitleSupplied: true, Publisher: "电商区域统计看板（基准测试）",
		PublishedOn: "2021", Kind: models.KindNewsReport,
		Summary: "为测量看板在真实数据规模下的表现而生成的虚构数字，不是任何机构发布的统计。",
	}}}
	var size Size
	for _, r := range regionList {
		reg := models.Region{Code: r.code, NameZH: r.name, Level: r.level}
		if r.parent != "" {
			reg.ParentCode = &r.parent
		}
		rows.Regions = append(rows.Regions, reg)
	}
	for _, r := range regionList[:o.Regions] {
		size.Regions = append(size.Regions, r.code)
	}
	for _, m := range metricList[:o.Metrics] {
		rows.Metrics = append(rows.Metrics, models.Metric{Code: m.code, NameZH: m.name, Unit: m.unit,
			Definition: "合成指标，仅用于基准测试。", Kind: models.MetricStatistic})
		size.Metrics = append(size.Metrics, m.code)
	}
	for ri, r := range regionList[:o.Regions] {
		for mi, m := range metricList[:o.Metrics] {
			for y := o.FirstYear; y <= o.LastYear; y++ {
				v := value(ri, mi, y-o.FirstYear, m.base)
				stated := fmt.Sprintf("%.1f%s", v, m.unit)
				rows.Observations = append(rows.Observations, models.Observation{
					RegionCode: r.code, MetricCode: m.code, Period: fmt.Sprint(y), SourceID: SourceID,
					Value: v, Qualifier: models.QualifierExact, Stated: stated,
					Quote: fmt.Sprintf("（合成数据）%d年，%s%s为%s，比上年有所增长。", y, r.name, m.name, stated),
				})
			}
		}
	}
	size.Figures = len(rows.Observations)
	if size.Added, err = models.InsertMissing(db, rows); err != nil {
		return size, fmt.Errorf("synthetic: %w", err)
	}
	return size, nil
}

// value is a smooth made-up series: a region's and a metric's own level,
// growing a few per cent a year with a wobble, rounded to one decimal.
func value(region, metric, year int, base float64) float64 {
	level := base * (0.4 + float64((region*37+metric*11)%50)/25)
	growth := 1.03 + float64((region+metric)%7)/100
	wobble := 1 + 0.05*math.Sin(float64(year*(metric+3)+region))
	return math.Round(level*math.Pow(growth, float64(year))*wobble*10) / 10
}
