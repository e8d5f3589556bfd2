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
	headlines []HeadlineFigure
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

// Headlines returns the dashboard's headline figures.
func (s *Store) Headlines() ([]HeadlineFigure, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		return nil, err
	}
	if s.headlines == nil {
		h, err := buildHeadlines(s.db)
		if err != nil {
			return nil, err
		}
		s.headlines = h
	}
	return s.headlines, nil
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
		s.headlines = nil
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
