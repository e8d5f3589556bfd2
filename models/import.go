package models

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// maxReportedRowErrors bounds the row errors an ImportError lists (its
// BadRows still counts them all).
const maxReportedRowErrors = 1000

// importBatchSize bounds the rows per INSERT statement during an import.
const importBatchSize = 500

// importRowHook, when set (by tests), runs after each row is applied inside
// the import's transaction; an error aborts the import there.
var importRowHook func(row int) error

// ImportOptions controls ImportCSV.
type ImportOptions struct {
	// Actor is recorded in the audit trail (a token name, or ActorCLI).
	Actor string
	// DryRun validates and counts without writing.
	DryRun bool
	// FileName, if known, is recorded in the audit trail.
	FileName string
}

// ImportReport says what an import changed (or, for a dry run, would change).
type ImportReport struct {
	// Rows is the number of data rows in the file.
	Rows int `json:"rows"`
	// New counts rows whose (region, metric, period, source) was not in the database.
	New int `json:"new"`
	// Updated counts rows that change an existing observation.
	Updated int `json:"updated"`
	// Unchanged counts rows identical to an existing observation.
	Unchanged int `json:"unchanged"`
	// DryRun is true when nothing was written.
	DryRun bool `json:"dry_run"`
	// SHA256 is the hex digest of the file as received.
	SHA256 string `json:"sha256"`
	// DataVersion is the data version after the import.
	DataVersion int64 `json:"data_version"`
}

// RowError is what is wrong with one line of an import file.
type RowError struct {
	// Line is the file line the record starts on; the header is line 1.
	Line int `json:"line"`
	// Fields maps a column name (or "row" for the whole record, "key" for a
	// duplicate natural key) to a message.
	Fields map[string]string `json:"fields"`
}

// ImportError is returned when an import file has bad rows: nothing was
// written. Rows lists the bad rows by line (at most 1000); BadRows counts
// all of them.
type ImportError struct {
	Rows    []RowError `json:"rows"`
	BadRows int        `json:"bad_rows"`
}

// Error summarises the bad rows.
func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "导入文件有 %d 行错误，未写入任何数据 (%d bad rows, nothing imported)", e.BadRows, e.BadRows)
	for i, r := range e.Rows {
		if i == 3 {
			b.WriteString(" …")
			break
		}
		keys := make([]string, 0, len(r.Fields))
		for k := range r.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "; line %d %s: %s", r.Line, k, r.Fields[k])
		}
	}
	return b.String()
}

// importPlan is what applying a valid file does.
type importPlan struct {
	inserts []Observation
	updates []Observation // ID set
	report  ImportReport
}

// planImport validates every row against db and works out, row by row,
// whether it is new, an update or unchanged. Columns the file lacks keep an
// existing observation's value (or take the default for a new one).
func planImport(db *gorm.DB, p *parsedImport, bad []RowError) (*importPlan, error) {
	r, err := loadRefs(db)
	if err != nil {
		return nil, err
	}
	var existing []Observation
	if err := db.Find(&existing).Error; err != nil {
		return nil, fmt.Errorf("load observations: %w", err)
	}
	byKey := make(map[ObservationKey]*Observation, len(existing))
	for i := range existing {
		byKey[KeyOf(existing[i])] = &existing[i]
	}
	plan := &importPlan{report: ImportReport{Rows: len(p.rows)}}
	seen := make(map[ObservationKey]int, len(p.rows))
	for _, row := range p.rows {
		in := ObservationInput{
			RegionCode: p.get(row, "region_code"), MetricCode: p.get(row, "metric_code"),
			Period: p.get(row, "period"), SourceID: p.get(row, "source_id"),
			Value: FigureText(p.get(row, "value")), Quote: p.get(row, "quote"),
		}
		key := ObservationKey{strings.TrimSpace(in.RegionCode), strings.TrimSpace(in.MetricCode), strings.TrimSpace(in.Period), strings.TrimSpace(in.SourceID)}
		old := byKey[key]
		if old != nil {
			in.Qualifier, in.Stated, in.Derived, in.Derivation, in.Note = old.Qualifier, old.Stated, old.Derived, old.Derivation, old.Note
			in.AltStated, in.AltQuote, in.Inferred = old.AltStated, old.AltQuote, old.Inferred
			if old.ValueMax != nil {
				in.ValueMax = FigureText(FormatValue(*old.ValueMax))
			}
		}
		fe := fieldErrors{}
		valueMax := string(in.ValueMax)
		for col, dst := range map[string]*string{"qualifier": &in.Qualifier, "stated": &in.Stated, "derivation": &in.Derivation, "note": &in.Note,
			"value_max": &valueMax, "alt_stated": &in.AltStated, "alt_quote": &in.AltQuote, "inferred": &in.Inferred} {
			if p.has(col) {
				*dst = p.get(row, col)
			}
		}
		in.ValueMax = FigureText(valueMax)
		if p.has("derived") {
			d, err := ParseBool(p.get(row, "derived"))
			if err != nil {
				fe.add("derived", err.Error())
			}
			in.Derived = d
		}
		o, more := in.validate(r)
		for k, v := range more {
			fe.add(k, v)
		}
		if first, dup := seen[key]; dup {
			fe.add("key", fmt.Sprintf("与第 %d 行的地区、指标、时期和来源相同 (duplicate of line %d: same region, metric, period and source)", first, first))
		} else {
			seen[key] = row.line
		}
		if len(fe) > 0 {
			bad = append(bad, RowError{Line: row.line, Fields: fe})
			continue
		}
		switch {
		case old == nil:
			plan.inserts = append(plan.inserts, o)
			plan.report.New++
		case sameFigure(*old, o):
			plan.report.Unchanged++
		default:
			o.ID, o.CreatedAt = old.ID, old.CreatedAt
			plan.updates = append(plan.updates, o)
			plan.report.Updated++
		}
	}
	if len(bad) > 0 {
		sort.SliceStable(bad, func(i, j int) bool { return bad[i].Line < bad[j].Line })
		ie := &ImportError{BadRows: len(bad), Rows: bad}
		if len(ie.Rows) > maxReportedRowErrors {
			ie.Rows = ie.Rows[:maxReportedRowErrors]
		}
		return nil, ie
	}
	return plan, nil
}

// sameFigure reports whether a and b differ in nothing an import sets.
func sameFigure(a, b Observation) bool {
	return a.Value == b.Value && a.Qualifier == b.Qualifier && a.Stated == b.Stated && a.Derived == b.Derived &&
		a.Derivation == b.Derivation && a.Quote == b.Quote && a.Note == b.Note &&
		a.AltStated == b.AltStated && a.AltQuote == b.AltQuote && a.Inferred == b.Inferred && sameBound(a.ValueMax, b.ValueMax)
}

// ImportCSV imports observations from a CSV file in the format WriteCSV
// writes. The whole file is validated first; if any row is bad it returns
// an *ImportError listing every bad row by line and writes nothing.
// Otherwise it upserts every row on the natural key (region, metric,
// period, source) in one transaction, bumps the data version once if
// anything changed, and records one audit entry with the counts and the
// file's sha256. With opt.DryRun it only reports the counts.
func ImportCSV(db *gorm.DB, data []byte, opt ImportOptions) (ImportReport, error) {
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	p, bad := parseCSV(data)
	if p == nil {
		return ImportReport{}, &ImportError{Rows: bad, BadRows: len(bad)}
	}
	if opt.DryRun {
		plan, err := planImport(db, p, bad)
		if err != nil {
			return ImportReport{}, err
		}
		plan.report.DryRun, plan.report.SHA256 = true, digest
		if plan.report.DataVersion, err = CurrentDataVersion(db); err != nil {
			return ImportReport{}, err
		}
		return plan.report, nil
	}
	var report ImportReport
	version, err := write(db, func(tx *gorm.DB) (change, error) {
		plan, err := planImport(tx, p, bad)
		if err != nil {
			return change{}, err
		}
		if err := applyImport(tx, plan); err != nil {
			return change{}, err
		}
		report = plan.report
		report.SHA256 = digest
		after := map[string]any{
			"file": opt.FileName, "sha256": digest, "rows": report.Rows,
			"new": report.New, "updated": report.Updated, "unchanged": report.Unchanged,
		}
		return change{
			bump:  report.New+report.Updated > 0,
			audit: []AuditEntry{newAudit(opt.Actor, ActionImport, EntityObservation, "sha256:"+digest, nil, after)},
		}, nil
	})
	if err != nil {
		var ie *ImportError
		if errors.As(err, &ie) {
			return ImportReport{}, err
		}
		return ImportReport{}, fmt.Errorf("import: %w", err)
	}
	report.DataVersion = version
	return report, nil
}

// applyImport writes the plan's inserts (in batches) and updates.
func applyImport(tx *gorm.DB, plan *importPlan) error {
	row := 0
	step := func() error {
		row++
		if importRowHook != nil {
			return importRowHook(row)
		}
		return nil
	}
	for start := 0; start < len(plan.inserts); start += importBatchSize {
		batch := plan.inserts[start:min(start+importBatchSize, len(plan.inserts))]
		if err := tx.Omit("Region", "Metric", "Source").Create(&batch).Error; err != nil {
			return fmt.Errorf("insert observations: %w", err)
		}
		for range batch {
			if err := step(); err != nil {
				return err
			}
		}
	}
	now := time.Now()
	for _, o := range plan.updates {
		err := tx.Model(&Observation{}).Where("id = ?", o.ID).Updates(figureFields(o, now)).Error
		if err != nil {
			return fmt.Errorf("update observation %d: %w", o.ID, err)
		}
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// figureFields are the columns of o an import sets (or an undo restores),
// for an UPDATE of the stored figure.
func figureFields(o Observation, now time.Time) map[string]any {
	return map[string]any{
		"value": o.Value, "qualifier": o.Qualifier, "stated": o.Stated, "derived": o.Derived,
		"derivation": o.Derivation, "quote": o.Quote, "note": o.Note, "updated_at": now,
		"value_max": o.ValueMax, "alt_stated": o.AltStated, "alt_quote": o.AltQuote, "inferred": o.Inferred,
	}
}

// sameBound reports whether two optional bounds are equal.
func sameBound(a, b *float64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
