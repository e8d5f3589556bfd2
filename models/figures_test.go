package models

import "testing"

func TestFormatAmountWritesTheChineseConvention(t *testing.T) {
	for _, c := range []struct {
		v    float64
		unit string
		want string
	}{
		{478000, "家", "47.8万家"},
		{200000, "万元", "20亿元"},
		{400, "万元", "400万元"},
		{12.3, "亿元", "12.3亿元"},
		{0.61, "亿元", "0.61亿元"}, // never below the metric's own unit
		{106324, "亿元", "10.6324万亿元"},
		{7851, "家", "7851家"},
		{10000, "名", "1万名"},
		{123456789, "元", "1.23456789亿元"},
		{350, "万家", "350万家"},
		{1200, "元/月", "1200元/月"},
		{66.22, "%", "66.22%"},
		{250000, "%", "250000%"},
		{10, "位", "10位"},
		{95000, "GB", "95000GB"},
		{-50000, "家", "-5万家"},
		{0, "万元", "0万元"},
	} {
		if got := FormatAmount(c.v, c.unit); got != c.want {
			t.Errorf("FormatAmount(%v, %q) = %q, want %q", c.v, c.unit, got, c.want)
		}
	}
}

func TestScaleForNamesTheAxisUnit(t *testing.T) {
	for _, c := range []struct {
		unit string
		max  float64
		want Scale
	}{
		{"万元", 200000, Scale{1e4, "亿元"}},
		{"家", 478000, Scale{1e4, "万家"}},
		{"家", 9999, Scale{1, "家"}},
		{"亿元", 2027, Scale{1, "亿元"}},
		{"件", 3e9, Scale{1e8, "亿件"}},
		{"%", 1e6, Scale{1, "%"}},
	} {
		if got := ScaleFor(c.unit, c.max); got != c.want {
			t.Errorf("ScaleFor(%q, %v) = %+v, want %+v", c.unit, c.max, got, c.want)
		}
	}
}

func TestFormatFigureSaysHowTheDocumentStatedIt(t *testing.T) {
	hi := 4.0
	for _, c := range []struct {
		o    Observation
		want string
	}{
		{Observation{Value: 300, Qualifier: QualifierApprox, Stated: "近300亿元"}, "近300亿元"},
		{Observation{Value: 300, Qualifier: QualifierApprox, Stated: "300亿元左右"}, "300亿元左右"},
		{Observation{Value: 300, Qualifier: QualifierApprox}, "约300亿元"},
		{Observation{Value: 1000, Qualifier: QualifierMoreThan, Stated: "超过1千亿元"}, "超过1000亿元"},
		{Observation{Value: 300, Qualifier: QualifierAtLeast, Stated: "300多亿元"}, "300多亿元"},
		{Observation{Value: 120, Qualifier: QualifierAtLeast, Stated: "120余项", Metric: Metric{Unit: "项"}}, "120余项"},
		{Observation{Value: 6000, Qualifier: QualifierAtLeast, Stated: "6000多家", Metric: Metric{Unit: "家"}}, "6000多家"},
		{Observation{Value: 2, Qualifier: QualifierAtLeast, Stated: "2万多人", Metric: Metric{Unit: "万人"}}, "2万多人"},
		{Observation{Value: 60000, Qualifier: QualifierAtLeast, Metric: Metric{Unit: "家"}}, "6万多家"},
		{Observation{Value: 1, Qualifier: QualifierNoLessThan, Stated: "不少于1个", Metric: Metric{Unit: "个"}}, "不少于1个"},
		{Observation{Value: 2, Qualifier: QualifierNoLessThan, Stated: "2个", Metric: Metric{Unit: "个"}}, "不少于2个"},
		{Observation{Value: 10, Qualifier: QualifierAtMost, Stated: "前10位", Metric: Metric{Unit: "位"}}, "前10位"},
		{Observation{Value: 2, Qualifier: QualifierExact, Stated: "第二位", Metric: Metric{Unit: "位"}}, "第2位"},
		{Observation{Value: 3, ValueMax: &hi, Qualifier: QualifierRange, Stated: "三、四家", Metric: Metric{Unit: "家"}}, "3～4家"},
		{Observation{Value: 20, Qualifier: QualifierExact, Stated: "1/5", Metric: Metric{Unit: "%"}}, "1/5（约20%）"},
		{Observation{Value: 478000, Qualifier: QualifierExact, Stated: "47.8万家", Metric: Metric{Unit: "家"}}, "47.8万家"},
		{Observation{Value: 200000, Qualifier: QualifierExact, Stated: "20亿元", Metric: Metric{Unit: "万元"}}, "20亿元"},
		{Observation{Value: 2027, Qualifier: QualifierExact, Stated: "2027亿"}, "2027亿元"},
		{Observation{Value: 2063.3, Qualifier: QualifierApprox, Derived: true}, "约2063.3亿元"},
	} {
		if c.o.Metric.Unit == "" {
			c.o.Metric.Unit = "亿元"
		}
		if got := FormatFigure(c.o); got != c.want {
			t.Errorf("FormatFigure(%v %s, stated %q) = %q, want %q", c.o.Value, c.o.Qualifier, c.o.Stated, got, c.want)
		}
	}
}
