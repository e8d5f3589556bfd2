package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts/report"
	"ecomdash/handlers/respcache"
)

// The Word report (charts/report): a dashboard's charts, chosen charts, or
// a comparison, as one .docx an official can hand in. What a report holds
// and how its pictures are drawn is charts/report's; here reports are
// cached like images, by what they hold (their charts' keys), the data
// version and the day they are made, and cost the client one render token
// per chart picture not yet drawn.

// reportImage is the image options of a report's pictures
// (report.ChartPicture), so they share the image cache.
var reportImage = imageOptions{View: report.ChartPicture.View,
	Width: report.ChartPicture.Width, Height: report.ChartPicture.Height, Scale: report.ChartPicture.Scale}

// reportContentType is the media type of a .docx.
const reportContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// reportDashboard answers /export/dashboards/:id.docx.
func (h *Handler) reportDashboard(c *fiber.Ctx) error {
	d, cs, err := h.dashboardChartsByParam(c)
	if err != nil {
		return err
	}
	return h.sendReport(c, report.OfDashboard(d, cs))
}

// reportCharts answers /export/charts.docx?ids=a,b,c: those charts, in that order.
func (h *Handler) reportCharts(c *fiber.Ctx) error {
	raw := strings.TrimSpace(c.Query("ids"))
	if raw == "" {
		return badRequest("缺少 ids：要导出的图表编号，用逗号分隔 (ids is required)")
	}
	ids, err := parseChartIDs(raw)
	if err != nil {
		return err
	}
	cs, err := h.chartsByIDs(ids, notFound)
	if err != nil {
		return err
	}
	return h.sendReport(c, report.OfCharts(cs))
}

// reportCompare answers /export/compare.docx?STATE: the comparison's chart.
func (h *Handler) reportCompare(c *fiber.Ctx) error {
	ch, err := byState(h, c)
	if err != nil {
		return err
	}
	return h.sendReport(c, report.OfComparison(ch))
}

// sendReport builds (or takes from the cache) the report of contents, and
// sends it as an attachment named after its title.
func (h *Handler) sendReport(c *fiber.Ctx, contents report.Contents) error {
	version, err := h.charts.Version()
	if err != nil {
		return err
	}
	day := today()
	key := contents.Key(day)
	if e, ok := h.responses.Peek(version, key); ok {
		return e.Send(c)
	}
	renders := 0 // the rate limit counts the images this report must draw
	for _, ch := range contents.Charts {
		if !h.images.Contains(version, newImageKey(ch.Ref, "png", reportImage, day)) {
			renders++
		}
	}
	if err := h.allowN(c, h.renderLimit, max(renders, 1), "导出 Word 报告"); err != nil {
		return err
	}
	e, err := h.responses.Get(version, key, func() (*respcache.Entry, error) {
		made, err := time.ParseInLocation(time.DateOnly, day, chinaTime)
		if err != nil {
			return nil, fmt.Errorf("report day: %w", err)
		}
		pngs := make([][]byte, len(contents.Charts))
		for i, ch := range contents.Charts {
			img, err := h.image(c.UserContext(), ch, newImageKey(ch.Ref, "png", reportImage, day), version)
			if err != nil {
				return nil, err
			}
			pngs[i] = img.Body()
		}
		body, err := report.Bytes(contents.Report(made, pngs))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s|v%d", key, version)))
		return respcache.NewWithETag(body, `"`+hex.EncodeToString(sum[:12])+`"`, reportContentType, "no-cache",
			respcache.Header{Name: fiber.HeaderContentDisposition, Value: contentDisposition("attachment", contents.Title+".docx", contents.FileName+".docx")}), nil
	})
	if err != nil {
		return err
	}
	return e.Send(c)
}
