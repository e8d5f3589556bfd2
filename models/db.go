package models

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// ErrNotFound is returned by the Get* queries when no row matches.
var ErrNotFound = errors.New("not found")

// Dialects, as returned by Dialect and DialectOf.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
	DialectMySQL    = "mysql"
)

// Connection pool settings for PostgreSQL and MySQL (SQLite keeps
// database/sql's defaults). Twenty connections serve a busy dashboard
// without exhausting a small server's max_connections (100 by default on
// both); ten idle ones are kept so a burst does not reconnect; and every
// connection is replaced after 30 minutes so that a failover, a proxy's idle
// timeout or MySQL's wait_timeout (8 hours) never hands out a dead one.
const (
	serverMaxOpenConns    = 20
	serverMaxIdleConns    = 10
	serverConnMaxLifetime = 30 * time.Minute
)

// Open opens the database named by databaseURL and runs the migrations:
//
//   - a SQLite file path or "file:" URI (see SQLiteDSN for the pragmas);
//   - postgres://user:pass@host:port/db?sslmode=… (or postgresql://),
//     passed to the pgx driver as is, so every libpq/pgx parameter works
//     (sslmode, search_path, connect_timeout, …);
//   - mysql://user:pass@host:port/db?… for MySQL, MariaDB or TiDB (see
//     MySQLDSN).
//
// PostgreSQL and MySQL get a pool of at most 20 open connections, 10 of
// them kept idle, each replaced after 30 minutes; SQLite keeps
// database/sql's defaults. Errors never contain the password.
func Open(databaseURL string) (*gorm.DB, error) {
	dialect, err := DialectOf(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	var dialector gorm.Dialector
	switch dialect {
	case DialectPostgres:
		dialector = postgres.Open(databaseURL)
	case DialectMySQL:
		dsn, err := MySQLDSN(databaseURL)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		dialector = mysql.Open(dsn)
	default:
		dialector = sqlite.Open(SQLiteDSN(databaseURL))
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		SkipDefaultTransaction: true,
		PrepareStmt:            true,
		TranslateError:         true,
	})
	if err != nil {
		return nil, fmt.Errorf("open %s database %s: %w", dialect, RedactURL(databaseURL), redactErr(err, databaseURL))
	}
	if dialect != DialectSQLite {
		sqlDB, err := db.DB()
		if err != nil {
			return nil, fmt.Errorf("open %s database %s: %w", dialect, RedactURL(databaseURL), err)
		}
		sqlDB.SetMaxOpenConns(serverMaxOpenConns)
		sqlDB.SetMaxIdleConns(serverMaxIdleConns)
		sqlDB.SetConnMaxLifetime(serverConnMaxLifetime)
	}
	if err := Migrate(db); err != nil {
		_ = Close(db)
		return nil, fmt.Errorf("open %s database %s: %w", dialect, RedactURL(databaseURL), redactErr(err, databaseURL))
	}
	return db, nil
}

// Dialect returns the dialect of an open database: DialectSQLite,
// DialectPostgres or DialectMySQL.
func Dialect(db *gorm.DB) string {
	return db.Dialector.Name()
}

// Migrate creates or updates every table, and creates the data version row
// (version 0) that write transactions lock.
func Migrate(db *gorm.DB) error {
	m := db
	if Dialect(db) == DialectMySQL {
		m = db.Set("gorm:table_options", mysqlTableOptions)
	}
	if err := m.AutoMigrate(allModels()...); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := ensureDataVersionRow(db); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Close closes the database's connection pool.
func Close(db *gorm.DB) error {
	return withSQLDB(db, "close database", (*sql.DB).Close)
}

// Ping checks that the database answers.
func Ping(db *gorm.DB) error {
	return withSQLDB(db, "ping database", (*sql.DB).Ping)
}

// withSQLDB runs fn on db's connection pool; errors are wrapped with what.
func withSQLDB(db *gorm.DB, what string, fn func(*sql.DB) error) error {
	sqlDB, err := db.DB()
	if err == nil {
		err = fn(sqlDB)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// byteOrder returns an ORDER BY term that sorts col byte for byte on every
// dialect, as SQLite's default BINARY collation does: PostgreSQL sorts by the
// database's locale otherwise (which can ignore '_' and '-'), and MySQL
// tables already use utf8mb4_bin (see mysqlTableOptions).
func byteOrder(db *gorm.DB, col string) string {
	if Dialect(db) == DialectPostgres {
		return col + ` COLLATE "C"`
	}
	return col
}

// byteOrders joins byteOrder terms for several columns.
func byteOrders(db *gorm.DB, cols ...string) string {
	terms := make([]string, len(cols))
	for i, c := range cols {
		terms[i] = byteOrder(db, c)
	}
	return strings.Join(terms, ", ")
}
