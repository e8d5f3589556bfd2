package models_test

import (
	"testing"

	"gorm.io/gorm"

	"ecomdash/models"
	"ecomdash/models/sheet"
	"ecomdash/models/sheet/sheettest"
)

// uniqueRegionNames returns n region names that name one region each
// (counties and districts first, by code), as a province's yearbook lists them.
func uniqueRegionNames(tb testing.TB, db *gorm.DB, n int) []string {
	tb.Helper()
	var names []string
	err := db.Model(&models.Region{}).Where("level IN ?", []string{models.LevelCounty, models.LevelDistrict}).
		Group("name_zh").Having("COUNT(*) = 1").Order("MIN(code)").Limit(n).Pluck("name_zh", &names).Error
	if err != nil || len(names) < n {
		tb.Fatalf("%d unique names: %v", len(names), err)
	}
	return names
}

// BenchmarkImport10000 measures a 10,000-figure workbook (1,000 counties
// × 10 years): preview (read, analyse, match by name, compare, store) and
// commit (write every figure in one transaction).
func BenchmarkImport10000(b *testing.B) {
	db := openSeeded(b, "")
	data, err := sheettest.Yearbook(uniqueRegionNames(b, db, 1000), 10)
	if err != nil {
		b.Fatal(err)
	}
	opt := models.SheetImportOptions{Metric: "online_retail_sales", Source: models.SourceChoice{Date: "2021"}}
	previewOnce := func() *models.SheetPreview {
		wb, err := sheet.Read("big.xlsx", data, sheet.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		p, err := models.PreviewSheet(db, wb, opt)
		if err != nil {
			b.Fatal(err)
		}
		if p.Counts.Figures != 10000 || len(p.Problems) != 0 {
			b.Fatalf("%d figures, problems %v", p.Counts.Figures, problems(p))
		}
		if err := models.SavePreview(db, p, "bench", "big.xlsx", "x"); err != nil {
			b.Fatal(err)
		}
		return p
	}
	b.Run("preview", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			previewOnce()
		}
	})
	b.Run("commit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			p := previewOnce()
			b.StartTimer()
			if _, err := models.CommitImport(db, p.ID, "bench", false); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if _, err := models.UndoImport(db, p.ID, "bench"); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
}
