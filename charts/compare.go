package charts

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// CompareID is the chart id of a chart built from a state (BuildState).
const CompareID = "compare"

// rawOption is a drawing whose whole option is in its extras: the state
// builder lays out series and axes itself.
type rawOption map[string]any

func (rawOption) Validate()              {}
func (r rawOption) JSON() map[string]any { return map[string]any(r) }

// resolved is a state with its shorthands and selections applied to the
// database: the regions, metrics and periods the chart shows.
type resolved struct {
	regions []models.Region
	metrics []models.Metric
	periods []string
	obs     []models.Observation
}

// BuildState builds the chart st describes from the figures in db, titled
// title (or, when it is empty, by what it shows). An unknown metric or
// region, or a layout the figures cannot take, is a *state.Error naming the
// key; anything else is a database error.
func BuildState(db *gorm.DB, st state.State, title string) (*Chart, error) {
	r, err := resolveState(db, st)
	if err != nil {
		return nil, err
	}
	if title == "" {
		title = autoTitle(r)
	}
	spec := &Spec{ID: CompareID, Title: title, Query: models.ObservationFilter{}}
	var layoutErr error
	var units []string
	spec.draw = func(d *Data) drawing {
		dr, u, err := layoutState(st, r, d)
		layoutErr, units = err, u
		if err != nil {
			return emptyDrawing() // the error is returned instead of the chart
		}
		return dr
	}
	c, err := buildWith(spec, r.obs, func() []string { return units })
	if layoutErr != nil {
		return nil, layoutErr
	}
	return c, err
}

// resolveState looks up the state's metrics and regions and selects its
// figures.
func resolveState(db *gorm.DB, st state.State) (*resolved, error) {
	r := &resolved{}
	if unknown, err := models.UnknownKeys(db, models.EntityMetric, st.Metrics); err != nil {
		return nil, err
	} else if len(unknown) > 0 {
		return nil, &state.Error{Key: "metrics", Message: fmt.Sprintf("没有指标 %q (unknown metric)", unknown[0])}
	}
	for _, code := range st.Metrics {
		m, err := models.Metrics.Get(db, code)
		if err != nil {
			return nil, err
		}
		r.metrics = append(r.metrics, m)
	}
	seen := map[string]bool{}
	add := func(rs ...models.Region) {
		for _, reg := range rs {
			if !seen[reg.Code] && len(r.regions) < state.MaxRegions {
				seen[reg.Code] = true
				r.regions = append(r.regions, reg)
			}
		}
	}
	for _, item := range st.Regions {
		reg, err := models.Regions.Get(db, item.Code)
		if err != nil {
			if errors.Is(err, models.ErrNotFound) {
				return nil, &state.Error{Key: "regions", Message: fmt.Sprintf("没有地区 %q (unknown region)", item.Code)}
			}
			return nil, err
		}
		switch item.Kind {
		case "":
			add(reg)
		case state.RegionParent:
			if reg.Parent != nil {
				add(*reg.Parent)
			}
		case state.RegionChildren, state.RegionSiblings:
			parent := reg.Code
			if item.Kind == state.RegionSiblings {
				if reg.ParentCode == nil {
					add(reg)
					continue
				}
				parent = *reg.ParentCode
			}
			children, err := models.ChildRegions(db, parent)
			if err != nil {
				return nil, err
			}
			add(children...)
		}
	}
	if len(r.regions) == 0 {
		return nil, &state.Error{Key: "regions", Message: "这些地区展开后为空 (the regions resolve to none)"}
	}
	codes := make([]string, len(r.regions))
	for i, reg := range r.regions {
		codes[i] = reg.Code
	}
	f := models.ObservationFilter{RegionCodes: codes, MetricCodes: st.Metrics}
	if st.Ref != nil {
		f.RegionCodes = append(slices.Clone(codes), st.Ref.Region)
		f.MetricCodes = append(slices.Clone(st.Metrics), st.Ref.Metric)
	}
	obs, err := models.FindObservations(db, f)
	if err != nil {
		return nil, err
	}
	periods := map[string]bool{}
	latest := map[string]string{} // metric → its latest period among the regions shown
	for _, o := range obs {
		if !seen[o.RegionCode] || !slices.Contains(st.Metrics, o.MetricCode) || !st.Periods.Contains(o.Period) {
			continue
		}
		if l, ok := latest[o.MetricCode]; !ok || periodAfter(o.Period, l) {
			latest[o.MetricCode] = o.Period
		}
	}
	for _, o := range obs {
		isRef := st.Ref != nil && o.RegionCode == st.Ref.Region && o.MetricCode == st.Ref.Metric && o.Period == st.Ref.Period
		shown := seen[o.RegionCode] && slices.Contains(st.Metrics, o.MetricCode) && st.Periods.Contains(o.Period) &&
			(!st.Periods.Latest || latest[o.MetricCode] == o.Period)
		if shown {
			periods[o.Period] = true
		}
		if shown || isRef {
			r.obs = append(r.obs, o)
		}
	}
	if len(st.Periods.List) > 0 {
		r.periods = slices.Clone(st.Periods.List) // asked for by name: shown even where no figure is
	} else {
		for p := range periods {
			r.periods = append(r.periods, p)
		}
		state.SortPeriods(r.periods)
	}
	return r, nil
}

// periodAfter reports whether period a starts after b.
func periodAfter(a, b string) bool {
	x, _, _ := models.PeriodSpan(a)
	y, _, _ := models.PeriodSpan(b)
	return x.After(y)
}

// autoTitle names a chart by its metrics and regions.
func autoTitle(r *resolved) string {
	names := make([]string, len(r.metrics))
	for i, m := range r.metrics {
		names[i] = m.NameZH
	}
	regions := make([]string, 0, 3)
	for _, reg := range r.regions[:min(3, len(r.regions))] {
		regions = append(regions, reg.NameZH)
	}
	more := ""
	if len(r.regions) > 3 {
		more = fmt.Sprintf("等%d个地区", len(r.regions))
	}
	return strings.Join(names, "、") + "：" + strings.Join(regions, "、") + more
}
