package render

import (
	"image"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"
)

// gradStop is one colour stop of a gradient.
type gradStop struct {
	offset float64
	c      color.NRGBA
}

// gradientImage is an infinite image painting a linear or radial gradient in
// device space.
type gradientImage struct {
	stops  []gradStop
	radial bool
	// linear: from (x1,y1) to (x2,y2); radial: centre (x1,y1), radius r
	x1, y1, x2, y2, r float64
	alpha             float64
}

func (g *gradientImage) ColorModel() color.Model { return color.NRGBAModel }
func (g *gradientImage) Bounds() image.Rectangle {
	return image.Rect(-1<<20, -1<<20, 1<<20, 1<<20)
}

func (g *gradientImage) At(x, y int) color.Color {
	px, py := float64(x)+0.5, float64(y)+0.5
	var t float64
	if g.radial {
		if g.r > 0 {
			t = math.Hypot(px-g.x1, py-g.y1) / g.r
		}
	} else {
		dx, dy := g.x2-g.x1, g.y2-g.y1
		if l := dx*dx + dy*dy; l > 0 {
			t = ((px-g.x1)*dx + (py-g.y1)*dy) / l
		}
	}
	c := g.colorAt(t)
	c.A = uint8(math.Round(float64(c.A) * g.alpha))
	return c
}

func (g *gradientImage) colorAt(t float64) color.NRGBA {
	s := g.stops
	if t <= s[0].offset {
		return s[0].c
	}
	for i := 1; i < len(s); i++ {
		if t <= s[i].offset {
			a, b := s[i-1], s[i]
			f := 0.0
			if b.offset > a.offset {
				f = (t - a.offset) / (b.offset - a.offset)
			}
			mix := func(u, v uint8) uint8 { return uint8(math.Round(float64(u) + (float64(v)-float64(u))*f)) }
			return color.NRGBA{mix(a.c.R, b.c.R), mix(a.c.G, b.c.G), mix(a.c.B, b.c.B), mix(a.c.A, b.c.A)}
		}
	}
	return s[len(s)-1].c
}

// gradCoord reads a gradient coordinate: a number, or a percentage.
func gradCoord(n *node, k string, def float64) float64 {
	v, ok := n.attrs[k]
	if !ok {
		return def
	}
	v = strings.TrimSpace(v)
	if strings.HasSuffix(v, "%") {
		f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
		if err != nil {
			return def
		}
		return f / 100
	}
	f, ok := parseLength(v)
	if !ok {
		return def
	}
	return f
}

// gradient builds the paint of a <linearGradient> or <radialGradient> for a
// shape p (device space); objectBoundingBox units map to p's box, and
// userSpaceOnUse units are taken as device units scaled like the root.
func (c *canvas) gradient(g *node, alpha float64, p *path, m matrix) (image.Image, bool) {
	if g.name != "linearGradient" && g.name != "radialGradient" {
		return nil, false
	}
	var stops []gradStop
	for _, s := range g.children {
		if s.name != "stop" {
			continue
		}
		col := s.attrs["stop-color"]
		op := 1.0
		if v, ok := s.attrs["stop-opacity"]; ok {
			op = parseOpacity(v)
		}
		if css := s.attrs["style"]; css != "" {
			for _, decl := range strings.Split(css, ";") {
				k, v, ok := strings.Cut(decl, ":")
				switch k = strings.TrimSpace(k); {
				case !ok:
				case k == "stop-color":
					col = v
				case k == "stop-opacity":
					op = parseOpacity(strings.TrimSpace(v))
				}
			}
		}
		cc, ok := parseColor(col)
		if !ok {
			cc = color.NRGBA{A: 255}
		}
		cc.A = uint8(math.Round(float64(cc.A) * op))
		stops = append(stops, gradStop{offset: gradCoord(s, "offset", 0), c: cc})
	}
	if len(stops) == 0 {
		return nil, false
	}
	sort.SliceStable(stops, func(i, j int) bool { return stops[i].offset < stops[j].offset })
	gi := &gradientImage{stops: stops, radial: g.name == "radialGradient", alpha: alpha}
	bx0, by0, bx1, by1 := p.bounds()
	bw, bh := bx1-bx0, by1-by0
	user := g.attrs["gradientUnits"] == "userSpaceOnUse"
	// pt maps a gradient point to device space
	pt := func(x, y float64) (float64, float64) {
		if user {
			return m.apply(x, y)
		}
		return bx0 + x*bw, by0 + y*bh
	}
	if gi.radial {
		gi.x1, gi.y1 = pt(gradCoord(g, "cx", 0.5), gradCoord(g, "cy", 0.5))
		r := gradCoord(g, "r", 0.5)
		if user {
			gi.r = r * m.scale()
		} else {
			gi.r = r * math.Max(bw, bh)
		}
	} else {
		gi.x1, gi.y1 = pt(gradCoord(g, "x1", 0), gradCoord(g, "y1", 0))
		gi.x2, gi.y2 = pt(gradCoord(g, "x2", 1), gradCoord(g, "y2", 0))
	}
	return gi, true
}
