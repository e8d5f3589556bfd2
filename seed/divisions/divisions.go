// Package divisions is China's administrative divisions as seed data: every
// province, prefecture-level and county-level region with its GB/T 2260
// code, name, short name, level and parent, in one JSON file per edition
// (an Edition). The edition shipped is china.json, converted from the npm
// package china-division (Convert; see README.md here for its source,
// version, date and licence, and LICENSE for the package's licence).
//
// The seed loads the shipped edition (seed.Regions); `ecomdash regions load
// FILE.json` loads a newer one into a running database
// (models.LoadRegions), keeping every region that has figures.
package divisions

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"ecomdash/models"
)

// Edition is one edition of the divisions, as its JSON file holds it.
type Edition struct {
	// Source names where the regions come from: the package, its version
	// and the official list it republishes.
	Source string `json:"source"`
	// Edition is the date the source's data stands at (YYYY-MM-DD).
	Edition string `json:"edition"`
	// Licence is the source's licence.
	Licence string `json:"licence"`
	// Count is the number of regions, checked against Regions on Parse.
	Count int `json:"count"`
	// Regions are listed parents first, then by code.
	Regions []Division `json:"regions"`
}

// Division is one region of an edition.
type Division struct {
	// Code is the 6-digit GB/T 2260 code (100000 for the nation).
	Code string `json:"code"`
	// Name is the full name (衢州市) and Short the short one (衢州).
	Name  string `json:"name"`
	Short string `json:"short"`
	// Level is one of the models.Level* constants.
	Level string `json:"level"`
	// Parent is the enclosing region's code; empty for the nation only.
	Parent string `json:"parent,omitempty"`
}

//go:embed china.json
var shipped []byte

// ShippedHeader is the shipped edition's source, edition, licence and
// count, without its regions.
var ShippedHeader = sync.OnceValue(func() Edition {
	e := Shipped()
	e.Regions = nil
	return e
})

// Shipped is the edition this build carries (china.json). It panics if the
// file is malformed, which TestShippedEdition rules out.
func Shipped() Edition {
	e, err := Parse(shipped)
	if err != nil {
		panic("divisions: the shipped edition: " + err.Error())
	}
	return e
}

// Parse reads an edition and checks it: the count it declares, every code
// valid (models.ValidRegionCode) and listed once, a name and a known level
// on each, one region without a parent (the nation, 100000), and every
// other region's parent listed before it.
func Parse(b []byte) (Edition, error) {
	var e Edition
	if err := json.Unmarshal(b, &e); err != nil {
		return e, fmt.Errorf("read the divisions: %w", err)
	}
	return e, e.check()
}

// check applies Parse's rules.
func (e Edition) check() error {
	if len(e.Regions) != e.Count {
		return fmt.Errorf("the edition declares %d regions but lists %d", e.Count, len(e.Regions))
	}
	var problems []string
	seen := make(map[string]bool, len(e.Regions))
	for i, d := range e.Regions {
		switch {
		case !models.ValidRegionCode(d.Code):
			problems = append(problems, fmt.Sprintf("region %d: code %q is not 6 digits", i+1, d.Code))
		case seen[d.Code]:
			problems = append(problems, fmt.Sprintf("%s: listed twice", d.Code))
		case strings.TrimSpace(d.Name) == "":
			problems = append(problems, fmt.Sprintf("%s: no name", d.Code))
		case !models.RegionLevels.Has(d.Level):
			problems = append(problems, fmt.Sprintf("%s: unknown level %q", d.Code, d.Level))
		case d.Parent == "" && d.Code != models.NationCode:
			problems = append(problems, fmt.Sprintf("%s: no parent (only %s, the nation, has none)", d.Code, models.NationCode))
		case d.Parent != "" && !seen[d.Parent]:
			problems = append(problems, fmt.Sprintf("%s: parent %q is not listed before it", d.Code, d.Parent))
		}
		seen[d.Code] = true
		if len(problems) >= 20 {
			break
		}
	}
	if len(problems) > 0 {
		return errors.New("the edition is not valid: " + strings.Join(problems, "; "))
	}
	return nil
}

// Rows are the edition's regions as models.Region rows, parents first.
func (e Edition) Rows() []models.Region {
	out := make([]models.Region, len(e.Regions))
	for i, d := range e.Regions {
		out[i] = models.Region{Code: d.Code, NameZH: d.Name, ShortName: d.Short, Level: d.Level}
		if d.Parent != "" {
			p := d.Parent
			out[i].ParentCode = &p
		}
	}
	return out
}

// Marshal writes the edition as its file holds it: the header, then one
// region a line, so that a new edition's diff shows each region changed.
func (e Edition) Marshal() ([]byte, error) {
	e.Count = len(e.Regions)
	if err := e.check(); err != nil {
		return nil, err
	}
	var b strings.Builder
	head, err := json.Marshal(struct {
		Source  string `json:"source"`
		Edition string `json:"edition"`
		Licence string `json:"licence"`
		Count   int    `json:"count"`
	}{e.Source, e.Edition, e.Licence, e.Count})
	if err != nil {
		return nil, err
	}
	b.Write(head[:len(head)-1])
	b.WriteString(",\n\"regions\": [\n")
	for i, d := range e.Regions {
		line, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		b.Write(line)
		if i < len(e.Regions)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]}\n")
	return []byte(b.String()), nil
}

// sortParentsFirst orders regions nation, provinces, then prefecture-level,
// then county-level, each by code.
func sortParentsFirst(ds []Division) {
	rank := func(d Division) int {
		switch d.Level {
		case models.LevelNational:
			return 0
		case models.LevelProvince:
			return 1
		case models.LevelCity:
			return 2
		}
		return 3
	}
	slices.SortStableFunc(ds, func(a, b Division) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a.Code, b.Code)
	})
}
