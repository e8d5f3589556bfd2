package models

import "testing"

// TestShortRegionName covers each ending and the autonomous regions'
// peoples.
func TestShortRegionName(t *testing.T) {
	for name, want := range map[string]string{
		"衢州市": "衢州", "浙江省": "浙江", "内蒙古自治区": "内蒙古", "柯城区": "柯城", "广西壮族自治区": "广西",
		"新疆维吾尔自治区": "新疆", "延边朝鲜族自治州": "延边", "伊犁哈萨克自治州": "伊犁", "大通回族土族自治县": "大通",
		"东乡族自治县": "东乡", "鄂伦春自治旗": "鄂伦春", "龙胜各族自治县": "龙胜", "浦东新区": "浦东", "清新区": "清新",
		"碑林区": "碑林", "万柏林区": "万柏林", "神农架林区": "神农架", "六枝特区": "六枝", "锡林郭勒盟": "锡林郭勒",
		"大兴安岭地区": "大兴安岭", "忠县": "忠县", "东区": "东区", "矿区": "矿区", "津市市": "津市", "全国": "全国",
		"西沙群岛": "西沙群岛", "沙市区": "沙市",
	} {
		if got := ShortRegionName(name); got != want {
			t.Errorf("ShortRegionName(%s) = %s, want %s", name, got, want)
		}
	}
}
