// Package sheettest writes the large workbooks the import's benchmarks and
// bounds are measured on: a yearbook table of many regions by many years,
// as an office would keep it.
package sheettest

import (
	"bytes"
	"fmt"
	"math/rand/v2"

	"github.com/xuri/excelize/v2"
)

// Yearbook returns an .xlsx whose first sheet is a yearbook table: a title
// row, a unit line, a header row 地区 | 2001年 | 2002年 …, one row per
// region name with a figure (one decimal, drawn from a fixed seed) for
// each of years, and a source line. It has len(regions) × years figures.
func Yearbook(regions []string, years int) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("stream writer: %w", err)
	}
	first := 2021 - years
	write := func(row int, cells []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, cells)
	}
	if err := write(1, []any{fmt.Sprintf("%d—%d年各地网络零售额", first, first+years-1)}); err != nil {
		return nil, err
	}
	if err := write(2, []any{"单位：亿元"}); err != nil {
		return nil, err
	}
	header := []any{"地区"}
	for y := range years {
		header = append(header, fmt.Sprintf("%d年", first+y))
	}
	if err := write(3, header); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i, name := range regions {
		row := []any{name}
		for range years {
			row = append(row, float64(rng.IntN(100000))/10)
		}
		if err := write(4+i, row); err != nil {
			return nil, err
		}
	}
	if err := write(4+len(regions), []any{"资料来源：某省统计局"}); err != nil {
		return nil, err
	}
	if err := sw.Flush(); err != nil {
		return nil, fmt.Errorf("flush: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}
