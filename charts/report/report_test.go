package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"flag"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ecomdash/charts"
	"ecomdash/seed/seedtest"
)

var update = flag.Bool("update", false, "rewrite testdata/document.xml")

// made is the fixed day of the golden report.
var made = time.Date(2026, 12, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

// dashboardCharts builds the charts of a seeded dashboard.
func dashboardCharts(t *testing.T, id string) []*charts.Chart {
	t.Helper()
	db := seedtest.Open(t, "")
	store := charts.NewStore(db)
	d, err := store.Dashboard(id)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := store.Charts(d)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// testPNG is a small real PNG standing for chart n's image (each differs:
// a PDF keeps one copy of identical images).
func testPNG(t *testing.T, n int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 9))
	for x := 0; x < 16; x++ {
		img.Set(x, 4, color.RGBA{31, 95, uint8(n), 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func reportOf(t *testing.T, title string, cs []*charts.Chart) Report {
	r := Report{Title: title, Made: made}
	for i, c := range cs {
		r.Figures = append(r.Figures, Figure{Chart: c, PNG: testPNG(t, i), Width: 1200, Height: 720})
	}
	return r
}

// unpack reads the parts of a .docx.
func unpack(t *testing.T, docx []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("the .docx is not a ZIP: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return parts
}

// paragraph is one w:p of document.xml: its style and text.
type paragraph struct{ style, text string }

// paragraphs parses document.xml (failing on XML that is not well formed)
// and returns its paragraphs and the number of pictures and tables.
func paragraphs(t *testing.T, doc []byte) (ps []paragraph, pictures, tables int) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var cur *paragraph
	depth := 0 // paragraphs inside table cells count too
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml is not well formed: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "p":
				depth++
				ps = append(ps, paragraph{})
				cur = &ps[len(ps)-1]
			case "pStyle":
				if cur != nil {
					for _, a := range e.Attr {
						if a.Name.Local == "val" {
							cur.style = a.Value
						}
					}
				}
			case "drawing":
				pictures++
			case "tbl":
				tables++
			}
		case xml.EndElement:
			if e.Name.Local == "p" {
				depth--
				cur = nil
			}
		case xml.CharData:
			if cur != nil {
				cur.text += string(e)
			}
		}
	}
	return ps, pictures, tables
}

func TestReportHoldsEachChartWithCaptionSourceAndTable(t *testing.T) {
	cs := dashboardCharts(t, "overview")
	docx, err := Bytes(reportOf(t, "总览", cs))
	if err != nil {
		t.Fatal(err)
	}
	parts := unpack(t, docx)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "word/footer1.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("no part %s", name)
		}
	}
	for i := range cs {
		if _, ok := parts["word/media/image"+strconv.Itoa(i+1)+".png"]; !ok {
			t.Errorf("no picture %d", i+1)
		}
	}
	ps, pictures, tables := paragraphs(t, parts["word/document.xml"])
	if pictures != len(cs) || tables != len(cs) {
		t.Errorf("%d pictures and %d tables for %d charts", pictures, tables, len(cs))
	}
	var captions, sourceLines []string
	for _, p := range ps {
		switch p.style {
		case "Caption":
			captions = append(captions, p.text)
		case "Source":
			sourceLines = append(sourceLines, p.text)
		}
	}
	if len(captions) != len(cs) || len(sourceLines) != len(cs) {
		t.Fatalf("%d captions and %d source lines for %d charts", len(captions), len(sourceLines), len(cs))
	}
	for i, c := range cs {
		if want := "图" + strconv.Itoa(i+1) + "　" + c.Spec.Title; captions[i] != want {
			t.Errorf("caption %d is %q, want %q", i+1, captions[i], want)
		}
		if !strings.HasPrefix(sourceLines[i], "数据来源：") || sourceLines[i] != c.SourceLine() {
			t.Errorf("figure %d's source line is %q", i+1, sourceLines[i])
		}
	}
	doc := string(parts["word/document.xml"])
	if strings.Count(doc, "<w:tblHeader/>") != len(cs) {
		t.Errorf("%d header rows repeat on each page, want one per table", strings.Count(doc, "<w:tblHeader/>"))
	}
	for _, want := range []string{"数据来源与原文", "生成日期：2026年12月1日", "〔拟〕", "推算："} {
		if !strings.Contains(doc, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	styles := string(parts["word/styles.xml"])
	for _, want := range []string{`w:eastAsia="宋体"`, `w:eastAsia="黑体"`, `w:eastAsia="zh-CN"`, `<w:sz w:val="24"/>`, `<w:sz w:val="21"/>`} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	if !strings.Contains(doc, `w:w="11906" w:h="16838"`) || !strings.Contains(doc, `w:top="1440" w:right="1797" w:bottom="1440" w:left="1797"`) {
		t.Error("the page is not A4 with the default Chinese margins")
	}
	if regexp.MustCompile(`[A-Za-z]{4,}`).MatchString(textOf(ps)) {
		t.Errorf("English in the document's text: %q", regexp.MustCompile(`[A-Za-z]{4,}`).FindAllString(textOf(ps), 5))
	}
}

func textOf(ps []paragraph) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.text + "\n")
	}
	return b.String()
}

func TestReportIsTheSameFileForTheSameDay(t *testing.T) {
	cs := dashboardCharts(t, "zhejiang-quzhou")
	a, _ := Bytes(reportOf(t, "浙江·衢州", cs))
	b, _ := Bytes(reportOf(t, "浙江·衢州", cs))
	if !bytes.Equal(a, b) {
		t.Error("two reports of the same charts on the same day differ")
	}
}

// TestGoldenDocument pins word/document.xml of one dashboard's report on
// the seed figures, made on a fixed day: go test ./charts/report -update
func TestGoldenDocument(t *testing.T) {
	doc := Document(reportOf(t, "浙江·衢州", dashboardCharts(t, "zhejiang-quzhou")))
	path := filepath.Join("testdata", "document.xml")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(doc, want) {
		t.Errorf("document.xml differs from %s (run with -update if the change is meant)", path)
	}
}

func TestHostileTitlesStayText(t *testing.T) {
	cs := dashboardCharts(t, "shanghai-jiading")
	for _, payload := range []string{`</w:t></w:r><w:r><w:t>x`, `<script>alert(1)</script>`, `"&'<>]]>`, "a\x01b\uFFFEc"} {
		c := *cs[0]
		spec := *c.Spec
		spec.Title, spec.Reading = payload, payload
		c.Spec = &spec
		docx, err := Bytes(reportOf(t, payload, []*charts.Chart{&c}))
		if err != nil {
			t.Fatal(err)
		}
		parts := unpack(t, docx)
		ps, _, _ := paragraphs(t, parts["word/document.xml"])
		for _, name := range []string{"docProps/core.xml"} {
			if err := xml.Unmarshal(parts[name], new(struct{})); err != nil {
				t.Errorf("%s is not well formed with title %q: %v", name, payload, err)
			}
		}
		clean := strings.Map(func(r rune) rune {
			if r == 1 || r == '\uFFFE' {
				return '\uFFFD'
			}
			return r
		}, payload)
		if ps[0].style != "Title" || ps[0].text != clean {
			t.Errorf("title %q came back as %q", payload, ps[0].text)
		}
	}
}

// TestLibreOfficeConvertsTheReport converts the report with LibreOffice
// (Debian's libreoffice-writer-nogui, which .ci/run installs) and checks
// the PDF has the pictures and pages expected.
func TestLibreOfficeConvertsTheReport(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but soffice was not found: .ci/run must install libreoffice-writer-nogui")
		}
		t.Skip("soffice not found: install libreoffice-writer-nogui to check the report converts (CI does)")
	}
	cs := dashboardCharts(t, "zhejiang-quzhou")
	dir := t.TempDir()
	docx, err := Bytes(reportOf(t, "浙江·衢州", cs))
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "report.docx")
	if err := os.WriteFile(in, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := convertToPDF(t, soffice, in, dir)
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
	images := len(regexp.MustCompile(`/Subtype\s*/Image`).FindAll(pdf, -1))
	if images < len(cs) {
		t.Errorf("the PDF has %d images, want at least %d (one per chart)", images, len(cs))
	}
	if pages < 3 || pages > 3*len(cs)+4 {
		t.Errorf("the PDF has %d pages for %d charts", pages, len(cs))
	}
}

// convertToPDF runs LibreOffice on the .docx in, writing the PDF into dir,
// with a fresh profile so parallel runs do not share one.
func convertToPDF(t testing.TB, soffice, in, dir string) []byte {
	t.Helper()
	profile := "file://" + filepath.Join(dir, "lo-profile")
	cmd := exec.Command(soffice, "-env:UserInstallation="+profile, "--headless", "--convert-to", "pdf", "--outdir", dir, in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(strings.TrimSuffix(in, ".docx") + ".pdf")
	if err != nil {
		t.Fatalf("no PDF: %v\n%s", err, out)
	}
	return pdf
}
