package models

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"gorm.io/gorm"
)

// Undoing a committed import: what it inserted is deleted, what it
// changed gets its old values back, and what it created is removed when
// nothing else uses it — unless a figure was edited since.

// UndoConflictError is an undo refused because figures the import wrote
// were changed since (listed by cell, at most 20).
type UndoConflictError struct {
	Cells []string
	Count int
}

func (e *UndoConflictError) Error() string {
	return fmt.Sprintf("导入后有 %d 个数字又被修改过（%v），撤销会覆盖这些修改，未撤销 (%d figures changed since the import; nothing undone)", e.Count, e.Cells, e.Count)
}

// UndoReport says what an undo restored.
type UndoReport struct {
	ID          string `json:"id"`
	Deleted     int    `json:"deleted"`
	Restored    int    `json:"restored"`
	Metrics     int    `json:"metrics_deleted"`
	Source      bool   `json:"source_deleted"`
	DataVersion int64  `json:"data_version"`
}

// UndoImport restores what the committed import id changed: figures it
// inserted are deleted, figures it changed get their old values back, and
// the metrics and the source it created are deleted when nothing else uses
// them. If any figure was changed after the import, nothing is undone
// (*UndoConflictError). Deleting a preview that was never committed
// discards it.
func UndoImport(db *gorm.DB, id, actor string) (UndoReport, error) {
	var b ImportBatch
	if !reBatchID.MatchString(id) {
		return UndoReport{}, fmt.Errorf("import %q: %w", id, ErrNotFound)
	}
	if err := first(db.Where("id = ?", id), &b, "import", id); err != nil {
		return UndoReport{}, err
	}
	switch b.Status {
	case BatchPreview:
		if err := db.Where("id = ? AND status = ?", id, BatchPreview).Delete(&ImportBatch{}).Error; err != nil {
			return UndoReport{}, fmt.Errorf("discard preview: %w", err)
		}
		return UndoReport{ID: id}, nil
	case BatchUndone:
		return UndoReport{}, &ImportStateError{"这次导入已撤销 (import already undone)"}
	}
	var undo undoRecord
	if err := unpackJSON(b.Undo, &undo); err != nil {
		return UndoReport{}, err
	}
	rep := UndoReport{ID: id}
	version, err := write(db, func(tx *gorm.DB) (change, error) {
		var conflicts []string
		count := 0
		current, err := figuresOf(tx, undo.Figures)
		if err != nil {
			return change{}, err
		}
		var drop []uint
		for _, f := range undo.Figures {
			cur, ok := current[KeyOf(f.After)]
			if !ok || !sameFigure(cur, f.After) {
				count++
				if len(conflicts) < 20 {
					conflicts = append(conflicts, f.After.RegionCode+"/"+f.After.MetricCode+"/"+f.After.Period)
				}
				continue
			}
			if f.Before == nil {
				drop = append(drop, cur.ID)
				continue
			}
			err = tx.Model(&Observation{}).Where("id = ?", cur.ID).Updates(figureFields(*f.Before, time.Now())).Error
			if err != nil {
				return change{}, fmt.Errorf("restore figure %d: %w", cur.ID, err)
			}
			rep.Restored++
		}
		for start := 0; start < len(drop) && count == 0; start += importBatchSize {
			ids := drop[start:min(start+importBatchSize, len(drop))]
			if err := tx.Where("id IN ?", ids).Delete(&Observation{}).Error; err != nil {
				return change{}, fmt.Errorf("delete imported figures: %w", err)
			}
			rep.Deleted += len(ids)
		}
		if count > 0 {
			return change{}, &UndoConflictError{Cells: conflicts, Count: count}
		}
		for _, code := range undo.Metrics {
			if used, err := exists(tx, &Observation{}, "metric_code = ?", code); err != nil {
				return change{}, err
			} else if !used {
				if err := tx.Delete(&Metric{}, "code = ?", code).Error; err != nil {
					return change{}, fmt.Errorf("delete metric %s: %w", code, err)
				}
				rep.Metrics++
			}
		}
		if undo.Source != "" {
			if used, err := exists(tx, &Observation{}, "source_id = ?", undo.Source); err != nil {
				return change{}, err
			} else if !used {
				if err := tx.Delete(&Source{}, "id = ?", undo.Source).Error; err != nil {
					return change{}, fmt.Errorf("delete source %s: %w", undo.Source, err)
				}
				rep.Source = true
			}
		}
		at := time.Now().UTC()
		res := tx.Model(&ImportBatch{}).Where("id = ? AND status = ?", id, BatchCommitted).Updates(map[string]any{"status": BatchUndone, "undone_at": at})
		if res.Error != nil {
			return change{}, fmt.Errorf("mark import undone: %w", res.Error)
		}
		if res.RowsAffected != 1 {
			return change{}, &ImportStateError{"这次导入已被处理 (import already handled)"}
		}
		after := map[string]any{"deleted": rep.Deleted, "restored": rep.Restored, "metrics_deleted": rep.Metrics, "source_deleted": rep.Source}
		return change{bump: true, audit: []AuditEntry{newAudit(actor, ActionUndo, EntityImport, id, nil, after)}}, nil
	})
	if err != nil {
		return UndoReport{}, err
	}
	rep.DataVersion = version
	return rep, nil
}

// figuresOf reads the stored figures with the keys of fs (all of one
// source), by key.
func figuresOf(tx *gorm.DB, fs []undoFigure) (map[ObservationKey]Observation, error) {
	if len(fs) == 0 {
		return map[ObservationKey]Observation{}, nil
	}
	metrics := map[string]bool{}
	for _, f := range fs {
		metrics[f.After.MetricCode] = true
	}
	return sourceFigures(tx, fs[0].After.SourceID, slices.Sorted(maps.Keys(metrics)))
}
