package sheet

import (
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		in      string
		value   float64
		max     *float64
		word    string
		unit    string
		percent bool
		qual    string
	}{
		{"120.5", 120.5, nil, "", "", false, "exact"},
		{"45.0", 45, nil, "", "", false, "exact"},
		{"12,345", 12345, nil, "", "", false, "exact"},
		{"12,345.6", 12345.6, nil, "", "", false, "exact"},
		{"1,234,567", 1234567, nil, "", "", false, "exact"},
		{"12，345", 12345, nil, "", "", false, "exact"},
		{"３５,１２３.４", 35123.4, nil, "", "", false, "exact"},
		{"３．５", 3.5, nil, "", "", false, "exact"},
		{"－5", -5, nil, "", "", false, "exact"},
		{"-5", -5, nil, "", "", false, "exact"},
		{"+3.2", 3.2, nil, "", "", false, "exact"},
		{".5", 0.5, nil, "", "", false, "exact"},
		{"0", 0, nil, "", "", false, "exact"},
		{" 1 234 ", 1234, nil, "", "", false, "exact"},
		{"35%", 35, nil, "", "%", true, "exact"},
		{"35％", 35, nil, "", "%", true, "exact"},
		{"-2.5%", -2.5, nil, "", "%", true, "exact"},
		{"3‰", 3, nil, "", "‰", false, "exact"},
		{"1.2万", 1.2, nil, "万", "", false, "exact"},
		{"3万亿", 3, nil, "万亿", "", false, "exact"},
		{"1.2亿元", 1.2, nil, "", "亿元", false, "exact"},
		{"6000家", 6000, nil, "", "家", false, "exact"},
		{"6000多家", 6000, nil, "", "家", false, "at_least"},
		{"3000多万元", 3000, nil, "", "万元", false, "at_least"},
		{"1万多", 1, nil, "万", "", false, "at_least"},
		{"1万余元", 1, nil, "", "万元", false, "at_least"},
		{"200余", 200, nil, "", "", false, "at_least"},
		{"近100亿元", 100, nil, "", "亿元", false, "approx"},
		{"约3.5", 3.5, nil, "", "", false, "approx"},
		{"大约3.5", 3.5, nil, "", "", false, "approx"},
		{"接近3.5", 3.5, nil, "", "", false, "approx"},
		{"超过1000万件", 1000, nil, "", "万件", false, "more_than"},
		{"逾50", 50, nil, "", "", false, "more_than"},
		{"100亿元左右", 100, nil, "", "亿元", false, "approx"},
		{"100以上", 100, nil, "", "", false, "more_than"},
		{"5%以下", 5, nil, "", "%", true, "at_most"},
		{"3～4", 3, f(4), "", "", false, "range"},
		{"3~4", 3, f(4), "", "", false, "range"},
		{"3-4", 3, f(4), "", "", false, "range"},
		{"3至4家", 3, f(4), "", "家", false, "range"},
		{"123.4*", 123.4, nil, "", "", false, "exact"},
		{"123.4**", 123.4, nil, "", "", false, "exact"},
		{"123.4①", 123.4, nil, "", "", false, "exact"},
		{"123.4⑩", 123.4, nil, "", "", false, "exact"},
		{"123.4(1)", 123.4, nil, "", "", false, "exact"},
		{"123.4（1）", 123.4, nil, "", "", false, "exact"},
		{"123.4[2]", 123.4, nil, "", "", false, "exact"},
		{"123.4注1", 123.4, nil, "", "", false, "exact"},
		{"1.2E+08", 1.2e8, nil, "", "", false, "exact"},
		{"1.23e-5", 1.23e-5, nil, "", "", false, "exact"},
		{"2.5亿件/天", 2.5, nil, "", "亿件/天", false, "exact"},
		{"12个百分点", 12, nil, "", "个百分点", false, "exact"},
		{"8123", 8123, nil, "", "", false, "exact"},
	}
	for _, c := range cases {
		n, missing, err := ParseNumber(c.in)
		if err != nil || missing {
			t.Errorf("ParseNumber(%q): missing %v err %v", c.in, missing, err)
			continue
		}
		if n.Value != c.value || n.Word != c.word || n.Unit != c.unit || n.Percent != c.percent || n.Qualifier != c.qual {
			t.Errorf("ParseNumber(%q) = %+v, want value %v word %q unit %q percent %v qualifier %q", c.in, n, c.value, c.word, c.unit, c.percent, c.qual)
		}
		if (n.Max == nil) != (c.max == nil) || n.Max != nil && *n.Max != *c.max {
			t.Errorf("ParseNumber(%q).Max = %v, want %v", c.in, n.Max, c.max)
		}
	}
}

func TestParseNumberMissing(t *testing.T) {
	for _, in := range []string{"", " ", "—", "——", "–", "-", "－", "…", "……", "...", "/", "x", "X", "空", "无", "— —", "　—　", "--"} {
		n, missing, err := ParseNumber(in)
		if !missing || err != nil || n.Value != 0 {
			t.Errorf("ParseNumber(%q) = %+v, %v, %v; want missing", in, n, missing, err)
		}
	}
}

func TestParseNumberRejects(t *testing.T) {
	for _, in := range []string{"衢州市", "12,3", "1,23,456", "12,3456", "abc", "2016-03", "2016年", "1-6月", "一季度",
		"12.3.4", "1E+999", "3-", "5万人口", "(12)", "地区", "2021-03-05", "%", "万元", "1.2 亿 元 多多", "-3-4", "×"} {
		n, missing, err := ParseNumber(in)
		if err == nil || missing {
			t.Errorf("ParseNumber(%q) = %+v, missing %v; want an error", in, n, missing)
			continue
		}
		if !strings.Contains(err.Error(), "不是数字") {
			t.Errorf("ParseNumber(%q) error %q does not say 不是数字", in, err)
		}
	}
	if _, _, err := ParseNumber("12,3"); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("ParseNumber(12,3) error %v should say ambiguous", err)
	}
}

func TestMultiplier(t *testing.T) {
	for word, want := range map[string]float64{"": 1, "千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12} {
		if got := (Number{Word: word}).Multiplier(); got != want {
			t.Errorf("Multiplier(%q) = %v, want %v", word, got, want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	cases := []struct {
		in   string
		year int
		want string
	}{
		{"2016", 0, "2016"}, {"2016年", 0, "2016"}, {"2016年度", 0, "2016"}, {"2016年末", 0, "2016"},
		{"2016年底", 0, "2016"}, {"2016年全年", 0, "2016"}, {"２０１６年", 0, "2016"}, {" 2017年 ", 0, "2017"},
		{"2016Q1", 0, "2016Q1"}, {"2016-Q2", 0, "2016Q2"}, {"2016年一季度", 0, "2016Q1"}, {"2016年第一季度", 0, "2016Q1"},
		{"2016年第1季度", 0, "2016Q1"}, {"2016年1季度", 0, "2016Q1"}, {"2016年1季", 0, "2016Q1"}, {"2016年四季度", 0, "2016Q4"},
		{"2016年Q3", 0, "2016Q3"},
		{"2016年3月", 0, "2016-03"}, {"2016.3", 0, "2016-03"}, {"2016-03", 0, "2016-03"}, {"2016/3", 0, "2016-03"},
		{"2016.10", 0, "2016-10"}, {"2016年12月", 0, "2016-12"}, {"2016年3月份", 0, "2016-03"},
		{"2016年1-6月", 0, "2016-01/06"}, {"2016年1—6月", 0, "2016-01/06"}, {"2016年1至6月", 0, "2016-01/06"},
		{"2016年1月-6月", 0, "2016-01/06"}, {"2016年1-3月", 0, "2016-01/03"}, {"2016年3-3月", 0, "2016-03"},
		{"2016年1-12月", 0, "2016"},
		{"2016-01/06", 0, "2016-01/06"}, {"2016年上半年", 0, "2016-01/06"}, {"2016年下半年", 0, "2016-07/12"},
		{"2016年前三季度", 0, "2016-01/09"}, {"2016年1-3季度", 0, "2016-01/09"}, {"2016年一至二季度", 0, "2016-01/06"},
		{"2016年2-2季度", 0, "2016Q2"}, {"3-4季度", 2020, "2020-07/12"}, {"2016年1月", 0, "2016-01"}, {"2016年3月末", 0, "2016-03"},
		{"一季度", 2021, "2021Q1"}, {"第二季度", 2021, "2021Q2"}, {"Q3", 2021, "2021Q3"}, {"3月", 2021, "2021-03"},
		{"1-6月", 2021, "2021-01/06"}, {"1-9月", 2021, "2021-01/09"}, {"1-2月", 2021, "2021-01/02"},
		{"上半年", 2021, "2021-01/06"}, {"下半年", 2021, "2021-07/12"}, {"前三季度", 2021, "2021-01/09"}, {"全年", 2021, "2021"},
		{"2016年（预计）", 0, "2016"}, {"2017年(初步)", 0, "2017"}, {"2018*", 0, "2018"}, {"2018年①", 0, "2018"},
	}
	for _, c := range cases {
		if got, ok := ParsePeriod(c.in, c.year); !ok || got != c.want {
			t.Errorf("ParsePeriod(%q, %d) = %q, %v; want %q", c.in, c.year, got, ok, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		year int
	}{
		{"", 2021}, {"衢州市", 2021}, {"120.5", 0}, {"8123", 0}, {"1948", 0}, {"2101", 0}, {"2016年13月", 0},
		{"2016年0月", 0}, {"2016-13", 0}, {"一季度", 0}, {"3月", 0}, {"1-6月", 0}, {"全年", 0}, {"上半年", 0},
		{"2016年6-1月", 0}, {"20163", 0}, {"2016年衢州市", 0}, {"2014—2017年", 0}, {"2016年5季度", 0}, {"网络零售额", 2020},
		{"2016-01/13", 0}, {"12345", 0}, {"2016年3-1季度", 0}, {"2016年0-3季度", 0},
	} {
		if got, ok := ParsePeriod(c.in, c.year); ok {
			t.Errorf("ParsePeriod(%q, %d) = %q; want not a period", c.in, c.year, got)
		}
	}
}

func TestYearIn(t *testing.T) {
	for in, want := range map[string]int{
		"2016年衢州市各县（市、区）网络零售额":             2016,
		"表3-12  2014—2017年衢州市各县（市、区）网上零售额": 0,
		"2014-2017年": 0,
		"2014至2017年": 0,
		"2014~2017":  0,
		"衢州市电子商务发展情况（2015—2020年）": 0,
		"2021年衢州市网络零售额（分季度）":      2021,
		"２０２１年网络零售额":              2021,
		"浙江省部分城市快递业务量":            0,
		"2021年数据（截至2021年12月）":     2021,
		"表12 全市网络零售额":             0,
		"1850年":                   0,
		"123456":                  0,
		"2020.5亿元":                0,
	} {
		if got := YearIn(in); got != want {
			t.Errorf("YearIn(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestSplitUnit(t *testing.T) {
	for _, c := range [][3]string{
		{"网络零售额（亿元）", "网络零售额", "亿元"},
		{"网络零售额(亿元)", "网络零售额", "亿元"},
		{"网络零售额[亿元]", "网络零售额", "亿元"},
		{"网络零售额【亿元】", "网络零售额", "亿元"},
		{"网络零售额/亿元", "网络零售额", "亿元"},
		{"网络零售额，亿元", "网络零售额", "亿元"},
		{"网络零售额,亿元", "网络零售额", "亿元"},
		{"增长（%）", "增长", "%"},
		{"增长(％)", "增长", "%"},
		{"增速%", "增速", "%"},
		{"35%", "35%", ""},
		{"%", "%", ""},
		{"快递业务量（万件）", "快递业务量", "万件"},
		{"日均业务量/亿件/天", "日均业务量", "亿件/天"},
		{"人口（万）", "人口", "万"},
		{"网络零售额（单位：亿元）", "网络零售额", "亿元"},
		{"衢州市（本级）", "衢州市（本级）", ""},
		{"县（市、区）", "县（市、区）", ""},
		{"网络零售额", "网络零售额", ""},
		{"（亿元）", "（亿元）", ""},
		{"2017年", "2017年", ""},
		{"", "", ""},
		{"绝对额（亿元）", "绝对额", "亿元"},
		{"衢州市（2015—2020年）", "衢州市（2015—2020年）", ""},
	} {
		name, unit := SplitUnit(c[0])
		if name != c[1] || unit != c[2] {
			t.Errorf("SplitUnit(%q) = %q, %q; want %q, %q", c[0], name, unit, c[1], c[2])
		}
	}
}

func TestUnitLine(t *testing.T) {
	for in, want := range map[string]string{
		"单位：亿元": "亿元", "单位: 万元": "万元", "单位:万件": "万件", "计量单位：亿件": "亿件", "(单位：亿元)": "亿元",
		"（单位：亿元）": "亿元", "金额单位：万元": "万元", "单位：亿元。": "亿元", "单位：%": "%", "单位 ： 亿元": "亿元",
	} {
		if got, ok := UnitLine(in); !ok || got != want {
			t.Errorf("UnitLine(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "亿元", "单位", "单位：", "衢州市", "注：单位为亿元的数据按新口径", "资料来源：衢州市统计局", "单位名称：衢州市商务局电子商务科和信息化科"} {
		if got, ok := UnitLine(in); ok {
			t.Errorf("UnitLine(%q) = %q; want not a unit line", in, got)
		}
	}
}

func TestKnownUnit(t *testing.T) {
	for _, s := range []string{"元", "万元", "亿元", "万亿元", "美元", "万美元", "亿美元", "件", "万件", "亿件", "个", "家", "万家",
		"户", "万户", "人", "万人", "人次", "万人次", "次", "万次", "单", "万单", "吨", "万吨", "公里", "千米", "平方米", "万平方米",
		"GB", "TB", "个百分点", "%", "％", "‰", "亿件/天", "万次/天", "位", "项", "名", "个/村", "元/人", "千万元", "百万美元", "万", "亿", "十万人"} {
		if !KnownUnit(s) {
			t.Errorf("KnownUnit(%q) = false", s)
		}
	}
	for _, s := range []string{"", "本级", "市、区", "2015—2020年", "地区", "衢州", "万万", "亿%", "/天", "分季度", "网络零售额", "月", "年"} {
		if KnownUnit(s) {
			t.Errorf("KnownUnit(%q) = true", s)
		}
	}
}
