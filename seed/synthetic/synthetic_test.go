package synthetic

import (
	"path/filepath"
	"testing"

	"ecomdash/models"
	"ecomdash/models/dbtest"
	"ecomdash/seed"
)

func TestBuildAddsTheGridOnceAndChildrenResolve(t *testing.T) {
	db := dbtest.Open(t, filepath.Join(t.TempDir(), "s.db"))
	if _, err := seed.Run(db); err != nil {
		t.Fatal(err)
	}
	before, err := models.CountAll(db)
	if err != nil {
		t.Fatal(err)
	}
	size, err := Build(db, Options{Regions: 50, Metrics: 3, FirstYear: 2001, LastYear: 2010})
	if err != nil {
		t.Fatal(err)
	}
	if size.Figures != 50*3*10 || size.Added.Observations != size.Figures {
		t.Fatalf("figures %d, added %d, want %d", size.Figures, size.Added.Observations, 50*3*10)
	}
	after, _ := models.CountAll(db)
	if after.Observations != before.Observations+1500 {
		t.Errorf("observations %d → %d, want +1500", before.Observations, after.Observations)
	}
	again, err := Build(db, Options{Regions: 50, Metrics: 3, FirstYear: 2001, LastYear: 2010})
	if err != nil || again.Added.Total() != 0 {
		t.Errorf("second build added %+v (%v), want nothing", again.Added, err)
	}
	// Zhejiang's eleven cities are all listed, so children:330000 is whole.
	kids, err := models.ChildRegions(db, "330000")
	if err != nil || len(kids) != 11 {
		t.Errorf("children of 330000: %d (%v), want 11", len(kids), err)
	}
	if len(regionList) != 120 || len(metricList) != 20 {
		t.Errorf("lists hold %d regions and %d metrics, want 120 and 20", len(regionList), len(metricList))
	}
	seen := map[string]bool{}
	for _, r := range regionList {
		if seen[r.code] || !models.ValidRegionCode(r.code) {
			t.Errorf("region %s listed twice or invalid", r.code)
		}
		seen[r.code] = true
	}
	if _, err := Build(db, Options{Regions: 121}); err == nil {
		t.Error("121 regions: no error")
	}
}
