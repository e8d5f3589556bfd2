package models_test

import (
	"ecomdash/models"
	"ecomdash/models/dbtest"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"
)

func TestSQLiteDSNAddsPragmasAndKeepsCallers(t *testing.T) {
	dsn := models.SQLiteDSN("data/app.db")
	if !strings.HasPrefix(dsn, "file:data/app.db?") {
		t.Fatalf("dsn %q does not start with file:data/app.db?", dsn)
	}
	q, _ := url.ParseQuery(strings.SplitN(dsn, "?", 2)[1])
	for k, v := range map[string]string{"_journal_mode": "WAL", "_busy_timeout": "5000", "_foreign_keys": "on", "_txlock": "immediate"} {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, q.Get(k), v)
		}
	}
	dsn = models.SQLiteDSN("file:x.db?_busy_timeout=100&mode=rwc")
	q, _ = url.ParseQuery(strings.SplitN(dsn, "?", 2)[1])
	if q.Get("_busy_timeout") != "100" || q.Get("mode") != "rwc" {
		t.Errorf("caller's settings lost: %q", dsn)
	}
}

// openTest opens the fresh database at databaseURL and adds a region, a
// metric, a source and two observations.
func openTest(t *testing.T, databaseURL string) *gorm.DB {
	t.Helper()
	db := dbtest.Open(t, databaseURL)
	nation := "100000"
	must(t, db.Create(&models.Region{Code: "100000", NameZH: "全国", Level: models.LevelNational}).Error)
	must(t, db.Create(&models.Region{Code: "330000", NameZH: "浙江省", Level: models.LevelProvince, ParentCode: &nation}).Error)
	must(t, db.Create(&models.Metric{Code: "m", NameZH: "指标", Unit: "亿元"}).Error)
	must(t, db.Create(&models.Source{ID: "s", Title: "文件", Publisher: "发布者", PublishedOn: "2020-01-02", Kind: models.KindSpeech}).Error)
	must(t, db.Create(&models.Observation{RegionCode: "100000", MetricCode: "m", Period: "2012", SourceID: "s", Value: 1, Qualifier: models.QualifierExact, Quote: "q1"}).Error)
	must(t, db.Create(&models.Observation{RegionCode: "330000", MetricCode: "m", Period: "2013", SourceID: "s", Value: 2, Qualifier: models.QualifierExact, Quote: "q2"}).Error)
	return db
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestForeignKeysAndUniqueKeyAreEnforced(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		err := db.Create(&models.Observation{RegionCode: "999999", MetricCode: "m", Period: "2012", SourceID: "s", Value: 1, Quote: "x"}).Error
		if err == nil {
			t.Error("observation with unknown region was accepted")
		}
		err = db.Create(&models.Observation{RegionCode: "100000", MetricCode: "m", Period: "2012", SourceID: "s", Value: 9, Quote: "dup"}).Error
		if !errors.Is(err, gorm.ErrDuplicatedKey) {
			t.Errorf("duplicate (region, metric, period, source): err = %v, want ErrDuplicatedKey", err)
		}
		err = db.Delete(&models.Region{Code: "100000"}).Error
		if err == nil {
			t.Error("deleting a region that observations use was allowed")
		}
	})
}

func TestFindObservationsFilters(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		tests := []struct {
			name string
			f    models.ObservationFilter
			want []string // quotes
		}{
			{"all", models.ObservationFilter{}, []string{"q1", "q2"}},
			{"region", models.ObservationFilter{RegionCodes: []string{"330000"}}, []string{"q2"}},
			{"period", models.ObservationFilter{Periods: []string{"2012"}}, []string{"q1"}},
			{"two periods", models.ObservationFilter{Periods: []string{"2012", "2013"}}, []string{"q1", "q2"}},
			{"and", models.ObservationFilter{RegionCodes: []string{"330000"}, Periods: []string{"2012"}}, nil},
			{"source", models.ObservationFilter{SourceIDs: []string{"s"}, MetricCodes: []string{"m"}}, []string{"q1", "q2"}},
		}
		for _, tt := range tests {
			obs, err := models.FindObservations(db, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range obs {
				got = append(got, o.Quote)
				if o.Region.NameZH == "" || o.Metric.Unit == "" || o.Source.Title == "" {
					t.Errorf("%s: references not loaded: %+v", tt.name, o)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
			}
		}
	})
}

func TestGetNotFound(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		if _, err := models.Regions.Get(db, "123456"); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("GetRegion: %v, want ErrNotFound", err)
		}
		if _, err := models.Metrics.Get(db, "nope"); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("GetMetric: %v, want ErrNotFound", err)
		}
		if _, err := models.Sources.Get(db, "nope"); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("GetSource: %v, want ErrNotFound", err)
		}
		r, err := models.Regions.Get(db, "330000")
		if err != nil || r.Parent == nil || r.Parent.NameZH != "全国" {
			t.Errorf("Regions.Get(330000) = %+v, %v; want parent 全国 loaded", r, err)
		}
	})
}

func TestDataVersionBumps(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		v0, err := models.CurrentDataVersion(db)
		if err != nil || v0 != 0 {
			t.Fatalf("initial version %d, %v", v0, err)
		}
		for want := int64(1); want <= 3; want++ {
			must(t, models.BumpDataVersion(db))
			v, err := models.CurrentDataVersion(db)
			if err != nil || v != want {
				t.Fatalf("after bump: %d, %v; want %d", v, err, want)
			}
		}
	})
}

func TestCountAll(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		c, err := models.CountAll(db)
		if err != nil {
			t.Fatal(err)
		}
		if c != (models.Counts{Sources: 1, Regions: 2, Metrics: 1, Observations: 2}) {
			t.Errorf("CountAll = %+v", c)
		}
	})
}

func TestDialectOfAndMySQLDSN(t *testing.T) {
	for _, tt := range []struct{ url, dialect, dsn, err string }{
		{"ecomdash.db", models.DialectSQLite, "", ""},
		{"/var/lib/ecomdash/data.db", models.DialectSQLite, "", ""},
		{"file:x.db?mode=rwc", models.DialectSQLite, "", ""},
		{"file:///var/lib/x.db", models.DialectSQLite, "", ""},
		{"postgres://u:p@db.example:5432/ecomdash?sslmode=require", models.DialectPostgres, "", ""},
		{"postgresql://u@localhost/ecomdash", models.DialectPostgres, "", ""},
		{"POSTGRES://u@localhost/ecomdash", models.DialectPostgres, "", ""},
		{"postgres:///ecomdash", models.DialectPostgres, "", ""},
		{"postgres://u:secret@h:port/db", "", "", "invalid port"},
		{"mysql://u:p@db.example:3307/ecomdash", models.DialectMySQL,
			"u:p@tcp(db.example:3307)/ecomdash?charset=utf8mb4&collation=utf8mb4_unicode_ci&loc=UTC&parseTime=true", ""},
		{"mysql://u:p%40ss%2Fw:rd@db.example/ecomdash?tls=true&loc=Asia%2FShanghai", models.DialectMySQL,
			"u:p@ss/w:rd@tcp(db.example:3306)/ecomdash?charset=utf8mb4&collation=utf8mb4_unicode_ci&loc=Asia%2FShanghai&parseTime=true&tls=true", ""},
		{"mysql://u@[::1]:4000/tidb", models.DialectMySQL, "u@tcp([::1]:4000)/tidb?charset=utf8mb4&collation=utf8mb4_unicode_ci&loc=UTC&parseTime=true", ""},
		{"mysql://u:p@db.example", "", "", "want mysql://"},
		{"mysql://u:secret@:3306/db", "", "", "no host"},
		{"sqlserver://u:secret@h/db", "", "", "unsupported scheme"},
		{"postgress://u:secret@h/db", "", "", "unsupported scheme"},
	} {
		d, err := models.DialectOf(tt.url)
		if d != tt.dialect || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("DialectOf(%q) = %q, %v; want %q, error %q", tt.url, d, err, tt.dialect, tt.err)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("DialectOf(%q): error shows the password: %v", tt.url, err)
		}
		if tt.dsn != "" {
			if dsn, err := models.MySQLDSN(tt.url); dsn != tt.dsn || err != nil {
				t.Errorf("MySQLDSN(%q) = %q, %v; want %q", tt.url, dsn, err, tt.dsn)
			}
		}
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"ecomdash.db":                                          "ecomdash.db",
		"file:x.db?_busy_timeout=1":                            "file:x.db?_busy_timeout=1",
		"postgres://u:s3cret@h:5432/db":                        "postgres://u:xxxxx@h:5432/db",
		"postgres://u@h/db?sslmode=false":                      "postgres://u@h/db?sslmode=false",
		"postgres://u@h/db?password=s3cret&sslmode=disable":    "postgres://u@h/db?password=xxxxx&sslmode=disable",
		"mysql://root:s3cret@127.0.0.1:3306/ecomdash?tls=true": "mysql://root:xxxxx@127.0.0.1:3306/ecomdash?tls=true",
		"mysql://root:s3c%ret@h/db":                            "mysql://xxxxx@h/db",
	} {
		if got := models.RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenErrorsHideThePassword(t *testing.T) {
	for _, u := range []string{
		"postgres://ecomdash:s3cretpw@127.0.0.1:1/db?sslmode=disable&connect_timeout=2",
		"postgres://ecomdash@127.0.0.1:1/db?sslmode=disable&connect_timeout=2&password=s3cretpw",
		"mysql://ecomdash:s3cretpw@127.0.0.1:1/db?timeout=2s",
		"mysql://ecomdash:s3cretpw@127.0.0.1:x/db",
		"mysql://ecomdash:s3cret%pw@127.0.0.1/db",
	} {
		_, err := models.Open(u)
		if err == nil {
			t.Errorf("Open(%q) succeeded", models.RedactURL(u))
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open error shows the password: %v", err)
		}
	}
}

func TestMigrateAgainKeepsData(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		must(t, models.BumpDataVersion(db))
		again := dbtest.Open(t, databaseURL)
		c, err := models.CountAll(again)
		if err != nil || c != (models.Counts{Sources: 1, Regions: 2, Metrics: 1, Observations: 2}) {
			t.Errorf("after a second Open: %+v %v", c, err)
		}
		if v, err := models.CurrentDataVersion(again); v != 1 || err != nil {
			t.Errorf("data version %d %v after a second Open, want 1", v, err)
		}
	})
}

// Keys compare exactly (no case folding) and lists sort byte for byte on
// every database, as on SQLite; Chinese text and float64 values come back
// exactly as written.
func TestComparisonsOrderingAndRoundTrips(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		for _, code := range []string{"b", "ab", "a_z", "a-b", "a"} {
			must(t, db.Create(&models.Metric{Code: code, NameZH: "网络零售额「" + code + "」", Unit: "亿元"}).Error)
		}
		ms, err := models.Metrics.List(db)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, m := range ms {
			codes = append(codes, m.Code)
		}
		if got, want := strings.Join(codes, " "), "a a-b a_z ab b m"; got != want {
			t.Errorf("ListMetrics order %q, want %q", got, want)
		}
		if _, err := models.Metrics.Get(db, "M"); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("Metrics.Get(M) found metric m: %v", err)
		}
		if m, err := models.Metrics.Get(db, "a_z"); err != nil || m.NameZH != "网络零售额「a_z」" {
			t.Errorf("Metrics.Get(a_z) = %+v %v", m, err)
		}
		if obs, _ := models.FindObservations(db, models.ObservationFilter{SourceIDs: []string{"S"}}); len(obs) != 0 {
			t.Errorf("source S matched %d observations of source s", len(obs))
		}
		for i, v := range []float64{0.1 + 0.2, 1e-7, 123456789.12345679, -2063.4, 1e300} {
			period := fmt.Sprint(2030 + i)
			must(t, db.Create(&models.Observation{RegionCode: "330000", MetricCode: "m", Period: period, SourceID: "s", Value: v, Qualifier: models.QualifierExact, Quote: "q"}).Error)
			obs, err := models.FindObservations(db, models.ObservationFilter{Periods: []string{period}})
			if err != nil || len(obs) != 1 || obs[0].Value != v {
				t.Errorf("value %v came back as %+v %v", v, obs, err)
			}
		}
	})
}

// Concurrent writes run one after the other: of several creates of the same
// natural key exactly one succeeds and the others get the validation error
// (not a database error), and every successful write bumps the version once
// and is audited once.
func TestConcurrentWritesSerialize(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		const n = 8
		errs := make(chan error, 2*n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, err := models.CreateObservation(db, "same", validObs())
				errs <- err
			}()
			go func() {
				defer wg.Done()
				in := validObs()
				in.Period = fmt.Sprint(1990 + i)
				_, err := models.CreateObservation(db, "distinct", in)
				if err != nil {
					err = fmt.Errorf("distinct key %s: %w", in.Period, err)
				}
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		ok := 0
		for err := range errs {
			switch {
			case err == nil:
				ok++
			case fieldsOf(err)["key"] != "":
			default:
				t.Errorf("concurrent create: %v", err)
			}
		}
		if ok != n+1 {
			t.Errorf("%d creates succeeded, want %d", ok, n+1)
		}
		if v, _ := models.CurrentDataVersion(db); v != n+1 {
			t.Errorf("data version %d, want %d", v, n+1)
		}
		if log, _ := models.ListAudit(db, 100); len(log) != n+1 {
			t.Errorf("%d audit entries, want %d", len(log), n+1)
		}
	})
}

// A write works even when the data version row was deleted by hand.
func TestWriteRecreatesDataVersionRow(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		must(t, db.Where("1 = 1").Delete(&models.DataVersion{}).Error)
		if _, err := models.CreateObservation(db, "t", validObs()); err != nil {
			t.Fatal(err)
		}
		if v, _ := models.CurrentDataVersion(db); v != 1 {
			t.Errorf("data version %d, want 1", v)
		}
	})
}

func TestDialect(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		want, err := models.DialectOf(databaseURL)
		if err != nil {
			t.Fatal(err)
		}
		if got := models.Dialect(dbtest.Open(t, databaseURL)); got != want || got != path.Base(t.Name()) {
			t.Errorf("Dialect = %q, DialectOf = %q, subtest %s", got, want, t.Name())
		}
	})
}

// TestYearRangeAndLatestYears: a year range keeps every period form whose
// year lies in it, on every database (it is a range on the period's text),
// and LatestYears names the year of each metric's latest period.
func TestYearRangeAndLatestYears(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		for i, p := range []string{"2011", "2011Q4", "2011-12", "2011-12-31", "2014-01-01", "2016", "2016Q4", "2016-12-31", "2017"} {
			must(t, db.Create(&models.Observation{RegionCode: "100000", MetricCode: "m", Period: p, SourceID: "s", Value: float64(i), Qualifier: models.QualifierExact, Quote: "y" + p}).Error)
		}
		periods := func(f models.ObservationFilter) string {
			obs, err := models.FindObservations(db, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, o := range obs {
				out = append(out, o.Period)
			}
			slices.Sort(out)
			return strings.Join(out, ",")
		}
		for _, c := range []struct{ from, to, want string }{
			{"2012", "2016", "2012,2013,2014-01-01,2016,2016-12-31,2016Q4"},
			{"2016", "", "2016,2016-12-31,2016Q4,2017"},
			{"", "2011", "2011,2011-12,2011-12-31,2011Q4"},
			{"2015", "2015", ""},
		} {
			if got := periods(models.ObservationFilter{RegionCodes: []string{"100000", "330000"}, YearFrom: c.from, YearTo: c.to}); got != c.want {
				t.Errorf("years %s..%s: %s, want %s", c.from, c.to, got, c.want)
			}
		}
		years, err := models.LatestYears(db, models.ObservationFilter{RegionCodes: []string{"330000"}})
		if err != nil || len(years) != 1 || years["m"] != "2013" {
			t.Errorf("latest year of 330000: %v %v, want m: 2013", years, err)
		}
		if years, _ := models.LatestYears(db, models.ObservationFilter{}); years["m"] != "2017" {
			t.Errorf("latest year of all: %v, want m: 2017", years)
		}
	})
}
