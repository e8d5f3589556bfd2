package report

import (
	"strings"
	"testing"

	"ecomdash/charts"
	"ecomdash/models"
)

// TestContents: a dashboard's report is titled with its name, one chart's
// with the chart's title, several charts' with the site's; the key changes
// with the charts, their order and the day; each picture is ChartPicture's
// size in pixels.
func TestContents(t *testing.T) {
	cs := dashboardCharts(t, "overview")
	if len(cs) < 2 {
		t.Fatalf("%d charts", len(cs))
	}
	d := models.Dashboard{ID: "overview", Title: "总览"}
	for _, c := range []struct {
		got         Contents
		title, file string
		charts      int
	}{
		{OfDashboard(d, cs), "总览", "dashboard-overview", len(cs)},
		{OfCharts(cs[:1]), cs[0].Spec.Title, "charts", 1},
		{OfCharts(cs[:2]), chartsTitle, "charts", 2},
		{OfComparison(cs[0]), cs[0].Spec.Title, "compare", 1},
	} {
		if c.got.Title != c.title || c.got.FileName != c.file || len(c.got.Charts) != c.charts {
			t.Errorf("contents %q %q with %d charts, want %q %q with %d", c.got.Title, c.got.FileName, len(c.got.Charts), c.title, c.file, c.charts)
		}
	}
	two := OfCharts(cs[:2])
	swapped := OfCharts([]*charts.Chart{cs[1], cs[0]})
	if k := two.Key("2026-12-01"); k == swapped.Key("2026-12-01") || k == two.Key("2026-12-02") || !strings.Contains(k, cs[0].Ref.Key()) {
		t.Errorf("key %q does not name the charts in order and the day", k)
	}
	r := two.Report(made, [][]byte{testPNG(t, 0), testPNG(t, 1)})
	if len(r.Figures) != 2 {
		t.Fatalf("%d figures, want 2", len(r.Figures))
	}
	if r.Title != chartsTitle || r.Figures[1].Chart != cs[1] ||
		r.Figures[0].Width != ChartPicture.Width*ChartPicture.Scale || r.Figures[0].Height != ChartPicture.Height*ChartPicture.Scale {
		t.Errorf("report %q with %d figures, the first %d×%d", r.Title, len(r.Figures), r.Figures[0].Width, r.Figures[0].Height)
	}
}
