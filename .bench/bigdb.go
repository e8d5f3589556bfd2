//go:build ignore

// bigdb builds the database of real size the scale benchmarks and the
// attacks use: the seed plus 120 regions × 20 metrics × 61 years of
// synthetic figures (package seed/synthetic), 146,501 figures in all.
//
//	go run .bench/bigdb.go -db /tmp/big.db
//	go run .bench/bigdb.go -db 'postgres://postgres@127.0.0.1:5432/big?sslmode=disable'
//
// The database (a SQLite file or a PostgreSQL/MySQL URL, as DATABASE_URL) is
// created and migrated if need be and seeded if empty; running it again adds
// nothing. -regions, -metrics, -first and -last make it smaller.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"ecomdash/models"
	"ecomdash/seed"
	"ecomdash/seed/synthetic"
)

func main() {
	url := flag.String("db", "", "database: a SQLite path or a postgres:// or mysql:// URL (required)")
	regions := flag.Int("regions", 0, "regions with figures (default all 120)")
	metrics := flag.Int("metrics", 0, "metrics (default all 20)")
	first := flag.Int("first", 0, "first year (default 1960)")
	last := flag.Int("last", 0, "last year (default 2020)")
	flag.Parse()
	if *url == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: go run .bench/bigdb.go -db DATABASE [-regions N] [-metrics N] [-first YEAR] [-last YEAR]")
		os.Exit(2)
	}
	t0 := time.Now()
	db, err := models.Open(*url)
	if err != nil {
		fail(err)
	}
	defer models.Close(db)
	if _, err := seed.Ensure(db, seed.Options{}); err != nil {
		fail(err)
	}
	size, err := synthetic.Build(db, synthetic.Options{Regions: *regions, Metrics: *metrics, FirstYear: *first, LastYear: *last})
	if err != nil {
		fail(err)
	}
	counts, err := models.CountAll(db)
	if err != nil {
		fail(err)
	}
	fmt.Printf("bigdb: %s: %d synthetic figures (%d regions × %d metrics), %d added; the database now holds %d figures, %d regions, %d metrics (%.1f s)\n",
		models.RedactURL(*url), size.Figures, len(size.Regions), len(size.Metrics), size.Added.Observations,
		counts.Observations, counts.Regions, counts.Metrics, time.Since(t0).Seconds())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bigdb:", err)
	os.Exit(1)
}
