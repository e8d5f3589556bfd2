package seed

import (
	"bytes"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"ecomdash/models"
	"ecomdash/models/dbtest"
)

// seededWithRevision1 is a database as the first seed left it (before
// charts were data: no chart, no dashboard, no revision recorded).
func seededWithRevision1(t *testing.T, databaseURL string) *gorm.DB {
	t.Helper()
	prev, err := snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	db := dbtest.Open(t, databaseURL)
	if _, err := models.InsertMissing(db, prev); err != nil {
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

// TestUpgradeCorrectsAnOldDatabaseAndKeepsWhatAdministratorsDid runs
// Ensure as start-up does and as `ecomdash seed` does (AddMissing) on a
// database seeded by the first seed, in which an administrator corrected
// one figure and added another. Both get the same result.
func TestUpgradeCorrectsAnOldDatabaseAndKeepsWhatAdministratorsDid(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts Options
	}{{"start-up", Options{}}, {"seed command", Options{AddMissing: true}}} {
		t.Run(mode.name, func(t *testing.T) {
			dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
				testUpgrade(t, databaseURL, mode.opts)
			})
		})
	}
}

func testUpgrade(t *testing.T, databaseURL string, opts Options) {
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

	var logged bytes.Buffer
	opts.Log = slog.New(slog.NewTextHandler(&logged, nil))
	rep, err := Ensure(db, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Seeded || len(rep.Revisions) != len(revisions) || rep.Added != (Result{}) {
		t.Fatalf("report %+v, want every revision applied, nothing seeded or added", rep)
	}
	// the charts come with the missing seed rows, or as the built-in charts of a database with none
	if rep.Charts == opts.AddMissing {
		t.Errorf("report says charts added: %v", rep.Charts)
	}
	charts, _ := models.Charts.List(db)
	dashboards, _ := models.Dashboards.List(db)
	if len(charts) != len(Charts) || len(dashboards) != len(Dashboards) {
		t.Errorf("%d charts and %d dashboards, want %d and %d", len(charts), len(dashboards), len(Charts), len(Dashboards))
	}
	if up := rep.Revisions[0]; up.Number != 2 || !up.Applied || up.Updated == 0 || up.Dropped != 2 || len(up.Kept) != 1 {
		t.Errorf("revision report %+v, want revision 2 applied, 2 metrics dropped, the edited figure kept", up)
	}
	if up := rep.Revisions[1]; up.Number != 3 || !up.Applied || up.Updated != 2 || len(up.Kept) != 0 {
		t.Errorf("revision report %+v, want revision 3 applied to its two figures (1/5 and 万名)", up)
	}
	for _, line := range []string{`msg="seed corrections applied" revision=2`, "kept_as_edited=1",
		`level=WARN msg="seed correction not applied: the row was changed by an administrator" row="16 (330800/farmer_mailbox_users/2012/quzhou-speech-2013)"`} {
		if !strings.Contains(logged.String(), line) {
			t.Errorf("log lacks %q:\n%s", line, logged.String())
		}
	}
	for line, want := range map[string]bool{
		`msg="seed applied" sources=0 regions=0 metrics=0 observations=0`:       opts.AddMissing,
		`msg="added the built-in charts and dashboards" charts=12 dashboards=5`: !opts.AddMissing,
	} {
		if got := strings.Contains(logged.String(), line); got != want {
			t.Errorf("log has %q: %v, want %v:\n%s", line, got, want, logged.String())
		}
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
	for _, c := range []struct{ region, metric, period string }{
		{RegionNation, "express_supported_online_retail_share", "2020-04"}, {"331100", "target_young_online_merchants", "2013-06"},
	} {
		if o, ok := figure(t, db, c.region, c.metric, c.period); !ok || o.Qualifier != models.QualifierExact {
			t.Errorf("%s (%q) %s, want exact: the document says no 近/约", c.metric, o.Stated, o.Qualifier)
		}
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
	// revision 4: the ranks read off 连续3年 say so, the 2012 ones are as reported
	if up := rep.Revisions[2]; up.Number != 4 || up.Updated != 4 || len(up.Kept) != 0 {
		t.Errorf("revision 4 report %+v, want the four ranks read off 连续3年 updated", up)
	}
	// revision 5: the two rates' units name their time base; the express chart says 每天
	if up := rep.Revisions[3]; up.Number != 5 || !up.Applied || up.Updated < 2 || len(up.Kept) != 0 {
		t.Errorf("revision 5 report %+v, want the two rates' units and the express chart corrected", up)
	}
	for _, metric := range []string{"ecommerce_transaction_rank_province", "ecommerce_transaction_rank_nation"} {
		for period, want := range map[string]string{"2010": "连续3年", "2011": "连续3年", "2012": ""} {
			if o, _ := figure(t, db, RegionJinhua, metric, period); o.Inferred != want || o.Quote != quoteJinhuaVolume {
				t.Errorf("金华 %s %s: inferred %q, quote %q; want %q and the sentence", metric, period, o.Inferred, o.Quote, want)
			}
		}
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
	// once only, in either mode
	v, _ := models.CurrentDataVersion(db)
	for _, o := range []Options{{}, {AddMissing: true}} {
		again, err := Ensure(db, o)
		if err != nil || len(again.Revisions) != 0 || again.Added != (Result{}) || again.Charts {
			t.Errorf("second Ensure(%+v): %+v %v", o, again, err)
		}
	}
	if v2, _ := models.CurrentDataVersion(db); v2 != v {
		t.Errorf("second Ensure changed the data version %d → %d", v, v2)
	}
}

// TestUpgradeOfTheCurrentSeedChangesNothing applies every revision to a
// database that holds the current seed but recorded none (seeded by another
// instance between its count and its insert, say): each is recorded and
// changes nothing.
func TestUpgradeOfTheCurrentSeedChangesNothing(t *testing.T) {
	db := dbtest.Open(t, dbtest.URL(t, models.DialectSQLite))
	if _, err := models.InsertMissing(db, current()); err != nil {
		t.Fatal(err)
	}
	before, _ := models.CountAll(db)
	v, _ := models.CurrentDataVersion(db)
	rep, err := Ensure(db, Options{})
	if err != nil || len(rep.Revisions) != len(revisions) {
		t.Fatalf("Ensure: %+v %v", rep, err)
	}
	for _, r := range rep.Revisions {
		if !r.Applied || r.Updated+r.Inserted+r.Dropped != 0 || len(r.Kept) != 0 {
			t.Errorf("revision %d changed the current seed: %+v", r.Number, r)
		}
	}
	after, _ := models.CountAll(db)
	if v2, _ := models.CurrentDataVersion(db); after != before || v2 != v+1 { // +1: the charts, which the rows lacked
		t.Errorf("counts %+v → %+v, version %d → %d", before, after, v, v2)
	}
	if done, _ := models.AppliedSeedRevisions(db); !slices.Equal(done, revisionNumbers()) {
		t.Errorf("revisions recorded %v, want %v", done, revisionNumbers())
	}
}

// TestEnsureAddsChartsOnlyWhereThereAreNone: an administrator's own
// dashboard stands for the built-in ones, which stay deleted at start-up
// and come back with AddMissing.
func TestEnsureAddsChartsOnlyWhereThereAreNone(t *testing.T) {
	db := dbtest.Open(t, dbtest.URL(t, models.DialectSQLite))
	if _, err := Ensure(db, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, d := range Dashboards {
		if _, err := models.Dashboards.Delete(db, "alice", d.ID, false); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := models.Dashboards.Create(db, "alice", models.Dashboard{ID: "mine", Title: "我的", Charts: models.IDList{Charts[0].ID}}); err != nil {
		t.Fatal(err)
	}
	if rep, err := Ensure(db, Options{}); err != nil || rep.Charts {
		t.Errorf("start-up with an administrator's dashboard: %+v %v", rep, err)
	}
	if ds, _ := models.Dashboards.List(db); len(ds) != 1 {
		t.Errorf("%d dashboards, want the administrator's one", len(ds))
	}
	if _, err := Ensure(db, Options{AddMissing: true}); err != nil {
		t.Fatal(err)
	}
	if ds, _ := models.Dashboards.List(db); len(ds) != len(Dashboards)+1 {
		t.Errorf("%d dashboards after AddMissing, want the built-in ones and the administrator's", len(ds))
	}
}

// TestRevisions checks the list itself: numbered from 2 in steps of one,
// each with a readable snapshot of the seed before it, its moves from keys
// the seed before it had to keys the seed after it has, and its retired
// metrics gone from the seed after it.
func TestRevisions(t *testing.T) {
	for i, r := range revisions {
		if r.number != i+2 || r.does == "" {
			t.Errorf("revision %d: number %d, does %q", i, r.number, r.does)
		}
		u, err := upgrade(i)
		if err != nil {
			t.Fatal(err)
		}
		before, after := map[models.ObservationKey]bool{}, map[models.ObservationKey]bool{}
		for _, o := range u.Previous.Observations {
			before[models.KeyOf(o)] = true
		}
		for _, o := range u.Rows.Observations {
			after[models.KeyOf(o)] = true
		}
		for to, from := range r.moved {
			if !before[from] || !after[to] || before[to] || after[from] {
				t.Errorf("revision %d moves %v → %v: not a key of the seed before it to a new key of the seed after it", r.number, from, to)
			}
		}
		for _, code := range r.dropMetrics {
			if !slices.ContainsFunc(u.Previous.Metrics, func(m models.Metric) bool { return m.Code == code }) ||
				slices.ContainsFunc(u.Rows.Metrics, func(m models.Metric) bool { return m.Code == code }) {
				t.Errorf("revision %d retires %s: not a metric of the seed before it only", r.number, code)
			}
		}
	}
}

// TestRevision4MarksTheRanksReadOffSeveralYears: a database seeded with
// revision 3's seed gets revision 4 (and the later ones) at start-up:
// 金华's 2010 and 2011 ranks, read off “连续3年” in a sentence about 2012,
// say so (Inferred) and keep that sentence as their quote; nothing else
// changes.
func TestRevision4MarksTheRanksReadOffSeveralYears(t *testing.T) {
	prev, err := snapshot(3)
	if err != nil {
		t.Fatal(err)
	}
	prev.Revisions = []int{2, 3}
	db := dbtest.Open(t, dbtest.URL(t, models.DialectSQLite))
	if _, err := models.InsertMissing(db, prev); err != nil {
		t.Fatal(err)
	}
	if o, _ := figure(t, db, RegionJinhua, "ecommerce_transaction_rank_nation", "2010"); o.Inferred != "" {
		t.Fatalf("revision 3's seed already marks the 2010 rank: %q", o.Inferred)
	}
	rep, err := Ensure(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Revisions) == 0 || rep.Revisions[0].Number != 4 || rep.Revisions[0].Updated != 4 || len(rep.Revisions[0].Kept) != 0 {
		t.Fatalf("report %+v, want revision 4 first, four figures updated", rep.Revisions)
	}
	for _, metric := range []string{"ecommerce_transaction_rank_province", "ecommerce_transaction_rank_nation"} {
		for _, period := range []string{"2010", "2011"} {
			if o, _ := figure(t, db, RegionJinhua, metric, period); o.Inferred != "连续3年" || o.InferredNote() != "据“连续3年”推知" || o.Quote != quoteJinhuaVolume {
				t.Errorf("金华 %s %s: inferred %q, quote %q", metric, period, o.Inferred, o.Quote)
			}
		}
	}
}

// seededWithRevision4 is a database as the seed of revision 4 left it: its
// figures, its built-in charts and the dashboards, revisions 2 to 4
// recorded.
func seededWithRevision4(t *testing.T, databaseURL string) *gorm.DB {
	t.Helper()
	rows, err := snapshot(4)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows.Charts) != len(Charts) {
		t.Fatalf("the snapshot of revision 4 has %d charts, want %d", len(rows.Charts), len(Charts))
	}
	rows.Dashboards, rows.Revisions = Dashboards, []int{2, 3, 4}
	db := dbtest.Open(t, databaseURL)
	if _, err := models.InsertMissing(db, rows); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestRevision5CorrectsRatesAndTheExpressChart: a database seeded before
// revision 5 gets the rates' units with their time base (亿件/天) and the
// express chart's lead in the document's word 每天, at start-up; a chart an
// administrator edited is kept as edited and reported.
func TestRevision5CorrectsRatesAndTheExpressChart(t *testing.T) {
	for _, edited := range []bool{false, true} {
		name := map[bool]string{false: "as seeded", true: "edited"}[edited]
		t.Run(name, func(t *testing.T) {
			dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
				db := seededWithRevision4(t, databaseURL)
				if c, _ := models.Charts.Get(db, "express-parcels-2020"); !strings.Contains(c.Lead, "日均") {
					t.Fatalf("the seed of revision 4 had lead %q", c.Lead)
				}
				if edited {
					c, _ := models.Charts.Get(db, "express-parcels-2020")
					c.Reading = "管理员改写的阅读提示"
					if _, err := models.Charts.Update(db, "alice", c.ID, c); err != nil {
						t.Fatal(err)
					}
				}
				rep, err := Ensure(db, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if len(rep.Revisions) != 2 || rep.Revisions[0].Number != 5 || rep.Revisions[1].Number != 6 {
					t.Fatalf("report %+v, want revisions 5 and 6 applied", rep)
				}
				for code, unit := range map[string]string{"express_daily_parcels": "亿件/天", "alibaba_daily_transactions": "万次/天", "rural_express_parcels": "亿件"} {
					if m, err := models.Metrics.Get(db, code); err != nil || m.Unit != unit {
						t.Errorf("%s: unit %q %v, want %s", code, m.Unit, err, unit)
					}
				}
				c, _ := models.Charts.Get(db, "express-parcels-2020")
				kept := slices.Contains(rep.Revisions[0].Kept, "express-parcels-2020")
				switch {
				case edited && (c.Reading != "管理员改写的阅读提示" || !strings.Contains(c.Lead, "日均") || !kept):
					t.Errorf("the administrator's chart was not kept as edited and reported: %+v, kept %v", c, rep.Revisions[0].Kept)
				case !edited && (c.Lead != chartByID(t, "express-parcels-2020").Lead || strings.Contains(c.Lead, "日均") || kept):
					t.Errorf("express chart after revision 5: lead %q, kept %v", c.Lead, rep.Revisions[0].Kept)
				}
			})
		})
	}
}

// chartByID is the built-in chart id.
func chartByID(t *testing.T, id string) models.Chart {
	t.Helper()
	for _, c := range Charts {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no built-in chart %s", id)
	return models.Chart{}
}
