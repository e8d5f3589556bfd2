package models

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Region levels, as stored in Region.Level.
const (
	LevelNational = "national"
	LevelProvince = "province"
	LevelCity     = "city"
	LevelDistrict = "district"
	LevelCounty   = "county"
)

// RegionLevels lists every valid Region.Level with its Chinese label.
var RegionLevels = map[string]string{
	LevelNational: "全国",
	LevelProvince: "省级",
	LevelCity:     "地级市",
	LevelDistrict: "市辖区",
	LevelCounty:   "县",
}

// Region is an administrative area.
type Region struct {
	// Code is the GB/T 2260 administrative division code (100000 for the nation).
	Code string `gorm:"primaryKey;size:12" json:"code"`
	// NameZH is the Chinese name, e.g. 衢州市.
	NameZH string `gorm:"not null" json:"name_zh"`
	// NameEN is the English name, e.g. Quzhou.
	NameEN string `json:"name_en"`
	// Level is one of the Level* constants.
	Level string `gorm:"size:16;not null" json:"level"`
	// ParentCode is the code of the enclosing region; nil for the nation.
	ParentCode *string `gorm:"size:12;index" json:"parent_code"`
	// Parent is the enclosing region (loaded only where a query says so).
	Parent *Region `gorm:"foreignKey:ParentCode;references:Code;constraint:OnUpdate:CASCADE,OnDelete:RESTRICT" json:"-"`

	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// LevelLabel returns the Chinese label of the region's level.
func (r Region) LevelLabel() string {
	if l, ok := RegionLevels[r.Level]; ok {
		return l
	}
	return r.Level
}

// ListRegions returns every region, nation first, then by code.
func ListRegions(db *gorm.DB) ([]Region, error) {
	var out []Region
	err := db.Order("CASE level WHEN 'national' THEN 0 WHEN 'province' THEN 1 WHEN 'city' THEN 2 ELSE 3 END, " + byteOrder(db, "code")).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list regions: %w", err)
	}
	return out, nil
}

// GetRegion returns the region with the given code (its parent loaded), or ErrNotFound.
func GetRegion(db *gorm.DB, code string) (Region, error) {
	return regionTable.get(db.Preload("Parent"), code)
}

// ChildRegions returns the regions whose parent is code, by code.
func ChildRegions(db *gorm.DB, code string) ([]Region, error) {
	var out []Region
	if err := db.Where("parent_code = ?", code).Order(byteOrder(db, "code")).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("child regions of %q: %w", code, err)
	}
	return out, nil
}

// CreateRegion validates r and inserts it.
func CreateRegion(db *gorm.DB, actor string, r Region) (Region, error) {
	return regionTable.create(db, actor, r)
}

// UpdateRegion replaces every field of the region code with r (r.Code must
// be empty or code).
func UpdateRegion(db *gorm.DB, actor, code string, r Region) (Region, error) {
	return regionTable.update(db, actor, code, r)
}

// DeleteRegion deletes the region code. Observations that use it make it an
// *InUseError unless cascade is true (they are then deleted too); regions
// whose parent it is always make it an *InUseError.
func DeleteRegion(db *gorm.DB, actor, code string, cascade bool) (int, error) {
	return regionTable.remove(db, actor, code, cascade)
}

var regionTable = keyedTable[Region]{
	entity: EntityRegion, column: "code", field: "code", label: "地区代码", labelEN: "region code",
	refColumn: "region_code",
	key:       func(r *Region) *string { return &r.Code },
	createdAt: func(r *Region) *time.Time { return &r.CreatedAt },
	validate:  validateRegion,
	prepare: func(r *Region) {
		if r.ParentCode != nil && strings.TrimSpace(*r.ParentCode) == "" {
			r.ParentCode = nil
		}
		r.Parent = nil
	},
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
	if !ValidRegionCode(r.Code) {
		fe.add("code", "地区代码应为6位数字 (region code must be 6 digits)")
	}
	requireText(fe, "name_zh", "中文名称", r.NameZH, maxNameLen)
	optionalText(fe, "name_en", "英文名称", r.NameEN, maxNameLen)
	if _, ok := RegionLevels[r.Level]; !ok {
		fe.add("level", "级别应为 national、province、city、district 或 county (unknown level)")
	}
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
