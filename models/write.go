package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Every change to sources, regions, metrics and observations goes through
// the functions in this file (and ImportCSV). Each runs in one transaction
// that validates, writes, bumps the data version and appends an audit entry,
// so a change is either complete, visible to every cache and recorded, or
// not made at all.

// Length limits on free text, in characters (runes).
const (
	maxNameLen  = 200
	maxQuoteLen = 4000
	maxNoteLen  = 2000
	maxShortLen = 64
	maxUnitLen  = 16
)

var (
	reRegionCode = regexp.MustCompile(`^\d{6}$`)
	reID         = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	reDecimal    = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	reFileName   = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$`)
)

// ValidRegionCode reports whether s looks like a region code: 6 digits (GB/T 2260).
func ValidRegionCode(s string) bool { return reRegionCode.MatchString(s) }

// ValidID reports whether s looks like a metric code or source id:
// lower-case letters, digits, '_' and '-', starting with a letter or digit,
// at most 64 characters.
func ValidID(s string) bool { return reID.MatchString(s) }

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
	hint, enHint := "；加上 ?cascade=1 可连同这些数据一并删除", "; add ?cascade=1 to delete those observations too"
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

// ParseBool reads the derived flag as written in a CSV cell or form:
// true/false, 1/0, yes/no, 是/否; empty is false.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "0", "no", "否", "n":
		return false, nil
	case "true", "1", "yes", "是", "y":
		return true, nil
	}
	return false, fmt.Errorf("%q 应为 true 或 false (must be true or false)", s)
}

// ObservationInput is an observation as a client writes it. Value is the
// figure as text so that a value that does not fit a float64 ("1e400") is
// reported as a validation error rather than lost in decoding.
type ObservationInput struct {
	RegionCode string `json:"region_code"`
	MetricCode string `json:"metric_code"`
	Period     string `json:"period"`
	SourceID   string `json:"source_id"`
	Value      string `json:"value"`
	Qualifier  string `json:"qualifier"`
	Stated     string `json:"stated"`
	Derived    bool   `json:"derived"`
	Derivation string `json:"derivation"`
	Quote      string `json:"quote"`
	Note       string `json:"note"`
}

// refs holds the region, metric and source keys that exist, for validating
// many observations with no query per row.
type refs struct {
	regions, metrics, sources map[string]bool
}

func loadRefs(db *gorm.DB) (refs, error) {
	r := refs{regions: map[string]bool{}, metrics: map[string]bool{}, sources: map[string]bool{}}
	for _, t := range []struct {
		model any
		col   string
		set   map[string]bool
	}{{&Region{}, "code", r.regions}, {&Metric{}, "code", r.metrics}, {&Source{}, "id", r.sources}} {
		var keys []string
		if err := db.Model(t.model).Pluck(t.col, &keys).Error; err != nil {
			return r, fmt.Errorf("load reference keys: %w", err)
		}
		for _, k := range keys {
			t.set[k] = true
		}
	}
	return r, nil
}

func tooLong(s string, max int) bool { return utf8.RuneCountInString(s) > max }

// validate checks in against the reference keys and returns the
// observation it describes (ID unset).
func (in ObservationInput) validate(r refs) (Observation, fieldErrors) {
	fe := fieldErrors{}
	o := Observation{
		RegionCode: strings.TrimSpace(in.RegionCode), MetricCode: strings.TrimSpace(in.MetricCode),
		Period: strings.TrimSpace(in.Period), SourceID: strings.TrimSpace(in.SourceID),
		Qualifier: strings.TrimSpace(in.Qualifier), Stated: in.Stated, Derived: in.Derived,
		Derivation: in.Derivation, Quote: in.Quote, Note: in.Note,
	}
	switch {
	case o.RegionCode == "":
		fe.add("region_code", "地区代码不能为空 (region_code is required)")
	case !ValidRegionCode(o.RegionCode):
		fe.add("region_code", "地区代码应为6位数字 (region code must be 6 digits)")
	case !r.regions[o.RegionCode]:
		fe.add("region_code", fmt.Sprintf("没有地区 %q (unknown region code)", o.RegionCode))
	}
	switch {
	case o.MetricCode == "":
		fe.add("metric_code", "指标代码不能为空 (metric_code is required)")
	case !ValidID(o.MetricCode):
		fe.add("metric_code", "指标代码格式不正确 (malformed metric code)")
	case !r.metrics[o.MetricCode]:
		fe.add("metric_code", fmt.Sprintf("没有指标 %q (unknown metric code)", o.MetricCode))
	}
	switch {
	case o.SourceID == "":
		fe.add("source_id", "必须注明来源 (source_id is required)")
	case !ValidID(o.SourceID):
		fe.add("source_id", "来源编号格式不正确 (malformed source id)")
	case !r.sources[o.SourceID]:
		fe.add("source_id", fmt.Sprintf("没有来源 %q (unknown source id)", o.SourceID))
	}
	if o.Period == "" {
		fe.add("period", "时期不能为空 (period is required)")
	} else if _, err := ParsePeriod(o.Period); err != nil {
		fe.add("period", fmt.Sprintf("时期 %q 格式应为 2012、2020Q1、2020-03 或 2020-04-25 (malformed period)", o.Period))
	}
	if v, err := ParseValue(in.Value); err != nil {
		fe.add("value", err.Error())
	} else {
		o.Value = v
	}
	if o.Qualifier == "" {
		o.Qualifier = QualifierExact
	} else if _, ok := Qualifiers[o.Qualifier]; !ok {
		fe.add("qualifier", fmt.Sprintf("表述方式 %q 应为 exact、more_than、approx 或 at_least (unknown qualifier)", o.Qualifier))
	}
	if strings.TrimSpace(o.Quote) == "" {
		fe.add("quote", "必须给出原文引文 (quote is required)")
	} else if tooLong(o.Quote, maxQuoteLen) {
		fe.add("quote", fmt.Sprintf("原文引文最多 %d 字 (quote too long)", maxQuoteLen))
	}
	if o.Derived {
		if strings.TrimSpace(o.Derivation) == "" {
			fe.add("derivation", "推算值必须说明推算方法 (a derived value needs a derivation)")
		}
		if o.Stated != "" {
			fe.add("stated", "推算值没有原文表述，stated 应为空 (a derived value has no stated text)")
		}
	} else if o.Derivation != "" {
		fe.add("derivation", "只有推算值才有推算方法；请设置 derived=true 或清空 derivation (derivation given for a reported value)")
	}
	if tooLong(o.Stated, maxShortLen) {
		fe.add("stated", fmt.Sprintf("原文表述最多 %d 字 (stated too long)", maxShortLen))
	}
	if tooLong(o.Derivation, maxNoteLen) {
		fe.add("derivation", fmt.Sprintf("推算说明最多 %d 字 (derivation too long)", maxNoteLen))
	}
	if tooLong(o.Note, maxNoteLen) {
		fe.add("note", fmt.Sprintf("备注最多 %d 字 (note too long)", maxNoteLen))
	}
	return o, fe
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

func validateSource(s Source) fieldErrors {
	fe := fieldErrors{}
	if !ValidID(s.ID) {
		fe.add("id", "来源编号应为小写字母、数字、_ 或 -，最多64个字符 (malformed source id)")
	}
	requireText(fe, "title", "标题", s.Title, maxNameLen)
	requireText(fe, "publisher", "发布机构", s.Publisher, maxNameLen)
	optionalText(fe, "author", "作者", s.Author, maxNameLen)
	optionalText(fe, "summary", "摘要", s.Summary, maxNoteLen)
	if _, err := time.Parse(time.DateOnly, s.PublishedOn); err != nil {
		fe.add("published_on", "发布日期应为 YYYY-MM-DD (published_on must be a date YYYY-MM-DD)")
	}
	if _, ok := SourceKinds[s.Kind]; !ok {
		fe.add("kind", "类型应为 news_report、interview、speech、official_reply 或 policy_interpretation (unknown kind)")
	}
	if s.FileName != "" && (!reFileName.MatchString(s.FileName) || strings.Contains(s.FileName, "..")) {
		fe.add("file_name", "文件名只能含字母、数字、_ . - (malformed file name)")
	}
	return fe
}

func validateRegion(tx *gorm.DB, r Region) (fieldErrors, error) {
	fe := fieldErrors{}
	if !ValidRegionCode(r.Code) {
		fe.add("code", "地区代码应为6位数字 (region code must be 6 digits)")
	}
	requireText(fe, "name_zh", "中文名称", r.NameZH, maxNameLen)
	optionalText(fe, "name_en", "英文名称", r.NameEN, maxNameLen)
	if _, ok := RegionLevels[r.Level]; !ok {
		fe.add("level", "级别应为 national、province、city、district 或 county (unknown level)")
	}
	if r.ParentCode == nil || *r.ParentCode == "" {
		return fe, nil
	}
	p := *r.ParentCode
	switch {
	case !ValidRegionCode(p):
		fe.add("parent_code", "上级地区代码应为6位数字 (parent code must be 6 digits)")
	case p == r.Code:
		fe.add("parent_code", "地区不能以自己为上级 (a region cannot be its own parent)")
	default:
		// walk up from the parent: it must exist and must not lead back to r
		seen := map[string]bool{r.Code: true}
		for code := p; code != ""; {
			if seen[code] {
				fe.add("parent_code", "上级关系形成了循环 (parent chain forms a cycle)")
				break
			}
			seen[code] = true
			var up Region
			err := tx.Where("code = ?", code).Limit(1).Find(&up).Error
			if err != nil {
				return nil, fmt.Errorf("check parent of region %q: %w", r.Code, err)
			}
			if up.Code == "" {
				if code == p {
					fe.add("parent_code", fmt.Sprintf("没有上级地区 %q (unknown parent region)", p))
				}
				break
			}
			if up.ParentCode == nil {
				break
			}
			code = *up.ParentCode
		}
	}
	return fe, nil
}

func validateMetric(m Metric) fieldErrors {
	fe := fieldErrors{}
	if !ValidID(m.Code) {
		fe.add("code", "指标代码应为小写字母、数字、_ 或 -，最多64个字符 (malformed metric code)")
	}
	requireText(fe, "name_zh", "中文名称", m.NameZH, maxNameLen)
	optionalText(fe, "name_en", "英文名称", m.NameEN, maxNameLen)
	requireText(fe, "unit", "单位", m.Unit, maxUnitLen)
	optionalText(fe, "definition", "统计口径", m.Definition, maxNoteLen)
	return fe
}

// write runs fn in one transaction and, when fn reports audit entries (that
// is, when it changed something), bumps the data version and appends them.
// The transaction first takes the write lock (LockWrites), so concurrent
// writes run one after the other on every database.
func write(db *gorm.DB, fn func(tx *gorm.DB) ([]AuditEntry, error)) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := LockWrites(tx); err != nil {
			return err
		}
		entries, err := fn(tx)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			return nil
		}
		if err := BumpDataVersion(tx); err != nil {
			return err
		}
		return appendAudit(tx, entries)
	})
}

// exists reports whether a row of model matches where.
func exists(tx *gorm.DB, model any, where string, args ...any) (bool, error) {
	var n int64
	if err := tx.Model(model).Where(where, args...).Limit(1).Count(&n).Error; err != nil {
		return false, fmt.Errorf("check existence: %w", err)
	}
	return n > 0, nil
}

// checkNewKey adds a field error when a row of model already has key in
// column: a create must not reuse a key. It does nothing when the field
// already has an error (a malformed key is reported as malformed).
func checkNewKey(tx *gorm.DB, fe fieldErrors, field string, model any, column, key, label, labelEN string) error {
	if fe[field] != "" {
		return nil
	}
	dup, err := exists(tx, model, column+" = ?", key)
	if err != nil {
		return err
	}
	if dup {
		fe.add(field, fmt.Sprintf("%s %q 已存在 (%s already exists)", label, key, labelEN))
	}
	return nil
}

// checkKeyUnchanged adds a field error when an update names a key other than
// the one in its URL: keys are stable identifiers and cannot be changed.
func checkKeyUnchanged(fe fieldErrors, field, given, key, label, labelEN string) {
	if given != "" && given != key {
		fe.add(field, fmt.Sprintf("%s不能修改 (the %s cannot be changed)", label, labelEN))
	}
}

// CreateSource validates s and inserts it. A malformed field or an id in use
// is a *ValidationError.
func CreateSource(db *gorm.DB, actor string, s Source) (Source, error) {
	err := write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		fe := validateSource(s)
		if err := checkNewKey(tx, fe, "id", &Source{}, "id", s.ID, "来源编号", "source id"); err != nil {
			return nil, err
		}
		if err := fe.err(); err != nil {
			return nil, err
		}
		if err := tx.Create(&s).Error; err != nil {
			return nil, fmt.Errorf("create source %q: %w", s.ID, err)
		}
		return []AuditEntry{newAudit(actor, ActionCreate, EntitySource, s.ID, nil, s)}, nil
	})
	return s, err
}

// UpdateSource replaces every field of the source id with s (s.ID must be
// empty or id). ErrNotFound when there is no such source.
func UpdateSource(db *gorm.DB, actor, id string, s Source) (Source, error) {
	err := write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		before, err := GetSource(tx, id)
		if err != nil {
			return nil, err
		}
		fe := fieldErrors{}
		checkKeyUnchanged(fe, "id", s.ID, id, "来源编号", "id")
		s.ID = id
		for k, v := range validateSource(s) {
			fe.add(k, v)
		}
		if err := fe.err(); err != nil {
			return nil, err
		}
		s.CreatedAt = before.CreatedAt
		if err := tx.Save(&s).Error; err != nil {
			return nil, fmt.Errorf("update source %q: %w", id, err)
		}
		return []AuditEntry{newAudit(actor, ActionUpdate, EntitySource, id, before, s)}, nil
	})
	return s, err
}

// DeleteSource deletes the source id. If observations use it, it is an
// *InUseError unless cascade is true, in which case they are deleted too
// (each recorded in the audit trail). It returns how many observations were
// deleted.
func DeleteSource(db *gorm.DB, actor, id string, cascade bool) (int, error) {
	var n int
	err := write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		before, err := GetSource(tx, id)
		if err != nil {
			return nil, err
		}
		entries, err := cascadeObservations(tx, actor, EntitySource, id, "source_id = ?", cascade, 0)
		if err != nil {
			return nil, err
		}
		n = len(entries)
		if err := tx.Delete(&Source{}, "id = ?", id).Error; err != nil {
			return nil, fmt.Errorf("delete source %q: %w", id, err)
		}
		return append(entries, newAudit(actor, ActionDelete, EntitySource, id, before, nil)), nil
	})
	return n, err
}

// CreateRegion validates r and inserts it.
func CreateRegion(db *gorm.DB, actor string, r Region) (Region, error) {
	err := write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		normaliseParent(&r)
		fe, err := validateRegion(tx, r)
		if err != nil {
			return nil, err
		}
		if err := checkNewKey(tx, fe, "code", &Region{}, "code", r.Code, "地区代码", "region code"); err != nil {
			return nil, err
		}
		if err := fe.err(); err != nil {
			return nil, err
		}
		r.Parent = nil
		if err := tx.Create(&r).Error; err != nil {
			return nil, fmt.Errorf("create region %q: %w", r.Code, err)
		}
		return []AuditEntry{newAudit(actor, ActionCreate, EntityRegion, r.Code, nil, r)}, nil
	})
	return r, err
}

// UpdateRegion replaces every field of the region code with r (r.Code must
// be empty or code).
func UpdateRegion(db *gorm.DB, actor, code string, r Region) (Region, error) {
	err := write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		var before Region
		if err := first(tx.Where("code = ?", code), &before, "region", code); err != nil {
			return nil, err
		}
		fe := fieldErrors{}
		checkKeyUnchanged(fe, "code", r.Code, code, "地区代码", "code")
		r.Code = code
		normaliseParent(&r)
		more, err := validateRegion(tx, r)
		if err != nil {
			return nil, err
		}
		for k, v := range more {
			fe.add(k, v)
		}
		if err := fe.err(); err != nil {
			return nil, err
		}
		r.Parent = nil
		r.CreatedAt = before.CreatedAt
		if err := tx.Save(&r).Error; err != nil {
			return nil, fmt.Errorf("update region %q: %w", code, err)
		}
		return []AuditEntry{newAudit(actor, ActionUpdate, EntityRegion, code, before, r)}, nil
	})
	return r, err
}

func normaliseParent(r *Region) {
	if r.ParentCode != nil && strings.TrimSpace(*r.ParentCode) == "" {
		r.ParentCode = nil
	}
}

// DeleteRegion deletes the region code. Observations that use it make it an
// *InUseError unless cascade is true (they are then deleted too); regions
// whose parent it is always make it an *InUseError.
func DeleteRegion(db *gorm.DB, actor, code string, cascade bool) (int, error) {
	var n int
	err := write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		var before Region
		if err := first(tx.Where("code = ?", code), &before, "region", code); err != nil {
			return nil, err
		}
		var children int64
		if err := tx.Model(&Region{}).Where("parent_code = ?", code).Count(&children).Error; err != nil {
			return nil, fmt.Errorf("count child regions of %q: %w", code, err)
		}
		entries, err := cascadeObservations(tx, actor, EntityRegion, code, "region_code = ?", cascade, children)
		if err != nil {
			return nil, err
		}
		n = len(entries)
		if err := tx.Delete(&Region{}, "code = ?", code).Error; err != nil {
			return nil, fmt.Errorf("delete region %q: %w", code, err)
		}
		return append(entries, newAudit(actor, ActionDelete, EntityRegion, code, before, nil)), nil
	})
	return n, err
}

// CreateMetric validates m and inserts it.
func CreateMetric(db *gorm.DB, actor string, m Metric) (Metric, error) {
	err := write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		fe := validateMetric(m)
		if err := checkNewKey(tx, fe, "code", &Metric{}, "code", m.Code, "指标代码", "metric code"); err != nil {
			return nil, err
		}
		if err := fe.err(); err != nil {
			return nil, err
		}
		if err := tx.Create(&m).Error; err != nil {
			return nil, fmt.Errorf("create metric %q: %w", m.Code, err)
		}
		return []AuditEntry{newAudit(actor, ActionCreate, EntityMetric, m.Code, nil, m)}, nil
	})
	return m, err
}

// UpdateMetric replaces every field of the metric code with m (m.Code must
// be empty or code).
func UpdateMetric(db *gorm.DB, actor, code string, m Metric) (Metric, error) {
	err := write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		before, err := GetMetric(tx, code)
		if err != nil {
			return nil, err
		}
		fe := fieldErrors{}
		checkKeyUnchanged(fe, "code", m.Code, code, "指标代码", "code")
		m.Code = code
		for k, v := range validateMetric(m) {
			fe.add(k, v)
		}
		if err := fe.err(); err != nil {
			return nil, err
		}
		m.CreatedAt = before.CreatedAt
		if err := tx.Save(&m).Error; err != nil {
			return nil, fmt.Errorf("update metric %q: %w", code, err)
		}
		return []AuditEntry{newAudit(actor, ActionUpdate, EntityMetric, code, before, m)}, nil
	})
	return m, err
}

// DeleteMetric deletes the metric code; see DeleteSource for cascade.
func DeleteMetric(db *gorm.DB, actor, code string, cascade bool) (int, error) {
	var n int
	err := write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		before, err := GetMetric(tx, code)
		if err != nil {
			return nil, err
		}
		entries, err := cascadeObservations(tx, actor, EntityMetric, code, "metric_code = ?", cascade, 0)
		if err != nil {
			return nil, err
		}
		n = len(entries)
		if err := tx.Delete(&Metric{}, "code = ?", code).Error; err != nil {
			return nil, fmt.Errorf("delete metric %q: %w", code, err)
		}
		return append(entries, newAudit(actor, ActionDelete, EntityMetric, code, before, nil)), nil
	})
	return n, err
}

// cascadeObservations refuses (with *InUseError) when observations match
// where and cascade is false, or when children > 0; otherwise it deletes the
// matching observations and returns an audit entry for each.
func cascadeObservations(tx *gorm.DB, actor, entity, key, where string, cascade bool, children int64) ([]AuditEntry, error) {
	var n int64
	if err := tx.Model(&Observation{}).Where(where, key).Count(&n).Error; err != nil {
		return nil, fmt.Errorf("count observations of %s %q: %w", entity, key, err)
	}
	if children > 0 || (n > 0 && !cascade) {
		return nil, &InUseError{Entity: entity, Key: key, Observations: n, Children: children}
	}
	if n == 0 {
		return nil, nil
	}
	var obs []Observation
	if err := tx.Where(where, key).Order("id").Find(&obs).Error; err != nil {
		return nil, fmt.Errorf("load observations of %s %q: %w", entity, key, err)
	}
	entries := make([]AuditEntry, 0, len(obs))
	for _, o := range obs {
		entries = append(entries, newAudit(actor, ActionDelete, EntityObservation, observationKey(o), o, nil))
	}
	if err := tx.Where(where, key).Delete(&Observation{}).Error; err != nil {
		return nil, fmt.Errorf("delete observations of %s %q: %w", entity, key, err)
	}
	return entries, nil
}

// observationKey is the audit key of an observation: its id and natural key.
func observationKey(o Observation) string {
	return fmt.Sprintf("%d (%s/%s/%s/%s)", o.ID, o.RegionCode, o.MetricCode, o.Period, o.SourceID)
}

// GetObservation returns the observation with the given id, its region,
// metric and source loaded, or ErrNotFound.
func GetObservation(db *gorm.DB, id uint) (Observation, error) {
	var o Observation
	key := strconv.FormatUint(uint64(id), 10)
	return o, first(db.Model(&Observation{}).Joins("Region").Joins("Metric").Joins("Source").Where("observations.id = ?", id), &o, "observation", key)
}

// findByKey returns the id of the observation with o's natural key, or 0.
func findByKey(tx *gorm.DB, o Observation) (uint, error) {
	var ids []uint
	err := tx.Model(&Observation{}).Where("region_code = ? AND metric_code = ? AND period = ? AND source_id = ?",
		o.RegionCode, o.MetricCode, o.Period, o.SourceID).Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return 0, fmt.Errorf("look up observation key: %w", err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

const duplicateKeyMsg = "已有相同地区、指标、时期和来源的数据（编号 %d）(duplicate of observation %d: same region, metric, period and source)"

// CreateObservation validates in and inserts it. Unknown codes, a bad value,
// period or qualifier, a missing source or quote, or a natural key (region,
// metric, period, source) already in use are a *ValidationError; the
// duplicate is reported under the field "key".
func CreateObservation(db *gorm.DB, actor string, in ObservationInput) (Observation, error) {
	var o Observation
	err := write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		r, err := loadRefs(tx)
		if err != nil {
			return nil, err
		}
		var fe fieldErrors
		o, fe = in.validate(r)
		if len(fe) == 0 {
			dup, err := findByKey(tx, o)
			if err != nil {
				return nil, err
			}
			if dup != 0 {
				fe.add("key", fmt.Sprintf(duplicateKeyMsg, dup, dup))
			}
		}
		if err := fe.err(); err != nil {
			return nil, err
		}
		if err := tx.Omit("Region", "Metric", "Source").Create(&o).Error; err != nil {
			return nil, fmt.Errorf("create observation: %w", err)
		}
		return []AuditEntry{newAudit(actor, ActionCreate, EntityObservation, observationKey(o), nil, o)}, nil
	})
	return o, err
}

// UpdateObservation replaces every field of observation id with in. Its
// natural key may change, but not to one another observation has.
func UpdateObservation(db *gorm.DB, actor string, id uint, in ObservationInput) (Observation, error) {
	var o Observation
	err := write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		var before Observation
		if err := first(tx.Where("id = ?", id), &before, "observation", strconv.FormatUint(uint64(id), 10)); err != nil {
			return nil, err
		}
		r, err := loadRefs(tx)
		if err != nil {
			return nil, err
		}
		var fe fieldErrors
		o, fe = in.validate(r)
		if len(fe) == 0 {
			dup, err := findByKey(tx, o)
			if err != nil {
				return nil, err
			}
			if dup != 0 && dup != id {
				fe.add("key", fmt.Sprintf(duplicateKeyMsg, dup, dup))
			}
		}
		if err := fe.err(); err != nil {
			return nil, err
		}
		o.ID, o.CreatedAt = id, before.CreatedAt
		if err := tx.Omit("Region", "Metric", "Source").Save(&o).Error; err != nil {
			return nil, fmt.Errorf("update observation %d: %w", id, err)
		}
		return []AuditEntry{newAudit(actor, ActionUpdate, EntityObservation, observationKey(o), before, o)}, nil
	})
	return o, err
}

// DeleteObservation deletes observation id, or returns ErrNotFound.
func DeleteObservation(db *gorm.DB, actor string, id uint) error {
	return write(db, func(tx *gorm.DB) ([]AuditEntry, error) {
		var before Observation
		if err := first(tx.Where("id = ?", id), &before, "observation", strconv.FormatUint(uint64(id), 10)); err != nil {
			return nil, err
		}
		if err := tx.Delete(&Observation{}, id).Error; err != nil {
			return nil, fmt.Errorf("delete observation %d: %w", id, err)
		}
		return []AuditEntry{newAudit(actor, ActionDelete, EntityObservation, observationKey(before), before, nil)}, nil
	})
}

// mustJSON marshals v for the audit trail; nil stays empty.
func mustJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprintf("unmarshalable: %v", err))
	}
	return string(b)
}
