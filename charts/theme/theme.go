// Package theme holds the dashboard's colours in one place: the chart
// options (package charts) and the image renderer (charts/render) both read
// them, so a page, an embed and an image of a chart agree.
package theme

// Colors are one theme's text and background colours.
type Colors struct {
	// Background fills the chart.
	Background string
	// Ink is for titles and value labels; Muted for subtitles, axis labels
	// and the source line.
	Ink, Muted string
	// SplitLine is for the value axis' grid lines (dark theme only; the
	// light theme keeps ECharts' own).
	SplitLine string
}

// The two themes.
var (
	Light = Colors{Background: "#ffffff", Ink: "#1d2733", Muted: "#5b6775"}
	Dark  = Colors{Background: "#1b2430", Ink: "#e6ebf1", Muted: "#a9b4c0", SplitLine: "#334155"}
)

// Of returns the colours of the theme named name ("dark", else light).
func Of(name string) Colors {
	if name == "dark" {
		return Dark
	}
	return Light
}
