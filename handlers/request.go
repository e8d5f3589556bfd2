package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/models"
)

// Every request's query string, path parameters and JSON body are read and
// checked here, so that each rule (which parameters a route takes, what a
// boolean looks like, the bounds of an image) is written once.

// takes declares, in the route table, the query parameters a route takes.
// Any other parameter, or one given twice (width=3000&width=320), is a 400
// naming it, before the route's handler or its cache sees the request, so a
// typo is never silently ignored and junk never makes a cache entry.
func takes(params ...string) fiber.Handler {
	allowed := make(map[string]bool, len(params))
	for _, p := range params {
		allowed[p] = true
	}
	names := slices.Sorted(maps.Keys(allowed))
	list := strings.Join(names, ", ")
	if list == "" {
		list = "（无 none）"
	}
	return func(c *fiber.Ctx) error {
		var bad error
		args := c.Context().QueryArgs()
		args.VisitAll(func(k, _ []byte) {
			switch {
			case bad != nil:
			case !allowed[string(k)]:
				bad = badRequest(fmt.Sprintf("未知的查询参数 %q；可用参数：%s (unknown query parameter)", k, list))
			case len(args.PeekMulti(string(k))) > 1:
				bad = badRequest(fmt.Sprintf("查询参数 %q 重复 (query parameter given more than once)", k))
			}
		})
		if bad != nil {
			return bad
		}
		return c.Next()
	}
}

// queryBool reads a boolean query parameter: 1 or true, 0 or false; def
// when absent. Anything else is a 400 naming it.
func queryBool(c *fiber.Ctx, name string, def bool) (bool, error) {
	switch v := c.Query(name); v {
	case "":
		return def, nil
	case "1", "true":
		return true, nil
	case "0", "false":
		return false, nil
	default:
		return false, badRequest(fmt.Sprintf("%s=%q：应为 0 或 1 (must be 0 or 1)", name, v))
	}
}

// queryInt reads an integer query parameter within lo..hi; def when absent.
func queryInt(c *fiber.Ctx, name string, def, lo, hi int) (int, error) {
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

// themeParam reads theme=light|dark; light when absent.
func themeParam(c *fiber.Ctx) (string, error) {
	switch t := c.Query("theme"); t {
	case "", "light":
		return "light", nil
	case "dark":
		return "dark", nil
	default:
		return "", badRequest(fmt.Sprintf("theme=%q：应为 light 或 dark (unknown theme)", t))
	}
}

// langParam accepts lang=zh (or zh-CN): the UI is Simplified Chinese only.
func langParam(c *fiber.Ctx) error {
	switch l := c.Query("lang"); l {
	case "", "zh", "zh-CN":
		return nil
	default:
		return badRequest(fmt.Sprintf("lang=%q：界面目前只有简体中文 zh (unsupported language)", l))
	}
}

// Query parameters, by what they say: the view of a chart (pages, embeds),
// an embed's signature, an image's options, the observation filters.
var (
	viewParams      = []string{"theme", "lang", "bg", "title", "source"}
	signatureParams = []string{"exp", "sig"}
	imageParams     = []string{"width", "height", "scale", "theme", "plain", "lang", "download"}
	filterParams    = []string{"region", "metric", "period", "source"}
	pageParams      = []string{"limit", "offset"}
)

// parseView reads theme, lang, bg, title and source into a View.
func parseView(c *fiber.Ctx) (charts.View, error) {
	v := charts.View{}
	var err error
	if v.Theme, err = themeParam(c); err != nil {
		return v, err
	}
	if err := langParam(c); err != nil {
		return v, err
	}
	switch bg := c.Query("bg"); bg {
	case "":
	case "transparent":
		v.Transparent = true
	default:
		return v, badRequest(fmt.Sprintf("bg=%q：只支持 bg=transparent (unknown background)", bg))
	}
	showTitle, err := queryBool(c, "title", true)
	if err != nil {
		return v, err
	}
	showSource, err := queryBool(c, "source", true)
	if err != nil {
		return v, err
	}
	v.HideTitle, v.HideSource = !showTitle, !showSource
	return v, nil
}

// Image size bounds and defaults, in CSS pixels.
const (
	minImageSide  = 320
	maxImageSide  = 3000
	defaultWidth  = 1200
	defaultHeight = 675
	defaultScale  = 2
	// maxPNGSide bounds each side of a PNG in pixels (a side in CSS pixels
	// times scale): a page of A4 at 300 dpi is 2480×3508, so 4000 covers
	// any report, and the largest PNG holds 16 million pixels.
	maxPNGSide = 4000
)

// imageOptions are what an image request asks for: the view options an
// image takes (theme; plain=1 hides title and source) plus the image-only
// knobs. Everything but Download changes the picture, so the image cache
// key holds the struct itself (imageKey).
type imageOptions struct {
	View                 charts.View
	Width, Height, Scale int
	// Download asks for Content-Disposition: attachment.
	Download bool
}

// parseImageOptions reads width, height, scale, theme, plain, lang and
// download; anything malformed or out of bounds is a 400 naming it.
func parseImageOptions(c *fiber.Ctx) (imageOptions, error) {
	o := imageOptions{}
	var err error
	if o.Width, err = queryInt(c, "width", defaultWidth, minImageSide, maxImageSide); err != nil {
		return o, err
	}
	if o.Height, err = queryInt(c, "height", defaultHeight, minImageSide, maxImageSide); err != nil {
		return o, err
	}
	if o.Scale, err = queryInt(c, "scale", defaultScale, 1, 3); err != nil {
		return o, err
	}
	if side := max(o.Width, o.Height) * o.Scale; side > maxPNGSide {
		return o, badRequest(fmt.Sprintf("图片边长 %d 像素（宽或高 × scale）超过 %d 像素上限；A4 纸 300 dpi 为 2480×3508 像素 (width or height × scale is %d px, over the %d px limit)", side, maxPNGSide, side, maxPNGSide))
	}
	if o.View.Theme, err = themeParam(c); err != nil {
		return o, err
	}
	if err := langParam(c); err != nil {
		return o, err
	}
	plain, err := queryBool(c, "plain", false)
	if err != nil {
		return o, err
	}
	o.View.HideTitle, o.View.HideSource = plain, plain
	if o.Download, err = queryBool(c, "download", false); err != nil {
		return o, err
	}
	return o, nil
}

// maxFilterValues bounds how many comma-separated values one filter takes.
const maxFilterValues = 50

// parseObservationFilter reads region, metric, period and source from the
// query string (each a comma-separated list) and checks every value: a
// malformed value or a code that is not in the database is a 400 naming it.
func (h *Handler) parseObservationFilter(c *fiber.Ctx) (models.ObservationFilter, error) {
	var f models.ObservationFilter
	for _, p := range []struct {
		name      string
		values    *[]string
		entity    string // looked up in the database; "" for periods
		valid     func(string) bool
		malformed string
		unknown   string
	}{
		{"region", &f.RegionCodes, models.EntityRegion, models.ValidRegionCode, "地区代码应为6位数字 (region code must be 6 digits)", "没有这个地区 (unknown region code)"},
		{"metric", &f.MetricCodes, models.EntityMetric, models.ValidID, "指标代码格式不正确 (malformed metric code)", "没有这个指标 (unknown metric code)"},
		{"period", &f.Periods, "", func(p string) bool { _, err := models.ParsePeriod(p); return err == nil }, "时期格式应为 2012、2020Q1、2020-03、2020-04-25 或 2016-01/06（1-6月累计） (malformed period)", ""},
		{"source", &f.SourceIDs, models.EntitySource, models.ValidID, "来源编号格式不正确 (malformed source id)", "没有这个来源 (unknown source id)"},
	} {
		raw := c.Query(p.name)
		if raw == "" {
			continue
		}
		vals := strings.Split(raw, ",")
		if len(vals) > maxFilterValues {
			return f, badRequest(fmt.Sprintf("参数 %s 最多 %d 个值 (too many values)", p.name, maxFilterValues))
		}
		for i, v := range vals {
			vals[i] = strings.Clone(strings.TrimSpace(v)) // kept past the handler by streamed answers
			if !p.valid(vals[i]) {
				return f, badRequest(fmt.Sprintf("%s=%q：%s", p.name, vals[i], p.malformed))
			}
		}
		if p.entity != "" {
			unknown, err := models.UnknownKeys(h.db, p.entity, vals)
			if err != nil {
				return f, err
			}
			if len(unknown) > 0 {
				return f, badRequest(fmt.Sprintf("%s=%q：%s", p.name, unknown[0], p.unknown))
			}
		}
		*p.values = vals
	}
	return f, nil
}

// Pages of /api/observations: a default and a maximum page size.
const (
	DefaultPageSize = 1000
	MaxPageSize     = 5000
)

// parsePage reads limit (1 to MaxPageSize, default DefaultPageSize) and
// offset (0 or more) into f.
func parsePage(c *fiber.Ctx, f *models.ObservationFilter) error {
	var err error
	if f.Limit, err = queryInt(c, "limit", DefaultPageSize, 1, MaxPageSize); err != nil {
		return err
	}
	f.Offset, err = queryInt(c, "offset", 0, 0, math.MaxInt32)
	return err
}

// maxExportCharts bounds the charts of one export (ZIP or report): a
// dashboard's most.
const maxExportCharts = models.MaxDashboardCharts

// parseChartIDs reads the ids of an export, raw (the ids query parameter):
// chart ids separated by commas, at most maxExportCharts, each once; else a
// 400. Whether each names a chart is the caller's to find out.
func parseChartIDs(raw string) ([]string, error) {
	ids := strings.Split(raw, ",")
	if len(ids) > maxExportCharts {
		return nil, badRequest(fmt.Sprintf("ids 最多 %d 个 (at most %d ids)", maxExportCharts, maxExportCharts))
	}
	for i, id := range ids {
		ids[i] = strings.TrimSpace(id)
		if slices.Contains(ids[:i], ids[i]) {
			return nil, badRequest(fmt.Sprintf("ids 中图表 %q 重复 (chart id given twice)", ids[i]))
		}
	}
	return ids, nil
}

// Request body limits.
const (
	// MaxJSONBody bounds a JSON request body (1 MiB).
	MaxJSONBody = 1 << 20
	// MaxImportBody bounds a CSV import body (10 MiB).
	MaxImportBody = 10 << 20
	// MaxRequestBody is what fiber.Config.BodyLimit must allow so that an
	// import of MaxImportBody reaches the handler, which then answers 413
	// for anything larger with a JSON message. With StreamRequestBody (as
	// the app runs) handlers read bodies themselves, under their own limit.
	MaxRequestBody = MaxImportBody + 64<<10
)

// bodyReadKey is the fiber.Ctx local readBody sets once it consumed the body.
const bodyReadKey = "ecomdash_body_read"

// hasBody reports whether the request announces a body (a Content-Length
// above zero, or chunked transfer encoding).
func hasBody(c *fiber.Ctx) bool {
	n := c.Request().Header.ContentLength()
	return n > 0 || n == -1
}

// bodyPolicy runs before every route. The server streams request bodies
// (fiber.Config.StreamRequestBody), so nothing reads a body before a handler
// asks for it with readBody, under the handler's own limit; this refuses a
// compressed body (415: a small gzip can hold gigabytes) and a body on a
// method that takes none (400), without reading either. A body that no one
// read (a refused or unauthenticated request) closes the connection after
// the answer, since its bytes are still on the wire.
func bodyPolicy(c *fiber.Ctx) error {
	if !hasBody(c) {
		return c.Next()
	}
	if enc := strings.TrimSpace(string(c.Request().Header.Peek(fiber.HeaderContentEncoding))); enc != "" && !strings.EqualFold(enc, "identity") {
		c.Context().SetConnectionClose()
		return fiber.NewError(fiber.StatusUnsupportedMediaType, "不接受压缩的请求体，请去掉 Content-Encoding (compressed request bodies are not accepted)")
	}
	if m := c.Method(); m != fiber.MethodPost && m != fiber.MethodPut {
		c.Context().SetConnectionClose()
		return badRequest("这个请求方法不带请求体 (this request takes no body)")
	}
	err := c.Next()
	if c.Locals(bodyReadKey) == nil {
		c.Context().SetConnectionClose()
	}
	return err
}

// readBody reads the request body, at most limit bytes; more is a 413
// naming what the body is, refused by its Content-Length before anything is
// read where the client sent one.
func readBody(c *fiber.Ctx, limit int, what string) ([]byte, error) {
	req := c.Request()
	if n := req.Header.ContentLength(); n > limit {
		// Refused unread. Up to twice the limit it is read into the void
		// (memory stays flat) so that a client that is still sending a file
		// a little too large gets the 413 rather than a reset connection;
		// beyond that the connection closes at once.
		if stream := req.BodyStream(); stream != nil && n <= 2*limit {
			if _, err := io.Copy(io.Discard, io.LimitReader(stream, int64(n))); err == nil {
				c.Locals(bodyReadKey, true)
			}
		}
		return nil, tooLarge(what, limit)
	}
	c.Locals(bodyReadKey, true)
	stream := req.BodyStream()
	if stream == nil { // the server read the body already (no streaming)
		if body := req.Body(); len(body) <= limit {
			return body, nil
		}
		return nil, tooLarge(what, limit)
	}
	body, err := io.ReadAll(io.LimitReader(stream, int64(limit)+1))
	if err != nil {
		c.Context().SetConnectionClose()
		return nil, badRequest(fmt.Sprintf("请求体读取失败 (reading the request body failed): %v", err))
	}
	if len(body) > limit {
		c.Context().SetConnectionClose()
		return nil, tooLarge(what, limit)
	}
	return body, nil
}

// decodeJSON reads the request body (at most MaxJSONBody) into dst. Unknown
// fields and wrong types are 422 naming the field; malformed JSON is 400.
func decodeJSON(c *fiber.Ctx, dst any) error {
	body, err := readBody(c, MaxJSONBody, "JSON 请求体")
	if err != nil {
		return err
	}
	if !utf8.Valid(body) { // json would turn the bad bytes into U+FFFD silently
		return &models.ValidationError{Fields: map[string]string{"body": "请求体不是有效的 UTF-8 文本 (request body is not valid UTF-8)"}}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(dst)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			return badRequest("请求体在 JSON 对象之后还有内容 (trailing data after the JSON object)")
		}
		return nil
	}
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te) && te.Field != "":
		return &models.ValidationError{Fields: map[string]string{te.Field: fmt.Sprintf("类型不对，应为 %s (wrong type: want %s)", te.Type, te.Type)}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &models.ValidationError{Fields: map[string]string{field: "未知字段 (unknown field)"}}
	}
	return badRequest(fmt.Sprintf("请求体不是有效的 JSON 对象 (invalid JSON): %v", err))
}

// observationParam reads the observation id in the path.
func observationParam(c *fiber.Ctx) (uint, error) {
	id, err := strconv.ParseUint(c.Params("id"), 10, 32)
	if err != nil || id == 0 {
		return 0, badRequest("数据编号应为正整数 (observation id must be a positive integer)")
	}
	return uint(id), nil
}
