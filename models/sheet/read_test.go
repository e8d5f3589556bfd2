package sheet

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readFixture(t testing.TB, name string) *Workbook {
	t.Helper()
	wb, err := Read(name, fixture(t, name), DefaultLimits)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return wb
}

// cells checks the text at each (r, c) of g.
func cells(t *testing.T, g Grid, want map[[2]int]string) {
	t.Helper()
	for rc, w := range want {
		if got := g.At(rc[0], rc[1]); got != w {
			t.Errorf("%s At(%d,%d) = %q, want %q", g.Name, rc[0], rc[1], got, w)
		}
	}
}

func gridRow(g Grid, r int) string { return strings.Join(g.Cells[r], "|") }

func TestReadYearbook(t *testing.T) {
	for _, name := range []string{"yearbook.xlsx", "libreoffice.xlsx"} {
		t.Run(name, func(t *testing.T) {
			wb := readFixture(t, name)
			if wb.Format != "xlsx" || wb.Encoding != "" || len(wb.Sheets) != 1 {
				t.Fatalf("Format %q Encoding %q, %d sheets", wb.Format, wb.Encoding, len(wb.Sheets))
			}
			g := wb.Sheets[0]
			if g.Name != "表3-12" {
				t.Errorf("Name = %q", g.Name)
			}
			title := "表3-12 2014—2017年衢州市各县（市、区）网上零售额" // two spaces made one
			cells(t, g, map[[2]int]string{
				{0, 0}: title, {0, 4}: title,
				{1, 4}: "单位：亿元", {1, 0}: "",
				{2, 0}: "地区", {3, 0}: "地区", {2, 1}: "年份", {2, 4}: "年份",
				{4, 0}: "衢州市", {4, 1}: "120.5", {4, 4}: "207.3", // the formula's cached value
				{5, 1}: "30.1", {5, 3}: "45.0", {6, 2}: "—", {6, 4}: "22.0",
				{8, 4}: "53.0", {10, 0}: "开化县", {10, 4}: "19.1",
				{11, 0}: "注：2016年起按新口径统计。", {11, 4}: "注：2016年起按新口径统计。",
				{12, 2}: "资料来源：衢州市统计局、衢州市商务局",
			})
			if got := gridRow(g, 3); got != "地区|2014|2015|2016|2017年" {
				t.Errorf("year row = %q", got)
			}
			for _, m := range [][2]int{{0, 1}, {0, 4}, {3, 0}, {2, 2}, {2, 4}, {12, 4}} {
				if !g.IsMerged(m[0], m[1]) {
					t.Errorf("IsMerged(%d,%d) = false", m[0], m[1])
				}
			}
			for _, m := range [][2]int{{0, 0}, {2, 0}, {2, 1}, {4, 4}, {1, 4}, {99, 99}} {
				if g.IsMerged(m[0], m[1]) {
					t.Errorf("IsMerged(%d,%d) = true", m[0], m[1])
				}
			}
			if len(g.Cells) != 13 || g.Width() != 5 || len(g.Merged) != 13 {
				t.Errorf("%d rows, width %d, %d Merged rows", len(g.Cells), g.Width(), len(g.Merged))
			}
			for r := range g.Cells {
				if len(g.Merged[r]) != len(g.Cells[r]) {
					t.Errorf("row %d: %d cells, %d merged flags", r, len(g.Cells[r]), len(g.Merged[r]))
				}
			}
		})
	}
	if p := readFixture(t, "libreoffice.xlsx").Producer; !strings.HasPrefix(p, "LibreOffice") {
		t.Errorf("libreoffice.xlsx Producer = %q", p)
	}
}

func TestReadWPS(t *testing.T) {
	wb := readFixture(t, "wps.xlsx")
	if wb.Producer != "WPS 表格" {
		t.Errorf("Producer = %q", wb.Producer)
	}
	g := wb.Sheets[0]
	cells(t, g, map[[2]int]string{
		{0, 0}: "浙江省部分城市快递业务量", {1, 0}: "单位：万件",
		{2, 0}: "城市", {2, 3}: "2022年",
		{3, 0}: "杭州", {3, 1}: "３５,１２３.４", {3, 2}: "41,055.0", {3, 3}: "45,120.6",
		{4, 1}: "12,345", {5, 2}: "…", {6, 3}: "3,012.5",
	})
	if len(g.Cells) != 7 || g.Width() != 4 {
		t.Errorf("%d rows, width %d", len(g.Cells), g.Width())
	}
}

func TestReadGBKCSV(t *testing.T) {
	wb := readFixture(t, "gbk.csv")
	if wb.Format != "csv" || wb.Encoding != "GB18030" || wb.Producer != "" {
		t.Errorf("Format %q Encoding %q Producer %q", wb.Format, wb.Encoding, wb.Producer)
	}
	g := wb.Sheets[0]
	if g.Name != "gbk" {
		t.Errorf("Name = %q", g.Name)
	}
	cells(t, g, map[[2]int]string{
		{0, 0}: "表2 2019—2021年部分省份网络零售额（亿元）",
		{1, 0}: "地区", {1, 3}: "2021", {2, 0}: "浙江省", {2, 1}: "19773.1",
		{4, 3}: "34511.9", {6, 0}: "数据来源：商务部电子商务和信息化司",
	})
	if len(g.Cells) != 7 || len(g.Cells[0]) != 1 || len(g.Cells[6]) != 1 {
		t.Errorf("trailing empty cells kept: %q", g.Cells)
	}
}

func TestReadPastedFile(t *testing.T) {
	wb := readFixture(t, "pasted-web.txt")
	if wb.Format != "tsv" || wb.Encoding != "UTF-8" {
		t.Errorf("Format %q Encoding %q", wb.Format, wb.Encoding)
	}
	g := wb.Sheets[0]
	cells(t, g, map[[2]int]string{{1, 1}: "9,818.1", {2, 2}: "-", {3, 2}: "1,705.7", {0, 2}: "2020年"})
	if g.Width() != 3 {
		t.Errorf("width %d: trailing empty column kept", g.Width())
	}
	// The same text pasted.
	wb, err := ReadText(string(fixture(t, "pasted-web.txt")), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if wb.Format != "text" || wb.Encoding != "UTF-8" || wb.Sheets[0].Name != "粘贴" {
		t.Errorf("Format %q Encoding %q Name %q", wb.Format, wb.Encoding, wb.Sheets[0].Name)
	}
	if got := wb.Sheets[0].At(1, 1); got != "9,818.1" {
		t.Errorf("At(1,1) = %q", got)
	}
	if w := wb.Sheets[0].Width(); w != 3 {
		t.Errorf("pasted width %d", w)
	}
}

func TestReadOtherFixtures(t *testing.T) {
	g := readFixture(t, "metrics-across.xlsx").Sheets[0]
	cells(t, g, map[[2]int]string{
		{0, 4}: "2020年衢州市各县（市、区）电子商务主要指标",
		{1, 0}: "地区", {2, 0}: "地区", {1, 1}: "网络零售额", {1, 2}: "网络零售额",
		{2, 1}: "绝对额（亿元）", {2, 2}: "增长（%）", {1, 3}: "快递业务量（万件）", {2, 3}: "快递业务量（万件）",
		{2, 4}: "农村网络零售额（亿元）", {3, 3}: "8123", {5, 2}: "18", {5, 4}: "10.2",
	})
	if !g.IsMerged(1, 2) || g.IsMerged(2, 2) || !g.IsMerged(2, 3) {
		t.Error("merged flags of the header")
	}

	g = readFixture(t, "wanyuan.xlsx").Sheets[0]
	cells(t, g, map[[2]int]string{{1, 0}: "单位：万元", {3, 1}: "183,456", {4, 1}: "152,300", {5, 1}: "260,012.5"})

	wb := readFixture(t, "ambiguous.xlsx")
	if len(wb.Sheets) != 2 || wb.Sheets[0].Name != "南京" || wb.Sheets[1].Name != "鼓楼" {
		t.Fatalf("sheets %v", wb.Sheets)
	}
	cells(t, wb.Sheets[0], map[[2]int]string{{0, 1}: "2020", {4, 0}: "鼓楼区", {4, 1}: "150.4"})
	cells(t, wb.Sheets[1], map[[2]int]string{{1, 1}: "88.8", {2, 0}: "南京市鼓楼区"})

	wb = readFixture(t, "periods-down.xlsx")
	cells(t, wb.Sheets[0], map[[2]int]string{{2, 0}: "2015年", {7, 1}: "290.6", {2, 2}: "0.52", {7, 2}: "1.45"})
	cells(t, wb.Sheets[1], map[[2]int]string{{2, 0}: "一季度", {3, 0}: "1-6月", {5, 0}: "全年", {5, 1}: "320.4"})

	wb = readFixture(t, "long.csv")
	if wb.Encoding != "UTF-8" || wb.Sheets[0].At(0, 0) != "地区" || wb.Sheets[0].At(3, 4) != "亿件" {
		t.Errorf("long.csv: %q %q", wb.Encoding, wb.Sheets[0].Cells)
	}
}

func TestReadRefused(t *testing.T) {
	for _, tc := range []struct {
		file, as string
		want     error
		words    []string
	}{
		{"old.xls", "old.xls", ErrUnsupported, []string{"Excel 97-2003", ".xls", "另存为", ".xlsx"}},
		{"old.xls", "报表.et", ErrUnsupported, []string{"WPS 表格", ".et", "另存为"}},
		{"old.xls", "renamed.xlsx", ErrUnsupported, []string{".xls", "另存为"}},
		{"protected.xlsx", "protected.xlsx", ErrEncrypted, []string{"密码", "另存为"}},
		{"macro.xlsm", "macro.xlsm", ErrMacro, []string{"宏", "另存为"}},
		{"corrupt.xlsx", "corrupt.xlsx", ErrCorrupt, []string{"损坏"}},
		{"report.pdf", "report.xlsx", ErrUnsupported, []string{"PDF"}},
	} {
		t.Run(tc.as, func(t *testing.T) {
			wb, err := Read(tc.as, fixture(t, tc.file), DefaultLimits)
			if !errors.Is(err, tc.want) || wb != nil {
				t.Fatalf("Read(%s) = %v, %v; want %v", tc.as, wb, err, tc.want)
			}
			for _, w := range tc.words {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
}

// zipOf builds a zip of the given parts (name, content), in order.
func zipOf(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[i+1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// workbook saves f, after edit has changed its sheet1.xml when edit is
// not nil.
func workbook(t testing.TB, f *excelize.File, edit func(sheet []byte) []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if edit == nil {
		return buf.Bytes()
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if zf.Name == "xl/worksheets/sheet1.xml" {
			b = edit(b)
		}
		parts = append(parts, zf.Name, string(b))
	}
	return zipOf(t, parts...)
}

func TestReadUnsupportedContent(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want error
		word string
	}{
		{"a.ods", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<x/>"), ErrUnsupported, "OpenDocument 表格（.ods）"},
		{"a.xlsx", zipOf(t, "readme.txt", "hello"), ErrUnsupported, "不是 Excel 工作簿"},
		{"a.xlsx", zipOf(t, "word/document.xml", "<x/>"), ErrUnsupported, "Word"},
		{"a.xlsx", zipOf(t, "[Content_Types].xml", `<Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>`, "xl/workbook.xml", "<x/>"), ErrMacro, "宏"},
		{"a.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrUnsupported, "图片"},
		{"a.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, ErrUnsupported, "图片"},
		{"a.gif", []byte("GIF89a\x01\x00"), ErrUnsupported, "图片"},
		{"a.bin", []byte("abc\x00\x01\x02def"), ErrUnsupported, ".xlsx"},
		{"a.csv", nil, ErrEmpty, "空"},
		{"a.csv", []byte(" , ,\n\u3000,\u00a0\n"), ErrEmpty, "没有"},
		{"a.xlsx", []byte("PK\x03\x04garbage"), ErrCorrupt, "损坏"},
		{"a.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, utf16LEBytes("EncryptedPackage")...), ErrEncrypted, "密码"},
	} {
		wb, err := Read(tc.name, tc.data, DefaultLimits)
		if !errors.Is(err, tc.want) || wb != nil || !strings.Contains(fmt.Sprint(err), tc.word) {
			t.Errorf("Read(%s, % x…) = %v; want %v with %q", tc.name, tc.data[:min(8, len(tc.data))], err, tc.want, tc.word)
		}
	}
}

func utf16LEBytes(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestReadEmptyWorkbook(t *testing.T) {
	f := excelize.NewFile()
	f.NewSheet("Sheet2")
	f.SetCellValue("Sheet2", "C3", "\u00a0 \u200b")
	_, err := Read("empty.xlsx", workbook(t, f, nil), DefaultLimits)
	if !errors.Is(err, ErrEmpty) {
		t.Fatalf("err = %v, want ErrEmpty", err)
	}
}

func TestReadTooLarge(t *testing.T) {
	lim := Limits{MaxBytes: 100, MaxCells: 1000, MaxUnzipped: 1 << 20, MaxXMLPart: 1 << 20, MaxSheets: 2}
	if _, err := Read("a.csv", bytes.Repeat([]byte("a"), 101), lim); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxBytes+1: %v", err)
	}
	if _, err := Read("a.csv", bytes.Repeat([]byte("a"), 100), lim); err != nil {
		t.Errorf("MaxBytes: %v", err)
	}
	if _, err := ReadText(strings.Repeat("a", 101), lim); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadText MaxBytes+1: %v", err)
	}
	lim.MaxBytes = 10 << 20

	// MaxCells+1 cells in a sheet, and MaxCells.
	for _, n := range []int{1000, 1001} {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		for r := 0; r*10 < n; r++ {
			vals := make([]any, min(10, n-r*10))
			for c := range vals {
				vals[c] = r*10 + c
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			sw.SetRow(cell, vals)
		}
		sw.Flush()
		_, err = Read("cells.xlsx", workbook(t, f, nil), lim)
		if n > lim.MaxCells && (!errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "Sheet1") || !strings.Contains(err.Error(), "1000")) {
			t.Errorf("%d cells: %v", n, err)
		}
		if n <= lim.MaxCells && err != nil {
			t.Errorf("%d cells: %v", n, err)
		}
	}
	csv := strings.Repeat("1,2,3,4,5,6,7,8,9,10\n", 100) + "x\n"
	if _, err := Read("a.csv", []byte(csv), lim); !errors.Is(err, ErrTooLarge) {
		t.Errorf("CSV of MaxCells+1: %v", err)
	}
	if _, err := ReadText(csv, lim); !errors.Is(err, ErrTooLarge) {
		t.Errorf("text of MaxCells+1: %v", err)
	}

	// More sheets than MaxSheets.
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "x")
	f.NewSheet("Sheet2")
	f.NewSheet("Sheet3")
	if _, err := Read("sheets.xlsx", workbook(t, f, nil), lim); !errors.Is(err, ErrTooLarge) {
		t.Errorf("3 sheets of 2: %v", err)
	}
}

// TestReadZipBomb: a sheet that inflates to 32 MiB from a few KB is
// refused by its declared size, and a part whose header lies about its
// size is stopped by archive/zip at the declared size; neither allocates
// anything near the inflated size.
func TestReadZipBomb(t *testing.T) {
	lim := Limits{MaxBytes: 10 << 20, MaxCells: 1000, MaxUnzipped: 1 << 20, MaxXMLPart: 1 << 20, MaxSheets: 8}
	const inflated = 32 << 20
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "x")
	base := workbook(t, f, nil)
	build := func(lie bool) []byte {
		zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, zf := range zr.File {
			if zf.Name == "xl/worksheets/sheet1.xml" {
				// Compress the bomb first to know its CRC and sizes.
				var comp bytes.Buffer
				fw, _ := newFlate(&comp)
				head := `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>`
				crc := newCRC()
				write := func(s []byte) { fw.Write(s); crc.Write(s) }
				write([]byte(head))
				spaces := bytes.Repeat([]byte(" "), 1<<16)
				for n := 0; n < inflated; n += len(spaces) {
					write(spaces)
				}
				write([]byte(`</sheetData></worksheet>`))
				fw.Close()
				size := uint64(len(head) + inflated + len(`</sheetData></worksheet>`))
				if lie {
					size = 4096
				}
				w, err := zw.CreateRaw(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, CRC32: crc.Sum32(),
					CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
				if err != nil {
					t.Fatal(err)
				}
				w.Write(comp.Bytes())
				continue
			}
			w, _ := zw.Create(zf.Name)
			rc, _ := zf.Open()
			io.Copy(w, rc)
			rc.Close()
		}
		zw.Close()
		return buf.Bytes()
	}
	for _, lie := range []bool{false, true} {
		data := build(lie)
		if len(data) > 200<<10 {
			t.Fatalf("bomb of %d bytes", len(data))
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Read("bomb.xlsx", data, lim)
		runtime.ReadMemStats(&after)
		want := ErrTooLarge
		if lie {
			want = ErrCorrupt
		}
		if !errors.Is(err, want) {
			t.Errorf("lying header %v: err = %v, want %v", lie, err, want)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > inflated/4 {
			t.Errorf("lying header %v: allocated %d bytes for a %d-byte bomb", lie, alloc, inflated)
		}
	}
}

// TestReadGiantMerge: a merged range over the whole sheet fills only the
// extent of the sheet's text.
func TestReadGiantMerge(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "标题")
	f.SetCellValue("Sheet1", "B2", "x")
	f.SetCellValue("Sheet1", "C3", "y")
	data := workbook(t, f, func(sheet []byte) []byte {
		return bytes.Replace(sheet, []byte("</sheetData>"),
			[]byte(`</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>`), 1)
	})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	wb, err := Read("merge.xlsx", data, DefaultLimits)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	g := wb.Sheets[0]
	if len(g.Cells) != 3 || g.Width() != 3 || g.At(2, 2) != "标题" || !g.IsMerged(2, 2) || g.IsMerged(0, 0) {
		t.Errorf("cells %q", g.Cells)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("allocated %d bytes", alloc)
	}
}

// TestReadManyMerges: a sheet of more merged ranges than maxMerges is
// refused before excelize compares them pairwise.
func TestReadManyMerges(t *testing.T) {
	lim := Limits{MaxCells: 1000}
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "x")
	data := workbook(t, f, func(sheet []byte) []byte {
		var m strings.Builder
		m.WriteString(`</sheetData><mergeCells>`)
		for r := 1; r <= 1500; r++ {
			fmt.Fprintf(&m, `<mergeCell ref="A%d:B%d"/>`, r, r)
		}
		m.WriteString(`</mergeCells>`)
		return bytes.Replace(sheet, []byte("</sheetData>"), []byte(m.String()), 1)
	})
	if _, err := Read("merges.xlsx", data, lim); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "合并单元格") {
		t.Errorf("err = %v", err)
	}
}

// TestReadNumbers: excelize shows a General-format number as Excel does,
// to 15 significant digits, so a float's binary noise never reaches the
// number parser.
func TestReadNumbers(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", 1)
	data := workbook(t, f, func(sheet []byte) []byte {
		return bytes.Replace(sheet, []byte(`<row r="1"><c r="A1"><v>1</v></c></row>`),
			[]byte(`<row r="1"><c r="A1"><v>0.30000000000000004</v></c><c r="B1"><v>1234567.891</v></c><c r="C1"><v>-12.5</v></c></row>`), 1)
	})
	wb, err := Read("n.xlsx", data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if got := gridRow(wb.Sheets[0], 0); got != "0.3|1234567.891|-12.5" {
		t.Errorf("row = %q", got)
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"":                             "",
		"abc":                          "abc",
		"  a  b  ":                     "a b",
		"\u00a0\u3000衢州市\u3000":        "衢州市",
		"衢\u200b州\u200d市\ufeff":        "衢州市",
		"\u202e12.5\u202c":             "12.5",
		"\u2066柯城区\u2069":              "柯城区",
		"a\x00b\x01c\x7fd\u0085e":      "abcd e",
		"网络零售额\n（亿元）":                  "网络零售额 （亿元）",
		"a\tb\r\nc":                    "a b c",
		"x\ufffey\uffff":               "xy",
		"bad\xffutf8":                  "badutf8",
		"\u200e\u200f\u061c":           "",
		"1,234 ":                       "1,234",
		"full\u3000\u3000width\u00a0 ": "full width",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	// In a file too.
	wb, err := Read("c.csv", []byte("\u202e地区\u202c,\x01值\n\u200b衢州市,\u00a012.5\u00a0\n"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if got := gridRow(wb.Sheets[0], 0) + "/" + gridRow(wb.Sheets[0], 1); got != "地区|值/衢州市|12.5" {
		t.Errorf("cells %q", got)
	}
}

func TestReadTextEncodings(t *testing.T) {
	// UTF-16LE with BOM, tab-separated: Excel's "Unicode text".
	text := "地区\t2021年\r\n衢州市\t320.4\r\n"
	le := []byte{0xFF, 0xFE}
	le = append(le, utf16LEBytes(text)...)
	wb, err := Read("unicode.txt", le, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if wb.Encoding != "UTF-16" || wb.Format != "tsv" || wb.Sheets[0].At(1, 1) != "320.4" || wb.Sheets[0].Name != "unicode" {
		t.Errorf("UTF-16LE: %+v", wb)
	}
	be := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(text)) {
		be = append(be, byte(u>>8), byte(u))
	}
	if wb, err := Read("", be, DefaultLimits); err != nil || wb.Sheets[0].At(1, 0) != "衢州市" || wb.Sheets[0].Name != "表1" {
		t.Errorf("UTF-16BE: %v %+v", err, wb)
	}

	// GB18030 beyond GBK: 𠀀 (four bytes) and 硚 round trip.
	src := "地区,数值\n武汉市硚口区,12.5\n𠀀,1\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	wb, err = Read("gb.csv", gb, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if wb.Encoding != "GB18030" || wb.Sheets[0].At(1, 0) != "武汉市硚口区" || wb.Sheets[0].At(2, 0) != "𠀀" {
		t.Errorf("GB18030: %q %q", wb.Encoding, wb.Sheets[0].Cells)
	}

	// UTF-8 with BOM; the BOM is not part of the first cell.
	wb, err = Read("bom.csv", []byte("\ufeff地区,值\n"), DefaultLimits)
	if err != nil || wb.Sheets[0].At(0, 0) != "地区" || wb.Encoding != "UTF-8" || wb.Format != "csv" {
		t.Errorf("BOM: %v %+v", err, wb)
	}
}

func TestReadText(t *testing.T) {
	// Excel quotes a cell holding a line break or a tab.
	wb, err := ReadText("地区\t\"网络零售额\n（亿元）\"\t\"a\tb\"\n衢州市\t320.4\t\n\n", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	g := wb.Sheets[0]
	if gridRow(g, 0) != "地区|网络零售额 （亿元）|a b" || gridRow(g, 1) != "衢州市|320.4" || len(g.Cells) != 2 {
		t.Errorf("cells %q", g.Cells)
	}
	// No tab anywhere: CSV.
	wb, err = ReadText("地区,2021\n衢州市,320.4", DefaultLimits)
	if err != nil || wb.Sheets[0].At(1, 1) != "320.4" {
		t.Errorf("CSV paste: %v %+v", err, wb)
	}
	// A stray quote inside a cell is kept.
	wb, err = ReadText("名称\t值\n5\"屏\t1\n", DefaultLimits)
	if err != nil || wb.Sheets[0].At(1, 0) != `5"屏` {
		t.Errorf("stray quote: %v %+v", err, wb)
	}
	if _, err := ReadText(" \t \n\u00a0\n", DefaultLimits); !errors.Is(err, ErrEmpty) {
		t.Errorf("blank paste: %v", err)
	}
}

func TestColumnNameLocator(t *testing.T) {
	for c, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := ColumnName(c); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", c, got, want)
		}
	}
	g := Grid{Name: "表3-12"}
	if got := g.Locator(6, 2); got != "表3-12!C7" {
		t.Errorf("Locator = %q", got)
	}
}

// FuzzRead: no input makes Read panic or return both a workbook and an
// error; seeded with the fixtures. Run:
//
//	go test ./models/sheet -run XXX -fuzz FuzzRead -fuzztime 30s
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, name := range files {
		if strings.HasSuffix(name, ".go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(name), b)
	}
	lim := Limits{MaxBytes: 1 << 20, MaxCells: 5000, MaxUnzipped: 4 << 20, MaxXMLPart: 1 << 20, MaxSheets: 8}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		wb, err := Read(name, data, lim)
		if (wb == nil) == (err == nil) {
			t.Fatalf("Read = %v, %v", wb, err)
		}
		if err != nil {
			for _, s := range []error{ErrTooLarge, ErrUnsupported, ErrEncrypted, ErrMacro, ErrCorrupt, ErrEmpty} {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error %v wraps no sentinel", err)
		}
		for _, g := range wb.Sheets {
			if len(g.Merged) != len(g.Cells) {
				t.Fatalf("Merged %d rows, Cells %d", len(g.Merged), len(g.Cells))
			}
		}
		if _, err := ReadText(string(data), lim); err != nil && !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("ReadText: %v", err)
		}
	})
}

// BenchmarkReadXLSX reads a workbook of 10,000 figures: 100 regions down
// the side, 100 periods across.
func BenchmarkReadXLSX(b *testing.B) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"地区"}
	for p := range 100 {
		header = append(header, fmt.Sprintf("%d年%d月", 2015+p/12, p%12+1))
	}
	sw.SetRow("A1", header)
	for r := range 100 {
		vals := []any{fmt.Sprintf("地区%d", r)}
		for p := range 100 {
			vals = append(vals, float64(r*100+p)/10)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		sw.SetRow(cell, vals)
	}
	sw.Flush()
	data := workbook(b, f, nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read("bench.xlsx", data, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

func newFlate(w io.Writer) (*flate.Writer, error) { return flate.NewWriter(w, flate.BestCompression) }

func newCRC() hash.Hash32 { return crc32.NewIEEE() }

func TestAppendMerges(t *testing.T) {
	in := `<mergeCells count="4"><mergeCell ref="A1:E1"/><x:mergeCell  ref='A3:A4' /><mergeCell
ref="B3:E3"></mergeCell><mergeCell/><mergeCellX ref="Z1:Z2"/></mergeCells><c><t>mergeCell ref="Q1:Q9"</t></c><mergeCell xref="C1:C2" ref="D1:D2"/>`
	got := strings.Join(appendMerges(nil, []byte(in)), " ")
	if want := "A1:E1 A3:A4 B3:E3 D1:D2"; got != want {
		t.Errorf("appendMerges = %q, want %q", got, want)
	}
}
