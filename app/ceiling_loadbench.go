//go:build loadbench

// The load benchmark's ceiling route (.bench/load). Built only with
// -tags loadbench; a normal build has no /_bench/ route.

package app

import (
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gofiber/fiber/v2"
)

// Bounds of the ceiling route.
const (
	// benchMaxBytes is the largest body /_bench/bytes/:n serves (4 MiB).
	benchMaxBytes = 4 << 20
	// benchMaxBodies bounds how many distinct sizes are kept in memory
	// (at most 64 × 4 MiB); past it a size is served from a fresh slice.
	benchMaxBodies = 64
)

var (
	benchBodies sync.Map // int → []byte, allocated once per size
	benchKept   atomic.Int32
)

// benchBody returns the n-byte body, allocating it on first use.
func benchBody(n int) []byte {
	if b, ok := benchBodies.Load(n); ok {
		return b.([]byte)
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = "0123456789abcdef"[i%16]
	}
	if benchKept.Load() >= benchMaxBodies {
		return b
	}
	if old, loaded := benchBodies.LoadOrStore(n, b); loaded {
		return old.([]byte)
	}
	benchKept.Add(1)
	return b
}

// benchBytes answers GET /_bench/bytes/:n with n bytes from a slice made once
// per n: the cheapest response of that size this stack can give, behind the
// same middleware as every real route (request id, log and metrics,
// security headers, compression). That is the "ceiling" a real route of
// the same wire size is measured against.
//
// The body must go out as is. fasthttp's compressor (behind Fiber's compress
// middleware) compresses every text/* and application/* body of 200 bytes or
// more, application/octet-stream included, so Content-Type alone does not
// keep it off; a Content-Encoding already set does ("identity": the bytes are
// not encoded). Content-Length is therefore n whatever Accept-Encoding asks.
func benchBytes(c *fiber.Ctx) error {
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 0 || n > benchMaxBytes {
		return fiber.NewError(fiber.StatusBadRequest, "n must be an integer from 0 to "+strconv.Itoa(benchMaxBytes))
	}
	c.Set(fiber.HeaderContentType, "application/octet-stream")
	c.Set(fiber.HeaderContentEncoding, "identity")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(benchBody(n))
}

// registerBenchRoutes adds the ceiling route, behind the app's middleware.
func registerBenchRoutes(r fiber.Router) {
	r.Get("/_bench/bytes/:n", benchBytes)
}
