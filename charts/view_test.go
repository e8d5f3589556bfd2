package charts

import (
	"ecomdash/charts/theme"
	"encoding/json"
	"strings"
	"testing"
)

func TestOptionForImage(t *testing.T) {
	store := NewStore(seeded(t))
	c, err := store.Chart("jiading-ecommerce-2020")
	if err != nil {
		t.Fatal(err)
	}
	decode := func(b []byte) map[string]any {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	full, err := c.OptionFor(View{Image: true, Width: 1200, Theme: "light", MadeOn: "2026-11-23"})
	if err != nil {
		t.Fatal(err)
	}
	opt := decode(full)
	if _, ok := opt["toolbox"]; ok {
		t.Error("image keeps the toolbox")
	}
	if opt["animation"] != false {
		t.Error("image animation not off")
	}
	if opt["title"].(map[string]any)["text"] != c.Spec.Title {
		t.Error("image lost its title")
	}
	footer := opt["graphic"].([]any)[0].(map[string]any)["style"].(map[string]any)
	if text := footer["text"].(string); !strings.HasPrefix(text, c.SourceLine()) || !strings.Contains(text, "2026-11-23") {
		t.Errorf("footer %q lacks the source line or the date made", text)
	}
	if footer["width"] != float64(1168) {
		t.Errorf("footer width %v, want fitted to 1200-32", footer["width"])
	}

	plain := decode(must(c.OptionFor(View{Image: true, Width: 800, Theme: "light", HideTitle: true, HideSource: true, MadeOn: "2026-11-23"})))
	if _, ok := plain["title"]; ok {
		t.Error("plain image keeps the title")
	}
	for _, g := range plain["graphic"].([]any) {
		if g.(map[string]any)["id"] == "source-line" {
			t.Error("plain image keeps the footer")
		}
	}

	dark := decode(must(c.OptionFor(View{Image: true, Width: 800, Theme: "dark", MadeOn: "2026-11-23"})))
	if dark["backgroundColor"] != theme.Dark.Background {
		t.Errorf("dark background %v", dark["backgroundColor"])
	}
	// the chart's own option is untouched
	if !strings.Contains(string(c.Option), `"toolbox"`) {
		t.Error("ImageOption modified the chart's option")
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestOptionForPagesAndEmbeds(t *testing.T) {
	c, err := NewStore(seeded(t)).Chart("quzhou-share-of-zhejiang-2012")
	if err != nil {
		t.Fatal(err)
	}
	same, _ := c.OptionFor(View{Theme: "light"})
	if string(same) != string(c.Option) {
		t.Error("the default view must be the chart's own option")
	}
	var opt map[string]any
	_ = json.Unmarshal(must(c.OptionFor(View{Theme: "dark", Transparent: true, HideTitle: true})), &opt)
	if opt["backgroundColor"] != "transparent" {
		t.Errorf("transparent background: %v", opt["backgroundColor"])
	}
	if _, ok := opt["title"]; ok {
		t.Error("HideTitle kept the title")
	}
	if len(opt["graphic"].([]any)) != 1 {
		t.Error("HideTitle must keep the source line")
	}
	if top := opt["grid"].(map[string]any)["top"]; top != 40.0 {
		t.Errorf("HideTitle left the grid's top at %v: the title's room is not given back", top)
	}
	label := opt["yAxis"].([]any)[0].(map[string]any)["axisLabel"].(map[string]any)
	if label["color"] != theme.Dark.Muted {
		t.Errorf("dark axis label colour %v", label["color"])
	}
	_ = json.Unmarshal(must(c.OptionFor(View{Theme: "light", HideSource: true})), &opt)
	if len(opt["graphic"].([]any)) != 0 {
		t.Error("HideSource kept the source line")
	}
	var own map[string]any
	_ = json.Unmarshal(c.Option, &own)
	if bottom, was := opt["grid"].(map[string]any)["bottom"], own["grid"].(map[string]any)["bottom"].(float64); bottom != was-sourceRoom {
		t.Errorf("HideSource left the grid's bottom at %v (from %v): the source line's room is not given back", bottom, was)
	}
	if _, ok := opt["toolbox"]; !ok {
		t.Error("a page or embed keeps its toolbox")
	}
	// a phone-width box narrows the horizontal bars' category column, as
	// static/js/charts.js does for the interactive chart
	opt = nil
	_ = json.Unmarshal(must(c.OptionFor(View{Theme: "light", Narrow: true})), &opt)
	if g, own := opt["grid"].(map[string]any), own["grid"].(map[string]any); g["left"] != 104.0 || g["right"] != own["right"] {
		t.Errorf("narrow horizontal bars: grid %v, want left 104 and the right as the chart has it (%v), room for the longest bar's label", g, own["right"])
	}
}
