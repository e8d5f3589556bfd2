package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/models"
)

// Every request's query string, path parameters and JSON body are read and
// checked here, so that each rule (which parameters a route takes, what a
// boolean looks like, the bounds of an image) is written once.

// checkParams rejects a query parameter that is not in allowed with a 400
// naming it and the ones the route takes, so a typo is never silently ignored.
func checkParams(c *fiber.Ctx, allowed map[string]bool) error {
	var unknown string
	c.Context().QueryArgs().VisitAll(func(k, _ []byte) {
		if unknown == "" && !allowed[string(k)] {
			unknown = string(k)
		}
	})
	if unknown == "" {
		return nil
	}
	names := make([]string, 0, len(allowed))
	for k := range allowed {
		names = append(names, k)
	}
	slices.Sort(names)
	return badRequest(fmt.Sprintf("未知的查询参数 %q；可用参数：%s (unknown query parameter)", unknown, strings.Join(names, ", ")))
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

// View options: the chart page takes pageViewParams, embeds also their
// signature (embedViewParams).
var (
	pageViewParams  = map[string]bool{"theme": true, "lang": true, "bg": true, "title": true, "source": true}
	embedViewParams = map[string]bool{"theme": true, "lang": true, "bg": true, "title": true, "source": true, "exp": true, "sig": true}
)

// parseView reads theme, lang, bg, title and source into a View. allowed
// names the parameters this route accepts; any other is a 400.
func parseView(c *fiber.Ctx, allowed map[string]bool) (charts.View, error) {
	v := charts.View{}
	if err := checkParams(c, allowed); err != nil {
		return v, err
	}
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

// imageParams are the query parameters of the image routes (ids is the
// ZIP export's).
var imageParams = map[string]bool{"width": true, "height": true, "scale": true, "theme": true, "plain": true, "lang": true, "download": true, "ids": true}

// parseImageOptions reads width, height, scale, theme, plain, lang and
// download; anything malformed or out of bounds is a 400 naming it.
func parseImageOptions(c *fiber.Ctx) (imageOptions, error) {
	o := imageOptions{}
	if err := checkParams(c, imageParams); err != nil {
		return o, err
	}
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

// observationFilterParams are the query parameters /api/observations accepts.
var observationFilterParams = map[string]bool{"region": true, "metric": true, "period": true, "source": true}

// maxFilterValues bounds how many comma-separated values one filter takes.
const maxFilterValues = 50

// parseObservationFilter reads region, metric, period and source from the
// query string (each a comma-separated list) and checks every value: an
// unknown parameter, a malformed value or a code that is not in the
// database is a 400 naming it.
func (h *Handler) parseObservationFilter(c *fiber.Ctx) (models.ObservationFilter, error) {
	var f models.ObservationFilter
	if err := checkParams(c, observationFilterParams); err != nil {
		return f, err
	}
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
		{"period", &f.Periods, "", func(p string) bool { _, err := models.ParsePeriod(p); return err == nil }, "时期格式应为 2012、2020Q1、2020-03 或 2020-04-25 (malformed period)", ""},
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
			vals[i] = strings.TrimSpace(v)
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

// Request body limits.
const (
	// MaxJSONBody bounds a JSON request body (1 MiB).
	MaxJSONBody = 1 << 20
	// MaxImportBody bounds a CSV import body (10 MiB).
	MaxImportBody = 10 << 20
	// MaxRequestBody is what fiber.Config.BodyLimit must allow so that an
	// import of MaxImportBody reaches the handler, which then answers 413
	// for anything larger with a JSON message.
	MaxRequestBody = MaxImportBody + 64<<10
)

// decodeJSON reads the request body (at most MaxJSONBody) into dst. Unknown
// fields and wrong types are 422 naming the field; malformed JSON is 400.
func decodeJSON(c *fiber.Ctx, dst any) error {
	body := c.Body()
	if len(body) > MaxJSONBody {
		return tooLarge("JSON 请求体", MaxJSONBody)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
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
