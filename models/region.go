package models

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// NationCode is the code of the nation (全国), the one region without a
// parent.
const NationCode = "100000"

// ChildRegions returns the regions whose parent is code, by code.
func ChildRegions(db *gorm.DB, code string) ([]Region, error) {
	var out []Region
	if err := db.Where("parent_code = ?", code).Order(byteOrder(db, "code")).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("child regions of %q: %w", code, err)
	}
	return out, nil
}

// RegionsWithFigures reports which of codes have at least one figure of
// one of metrics: one probe of the observations' key index (region, metric)
// per region, not a read of their figures.
func RegionsWithFigures(db *gorm.DB, codes, metrics []string) (map[string]bool, error) {
	out := make(map[string]bool, len(codes))
	if len(codes) == 0 || len(metrics) == 0 {
		return out, nil
	}
	var with []string
	if err := db.Model(&Region{}).Where("code IN ? AND EXISTS (SELECT 1 FROM observations o WHERE o.region_code = regions.code AND o.metric_code IN ?)", codes, metrics).
		Pluck("code", &with).Error; err != nil {
		return nil, fmt.Errorf("regions with figures: %w", err)
	}
	for _, c := range with {
		out[c] = true
	}
	return out, nil
}

// Regions is the regions table, listed nation first, then provinces, cities
// and the rest, each by code; Get loads a region's parent with it. See
// Sources; besides, a region that is another region's parent cannot be
// deleted, even with cascade, and a parent must exist and not make a cycle.
var Regions = &Table[Region]{
	order: func(db *gorm.DB) string {
		return "CASE level WHEN 'national' THEN 0 WHEN 'province' THEN 1 WHEN 'city' THEN 2 ELSE 3 END, " + byteOrder(db, "code")
	},
	entity: EntityRegion, column: "code", field: "code", label: "地区代码", labelEN: "region code", refColumn: "region_code",
	key: func(r *Region) *string { return &r.Code }, createdAt: func(r *Region) *time.Time { return &r.CreatedAt },
	validate: validateRegion,
	prepare: func(r *Region) {
		if r.ParentCode != nil && strings.TrimSpace(*r.ParentCode) == "" {
			r.ParentCode = nil
		}
		r.Parent = nil
		if strings.TrimSpace(r.ShortName) == "" {
			r.ShortName = ShortRegionName(r.NameZH)
		}
	},
	preload: []string{"Parent"},
	children: func(tx *gorm.DB, code string) (int64, error) {
		var n int64
		if err := tx.Model(&Region{}).Where("parent_code = ?", code).Count(&n).Error; err != nil {
			return 0, fmt.Errorf("count child regions of %q: %w", code, err)
		}
		return n, nil
	},
}

func validateRegion(tx *gorm.DB, r Region) (fieldErrors, error) {
	fe := fieldErrors{}
	fe.check(ValidRegionCode(r.Code), "code", "地区代码应为6位数字 (region code must be 6 digits)")
	checkTexts(fe, r)
	fe.check(RegionLevels.Has(r.Level), "level", "级别应为 "+RegionLevels.OneOf()+" (unknown level)")
	if r.ParentCode == nil || *r.ParentCode == "" {
		return fe, nil
	}
	p := *r.ParentCode
	switch {
	case !ValidRegionCode(p):
		fe.add("parent_code", "上级地区代码应为6位数字 (parent code must be 6 digits)")
	case p == r.Code:
		fe.add("parent_code", "地区不能以自己为上级 (a region cannot be its own parent)")
	default:
		// walk up from the parent: it must exist and must not lead back to r
		seen := map[string]bool{r.Code: true}
		for code := p; code != ""; {
			if seen[code] {
				fe.add("parent_code", "上级关系形成了循环 (parent chain forms a cycle)")
				break
			}
			seen[code] = true
			var up Region
			err := tx.Where("code = ?", code).Limit(1).Find(&up).Error
			if err != nil {
				return nil, fmt.Errorf("check parent of region %q: %w", r.Code, err)
			}
			if up.Code == "" {
				if code == p {
					fe.add("parent_code", fmt.Sprintf("没有上级地区 %q (unknown parent region)", p))
				}
				break
			}
			if up.ParentCode == nil {
				break
			}
			code = *up.ParentCode
		}
	}
	return fe, nil
}

// RegionQuery selects regions for FindRegions; empty fields select all.
type RegionQuery struct {
	// Q is part of a name, short name or English name (衢州, 柯城, quzhou),
	// or the start of a code (3308).
	Q string
	// Parent is the code whose child regions are wanted.
	Parent string
	// Limit caps the rows returned (0: no cap).
	Limit int
}

// FindRegions returns the regions q selects, in the order of Regions.List
// (nation, provinces, cities, then the rest, each by code).
func FindRegions(db *gorm.DB, q RegionQuery) ([]Region, error) {
	tx := db.Model(&Region{})
	if q.Parent != "" {
		tx = tx.Where("parent_code = ?", q.Parent)
	}
	if s := strings.TrimSpace(q.Q); s != "" {
		like := "%" + likeEscaper.Replace(s) + "%"
		tx = tx.Where("name_zh LIKE ? ESCAPE '!' OR short_name LIKE ? ESCAPE '!' OR LOWER(name_en) LIKE ? ESCAPE '!' OR code LIKE ? ESCAPE '!'",
			like, like, strings.ToLower(like), likeEscaper.Replace(s)+"%")
	}
	if q.Limit > 0 {
		tx = tx.Limit(q.Limit)
	}
	var out []Region
	if err := tx.Order(Regions.order(db)).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("find regions: %w", err)
	}
	return out, nil
}

// likeEscaper escapes LIKE's wildcards (and its escape character, !) in a
// search string.
var likeEscaper = strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")

// RegionCodesWithFigures returns the codes of the regions that have at
// least one figure.
func RegionCodesWithFigures(db *gorm.DB) (map[string]bool, error) {
	var codes []string
	if err := db.Model(&Observation{}).Distinct("region_code").Pluck("region_code", &codes).Error; err != nil {
		return nil, fmt.Errorf("regions with figures: %w", err)
	}
	out := make(map[string]bool, len(codes))
	for _, c := range codes {
		out[c] = true
	}
	return out, nil
}
