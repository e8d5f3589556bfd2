package models_test

import (
	"ecomdash/models"
	"ecomdash/models/dbtest"
	"encoding/json"
	"strconv"
	"testing"
)

func TestListAuditNewestFirstAndLimits(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, databaseURL string) {
		db := openTest(t, databaseURL)
		for i := 0; i < 5; i++ {
			in := validObs()
			in.Period = strconv.Itoa(2020 + i)
			if _, err := models.CreateObservation(db, "a", in); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct{ limit, want int }{{3, 3}, {100, 5}, {0, 1}, {-5, 1}, {models.MaxAuditLimit + 1, 5}} {
			got, err := models.ListAudit(db, tt.limit)
			if err != nil || len(got) != tt.want {
				t.Errorf("ListAudit(%d): %d entries %v, want %d", tt.limit, len(got), err, tt.want)
			}
			for i := 1; i < len(got); i++ {
				if got[i].ID >= got[i-1].ID {
					t.Errorf("ListAudit(%d) not newest first: %d before %d", tt.limit, got[i-1].ID, got[i].ID)
				}
			}
		}
	})
}

func TestAuditEntryJSON(t *testing.T) {
	e := models.AuditEntry{ID: 7, Actor: "alice", Action: models.ActionUpdate, Entity: models.EntityMetric, Key: "m", Before: `{"unit":"亿元"}`}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	before, ok := got["before"].(map[string]any)
	if !ok || before["unit"] != "亿元" || got["after"] != nil || got["actor"] != "alice" || got["id"] != float64(7) || got["key"] != "m" {
		t.Errorf("audit JSON %s", b)
	}
	var back models.AuditEntry
	if err := json.Unmarshal(b, &back); err != nil || back.Before != e.Before || back.After != "" || back.Actor != "alice" || back.ID != 7 {
		t.Errorf("round trip: %+v %v", back, err)
	}
}
