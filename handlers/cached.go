package handlers

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"ecomdash/handlers/respcache"
)

// errUncacheable makes a request that shared a cache miss build its own
// response: the first one answered with something other than a 200.
var errUncacheable = errors.New("response not cacheable")

// cached serves fn from the response cache: pages and API answers depend
// only on their URL and the data, so each URL is built once per data
// version and then served from memory, compressed once, with a 304 when the
// client has it. Only 200 responses are kept; errors are never cached.
func (h *Handler) cached(fn fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		version, err := h.charts.Version()
		if err != nil {
			return err
		}
		url := c.OriginalURL() // points into the request's buffer, which the next request reuses
		if e, ok := h.responses.Peek(version, url); ok {
			return e.Send(c)
		}
		leader := false
		e, err := h.responses.Get(version, strings.Clone(url), func() (*respcache.Entry, error) {
			leader = true
			if err := fn(c); err != nil {
				return nil, err
			}
			return capture(c)
		})
		switch {
		case errors.Is(err, errUncacheable) && leader:
			return nil // fn's own response stands
		case errors.Is(err, errUncacheable):
			return fn(c)
		case err != nil:
			return err
		}
		return e.Send(c)
	}
}

// capture turns the 200 response fn wrote into a cache entry.
func capture(c *fiber.Ctx) (*respcache.Entry, error) {
	resp := c.Response()
	if resp.StatusCode() != fiber.StatusOK || len(resp.Header.ContentEncoding()) > 0 {
		return nil, errUncacheable
	}
	var extra []respcache.Header
	if d := resp.Header.Peek(fiber.HeaderContentDisposition); len(d) > 0 {
		extra = append(extra, respcache.Header{Name: fiber.HeaderContentDisposition, Value: string(d)})
	}
	body := append([]byte(nil), resp.Body()...)
	return respcache.New(body, string(resp.Header.ContentType()), string(resp.Header.Peek(fiber.HeaderCacheControl)), extra...), nil
}
