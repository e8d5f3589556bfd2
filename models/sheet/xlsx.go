package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Workbooks: an .xlsx read with excelize, streamed row by row within the
// limits, its merged ranges found in the sheet XML and filled across.

// readXLSX checks the zip before excelize opens it: an OpenDocument file,
// a zip that is no workbook, a macro workbook and a zip whose parts
// declare more than lim.MaxUnzipped bytes are refused without inflating
// anything (archive/zip also refuses to inflate a part past its declared
// size, so a lying header cannot get round this).
func readXLSX(data []byte, ext string, lim Limits) (*Workbook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, failCause(ErrCorrupt, err, "文件已损坏或不完整（可能没有上传完），无法打开；请在 Excel/WPS 中打开确认后重新保存为 .xlsx 再导入（the file is damaged or truncated）")
	}
	var (
		total                   uint64
		hasWorkbook, hasVBA     bool
		contentTypes, mimetype  *zip.File
		hasWord, hasPPT, hasODF bool
	)
	for _, f := range zr.File {
		total += f.UncompressedSize64
		n := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		switch {
		case n == "xl/workbook.xml":
			hasWorkbook = true
		case n == "xl/vbaproject.bin":
			hasVBA = true
		case n == "[content_types].xml":
			contentTypes = f
		case n == "mimetype":
			mimetype = f
		case n == "content.xml":
			hasODF = true
		case strings.HasPrefix(n, "word/"):
			hasWord = true
		case strings.HasPrefix(n, "ppt/"):
			hasPPT = true
		}
	}
	if mimetype != nil || (hasODF && !hasWorkbook) {
		mt := ""
		if mimetype != nil {
			b, _ := readPart(mimetype, 256)
			mt = string(b)
		}
		if strings.Contains(mt, "opendocument.spreadsheet") || (mt == "" && ext == ".ods") {
			return nil, fail(ErrUnsupported, "这是 OpenDocument 表格（.ods），请在 WPS、Excel 或 LibreOffice 中“另存为” Excel 工作簿（.xlsx）后再导入（an OpenDocument .ods spreadsheet: save it as .xlsx）")
		}
		if strings.Contains(mt, "opendocument") {
			return nil, fail(ErrUnsupported, "这是 OpenDocument 文档，不是 Excel 工作簿；请把表格另存为 .xlsx 后再导入（an OpenDocument file, not a workbook: save the table as .xlsx）")
		}
	}
	if !hasWorkbook {
		what := "这是压缩包，不是 Excel 工作簿"
		switch {
		case hasWord:
			what = "这是 Word 文档（.docx），不是 Excel 工作簿"
		case hasPPT:
			what = "这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿"
		}
		return nil, fail(ErrUnsupported, "%s；请上传 Excel 工作簿（.xlsx）或 CSV，或把表格另存为 .xlsx 后再导入（a zip that is not an Excel workbook）", what)
	}
	if total > uint64(lim.MaxUnzipped) {
		return nil, fail(ErrTooLarge, "工作簿解压后超过 %s 的上限（可能含大量数据或图片），请删去无关的工作表、图片后再导入（the workbook unzips to more than %d bytes）",
			sizeText(lim.MaxUnzipped), lim.MaxUnzipped)
	}
	if hasVBA {
		return nil, macroError()
	}
	if contentTypes != nil {
		b, err := readPart(contentTypes, lim.MaxXMLPart)
		if err != nil {
			return nil, failCause(ErrCorrupt, err, "文件已损坏，无法读取其内容类型表；请在 Excel/WPS 中打开后重新保存为 .xlsx 再导入（[Content_Types].xml cannot be read）")
		}
		if bytes.Contains(bytes.ToLower(b), []byte("macroenabled")) {
			return nil, macroError()
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    lim.MaxUnzipped,
		UnzipXMLSizeLimit: lim.MaxXMLPart,
	})
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		return nil, openError(err, lim)
	}
	defer func() { _ = f.Close() }()

	wb := &Workbook{Format: "xlsx"}
	if app, err := f.GetAppProps(); err == nil && app != nil {
		wb.Producer = clean(app.Application)
	}
	parts := sheetParts(zr, lim)
	names := f.GetSheetList()
	if len(names) > lim.MaxSheets {
		return nil, fail(ErrTooLarge, "工作簿有 %d 个工作表，超过 %d 个的上限；请只保留需要导入的工作表（%d sheets, over the limit of %d）",
			len(names), lim.MaxSheets, len(names), lim.MaxSheets)
	}
	found := false
	for _, name := range names {
		g, err := readSheet(f, name, parts[name], lim)
		if err != nil {
			return nil, err
		}
		found = found || len(g.Cells) > 0
		wb.Sheets = append(wb.Sheets, g)
	}
	if !found {
		return nil, fail(ErrEmpty, "工作簿里没有任何有内容的单元格，请检查是否上传了正确的文件（no text in any cell of any sheet）")
	}
	return wb, nil
}

// maxMerges bounds the merged ranges of one sheet Read keeps. (Read
// finds them itself, see scanMerges: excelize's GetMergeCells parses the
// whole sheet into memory again and compares every pair of ranges, which
// for 100,000 tiny ranges takes minutes.) A table of MaxCells cells with
// a merge in every tenth cell is within it.
func (lim Limits) maxMerges() int { return max(lim.MaxCells/10, 1000) }

// sheetParts maps each sheet's name to its part in the zip, as
// xl/workbook.xml and its relationships say.
func sheetParts(zr *zip.Reader, lim Limits) map[string]*zip.File {
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))] = f
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:",attr"`
		} `xml:"Relationship"`
	}
	decode := func(name string, v any) bool {
		f := files[name]
		if f == nil {
			return false
		}
		b, err := readPart(f, lim.MaxXMLPart)
		return err == nil && xml.Unmarshal(b, v) == nil
	}
	parts := map[string]*zip.File{}
	if !decode("xl/workbook.xml", &wb) || !decode("xl/_rels/workbook.xml.rels", &rels) {
		return parts
	}
	targets := map[string]string{}
	for _, r := range rels.Rel {
		t := strings.ReplaceAll(r.Target, "\\", "/")
		if strings.HasPrefix(t, "/") {
			t = path.Clean(t[1:])
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = strings.ToLower(t)
	}
	for _, s := range wb.Sheets {
		if f := files[targets[s.ID]]; f != nil {
			parts[s.Name] = f
		}
	}
	return parts
}

// scanMerges returns the ref of each <mergeCell> in a worksheet part
// ("A1:E1"), at most max+1 of them, scanning the inflated bytes rather
// than parsing the XML: a mergeCell element is small and its name can
// appear nowhere else as an element (in text it is escaped).
func scanMerges(zf *zip.File, max int) ([]string, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var (
		refs []string
		buf  = make([]byte, 0, 64<<10)
		tmp  = make([]byte, 32<<10)
	)
	for {
		n, err := rc.Read(tmp)
		buf = append(buf, tmp[:n]...)
		end := len(buf)
		if err == nil {
			// Keep an element cut by the read for the next round,
			// unless it is too long to be a mergeCell.
			if i := bytes.LastIndexByte(buf, '<'); i >= 0 && len(buf)-i < 1024 {
				end = i
			}
		}
		refs = appendMerges(refs, buf[:end])
		if len(refs) > max {
			return refs, nil
		}
		buf = buf[:copy(buf, buf[end:])]
		if err == io.EOF {
			return refs, nil
		}
		if err != nil {
			return refs, err
		}
	}
}

var mergeCellTag = []byte("mergeCell")

// appendMerges appends the ref attribute of each complete <mergeCell …>
// (or <x:mergeCell …>) element in b.
func appendMerges(refs []string, b []byte) []string {
	for {
		i := bytes.Index(b, mergeCellTag)
		if i < 0 {
			return refs
		}
		start := i
		if start > 0 && b[start-1] != '<' {
			// A namespace prefix: <x:mergeCell.
			j := bytes.LastIndexByte(b[:start], '<')
			if j < 0 || b[start-1] != ':' || bytes.ContainsAny(b[j:start], " />\t\r\n") {
				b = b[i+len(mergeCellTag):]
				continue
			}
		} else if start == 0 {
			b = b[i+len(mergeCellTag):]
			continue
		}
		rest := b[i+len(mergeCellTag):]
		if len(rest) == 0 || !(rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\n') {
			b = rest
			continue
		}
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return refs
		}
		if ref, ok := attr(rest[:end], "ref"); ok {
			refs = append(refs, ref)
		}
		b = rest[end:]
	}
}

// attr finds name="value" or name='value' in an element's attributes.
func attr(tag []byte, name string) (string, bool) {
	for i := 0; ; {
		j := bytes.Index(tag[i:], []byte(name))
		if j < 0 {
			return "", false
		}
		j += i
		k := j + len(name)
		i = k
		if j > 0 && tag[j-1] != ' ' && tag[j-1] != '\t' && tag[j-1] != '\r' && tag[j-1] != '\n' {
			continue
		}
		for k < len(tag) && (tag[k] == ' ' || tag[k] == '=') {
			if tag[k] == '=' {
				k++
				for k < len(tag) && tag[k] == ' ' {
					k++
				}
				if k >= len(tag) || (tag[k] != '"' && tag[k] != '\'') {
					return "", false
				}
				q := tag[k]
				e := bytes.IndexByte(tag[k+1:], q)
				if e < 0 {
					return "", false
				}
				return string(tag[k+1 : k+1+e]), true
			}
			k++
		}
	}
}

func macroError() error {
	return fail(ErrMacro, "这是含宏的工作簿（.xlsm），为安全起见不导入宏；请在 Excel/WPS 中另存为不含宏的 Excel 工作簿（.xlsx）后再导入（a macro-enabled workbook: save it as .xlsx without macros）")
}

// openError maps excelize's errors on opening: its unzip-limit error (a
// plain fmt error "unzip size exceeds the … bytes limit", no sentinel in
// v2.11.1) to ErrTooLarge, a password error to ErrEncrypted, anything
// else to ErrCorrupt.
func openError(err error, lim Limits) error {
	switch {
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return failCause(ErrTooLarge, err, "工作簿解压后超过 %s 的上限，请删去无关的工作表、图片后再导入（the workbook unzips to more than %d bytes）",
			sizeText(lim.MaxUnzipped), lim.MaxUnzipped)
	case errors.Is(err, excelize.ErrWorkbookPassword):
		return failCause(ErrEncrypted, err, "工作簿设有打开密码，请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入（the workbook is password protected）")
	}
	return failCause(ErrCorrupt, err, "工作簿已损坏或格式不正确，无法打开；请在 Excel/WPS 中打开确认后重新保存为 .xlsx 再导入（the workbook cannot be opened: %v）", err)
}

// readPart reads one zip part, at most max bytes of it.
func readPart(f *zip.File, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, max))
}

// readSheet streams one worksheet's rows (excelize's Rows iterator: each
// cell's text as Excel displays it, a formula's cached value, never
// evaluated), then fills its merged ranges, read from the sheet's part
// in the zip (nil when the workbook's relationships do not lead to it:
// then no range is filled).
//
// Merged ranges are clipped to the sheet's text extent (the last row and
// the last column holding text) and a range whose top-left cell is empty
// fills nothing, so a merge over A1:XFD1048576 costs only the cells the
// text spans; the cells filled count against lim.scanBudget.
func readSheet(f *excelize.File, name string, part *zip.File, lim Limits) (Grid, error) {
	g := Grid{Name: name}
	rows, err := f.Rows(name)
	if err != nil {
		return g, failCause(ErrCorrupt, err, "工作表“%s”已损坏，无法读取；请在 Excel/WPS 中打开后重新保存为 .xlsx（sheet %q cannot be read）", name, name)
	}
	defer func() { _ = rows.Close() }()
	var (
		cells, scanned, r int
		width             int
	)
	for ; rows.Next(); r++ {
		cols, err := rows.Columns()
		if err != nil {
			return g, failCause(ErrCorrupt, err, "工作表“%s”第 %d 行已损坏，无法读取；请在 Excel/WPS 中打开后重新保存为 .xlsx（sheet %q row %d cannot be read）", name, r+1, name, r+1)
		}
		if scanned += len(cols) + 1; scanned > lim.scanBudget() {
			return g, tooManyCells(name, lim)
		}
		var row []string
		for c, v := range cols {
			t := clean(v)
			if t == "" {
				continue
			}
			if cells++; cells > lim.MaxCells {
				return g, tooManyCells(name, lim)
			}
			if row == nil {
				row = make([]string, 0, len(cols))
			}
			for len(row) < c {
				row = append(row, "")
			}
			row = append(row, t)
		}
		if row == nil {
			continue
		}
		if r >= lim.maxHeight() {
			return g, fail(ErrTooLarge, "工作表“%s”在第 %d 行还有内容，超过 %d 行的上限；请删去表格下方无关的内容（sheet %q has text at row %d, past %d rows）",
				name, r+1, lim.maxHeight(), name, r+1, lim.maxHeight())
		}
		for len(g.Cells) < r {
			g.Cells = append(g.Cells, nil)
		}
		g.Cells = append(g.Cells, row)
		width = max(width, len(row))
	}
	if err := rows.Error(); err != nil {
		return g, failCause(ErrCorrupt, err, "工作表“%s”已损坏，无法读取；请在 Excel/WPS 中打开后重新保存为 .xlsx（sheet %q cannot be read）", name, name)
	}
	if len(g.Cells) == 0 {
		return g, nil
	}
	if part == nil {
		finish(&g)
		return g, nil
	}
	merges, err := scanMerges(part, lim.maxMerges())
	if err != nil {
		return g, failCause(ErrCorrupt, err, "工作表“%s”的合并单元格已损坏，无法读取；请在 Excel/WPS 中打开后重新保存为 .xlsx（sheet %q: merged cells cannot be read）", name, name)
	}
	if len(merges) > lim.maxMerges() {
		return g, fail(ErrTooLarge, "工作表“%s”的合并单元格超过 %d 处，请取消不必要的合并后再导入（more than %d merged ranges in sheet %q）",
			name, lim.maxMerges(), lim.maxMerges(), name)
	}
	if err := fillMerges(&g, merges, width, scanned, lim); err != nil {
		return g, err
	}
	finish(&g)
	return g, nil
}

func fillMerges(g *Grid, merges []string, width, area int, lim Limits) error {
	height := len(g.Cells)
	for _, ref := range merges {
		from, to, ok := strings.Cut(ref, ":")
		if !ok {
			continue
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 != nil || err2 != nil {
			continue
		}
		r1, r2, c1, c2 = r1-1, r2-1, c1-1, c2-1
		if r1 > r2 {
			r1, r2 = r2, r1
		}
		if c1 > c2 {
			c1, c2 = c2, c1
		}
		text := g.At(r1, c1)
		if text == "" {
			continue
		}
		r2, c2 = min(r2, height-1), min(c2, width-1)
		for r := r1; r <= r2; r++ {
			if c2 >= len(g.Cells[r]) {
				if area += c2 + 1 - len(g.Cells[r]); area > lim.scanBudget() {
					return tooManyCells(g.Name, lim)
				}
			}
			for len(g.Cells[r]) <= c2 {
				g.Cells[r] = append(g.Cells[r], "")
			}
			for len(g.Merged) <= r {
				g.Merged = append(g.Merged, nil)
			}
			for len(g.Merged[r]) <= c2 {
				g.Merged[r] = append(g.Merged[r], false)
			}
			for c := c1; c <= c2; c++ {
				if r == r1 && c == c1 {
					continue
				}
				g.Cells[r][c] = text
				g.Merged[r][c] = true
			}
		}
	}
	return nil
}
