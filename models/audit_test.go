package models

import (
	"encoding/json"
	"strconv"
	"testing"
)

func TestListAuditNewestFirstAndLimits(t *testing.T) {
	db := openTest(t)
	for i := 0; i < 5; i++ {
		in := validObs()
		in.Period = strconv.Itoa(2020 + i)
		if _, err := CreateObservation(db, "a", in); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct{ limit, want int }{{3, 3}, {100, 5}, {0, 1}, {-5, 1}, {MaxAuditLimit + 1, 5}} {
		got, err := ListAudit(db, tt.limit)
		if err != nil || len(got) != tt.want {
			t.Errorf("ListAudit(%d): %d entries %v, want %d", tt.limit, len(got), err, tt.want)
		}
		for i := 1; i < len(got); i++ {
			if got[i].ID >= got[i-1].ID {
				t.Errorf("ListAudit(%d) not newest first: %d before %d", tt.limit, got[i-1].ID, got[i].ID)
			}
		}
	}
}

func TestAuditEntryJSON(t *testing.T) {
	e := AuditEntry{ID: 7, Actor: "alice", Action: ActionUpdate, Entity: EntityMetric, Key: "m", Before: `{"unit":"亿元"}`}
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
	var back AuditEntry
	if err := json.Unmarshal(b, &back); err != nil || back.Before != e.Before || back.After != "" || back.Actor != "alice" || back.ID != 7 {
		t.Errorf("round trip: %+v %v", back, err)
	}
}
