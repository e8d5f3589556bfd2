package models_test

import (
	"errors"
	"testing"

	"ecomdash/models"
	"ecomdash/models/dbtest"
)

// hostileTexts are characters no stored text may hold: what XML cannot
// carry (they broke every image of a chart showing them), NUL (PostgreSQL
// answered 500), invalid UTF-8 (SQLite stored the raw bytes) and the
// bidirectional controls (a name could reverse the text after it).
var hostileTexts = map[string]string{
	"NUL":          "衢州\x00市",
	"control":      "衢州\x01市",
	"escape":       "衢州\x1b[31m市",
	"U+FFFE":       "衢州\uFFFE市",
	"invalid UTF8": "衢州\xff市",
	"RLO":          "衢州\u202E市",
	"isolate":      "衢州\u2067市",
}

// TestEveryWriteRefusesTextThatBreaksOutputs: every write path (the
// reference tables, figures, the CSV import) refuses such text with a
// validation error naming the field (and, for the import, the line),
// the same on every database, and writes nothing.
func TestEveryWriteRefusesTextThatBreaksOutputs(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		before, err := models.CurrentDataVersion(db)
		if err != nil {
			t.Fatal(err)
		}
		for name, bad := range hostileTexts {
			writes := map[string]func() error{
				"name_zh": func() error {
					_, err := models.Regions.Create(db, "t", models.Region{Code: "330100", NameZH: bad, Level: models.LevelCity})
					return err
				},
				"title": func() error {
					_, err := models.Sources.Update(db, "t", "s", models.Source{Title: bad, Publisher: "发布者", PublishedOn: "2020-01-02", Kind: models.KindSpeech})
					return err
				},
				"unit": func() error {
					_, err := models.Metrics.Update(db, "t", "m", models.Metric{NameZH: "指标", Unit: bad})
					return err
				},
				"stated": func() error {
					in := validObs()
					in.Stated = bad
					_, err := models.CreateObservation(db, "t", in)
					return err
				},
				"quote": func() error {
					in := validObs()
					in.Quote = bad
					_, err := models.CreateObservation(db, "t", in)
					return err
				},
			}
			for field, write := range writes {
				if got := fieldsOf(write()); got[field] == "" {
					t.Errorf("%s in %s: fields %v, want an error on %s", name, field, got, field)
				}
			}
			csv := "region_code,metric_code,period,value,source_id,quote,note\n330000,m,2015,1,s,原文,ok\n330000,m,2016,2,s,原文," + bad + "\n"
			_, err := models.ImportCSV(db, []byte(csv), models.ImportOptions{Actor: "t"})
			var ie *models.ImportError
			if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Line != 3 || ie.Rows[0].Fields["note"] == "" {
				t.Errorf("%s in an imported note: %v, want the error on line 3, note", name, err)
			}
		}
		if after, _ := models.CurrentDataVersion(db); after != before {
			t.Errorf("refused writes changed the data version %d → %d", before, after)
		}
		// tab, newline and carriage return stay allowed (multi-line cells)
		in := validObs()
		in.Note = "第一行\r\n第二行\t完"
		if _, err := models.CreateObservation(db, "t", in); err != nil {
			t.Errorf("a note with tab and line breaks: %v", err)
		}
	})
}
