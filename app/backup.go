package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"ecomdash/models"
)

// RunBackup implements "ecomdash backup FILE": it writes a consistent copy
// of a SQLite database to FILE with VACUUM INTO, which is safe while the
// server runs (the copy is one read transaction's snapshot; writers are not
// blocked, WAL contents are included) and yields a compact, standalone
// database file that `ecomdash -db FILE` opens as is. FILE must not exist:
// an existing file is never overwritten. A PostgreSQL or MySQL database is
// backed up with the server's own tools (pg_dump, mysqldump), and the error
// says so.
func RunBackup(cfg Config, args []string, stdout io.Writer) error {
	const usage = "usage: backup FILE"
	if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
		return fmt.Errorf("backup: want one target file (%s)", usage)
	}
	if strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("backup: unexpected argument %q (%s)", args[0], usage)
	}
	dialect, err := models.DialectOf(cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	switch dialect {
	case models.DialectPostgres:
		return fmt.Errorf("backup: DATABASE_URL is a PostgreSQL database (%s); back it up with pg_dump, "+
			"e.g. pg_dump --format=custom --file=%s \"$DATABASE_URL\" (restore with pg_restore)",
			models.RedactURL(cfg.DatabaseURL), args[0])
	case models.DialectMySQL:
		return fmt.Errorf("backup: DATABASE_URL is a MySQL database (%s); back it up with mysqldump, "+
			"e.g. mysqldump --single-transaction --routines -h HOST -u USER -p DATABASE > %s "+
			"(or your server's snapshot tool; TiDB: dumpling or BR)",
			models.RedactURL(cfg.DatabaseURL), args[0])
	}

	target, err := filepath.Abs(args[0])
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(target); err == nil {
		return fmt.Errorf("backup: %s already exists; not overwriting it (choose a new name or remove it first)", target)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if dir := filepath.Dir(target); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return fmt.Errorf("backup: directory %s does not exist", dir)
		}
	}
	// Opening a missing file would create an empty database and back that up.
	if path := sqlitePath(cfg.DatabaseURL); path != "" {
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("backup: database %s: %w", path, err)
		}
	}

	db, err := models.Open(cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer models.Close(db)
	if err := models.BackupSQLite(db, target); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	counts, err := models.CheckSQLiteFile(target)
	if err != nil {
		return fmt.Errorf("backup: the copy in %s: %w", target, err)
	}
	st, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "已备份到 %s：%d 字节，%d 条数据 (backed up to %s: %d bytes, %d observations, %d sources, %d regions, %d metrics)\n",
		target, st.Size(), counts.Observations, target, st.Size(), counts.Observations, counts.Sources, counts.Regions, counts.Metrics)
	return nil
}

// sqlitePath returns the file a SQLite path or file: URI names, or "" when
// it names none (":memory:", mode=memory, or a URI it cannot read).
func sqlitePath(databaseURL string) string {
	p := databaseURL
	if strings.HasPrefix(p, "file:") {
		base, query, _ := strings.Cut(strings.TrimPrefix(p, "file:"), "?")
		if q, err := url.ParseQuery(query); err == nil && q.Get("mode") == "memory" {
			return ""
		}
		if strings.HasPrefix(base, "//") { // file:///abs/path or file://localhost/abs/path
			u, err := url.Parse("file:" + base)
			if err != nil {
				return ""
			}
			base = u.Path
		} else if unescaped, err := url.PathUnescape(base); err == nil {
			base = unescaped
		}
		p = base
	}
	if p == "" || p == ":memory:" {
		return ""
	}
	return p
}
