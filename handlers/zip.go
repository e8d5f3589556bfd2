package handlers

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/models"
)

// textBOM starts sources.txt so that Notepad and WPS read it as UTF-8.
const textBOM = "\uFEFF"

// zipFormats are the formats of each chart in the report pack.
var zipFormats = []string{"png", "svg"}

// exportZIP answers GET /export/charts.zip: every chart (or those in ids,
// each once) as PNG and SVG, plus sources.txt with each chart's sources and
// quotes. It costs the client one render token per image not yet cached
// (at least one).
func (h *Handler) exportZIP(c *fiber.Ctx) error {
	o, err := parseImageOptions(c)
	if err != nil {
		return err
	}
	var list []*charts.Chart
	if raw := c.Query("ids"); raw != "" {
		ids, err := parseChartIDs(raw)
		if err != nil {
			return err
		}
		if list, err = h.chartsByIDs(ids, badRequest); err != nil {
			return err
		}
	} else if list, err = h.charts.All(); err != nil {
		return err
	} else if len(list) > maxExportCharts {
		return fiber.NewError(fiber.StatusRequestEntityTooLarge, fmt.Sprintf("共有 %d 张图表，一次最多导出 %d 张：请用 ids 选择 (too many charts for one export; choose with ids)", len(list), maxExportCharts))
	}
	version, err := h.charts.Version()
	if err != nil {
		return err
	}
	day := today()
	renders := 0 // the rate limit counts the images this pack must draw
	for _, ch := range list {
		for _, format := range zipFormats {
			if !h.images.Contains(version, newImageKey(ch.Ref, format, o, day)) {
				renders++
			}
		}
	}
	if err := h.allowN(c, h.renderLimit, max(renders, 1), "导出图表"); err != nil {
		return err
	}
	now := time.Now()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, ch := range list {
		for _, format := range zipFormats {
			img, err := h.image(c.UserContext(), ch, newImageKey(ch.Ref, format, o, day), version)
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
	b.WriteString(textBOM)
	fmt.Fprintf(&b, "电商区域统计看板 · 图表来源与原文\r\n导出时间：%s\r\n\r\n", madeOn.In(chinaTime).Format("2006-01-02 15:04"))
	for i, ch := range list {
		fmt.Fprintf(&b, "%d. %s（%02d-%s.png / .svg）\r\n   %s\r\n   %s\r\n", i+1, ch.Spec.Title, i+1, ch.Spec.ID, ch.Subtitle, ch.SourceLine())
		for _, o := range ch.Observations {
			fmt.Fprintf(&b, "   - %s · %s · %s：%s", o.Region.NameZH, o.Metric.NameZH, models.PeriodLabel(o.Period), charts.DisplayValue(o))
			if o.Derived {
				fmt.Fprintf(&b, "（推算：%s）", o.Derivation)
			}
			if o.Inferred != "" {
				fmt.Fprintf(&b, "（%s）", o.InferredNote())
			}
			fmt.Fprintf(&b, "\r\n     原文：“%s”——%s\r\n", o.Quote, o.Source.DisplayTitle())
		}
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}
