package models

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// ErrNotFound is returned by the Get* queries when no row matches.
var ErrNotFound = errors.New("not found")

// sqlitePragmas are added to every SQLite DSN unless the DSN sets them:
// WAL journal for concurrent readers, a busy timeout, foreign keys on, and
// immediate transactions so that concurrent read-then-write transactions
// queue on the write lock instead of failing with "database is locked".
var sqlitePragmas = [][2]string{
	{"_journal_mode", "WAL"},
	{"_busy_timeout", "5000"},
	{"_foreign_keys", "on"},
	{"_txlock", "immediate"},
	{"_synchronous", "NORMAL"},
}

// SQLiteDSN turns a file path or a "file:" URI into a go-sqlite3 DSN with
// the project's pragmas added (a pragma the caller already set is kept).
func SQLiteDSN(pathOrURI string) string {
	dsn := pathOrURI
	if !strings.HasPrefix(dsn, "file:") {
		dsn = "file:" + dsn
	}
	base, query, _ := strings.Cut(dsn, "?")
	values, err := url.ParseQuery(query)
	if err != nil {
		values = url.Values{}
	}
	for _, p := range sqlitePragmas {
		if values.Get(p[0]) == "" {
			values.Set(p[0], p[1])
		}
	}
	return base + "?" + values.Encode()
}

// Open opens the SQLite database named by pathOrURI (a file path or a
// "file:" URI) and runs the migrations.
func Open(pathOrURI string) (*gorm.DB, error) {
	db, err := gorm.Open(sqlite.Open(SQLiteDSN(pathOrURI)), &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		SkipDefaultTransaction: true,
		PrepareStmt:            true,
		TranslateError:         true,
	})
	if err != nil {
		return nil, fmt.Errorf("open sqlite %q: %w", pathOrURI, err)
	}
	if err := Migrate(db); err != nil {
		return nil, err
	}
	return db, nil
}

// Migrate creates or updates every table.
func Migrate(db *gorm.DB) error {
	if err := db.AutoMigrate(allModels()...); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Close closes the database's connection pool.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return sqlDB.Close()
}

// Ping checks that the database answers.
func Ping(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	if err := sqlDB.Ping(); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}
