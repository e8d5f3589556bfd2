// Package models owns the database schema and every query the application
// runs. Handlers, charts and commands never build SQL; they call the named
// functions in this package.
//
// The schema has four tables of figures: a Source is a document the figures
// come from, a Region is an administrative area (keyed by its GB/T 2260
// code), a Metric is a statistic with a unit and a definition (统计口径),
// and an Observation is one figure: a region's metric in a period, as one
// source stated it. Beside them, DataVersion counts changes (caches key on
// it) and AuditEntry records each one.
//
// One file per entity holds its type, reads, validation and writes
// (source.go, region.go, metric.go, observation.go, audit.go); every write
// goes through write (write.go): lock, validate, write, bump the data
// version, append the audit entry. csv.go is the CSV format (columns,
// writer, reader), import.go the import built on it, seed.go loads the seed
// rows, backup.go copies a SQLite database, db.go and dsn.go open databases.
package models

import (
	"slices"
	"strings"
	"time"
)

// Free text fields carry their rule in a text tag, "required,N" or
// "optional,N" (at most N characters), and their Chinese name in a label
// tag, for the messages of checkTexts.

// Codes are the values one coded field may hold (Source.Kind, Region.Level,
// Metric.Kind, Observation.Qualifier; a chart state's type, axis …), in
// order, each with its Chinese label. The field stores the code (in JSON and
// CSV too); writes accept only the codes listed, and pages show the labels.
type Codes[T ~string] []CodeLabel[T]

// CodeLabel is one coded value and its Chinese label.
type CodeLabel[T ~string] struct {
	Code  T
	Label string
}

// Has reports whether code is one of cs.
func (cs Codes[T]) Has(code T) bool {
	return slices.ContainsFunc(cs, func(c CodeLabel[T]) bool { return c.Code == code })
}

// Label returns code's Chinese label, or code itself when it has none.
func (cs Codes[T]) Label(code T) string {
	if i := slices.IndexFunc(cs, func(c CodeLabel[T]) bool { return c.Code == code }); i >= 0 {
		return cs[i].Label
	}
	return string(code)
}

// Values are the codes, in order.
func (cs Codes[T]) Values() []T {
	out := make([]T, len(cs))
	for i, c := range cs {
		out[i] = c.Code
	}
	return out
}

// OneOf lists the codes with their labels for a validation message:
// "statistic（统计数）、target（目标）或 rank（位次）".
func (cs Codes[T]) OneOf() string {
	items := make([]string, len(cs))
	for i, c := range cs {
		items[i] = string(c.Code) + "（" + c.Label + "）"
	}
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], "、") + "或 " + items[len(items)-1]
}

// Source kinds, as stored in Source.Kind.
const (
	KindNewsReport           = "news_report"
	KindInterview            = "interview"
	KindSpeech               = "speech"
	KindOfficialReply        = "official_reply"
	KindPolicyInterpretation = "policy_interpretation"
	// KindStatistics is a statistical publication: a 统计年鉴 or 统计公报
	// table, a bureau's data release, a workbook an office keeps.
	KindStatistics = "statistics"
)

// SourceKinds lists every valid Source.Kind with its Chinese label.
var SourceKinds = Codes[string]{
	{KindNewsReport, "新闻报道"},
	{KindInterview, "访谈"},
	{KindSpeech, "讲话"},
	{KindOfficialReply, "提案答复"},
	{KindPolicyInterpretation, "政策解读"},
	{KindStatistics, "统计资料"},
}

// Region levels, as stored in Region.Level.
const (
	LevelNational = "national"
	LevelProvince = "province"
	LevelCity     = "city"
	LevelDistrict = "district"
	LevelCounty   = "county"
)

// RegionLevels lists every valid Region.Level with its Chinese label.
var RegionLevels = Codes[string]{
	{LevelNational, "全国"},
	{LevelProvince, "省级"},
	{LevelCity, "地级市"},
	{LevelDistrict, "市辖区"},
	{LevelCounty, "县"},
}

// Qualifiers say how a document stated a figure.
const (
	// QualifierExact: the document gave the value as is (达到12.3亿元).
	QualifierExact = "exact"
	// QualifierMoreThan: 超过 / 以上 — the true value is above the figure.
	QualifierMoreThan = "more_than"
	// QualifierApprox: 近 / 约 / 左右 — the figure is approximate.
	QualifierApprox = "approx"
	// QualifierAtLeast: 多 / 余 — the figure is a round lower bound (6000多家).
	QualifierAtLeast = "at_least"
	// QualifierNoLessThan: 不少于 / 至少 — a minimum required or promised
	// (每个县要不少于1个乡镇), not a count of what exists.
	QualifierNoLessThan = "no_less_than"
	// QualifierAtMost: 前N位 / 以内 / 不超过 — the true value is at most the
	// figure (居全国前10位: a rank of 10 or better).
	QualifierAtMost = "at_most"
	// QualifierRange: the document gave two values (三、四家): Value is the
	// low end and ValueMax the high end.
	QualifierRange = "range"
)

// Qualifiers lists every valid qualifier with its Chinese label.
var Qualifiers = Codes[string]{
	{QualifierExact, "确数"},
	{QualifierMoreThan, "超过"},
	{QualifierApprox, "近/约"},
	{QualifierAtLeast, "多/余"},
	{QualifierNoLessThan, "不少于"},
	{QualifierAtMost, "前/以内"},
	{QualifierRange, "区间"},
}

// Metric kinds, as stored in Metric.Kind.
const (
	// MetricStatistic is an outcome: what was counted or measured.
	MetricStatistic = "statistic"
	// MetricTarget is a plan's or a request's target: what should be
	// reached, not what was. Charts mark it and never draw it on a time axis.
	MetricTarget = "target"
	// MetricRank is a position in a ranking (第2位): smaller is better.
	MetricRank = "rank"
)

// MetricKinds lists every valid Metric.Kind with its Chinese label.
var MetricKinds = Codes[string]{
	{MetricStatistic, "统计数"},
	{MetricTarget, "目标"},
	{MetricRank, "位次"},
}

// KindLabel returns the Chinese label of the metric's kind.
func (m Metric) KindLabel() string { return MetricKinds.Label(m.Kind) }

// IsTarget reports whether the metric is a target rather than an outcome.
func (m Metric) IsTarget() bool { return m.Kind == MetricTarget }

// IsRank reports whether the metric is a rank (a place, not a quantity).
func (m Metric) IsRank() bool { return m.Kind == MetricRank }

// KindLabel returns the Chinese label of the source's kind.
func (s Source) KindLabel() string { return SourceKinds.Label(s.Kind) }

// LevelLabel returns the Chinese label of the region's level.
func (r Region) LevelLabel() string { return RegionLevels.Label(r.Level) }

// Short is the region's short name (衢州), or its full name when it has none.
func (r Region) Short() string {
	if r.ShortName != "" {
		return r.ShortName
	}
	return r.NameZH
}

// Upper is the high end of a range (ValueMax), or Value when there is none.
func (o Observation) Upper() float64 {
	if o.ValueMax != nil {
		return *o.ValueMax
	}
	return o.Value
}

// InferredNote says that the figure was read off a statement covering
// several periods, in the statement's words: 据“连续3年”推知; "" for a
// figure the document gives for its own period.
func (o Observation) InferredNote() string {
	if o.Inferred == "" {
		return ""
	}
	return "据“" + o.Inferred + "”推知"
}

// QualifierLabel returns the Chinese label of the observation's qualifier.
func (o Observation) QualifierLabel() string { return Qualifiers.Label(o.Qualifier) }

// Source is one document that figures are taken from.
type Source struct {
	// ID is a stable, URL-safe identifier such as "quzhou-speech-2013".
	ID string `gorm:"primaryKey;size:64" json:"id"`
	// Title is the document's own title, in Simplified Chinese, or, where
	// the document has none, a title supplied for it (TitleSupplied).
	Title string `gorm:"not null" json:"title" text:"required,200" label:"标题"`
	// TitleSupplied is true when the document carries no title of its own
	// and Title was written for it: it is then shown as 〔拟〕Title.
	TitleSupplied bool `gorm:"not null;default:false" json:"title_supplied"`
	// Publisher is the organisation that published the document (人民网, 嘉定区商务委员会 …).
	Publisher string `gorm:"not null" json:"publisher" text:"required,200" label:"发布机构"`
	// Author is the person speaking or writing, where the document names one.
	Author string `json:"author,omitempty" text:"optional,200" label:"作者"`
	// PublishedOn is the publication date as YYYY-MM-DD, or as YYYY-MM or
	// YYYY when the document gives no more: a partial date records the
	// precision known, never a guessed day.
	PublishedOn string `gorm:"size:10;not null" json:"published_on"`
	// Kind is one of the Kind* constants.
	Kind string `gorm:"size:32;not null" json:"kind"`
	// FileName is the name of the document file the figures were read from.
	FileName string `json:"file_name,omitempty"`
	// Summary is one sentence on what the document is.
	Summary string `json:"summary,omitempty" text:"optional,2000" label:"摘要"`
	// URL is where the document can be read (http or https), when it is
	// online; "" otherwise.
	URL string `gorm:"size:500;not null;default:''" json:"url,omitempty" text:"optional,500" label:"链接"`

	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// SuppliedTitleMark opens a title the document does not carry itself.
const SuppliedTitleMark = "〔拟〕"

// DisplayTitle is the title as every page, image, CSV and report shows it:
// a supplied title is marked 〔拟〕.
func (s Source) DisplayTitle() string {
	if s.TitleSupplied {
		return SuppliedTitleMark + s.Title
	}
	return s.Title
}

// Citation is the one-line reference used on charts and in exports:
// "title，publisher，date".
func (s Source) Citation() string {
	return s.DisplayTitle() + "，" + s.Publisher + "，" + s.PublishedOn
}

// Region is an administrative area.
type Region struct {
	// Code is the GB/T 2260 administrative division code (100000 for the nation).
	Code string `gorm:"primaryKey;size:12" json:"code"`
	// NameZH is the Chinese name, e.g. 衢州市.
	NameZH string `gorm:"not null" json:"name_zh" text:"required,200" label:"中文名称"`
	// NameEN is the English name, e.g. Quzhou.
	NameEN string `json:"name_en" text:"optional,200" label:"英文名称"`
	// ShortName is the name as people say it, e.g. 衢州 for 衢州市, 内蒙古
	// for 内蒙古自治区 (ShortRegionName); a write that leaves it empty
	// gets ShortRegionName(NameZH). Rows made before it existed hold ""
	// until a seed revision or a region load sets it; Short falls back to
	// NameZH.
	ShortName string `gorm:"size:64;not null;default:''" json:"short_name" text:"optional,64" label:"简称"`
	// Level is one of the Level* constants.
	Level string `gorm:"size:16;not null" json:"level"`
	// ParentCode is the code of the enclosing region; nil for the nation.
	ParentCode *string `gorm:"size:12;index" json:"parent_code"`
	// Parent is the enclosing region (loaded only where a query says so).
	Parent *Region `gorm:"foreignKey:ParentCode;references:Code;constraint:OnUpdate:CASCADE,OnDelete:RESTRICT" json:"-"`

	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// Metric is a statistic with one unit and one definition (统计口径).
type Metric struct {
	// Code is a stable identifier used in URLs and CSV, e.g. online_retail_sales.
	Code string `gorm:"primaryKey;size:64" json:"code"`
	// NameZH is the Chinese name, e.g. 网络零售额.
	NameZH string `gorm:"not null" json:"name_zh" text:"required,200" label:"中文名称"`
	// NameEN is the English name.
	NameEN string `json:"name_en" text:"optional,200" label:"英文名称"`
	// Unit is the unit as the documents use it: 亿元, 万元, 亿件, 家, 个, %, GB, 万人 …;
	// a rate names its time base (亿件/天, 元/月), a total over its period
	// does not (亿件: its period is its time base).
	Unit string `gorm:"size:16;not null" json:"unit" text:"required,16" label:"单位"`
	// Definition is a one-line statement of what is counted (统计口径): it
	// describes the metric; remarks on one figure go on that figure's Note.
	Definition string `json:"definition" text:"optional,2000" label:"统计口径"`
	// Kind is one of the Metric* constants (statistic when empty).
	Kind string `gorm:"size:16;not null;default:statistic" json:"kind"`
	// Subject names what the metric is about when that is not the region
	// itself, such as one company's platform (阿里巴巴平台): such a figure
	// is not a statistic of its region and is kept out of regional comparisons.
	Subject string `json:"subject,omitempty" text:"optional,100" label:"所述对象"`

	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// Observation is one figure: a region's metric in a period, as one source
// stated it. It is unique on (region, metric, period, source).
type Observation struct {
	ID uint `gorm:"primaryKey" json:"id"`

	RegionCode string `gorm:"size:12;not null;uniqueIndex:idx_observation_key,priority:1" json:"region_code"`
	MetricCode string `gorm:"size:64;not null;uniqueIndex:idx_observation_key,priority:2;index" json:"metric_code"`
	// Period is "2012" (year), "2020Q1" (quarter), "2020-03" (month) or
	// "2020-04-25" (day); see ParsePeriod.
	Period   string `gorm:"size:10;not null;uniqueIndex:idx_observation_key,priority:3" json:"period"`
	SourceID string `gorm:"size:64;not null;uniqueIndex:idx_observation_key,priority:4;index" json:"source_id"`

	// Value is the figure in the metric's unit (the low end of a range).
	Value float64 `gorm:"not null" json:"value"`
	// ValueMax is the high end when the document gave a range (三、四家);
	// nil otherwise.
	ValueMax *float64 `json:"value_max,omitempty"`
	// Qualifier is one of the Qualifier* constants.
	Qualifier string `gorm:"size:16;not null;default:exact" json:"qualifier"`
	// Stated is the figure exactly as the document wrote it (近300亿元,
	// 47.8万家); empty for derived values.
	Stated string `json:"stated,omitempty"`
	// Derived is true when the value was computed rather than reported.
	Derived bool `gorm:"not null;default:false" json:"derived"`
	// Derivation says how a derived value was computed; empty when reported.
	Derivation string `json:"derivation,omitempty"`
	// Quote is the sentence or clause the figure came from, in clean
	// Simplified Chinese.
	Quote string `gorm:"not null" json:"quote"`
	// Note is an optional remark on scope or reading (e.g. a target, not an outcome).
	Note string `json:"note,omitempty"`
	// Inferred, when set, says that the document did not report the figure
	// for its period alone: it was read off a statement covering several
	// periods at once, whose words these are (连续3年: 金华's 2010 and 2011
	// ranks, from “连续3年居浙江省第2位” said in 2012). Wherever the figure
	// is drawn or listed it says so (InferredNote; （连续3年） under a
	// chart's label), and Quote keeps that statement. Empty for a figure
	// the document gives for its own period.
	Inferred string `json:"inferred,omitempty"`
	// AltStated and AltQuote record where the same document states the
	// same figure differently in another sentence (导语“超过109家”, 正文“达109家”):
	// the inconsistency is shown, not resolved silently.
	AltStated string `json:"alt_stated,omitempty"`
	AltQuote  string `json:"alt_quote,omitempty"`

	Region Region `gorm:"foreignKey:RegionCode;references:Code;constraint:OnUpdate:CASCADE,OnDelete:RESTRICT" json:"-"`
	Metric Metric `gorm:"foreignKey:MetricCode;references:Code;constraint:OnUpdate:CASCADE,OnDelete:RESTRICT" json:"-"`
	Source Source `gorm:"foreignKey:SourceID;references:ID;constraint:OnUpdate:CASCADE,OnDelete:RESTRICT" json:"-"`

	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// allModels lists the tables Migrate creates, parents first.
func allModels() []any {
	return []any{&Source{}, &Region{}, &Metric{}, &Observation{}, &DataVersion{}, &AuditEntry{}, &Chart{}, &Dashboard{}, &SeedRevision{}, &ImportBatch{}}
}
