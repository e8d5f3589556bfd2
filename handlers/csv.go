package handlers

import (
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

func (h *Handler) observationsCSV(c *fiber.Ctx) error {
	obs, err := h.filteredObservations(c)
	if err != nil {
		return err
	}
	return sendCSV(c, "电商区域统计数据.csv", "observations.csv", obs)
}

func (h *Handler) chartCSV(c *fiber.Ctx) error {
	ch, err := h.chartByParam(c)
	if err != nil {
		return err
	}
	return sendCSV(c, ch.Spec.Title+".csv", ch.Spec.ID+".csv", ch.Observations)
}
