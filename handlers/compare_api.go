package handlers

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// The builder's questions to the server besides the state's size: its
// region search and the metric picker's counts.

// metricCountsMemo keeps the regions and periods with figures of every
// metric, counted in one grouped query that reads every figure (about 50 ms
// for 150,000 figures), for as long as the data version stays the same.
type metricCountsMemo struct {
	mu       sync.Mutex
	version  int64
	counts   map[string][2]int
	counting atomic.Bool // a background count is running (ready)
}

// ready returns the counts if they are counted for the data version now,
// without waiting; otherwise nil, and they are counted in the background
// (once at a time), so the next page has them. The builder page never
// waits for the count: its script asks /api/compare/metric-counts for what
// the page lacks.
func (m *metricCountsMemo) ready(db *gorm.DB) map[string][2]int {
	v, err := models.CurrentDataVersion(db)
	if err != nil {
		return nil
	}
	m.mu.Lock()
	if m.counts != nil && m.version == v {
		defer m.mu.Unlock()
		return m.counts
	}
	m.mu.Unlock()
	if m.counting.CompareAndSwap(false, true) {
		go func() {
			defer m.counting.Store(false)
			_, _ = m.get(db) // an error shows as counts missing; the API reports it
		}()
	}
	return nil
}

// get is the count of regions and periods with figures per metric, counted
// again when the data version has moved.
func (m *metricCountsMemo) get(db *gorm.DB) (map[string][2]int, error) {
	v, err := models.CurrentDataVersion(db)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.counts != nil && m.version == v {
		return m.counts, nil
	}
	var stats []struct {
		MetricCode       string
		Regions, Periods int
	}
	if err := db.Model(&models.Observation{}).Select("metric_code, COUNT(DISTINCT region_code) AS regions, COUNT(DISTINCT period) AS periods").
		Group("metric_code").Scan(&stats).Error; err != nil {
		return nil, fmt.Errorf("metric counts: %w", err)
	}
	counts := make(map[string][2]int, len(stats))
	for _, s := range stats {
		counts[s.MetricCode] = [2]int{s.Regions, s.Periods}
	}
	m.version, m.counts = v, counts
	return counts, nil
}

// foundRegion is one answer of the builder's region search.
type foundRegion struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
	// Path names the region with those above it (浙江省 › 衢州市).
	Path string `json:"path"`
	// Figures counts its figures of the metrics asked about.
	Figures int `json:"figures"`
}

// maxFoundRegions bounds the answers of one search.
const maxFoundRegions = 20

// apiCompareRegions answers GET /api/compare/regions?q=NAME&metrics=CODES:
// the regions whose Chinese name holds q (at most maxFoundRegions), those
// with figures of the metrics first, each with its path, for the builder's
// region search. It reads regions by name only, so it finds every region
// in the table, not only those the page lists.
func (h *Handler) apiCompareRegions(c *fiber.Ctx) error {
	q := strings.TrimSpace(c.Query("q"))
	if q == "" || utf8.RuneCountInString(q) > 20 {
		return badRequest("q 应为 1 到 20 个字的地区名称 (q: 1 to 20 characters of a region's name)")
	}
	var metrics []string
	for _, m := range strings.Split(c.Query("metrics"), ",") {
		if m = strings.TrimSpace(m); models.ValidID(m) && len(metrics) < state.MaxMetrics {
			metrics = append(metrics, m)
		}
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
	var rows []models.Region
	if err := h.db.Where(`name_zh LIKE ? ESCAPE '\' OR short_name LIKE ? ESCAPE '\'`, like, like).
		// regions with figures first (one key-index probe each), then by level and code
		Order("CASE WHEN EXISTS (SELECT 1 FROM observations o WHERE o.region_code = regions.code) THEN 0 ELSE 1 END, " +
			"CASE level WHEN 'national' THEN 0 WHEN 'province' THEN 1 WHEN 'city' THEN 2 ELSE 3 END, code").
		Limit(maxFoundRegions).Find(&rows).Error; err != nil {
		return fmt.Errorf("search regions: %w", err)
	}
	codes := make([]string, len(rows))
	for i, r := range rows {
		codes[i] = r.Code
	}
	figures := map[string]int{}
	if len(metrics) > 0 && len(codes) > 0 {
		var counts []struct {
			RegionCode string
			N          int
		}
		if err := h.db.Model(&models.Observation{}).Select("region_code, COUNT(*) AS n").Where("metric_code IN ? AND region_code IN ?", metrics, codes).
			Group("region_code").Scan(&counts).Error; err != nil {
			return fmt.Errorf("figures of the regions found: %w", err)
		}
		for _, n := range counts {
			figures[n.RegionCode] = n.N
		}
	}
	all, err := regionsWithAncestors(h.db, codes)
	if err != nil {
		return err
	}
	out := make([]foundRegion, 0, len(rows))
	for _, r := range rows {
		path := []string{r.NameZH}
		for p := r.ParentCode; p != nil; {
			up, ok := all[*p]
			if !ok || up.Level == models.LevelNational {
				break
			}
			path = append([]string{up.NameZH}, path...)
			p = up.ParentCode
		}
		f := foundRegion{Code: r.Code, Name: r.NameZH, Path: strings.Join(path, " › "), Figures: figures[r.Code]}
		if r.ParentCode != nil {
			f.Parent = *r.ParentCode
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b foundRegion) int {
		return cmp.Compare(min(b.Figures, 1), min(a.Figures, 1))
	})
	return c.JSON(out)
}

// apiCompareMetricCounts answers GET /api/compare/metric-counts: for every
// metric with figures, how many regions and periods have them, as
// {"code": [regions, periods]}: what the builder's metric picker shows
// beside each name when its page came without it.
func (h *Handler) apiCompareMetricCounts(c *fiber.Ctx) error {
	counts, err := h.metricCounts.get(h.db)
	if err != nil {
		return err
	}
	return c.JSON(counts)
}
