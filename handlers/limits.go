package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"ecomdash/handlers/clientip"
	"ecomdash/handlers/ratelimit"
)

// Limits are the per-client rate limits on expensive work. The zero Limits
// limit nothing.
type Limits struct {
	// Render limits image renders: requests for an image that is not in the
	// image cache (served images and 304s are never limited), and ZIP exports.
	Render ratelimit.Rate
	// Import limits CSV imports through the admin API, dry runs included.
	Import ratelimit.Rate
}

// allow takes a token for the client from l, or answers 429 with
// Retry-After.
func (h *Handler) allow(c *fiber.Ctx, l *ratelimit.Limiter, what string) error {
	return h.allowN(c, l, 1, what)
}

// allowN takes n tokens for the client from l (see Limiter.AllowN), or
// answers 429 with Retry-After.
func (h *Handler) allowN(c *fiber.Ctx, l *ratelimit.Limiter, n int, what string) error {
	ok, wait := l.AllowN(clientip.Of(c), n)
	if ok {
		return nil
	}
	h.rateLimited.Add(1)
	secs := ratelimit.RetryAfterSeconds(wait)
	c.Set(fiber.HeaderRetryAfter, secs)
	return fiber.NewError(fiber.StatusTooManyRequests,
		fmt.Sprintf("%s过于频繁，请 %s 秒后再试 (too many %s requests; retry after %s s)", what, secs, l.Rate(), secs))
}
