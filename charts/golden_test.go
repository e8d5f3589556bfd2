package charts

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// updateGolden rewrites the golden options: go test ./charts -run Golden -update
var updateGolden = flag.Bool("update", false, "rewrite charts/testdata/golden from the current catalogue")

// TestBuiltInChartsMatchTheirGoldenOptions pins the ECharts option of every
// built-in chart on the seed figures (testdata/golden/ID.json), so that when
// the built-in charts become saved states drawn by BuildState (issue 12),
// each keeps its look: the log axis with the 0.61% label, the population
// share line, the gauge, the dashed 推算 bars, units kept apart.
func TestBuiltInChartsMatchTheirGoldenOptions(t *testing.T) {
	store := NewStore(seeded(t))
	all, err := store.All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(Catalogue()) {
		t.Fatalf("%d charts built, %d in the catalogue", len(all), len(Catalogue()))
	}
	for _, c := range all {
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, c.Option, "", "  "); err != nil {
			t.Fatal(err)
		}
		pretty.WriteByte('\n')
		path := filepath.Join("testdata", "golden", c.Spec.ID+".json")
		if *updateGolden {
			if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run with -update to write it)", c.Spec.ID, err)
		}
		if !bytes.Equal(pretty.Bytes(), want) {
			t.Errorf("%s: the option differs from %s (run with -update if the change is meant)", c.Spec.ID, path)
		}
	}
}
