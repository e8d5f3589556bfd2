package models

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Length limits on free text, in characters (runes).
const (
	maxQuoteLen = 4000
	maxNoteLen  = 2000
	maxShortLen = 64
)

var (
	reDecimal  = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	reFileName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$`)
)

// ValidRegionCode reports whether s looks like a region code: 6 digits
// (GB/T 2260), ^\d{6}$.
func ValidRegionCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ValidID reports whether s looks like a metric code, source id or chart id:
// lower-case letters, digits, '_' and '-', starting with a letter or digit,
// at most 64 characters (^[a-z0-9][a-z0-9_-]{0,63}$). It is written out
// rather than a regular expression: every chart route, cached image
// included, checks its id with it, and a regular expression took a quarter
// of a cached image's time.
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] == '_' || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// ValidationError lists what is wrong with a write, one message per field
// (the JSON field name, e.g. "region_code"). Messages are in Chinese with
// English in parentheses.
type ValidationError struct {
	Fields map[string]string
}

// Error lists the bad fields in name order.
func (e *ValidationError) Error() string {
	names := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = k + ": " + e.Fields[k]
	}
	return "validation failed: " + strings.Join(parts, "; ")
}

// fieldErrors collects per-field messages; the first message for a field wins.
type fieldErrors map[string]string

func (f fieldErrors) add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// check adds msg for field unless ok.
func (f fieldErrors) check(ok bool, field, msg string) {
	if !ok {
		f.add(field, msg)
	}
}

// merge adds every message of more (the first message for a field still wins).
func (f fieldErrors) merge(more fieldErrors) {
	for k, v := range more {
		f.add(k, v)
	}
}

// err returns a *ValidationError, or nil when nothing was added.
func (f fieldErrors) err() error {
	if len(f) == 0 {
		return nil
	}
	return &ValidationError{Fields: f}
}

// InUseError is returned when deleting a region, metric or source that
// observations (or, for a region, other regions) still refer to.
type InUseError struct {
	// Entity is "region", "metric" or "source".
	Entity string
	// Key is the region code, metric code or source id.
	Key string
	// Observations is the number of observations that use it.
	Observations int64
	// Children is the number of regions whose parent it is (regions only).
	Children int64
	// Dashboards is the number of dashboards that list it (charts only).
	Dashboards int64
}

// Error says what still uses the row, in Chinese with English in parentheses.
func (e *InUseError) Error() string {
	var parts, en []string
	if e.Observations > 0 {
		parts = append(parts, fmt.Sprintf("%d 条数据仍在使用它", e.Observations))
		en = append(en, fmt.Sprintf("%d observations use it", e.Observations))
	}
	if e.Children > 0 {
		parts = append(parts, fmt.Sprintf("%d 个下级地区以它为上级", e.Children))
		en = append(en, fmt.Sprintf("%d regions have it as parent", e.Children))
	}
	if e.Dashboards > 0 {
		parts = append(parts, fmt.Sprintf("%d 个看板仍在使用它", e.Dashboards))
		en = append(en, fmt.Sprintf("%d dashboards use it", e.Dashboards))
	}
	hint, enHint := "；加上 ?cascade=1 可连同这些数据一并删除", "; add ?cascade=1 to delete those observations too"
	if e.Dashboards > 0 {
		hint, enHint = "；加上 ?cascade=1 可把它从这些看板中移除后删除", "; add ?cascade=1 to take it off those dashboards too"
	}
	if e.Children > 0 {
		hint, enHint = "；请先删除或改挂下级地区", "; delete or re-parent the child regions first"
	}
	return fmt.Sprintf("不能删除%s %q：%s%s (cannot delete %s %q: %s%s)",
		entityLabel(e.Entity), e.Key, strings.Join(parts, "，"), hint, e.Entity, e.Key, strings.Join(en, ", "), enHint)
}

func entityLabel(entity string) string {
	switch entity {
	case EntityRegion:
		return "地区"
	case EntityMetric:
		return "指标"
	case EntitySource:
		return "来源"
	case EntityChart:
		return "图表"
	case EntityDashboard:
		return "看板"
	}
	return "数据"
}

// ParseValue parses a figure as written in decimal ("12.3", "-5", "1e3").
// Anything else — empty, "NaN", "Inf", "1e400", "12,3", "0x10" — is an error.
func ParseValue(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("数值不能为空 (value is required)")
	}
	if !reDecimal.MatchString(s) {
		return 0, fmt.Errorf("%q 不是有限的数字 (not a finite number)", s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q 不是有限的数字 (not a finite number)", s)
	}
	return v, nil
}

// FormatValue writes a stored value without trailing zeros (12.3, 2027,
// 0.61, 478000): the number format of the CSV, the JSON and the inputs,
// which ParseValue reads back. People read figures as FormatFigure writes
// them (47.8万家).
func FormatValue(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func tooLong(s string, max int) bool { return utf8.RuneCountInString(s) > max }

// checkTexts checks every string field of row (a struct) that a client
// sets (those with a JSON name): its characters (see badText), and, for a
// field with a text tag, its rule: "required,N" must not be blank, and no
// field may have more than N characters. Messages name the field by its
// JSON name and its label tag.
func checkTexts(fe fieldErrors, row any) {
	v := reflect.ValueOf(row)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		value, ok := stringValue(v.Field(i))
		if name == "" || name == "-" || !ok {
			continue
		}
		if msg := badText(value); msg != "" {
			fe.add(name, msg)
			continue
		}
		rule, ok := f.Tag.Lookup("text")
		if !ok {
			continue
		}
		kind, limit, _ := strings.Cut(rule, ",")
		max, err := strconv.Atoi(limit)
		if err != nil {
			panic(fmt.Sprintf("models: field %s: malformed text tag %q", f.Name, rule)) // a typo in this package
		}
		if kind == "required" {
			requireText(fe, name, f.Tag.Get("label"), value, max)
		} else {
			optionalText(fe, name, f.Tag.Get("label"), value, max)
		}
	}
}

// stringValue is the text of a string (or *string) field.
func stringValue(v reflect.Value) (string, bool) {
	if v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.String {
		if v.IsNil() {
			return "", true
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.String {
		return "", false
	}
	return v.String(), true
}

// badText says what is wrong with s as text to store, or "" when nothing
// is. Refused: invalid UTF-8; control characters other than tab, line feed
// and carriage return, and the noncharacters U+FFFE and U+FFFF, which XML
// cannot carry (they would make every image of a chart showing them fail);
// and the bidirectional embeddings, overrides and isolates U+202A–U+202E
// and U+2066–U+2069, with which a name could reverse the text shown after
// it on a page.
func badText(s string) string {
	if !utf8.ValidString(s) {
		return "不是有效的 UTF-8 文本 (not valid UTF-8)"
	}
	for _, r := range s {
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7f:
			return fmt.Sprintf("含有控制字符 U+%04X (contains a control character)", r)
		case r == 0xFFFE || r == 0xFFFF:
			return fmt.Sprintf("含有非字符 U+%04X (contains a noncharacter)", r)
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("含有双向文字控制符 U+%04X (contains a bidirectional control character)", r)
		}
	}
	return ""
}

// requireText checks a required, length-bounded text field.
func requireText(fe fieldErrors, field, label, value string, max int) {
	switch {
	case strings.TrimSpace(value) == "":
		fe.add(field, fmt.Sprintf("%s不能为空 (%s is required)", label, field))
	case tooLong(value, max):
		fe.add(field, fmt.Sprintf("%s最多 %d 字 (%s too long)", label, max, field))
	}
}

// optionalText checks an optional, length-bounded text field.
func optionalText(fe fieldErrors, field, label, value string, max int) {
	if tooLong(value, max) {
		fe.add(field, fmt.Sprintf("%s最多 %d 字 (%s too long)", label, max, field))
	}
}
