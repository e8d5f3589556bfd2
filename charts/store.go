package charts

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// ErrUnknownChart is returned for a chart id that no saved chart has.
var ErrUnknownChart = errors.New("unknown chart")

// ErrUnknownDashboard is returned for a dashboard id that no dashboard has.
var ErrUnknownDashboard = errors.New("unknown dashboard")

// Store builds charts from the database and keeps them until the data
// version changes, so a page view costs at most one version lookup, not a
// query per chart.
//
// With a poll interval set (SetPollInterval), the version read from the
// database is trusted for that long: requests in between cost no query at
// all, and a change written by another instance (or the import command) is
// seen within one interval. A change written through this process calls
// Invalidate and is seen at once.
type Store struct {
	db *gorm.DB

	pollInterval time.Duration
	checkedAt    atomic.Int64 // UnixNano of the last version query; 0: ask now
	current      atomic.Int64 // the version last read
	invalidated  atomic.Uint64

	mu        sync.Mutex
	version   int64
	built     map[string]*Chart
	headlines map[string][]HeadlineFigure // by dashboard id
	counts    *models.Counts
	rows      *savedRows
}

// NewStore returns a Store reading from db.
func NewStore(db *gorm.DB) *Store {
	s := &Store{db: db, version: -1}
	s.current.Store(-1)
	return s
}

// SetPollInterval sets how long a data version read from the database is
// trusted. Zero (the default) asks the database on every call.
func (s *Store) SetPollInterval(d time.Duration) { s.pollInterval = d }

// Invalidate makes the next call ask the database for the data version; a
// write through this process calls it after committing.
func (s *Store) Invalidate() {
	s.invalidated.Add(1)
	s.checkedAt.Store(0)
}

// fresh reports whether the last version read is still trusted.
func (s *Store) fresh() bool {
	at := s.checkedAt.Load()
	return at != 0 && s.pollInterval > 0 && time.Since(time.Unix(0, at)) < s.pollInterval
}

// CachedVersion returns the data version last read from the database,
// without asking it again (-1 before the first read).
func (s *Store) CachedVersion() int64 { return s.current.Load() }

// Version returns the data version the store's charts are built from,
// refreshing them first if the database has moved on.
func (s *Store) Version() (int64, error) {
	if s.fresh() {
		return s.current.Load(), nil
	}
	return refreshed(s, func() (int64, error) { return s.version, nil })
}

// Chart returns the built chart with the given id, or ErrUnknownChart.
func (s *Store) Chart(id string) (*Chart, error) {
	return refreshed(s, func() (*Chart, error) { return s.chartLocked(id) })
}

// All returns every saved chart, in list order.
func (s *Store) All() ([]*Chart, error) {
	return refreshed(s, func() ([]*Chart, error) {
		rows, err := s.rowsLocked()
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(rows.charts))
		for i, row := range rows.charts {
			ids[i] = row.ID
		}
		return s.chartsLocked(ids)
	})
}

// Dashboards returns every dashboard, in navigation order; the first is
// the overview shown at "/".
func (s *Store) Dashboards() ([]models.Dashboard, error) {
	return refreshed(s, func() ([]models.Dashboard, error) {
		rows, err := s.rowsLocked()
		if err != nil {
			return nil, err
		}
		return rows.dashboards, nil
	})
}

// Dashboard returns the dashboard with the given id, or ErrUnknownDashboard.
func (s *Store) Dashboard(id string) (models.Dashboard, error) {
	all, err := s.Dashboards()
	if err != nil {
		return models.Dashboard{}, err
	}
	for _, d := range all {
		if d.ID == id {
			return d, nil
		}
	}
	return models.Dashboard{}, fmt.Errorf("dashboard %q: %w", id, ErrUnknownDashboard)
}

// Headlines returns dashboard d's headline figures.
func (s *Store) Headlines(d models.Dashboard) ([]HeadlineFigure, error) {
	return refreshed(s, func() ([]HeadlineFigure, error) {
		if h, ok := s.headlines[d.ID]; ok {
			return h, nil
		}
		var shown []*Spec
		for _, id := range d.Charts {
			if c, err := s.chartLocked(id); err == nil {
				shown = append(shown, c.Spec)
			}
		}
		h, err := buildHeadlines(s.db, d.Headlines, shown)
		if err != nil {
			return nil, err
		}
		s.headlines[d.ID] = h
		return h, nil
	})
}

// Counts returns the number of sources, regions, metrics and figures, counted
// once per data version.
func (s *Store) Counts() (models.Counts, error) {
	return refreshed(s, func() (models.Counts, error) {
		if s.counts == nil {
			c, err := models.CountAll(s.db)
			if err != nil {
				return c, err
			}
			s.counts = &c
		}
		return *s.counts, nil
	})
}

// Charts returns dashboard d's charts, in order.
func (s *Store) Charts(d models.Dashboard) ([]*Chart, error) {
	return refreshed(s, func() ([]*Chart, error) {
		out, err := s.chartsLocked(d.Charts)
		if err != nil {
			return nil, fmt.Errorf("dashboard %s: %w", d.ID, err)
		}
		return out, nil
	})
}

// chartsLocked builds the saved charts ids, in order.
func (s *Store) chartsLocked(ids []string) ([]*Chart, error) {
	out := make([]*Chart, 0, len(ids))
	for _, id := range ids {
		c, err := s.chartLocked(id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// refreshed runs f holding s's lock, after refreshLocked has dropped
// whatever was built from an older data version: the preamble of every
// Store method that reads what the store keeps.
func refreshed[T any](s *Store, f func() (T, error)) (T, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		var zero T
		return zero, err
	}
	return f()
}

// refreshLocked drops everything built when the data version has changed.
func (s *Store) refreshLocked() error {
	if s.fresh() && s.current.Load() == s.version {
		return nil
	}
	started, gen := time.Now(), s.invalidated.Load()
	v, err := models.CurrentDataVersion(s.db)
	if err != nil {
		return fmt.Errorf("chart store: %w", err)
	}
	s.current.Store(v)
	s.checkedAt.Store(started.UnixNano())
	if s.invalidated.Load() != gen { // a write committed while we asked: ask again next time
		s.checkedAt.Store(0)
	}
	if v != s.version {
		s.version = v
		s.built = map[string]*Chart{}
		s.headlines = map[string][]HeadlineFigure{}
		s.counts = nil
		s.rows = nil
	}
	return nil
}

// savedRows are the chart and dashboard rows of one data version.
type savedRows struct {
	charts     []models.Chart
	byID       map[string]models.Chart
	dashboards []models.Dashboard
}

// rowsLocked reads the saved charts and dashboards once per data version
// (their writes bump it like any other).
func (s *Store) rowsLocked() (*savedRows, error) {
	if s.rows != nil {
		return s.rows, nil
	}
	cs, err := models.Charts.List(s.db)
	if err != nil {
		return nil, err
	}
	ds, err := models.Dashboards.List(s.db)
	if err != nil {
		return nil, err
	}
	r := &savedRows{charts: cs, byID: make(map[string]models.Chart, len(cs)), dashboards: ds}
	for _, c := range cs {
		r.byID[c.ID] = c
	}
	s.rows = r
	return r, nil
}

// chartLocked builds saved chart id, once per data version. A chart whose
// state no longer resolves is drawn as unbuildable, saying why.
func (s *Store) chartLocked(id string) (*Chart, error) {
	if c, ok := s.built[id]; ok {
		return c, nil
	}
	rows, err := s.rowsLocked()
	if err != nil {
		return nil, err
	}
	row, ok := rows.byID[id]
	if !ok {
		return nil, fmt.Errorf("chart %q: %w", id, ErrUnknownChart)
	}
	var c *Chart
	spec, err := SpecOf(row)
	var bad *state.Error
	switch {
	case errors.As(err, &bad):
		c, err = unbuildable(&Spec{ID: row.ID, Title: row.Title, Lead: row.Lead, Reading: row.Reading, Note: row.Note}, bad)
	case err == nil:
		c, err = Build(s.db, spec)
		if errors.As(err, &bad) {
			c, err = unbuildable(spec, bad)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
	s.built[id] = c
	return c, nil
}
