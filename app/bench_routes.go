//go:build !loadbench

package app

import "github.com/gofiber/fiber/v2"

// registerBenchRoutes adds nothing: only a build with -tags loadbench has
// the load benchmark's ceiling route (ceiling_loadbench.go).
func registerBenchRoutes(fiber.Router) {}
