package charts

import (
	"strings"
	"testing"

	"ecomdash/models"
)

// TestRegionProfile: Quzhou's profile has, per metric, a chart against its
// parent and siblings and one over time where it has several periods, each
// a state that opens in the builder; Shanghai, with no figures of its own,
// has none.
func TestRegionProfile(t *testing.T) {
	db := seeded(t)
	quzhou, err := models.Regions.Get(db, "330800")
	if err != nil {
		t.Fatal(err)
	}
	p, err := RegionProfile(db, quzhou)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Metrics) == 0 || len(p.Headlines) != len(p.Metrics) {
		t.Fatalf("%d metrics, %d headlines", len(p.Metrics), len(p.Headlines))
	}
	for i := 1; i < len(p.Metrics); i++ {
		if p.Metrics[i-1].Metric.NameZH > p.Metrics[i].Metric.NameZH {
			t.Errorf("metrics out of order: %s before %s", p.Metrics[i-1].Metric.NameZH, p.Metrics[i].Metric.NameZH)
		}
	}
	want := map[string]string{
		"region-330800-online_retail_sales-peers": "/compare?metrics=online_retail_sales&regions=330800,parent:330800,siblings:330800&periods=latest&sort=desc&focus=330800",
		"region-330800-online_retail_sales-trend": "/compare?metrics=online_retail_sales&regions=330800&type=line",
	}
	seen := map[string]bool{}
	for _, ch := range p.Charts() {
		if seen[ch.Spec.ID] {
			t.Errorf("chart id %s twice", ch.Spec.ID)
		}
		seen[ch.Spec.ID] = true
		if ch.Ref.ID() != "" || ch.Ref.State() == "" {
			t.Errorf("%s: Ref %+v, want a state", ch.Spec.ID, ch.Ref)
		}
		if link, ok := want[ch.Spec.ID]; ok && ch.Ref.Page() != link {
			t.Errorf("%s opens %s, want %s", ch.Spec.ID, ch.Ref.Page(), link)
		}
	}
	for id := range want {
		if !seen[id] {
			t.Errorf("no chart %s", id)
		}
	}
	shanghai, err := models.Regions.Get(db, "310000")
	if err != nil {
		t.Fatal(err)
	}
	p, err = RegionProfile(db, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Metrics) != 0 || len(p.Children) == 0 {
		t.Errorf("Shanghai: %d metrics, %d children; want none and its districts", len(p.Metrics), len(p.Children))
	}
}

// TestPlatformFiguresStayOutOfARegionsFigures: Alibaba's platform figure
// is no headline of 全国's profile and on none of its charts, and a
// dashboard card of it names the platform, not 全国.
func TestPlatformFiguresStayOutOfARegionsFigures(t *testing.T) {
	db := seeded(t)
	nation, err := models.Regions.Get(db, "100000")
	if err != nil {
		t.Fatal(err)
	}
	p, err := RegionProfile(db, nation)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range p.Headlines {
		if h.Metric.Subject != "" {
			t.Errorf("headline %s is about %s", h.MetricCode, h.Metric.Subject)
		}
	}
	if len(p.Headlines) != len(p.Metrics)-1 {
		t.Errorf("%d headlines of %d metrics, want all but the platform's", len(p.Headlines), len(p.Metrics))
	}
	if len(p.Together) == 0 {
		t.Error("全国's figures are drawn on no chart")
	}
	for _, c := range p.Charts() {
		for _, o := range c.Observations {
			if o.Metric.Subject != "" {
				t.Errorf("chart %s draws %s, about %s", c.Spec.ID, o.MetricCode, o.Metric.Subject)
			}
		}
	}
	heads, err := buildHeadlines(db, []string{"100000:alibaba_daily_transactions:2013-06", "100000:express_daily_parcels:2020-04"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l := heads[0].Label; strings.HasPrefix(l, "全国") || !strings.Contains(l, "阿里巴巴平台") {
		t.Errorf("the platform figure's card reads %q, want it named by the platform, not by 全国", l)
	}
	if l := heads[1].Label; l != "全国每天快递量" {
		t.Errorf("a region's own figure's card reads %q", l)
	}
}
