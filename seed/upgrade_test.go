package seed

import (
	"encoding/json"
	"testing"

	"gorm.io/gorm"

	"ecomdash/models"
	"ecomdash/models/dbtest"
)

// seededWithRevision1 is a database as the first seed left it.
func seededWithRevision1(t *testing.T, databaseURL string) *gorm.DB {
	t.Helper()
	var prev struct {
		Sources      []models.Source
		Regions      []models.Region
		Metrics      []models.Metric
		Observations []models.Observation
	}
	if err := json.Unmarshal(revision1, &prev); err != nil {
		t.Fatal(err)
	}
	db := dbtest.Open(t, databaseURL)
	if _, err := models.InsertMissing(db, models.SeedRows{Sources: prev.Sources, Regions: prev.Regions, Metrics: prev.Metrics, Observations: prev.Observations}); err != nil {
		t.Fatal(err)
	}
	return db
}

func figure(t *testing.T, db *gorm.DB, region, metric, period string) (models.Observation, bool) {
	t.Helper()
	obs, err := models.FindObservations(db, models.ObservationFilter{RegionCodes: []string{region}, MetricCodes: []string{metric}, Periods: []string{period}})
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) == 0 {
		return models.Observation{}, false
	}
	return obs[0], true
}

// TestUpgradeCorrectsAnOldDatabaseAndKeepsWhatAdministratorsDid runs the
// upgrade as `ecomdash seed` does (Upgrade, then Run) on a database seeded
// by the first seed, in which an administrator corrected one figure and
// added another.
func TestUpgradeCorrectsAnOldDatabaseAndKeepsWhatAdministratorsDid(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := seededWithRevision1(t, databaseURL)
		edited, _ := figure(t, db, RegionQuzhou, "farmer_mailbox_users", "2012")
		in := models.ObservationInput{RegionCode: edited.RegionCode, MetricCode: edited.MetricCode, Period: edited.Period,
			SourceID: edited.SourceID, Value: "14.7", Qualifier: "exact", Stated: "14.6万", Quote: edited.Quote, Note: "管理员更正"}
		if _, err := models.UpdateObservation(db, "alice", edited.ID, in); err != nil {
			t.Fatal(err)
		}
		added := models.ObservationInput{RegionCode: RegionBeijing, MetricCode: "overseas_warehouses", Period: "2021",
			SourceID: srcBeijing, Value: "120", Qualifier: "exact", Quote: "管理员补充的数字"}
		if _, err := models.CreateObservation(db, "alice", added); err != nil {
			t.Fatal(err)
		}

		rep, err := Upgrade(db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Run(db); err != nil {
			t.Fatal(err)
		}
		if !rep.Applied || rep.Updated == 0 || rep.Dropped != 2 || len(rep.Kept) != 1 {
			t.Errorf("upgrade report %+v, want corrections applied, 2 metrics dropped, the edited figure kept", rep)
		}
		// corrections applied, at their new keys, the old keys gone
		if o, ok := figure(t, db, RegionBeijing, "overseas_warehouses", "2020-09"); !ok || o.Value != 100 {
			t.Errorf("Beijing's warehouses not moved to 2020-09: %+v", o)
		}
		if _, ok := figure(t, db, RegionBeijing, "overseas_warehouses", "2020"); ok {
			t.Error("Beijing's warehouses still filed under 2020 as well")
		}
		if o, _ := figure(t, db, RegionJiading, "ecommerce_sales_above_quota", "2019"); o.Qualifier != models.QualifierApprox {
			t.Errorf("Jiading 2019 still %s", o.Qualifier)
		}
		if o, _ := figure(t, db, RegionZhejiang, "alibaba_registered_firms", "2012"); o.Value != 478000 {
			t.Errorf("Zhejiang's Alibaba firms not merged into one unit: %+v", o)
		}
		if o, _ := figure(t, db, RegionNation, "county_taobao_pavilions", "2013-06"); o.Qualifier != models.QualifierRange || o.ValueMax == nil {
			t.Errorf("三、四家 not a range: %+v", o)
		}
		if m, err := models.Metrics.Get(db, "target_ecommerce_demo_bases"); err != nil || m.Kind != models.MetricTarget {
			t.Errorf("target metric kind %q %v", m.Kind, err)
		}
		if s, _ := models.Sources.Get(db, "cnr-express-2020"); !s.TitleSupplied {
			t.Error("supplied title not marked")
		}
		for _, gone := range []string{"alibaba_registered_firms_10k", "farmer_mailbox_trade_yi"} {
			if _, err := models.Metrics.Get(db, gone); err == nil {
				t.Errorf("%s not retired", gone)
			}
		}
		// the administrator's work kept
		if o, ok := figure(t, db, RegionQuzhou, "farmer_mailbox_users", "2012"); !ok || o.Value != 14.7 || o.Note != "管理员更正" {
			t.Errorf("the edited figure was not kept as edited: %+v", o)
		}
		if _, ok := figure(t, db, RegionQuzhou, "farmer_mailbox_users", "2013-06"); ok {
			t.Error("the corrected seed figure was added beside the administrator's edit")
		}
		if o, ok := figure(t, db, RegionBeijing, "overseas_warehouses", "2021"); !ok || o.Value != 120 {
			t.Error("the administrator's own figure is gone")
		}
		// the same figures as a database seeded fresh, but for the two the administrator touched
		got, _ := models.CountAll(db)
		fresh := dbtest.Open(t, dbtest.URL(t, models.DialectSQLite))
		if _, err := Run(fresh); err != nil {
			t.Fatal(err)
		}
		want, _ := models.CountAll(fresh)
		if got.Observations != want.Observations+1 || got.Metrics != want.Metrics {
			t.Errorf("upgraded counts %+v, fresh %+v (want one more figure: the administrator's)", got, want)
		}
		// once only
		v, _ := models.CurrentDataVersion(db)
		again, err := Upgrade(db)
		if err != nil || again.Applied {
			t.Errorf("second upgrade: %+v %v", again, err)
		}
		if v2, _ := models.CurrentDataVersion(db); v2 != v {
			t.Errorf("second upgrade changed the data version %d → %d", v, v2)
		}
	})
}

func TestUpgradeOnAFreshDatabaseChangesNothing(t *testing.T) {
	db := dbtest.Open(t, dbtest.URL(t, models.DialectSQLite))
	if _, err := Run(db); err != nil {
		t.Fatal(err)
	}
	before, _ := models.CountAll(db)
	v, _ := models.CurrentDataVersion(db)
	rep, err := Upgrade(db)
	if err != nil || !rep.Applied || rep.Updated+rep.Inserted+rep.Dropped != 0 || len(rep.Kept) != 0 {
		t.Fatalf("upgrade of a fresh database: %+v %v", rep, err)
	}
	after, _ := models.CountAll(db)
	if v2, _ := models.CurrentDataVersion(db); after != before || v2 != v {
		t.Errorf("counts %+v → %+v, version %d → %d", before, after, v, v2)
	}
}
