package report

import (
	"strings"
	"time"

	"ecomdash/charts"
	"ecomdash/models"
)

// Picture is how a report draws each chart: the view and the size of its
// image.
type Picture struct {
	View charts.View
	// Width and Height are in CSS pixels; Scale is the pixel ratio.
	Width, Height, Scale int
}

// ChartPicture is how every chart of a report is drawn: without its title
// and source line (the caption and the line under it carry them), in the
// light theme, 600 by 360 CSS pixels at scale 2, which prints at the text
// width (14.66 cm) at about 200 dpi with 12 px labels at about 8 pt.
var ChartPicture = Picture{View: charts.View{Theme: "light", HideTitle: true, HideSource: true}, Width: 600, Height: 360, Scale: 2}

// Contents is what a report holds before its pictures are drawn: its
// title, the name of its file and its charts, in order.
type Contents struct {
	Title string
	// FileName is the file's ASCII name without ".docx", for clients that
	// cannot read the UTF-8 one (the title).
	FileName string
	Charts   []*charts.Chart
}

// OfDashboard is the report of dashboard d, whose charts are cs: titled
// with its name.
func OfDashboard(d models.Dashboard, cs []*charts.Chart) Contents {
	return Contents{Title: d.Title, FileName: "dashboard-" + d.ID, Charts: cs}
}

// chartsTitle is the title of a report of several chosen charts.
const chartsTitle = "电商区域统计图表"

// OfCharts is the report of the charts cs, in that order: titled with the
// chart's title when there is one.
func OfCharts(cs []*charts.Chart) Contents {
	title := chartsTitle
	if len(cs) == 1 {
		title = cs[0].Spec.Title
	}
	return Contents{Title: title, FileName: "charts", Charts: cs}
}

// OfComparison is the report of a comparison, the chart ch built from a
// state.
func OfComparison(ch *charts.Chart) Contents {
	return Contents{Title: ch.Spec.Title, FileName: "compare", Charts: []*charts.Chart{ch}}
}

// Key names the report of these contents made on day (YYYY-MM-DD) in a
// cache: reports of the same charts, title and day share it.
func (c Contents) Key(day string) string {
	keys := make([]string, len(c.Charts))
	for i, ch := range c.Charts {
		keys[i] = ch.Ref.Key()
	}
	return "report|" + day + "|" + c.Title + "|" + strings.Join(keys, "\x00")
}

// Report is the report of these contents made on made, pngs holding each
// chart's picture, drawn as ChartPicture, in order.
func (c Contents) Report(made time.Time, pngs [][]byte) Report {
	r := Report{Title: c.Title, Made: made}
	for i, ch := range c.Charts {
		r.Figures = append(r.Figures, Figure{Chart: ch, PNG: pngs[i],
			Width: ChartPicture.Width * ChartPicture.Scale, Height: ChartPicture.Height * ChartPicture.Scale})
	}
	return r
}
