package models

import (
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Sources is the sources table, listed oldest document first. Create and Update validate (a malformed
// field or, on create, an id in use is a *ValidationError); Delete refuses
// a source that observations use with an *InUseError unless cascade is set.
var Sources = &Table[Source]{
	entity: EntitySource, column: "id", field: "id", label: "来源编号", labelEN: "source id", refColumn: "source_id",
	key: func(s *Source) *string { return &s.ID }, createdAt: func(s *Source) *time.Time { return &s.CreatedAt },
	order: func(db *gorm.DB) string { return byteOrders(db, "published_on", "id") }, validate: validateSource,
}

func validateSource(_ *gorm.DB, s Source) (fieldErrors, error) {
	fe := fieldErrors{}
	fe.check(ValidID(s.ID), "id", "来源编号应为小写字母、数字、_ 或 -，最多64个字符 (malformed source id)")
	checkTexts(fe, s)
	fe.check(validPublishedOn(s.PublishedOn), "published_on", "发布日期应为 YYYY-MM-DD，只知年月或年份时写 YYYY-MM 或 YYYY (published_on must be YYYY-MM-DD, YYYY-MM or YYYY)")
	fe.check(SourceKinds.Has(s.Kind), "kind", "类型应为 "+SourceKinds.OneOf()+" (unknown kind)")
	if s.FileName != "" && (!reFileName.MatchString(s.FileName) || strings.Contains(s.FileName, "..")) {
		fe.add("file_name", "文件名只能含字母、数字、_ . - (malformed file name)")
	}
	fe.check(s.URL == "" || validDocumentURL(s.URL), "url", "链接应为 http:// 或 https:// 开头的网址 (url must be an http or https address)")
	return fe, nil
}

// validDocumentURL accepts an absolute http or https address with a host.
func validDocumentURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

// validPublishedOn accepts a date YYYY-MM-DD, or a partial date YYYY-MM or
// YYYY when the document gives no more.
func validPublishedOn(s string) bool {
	for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Format(layout) == s {
			return true
		}
	}
	return false
}
