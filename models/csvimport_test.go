package models_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"ecomdash/models"
	"ecomdash/models/dbtest"
	"ecomdash/seed"
	"ecomdash/seed/seedtest"
)

// openSeeded opens the fresh database at databaseURL and adds the seed
// figures.
func openSeeded(t testing.TB, databaseURL string) *gorm.DB {
	t.Helper()
	return seedtest.Open(t, databaseURL)
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// snapshot renders every observation, the data version and the audit count,
// so two snapshots are equal only if nothing changed.
func snapshot(t testing.TB, db *gorm.DB) string {
	t.Helper()
	var obs []models.Observation
	if err := db.Order("id").Find(&obs).Error; err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, o := range obs {
		fmt.Fprintf(&b, "%d|%s|%s|%s|%s|%v|%s|%s|%v|%s|%s|%s\n", o.ID, o.RegionCode, o.MetricCode, o.Period, o.SourceID,
			o.Value, o.Qualifier, o.Stated, o.Derived, o.Derivation, o.Quote, o.Note)
	}
	v, err := models.CurrentDataVersion(db)
	if err != nil {
		t.Fatal(err)
	}
	var audits int64
	db.Model(&models.AuditEntry{}).Count(&audits)
	fmt.Fprintf(&b, "version=%d audits=%d\n", v, audits)
	return b.String()
}

func observation(t *testing.T, db *gorm.DB, region, metric, period, source string) (models.Observation, bool) {
	t.Helper()
	obs, err := models.FindObservations(db, models.ObservationFilter{RegionCodes: []string{region}, MetricCodes: []string{metric}, Periods: []string{period}, SourceIDs: []string{source}})
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) == 0 {
		return models.Observation{}, false
	}
	return obs[0], true
}

func TestImportGoodFiles(t *testing.T) {
	const src = "quzhou-speech-2013"
	for _, tt := range []struct {
		file                     string
		rows, new, upd, same     int
		region, period, wantNote string
		wantValue                float64
	}{
		// full export header; one row unchanged, one updated, two new; a
		// neutralised '=1+1 and '-3.5 come back without the apostrophe
		{"good.csv", 4, 2, 1, 1, "330800", "2013", "=1+1", 20.1},
		// UTF-8 BOM as Excel and WPS save it, columns in another order, only some columns
		{"bom.csv", 2, 2, 0, 0, "330700", "2014", "", 400},
		// CRLF line ends and a quoted cell spanning two lines
		{"crlf.csv", 2, 2, 0, 0, "330800", "2015", "CRLF 文件", 41.2},
	} {
		t.Run(tt.file, func(t *testing.T) {
			dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
				db := openSeeded(t, databaseURL)
				data := readTestdata(t, tt.file)
				before := snapshot(t, db)
				v0, _ := models.CurrentDataVersion(db)

				dry, err := models.ImportCSV(db, data, models.ImportOptions{Actor: "tester", DryRun: true})
				if err != nil {
					t.Fatalf("dry run: %v", err)
				}
				if !dry.DryRun || dry.Rows != tt.rows || dry.New != tt.new || dry.Updated != tt.upd || dry.Unchanged != tt.same {
					t.Errorf("dry run report %+v, want rows=%d new=%d updated=%d unchanged=%d", dry, tt.rows, tt.new, tt.upd, tt.same)
				}
				if snapshot(t, db) != before {
					t.Fatal("dry run wrote to the database")
				}

				rep, err := models.ImportCSV(db, data, models.ImportOptions{Actor: "tester", FileName: tt.file})
				if err != nil {
					t.Fatalf("import: %v", err)
				}
				if rep.DryRun || rep.New != dry.New || rep.Updated != dry.Updated || rep.Unchanged != dry.Unchanged || len(rep.SHA256) != 64 {
					t.Errorf("import report %+v differs from dry run %+v", rep, dry)
				}
				if rep.DataVersion != v0+1 {
					t.Errorf("data version %d after import, want %d (bumped once)", rep.DataVersion, v0+1)
				}
				o, ok := observation(t, db, tt.region, "online_retail_sales", tt.period, src)
				if !ok || o.Value != tt.wantValue || o.Note != tt.wantNote {
					t.Errorf("imported row: %v %+v; want value %v note %q", ok, o, tt.wantValue, tt.wantNote)
				}
				audit, err := models.ListAudit(db, 1)
				if err != nil || len(audit) != 1 || audit[0].Action != models.ActionImport || audit[0].Actor != "tester" ||
					!strings.Contains(audit[0].After, fmt.Sprintf(`"new":%d`, tt.new)) || !strings.Contains(audit[0].After, rep.SHA256) {
					t.Errorf("audit after import: %+v %v", audit, err)
				}

				// importing the same file again changes nothing and does not bump the version
				again, err := models.ImportCSV(db, data, models.ImportOptions{Actor: "tester"})
				if err != nil || again.New != 0 || again.Updated != 0 || again.Unchanged != tt.rows || again.DataVersion != rep.DataVersion {
					t.Errorf("second import: %+v %v; want all unchanged, same version", again, err)
				}
			})
		})
	}
}

func TestImportGoodFileDetails(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openSeeded(t, databaseURL)
		if _, err := models.ImportCSV(db, readTestdata(t, "good.csv"), models.ImportOptions{Actor: "x"}); err != nil {
			t.Fatal(err)
		}
		o, _ := observation(t, db, "330800", "online_retail_sales", "2013", "quzhou-speech-2013")
		if o.Qualifier != models.QualifierMoreThan || o.Stated != "超过20亿元" || o.Quote != `2013年，网络零售额超过20亿元，同比增长"较快"` {
			t.Errorf("2013 row: %+v", o)
		}
		d, _ := observation(t, db, "330000", "online_retail_sales", "2013Q1", "quzhou-speech-2013")
		if d.Value != -3.5 || !d.Derived || d.Derivation != "按全年数推算" || d.Qualifier != models.QualifierApprox {
			t.Errorf("derived row: %+v", d)
		}
		u, _ := observation(t, db, "330800", "online_retail_sales", "2012", "quzhou-speech-2013")
		if u.Value != 12.5 || u.Note != "更正后的数字" {
			t.Errorf("updated row: %+v", u)
		}
		// informational columns are ignored: the source's title is unchanged
		s, _ := models.Sources.Get(db, "quzhou-speech-2013")
		if s.Title == "ignored title" {
			t.Error("source_title from the file overwrote the source")
		}
	})
}

func TestImportMissingOptionalColumnsKeepExistingValues(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openSeeded(t, databaseURL)
		before, _ := observation(t, db, "310114", "ecommerce_sales_above_quota", "2019", "jiading-reply-2021")
		if !before.Derived || before.Note == "" {
			t.Fatalf("seed changed: %+v", before)
		}
		// no derived, derivation, stated, qualifier or note columns: the derived row keeps them
		file := "region_code,metric_code,period,value,source_id,quote\n310114,ecommerce_sales_above_quota,2019,2063.4,jiading-reply-2021," + csvQuote(before.Quote) + "\n"
		rep, err := models.ImportCSV(db, []byte(file), models.ImportOptions{Actor: "x"})
		if err != nil || rep.Updated != 1 {
			t.Fatalf("%+v %v", rep, err)
		}
		after, _ := observation(t, db, "310114", "ecommerce_sales_above_quota", "2019", "jiading-reply-2021")
		if after.Value != 2063.4 || !after.Derived || after.Derivation != before.Derivation || after.Note != before.Note {
			t.Errorf("after: %+v", after)
		}
	})
}

func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func TestImportBadFileWritesNothingAndListsEveryBadRow(t *testing.T) {
	for _, tt := range []struct {
		file string
		want map[int]string // line → field
	}{
		{"bad.csv", map[int]string{3: "region_code", 4: "metric_code", 5: "period", 6: "value", 7: "value", 8: "qualifier",
			9: "source_id", 10: "quote", 11: "derivation", 12: "row", 13: "derived"}},
		{"duplicate.csv", map[int]string{4: "key"}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
				db := openSeeded(t, databaseURL)
				before := snapshot(t, db)
				for _, dry := range []bool{true, false} {
					_, err := models.ImportCSV(db, readTestdata(t, tt.file), models.ImportOptions{Actor: "x", DryRun: dry})
					var ie *models.ImportError
					if !errors.As(err, &ie) {
						t.Fatalf("dry=%v: err %v, want *ImportError", dry, err)
					}
					got := map[int]string{}
					for _, r := range ie.Rows {
						for f := range r.Fields {
							got[r.Line] = f
						}
					}
					if fmt.Sprint(got) != fmt.Sprint(tt.want) || ie.BadRows != len(tt.want) {
						t.Errorf("dry=%v: bad rows %v (%d), want %v", dry, got, ie.BadRows, tt.want)
					}
				}
				if snapshot(t, db) != before {
					t.Error("a file with bad rows changed the database")
				}
			})
		})
	}
}

func TestImportErrorMessages(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openSeeded(t, databaseURL)
		_, err := models.ImportCSV(db, readTestdata(t, "bad.csv"), models.ImportOptions{})
		var ie *models.ImportError
		if !errors.As(err, &ie) {
			t.Fatal(err)
		}
		msg := map[int]string{}
		for _, r := range ie.Rows {
			for _, m := range r.Fields {
				msg[r.Line] = m
			}
		}
		for line, want := range map[int]string{3: "unknown region code", 6: "not a finite number", 7: "not a finite number",
			9: "source_id is required", 10: "quote is required", 11: "needs a derivation", 12: "header has 9"} {
			if !strings.Contains(msg[line], want) {
				t.Errorf("line %d: %q, want it to mention %q", line, msg[line], want)
			}
		}
		_, err = models.ImportCSV(db, readTestdata(t, "duplicate.csv"), models.ImportOptions{})
		if !errors.As(err, &ie) || !strings.Contains(ie.Rows[0].Fields["key"], "duplicate of line 2") {
			t.Errorf("duplicate: %v", err)
		}
	})
}

func TestImportHeaderProblems(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openSeeded(t, databaseURL)
		for _, tt := range []struct {
			name, file, field string
		}{
			{"empty", "", "row"},
			{"bom only", "\uFEFF", "row"},
			{"header only", "region_code,metric_code,period,value,source_id,quote\r\n", "row"},
			{"missing column", "region_code,metric_code,period,value,source_id\n330800,online_retail_sales,2012,1,quzhou-speech-2013\n", "quote"},
			{"unknown column", "region_code,metric_code,period,value,source_id,quote,regoin\n", "regoin"},
			{"duplicate column", "region_code,metric_code,period,value,source_id,quote,value\n", "value"},
		} {
			_, err := models.ImportCSV(db, []byte(tt.file), models.ImportOptions{})
			var ie *models.ImportError
			if !errors.As(err, &ie) || len(ie.Rows) == 0 || ie.Rows[0].Fields[tt.field] == "" {
				t.Errorf("%s: %v, want a row error on %q", tt.name, err, tt.field)
			}
		}
		// header names are case- and space-insensitive; blank trailing rows are skipped
		ok := " Region_Code ,METRIC_CODE,period,value,source_id,quote\n330800,online_retail_sales,2040,1,quzhou-speech-2013,q\n,,,,,\n"
		if rep, err := models.ImportCSV(db, []byte(ok), models.ImportOptions{DryRun: true}); err != nil || rep.New != 1 {
			t.Errorf("loose header: %+v %v", rep, err)
		}
	})
}

// BenchmarkImport100k imports a generated 100,000-row file (distinct
// periods over the seeded regions, metrics and sources) into a fresh
// seeded database and reports rows per second.
func BenchmarkImport100k(b *testing.B) {
	const rows = 100_000
	data := generateCSV(b, rows)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	var total float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := openSeeded(b, filepath.Join(b.TempDir(), "import.db"))
		b.StartTimer()
		rep, err := models.ImportCSV(db, data, models.ImportOptions{Actor: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		if rep.New != rows {
			b.Fatalf("imported %d new rows, want %d", rep.New, rows)
		}
		total += rows
	}
	b.ReportMetric(total/b.Elapsed().Seconds(), "rows/s")
}

// generateCSV writes n rows over the seeded regions, metrics and sources,
// each with a distinct day period, in the export's column layout.
func generateCSV(b *testing.B, n int) []byte {
	b.Helper()
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	header := models.CSVColumns
	_ = w.Write(header)
	var regions, metricCodes, sources []string
	for _, r := range seed.Regions {
		regions = append(regions, r.Code)
	}
	for _, m := range seed.Metrics {
		metricCodes = append(metricCodes, m.Code)
	}
	for _, s := range seed.Sources {
		sources = append(sources, s.ID)
	}
	// every row gets its own day (from 1800-01-01), so every key is new
	for i := 0; i < n; i++ {
		r := regions[i%len(regions)]
		m := metricCodes[(i/len(regions))%len(metricCodes)]
		s := sources[i%len(sources)]
		period := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.DateOnly) // distinct per row
		v := strconv.FormatFloat(float64(i)*1.25+0.5, 'f', -1, 64)
		_ = w.Write([]string{r, "", m, "", "", period, v, "exact", v + "亿元", "false", "", s, "", "", "", "生成的第" + strconv.Itoa(i) + "行引文", ""})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkExport50k streams 50,000 figures (plus the seed's) as CSV, as
// /api/observations.csv and the export command do.
func BenchmarkExport50k(b *testing.B) {
	const rows = 50_000
	db := openSeeded(b, filepath.Join(b.TempDir(), "export.db"))
	if _, err := models.ImportCSV(db, generateCSV(b, rows), models.ImportOptions{Actor: "bench"}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out countingWriter
		if err := models.ExportCSV(db, models.ObservationFilter{}, &out); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(out))
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// countingWriter counts what is written to it.
type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// TestImportAndExportCarryInferred: a figure read off a statement covering
// several periods (inferred) keeps that note through export and import; a
// file can set it, and a derived value cannot have one (it has a
// derivation).
func TestImportAndExportCarryInferred(t *testing.T) {
	db := openSeeded(t, dbtest.URL(t, models.DialectSQLite))
	const jinhua, metric, src = "330700", "ecommerce_transaction_rank_nation", "quzhou-speech-2013"
	var out bytes.Buffer
	if err := models.ExportCSV(db, models.ObservationFilter{RegionCodes: []string{jinhua}, MetricCodes: []string{metric}}, &out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), ",连续3年,"); n != 2 {
		t.Errorf("the export marks %d figures as read off 连续3年, want 2:\n%s", n, out.String())
	}
	if rep, err := models.ImportCSV(db, out.Bytes(), models.ImportOptions{Actor: "x"}); err != nil || rep.Unchanged != 3 {
		t.Errorf("re-import of the export: %+v %v, want 3 unchanged", rep, err)
	}
	o, _ := observation(t, db, jinhua, metric, "2012", src)
	file := "region_code,metric_code,period,value,qualifier,stated,source_id,quote,inferred\n" +
		strings.Join([]string{jinhua, metric, "2012", "10", "at_most", "前10位", src, csvQuote(o.Quote), "据测试推知"}, ",") + "\n"
	if rep, err := models.ImportCSV(db, []byte(file), models.ImportOptions{Actor: "x"}); err != nil || rep.Updated != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	if o, _ := observation(t, db, jinhua, metric, "2012", src); o.Inferred != "据测试推知" {
		t.Errorf("inferred %q after import", o.Inferred)
	}
	derived := "region_code,metric_code,period,value,qualifier,source_id,quote,derived,derivation,inferred\n" +
		strings.Join([]string{jinhua, metric, "2009", "10", "approx", src, "引文", "true", "推算", "据测试推知"}, ",") + "\n"
	var ie *models.ImportError
	if _, err := models.ImportCSV(db, []byte(derived), models.ImportOptions{Actor: "x"}); !errors.As(err, &ie) || ie.Rows[0].Fields["inferred"] == "" {
		t.Errorf("a derived value with an inference: %v, want the row refused naming inferred", err)
	}
}
