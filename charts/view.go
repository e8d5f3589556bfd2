package charts

import (
	"ecomdash/charts/theme"
	"encoding/json"
	"fmt"
)

// View says how a chart is shown: on a page, in an embed frame or as an
// image. The same query string (theme, bg, title, source) drives all three,
// so what a user sees is what they embed and export.
type View struct {
	// Theme is "light" (default) or "dark".
	Theme string
	// Transparent lets the host page's background show through (embeds).
	Transparent bool
	// HideTitle drops the title and subtitle; HideSource drops the 数据来源 line.
	HideTitle, HideSource bool
	// Image prepares a stand-alone image: no toolbox or tooltip, animation
	// off, and the footer followed by the date the image was made.
	Image bool
	// Width is the width the chart is drawn at in CSS pixels, when the
	// server draws it (an image, a page's first paint): the source line is
	// cut to it.
	Width int
	// MadeOn is the date printed in an image's footer (YYYY-MM-DD).
	MadeOn string
	// Narrow lays the chart out for a phone-width box (about 360 px): the
	// title and subtitle cut to the box, horizontal bars' category labels in
	// a narrower column (static/js/charts.js does the same in the browser).
	Narrow bool
}

// NarrowWidth is the box width a Narrow view is laid out for.
const NarrowWidth = 360

// OptionFor returns the chart's option as v shows it. It starts from the one
// option Build made, so every output agrees; the default View returns it
// unchanged.
func (c *Chart) OptionFor(v View) (json.RawMessage, error) {
	if v == (View{}) || v == (View{Theme: "light"}) {
		return c.Option, nil
	}
	var opt map[string]any
	if err := json.Unmarshal(c.Option, &opt); err != nil {
		return nil, fmt.Errorf("option for %s: %w", c.Spec.ID, err)
	}
	colors := theme.Of(v.Theme)
	ink, muted, bg := colors.Ink, colors.Muted, colors.Background
	if v.Theme == "dark" {
		darkenAxes(opt)
	}
	if v.Transparent {
		bg = "transparent"
	}
	opt["backgroundColor"] = bg
	if title, ok := opt["title"].(map[string]any); ok {
		setColor(title, "textStyle", ink)
		setColor(title, "subtextStyle", muted)
	}
	if v.Image {
		delete(opt, "toolbox")
		delete(opt, "tooltip")
		opt["animation"] = false
	} else if tb, ok := opt["toolbox"].(map[string]any); ok && bg != theme.Light.Background {
		// a saved image is meant for a white report page whatever the theme
		if save, ok := tb["feature"].(map[string]any)["saveAsImage"].(map[string]any); ok {
			save["backgroundColor"] = theme.Light.Background
		}
	}
	graphics, _ := opt["graphic"].([]any)
	kept := graphics[:0]
	for _, g := range graphics {
		gm, ok := g.(map[string]any)
		if !ok || gm["id"] != "source-line" {
			kept = append(kept, g)
			continue
		}
		if v.HideSource {
			continue
		}
		style := gm["style"].(map[string]any)
		style["fill"] = muted
		if v.Image {
			style["text"] = fmt.Sprintf("%s　　制图：电商区域统计看板，%s", style["text"], v.MadeOn)
		}
		if v.Width > 0 { // cut to the box, as the browser does (static/js/charts.js)
			style["width"] = max(v.Width-32, 100)
		}
		kept = append(kept, gm)
	}
	opt["graphic"] = kept
	if v.Narrow {
		fitNarrow(opt, NarrowWidth)
	}
	if v.HideTitle {
		delete(opt, "title")
		delete(opt, "toolbox") // it sits on the title's row
		reclaimTop(opt)
	}
	if v.HideSource {
		reclaimBottom(opt)
	}
	out, err := json.Marshal(opt)
	if err != nil {
		return nil, fmt.Errorf("option for %s: %w", c.Spec.ID, err)
	}
	return out, nil
}

// fitNarrow lays opt out for a box width pixels wide: the title beside the
// toolbox and the subtitle truncated, and the category column of
// horizontal bars narrowed so the bars keep room.
func fitNarrow(opt map[string]any, width int) {
	if title, ok := opt["title"].(map[string]any); ok {
		for key, room := range map[string]int{"textStyle": width - 88, "subtextStyle": width - 32} {
			style, ok := title[key].(map[string]any)
			if !ok {
				style = map[string]any{}
				title[key] = style
			}
			style["width"], style["overflow"] = room, "truncate"
		}
	}
	for _, a := range asMaps(opt["yAxis"]) {
		if a["type"] != "category" || a["inverse"] != true {
			continue
		}
		label, ok := a["axisLabel"].(map[string]any)
		if !ok {
			label = map[string]any{}
			a["axisLabel"] = label
		}
		label["width"] = narrowHBarLabelWidth + labelSlack
		for _, g := range asMaps(opt["grid"]) {
			g["left"] = narrowHBarLabelWidth + 20 // the right keeps its room for the longest bar's label
		}
	}
}

func setColor(m map[string]any, key, color string) {
	style, ok := m[key].(map[string]any)
	if !ok {
		style = map[string]any{}
		m[key] = style
	}
	style["color"] = color
}

// titleRoom and sourceRoom are the heights the title block (title,
// subtitle and the gap to the legend) and the source line take above and
// below the grid; a view without them gives that room back.
const (
	titleRoom  = 52
	sourceRoom = 24
)

// reclaimTop moves the grid and legend up by the title's room when there is
// no title.
func reclaimTop(opt map[string]any) {
	for _, g := range asMaps(opt["grid"]) {
		shift(g, "top", -titleRoom, 40)
	}
	if legend, ok := opt["legend"].(map[string]any); ok && legend["show"] == true {
		legend["top"] = 8
	}
}

// reclaimBottom moves the grid down by the source line's room when there
// is no source line; what the grid keeps below it for axis labels it draws
// outside itself (horizontal bars) stays.
func reclaimBottom(opt map[string]any) {
	for _, g := range asMaps(opt["grid"]) {
		shift(g, "bottom", -sourceRoom, 16)
	}
}

// shift adds by to the number g[key], keeping it at least floor; a key that
// is not a number is left alone.
func shift(g map[string]any, key string, by, floor float64) {
	if v, ok := g[key].(float64); ok {
		g[key] = max(v+by, floor)
	}
}

// darkenAxes makes axis labels, names, split lines and the legend readable
// on the dark background.
func darkenAxes(opt map[string]any) {
	for _, key := range []string{"xAxis", "yAxis"} {
		for _, a := range asMaps(opt[key]) {
			setColor(a, "axisLabel", theme.Dark.Muted)
			setColor(a, "nameTextStyle", theme.Dark.Muted)
			split, ok := a["splitLine"].(map[string]any)
			if !ok {
				split = map[string]any{}
				a["splitLine"] = split
			}
			setColor(split, "lineStyle", theme.Dark.SplitLine)
		}
	}
	if legend, ok := opt["legend"].(map[string]any); ok {
		setColor(legend, "textStyle", theme.Dark.Muted)
	}
	for _, s := range asMaps(opt["series"]) {
		if label, ok := s["label"].(map[string]any); ok {
			label["color"] = theme.Dark.Ink
		}
		if s["type"] == "gauge" {
			if title, ok := s["title"].(map[string]any); ok {
				title["color"] = theme.Dark.Ink
			}
		}
	}
}

// asMaps returns the objects of a component that ECharts takes as one object
// or a list of them (grid, xAxis, series …).
func asMaps(v any) []map[string]any {
	if m, ok := v.(map[string]any); ok {
		return []map[string]any{m}
	}
	list, _ := v.([]any)
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}
