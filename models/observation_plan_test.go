package models_test

import (
	"path/filepath"
	"strings"
	"testing"

	"ecomdash/models"
	"ecomdash/models/dbtest"
)

// TestRegionQueriesReadTheKeyIndexOnSQLite: SQLite keeps no statistics, and
// without them its planner reads "region IN … AND metric IN …" through the
// metric index, every region's rows of those metrics. Each query a chart
// runs must go through the key index instead, so that it reads the regions
// asked for and no more.
func TestRegionQueriesReadTheKeyIndexOnSQLite(t *testing.T) {
	db := dbtest.Open(t, filepath.Join(t.TempDir(), "plan.db"))
	f := models.ObservationFilter{RegionCodes: []string{"330800", "330000"}, MetricCodes: []string{"a", "b"},
		Periods: []string{"2012", "2013"}, YearFrom: "2010"}
	logged, rec := dbtest.Record(db)
	if _, err := models.FindObservations(logged, f); err != nil {
		t.Fatal(err)
	}
	if _, err := models.ObservationPeriods(logged, f, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := models.MeasureObservations(logged, f); err != nil {
		t.Fatal(err)
	}
	if _, err := models.LatestYears(logged, f); err != nil {
		t.Fatal(err)
	}
	sqls := rec.Statements()
	if len(sqls) != 4 {
		t.Fatalf("recorded %d statements, want 4: %q", len(sqls), sqls)
	}
	for _, sql := range sqls {
		var plan []struct {
			ID, Parent, Notused int
			Detail              string
		}
		if err := db.Raw("EXPLAIN QUERY PLAN " + sql).Scan(&plan).Error; err != nil {
			t.Fatalf("explain %s: %v", sql, err)
		}
		var details []string
		for _, p := range plan {
			details = append(details, p.Detail)
		}
		all := strings.Join(details, "; ")
		if !strings.Contains(all, "SEARCH observations USING") || !strings.Contains(all, "INDEX idx_observation_key (region_code=? AND metric_code=?") {
			t.Errorf("%s\nplan: %s\nwant a search of observations through idx_observation_key on region and metric", sql, all)
		}
	}
}
