//go:build ignore

// Command make_fixtures writes the spreadsheet fixtures the sheet tests
// read, into the directory that holds this file. Run it from the module
// root:
//
//	go run ./models/sheet/testdata/make_fixtures.go
//
// The workbooks are written with excelize; where a fixture must look
// written by another application (a formula's cached value, WPS's inline
// strings and properties) the saved zip is post-processed. old.xls and
// libreoffice.xlsx are converted by LibreOffice (soffice); when soffice is
// not installed they are skipped with a message and the committed copies
// stay. The generated files are committed: tests do not need soffice.
package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"log"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var dir string

func main() {
	_, file, _, _ := runtime.Caller(0)
	dir = filepath.Dir(file)
	yearbook()
	wps()
	gbk()
	write("pasted-web.txt", []byte("地区\t2019年\t2020年\n杭州市\t\u00a09,818.1\t10,939.2\n宁波市\t2,306.4\t-\n温州市\t1,516.8\t1,705.7\t\n"))
	metricsAcross()
	wanyuan()
	ambiguous()
	periodsDown()
	write("long.csv", []byte("\ufeff地区,指标,时期,数值,单位\n衢州市,网络零售额,2021,320.4,亿元\n柯城区,网络零售额,2021,80.5,亿元\n衢州市,快递业务量,2021,1.8,亿件\n"))
	bad()
	soffice()
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func write(name string, b []byte) {
	check(os.WriteFile(filepath.Join(dir, name), b, 0o644))
	fmt.Printf("%-22s %6d bytes\n", name, len(b))
}

func save(f *excelize.File, name string) []byte {
	var buf bytes.Buffer
	check(f.Write(&buf))
	write(name, buf.Bytes())
	return buf.Bytes()
}

// set writes cells from a map of cell name to value (numbers stay numbers).
func set(f *excelize.File, sheet string, cells map[string]any) {
	for _, cell := range slices.Sorted(maps.Keys(cells)) {
		check(f.SetCellValue(sheet, cell, cells[cell]))
	}
}

func merge(f *excelize.File, sheet string, ranges ...string) {
	for _, r := range ranges {
		a, b, _ := strings.Cut(r, ":")
		check(f.MergeCell(sheet, a, b))
	}
}

func numFmt(f *excelize.File, format string) int {
	id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	check(err)
	return id
}

// rewrite copies a zip, replacing the parts edit returns new content for.
func rewrite(data []byte, edit func(name string, old []byte) []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	check(err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		check(err)
		old, err := io.ReadAll(rc)
		check(err)
		rc.Close()
		if nb := edit(f.Name, old); nb != nil {
			old = nb
		}
		w, err := zw.Create(f.Name)
		check(err)
		_, err = w.Write(old)
		check(err)
	}
	check(zw.Close())
	return buf.Bytes()
}

func yearbook() {
	f := excelize.NewFile()
	const s = "表3-12"
	check(f.SetSheetName("Sheet1", s))
	set(f, s, map[string]any{
		"A1": "表3-12  2014—2017年衢州市各县（市、区）网上零售额",
		"E2": "单位：亿元",
		"A3": "地区", "B3": "年份",
		"B4": 2014, "C4": 2015, "D4": 2016, "E4": "2017年",
		"A12": "注：2016年起按新口径统计。",
		"A13": "资料来源：衢州市统计局、衢州市商务局",
	})
	merge(f, s, "A1:E1", "A3:A4", "B3:E3", "A12:E12", "A13:E13")
	style := numFmt(f, "0.0")
	rows := []struct {
		name string
		v    []any
	}{
		{"衢州市", []any{120.5, 150.2, 190.3, nil}},
		{"柯城区", []any{30.1, 36.2, 45.0, 52.3}},
		{"衢江区", []any{12.4, "—", 18.9, 22.0}},
		{"龙游县", []any{20.3, 25.6, 31.2, 38.5}},
		{"江山市", []any{28.7, 35.1, 44.6, 53.0}},
		{"常山县", []any{11.2, 14.8, 18.3, 22.4}},
		{"开化县", []any{9.8, 12.5, 15.4, 19.1}},
	}
	for i, r := range rows {
		row := 5 + i
		check(f.SetCellValue(s, fmt.Sprintf("A%d", row), r.name))
		for j, v := range r.v {
			cell := fmt.Sprintf("%c%d", 'B'+j, row)
			if v != nil {
				check(f.SetCellValue(s, cell, v))
			}
			if _, text := v.(string); !text {
				check(f.SetCellStyle(s, cell, cell, style))
			}
		}
	}
	check(f.SetCellFormula(s, "E5", "SUM(E6:E11)"))
	var buf bytes.Buffer
	check(f.Write(&buf))
	// excelize computes no cached value: write the one Excel would have.
	data := rewrite(buf.Bytes(), func(name string, old []byte) []byte {
		if name != "xl/worksheets/sheet1.xml" {
			return nil
		}
		const formula = "<f>SUM(E6:E11)</f>"
		if !bytes.Contains(old, []byte(formula)) {
			log.Fatalf("yearbook: no %s in %s", formula, old)
		}
		old = bytes.Replace(old, []byte(formula+"<v></v>"), []byte(formula), 1)
		return bytes.Replace(old, []byte(formula), []byte(formula+"<v>207.3</v>"), 1)
	})
	write("yearbook.xlsx", data)
	write("corrupt.xlsx", data[:3000])
}

func wps() {
	f := excelize.NewFile()
	check(f.SetAppProps(&excelize.AppProperties{Application: "WPS 表格"}))
	check(f.SetCustomProps(excelize.CustomProperty{Name: "KSOProductBuildVer", Value: "2052-11.1.0.14309"}))
	var buf bytes.Buffer
	check(f.Write(&buf))
	rows := [][]string{
		{"浙江省部分城市快递业务量"},
		{"单位：万件"},
		{"城市", "2020年", "2021年", "2022年"},
		{"杭州", "３５,１２３.４", "41,055.0", "45,120.6"},
		{"宁波", "12,345", "14,567.8", "16,789"},
		{"温州", "20,456.7", "…", "25,678.9"},
		{"衢州", "2,345.6", "2,789.1", "3,012.5"},
	}
	// WPS writes strings inline (t="inlineStr"), not in sharedStrings.xml.
	var x strings.Builder
	x.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	x.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>`)
	for i, row := range rows {
		fmt.Fprintf(&x, `<row r="%d">`, i+1)
		for j, v := range row {
			fmt.Fprintf(&x, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+j, i+1, v)
		}
		x.WriteString(`</row>`)
	}
	x.WriteString(`</sheetData></worksheet>`)
	write("wps.xlsx", rewrite(buf.Bytes(), func(name string, old []byte) []byte {
		if name == "xl/worksheets/sheet1.xml" {
			return []byte(x.String())
		}
		return nil
	}))
}

func gbk() {
	text := strings.Join([]string{
		"表2 2019—2021年部分省份网络零售额（亿元）,,,",
		"地区,2019,2020,2021",
		"浙江省,19773.1,22608.1,25230.3",
		"江苏省,10253.7,11265.1,12371.2",
		"广东省,28826.1,31565.6,34511.9",
		"上海市,9987.6,11283.4,12654.2",
		"数据来源：商务部电子商务和信息化司,,,",
	}, "\r\n") + "\r\n"
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	check(err)
	write("gbk.csv", b)
}

func metricsAcross() {
	f := excelize.NewFile()
	const s = "主要指标"
	check(f.SetSheetName("Sheet1", s))
	set(f, s, map[string]any{
		"A1": "2020年衢州市各县（市、区）电子商务主要指标",
		"A2": "地区", "B2": "网络零售额", "B3": "绝对额（亿元）", "C3": "增长（%）",
		"D2": "快递业务量（万件）", "E2": "农村网络零售额（亿元）",
		"A4": "柯城区", "B4": 60.2, "C4": 15.1, "D4": 8123, "E4": 12.3,
		"A5": "江山市", "B5": 70.5, "C5": 12.4, "D5": 9456, "E5": 20.1,
		"A6": "开化县", "B6": 25.3, "C6": 18, "D6": 3210, "E6": 10.2,
	})
	merge(f, s, "A1:E1", "A2:A3", "B2:C2", "D2:D3", "E2:E3")
	save(f, "metrics-across.xlsx")
}

func wanyuan() {
	f := excelize.NewFile()
	const s = "Sheet1"
	set(f, s, map[string]any{
		"A1": "2018年浙江省部分县网络零售额", "A2": "单位：万元",
		"A3": "县（市、区）", "B3": "2018年",
		"A4": "常山县", "B4": 183456,
		"A5": "开化县", "B5": 152300,
		"A6": "龙游县", "B6": 260012.5,
	})
	whole, err := f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
	check(err)
	check(f.SetCellStyle(s, "B4", "B5", whole))
	check(f.SetCellStyle(s, "B6", "B6", numFmt(f, "#,##0.0")))
	save(f, "wanyuan.xlsx")
}

func ambiguous() {
	f := excelize.NewFile()
	check(f.SetSheetName("Sheet1", "南京"))
	set(f, "南京", map[string]any{
		"A1": "地区", "B1": 2020,
		"A2": "玄武区", "B2": 100.5,
		"A3": "秦淮区", "B3": 80.2,
		"A4": "建邺区", "B4": 120.3,
		"A5": "鼓楼区", "B5": 150.4,
	})
	_, err := f.NewSheet("鼓楼")
	check(err)
	set(f, "鼓楼", map[string]any{
		"A1": "地区", "B1": 2020,
		"A2": "鼓楼区", "B2": 88.8,
		"A3": "南京市鼓楼区", "B3": 150.4,
	})
	save(f, "ambiguous.xlsx")
}

func periodsDown() {
	f := excelize.NewFile()
	check(f.SetSheetName("Sheet1", "年度"))
	set(f, "年度", map[string]any{
		"A1": "衢州市电子商务发展情况（2015—2020年）",
		"A2": "年份", "B2": "网络零售额（亿元）", "C2": "快递业务量（亿件）",
	})
	b := []float64{100.1, 130.2, 165.3, 200.4, 240.5, 290.6}
	c := []float64{0.52, 0.68, 0.85, 1.02, 1.21, 1.45}
	for i := range b {
		row := 3 + i
		set(f, "年度", map[string]any{
			fmt.Sprintf("A%d", row): fmt.Sprintf("%d年", 2015+i),
			fmt.Sprintf("B%d", row): b[i],
			fmt.Sprintf("C%d", row): c[i],
		})
	}
	_, err := f.NewSheet("季度")
	check(err)
	set(f, "季度", map[string]any{
		"A1": "2021年衢州市网络零售额（分季度）",
		"A2": "时期", "B2": "网络零售额（亿元）",
		"A3": "一季度", "B3": 70.1,
		"A4": "1-6月", "B4": 150.2,
		"A5": "1-9月", "B5": 230.3,
		"A6": "全年", "B6": 320.4,
	})
	save(f, "periods-down.xlsx")
}

func bad() {
	f := excelize.NewFile()
	check(f.SetCellValue("Sheet1", "A1", "地区"))
	check(f.SetCellValue("Sheet1", "B1", 2020))
	check(f.SetCellValue("Sheet1", "A2", "衢州市"))
	check(f.SetCellValue("Sheet1", "B2", 320.4))
	check(f.SaveAs(filepath.Join(dir, "protected.xlsx"), excelize.Options{Password: "123"}))
	check(os.Chmod(filepath.Join(dir, "protected.xlsx"), 0o644))
	fmt.Println("protected.xlsx")

	f = excelize.NewFile()
	check(f.SetCellValue("Sheet1", "A1", "地区"))
	check(f.SetCellValue("Sheet1", "A2", "衢州市"))
	// A VBA project is an OLE2 compound file; its bytes matter only in
	// that the reader must refuse the workbook before looking at them.
	vba := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	check(f.AddVBAProject(vba))
	check(f.SaveAs(filepath.Join(dir, "macro.xlsm")))
	check(os.Chmod(filepath.Join(dir, "macro.xlsm"), 0o644))
	fmt.Println("macro.xlsm")

	write("report.pdf", []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"+
		"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"+
		"trailer << /Root 1 0 R >>\n%%EOF\n"))
}

// soffice converts yearbook.xlsx to old.xls (BIFF8) and re-saves it as
// libreoffice.xlsx, a second producer's writing of the same table.
func soffice() {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		fmt.Println("soffice not found: old.xls and libreoffice.xlsx not remade (the committed copies stay)")
		return
	}
	tmp, err := os.MkdirTemp("", "fixtures-")
	check(err)
	defer os.RemoveAll(tmp)
	for _, to := range []string{"xls", "xlsx"} {
		out := filepath.Join(tmp, to)
		cmd := exec.Command(bin, "-env:UserInstallation=file://"+filepath.Join(tmp, "profile"),
			"--headless", "--convert-to", to, "--outdir", out, filepath.Join(dir, "yearbook.xlsx"))
		if b, err := cmd.CombinedOutput(); err != nil {
			log.Fatalf("soffice --convert-to %s: %v\n%s", to, err, b)
		}
		b, err := os.ReadFile(filepath.Join(out, "yearbook."+to))
		check(err)
		if to == "xls" {
			write("old.xls", b)
		} else {
			write("libreoffice.xlsx", b)
		}
	}
}
