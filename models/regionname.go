package models

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// regionSuffixes are the endings ShortRegionName strips, longest first: the
// first whose removal leaves at least two characters is removed. 林区 and
// 特区 are county-level units (神农架林区, 六枝特区); a district whose name
// merely ends in 林 (碑林区) keeps it, since 碑 alone is too short, and
// 万柏林区 is the one exception written out in shortNameExceptions.
var regionSuffixes = []string{"特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "新区", "林区", "特区", "省", "市", "区", "县", "旗", "盟"}

// autonomous are the endings after which the name of the peoples the
// autonomy is for (壮族, 哈萨克 …) is dropped as well.
var autonomous = []string{"自治区", "自治州", "自治县", "自治旗"}

// ethnicNames are the peoples named in autonomous regions' names, longest
// first so that 蒙古 is tried before 土 and 哈尼 before 尼; "各" is 各族
// (龙胜各族自治县).
var ethnicNames = func() []string {
	names := strings.Fields(`蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲
		高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒
		乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各`)
	slices.SortStableFunc(names, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return names
}()

// shortNameExceptions are names the suffix rule would shorten wrongly.
var shortNameExceptions = map[string]string{
	"万柏林区": "万柏林",
}

// ShortRegionName is the name of a region as people say it: the full name
// less its administrative ending (衢州市 → 衢州, 浙江省 → 浙江, 柯城区 →
// 柯城, 浦东新区 → 浦东), and for an autonomous region less the peoples
// named too (内蒙古自治区 → 内蒙古, 广西壮族自治区 → 广西, 延边朝鲜族自治州 →
// 延边, 大通回族土族自治县 → 大通). Nothing is removed where it would leave
// a single character (忠县, 东区, 矿区 stay whole), and a name with none of
// the endings (西沙群岛, 大柴旦行政委员会) is its own short name.
func ShortRegionName(name string) string {
	name = strings.TrimSpace(name)
	if s, ok := shortNameExceptions[name]; ok {
		return s
	}
	for _, suffix := range regionSuffixes {
		rest, ok := strings.CutSuffix(name, suffix)
		if !ok || utf8.RuneCountInString(rest) < 2 {
			continue
		}
		if slices.Contains(autonomous, suffix) {
			rest = dropPeoples(rest)
		}
		return rest
	}
	return name
}

// dropPeoples removes the names of peoples (with or without 族) from the
// end of rest while at least two characters remain: 大通回族土族 → 大通,
// 伊犁哈萨克 → 伊犁, 东乡族 → 东乡.
func dropPeoples(rest string) string {
	for {
		cut := false
		for _, p := range ethnicNames {
			for _, ending := range []string{p + "族", p} {
				r, ok := strings.CutSuffix(rest, ending)
				if ok && utf8.RuneCountInString(r) >= 2 {
					rest, cut = r, true
					break
				}
			}
			if cut {
				break
			}
		}
		if !cut {
			if r, ok := strings.CutSuffix(rest, "族"); ok && utf8.RuneCountInString(r) >= 2 {
				return r
			}
			return rest
		}
	}
}
