package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Every change to the database goes through write: the admin API's
// creates, updates and deletes, the CSV import and the seed. Each runs in
// one transaction that takes the write lock, validates, writes, bumps the
// data version and appends its audit entries, so a change is either
// complete, visible to every cache and recorded, or not made at all.

// change is what the body of a write reports.
type change struct {
	// bump says the figures changed: the data version goes up.
	bump bool
	// audit are the entries to append to the audit trail.
	audit []AuditEntry
}

// changed is the change of a create, update or delete: the data version
// goes up and entries are recorded.
func changed(entries ...AuditEntry) change { return change{bump: true, audit: entries} }

// write runs fn in one transaction after taking the write lock (lockWrites),
// so concurrent writes run one after the other on every database; then, as
// fn reports, it bumps the data version and appends the audit entries. It
// returns the data version the transaction commits.
func write(db *gorm.DB, fn func(tx *gorm.DB) (change, error)) (int64, error) {
	var version int64
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := lockWrites(tx); err != nil {
			return err
		}
		ch, err := fn(tx)
		if err != nil {
			return err
		}
		if ch.bump {
			if err := bumpDataVersion(tx); err != nil {
				return err
			}
		}
		if len(ch.audit) > 0 {
			if err := appendAudit(tx, ch.audit); err != nil {
				return err
			}
		}
		version, err = CurrentDataVersion(tx)
		return err
	})
	return version, err
}

// first loads the first row of q into dest, mapping "no row" to ErrNotFound.
func first(q *gorm.DB, dest any, what, key string) error {
	err := q.Take(dest).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%s %q: %w", what, key, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("get %s %q: %w", what, key, err)
	}
	return nil
}

// exists reports whether a row of model matches where.
func exists(tx *gorm.DB, model any, where string, args ...any) (bool, error) {
	var n int64
	if err := tx.Model(model).Where(where, args...).Limit(1).Count(&n).Error; err != nil {
		return false, fmt.Errorf("check existence: %w", err)
	}
	return n > 0, nil
}

// keyedTable describes a table whose rows are keyed by a stable code that
// an update cannot change (sources, regions, metrics), for the create,
// update and delete they share.
type keyedTable[T any] struct {
	// entity is the audit entity (EntitySource …); column is the key column
	// and field the key's JSON field name.
	entity, column, field string
	// label and labelEN name the key in messages (来源编号, source id).
	label, labelEN string
	// refColumn is the observations' column that refers to a row.
	refColumn string
	// key and createdAt point into a row.
	key       func(*T) *string
	createdAt func(*T) *time.Time
	// validate checks a row (prepared) and returns its field errors.
	validate func(tx *gorm.DB, row T) (fieldErrors, error)
	// prepare, when set, normalises a row before it is validated.
	prepare func(*T)
	// children, when set, counts rows that refer to key and forbid its
	// deletion even with cascade (a region's child regions).
	children func(tx *gorm.DB, key string) (int64, error)
}

// get loads the row with key, or ErrNotFound.
func (k keyedTable[T]) get(tx *gorm.DB, key string) (T, error) {
	var row T
	return row, first(tx.Where(k.column+" = ?", key), &row, k.entity, key)
}

// create validates row and inserts it. A malformed field or a key in use is
// a *ValidationError.
func (k keyedTable[T]) create(db *gorm.DB, actor string, row T) (T, error) {
	_, err := write(db, func(tx *gorm.DB) (change, error) {
		if k.prepare != nil {
			k.prepare(&row)
		}
		fe, err := k.validate(tx, row)
		if err != nil {
			return change{}, err
		}
		key := *k.key(&row)
		if fe[k.field] == "" { // a malformed key is reported as malformed
			dup, err := exists(tx, new(T), k.column+" = ?", key)
			if err != nil {
				return change{}, err
			}
			if dup {
				fe.add(k.field, fmt.Sprintf("%s %q 已存在 (%s already exists)", k.label, key, k.labelEN))
			}
		}
		if err := fe.err(); err != nil {
			return change{}, err
		}
		if err := tx.Omit(clause.Associations).Create(&row).Error; err != nil {
			return change{}, fmt.Errorf("create %s %q: %w", k.entity, key, err)
		}
		return changed(newAudit(actor, ActionCreate, k.entity, key, nil, row)), nil
	})
	return row, err
}

// update replaces every field of the row key with row, whose key must be
// empty or key: keys are stable identifiers. ErrNotFound when there is no
// such row.
func (k keyedTable[T]) update(db *gorm.DB, actor, key string, row T) (T, error) {
	_, err := write(db, func(tx *gorm.DB) (change, error) {
		before, err := k.get(tx, key)
		if err != nil {
			return change{}, err
		}
		fe := fieldErrors{}
		if given := *k.key(&row); given != "" && given != key {
			fe.add(k.field, fmt.Sprintf("%s不能修改 (the %s cannot be changed)", k.label, k.field))
		}
		*k.key(&row) = key
		if k.prepare != nil {
			k.prepare(&row)
		}
		more, err := k.validate(tx, row)
		if err != nil {
			return change{}, err
		}
		fe.merge(more)
		if err := fe.err(); err != nil {
			return change{}, err
		}
		*k.createdAt(&row) = *k.createdAt(&before)
		if err := tx.Omit(clause.Associations).Save(&row).Error; err != nil {
			return change{}, fmt.Errorf("update %s %q: %w", k.entity, key, err)
		}
		return changed(newAudit(actor, ActionUpdate, k.entity, key, before, row)), nil
	})
	return row, err
}

// remove deletes the row key. Observations that use it make it an
// *InUseError unless cascade is true (they are then deleted too, each
// recorded in the audit trail); children always do. It returns how many
// observations were deleted.
func (k keyedTable[T]) remove(db *gorm.DB, actor, key string, cascade bool) (int, error) {
	var n int
	_, err := write(db, func(tx *gorm.DB) (change, error) {
		before, err := k.get(tx, key)
		if err != nil {
			return change{}, err
		}
		var children int64
		if k.children != nil {
			if children, err = k.children(tx, key); err != nil {
				return change{}, err
			}
		}
		entries, err := cascadeObservations(tx, actor, k.entity, key, k.refColumn+" = ?", cascade, children)
		if err != nil {
			return change{}, err
		}
		n = len(entries)
		if err := tx.Delete(new(T), k.column+" = ?", key).Error; err != nil {
			return change{}, fmt.Errorf("delete %s %q: %w", k.entity, key, err)
		}
		return changed(append(entries, newAudit(actor, ActionDelete, k.entity, key, before, nil))...), nil
	})
	return n, err
}

// mustJSON marshals v for the audit trail; nil stays empty.
func mustJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprintf("unmarshalable: %v", err))
	}
	return string(b)
}
