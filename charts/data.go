package charts

import "ecomdash/models"

// Data indexes a chart's observations by (region, metric, period) and records
// which ones the chart actually draws.
type Data struct {
	byKey map[[3]string]models.Observation
	used  []models.Observation
	seen  map[uint]bool
}

func newData(obs []models.Observation) *Data {
	d := &Data{byKey: make(map[[3]string]models.Observation, len(obs)), seen: map[uint]bool{}}
	for _, o := range obs {
		k := [3]string{o.RegionCode, o.MetricCode, o.Period}
		if _, dup := d.byKey[k]; !dup { // first source wins; obs are ordered by source id
			d.byKey[k] = o
		}
	}
	return d
}

// Get returns the observation for region, metric and period and marks it as
// drawn. ok is false when the database has no such figure.
func (d *Data) Get(region, metric, period string) (models.Observation, bool) {
	o, ok := d.byKey[[3]string{region, metric, period}]
	if ok && !d.seen[o.ID] {
		d.seen[o.ID] = true
		d.used = append(d.used, o)
	}
	return o, ok
}
