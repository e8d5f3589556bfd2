package models

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"gorm.io/gorm"
)

// An import of a table is a batch: previewed (stored, nothing written),
// then committed (every figure written in one transaction, with what each
// replaced kept), then possibly undone (what it changed restored). The
// batch row keeps the preview and the undo record, gzip-compressed JSON, so
// that a commit or an undo works on any instance sharing the database.

// Batch statuses.
const (
	BatchPreview   = "preview"
	BatchCommitted = "committed"
	BatchUndone    = "undone"
)

// ActionUndo is the audit action of an undone import.
const ActionUndo = "undo"

// EntityImport is the audited entity of an import batch.
const EntityImport = "import"

// Bounds on stored previews: a preview not committed within
// PreviewLifetime is deleted, and at most MaxStoredPreviews wait at once
// (the oldest go first).
const (
	PreviewLifetime   = 24 * time.Hour
	MaxStoredPreviews = 50
)

// maxBatchBlob bounds a batch's compressed preview or undo record when it
// is read back (a 50,000-figure preview compresses to about 1.5 MB).
const maxBatchBlob = 64 << 20

// ImportBatch is one import of a table.
type ImportBatch struct {
	// ID is random, 32 hex digits.
	ID     string `gorm:"primaryKey;size:32" json:"id"`
	Status string `gorm:"size:16;not null;index" json:"status"`
	Actor  string `gorm:"size:64;not null;default:''" json:"actor"`
	// FileName and SHA256 identify the file (or pasted text) read.
	FileName string `gorm:"size:200;not null;default:''" json:"file_name"`
	SHA256   string `gorm:"size:64;not null;default:''" json:"sha256"`
	// DataVersion is the data version the preview compared against; a
	// commit at another version is refused.
	DataVersion int64 `gorm:"not null" json:"data_version"`
	// SourceID is the document's id; Counts the preview's counts (JSON).
	SourceID string `gorm:"size:64;not null;default:''" json:"source_id"`
	Counts   string `gorm:"size:1000;not null;default:''" json:"-"`
	// Preview is the SheetPreview, gzip-compressed JSON.
	Preview []byte `json:"-"`
	// Undo is the undo record of a committed batch, gzip-compressed JSON.
	Undo []byte `json:"-"`

	CreatedAt   time.Time  `json:"created_at"`
	CommittedAt *time.Time `json:"committed_at,omitempty"`
	UndoneAt    *time.Time `json:"undone_at,omitempty"`
}

// undoRecord is what a commit changed: for each figure, what it was
// before (nil when the commit inserted it) and what the commit wrote; and
// the metrics and the source the commit created.
type undoRecord struct {
	Figures []undoFigure `json:"figures"`
	Metrics []string     `json:"metrics,omitempty"`
	Source  string       `json:"source,omitempty"`
}

type undoFigure struct {
	Before *Observation `json:"before,omitempty"`
	After  Observation  `json:"after"`
}

// StaleImportError is a commit refused because the data changed after the
// preview: Fresh is a new preview of the same table against today's data.
type StaleImportError struct {
	Fresh *SheetPreview
}

func (e *StaleImportError) Error() string {
	return "数据在预览之后已有改动，请按新的预览重新确认 (the data changed since the preview; check the fresh preview)"
}

// ImportStateError is an operation the batch's status does not allow
// (committing twice, undoing a preview …).
type ImportStateError struct{ Message string }

func (e *ImportStateError) Error() string { return e.Message }

// ProblemsError is a commit refused because the preview lists problems
// the request did not accept.
type ProblemsError struct {
	Problems int
	Blocking bool
}

func (e *ProblemsError) Error() string {
	if e.Blocking {
		return "预览中有必须先解决的问题（如未指定来源文件），不能导入 (the preview has a blocking problem)"
	}
	return fmt.Sprintf("预览中有 %d 处问题未解决：解决后重新预览，或确认这些单元格不导入 (allow_problems=1) 后再导入 (%d problems not accepted)", e.Problems, e.Problems)
}

func newBatchID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func packJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(v); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func unpackJSON(b []byte, v any) error {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("unpack batch: %w", err)
	}
	defer zr.Close()
	if err := json.NewDecoder(io.LimitReader(zr, maxBatchBlob)).Decode(v); err != nil {
		return fmt.Errorf("unpack batch: %w", err)
	}
	return nil
}

// SavePreview stores p as a new batch (setting p.ID) after deleting
// expired and surplus previews. It changes no figure.
func SavePreview(db *gorm.DB, p *SheetPreview, actor, fileName, sha string) error {
	p.ID, p.Status, p.FileName, p.SHA256 = newBatchID(), BatchPreview, fileName, sha
	blob, err := packJSON(p)
	if err != nil {
		return fmt.Errorf("save preview: %w", err)
	}
	counts, _ := json.Marshal(p.Counts)
	b := ImportBatch{
		ID: p.ID, Status: BatchPreview, Actor: actor, FileName: fileName, SHA256: sha,
		DataVersion: p.DataVersion, SourceID: p.Source.ID, Counts: string(counts), Preview: blob,
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("status = ? AND created_at < ?", BatchPreview, time.Now().Add(-PreviewLifetime)).Delete(&ImportBatch{}).Error; err != nil {
			return fmt.Errorf("expire previews: %w", err)
		}
		var keep []string
		if err := tx.Model(&ImportBatch{}).Where("status = ?", BatchPreview).Order("created_at DESC").Limit(MaxStoredPreviews-1).Pluck("id", &keep).Error; err != nil {
			return fmt.Errorf("list previews: %w", err)
		}
		if len(keep) == MaxStoredPreviews-1 {
			if err := tx.Where("status = ? AND id NOT IN ?", BatchPreview, keep).Delete(&ImportBatch{}).Error; err != nil {
				return fmt.Errorf("drop old previews: %w", err)
			}
		}
		if err := tx.Create(&b).Error; err != nil {
			return fmt.Errorf("save preview: %w", err)
		}
		return nil
	})
}

// GetImport returns a batch and its preview, or ErrNotFound.
func GetImport(db *gorm.DB, id string) (ImportBatch, *SheetPreview, error) {
	var b ImportBatch
	if !reBatchID.MatchString(id) {
		return b, nil, fmt.Errorf("import %q: %w", id, ErrNotFound)
	}
	if err := first(db.Where("id = ?", id), &b, "import", id); err != nil {
		return b, nil, err
	}
	var p SheetPreview
	if err := unpackJSON(b.Preview, &p); err != nil {
		return b, nil, err
	}
	p.Status = b.Status
	return b, &p, nil
}

var reBatchID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// ImportSummary is one batch as the list of imports shows it.
type ImportSummary struct {
	ImportBatch
	Counts ImportCounts `json:"counts"`
}

// ListImports returns the latest batches, newest first (at most limit).
func ListImports(db *gorm.DB, limit int) ([]ImportSummary, error) {
	var bs []ImportBatch
	if err := db.Omit("preview", "undo").Order("created_at DESC").Limit(limit).Find(&bs).Error; err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	out := make([]ImportSummary, len(bs))
	for i, b := range bs {
		out[i].ImportBatch = b
		_ = json.Unmarshal([]byte(b.Counts), &out[i].Counts)
	}
	return out, nil
}

// CommitReport says what a commit wrote.
type CommitReport struct {
	ID          string       `json:"id"`
	Counts      ImportCounts `json:"counts"`
	DataVersion int64        `json:"data_version"`
	SourceID    string       `json:"source_id"`
	// Metrics and Regions are the codes the figures are of, for opening
	// them in 对比分析.
	Metrics []string `json:"metrics"`
	Regions []string `json:"regions"`
	Periods []string `json:"periods"`
}

// CommitImport writes the preview id: its new metrics, its new source and
// every figure, in one transaction through write (one audit entry, one
// data version bump), and keeps what each figure replaced for UndoImport.
// A preview made at an older data version is refused with a
// *StaleImportError carrying a fresh preview (stored); one with problems
// needs allowProblems (their cells are not written), and a blocking
// problem refuses it whatever (*ProblemsError).
func CommitImport(db *gorm.DB, id, actor string, allowProblems bool) (CommitReport, error) {
	b, p, err := GetImport(db, id)
	if err != nil {
		return CommitReport{}, err
	}
	if b.Status != BatchPreview {
		return CommitReport{}, &ImportStateError{fmt.Sprintf("这次导入已%s，不能再导入 (import already %s)", statusLabel(b.Status), b.Status)}
	}
	if !p.CanCommit {
		return CommitReport{}, &ProblemsError{Problems: len(p.Problems), Blocking: true}
	}
	if len(p.Problems) > 0 && !allowProblems {
		return CommitReport{}, &ProblemsError{Problems: len(p.Problems)}
	}
	var rep CommitReport
	stale := false
	version, err := write(db, func(tx *gorm.DB) (change, error) {
		now, err := CurrentDataVersion(tx)
		if err != nil {
			return change{}, err
		}
		if now != b.DataVersion {
			stale = true
			return change{}, errStale
		}
		undo, err := applyPreview(tx, p)
		if err != nil {
			return change{}, err
		}
		blob, err := packJSON(undo)
		if err != nil {
			return change{}, fmt.Errorf("pack undo record: %w", err)
		}
		at := time.Now().UTC()
		res := tx.Model(&ImportBatch{}).Where("id = ? AND status = ?", id, BatchPreview).
			Updates(map[string]any{"status": BatchCommitted, "undo": blob, "committed_at": at, "actor": actor})
		if res.Error != nil {
			return change{}, fmt.Errorf("mark import committed: %w", res.Error)
		}
		if res.RowsAffected != 1 {
			return change{}, &ImportStateError{"这次导入已被处理 (import already handled)"}
		}
		rep = commitReport(p)
		after := map[string]any{
			"file": b.FileName, "sha256": b.SHA256, "source_id": p.Source.ID, "layout": p.Layout, "sheet": p.Sheet,
			"new": p.Counts.New, "changed": p.Counts.Changed, "unchanged": p.Counts.Unchanged,
			"new_metrics": undo.Metrics, "problems_left_out": len(p.Problems),
		}
		return change{
			bump:  p.Counts.New+p.Counts.Changed > 0 || len(undo.Metrics) > 0 || undo.Source != "",
			audit: []AuditEntry{newAudit(actor, ActionImport, EntityImport, id, nil, after)},
		}, nil
	})
	if stale {
		fresh, ferr := refreshPreview(db, p, actor, b)
		if ferr != nil {
			return CommitReport{}, ferr
		}
		return CommitReport{}, &StaleImportError{Fresh: fresh}
	}
	if err != nil {
		return CommitReport{}, err
	}
	rep.DataVersion = version
	return rep, nil
}

var errStale = errors.New("stale preview")

func statusLabel(s string) string {
	switch s {
	case BatchCommitted:
		return "导入"
	case BatchUndone:
		return "撤销"
	}
	return "预览"
}

// commitReport sums up a committed preview.
func commitReport(p *SheetPreview) CommitReport {
	rep := CommitReport{ID: p.ID, Counts: p.Counts, SourceID: p.Source.ID}
	seen := map[string]bool{}
	add := func(list *[]string, v string) {
		if !seen[v] {
			seen[v] = true
			*list = append(*list, v)
		}
	}
	for _, f := range p.Figures {
		add(&rep.Metrics, "m:"+f.MetricCode)
		add(&rep.Regions, "r:"+f.RegionCode)
		add(&rep.Periods, "p:"+f.Period)
	}
	for _, l := range []*[]string{&rep.Metrics, &rep.Regions, &rep.Periods} {
		for i, v := range *l {
			(*l)[i] = v[2:]
		}
	}
	return rep
}

// refreshPreview compares a stale preview's figures with today's data and
// stores the result as a new preview.
func refreshPreview(db *gorm.DB, old *SheetPreview, actor string, b ImportBatch) (*SheetPreview, error) {
	p := *old
	p.Figures = append([]SheetFigure(nil), old.Figures...)
	var err error
	if p.DataVersion, err = CurrentDataVersion(db); err != nil {
		return nil, err
	}
	if p.SourceNew {
		if s, err := Sources.Get(db, p.Source.ID); err == nil {
			p.Source, p.SourceNew = s, false
		}
	}
	for i := range p.Metrics {
		if p.Metrics[i].New {
			if ok, err := exists(db, &Metric{}, "code = ?", p.Metrics[i].Code); err != nil {
				return nil, err
			} else if ok {
				p.Metrics[i].New = false
			}
		}
	}
	if err := compareFigures(db, &p); err != nil {
		return nil, err
	}
	p.tally()
	if err := SavePreview(db, &p, actor, b.FileName, b.SHA256); err != nil {
		return nil, err
	}
	return &p, nil
}

// applyPreview creates the preview's new metrics and source and writes
// its figures inside tx, validating each as every write does.
func applyPreview(tx *gorm.DB, p *SheetPreview) (undoRecord, error) {
	var undo undoRecord
	for _, m := range p.Metrics {
		if !m.New {
			continue
		}
		if ok, err := exists(tx, &Metric{}, "code = ?", m.Code); err != nil {
			return undo, err
		} else if ok {
			continue
		}
		metric := Metric{Code: m.Code, NameZH: m.Name, Unit: m.Unit, Kind: MetricStatistic,
			Definition: "由导入的表格新建（" + p.Sheet + "）"}
		fe, _ := validateMetric(tx, metric)
		if err := fe.err(); err != nil {
			return undo, fmt.Errorf("新指标“%s”：%w", m.Name, err)
		}
		if err := tx.Create(&metric).Error; err != nil {
			return undo, fmt.Errorf("create metric %s: %w", m.Code, err)
		}
		undo.Metrics = append(undo.Metrics, m.Code)
	}
	if p.SourceNew {
		ok, err := exists(tx, &Source{}, "id = ?", p.Source.ID)
		if err != nil {
			return undo, err
		}
		if !ok {
			s := p.Source
			fe, _ := validateSource(tx, s)
			if err := fe.err(); err != nil {
				return undo, fmt.Errorf("来源文件：%w", err)
			}
			if err := tx.Create(&s).Error; err != nil {
				return undo, fmt.Errorf("create source %s: %w", s.ID, err)
			}
			undo.Source = s.ID
		}
	}
	r, err := loadRefs(tx)
	if err != nil {
		return undo, err
	}
	byKey, err := sourceFigures(tx, p.Source.ID, previewMetrics(p))
	if err != nil {
		return undo, err
	}
	plan := &importPlan{}
	for _, f := range p.Figures {
		in := ObservationInput{
			RegionCode: f.RegionCode, MetricCode: f.MetricCode, Period: f.Period, SourceID: p.Source.ID,
			Value: FigureText(FormatValue(f.Value)), Qualifier: f.Qualifier, Stated: f.Stated, Quote: f.Quote,
		}
		if f.ValueMax != nil {
			in.ValueMax = FigureText(FormatValue(*f.ValueMax))
		}
		old, found := byKey[ObservationKey{f.RegionCode, f.MetricCode, f.Period, p.Source.ID}]
		if found { // what the import does not set stays as it was
			in.Note, in.Inferred, in.AltStated, in.AltQuote = old.Note, old.Inferred, old.AltStated, old.AltQuote
		}
		o, fe := in.validate(r)
		if len(fe) > 0 {
			return undo, fmt.Errorf("%s：%w", f.Cell, fe.err())
		}
		switch {
		case !found:
			plan.inserts = append(plan.inserts, o)
			undo.Figures = append(undo.Figures, undoFigure{After: o})
		case sameFigure(old, o):
		default:
			o.ID, o.CreatedAt = old.ID, old.CreatedAt
			plan.updates = append(plan.updates, o)
			undo.Figures = append(undo.Figures, undoFigure{Before: &old, After: o})
		}
	}
	if err := applyImport(tx, plan); err != nil {
		return undo, err
	}
	return undo, nil
}

// isNotFound reports whether err is (or wraps) ErrNotFound.
func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

var (
	reTableNumber = regexp.MustCompile(`^\s*(表|附表)\s*[0-9０-９A-Za-z]+([-—－.．][0-9０-９]+)*\s*`)
	reYears       = regexp.MustCompile(`[0-9]{4}\s*(年)?\s*([-—－~～至到]+\s*[0-9]{4}\s*)?(年度|年末|年底|年)?`)
)
