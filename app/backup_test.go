package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ecomdash/models"
	"ecomdash/seed"
)

func TestBackupWhileTheServerWrites(t *testing.T) {
	cfg, dir := cliConfig(t)
	db, _, err := openSeeded(cfg.DatabaseURL, seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	c0, _ := models.CountAll(db)
	v0, _ := models.CurrentDataVersion(db)

	// a writer adds one observation per transaction (each bumps the version)
	// until told to stop, as the admin API would
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var writeErr error
	var writes atomic.Int64 // committed
	var writerDone atomic.Bool
	go func() {
		defer wg.Done()
		defer writerDone.Store(true)
		day := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			_, err := models.CreateObservation(db, "writer", models.ObservationInput{
				RegionCode: "330800", MetricCode: "online_retail_sales", SourceID: "quzhou-speech-2013",
				Period: day.AddDate(0, 0, i).Format(time.DateOnly), Value: models.FigureText(fmt.Sprint(i)), Quote: "并发写入",
			})
			if err != nil {
				writeErr = err
				return
			}
			writes.Add(1)
		}
	}()
	// back up once the writer is writing
	waitFor(t, "the writer's first write", waitDeadline, func() bool { return writes.Load() > 0 || writerDone.Load() })

	target := filepath.Join(dir, "copy.db")
	var out bytes.Buffer
	err = RunBackup(cfg, []string{target}, &out)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if writeErr != nil {
		t.Fatalf("writer: %v", writeErr)
	}

	copyDB, err := models.Open(target)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(copyDB)
	c, err := models.CountAll(copyDB)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := models.CurrentDataVersion(copyDB)
	live, _ := models.CountAll(db)
	// consistent: every write in the copy came with its version bump
	if c.Observations < c0.Observations || c.Observations > live.Observations || v-v0 != int64(c.Observations-c0.Observations) {
		t.Errorf("copy has %d observations at version %d; started with %d at %d, now %d", c.Observations, v, c0.Observations, v0, live.Observations)
	}
	if c.Sources != c0.Sources || c.Regions != c0.Regions || c.Metrics != c0.Metrics {
		t.Errorf("copy counts %+v, source %+v", c, c0)
	}
	if want := fmt.Sprintf("%d observations", c.Observations); !strings.Contains(out.String(), want) || !strings.Contains(out.String(), target) {
		t.Errorf("report %q, want it to name %s and %q", out.String(), target, want)
	}

	// with the writer stopped, a second copy matches the database exactly
	second := filepath.Join(dir, "second.db")
	if err := RunBackup(cfg, []string{second}, &out); err != nil {
		t.Fatal(err)
	}
	copy2, err := models.Open(second)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(copy2)
	if got, _ := models.CountAll(copy2); got != live {
		t.Errorf("second copy %+v, database %+v", got, live)
	}
}

func TestBackupRefusesToOverwrite(t *testing.T) {
	cfg, dir := cliConfig(t)
	db, _, err := openSeeded(cfg.DatabaseURL, seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	models.Close(db)
	target := filepath.Join(dir, "exists.db")
	if err := os.WriteFile(target, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = RunBackup(cfg, []string{target}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("backup onto an existing file: %v", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Errorf("existing file changed to %q", b)
	}
}

func TestBackupArgumentsAndMissingDatabase(t *testing.T) {
	cfg, dir := cliConfig(t) // the database file is not created
	for _, args := range [][]string{nil, {}, {""}, {"a.db", "b.db"}, {"-f"}} {
		if err := RunBackup(cfg, args, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "usage: backup FILE") {
			t.Errorf("RunBackup(%q): %v", args, err)
		}
	}
	target := filepath.Join(dir, "copy.db")
	if err := RunBackup(cfg, []string{target}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "cli.db") {
		t.Errorf("backup of a missing database: %v", err)
	}
	for _, p := range []string{cfg.DatabaseURL, target} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was created", p)
		}
	}
	if err := RunBackup(cfg, []string{filepath.Join(dir, "no", "such", "dir.db")}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("backup into a missing directory: %v", err)
	}
}

func TestBackupServerDatabasesPointToTheirTools(t *testing.T) {
	for url, tool := range map[string]string{
		"postgres://ecomdash:s3cret@db:5432/ecomdash?sslmode=require": "pg_dump",
		"postgresql://ecomdash:s3cret@db/ecomdash":                    "pg_dump",
		"mysql://ecomdash:s3cret@db:3306/ecomdash":                    "mysqldump",
	} {
		dir := t.TempDir()
		target := filepath.Join(dir, "x.dump")
		err := RunBackup(Config{DatabaseURL: url}, []string{target}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tool) || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("backup of %s: %v; want a pointer to %s without the password", models.RedactURL(url), err, tool)
		}
		if _, err := os.Stat(target); err == nil {
			t.Errorf("backup of %s created %s", models.RedactURL(url), target)
		}
	}
}

func TestSQLitePath(t *testing.T) {
	for in, want := range map[string]string{
		"ecomdash.db":                    "ecomdash.db",
		"/var/lib/ecomdash/x.db":         "/var/lib/ecomdash/x.db",
		"file:data/x.db?_busy_timeout=1": "data/x.db",
		"file:///var/lib/x%20y.db":       "/var/lib/x y.db",
		"file:x.db?mode=memory":          "",
		":memory:":                       "",
	} {
		if got := sqlitePath(in); got != want {
			t.Errorf("sqlitePath(%q) = %q, want %q", in, got, want)
		}
	}
}
