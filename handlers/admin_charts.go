package handlers

import (
	"errors"
	"fmt"

	"ecomdash/charts"
	"ecomdash/charts/state"
	"ecomdash/models"
)

// Saved charts and dashboards are keyed tables like sources (tables.go);
// this file holds what the admin API checks before it saves them.

// prepareChart checks a chart's state before it is saved: it must parse,
// and resolve and lay out against the figures in the database (every
// metric and region known, at most two units). A bad state is a 422 whose
// field "state" names the grammar's key. The state is stored in canonical
// form, so one chart has one state string. A new chart without a position
// goes after every other.
func prepareChart(h *Handler, key string, row *models.Chart) error {
	if row.State != "" {
		st, err := state.Parse(row.State)
		if err == nil {
			_, err = charts.Build(h.db, &charts.Spec{ID: row.ID, Title: row.Title, State: st})
		}
		var bad *state.Error
		if errors.As(err, &bad) {
			return &models.ValidationError{Fields: map[string]string{"state": bad.Error()}}
		}
		if err != nil {
			return err
		}
		row.State = st.String()
	}
	return placeLast(h, models.Charts, key, &row.Position, func(c models.Chart) int { return c.Position })
}

// prepareDashboard places a new dashboard without a position after every other.
func prepareDashboard(h *Handler, key string, row *models.Dashboard) error {
	return placeLast(h, models.Dashboards, key, &row.Position, func(d models.Dashboard) int { return d.Position })
}

// placeLast gives a new row (key "") without a position the place after
// every row of table.
func placeLast[T any](h *Handler, table *models.Table[T], key string, pos *int, position func(T) int) error {
	if key != "" || *pos != 0 {
		return nil
	}
	all, err := table.List(h.db)
	if err != nil {
		return fmt.Errorf("place the new row last: %w", err)
	}
	*pos = nextPosition(all, position)
	return nil
}

// nextPosition is one more than the largest position of rows (0 for none).
func nextPosition[T any](rows []T, position func(T) int) int {
	next := 0
	for _, r := range rows {
		next = max(next, position(r)+1)
	}
	return next
}
