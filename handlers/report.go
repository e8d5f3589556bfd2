package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/report"
	"ecomdash/handlers/respcache"
)

// The Word report (charts/report): a dashboard's charts, chosen charts, or
// a comparison, as one .docx an official can hand in. Reports are cached
// like images, by what they hold (the charts' keys), the data version
// and the day they are made, and cost the client one render token per
// chart image not yet drawn.

// reportImage is how every chart of a report is drawn: without its title
// and source line (the caption and the line under it carry them), 600 by
// 360 CSS pixels at scale 2, which prints at the text width (14.66 cm) at
// about 200 dpi with 12 px labels at about 8 pt.
var reportImage = imageOptions{View: charts.View{Theme: "light", HideTitle: true, HideSource: true}, Width: 600, Height: 360, Scale: 2}

// reportContentType is the media type of a .docx.
const reportContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// reportDashboard answers /export/dashboards/:id.docx.
func (h *Handler) reportDashboard(c *fiber.Ctx) error {
	d, err := h.dashboardByParam(c)
	if err != nil {
		return err
	}
	cs, err := h.charts.Charts(d)
	if err != nil {
		return err
	}
	return h.sendReport(c, d.Title, "dashboard-"+d.ID, cs)
}

// reportCharts answers /export/charts.docx?ids=a,b,c: those charts, in that order.
func (h *Handler) reportCharts(c *fiber.Ctx) error {
	raw := strings.TrimSpace(c.Query("ids"))
	if raw == "" {
		return badRequest("缺少 ids：要导出的图表编号，用逗号分隔 (ids is required)")
	}
	cs, err := h.chartsByIDs(raw, notFound)
	if err != nil {
		return err
	}
	title := "电商区域统计图表"
	if len(cs) == 1 {
		title = cs[0].Spec.Title
	}
	return h.sendReport(c, title, "charts", cs)
}

// reportCompare answers /export/compare.docx?STATE: the comparison's chart.
func (h *Handler) reportCompare(c *fiber.Ctx) error {
	ch, err := byState(h, c)
	if err != nil {
		return err
	}
	return h.sendReport(c, ch.Spec.Title, "compare", []*charts.Chart{ch})
}

// sendReport builds (or takes from the cache) the report of list, titled
// title, and sends it as an attachment named after the title.
func (h *Handler) sendReport(c *fiber.Ctx, title, fileName string, list []*charts.Chart) error {
	version, err := h.charts.Version()
	if err != nil {
		return err
	}
	day := today()
	ids := make([]string, len(list))
	for i, ch := range list {
		ids[i] = ch.Ref.Key()
	}
	key := "report|" + day + "|" + title + "|" + strings.Join(ids, "\x00")
	if e, ok := h.responses.Peek(version, key); ok {
		return e.Send(c)
	}
	renders := 0 // the rate limit counts the images this report must draw
	for _, ch := range list {
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
		r := report.Report{Title: title, Made: made}
		for _, ch := range list {
			img, err := h.image(c.UserContext(), ch, newImageKey(ch.Ref, "png", reportImage, day), version)
			if err != nil {
				return nil, err
			}
			r.Figures = append(r.Figures, report.Figure{Chart: ch, PNG: img.Body(),
				Width: reportImage.Width * reportImage.Scale, Height: reportImage.Height * reportImage.Scale})
		}
		body, err := report.Bytes(r)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s|v%d", key, version)))
		return respcache.NewWithETag(body, `"`+hex.EncodeToString(sum[:12])+`"`, reportContentType, "no-cache",
			respcache.Header{Name: fiber.HeaderContentDisposition, Value: contentDisposition("attachment", title+".docx", fileName+".docx")}), nil
	})
	if err != nil {
		return err
	}
	return e.Send(c)
}
