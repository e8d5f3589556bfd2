package charts

import (
	"testing"

	"ecomdash/charts/state"
	"ecomdash/seed"
)

// TestRefLinks: a saved chart's outputs are named by its id, a state's by
// the state in the query string; equal states are one Ref.
func TestRefLinks(t *testing.T) {
	const canonical = "metrics=online_retail_sales&regions=330800,siblings:330800&periods=latest"
	st, err := state.Parse("regions=330800,siblings:330800&metrics=online_retail_sales&periods=latest&sort=none")
	if err != nil {
		t.Fatal(err)
	}
	saved, byState := SavedRef("express-parcels-2020"), StateRef(st)
	for _, c := range []struct{ got, want string }{
		{saved.ID(), "express-parcels-2020"},
		{saved.State(), ""},
		{saved.Key(), "express-parcels-2020"},
		{saved.Page(), "/charts/express-parcels-2020"},
		{saved.Image("png"), "/charts/express-parcels-2020.png"},
		{saved.Image("svg"), "/charts/express-parcels-2020.svg"},
		{saved.CSV(), "/api/charts/express-parcels-2020.csv"},
		{saved.JSON(), "/api/charts/express-parcels-2020"},
		{saved.Embed(), "/embed/charts/express-parcels-2020"},
		{saved.Report(), "/export/charts.docx?ids=express-parcels-2020"},
		{byState.ID(), ""},
		{byState.State(), canonical},
		{byState.Key(), "compare?" + canonical},
		{byState.Page(), "/compare?" + canonical},
		{byState.Image("png"), "/compare.png?" + canonical},
		{byState.Image("svg"), "/compare.svg?" + canonical},
		{byState.CSV(), "/compare.csv?" + canonical},
		{byState.JSON(), "/api/compare?" + canonical},
		{byState.Embed(), "/embed/compare?" + canonical},
		{byState.Report(), "/export/compare.docx?" + canonical},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	again, err := state.Parse(canonical)
	if err != nil {
		t.Fatal(err)
	}
	if StateRef(again) != byState {
		t.Error("equal states make different Refs")
	}
}

// TestChartsCarryTheirRef: a saved chart is referred to by its id, a chart
// built from a state by that state (its id is UnsavedChartID).
func TestChartsCarryTheirRef(t *testing.T) {
	db := seeded(t)
	saved, err := NewStore(db).Chart(seed.Charts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Ref != SavedRef(seed.Charts[0].ID) {
		t.Errorf("saved chart's Ref %+v", saved.Ref)
	}
	st, err := state.Parse("metrics=online_retail_sales&regions=330800")
	if err != nil {
		t.Fatal(err)
	}
	built, err := BuildState(db, st, "")
	if err != nil {
		t.Fatal(err)
	}
	if built.Ref != StateRef(st) || built.Spec.ID != UnsavedChartID {
		t.Errorf("state chart: Ref %+v, id %q", built.Ref, built.Spec.ID)
	}
}
