package render

import (
	"math"
)

// Path operations.
const (
	opMove byte = iota
	opLine
	opQuad
	opCube
	opClose
)

// path is a shape outline in device pixels.
type path struct {
	ops []byte
	pts []float64 // 2 per point: 1 for move/line, 2 for quad, 3 for cube
}

func (p *path) reset() {
	p.ops = p.ops[:0]
	p.pts = p.pts[:0]
}

func (p *path) moveTo(x, y float64) {
	p.ops = append(p.ops, opMove)
	p.pts = append(p.pts, x, y)
}

func (p *path) lineTo(x, y float64) {
	p.ops = append(p.ops, opLine)
	p.pts = append(p.pts, x, y)
}

func (p *path) quadTo(x1, y1, x, y float64) {
	p.ops = append(p.ops, opQuad)
	p.pts = append(p.pts, x1, y1, x, y)
}

func (p *path) cubeTo(x1, y1, x2, y2, x, y float64) {
	p.ops = append(p.ops, opCube)
	p.pts = append(p.pts, x1, y1, x2, y2, x, y)
}

func (p *path) close() {
	p.ops = append(p.ops, opClose)
}

// bounds returns the box around every point, control points included.
func (p *path) bounds() (x0, y0, x1, y1 float64) {
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	for i := 0; i+1 < len(p.pts); i += 2 {
		x, y := p.pts[i], p.pts[i+1]
		x0, x1 = math.Min(x0, x), math.Max(x1, x)
		y0, y1 = math.Min(y0, y), math.Max(y1, y)
	}
	return
}

// rect reports whether p is one axis-aligned rectangle, and its corners.
func (p *path) rect() (x0, y0, x1, y1 float64, ok bool) {
	// M + 3 or 4 lines (+ close)
	n := len(p.ops)
	if n > 0 && p.ops[n-1] == opClose {
		n--
	}
	if n < 4 || n > 5 || p.ops[0] != opMove {
		return 0, 0, 0, 0, false
	}
	for _, op := range p.ops[1:n] {
		if op != opLine {
			return 0, 0, 0, 0, false
		}
	}
	pts := p.pts[:2*n]
	if n == 5 && (pts[8] != pts[0] || pts[9] != pts[1]) {
		return 0, 0, 0, 0, false
	}
	// consecutive points must share x or y alternately
	for i := 0; i < 4; i++ {
		ax, ay := pts[2*i], pts[2*i+1]
		j := (i + 1) % 4
		bx, by := pts[2*j], pts[2*j+1]
		if ax != bx && ay != by {
			return 0, 0, 0, 0, false
		}
	}
	x0, y0, x1, y1 = p.bounds()
	return x0, y0, x1, y1, true
}

// pathBuilder turns SVG path data in user space into a device-space path.
type pathBuilder struct {
	m   matrix
	out *path
}

func (b *pathBuilder) moveTo(x, y float64) {
	dx, dy := b.m.apply(x, y)
	b.out.moveTo(dx, dy)
}

func (b *pathBuilder) lineTo(x, y float64) {
	dx, dy := b.m.apply(x, y)
	b.out.lineTo(dx, dy)
}

func (b *pathBuilder) quadTo(x1, y1, x, y float64) {
	ax, ay := b.m.apply(x1, y1)
	dx, dy := b.m.apply(x, y)
	b.out.quadTo(ax, ay, dx, dy)
}

func (b *pathBuilder) cubeTo(x1, y1, x2, y2, x, y float64) {
	ax, ay := b.m.apply(x1, y1)
	bx, by := b.m.apply(x2, y2)
	dx, dy := b.m.apply(x, y)
	b.out.cubeTo(ax, ay, bx, by, dx, dy)
}

// pathData appends SVG path data d, transformed by m, to out. Malformed data
// ends the path where it goes wrong, as browsers do.
func pathData(d string, m matrix, out *path) {
	b := pathBuilder{m: m, out: out}
	sc := numScanner{s: d}
	var cx, cy, sx, sy float64 // current and subpath start point
	var lcx, lcy float64       // last control point, for S and T
	var prev byte              // previous command
	open := false              // a subpath is in progress
	cmd := byte(0)
	var v [6]float64 // the command's numbers
	for {
		sc.skipSep()
		if sc.i >= len(sc.s) {
			return
		}
		c := sc.s[sc.i]
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') {
			cmd = c
			sc.i++
		} else if cmd == 0 || cmd|0x20 == 'z' {
			return // numbers with no command, or after a close path (which takes none): malformed
		} else if cmd == 'M' {
			cmd = 'L' // extra pairs after a move are lines
		} else if cmd == 'm' {
			cmd = 'l'
		}
		rel := cmd >= 'a'
		ox, oy := 0.0, 0.0
		if rel {
			ox, oy = cx, cy
		}
		ensureOpen := func() {
			if !open {
				b.moveTo(cx, cy)
				open = true
			}
		}
		switch cmd | 0x20 { // lower case
		case 'm':
			if !sc.numbers(v[:2]) {
				return
			}
			cx, cy = ox+v[0], oy+v[1]
			sx, sy = cx, cy
			b.moveTo(cx, cy)
			open = true
		case 'l':
			if !sc.numbers(v[:2]) {
				return
			}
			ensureOpen()
			cx, cy = ox+v[0], oy+v[1]
			b.lineTo(cx, cy)
		case 'h':
			if !sc.numbers(v[:1]) {
				return
			}
			ensureOpen()
			cx = ox + v[0]
			b.lineTo(cx, cy)
		case 'v':
			if !sc.numbers(v[:1]) {
				return
			}
			ensureOpen()
			cy = oy + v[0]
			b.lineTo(cx, cy)
		case 'c':
			if !sc.numbers(v[:6]) {
				return
			}
			ensureOpen()
			b.cubeTo(ox+v[0], oy+v[1], ox+v[2], oy+v[3], ox+v[4], oy+v[5])
			lcx, lcy = ox+v[2], oy+v[3]
			cx, cy = ox+v[4], oy+v[5]
		case 's':
			if !sc.numbers(v[:4]) {
				return
			}
			ensureOpen()
			x1, y1 := cx, cy
			if p := prev | 0x20; p == 'c' || p == 's' {
				x1, y1 = 2*cx-lcx, 2*cy-lcy
			}
			b.cubeTo(x1, y1, ox+v[0], oy+v[1], ox+v[2], oy+v[3])
			lcx, lcy = ox+v[0], oy+v[1]
			cx, cy = ox+v[2], oy+v[3]
		case 'q':
			if !sc.numbers(v[:4]) {
				return
			}
			ensureOpen()
			b.quadTo(ox+v[0], oy+v[1], ox+v[2], oy+v[3])
			lcx, lcy = ox+v[0], oy+v[1]
			cx, cy = ox+v[2], oy+v[3]
		case 't':
			if !sc.numbers(v[:2]) {
				return
			}
			ensureOpen()
			x1, y1 := cx, cy
			if p := prev | 0x20; p == 'q' || p == 't' {
				x1, y1 = 2*cx-lcx, 2*cy-lcy
			}
			b.quadTo(x1, y1, ox+v[0], oy+v[1])
			lcx, lcy = x1, y1
			cx, cy = ox+v[0], oy+v[1]
		case 'a':
			// rx ry rotation large-arc sweep x y: the flags may be packed
			if !sc.numbers(v[:3]) {
				return
			}
			large, ok1 := sc.flag()
			sweep, ok2 := sc.flag()
			if !ok1 || !ok2 || !sc.numbers(v[3:5]) {
				return
			}
			ensureOpen()
			arcTo(&b, cx, cy, v[0], v[1], v[2], large != 0, sweep != 0, ox+v[3], oy+v[4])
			cx, cy = ox+v[3], oy+v[4]
		case 'z':
			if open {
				b.out.close()
			}
			open = false
			cx, cy = sx, sy
		default:
			return
		}
		prev = cmd
	}
}

// arcTo appends an SVG elliptical arc as cubic Béziers (SVG 1.1 appendix
// F.6: endpoint to centre parameterisation).
func arcTo(b *pathBuilder, x1, y1, rx, ry, rotDeg float64, large, sweep bool, x2, y2 float64) {
	if x1 == x2 && y1 == y2 {
		return
	}
	rx, ry = math.Abs(rx), math.Abs(ry)
	if rx == 0 || ry == 0 {
		b.lineTo(x2, y2)
		return
	}
	phi := rotDeg * math.Pi / 180
	sinP, cosP := math.Sincos(phi)
	dx, dy := (x1-x2)/2, (y1-y2)/2
	x1p := cosP*dx + sinP*dy
	y1p := -sinP*dx + cosP*dy
	lambda := (x1p*x1p)/(rx*rx) + (y1p*y1p)/(ry*ry)
	if lambda > 1 {
		s := math.Sqrt(lambda)
		rx, ry = rx*s, ry*s
	}
	num := rx*rx*ry*ry - rx*rx*y1p*y1p - ry*ry*x1p*x1p
	den := rx*rx*y1p*y1p + ry*ry*x1p*x1p
	coef := 0.0
	if den != 0 && num > 0 {
		coef = math.Sqrt(num / den)
	}
	if large == sweep {
		coef = -coef
	}
	cxp := coef * rx * y1p / ry
	cyp := -coef * ry * x1p / rx
	cx := cosP*cxp - sinP*cyp + (x1+x2)/2
	cy := sinP*cxp + cosP*cyp + (y1+y2)/2
	angle := func(ux, uy, vx, vy float64) float64 {
		return math.Atan2(ux*vy-uy*vx, ux*vx+uy*vy)
	}
	theta1 := angle(1, 0, (x1p-cxp)/rx, (y1p-cyp)/ry)
	dtheta := angle((x1p-cxp)/rx, (y1p-cyp)/ry, (-x1p-cxp)/rx, (-y1p-cyp)/ry)
	if !sweep && dtheta > 0 {
		dtheta -= 2 * math.Pi
	} else if sweep && dtheta < 0 {
		dtheta += 2 * math.Pi
	}
	segs := int(math.Ceil(math.Abs(dtheta) / (math.Pi / 2)))
	if segs < 1 {
		segs = 1
	}
	delta := dtheta / float64(segs)
	k := 4.0 / 3 * math.Tan(delta/4)
	point := func(t float64) (x, y, tx, ty float64) {
		sinT, cosT := math.Sincos(t)
		ex, ey := rx*cosT, ry*sinT
		x = cx + cosP*ex - sinP*ey
		y = cy + sinP*ex + cosP*ey
		dex, dey := -rx*sinT, ry*cosT
		tx = cosP*dex - sinP*dey
		ty = sinP*dex + cosP*dey
		return
	}
	t := theta1
	px, py, ptx, pty := point(t)
	for i := 0; i < segs; i++ {
		t2 := t + delta
		qx, qy, qtx, qty := point(t2)
		if i == segs-1 {
			qx, qy = x2, y2
		}
		b.cubeTo(px+k*ptx, py+k*pty, qx-k*qtx, qy-k*qty, qx, qy)
		px, py, ptx, pty = qx, qy, qtx, qty
		t = t2
	}
}
