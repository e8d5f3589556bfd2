package handlers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// checkParams rejects a query parameter that is not in allowed with a 400
// naming it and the ones the route takes, so a typo is never silently ignored.
func checkParams(c *fiber.Ctx, allowed map[string]bool) error {
	var unknown string
	c.Context().QueryArgs().VisitAll(func(k, _ []byte) {
		if unknown == "" && !allowed[string(k)] {
			unknown = string(k)
		}
	})
	if unknown == "" {
		return nil
	}
	names := make([]string, 0, len(allowed))
	for k := range allowed {
		names = append(names, k)
	}
	slices.Sort(names)
	return badRequest(fmt.Sprintf("未知的查询参数 %q；可用参数：%s (unknown query parameter)", unknown, strings.Join(names, ", ")))
}

// themeParam reads theme=light|dark; light when absent.
func themeParam(c *fiber.Ctx) (string, error) {
	switch t := c.Query("theme"); t {
	case "", "light":
		return "light", nil
	case "dark":
		return "dark", nil
	default:
		return "", badRequest(fmt.Sprintf("theme=%q：应为 light 或 dark (unknown theme)", t))
	}
}

// langParam accepts lang=zh (or zh-CN): the UI is Simplified Chinese only.
func langParam(c *fiber.Ctx) error {
	switch l := c.Query("lang"); l {
	case "", "zh", "zh-CN":
		return nil
	default:
		return badRequest(fmt.Sprintf("lang=%q：界面目前只有简体中文 zh (unsupported language)", l))
	}
}
