package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// A .docx file is a ZIP of XML parts (ECMA-376, Office Open XML). This file
// writes the package: the parts every Word document needs, in a fixed
// order with a fixed time, so one report has one byte sequence.

// Page geometry, in twentieths of a point (twips): A4 portrait with the
// margins Word and WPS use by default in China (top and bottom 2.54 cm,
// left and right 3.17 cm).
const (
	pageWidth    = 11906
	pageHeight   = 16838
	marginTop    = 1440
	marginSide   = 1797
	textWidth    = pageWidth - 2*marginSide // 8312 twips, 14.66 cm
	emuPerTwip   = 635
	textWidthEMU = textWidth * emuPerTwip
)

// part is one file of the package.
type part struct {
	name string
	body []byte
	// store keeps the part uncompressed (PNG is compressed already).
	store bool
}

// writePackage writes parts as a ZIP, each entry dated made.
func writePackage(w io.Writer, parts []part, made time.Time) error {
	zw := zip.NewWriter(w)
	for _, p := range parts {
		method := zip.Deflate
		if p.store {
			method = zip.Store
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: method, Modified: made})
		if err != nil {
			return fmt.Errorf("docx %s: %w", p.name, err)
		}
		if _, err := f.Write(p.body); err != nil {
			return fmt.Errorf("docx %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// esc escapes s for XML text and attributes; characters XML cannot carry
// (controls other than tab and line ends) become U+FFFD.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// Namespaces of the document part.
const documentNamespaces = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
	`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
	`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
	`xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`

func contentTypes(images int) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	if images > 0 {
		b.WriteString(`<Default Extension="png" ContentType="image/png"/>`)
	}
	for _, o := range []struct{ part, kind string }{
		{"/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
		{"/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"},
		{"/word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"},
		{"/word/fontTable.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"},
		{"/word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"},
		{"/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"},
		{"/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"},
	} {
		fmt.Fprintf(&b, `<Override PartName="%s" ContentType="%s"/>`, o.part, o.kind)
	}
	b.WriteString(`</Types>`)
	return []byte(b.String())
}

const packageRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

// documentRels relates the document to its styles, settings, fonts,
// footer and images (image i is rIdImg<i>, media/image<i>.png).
func documentRels(images int) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	b.WriteString(`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
	b.WriteString(`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`)
	b.WriteString(`<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>`)
	b.WriteString(`<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`)
	for i := 1; i <= images; i++ {
		fmt.Fprintf(&b, `<Relationship Id="rIdImg%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image%d.png"/>`, i, i)
	}
	b.WriteString(`</Relationships>`)
	return []byte(b.String())
}

// coreProps are the document's properties: its title, its maker and the
// day it was made (so the same report made on the same day is the same file).
func coreProps(title string, made time.Time) []byte {
	stamp := made.UTC().Format("2006-01-02T15:04:05Z")
	return []byte(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(title) + `</dc:title><dc:creator>电商区域统计看板</dc:creator><dc:language>zh-CN</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified>` +
		`</cp:coreProperties>`)
}

const appProps = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>电商区域统计看板</Application></Properties>`

// settings: Chinese proofing, no field update prompt (updateFields is
// absent: every number in the document is plain text, the page number
// field is the one field, and both Word and WPS update it without asking).
const settings = xmlHeader + `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>` +
	`</w:settings>`

// East Asian faces: 宋体 for body text, 黑体 for headings, each with the
// names other systems know them by (WPS and LibreOffice substitute a face
// they have when these are missing).
const (
	fontBody    = "宋体"
	fontHeading = "黑体"
	fontLatin   = "Times New Roman"
)

const fontTable = xmlHeader + `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`</w:fonts>`

// Font sizes in half-points, by their Chinese names.
const (
	sizeErHao   = 44 // 二号, 22 pt: the title
	sizeSanHao  = 32 // 三号, 16 pt: headings
	sizeSiHao   = 28 // 四号, 14 pt: second-level headings
	sizeXiaoSi  = 24 // 小四, 12 pt: body text
	sizeWuHao   = 21 // 五号, 10.5 pt: captions, tables, source lines
	sizeXiaoWuH = 18 // 小五, 9 pt: the page number
)

// fonts is the run font element naming the East Asian face.
func fonts(eastAsia string) string {
	return fmt.Sprintf(`<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s" w:hint="eastAsia"/>`, fontLatin, fontLatin, eastAsia, fontLatin)
}

// paragraphStyle is one paragraph style of styles.xml.
type paragraphStyle struct {
	id, name, font string
	size           int
	align          string
	before, after  int
	// keepNext keeps the paragraph on the page of the next one (a picture
	// with its caption); line is the line spacing in 240ths (0: the
	// default); indent is a w:ind element; outline a heading level (or -1).
	keepNext bool
	line     int
	indent   string
	outline  int
}

// xml writes the style, its paragraph properties in the schema's order.
func (p paragraphStyle) xml() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<w:style w:type="paragraph" w:customStyle="1" w:styleId="%s"><w:name w:val="%s"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>`, p.id, p.name)
	if p.keepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.line > 0 {
		fmt.Fprintf(&b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="auto"/>`, p.before, p.after, p.line)
	} else {
		fmt.Fprintf(&b, `<w:spacing w:before="%d" w:after="%d"/>`, p.before, p.after)
	}
	b.WriteString(p.indent)
	if p.align != "" {
		fmt.Fprintf(&b, `<w:jc w:val="%s"/>`, p.align)
	}
	if p.outline >= 0 {
		fmt.Fprintf(&b, `<w:outlineLvl w:val="%d"/>`, p.outline)
	}
	fmt.Fprintf(&b, `</w:pPr><w:rPr>%s<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`, fonts(p.font), p.size, p.size)
	return b.String()
}

// paragraphStyles are the report's styles: 黑体 headings and captions,
// 宋体 text, at the sizes of government documents.
var paragraphStyles = []paragraphStyle{
	{id: "Title", name: "Title", font: fontHeading, size: sizeErHao, align: "center", before: 240, after: 240, outline: -1},
	{id: "Heading1", name: "heading 1", font: fontHeading, size: sizeSanHao, align: "left", before: 360, after: 120, keepNext: true, outline: 0},
	{id: "Heading2", name: "heading 2", font: fontHeading, size: sizeSiHao, align: "left", before: 240, after: 120, keepNext: true, outline: 1},
	{id: "Meta", name: "报告信息", font: fontBody, size: sizeWuHao, align: "center", after: 60, outline: -1},
	{id: "Figure", name: "图片", font: fontBody, size: sizeXiaoSi, align: "center", before: 240, after: 60, keepNext: true, line: 240, outline: -1},
	{id: "Caption", name: "题注", font: fontHeading, size: sizeWuHao, align: "center", before: 60, keepNext: true, outline: -1},
	{id: "Subtitle", name: "图注", font: fontBody, size: sizeWuHao, align: "center", after: 60, keepNext: true, outline: -1},
	{id: "Source", name: "数据来源", font: fontBody, size: sizeWuHao, align: "left", before: 60, after: 60, outline: -1},
	{id: "Reading", name: "阅读提示", font: fontBody, size: sizeXiaoSi, align: "both", before: 60, after: 120, indent: `<w:ind w:firstLineChars="200" w:firstLine="480"/>`, outline: -1},
	{id: "TableText", name: "表格文字", font: fontBody, size: sizeWuHao, align: "left", line: 276, outline: -1},
	{id: "TableHead", name: "表头", font: fontHeading, size: sizeWuHao, align: "center", line: 276, outline: -1},
	{id: "ListItem", name: "目录项", font: fontBody, size: sizeXiaoSi, align: "left", indent: `<w:ind w:left="420"/>`, outline: -1},
	{id: "Quote", name: "原文引文", font: fontBody, size: sizeWuHao, align: "both", after: 60, indent: `<w:ind w:left="420"/>`, outline: -1},
	{id: "Footer", name: "footer", font: fontBody, size: sizeXiaoWuH, align: "center", outline: -1},
}

func styles() []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`)
	fmt.Fprintf(&b, `<w:docDefaults><w:rPrDefault><w:rPr>%s<w:sz w:val="%d"/><w:szCs w:val="%d"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>`+
		`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`, fonts(fontBody), sizeXiaoSi, sizeXiaoSi)
	fmt.Fprintf(&b, `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="both"/></w:pPr><w:rPr>%s<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`,
		fonts(fontBody), sizeXiaoSi, sizeXiaoSi)
	for _, p := range paragraphStyles {
		b.WriteString(p.xml())
	}
	b.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
		`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	b.WriteString(`</w:styles>`)
	return []byte(b.String())
}

// footer carries the page number: 第 N 页.
const footer = xmlHeader + `<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">第 </w:t></w:r>` +
	`<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>` +
	`<w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:ftr>`
