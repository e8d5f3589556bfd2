package models

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/gorm"
)

func TestSQLiteDSNAddsPragmasAndKeepsCallers(t *testing.T) {
	dsn := SQLiteDSN("data/app.db")
	if !strings.HasPrefix(dsn, "file:data/app.db?") {
		t.Fatalf("dsn %q does not start with file:data/app.db?", dsn)
	}
	q, _ := url.ParseQuery(strings.SplitN(dsn, "?", 2)[1])
	for k, v := range map[string]string{"_journal_mode": "WAL", "_busy_timeout": "5000", "_foreign_keys": "on", "_txlock": "immediate"} {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, q.Get(k), v)
		}
	}
	dsn = SQLiteDSN("file:x.db?_busy_timeout=100&mode=rwc")
	q, _ = url.ParseQuery(strings.SplitN(dsn, "?", 2)[1])
	if q.Get("_busy_timeout") != "100" || q.Get("mode") != "rwc" {
		t.Errorf("caller's settings lost: %q", dsn)
	}
}

// openTest opens a fresh database with a region, metric, source and two
// observations.
func openTest(t *testing.T) *gorm.DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Close(db) })
	nation := "100000"
	must(t, db.Create(&Region{Code: "100000", NameZH: "全国", Level: LevelNational}).Error)
	must(t, db.Create(&Region{Code: "330000", NameZH: "浙江省", Level: LevelProvince, ParentCode: &nation}).Error)
	must(t, db.Create(&Metric{Code: "m", NameZH: "指标", Unit: "亿元"}).Error)
	must(t, db.Create(&Source{ID: "s", Title: "文件", Publisher: "发布者", PublishedOn: "2020-01-02", Kind: KindSpeech}).Error)
	must(t, db.Create(&Observation{RegionCode: "100000", MetricCode: "m", Period: "2012", SourceID: "s", Value: 1, Qualifier: QualifierExact, Quote: "q1"}).Error)
	must(t, db.Create(&Observation{RegionCode: "330000", MetricCode: "m", Period: "2013", SourceID: "s", Value: 2, Qualifier: QualifierExact, Quote: "q2"}).Error)
	return db
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestForeignKeysAndUniqueKeyAreEnforced(t *testing.T) {
	db := openTest(t)
	err := db.Create(&Observation{RegionCode: "999999", MetricCode: "m", Period: "2012", SourceID: "s", Value: 1, Quote: "x"}).Error
	if err == nil {
		t.Error("observation with unknown region was accepted")
	}
	err = db.Create(&Observation{RegionCode: "100000", MetricCode: "m", Period: "2012", SourceID: "s", Value: 9, Quote: "dup"}).Error
	if !errors.Is(err, gorm.ErrDuplicatedKey) {
		t.Errorf("duplicate (region, metric, period, source): err = %v, want ErrDuplicatedKey", err)
	}
	err = db.Delete(&Region{Code: "100000"}).Error
	if err == nil {
		t.Error("deleting a region that observations use was allowed")
	}
}

func TestFindObservationsFilters(t *testing.T) {
	db := openTest(t)
	tests := []struct {
		name string
		f    ObservationFilter
		want []string // quotes
	}{
		{"all", ObservationFilter{}, []string{"q1", "q2"}},
		{"region", ObservationFilter{RegionCodes: []string{"330000"}}, []string{"q2"}},
		{"period", ObservationFilter{Periods: []string{"2012"}}, []string{"q1"}},
		{"two periods", ObservationFilter{Periods: []string{"2012", "2013"}}, []string{"q1", "q2"}},
		{"and", ObservationFilter{RegionCodes: []string{"330000"}, Periods: []string{"2012"}}, nil},
		{"source", ObservationFilter{SourceIDs: []string{"s"}, MetricCodes: []string{"m"}}, []string{"q1", "q2"}},
	}
	for _, tt := range tests {
		obs, err := FindObservations(db, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range obs {
			got = append(got, o.Quote)
			if o.Region.NameZH == "" || o.Metric.Unit == "" || o.Source.Title == "" {
				t.Errorf("%s: references not loaded: %+v", tt.name, o)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestGetNotFound(t *testing.T) {
	db := openTest(t)
	if _, err := GetRegion(db, "123456"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetRegion: %v, want ErrNotFound", err)
	}
	if _, err := GetMetric(db, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetMetric: %v, want ErrNotFound", err)
	}
	if _, err := GetSource(db, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetSource: %v, want ErrNotFound", err)
	}
	r, err := GetRegion(db, "330000")
	if err != nil || r.Parent == nil || r.Parent.NameZH != "全国" {
		t.Errorf("GetRegion(330000) = %+v, %v; want parent 全国 loaded", r, err)
	}
}

func TestDataVersionBumps(t *testing.T) {
	db := openTest(t)
	v0, err := CurrentDataVersion(db)
	if err != nil || v0 != 0 {
		t.Fatalf("initial version %d, %v", v0, err)
	}
	for want := int64(1); want <= 3; want++ {
		must(t, BumpDataVersion(db))
		v, err := CurrentDataVersion(db)
		if err != nil || v != want {
			t.Fatalf("after bump: %d, %v; want %d", v, err, want)
		}
	}
}

func TestCountAll(t *testing.T) {
	db := openTest(t)
	c, err := CountAll(db)
	if err != nil {
		t.Fatal(err)
	}
	if c != (Counts{Sources: 1, Regions: 2, Metrics: 1, Observations: 2}) {
		t.Errorf("CountAll = %+v", c)
	}
}
