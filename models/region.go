package models

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ChildRegions returns the regions whose parent is code, by code.
func ChildRegions(db *gorm.DB, code string) ([]Region, error) {
	var out []Region
	if err := db.Where("parent_code = ?", code).Order(byteOrder(db, "code")).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("child regions of %q: %w", code, err)
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
