package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/render"
	"ecomdash/handlers/respcache"
)

const (
	// renderTimeout bounds one render, including the wait for a free VM.
	renderTimeout = 20 * time.Second
)

// chinaTime is UTC+8 (China has no daylight saving), for the date an image was made.
var chinaTime = time.FixedZone("CST", 8*3600)

// imageRenderer draws ECharts options and owns the renderer's lifecycle:
// *render.Lazy (started on the first image) is the real one.
type imageRenderer interface {
	SVG(ctx context.Context, option []byte, o render.Options) ([]byte, error)
	PNG(ctx context.Context, option []byte, o render.Options) ([]byte, error)
	// Close stops the renderer if it started.
	Close() error
	// Stats describes the renderer's VM pool (zero before it starts).
	Stats() render.PoolStats
}

// imageKey names one image in the image cache (with the data version): the
// chart, the format, everything in the request that changes the picture,
// and the day printed in its footer.
type imageKey struct {
	chart, format, day string
	options            imageOptions // Download cleared: it changes a header, not the image
}

func newImageKey(ref charts.Ref, format string, o imageOptions, day string) imageKey {
	o.Download = false
	return imageKey{chart: ref.Key(), format: format, day: day, options: o}
}

// etag derives the image's ETag from its key and the data version, so a
// revalidation needs no render.
func (k imageKey) etag(version int64) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%+v|v%d", k, version))
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

var imageTypes = map[string]string{"png": "image/png", "svg": "image/svg+xml"}

// imageCacheControl lets browsers and portal proxies keep an image for ten
// minutes; after that they revalidate, which costs no render.
const imageCacheControl = "public, max-age=600, must-revalidate"

// image returns chart c's image named by key, rendering it at most once per
// data version (concurrent requests share the render) and keeping it in
// the image cache. A failed render is not cached.
func (h *Handler) image(ctx context.Context, c *charts.Chart, key imageKey, version int64) (*respcache.Entry, error) {
	return h.images.Get(version, key, func() (*respcache.Entry, error) {
		view := key.options.View
		view.Image, view.Width, view.MadeOn = true, key.options.Width, key.day
		opt, err := c.OptionFor(view)
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(ctx, renderTimeout)
		defer cancel()
		o := render.Options{Width: key.options.Width, Height: key.options.Height, Scale: float64(key.options.Scale), Theme: view.Theme}
		var body []byte
		if key.format == "svg" {
			body, err = h.renderer.SVG(ctx, opt, o)
		} else {
			body, err = h.renderer.PNG(ctx, opt, o)
		}
		if err != nil {
			return nil, fmt.Errorf("render chart %s as %s: %w", c.Spec.ID, key.format, err)
		}
		name := contentDisposition("inline", c.Spec.Title+"."+key.format, c.Spec.ID+"."+key.format)
		return respcache.NewWithETag(body, key.etag(version), imageTypes[key.format], imageCacheControl,
			respcache.Header{Name: fiber.HeaderContentDisposition, Value: name}), nil
	})
}

// today is the date printed in image footers, in China time.
func today() string { return time.Now().In(chinaTime).Format(time.DateOnly) }

// chartImage answers GET /charts/:id.png and .svg, and /compare.png and
// .svg, for the chart lookup finds. refOf names the chart cheaply, so a
// cached image is served (or revalidated) without finding or building it.
func (h *Handler) chartImage(format string, refOf refLookup, lookup chartLookup) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ref, err := refOf(h, c)
		if err != nil {
			return err
		}
		o, err := parseImageOptions(c)
		if err != nil {
			return err
		}
		version, err := h.charts.Version()
		if err != nil {
			return err
		}
		key := newImageKey(ref, format, o, today())
		img, ok := h.images.Peek(version, key)
		if !ok {
			etag := key.etag(version)
			if match := c.Get(fiber.HeaderIfNoneMatch); match != "" && strings.Contains(match, strings.TrimSuffix(etag, `"`)) {
				c.Set(fiber.HeaderETag, etag)
				c.Set(fiber.HeaderCacheControl, imageCacheControl)
				return c.SendStatus(fiber.StatusNotModified) // the client has it: no render
			}
			ch, err := lookup(h, c)
			if err != nil {
				return err
			}
			if err := h.allow(c, h.renderLimit, "生成图片"); err != nil {
				return err
			}
			if img, err = h.image(c.UserContext(), ch, key, version); err != nil {
				h.log.Error("chart image failed", "chart", ref.Key(), "format", format, "err", err)
				return err
			}
		}
		if err := img.Send(c); err != nil {
			return err
		}
		if o.Download { // the entry names the file inline; a download asks for it as an attachment
			d := c.Response().Header.Peek(fiber.HeaderContentDisposition)
			c.Set(fiber.HeaderContentDisposition, "attachment"+strings.TrimPrefix(string(d), "inline"))
		}
		return nil
	}
}

// contentDisposition names a download with an RFC 5987 UTF-8 file name and
// an ASCII fallback for old clients.
func contentDisposition(kind, name, asciiName string) string {
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, kind, asciiName, url.PathEscape(name))
}
