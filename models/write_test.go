package models_test

import (
	"bytes"
	"ecomdash/models"
	"ecomdash/models/dbtest"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

func validObs() models.ObservationInput {
	return models.ObservationInput{RegionCode: "330000", MetricCode: "m", Period: "2014", SourceID: "s", Value: "3.5", Quote: "原文"}
}

func fieldsOf(err error) map[string]string {
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields
	}
	return nil
}

func TestCreateObservationValidation(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		for _, tt := range []struct {
			name   string
			change func(*models.ObservationInput)
			field  string
		}{
			{"unknown region", func(o *models.ObservationInput) { o.RegionCode = "999999" }, "region_code"},
			{"malformed region", func(o *models.ObservationInput) { o.RegionCode = "33" }, "region_code"},
			{"unknown metric", func(o *models.ObservationInput) { o.MetricCode = "nope" }, "metric_code"},
			{"malformed metric", func(o *models.ObservationInput) { o.MetricCode = "DROP TABLE" }, "metric_code"},
			{"unknown source", func(o *models.ObservationInput) { o.SourceID = "nope" }, "source_id"},
			{"missing source", func(o *models.ObservationInput) { o.SourceID = "" }, "source_id"},
			{"missing quote", func(o *models.ObservationInput) { o.Quote = "  " }, "quote"},
			{"bad period", func(o *models.ObservationInput) { o.Period = "2020Q5" }, "period"},
			{"bad day", func(o *models.ObservationInput) { o.Period = "2021-02-30" }, "period"},
			{"NaN", func(o *models.ObservationInput) { o.Value = "NaN" }, "value"},
			{"Inf", func(o *models.ObservationInput) { o.Value = "-Inf" }, "value"},
			{"overflow", func(o *models.ObservationInput) { o.Value = "1e400" }, "value"},
			{"not a number", func(o *models.ObservationInput) { o.Value = "12,3" }, "value"},
			{"empty value", func(o *models.ObservationInput) { o.Value = "" }, "value"},
			{"bad qualifier", func(o *models.ObservationInput) { o.Qualifier = "about" }, "qualifier"},
			{"derived without derivation", func(o *models.ObservationInput) { o.Derived = true }, "derivation"},
			{"derivation without derived", func(o *models.ObservationInput) { o.Derivation = "x" }, "derivation"},
			{"derived with stated", func(o *models.ObservationInput) { o.Derived, o.Derivation, o.Stated = true, "x", "3.5亿元" }, "stated"},
			{"duplicate key", func(o *models.ObservationInput) { o.Period = "2013" }, "key"},
			{"long quote", func(o *models.ObservationInput) { o.Quote = strings.Repeat("字", models.MaxQuoteLen+1) }, "quote"},
		} {
			in := validObs()
			tt.change(&in)
			_, err := models.CreateObservation(db, "t", in)
			if f := fieldsOf(err); f[tt.field] == "" {
				t.Errorf("%s: err %v, want a validation error on %q", tt.name, err, tt.field)
			}
		}
		// several bad fields are all named
		_, err := models.CreateObservation(db, "t", models.ObservationInput{RegionCode: "999999", Value: "NaN"})
		f := fieldsOf(err)
		for _, k := range []string{"region_code", "metric_code", "period", "source_id", "value", "quote"} {
			if f[k] == "" {
				t.Errorf("all-bad input: %q not named in %v", k, f)
			}
		}
		v, _ := models.CurrentDataVersion(db)
		var n int64
		db.Model(&models.AuditEntry{}).Count(&n)
		if v != 0 || n != 0 {
			t.Errorf("rejected writes bumped the version (%d) or were audited (%d)", v, n)
		}
	})
}

func TestObservationLifecycleIsAuditedAndBumpsVersion(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		o, err := models.CreateObservation(db, "alice", validObs())
		if err != nil || o.ID == 0 || o.Value != 3.5 || o.Qualifier != models.QualifierExact {
			t.Fatalf("create: %+v %v", o, err)
		}
		in := validObs()
		in.Value, in.Qualifier, in.Note = "4", models.QualifierApprox, "更正"
		u, err := models.UpdateObservation(db, "bob", o.ID, in)
		if err != nil || u.ID != o.ID || u.Value != 4 {
			t.Fatalf("update: %+v %v", u, err)
		}
		// moving onto another observation's key is refused
		in.Period = "2013"
		if _, err := models.UpdateObservation(db, "bob", o.ID, in); fieldsOf(err)["key"] == "" {
			t.Errorf("update onto a used key: %v", err)
		}
		if _, err := models.UpdateObservation(db, "bob", 9999, validObs()); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("update of a missing id: %v", err)
		}
		if err := models.DeleteObservation(db, "carol", o.ID); err != nil {
			t.Fatal(err)
		}
		if err := models.DeleteObservation(db, "carol", o.ID); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("second delete: %v", err)
		}
		if v, _ := models.CurrentDataVersion(db); v != 3 {
			t.Errorf("version %d after three changes, want 3", v)
		}
		log, err := models.ListAudit(db, 10)
		if err != nil || len(log) != 3 {
			t.Fatalf("audit: %d entries %v", len(log), err)
		}
		want := []struct{ actor, action, before, after string }{
			{"carol", models.ActionDelete, `"value":4`, ""},
			{"bob", models.ActionUpdate, `"value":3.5`, `"note":"更正"`},
			{"alice", models.ActionCreate, "", `"value":3.5`},
		}
		for i, w := range want {
			e := log[i]
			if e.Actor != w.actor || e.Action != w.action || e.Entity != models.EntityObservation || !strings.Contains(e.Before, w.before) ||
				!strings.Contains(e.After, w.after) || (w.before == "") != (e.Before == "") || (w.after == "") != (e.After == "") {
				t.Errorf("audit[%d] = %+v, want %+v", i, e, w)
			}
			if !strings.HasPrefix(e.Key, fmt.Sprint(o.ID)+" (330000/m/2014/s)") || time.Since(e.At) > time.Minute {
				t.Errorf("audit[%d] key %q at %v", i, e.Key, e.At)
			}
		}
	})
}

func TestReferenceTablesValidation(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		p := func(s string) *string { return &s }
		good := models.Source{ID: "new-src", Title: "标题", Publisher: "机构", PublishedOn: "2021-03-04", Kind: models.KindSpeech}
		for _, tt := range []struct {
			name  string
			do    func() error
			field string
		}{
			{"source id", func() error { s := good; s.ID = "Bad ID"; _, err := models.Sources.Create(db, "t", s); return err }, "id"},
			{"source dup", func() error { s := good; s.ID = "s"; _, err := models.Sources.Create(db, "t", s); return err }, "id"},
			{"source title", func() error { s := good; s.Title = ""; _, err := models.Sources.Create(db, "t", s); return err }, "title"},
			{"source date", func() error {
				s := good
				s.PublishedOn = "2021-13-01"
				_, err := models.Sources.Create(db, "t", s)
				return err
			}, "published_on"},
			{"source kind", func() error { s := good; s.Kind = "blog"; _, err := models.Sources.Create(db, "t", s); return err }, "kind"},
			{"source file", func() error {
				s := good
				s.FileName = "../etc/passwd"
				_, err := models.Sources.Create(db, "t", s)
				return err
			}, "file_name"},
			{"source id change", func() error { s := good; s.ID = "other"; _, err := models.Sources.Update(db, "t", "s", s); return err }, "id"},
			{"region code", func() error {
				_, err := models.Regions.Create(db, "t", models.Region{Code: "12", NameZH: "x", Level: models.LevelCity})
				return err
			}, "code"},
			{"region dup", func() error {
				_, err := models.Regions.Create(db, "t", models.Region{Code: "330000", NameZH: "x", Level: models.LevelCity})
				return err
			}, "code"},
			{"region level", func() error {
				_, err := models.Regions.Create(db, "t", models.Region{Code: "330100", NameZH: "x", Level: "town"})
				return err
			}, "level"},
			{"region name", func() error {
				_, err := models.Regions.Create(db, "t", models.Region{Code: "330100", Level: models.LevelCity})
				return err
			}, "name_zh"},
			{"region parent", func() error {
				_, err := models.Regions.Create(db, "t", models.Region{Code: "330100", NameZH: "x", Level: models.LevelCity, ParentCode: p("999999")})
				return err
			}, "parent_code"},
			{"region self parent", func() error {
				_, err := models.Regions.Update(db, "t", "330000", models.Region{NameZH: "x", Level: models.LevelProvince, ParentCode: p("330000")})
				return err
			}, "parent_code"},
			{"region cycle", func() error {
				_, err := models.Regions.Update(db, "t", "100000", models.Region{NameZH: "全国", Level: models.LevelNational, ParentCode: p("330000")})
				return err
			}, "parent_code"},
			{"metric code", func() error {
				_, err := models.Metrics.Create(db, "t", models.Metric{Code: "A B", NameZH: "x", Unit: "个"})
				return err
			}, "code"},
			{"metric dup", func() error {
				_, err := models.Metrics.Create(db, "t", models.Metric{Code: "m", NameZH: "x", Unit: "个"})
				return err
			}, "code"},
			{"metric unit", func() error {
				_, err := models.Metrics.Create(db, "t", models.Metric{Code: "m2", NameZH: "x"})
				return err
			}, "unit"},
			{"metric code change", func() error {
				_, err := models.Metrics.Update(db, "t", "m", models.Metric{Code: "m2", NameZH: "x", Unit: "个"})
				return err
			}, "code"},
		} {
			if f := fieldsOf(tt.do()); f[tt.field] == "" {
				t.Errorf("%s: fields %v, want %q named", tt.name, f, tt.field)
			}
		}
		if v, _ := models.CurrentDataVersion(db); v != 0 {
			t.Errorf("rejected writes bumped the version to %d", v)
		}
		// the good ones go through
		if _, err := models.Sources.Create(db, "t", good); err != nil {
			t.Error(err)
		}
		if _, err := models.Regions.Create(db, "t", models.Region{Code: "330100", NameZH: "杭州市", Level: models.LevelCity, ParentCode: p("330000")}); err != nil {
			t.Error(err)
		}
		if m, err := models.Metrics.Update(db, "t", "m", models.Metric{NameZH: "新名", Unit: "万元"}); err != nil || m.Code != "m" {
			t.Errorf("%+v %v", m, err)
		}
		if got, _ := models.Metrics.Get(db, "m"); got.NameZH != "新名" || got.CreatedAt.IsZero() {
			t.Errorf("metric after update: %+v", got)
		}
	})
}

func TestDeleteCascadeRules(t *testing.T) {
	for _, tt := range []struct {
		name   string
		del    func(db *gorm.DB, cascade bool) (int, error)
		usedBy int64
	}{
		{"source", func(db *gorm.DB, c bool) (int, error) { return models.Sources.Delete(db, "t", "s", c) }, 2},
		{"metric", func(db *gorm.DB, c bool) (int, error) { return models.Metrics.Delete(db, "t", "m", c) }, 2},
		{"region", func(db *gorm.DB, c bool) (int, error) { return models.Regions.Delete(db, "t", "330000", c) }, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
				db := openTest(t, databaseURL)
				_, err := tt.del(db, false)
				var iu *models.InUseError
				if !errors.As(err, &iu) || iu.Observations != tt.usedBy || !strings.Contains(err.Error(), fmt.Sprintf("%d observations use it", tt.usedBy)) ||
					!strings.Contains(err.Error(), "cascade=1") {
					t.Fatalf("delete without cascade: %v", err)
				}
				if c, _ := models.CountAll(db); c.Observations != 2 {
					t.Fatal("refused delete removed rows")
				}
				n, err := tt.del(db, true)
				if err != nil || int64(n) != tt.usedBy {
					t.Fatalf("cascade: %d %v", n, err)
				}
				if c, _ := models.CountAll(db); c.Observations != 2-int(tt.usedBy) {
					t.Errorf("%d observations left", c.Observations)
				}
				log, _ := models.ListAudit(db, 10)
				if len(log) != int(tt.usedBy)+1 || log[0].Entity != tt.name || log[0].Action != models.ActionDelete {
					t.Errorf("audit after cascade: %+v", log)
				}
				for _, e := range log[1:] {
					if e.Entity != models.EntityObservation || e.Action != models.ActionDelete || e.Before == "" {
						t.Errorf("cascaded delete not audited: %+v", e)
					}
				}
				if v, _ := models.CurrentDataVersion(db); v != 1 {
					t.Errorf("version %d, want one bump for the cascade", v)
				}
			})
		})
	}
	// a region with child regions cannot be deleted, even with cascade
	t.Run("parent region", func(t *testing.T) {
		dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
			db := openTest(t, databaseURL)
			_, err := models.Regions.Delete(db, "t", "100000", true)
			var iu *models.InUseError
			if !errors.As(err, &iu) || iu.Children != 1 {
				t.Errorf("delete of a parent region: %v", err)
			}
			if _, err := models.Metrics.Delete(db, "t", "nope", true); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("delete of a missing metric: %v", err)
			}
		})
	})
}

func TestParseValueAndBool(t *testing.T) {
	for in, ok := range map[string]bool{"12.3": true, "-5": true, " 1e3 ": true, "0": true, "NaN": false, "Inf": false,
		"+Inf": false, "1e400": false, "-1e400": false, "": false, "12,3": false, "1.2.3": false, "0x10": false, "0x1p4": false, ".5": true, "1_000": false} {
		if _, err := models.ParseValue(in); (err == nil) != ok {
			t.Errorf("ParseValue(%q) err %v, want ok=%v", in, err, ok)
		}
	}
	for in, want := range map[string]bool{"": false, "false": false, "TRUE": true, "1": true, "0": false, "是": true, "否": false} {
		if got, err := models.ParseBool(in); err != nil || got != want {
			t.Errorf("ParseBool(%q) = %v %v", in, got, err)
		}
	}
	if _, err := models.ParseBool("maybe"); err == nil {
		t.Error("ParseBool(maybe) accepted")
	}
}

// importFixture builds an n-row import for the openTest fixture: all new rows.
func importFixture(n int) []byte {
	var b bytes.Buffer
	b.WriteString("region_code,metric_code,period,value,source_id,quote\n")
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "330000,m,%s,%d,s,第%d行\n", start.AddDate(0, 0, i).Format(time.DateOnly), i, i)
	}
	// and one update of an existing row
	b.WriteString("100000,m,2012,99,s,q1\n")
	return b.Bytes()
}

// dbState is every observation, the data version and the audit trail as text.
func dbState(t *testing.T, db *gorm.DB) string {
	t.Helper()
	var obs []models.Observation
	var audit []models.AuditEntry
	if err := db.Order("id").Find(&obs).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Order("id").Find(&audit).Error; err != nil {
		t.Fatal(err)
	}
	v, _ := models.CurrentDataVersion(db)
	b, _ := json.Marshal(map[string]any{"obs": obs, "audit": audit, "version": v})
	return string(b)
}

func TestImportFaultMidwayLeavesDatabaseUnchanged(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		before := dbState(t, db)
		data := importFixture(3 * models.ImportBatchSize)
		injected := errors.New("injected fault")
		for _, at := range []int{1, models.ImportBatchSize + 1, 2*models.ImportBatchSize + 7, 3*models.ImportBatchSize + 1} { // the last is the update
			models.SetImportRowHook(func(row int) error {
				if row == at {
					return injected
				}
				return nil
			})
			_, err := models.ImportCSV(db, data, models.ImportOptions{Actor: "t"})
			models.SetImportRowHook(nil)
			if !errors.Is(err, injected) {
				t.Fatalf("fault at row %d: err %v", at, err)
			}
			if after := dbState(t, db); after != before {
				t.Fatalf("fault at row %d left the database changed", at)
			}
		}
		// without the fault the same import goes through
		rep, err := models.ImportCSV(db, data, models.ImportOptions{Actor: "t"})
		if err != nil || rep.New != 3*models.ImportBatchSize || rep.Updated != 1 {
			t.Fatalf("%+v %v", rep, err)
		}
	})
}

// TestImportKilledMidwayLeavesDatabaseUnchanged runs an import in a child
// process (this test binary again), kills it with SIGKILL while the import's
// transaction is half applied, and checks the database is as it was.
func TestImportKilledMidwayLeavesDatabaseUnchanged(t *testing.T) {
	if dir := os.Getenv("ECOMDASH_IMPORT_CHILD"); dir != "" {
		importChild(dir, os.Getenv("ECOMDASH_IMPORT_URL"))
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		dir := t.TempDir()
		db, err := models.Open(databaseURL)
		if err != nil {
			t.Fatal(err)
		}
		nation := "100000"
		must(t, db.Create(&models.Region{Code: "100000", NameZH: "全国", Level: models.LevelNational}).Error)
		must(t, db.Create(&models.Region{Code: "330000", NameZH: "浙江省", Level: models.LevelProvince, ParentCode: &nation}).Error)
		must(t, db.Create(&models.Metric{Code: "m", NameZH: "指标", Unit: "亿元"}).Error)
		must(t, db.Create(&models.Source{ID: "s", Title: "文件", Publisher: "发布者", PublishedOn: "2020-01-02", Kind: models.KindSpeech}).Error)
		must(t, db.Create(&models.Observation{RegionCode: "100000", MetricCode: "m", Period: "2012", SourceID: "s", Value: 1, Qualifier: models.QualifierExact, Quote: "q1"}).Error)
		before := dbState(t, db)
		must(t, models.Close(db))
		must(t, os.WriteFile(filepath.Join(dir, "in.csv"), importFixture(4*models.ImportBatchSize), 0o600))

		cmd := exec.Command(os.Args[0], "-test.run=^TestImportKilledMidwayLeavesDatabaseUnchanged$", "-test.count=1")
		cmd.Env = append(os.Environ(), "ECOMDASH_IMPORT_CHILD="+dir, "ECOMDASH_IMPORT_URL="+databaseURL)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		must(t, cmd.Start())
		marker := filepath.Join(dir, "midway")
		deadline := time.Now().Add(2 * time.Minute) // a safety net: the child starts slowly on a busy machine
		for {
			if _, err := os.Stat(marker); err == nil {
				break
			}
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("child never reached the middle of the import: %s", out.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
		must(t, cmd.Process.Kill())
		_ = cmd.Wait()

		db = dbtest.Open(t, databaseURL)
		if after := dbState(t, db); after != before {
			t.Fatalf("database changed by a killed import:\nbefore %.300s\nafter  %.300s", before, after)
		}
		if c, _ := models.CountAll(db); c.Observations != 1 {
			t.Errorf("%d observations after the killed import, want 1", c.Observations)
		}
		// and the write lock the killed import held is free again
		if _, err := models.CreateObservation(db, "t", validObs()); err != nil {
			t.Errorf("write after the killed import: %v", err)
		}
	})
}

// importChild imports dir/in.csv into databaseURL, and halfway through
// (after two batches were inserted) writes dir/midway and waits to be
// killed.
func importChild(dir, databaseURL string) {
	db, err := models.Open(databaseURL)
	if err != nil {
		fmt.Println("child:", err)
		os.Exit(2)
	}
	data, err := os.ReadFile(filepath.Join(dir, "in.csv"))
	if err != nil {
		fmt.Println("child:", err)
		os.Exit(2)
	}
	models.SetImportRowHook(func(row int) error {
		if row == 2*models.ImportBatchSize+1 {
			if err := os.WriteFile(filepath.Join(dir, "midway"), nil, 0o600); err != nil {
				return err
			}
			time.Sleep(time.Minute) // killed here
		}
		return nil
	})
	_, err = models.ImportCSV(db, data, models.ImportOptions{Actor: "child"})
	fmt.Println("child: import finished, which it should not have:", err)
	os.Exit(3)
}
