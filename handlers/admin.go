package handlers

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"ecomdash/handlers/clientip"
	"ecomdash/handlers/ratelimit"
	"ecomdash/models"
)

// The admin API: this file holds its route table, authentication and the
// upload page; the resources are in tables.go (sources, regions, metrics,
// saved charts and dashboards, with the checks before a chart or dashboard
// is saved in admin_charts.go), admin_observations.go and admin_import.go
// (import, audit, export). Errors go through the one mapper, errorResponse.

// Failed-authentication limit: after authFailLimit failures within
// authFailWindow, a client IP gets 429 until the oldest failure expires.
const (
	authFailLimit  = 10
	authFailWindow = time.Minute
)

// adminState is the admin API's configuration and state.
type adminState struct {
	// tokens are the accepted tokens' sha256 digests, by actor name.
	tokens   []adminToken
	failures *ratelimit.FailureLimiter
}

type adminToken struct {
	name   string
	digest [sha256.Size]byte
}

// newAdminState keeps the digests of the given tokens (actor name → token);
// with none, the admin API is off and it returns nil.
func newAdminState(tokens map[string]string) *adminState {
	if len(tokens) == 0 {
		return nil
	}
	names := make([]string, 0, len(tokens))
	for name := range tokens {
		names = append(names, name)
	}
	sort.Strings(names)
	st := &adminState{failures: ratelimit.NewFailureLimiter(authFailLimit, authFailWindow, nil)}
	for _, name := range names {
		st.tokens = append(st.tokens, adminToken{name: name, digest: sha256.Sum256([]byte(tokens[name]))})
	}
	return st
}

// actorFor returns the name of the token in an Authorization header. Every
// configured token is compared, in constant time, on digests of equal
// length, so neither the position of a match nor the token's length leaks.
func (st *adminState) actorFor(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return "", false
	}
	given := sha256.Sum256([]byte(token))
	actor, found := "", 0
	for _, t := range st.tokens {
		if subtle.ConstantTimeCompare(given[:], t.digest[:]) == 1 {
			actor, found = t.name, 1
		}
	}
	return actor, found == 1
}

// adminActorKey is the fiber.Ctx local holding the authenticated actor.
const adminActorKey = "admin_actor"

// adminAuth lets a request through when it carries a configured token;
// otherwise 401 (with WWW-Authenticate: Bearer), or 429 when the client has
// failed too often in the last minute. A blocked client is refused even with
// the right token: answering right and wrong tokens differently during the
// lockout would let guessing go on. A CORS preflight (OPTIONS) carries no
// token and is not a failure: it gets 204 and no CORS grant, so browsers
// keep the admin API to its own origin.
func (h *Handler) adminAuth(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if c.Method() == fiber.MethodOptions {
		c.Set(fiber.HeaderAllow, "GET, POST, PUT, DELETE, OPTIONS")
		return c.SendStatus(fiber.StatusNoContent)
	}
	client := clientip.Of(c)
	if wait, blocked := h.admin.failures.Blocked(client); blocked {
		secs := int(math.Ceil(wait.Seconds()))
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
		return fiber.NewError(fiber.StatusTooManyRequests, fmt.Sprintf("认证失败次数过多，请 %d 秒后再试 (too many failed attempts; retry after %d s)", secs, secs))
	}
	actor, ok := h.admin.actorFor(c.Get(fiber.HeaderAuthorization))
	if !ok {
		h.admin.failures.Fail(client)
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="ecomdash-admin"`)
		return fiber.NewError(fiber.StatusUnauthorized, "需要有效的管理令牌：Authorization: Bearer <token> (missing or invalid admin token)")
	}
	c.Locals(adminActorKey, actor)
	return c.Next()
}

func actorOf(c *fiber.Ctx) string {
	a, _ := c.Locals(adminActorKey).(string)
	return a
}

// refreshAfterWrite makes the next read after any admin write ask the
// database for the data version, whatever the write's outcome, so this
// instance shows a committed change at once.
func (h *Handler) refreshAfterWrite(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodGet {
		defer h.charts.Invalidate()
	}
	return c.Next()
}

// registerAdmin adds /admin and /api/admin/*. Without tokens they answer 404.
func (h *Handler) registerAdmin(r fiber.Router) {
	if h.admin == nil {
		h.log.Warn("admin API disabled (ADMIN_TOKEN not set)")
		off := func(c *fiber.Ctx) error {
			return notFound("管理接口未启用：服务器未设置 ADMIN_TOKEN (admin API disabled: ADMIN_TOKEN not set)")
		}
		r.All("/admin", off)
		r.All("/api/admin", off)
		r.All("/api/admin/*", off)
		return
	}
	names := make([]string, len(h.admin.tokens))
	for i, t := range h.admin.tokens {
		names[i] = t.name
	}
	h.log.Info("admin API enabled", "actors", strings.Join(names, ","))
	r.Get("/admin", takes(), h.adminPage)

	g := r.Group("/api/admin", h.adminAuth, h.refreshAfterWrite)
	sourceResource.register(g, h, "/sources")
	regionResource.register(g, h, "/regions")
	metricResource.register(g, h, "/metrics")
	chartResource.register(g, h, "/charts")
	dashboardResource.register(g, h, "/dashboards")

	g.Get("/observations", takes(append(filterParams, pageParams...)...), h.apiObservations)
	g.Post("/observations", takes(), h.adminCreateObservation)
	g.Get("/observations/:id", takes(), h.adminGetObservation)
	g.Put("/observations/:id", takes(), h.adminUpdateObservation)
	g.Delete("/observations/:id", takes(), h.adminDeleteObservation)

	g.Post("/import", takes("dry_run", "file"), h.adminImport)
	g.Get("/imports", takes("limit"), h.adminListImports)
	g.Post("/imports", takes(), h.adminPreviewImport)
	g.Get("/imports/:id", takes(), h.adminGetImport)
	g.Post("/imports/:id/commit", takes("allow_problems"), h.adminCommitImport)
	g.Delete("/imports/:id", takes(), h.adminUndoImport)
	g.Get("/audit", takes("limit"), h.adminAudit)
	g.Get("/export.csv", takes(filterParams...), h.adminExport)
	g.Post("/embed-url", takes(), h.adminEmbedURL)
	g.All("/*", func(c *fiber.Ctx) error { return notFound("没有这个管理接口 (no such admin API route)") })
}

// adminPageData is what templates/admin.html needs.
type adminPageData struct {
	Page
	MaxImportMiB int
	// Layouts are the table layouts the 导入表格 form offers.
	Layouts models.Codes[string]
}

// adminPage serves the upload page. It holds no data, so it needs no token;
// its script sends the token (kept in sessionStorage) with each API call.
func (h *Handler) adminPage(c *fiber.Ctx) error {
	body, err := h.views.render("admin", adminPageData{Page: Page{Title: "数据管理", Nav: "admin"}, MaxImportMiB: MaxImportBody >> 20, Layouts: models.Layouts})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(body)
}

// deleted answers a successful delete: cascaded counts the figures deleted
// with it, or for a chart the dashboards it was taken off.
func deleted(c *fiber.Ctx, entity, key string, cascaded int) error {
	switch entity {
	case models.EntityChart:
		return c.JSON(fiber.Map{"deleted": entity, "key": key, "dashboards_changed": cascaded})
	case models.EntityDashboard:
		return c.JSON(fiber.Map{"deleted": entity, "key": key})
	}
	return c.JSON(fiber.Map{"deleted": entity, "key": key, "observations_deleted": cascaded})
}
