package models

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// This file matches the names people write in a table's rows and columns
// (衢州市, 衢州, 柯城区, 南京市鼓楼区, 全省) to regions, the way a reader
// would: a full name first, then a short name, a name written after its
// parent's, and, where a name is shared (鼓楼区 is in 南京, 福州, 徐州 and
// 开封), the region whose parent the rest of the table or its title names.

// RegionMatch is how a label was matched to a region.
type RegionMatch struct {
	// Code is the region's code; "" when the label matched none or several.
	Code string `json:"code,omitempty"`
	// How says how: 全称, 简称, 上级+名称, 按表中其他地区推断, 按标题推断,
	// 所选, 全国; "" when unmatched.
	How string `json:"how,omitempty"`
	// Candidates are the regions the label may mean when it is ambiguous.
	Candidates []RegionCandidate `json:"candidates,omitempty"`
}

// RegionCandidate is one region a label may mean, with its place: 江苏省 南京市 鼓楼区.
type RegionCandidate struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Path string `json:"path"`
}

// regionIndex holds every region by code and by the names people write.
type regionIndex struct {
	byCode map[string]*Region
	// byFull and byShort list the regions of each full and short name.
	byFull, byShort map[string][]*Region
}

// loadRegionIndex reads every region (a few thousand rows).
func loadRegionIndex(db *gorm.DB) (*regionIndex, error) {
	var regions []Region
	if err := db.Select("code", "name_zh", "short_name", "level", "parent_code").Find(&regions).Error; err != nil {
		return nil, fmt.Errorf("load regions: %w", err)
	}
	ix := &regionIndex{
		byCode:  make(map[string]*Region, len(regions)),
		byFull:  make(map[string][]*Region, len(regions)),
		byShort: make(map[string][]*Region, len(regions)),
	}
	for i := range regions {
		r := &regions[i]
		ix.byCode[r.Code] = r
		ix.byFull[r.NameZH] = append(ix.byFull[r.NameZH], r)
		if short := r.Short(); short != r.NameZH {
			ix.byShort[short] = append(ix.byShort[short], r)
		}
	}
	return ix, nil
}

// path is the region's place from its province down: 江苏省 南京市 鼓楼区.
func (ix *regionIndex) path(r *Region) string {
	parts := []string{r.NameZH}
	for p := ix.parent(r); p != nil && p.Level != LevelNational; p = ix.parent(p) {
		parts = append(parts, p.NameZH)
		if len(parts) > 6 {
			break
		}
	}
	slices.Reverse(parts)
	return strings.Join(parts, " ")
}

func (ix *regionIndex) parent(r *Region) *Region {
	if r.ParentCode == nil {
		return nil
	}
	return ix.byCode[*r.ParentCode]
}

// within reports whether r lies in (or is) the region code.
func (ix *regionIndex) within(r *Region, code string) bool {
	for i := 0; r != nil && i < 8; i++ {
		if r.Code == code {
			return true
		}
		r = ix.parent(r)
	}
	return false
}

func (ix *regionIndex) candidate(r *Region) RegionCandidate {
	return RegionCandidate{Code: r.Code, Name: r.NameZH, Path: ix.path(r)}
}

// wholeWords are row labels that mean the table's own area (the region
// its title names): 全省, 全市, 合计 …
var wholeWords = []string{"全省", "全市", "全区", "全县", "全州", "全盟", "合计", "总计", "全省合计", "全市合计", "总体", "全域"}

// cleanRegionLabel strips what is not part of a name: spaces, a leading
// 其中：or #, a trailing footnote mark.
func cleanRegionLabel(s string) string {
	s = strings.Join(strings.Fields(s), "")
	for _, p := range []string{"其中：", "其中:", "其中", "#"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimRight(s, "*＊①②③④⑤⑥⑦⑧⑨⑩")
	return s
}

// lookup lists the regions a name may mean, full names before short ones:
// a name ending in an administrative word (区, 市, 县 …) that is some
// region's full name means only those regions.
func (ix *regionIndex) lookup(name string) ([]*Region, string) {
	if rs := ix.byFull[name]; len(rs) > 0 {
		return rs, "全称"
	}
	if rs := ix.byShort[name]; len(rs) > 0 {
		return rs, "简称"
	}
	return nil, ""
}

// match finds the regions a label may mean: by name, or as a parent's
// name followed by the region's own (南京市鼓楼区, 浙江衢州).
func (ix *regionIndex) match(label string) ([]*Region, string) {
	name := cleanRegionLabel(label)
	if name == "" {
		return nil, ""
	}
	if name == "全国" || name == "中国" {
		if r := ix.byCode[NationCode]; r != nil {
			return []*Region{r}, "全国"
		}
	}
	if rs, how := ix.lookup(name); len(rs) > 0 {
		return rs, how
	}
	// parent's name + own name: try every split, keeping children of a
	// matched parent. No region's names together are longer than
	// maxCompoundName characters, so longer labels are not split.
	if utf8.RuneCountInString(name) > maxCompoundName {
		return nil, ""
	}
	var found []*Region
	for i := range name {
		if i == 0 {
			continue
		}
		parents, _ := ix.lookup(name[:i])
		if len(parents) == 0 {
			continue
		}
		kids, _ := ix.lookup(name[i:])
		for _, k := range kids {
			for _, p := range parents {
				if k.Code != p.Code && ix.within(k, p.Code) && !slices.Contains(found, k) {
					found = append(found, k)
				}
			}
		}
	}
	if len(found) > 0 {
		return found, "上级+名称"
	}
	return nil, ""
}

// maxCompoundName bounds the labels match splits into a parent's name and
// a region's own (新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县 is 24).
const maxCompoundName = 40

// regionsIn returns the regions whose full name a text contains, longest
// names first, none inside another found: 2014—2017年衢州市各县（市、区）
// → 衢州市. Short names are not looked for: too many are common words.
func (ix *regionIndex) regionsIn(text string) []*Region {
	if text == "" {
		return nil
	}
	var names []string
	for name := range ix.byFull {
		if utf8.RuneCountInString(name) >= 2 && strings.Contains(text, name) {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		if d := utf8.RuneCountInString(b) - utf8.RuneCountInString(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	var out []*Region
	var taken []string
	for _, name := range names {
		if slices.ContainsFunc(taken, func(t string) bool { return strings.Contains(t, name) }) {
			continue
		}
		taken = append(taken, name)
		out = append(out, ix.byFull[name]...)
	}
	return out
}

// regionResolver resolves the region labels of one table together, so
// that each ambiguous name is read in the light of the others.
type regionResolver struct {
	ix *regionIndex
	// title are the regions the title names.
	title []*Region
	// chosen maps a label to the code a person chose ("" skips it).
	chosen map[string]string
}

// resolve matches every label. A label that matches one region takes it;
// one that matches several takes the one whose parent is the parent of
// another region in the table, or that lies in a region the table or the
// title names, when exactly one does; otherwise it is left with its
// candidates. 全省/全市/合计 mean the region the title names.
func (rr *regionResolver) resolve(labels []string) map[string]RegionMatch {
	out := make(map[string]RegionMatch, len(labels))
	cands := map[string][]*Region{}
	var sure []*Region
	for _, l := range labels {
		if _, done := out[l]; done {
			continue
		}
		if code, ok := rr.chosen[l]; ok {
			out[l] = RegionMatch{Code: code, How: "所选"}
			if r := rr.ix.byCode[code]; r != nil {
				sure = append(sure, r)
			}
			continue
		}
		if slices.Contains(wholeWords, cleanRegionLabel(l)) {
			if len(rr.title) == 1 {
				out[l] = RegionMatch{Code: rr.title[0].Code, How: "按标题推断"}
				sure = append(sure, rr.title[0])
			} else {
				out[l] = RegionMatch{}
			}
			continue
		}
		rs, how := rr.ix.match(l)
		switch len(rs) {
		case 0:
			out[l] = RegionMatch{}
		case 1:
			out[l] = RegionMatch{Code: rs[0].Code, How: how}
			sure = append(sure, rs[0])
		default:
			cands[l] = rs
		}
	}
	parents := map[string]bool{}
	context := append(slices.Clone(sure), rr.title...)
	for _, r := range sure {
		if r.ParentCode != nil {
			parents[*r.ParentCode] = true
		}
	}
	for l, rs := range cands {
		var bySibling, byContext []*Region
		for _, r := range rs {
			if r.ParentCode != nil && parents[*r.ParentCode] {
				bySibling = append(bySibling, r)
			}
			if slices.ContainsFunc(context, func(c *Region) bool { return c.Code != r.Code && rr.ix.within(r, c.Code) }) {
				byContext = append(byContext, r)
			}
		}
		switch {
		case len(byContext) == 1:
			out[l] = RegionMatch{Code: byContext[0].Code, How: "按标题或表中上级推断"}
		case len(bySibling) == 1:
			out[l] = RegionMatch{Code: bySibling[0].Code, How: "按表中其他地区推断"}
		default:
			m := RegionMatch{}
			for _, r := range rs {
				m.Candidates = append(m.Candidates, rr.ix.candidate(r))
			}
			slices.SortFunc(m.Candidates, func(a, b RegionCandidate) int { return strings.Compare(a.Code, b.Code) })
			out[l] = m
		}
	}
	return out
}
