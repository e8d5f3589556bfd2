package models

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// mysqlTableOptions is added to every CREATE TABLE on MySQL: utf8mb4 for
// Chinese text whatever the server's default, and the binary collation so
// that keys compare and sort byte for byte, as on SQLite and PostgreSQL
// (the default *_ci collations would make "S" equal "s").
const mysqlTableOptions = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"

// mysqlDefaults are added to every MySQL DSN unless the URL sets them.
var mysqlDefaults = [][2]string{
	{"parseTime", "true"},
	{"charset", "utf8mb4"},
	{"collation", "utf8mb4_unicode_ci"},
	{"loc", "UTC"},
}

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

// DialectOf says which database databaseURL names: DialectPostgres for a
// postgres:// or postgresql:// URL, DialectMySQL for a mysql:// URL, and
// DialectSQLite for anything else without a scheme (a file path or a
// "file:" URI). Another scheme (sqlserver://, postgress://) or a malformed
// server URL is an error; the error never contains the password.
func DialectOf(databaseURL string) (string, error) {
	scheme, _, isURL := strings.Cut(databaseURL, "://")
	if !isURL || strings.HasPrefix(databaseURL, "file:") {
		return DialectSQLite, nil
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		// no host is fine: libpq's default (a Unix socket or ?host=/run/postgresql)
		if _, err := parseURL(databaseURL); err != nil {
			return "", err
		}
		return DialectPostgres, nil
	case "mysql":
		if _, err := MySQLDSN(databaseURL); err != nil {
			return "", err
		}
		return DialectMySQL, nil
	}
	return "", fmt.Errorf("database URL %s: unsupported scheme %q (want a SQLite file path or file: URI, postgres://… or mysql://…)", RedactURL(databaseURL), scheme)
}

// MySQLDSN turns mysql://user:pass@host:port/db?param=value into the
// go-sql-driver DSN user:pass@tcp(host:port)/db?param=value, adding
// parseTime=true, charset=utf8mb4, collation=utf8mb4_unicode_ci and loc=UTC
// unless the URL sets them. Other parameters are passed on as given (the
// driver's own, such as tls=true or timeout=5s, or session variables). The
// port defaults to 3306. The error never contains the password.
func MySQLDSN(databaseURL string) (string, error) {
	u, err := parseURL(databaseURL)
	if err != nil {
		return "", err
	}
	if !strings.EqualFold(u.Scheme, "mysql") {
		return "", fmt.Errorf("database URL %s: not a mysql:// URL", RedactURL(databaseURL))
	}
	if u.Hostname() == "" {
		return "", fmt.Errorf("database URL %s: no host", RedactURL(databaseURL))
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" || strings.Contains(db, "/") {
		return "", fmt.Errorf("database URL %s: want mysql://user:password@host:port/database", RedactURL(databaseURL))
	}
	port := u.Port()
	if port == "" {
		port = "3306"
	}
	var b strings.Builder
	if u.User != nil {
		b.WriteString(u.User.Username())
		if pw, ok := u.User.Password(); ok {
			b.WriteString(":" + pw)
		}
		b.WriteString("@")
	}
	q := u.Query()
	for _, d := range mysqlDefaults {
		if !q.Has(d[0]) {
			q.Set(d[0], d[1])
		}
	}
	fmt.Fprintf(&b, "tcp(%s)/%s?%s", net.JoinHostPort(u.Hostname(), port), db, q.Encode())
	return b.String(), nil
}

// parseURL parses a server database URL; the error names the URL redacted
// and does not repeat it (url.Parse's own message quotes it whole).
func parseURL(databaseURL string) (*url.URL, error) {
	u, err := url.Parse(databaseURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("database URL %s: %w", RedactURL(databaseURL), redactErr(err, databaseURL))
	}
	return u, nil
}

// RedactURL returns databaseURL with its password (in the user info or a
// password= parameter) replaced by "xxxxx", for logs and error messages. A
// SQLite path comes back unchanged.
func RedactURL(databaseURL string) string {
	if !strings.Contains(databaseURL, "://") || strings.HasPrefix(databaseURL, "file:") {
		return databaseURL
	}
	u, err := url.Parse(databaseURL)
	if err != nil {
		// unparseable: hide everything between the scheme and the last '@'
		scheme, rest, _ := strings.Cut(databaseURL, "://")
		if i := strings.LastIndex(rest, "@"); i >= 0 {
			rest = "xxxxx" + rest[i:]
		}
		if i := strings.Index(rest, "?"); i >= 0 {
			rest = rest[:i] + "?xxxxx"
		}
		return scheme + "://" + rest
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// redactedError hides secrets in a wrapped error's message.
type redactedError struct {
	err     error
	secrets []string
}

func (e redactedError) Error() string {
	msg := e.err.Error()
	for _, s := range e.secrets {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
	}
	return msg
}

func (e redactedError) Unwrap() error { return e.err }

// redactErr wraps err so that its message shows neither the password of
// databaseURL (plain or URL-escaped) nor, when the URL had one, the URL
// itself.
func redactErr(err error, databaseURL string) error {
	if err == nil {
		return nil
	}
	var secrets []string
	if u, perr := url.Parse(databaseURL); perr == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			secrets = append(secrets, databaseURL, pw, url.QueryEscape(pw), url.PathEscape(pw))
		}
		if pw := u.Query().Get("password"); pw != "" {
			secrets = append(secrets, databaseURL, pw, url.QueryEscape(pw))
		}
	} else if perr != nil && strings.Contains(databaseURL, "@") {
		secrets = append(secrets, databaseURL)
	}
	if len(secrets) == 0 {
		return err
	}
	return redactedError{err: err, secrets: secrets}
}
