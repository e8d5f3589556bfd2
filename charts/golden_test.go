package charts

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"ecomdash/seed"
)

// updateGolden rewrites the golden options: go test ./charts -run Golden -update
var updateGolden = flag.Bool("update", false, "rewrite charts/testdata/golden from the saved charts")

// TestBuiltInChartsMatchTheirGoldenOptions pins the ECharts option of every
// built-in chart on the seed figures (testdata/golden/ID.json), so that a
// change to the layout shows up as a diff to look at. Options compare as
// JSON trees (jsonTreeDiff): key order and spacing are not part of an
// option, so the builder may emit keys in any order.
func TestBuiltInChartsMatchTheirGoldenOptions(t *testing.T) {
	store := NewStore(seeded(t))
	all, err := store.All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(seed.Charts) {
		t.Fatalf("%d charts built, %d seeded", len(all), len(seed.Charts))
	}
	for _, c := range all {
		checkRecordedOption(t, c.Spec.ID, filepath.Join("testdata", "golden", c.Spec.ID+".json"), c.Option)
	}
}

// checkRecordedOption compares option with the one recorded at path as JSON
// trees, naming the first difference; with -update it records option
// instead.
func checkRecordedOption(t *testing.T, name, path string, option []byte) {
	t.Helper()
	if *updateGolden {
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, option, "", "  "); err != nil {
			t.Fatal(err)
		}
		pretty.WriteByte('\n')
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v (run with -update to write it)", name, err)
	}
	if diff := jsonTreeDiff(want, option); diff != "" {
		t.Errorf("%s: the option differs from %s: %s (run with -update if the change is meant)", name, path, diff)
	}
}

// TestBuiltInChartsDrawAsTheClosuresDid checks that each built-in chart,
// now a saved state drawn by the one layout, keeps the look it had when it
// was a Go closure: testdata/closures holds the options those closures
// drew (frozen before they were removed). The look is what a reader sees:
// the kind of chart and its orientation, a log axis, every value in order
// with its colour (focus blue, grey or another colour, dashed 推算),
// reference lines, and every figure written on the chart (0.61%, 66.22%,
// 近300亿元).
func TestBuiltInChartsDrawAsTheClosuresDid(t *testing.T) {
	store := NewStore(seeded(t))
	for _, row := range seed.Charts {
		c, err := store.Chart(row.ID)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(filepath.Join("testdata", "closures", row.ID+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var was, now map[string]any
		if err := json.Unmarshal(raw, &was); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(c.Option, &now); err != nil {
			t.Fatal(err)
		}
		before, after := lookOf(was), lookOf(now)
		if !reflect.DeepEqual(before.shape, after.shape) {
			t.Errorf("%s: drawn as\n  %v\nwas\n  %v", row.ID, after.shape, before.shape)
		}
		for _, figure := range before.figures {
			if !strings.Contains(after.text, figure) {
				t.Errorf("%s: the chart no longer shows %q (it shows %q)", row.ID, figure, after.text)
			}
		}
		if c.Problem != "" || c.Empty {
			t.Errorf("%s: %q", row.ID, c.Problem)
		}
	}
}

// look is what a reader sees of a chart option.
type look struct {
	// shape lists the chart kind, the axis scale, each value with its
	// colour class, and each reference line's value.
	shape []string
	// figures are the numbers written on the chart; text is all its text.
	figures []string
	text    string
}

var figurePattern = regexp.MustCompile(`[近超多约]?\d+(\.\d+)?(%|亿元|亿件|家|个)?`)

func lookOf(opt map[string]any) look {
	var l look
	var text []string
	series, _ := opt["series"].([]any)
	axes := func(key string) []any { a, _ := opt[key].([]any); return a }
	kind := ""
	for _, s := range series {
		kind, _ = s.(map[string]any)["type"].(string)
	}
	if kind == "bar" {
		if y := axes("yAxis"); len(y) > 0 && y[0].(map[string]any)["type"] == "category" {
			kind = "hbar"
		}
	}
	l.shape = append(l.shape, "kind "+kind)
	for _, key := range []string{"xAxis", "yAxis"} {
		for _, a := range axes(key) {
			am := a.(map[string]any)
			if am["type"] == "log" {
				l.shape = append(l.shape, "log axis")
			}
			if data, ok := am["data"].([]any); ok {
				for _, d := range data {
					text = append(text, fmt.Sprint(d))
				}
			}
		}
	}
	palette := Palette
	for i, s := range series {
		sm := s.(map[string]any)
		seriesColor := palette[i%len(palette)]
		if is, ok := sm["itemStyle"].(map[string]any); ok && is["color"] != nil {
			seriesColor = is["color"].(string)
		}
		data, _ := sm["data"].([]any)
		for _, d := range data {
			dm, ok := d.(map[string]any)
			if !ok {
				continue
			}
			class := "other"
			color := seriesColor
			is, _ := dm["itemStyle"].(map[string]any)
			if is != nil && is["color"] != nil {
				color = is["color"].(string)
			}
			if is != nil && dm["target"] == true && is["borderColor"] != nil {
				color = is["borderColor"].(string) // a target is outlined in its colour
			}
			switch {
			case dm["value"] == nil:
				class = "missing"
			case dm["derived"] == true || (is != nil && is["borderType"] == "dashed"):
				class = "derived"
			case color == colorFocus:
				class = "focus"
			}
			if kind == "gauge" {
				class = "gauge"
			}
			l.shape = append(l.shape, fmt.Sprintf("%v %s", dm["value"], class))
			if lb, ok := dm["label"].(map[string]any); ok && lb["formatter"] != nil {
				text = append(text, fmt.Sprint(lb["formatter"]))
			}
		}
		if ml, ok := sm["markLine"].(map[string]any); ok {
			for _, d := range ml["data"].([]any) {
				dm := d.(map[string]any)
				l.shape = append(l.shape, fmt.Sprintf("reference line %v%v", dm["xAxis"], dm["yAxis"]))
				if lb, ok := dm["label"].(map[string]any); ok {
					text = append(text, fmt.Sprint(lb["formatter"]))
				}
			}
			if lb, ok := ml["label"].(map[string]any); ok {
				text = append(text, fmt.Sprint(lb["formatter"]))
			}
		}
		if det, ok := sm["detail"].(map[string]any); ok {
			text = append(text, fmt.Sprint(det["formatter"]))
		}
	}
	l.text = strings.Join(text, " | ")
	for _, f := range figurePattern.FindAllString(l.text, -1) {
		if !strings.HasPrefix(f, "20") || strings.Contains(f, ".") { // a year is a period, not a figure
			l.figures = append(l.figures, f)
		}
	}
	return l
}
