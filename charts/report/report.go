// Package report writes a Word document of charts: the report an official
// hands in (汇报材料). For each chart, in order, the server-rendered PNG,
// its caption 图N　标题, what it shows (periods, units), its 数据来源 line,
// its reading note and a table of the figures behind it; at the end, every
// document quoted, with its sentences.
//
// It writes Office Open XML itself (archive/zip and XML text) rather than
// through a docx library: the ones the module proxy serves add images from
// file paths, set no East Asian fonts, cannot mark a table row as a header
// that repeats on each page, and stamp the time of writing into the file.
// Here every part is written in a fixed order with the report's day as its
// time, so one report (same charts, data version and day) is one byte
// sequence, which the HTTP layer caches and gives one ETag.
package report

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"ecomdash/charts"
	"ecomdash/models"
)

// Figure is one chart of the report with its image.
type Figure struct {
	Chart *charts.Chart
	// PNG is the chart drawn without its title and source line (the
	// caption and the 数据来源 line under it carry them), at twice the
	// print size; Width and Height are its size in pixels.
	PNG           []byte
	Width, Height int
}

// Report is a document to write.
type Report struct {
	// Title is the document's title: the dashboard's, or the chart's.
	Title string
	// Made is the day the report is made (China time); it is printed, and
	// dates the file's parts.
	Made    time.Time
	Figures []Figure
}

// Write writes r as a .docx to w.
func Write(w io.Writer, r Report) error {
	doc := Document(r)
	parts := []part{
		{name: "[Content_Types].xml", body: contentTypes(len(r.Figures))},
		{name: "_rels/.rels", body: []byte(packageRels)},
		{name: "docProps/core.xml", body: coreProps(r.Title, r.Made)},
		{name: "docProps/app.xml", body: []byte(appProps)},
		{name: "word/document.xml", body: doc},
		{name: "word/_rels/document.xml.rels", body: documentRels(len(r.Figures))},
		{name: "word/styles.xml", body: styles()},
		{name: "word/settings.xml", body: []byte(settings)},
		{name: "word/fontTable.xml", body: []byte(fontTable)},
		{name: "word/footer1.xml", body: []byte(footer)},
	}
	for i, f := range r.Figures {
		parts = append(parts, part{name: fmt.Sprintf("word/media/image%d.png", i+1), body: f.PNG, store: true})
	}
	return writePackage(w, parts, r.Made)
}

// Bytes is Write into memory.
func Bytes(r Report) ([]byte, error) {
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Document is the report's word/document.xml.
func Document(r Report) []byte {
	var d body
	d.WriteString(xmlHeader)
	d.WriteString(`<w:document ` + documentNamespaces + `><w:body>`)
	d.para("Title", r.Title)
	d.para("Meta", "生成日期："+chineseDate(r.Made)+"　　数据截至："+latestPeriod(r.Figures))
	d.para("Meta", "本报告由电商区域统计看板生成：每个数字都注明出自哪份文件、原文怎样表述；注“推算”的为按文件数字计算的值，不是文件原文数字。")
	d.para("Heading1", "图表目录")
	for i, f := range r.Figures {
		d.para("ListItem", caption(i, f.Chart))
	}
	for i, f := range r.Figures {
		d.figure(i, f)
	}
	d.sources(r.Figures)
	d.WriteString(`<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>`)
	fmt.Fprintf(&d, `<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="992" w:gutter="0"/>`,
		pageWidth, pageHeight, marginTop, marginSide, marginTop, marginSide)
	d.WriteString(`<w:docGrid w:linePitch="312"/></w:sectPr></w:body></w:document>`)
	return d.Bytes()
}

// body builds the XML of the document's body.
type body struct{ bytes.Buffer }

// para writes a paragraph of style holding text (line breaks kept).
func (d *body) para(style, text string) {
	fmt.Fprintf(d, `<w:p><w:pPr><w:pStyle w:val="%s"/></w:pPr>`, style)
	d.run(text)
	d.WriteString(`</w:p>`)
}

// run writes text as one run, a line break for each "\n".
func (d *body) run(text string) {
	d.WriteString(`<w:r>`)
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			d.WriteString(`<w:br/>`)
		}
		d.WriteString(`<w:t xml:space="preserve">` + esc(line) + `</w:t>`)
	}
	d.WriteString(`</w:r>`)
}

// caption is 图N　标题, N a plain number (no field WPS would ask to update).
func caption(i int, c *charts.Chart) string {
	return fmt.Sprintf("图%d　%s", i+1, c.Spec.Title)
}

// figure writes one chart: picture, caption, what it shows, source line,
// reading note, and its figures' table.
func (d *body) figure(i int, f Figure) {
	c := f.Chart
	d.WriteString(`<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr><w:r>`)
	d.drawing(i+1, c.Spec.Title, f.Width, f.Height)
	d.WriteString(`</w:r></w:p>`)
	d.para("Caption", caption(i, c))
	if c.Subtitle != "" {
		d.para("Subtitle", c.Subtitle)
	}
	d.para("Source", c.SourceLine())
	if c.Spec.Reading != "" {
		d.para("Reading", c.Spec.Reading)
	}
	if c.Spec.Note != "" {
		d.para("Reading", "备注："+c.Spec.Note)
	}
	if c.Problem != "" {
		d.para("Reading", c.Problem)
	}
	if len(c.Observations) > 0 {
		d.table(c.Observations)
	}
}

// drawing writes an inline picture, image n, scaled to the text width.
func (d *body) drawing(n int, title string, width, height int) {
	cx := int64(textWidthEMU)
	cy := cx * 9 / 16
	if width > 0 && height > 0 {
		cy = cx * int64(height) / int64(width)
	}
	fmt.Fprintf(d, `<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/>`+
		`<wp:docPr id="%d" name="图%d" descr="%s"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`+
		`<pic:nvPicPr><pic:cNvPr id="%d" name="image%d.png"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="rIdImg%d"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>`,
		cx, cy, n, n, esc(title), n, n, n, cx, cy)
}

// Table columns and their widths (twips; they add up to the text width).
var tableColumns = []struct {
	head  string
	width int
}{
	{"地区", 1000}, {"指标", 2200}, {"时期", 1100}, {"数值（单位）", 1600}, {"原文表述", 2412},
}

// table writes the figures behind a chart, the header row repeated on
// each page.
func (d *body) table(obs []models.Observation) {
	d.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(d, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="808080"/>`, side)
	}
	d.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, c := range tableColumns {
		fmt.Fprintf(d, `<w:gridCol w:w="%d"/>`, c.width)
	}
	d.WriteString(`</w:tblGrid>`)
	d.WriteString(`<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
	for _, c := range tableColumns {
		d.cell(c.width, "TableHead", c.head, "E8EDF3")
	}
	d.WriteString(`</w:tr>`)
	for _, o := range obs {
		d.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		cells := []string{o.Region.NameZH, metricName(o.Metric), models.PeriodLabel(o.Period), valueText(o), statedText(o)}
		for i, text := range cells {
			d.cell(tableColumns[i].width, "TableText", text, "")
		}
		d.WriteString(`</w:tr>`)
	}
	d.WriteString(`</w:tbl>`)
}

// cell writes one table cell of width (twips) holding text in style.
func (d *body) cell(width int, style, text, fill string) {
	fmt.Fprintf(d, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, width)
	if fill != "" {
		fmt.Fprintf(d, `<w:shd w:val="clear" w:color="auto" w:fill="%s"/>`, fill)
	}
	d.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
	d.para(style, text)
	d.WriteString(`</w:tc>`)
}

// metricName names a metric, marking a target (目标) and the subject of a
// figure about something other than its region.
func metricName(m models.Metric) string {
	name := m.NameZH
	if m.IsTarget() && !strings.Contains(name, "目标") {
		name += "（目标）"
	}
	if m.Subject != "" {
		name += "（" + m.Subject + "）"
	}
	return name
}

// valueText is a figure as every page shows it (charts.DisplayValue): in
// the Chinese convention with the word saying how the document stated it
// (近300亿元, 47.8万家, 3～4家), a derived value marked 推算.
func valueText(o models.Observation) string { return charts.DisplayValue(o) }

// statedText is how the document stated a figure, or how a derived value
// was computed.
func statedText(o models.Observation) string {
	if o.Derived {
		return "推算：" + o.Derivation
	}
	s := o.Stated
	if s == "" {
		s = charts.DisplayValue(o)
	}
	if o.Qualifier != models.QualifierExact && !strings.Contains(s, o.QualifierLabel()) {
		s += "（" + o.QualifierLabel() + "）"
	}
	if o.Inferred != "" {
		s += "（" + o.InferredNote() + "）"
	}
	if o.AltStated != "" {
		s += "；文件另一处作“" + o.AltStated + "”"
	}
	return s
}

// sources writes 数据来源与原文: every document behind the charts, in order
// of first use, with the sentences quoted from it.
func (d *body) sources(figs []Figure) {
	type quoted struct {
		source models.Source
		quotes []string
	}
	var order []*quoted
	byID := map[string]*quoted{}
	for _, f := range figs {
		for _, o := range f.Chart.Observations {
			q, ok := byID[o.SourceID]
			if !ok {
				q = &quoted{source: o.Source}
				byID[o.SourceID] = q
				order = append(order, q)
			}
			for _, text := range []string{o.Quote, o.AltQuote} {
				if text != "" && !slices.Contains(q.quotes, text) {
					q.quotes = append(q.quotes, text)
				}
			}
		}
	}
	if len(order) == 0 {
		return
	}
	d.para("Heading1", "数据来源与原文")
	for i, q := range order {
		s := q.source
		line := fmt.Sprintf("%d. %s，%s，%s", i+1, s.DisplayTitle(), s.Publisher, models.PeriodLabel(s.PublishedOn))
		if s.TitleSupplied {
			line += "（文件无标题，标题为本看板所拟）"
		}
		d.para("Heading2", line)
		for _, text := range q.quotes {
			d.para("Quote", "“"+innerQuotes.Replace(text)+"”")
		}
	}
}

// innerQuotes turns the double quotation marks inside a quoted sentence
// into single ones, as Chinese typesetting nests them.
var innerQuotes = strings.NewReplacer("“", "‘", "”", "’")

// chineseDate writes a day as 2026年12月1日.
func chineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// latestPeriod is the latest period of the figures shown, as a label.
func latestPeriod(figs []Figure) string {
	latest := ""
	var end time.Time
	for _, f := range figs {
		for _, o := range f.Chart.Observations {
			if _, e, err := models.PeriodSpan(o.Period); err == nil && e.After(end) {
				end, latest = e, o.Period
			}
		}
	}
	if latest == "" {
		return "暂无数据"
	}
	return models.PeriodLabel(latest)
}
