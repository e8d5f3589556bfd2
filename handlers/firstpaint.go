package handlers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"sync"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/render"
	"ecomdash/handlers/clientip"
	"ecomdash/handlers/respcache"
)

// First paint: every chart on a page or embed arrives drawn, as the SVG the
// server renders with the same ECharts and the same option the images use,
// so it is readable before any script runs, where scripts are blocked and
// on old browsers. static/js/charts.js later puts the interactive chart in
// its place (when it comes into view and the browser is idle, or at the
// first pointer or focus on it) without moving anything: the SVG fills the
// chart's fixed box, as the live chart will.
//
// Each chart is drawn twice, for wide and for narrow screens (a CSS media
// query shows one), since an SVG scaled to a phone from a desktop width
// has unreadable text. The SVGs are cached by what they draw (the option's
// hash and the size), not by data version, so a write that leaves a chart
// as it was costs no new drawing.

// firstPaint is one chart's server-drawn SVGs.
type firstPaint struct {
	Wide, Narrow template.HTML
}

// paintJob asks for the first paint of chart, whose images are cached as
// imageID, in a box of size class (sizeClass: "", "large", "embed-chart").
type paintJob struct {
	chart   *charts.Chart
	imageID string
	class   string
}

// paintSizes are the SVG sizes (CSS pixels) of each box class, wide and
// narrow; the box's height is fixed in CSS, so the SVG fills it.
var paintSizes = map[string][2][2]int{
	"":            {{640, 400}, {360, 400}},
	"large":       {{1040, 560}, {360, 480}},
	"embed-chart": {{800, 450}, {360, 400}},
}

// paintIfAllowed is paint for charts anyone can ask for by URL (a
// comparison's state): drawing SVGs not yet cached costs the client render
// tokens like an image; without tokens the page comes without its first
// paint (the script draws the chart), never with a 429.
func (h *Handler) paintIfAllowed(c *fiber.Ctx, v charts.View, jobs []paintJob) map[string]firstPaint {
	missing := 0
	for _, job := range jobs {
		sizes, ok := paintSizes[job.class]
		if !ok {
			sizes = paintSizes[""]
		}
		for k, size := range sizes {
			view := v
			view.Narrow, view.Width = k == 1, size[0]
			opt, err := job.chart.OptionFor(view)
			if err != nil {
				return nil
			}
			if !h.paints.Contains(0, paintKey{sha256.Sum256(opt), size[0], size[1], v.Theme}) {
				missing++
			}
		}
	}
	if missing > 0 {
		if ok, _ := h.renderLimit.AllowN(clientip.Of(c), missing); !ok {
			return nil
		}
	}
	return h.paint(c.UserContext(), v, jobs)
}

// paintJobs are the jobs of cs, each named by its Ref's key, in boxes of class.
func paintJobs(cs []*charts.Chart, class string) []paintJob {
	jobs := make([]paintJob, len(cs))
	for i, c := range cs {
		jobs[i] = paintJob{chart: c, imageID: c.Ref.Key(), class: class}
	}
	return jobs
}

// paintConcurrency bounds the SVGs one page renders at once.
const paintConcurrency = 4

// paintCacheBytes bounds the first-paint cache: a chart's SVG is 5–15 KB,
// so this holds the two sizes of several hundred charts.
const paintCacheBytes = 16 << 20

// paintKey is what a first-paint SVG depends on: the option drawn (its
// hash: the option already holds the figures, the view and the theme) and
// the size.
type paintKey struct {
	option        [sha256.Size]byte
	width, height int
	theme         string
}

// paint draws the first paint of each job as the view v shows it. A chart
// that cannot be drawn now (the renderer busy or failing) gets none: the
// page then draws it with the script, as before. It never fails the page.
func (h *Handler) paint(ctx context.Context, v charts.View, jobs []paintJob) map[string]firstPaint {
	out := make(map[string]firstPaint, len(jobs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, paintConcurrency)
	for _, job := range jobs {
		sizes, ok := paintSizes[job.class]
		if !ok {
			sizes = paintSizes[""]
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			var fp firstPaint
			for k, size := range sizes {
				view := v
				view.Narrow, view.Width = k == 1, size[0]
				opt, err := job.chart.OptionFor(view)
				if err != nil {
					return
				}
				html, err := h.paintSVG(ctx, opt, paintKey{sha256.Sum256(opt), size[0], size[1], v.Theme})
				if err != nil {
					h.log.Warn("first paint not drawn", "chart", job.imageID, "err", err)
					return
				}
				if k == 0 {
					fp.Wide = html
				} else {
					fp.Narrow = html
				}
			}
			mu.Lock()
			out[job.chart.Spec.ID] = fp
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// errRefusedSVG is a rendered SVG holding markup a chart never holds.
var errRefusedSVG = errors.New("first paint refused: the SVG holds markup a chart never holds")

// paintSVG renders opt at key's size and prepares it for the page
// (inlineSVG), or takes it from the cache. Its ids are prefixed by the
// option's hash and the size, so they are unique on any page showing
// different charts, and the same on every instance.
func (h *Handler) paintSVG(ctx context.Context, opt []byte, key paintKey) (template.HTML, error) {
	e, err := h.paints.Get(0, key, func() (*respcache.Entry, error) {
		r, err := h.renderer.get()
		if err != nil {
			return nil, fmt.Errorf("start image renderer: %w", err)
		}
		ctx, cancel := context.WithTimeout(ctx, renderTimeout)
		defer cancel()
		svg, err := r.SVG(ctx, opt, render.Options{Width: key.width, Height: key.height, Scale: 1, Theme: key.theme})
		if err != nil {
			return nil, err
		}
		html, ok := inlineSVG(svg, fmt.Sprintf("p%x%d-", key.option[:4], key.width))
		if !ok {
			return nil, errRefusedSVG
		}
		return respcache.New([]byte(html), "image/svg+xml", ""), nil
	})
	if err != nil {
		return "", err
	}
	return template.HTML(e.Body()), nil // #nosec: inlineSVG checked it
}

var (
	// fontFace is the @font-face rule the renderer writes for stand-alone
	// SVG files; in a page, the page's CSS declares the fonts.
	fontFace = regexp.MustCompile(`<style>@font-face\{[^<]*\}</style>`)
	// rootSize is the root element's fixed size, replaced so the SVG fills its box.
	rootSize = regexp.MustCompile(`^<svg width="\d+(?:\.\d+)?" height="\d+(?:\.\d+)?"`)
	// localRef matches the ids and class names zrender writes (zr7-c0,
	// zr7-cls-19; references are url(#zr7-c0)). Their numbers count what a
	// renderer drew before, so each is renamed by its order in the SVG,
	// with a prefix unique on the page: the same page is the same bytes.
	localRef = regexp.MustCompile(`\bzr\d+-[A-Za-z0-9-]*\d`)
	// forbidden is markup a chart's SVG never holds; if it did, it would
	// run in the page.
	// (zrender's own <style> holds only :hover rules for its classes, in a
	// CDATA section; the page's fonts come from the page's CSS).
	forbidden = regexp.MustCompile(`(?i)<\s*(script|foreignobject|iframe|object|embed|image|use|a)\b|javascript:|\son[a-z]+\s*=|@import|url\(\s*['"]?\s*[a-z]+:|expression\(`)
)

// inlineSVG prepares a rendered SVG for a page: the font rule dropped, the
// size given to the box, local ids prefixed with prefix. ok is false when
// the SVG holds markup that must not be inlined.
func inlineSVG(svg []byte, prefix string) (html template.HTML, ok bool) {
	if forbidden.Match(svg) {
		return "", false
	}
	svg = fontFace.ReplaceAll(svg, nil)
	svg = rootSize.ReplaceAll(svg, []byte(`<svg width="100%" height="100%" preserveAspectRatio="xMidYMid meet" focusable="false" aria-hidden="true"`))
	names := map[string][]byte{}
	svg = localRef.ReplaceAllFunc(svg, func(ref []byte) []byte {
		name, ok := names[string(ref)]
		if !ok {
			name = []byte(prefix + strconv.Itoa(len(names)))
			names[string(ref)] = name
		}
		return name
	})
	svg = bytes.TrimSpace(svg)
	return template.HTML(svg), true // #nosec: rendered by ECharts from data-only options, its text escaped, checked above
}
