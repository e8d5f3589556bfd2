package models

import (
	"fmt"
	"slices"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// RegionLoad is what LoadRegions did with an edition of the divisions.
type RegionLoad struct {
	// Inserted are the codes of the regions added.
	Inserted []string
	// Updated are the regions whose name, short name, level or parent the
	// edition changed, each as it was before and is now.
	Updated []RegionChange
	// Unchanged counts the regions the edition has as they were.
	Unchanged int
	// Kept are the regions of the database the edition does not list
	// (merged away, abolished, or an administrator's own): none is
	// deleted or changed.
	Kept []KeptRegion
}

// RegionChange is one region an edition changed.
type RegionChange struct {
	Before, After Region
}

// KeptRegion is a region missing from an edition, kept as it is, with the
// number of figures it has.
type KeptRegion struct {
	Region
	Figures int64
}

// LoadRegions brings the regions table up to an edition of the divisions,
// in one write transaction: a region of the edition that is missing is
// inserted; one whose code exists gets the edition's name, short name,
// level and parent (its English name and its figures stay); a region the
// edition does not list is kept as it is, figures and all, and reported.
// Nothing is ever deleted, so an edition that renames or merges regions
// loses no figure. The edition must list parents before their children,
// each parent among its regions or in the database (divisions.Parse checks
// an edition file so). Each update is audited as actor's; the data version
// goes up when anything changed.
func LoadRegions(db *gorm.DB, actor string, edition []Region) (RegionLoad, error) {
	var rep RegionLoad
	_, err := write(db, func(tx *gorm.DB) (change, error) {
		rep = RegionLoad{}
		var stored []Region
		if err := tx.Find(&stored).Error; err != nil {
			return change{}, fmt.Errorf("load regions: read regions: %w", err)
		}
		byCode := make(map[string]Region, len(stored))
		for _, r := range stored {
			byCode[r.Code] = r
		}
		listed := make(map[string]bool, len(edition))
		var add []Region
		var audit []AuditEntry
		for _, r := range edition {
			r.Parent = nil
			if r.ShortName == "" {
				r.ShortName = ShortRegionName(r.NameZH)
			}
			fe := fieldErrors{}
			fe.check(ValidRegionCode(r.Code), "code", "地区代码应为6位数字")
			fe.check(RegionLevels.Has(r.Level), "level", "级别未知")
			checkTexts(fe, r)
			if r.ParentCode != nil && !listed[*r.ParentCode] {
				if _, ok := byCode[*r.ParentCode]; !ok {
					fe.add("parent_code", fmt.Sprintf("上级 %q 不在此前各行中，也不在数据库中 (parent not listed before it)", *r.ParentCode))
				}
			}
			if r.ParentCode == nil && r.Code != NationCode {
				fe.add("parent_code", "只有全国没有上级 (only the nation has no parent)")
			}
			if len(fe) > 0 {
				return change{}, fmt.Errorf("load regions: %s: %w", r.Code, &ValidationError{Fields: fe})
			}
			if listed[r.Code] {
				return change{}, fmt.Errorf("load regions: %s is listed twice", r.Code)
			}
			listed[r.Code] = true
			old, ok := byCode[r.Code]
			if !ok {
				add = append(add, r)
				rep.Inserted = append(rep.Inserted, r.Code)
				continue
			}
			if old.NameZH == r.NameZH && old.ShortName == r.ShortName && old.Level == r.Level && samePtr(old.ParentCode, r.ParentCode) {
				rep.Unchanged++
				continue
			}
			now := old
			now.NameZH, now.ShortName, now.Level, now.ParentCode = r.NameZH, r.ShortName, r.Level, r.ParentCode
			if err := tx.Model(&Region{}).Where("code = ?", r.Code).Select("name_zh", "short_name", "level", "parent_code", "updated_at").
				Updates(&now).Error; err != nil {
				return change{}, fmt.Errorf("load regions: update %s: %w", r.Code, err)
			}
			rep.Updated = append(rep.Updated, RegionChange{Before: old, After: now})
			audit = append(audit, newAudit(actor, ActionUpdate, EntityRegion, r.Code, old, now))
		}
		for start := 0; start < len(add); start += seedBatchSize {
			batch := add[start:min(start+seedBatchSize, len(add))]
			if err := tx.Omit(clause.Associations).Create(&batch).Error; err != nil {
				return change{}, fmt.Errorf("load regions: insert: %w", err)
			}
		}
		var missing []Region
		for _, r := range stored {
			if !listed[r.Code] {
				missing = append(missing, r)
			}
		}
		if len(missing) > 0 {
			figures, err := figuresByRegion(tx)
			if err != nil {
				return change{}, err
			}
			slices.SortFunc(missing, func(a, b Region) int { return compareStrings(a.Code, b.Code) })
			for _, r := range missing {
				rep.Kept = append(rep.Kept, KeptRegion{Region: r, Figures: figures[r.Code]})
			}
		}
		if len(rep.Inserted) > 0 {
			audit = append(audit, newAudit(actor, ActionImport, EntityRegion, "divisions", nil,
				map[string]any{"inserted": len(rep.Inserted), "updated": len(rep.Updated), "unchanged": rep.Unchanged, "kept": len(rep.Kept)}))
		}
		if len(rep.Inserted)+len(rep.Updated) == 0 {
			return change{}, nil
		}
		return changed(audit...), nil
	})
	return rep, err
}

// figuresByRegion counts the figures of each region that has any.
func figuresByRegion(tx *gorm.DB) (map[string]int64, error) {
	var rows []struct {
		RegionCode string
		N          int64
	}
	if err := tx.Model(&Observation{}).Select("region_code, COUNT(*) AS n").Group("region_code").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count figures by region: %w", err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.RegionCode] = r.N
	}
	return out, nil
}

// samePtr reports whether two optional codes are equal.
func samePtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// compareStrings orders strings bytewise.
func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
