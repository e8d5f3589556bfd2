package models

import "testing"

func TestTopicGroupsMetricsByWhatTheyCount(t *testing.T) {
	for name, want := range map[string]string{
		"网络零售额":             TopicOnlineRetail,
		"社会消费品零售总额":         TopicBase,
		"网络零售额占社会消费品零售总额比重": TopicOnlineRetail,
		"每天快递量":             TopicExpress,
		"设有快递服务网点的乡镇比例":     TopicExpress,
		"“农民信箱”网上交易额":       TopicRural,
		"县级淘宝馆":             TopicRural,
		"跨境电商体验店":           TopicCrossBorder,
		"海外仓":               TopicCrossBorder,
		"认定的直播和短视频园区（基地）":   TopicLive,
		"电子商务交易额":           TopicEcommerce,
		"淘宝网店数":             TopicEcommerce,
		"人口占全省比重":           TopicBase,
		"GDP占全省比重":          TopicBase,
		"电商直播重点加快推进的领域（计划）": TopicTargets,
		"电子商务发展宏观要求（部署）":    TopicTargets,
		"新经济政策体系“1”（若干意见）":  TopicTargets,
	} {
		if got := Topic(Metric{NameZH: name, Kind: MetricStatistic}); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	if got := Topic(Metric{NameZH: "网络零售额", Kind: MetricTarget}); got != TopicTargets {
		t.Errorf("a target: %s, want %s", got, TopicTargets)
	}
}
