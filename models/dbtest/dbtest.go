// Package dbtest runs database tests on every database the app supports:
// SQLite always, and PostgreSQL and MySQL (or MariaDB, TiDB) when a server
// is reachable.
//
// ForEach runs a test as the subtests "sqlite", "postgres" and "mysql", each
// on a fresh, empty database:
//
//   - sqlite: a file in t.TempDir();
//   - postgres: a new schema in the database TEST_POSTGRES_URL names
//     (default postgres://ecomdash:ecomdash@127.0.0.1:5432/ecomdash_test?sslmode=disable),
//     reached with search_path=<schema> and dropped when the test ends; the
//     role needs the CREATE privilege on that database (be its owner);
//   - mysql: a new database named after the one TEST_MYSQL_URL names
//     (default mysql://ecomdash:ecomdash@127.0.0.1:3306/ecomdash_test), such
//     as ecomdash_test_1a2b3c4d5e6f, dropped when the test ends; the user
//     needs CREATE and DROP on such names (GRANT ALL ON `ecomdash\_%`.*).
//
// When a server cannot be reached the subtest is skipped with a message
// saying how to start one, unless the environment variable CI is set: then
// it fails. Setting TEST_POSTGRES_URL=off or TEST_MYSQL_URL=off skips that
// database even in CI.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	// database/sql drivers for the administrative connections
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"

	"gorm.io/gorm"

	"ecomdash/models"
)

// Environment variables naming the test servers, and their defaults.
const (
	// EnvPostgres names the PostgreSQL database the tests make schemas in
	// ("off" skips the PostgreSQL subtests).
	EnvPostgres = "TEST_POSTGRES_URL"
	// EnvMySQL names the MySQL server the tests make databases on; its
	// database name is the prefix of theirs ("off" skips the MySQL subtests).
	EnvMySQL = "TEST_MYSQL_URL"
	// DefaultPostgres is used when EnvPostgres is unset.
	DefaultPostgres = "postgres://ecomdash:ecomdash@127.0.0.1:5432/ecomdash_test?sslmode=disable"
	// DefaultMySQL is used when EnvMySQL is unset.
	DefaultMySQL = "mysql://ecomdash:ecomdash@127.0.0.1:3306/ecomdash_test"
)

// Dialects lists the subtest names ForEach runs, in order.
var Dialects = []string{models.DialectSQLite, models.DialectPostgres, models.DialectMySQL}

// server is the administrative connection to one test server, opened once
// per test binary.
type server struct {
	once    sync.Once
	baseURL string  // the URL from the environment (or the default)
	db      *sql.DB // administrative connection; nil when unreachable
	err     error   // why it is unreachable, or why it is off
	off     bool    // turned off with =off
}

var servers = map[string]*server{
	models.DialectPostgres: {},
	models.DialectMySQL:    {},
}

// ForEach runs fn as a subtest per database — "sqlite", "postgres",
// "mysql" — each given the URL of a fresh, empty database that is removed
// when the subtest ends (see the package documentation).
func ForEach(t *testing.T, fn func(t *testing.T, databaseURL string)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			t.Helper()
			fn(t, URL(t, d))
		})
	}
}

// URL returns the URL of a fresh, empty database of the given dialect
// (models.DialectSQLite, DialectPostgres or DialectMySQL), removed when t
// ends. It skips t (or, when CI is set, fails it) if that server is not
// reachable.
func URL(t testing.TB, dialect string) string {
	t.Helper()
	switch dialect {
	case models.DialectSQLite:
		return filepath.Join(t.TempDir(), "test.db")
	case models.DialectPostgres:
		return postgresURL(t, connect(t, dialect))
	case models.DialectMySQL:
		return mysqlURL(t, connect(t, dialect))
	}
	t.Fatalf("dbtest: unknown dialect %q", dialect)
	return ""
}

// Open opens databaseURL with models.Open (so it is migrated) and closes it
// when t ends.
func Open(t testing.TB, databaseURL string) *gorm.DB {
	t.Helper()
	db, err := models.Open(databaseURL)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() {
		if err := models.Close(db); err != nil {
			t.Errorf("dbtest: %v", err)
		}
	})
	return db
}

// howToStart tells a developer how to get a server for each dialect.
var howToStart = map[string]string{
	models.DialectPostgres: "start one: `sudo bash .ci/run` installs, starts and configures a local server (Debian), " +
		"or `docker run -d -p 5432:5432 -e POSTGRES_USER=ecomdash -e POSTGRES_PASSWORD=ecomdash -e POSTGRES_DB=ecomdash_test postgres:16`, " +
		"or point " + EnvPostgres + " at a database your role owns; " + EnvPostgres + "=off skips these tests",
	models.DialectMySQL: "start one: `sudo bash .ci/run` installs, starts and configures a local MariaDB (Debian), or `docker run -d -p 3306:3306 -e MARIADB_USER=ecomdash -e MARIADB_PASSWORD=ecomdash -e MARIADB_DATABASE=ecomdash_test -e MARIADB_ROOT_PASSWORD=root mariadb:11` " +
		"and GRANT ALL ON `ecomdash\\_%`.* TO ecomdash, or point " + EnvMySQL + " at a user that may create databases; " + EnvMySQL + "=off skips these tests",
}

// connect returns the administrative connection to the dialect's server,
// opening it on first use; it skips or fails t when there is none.
func connect(t testing.TB, dialect string) *server {
	t.Helper()
	s := servers[dialect]
	env := EnvPostgres
	def := DefaultPostgres
	if dialect == models.DialectMySQL {
		env, def = EnvMySQL, DefaultMySQL
	}
	s.once.Do(func() {
		s.baseURL = os.Getenv(env)
		if s.baseURL == "" {
			s.baseURL = def
		}
		if strings.EqualFold(s.baseURL, "off") {
			s.off = true
			return
		}
		s.db, s.err = openAdmin(dialect, s.baseURL)
	})
	switch {
	case s.off:
		t.Skipf("dbtest: %s tests turned off (%s=off)", dialect, env)
	case s.err != nil:
		msg := fmt.Sprintf("dbtest: no %s server at %s (%s): %v\n%s", dialect, models.RedactURL(s.baseURL), env, s.err, howToStart[dialect])
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return s
}

// openAdmin opens and pings the administrative connection.
func openAdmin(dialect, baseURL string) (*sql.DB, error) {
	driver, dsn := "pgx", baseURL
	if dialect == models.DialectMySQL {
		var err error
		if dsn, err = models.MySQLDSN(withParam(baseURL, "timeout", "5s")); err != nil {
			return nil, err
		}
		driver = "mysql"
	} else {
		dsn = withParam(baseURL, "connect_timeout", "5")
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	db.SetMaxOpenConns(2)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	return db, nil
}

// withParam returns rawURL with the query parameter key set to value unless
// it is set already.
func withParam(rawURL, key, value string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	q := u.Query()
	if !q.Has(key) {
		q.Set(key, value)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// uniqueName returns prefix followed by 12 random hex digits.
func uniqueName(t testing.TB, prefix string) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("dbtest: random name: %v", err)
	}
	return prefix + hex.EncodeToString(b)
}

// postgresURL creates a schema and returns the base URL with search_path
// set to it; the schema is dropped when t ends.
func postgresURL(t testing.TB, s *server) string {
	t.Helper()
	schema := uniqueName(t, "test_")
	if _, err := s.db.Exec(`CREATE SCHEMA "` + schema + `"`); err != nil {
		t.Fatalf("dbtest: create schema on %s: %v", models.RedactURL(s.baseURL), err)
	}
	t.Cleanup(func() {
		if _, err := s.db.Exec(`DROP SCHEMA IF EXISTS "` + schema + `" CASCADE`); err != nil {
			t.Errorf("dbtest: drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(s.baseURL)
	if err != nil {
		t.Fatalf("dbtest: %s: %v", models.RedactURL(s.baseURL), err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// mysqlURL creates a database named after the base URL's and returns the
// base URL pointing at it; the database is dropped when t ends.
func mysqlURL(t testing.TB, s *server) string {
	t.Helper()
	u, err := url.Parse(s.baseURL)
	if err != nil {
		t.Fatalf("dbtest: %s: %v", models.RedactURL(s.baseURL), err)
	}
	base := strings.TrimPrefix(u.Path, "/")
	if base == "" {
		base = "ecomdash_test"
	}
	name := uniqueName(t, base+"_")
	if _, err := s.db.Exec("CREATE DATABASE `" + name + "`"); err != nil {
		t.Fatalf("dbtest: create database %s on %s: %v", name, models.RedactURL(s.baseURL), err)
	}
	t.Cleanup(func() {
		if _, err := s.db.Exec("DROP DATABASE IF EXISTS `" + name + "`"); err != nil {
			t.Errorf("dbtest: drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// BumpDataVersion raises the data version the way a change made elsewhere
// does (another instance, the import command, a manual fix in SQL): tests
// that change rows directly call it to make caches notice.
func BumpDataVersion(db *gorm.DB) error {
	err := db.Exec("UPDATE data_versions SET version = version + 1, updated_at = ? WHERE id = 1", time.Now()).Error
	if err != nil {
		return fmt.Errorf("bump data version: %w", err)
	}
	return nil
}
