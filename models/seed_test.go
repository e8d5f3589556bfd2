package models

import (
	"path/filepath"
	"testing"
	"time"
)

// TestSameContentComparesTheSchemaColumns: what the seed upgrade calls "as
// seeded" is every column but those the database fills in itself.
func TestSameContentComparesTheSchemaColumns(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "same.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer Close(db)
	sameObs, err := sameContent[Observation](db)
	if err != nil {
		t.Fatal(err)
	}
	one, other := 4.0, 4.0
	base := Observation{ID: 1, RegionCode: "330800", MetricCode: "m", Period: "2012", SourceID: "s", Value: 3, ValueMax: &one, Qualifier: QualifierRange, Quote: "q"}
	for name, tc := range map[string]struct {
		edit func(o *Observation)
		same bool
	}{
		"id, times and associations": {func(o *Observation) {
			o.ID, o.CreatedAt, o.UpdatedAt, o.Region = 9, time.Now(), time.Now(), Region{Code: "330800", NameZH: "衢州市"}
		}, true},
		"an equal value behind another pointer": {func(o *Observation) { o.ValueMax = &other }, true},
		"note":                                  {func(o *Observation) { o.Note = "管理员更正" }, false},
		"period":                                {func(o *Observation) { o.Period = "2013" }, false},
		"value_max":                             {func(o *Observation) { o.ValueMax = nil }, false},
	} {
		o := base
		tc.edit(&o)
		if got := sameObs(base, o); got != tc.same {
			t.Errorf("%s: same = %v, want %v", name, got, tc.same)
		}
	}
	sameSource, err := sameContent[Source](db)
	if err != nil {
		t.Fatal(err)
	}
	if s := (Source{ID: "a", Title: "标题"}); sameSource(s, Source{ID: "b", Title: "标题"}) {
		t.Error("sources with different ids compare the same")
	}
	sameRegion, err := sameContent[Region](db)
	if err != nil {
		t.Fatal(err)
	}
	p, q := "330000", "310000"
	if r := (Region{Code: "330800", ParentCode: &p}); !sameRegion(r, Region{Code: "330800", ParentCode: &p, Parent: &Region{Code: p}}) || sameRegion(r, Region{Code: "330800", ParentCode: &q}) {
		t.Error("regions compared on their loaded parent, or not on their parent code")
	}
}
