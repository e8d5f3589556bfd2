package handlers

import (
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/models"
)

// The display wall (大屏, issue 24): /screen/:id shows one dashboard on a
// fixed design canvas scaled to the window; /screen?dashboards=a,b,c
// rotates through several. The page is a shell: static/js/screen.js draws
// it from /api/screen/:id (the dashboard's headlines, charts and ranking,
// one JSON per data version) and asks /api/version, cheaply, whether the
// data changed. Screens may be framed like the embeds, and are signed like
// them when EMBED_SIGNING_KEY is set.

// Screen canvas bounds and defaults, in CSS pixels.
const (
	DefaultScreenWidth  = 1920
	DefaultScreenHeight = 1080
	minScreenWidth      = 640
	minScreenHeight     = 360
	maxScreenWidth      = 7680
	maxScreenHeight     = 4320
)

// Screen timing bounds, in seconds (interval: rotation; poll: asking for
// the data version).
const (
	DefaultScreenInterval = 30
	DefaultScreenPoll     = 30
	minScreenSeconds      = 5
	maxScreenSeconds      = 3600
	// maxScreenDashboards bounds the dashboards one screen rotates through.
	maxScreenDashboards = 20
	minScreenReload     = 10 * time.Minute
	maxScreenReload     = 30 * 24 * time.Hour
)

// ScreenFits are the ways a canvas fits the window.
var ScreenFits = models.Codes[string]{
	{Code: "contain", Label: "等比缩放留边"},
	{Code: "cover", Label: "等比缩放铺满（裁去多余）"},
	{Code: "width", Label: "按宽度缩放"},
	{Code: "height", Label: "按高度缩放"},
	{Code: "stretch", Label: "拉伸铺满"},
	{Code: "none", Label: "不缩放"},
}

// screenParams are the query parameters of /screen.
var screenParams = []string{"size", "fit", "interval", "poll", "reload", "rotate", "theme", "exp", "sig"}

// ScreenConfig is what the screen's script is given: the dashboards, the
// canvas and the timers, and the first dashboard's data.
type ScreenConfig struct {
	Dashboards []string `json:"dashboards"`
	Width      int      `json:"width"`
	Height     int      `json:"height"`
	Fit        string   `json:"fit"`
	Theme      string   `json:"theme"`
	// Rotate is "charts" to show one chart at a time, "" for the whole dashboard.
	Rotate string `json:"rotate"`
	// Interval and Poll are in seconds; ReloadSeconds is 0 for never.
	Interval      int   `json:"interval"`
	Poll          int   `json:"poll"`
	ReloadSeconds int64 `json:"reload"`
	// DataVersion and UpdatedAt are the data's when the page was made.
	DataVersion int64  `json:"data_version"`
	UpdatedAt   string `json:"updated_at"`
	// Query is the page's own query (theme …), which the data requests carry.
	Query string `json:"query"`
	// First is the first dashboard's data.
	First charts.Screen `json:"first"`
}

// screenPage is what templates/screen.html needs.
type screenPage struct {
	Page
	Config ScreenConfig
	// ConfigJSON is Config as JSON with "<", ">" and "&" escaped
	// (json.Marshal's HTML escaping), so it cannot close its script element.
	ConfigJSON template.JS
	Theme      string
}

var reScreenSize = regexp.MustCompile(`^([0-9]{3,5})[xX×]([0-9]{3,5})$`)

// parseScreen reads the screen's options.
func parseScreen(c *fiber.Ctx) (ScreenConfig, error) {
	cfg := ScreenConfig{Width: DefaultScreenWidth, Height: DefaultScreenHeight, Fit: "contain", Theme: "dark"}
	if s := c.Query("size"); s != "" {
		m := reScreenSize.FindStringSubmatch(s)
		if m == nil {
			return cfg, badRequest(fmt.Sprintf("size=%q：应为 宽x高，如 1920x1080、3840x2160、7680x2160 (size must be WxH)", s))
		}
		cfg.Width, _ = strconv.Atoi(m[1])
		cfg.Height, _ = strconv.Atoi(m[2])
		if cfg.Width < minScreenWidth || cfg.Width > maxScreenWidth || cfg.Height < minScreenHeight || cfg.Height > maxScreenHeight {
			return cfg, badRequest(fmt.Sprintf("size=%q：宽应在 %d–%d、高应在 %d–%d 之间 (size out of bounds)", s, minScreenWidth, maxScreenWidth, minScreenHeight, maxScreenHeight))
		}
	}
	if f := c.Query("fit"); f != "" {
		if !ScreenFits.Has(f) {
			return cfg, badRequest("fit 应为 " + ScreenFits.OneOf() + " (unknown fit)")
		}
		cfg.Fit = f
	}
	switch t := c.Query("theme"); t {
	case "", "dark":
	case "light":
		cfg.Theme = t
	default:
		return cfg, badRequest(fmt.Sprintf("theme=%q：大屏只支持 dark 或 light (unknown theme)", t))
	}
	switch r := c.Query("rotate"); r {
	case "", "dashboards":
	case "charts":
		cfg.Rotate = r
	default:
		return cfg, badRequest(fmt.Sprintf("rotate=%q：只支持 rotate=charts（逐张轮播图表）(unknown rotation)", r))
	}
	var err error
	if cfg.Interval, err = queryInt(c, "interval", DefaultScreenInterval, minScreenSeconds, maxScreenSeconds); err != nil {
		return cfg, err
	}
	if cfg.Poll, err = queryInt(c, "poll", DefaultScreenPoll, minScreenSeconds, maxScreenSeconds); err != nil {
		return cfg, err
	}
	if r := c.Query("reload"); r != "" && r != "off" && r != "0" {
		d, err := time.ParseDuration(r)
		if err != nil || d < minScreenReload || d > maxScreenReload {
			return cfg, badRequest(fmt.Sprintf("reload=%q：应为 10m 到 720h 之间的时长，如 reload=24h；off 不重新载入 (reload must be a duration from 10m to 720h)", r))
		}
		cfg.ReloadSeconds = int64(d / time.Second)
	}
	if cfg.Theme != "dark" {
		cfg.Query = "theme=" + cfg.Theme
	}
	return cfg, nil
}

// screenDashboards reads the dashboards a screen shows: the one in the
// path, or ?dashboards=a,b,c (all of them when empty); each must exist.
func (h *Handler) screenDashboards(c *fiber.Ctx) ([]string, error) {
	if id := c.Params("id"); id != "" {
		if _, err := h.dashboardByParam(c); err != nil {
			return nil, err
		}
		return []string{id}, nil
	}
	all, err := h.charts.Dashboards()
	if err != nil {
		return nil, err
	}
	raw := strings.TrimSpace(c.Query("dashboards"))
	if raw == "" {
		ids := make([]string, 0, len(all))
		for _, d := range all {
			ids = append(ids, d.ID)
		}
		if len(ids) == 0 {
			return nil, notFound("还没有看板：管理员可在数据管理页新建 (no dashboards)")
		}
		return ids[:min(len(ids), maxScreenDashboards)], nil
	}
	ids := strings.Split(raw, ",")
	if len(ids) > maxScreenDashboards {
		return nil, badRequest(fmt.Sprintf("一个大屏最多轮播 %d 个看板 (at most %d dashboards)", maxScreenDashboards, maxScreenDashboards))
	}
	known := map[string]bool{}
	for _, d := range all {
		known[d.ID] = true
	}
	for i, id := range ids {
		ids[i] = strings.TrimSpace(id)
		if !known[ids[i]] {
			return nil, notFound(fmt.Sprintf("没有这个看板：%q (no such dashboard)", ids[i]))
		}
	}
	return ids, nil
}

// screenView is how charts show on a screen: the screen's theme, on its
// background.
func screenView(theme string) charts.View { return charts.View{Theme: theme, Transparent: true} }

// screen shapes one dashboard for a screen.
func (h *Handler) screen(d models.Dashboard, theme string) (charts.Screen, error) {
	cs, err := h.charts.Charts(d)
	if err != nil {
		return charts.Screen{}, err
	}
	heads, err := h.charts.Headlines(d)
	if err != nil {
		return charts.Screen{}, err
	}
	return charts.NewScreen(d, heads, cs, screenView(theme))
}

// screenPage answers /screen/:id and /screen?dashboards=….
func (h *Handler) screenPage(c *fiber.Ctx) error {
	cfg, err := parseScreen(c)
	if err != nil {
		return err
	}
	if cfg.Dashboards, err = h.screenDashboards(c); err != nil {
		return err
	}
	first, err := h.charts.Dashboard(cfg.Dashboards[0])
	if err != nil {
		return err
	}
	if cfg.First, err = h.screen(first, cfg.Theme); err != nil {
		return err
	}
	version, at, err := models.DataVersionInfo(h.db)
	if err != nil {
		return err
	}
	cfg.DataVersion, cfg.UpdatedAt = version, at.UTC().Format(time.RFC3339)
	raw, err := json.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("screen config: %w", err)
	}
	body, err := h.views.render("screen", screenPage{
		Page: Page{Title: cfg.First.Title + " · 大屏"}, Config: cfg, ConfigJSON: template.JS(raw), Theme: cfg.Theme,
	})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(body)
}

// apiScreen answers /api/screen/:id: one dashboard's data for a screen
// (?theme=light for the light theme).
func (h *Handler) apiScreen(c *fiber.Ctx) error {
	cfg, err := parseScreen(c)
	if err != nil {
		return err
	}
	d, err := h.dashboardByParam(c)
	if err != nil {
		return err
	}
	s, err := h.screen(d, cfg.Theme)
	if err != nil {
		return err
	}
	version, at, err := models.DataVersionInfo(h.db)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"data_version": version, "updated_at": at.UTC().Format(time.RFC3339), "screen": s})
}

// apiVersion answers /api/version: the data version, which screens ask for
// every poll interval; never cached.
func (h *Handler) apiVersion(c *fiber.Ctx) error {
	v, err := h.charts.Version()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"data_version": v})
}
