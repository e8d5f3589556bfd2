package models

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Dashboard is a named, ordered set of saved charts with headline figures
// above them. The dashboard with the lowest Position is the overview shown
// at "/".
type Dashboard struct {
	// ID is the stable identifier used in /dashboards/:id and the API.
	ID string `gorm:"primaryKey;size:64" json:"id"`
	// Title is the dashboard's name.
	Title string `gorm:"not null" json:"title" text:"required,40" label:"标题"`
	// Description is one sentence on what it covers.
	Description string `json:"description" text:"optional,300" label:"说明"`
	// Charts are the ids of the charts shown, in order.
	Charts IDList `gorm:"type:text" json:"charts"`
	// Headlines are the figures shown as cards above the charts, each
	// REGION:METRIC:PERIOD, or REGION:METRIC:PERIOD:GROWTH_METRIC to show
	// that metric's figure (a growth rate) under it.
	Headlines IDList `gorm:"type:text" json:"headlines"`
	// Position orders the dashboards in the navigation.
	Position int `gorm:"not null;default:0" json:"position"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Bounds of a dashboard.
const (
	MaxDashboardCharts    = 40
	MaxDashboardHeadlines = 12
)

// Dashboards is the dashboards table, listed by position then id.
var Dashboards = &Table[Dashboard]{
	entity: EntityDashboard, column: "id", field: "id", label: "看板编号", labelEN: "dashboard id",
	key: func(d *Dashboard) *string { return &d.ID }, createdAt: func(d *Dashboard) *time.Time { return &d.CreatedAt },
	order:    func(db *gorm.DB) string { return "position, " + byteOrder(db, "id") },
	validate: validateDashboard,
	release:  func(*gorm.DB, string, string, bool) ([]AuditEntry, error) { return nil, nil },
	prepare:  func(d *Dashboard) { d.Title = strings.TrimSpace(d.Title) },
}

// Headline is one parsed item of Dashboard.Headlines: a figure, and
// optionally the metric of its growth rate shown beside it.
type Headline struct {
	FigureKey
	Growth string
}

// ParseHeadline reads REGION:METRIC:PERIOD[:GROWTH_METRIC].
func ParseHeadline(item string) (Headline, bool) {
	key, growth := item, ""
	if strings.Count(item, ":") == 3 {
		i := strings.LastIndexByte(item, ':')
		key, growth = item[:i], item[i+1:]
		if !ValidID(growth) {
			return Headline{}, false
		}
	}
	fk, err := ParseFigureKey(key)
	if err != nil {
		return Headline{}, false
	}
	return Headline{FigureKey: fk, Growth: growth}, true
}

func validateDashboard(tx *gorm.DB, d Dashboard) (fieldErrors, error) {
	fe := fieldErrors{}
	fe.check(ValidID(d.ID), "id", "看板编号应为小写字母、数字、_ 或 -，最多64个字符 (malformed dashboard id)")
	checkTexts(fe, d)
	switch {
	case len(d.Charts) > MaxDashboardCharts:
		fe.add("charts", fmt.Sprintf("一个看板最多 %d 张图表 (at most %d charts)", MaxDashboardCharts, MaxDashboardCharts))
	default:
		for i, id := range d.Charts {
			if slices.Contains(d.Charts[:i], id) {
				fe.add("charts", fmt.Sprintf("图表 %q 重复 (listed twice)", id))
				break
			}
		}
	}
	if fe["charts"] == "" && len(d.Charts) > 0 {
		unknown, err := UnknownKeys(tx, EntityChart, d.Charts)
		if err != nil {
			return nil, err
		}
		if len(unknown) > 0 {
			fe.add("charts", fmt.Sprintf("没有图表 %q (unknown chart)", unknown[0]))
		}
	}
	if len(d.Headlines) > MaxDashboardHeadlines {
		fe.add("headlines", fmt.Sprintf("最多 %d 个要点数字 (at most %d headlines)", MaxDashboardHeadlines, MaxDashboardHeadlines))
	}
	for _, h := range d.Headlines {
		if _, ok := ParseHeadline(h); !ok {
			fe.add("headlines", fmt.Sprintf("%q 应为 地区代码:指标代码:时期[:增速指标代码] (want REGION:METRIC:PERIOD[:GROWTH_METRIC])", h))
			break
		}
	}
	if d.Position < 0 || d.Position > 10000 {
		fe.add("position", "排序应在 0 到 10000 之间 (position out of range)")
	}
	return fe, nil
}
