package firstpaint

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
)

// ErrRefused is an SVG that holds markup a chart never holds.
var ErrRefused = errors.New("first paint refused: the SVG holds markup a chart never holds")

var (
	// fontFace is the @font-face rule the renderer writes for stand-alone
	// SVG files; in a page, the page's CSS declares the fonts.
	fontFace = regexp.MustCompile(`<style>@font-face\{[^<]*\}</style>`)
	// rootSize is the root element's fixed size, replaced so the SVG fills its box.
	rootSize = regexp.MustCompile(`^<svg width="\d+(?:\.\d+)?" height="\d+(?:\.\d+)?"`)
	// localRef matches the ids and class names zrender writes (zr7-c0,
	// zr7-cls-19; references are url(#zr7-c0)). Their numbers count what a
	// renderer drew before, so each is renamed by its order in the SVG,
	// with a prefix unique on the page: the same page is the same bytes.
	localRef = regexp.MustCompile(`\bzr\d+-[A-Za-z0-9-]*\d`)
	// forbidden is markup a chart's SVG never holds; if it did, it would
	// run in the page.
	// (zrender's own <style> holds only :hover rules for its classes, in a
	// CDATA section; the page's fonts come from the page's CSS).
	forbidden = regexp.MustCompile(`(?i)<\s*(script|foreignobject|iframe|object|embed|image|use|a)\b|javascript:|\son[a-z]+\s*=|@import|url\(\s*['"]?\s*[a-z]+:|expression\(`)
)

// Clean prepares a rendered SVG for a page: the font rule dropped, the
// size given to the box, local ids prefixed with prefix. It returns
// ErrRefused when the SVG holds markup that must not be inlined.
func Clean(svg []byte, prefix string) ([]byte, error) {
	if forbidden.Match(svg) {
		return nil, ErrRefused
	}
	svg = fontFace.ReplaceAll(svg, nil)
	svg = rootSize.ReplaceAll(svg, []byte(`<svg width="100%" height="100%" preserveAspectRatio="xMidYMid meet" focusable="false" aria-hidden="true"`))
	names := map[string][]byte{}
	svg = localRef.ReplaceAllFunc(svg, func(ref []byte) []byte {
		name, ok := names[string(ref)]
		if !ok {
			name = []byte(prefix + strconv.Itoa(len(names)))
			names[string(ref)] = name
		}
		return name
	})
	return bytes.TrimSpace(svg), nil
}
