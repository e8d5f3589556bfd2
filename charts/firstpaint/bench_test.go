package firstpaint

import (
	"os"
	"path/filepath"
	"slices"
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
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(svg)))
			for b.Loop() {
				if _, err := Clean(svg, "p0a1b2c3d640-"); err != nil {
					b.Fatal(err)
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
