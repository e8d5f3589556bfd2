package charts

import (
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/opts"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// Ranks (位次, models.MetricRank) are positions, not quantities, and are
// drawn as positions: a dot on a value axis of places, 第1位 at the top
// (at the left on horizontal bars), whatever chart type the state asks
// for among bar, hbar and line. A bar would make a worse rank the taller
// one and invite adding ranks up. On a bar chart the dots of several
// series stand side by side in their category as bars would (an ECharts
// pictorialBar drawing only its end symbol); a line over time joins the
// dots only where every rank on it is a place the document gave. A bound
// (前10位, qualifier at_most: 10th or better) is a ring at its bound with a
// band reaching up to 第1位, labelled 前10位, never a point at 10. Ranks are
// never stacked, summed (pie), put on a 0–100% gauge or derived (growth,
// share, a rank of ranks): a state asking for it is a 400 naming the key.
// A rank derived from quantities (derive=rank) is drawn the same way and
// labelled 图中第1位（推算）: its place among the regions shown, which is not
// the place a document gives.

// rankAxis is the value axis of ranks: never shared with a quantity, not
// even one counted in 位 (people).
const rankAxis = "位次"

// rankAxisName names the rank axis.
const rankAxisName = "位次"

// checkRanks refuses what a rank cannot be: stacked, derived, a pie's
// slice or a gauge's share.
func checkRanks(st state.State, r *resolved) error {
	var rank *models.Metric
	for i := range r.metrics {
		if r.metrics[i].IsRank() {
			rank = &r.metrics[i]
			break
		}
	}
	if rank == nil {
		return nil
	}
	switch {
	case st.Stack:
		return &state.Error{Key: "stack", Message: fmt.Sprintf("“%s”是位次，不是数量，不能堆叠相加：请去掉 stack=1 (a rank is never stacked)", rank.NameZH)}
	case st.Derive != state.DeriveNone:
		return &state.Error{Key: "derive", Message: fmt.Sprintf("“%s”是位次，不是数量，不能计算同比、占比或再排名：请去掉 derive (a rank is never derived)", rank.NameZH)}
	case st.Type == state.TypePie:
		return &state.Error{Key: "type", Message: fmt.Sprintf("“%s”是位次，饼图会把位次相加：请用柱状图、条形图或折线图 (a rank is never summed)", rank.NameZH)}
	case st.Type == state.TypeGauge:
		return &state.Error{Key: "type", Message: fmt.Sprintf("“%s”是位次，不是0—100%%的比例，不能画成仪表：请用柱状图、条形图或折线图 (a rank is not a share)", rank.NameZH)}
	}
	return nil
}

// RankText writes a rank as documents do: 第2位; a bound 前10位; a range
// 第3～4位. Charts, data tables and the Word report show ranks so, never as
// a quantity (10位).
func RankText(o models.Observation) string { return models.FormatFigure(o) }

// derivedRankText is a rank computed among the regions shown.
func derivedRankText(v float64) string {
	return "图中第" + models.FormatValue(v) + "位（推算）"
}

// isBound reports whether a rank cell is a bound (前10位) rather than a place.
func isBound(c cell) bool {
	return c.ok && c.derivation == "" && c.obs.Qualifier == models.QualifierAtMost
}

// rankPoint draws point p of rank cell c as a position: a filled dot, or
// for a bound a hollow one; labelled 第2位 / 前10位 / 图中第1位（推算）.
func rankPoint(p point, c cell, labels state.LabelMode) point {
	if !c.ok {
		return p
	}
	p.Symbol, p.SymbolSize = "circle", rankSymbolSize
	if isBound(c) {
		p.Symbol = ringSymbol
	}
	text := RankText(c.obs)
	if c.derivation != "" {
		text = derivedRankText(c.value)
		p.Shown = text
	} else if c.obs.Stated == "" {
		p.Shown = text
	}
	switch {
	case labels == state.LabelsNone:
	case c.derivation != "":
		p.Label = &opts.Label{Formatter: "图中第" + models.FormatValue(c.value) + "位\n（推算）"}
	case labels == state.LabelsStated && c.obs.Stated != "":
		p.Label = &opts.Label{Formatter: c.obs.Stated}
	default:
		p.Label = &opts.Label{Formatter: text}
	}
	if c.derivation != "" {
		return p
	}
	p.Inferred = "" // written again on the rank's own label
	return withInferred(p, c.obs, labels)
}

// rankSymbolSize is the size of a rank's dot, in px.
const rankSymbolSize = 13

// ringSymbol is a bound's hollow dot: a ring, its hole cut by an inner
// circle drawn the other way round (non-zero fill). ECharts' emptyCircle
// fills its hole white, which a pictorialBar does not draw and a dark
// background would show.
const ringSymbol = "path://M10,0A10,10,0,1,1,-10,0A10,10,0,1,1,10,0ZM6.2,0A6.2,6.2,0,1,0,-6.2,0A6.2,6.2,0,1,0,6.2,0Z"

// pictorialRank is the series type of ranks on a bar chart: a bar laid out
// beside the other series' in its category, drawing only a dot at its end.
const pictorialRank = "pictorialBar"

// withInferred adds to point p of figure o, when the document gave o only
// within a statement covering several periods (models.Observation.Inferred),
// that statement's words under its label (第2位 over （连续3年）: short
// enough for a phone-width chart), and the note 据“连续3年”推知 for its
// tooltip.
func withInferred(p point, o models.Observation, labels state.LabelMode) point {
	if o.Inferred == "" || o.Derived || p.Inferred != "" {
		return p
	}
	p.Inferred = o.InferredNote()
	if labels != state.LabelsNone {
		shown := p.Shown
		if p.Label != nil && p.Label.Formatter != "" {
			shown = string(p.Label.Formatter)
		}
		p.Label = &opts.Label{Formatter: shown + "\n（" + o.Inferred + "）"}
	}
	return p
}

// rankAxisRange is the extent of a rank axis holding the ranks of all:
// from half a place above 第1位 to half a place below the worst rank
// drawn plus one (at least 第3位), so that neither 第1位 nor the worst dot
// sits on the grid's edge and a rank is never at the bottom of the axis
// only because it is the worst drawn. It returns the extent and whether
// every place gets a tick (up to 12 places).
func rankAxisRange(all []series) (lo, hi float64, everyPlace bool) {
	worst := 0.0
	for _, s := range all {
		if !s.rank {
			continue
		}
		for _, c := range s.cells {
			if !c.ok {
				continue
			}
			v := c.value
			if c.derivation == "" {
				v = c.obs.Upper()
			}
			worst = math.Max(worst, v)
		}
	}
	places := math.Max(math.Ceil(worst)+1, 3)
	return 0.5, places + 0.5, places <= 12
}

// rankWhiskers are the bands from 第1位 to each bound of series s (前10位
// reaches from 第1位 to 第10位), as mark-line data: pairs of coordinates
// on the category index and the rank, in color.
func rankWhiskers(s series, horizontal bool, color string) []any {
	var out []any
	for j, c := range s.cells {
		if !isBound(c) {
			continue
		}
		at := func(rank float64) []any {
			if horizontal {
				return []any{rank, j}
			}
			return []any{j, rank}
		}
		out = append(out, []any{
			whiskerEnd{Coord: at(1), LineStyle: &opts.LineStyle{Color: color, Width: 5, Opacity: opts.Float(0.35), Type: "solid"}, Label: &opts.Label{Show: opts.Bool(false)}},
			whiskerEnd{Coord: at(c.obs.Value)},
		})
	}
	return out
}

// whiskerEnd is one end of a bound's band: a mark line's coordinate, the
// first end carrying the line's style (go-echarts' mark-line items name a
// point by an axis value, never by coordinates).
type whiskerEnd struct {
	Coord     []any           `json:"coord"`
	LineStyle *opts.LineStyle `json:"lineStyle,omitempty"`
	Label     *opts.Label     `json:"label,omitempty"`
}

// hasBound reports whether s has a bound among its ranks.
func hasBound(s series) bool {
	for _, c := range s.cells {
		if isBound(c) {
			return true
		}
	}
	return false
}

// rankLabels writes a rank axis' places as 第1位, 第2位 …, leaving out the
// half places at its ends (rankAxisRange).
func rankLabels() *opts.AxisLabel {
	return &opts.AxisLabel{Formatter: "第{value}位", ShowMinLabel: opts.Bool(false), ShowMaxLabel: opts.Bool(false)}
}

// rankYAxis is the value axis of ranks on a vertical chart: inverted, so
// that 第1位 is at the top; unnamed, as its labels say 第N位 (a name would
// stand at the top, under the legend).
func rankYAxis(all []series, split *opts.SplitLine) opts.YAxis {
	lo, hi, every := rankAxisRange(all)
	a := opts.YAxis{Type: "value", Inverse: opts.Bool(true), Min: lo, Max: hi,
		MinInterval: 1, AxisLabel: rankLabels(), SplitLine: split}
	if every {
		a.MaxInterval = 1
	}
	return a
}

// rankXAxis is the value axis of ranks on horizontal bars: 第1位 at the
// left, where a reader starts.
func rankXAxis(all []series, split *opts.SplitLine) opts.XAxis {
	lo, hi, every := rankAxisRange(all)
	a := opts.XAxis{Type: "value", Name: rankAxisName, NameLocation: "end", Min: lo, Max: hi,
		MinInterval: 1, AxisLabel: rankLabels(), SplitLine: split}
	if every {
		a.MaxInterval = 1
	}
	return a
}
