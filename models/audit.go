package models

import (
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Audit actions, as stored in AuditEntry.Action.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
	ActionImport = "import"
)

// Audited entity types, as stored in AuditEntry.Entity.
const (
	EntitySource      = "source"
	EntityRegion      = "region"
	EntityMetric      = "metric"
	EntityObservation = "observation"
	EntityChart       = "chart"
	EntityDashboard   = "dashboard"
)

// ActorCLI is the actor recorded for changes made from the command line.
const ActorCLI = "cli"

// AuditEntry records one change: who made it, when, and the row before and
// after (as JSON; empty for a create's before and a delete's after). An
// import is one entry whose After holds its counts and the file's sha256.
type AuditEntry struct {
	ID uint `gorm:"primaryKey" json:"id"`
	// At is when the change was committed (UTC).
	At time.Time `gorm:"not null;index" json:"at"`
	// Actor is the admin token's name, or "cli".
	Actor string `gorm:"size:64;not null" json:"actor"`
	// Action is one of the Action* constants.
	Action string `gorm:"size:16;not null" json:"action"`
	// Entity is one of the Entity* constants.
	Entity string `gorm:"size:16;not null" json:"entity"`
	// Key names the row: a source id, region or metric code, or for an
	// observation "id (region/metric/period/source)".
	Key string `gorm:"not null" json:"key"`
	// Before is the row before the change, as JSON.
	Before string `json:"-"`
	// After is the row after the change, as JSON.
	After string `json:"-"`
}

// MarshalJSON writes Before and After as JSON values (null when empty)
// rather than as strings holding JSON.
func (a AuditEntry) MarshalJSON() ([]byte, error) {
	type plain AuditEntry
	raw := func(s string) json.RawMessage {
		if s == "" {
			return json.RawMessage("null")
		}
		return json.RawMessage(s)
	}
	b, err := json.Marshal(struct {
		plain
		Before json.RawMessage `json:"before"`
		After  json.RawMessage `json:"after"`
	}{plain(a), raw(a.Before), raw(a.After)})
	if err != nil {
		return nil, fmt.Errorf("marshal audit entry %d: %w", a.ID, err)
	}
	return b, nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (a *AuditEntry) UnmarshalJSON(b []byte) error {
	type plain AuditEntry
	var v struct {
		plain
		Before json.RawMessage `json:"before"`
		After  json.RawMessage `json:"after"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("unmarshal audit entry: %w", err)
	}
	*a = AuditEntry(v.plain)
	for dst, raw := range map[*string]json.RawMessage{&a.Before: v.Before, &a.After: v.After} {
		if len(raw) > 0 && string(raw) != "null" {
			*dst = string(raw)
		}
	}
	return nil
}

// newAudit builds an entry; before and after are marshalled to JSON (nil
// stays empty).
func newAudit(actor, action, entity, key string, before, after any) AuditEntry {
	return AuditEntry{
		At: time.Now().UTC(), Actor: actor, Action: action, Entity: entity, Key: key,
		Before: mustJSON(before), After: mustJSON(after),
	}
}

// appendAudit inserts entries inside tx.
func appendAudit(tx *gorm.DB, entries []AuditEntry) error {
	if err := tx.CreateInBatches(entries, 200).Error; err != nil {
		return fmt.Errorf("append audit entries: %w", err)
	}
	return nil
}

// Audit list bounds.
const (
	DefaultAuditLimit = 100
	MaxAuditLimit     = 1000
)

// ListAudit returns up to limit audit entries, newest first. A limit outside
// 1..MaxAuditLimit is clamped to that range.
func ListAudit(db *gorm.DB, limit int) ([]AuditEntry, error) {
	if limit < 1 {
		limit = 1
	}
	if limit > MaxAuditLimit {
		limit = MaxAuditLimit
	}
	var out []AuditEntry
	if err := db.Order("id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	return out, nil
}
