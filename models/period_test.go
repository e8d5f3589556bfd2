package models

import (
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2012", PeriodYear, true},
		{"2020Q1", PeriodQuarter, true},
		{"2020Q4", PeriodQuarter, true},
		{"2020-03", PeriodMonth, true},
		{"2020-12", PeriodMonth, true},
		{"2020-04-25", PeriodDay, true},
		{"2016-01/06", PeriodMonths, true},
		{"2016-07/12", PeriodMonths, true},
		{"2016-06/06", "", false}, // one month is 2016-06
		{"2016-06/01", "", false}, // backwards
		{"2016-01/13", "", false},
		{"2016-1/6", "", false},
		{"2020-02-29", PeriodDay, true},
		{"2021-02-29", "", false}, // not a leap year
		{"2020Q5", "", false},
		{"2020-13", "", false},
		{"2020-00", "", false},
		{"20", "", false},
		{"2012年", "", false},
		{"", "", false},
		{"2020q1", "", false},
		{" 2012", "", false},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParsePeriod(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestPeriodLabel(t *testing.T) {
	tests := map[string]string{
		"2012":       "2012年",
		"2020Q1":     "2020年第一季度",
		"2020Q4":     "2020年第四季度",
		"2020-03":    "2020年3月",
		"2020-11":    "2020年11月",
		"2021-05-31": "2021年5月31日",
		"2016-01/06": "2016年1-6月",
		"2016-10/12": "2016年10-12月",
		"2016-06/01": "2016-06/01",
		"bogus":      "bogus",
	}
	for in, want := range tests {
		if got := PeriodLabel(in); got != want {
			t.Errorf("PeriodLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPeriodSpan(t *testing.T) {
	for p, want := range map[string][2]string{
		"2012":       {"2012-01-01", "2013-01-01"},
		"2020Q1":     {"2020-01-01", "2020-04-01"},
		"2020Q4":     {"2020-10-01", "2021-01-01"},
		"2020-03":    {"2020-03-01", "2020-04-01"},
		"2020-12":    {"2020-12-01", "2021-01-01"},
		"2020-04-25": {"2020-04-25", "2020-04-26"},
		"2016-01/06": {"2016-01-01", "2016-07-01"},
		"2016-07/12": {"2016-07-01", "2017-01-01"},
	} {
		start, end, err := PeriodSpan(p)
		if err != nil || start.Format(time.DateOnly) != want[0] || end.Format(time.DateOnly) != want[1] {
			t.Errorf("PeriodSpan(%q) = %v, %v, %v; want %v", p, start, end, err, want)
		}
	}
	if _, _, err := PeriodSpan("2020Q5"); err == nil {
		t.Error("2020Q5 has a span")
	}
}
