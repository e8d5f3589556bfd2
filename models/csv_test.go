package models_test

import (
	"bytes"
	"testing"

	"ecomdash/models"
	"ecomdash/models/dbtest"
	"ecomdash/seed/seedtest"
)

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx",
		"衢州市": "衢州市", "": "", "12.3": "12.3", "a=b": "a=b",
	} {
		if got := models.Neutralise(in); got != want {
			t.Errorf("neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExportStreamsWhatWriteCSVWrites: the streamed export (one query, rows
// scanned one at a time) writes byte for byte what WriteCSV writes from the
// loaded observations, on every database.
func TestExportStreamsWhatWriteCSVWrites(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := seedtest.Open(t, databaseURL)
		for _, f := range []models.ObservationFilter{{}, {RegionCodes: []string{"310114"}}, {MetricCodes: []string{"online_retail_sales"}, Limit: 2, Offset: 1}} {
			obs, err := models.FindObservations(db, f)
			if err != nil {
				t.Fatal(err)
			}
			var want, got bytes.Buffer
			if err := models.WriteCSV(&want, obs); err != nil {
				t.Fatal(err)
			}
			if err := models.ExportCSV(db, f, &got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("filter %+v: the streamed export differs from WriteCSV (%d vs %d bytes)", f, got.Len(), want.Len())
			}
		}
	})
}
