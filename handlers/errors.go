package handlers

import (
	"errors"
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/models"
)

// badRequest is a 400 with a message for the client.
func badRequest(msg string) error { return fiber.NewError(fiber.StatusBadRequest, msg) }

// notFound is a 404 with a message for the client.
func notFound(msg string) error { return fiber.NewError(fiber.StatusNotFound, msg) }

// statusOf maps an error to an HTTP status and a message safe to show.
// Lookup misses become 404; anything unexpected is a 500 whose detail stays
// in the log.
func statusOf(err error) (int, string) {
	var fe *fiber.Error
	switch {
	case errors.As(err, &fe):
		return fe.Code, fe.Message
	case errors.Is(err, models.ErrNotFound), errors.Is(err, charts.ErrUnknownChart):
		return fiber.StatusNotFound, err.Error()
	}
	return fiber.StatusInternalServerError, "服务器内部错误 (internal server error)"
}

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

// ErrorHandler writes every error in one place: {"error": "..."} for the
// API, a friendly Chinese page for HTML routes.
func (h *Handler) ErrorHandler(c *fiber.Ctx, err error) error {
	status, msg := statusOf(err)
	if status >= 500 {
		h.log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
	}
	if wantsJSON(c) {
		return c.Status(status).JSON(fiber.Map{"error": msg})
	}
	page := errorPage{Page: Page{Title: errorTitle(status)}, Status: status, Message: msg}
	body, rerr := h.views.render("error", page)
	if rerr != nil {
		h.log.Error("render error page", "err", rerr)
		return c.Status(status).SendString(msg)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).Send(body)
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
