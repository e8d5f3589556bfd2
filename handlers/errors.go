package handlers

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/render"
	"ecomdash/models"
)

// badRequest is a 400 with a message for the client.
func badRequest(msg string) error { return fiber.NewError(fiber.StatusBadRequest, msg) }

// notFound is a 404 with a message for the client.
func notFound(msg string) error { return fiber.NewError(fiber.StatusNotFound, msg) }

// tooLarge is a 413 naming the limit.
func tooLarge(what string, limit int) error {
	return fiber.NewError(fiber.StatusRequestEntityTooLarge,
		fmt.Sprintf("%s超过 %d MiB 上限 (%s body over the %d MiB limit)", what, limit>>20, what, limit>>20))
}

// errorResponse is the one map from an error to an HTTP status and a JSON
// body safe to show, for every route: a *fiber.Error keeps its code and
// message; a models.ValidationError is 422 with the bad fields, an
// ImportError 422 with the bad rows, an InUseError 409 saying what uses the
// row; a lookup miss is 404; anything else is a 500 whose detail stays in
// the log.
func errorResponse(err error) (int, fiber.Map) {
	var (
		fe *fiber.Error
		ve *models.ValidationError
		ie *models.ImportError
		iu *models.InUseError
	)
	if status, body, ok := stateError(err); ok {
		return status, body
	}
	switch {
	case errors.As(err, &fe):
		return fe.Code, fiber.Map{"error": fe.Message}
	case errors.As(err, &ve):
		return fiber.StatusUnprocessableEntity, fiber.Map{"error": "validation failed", "fields": ve.Fields}
	case errors.As(err, &ie):
		return fiber.StatusUnprocessableEntity, fiber.Map{
			"error":    fmt.Sprintf("导入文件有 %d 行错误，未写入任何数据 (import rejected: %d bad rows, nothing written)", ie.BadRows, ie.BadRows),
			"bad_rows": ie.BadRows,
			"rows":     ie.Rows,
		}
	case errors.As(err, &iu):
		return fiber.StatusConflict, fiber.Map{"error": iu.Error(), "observations": iu.Observations, "children": iu.Children}
	case errors.Is(err, render.ErrTooLarge):
		return fiber.StatusBadRequest, fiber.Map{"error": "这张图片太大，无法在时限内生成：请减小宽度、高度或倍数，或减少图中的地区、指标或时期 (the image would take too long to draw)"}
	case errors.Is(err, render.ErrBusy):
		return fiber.StatusServiceUnavailable, fiber.Map{"error": "图片生成繁忙，请稍后再试 (the image renderer is at its memory budget; retry shortly)"}
	case errors.Is(err, models.ErrNotFound), errors.Is(err, charts.ErrUnknownChart):
		return fiber.StatusNotFound, fiber.Map{"error": "没有这条记录 (not found): " + err.Error()}
	}
	return fiber.StatusInternalServerError, fiber.Map{"error": "服务器内部错误 (internal server error)"}
}

// retryBusySeconds is the Retry-After of a 503: a busy renderer frees up
// within seconds.
const retryBusySeconds = "5"

// wantsJSON reports whether the request is for data (the API, an image, a
// download) rather than a page: errors there are JSON, not an HTML page.
func wantsJSON(c *fiber.Ctx) bool {
	p := c.Path()
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/export/") || p == "/healthz" || p == "/readyz" || p == "/metrics" {
		return true
	}
	for _, ext := range []string{".png", ".svg", ".zip", ".csv"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	return false
}

// ErrorHandler writes every error in one place (see errorResponse):
// {"error": "..."} for the API, a friendly Chinese page for HTML routes.
func (h *Handler) ErrorHandler(c *fiber.Ctx, err error) error {
	status, body := errorResponse(err)
	if status == fiber.StatusServiceUnavailable && len(c.Response().Header.Peek(fiber.HeaderRetryAfter)) == 0 {
		c.Set(fiber.HeaderRetryAfter, retryBusySeconds)
	}
	if status >= 500 && status != fiber.StatusServiceUnavailable {
		h.log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
	}
	if wantsJSON(c) {
		return c.Status(status).JSON(body)
	}
	msg, _ := body["error"].(string)
	page := errorPage{Page: Page{Title: errorTitle(status)}, Status: status, Message: msg}
	html, rerr := h.views.render("error", page)
	if rerr != nil {
		h.log.Error("render error page", "err", rerr)
		return c.Status(status).SendString(msg)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).Send(html)
}

type errorPage struct {
	Page
	Status  int
	Message string
}

func errorTitle(status int) string {
	switch status {
	case fiber.StatusNotFound:
		return "找不到页面"
	case fiber.StatusBadRequest:
		return "请求有误"
	case fiber.StatusMethodNotAllowed:
		return "不支持的请求方法"
	}
	if status >= 500 {
		return "服务器出错"
	}
	return "请求未完成"
}

// discardLogger is used when no logger is given.
var discardLogger = slog.New(slog.DiscardHandler)
