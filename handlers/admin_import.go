package handlers

import (
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"ecomdash/models"
)

// maxFileNameLen bounds the file name recorded in the audit trail.
const maxFileNameLen = 200

// adminImport answers POST /api/admin/import: the body is the CSV file
// (at most MaxImportBody); ?dry_run=1 validates and counts without
// writing; ?file= names the file for the audit trail.
func (h *Handler) adminImport(c *fiber.Ctx) error {
	dry, err := queryBool(c, "dry_run", false)
	if err != nil {
		return err
	}
	name := c.Query("file")
	if utf8.RuneCountInString(name) > maxFileNameLen || !utf8.ValidString(name) {
		return badRequest("file 参数过长或不是 UTF-8 (file name too long or not UTF-8)")
	}
	if err := h.allow(c, h.importLimit, "导入"); err != nil {
		return err
	}
	body, err := readBody(c, MaxImportBody, "CSV 文件")
	if err != nil {
		return err
	}
	rep, err := models.ImportCSV(h.db, body, models.ImportOptions{Actor: actorOf(c), DryRun: dry, FileName: name})
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

// adminAudit answers GET /api/admin/audit?limit=N (1–1000, default 100), newest first.
func (h *Handler) adminAudit(c *fiber.Ctx) error {
	limit, err := queryInt(c, "limit", models.DefaultAuditLimit, 1, models.MaxAuditLimit)
	if err != nil {
		return err
	}
	entries, err := models.ListAudit(h.db, limit)
	if err != nil {
		return err
	}
	return c.JSON(entries)
}

// adminExport answers GET /api/admin/export.csv: the observations CSV, not cached.
func (h *Handler) adminExport(c *fiber.Ctx) error {
	if err := h.observationsCSV(c); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return nil
}
