package models

import (
	"regexp"
	"strings"
	"testing"
)

// TestValidIDAndRegionCodeMatchTheirPatterns: the written-out checks accept
// exactly what their regular expressions describe.
func TestValidIDAndRegionCodeMatchTheirPatterns(t *testing.T) {
	reID := regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	reRegion := regexp.MustCompile(`^\d{6}$`)
	for _, s := range []string{"", "a", "online_retail_sales", "a-b_c9", "_a", "-a", "A", "a b", "a.b", "a\n", strings.Repeat("a", 64),
		strings.Repeat("a", 65), "衢州", "330800", "33080", "3308000", "33080a", "３３０８００", "33080\n", "9a"} {
		if ValidID(s) != reID.MatchString(s) {
			t.Errorf("ValidID(%q) = %v, the pattern says %v", s, ValidID(s), reID.MatchString(s))
		}
		if ValidRegionCode(s) != reRegion.MatchString(s) {
			t.Errorf("ValidRegionCode(%q) = %v, the pattern says %v", s, ValidRegionCode(s), reRegion.MatchString(s))
		}
	}
}
