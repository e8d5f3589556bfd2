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

// Table is a table whose rows are keyed by a stable code that an update
// cannot change (Sources, Regions, Metrics): it reads, creates, replaces
// and deletes rows, each change through write.
type Table[T any] struct {
	// entity is the audit entity (EntitySource …); column is the key column
	// and field the key's JSON field name.
	entity, column, field string
	// label and labelEN name the key in messages (来源编号, source id).
	label, labelEN string
	// refColumn is the observations' column that refers to a row.
	refColumn string
	// release, when set, replaces the observations check of Delete: it
	// clears what refers to the row (cascade) or reports it as an
	// *InUseError, and returns the audit entries of what it changed.
	release func(tx *gorm.DB, actor, key string, cascade bool) ([]AuditEntry, error)
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
	// preload names associations Get loads with the row.
	preload []string
	// order is List's ORDER BY clause.
	order func(db *gorm.DB) string
}

// List returns every row, in the table's order.
func (k *Table[T]) List(db *gorm.DB) ([]T, error) {
	var out []T
	if err := db.Order(k.order(db)).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list %ss: %w", k.entity, err)
	}
	return out, nil
}

// Get returns the row with key (and the associations the table preloads),
// or ErrNotFound.
func (k *Table[T]) Get(db *gorm.DB, key string) (T, error) {
	var row T
	q := db
	for _, assoc := range k.preload {
		q = q.Preload(assoc)
	}
	return row, first(q.Where(k.column+" = ?", key), &row, k.entity, key)
}

// check prepares row and adds its field errors to fe; the error is a
// failed query, not a bad field.
func (k *Table[T]) check(tx *gorm.DB, row *T, fe fieldErrors) error {
	if k.prepare != nil {
		k.prepare(row)
	}
	more, err := k.validate(tx, *row)
	if err != nil {
		return err
	}
	fe.merge(more)
	return nil
}

// Create validates row and inserts it. A malformed field or a key in use is
// a *ValidationError.
func (k *Table[T]) Create(db *gorm.DB, actor string, row T) (T, error) {
	return k.save(db, actor, "", row)
}

// Update replaces every field of the row key with row, whose key must be
// empty or key: keys are stable identifiers. ErrNotFound when there is no
// such row.
func (k *Table[T]) Update(db *gorm.DB, actor, key string, row T) (T, error) {
	return k.save(db, actor, key, row)
}

// save inserts row when key is "", else replaces the row key.
func (k *Table[T]) save(db *gorm.DB, actor, key string, row T) (T, error) {
	_, err := write(db, func(tx *gorm.DB) (change, error) {
		fe := fieldErrors{}
		var before any // the row replaced, for the audit trail; nil on create
		if key != "" {
			old, err := k.Get(tx, key)
			if err != nil {
				return change{}, err
			}
			before = old
			if given := *k.key(&row); given != "" && given != key {
				fe.add(k.field, fmt.Sprintf("%s不能修改 (the %s cannot be changed)", k.label, k.field))
			}
			*k.key(&row) = key
			*k.createdAt(&row) = *k.createdAt(&old)
		}
		if err := k.check(tx, &row, fe); err != nil {
			return change{}, err
		}
		rowKey := *k.key(&row)
		if before == nil && fe[k.field] == "" { // a malformed key is reported as malformed
			dup, err := exists(tx, new(T), k.column+" = ?", rowKey)
			if err != nil {
				return change{}, err
			}
			if dup {
				fe.add(k.field, fmt.Sprintf("%s %q 已存在 (%s already exists)", k.label, rowKey, k.labelEN))
			}
		}
		if err := fe.err(); err != nil {
			return change{}, err
		}
		action, store := ActionCreate, tx.Omit(clause.Associations).Create
		if before != nil {
			action, store = ActionUpdate, tx.Omit(clause.Associations).Save
		}
		if err := store(&row).Error; err != nil {
			return change{}, fmt.Errorf("%s %s %q: %w", action, k.entity, rowKey, err)
		}
		return changed(newAudit(actor, action, k.entity, rowKey, before, row)), nil
	})
	return row, err
}

// Delete deletes the row key. Observations that use it make it an
// *InUseError unless cascade is true (they are then deleted too, each
// recorded in the audit trail); children (a region's child regions) always
// do. It returns how many observations were deleted.
func (k *Table[T]) Delete(db *gorm.DB, actor, key string, cascade bool) (int, error) {
	var n int
	_, err := write(db, func(tx *gorm.DB) (change, error) {
		before, err := k.Get(tx, key)
		if err != nil {
			return change{}, err
		}
		var entries []AuditEntry
		if k.release != nil {
			entries, err = k.release(tx, actor, key, cascade)
		} else {
			var children int64
			if k.children != nil {
				if children, err = k.children(tx, key); err != nil {
					return change{}, err
				}
			}
			entries, err = cascadeObservations(tx, actor, k.entity, key, k.refColumn+" = ?", cascade, children)
		}
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
