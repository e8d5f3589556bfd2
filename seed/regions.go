package seed

import (
	"ecomdash/models"
	"ecomdash/seed/divisions"
)

// code returns a pointer to c, for Region.ParentCode.
func code(c string) *string { return &c }

// documentRegions are the regions the documents' figures refer to, with
// their English names, keyed by GB/T 2260 code and listed parents before
// children. Each is in the divisions too; these rows stand for it.
var documentRegions = []models.Region{
	{Code: "100000", NameZH: "全国", NameEN: "China", ShortName: "全国", Level: models.LevelNational},
	{Code: "110000", NameZH: "北京市", NameEN: "Beijing", ShortName: "北京", Level: models.LevelProvince, ParentCode: code("100000")},
	{Code: "310000", NameZH: "上海市", NameEN: "Shanghai", ShortName: "上海", Level: models.LevelProvince, ParentCode: code("100000")},
	{Code: "310114", NameZH: "嘉定区", NameEN: "Jiading", ShortName: "嘉定", Level: models.LevelDistrict, ParentCode: code("310000")},
	{Code: "330000", NameZH: "浙江省", NameEN: "Zhejiang", ShortName: "浙江", Level: models.LevelProvince, ParentCode: code("100000")},
	{Code: "330700", NameZH: "金华市", NameEN: "Jinhua", ShortName: "金华", Level: models.LevelCity, ParentCode: code("330000")},
	{Code: "330800", NameZH: "衢州市", NameEN: "Quzhou", ShortName: "衢州", Level: models.LevelCity, ParentCode: code("330000")},
	{Code: "331100", NameZH: "丽水市", NameEN: "Lishui", ShortName: "丽水", Level: models.LevelCity, ParentCode: code("330000")},
	{Code: "331123", NameZH: "遂昌县", NameEN: "Suichang", ShortName: "遂昌", Level: models.LevelCounty, ParentCode: code("331100")},
}

// Regions are every region of China (the shipped edition of the divisions,
// package divisions), parents before children, with documentRegions in
// place of their rows. Revision 6 brought them in; before it the seed had
// documentRegions alone.
var Regions = func() []models.Region {
	own := make(map[string]models.Region, len(documentRegions))
	for _, r := range documentRegions {
		own[r.Code] = r
	}
	rows := divisions.Shipped().Rows()
	for i, r := range rows {
		if o, ok := own[r.Code]; ok {
			rows[i] = o
			delete(own, r.Code)
		}
	}
	if len(own) > 0 {
		panic("seed: a document region is not in the divisions")
	}
	return rows
}()
