package firstpaint

import "strings"

// The CSS an SVG may keep: the style attributes zrender writes on texts
// (font-size:12px;font-family:'Noto Sans SC', sans-serif;) and the hover
// rules of its <style> (.zr7-cls-3:hover {\ncursor:pointer;\nfill:rgba(0,0,0,1);\n}).
// Both are checked against an allow-list of properties and a plain form of
// values; anything else (at-rules, other selectors, functions but colours
// and local references, escapes, comments) fails the check.

// cssProperties are the properties a declaration may set.
var cssProperties = map[string]bool{
	"font": true, "font-family": true, "font-size": true, "font-style": true,
	"font-weight": true, "font-variant": true,
	"fill": true, "fill-opacity": true, "stroke": true, "stroke-width": true,
	"stroke-opacity": true, "stroke-dasharray": true, "stroke-dashoffset": true,
	"stroke-linecap": true, "stroke-linejoin": true, "stroke-miterlimit": true,
	"opacity": true, "paint-order": true, "pointer-events": true, "cursor": true,
	"visibility": true, "display": true,
}

// cssFunctions are the functions a value may call; url() only with a
// reference to an element of the document (safeValue).
var cssFunctions = map[string]bool{"rgb": true, "rgba": true, "hsl": true, "hsla": true, "url": true}

// declarations reports whether css is a list of declarations (name:value,
// separated by semicolons), each of an allowed property with a plain value.
func declarations(css string) bool {
	for d := range strings.SplitSeq(css, ";") {
		d = strings.TrimSpace(d)
		if d == "" {
			continue
		}
		name, value, ok := strings.Cut(d, ":")
		if !ok || !cssProperties[strings.ToLower(strings.TrimSpace(name))] || !cssValue(strings.TrimSpace(value)) {
			return false
		}
	}
	return true
}

// cssValue reports whether v is a plain value: no blocks, at-rules,
// escapes, comments or markup, and no function but cssFunctions.
func cssValue(v string) bool {
	if v == "" || strings.ContainsAny(v, `{}@\<>"`) || strings.Contains(v, "/*") {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] != '(' {
			continue
		}
		j := i
		for j > 0 && (isWord(v[j-1]) || v[j-1] == '-') {
			j--
		}
		if !cssFunctions[strings.ToLower(v[j:i])] {
			return false
		}
	}
	return safeValue(v)
}

// hoverRules reports whether sheet holds only rules of the form
// .name:hover { declarations } (or .name { … }), as zrender writes them.
func hoverRules(sheet string) bool {
	if !safeValue(sheet) {
		return false
	}
	for rest := strings.TrimSpace(sheet); rest != ""; {
		open, end := strings.IndexByte(rest, '{'), strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			return false
		}
		selector, ok := strings.CutPrefix(strings.TrimSpace(rest[:open]), ".")
		if !ok || !isName(strings.TrimSuffix(selector, ":hover")) || !declarations(rest[open+1:end]) {
			return false
		}
		rest = strings.TrimSpace(rest[end+1:])
	}
	return true
}
