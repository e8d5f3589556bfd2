package firstpaint

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Clean makes an SVG the renderer drew page-ready: it parses it as XML and
// writes back only what is on the allow-list below, in the renderer's own
// format (attributes in their order, double-quoted; every element with an
// end tag; <name > for an element without attributes), so the charts the
// app draws come out as the renderer wrote them, apart from three changes:
//
//   - the root element's fixed size is replaced by attributes that make the
//     SVG fill its box and hide it from assistive technology (the page
//     carries the chart's text);
//   - a <style> whose rules are not zrender's hover rules is dropped: that
//     is the renderer's @font-face rule (in a page, the page's CSS declares
//     the fonts);
//   - the ids and class names zrender writes (zr7-c0, zr7-cls-19;
//     references are url(#zr7-c0)) are renamed by their order in the SVG,
//     with prefix, since their numbers count what a renderer drew before:
//     the same page is the same bytes, and two charts on a page never share
//     an id.
//
// Everything else is dropped: an element not on the list with everything
// inside it (script, foreignObject, animate, set, use, image, a, iframe …),
// an attribute not on its element's list (on* handlers among them), a value
// that could reach outside the document or run (see safeValue), comments,
// processing instructions and doctypes. Texts are escaped as they are
// written, so any text a chart shows is kept and none can become markup.
// An SVG that is not well-formed XML, or whose root is not <svg>, is
// refused with ErrRefused.
func Clean(svg []byte, prefix string) ([]byte, error) {
	c := cleaner{src: svg, prefix: prefix, names: map[string]string{}}
	c.out = make([]byte, 0, len(svg))
	if err := c.run(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRefused, err)
	}
	return c.out, nil
}

// ErrRefused is an SVG that cannot be made page-ready: it is not
// well-formed XML, or not an SVG document.
var ErrRefused = errors.New("first paint refused")

// rootAttrs replace the root element's width and height.
const rootAttrs = `width="100%" height="100%" preserveAspectRatio="xMidYMid meet" focusable="false" aria-hidden="true"`

// Namespaces the root element may declare.
const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// presentation are the attributes every allowed element may carry: the
// ones zrender writes on shapes and texts, and ECharts' ecmeta_ marks
// (which series and data item a shape draws).
var presentation = []string{
	"id", "class", "style", "transform", "opacity", "visibility", "display",
	"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
	"stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
	"stroke-dashoffset", "paint-order", "pointer-events", "clip-path", "filter",
	"ecmeta_series_index", "ecmeta_data_index", "ecmeta_ssr_type", "ecmeta_silent",
}

// allowed maps each element the SVG may keep to the attributes it may keep
// besides presentation: what zrender's SVG painter writes for the charts
// ECharts draws (shapes, texts, clip paths, gradients, shadows). The root
// <svg> is handled on its own (root), and so is <style>, which keeps no
// attributes and only zrender's hover rules (style.go).
var allowed = allowList(map[string][]string{
	"g":              nil,
	"defs":           nil,
	"path":           {"d"},
	"rect":           {"x", "y", "width", "height", "rx", "ry"},
	"circle":         {"cx", "cy", "r"},
	"ellipse":        {"cx", "cy", "rx", "ry"},
	"line":           {"x1", "y1", "x2", "y2"},
	"polyline":       {"points"},
	"polygon":        {"points"},
	"text":           {"x", "y", "dx", "dy", "dominant-baseline", "text-anchor", "xml:space"},
	"tspan":          {"x", "y", "dx", "dy", "dominant-baseline", "text-anchor", "xml:space"},
	"clipPath":       {"clipPathUnits"},
	"linearGradient": {"x1", "y1", "x2", "y2", "gradientUnits", "gradientTransform", "href", "xlink:href"},
	"radialGradient": {"cx", "cy", "r", "fx", "fy", "gradientUnits", "gradientTransform", "href", "xlink:href"},
	"stop":           {"offset", "stop-color", "stop-opacity"},
	"filter":         {"x", "y", "width", "height", "filterUnits"},
	"feDropShadow":   {"dx", "dy", "stdDeviation", "flood-color", "flood-opacity"},
})

// root are the attributes the root <svg> keeps (width and height give way
// to rootAttrs), with the value each must have where it is fixed.
var root = map[string]string{
	"xmlns":       svgNS,
	"xmlns:xlink": xlinkNS,
	"version":     "",
	"baseProfile": "",
	"viewBox":     "",
}

// allowList adds presentation to each element's attributes.
func allowList(own map[string][]string) map[string]map[string]bool {
	out := make(map[string]map[string]bool, len(own))
	for el, attrs := range own {
		set := make(map[string]bool, len(presentation)+len(attrs))
		for _, a := range presentation {
			set[a] = true
		}
		for _, a := range attrs {
			set[a] = true
		}
		out[el] = set
	}
	return out
}

// action is what Clean does with an element.
type action uint8

const (
	keep  action = iota // write it
	drop                // drop it and everything in it
	style               // a <style>: hold it until its end, write it if its rules pass
)

// open is an element Clean is inside of.
type open struct {
	name string
	do   action
}

// chunk is a piece of a <style>'s text, and whether it was a CDATA section.
type chunk struct {
	text  string
	cdata bool
}

// cleaner holds one Clean's state.
type cleaner struct {
	src    []byte
	out    []byte
	prefix string
	names  map[string]string // zrender name → renamed
	stack  []open
	done   bool    // the root element has ended: the rest is dropped
	style  []chunk // the text of the <style> being read
}

func (c *cleaner) run() error {
	d := xml.NewDecoder(bytes.NewReader(c.src))
	d.Strict = true // and no Entity map: only XML's five entities and character references
	for {
		at := d.InputOffset()
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("parse svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := c.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if err := c.end(t); err != nil {
				return err
			}
		case xml.CharData:
			c.text(t, bytes.HasPrefix(c.src[at:], []byte("<![CDATA[")))
		}
		// comments, processing instructions and directives are dropped
	}
	if !c.done {
		return errors.New("svg: no complete <svg> element")
	}
	return nil
}

// qname is name as written, prefix included.
func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// inside returns what Clean does with the innermost open element, or keep
// at the top level.
func (c *cleaner) inside() action {
	if len(c.stack) == 0 {
		return keep
	}
	return c.stack[len(c.stack)-1].do
}

func (c *cleaner) start(t xml.StartElement) error {
	name := qname(t.Name)
	switch {
	case c.done || c.inside() == drop:
		c.stack = append(c.stack, open{name, drop})
	case c.inside() == style: // a <style> holds text only
		c.stack[len(c.stack)-1].do = drop
		c.stack = append(c.stack, open{name, drop})
	case len(c.stack) == 0:
		if name != "svg" {
			return fmt.Errorf("svg: the root element is <%s>", name)
		}
		c.out = append(c.out, "<svg "+rootAttrs...)
		for _, a := range t.Attr {
			an := qname(a.Name)
			if want, ok := root[an]; ok && (want == "" || a.Value == want) && safeValue(a.Value) {
				c.attr(an, a.Value)
			}
		}
		c.out = append(c.out, '>')
		c.stack = append(c.stack, open{name, keep})
	case name == "style":
		c.style = c.style[:0]
		c.stack = append(c.stack, open{name, style})
	case allowed[name] != nil:
		c.out = append(c.out, '<')
		c.out = append(c.out, name...)
		n := len(c.out)
		for _, a := range t.Attr {
			if an := qname(a.Name); allowed[name][an] && safeAttr(an, a.Value) {
				c.attr(an, a.Value)
			}
		}
		if len(c.out) == n {
			c.out = append(c.out, ' ') // as zrender writes it: <defs >
		}
		c.out = append(c.out, '>')
		c.stack = append(c.stack, open{name, keep})
	default:
		c.stack = append(c.stack, open{name, drop})
	}
	return nil
}

// attr writes one attribute, a space before it.
func (c *cleaner) attr(name, value string) {
	c.out = append(c.out, ' ')
	c.out = append(c.out, name...)
	c.out = append(c.out, `="`...)
	c.out = appendEscaped(c.out, c.rename(value), false)
	c.out = append(c.out, '"')
}

func (c *cleaner) end(t xml.EndElement) error {
	name := qname(t.Name)
	if len(c.stack) == 0 || c.stack[len(c.stack)-1].name != name {
		return fmt.Errorf("svg: unexpected </%s>", name)
	}
	el := c.stack[len(c.stack)-1]
	c.stack = c.stack[:len(c.stack)-1]
	switch el.do {
	case keep:
		c.out = append(c.out, "</"...)
		c.out = append(c.out, name...)
		c.out = append(c.out, '>')
		if len(c.stack) == 0 {
			c.done = true
		}
	case style:
		c.writeStyle()
	}
	return nil
}

// writeStyle writes the <style> just read if its text is zrender's hover
// rules, CDATA sections as CDATA sections, as zrender writes them; any
// other style sheet is dropped.
func (c *cleaner) writeStyle() {
	var sheet strings.Builder
	for _, ch := range c.style {
		sheet.WriteString(ch.text)
	}
	if !hoverRules(sheet.String()) {
		return
	}
	c.out = append(c.out, "<style >"...)
	for _, ch := range c.style {
		if ch.cdata {
			c.out = append(c.out, "<![CDATA["...)
			c.out = append(c.out, c.rename(ch.text)...)
			c.out = append(c.out, "]]>"...)
		} else {
			c.out = appendEscaped(c.out, c.rename(ch.text), true)
		}
	}
	c.out = append(c.out, "</style>"...)
}

func (c *cleaner) text(t xml.CharData, cdata bool) {
	switch {
	case len(c.stack) == 0 || c.inside() == drop:
		// outside the root element, or inside a dropped one
	case c.inside() == style:
		c.style = append(c.style, chunk{string(t), cdata})
	default:
		c.out = appendEscaped(c.out, string(t), true)
	}
}

// safeAttr reports whether value may be written as attribute name: ids
// and classes only as zrender names them (an id the page's scripts know,
// or a class its CSS styles, could change the page: DOM clobbering); a
// link (href) only to an element of the document itself; anything else if
// safeValue says so and, for style, if its declarations are allowed.
func safeAttr(name, value string) bool {
	switch name {
	case "id":
		return isZR(value)
	case "class":
		for f := range strings.FieldsSeq(value) {
			if !isZR(f) {
				return false
			}
		}
		return true
	case "href", "xlink:href":
		return strings.HasPrefix(value, "#") && isName(value[1:])
	case "style":
		return safeValue(value) && declarations(value)
	}
	return safeValue(value)
}

// isZR reports whether s is one zrender name (zr7-cls-19).
func isZR(s string) bool {
	return strings.HasPrefix(s, "zr") && zrName(s, 0) == len(s)
}

// safeValue reports whether an attribute value (entities decoded) is free
// of what could run or load something: a javascript:, vbscript: or data:
// URL, a url() other than a reference to an element of the document, CSS
// expressions, imports, bindings and escapes (which could spell any of
// them), and markup. Case, white space and control characters inside are
// ignored, as browsers ignore them.
func safeValue(v string) bool {
	if strings.ContainsAny(v, `\<>`) {
		return false
	}
	n := squeeze(v)
	for _, bad := range []string{"javascript:", "vbscript:", "data:", "expression(", "@import", "behavior:", "-moz-binding", "&{"} {
		if strings.Contains(n, bad) {
			return false
		}
	}
	for rest := n; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return true
		}
		rest = strings.TrimLeft(rest[i+len("url("):], `'"`)
		if !strings.HasPrefix(rest, "#") {
			return false
		}
	}
}

// squeeze is v in lower case without white space and control characters.
func squeeze(v string) string {
	clean := true
	for i := 0; i < len(v) && clean; i++ {
		clean = v[i] > ' ' && v[i] != 0x7f && (v[i] < 'A' || v[i] > 'Z')
	}
	if clean {
		return v
	}
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, v)
}

// isName reports whether s is a plain id: letters, digits, - and _.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWord(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

// isWord reports whether b is an ASCII letter, digit or underscore.
func isWord(b byte) bool {
	return b == '_' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}

// appendEscaped appends s with markup escaped: in text (as zrender escapes
// texts) &, <, >, " and '; in a double-quoted attribute value &, < and ".
func appendEscaped(out []byte, s string, text bool) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '"':
			esc = "&quot;"
		case '>':
			if text {
				esc = "&gt;"
			}
		case '\'':
			if text {
				esc = "&#39;"
			}
		}
		if esc != "" {
			out = append(out, s[last:i]...)
			out = append(out, esc...)
			last = i + 1
		}
	}
	return append(out, s[last:]...)
}

// rename replaces each zrender name in s (zr, digits, a dash, then letters,
// digits and dashes ending in a digit, at the start of a word: zr7-cls-19)
// with prefix and the name's number in order of first appearance.
func (c *cleaner) rename(s string) string {
	i := strings.Index(s, "zr")
	if i < 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for ; i >= 0 && i+2 < len(s); i = nextZR(s, i+1) {
		if i > 0 && isWord(s[i-1]) {
			continue
		}
		end := zrName(s, i)
		if end < 0 {
			continue
		}
		name, ok := c.names[s[i:end]]
		if !ok {
			name = c.prefix + strconv.Itoa(len(c.names))
			c.names[s[i:end]] = name
		}
		b.WriteString(s[last:i])
		b.WriteString(name)
		last = end
		i = end - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// nextZR is the index of the next "zr" in s at or after from, or -1.
func nextZR(s string, from int) int {
	if from >= len(s) {
		return -1
	}
	i := strings.Index(s[from:], "zr")
	if i < 0 {
		return -1
	}
	return from + i
}

// zrName returns the end of the zrender name starting at s[i] ("zr"), or
// -1 if none starts there.
func zrName(s string, i int) int {
	j := i + 2
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i+2 || j >= len(s) || s[j] != '-' {
		return -1
	}
	end := -1
	for k := j + 1; k < len(s) && (isWord(s[k]) && s[k] != '_' || s[k] == '-'); k++ {
		if s[k] >= '0' && s[k] <= '9' {
			end = k + 1
		}
	}
	return end
}
