package render

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"ecomdash/static"
)

// Font files shipped in static/fonts (see static/fonts/README.md).
const (
	regularFontPath = "fonts/NotoSansSC-Regular-subset.otf"
	boldFontPath    = "fonts/NotoSansSC-Bold-subset.otf"
	// FontFamily is the family name the shipped face is known by, in SVG
	// output and in the page's @font-face.
	FontFamily = "Noto Sans SC"
)

// face is one loaded font face with a cache of glyph advances.
type face struct {
	f        *sfnt.Font
	upem     float64
	bufs     sync.Pool // *sfnt.Buffer
	advance  sync.Map  // rune -> glyphInfo
	outlines sync.Map  // sfnt.GlyphIndex -> *outline
}

// glyphInfo is what the layout needs of a rune: its glyph and advance in em.
type glyphInfo struct {
	index   sfnt.GlyphIndex
	advance float64
}

func loadFace(path string) (*face, error) {
	data, err := static.FS.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("render: read font: %w", err)
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("render: parse font %s: %w", path, err)
	}
	fc := &face{f: f, upem: float64(f.UnitsPerEm())}
	fc.bufs.New = func() any { return new(sfnt.Buffer) }
	return fc, nil
}

// glyph returns r's glyph (0, .notdef, when the face lacks it) and advance.
func (fc *face) glyph(r rune) glyphInfo {
	if v, ok := fc.advance.Load(r); ok {
		return v.(glyphInfo)
	}
	b := fc.bufs.Get().(*sfnt.Buffer)
	defer fc.bufs.Put(b)
	gi, err := fc.f.GlyphIndex(b, r)
	if err != nil {
		gi = 0
	}
	adv, err := fc.f.GlyphAdvance(b, gi, fixed.Int26_6(int(fc.upem)<<6), font.HintingNone)
	info := glyphInfo{index: gi}
	if err == nil {
		info.advance = float64(adv) / 64 / fc.upem
	}
	fc.advance.Store(r, info)
	return info
}

// width is the advance width of s in em.
func (fc *face) width(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += fc.glyph(r).advance
	}
	return w
}

var (
	facesOnce sync.Once
	faces     *fontFamily
	facesErr  error
)

// fontFamily is the shipped typeface: its regular and bold faces, which
// measure text for ECharts and draw it into PNGs.
type fontFamily struct {
	regular, bold *face
}

func loadFontFamily() (*fontFamily, error) {
	facesOnce.Do(func() {
		reg, err := loadFace(regularFontPath)
		if err != nil {
			facesErr = err
			return
		}
		bold, err := loadFace(boldFontPath)
		if err != nil {
			facesErr = err
			return
		}
		faces = &fontFamily{regular: reg, bold: bold}
	})
	return faces, facesErr
}

// face returns the face for a CSS font-weight.
func (m *fontFamily) face(bold bool) *face {
	if bold {
		return m.bold
	}
	return m.regular
}

// measure is ECharts' measureText: the width in px of text in the CSS font
// shorthand font ("bold 17px \"Noto Sans SC\", sans-serif").
func (m *fontFamily) measure(text, font string) float64 {
	size, bold := parseFont(font)
	return m.face(bold).width(text) * size
}

// parseFont reads the size in px and whether the weight is bold from a CSS
// font shorthand. ECharts' default is 12px normal.
func parseFont(s string) (size float64, bold bool) {
	size = 12
	for _, tok := range strings.Fields(s) {
		tok = strings.Trim(tok, `,"'`)
		switch {
		case tok == "bold" || tok == "bolder":
			bold = true
		case strings.HasSuffix(tok, "px"):
			if v, err := strconv.ParseFloat(strings.TrimSuffix(tok, "px"), 64); err == nil && v > 0 {
				size = v
				return size, bold // the family follows the size
			}
		default:
			if v, err := strconv.Atoi(tok); err == nil && v >= 600 && v <= 1000 {
				bold = true
			}
		}
	}
	return size, bold
}

// isBold reports whether a CSS font-weight value is bold.
func isBold(w string) bool {
	w = strings.TrimSpace(w)
	if w == "bold" || w == "bolder" {
		return true
	}
	v, err := strconv.Atoi(w)
	return err == nil && v >= 600
}
