package charts

import (
	"errors"
	"fmt"
	"sync"

	"gorm.io/gorm"

	"ecomdash/models"
)

// ErrUnknownChart is returned for a chart id that is not in the catalogue.
var ErrUnknownChart = errors.New("unknown chart")

// Store builds charts from the database and keeps them until the data
// version changes, so a page view costs one version lookup, not a query per
// chart.
type Store struct {
	db *gorm.DB

	mu        sync.Mutex
	version   int64
	built     map[string]*Chart
	headlines map[string][]HeadlineFigure // by dashboard id
	counts    *models.Counts
}

// NewStore returns a Store reading from db.
func NewStore(db *gorm.DB) *Store {
	return &Store{db: db, version: -1}
}

// Version returns the data version the store's charts are built from,
// refreshing them first if the database has moved on.
func (s *Store) Version() (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		return 0, err
	}
	return s.version, nil
}

// Chart returns the built chart with the given id, or ErrUnknownChart.
func (s *Store) Chart(id string) (*Chart, error) {
	spec, ok := Lookup(id)
	if !ok {
		return nil, fmt.Errorf("chart %q: %w", id, ErrUnknownChart)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		return nil, err
	}
	return s.chartLocked(spec)
}

// All returns every chart in catalogue order.
func (s *Store) All() ([]*Chart, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		return nil, err
	}
	out := make([]*Chart, 0, len(catalogue))
	for _, spec := range catalogue {
		c, err := s.chartLocked(spec)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Headlines returns dashboard d's headline figures.
func (s *Store) Headlines(d *Dashboard) ([]HeadlineFigure, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		return nil, err
	}
	if h, ok := s.headlines[d.ID]; ok {
		return h, nil
	}
	h, err := buildHeadlines(s.db, d.headlines)
	if err != nil {
		return nil, err
	}
	s.headlines[d.ID] = h
	return h, nil
}

// Counts returns the number of sources, regions, metrics and figures, counted
// once per data version.
func (s *Store) Counts() (models.Counts, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		return models.Counts{}, err
	}
	if s.counts == nil {
		c, err := models.CountAll(s.db)
		if err != nil {
			return c, err
		}
		s.counts = &c
	}
	return *s.counts, nil
}

// Charts returns dashboard d's charts, in order.
func (s *Store) Charts(d *Dashboard) ([]*Chart, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		return nil, err
	}
	out := make([]*Chart, 0, len(d.ChartIDs))
	for _, id := range d.ChartIDs {
		spec, ok := Lookup(id)
		if !ok {
			return nil, fmt.Errorf("dashboard %s: chart %q: %w", d.ID, id, ErrUnknownChart)
		}
		c, err := s.chartLocked(spec)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// refreshLocked drops everything built when the data version has changed.
func (s *Store) refreshLocked() error {
	v, err := models.CurrentDataVersion(s.db)
	if err != nil {
		return fmt.Errorf("chart store: %w", err)
	}
	if v != s.version {
		s.version = v
		s.built = make(map[string]*Chart, len(catalogue))
		s.headlines = map[string][]HeadlineFigure{}
		s.counts = nil
	}
	return nil
}

func (s *Store) chartLocked(spec *Spec) (*Chart, error) {
	if c, ok := s.built[spec.ID]; ok {
		return c, nil
	}
	obs, err := models.FindObservations(s.db, spec.Query)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", spec.ID, err)
	}
	c, err := Build(spec, obs)
	if err != nil {
		return nil, err
	}
	s.built[spec.ID] = c
	return c, nil
}
