package state

import (
	"errors"
	"reflect"
	"testing"
)

// TestParsePrintRoundTrip: every state prints in one canonical form, and
// parsing that form gives the same state back.
func TestParsePrintRoundTrip(t *testing.T) {
	for in, canonical := range map[string]string{
		"metrics=online_retail_sales&regions=330800":                                                "metrics=online_retail_sales&regions=330800",
		"regions=330800,330000&metrics=online_retail_sales&periods=all&type=bar":                    "metrics=online_retail_sales&regions=330800,330000",
		"metrics=a,b&regions=children:330000,330800&periods=2011..2016&type=line":                   "metrics=a,b&regions=children:330000,330800&periods=2011..2016&type=line",
		"metrics=a&regions=siblings:330800&periods=2015..":                                          "metrics=a&regions=siblings:330800&periods=2015..",
		"metrics=a&regions=parent:330800&periods=..2016":                                            "metrics=a&regions=parent:330800&periods=..2016",
		"metrics=a&regions=330800&periods=2012,2011":                                                "metrics=a&regions=330800&periods=2011,2012",
		"metrics=a&regions=330800&periods=2020-04,2020Q1,2019":                                      "metrics=a&regions=330800&periods=2019,2020Q1,2020-04",
		"metrics=a&regions=330800&periods=latest&type=hbar&sort=desc&labels=stated&legend=0":        "metrics=a&regions=330800&periods=latest&type=hbar&sort=desc&labels=stated&legend=0",
		"metrics=a&regions=330800,330000&axis=log&focus=330800&ref=330800:population_share:2012":    "metrics=a&regions=330800,330000&axis=log&focus=330800&ref=330800:population_share:2012",
		"annotate=g&metrics=a&regions=330800&focus=2012,a&periods=2011,2012":                        "metrics=a&regions=330800&periods=2011,2012&focus=2012,a&annotate=g",
		"metrics=a&regions=330800&type=gauge":                                                       "metrics=a&regions=330800&type=gauge",
		"metrics=a&regions=330800,330000&type=pie&labels=none":                                      "metrics=a&regions=330800,330000&type=pie&labels=none",
		"metrics=a,b&regions=330800&stack=1&derive=yoy":                                             "metrics=a,b&regions=330800&stack=1&derive=yoy",
		"metrics=a&regions=330800&derive=share&stack=0&legend=1&labels=value&sort=none&axis=linear": "metrics=a&regions=330800&derive=share",
		"metrics=a&regions=330800%2C330000&periods=2020-04-25":                                      "metrics=a&regions=330800,330000&periods=2020-04-25",
	} {
		s, err := Parse(in)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if got := s.String(); got != canonical {
			t.Errorf("Parse(%q).String() = %q, want %q", in, got, canonical)
		}
		again, err := Parse(s.String())
		if err != nil || !reflect.DeepEqual(again, s) {
			t.Errorf("round trip of %q: %+v (%v), want %+v", in, again, err, s)
		}
	}
}

// TestParseRefusesEveryBadForm: each bad form is an *Error naming its key.
func TestParseRefusesEveryBadForm(t *testing.T) {
	for in, key := range map[string]string{
		"regions=330800":                               "metrics",
		"metrics=&regions=330800":                      "metrics",
		"metrics=Online&regions=330800":                "metrics",
		"metrics=a,a&regions=330800":                   "metrics",
		"metrics=a,b,c,d,e,f,g,h,i&regions=330800":     "metrics",
		"metrics=a":                                    "regions",
		"metrics=a&regions=3308":                       "regions",
		"metrics=a&regions=cousins:330800":             "regions",
		"metrics=a&regions=children:33":                "regions",
		"metrics=a&regions=330800,330800":              "regions",
		"metrics=a&regions=330800&periods=2012..2011":  "periods",
		"metrics=a&regions=330800&periods=..":          "periods",
		"metrics=a&regions=330800&periods=2012-13":     "periods",
		"metrics=a&regions=330800&periods=2012,2012":   "periods",
		"metrics=a&regions=330800&periods=recent":      "periods",
		"metrics=a&regions=330800&type=donut":          "type",
		"metrics=a,b&regions=330800&type=gauge":        "type",
		"metrics=a&regions=children:330000&type=gauge": "type",
		"metrics=a,b&regions=330800&type=pie":          "type",
		"metrics=a&regions=330800&axis=sqrt":           "axis",
		"metrics=a&regions=330800&type=pie&axis=log":   "axis",
		"metrics=a&regions=330800&sort=up":             "sort",
		"metrics=a&regions=330800&focus=%E8%A1%A2":     "focus",
		"metrics=a,b&regions=330800&annotate=c,d,e":    "annotate",
		"metrics=a&regions=330800&annotate=C":          "annotate",
		"metrics=a&regions=330800&ref=330800:a":        "ref",
		"metrics=a&regions=330800&ref=330800:a:2012Q9": "ref",
		"metrics=a&regions=330800&labels=all":          "labels",
		"metrics=a&regions=330800&stack=yes":           "stack",
		"metrics=a&regions=330800&type=pie&stack=1":    "stack",
		"metrics=a&regions=330800&legend=2":            "legend",
		"metrics=a&regions=330800&derive=cagr":         "derive",
		"metrics=a&regions=330800&zz=1":                "zz",
		"metrics=a&regions=330800&type=bar&type=line":  "type",
		"metrics=a&regions=330800&metrics=b":           "metrics",
		"metrics=a&regions=330800&periods=%zz":         "query",
	} {
		_, err := Parse(in)
		var e *Error
		if !errors.As(err, &e) || e.Key != key || e.Message == "" {
			t.Errorf("Parse(%q) = %v, want an error naming %q", in, err, key)
		}
	}
	// keys the caller reads itself may be let through
	if _, err := Parse("metrics=a&regions=330800&width=800", "width"); err != nil {
		t.Errorf("an extra key the caller takes: %v", err)
	}
}

func TestPeriodsContains(t *testing.T) {
	for _, tt := range []struct {
		periods string
		in, out []string
	}{
		{"2011..2016", []string{"2011", "2016", "2016Q4", "2013-05", "2011-01-01"}, []string{"2010", "2017", "2010-12-31", "2017Q1"}},
		{"2015..", []string{"2015", "2030", "2015-01"}, []string{"2014", "2014Q4"}},
		{"..2012", []string{"2012", "1999", "2012-12-31"}, []string{"2013", "2013-01-01"}},
		{"2020Q1..2020Q2", []string{"2020Q1", "2020-06", "2020-04-25"}, []string{"2020", "2020-07", "2019Q4"}},
		{"2011,2012", []string{"2011", "2012"}, []string{"2013", "2012Q1"}},
		{"all", []string{"2011", "2020Q1"}, nil},
	} {
		p, err := parsePeriods(tt.periods)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range tt.in {
			if !p.Contains(in) {
				t.Errorf("%s does not contain %s", tt.periods, in)
			}
		}
		for _, out := range tt.out {
			if p.Contains(out) {
				t.Errorf("%s contains %s", tt.periods, out)
			}
		}
	}
}

// BenchmarkParse parses and prints a state with every key: what a request
// for a comparison's cached image costs before its cache lookup.
func BenchmarkParse(b *testing.B) {
	const q = "metrics=online_retail_sales,share_of_province_online_retail&regions=330800,siblings:330800,330000&periods=2011..2012&type=bar&sort=desc&focus=330800&labels=stated"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s, err := Parse(q)
		if err != nil {
			b.Fatal(err)
		}
		_ = s.String()
	}
}

// TestStateBuiltAsValues: a state built from the constructors and typed
// options prints the canonical form, and parsing that gives it back.
func TestStateBuiltAsValues(t *testing.T) {
	rng, err := PeriodRange("2011", "")
	if err != nil {
		t.Fatal(err)
	}
	list, err := PeriodList("2012", "2011")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		s    State
		want string
	}{
		{State{Metrics: []string{"a"}, Regions: []Region{{Code: "330800"}, {Kind: RegionSiblings, Code: "330800"}, {Kind: RegionParent, Code: "330800"}},
			Periods: LatestPeriods(), Type: TypeBar, Axis: AxisLinear, Sort: SortDesc, Focus: []string{"330800"}, Labels: LabelsValue, Legend: true, Derive: DeriveNone},
			"metrics=a&regions=330800,siblings:330800,parent:330800&periods=latest&sort=desc&focus=330800"},
		{State{Metrics: []string{"a"}, Regions: []Region{{Code: "330800"}}, Periods: rng, Type: TypeLine, Axis: AxisLog, Labels: LabelsStated, Legend: true,
			Ref: &Ref{Region: "330800", Metric: "b", Period: "2012"}},
			"metrics=a&regions=330800&periods=2011..&type=line&axis=log&ref=330800:b:2012&labels=stated"},
		{State{Metrics: []string{"a"}, Regions: []Region{{Code: "330800"}}, Periods: list, Type: TypeBar, Legend: true},
			"metrics=a&regions=330800&periods=2011,2012"},
	} {
		if got := c.s.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
		back, err := Parse(c.want)
		if err != nil || back.String() != c.want {
			t.Errorf("Parse(%q) = %q, %v", c.want, back.String(), err)
		}
	}
	if AllPeriods().Kind() != PeriodsAll || (Periods{}).String() != "all" {
		t.Error("the zero Periods is not all")
	}
	for _, bad := range [][2]string{{"", ""}, {"2016", "2011"}, {"20x", ""}} {
		if _, err := PeriodRange(bad[0], bad[1]); err == nil {
			t.Errorf("PeriodRange(%q, %q) accepted", bad[0], bad[1])
		}
	}
	if _, err := PeriodList(); err == nil {
		t.Error("PeriodList() accepted no period")
	}
	if _, err := PeriodList("2011", "2011"); err == nil {
		t.Error("PeriodList accepted a period twice")
	}
	for _, ty := range ChartTypes.Values() {
		if ty.Label() == "" || (ty != TypeBar && ty.Label() == TypeBar.Label()) {
			t.Errorf("chart type %q has no label of its own: %q", ty, ty.Label())
		}
	}
}

// TestDefaultsAreWrittenOnce: New holds the defaults Parse gives, Value
// writes each key (defaults included), and Grammar describes every key in
// canonical order with defaults and values the parser takes.
func TestDefaultsAreWrittenOnce(t *testing.T) {
	parsed, err := Parse("metrics=a&regions=330800")
	if err != nil {
		t.Fatal(err)
	}
	built := New([]string{"a"}, Region{Code: "330800"})
	if built.String() != parsed.String() || built.Value("type") != "bar" || built.Value("legend") != "1" || built.Value("periods") != "all" {
		t.Errorf("New = %q (type %q, legend %q), Parse = %q", built.String(), built.Value("type"), built.Value("legend"), parsed.String())
	}
	if built.Type != parsed.Type || built.Axis != parsed.Axis || built.Sort != parsed.Sort || built.Labels != parsed.Labels ||
		built.Legend != parsed.Legend || built.Stack != parsed.Stack || built.Derive != parsed.Derive || built.Periods.Kind() != parsed.Periods.Kind() {
		t.Errorf("New %+v differs from Parse %+v", built, parsed)
	}
	g := Grammar()
	if len(g) != len(Keys) {
		t.Fatalf("Grammar has %d keys, want %d", len(g), len(Keys))
	}
	for i, k := range g {
		if k.Key != Keys[i] {
			t.Errorf("key %d is %q, want %q", i, k.Key, Keys[i])
		}
		if k.Default != parsed.Value(k.Key) && k.Key != "metrics" && k.Key != "regions" {
			t.Errorf("%s: default %q, but an absent key parses as %q", k.Key, k.Default, parsed.Value(k.Key))
		}
		labels := map[string]bool{}
		for _, v := range k.Values {
			if _, err := Parse("metrics=a&regions=330800&" + k.Key + "=" + v.Value); err != nil {
				t.Errorf("%s=%s: %v", k.Key, v.Value, err)
			}
			if v.Label == "" || labels[v.Label] {
				t.Errorf("%s=%s: label %q missing or shared", k.Key, v.Value, v.Label)
			}
			labels[v.Label] = true
		}
	}
}
