package app

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// basePolicy allows scripts, styles, images and fonts from this server
// only. 'unsafe-inline' for styles is needed because ECharts writes style
// attributes into its tooltip and data-view markup; no inline script is
// allowed. frame-ancestors is added per route by securityHeaders.
const basePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'"

// contentSecurityPolicy is the policy of every route that may not be framed.
const contentSecurityPolicy = basePolicy + "; frame-ancestors 'none'"

// frameAncestors renders EMBED_ALLOWED_ORIGINS as a CSP source list. The
// app's own origin is always allowed ('self'), so the embed dialog's preview
// works whatever the list says.
func frameAncestors(origins []string) string {
	for _, o := range origins {
		if o == "*" {
			return "'self' *"
		}
	}
	return strings.Join(append([]string{"'self'"}, origins...), " ")
}

// isEmbedRoute reports whether path may be framed by other sites: the
// embeds and the display-wall screens.
func isEmbedRoute(path string) bool {
	return strings.HasPrefix(path, "/embed/") || path == "/screen" || strings.HasPrefix(path, "/screen/")
}

// isPublicResource reports whether other sites may load path as a
// subresource: the host script embed.js, our static files, chart images.
func isPublicResource(path string) bool {
	return strings.HasPrefix(path, "/static/") || strings.HasSuffix(path, ".png") || strings.HasSuffix(path, ".svg") || isEmbedRoute(path)
}

// securityHeaders sets the security headers on every response. Only /embed/
// routes may be framed, and only by embedOrigins; everything else refuses
// framing twice over (CSP frame-ancestors 'none' and X-Frame-Options DENY).
func securityHeaders(embedOrigins []string) fiber.Handler {
	embedPolicy := basePolicy + "; frame-ancestors " + frameAncestors(embedOrigins)
	return func(c *fiber.Ctx) error {
		path := c.Path()
		if isEmbedRoute(path) {
			c.Set("Content-Security-Policy", embedPolicy)
		} else {
			c.Set("Content-Security-Policy", contentSecurityPolicy)
			c.Set("X-Frame-Options", "DENY")
		}
		if isPublicResource(path) {
			c.Set("Cross-Origin-Resource-Policy", "cross-origin")
		} else {
			c.Set("Cross-Origin-Resource-Policy", "same-origin")
			c.Set("Cross-Origin-Opener-Policy", "same-origin")
		}
		c.Set("X-Content-Type-Options", "nosniff")
		c.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		return c.Next()
	}
}
