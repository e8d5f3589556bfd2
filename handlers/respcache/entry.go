// Package respcache keeps finished HTTP responses in memory: the body, its
// gzip and brotli forms, and a validator, so that a page, an API answer or an
// image is built once per data version and then served with a map lookup,
// a 304 when the client already has it, and no compression work per request.
package respcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
	"github.com/klauspost/compress/gzip"
)

// minCompressSize is the smallest body worth compressing: below it the
// encoding's framing eats the gain.
const minCompressSize = 512

// Compression levels. Bodies are compressed once and served many times, so
// the levels lean towards size: brotli 9 for bodies up to brotliLargeBody,
// a few milliseconds. A larger body (a comparison page of a thousand
// values, 550 KB) is compressed by the request that first asks for it
// after an import, so it takes brotli 6: 7.5 ms instead of 21 ms for that
// page, 2% larger (29.7 KB against 29.1 KB).
const (
	gzipLevel        = gzip.BestCompression
	brotliLevel      = 9
	brotliLargeLevel = 6
	brotliLargeBody  = 64 << 10
)

// brotliQuality is the brotli level for a body of n bytes.
func brotliQuality(n int) int {
	if n > brotliLargeBody {
		return brotliLargeLevel
	}
	return brotliLevel
}

// Entry is one finished response. It is immutable once built, apart from
// its compressed forms, which are made on first use.
type Entry struct {
	body     []byte
	etag     string
	header   [][2]string
	compress bool

	gzOnce, brOnce sync.Once
	gz, br         []byte
}

// Header is one response header an Entry sends.
type Header struct{ Name, Value string }

// New returns an entry for body. contentType and cacheControl are sent as
// is; extra headers (such as Content-Disposition) follow. The ETag is the
// body's SHA-256, so instances that build the same body agree on it.
func New(body []byte, contentType, cacheControl string, extra ...Header) *Entry {
	sum := sha256.Sum256(body)
	return NewWithETag(body, `"`+hex.EncodeToString(sum[:16])+`"`, contentType, cacheControl, extra...)
}

// NewWithETag is New with the caller's ETag (a quoted string), for bodies
// whose validator is known before they are built (images key theirs on the
// request, so a revalidation needs no render).
func NewWithETag(body []byte, etag, contentType, cacheControl string, extra ...Header) *Entry {
	e := &Entry{body: body, etag: etag, compress: compressible(contentType) && len(body) >= minCompressSize}
	e.header = append(e.header, [2]string{fiber.HeaderContentType, contentType})
	if cacheControl != "" {
		e.header = append(e.header, [2]string{fiber.HeaderCacheControl, cacheControl})
	}
	for _, h := range extra {
		e.header = append(e.header, [2]string{h.Name, h.Value})
	}
	return e
}

// entryOverhead is what an entry costs beyond its bodies: its headers,
// ETag and bookkeeping, rounded up.
const entryOverhead = 512

// Size is what the entry may come to hold, in bytes, as a cache counts it:
// the body, and as much again for its gzip and brotli forms when it is
// compressible (they are made on first use, and together stay below the
// body's size for the text it compresses), plus a fixed overhead.
func (e *Entry) Size() int64 {
	n := int64(len(e.body)) + entryOverhead
	if e.compress {
		n += int64(len(e.body))
	}
	return n
}

// Body returns the uncompressed body.
func (e *Entry) Body() []byte { return e.body }

// ETag returns the entry's validator for the uncompressed body.
func (e *Entry) ETag() string { return e.etag }

// compressible reports whether a content type gains from compression:
// text, JSON, JavaScript, SVG and OpenType fonts; not PNG, ZIP or WOFF2.
func compressible(contentType string) bool {
	ct, _, _ := strings.Cut(contentType, ";")
	ct = strings.TrimSpace(strings.ToLower(ct))
	switch {
	case strings.HasPrefix(ct, "text/"), ct == "image/svg+xml", ct == "font/otf", ct == "font/ttf",
		ct == "application/json", ct == "application/javascript", ct == "application/xml":
		return true
	}
	return false
}

// gzipped returns the gzip form, made on first use; nil when it would not
// be smaller.
func (e *Entry) gzipped() []byte {
	e.gzOnce.Do(func() {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzipLevel)
		if err != nil {
			return
		}
		_, err = zw.Write(e.body)
		if cerr := zw.Close(); err == nil {
			err = cerr
		}
		if err == nil && buf.Len() < len(e.body) {
			e.gz = buf.Bytes()
		}
	})
	return e.gz
}

// brotlied returns the brotli form, made on first use; nil when it would
// not be smaller.
func (e *Entry) brotlied() []byte {
	e.brOnce.Do(func() {
		var buf bytes.Buffer
		bw := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotliQuality(len(e.body)), LGWin: brotliWindow(len(e.body))})
		_, err := bw.Write(e.body)
		if cerr := bw.Close(); err == nil {
			err = cerr
		}
		if err == nil && buf.Len() < len(e.body) {
			e.br = buf.Bytes()
		}
	})
	return e.br
}

// brotliWindow is the base-2 logarithm of the brotli window for a body of
// n bytes: just large enough to hold it (10 to 24). The encoder sizes its
// hash tables to the window; at the default 4 MiB window level 9 set up
// some 32 MiB for every body, a 3 KB CSV included, and a burst of cold
// answers held that many times over. A window as large as the body
// compresses it exactly as well.
func brotliWindow(n int) int {
	w := 10
	for w < 24 && 1<<w < n {
		w++
	}
	return w
}

// Accepted reports which of brotli and gzip an Accept-Encoding header
// accepts. A coding listed with q=0 is refused; "*" stands for both.
func Accepted(acceptEncoding string) (br, gz bool) {
	for _, part := range strings.Split(acceptEncoding, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if refused(params) {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			br = true
		case "gzip", "x-gzip":
			gz = true
		case "*":
			br, gz = true, true
		}
	}
	return br, gz
}

// refused reports whether the parameters of a coding say q=0.
func refused(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			v = strings.TrimRight(strings.TrimSpace(v), "0")
			return v == "" || v == "0" || v == "0."
		}
	}
	return false
}

// encoding is the form of the entry a response carries.
type encoding int

const (
	identity encoding = iota
	gzipEncoded
	brotliEncoded
)

// variantETag is the ETag of one encoding of the entry: a compressed body
// is a different representation, so it gets a different strong validator.
func (e *Entry) variantETag(enc encoding) string {
	switch enc {
	case gzipEncoded:
		return e.etag[:len(e.etag)-1] + `-gz"`
	case brotliEncoded:
		return e.etag[:len(e.etag)-1] + `-br"`
	}
	return e.etag
}

// matches reports whether an If-None-Match header names any form of the
// entry (or is "*").
func (e *Entry) matches(ifNoneMatch string) bool {
	if ifNoneMatch == "" {
		return false
	}
	for _, tag := range strings.Split(ifNoneMatch, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == e.etag || tag == e.variantETag(gzipEncoded) || tag == e.variantETag(brotliEncoded) {
			return true
		}
	}
	return false
}

// Send writes the entry: 304 when If-None-Match names it, else the body in
// the best encoding the client accepts.
func (e *Entry) Send(c *fiber.Ctx) error {
	for _, h := range e.header {
		c.Set(h[0], h[1])
	}
	enc, body := identity, e.body
	if e.compress {
		c.Vary(fiber.HeaderAcceptEncoding)
		br, gz := Accepted(c.Get(fiber.HeaderAcceptEncoding))
		switch { // each form is made only when a client first asks for it
		case br && e.brotlied() != nil:
			enc, body = brotliEncoded, e.br
		case gz && e.gzipped() != nil:
			enc, body = gzipEncoded, e.gz
		}
	}
	c.Set(fiber.HeaderETag, e.variantETag(enc))
	if e.matches(c.Get(fiber.HeaderIfNoneMatch)) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	switch enc {
	case brotliEncoded:
		c.Set(fiber.HeaderContentEncoding, "br")
	case gzipEncoded:
		c.Set(fiber.HeaderContentEncoding, "gzip")
	}
	return c.Send(body)
}

// String describes the entry for logs and test failures.
func (e *Entry) String() string {
	return fmt.Sprintf("respcache.Entry{%d bytes, etag %s}", len(e.body), e.etag)
}
