package models

import "strings"

// Topics are the groups the builder's metric picker and a region's headline
// figures are shown in, in this order. A metric's topic is read from its kind
// and its Chinese name (Topic), so a metric an administrator imports falls
// into a group without being told one.
var Topics = []string{TopicOnlineRetail, TopicExpress, TopicRural, TopicCrossBorder, TopicLive, TopicEcommerce, TopicTargets, TopicBase}

// The topics.
const (
	TopicOnlineRetail = "网络零售"
	TopicExpress      = "快递物流"
	TopicRural        = "农村电商"
	TopicCrossBorder  = "跨境电商"
	TopicLive         = "直播电商"
	TopicEcommerce    = "电商产业"
	TopicTargets      = "政策目标与部署"
	TopicBase         = "经济社会基础"
)

// topicWords are the words that put a metric in a topic, tried in order:
// the first topic one of whose words the name holds is the metric's.
var topicWords = []struct {
	topic string
	words []string
}{
	{TopicExpress, []string{"快递", "快件", "物流"}},
	{TopicRural, []string{"农村", "农民", "农产品", "乡镇", "试点村", "淘宝村", "县级淘宝馆", "进农村"}},
	{TopicCrossBorder, []string{"跨境", "海外仓", "进博会", "服贸会", "服务业扩大开放"}},
	{TopicLive, []string{"直播", "短视频"}},
	{TopicOnlineRetail, []string{"网络零售", "网上零售", "网购", "网络消费", "零售额", "双品网购节"}},
	{TopicEcommerce, []string{"电子商务", "电商", "网商", "网店", "网络交易", "网络经济", "平台", "商户", "产业园", "互联网", "电子信息"}},
}

// Topic is the group metric m is shown in: policy targets and plans
// (kind target, or a name saying 计划/部署/目标/行动计划/政策) first, then
// the first topic whose words its name holds, else the economic and social
// base (GDP, population, area, consumer retail as a whole).
func Topic(m Metric) string {
	name := m.NameZH
	if m.IsTarget() {
		return TopicTargets
	}
	for _, w := range []string{"（计划）", "（部署）", "（目标）", "行动计划", "政策体系", "目标期限"} {
		if strings.Contains(name, w) {
			return TopicTargets
		}
	}
	if strings.Contains(name, "社会消费品零售总额") && !strings.Contains(name, "网络零售") && !strings.Contains(name, "网上零售") {
		return TopicBase
	}
	for _, t := range topicWords {
		for _, w := range t.words {
			if strings.Contains(name, w) {
				return t.topic
			}
		}
	}
	return TopicBase
}
