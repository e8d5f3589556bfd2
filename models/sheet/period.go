package sheet

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Periods as tables write them: 2016, 2016年, 2016年一季度, 2016年1-6月,
// 上半年 with the year from the title; and the one year a title names.

var (
	reYearHead   = regexp.MustCompile(`^(\d{4})(年|-|\.|/)?(.*)$`)
	reMonthDigit = regexp.MustCompile(`^(\d{1,2})$`)
	reYTD        = regexp.MustCompile(`^(\d{2})/(\d{2})$`)
	reMonthWord  = regexp.MustCompile(`^(\d{1,2})月份?(?:末|底)?$`)
	reMonthSpan  = regexp.MustCompile(`^(\d{1,2})月?(?:-|—|–|~|至|到)(\d{1,2})月份?$`)
	reQuarter    = regexp.MustCompile(`^第?([1-4一二三四])季度?(?:末)?$`)
	reQ          = regexp.MustCompile(`^-?Q([1-4])$`)
	reQSpan      = regexp.MustCompile(`^第?([1-4一二三四])(?:-|—|–|~|至|到)([1-4一二三四])季度$`)
)

var quarterDigits = map[string]int{"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}

// stripNote removes a trailing bracketed note ("（预计）", "(初步)") and
// footnote marks: a period header so marked is still the period.
func stripNote(s string) string {
	s = stripFootnote(s)
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, "("); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	return stripFootnote(s)
}

func validYear(y int) bool { return y >= 1949 && y <= 2100 }

func parsePeriod(text string, year int) (string, bool) {
	s := strings.ReplaceAll(stripNote(normalize(text)), " ", "")
	if s == "" {
		return "", false
	}
	if m := reYearHead.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		if !validYear(y) {
			return "", false
		}
		sep, rest := m[2], m[3]
		switch sep {
		case "-", ".", "/":
			if mm := reMonthDigit.FindStringSubmatch(rest); mm != nil {
				return monthPeriod(y, mm[1], mm[1])
			}
			if mm := reYTD.FindStringSubmatch(rest); mm != nil && sep == "-" {
				return monthPeriod(y, mm[1], mm[2])
			}
			if mm := reQ.FindStringSubmatch(rest); mm != nil && sep == "-" {
				return fmt.Sprintf("%dQ%s", y, mm[1]), true
			}
			return "", false
		case "":
			if rest == "" {
				return strconv.Itoa(y), true
			}
			if mm := reQ.FindStringSubmatch(rest); mm != nil {
				return fmt.Sprintf("%dQ%s", y, mm[1]), true
			}
			return "", false
		}
		// 年
		switch rest {
		case "", "末", "底", "度", "全年", "年末", "年底":
			return strconv.Itoa(y), true
		}
		return periodWord(rest, y)
	}
	if year == 0 || !validYear(year) {
		return "", false
	}
	if s == "全年" || s == "年度" {
		return strconv.Itoa(year), true
	}
	return periodWord(s, year)
}

// periodWord reads the part of a period label after the year.
func periodWord(s string, y int) (string, bool) {
	switch s {
	case "上半年":
		return fmt.Sprintf("%d-01/06", y), true
	case "下半年":
		return fmt.Sprintf("%d-07/12", y), true
	case "前三季度":
		return fmt.Sprintf("%d-01/09", y), true
	case "全年":
		return strconv.Itoa(y), true
	}
	if m := reQuarter.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("%dQ%d", y, quarterDigits[m[1]]), true
	}
	if m := reQ.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("%dQ%s", y, m[1]), true
	}
	if m := reQSpan.FindStringSubmatch(s); m != nil {
		a, b := quarterDigits[m[1]], quarterDigits[m[2]]
		if a > b {
			return "", false
		}
		if a == b {
			return fmt.Sprintf("%dQ%d", y, a), true
		}
		return monthPeriod(y, strconv.Itoa(a*3-2), strconv.Itoa(b*3))
	}
	if m := reMonthWord.FindStringSubmatch(s); m != nil {
		return monthPeriod(y, m[1], m[1])
	}
	if m := reMonthSpan.FindStringSubmatch(s); m != nil {
		return monthPeriod(y, m[1], m[2])
	}
	return "", false
}

// monthPeriod is the month or span of months from a to b: one month
// "2016-03", a span "2016-01/06", January to December the year "2016".
func monthPeriod(y int, a, b string) (string, bool) {
	from, _ := strconv.Atoi(a)
	to, _ := strconv.Atoi(b)
	switch {
	case from < 1 || to > 12 || from > to:
		return "", false
	case from == to:
		return fmt.Sprintf("%d-%02d", y, from), true
	case from == 1 && to == 12:
		return strconv.Itoa(y), true
	}
	return fmt.Sprintf("%d-%02d/%02d", y, from, to), true
}

func yearIn(text string) int {
	s := normalize(text)
	found := 0
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		decimal := (i > 0 && s[i-1] == '.') || (j < len(s) && s[j] == '.' && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9')
		if j-i == 4 && !decimal {
			y, _ := strconv.Atoi(s[i:j])
			if validYear(y) {
				if found != 0 && found != y {
					return 0
				}
				found = y
			}
		}
		i = j
	}
	return found
}
