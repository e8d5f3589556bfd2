package models

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Chart is a saved chart: a chart state (the query string of the grammar in
// charts/state, "metrics=…&regions=…&periods=…&type=…") with the words
// around it. The state is checked against the grammar and the database by
// the caller before it is saved (handlers do, and the seed's states are
// tested), because the grammar lives above this package; a state that
// later stops resolving (its metric deleted) is shown as such, not as an
// error page.
type Chart struct {
	// ID is the stable identifier used in /charts/:id, file names and the API.
	ID string `gorm:"primaryKey;size:64" json:"id"`
	// Title is the chart's headline.
	Title string `gorm:"not null" json:"title" text:"required,80" label:"标题"`
	// State is the chart as a query string of the chart grammar.
	State string `gorm:"size:2000;not null" json:"state" text:"required,2000" label:"图表状态"`
	// Lead opens the subtitle; the periods and units shown are appended to it.
	Lead string `json:"lead" text:"optional,120" label:"导语"`
	// Reading is a short note on how to read the chart, shown under it.
	Reading string `json:"reading" text:"optional,1000" label:"阅读提示"`
	// Note is a remark for administrators and the report (scope, caveats).
	Note string `json:"note" text:"optional,1000" label:"备注"`
	// Position orders the charts in lists (the admin page, the full export).
	Position int `gorm:"not null;default:0" json:"position"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Charts is the saved charts table, listed by position then id. A chart
// that a dashboard lists is an *InUseError to delete, unless cascade is
// set: it is then taken off those dashboards, each change audited.
var Charts = &Table[Chart]{
	entity: EntityChart, column: "id", field: "id", label: "图表编号", labelEN: "chart id",
	key: func(c *Chart) *string { return &c.ID }, createdAt: func(c *Chart) *time.Time { return &c.CreatedAt },
	order:    func(db *gorm.DB) string { return "position, " + byteOrder(db, "id") },
	validate: validateChart,
	release:  releaseChart,
	prepare: func(c *Chart) {
		c.Title, c.State = strings.TrimSpace(c.Title), strings.TrimSpace(c.State)
	},
}

func validateChart(_ *gorm.DB, c Chart) (fieldErrors, error) {
	fe := fieldErrors{}
	fe.check(ValidID(c.ID), "id", "图表编号应为小写字母、数字、_ 或 -，最多64个字符 (malformed chart id)")
	checkTexts(fe, c)
	if c.Position < 0 || c.Position > 10000 {
		fe.add("position", "排序应在 0 到 10000 之间 (position out of range)")
	}
	return fe, nil
}

// releaseChart takes chart id off every dashboard that lists it, when
// cascade is set; otherwise those dashboards make it an *InUseError.
func releaseChart(tx *gorm.DB, actor, id string, cascade bool) ([]AuditEntry, error) {
	var all []Dashboard
	if err := tx.Order("id").Find(&all).Error; err != nil {
		return nil, fmt.Errorf("dashboards using chart %q: %w", id, err)
	}
	var entries []AuditEntry
	var users int64
	for _, d := range all {
		kept := make(IDList, 0, len(d.Charts))
		for _, c := range d.Charts {
			if c != id {
				kept = append(kept, c)
			}
		}
		if len(kept) == len(d.Charts) {
			continue
		}
		users++
		if !cascade {
			continue
		}
		before := d
		d.Charts = kept
		if err := tx.Model(&Dashboard{}).Where("id = ?", d.ID).Update("charts", kept).Error; err != nil {
			return nil, fmt.Errorf("take chart %q off dashboard %q: %w", id, d.ID, err)
		}
		entries = append(entries, newAudit(actor, ActionUpdate, EntityDashboard, d.ID, before, d))
	}
	if users > 0 && !cascade {
		return nil, &InUseError{Entity: EntityChart, Key: id, Dashboards: users}
	}
	return entries, nil
}

// IDList is an ordered list of ids stored as one comma-separated column
// (ids never hold commas), the same on every database.
type IDList []string

// Value writes the list for the database.
func (l IDList) Value() (driver.Value, error) { return strings.Join(l, ","), nil }

// Scan reads the list from the database.
func (l *IDList) Scan(v any) error {
	var s string
	switch t := v.(type) {
	case nil:
	case string:
		s = t
	case []byte:
		s = string(t)
	default:
		return fmt.Errorf("id list: cannot scan %T", v)
	}
	*l = nil
	if s != "" {
		*l = strings.Split(s, ",")
	}
	return nil
}
