package models

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Source kinds, as stored in Source.Kind.
const (
	KindNewsReport           = "news_report"
	KindInterview            = "interview"
	KindSpeech               = "speech"
	KindOfficialReply        = "official_reply"
	KindPolicyInterpretation = "policy_interpretation"
)

// SourceKinds lists every valid Source.Kind with its Chinese label.
var SourceKinds = map[string]string{
	KindNewsReport:           "新闻报道",
	KindInterview:            "访谈",
	KindSpeech:               "讲话",
	KindOfficialReply:        "提案答复",
	KindPolicyInterpretation: "政策解读",
}

// Source is one document that figures are taken from.
type Source struct {
	// ID is a stable, URL-safe identifier such as "quzhou-speech-2013".
	ID string `gorm:"primaryKey;size:64" json:"id"`
	// Title is the document's own title, in Simplified Chinese.
	Title string `gorm:"not null" json:"title"`
	// Publisher is the organisation that published the document (人民网, 嘉定区商务委员会 …).
	Publisher string `gorm:"not null" json:"publisher"`
	// Author is the person speaking or writing, where the document names one.
	Author string `json:"author,omitempty"`
	// PublishedOn is the publication date as YYYY-MM-DD.
	PublishedOn string `gorm:"size:10;not null" json:"published_on"`
	// Kind is one of the Kind* constants.
	Kind string `gorm:"size:32;not null" json:"kind"`
	// FileName is the name of the document file the figures were read from.
	FileName string `json:"file_name,omitempty"`
	// Summary is one sentence on what the document is.
	Summary string `json:"summary,omitempty"`

	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// KindLabel returns the Chinese label of the source's kind.
func (s Source) KindLabel() string {
	if l, ok := SourceKinds[s.Kind]; ok {
		return l
	}
	return s.Kind
}

// Citation is the one-line reference used on charts and in exports:
// "title，publisher，date".
func (s Source) Citation() string {
	return s.Title + "，" + s.Publisher + "，" + s.PublishedOn
}

// ListSources returns every source, oldest document first.
func ListSources(db *gorm.DB) ([]Source, error) {
	var out []Source
	if err := db.Order(byteOrders(db, "published_on", "id")).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}

// GetSource returns the source with the given id, or ErrNotFound.
func GetSource(db *gorm.DB, id string) (Source, error) {
	return sourceTable.get(db, id)
}

// CreateSource validates s and inserts it. A malformed field or an id in use
// is a *ValidationError.
func CreateSource(db *gorm.DB, actor string, s Source) (Source, error) {
	return sourceTable.create(db, actor, s)
}

// UpdateSource replaces every field of the source id with s (s.ID must be
// empty or id). ErrNotFound when there is no such source.
func UpdateSource(db *gorm.DB, actor, id string, s Source) (Source, error) {
	return sourceTable.update(db, actor, id, s)
}

// DeleteSource deletes the source id. If observations use it, it is an
// *InUseError unless cascade is true, in which case they are deleted too
// (each recorded in the audit trail). It returns how many observations were
// deleted.
func DeleteSource(db *gorm.DB, actor, id string, cascade bool) (int, error) {
	return sourceTable.remove(db, actor, id, cascade)
}

var sourceTable = keyedTable[Source]{
	entity: EntitySource, column: "id", field: "id", label: "来源编号", labelEN: "source id",
	refColumn: "source_id",
	key:       func(s *Source) *string { return &s.ID },
	createdAt: func(s *Source) *time.Time { return &s.CreatedAt },
	validate:  func(_ *gorm.DB, s Source) (fieldErrors, error) { return validateSource(s), nil },
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
