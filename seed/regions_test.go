package seed

import (
	"slices"
	"testing"

	"gorm.io/gorm"

	"ecomdash/models"
	"ecomdash/models/dbtest"
	"ecomdash/seed/divisions"
)

// Two of the documents' regions without a constant of their own.
const (
	shanghai = "310000"
	suichang = "331123"
)

// TestDocumentRegionsAreInTheDivisions: each region the documents name is
// the divisions' region of its code, with the same name, short name, level
// and parent; the seed lists every division once, parents first.
func TestDocumentRegionsAreInTheDivisions(t *testing.T) {
	e := divisions.Shipped()
	byCode := map[string]divisions.Division{}
	for _, d := range e.Regions {
		byCode[d.Code] = d
	}
	for _, r := range documentRegions {
		d, ok := byCode[r.Code]
		parent := ""
		if r.ParentCode != nil {
			parent = *r.ParentCode
		}
		if !ok || d.Name != r.NameZH || d.Short != r.ShortName || d.Level != r.Level || d.Parent != parent {
			t.Errorf("%s %s: the divisions have %+v", r.Code, r.NameZH, d)
		}
	}
	if len(Regions) != e.Count {
		t.Errorf("the seed has %d regions, the edition %d", len(Regions), e.Count)
	}
	seen := map[string]bool{}
	for _, r := range Regions {
		if r.ParentCode != nil && !seen[*r.ParentCode] {
			t.Errorf("%s: parent %s not before it", r.Code, *r.ParentCode)
		}
		seen[r.Code] = true
	}
}

// seededWithRevision5 is a database as the seed of revision 5 left it (the
// nine regions the documents name, without short names), revisions 2 to 5
// recorded.
func seededWithRevision5(t *testing.T, databaseURL string) *gorm.DB {
	t.Helper()
	rows, err := snapshot(5)
	if err != nil {
		t.Fatal(err)
	}
	rows.Dashboards, rows.Revisions = Dashboards, []int{2, 3, 4, 5}
	db := dbtest.Open(t, databaseURL)
	if _, err := models.InsertMissing(db, rows); err != nil {
		t.Fatal(err)
	}
	return db
}

// parentsExist fails unless every region's parent is a region.
func parentsExist(t *testing.T, db *gorm.DB) []models.Region {
	t.Helper()
	regions, err := models.Regions.List(db)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, r := range regions {
		codes[r.Code] = true
	}
	for _, r := range regions {
		if r.ParentCode != nil && !codes[*r.ParentCode] {
			t.Errorf("%s %s: parent %s is not a region", r.Code, r.NameZH, *r.ParentCode)
		}
	}
	return regions
}

// TestRevision6AddsEveryRegion: a database seeded before revision 6 gets
// every region of China at start-up and the documents' regions their short
// names; a region an administrator edited or added under a division's code
// is kept as it is, and no figure changes.
func TestRevision6AddsEveryRegion(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := seededWithRevision5(t, databaseURL)
		quzhou, _ := models.Regions.Get(db, RegionQuzhou)
		quzhou.NameEN, quzhou.ShortName = "Quzhou City", "" // an administrator's edit; Update would fill the short name
		if err := db.Model(&models.Region{}).Where("code = ?", RegionQuzhou).Update("name_en", quzhou.NameEN).Error; err != nil {
			t.Fatal(err)
		}
		own := models.Region{Code: "330802", NameZH: "柯城区", NameEN: "Kecheng", Level: models.LevelDistrict, ParentCode: code(RegionQuzhou)}
		if _, err := models.Regions.Create(db, "alice", own); err != nil {
			t.Fatal(err)
		}
		before := counts(t, db)
		rep, err := Ensure(db, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Revisions) != 1 || rep.Revisions[0].Number != 6 {
			t.Fatalf("report %+v, want revision 6 applied", rep.Revisions)
		}
		r6 := rep.Revisions[0]
		if r6.Inserted != len(Regions)-len(documentRegions)-1 || r6.Updated != len(documentRegions)-1 || !slices.Equal(r6.Kept, []string{RegionQuzhou}) {
			t.Errorf("revision 6: %d inserted, %d updated, kept %v; want %d, %d, [%s]", r6.Inserted, r6.Updated, r6.Kept,
				len(Regions)-len(documentRegions)-1, len(documentRegions)-1, RegionQuzhou)
		}
		after := counts(t, db)
		if after.Regions != len(Regions) || after.Observations != before.Observations || after.Metrics != before.Metrics {
			t.Errorf("counts %+v after %+v, want %d regions and the same figures", after, before, len(Regions))
		}
		parentsExist(t, db)
		if r, _ := models.Regions.Get(db, RegionZhejiang); r.ShortName != "浙江" {
			t.Errorf("浙江省's short name %q", r.ShortName)
		}
		if r, _ := models.Regions.Get(db, RegionQuzhou); r.NameEN != "Quzhou City" || r.Short() != "衢州市" {
			t.Errorf("the administrator's 衢州市 became %+v", r)
		}
		if r, _ := models.Regions.Get(db, "330802"); r.NameEN != "Kecheng" {
			t.Errorf("the administrator's 柯城区 became %+v", r)
		}
		if r, _ := models.Regions.Get(db, "429004"); r.NameZH != "仙桃市" || r.ShortName != "仙桃" || r.ParentCode == nil || *r.ParentCode != "420000" {
			t.Errorf("仙桃市: %+v", r)
		}
		again, err := Ensure(db, Options{})
		if err != nil || len(again.Revisions) != 0 || counts(t, db) != after {
			t.Errorf("Ensure again: %+v, %v", again, err)
		}
	})
}

// TestNewEditionKeepsEveryRegionWithFigures loads an edition that renames
// a region with figures, moves one to another parent, merges one with
// figures away into a new code and adds a region: every region that had
// figures is still there with every figure, the renamed one keeps its
// English name, the merged one is reported, and loading it again changes
// nothing.
func TestNewEditionKeepsEveryRegionWithFigures(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openDB(t, databaseURL)
		if _, err := Ensure(db, Options{}); err != nil {
			t.Fatal(err)
		}
		withFigures := regionsWithFigures(t, db)
		if len(withFigures) < 5 {
			t.Fatalf("only %d regions have figures", len(withFigures))
		}
		before := counts(t, db)

		var next []models.Region
		for _, r := range divisions.Shipped().Rows() {
			switch r.Code {
			case RegionJiading: // merged into a new 310199
				continue
			case RegionQuzhou:
				r.NameZH, r.ShortName = "衢州新市", ""
			case suichang:
				r.ParentCode = code(RegionQuzhou)
			}
			next = append(next, r)
			if r.Code == shanghai {
				next = append(next, models.Region{Code: "310199", NameZH: "嘉定新区", Level: models.LevelDistrict, ParentCode: code(shanghai)})
			}
		}
		rep, err := models.LoadRegions(db, "tester", next)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rep.Inserted, []string{"310199"}) || len(rep.Updated) != 2 || len(rep.Kept) != 1 ||
			rep.Kept[0].Code != RegionJiading || rep.Kept[0].Figures == 0 {
			t.Errorf("load: inserted %v, updated %+v, kept %+v", rep.Inserted, rep.Updated, rep.Kept)
		}
		after := counts(t, db)
		if after.Observations != before.Observations || after.Regions != before.Regions+1 {
			t.Errorf("counts %+v after %+v, want every figure and one region more", after, before)
		}
		for code, n := range withFigures {
			var got int64
			if err := db.Model(&models.Observation{}).Where("region_code = ?", code).Count(&got).Error; err != nil || got != n {
				t.Errorf("%s: %d figures (%v), want %d", code, got, err, n)
			}
			if _, err := models.Regions.Get(db, code); err != nil {
				t.Errorf("%s: %v", code, err)
			}
		}
		parentsExist(t, db)
		if r, _ := models.Regions.Get(db, RegionQuzhou); r.NameZH != "衢州新市" || r.ShortName != "衢州新" || r.NameEN != "Quzhou" {
			t.Errorf("renamed 衢州: %+v", r)
		}
		if r, _ := models.Regions.Get(db, suichang); r.ParentCode == nil || *r.ParentCode != RegionQuzhou {
			t.Errorf("moved 遂昌: %+v", r)
		}
		again, err := models.LoadRegions(db, "tester", next)
		if err != nil || len(again.Inserted)+len(again.Updated) != 0 || len(again.Kept) != 1 || counts(t, db) != after {
			t.Errorf("loading again: %+v, %v", again, err)
		}
	})
}

// regionsWithFigures counts the figures of each region that has any.
func regionsWithFigures(t *testing.T, db *gorm.DB) map[string]int64 {
	t.Helper()
	var rows []struct {
		RegionCode string
		N          int64
	}
	if err := db.Model(&models.Observation{}).Select("region_code, COUNT(*) AS n").Group("region_code").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.RegionCode] = r.N
	}
	return out
}
