package charts

import "ecomdash/models"

// Data indexes a chart's observations by (region, metric, period) and records
// which ones the chart uses, and how.
type Data struct {
	byKey map[[3]string]models.Observation
	used  []models.Observation
	seen  map[uint]bool
	// annotations are used figures shown only as text on another figure (a
	// growth rate under a bar); they do not set the chart's unit.
	annotations map[uint]bool
}

func newData(obs []models.Observation) *Data {
	d := &Data{
		byKey:       make(map[[3]string]models.Observation, len(obs)),
		seen:        map[uint]bool{},
		annotations: map[uint]bool{},
	}
	for _, o := range obs {
		k := [3]string{o.RegionCode, o.MetricCode, o.Period}
		if _, dup := d.byKey[k]; !dup { // first source wins; obs are ordered by source id
			d.byKey[k] = o
		}
	}
	return d
}

// Get returns the figure for region, metric and period, to be drawn as a
// value, and records it as used. ok is false when the database has no such figure.
func (d *Data) Get(region, metric, period string) (models.Observation, bool) {
	return d.take(region, metric, period, false)
}

// Annotation is Get for a figure shown only as text beside another figure
// (a growth rate or a share in a label). It is listed with the chart's
// figures and sources but does not add its unit to the subtitle.
func (d *Data) Annotation(region, metric, period string) (models.Observation, bool) {
	return d.take(region, metric, period, true)
}

func (d *Data) take(region, metric, period string, annotation bool) (models.Observation, bool) {
	o, ok := d.byKey[[3]string{region, metric, period}]
	if !ok {
		return o, false
	}
	switch {
	case !d.seen[o.ID]:
		d.seen[o.ID] = true
		d.used = append(d.used, o)
		if annotation {
			d.annotations[o.ID] = true
		}
	case !annotation:
		delete(d.annotations, o.ID) // drawn as a value after all
	}
	return o, true
}

// plotted returns the used figures that are drawn as values.
func (d *Data) plotted() []models.Observation {
	out := make([]models.Observation, 0, len(d.used))
	for _, o := range d.used {
		if !d.annotations[o.ID] {
			out = append(out, o)
		}
	}
	return out
}
