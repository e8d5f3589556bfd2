package render

import (
	"encoding/xml"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/colornames"
)

// node is one element of a parsed SVG document.
type node struct {
	name     string
	attrs    map[string]string
	children []*node
	text     strings.Builder
}

// parseSVG reads an SVG document into a tree.
func parseSVG(svg string) (*node, error) {
	d := xml.NewDecoder(strings.NewReader(svg))
	d.Strict = true
	var root *node
	var stack []*node
	for {
		tok, err := d.RawToken()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("render: parse svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name.Local, attrs: make(map[string]string, len(t.Attr))}
			for _, a := range t.Attr {
				k := a.Name.Local
				if a.Name.Space != "" && a.Name.Space != "xmlns" {
					k = a.Name.Space + ":" + k
				}
				n.attrs[k] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, errors.New("render: parse svg: unbalanced end tag")
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
	if root == nil || root.name != "svg" {
		return nil, errors.New("render: parse svg: no <svg> root")
	}
	if len(stack) != 0 {
		return nil, errors.New("render: parse svg: unclosed element")
	}
	return root, nil
}

// matrix is an SVG affine transform: x' = a*x + c*y + e, y' = b*x + d*y + f.
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m·n (n applied first, then m).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[2]*n[1],
		m[1]*n[0] + m[3]*n[1],
		m[0]*n[2] + m[2]*n[3],
		m[1]*n[2] + m[3]*n[3],
		m[0]*n[4] + m[2]*n[5] + m[4],
		m[1]*n[4] + m[3]*n[5] + m[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// scale is the mean linear scale of m, for stroke widths.
func (m matrix) scale() float64 {
	return math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2]))
}

// axisAligned reports whether m maps axis-aligned rectangles to axis-aligned
// rectangles.
func (m matrix) axisAligned() bool {
	return m[1] == 0 && m[2] == 0
}

// parseTransform reads an SVG transform list.
func parseTransform(s string) matrix {
	m := identity
	for {
		s = strings.TrimLeft(s, " ,\t\n")
		open := strings.IndexByte(s, '(')
		if open < 0 {
			return m
		}
		closeAt := strings.IndexByte(s[open:], ')')
		if closeAt < 0 {
			return m
		}
		name := strings.TrimSpace(s[:open])
		args := parseNumbers(s[open+1 : open+closeAt])
		s = s[open+closeAt+1:]
		var t matrix
		switch name {
		case "matrix":
			if len(args) != 6 {
				continue
			}
			copy(t[:], args)
		case "translate":
			if len(args) == 0 {
				continue
			}
			ty := 0.0
			if len(args) > 1 {
				ty = args[1]
			}
			t = matrix{1, 0, 0, 1, args[0], ty}
		case "scale":
			if len(args) == 0 {
				continue
			}
			sy := args[0]
			if len(args) > 1 {
				sy = args[1]
			}
			t = matrix{args[0], 0, 0, sy, 0, 0}
		case "rotate":
			if len(args) == 0 {
				continue
			}
			a := args[0] * math.Pi / 180
			sin, cos := math.Sincos(a)
			t = matrix{cos, sin, -sin, cos, 0, 0}
			if len(args) == 3 {
				t = matrix{1, 0, 0, 1, args[1], args[2]}.mul(t).mul(matrix{1, 0, 0, 1, -args[1], -args[2]})
			}
		case "skewX":
			if len(args) == 0 {
				continue
			}
			t = matrix{1, 0, math.Tan(args[0] * math.Pi / 180), 1, 0, 0}
		case "skewY":
			if len(args) == 0 {
				continue
			}
			t = matrix{1, math.Tan(args[0] * math.Pi / 180), 0, 1, 0, 0}
		default:
			continue
		}
		m = m.mul(t)
	}
}

// parseNumbers reads a list of numbers separated by spaces or commas.
func parseNumbers(s string) []float64 {
	var out []float64
	sc := numScanner{s: s}
	for {
		v, ok := sc.number()
		if !ok {
			return out
		}
		out = append(out, v)
	}
}

// numScanner reads numbers from SVG path data and number lists, which may be
// packed ("1.5.5-2e-1").
type numScanner struct {
	s string
	i int
}

func (sc *numScanner) skipSep() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', ',', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

func (sc *numScanner) number() (float64, bool) {
	sc.skipSep()
	start := sc.i
	i := sc.i
	if i < len(sc.s) && (sc.s[i] == '+' || sc.s[i] == '-') {
		i++
	}
	digits, dot := false, false
	for i < len(sc.s) {
		c := sc.s[i]
		if c >= '0' && c <= '9' {
			digits = true
			i++
		} else if c == '.' && !dot {
			dot = true
			i++
		} else {
			break
		}
	}
	if !digits {
		return 0, false
	}
	if i < len(sc.s) && (sc.s[i] == 'e' || sc.s[i] == 'E') {
		j := i + 1
		if j < len(sc.s) && (sc.s[j] == '+' || sc.s[j] == '-') {
			j++
		}
		if j < len(sc.s) && sc.s[j] >= '0' && sc.s[j] <= '9' {
			for j < len(sc.s) && sc.s[j] >= '0' && sc.s[j] <= '9' {
				j++
			}
			i = j
		}
	}
	v, err := strconv.ParseFloat(sc.s[start:i], 64)
	if err != nil {
		return 0, false
	}
	sc.i = i
	return v, true
}

// numbers reads len(v) numbers into v. It reports false when the data
// ends or holds something else first.
func (sc *numScanner) numbers(v []float64) bool {
	for i := range v {
		f, ok := sc.number()
		if !ok {
			return false
		}
		v[i] = f
	}
	return true
}

// flag reads an arc flag, which may be packed without separators.
func (sc *numScanner) flag() (float64, bool) {
	sc.skipSep()
	if sc.i < len(sc.s) && (sc.s[sc.i] == '0' || sc.s[sc.i] == '1') {
		v := float64(sc.s[sc.i] - '0')
		sc.i++
		return v, true
	}
	return 0, false
}

// parseColor reads a CSS colour: #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(),
// rgba(), hsl() is not supported, named colours and "transparent".
func parseColor(s string) (color.NRGBA, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	switch {
	case s == "" || s == "none" || s == "currentcolor":
		return color.NRGBA{}, false
	case s == "transparent":
		return color.NRGBA{}, true
	case s[0] == '#':
		h := s[1:]
		hex := func(s string) (uint8, bool) {
			v, err := strconv.ParseUint(s, 16, 8)
			return uint8(v), err == nil
		}
		var c color.NRGBA
		var ok1, ok2, ok3, ok4 = true, true, true, true
		switch len(h) {
		case 3, 4:
			c.R, ok1 = hex(h[0:1] + h[0:1])
			c.G, ok2 = hex(h[1:2] + h[1:2])
			c.B, ok3 = hex(h[2:3] + h[2:3])
			c.A = 255
			if len(h) == 4 {
				c.A, ok4 = hex(h[3:4] + h[3:4])
			}
		case 6, 8:
			c.R, ok1 = hex(h[0:2])
			c.G, ok2 = hex(h[2:4])
			c.B, ok3 = hex(h[4:6])
			c.A = 255
			if len(h) == 8 {
				c.A, ok4 = hex(h[6:8])
			}
		default:
			return color.NRGBA{}, false
		}
		return c, ok1 && ok2 && ok3 && ok4
	case strings.HasPrefix(s, "rgb"):
		open, closeAt := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || closeAt < open {
			return color.NRGBA{}, false
		}
		parts := strings.FieldsFunc(s[open+1:closeAt], func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
		if len(parts) < 3 {
			return color.NRGBA{}, false
		}
		var v [4]float64
		v[3] = 1
		for i := 0; i < len(parts) && i < 4; i++ {
			p := parts[i]
			pct := strings.HasSuffix(p, "%")
			f, err := strconv.ParseFloat(strings.TrimSuffix(p, "%"), 64)
			if err != nil {
				return color.NRGBA{}, false
			}
			switch {
			case pct && i < 3:
				f = f * 255 / 100
			case pct:
				f /= 100
			}
			v[i] = f
		}
		c8 := func(f float64) uint8 { return uint8(math.Round(math.Max(0, math.Min(255, f)))) }
		return color.NRGBA{c8(v[0]), c8(v[1]), c8(v[2]), c8(v[3] * 255)}, true
	}
	if c, ok := colornames.Map[s]; ok {
		return color.NRGBA{c.R, c.G, c.B, c.A}, true
	}
	return color.NRGBA{}, false
}

// luminance is the relative luminance of c, 0 (black) to 1 (white).
func luminance(c color.NRGBA) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

// parseLength reads a length in px ("12", "12px"); em and % are not resolved.
func parseLength(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "px")
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}
