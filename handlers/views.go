package handlers

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"

	"ecomdash/charts"
	"ecomdash/charts/firstpaint"
	"ecomdash/models"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageLayouts maps each page template to the layout it is parsed with:
// layout.html for site pages, embed_layout.html for the bare embed pages,
// screen_layout.html for the display wall.
var pageLayouts = map[string]string{
	"dashboard": "layout", "chart": "layout", "regions": "layout", "region": "layout",
	"sources": "layout", "source": "layout", "error": "layout", "admin": "layout",
	"compare":     "layout",
	"embed_chart": "embed_layout", "embed_dashboard": "embed_layout",
	"screen": "screen_layout",
}

// views holds one parsed template set per page.
type views struct {
	pages map[string]*template.Template
}

// loadViews parses every page. embedSigned says whether embeds must be
// signed, for the embed dialog.
func loadViews(assets *assets, embedSigned bool) (*views, error) {
	funcs := template.FuncMap{
		"embedSigned": func() bool { return embedSigned },
		"asset":       assets.url,
		"period":      models.PeriodLabel,
		"value":       charts.DisplayValue,
		"optionID":    func(chartID string) string { return "option-" + chartID },
		"highlight":   highlight,
		"slice1":      func(s string) []string { return []string{s} },
		"canvas": func(paint map[string]firstpaint.Paint, c *charts.Chart, large bool) canvas {
			return canvas{Chart: c, Option: c.Option, Class: sizeClass(large), Paint: paint[c.Spec.ID]}
		},
		"join": strings.Join,
		"embedTarget": func(embedPath, imagePath, pagePath, title string, height int) embedTarget {
			return embedTarget{embedPath, imagePath, pagePath, title, height}
		},
		"canvasWith": func(paint map[string]firstpaint.Paint, c *charts.Chart, opt json.RawMessage, class string) canvas {
			return canvas{Chart: c, Option: opt, Class: class, Paint: paint[c.Spec.ID]}
		},
	}
	v := &views{pages: map[string]*template.Template{}}
	for name, layout := range pageLayouts {
		t, err := template.New(layout+".html").Funcs(funcs).ParseFS(templateFS, "templates/"+layout+".html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		v.pages[name] = t
	}
	return v, nil
}

// render executes page with data into a byte slice.
func (v *views) render(page string, data any) ([]byte, error) {
	t, ok := v.pages[page]
	if !ok {
		return nil, fmt.Errorf("render: no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("render %s: %w", page, err)
	}
	return buf.Bytes(), nil
}

// highlight escapes text and wraps each occurrence of any of marks in
// <mark>. Both text and marks are escaped; only the <mark> tags are markup.
func highlight(text string, marks []string) template.HTML {
	type span struct{ start, end int }
	var spans []span
	for _, m := range marks {
		if m == "" {
			continue
		}
		for from := 0; ; {
			i := strings.Index(text[from:], m)
			if i < 0 {
				break
			}
			spans = append(spans, span{from + i, from + i + len(m)})
			from += i + len(m)
		}
	}
	// keep spans in order, dropping any that overlap an earlier one
	var b strings.Builder
	pos := 0
	for len(spans) > 0 {
		best := 0
		for i, s := range spans {
			if s.start < spans[best].start {
				best = i
			}
		}
		s := spans[best]
		spans = append(spans[:best], spans[best+1:]...)
		if s.start < pos {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[pos:s.start]))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		pos = s.end
	}
	b.WriteString(template.HTMLEscapeString(text[pos:]))
	return template.HTML(b.String())
}

// canvas is what the chart-canvas template needs: a chart, the option to
// draw (as the page's view shows it) and a size class.
type canvas struct {
	Chart  *charts.Chart
	Option json.RawMessage
	Class  string
	// Paint is the chart's server-drawn SVG, shown until the script draws it.
	Paint firstpaint.Paint
}

func sizeClass(large bool) string {
	if large {
		return "large"
	}
	return ""
}

// embedTarget is what the embed dialog needs: the embed and image URLs of a
// chart or dashboard, its page, its title, and a starting frame height.
type embedTarget struct {
	EmbedPath, ImagePath, PagePath, Title string
	Height                                int
}
