package render

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"ecomdash/charts"
	"ecomdash/seed"
	"ecomdash/seed/seedtest"
)

// builtCharts returns every catalogue chart built from the seed figures.
func builtCharts(t testing.TB) []*charts.Chart {
	t.Helper()
	db := seedtest.Open(t, "")
	all, err := charts.NewStore(db).All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(seed.Charts) {
		t.Fatalf("built %d charts, catalogue has %d", len(all), len(seed.Charts))
	}
	return all
}

// chartByID finds a built chart.
func chartByID(t testing.TB, all []*charts.Chart, id string) *charts.Chart {
	t.Helper()
	for _, c := range all {
		if c.Spec.ID == id {
			return c
		}
	}
	t.Fatalf("no chart %q in the catalogue", id)
	return nil
}

func newRenderer(t testing.TB, n int) *Renderer {
	t.Helper()
	r, err := New(n, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

func decodePNG(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output is not a PNG: %v", err)
	}
	return img
}

// inkStats counts the pixels that differ from the background (the top-left
// pixel) and the distinct colours among them.
func inkStats(img image.Image) (ink, colours int) {
	b := img.Bounds()
	bg := color.NRGBAModel.Convert(img.At(b.Min.X, b.Min.Y))
	seen := map[color.Color]bool{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y))
			if c != bg {
				ink++
				if len(seen) < 10000 {
					seen[c] = true
				}
			}
		}
	}
	return ink, len(seen)
}

func TestEveryChartRendersAPNGOfTheRightSizeWithInk(t *testing.T) {
	all := builtCharts(t)
	r := newRenderer(t, 2)
	cases := []Options{
		{Width: 1200, Height: 675, Scale: 2, Theme: "light"},
		{Width: 1200, Height: 675, Scale: 2, Theme: "dark"},
		{Width: 800, Height: 450, Scale: 1, Theme: "light"},
		{Width: 333, Height: 241, Scale: 1.5, Theme: "dark"}, // 499.5 rounds to 500
		{Width: 640, Height: 360, Scale: 3, Theme: "light"},
	}
	for _, c := range all {
		for _, o := range cases {
			name := fmt.Sprintf("%s/%dx%d@%gx-%s", c.Spec.ID, o.Width, o.Height, o.Scale, o.Theme)
			out, err := r.PNG(context.Background(), c.Option, o)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			img := decodePNG(t, out)
			wantW := int(float64(o.Width)*o.Scale + 0.5)
			wantH := int(float64(o.Height)*o.Scale + 0.5)
			if got := img.Bounds().Size(); got != image.Pt(wantW, wantH) {
				t.Errorf("%s: size %v, want %dx%d", name, got, wantW, wantH)
			}
			ink, colours := inkStats(img)
			total := wantW * wantH
			if ink < total/100 || colours < 20 {
				t.Errorf("%s: looks blank: %d ink pixels of %d, %d colours", name, ink, total, colours)
			}
			// the background is the theme's
			bg := color.NRGBAModel.Convert(img.At(0, 0)).(color.NRGBA)
			want := color.NRGBA{255, 255, 255, 255}
			if o.Theme == "dark" {
				want = color.NRGBA{0x1b, 0x24, 0x30, 255}
			}
			if bg != want {
				t.Errorf("%s: background %v, want %v", name, bg, want)
			}
		}
	}
}

var svgFontFamilyRE = regexp.MustCompile(`font-family:([^;"]*)`)

func TestSVGIsWellFormedAndCarriesTheTitleInTheShippedFace(t *testing.T) {
	all := builtCharts(t)
	r := newRenderer(t, 1)
	for _, c := range all {
		for _, theme := range []string{"light", "dark"} {
			out, err := r.SVG(context.Background(), c.Option, Options{Width: 1200, Height: 675, Scale: 1, Theme: theme})
			if err != nil {
				t.Errorf("%s: %v", c.Spec.ID, err)
				continue
			}
			texts := checkSVG(t, c.Spec.ID, out)
			if !containsText(texts, c.Spec.Title) {
				t.Errorf("%s: SVG does not contain the title %q", c.Spec.ID, c.Spec.Title)
			}
			if !containsText(texts, "数据来源") {
				t.Errorf("%s: SVG does not contain the source line", c.Spec.ID)
			}
		}
	}
}

// checkSVG parses out as XML, checks the root size and that every text uses
// the shipped face first, and returns the texts.
func checkSVG(t *testing.T, name string, out []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(out))
	var texts []string
	inText := false
	root := true
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Errorf("%s: SVG is not well-formed XML: %v", name, err)
			return nil
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			if root {
				root = false
				if tk.Name.Local != "svg" {
					t.Errorf("%s: root is <%s>", name, tk.Name.Local)
				}
			}
			if tk.Name.Local == "text" {
				inText = true
				texts = append(texts, "")
				for _, a := range tk.Attr {
					if a.Name.Local != "style" {
						continue
					}
					m := svgFontFamilyRE.FindStringSubmatch(a.Value)
					if m == nil || !strings.HasPrefix(strings.Trim(strings.TrimSpace(m[1]), `'`), FontFamily) {
						t.Errorf("%s: text style %q does not start with %s", name, a.Value, FontFamily)
					}
				}
			}
		case xml.EndElement:
			if tk.Name.Local == "text" {
				inText = false
			}
		case xml.CharData:
			if inText {
				texts[len(texts)-1] += string(tk)
			}
		}
	}
	return texts
}

func containsText(texts []string, s string) bool {
	for _, x := range texts {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

func TestSVGEscapesMarkupInNamesAndFontLists(t *testing.T) {
	r := newRenderer(t, 1)
	opt := `{"title":{"text":"A<b>&\"q\" ]]> 衢州"},"textStyle":{"fontFamily":"\"Noto Sans SC\", \"Microsoft YaHei\", sans-serif"},
		"xAxis":{"type":"category","data":["a&b","<c>"]},"yAxis":{},"legend":{},
		"series":[{"type":"bar","name":"n\"&<","data":[3,4],"label":{"show":true,"fontFamily":"\"X\" & <Y>"}}]}`
	out, err := r.SVG(context.Background(), []byte(opt), Options{Width: 600, Height: 400, Theme: "light"})
	if err != nil {
		t.Fatal(err)
	}
	texts := checkSVG(t, "markup", out)
	for _, want := range []string{`A<b>&"q" ]]> 衢州`, "a&b", "<c>", `n"&<`} {
		if !containsText(texts, want) {
			t.Errorf("SVG lost the text %q: %q", want, texts)
		}
	}
	png, err := r.PNG(context.Background(), []byte(opt), Options{Width: 600, Height: 400, Scale: 1, Theme: "light"})
	if err != nil {
		t.Fatal(err)
	}
	decodePNG(t, png)
}

// glyphImage draws s in the shipped face, black on white, 48px.
func glyphImage(t *testing.T, m *fontFamily, s string, bold bool) *image.RGBA {
	t.Helper()
	weight := "normal"
	if bold {
		weight = "bold"
	}
	var sb strings.Builder
	xml.EscapeText(&sb, []byte(s))
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` +
		`<rect width="64" height="64" fill="#fff"/>` +
		`<text x="32" y="32" text-anchor="middle" dominant-baseline="central" fill="#000" style="font-size:48px;font-weight:` + weight + `">` + sb.String() + `</text></svg>`
	img, err := rasterize(svg, Options{Width: 64, Height: 64, Scale: 1}, m)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func darkPixels(img *image.RGBA) int {
	n := 0
	for i := 0; i < len(img.Pix); i += 4 {
		if img.Pix[i] < 128 {
			n++
		}
	}
	return n
}

func samePixels(a, b *image.RGBA) bool { return bytes.Equal(a.Pix, b.Pix) }

func TestShippedFaceDrawsChineseGlyphs(t *testing.T) {
	m, err := loadFontFamily()
	if err != nil {
		t.Fatal(err)
	}
	const s = "衢州市网络零售额（占全省0.61%）“农民信箱”"
	for _, bold := range []bool{false, true} {
		// U+E000 is a private-use code point the face has no glyph for: it
		// draws as .notdef, the box a missing glyph would show.
		if gi := m.face(bold).glyph('\uE000').index; gi != 0 {
			t.Fatalf("U+E000 maps to glyph %d, want .notdef", gi)
		}
		notdef := glyphImage(t, m, "\uE000", bold)
		if darkPixels(notdef) == 0 {
			t.Fatal(".notdef draws nothing; the comparison below would prove nothing")
		}
		var drawn []*image.RGBA
		for _, r := range s {
			if gi := m.face(bold).glyph(r).index; gi == 0 {
				t.Errorf("bold=%v: %q has no glyph in the shipped face", bold, r)
			}
			img := glyphImage(t, m, string(r), bold)
			if n := darkPixels(img); n < 15 {
				t.Errorf("bold=%v: %q draws only %d dark pixels", bold, r, n)
			}
			if samePixels(img, notdef) {
				t.Errorf("bold=%v: %q draws as the .notdef box", bold, r)
			}
			for i, prev := range drawn {
				if samePixels(img, prev) && []rune(s)[i] != r {
					t.Errorf("bold=%v: %q draws the same as %q", bold, r, []rune(s)[i])
				}
			}
			drawn = append(drawn, img)
		}
	}
	// bold is heavier than regular
	if darkPixels(glyphImage(t, m, "衢", true)) <= darkPixels(glyphImage(t, m, "衢", false)) {
		t.Error("bold 衢 is not darker than regular")
	}
}

func TestBrokenInputFailsAndThePoolRecovers(t *testing.T) {
	all := builtCharts(t)
	good := chartByID(t, all, "quzhou-vs-zhejiang-online-retail-2012").Option
	r := newRenderer(t, 1) // one VM: the failed render's VM must be replaced
	o := Options{Width: 640, Height: 360, Scale: 1, Theme: "light"}
	want, err := r.PNG(context.Background(), good, o)
	if err != nil {
		t.Fatal(err)
	}
	broken := []string{
		`{"series": [`,    // not JSON
		`[1, 2, 3]`,       // not an object
		`"just a string"`, // not an object
		`{"xAxis": {"type": "no-such-axis"}, "yAxis": {}, "series": [{"type": "bar", "data": [1]}]}`,
	}
	for _, b := range broken {
		if _, err := r.PNG(context.Background(), []byte(b), o); err == nil {
			t.Errorf("PNG(%s) succeeded", b)
		}
		if _, err := r.SVG(context.Background(), []byte(b), o); err == nil {
			t.Errorf("SVG(%s) succeeded", b)
		}
		got, err := r.PNG(context.Background(), good, o)
		if err != nil {
			t.Fatalf("render after %s failed: %v", b, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("render after %s differs from the render before it", b)
		}
	}
}

func TestConcurrentRendersAllSucceedAndAgree(t *testing.T) {
	all := builtCharts(t)
	r := newRenderer(t, 3)
	o := Options{Width: 800, Height: 450, Scale: 1, Theme: "light"}
	want := map[string][]byte{}
	for _, c := range all {
		b, err := r.PNG(context.Background(), c.Option, o)
		if err != nil {
			t.Fatal(err)
		}
		want[c.Spec.ID] = b
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(all))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range all {
				c := all[(i+g)%len(all)]
				b, err := r.PNG(context.Background(), c.Option, o)
				if err != nil {
					errs <- fmt.Errorf("%s: %w", c.Spec.ID, err)
					continue
				}
				if !bytes.Equal(b, want[c.Spec.ID]) {
					errs <- fmt.Errorf("%s: concurrent render differs from sequential", c.Spec.ID)
				}
				if _, err := r.SVG(context.Background(), c.Option, o); err != nil {
					errs <- fmt.Errorf("%s svg: %w", c.Spec.ID, err)
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestWaitingForAVMRespectsTheContext(t *testing.T) {
	r := newRenderer(t, 1)
	vm, err := r.acquire(context.Background()) // hold the only VM
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	// the only VM is held: a render that ignored its context would wait
	// for ever, so returning at all with the context's error is the check
	_, err = r.PNG(ctx, []byte(`{}`), Options{Width: 400, Height: 300, Scale: 1})
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrBusy) {
		t.Errorf("err = %v, want deadline exceeded, as ErrBusy (a 503, not a failure)", err)
	}
	r.release(vm, false)
	if _, err := r.PNG(context.Background(), []byte(`{"series":[]}`), Options{Width: 400, Height: 300, Scale: 1}); err != nil {
		t.Errorf("render after release: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.PNG(context.Background(), []byte(`{}`), Options{Width: 400, Height: 300, Scale: 1}); !errors.Is(err, ErrClosed) {
		t.Errorf("render after Close: %v, want ErrClosed", err)
	}
}

func TestChartTypesDrawTheirMarks(t *testing.T) {
	all := builtCharts(t)
	r := newRenderer(t, 1)
	for name, opt := range benchOptions(t, all) {
		for _, theme := range []string{"light", "dark"} {
			out, err := r.PNG(context.Background(), opt, Options{Width: 1200, Height: 675, Scale: 1, Theme: theme})
			if err != nil {
				t.Errorf("%s/%s: %v", name, theme, err)
				continue
			}
			img := decodePNG(t, out)
			ink, colours := inkStats(img)
			if ink < 1200*675/50 || colours < 20 {
				t.Errorf("%s/%s: looks blank: %d ink pixels, %d colours", name, theme, ink, colours)
			}
			// the series colour is on the image: blue of the palette, or
			// in grouped bars both series' colours
			if !hasColour(img, color.NRGBA{0x1f, 0x5f, 0xa8, 255}) {
				t.Errorf("%s/%s: focus blue #1f5fa8 not drawn", name, theme)
			}
		}
	}
}

func hasColour(img image.Image, want color.NRGBA) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.NRGBAModel.Convert(img.At(x, y)) == want {
				return true
			}
		}
	}
	return false
}

func TestParseColorAndTransform(t *testing.T) {
	for in, want := range map[string]color.NRGBA{
		"#fff":               {255, 255, 255, 255},
		"#1f5fa8":            {0x1f, 0x5f, 0xa8, 255},
		"#1f5fa880":          {0x1f, 0x5f, 0xa8, 0x80},
		"rgb(255,0,10)":      {255, 0, 10, 255},
		"rgba(0, 0, 0, 0.5)": {0, 0, 0, 128},
		"white":              {255, 255, 255, 255},
		"transparent":        {},
	} {
		got, ok := parseColor(in)
		if !ok || got != want {
			t.Errorf("parseColor(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	if _, ok := parseColor("none"); ok {
		t.Error("none is a colour")
	}
	m := parseTransform("translate(10 20) matrix(0,1,-1,0,5,6)")
	if x, y := m.apply(1, 0); x != 15 || y != 27 {
		t.Errorf("transform maps (1,0) to (%v,%v), want (15,27)", x, y)
	}
}

func TestXMLSafeDropsWhatXMLCannotCarry(t *testing.T) {
	for in, want := range map[string]string{
		"<text>衢州市</text>":                     "<text>衢州市</text>",
		"<text>a\x00b\x1fc\x7f</text>":         "<text>abc</text>",
		"<text>\tline\r\nnext</text>":          "<text>\tline\r\nnext</text>",
		"<text>x\uFFFEy\uFFFFz</text>":         "<text>xyz</text>",
		"<text>\u202Eevil\u2066x\u2069</text>": "<text>evilx</text>",
		"<text>bad\xffutf8 \uFFFD</text>":      "<text>badutf8 \uFFFD</text>",
	} {
		if got := xmlSafe(in); got != want {
			t.Errorf("xmlSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPNGWaitsForItsShareOfTheMemoryBudget: a render that cannot get its
// drawing memory within the wait fails with ErrBusy (and draws nothing); once
// memory is free it draws, and the memory is given back after.
func TestPNGWaitsForItsShareOfTheMemoryBudget(t *testing.T) {
	r, err := New(1, 1000*1000*PNGBytesPerPixel)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	r.wait = 50 * time.Millisecond
	opt := []byte(`{"title":{"text":"内存"},"xAxis":{"type":"category","data":["a"]},"yAxis":{},"series":[{"type":"bar","data":[1]}]}`)
	o := Options{Width: 600, Height: 400, Scale: 1, Theme: "light"}
	held, err := r.reserve(context.Background(), 1000*1000*PNGBytesPerPixel) // another render holds the whole budget
	if err != nil {
		t.Fatal(err)
	}
	if s := r.Stats(); s.MemoryInUse != s.MemoryBudget {
		t.Errorf("in use %d of %d while the budget is held", s.MemoryInUse, s.MemoryBudget)
	}
	if _, err := r.PNG(context.Background(), opt, o); !errors.Is(err, ErrBusy) {
		t.Fatalf("with the budget held: %v, want ErrBusy", err)
	}
	held()
	if _, err := r.PNG(context.Background(), opt, o); err != nil {
		t.Fatalf("with the budget free: %v", err)
	}
	if s := r.Stats(); s.MemoryInUse != 0 {
		t.Errorf("%d bytes still held after the render", s.MemoryInUse)
	}
	// a render larger than the whole budget takes all of it and draws alone
	if _, err := r.PNG(context.Background(), opt, Options{Width: 1500, Height: 1500, Scale: 1, Theme: "light"}); err != nil {
		t.Fatalf("a render over the budget: %v", err)
	}
}

// TestControlCharactersInDataCannotBreakImages: a name holding characters
// XML cannot carry (stored before the writes refused them) still gives a
// well-formed SVG and a PNG.
func TestControlCharactersInDataCannotBreakImages(t *testing.T) {
	r := newRenderer(t, 1)
	opt := []byte(`{"title":{"text":"衢州\u0000市\u0001\u001f\ufffe\u202e"},"xAxis":{"type":"category","data":["a\u000bb"]},"yAxis":{},"series":[{"type":"bar","data":[1]}]}`)
	o := Options{Width: 600, Height: 400, Scale: 1, Theme: "light"}
	svg, err := r.SVG(context.Background(), opt, o)
	if err != nil {
		t.Fatal(err)
	}
	if texts := checkSVG(t, "control characters", svg); !containsText(texts, "衢州市") || !containsText(texts, "ab") {
		t.Errorf("the text around the dropped characters is lost: %q", texts)
	}
	if _, err := r.PNG(context.Background(), opt, o); err != nil {
		t.Errorf("PNG: %v", err)
	}
}

// TestCategoryLabelsAreWholeAndInsideTheirBox draws every built-in chart as
// the image (1200×675) and as a phone's box lays it out (360 px,
// charts.View.Narrow) with the real renderer, and finds each category
// label of its option in the SVG's text, whole: its lines one after the
// other, each no wider than the label box (the axis label's width), none
// starting with closing punctuation. The Jiading chart names its two
// figures in full (it cut them to 限额以上电子商务销 and …零).
func TestCategoryLabelsAreWholeAndInsideTheirBox(t *testing.T) {
	all := builtCharts(t)
	r := newRenderer(t, 1)
	fam, err := loadFontFamily()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		for _, v := range []struct {
			view charts.View
			size Options
		}{
			{charts.View{Image: true, Width: 1200}, Options{Width: 1200, Height: 675, Scale: 1, Theme: "light"}},
			{charts.View{Image: true, Narrow: true, Width: 360}, Options{Width: 360, Height: 480, Scale: 1, Theme: "light"}},
		} {
			name := fmt.Sprintf("%s at %d px", c.Spec.ID, v.size.Width)
			opt, err := c.OptionFor(v.view)
			if err != nil {
				t.Fatal(err)
			}
			out, err := r.SVG(context.Background(), opt, v.size)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			texts := checkSVG(t, name, out)
			for _, a := range categoryAxes(t, opt) {
				for _, label := range a.labels {
					lines, ok := drawnLines(texts, strings.ReplaceAll(label, "\n", ""))
					if !ok {
						t.Errorf("%s: the category label %q is not drawn whole", name, label)
						continue
					}
					for _, l := range lines {
						if w := fam.measure(l, "12px"); w > a.width+0.5 {
							t.Errorf("%s: the line %q of %q is %.0f px wide, its box %.0f", name, l, label, w, a.width)
						}
						if first, _ := utf8.DecodeRuneInString(l); strings.ContainsRune("）、，。”", first) {
							t.Errorf("%s: the line %q of %q starts with closing punctuation", name, l, label)
						}
					}
				}
			}
			if c.Spec.ID == "jiading-ecommerce-2020" {
				for _, want := range []string{"限额以上电子商务销售额", "限额以上电子商务零售额"} {
					if _, ok := drawnLines(texts, want); !ok {
						t.Errorf("%s: %q is not drawn whole", name, want)
					}
				}
			}
		}
	}
}

// categoryAxis is a category axis of an option: its labels and the width
// they wrap at.
type categoryAxis struct {
	labels []string
	width  float64
}

// categoryAxes returns the category axes of option.
func categoryAxes(t *testing.T, option []byte) []categoryAxis {
	t.Helper()
	var opt map[string]any
	if err := json.Unmarshal(option, &opt); err != nil {
		t.Fatal(err)
	}
	var out []categoryAxis
	for _, key := range []string{"xAxis", "yAxis"} {
		axes, _ := opt[key].([]any)
		for _, a := range axes {
			am, _ := a.(map[string]any)
			if am["type"] != "category" {
				continue
			}
			ca := categoryAxis{}
			if label, ok := am["axisLabel"].(map[string]any); ok {
				ca.width, _ = label["width"].(float64)
			}
			if ca.width == 0 {
				t.Errorf("a category axis has no label width: %v", am)
			}
			for _, d := range am["data"].([]any) {
				ca.labels = append(ca.labels, d.(string))
			}
			out = append(out, ca)
		}
	}
	return out
}

// drawnLines finds text in texts drawn as consecutive text elements, its
// lines, and returns them.
func drawnLines(texts []string, text string) ([]string, bool) {
	for i := range texts {
		acc := ""
		for j := i; j < len(texts) && texts[j] != "" && strings.HasPrefix(text, acc+texts[j]); j++ {
			acc += texts[j]
			if acc == text {
				return texts[i : j+1], true
			}
		}
	}
	return nil, false
}

// TestShippedFaceCoversEveryNameAndQuote: every character of every region's
// name (all of China's divisions, 鄠邑区 and 硚口区 included), metric,
// source and quoted sentence the seed ships has a glyph in both shipped
// faces, so no image draws a box where a character should be.
func TestShippedFaceCoversEveryNameAndQuote(t *testing.T) {
	m, err := loadFontFamily()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range seed.Regions {
		texts = append(texts, r.NameZH, r.ShortName)
	}
	for _, x := range seed.Metrics {
		texts = append(texts, x.NameZH, x.Unit)
	}
	for _, s := range seed.Sources {
		texts = append(texts, s.Title, s.Publisher)
	}
	for _, o := range seed.Observations {
		texts = append(texts, o.Quote, o.Stated, o.Note)
	}
	missing := map[rune]bool{}
	for _, s := range texts {
		for _, r := range s {
			if r < 0x2E80 || missing[r] {
				continue
			}
			for _, bold := range []bool{false, true} {
				if m.face(bold).glyph(r).index == 0 {
					missing[r] = true
				}
			}
		}
	}
	if len(missing) > 0 {
		var rs []string
		for r := range missing {
			rs = append(rs, string(r))
		}
		slices.Sort(rs)
		t.Errorf("%d characters have no glyph in the shipped faces (add them to static/fonts/charset.txt and subset again): %s", len(rs), strings.Join(rs, ""))
	}
}
