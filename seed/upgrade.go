package seed

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"ecomdash/models"
)

// revision1 is the seed as databases made before the corrections of
// revision 2 got it (sources, regions, metrics and figures as JSON): the
// upgrade replaces only rows still equal to it.
//
//go:embed revisions/1.json
var revision1 []byte

// Revision is the seed's current revision: 1 was the first seed, 2 its
// corrections (qualifiers, targets, one unit per statistic, one dating rule,
// the documents' own words).
const Revision = 2

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

// Upgrade brings a database seeded by an earlier revision of the seed to
// this one (models.UpgradeSeed): figures, metrics, regions and sources
// still as the earlier seed had them are corrected, the figures this
// revision adds are inserted, and anything an administrator added or
// edited is kept. It runs at start-up and with `ecomdash seed`; each
// revision is applied once.
func Upgrade(db *gorm.DB) (models.UpgradeReport, error) {
	var prev struct {
		Sources      []models.Source
		Regions      []models.Region
		Metrics      []models.Metric
		Observations []models.Observation
	}
	if err := json.Unmarshal(revision1, &prev); err != nil {
		return models.UpgradeReport{}, fmt.Errorf("seed upgrade: read revision 1: %w", err)
	}
	prev.Metrics = withKinds(prev.Metrics)
	rep, err := models.UpgradeSeed(db, models.SeedUpgrade{
		Revision:    Revision,
		Previous:    models.SeedRows{Sources: prev.Sources, Regions: prev.Regions, Metrics: prev.Metrics, Observations: prev.Observations},
		Rows:        models.SeedRows{Sources: Sources, Regions: Regions, Metrics: Metrics, Observations: Observations},
		Moved:       moved2,
		DropMetrics: []string{"alibaba_registered_firms_10k", "farmer_mailbox_trade_yi"},
	})
	if err != nil {
		return rep, fmt.Errorf("seed upgrade: %w", err)
	}
	return rep, nil
}
