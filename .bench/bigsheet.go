//go:build ignore

// bigsheet writes the large yearbook workbooks the import's bounds are
// measured on (package models/sheet/sheettest): one row per region, named
// as a yearbook names it, by a number of years.
//
//	go run .bench/bigsheet.go -out /tmp/big10k.xlsx -regions 1000 -years 10
//	/usr/bin/time -v go run . import /tmp/big10k.xlsx -dry-run -metric online_retail_sales -source-date 2021
//
// The names are the counties' and districts' that name one region only,
// so every row matches; asking for more regions than there are such names
// repeats them (and the duplicates are reported as problems).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"ecomdash/models"
	"ecomdash/models/sheet/sheettest"
	"ecomdash/seed"
)

func main() {
	out := flag.String("out", "", "the .xlsx to write (required)")
	regions := flag.Int("regions", 1000, "rows")
	years := flag.Int("years", 10, "columns of years")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: go run .bench/bigsheet.go -out FILE.xlsx [-regions N] [-years N]")
		os.Exit(2)
	}
	dir, err := os.MkdirTemp("", "bigsheet")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	db, err := models.Open(filepath.Join(dir, "names.db"))
	if err != nil {
		fail(err)
	}
	if _, err := seed.Run(db); err != nil {
		fail(err)
	}
	var unique []string
	err = db.Model(&models.Region{}).Where("level IN ?", []string{models.LevelCounty, models.LevelDistrict}).
		Group("name_zh").Having("COUNT(*) = 1").Order("MIN(code)").Pluck("name_zh", &unique).Error
	if err != nil {
		fail(err)
	}
	names := make([]string, *regions)
	for i := range names {
		names[i] = unique[i%len(unique)]
	}
	data, err := sheettest.Yearbook(names, *years)
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fail(err)
	}
	fmt.Printf("%s: %d regions × %d years = %d figures, %d bytes (%d unique names)\n", *out, *regions, *years, *regions**years, len(data), len(unique))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
