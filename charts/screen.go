package charts

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"ecomdash/models"
)

// This file shapes a dashboard for a display wall (大屏): its headline
// figures split so that the number can count up while the words around it
// (近, 多, 亿元) stay as the document said them, its charts' options as the
// screen's theme shows them, and a ranking of the regions one of its
// charts compares. Pages, images and the screen all draw from the same
// option Build made.

// Screen is a dashboard as a display wall shows it.
type Screen struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	Headlines   []ScreenFigure `json:"headlines"`
	Charts      []ScreenChart  `json:"charts"`
	// Ranking is the regions of the dashboard's chart that compares the
	// most regions (at least MinRankingRows), ordered; nil when no chart
	// compares that many.
	Ranking *Ranking `json:"ranking,omitempty"`
	// Sources is the 数据来源 line of everything on the screen.
	Sources string `json:"sources"`
}

// ScreenFigure is one headline figure as a counter shows it: Prefix,
// Number and Suffix written together are Text, the figure exactly as every
// other page writes it (近300亿元, 6000多家, 第2位); Number is what counts up.
type ScreenFigure struct {
	Label  string `json:"label"`
	OK     bool   `json:"ok"`
	Text   string `json:"text"`
	Prefix string `json:"prefix"`
	Number string `json:"number"`
	Suffix string `json:"suffix"`
	Region string `json:"region,omitempty"`
	Period string `json:"period,omitempty"`
	Source string `json:"source,omitempty"`
	// Growth is the growth figure shown under it (12.5%), when the
	// dashboard gives one.
	Growth string `json:"growth,omitempty"`
	// Mark is 目标 for a target, 推算 for a computed figure, "" otherwise.
	Mark string `json:"mark,omitempty"`
}

// ScreenChart is one chart of the screen, with its option in the screen's view.
type ScreenChart struct {
	ID     string          `json:"id"`
	Title  string          `json:"title"`
	Option json.RawMessage `json:"option"`
}

// Ranking is regions in order of one metric in one period.
type Ranking struct {
	// Title names the metric and the period: 网络零售额 · 2017年.
	Title string `json:"title"`
	// ChartID is the chart the ranking is read from.
	ChartID string       `json:"chart_id"`
	Rows    []RankingRow `json:"rows"`
	// Ascending is true for a rank metric (第1位 first).
	Ascending bool `json:"ascending,omitempty"`
}

// RankingRow is one region's place.
type RankingRow struct {
	Place  int     `json:"place"`
	Region string  `json:"region"`
	Text   string  `json:"text"`
	Value  float64 `json:"value"`
}

// MinRankingRows is the fewest regions a chart compares for the screen to
// show their ranking.
const MinRankingRows = 6

// MaxRankingRows bounds the rows a ranking carries.
const MaxRankingRows = 100

// NewScreen shapes a dashboard for a display wall: its headlines, its
// charts as v shows them, and the ranking of the chart comparing most
// regions.
func NewScreen(d models.Dashboard, heads []HeadlineFigure, cs []*Chart, v View) (Screen, error) {
	s := Screen{ID: d.ID, Title: d.Title, Description: d.Description, Headlines: []ScreenFigure{}, Charts: []ScreenChart{}}
	var sources []models.Source
	seen := map[string]bool{}
	addSource := func(src models.Source) {
		if src.ID != "" && !seen[src.ID] {
			seen[src.ID] = true
			sources = append(sources, src)
		}
	}
	for _, h := range heads {
		f := ScreenFigure{Label: h.Label, OK: h.OK}
		if h.OK {
			o := h.Observation
			f.Text = DisplayValue(o)
			f.Prefix, f.Number, f.Suffix = SplitFigure(f.Text)
			f.Region, f.Period, f.Source = o.Region.NameZH, models.PeriodLabel(o.Period), o.Source.DisplayTitle()
			switch {
			case o.Metric.IsTarget():
				f.Mark = "目标"
			case o.Derived:
				f.Mark = "推算"
			}
			if h.HasGrowth {
				f.Growth = DisplayValue(h.Growth)
			}
			addSource(o.Source)
		}
		s.Headlines = append(s.Headlines, f)
	}
	for _, c := range cs {
		opt, err := c.OptionFor(v)
		if err != nil {
			return s, fmt.Errorf("screen %s: %w", d.ID, err)
		}
		s.Charts = append(s.Charts, ScreenChart{ID: c.Spec.ID, Title: c.Spec.Title, Option: opt})
		for _, src := range c.Sources {
			addSource(src)
		}
	}
	s.Ranking = rankingOf(cs)
	parts := make([]string, len(sources))
	for i, src := range sources {
		parts[i] = src.DisplayTitle() + "，" + src.Publisher
	}
	s.Sources = "数据来源：" + strings.Join(parts, "；")
	if len(sources) == 0 {
		s.Sources = "数据来源：暂无"
	}
	return s, nil
}

// reNumber is the first number in a figure's text.
var reNumber = regexp.MustCompile(`[0-9][0-9,]*(\.[0-9]+)?`)

// SplitFigure splits a figure's text at its first number: 近300亿元 →
// (近, 300, 亿元); 第2位 → (第, 2, 位); 3～4家 → ("", 3, ～4家); text
// without a number is all prefix.
func SplitFigure(text string) (prefix, number, suffix string) {
	loc := reNumber.FindStringIndex(text)
	if loc == nil {
		return text, "", ""
	}
	return text[:loc[0]], text[loc[0]:loc[1]], text[loc[1]:]
}

// rankingOf ranks the regions of the chart that compares the most of them
// in one metric's latest period, when that is at least MinRankingRows.
// Targets and figures about a platform rather than a region are left out.
func rankingOf(cs []*Chart) *Ranking {
	var best *Ranking
	for _, c := range cs {
		byMetric := map[string][]models.Observation{}
		var order []string
		for _, o := range c.Observations {
			if o.Metric.IsTarget() || o.Metric.Subject != "" {
				continue
			}
			if _, ok := byMetric[o.MetricCode]; !ok {
				order = append(order, o.MetricCode)
			}
			byMetric[o.MetricCode] = append(byMetric[o.MetricCode], o)
		}
		for _, code := range order {
			r := rankPeriod(c, byMetric[code])
			if r != nil && (best == nil || len(r.Rows) > len(best.Rows)) {
				best = r
			}
		}
	}
	return best
}

// rankPeriod ranks one metric's figures of a chart in the latest period
// that has at least MinRankingRows regions.
func rankPeriod(c *Chart, obs []models.Observation) *Ranking {
	byPeriod := map[string]map[string]models.Observation{}
	for _, o := range obs {
		if byPeriod[o.Period] == nil {
			byPeriod[o.Period] = map[string]models.Observation{}
		}
		if _, dup := byPeriod[o.Period][o.RegionCode]; !dup {
			byPeriod[o.Period][o.RegionCode] = o
		}
	}
	periods := make([]string, 0, len(byPeriod))
	for p, regions := range byPeriod {
		if len(regions) >= MinRankingRows {
			periods = append(periods, p)
		}
	}
	if len(periods) == 0 {
		return nil
	}
	slices.SortFunc(periods, func(a, b string) int { return periodStart(b).Compare(periodStart(a)) })
	latest := byPeriod[periods[0]]
	rows := make([]models.Observation, 0, len(latest))
	for _, o := range latest {
		rows = append(rows, o)
	}
	asc := rows[0].Metric.IsRank()
	slices.SortFunc(rows, func(a, b models.Observation) int {
		d := a.Value - b.Value
		if !asc {
			d = -d
		}
		switch {
		case d < 0:
			return -1
		case d > 0:
			return 1
		}
		return strings.Compare(a.RegionCode, b.RegionCode)
	})
	r := &Ranking{Title: rows[0].Metric.NameZH + " · " + models.PeriodLabel(periods[0]), ChartID: c.Spec.ID, Ascending: asc}
	for i, o := range rows[:min(len(rows), MaxRankingRows)] {
		r.Rows = append(r.Rows, RankingRow{Place: i + 1, Region: o.Region.NameZH, Text: DisplayValue(o), Value: o.Value})
	}
	return r
}

// periodStart is when a period starts (the zero time for a bad one).
func periodStart(p string) time.Time {
	t, _, _ := models.PeriodSpan(p)
	return t
}
