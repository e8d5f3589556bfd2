package sheet

import "errors"

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

// Read reads a file by its name and content. The content decides the
// format whatever the name says: a zip is an xlsx (read with excelize,
// its unzip limits set from lim; formulas give their cached values), an
// OLE2 compound file is an old .xls/.et or a password-protected xlsx
// (refused: ErrUnsupported with how to save as .xlsx, or ErrEncrypted),
// and text is CSV, or TSV when its first lines hold tabs, in UTF-8 (with or
// without BOM) or else GB18030 (which covers GBK and GB2312). A PDF, an
// image, an .ods or other binary is ErrUnsupported, naming what it is.
func Read(name string, data []byte, lim Limits) (*Workbook, error) {
	panic("sheet.Read: not written yet")
}

// ReadText reads a table pasted as text: tab-separated as Excel, WPS and
// browsers copy a table (a web page's table too), or comma-separated when
// no line holds a tab. Non-breaking and full-width spaces around a cell are
// trimmed; quoted cells holding tabs or line breaks (as Excel copies them)
// are kept whole.
func ReadText(text string, lim Limits) (*Workbook, error) {
	panic("sheet.ReadText: not written yet")
}
