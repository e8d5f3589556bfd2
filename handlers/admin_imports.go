package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"ecomdash/models"
	"ecomdash/models/sheet"
)

// The import of tables (issue 23): a workbook, CSV or pasted table is
// previewed (POST /api/admin/imports), then committed
// (POST /api/admin/imports/:id/commit) or discarded, and a committed import
// can be undone (DELETE /api/admin/imports/:id). GET /api/admin/imports
// lists the latest, GET /api/admin/imports/:id returns one preview.

// maxImportForm bounds the multipart body of a preview: the file (at most
// MaxImportBody) and the choices.
const maxImportForm = MaxImportBody + 256<<10

// maxImportField bounds each form field other than the file and the text.
const maxImportField = 64 << 10

// importPreviewSlots bounds the previews read at once: reading a large
// workbook takes memory, so a third concurrent preview waits for none and
// gets 503.
const importPreviewSlots = 2

// importForm is a preview request as sent.
type importForm struct {
	fileName string
	data     []byte
	text     string
	opt      models.SheetImportOptions
}

// readImportForm reads the multipart body of a preview.
func readImportForm(c *fiber.Ctx) (importForm, error) {
	var f importForm
	mediaType, params, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if err != nil || mediaType != fiber.MIMEMultipartForm || params["boundary"] == "" {
		return f, fiber.NewError(fiber.StatusUnsupportedMediaType, "请以 multipart/form-data 上传：file（文件）或 text（粘贴的表格），及可选的 sheet、layout、metric、unit、period、region、header_rows、choices、source_* (send multipart/form-data)")
	}
	body, err := readBody(c, maxImportForm, "上传的表格")
	if err != nil {
		return f, err
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	fields := map[string]string{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return f, badRequest("上传的表单格式不正确 (malformed multipart body): " + err.Error())
		}
		name := part.FormName()
		limit := int64(maxImportField)
		if name == "file" || name == "text" {
			limit = MaxImportBody
		}
		b, err := io.ReadAll(io.LimitReader(part, limit+1))
		if err != nil {
			return f, badRequest("上传的表单读取失败 (reading the form failed): " + err.Error())
		}
		if int64(len(b)) > limit {
			if name == "file" || name == "text" {
				return f, tooLarge("上传的表格", MaxImportBody)
			}
			return f, badRequest(fmt.Sprintf("字段 %s 过长 (field %s too long)", name, name))
		}
		switch name {
		case "file":
			f.fileName, f.data = part.FileName(), b
		case "text":
			f.text = string(b)
		default:
			if !utf8.Valid(b) {
				return f, badRequest(fmt.Sprintf("字段 %s 不是 UTF-8 文本 (field %s not UTF-8)", name, name))
			}
			fields[name] = strings.TrimSpace(string(b))
		}
	}
	if (f.data == nil) == (strings.TrimSpace(f.text) == "") {
		return f, badRequest("请上传一个文件（file），或粘贴一个表格（text），二者选一 (send either file or text)")
	}
	if f.fileName == "" && f.data != nil {
		f.fileName = "upload"
	}
	if utf8.RuneCountInString(f.fileName) > maxFileNameLen || !utf8.ValidString(f.fileName) {
		return f, badRequest("文件名过长或不是 UTF-8 (file name too long or not UTF-8)")
	}
	opt := models.SheetImportOptions{
		Sheet: fields["sheet"], Layout: fields["layout"], Metric: fields["metric"], Unit: fields["unit"],
		Period: fields["period"], Region: fields["region"],
		Source: models.SourceChoice{ID: fields["source_id"], Title: fields["source_title"], Publisher: fields["source_publisher"],
			Date: fields["source_date"], URL: fields["source_url"]},
	}
	if opt.Layout != "" && !models.Layouts.Has(opt.Layout) {
		return f, badRequest("layout 应为 " + models.Layouts.OneOf() + " (unknown layout)")
	}
	if s := fields["header_rows"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 10 {
			return f, badRequest("header_rows 应为 0 到 10 的整数 (header_rows must be 0–10)")
		}
		opt.HeaderRows = n
	}
	if s := fields["choices"]; s != "" {
		var ch struct {
			Regions map[string]string `json:"regions"`
			Metrics map[string]string `json:"metrics"`
		}
		if err := json.Unmarshal([]byte(s), &ch); err != nil {
			return f, badRequest(`choices 应为 JSON：{"regions":{"鼓楼区":"320106"},"metrics":{"网上零售额":"online_retail_sales"}} (malformed choices)`)
		}
		if len(ch.Regions)+len(ch.Metrics) > 10_000 {
			return f, badRequest("choices 过多 (too many choices)")
		}
		opt.Regions, opt.Metrics = ch.Regions, ch.Metrics
	}
	f.opt = opt
	return f, nil
}

// sheetError maps a reading error to its status.
func sheetError(err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, sheet.ErrTooLarge), errors.Is(err, models.ErrImportTooLarge):
		return fiber.NewError(fiber.StatusRequestEntityTooLarge, msg)
	case errors.Is(err, sheet.ErrUnsupported):
		return fiber.NewError(fiber.StatusUnsupportedMediaType, msg)
	case errors.Is(err, sheet.ErrEncrypted), errors.Is(err, sheet.ErrMacro), errors.Is(err, models.ErrNoSuchSheet), errors.Is(err, sheet.ErrCorrupt), errors.Is(err, sheet.ErrEmpty):
		return fiber.NewError(fiber.StatusUnprocessableEntity, msg)
	}
	return err
}

// adminPreviewImport answers POST /api/admin/imports.
func (h *Handler) adminPreviewImport(c *fiber.Ctx) error {
	if err := h.allow(c, h.importLimit, "导入"); err != nil {
		return err
	}
	select {
	case h.importSlots <- struct{}{}:
		defer func() { <-h.importSlots }()
	default:
		c.Set(fiber.HeaderRetryAfter, "10")
		return fiber.NewError(fiber.StatusServiceUnavailable, "正在读取其他表格，请稍后再试 (other imports are being read; retry shortly)")
	}
	f, err := readImportForm(c)
	if err != nil {
		return err
	}
	p, err := previewImport(h, f, actorOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

// previewImport reads the form's table, previews it and stores the preview.
func previewImport(h *Handler, f importForm, actor string) (*models.SheetPreview, error) {
	var (
		wb   *sheet.Workbook
		err  error
		name = f.fileName
		sum  [32]byte
	)
	if f.data != nil {
		sum = sha256.Sum256(f.data)
		wb, err = sheet.Read(f.fileName, f.data, sheet.DefaultLimits)
	} else {
		sum = sha256.Sum256([]byte(f.text))
		name = "粘贴的表格"
		wb, err = sheet.ReadText(f.text, sheet.DefaultLimits)
	}
	if err != nil {
		return nil, sheetError(err)
	}
	p, err := models.PreviewSheet(h.db, wb, f.opt)
	if err != nil {
		return nil, sheetError(err)
	}
	if err := models.SavePreview(h.db, p, actor, name, hex.EncodeToString(sum[:])); err != nil {
		return nil, err
	}
	return p, nil
}

// adminCommitImport answers POST /api/admin/imports/:id/commit
// (?allow_problems=1 accepts that the problem cells are left out).
func (h *Handler) adminCommitImport(c *fiber.Ctx) error {
	allow, err := queryBool(c, "allow_problems", false)
	if err != nil {
		return err
	}
	rep, err := models.CommitImport(h.db, c.Params("id"), actorOf(c), allow)
	if err != nil {
		return importError(c, err)
	}
	return c.JSON(rep)
}

// adminUndoImport answers DELETE /api/admin/imports/:id.
func (h *Handler) adminUndoImport(c *fiber.Ctx) error {
	rep, err := models.UndoImport(h.db, c.Params("id"), actorOf(c))
	if err != nil {
		return importError(c, err)
	}
	return c.JSON(rep)
}

// adminGetImport answers GET /api/admin/imports/:id with the preview.
func (h *Handler) adminGetImport(c *fiber.Ctx) error {
	_, p, err := models.GetImport(h.db, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// adminListImports answers GET /api/admin/imports?limit=N (1–200, default 20).
func (h *Handler) adminListImports(c *fiber.Ctx) error {
	limit, err := queryInt(c, "limit", 20, 1, 200)
	if err != nil {
		return err
	}
	list, err := models.ListImports(h.db, limit)
	if err != nil {
		return err
	}
	return c.JSON(list)
}

// importError answers the errors of a commit or an undo.
func importError(c *fiber.Ctx, err error) error {
	var (
		stale    *models.StaleImportError
		state    *models.ImportStateError
		problems *models.ProblemsError
		conflict *models.UndoConflictError
	)
	switch {
	case errors.As(err, &stale):
		return c.Status(fiber.StatusConflict).JSON(fiber.Map{"error": stale.Error(), "preview": stale.Fresh})
	case errors.As(err, &state):
		return c.Status(fiber.StatusConflict).JSON(fiber.Map{"error": state.Error()})
	case errors.As(err, &problems):
		return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"error": problems.Error(), "problems": problems.Problems})
	case errors.As(err, &conflict):
		return c.Status(fiber.StatusConflict).JSON(fiber.Map{"error": conflict.Error(), "changed": conflict.Cells})
	}
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"error": err.Error(), "fields": ve.Fields})
	}
	return err
}
