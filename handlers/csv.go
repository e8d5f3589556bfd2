package handlers

import (
	"bufio"
	"bytes"

	"github.com/gofiber/fiber/v2"

	"ecomdash/models"
)

// sendCSV writes obs in the CSV format (models.WriteCSV) as an attachment
// named name (a UTF-8 file name, sent with RFC 5987 filename* and the ASCII
// fallback asciiName).
func sendCSV(c *fiber.Ctx, name, asciiName string, obs []models.Observation) error {
	var body bytes.Buffer
	if err := models.WriteCSV(&body, obs); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, contentDisposition("attachment", name, asciiName))
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(body.Bytes())
}

// observationsCSV answers /api/observations.csv (and the admin export): the
// figures the filters select, streamed to the client as they are read from
// the database, so a large table takes no more memory than a small one. It
// is not kept in the response cache for the same reason.
func (h *Handler) observationsCSV(c *fiber.Ctx) error {
	f, err := h.parseObservationFilter(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, contentDisposition("attachment", "电商区域统计数据.csv", "observations.csv"))
	c.Set(fiber.HeaderCacheControl, "no-cache")
	ctx := c.UserContext()
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		// the status is sent: a failure can only cut the file short, which
		// the missing last line shows and the log records
		if err := models.ExportCSV(h.db.WithContext(ctx), f, w); err != nil {
			h.log.Error("observations CSV cut short", "err", err)
		}
	})
	return nil
}

// chartCSV answers /api/charts/:id.csv and /compare.csv: the figures behind
// the chart the lookup finds.
func (h *Handler) chartCSV(lookup chartLookup) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ch, err := lookup(h, c)
		if err != nil {
			return err
		}
		return sendCSV(c, ch.Spec.Title+".csv", ch.Spec.ID+".csv", ch.Observations)
	}
}
