package render

import (
	"image"
	"strings"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// outline is a glyph's outline in font units, y down.
type outline struct {
	ops []byte
	pts []float32
}

// outline returns glyph gi's outline, loading it once.
func (fc *face) outline(gi sfnt.GlyphIndex) *outline {
	if v, ok := fc.outlines.Load(gi); ok {
		return v.(*outline)
	}
	b := fc.bufs.Get().(*sfnt.Buffer)
	defer fc.bufs.Put(b)
	o := &outline{}
	segs, err := fc.f.LoadGlyph(b, gi, fixed.Int26_6(int(fc.upem)<<6), nil)
	if err == nil {
		for _, s := range segs {
			switch s.Op {
			case sfnt.SegmentOpMoveTo:
				o.ops = append(o.ops, opMove)
				o.pts = append(o.pts, f26(s.Args[0].X), f26(s.Args[0].Y))
			case sfnt.SegmentOpLineTo:
				o.ops = append(o.ops, opLine)
				o.pts = append(o.pts, f26(s.Args[0].X), f26(s.Args[0].Y))
			case sfnt.SegmentOpQuadTo:
				o.ops = append(o.ops, opQuad)
				o.pts = append(o.pts, f26(s.Args[0].X), f26(s.Args[0].Y), f26(s.Args[1].X), f26(s.Args[1].Y))
			case sfnt.SegmentOpCubeTo:
				o.ops = append(o.ops, opCube)
				o.pts = append(o.pts, f26(s.Args[0].X), f26(s.Args[0].Y), f26(s.Args[1].X), f26(s.Args[1].Y), f26(s.Args[2].X), f26(s.Args[2].Y))
			}
		}
	}
	v, _ := fc.outlines.LoadOrStore(gi, o)
	return v.(*outline)
}

func f26(v fixed.Int26_6) float32 { return float32(v) / 64 }

// Baseline positions of the shipped face, in em below the em box's top
// (Noto Sans CJK: ideographic em box from -0.12 to 0.88 around the
// alphabetic baseline).
const (
	emAscent  = 0.88
	emDescent = 0.12
)

// baselineShift is how far below y the alphabetic baseline sits for a
// dominant-baseline value, in em.
func baselineShift(b string) float64 {
	switch b {
	case "central", "middle":
		return (emAscent - emDescent) / 2
	case "hanging", "text-before-edge", "before-edge", "text-top":
		return emAscent
	case "ideographic", "text-after-edge", "after-edge", "text-bottom":
		return -emDescent
	case "mathematical":
		return 0.5 * emAscent
	}
	return 0
}

// textContent is the text of a <text> element as SVG lays it out.
func textContent(n *node) string {
	var sb strings.Builder
	sb.WriteString(n.text.String())
	for _, ch := range n.children {
		if ch.name == "tspan" {
			sb.WriteString(ch.text.String())
		}
	}
	s := sb.String()
	if n.attrs["xml:space"] == "preserve" || n.attrs["space"] == "preserve" {
		return strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == '\t' {
				return ' '
			}
			return r
		}, s)
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r':
			return -1
		case '\t':
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// text draws a <text> element: its glyph outlines in the shipped face,
// stroked (for ECharts' text borders) and filled.
func (c *canvas) text(n *node, st *style, m matrix, clip image.Rectangle) {
	s := textContent(n)
	if s == "" || st.fontSize <= 0 {
		return
	}
	fc := c.m.face(st.bold)
	size := st.fontSize
	x, y := 0.0, 0.0
	if v := parseNumbers(n.attrs["x"]); len(v) > 0 {
		x = v[0]
	}
	if v := parseNumbers(n.attrs["y"]); len(v) > 0 {
		y = v[0]
	}
	if v := parseNumbers(n.attrs["dx"]); len(v) > 0 {
		x += v[0]
	}
	if v := parseNumbers(n.attrs["dy"]); len(v) > 0 {
		y += v[0]
	}
	width := fc.width(s) * size
	switch st.textAnchor {
	case "middle":
		x -= width / 2
	case "end":
		x -= width
	}
	y += baselineShift(st.baseline) * size
	k := size / fc.upem
	p := &c.gp
	p.reset()
	pen := x
	for _, r := range s {
		g := fc.glyph(r)
		o := fc.outline(g.index)
		// glyph space → text space: scale by k, move to (pen, y)
		gm := m.mul(matrix{k, 0, 0, k, pen, y})
		pts := o.pts
		for _, op := range o.ops {
			switch op {
			case opMove:
				p.close()
				x0, y0 := gm.apply(float64(pts[0]), float64(pts[1]))
				p.moveTo(x0, y0)
				pts = pts[2:]
			case opLine:
				x0, y0 := gm.apply(float64(pts[0]), float64(pts[1]))
				p.lineTo(x0, y0)
				pts = pts[2:]
			case opQuad:
				x0, y0 := gm.apply(float64(pts[0]), float64(pts[1]))
				x1, y1 := gm.apply(float64(pts[2]), float64(pts[3]))
				p.quadTo(x0, y0, x1, y1)
				pts = pts[4:]
			case opCube:
				x0, y0 := gm.apply(float64(pts[0]), float64(pts[1]))
				x1, y1 := gm.apply(float64(pts[2]), float64(pts[3]))
				x2, y2 := gm.apply(float64(pts[4]), float64(pts[5]))
				p.cubeTo(x0, y0, x1, y1, x2, y2)
				pts = pts[6:]
			}
		}
		pen += g.advance * size
	}
	p.close()
	if len(p.ops) <= 1 { // blanks only
		return
	}
	c.paint(p, st, m, clip, true)
}
