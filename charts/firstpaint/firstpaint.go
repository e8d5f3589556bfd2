// Package firstpaint draws the first paint of charts: every chart on a page
// or embed arrives drawn, as the SVG the server renders with the same
// ECharts and the same option the images use, so it is readable before any
// script runs, where scripts are blocked and on old browsers.
// static/js/charts.js later puts the interactive chart in its place (when
// it comes into view and the browser is idle, or at the first pointer or
// focus on it) without moving anything: the SVG fills the chart's fixed
// box, as the live chart will.
//
// Each chart is drawn twice, for wide and for narrow screens (a CSS media
// query shows one), since an SVG scaled to a phone from a desktop width has
// unreadable text. The SVGs are cached by what they draw (the option's hash
// and the size), not by data version, so a write that leaves a chart as it
// was costs no new drawing; what is cached is the page-ready SVG, so the
// cleaning (Clean) is paid once per drawn chart and size, not per page.
//
// It is a package of its own, not part of charts/render, because it does a
// different job with a different trust boundary: render turns any option
// into SVG and PNG files, which are opened as documents of their own;
// firstpaint lays charts out for a page's boxes (it needs charts' views,
// which render does not import) and puts the SVG inside the page's HTML,
// where anything that could run would run as the page. So the SVG is parsed
// here and rebuilt from an allow-list of what ECharts writes (clean.go),
// never trusted as it came from the renderer.
package firstpaint

import (
	"context"
	"crypto/sha256"
	"fmt"
	"html/template"
	"log/slog"
	"sync"
	"time"

	"ecomdash/charts"
	"ecomdash/charts/render"
)

// Paint is one chart's first paint: its SVGs for wide and for narrow
// screens, ready to be written into a page as they are.
type Paint struct {
	Wide, Narrow template.HTML
}

// Box classes: the CSS class of the box a chart is drawn into (the box's
// height is fixed in CSS, so the SVG fills it).
const (
	// Card is a chart on a dashboard or region page.
	Card = ""
	// Large is the one chart of a chart or comparison page.
	Large = "large"
	// Embed is the chart of a chart embed.
	Embed = "embed-chart"
	// Tall is a card of many horizontal bars (a region's figures drawn
	// together), whose wrapped category labels need the height on a phone;
	// on a wide screen, where the labels wrap less, it is a little taller
	// than a card, so that a profile's charts stand two abreast in few rows.
	Tall = "tall"
)

// sizes are the SVG sizes (CSS pixels) of each box class, wide and narrow.
var sizes = map[string][2][2]int{
	Card:  {{640, 400}, {360, 400}},
	Large: {{1040, 560}, {360, 480}},
	Embed: {{800, 450}, {360, 400}},
	Tall:  {{640, 480}, {360, 640}},
}

// sizesOf returns the sizes of box class (a card's for an unknown class).
func sizesOf(class string) [2][2]int {
	if s, ok := sizes[class]; ok {
		return s
	}
	return sizes[Card]
}

// Job asks for the first paint of Chart in a box of Class (Card, Large,
// Embed or Tall).
type Job struct {
	Chart *charts.Chart
	Class string
}

// Jobs are the jobs of cs, in boxes of class.
func Jobs(cs []*charts.Chart, class string) []Job {
	jobs := make([]Job, len(cs))
	for i, c := range cs {
		jobs[i] = Job{Chart: c, Class: class}
	}
	return jobs
}

// concurrency bounds the SVGs one Paint renders at once.
const concurrency = 4

// CacheBytes is the size a first-paint cache should have: a chart's SVG is
// 5–15 KB, so this holds the two sizes of several hundred charts.
const CacheBytes = 16 << 20

// Key is what a first-paint SVG depends on: the option drawn (its hash: the
// option already holds the figures, the view and the theme) and the size.
type Key struct {
	option        [sha256.Size]byte
	width, height int
	theme         string
}

// Cache keeps page-ready SVGs by Key. Get returns the SVG of key, calling
// draw to make it when it is not kept, at most once for concurrent calls of
// one key; an error from draw is returned and nothing is kept. Contains
// reports whether key is kept, drawing nothing.
type Cache interface {
	Get(key Key, draw func() ([]byte, error)) ([]byte, error)
	Contains(key Key) bool
}

// Renderer draws an option as an SVG document; *render.Lazy is the real one.
type Renderer interface {
	SVG(ctx context.Context, option []byte, o render.Options) ([]byte, error)
}

// Painter draws first paints with a renderer, keeping them in a cache.
type Painter struct {
	renderer Renderer
	cache    Cache
	log      *slog.Logger
	timeout  time.Duration
}

// NewPainter returns a Painter drawing with r and keeping its SVGs in c. A
// render (including the wait for the renderer) may take timeout; charts
// that could not be drawn are logged to log (nil: not logged).
func NewPainter(r Renderer, c Cache, log *slog.Logger, timeout time.Duration) *Painter {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Painter{renderer: r, cache: c, log: log, timeout: timeout}
}

// MaxPaintedFigures is the most figures a chart may have to be painted
// first: a larger chart is drawn plain (charts.MaxLabelledValues), by the
// script as soon as the page runs, and its two SVGs would hold the page for
// their drawing (some 0.2 s each for a thousand values) and add to its
// weight what the script draws anyway. The page shows its SVG image to a
// browser that runs no script.
const MaxPaintedFigures = charts.MaxLabelledValues

// painted reports whether job's chart gets a first paint.
func (job Job) painted() bool { return len(job.Chart.Observations) <= MaxPaintedFigures }

// Paint draws the first paint of each job as the view v shows it, keyed by
// chart id. A chart that cannot be drawn now (the renderer busy or
// failing) gets none: the page then draws it with the script. It never
// fails: a page is always served.
func (p *Painter) Paint(ctx context.Context, v charts.View, jobs []Job) map[string]Paint {
	out := make(map[string]Paint, len(jobs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, concurrency)
	for _, job := range jobs {
		if !job.painted() {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			var fp Paint
			for k, size := range sizesOf(job.Class) {
				opt, key, err := job.option(v, k, size)
				if err != nil {
					return
				}
				html, err := p.svg(ctx, opt, key)
				if err != nil {
					p.log.Warn("first paint not drawn", "chart", job.Chart.Ref.Key(), "err", err)
					return
				}
				if k == 0 {
					fp.Wide = html
				} else {
					fp.Narrow = html
				}
			}
			mu.Lock()
			out[job.Chart.Spec.ID] = fp
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// Uncached counts the SVGs Paint would have to render for jobs in view v
// (the others are cached), so that a caller can charge them to a client
// first.
func (p *Painter) Uncached(v charts.View, jobs []Job) (int, error) {
	n := 0
	for _, job := range jobs {
		if !job.painted() {
			continue
		}
		for k, size := range sizesOf(job.Class) {
			_, key, err := job.option(v, k, size)
			if err != nil {
				return 0, err
			}
			if !p.cache.Contains(key) {
				n++
			}
		}
	}
	return n, nil
}

// option returns the option of job's SVG number k (0 wide, 1 narrow) of
// size, as view v shows it, and its cache key.
func (job Job) option(v charts.View, k int, size [2]int) ([]byte, Key, error) {
	v.Narrow, v.Width = k == 1, size[0]
	opt, err := job.Chart.OptionFor(v)
	if err != nil {
		return nil, Key{}, err
	}
	return opt, Key{sha256.Sum256(opt), size[0], size[1], v.Theme}, nil
}

// svg renders opt at key's size and makes it page-ready (Clean), or takes
// it from the cache. Its ids are prefixed by the option's hash and the
// width, so they are unique on any page showing different charts, and the
// same on every instance.
func (p *Painter) svg(ctx context.Context, opt []byte, key Key) (template.HTML, error) {
	b, err := p.cache.Get(key, func() ([]byte, error) {
		ctx, cancel := context.WithTimeout(ctx, p.timeout)
		defer cancel()
		svg, err := p.renderer.SVG(ctx, opt, render.Options{Width: key.width, Height: key.height, Scale: 1, Theme: key.theme})
		if err != nil {
			return nil, err
		}
		return Clean(svg, fmt.Sprintf("p%x%d-", key.option[:4], key.width))
	})
	if err != nil {
		return "", err
	}
	return template.HTML(b), nil // #nosec: Clean rebuilt it from its allow-list, texts escaped
}
