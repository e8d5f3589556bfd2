package seed

import "ecomdash/models"

// code returns a pointer to c, for Region.ParentCode.
func code(c string) *string { return &c }

// Regions are the administrative areas the documents' figures refer to,
// keyed by GB/T 2260 code and listed parents before children.
var Regions = []models.Region{
	{Code: "100000", NameZH: "全国", NameEN: "China", Level: models.LevelNational},
	{Code: "110000", NameZH: "北京市", NameEN: "Beijing", Level: models.LevelProvince, ParentCode: code("100000")},
	{Code: "310000", NameZH: "上海市", NameEN: "Shanghai", Level: models.LevelProvince, ParentCode: code("100000")},
	{Code: "310114", NameZH: "嘉定区", NameEN: "Jiading", Level: models.LevelDistrict, ParentCode: code("310000")},
	{Code: "330000", NameZH: "浙江省", NameEN: "Zhejiang", Level: models.LevelProvince, ParentCode: code("100000")},
	{Code: "330700", NameZH: "金华市", NameEN: "Jinhua", Level: models.LevelCity, ParentCode: code("330000")},
	{Code: "330800", NameZH: "衢州市", NameEN: "Quzhou", Level: models.LevelCity, ParentCode: code("330000")},
	{Code: "331100", NameZH: "丽水市", NameEN: "Lishui", Level: models.LevelCity, ParentCode: code("330000")},
	{Code: "331123", NameZH: "遂昌县", NameEN: "Suichang", Level: models.LevelCounty, ParentCode: code("331100")},
}
