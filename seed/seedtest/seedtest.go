// Package seedtest gives tests a database loaded with the seed: the
// documents' figures, the built-in charts and dashboards. It is the one
// copy of that set-up for the packages whose tests draw real charts.
package seedtest

import (
	"path/filepath"
	"testing"

	"gorm.io/gorm"

	"ecomdash/models/dbtest"
	"ecomdash/seed"
)

// Open opens databaseURL (a fresh SQLite file in t's temporary folder when
// it is ""), migrated, loads the seed and closes it when t ends.
func Open(t testing.TB, databaseURL string) *gorm.DB {
	t.Helper()
	if databaseURL == "" {
		databaseURL = filepath.Join(t.TempDir(), "seeded.db")
	}
	db := dbtest.Open(t, databaseURL)
	if _, err := seed.Run(db); err != nil {
		t.Fatalf("seedtest: %v", err)
	}
	return db
}
