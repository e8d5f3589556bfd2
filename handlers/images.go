package handlers

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"

	"ecomdash/charts"
	"ecomdash/charts/render"
	"ecomdash/handlers/respcache"
	"ecomdash/models"
)

// Image size bounds and defaults, in CSS pixels.
const (
	minImageSide  = 320
	maxImageSide  = 3000
	defaultWidth  = 1200
	defaultHeight = 675
	defaultScale  = 2
	// imageCacheEntries bounds the image cache: at 1200×675×2 a PNG is
	// about 100–200 KB, so the cache stays under about 50 MB.
	imageCacheEntries = 256
	// renderTimeout bounds one render, including the wait for a free VM.
	renderTimeout = 20 * time.Second
)

// chinaTime is UTC+8 (China has no daylight saving), for the date an image was made.
var chinaTime = time.FixedZone("CST", 8*3600)

// imageRenderer draws an ECharts option; *render.Renderer is the real one.
type imageRenderer interface {
	SVG(ctx context.Context, option []byte, o render.Options) ([]byte, error)
	PNG(ctx context.Context, option []byte, o render.Options) ([]byte, error)
}

// imageParams are an image request's validated query parameters.
type imageParams struct {
	Width, Height int
	Scale         int
	Theme         string
	Plain         bool
	Download      bool
}

// imageQueryParams lists what the image routes accept.
var imageQueryParams = map[string]bool{"width": true, "height": true, "scale": true, "theme": true, "plain": true, "lang": true, "download": true, "ids": true}

// parseImageParams reads width, height, scale, theme, plain, lang and
// download; anything malformed or out of bounds is a 400 naming it.
func parseImageParams(c *fiber.Ctx) (imageParams, error) {
	p := imageParams{Width: defaultWidth, Height: defaultHeight, Scale: defaultScale}
	if err := checkParams(c, imageQueryParams); err != nil {
		return p, err
	}
	intParam := func(name string, def, lo, hi int) (int, error) {
		raw := c.Query(name)
		if raw == "" {
			return def, nil
		}
		v, err := strconv.Atoi(raw)
		if err != nil || v < lo || v > hi {
			return 0, badRequest(fmt.Sprintf("%s=%q：应为 %d 到 %d 之间的整数 (must be an integer from %d to %d)", name, raw, lo, hi, lo, hi))
		}
		return v, nil
	}
	boolParam := func(name string) (bool, error) {
		switch c.Query(name) {
		case "", "0", "false":
			return false, nil
		case "1", "true":
			return true, nil
		}
		return false, badRequest(fmt.Sprintf("%s=%q：应为 0 或 1 (must be 0 or 1)", name, c.Query(name)))
	}
	var err error
	if p.Width, err = intParam("width", defaultWidth, minImageSide, maxImageSide); err != nil {
		return p, err
	}
	if p.Height, err = intParam("height", defaultHeight, minImageSide, maxImageSide); err != nil {
		return p, err
	}
	if p.Scale, err = intParam("scale", defaultScale, 1, 3); err != nil {
		return p, err
	}
	if p.Theme, err = themeParam(c); err != nil {
		return p, err
	}
	if err := langParam(c); err != nil {
		return p, err
	}
	if p.Plain, err = boolParam("plain"); err != nil {
		return p, err
	}
	if p.Download, err = boolParam("download"); err != nil {
		return p, err
	}
	return p, nil
}

// imageCache renders each distinct image once and keeps the most recently
// used ones. Concurrent requests for the same uncached image share one
// render. Keys include the data version and the day, so a data change or a
// new day (the footer prints the date) makes a new image and a new ETag.
type imageCache struct {
	renderer func() (imageRenderer, error)
	images   *lru.Cache[string, *respcache.Entry]
	flight   singleflight.Group

	hits, renders atomic.Uint64
}

func newImageCache(renderer func() (imageRenderer, error)) *imageCache {
	images, err := lru.New[string, *respcache.Entry](imageCacheEntries)
	if err != nil {
		panic(err) // only for a size <= 0
	}
	return &imageCache{renderer: renderer, images: images}
}

// imageKey names one image: chart, format, parameters, data version, day.
func imageKey(chartID, format string, p imageParams, version int64, day string) string {
	return fmt.Sprintf("%s|%s|%dx%d@%d|%s|plain=%t|v%d|%s", chartID, format, p.Width, p.Height, p.Scale, p.Theme, p.Plain, version, day)
}

// etagOf derives the ETag from the key, so a revalidation needs no render.
func etagOf(key string) string {
	sum := sha256.Sum256([]byte(key))
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// get returns the image for key, rendering it at most once.
func (ic *imageCache) get(ctx context.Context, key, format string, draw func(imageRenderer) ([]byte, error)) (*respcache.Entry, error) {
	if img, ok := ic.images.Get(key); ok {
		ic.hits.Add(1)
		return img, nil
	}
	v, err, _ := ic.flight.Do(key, func() (any, error) {
		if img, ok := ic.images.Get(key); ok {
			return img, nil
		}
		r, err := ic.renderer()
		if err != nil {
			return nil, fmt.Errorf("start image renderer: %w", err)
		}
		ic.renders.Add(1)
		body, err := draw(r)
		if err != nil {
			return nil, err // nothing cached: the next request tries again
		}
		img := respcache.NewWithETag(body, etagOf(key), imageTypes[format], imageCacheControl)
		ic.images.Add(key, img)
		return img, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*respcache.Entry), nil
}

// renderChart returns chart c as format ("png" or "svg") with parameters p.
func (h *Handler) renderChart(ctx context.Context, c *charts.Chart, format string, p imageParams, version int64, madeOn time.Time) (*respcache.Entry, error) {
	day := madeOn.In(chinaTime).Format(time.DateOnly)
	return h.imageFor(ctx, c, format, p, imageKey(c.Spec.ID, format, p, version, day), day)
}

// imageFor returns the image named key (see imageKey), drawing it with the
// footer date day when it is not cached.
func (h *Handler) imageFor(ctx context.Context, c *charts.Chart, format string, p imageParams, key, day string) (*respcache.Entry, error) {
	return h.images.get(ctx, key, format, func(r imageRenderer) ([]byte, error) {
		opt, err := c.OptionFor(charts.View{Image: true, Width: p.Width, Theme: p.Theme, HideTitle: p.Plain, HideSource: p.Plain, MadeOn: day})
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(ctx, renderTimeout)
		defer cancel()
		o := render.Options{Width: p.Width, Height: p.Height, Scale: float64(p.Scale), Theme: p.Theme}
		var body []byte
		if format == "svg" {
			body, err = r.SVG(ctx, opt, o)
		} else {
			body, err = r.PNG(ctx, opt, o)
		}
		if err != nil {
			return nil, fmt.Errorf("render chart %s as %s: %w", c.Spec.ID, format, err)
		}
		return body, nil
	})
}

var imageTypes = map[string]string{"png": "image/png", "svg": "image/svg+xml"}

// imageCacheControl lets browsers and portal proxies keep an image for ten
// minutes; after that they revalidate, which costs no render.
const imageCacheControl = "public, max-age=600, must-revalidate"

// chartImage answers GET /charts/:id.png and /charts/:id.svg.
func (h *Handler) chartImage(format string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ch, err := h.chartByParam(c)
		if err != nil {
			return err
		}
		p, err := parseImageParams(c)
		if err != nil {
			return err
		}
		if c.Query("ids") != "" {
			return badRequest("ids 只用于 /export/charts.zip (ids is for the ZIP export)")
		}
		version, err := h.charts.Version()
		if err != nil {
			return err
		}
		day := time.Now().In(chinaTime).Format(time.DateOnly)
		key := imageKey(ch.Spec.ID, format, p, version, day)
		etag := etagOf(key)
		c.Set(fiber.HeaderETag, etag)
		c.Set(fiber.HeaderCacheControl, imageCacheControl)
		if match := c.Get(fiber.HeaderIfNoneMatch); match != "" && strings.Contains(match, strings.TrimSuffix(etag, `"`)) {
			return c.SendStatus(fiber.StatusNotModified) // no render, no cache lookup
		}
		if !h.images.images.Contains(key) {
			if err := h.allow(c, h.renderLimit, "生成图片"); err != nil {
				return err
			}
		}
		img, err := h.imageFor(c.UserContext(), ch, format, p, key, day)
		if err != nil {
			h.log.Error("chart image failed", "chart", ch.Spec.ID, "format", format, "err", err)
			return err
		}
		disposition := "inline"
		if p.Download {
			disposition = "attachment"
		}
		c.Set(fiber.HeaderContentDisposition, contentDisposition(disposition, ch.Spec.Title+"."+format, ch.Spec.ID+"."+format))
		return img.Send(c)
	}
}

// contentDisposition names a download with an RFC 5987 UTF-8 file name and
// an ASCII fallback for old clients.
func contentDisposition(kind, name, asciiName string) string {
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, kind, asciiName, url.PathEscape(name))
}

// exportZIP answers GET /export/charts.zip: every chart (or those in ids) as
// PNG and SVG, plus sources.txt with each chart's sources and quotes.
func (h *Handler) exportZIP(c *fiber.Ctx) error {
	p, err := parseImageParams(c)
	if err != nil {
		return err
	}
	if err := h.allow(c, h.renderLimit, "导出图表"); err != nil {
		return err
	}
	var list []*charts.Chart
	if raw := c.Query("ids"); raw != "" {
		ids := strings.Split(raw, ",")
		if len(ids) > len(charts.Catalogue()) {
			return badRequest("ids 太多 (too many ids)")
		}
		for _, id := range ids {
			ch, err := h.charts.Chart(strings.TrimSpace(id))
			if errors.Is(err, charts.ErrUnknownChart) {
				return badRequest(fmt.Sprintf("ids 中有未知图表 %q (unknown chart id)", id))
			}
			if err != nil {
				return err
			}
			list = append(list, ch)
		}
	} else if list, err = h.charts.All(); err != nil {
		return err
	}
	version, err := h.charts.Version()
	if err != nil {
		return err
	}
	now := time.Now()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, ch := range list {
		for _, format := range []string{"png", "svg"} {
			img, err := h.renderChart(c.UserContext(), ch, format, p, version, now)
			if err != nil {
				h.log.Error("chart image failed", "chart", ch.Spec.ID, "format", format, "err", err)
				return err
			}
			name := fmt.Sprintf("%02d-%s.%s", i+1, ch.Spec.ID, format)
			w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: now})
			if err != nil {
				return fmt.Errorf("zip %s: %w", name, err)
			}
			if _, err := w.Write(img.Body()); err != nil {
				return fmt.Errorf("zip %s: %w", name, err)
			}
		}
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "sources.txt", Method: zip.Deflate, Modified: now})
	if err != nil {
		return fmt.Errorf("zip sources.txt: %w", err)
	}
	if _, err := w.Write(sourcesText(list, now)); err != nil {
		return fmt.Errorf("zip sources.txt: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	c.Set(fiber.HeaderContentType, "application/zip")
	c.Set(fiber.HeaderContentDisposition, contentDisposition("attachment", "电商区域统计图表.zip", "charts.zip"))
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(buf.Bytes())
}

// sourcesText lists, for each chart, its title, source line and every
// figure with the sentence it came from: what a report's author cites.
func sourcesText(list []*charts.Chart, madeOn time.Time) []byte {
	var b strings.Builder
	b.WriteString(utf8BOM)
	fmt.Fprintf(&b, "电商区域统计看板 · 图表来源与原文\r\n导出时间：%s\r\n\r\n", madeOn.In(chinaTime).Format("2006-01-02 15:04"))
	for i, ch := range list {
		fmt.Fprintf(&b, "%d. %s（%02d-%s.png / .svg）\r\n   %s\r\n   %s\r\n", i+1, ch.Spec.Title, i+1, ch.Spec.ID, ch.Subtitle, ch.SourceLine())
		for _, o := range ch.Observations {
			fmt.Fprintf(&b, "   - %s · %s · %s：%s", o.Region.NameZH, o.Metric.NameZH, models.PeriodLabel(o.Period), charts.DisplayValue(o))
			if o.Derived {
				fmt.Fprintf(&b, "（推算：%s）", o.Derivation)
			}
			fmt.Fprintf(&b, "\r\n     原文：“%s”——%s\r\n", o.Quote, o.Source.Title)
		}
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}
