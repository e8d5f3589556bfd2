package handlers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/models"
)

// utf8BOM starts every CSV so that Excel and WPS read it as UTF-8.
const utf8BOM = "\uFEFF"

// writeObservationsCSV writes obs as CSV (with BOM) to a byte slice.
func writeObservationsCSV(obs []models.Observation) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(utf8BOM)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write(models.CSVColumns); err != nil {
		return nil, fmt.Errorf("write csv header: %w", err)
	}
	for _, o := range obs {
		derived := "false"
		if o.Derived {
			derived = "true"
		}
		row := []string{
			o.RegionCode, cell(o.Region.NameZH), o.MetricCode, cell(o.Metric.NameZH), cell(o.Metric.Unit), o.Period,
			charts.FormatValue(o.Value), o.Qualifier, cell(o.Stated), derived, cell(o.Derivation),
			o.SourceID, cell(o.Source.Title), cell(o.Source.Publisher), o.Source.PublishedOn, cell(o.Quote), cell(o.Note),
		}
		if err := w.Write(row); err != nil {
			return nil, fmt.Errorf("write csv row: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	return buf.Bytes(), nil
}

// cell neutralises text that a spreadsheet would run as a formula (a cell
// starting with =, +, -, @, tab or carriage return) by prefixing an
// apostrophe, as OWASP recommends for CSV injection.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// sendCSV writes body as a CSV attachment named name (a UTF-8 file name, sent
// with RFC 5987 filename* and an ASCII fallback).
func sendCSV(c *fiber.Ctx, name, asciiName string, body []byte) error {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, asciiName, url.PathEscape(name)))
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(body)
}

func (h *Handler) observationsCSV(c *fiber.Ctx) error {
	f, err := h.parseObservationFilter(c)
	if err != nil {
		return err
	}
	obs, err := models.FindObservations(h.db, f)
	if err != nil {
		return err
	}
	body, err := writeObservationsCSV(obs)
	if err != nil {
		return err
	}
	return sendCSV(c, "电商区域统计数据.csv", "observations.csv", body)
}

func (h *Handler) chartCSV(c *fiber.Ctx) error {
	ch, err := h.chartByParam(c)
	if err != nil {
		return err
	}
	body, err := writeObservationsCSV(ch.Observations)
	if err != nil {
		return err
	}
	return sendCSV(c, ch.Spec.Title+".csv", ch.Spec.ID+".csv", body)
}
