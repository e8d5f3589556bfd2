package models

import (
	"fmt"
	"net/url"
	"path/filepath"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// BackupSQLite writes a consistent copy of the SQLite database db to the
// new file target with VACUUM INTO: safe while the server runs (the copy is
// one read transaction's snapshot; writers are not blocked, WAL contents
// are included), and the copy is a compact, standalone database. The
// caller makes sure target does not exist.
func BackupSQLite(db *gorm.DB, target string) error {
	if Dialect(db) != DialectSQLite {
		return fmt.Errorf("VACUUM INTO needs SQLite, not %s", Dialect(db))
	}
	if err := db.Exec("VACUUM INTO ?", target).Error; err != nil {
		return fmt.Errorf("VACUUM INTO %s: %w", target, err)
	}
	return nil
}

// CheckSQLiteFile opens the SQLite database file at path read-only, checks
// its integrity (PRAGMA quick_check) and counts its rows.
func CheckSQLiteFile(path string) (Counts, error) {
	uri := (&url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: "mode=ro&immutable=1"}).String()
	db, err := gorm.Open(sqlite.Open(uri), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		return Counts{}, fmt.Errorf("open: %w", err)
	}
	defer Close(db)
	var result string
	if err := db.Raw("PRAGMA quick_check").Scan(&result).Error; err != nil {
		return Counts{}, fmt.Errorf("quick_check: %w", err)
	}
	if result != "ok" {
		return Counts{}, fmt.Errorf("quick_check: %s", result)
	}
	return CountAll(db)
}
