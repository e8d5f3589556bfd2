package charts

import "ecomdash/charts/state"

// Ref refers to one chart: a saved chart by its id, or a chart built from a
// state by that state, in canonical form. It is what every output of a
// chart is named by: its cache key and the URLs of its page, image, figures,
// embed and report. A Ref is made by SavedRef or StateRef, and is
// comparable: equal states make equal Refs.
type Ref struct {
	id    string // the saved chart's id; "" for a state
	state string // the canonical state; "" for a saved chart
	key   string // id, or stateKeyPrefix + state
}

// UnsavedChartID is the id a chart built from a state goes by where an id
// is needed and it has none of its own (it is not saved): the element ids of
// the comparison page, its file names (compare.png, compare.csv) and the
// API's id field. Its Ref names it by its state.
const UnsavedChartID = "compare"

// stateKeyPrefix starts the key of a state's Ref; no saved chart's id holds
// a "?", so the keys of states and of saved charts never meet.
const stateKeyPrefix = UnsavedChartID + "?"

// SavedRef refers to the saved chart id.
func SavedRef(id string) Ref { return Ref{id: id, key: id} }

// StateRef refers to the chart st describes. It prints st's canonical form
// once; the Ref keeps it.
func StateRef(st state.State) Ref {
	key := stateKeyPrefix + st.String()
	return Ref{state: key[len(stateKeyPrefix):], key: key}
}

// ID is the saved chart's id, or "" for a chart built from a state.
func (r Ref) ID() string { return r.id }

// State is the canonical state of a chart built from one (as
// state.State.String writes it), or "" for a saved chart.
func (r Ref) State() string { return r.state }

// Key names the chart in caches (its images, its reports) and as an embed's
// id: a saved chart's id, or "compare?" and the canonical state, so equal
// states share one key.
func (r Ref) Key() string { return r.key }

// of is the URL of an output: a saved chart's at saved with its id appended
// and then suffix, a state's at path with the state as its query string.
func (r Ref) of(saved, suffix, path string) string {
	if r.state == "" {
		return saved + r.id + suffix
	}
	return path + "?" + r.state
}

// Page is the chart's page: /charts/ID, or the comparison builder
// /compare?STATE.
func (r Ref) Page() string { return r.of("/charts/", "", "/compare") }

// Image is the chart's image as format ("png" or "svg"): /charts/ID.png,
// /compare.png?STATE.
func (r Ref) Image(format string) string {
	return r.of("/charts/", "."+format, "/compare."+format)
}

// CSV is the figures behind the chart: /api/charts/ID.csv, /compare.csv?STATE.
func (r Ref) CSV() string { return r.of("/api/charts/", ".csv", "/compare.csv") }

// JSON is the chart's option and figures: /api/charts/ID, /api/compare?STATE.
func (r Ref) JSON() string { return r.of("/api/charts/", "", "/api/compare") }

// Embed is the chart's embed frame: /embed/charts/ID, /embed/compare?STATE.
func (r Ref) Embed() string { return r.of("/embed/charts/", "", "/embed/compare") }

// Report is the chart as a Word report: /export/charts.docx?ids=ID,
// /export/compare.docx?STATE.
func (r Ref) Report() string {
	return r.of("/export/charts.docx?ids=", "", "/export/compare.docx")
}
