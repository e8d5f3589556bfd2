package models

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// ObservationFilter narrows FindObservations. An empty list means "any";
// several values in one list are alternatives (OR), lists combine with AND.
type ObservationFilter struct {
	RegionCodes []string
	MetricCodes []string
	Periods     []string
	SourceIDs   []string
	// YearFrom and YearTo, four-digit years ("" for an open end), keep the
	// periods whose year lies between them, ends included. Every period
	// form starts with its year (2012, 2012Q1, 2012-03, 2012-03-05), so
	// this is a range on the period column itself, which the observations'
	// key index (region, metric, period) serves: a chart of 2011..2016
	// reads those years, not every year the database holds.
	YearFrom, YearTo string
	// Limit, when above zero, returns at most that many observations,
	// skipping the first Offset (a page).
	Limit, Offset int
}

// withReferences loads an observation's region, metric and source in the
// same query.
func withReferences(db *gorm.DB) *gorm.DB {
	return db.Model(&Observation{}).Joins("Region").Joins("Metric").Joins("Source")
}

// where narrows q to the observations f selects (not its page).
func (f ObservationFilter) where(q *gorm.DB) *gorm.DB {
	for _, cond := range []struct {
		column string
		values []string
	}{
		{"region_code", f.RegionCodes}, {"metric_code", f.MetricCodes},
		{"period", f.Periods}, {"source_id", f.SourceIDs},
	} {
		if len(cond.values) > 0 {
			q = q.Where("observations."+cond.column+" IN ?", cond.values)
		}
	}
	if f.YearFrom != "" {
		q = q.Where("observations.period >= ?", f.YearFrom)
	}
	if next, err := strconv.Atoi(f.YearTo); err == nil && f.YearTo != "" && next < 9999 {
		q = q.Where("observations.period < ?", fmt.Sprintf("%04d", next+1)) // 2016 < 2016-12-31 < 2017
	}
	return q
}

// LatestYears returns, for each metric with observations that match f, the
// year of its latest period: where a chart's latest figures lie, so that
// only that year need be read.
func LatestYears(db *gorm.DB, f ObservationFilter) (map[string]string, error) {
	var rows []struct {
		MetricCode string
		Latest     string
	}
	// the greatest period as text starts with the latest year, whatever its form
	if err := f.where(observationIndexed(db, f)).Select("observations.metric_code, MAX(observations.period) AS latest").
		Group("observations.metric_code").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("latest years: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		if len(r.Latest) >= 4 {
			out[r.MetricCode] = r.Latest[:4]
		}
	}
	return out, nil
}

// MetricPeriod is one metric's period that observations hold.
type MetricPeriod struct {
	MetricCode, Period string
}

// observationIndexed is the observations table for a query that f narrows
// by region: on SQLite, which keeps no statistics unless told to, the
// planner would otherwise pick the metric index for "region IN … AND metric
// IN …" and read every region's rows of those metrics; the key index
// (region, metric, period, source) reads just the regions asked for, and for
// these queries it covers every column read. PostgreSQL and MySQL choose it
// from their statistics.
func observationIndexed(db *gorm.DB, f ObservationFilter) *gorm.DB {
	if Dialect(db) == DialectSQLite && len(f.RegionCodes) > 0 {
		return db.Table("observations INDEXED BY idx_observation_key")
	}
	return db.Model(&Observation{})
}

// ObservationPeriods returns the distinct (metric, period) pairs of the
// observations f selects, at most limit of them (in no set order), without
// reading the observations themselves: the columns are those of the key
// index, so the database reads the index alone. It is how a chart learns
// how many periods it would draw before it loads a figure.
func ObservationPeriods(db *gorm.DB, f ObservationFilter, limit int) ([]MetricPeriod, error) {
	var out []MetricPeriod
	q := f.where(observationIndexed(db, f)).Distinct("observations.metric_code", "observations.period")
	if limit > 0 {
		q = q.Limit(limit)
	}
	if err := q.Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("observation periods: %w", err)
	}
	return out, nil
}

// ObservationSize is how much the observations a filter selects hold.
type ObservationSize struct {
	// Figures counts them.
	Figures int64
	// TextChars counts the characters of their text: the figure as stated,
	// the quote, the note, the other statement and its quote, the
	// derivation.
	TextChars int64
}

// MeasureObservations counts the observations f selects and the characters
// of their text, in one aggregate query: what loading them would cost,
// known before they are loaded.
func MeasureObservations(db *gorm.DB, f ObservationFilter) (ObservationSize, error) {
	length := "CHAR_LENGTH"
	if Dialect(db) == DialectSQLite {
		length = "LENGTH" // characters, for text
	}
	var parts []string
	for _, col := range []string{"stated", "quote", "note", "alt_stated", "alt_quote", "derivation", "inferred"} {
		parts = append(parts, fmt.Sprintf("COALESCE(%s(observations.%s), 0)", length, col))
	}
	var out ObservationSize
	row := f.where(observationIndexed(db, f)).Select("COUNT(*), COALESCE(SUM(" + strings.Join(parts, " + ") + "), 0)").Row()
	if err := row.Scan(&out.Figures, &out.TextChars); err != nil {
		return out, fmt.Errorf("measure observations: %w", err)
	}
	return out, nil
}

// observationQuery selects what f asks for, references joined, ordered by
// metric, region, period and source.
func observationQuery(db *gorm.DB, f ObservationFilter) *gorm.DB {
	q := withReferences(db)
	if Dialect(db) == DialectSQLite && len(f.RegionCodes) > 0 { // see observationIndexed
		q = q.Table("observations INDEXED BY idx_observation_key")
	}
	q = f.where(q).
		Order(byteOrders(db, "observations.metric_code", "observations.region_code", "observations.period", "observations.source_id"))
	if f.Limit > 0 {
		q = q.Limit(f.Limit).Offset(f.Offset)
	}
	return q
}

// FindObservations returns the observations that match f (a page of them
// when f.Limit is set), each with its region, metric and source loaded,
// ordered by metric, region, period.
func FindObservations(db *gorm.DB, f ObservationFilter) ([]Observation, error) {
	var out []Observation
	if err := observationQuery(db, f).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("find observations: %w", err)
	}
	return out, nil
}

// CountObservations counts the observations that match f, whatever its page.
func CountObservations(db *gorm.DB, f ObservationFilter) (int64, error) {
	var n int64
	if err := f.where(db.Model(&Observation{})).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count observations: %w", err)
	}
	return n, nil
}

// exportColumns are the columns EachObservation reads: the observation and
// the names, unit, kind, subject and citation of its region, metric and
// source, which is all its outputs (CSV rows) need.
const exportColumns = `observations.id, observations.region_code, observations.metric_code, observations.period,
	observations.source_id, observations.value, observations.qualifier, COALESCE(observations.stated, ''),
	observations.derived, COALESCE(observations.derivation, ''), observations.quote, COALESCE(observations.note, ''),
	COALESCE(observations.inferred, ''),
	observations.value_max, COALESCE(observations.alt_stated, ''), COALESCE(observations.alt_quote, ''),
	regions.name_zh, metrics.name_zh, metrics.unit, metrics.kind, COALESCE(metrics.subject, ''), sources.title, sources.title_supplied, sources.publisher, sources.published_on`

// EachObservation calls fn with each observation that matches f, in
// FindObservations' order, reading them one at a time from one query, so
// that memory stays flat however many there are. Each has its region's and
// metric's names, the metric's unit, kind and subject and the source's
// title, publisher and date loaded (not the other fields of those rows). An error from fn stops
// it.
func EachObservation(db *gorm.DB, f ObservationFilter, fn func(*Observation) error) error {
	q := f.where(db.Table("observations").Select(exportColumns).
		Joins("JOIN regions ON regions.code = observations.region_code").
		Joins("JOIN metrics ON metrics.code = observations.metric_code").
		Joins("JOIN sources ON sources.id = observations.source_id")).
		Order(byteOrders(db, "observations.metric_code", "observations.region_code", "observations.period", "observations.source_id"))
	if f.Limit > 0 {
		q = q.Limit(f.Limit).Offset(f.Offset)
	}
	rows, err := q.Rows()
	if err != nil {
		return fmt.Errorf("read observations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o Observation
		err := rows.Scan(&o.ID, &o.RegionCode, &o.MetricCode, &o.Period, &o.SourceID, &o.Value, &o.Qualifier, &o.Stated,
			&o.Derived, &o.Derivation, &o.Quote, &o.Note, &o.Inferred, &o.ValueMax, &o.AltStated, &o.AltQuote,
			&o.Region.NameZH, &o.Metric.NameZH, &o.Metric.Unit, &o.Metric.Kind, &o.Metric.Subject, &o.Source.Title, &o.Source.TitleSupplied, &o.Source.Publisher, &o.Source.PublishedOn)
		if err != nil {
			return fmt.Errorf("read observations: %w", err)
		}
		o.Region.Code, o.Metric.Code, o.Source.ID = o.RegionCode, o.MetricCode, o.SourceID
		if err := fn(&o); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read observations: %w", err)
	}
	return nil
}

// GetObservation returns the observation with the given id, its region,
// metric and source loaded, or ErrNotFound.
func GetObservation(db *gorm.DB, id uint) (Observation, error) {
	var o Observation
	return o, first(withReferences(db).Where("observations.id = ?", id), &o, EntityObservation, idKey(id))
}

func idKey(id uint) string { return strconv.FormatUint(uint64(id), 10) }

// ObservationInput is an observation as a client writes it (a JSON body of
// the admin API, a row of an import file).
type ObservationInput struct {
	RegionCode string     `json:"region_code"`
	MetricCode string     `json:"metric_code"`
	Period     string     `json:"period"`
	SourceID   string     `json:"source_id"`
	Value      FigureText `json:"value"`
	Qualifier  string     `json:"qualifier"`
	Stated     string     `json:"stated"`
	Derived    bool       `json:"derived"`
	Derivation string     `json:"derivation"`
	Quote      string     `json:"quote"`
	Note       string     `json:"note"`
	// Inferred holds the words of a statement covering several periods
	// that the figure was read off (Observation.Inferred); empty otherwise.
	Inferred string `json:"inferred"`
	// ValueMax is the high end of a range (qualifier range); empty otherwise.
	ValueMax  FigureText `json:"value_max"`
	AltStated string     `json:"alt_stated"`
	AltQuote  string     `json:"alt_quote"`
}

// FigureText is a figure as a client wrote it, kept as text so that a value
// that does not fit a float64 ("1e400") or is no number ("NaN") is reported
// as a validation error of the field rather than lost in decoding. In JSON
// it may be a number (its text), a string (its content) or null (empty);
// anything else is kept as written and fails validation.
type FigureText string

// UnmarshalJSON keeps the figure's text; it never fails.
func (f *FigureText) UnmarshalJSON(b []byte) error {
	v := strings.TrimSpace(string(b))
	var s string
	switch {
	case v == "null":
		v = ""
	case strings.HasPrefix(v, `"`) && json.Unmarshal(b, &s) == nil:
		v = s
	}
	*f = FigureText(v)
	return nil
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

// validate checks in against the reference keys and returns the
// observation it describes (ID unset).
func (in ObservationInput) validate(r refs) (Observation, fieldErrors) {
	fe := fieldErrors{}
	checkTexts(fe, in)
	o := Observation{
		RegionCode: strings.TrimSpace(in.RegionCode), MetricCode: strings.TrimSpace(in.MetricCode),
		Period: strings.TrimSpace(in.Period), SourceID: strings.TrimSpace(in.SourceID),
		Qualifier: strings.TrimSpace(in.Qualifier), Stated: in.Stated, Derived: in.Derived,
		Derivation: in.Derivation, Quote: in.Quote, Note: in.Note, AltStated: in.AltStated, AltQuote: in.AltQuote,
		Inferred: in.Inferred,
	}
	for _, ref := range []struct {
		field, value                 string
		valid                        func(string) bool
		known                        map[string]bool
		required, malformed, unknown string
	}{
		{"region_code", o.RegionCode, ValidRegionCode, r.regions, "地区代码不能为空 (region_code is required)", "地区代码应为6位数字 (region code must be 6 digits)", "没有地区 %q (unknown region code)"},
		{"metric_code", o.MetricCode, ValidID, r.metrics, "指标代码不能为空 (metric_code is required)", "指标代码格式不正确 (malformed metric code)", "没有指标 %q (unknown metric code)"},
		{"source_id", o.SourceID, ValidID, r.sources, "必须注明来源 (source_id is required)", "来源编号格式不正确 (malformed source id)", "没有来源 %q (unknown source id)"},
	} {
		switch {
		case ref.value == "":
			fe.add(ref.field, ref.required)
		case !ref.valid(ref.value):
			fe.add(ref.field, ref.malformed)
		case !ref.known[ref.value]:
			fe.add(ref.field, fmt.Sprintf(ref.unknown, ref.value))
		}
	}
	if o.Period == "" {
		fe.add("period", "时期不能为空 (period is required)")
	} else if _, err := ParsePeriod(o.Period); err != nil {
		fe.add("period", fmt.Sprintf("时期 %q 格式应为 2012、2020Q1、2020-03、2020-04-25 或 2016-01/06 (malformed period)", o.Period))
	}
	if v, err := ParseValue(string(in.Value)); err != nil {
		fe.add("value", err.Error())
	} else {
		o.Value = v
	}
	if o.Qualifier == "" {
		o.Qualifier = QualifierExact
	} else if !Qualifiers.Has(o.Qualifier) {
		fe.add("qualifier", fmt.Sprintf("表述方式 %q 应为 %s (unknown qualifier)", o.Qualifier, Qualifiers.OneOf()))
	}
	if strings.TrimSpace(string(in.ValueMax)) != "" {
		if v, err := ParseValue(string(in.ValueMax)); err != nil {
			fe.add("value_max", err.Error())
		} else {
			o.ValueMax = &v
		}
	}
	switch {
	case o.Qualifier == QualifierRange && o.ValueMax == nil:
		fe.add("value_max", "区间（range）须给出上限 value_max (a range needs value_max)")
	case o.Qualifier == QualifierRange && *o.ValueMax <= o.Value:
		fe.add("value_max", "区间上限应大于下限 value (value_max must exceed value)")
	case o.Qualifier != QualifierRange && o.ValueMax != nil:
		fe.add("value_max", "只有区间（qualifier=range）才有上限 (value_max is only for a range)")
	}
	if o.Derived && o.Qualifier == QualifierExact {
		fe.add("qualifier", "推算值不是确数：请用 approx（近/约）或其他表述方式 (a derived value is never exact)")
	}
	if (o.AltStated == "") != (o.AltQuote == "") {
		fe.add("alt_quote", "另一处表述须同时给出 alt_stated 和 alt_quote (give both alt_stated and alt_quote)")
	} else if tooLong(o.AltQuote, maxQuoteLen) {
		fe.add("alt_quote", fmt.Sprintf("原文引文最多 %d 字 (alt_quote too long)", maxQuoteLen))
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
	switch {
	case tooLong(o.Inferred, maxShortLen):
		fe.add("inferred", fmt.Sprintf("推知依据最多 %d 字 (inferred too long)", maxShortLen))
	case o.Inferred != "" && o.Derived:
		fe.add("inferred", "推算值写推算方法（derivation），不写推知依据 (a derived value has a derivation, not an inference)")
	}
	return o, fe
}

// ObservationKey is an observation's natural key: region, metric, period
// and source.
type ObservationKey struct {
	Region, Metric, Period, Source string
}

// KeyOf returns o's natural key.
func KeyOf(o Observation) ObservationKey {
	return ObservationKey{o.RegionCode, o.MetricCode, o.Period, o.SourceID}
}

// observationKey is the audit key of an observation: its id and natural key.
func observationKey(o Observation) string {
	return fmt.Sprintf("%d (%s/%s/%s/%s)", o.ID, o.RegionCode, o.MetricCode, o.Period, o.SourceID)
}

const duplicateKeyMsg = "已有相同地区、指标、时期和来源的数据（编号 %d）(duplicate of observation %d: same region, metric, period and source)"

// validateObservation checks in for a create (self 0) or for an update of
// observation self: besides the fields, its natural key must not be another
// observation's (reported under the field "key").
func validateObservation(tx *gorm.DB, in ObservationInput, self uint) (Observation, error) {
	r, err := loadRefs(tx)
	if err != nil {
		return Observation{}, err
	}
	o, fe := in.validate(r)
	if len(fe) == 0 {
		var ids []uint
		err := tx.Model(&Observation{}).Where("region_code = ? AND metric_code = ? AND period = ? AND source_id = ?",
			o.RegionCode, o.MetricCode, o.Period, o.SourceID).Limit(1).Pluck("id", &ids).Error
		if err != nil {
			return Observation{}, fmt.Errorf("look up observation key: %w", err)
		}
		if len(ids) > 0 && ids[0] != self {
			fe.add("key", fmt.Sprintf(duplicateKeyMsg, ids[0], ids[0]))
		}
	}
	return o, fe.err()
}

// CreateObservation validates in and inserts it. Unknown codes, a bad value,
// period or qualifier, a missing source or quote, or a natural key (region,
// metric, period, source) already in use are a *ValidationError; the
// duplicate is reported under the field "key".
func CreateObservation(db *gorm.DB, actor string, in ObservationInput) (Observation, error) {
	var o Observation
	_, err := write(db, func(tx *gorm.DB) (change, error) {
		var err error
		if o, err = validateObservation(tx, in, 0); err != nil {
			return change{}, err
		}
		if err := tx.Omit("Region", "Metric", "Source").Create(&o).Error; err != nil {
			return change{}, fmt.Errorf("create observation: %w", err)
		}
		return changed(newAudit(actor, ActionCreate, EntityObservation, observationKey(o), nil, o)), nil
	})
	return o, err
}

// UpdateObservation replaces every field of observation id with in. Its
// natural key may change, but not to one another observation has.
func UpdateObservation(db *gorm.DB, actor string, id uint, in ObservationInput) (Observation, error) {
	var o Observation
	_, err := write(db, func(tx *gorm.DB) (change, error) {
		var before Observation
		if err := first(tx.Where("id = ?", id), &before, EntityObservation, idKey(id)); err != nil {
			return change{}, err
		}
		var err error
		if o, err = validateObservation(tx, in, id); err != nil {
			return change{}, err
		}
		o.ID, o.CreatedAt = id, before.CreatedAt
		if err := tx.Omit("Region", "Metric", "Source").Save(&o).Error; err != nil {
			return change{}, fmt.Errorf("update observation %d: %w", id, err)
		}
		return changed(newAudit(actor, ActionUpdate, EntityObservation, observationKey(o), before, o)), nil
	})
	return o, err
}

// DeleteObservation deletes observation id, or returns ErrNotFound.
func DeleteObservation(db *gorm.DB, actor string, id uint) error {
	_, err := write(db, func(tx *gorm.DB) (change, error) {
		var before Observation
		if err := first(tx.Where("id = ?", id), &before, EntityObservation, idKey(id)); err != nil {
			return change{}, err
		}
		if err := tx.Delete(&Observation{}, id).Error; err != nil {
			return change{}, fmt.Errorf("delete observation %d: %w", id, err)
		}
		return changed(newAudit(actor, ActionDelete, EntityObservation, observationKey(before), before, nil)), nil
	})
	return err
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
