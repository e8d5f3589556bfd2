package models

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Period granularities returned by ParsePeriod.
const (
	PeriodYear    = "year"
	PeriodQuarter = "quarter"
	PeriodMonth   = "month"
	PeriodDay     = "day"
	// PeriodMonths is a span of months within one year, "2016-01/06":
	// the figure covers January to June together (1-6月, 上半年), as
	// year-to-date statistics (累计) are published.
	PeriodMonths = "months"
)

var (
	reYear    = regexp.MustCompile(`^(\d{4})$`)
	reQuarter = regexp.MustCompile(`^(\d{4})Q([1-4])$`)
	reMonth   = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`)
	reDay     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	reMonths  = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])/(0[1-9]|1[0-2])$`)
)

// ParsePeriod checks that p is a period in one of the accepted forms —
// "2012" (year), "2020Q1" (quarter), "2020-03" (month), "2020-04-25" (day),
// "2016-01/06" (months 1 to 6 of a year together; the last month after
// the first) — and returns its granularity.
func ParsePeriod(p string) (string, error) {
	switch {
	case reMonths.MatchString(p):
		if p[8:] <= p[5:7] {
			return "", fmt.Errorf("period %q: the span's last month must come after its first", p)
		}
		return PeriodMonths, nil
	case reYear.MatchString(p):
		return PeriodYear, nil
	case reQuarter.MatchString(p):
		return PeriodQuarter, nil
	case reMonth.MatchString(p):
		return PeriodMonth, nil
	case reDay.MatchString(p):
		if _, err := time.Parse(time.DateOnly, p); err != nil {
			return "", fmt.Errorf("period %q: not a calendar date", p)
		}
		return PeriodDay, nil
	}
	return "", fmt.Errorf("period %q: want YYYY, YYYYQn, YYYY-MM, YYYY-MM-DD or YYYY-MM/MM", p)
}

// PeriodLabel renders a period for people: 2012年, 2020年第一季度,
// 2020年3月, 2020年4月25日, 2016年1-6月. An invalid period is returned as is.
func PeriodLabel(p string) string {
	if m := reMonths.FindStringSubmatch(p); m != nil && m[3] > m[2] {
		from, _ := strconv.Atoi(m[2])
		to, _ := strconv.Atoi(m[3])
		return m[1] + "年" + strconv.Itoa(from) + "-" + strconv.Itoa(to) + "月"
	}
	if m := reYear.FindStringSubmatch(p); m != nil {
		return m[1] + "年"
	}
	if m := reQuarter.FindStringSubmatch(p); m != nil {
		return m[1] + "年" + [...]string{"", "第一季度", "第二季度", "第三季度", "第四季度"}[m[2][0]-'0']
	}
	if m := reMonth.FindStringSubmatch(p); m != nil {
		month, _ := strconv.Atoi(m[2])
		return m[1] + "年" + strconv.Itoa(month) + "月"
	}
	if t, err := time.Parse(time.DateOnly, p); err == nil {
		return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
	}
	return p
}

// PeriodSpan returns the time a period covers, [start, end): 2012 is the
// whole year, 2020Q1 January to March, 2020-03 March, 2020-04-25 that day,
// 2016-01/06 January to June.
// Periods of different kinds compare by it (a quarter lies in its year).
func PeriodSpan(p string) (start, end time.Time, err error) {
	kind, err := ParsePeriod(p)
	if err != nil {
		return start, end, err
	}
	year, _ := strconv.Atoi(p[:4])
	switch kind {
	case PeriodYear:
		start = time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
		return start, start.AddDate(1, 0, 0), nil
	case PeriodQuarter:
		start = time.Date(year, time.Month(3*int(p[5]-'1')+1), 1, 0, 0, 0, 0, time.UTC)
		return start, start.AddDate(0, 3, 0), nil
	case PeriodMonth:
		month, _ := strconv.Atoi(p[5:7])
		start = time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
		return start, start.AddDate(0, 1, 0), nil
	case PeriodMonths:
		from, _ := strconv.Atoi(p[5:7])
		to, _ := strconv.Atoi(p[8:10])
		start = time.Date(year, time.Month(from), 1, 0, 0, 0, 0, time.UTC)
		return start, time.Date(year, time.Month(to)+1, 1, 0, 0, 0, 0, time.UTC), nil
	}
	start, _ = time.Parse(time.DateOnly, p)
	return start, start.AddDate(0, 0, 1), nil
}
