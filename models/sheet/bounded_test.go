package sheet

import (
	"strings"
	"testing"
	"time"
)

// TestAnalyseBounded feeds the readers the inputs that would make a
// quadratic rule slow: each must take well under a second (5 s allowed, for a busy machine; a quadratic rule takes minutes).
func TestAnalyseBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	for name, s := range map[string]string{
		"tabs":     strings.Repeat("\t", 65000),
		"lines":    strings.Repeat("\n", 65000),
		"nums":     strings.Repeat("1\t2\n", 16000),
		"textnum":  strings.Repeat("a\t", 30000) + "1\n" + strings.Repeat("a\t", 3000) + "1",
		"wide":     "地区" + strings.Repeat("\t2020", 10000) + "\n甲" + strings.Repeat("\t1", 10000),
		"fn":       strings.Repeat("1①", 20000),
		"long":     "地区\t时期\t数值\n" + strings.Repeat("甲\t2020\t1\n", 15000),
		"miss":     strings.Repeat("甲\t—\n", 15000) + "乙\t1",
		"titles":   strings.Repeat("标题\n", 60000) + "地区\t2020\n甲\t1",
		"notes":    "甲\t1\n" + strings.Repeat("注：x\n", 60000),
		"yearrows": strings.Repeat("地区\t2020\t2021\n", 15000),
	} {
		start := time.Now()
		Analyse(fuzzGrid(s), Options{})
		Analyse(fuzzGrid(s), Options{HeaderRows: 3, FirstDataRow: 2})
		ParseNumber(s)
		ParsePeriod(s, 2020)
		SplitUnit(s)
		YearIn(s)
		UnitLine(s)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: %v", name, d)
		}
	}
}
