package render

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"sync"

	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// The rasteriser draws the SVG that ECharts' SSR renderer writes: <path>,
// <rect>, <circle>, <ellipse>, <line>, <polyline>, <polygon>, <text> and <g>
// with transform, fill/stroke paint and opacity attributes, stroke width,
// caps, joins and dashes, linear and radial gradients, and clip paths (as
// their bounding box). Elements are drawn in document order, text included,
// so labels sit over bars as in the browser. Fills use the non-zero rule.

// style is the inherited presentation state of an element.
type style struct {
	fill, stroke                string // paint: colour, url(#id) or "none"
	fillOpacity, strokeOpacity  float64
	opacity                     float64 // product of the ancestors' and own opacity
	strokeWidth, miterLimit     float64
	lineCap, lineJoin           string
	dash                        []float64
	dashOffset                  float64
	fontSize                    float64
	bold                        bool
	textAnchor, baseline, order string
	hidden                      bool
}

var defaultStyle = style{
	fill: "#000", stroke: "none", fillOpacity: 1, strokeOpacity: 1, opacity: 1,
	strokeWidth: 1, miterLimit: 4, lineCap: "butt", lineJoin: "miter",
	fontSize: 12, textAnchor: "start", baseline: "alphabetic",
}

// set applies one presentation property.
func (s *style) set(k, v string) {
	v = strings.TrimSpace(v)
	switch k {
	case "fill":
		s.fill = v
	case "stroke":
		s.stroke = v
	case "fill-opacity":
		s.fillOpacity = parseOpacity(v)
	case "stroke-opacity":
		s.strokeOpacity = parseOpacity(v)
	case "opacity":
		s.opacity *= parseOpacity(v)
	case "stroke-width":
		if f, ok := parseLength(v); ok {
			s.strokeWidth = f
		}
	case "stroke-miterlimit":
		if f, ok := parseLength(v); ok && f >= 1 {
			s.miterLimit = f
		}
	case "stroke-linecap":
		s.lineCap = v
	case "stroke-linejoin":
		s.lineJoin = v
	case "stroke-dasharray":
		if v == "none" || v == "" {
			s.dash = nil
		} else {
			s.dash = parseNumbers(v)
			if len(s.dash)%2 == 1 {
				s.dash = append(s.dash, s.dash...)
			}
		}
	case "stroke-dashoffset":
		if f, ok := parseLength(v); ok {
			s.dashOffset = f
		}
	case "font-size":
		if f, ok := parseLength(v); ok && f > 0 {
			s.fontSize = f
		}
	case "font-weight":
		s.bold = isBold(v)
	case "font":
		s.fontSize, s.bold = parseFont(v)
	case "text-anchor":
		s.textAnchor = v
	case "dominant-baseline", "alignment-baseline":
		s.baseline = v
	case "paint-order":
		s.order = v
	case "display":
		if v == "none" {
			s.hidden = true
		}
	case "visibility":
		s.hidden = v == "hidden" || v == "collapse"
	}
}

func parseOpacity(v string) float64 {
	pct := strings.HasSuffix(v, "%")
	f, ok := parseLength(strings.TrimSuffix(v, "%"))
	if !ok {
		return 1
	}
	if pct {
		f /= 100
	}
	return math.Max(0, math.Min(1, f))
}

var presentation = map[string]bool{
	"fill": true, "stroke": true, "fill-opacity": true, "stroke-opacity": true, "opacity": true,
	"stroke-width": true, "stroke-miterlimit": true, "stroke-linecap": true, "stroke-linejoin": true,
	"stroke-dasharray": true, "stroke-dashoffset": true, "font-size": true, "font-weight": true,
	"text-anchor": true, "dominant-baseline": true, "alignment-baseline": true, "paint-order": true,
	"display": true, "visibility": true,
}

// styleOf is parent's style with n's attributes and style="" applied.
func styleOf(parent style, n *node) style {
	s := parent
	s.dash = parent.dash
	for k, v := range n.attrs {
		if presentation[k] {
			s.set(k, v)
		}
	}
	if css := n.attrs["style"]; css != "" {
		for _, decl := range strings.Split(css, ";") {
			k, v, ok := strings.Cut(decl, ":")
			if ok {
				s.set(strings.TrimSpace(k), v)
			}
		}
	}
	return s
}

// canvas is one PNG being drawn.
type canvas struct {
	img     *image.RGBA
	bounds  image.Rectangle
	m       *fontFamily
	z       vector.Rasterizer
	outline outlineScanner
	dasher  *rasterx.Dasher
	ids     map[string]*node
	mask    image.Alpha // scratch coverage mask
	p       path        // scratch path for shapes
	gp      path        // scratch path for glyphs
}

// canvasPool keeps canvases for their buffers, up to maxPooledPixels: a
// larger canvas is let go after its render, so that a burst of large images
// does not leave the process holding their buffers.
var canvasPool sync.Pool // *canvas

// maxPooledPixels is the largest canvas kept for reuse: the default image
// (2400×1350) and smaller.
const maxPooledPixels = 2400 * 1350

// rasterize draws an SVG document at o.Scale into a new RGBA image of
// exactly round(o.Width*o.Scale) × round(o.Height*o.Scale) pixels.
func rasterize(svg string, o Options, m *fontFamily) (*image.RGBA, error) {
	var img *image.RGBA
	err := withCanvas(svg, o, m, func(c *canvas) error {
		img = image.NewRGBA(c.img.Rect)
		copy(img.Pix, c.img.Pix)
		return nil
	})
	return img, err
}

// encodeSVG draws an SVG document as rasterize does and encodes it as PNG.
func encodeSVG(svg string, o Options, m *fontFamily) ([]byte, error) {
	var out []byte
	err := withCanvas(svg, o, m, func(c *canvas) (err error) {
		out, err = encodePNG(c.img)
		return err
	})
	return out, err
}

// withCanvas draws svg on a pooled canvas and calls use with it; the
// canvas's pixels are reused by later renders once use returns.
func withCanvas(svg string, o Options, m *fontFamily, use func(*canvas) error) error {
	root, err := parseSVG(svg)
	if err != nil {
		return err
	}
	w := int(math.Round(float64(o.Width) * o.Scale))
	h := int(math.Round(float64(o.Height) * o.Scale))
	if w <= 0 || h <= 0 || w > 1<<14 || h > 1<<14 {
		return fmt.Errorf("render: bad image size %dx%d", w, h)
	}
	c, _ := canvasPool.Get().(*canvas)
	if c == nil {
		c = &canvas{img: &image.RGBA{}}
		c.dasher = rasterx.NewDasher(1, 1, &c.outline)
	}
	defer func() {
		if w*h <= maxPooledPixels {
			canvasPool.Put(c)
		}
	}()
	if n := 4 * w * h; cap(c.img.Pix) >= n {
		c.img.Pix = c.img.Pix[:n]
		clear(c.img.Pix)
	} else {
		c.img.Pix = make([]byte, n)
	}
	c.img.Stride = 4 * w
	c.img.Rect = image.Rect(0, 0, w, h)
	c.bounds = c.img.Rect
	c.m = m
	c.ids = map[string]*node{}
	collectIDs(root, c.ids)
	defer func() { c.ids, c.m = nil, nil }()

	// The root maps its viewBox onto the image.
	base := matrix{float64(w) / float64(o.Width), 0, 0, float64(h) / float64(o.Height), 0, 0}
	if vb := parseNumbers(root.attrs["viewBox"]); len(vb) == 4 && vb[2] > 0 && vb[3] > 0 {
		base = matrix{float64(w) / vb[2], 0, 0, float64(h) / vb[3], 0, 0}.mul(matrix{1, 0, 0, 1, -vb[0], -vb[1]})
	}
	c.walk(root, defaultStyle, base, c.bounds)
	return use(c)
}

func collectIDs(n *node, ids map[string]*node) {
	if id := n.attrs["id"]; id != "" {
		ids[id] = n
	}
	for _, ch := range n.children {
		collectIDs(ch, ids)
	}
}

// ref resolves url(#id).
func (c *canvas) ref(v string) *node {
	v = strings.TrimSpace(v)
	if !strings.HasPrefix(v, "url(") {
		return nil
	}
	v = strings.Trim(strings.TrimSuffix(strings.TrimPrefix(v, "url("), ")"), `'" `)
	return c.ids[strings.TrimPrefix(v, "#")]
}

func attrNum(n *node, k string) float64 {
	v, _ := parseLength(n.attrs[k])
	return v
}

// walk draws n and its children.
func (c *canvas) walk(n *node, parent style, m matrix, clip image.Rectangle) {
	switch n.name {
	case "defs", "style", "clipPath", "linearGradient", "radialGradient", "title", "desc",
		"metadata", "pattern", "mask", "symbol", "marker", "filter", "image", "use", "foreignObject":
		return
	}
	st := styleOf(parent, n)
	if st.hidden && n.name != "svg" && n.name != "g" {
		return
	}
	if t, ok := n.attrs["transform"]; ok && n.name != "svg" {
		m = m.mul(parseTransform(t))
	}
	if cp, ok := n.attrs["clip-path"]; ok {
		clip = clip.Intersect(c.clipRect(cp, m))
		if clip.Empty() {
			return
		}
	}
	switch n.name {
	case "svg", "g", "a", "switch":
		for _, ch := range n.children {
			c.walk(ch, st, m, clip)
		}
		return
	case "text":
		if !st.hidden {
			c.text(n, &st, m, clip)
		}
		return
	}
	c.p.reset()
	if !shape(n, m, &c.p) {
		return
	}
	c.paint(&c.p, &st, m, clip, n.name != "line" && n.name != "polyline")
}

// shape appends the outline of a basic shape element to p.
func shape(n *node, m matrix, p *path) bool {
	b := pathBuilder{m: m, out: p}
	switch n.name {
	case "path":
		pathData(n.attrs["d"], m, p)
	case "rect":
		x, y, w, h := attrNum(n, "x"), attrNum(n, "y"), attrNum(n, "width"), attrNum(n, "height")
		if w <= 0 || h <= 0 {
			return false
		}
		rx, okx := parseLength(n.attrs["rx"])
		ry, oky := parseLength(n.attrs["ry"])
		if !okx {
			rx = ry
		}
		if !oky {
			ry = rx
		}
		rx, ry = math.Min(math.Max(rx, 0), w/2), math.Min(math.Max(ry, 0), h/2)
		if rx == 0 || ry == 0 {
			b.moveTo(x, y)
			b.lineTo(x+w, y)
			b.lineTo(x+w, y+h)
			b.lineTo(x, y+h)
			p.close()
			break
		}
		b.moveTo(x+rx, y)
		b.lineTo(x+w-rx, y)
		arcTo(&b, x+w-rx, y, rx, ry, 0, false, true, x+w, y+ry)
		b.lineTo(x+w, y+h-ry)
		arcTo(&b, x+w, y+h-ry, rx, ry, 0, false, true, x+w-rx, y+h)
		b.lineTo(x+rx, y+h)
		arcTo(&b, x+rx, y+h, rx, ry, 0, false, true, x, y+h-ry)
		b.lineTo(x, y+ry)
		arcTo(&b, x, y+ry, rx, ry, 0, false, true, x+rx, y)
		p.close()
	case "circle", "ellipse":
		cx, cy := attrNum(n, "cx"), attrNum(n, "cy")
		rx, ry := attrNum(n, "r"), attrNum(n, "r")
		if n.name == "ellipse" {
			rx, ry = attrNum(n, "rx"), attrNum(n, "ry")
		}
		if rx <= 0 || ry <= 0 {
			return false
		}
		b.moveTo(cx+rx, cy)
		arcTo(&b, cx+rx, cy, rx, ry, 0, false, true, cx-rx, cy)
		arcTo(&b, cx-rx, cy, rx, ry, 0, false, true, cx+rx, cy)
		p.close()
	case "line":
		b.moveTo(attrNum(n, "x1"), attrNum(n, "y1"))
		b.lineTo(attrNum(n, "x2"), attrNum(n, "y2"))
	case "polyline", "polygon":
		v := parseNumbers(n.attrs["points"])
		if len(v) < 4 {
			return false
		}
		b.moveTo(v[0], v[1])
		for i := 2; i+1 < len(v); i += 2 {
			b.lineTo(v[i], v[i+1])
		}
		if n.name == "polygon" {
			p.close()
		}
	default:
		return false
	}
	return len(p.ops) > 0
}

// paint fills and strokes p (device space) with st.
func (c *canvas) paint(p *path, st *style, m matrix, clip image.Rectangle, fillable bool) {
	strokeFirst := strings.HasPrefix(st.order, "stroke")
	if strokeFirst {
		c.strokePath(p, st, m, clip)
	}
	if fillable {
		if src, ok := c.paintSource(st.fill, st.fillOpacity*st.opacity, p, m); ok {
			c.fill(p, src, clip, false)
		}
	}
	if !strokeFirst {
		c.strokePath(p, st, m, clip)
	}
}

func (c *canvas) strokePath(p *path, st *style, m matrix, clip image.Rectangle) {
	if st.strokeWidth <= 0 {
		return
	}
	src, ok := c.paintSource(st.stroke, st.strokeOpacity*st.opacity, p, m)
	if !ok {
		return
	}
	scale := m.scale()
	c.outline.p.reset()
	c.strokeOutline(p, st, scale)
	c.fill(&c.outline.p, src, clip, true)
}

// paintSource resolves a paint to an image to draw through the shape's mask.
func (c *canvas) paintSource(paint string, alpha float64, p *path, m matrix) (image.Image, bool) {
	if alpha <= 0 {
		return nil, false
	}
	if g := c.ref(paint); g != nil {
		return c.gradient(g, alpha, p, m)
	}
	col, ok := parseColor(paint)
	if !ok || col.A == 0 {
		return nil, false
	}
	col.A = uint8(math.Round(float64(col.A) * alpha))
	if col.A == 0 {
		return nil, false
	}
	return image.NewUniform(col), true
}

// fill draws src through p's coverage (non-zero rule).
//
// A stroke outline (outline true) is a set of edges that only together form
// closed contours, as rasterx emits them; its subpaths must not be closed one
// by one.
func (c *canvas) fill(p *path, src image.Image, clip image.Rectangle, outline bool) {
	if len(p.ops) == 0 {
		return
	}
	if u, ok := src.(*image.Uniform); ok && !outline {
		if x0, y0, x1, y1, ok := p.rect(); ok {
			// exact coverage, no mask
			c.fillRect(x0, y0, x1, y1, u.C, clip)
			return
		}
	}
	x0, y0, x1, y1 := p.bounds()
	if math.IsInf(x0, 0) || math.IsNaN(x0+y0+x1+y1) {
		return
	}
	r := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
	r = r.Intersect(clip).Intersect(c.bounds)
	if r.Empty() {
		return
	}
	z := &c.z
	z.Reset(r.Dx(), r.Dy())
	z.DrawOp = draw.Over
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	pts := p.pts
	open := false
	for _, op := range p.ops {
		switch op {
		case opMove:
			if open && !outline {
				z.ClosePath()
			}
			z.MoveTo(float32(pts[0]-ox), float32(pts[1]-oy))
			pts = pts[2:]
			open = true
		case opLine:
			z.LineTo(float32(pts[0]-ox), float32(pts[1]-oy))
			pts = pts[2:]
		case opQuad:
			z.QuadTo(float32(pts[0]-ox), float32(pts[1]-oy), float32(pts[2]-ox), float32(pts[3]-oy))
			pts = pts[4:]
		case opCube:
			z.CubeTo(float32(pts[0]-ox), float32(pts[1]-oy), float32(pts[2]-ox), float32(pts[3]-oy), float32(pts[4]-ox), float32(pts[5]-oy))
			pts = pts[6:]
		case opClose:
			if open {
				z.ClosePath()
			}
			open = false
		}
	}
	if open && !outline {
		z.ClosePath()
	}
	u, ok := src.(*image.Uniform)
	if !ok {
		z.Draw(c.img, r, src, r.Min)
		return
	}
	// Rasterise the coverage into an 8-bit mask (vector's fastest path),
	// then composite only where there is coverage.
	n := r.Dx() * r.Dy()
	if cap(c.mask.Pix) < n {
		c.mask.Pix = make([]byte, n)
	}
	c.mask.Pix = c.mask.Pix[:n]
	c.mask.Stride = r.Dx()
	c.mask.Rect = image.Rect(0, 0, r.Dx(), r.Dy())
	z.DrawOp = draw.Src
	z.Draw(&c.mask, c.mask.Rect, image.Opaque, image.Point{})
	sr, sg, sb, sa := u.C.RGBA()
	pix, stride := c.img.Pix, c.img.Stride
	for y := 0; y < r.Dy(); y++ {
		mrow := c.mask.Pix[y*c.mask.Stride : (y+1)*c.mask.Stride]
		row := pix[(r.Min.Y+y)*stride+4*r.Min.X:]
		for x, m := range mrow {
			if m == 0 {
				continue
			}
			i := 4 * x
			if m == 0xff && sa == 0xffff {
				row[i], row[i+1], row[i+2], row[i+3] = uint8(sr>>8), uint8(sg>>8), uint8(sb>>8), 0xff
				continue
			}
			ma := uint32(m) * 0x101
			a := 0xffff - sa*ma/0xffff
			row[i+0] = uint8(((uint32(row[i+0])*0x101*a + sr*ma) / 0xffff) >> 8)
			row[i+1] = uint8(((uint32(row[i+1])*0x101*a + sg*ma) / 0xffff) >> 8)
			row[i+2] = uint8(((uint32(row[i+2])*0x101*a + sb*ma) / 0xffff) >> 8)
			row[i+3] = uint8(((uint32(row[i+3])*0x101*a + sa*ma) / 0xffff) >> 8)
		}
	}
}

// fillRect composites an axis-aligned rectangle with exact edge coverage.
func (c *canvas) fillRect(x0, y0, x1, y1 float64, col color.Color, clip image.Rectangle) {
	r := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
	r = r.Intersect(clip).Intersect(c.bounds)
	if r.Empty() {
		return
	}
	sr, sg, sb, sa := col.RGBA() // premultiplied, 16 bit
	cover := func(i int, lo, hi float64) float64 {
		return math.Max(0, math.Min(float64(i+1), hi)-math.Max(float64(i), lo))
	}
	pix := c.img.Pix
	stride := c.img.Stride
	// the pixel columns fully inside [x0, x1)
	ix0, ix1 := int(math.Ceil(x0)), int(math.Floor(x1))
	ix0, ix1 = max(ix0, r.Min.X), min(ix1, r.Max.X)
	blend := func(row []byte, x int, cov float64) {
		i := 4 * x
		if cov >= 1 && sa == 0xffff {
			row[i], row[i+1], row[i+2], row[i+3] = uint8(sr>>8), uint8(sg>>8), uint8(sb>>8), 0xff
			return
		}
		ma := uint32(cov * 0xffff)
		a := 0xffff - sa*ma/0xffff
		row[i+0] = uint8(((uint32(row[i+0])*0x101*a + sr*ma) / 0xffff) >> 8)
		row[i+1] = uint8(((uint32(row[i+1])*0x101*a + sg*ma) / 0xffff) >> 8)
		row[i+2] = uint8(((uint32(row[i+2])*0x101*a + sb*ma) / 0xffff) >> 8)
		row[i+3] = uint8(((uint32(row[i+3])*0x101*a + sa*ma) / 0xffff) >> 8)
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		cy := cover(y, y0, y1)
		row := pix[y*stride : (y+1)*stride]
		for x := r.Min.X; x < r.Max.X && x < ix0; x++ {
			blend(row, x, cy*cover(x, x0, x1))
		}
		if ix1 > ix0 {
			if cy >= 1 && sa == 0xffff {
				// opaque interior: set one pixel, then copy it along
				span := row[4*ix0 : 4*ix1]
				span[0], span[1], span[2], span[3] = uint8(sr>>8), uint8(sg>>8), uint8(sb>>8), 0xff
				for k := 4; k < len(span); k *= 2 {
					copy(span[k:], span[:k])
				}
			} else {
				for x := ix0; x < ix1; x++ {
					blend(row, x, cy)
				}
			}
		}
		for x := max(ix1, ix0, r.Min.X); x < r.Max.X; x++ {
			blend(row, x, cy*cover(x, x0, x1))
		}
	}
}

// outlineScanner collects the outline rasterx's stroker produces.
type outlineScanner struct{ p path }

func (s *outlineScanner) Start(a fixed.Point26_6) { s.p.moveTo(float64(a.X)/64, float64(a.Y)/64) }
func (s *outlineScanner) Line(b fixed.Point26_6)  { s.p.lineTo(float64(b.X)/64, float64(b.Y)/64) }
func (s *outlineScanner) Draw()                   {}
func (s *outlineScanner) GetPathExtent() fixed.Rectangle26_6 {
	return fixed.Rectangle26_6{}
}
func (s *outlineScanner) SetBounds(w, h int)           {}
func (s *outlineScanner) SetColor(color interface{})   {}
func (s *outlineScanner) SetWinding(nonZero bool)      {}
func (s *outlineScanner) Clear()                       {}
func (s *outlineScanner) SetClip(rect image.Rectangle) {}

func fx(v float64) fixed.Int26_6 { return fixed.Int26_6(math.Round(v * 64)) }

func fp(x, y float64) fixed.Point26_6 { return fixed.Point26_6{X: fx(x), Y: fx(y)} }

// strokeOutline appends the outline of p stroked with st (widths scaled by
// scale, the transform's) to c.outline.
func (c *canvas) strokeOutline(p *path, st *style, scale float64) {
	w := st.strokeWidth * scale
	var capFn rasterx.CapFunc
	switch st.lineCap {
	case "round":
		capFn = rasterx.RoundCap
	case "square":
		capFn = rasterx.SquareCap
	default:
		capFn = rasterx.ButtCap
	}
	join, gap := rasterx.Miter, rasterx.FlatGap
	switch st.lineJoin {
	case "round":
		join, gap = rasterx.Round, rasterx.RoundGap
	case "bevel":
		join = rasterx.Bevel
	case "miter-clip":
		join = rasterx.MiterClip
	}
	var dashes []float64
	if len(st.dash) > 0 {
		dashes = make([]float64, len(st.dash))
		for i, d := range st.dash {
			dashes[i] = d * scale
		}
	}
	d := c.dasher
	d.SetStroke(fx(w), fx(st.miterLimit), capFn, capFn, gap, join, dashes, st.dashOffset*scale)
	pts := p.pts
	open := false
	var sx, sy, cx, cy float64
	for _, op := range p.ops {
		switch op {
		case opMove:
			if open {
				d.Stop(false)
			}
			sx, sy, cx, cy = pts[0], pts[1], pts[0], pts[1]
			d.Start(fp(pts[0], pts[1]))
			pts = pts[2:]
			open = true
		case opLine:
			if pts[0] != cx || pts[1] != cy {
				d.Line(fp(pts[0], pts[1]))
			}
			cx, cy = pts[0], pts[1]
			pts = pts[2:]
		case opQuad:
			d.QuadBezier(fp(pts[0], pts[1]), fp(pts[2], pts[3]))
			cx, cy = pts[2], pts[3]
			pts = pts[4:]
		case opCube:
			d.CubeBezier(fp(pts[0], pts[1]), fp(pts[2], pts[3]), fp(pts[4], pts[5]))
			cx, cy = pts[4], pts[5]
			pts = pts[6:]
		case opClose:
			if open {
				if cx != sx || cy != sy {
					d.Line(fp(sx, sy))
				}
				d.Stop(true)
			}
			open = false
			cx, cy = sx, sy
		}
	}
	if open {
		d.Stop(false)
	}
}

// clipRect is the device-space bounding box of a clipPath's shapes.
func (c *canvas) clipRect(ref string, m matrix) image.Rectangle {
	cp := c.ref(ref)
	if cp == nil || cp.name != "clipPath" {
		return c.bounds
	}
	if t, ok := cp.attrs["transform"]; ok {
		m = m.mul(parseTransform(t))
	}
	var p path
	for _, ch := range cp.children {
		cm := m
		if t, ok := ch.attrs["transform"]; ok {
			cm = m.mul(parseTransform(t))
		}
		shape(ch, cm, &p)
	}
	if len(p.ops) == 0 {
		return image.Rectangle{}
	}
	x0, y0, x1, y1 := p.bounds()
	return image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
}
