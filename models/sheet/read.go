package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Limits bound what Read may take from one file. A file past a limit is
// refused with an error wrapping ErrTooLarge before it fills memory.
type Limits struct {
	// MaxBytes bounds the file as received (10 MiB for an upload).
	MaxBytes int64
	// MaxCells bounds the non-empty cells of one sheet (200,000).
	MaxCells int
	// MaxUnzipped bounds the bytes an xlsx may expand to when unzipped,
	// all parts together; MaxXMLPart bounds one worksheet's XML held in
	// memory (excelize's UnzipSizeLimit and UnzipXMLSizeLimit).
	MaxUnzipped, MaxXMLPart int64
	// MaxSheets bounds the worksheets of a workbook.
	MaxSheets int
}

// DefaultLimits are the upload bounds: a 10 MiB file, 200,000 cells a
// sheet, 100 MiB unzipped (an xlsx compresses about 10:1), 64 sheets.
var DefaultLimits = Limits{MaxBytes: 10 << 20, MaxCells: 200_000, MaxUnzipped: 100 << 20, MaxXMLPart: 16 << 20, MaxSheets: 64}

// The errors Read returns wrap one of these, with a message in Chinese
// (and English) that names the problem and what to do.
var (
	// ErrTooLarge: past a Limits bound (HTTP 413).
	ErrTooLarge = errors.New("too large")
	// ErrUnsupported: not a format Read takes: .xls/.et (old binary
	// formats: save as .xlsx), .ods, a PDF, an image … (HTTP 415).
	ErrUnsupported = errors.New("unsupported format")
	// ErrEncrypted: a password-protected workbook (HTTP 422).
	ErrEncrypted = errors.New("password protected")
	// ErrMacro: a macro-enabled workbook (.xlsm, or an xlsx carrying a VBA
	// project) (HTTP 422).
	ErrMacro = errors.New("macro workbook")
	// ErrCorrupt: looks like a spreadsheet but cannot be read (HTTP 422).
	ErrCorrupt = errors.New("corrupt file")
	// ErrEmpty: no cell with text anywhere (HTTP 422).
	ErrEmpty = errors.New("no table")
)

// readError is the error Read and ReadText return: Error() is the message
// shown to the person who uploaded the file (Chinese, then English in
// brackets), and errors.Is matches its sentinel (ErrTooLarge …) and, when
// there is one, the underlying cause.
type readError struct {
	kind  error
	msg   string
	cause error
}

func (e *readError) Error() string { return e.msg }

func (e *readError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.kind, e.cause}
	}
	return []error{e.kind}
}

func fail(kind error, msg string, args ...any) error {
	return &readError{kind: kind, msg: fmt.Sprintf(msg, args...)}
}

func failCause(kind error, cause error, msg string, args ...any) error {
	return &readError{kind: kind, msg: fmt.Sprintf(msg, args...), cause: cause}
}

// withDefaults fills the zero fields of lim from DefaultLimits, so that a
// zero Limits{} means the upload bounds rather than "nothing at all".
// MaxXMLPart is kept at most MaxUnzipped, as excelize requires.
func (lim Limits) withDefaults() Limits {
	d := DefaultLimits
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = d.MaxBytes
	}
	if lim.MaxCells <= 0 {
		lim.MaxCells = d.MaxCells
	}
	if lim.MaxUnzipped <= 0 {
		lim.MaxUnzipped = d.MaxUnzipped
	}
	if lim.MaxXMLPart <= 0 {
		lim.MaxXMLPart = d.MaxXMLPart
	}
	lim.MaxXMLPart = min(lim.MaxXMLPart, lim.MaxUnzipped)
	if lim.MaxSheets <= 0 {
		lim.MaxSheets = d.MaxSheets
	}
	return lim
}

// scanBudget bounds the cell slots a sheet may make Read look at or fill:
// the cells excelize hands over row by row (blanks before a cell included)
// and the cells merged ranges fill. A table of MaxCells cells is well
// inside it; a sheet of single cells at column XFD, or a merged range over
// the whole sheet, is refused (ErrTooLarge) instead of taking minutes or
// gigabytes.
func (lim Limits) scanBudget() int { return 16*lim.MaxCells + 1<<16 }

// maxHeight bounds the row of a sheet's last text: rows are kept as
// slices, so a stray cell at row 1,048,576 would cost a million of them.
func (lim Limits) maxHeight() int { return max(lim.MaxCells, 1<<16) }

var (
	magicZip  = []byte("PK\x03\x04")
	magicOLE  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicPDF  = []byte("%PDF")
	magicPNG  = []byte("\x89PNG\r\n\x1a\n")
	magicJPEG = []byte{0xFF, 0xD8, 0xFF}
	magicGIF  = []byte("GIF8")
	magicBMP  = []byte("BM")
	magicRAR  = []byte("Rar!\x1a\x07")
	magic7z   = []byte("7z\xBC\xAF\x27\x1C")
	bomUTF8   = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16L = []byte{0xFF, 0xFE}
	bomUTF16B = []byte{0xFE, 0xFF}
	// encryptedPackage is the OLE2 stream name "EncryptedPackage" in
	// UTF-16LE, as a compound file's directory entry stores it: an xlsx
	// saved with an opening password is such a file.
	encryptedPackage = utf16LE("EncryptedPackage")
)

func utf16LE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// Read reads a file by its name and content. The content decides the
// format whatever the name says: a zip is an xlsx (read with excelize,
// its unzip limits set from lim; formulas give their cached values), an
// OLE2 compound file is an old .xls/.et or a password-protected xlsx
// (refused: ErrUnsupported with how to save as .xlsx, or ErrEncrypted),
// and text is CSV, or TSV when its first lines hold tabs, in UTF-8 (with or
// without BOM) or else GB18030 (which covers GBK and GB2312), or UTF-16
// with a BOM (Excel's "Unicode text"). A PDF, an image, an .ods or other
// binary is ErrUnsupported, naming what it is. The name is used only to
// name a CSV's sheet and to word a refusal (.et rather than .xls).
//
// Zero fields of lim take their DefaultLimits value. Every error is one of
// the sentinels above (errors.Is), with a message saying what to do.
//
// Decisions:
//   - Numbers are the text excelize shows, as Excel would: a formatted
//     cell as formatted ("45.0", "183,456"), a General one to 15
//     significant digits (a stored 0.30000000000000004 reads "0.3"), so
//     no float noise reaches ParseNumber. Formulas are never evaluated: a
//     formula with no cached value reads "".
//   - Sheets holds every worksheet in order, empty ones too (no Cells),
//     so that sheet i is the workbook's sheet i; hidden sheets are read.
//   - Rows are ragged: each row ends at its last text (or merged fill), and
//     trailing empty rows are dropped; Merged has the shape of Cells.
//   - A merged range whose top-left cell is empty fills nothing; ranges
//     are clipped to the sheet's text extent (see readSheet).
//   - Cell text is cleaned (see clean): runs of spaces inside a cell become
//     one, so "表3-12  2014" reads "表3-12 2014".
//   - The sheet may hold text no lower than row max(MaxCells, 65536), and
//     Read looks at no more than 16×MaxCells+65536 cell slots a sheet
//     (blanks before a cell and merged fill included) or 1/10 MaxCells
//     merged ranges (at least 1000): past these, ErrTooLarge.
func Read(name string, data []byte, lim Limits) (*Workbook, error) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxBytes {
		return nil, fail(ErrTooLarge, "文件大小 %s 超过上限 %s，请删去无关的工作表或数据后再导入（file of %d bytes is over the %d-byte limit）",
			sizeText(int64(len(data))), sizeText(lim.MaxBytes), len(data), lim.MaxBytes)
	}
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(name, "\\", "/")))
	switch {
	case len(data) == 0:
		return nil, fail(ErrEmpty, "文件是空的，没有任何内容（the file is empty）")
	case bytes.HasPrefix(data, magicZip):
		return readXLSX(data, ext, lim)
	case bytes.HasPrefix(data, magicOLE):
		if bytes.Contains(data, encryptedPackage) {
			return nil, fail(ErrEncrypted, "工作簿设有打开密码，请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入（the workbook is password protected: remove the password and save as .xlsx）")
		}
		if ext == ".et" || ext == ".ett" {
			return nil, fail(ErrUnsupported, "这是 WPS 表格旧格式文件（.et），请在 WPS 表格中“另存为” Excel 工作簿（.xlsx）后再导入（a WPS .et file: save it as .xlsx）")
		}
		if ext == ".doc" || ext == ".ppt" || ext == ".wps" || ext == ".dps" {
			return nil, fail(ErrUnsupported, "这是 Word/PPT 等旧版 Office 文档，不是表格；请把表格复制到 Excel 或 WPS 表格中另存为 .xlsx 后再导入（an old Office document, not a workbook: save the table as .xlsx）")
		}
		return nil, fail(ErrUnsupported, "这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后再导入（an Excel 97-2003 .xls file: save it as .xlsx）")
	case bytes.HasPrefix(data, magicPDF):
		return nil, fail(ErrUnsupported, "这是 PDF 文件，无法从中读取表格；请上传原始的 Excel 表格（.xlsx）或 CSV，或把表格复制粘贴进来（a PDF: upload the original .xlsx or CSV, or paste the table）")
	case bytes.HasPrefix(data, magicPNG), bytes.HasPrefix(data, magicJPEG), bytes.HasPrefix(data, magicGIF),
		bytes.HasPrefix(data, []byte("RIFF")) && len(data) >= 12 && string(data[8:12]) == "WEBP",
		bytes.HasPrefix(data, magicBMP) && isBinary(data):
		return nil, fail(ErrUnsupported, "这是图片文件，无法从中读取表格；请上传原始的 Excel 表格（.xlsx）或 CSV（an image: upload the original .xlsx or CSV）")
	case bytes.HasPrefix(data, magicRAR), bytes.HasPrefix(data, magic7z), bytes.HasPrefix(data, []byte{0x1F, 0x8B}):
		return nil, fail(ErrUnsupported, "这是压缩包，请解压后逐个上传其中的 Excel 表格（.xlsx）或 CSV（an archive: unpack it and upload the .xlsx or CSV files）")
	case bytes.HasPrefix(data, bomUTF16L), bytes.HasPrefix(data, bomUTF16B):
		text, err := decodeUTF16(data)
		if err != nil {
			return nil, err
		}
		return readDelimited(name, text, "UTF-16", lim)
	case isBinary(data):
		return nil, fail(ErrUnsupported, "无法识别的文件格式，请上传 Excel 工作簿（.xlsx）或 CSV 文件（not a spreadsheet or text file: upload an .xlsx or CSV）")
	}
	enc := "UTF-8"
	text := ""
	if utf8.Valid(data) {
		text = string(bytes.TrimPrefix(data, bomUTF8))
	} else {
		b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, failCause(ErrCorrupt, err, "文件的文字编码无法识别（既不是 UTF-8 也不是 GB18030），请在 Excel/WPS 中另存为 .xlsx 或 UTF-8 编码的 CSV（the text is neither UTF-8 nor GB18030）")
		}
		text, enc = string(b), "GB18030"
	}
	return readDelimited(name, text, enc, lim)
}

// isBinary reports a NUL byte in the first 8 KB: text in UTF-8 or GB18030
// never holds one (UTF-16 text is recognised by its BOM before this).
func isBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8<<10)], 0) >= 0
}

func decodeUTF16(data []byte) (string, error) {
	be := bytes.HasPrefix(data, bomUTF16B)
	data = data[2:]
	if len(data)%2 == 1 {
		data = data[:len(data)-1]
	}
	u := make([]uint16, len(data)/2)
	for i := range u {
		if be {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return string(utf16.Decode(u)), nil
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// ReadText reads a table pasted as text: tab-separated as Excel, WPS and
// browsers copy a table (a web page's table too), or comma-separated when
// no line holds a tab. Non-breaking and full-width spaces around a cell are
// trimmed; quoted cells holding tabs or line breaks (as Excel copies them)
// are kept whole. The one sheet is named "粘贴". A paste of one column
// (no tab anywhere) is read as CSV, so a lone column of "9,818.1" splits
// at the comma: paste it with its label column, or upload the file.
func ReadText(text string, lim Limits) (*Workbook, error) {
	lim = lim.withDefaults()
	if int64(len(text)) > lim.MaxBytes {
		return nil, fail(ErrTooLarge, "粘贴的内容 %s 超过上限 %s，请分几次粘贴或上传文件（pasted text of %d bytes is over the %d-byte limit）",
			sizeText(int64(len(text))), sizeText(lim.MaxBytes), len(text), lim.MaxBytes)
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	comma := ','
	if strings.Contains(text, "\t") {
		comma = '\t'
	}
	g, err := parseDelimited("粘贴", text, comma, lim)
	if err != nil {
		return nil, err
	}
	return &Workbook{Format: "text", Encoding: "UTF-8", Sheets: []Grid{g}}, nil
}

// readDelimited reads decoded CSV/TSV text as one sheet named after the
// file. It is TSV when one of the first five non-empty lines holds a tab.
func readDelimited(name, text, enc string, lim Limits) (*Workbook, error) {
	format, comma := "csv", ','
	lines := 0
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if strings.Contains(line, "\t") {
			format, comma = "tsv", '\t'
			break
		}
		if lines++; lines >= 5 {
			break
		}
	}
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	base = clean(strings.TrimSuffix(base, path.Ext(base)))
	if base == "" || base == "." || base == "/" {
		base = "表1"
	}
	g, err := parseDelimited(base, text, comma, lim)
	if err != nil {
		return nil, err
	}
	return &Workbook{Format: format, Encoding: enc, Sheets: []Grid{g}}, nil
}

func parseDelimited(name, text string, comma rune, lim Limits) (Grid, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = comma
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	var (
		g     = Grid{Name: name}
		cells int
		area  int
	)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			if pe, ok := errors.AsType[*csv.ParseError](err); ok {
				line = pe.Line
			}
			return Grid{}, failCause(ErrCorrupt, err, "第 %d 行无法按 CSV 读取，请检查引号是否成对，或在 Excel/WPS 中另存为 .xlsx（line %d cannot be read as CSV）", line, line)
		}
		row := make([]string, 0, len(rec))
		for _, f := range rec {
			t := clean(f)
			row = append(row, t)
			if t != "" {
				if cells++; cells > lim.MaxCells {
					return Grid{}, tooManyCells(name, lim)
				}
			}
		}
		row = trimRow(row)
		if area += len(row); area > lim.scanBudget() {
			return Grid{}, tooManyCells(name, lim)
		}
		if len(row) == 0 {
			row = nil
		}
		g.Cells = append(g.Cells, row)
		if len(g.Cells) > lim.maxHeight() {
			return Grid{}, fail(ErrTooLarge, "“%s”超过 %d 行，请只保留需要导入的表格（more than %d rows）", name, lim.maxHeight(), lim.maxHeight())
		}
	}
	finish(&g)
	if cells == 0 {
		return Grid{}, fail(ErrEmpty, "没有找到任何内容，请检查文件或粘贴的内容（no text in any cell）")
	}
	return g, nil
}

func tooManyCells(sheet string, lim Limits) error {
	return fail(ErrTooLarge, "工作表“%s”的非空单元格超过 %d 个，请删去无关的数据或拆成几个文件后再导入（sheet %q has more than %d non-empty cells）",
		sheet, lim.MaxCells, sheet, lim.MaxCells)
}

func trimRow(row []string) []string {
	n := len(row)
	for n > 0 && row[n-1] == "" {
		n--
	}
	return row[:n]
}

// finish drops the grid's trailing empty rows and gives Merged the shape
// of Cells.
func finish(g *Grid) {
	n := len(g.Cells)
	for n > 0 && len(g.Cells[n-1]) == 0 {
		n--
	}
	g.Cells = g.Cells[:n]
	if len(g.Merged) > n {
		g.Merged = g.Merged[:n]
	}
	for len(g.Merged) < n {
		g.Merged = append(g.Merged, nil)
	}
	for r, row := range g.Cells {
		if len(g.Merged[r]) != len(row) {
			m := make([]bool, len(row))
			copy(m, g.Merged[r])
			g.Merged[r] = m
		}
	}
}

// clean gives a cell's text as a person reads it: control characters
// other than tab and line breaks removed, tabs and line breaks made
// spaces; noncharacters U+FFFE/U+FFFF, bidirectional controls (U+200E,
// U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) and zero-width characters
// (U+200B–U+200D, U+2060, U+FEFF) removed, as are bytes that are not
// UTF-8; leading and trailing spaces (U+00A0 and the full-width U+3000
// included) trimmed and runs of spaces inside made one ASCII space.
func clean(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError && size == 1:
			continue
		case r == '\t' || r == '\n' || r == '\r' || unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF,
			r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069,
			r == 0x200E, r == 0x200F, r == 0x061C,
			r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isPlain reports text clean leaves as it is: printable ASCII with no
// space at either end and no two spaces together.
func isPlain(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 && !(c == ' ' && s[i+1] != ' ') || c >= 0x7F {
			return false
		}
	}
	return true
}
