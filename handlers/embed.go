package handlers

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/firstpaint"
	"ecomdash/models"
)

// EmbedConfig configures /embed/*.
type EmbedConfig struct {
	// SigningKey, when set, makes every /embed/ URL require exp and sig
	// (see SignEmbedURL). Empty: embeds are open, as the data is public.
	SigningKey []byte
	// MaxTTL bounds how far in the future a signed URL's exp may lie: one
	// beyond it is refused, so "expiring" URLs do expire. Zero means
	// DefaultEmbedMaxTTL.
	MaxTTL time.Duration
}

// Lifetimes of signed embed URLs: the longest one may live by default
// (EMBED_MAX_TTL unset), and how long one is signed for when no lifetime is
// asked for.
const (
	DefaultEmbedMaxTTL = 366 * 24 * time.Hour
	DefaultEmbedTTL    = 30 * 24 * time.Hour
)

// MaxLifetime is the bound on a signed URL's lifetime: MaxTTL, or
// DefaultEmbedMaxTTL when it is zero.
func (e EmbedConfig) MaxLifetime() time.Duration { return cmp.Or(e.MaxTTL, DefaultEmbedMaxTTL) }

// DefaultLifetime is how long a URL is signed for when no lifetime is asked
// for: DefaultEmbedTTL, or MaxLifetime if that is shorter.
func (e EmbedConfig) DefaultLifetime() time.Duration { return min(DefaultEmbedTTL, e.MaxLifetime()) }

// embedSignedPayload is what a signature covers: the path and every query
// parameter but sig, sorted, so the same options always sign the same way.
func embedSignedPayload(path string, query url.Values) string {
	q := url.Values{}
	for k, vs := range query {
		if k != "sig" {
			q[k] = vs
		}
	}
	return path + "?" + q.Encode()
}

func embedSignature(key []byte, payload string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(payload))
	return hex.EncodeToString(mac.Sum(nil))
}

// SignEmbedURL returns pathAndQuery (such as
// "/embed/charts/express-parcels-2020?theme=dark") with exp and sig added,
// valid until expires.
func SignEmbedURL(key []byte, pathAndQuery string, expires time.Time) (string, error) {
	u, err := url.Parse(pathAndQuery)
	if err != nil || !(strings.HasPrefix(u.Path, "/embed/") || u.Path == "/screen" || strings.HasPrefix(u.Path, "/screen/")) {
		return "", fmt.Errorf("sign embed url %q: want a path under /embed/ or /screen", pathAndQuery)
	}
	q := u.Query()
	q.Del("sig")
	q.Set("exp", strconv.FormatInt(expires.Unix(), 10))
	q.Set("sig", embedSignature(key, embedSignedPayload(u.Path, q)))
	return u.Path + "?" + q.Encode(), nil
}

// checkEmbedSignature enforces signed embeds when a key is configured:
// exp must be in the future and sig must match (compared in constant time).
func (h *Handler) checkEmbedSignature(c *fiber.Ctx) error {
	if len(h.embed.SigningKey) == 0 {
		return nil
	}
	forbidden := func(msg string) error { return fiber.NewError(fiber.StatusForbidden, msg) }
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		return forbidden("嵌入链接无效 (malformed embed URL)")
	}
	exp, err := strconv.ParseInt(q.Get("exp"), 10, 64)
	if err != nil || q.Get("sig") == "" {
		return forbidden("此嵌入需要签名链接：缺少 exp 或 sig (signed embed URL required)")
	}
	want := embedSignature(h.embed.SigningKey, embedSignedPayload(c.Path(), q))
	if !hmac.Equal([]byte(want), []byte(q.Get("sig"))) {
		return forbidden("嵌入链接签名无效 (invalid embed signature)")
	}
	now := time.Now().Unix()
	if now > exp {
		return forbidden("嵌入链接已过期 (embed URL expired)")
	}
	if exp-now > int64(h.embed.MaxLifetime()/time.Second) {
		return forbidden(fmt.Sprintf("嵌入链接的有效期超过 %s 上限，请重新签名 (embed URL valid beyond the %s maximum lifetime)", h.embed.MaxLifetime(), h.embed.MaxLifetime()))
	}
	return nil
}

// embedURLRequest is the body of POST /api/admin/embed-url.
type embedURLRequest struct {
	// Path is an /embed/ or /screen path with its options (?theme=dark …).
	Path string `json:"path"`
	// TTLHours is how long the URL stays valid: 1 hour up to the maximum
	// lifetime; 0 means EmbedConfig.DefaultLifetime (30 days, or the
	// maximum if shorter).
	TTLHours int `json:"ttl_hours"`
}

// adminEmbedURL answers POST /api/admin/embed-url: the path signed with
// EMBED_SIGNING_KEY, so the embed dialog can give an administrator working
// code when embeds must be signed. Without a key it returns the path as is.
func (h *Handler) adminEmbedURL(c *fiber.Ctx) error {
	var req embedURLRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if len(h.embed.SigningKey) == 0 {
		return c.JSON(fiber.Map{"url": req.Path, "signed": false})
	}
	ttl := h.embed.DefaultLifetime()
	if req.TTLHours != 0 {
		ttl = time.Duration(req.TTLHours) * time.Hour
	}
	if ttl < time.Hour || ttl > h.embed.MaxLifetime() {
		return &models.ValidationError{Fields: map[string]string{"ttl_hours": fmt.Sprintf("有效期应为 1 小时到 %s (ttl must be from 1h to %s)", h.embed.MaxLifetime(), h.embed.MaxLifetime())}}
	}
	expires := time.Now().Add(ttl)
	signed, err := SignEmbedURL(h.embed.SigningKey, req.Path, expires)
	if err != nil {
		return &models.ValidationError{Fields: map[string]string{"path": "应为 /embed/ 或 /screen 下的路径 (must be a path under /embed/ or /screen)"}}
	}
	return c.JSON(fiber.Map{"url": signed, "signed": true, "expires": expires.UTC().Format(time.RFC3339)})
}

// embedPage is what the embed templates need.
type embedPage struct {
	Page
	View      charts.View
	EmbedID   string
	Chart     *charts.Chart
	Option    json.RawMessage
	Dashboard models.Dashboard
	Headlines []charts.HeadlineFigure
	Charts    []embedChart
}

// embedChart is a chart with the option as the embed's view shows it.
type embedChart struct {
	Chart  *charts.Chart
	Option json.RawMessage
}

// embedCacheControl is the caching of unsigned embed pages.
const embedCacheControl = "public, max-age=60"

// requireEmbedSignature runs before the response cache, so a cached embed
// is still refused once its signature expires.
func (h *Handler) requireEmbedSignature(c *fiber.Ctx) error {
	if err := h.checkEmbedSignature(c); err != nil {
		return err
	}
	return c.Next()
}

// embedChart answers /embed/charts/:id and /embed/compare: the chart the
// lookup finds, filling the frame.
func (h *Handler) embedChart(lookup chartLookup) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ch, v, opt, err := h.chartInView(c, lookup)
		if err != nil {
			return err
		}
		return h.sendEmbed(c, "embed_chart", embedPage{
			Page: Page{Title: ch.Spec.Title, Paint: h.painter.Paint(c.UserContext(), v, []firstpaint.Job{{Chart: ch, Class: firstpaint.Embed}})},
			View: v, EmbedID: "chart:" + ch.Ref.Key(), Chart: ch, Option: opt,
		})
	}
}

func (h *Handler) embedDashboard(c *fiber.Ctx) error {
	v, err := parseView(c)
	if err != nil {
		return err
	}
	d, cs, err := h.dashboardChartsByParam(c)
	if err != nil {
		return err
	}
	heads, err := h.charts.Headlines(d)
	if err != nil {
		return err
	}
	p := embedPage{Page: Page{Title: d.Title}, View: v, EmbedID: "dashboard:" + d.ID, Dashboard: d, Headlines: heads}
	cardView := charts.View{Theme: v.Theme, Transparent: v.Transparent, HideSource: v.HideSource}
	for _, ch := range cs {
		opt, err := ch.OptionFor(cardView)
		if err != nil {
			return err
		}
		p.Charts = append(p.Charts, embedChart{Chart: ch, Option: opt})
	}
	p.Paint = h.painter.Paint(c.UserContext(), cardView, firstpaint.Jobs(cs, firstpaint.Card))
	return h.sendEmbed(c, "embed_dashboard", p)
}

// sendEmbed writes an embed page. Embeds set no cookies and need none.
// Portals and their visitors may keep an unsigned embed for a minute (the
// bulk of outside traffic); a signed one is revalidated every time, so it
// stops at its expiry.
func (h *Handler) sendEmbed(c *fiber.Ctx, name string, p embedPage) error {
	body, err := h.views.render(name, p)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	if len(h.embed.SigningKey) > 0 {
		c.Set(fiber.HeaderCacheControl, "no-cache")
	} else {
		c.Set(fiber.HeaderCacheControl, embedCacheControl)
	}
	return c.Send(body)
}
