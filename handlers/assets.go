package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"

	"github.com/gofiber/fiber/v2"

	"ecomdash/handlers/respcache"
)

// assets serves the embedded static files. Pages link to them as
// /static/PATH?v=HASH (see url), so a file can be cached for a year and a
// new build still reaches every browser at once.
type assets struct {
	files map[string]asset
}

type asset struct {
	body        []byte
	contentType string
	etag        string
	version     string
	// entry serves the file; its gzip and brotli forms are made on the
	// first request that accepts them, not at start-up.
	entry *respcache.Entry
}

// staticCacheControl is for fingerprinted URLs: a new build changes the URL.
const staticCacheControl = "public, max-age=31536000, immutable"

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{files: map[string]asset{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read asset %s: %w", p, err)
		}
		sum := sha256.Sum256(body)
		ct := mime.TypeByExtension(path.Ext(p))
		switch path.Ext(p) {
		case ".js":
			ct = "text/javascript; charset=utf-8"
		case ".css":
			ct = "text/css; charset=utf-8"
		case ".md", "":
			ct = "text/plain; charset=utf-8"
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		v := hex.EncodeToString(sum[:])[:12]
		etag := `"` + v + `"`
		a.files[p] = asset{body: body, contentType: ct, etag: etag, version: v,
			entry: respcache.NewWithETag(body, etag, ct, staticCacheControl)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static assets: %w", err)
	}
	return a, nil
}

// url returns the versioned URL of the asset at p. It panics on a name that
// is not embedded, so a typo in a template fails the first test that renders it.
func (a *assets) url(p string) string {
	f, ok := a.files[p]
	if !ok {
		panic(fmt.Sprintf("unknown static asset %q", p))
	}
	return "/static/" + p + "?v=" + f.version
}

// serve answers GET /static/*.
func (a *assets) serve(c *fiber.Ctx) error {
	f, ok := a.files[c.Params("*")]
	if !ok {
		return notFound("没有这个静态文件 (no such static file)")
	}
	return f.entry.Send(c)
}

// favicon answers /favicon.ico with the SVG icon (every current browser
// accepts an SVG there).
func (a *assets) favicon(c *fiber.Ctx) error {
	f := a.files["img/favicon.svg"]
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	c.Set(fiber.HeaderContentType, f.contentType)
	return c.Send(f.body)
}
