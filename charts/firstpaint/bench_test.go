package firstpaint

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkClean makes each renderer SVG in testdata page-ready. The page
// keeps the result per option hash and size (Painter's cache), so this is
// paid once per drawn chart and size, not per page served.
func BenchmarkClean(b *testing.B) {
	svgs := benchSVGs(b)
	for _, name := range sortedNames(svgs) {
		svg := svgs[name]
		b.Run(name+"/xml", func(b *testing.B) {
			b.SetBytes(int64(len(svg)))
			for b.Loop() {
				if _, err := Clean(svg, "p0a1b2c3d640-"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/regexp", func(b *testing.B) {
			b.SetBytes(int64(len(svg)))
			for b.Loop() {
				if _, ok := regexpInline(svg, "p0a1b2c3d640-"); !ok {
					b.Fatal("refused")
				}
			}
		})
	}
}

// benchSVGs are the renderer's SVGs in testdata, by name.
func benchSVGs(b *testing.B) map[string][]byte {
	b.Helper()
	files, err := filepath.Glob("testdata/*.svg")
	if err != nil {
		b.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		if strings.HasSuffix(f, ".page.svg") {
			continue
		}
		svg, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".svg")] = svg
	}
	return out
}

func sortedNames(m map[string][]byte) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// regexpInline is the regular-expression sanitiser Clean replaced, kept
// here for the comparison only.
func regexpInline(svg []byte, prefix string) ([]byte, bool) {
	if reForbidden.Match(svg) {
		return nil, false
	}
	svg = reFontFace.ReplaceAll(svg, nil)
	svg = reRootSize.ReplaceAll(svg, []byte(`<svg width="100%" height="100%" preserveAspectRatio="xMidYMid meet" focusable="false" aria-hidden="true"`))
	names := map[string][]byte{}
	svg = reLocalRef.ReplaceAllFunc(svg, func(ref []byte) []byte {
		name, ok := names[string(ref)]
		if !ok {
			name = []byte(prefix + strconv.Itoa(len(names)))
			names[string(ref)] = name
		}
		return name
	})
	return bytes.TrimSpace(svg), true
}

var (
	reFontFace  = regexp.MustCompile(`<style>@font-face\{[^<]*\}</style>`)
	reRootSize  = regexp.MustCompile(`^<svg width="\d+(?:\.\d+)?" height="\d+(?:\.\d+)?"`)
	reLocalRef  = regexp.MustCompile(`\bzr\d+-[A-Za-z0-9-]*\d`)
	reForbidden = regexp.MustCompile(`(?i)<\s*(script|foreignobject|iframe|object|embed|image|use|a)\b|javascript:|\son[a-z]+\s*=|@import|url\(\s*['"]?\s*[a-z]+:|expression\(`)
)
