package seed

import "ecomdash/models"

// Sources are the five documents every seeded figure comes from, one per
// file in documents/. Titles are the documents' own, in Simplified Chinese,
// except for cnr-express-2020, whose text carries no headline: its title is
// supplied (TitleSupplied) and shown as 〔拟〕…. A date the document gives
// only in part is stored in part (mofcom-internet-plus-2015: "2015").
var Sources = []models.Source{
	{
		ID:          "beijing-interview-2020",
		Title:       "刘梅英：优化产业链北京由点及面促进电商直播健康发展",
		Publisher:   "人民网",
		Author:      "刘梅英",
		PublishedOn: "2020-09-06",
		Kind:        models.KindInterview,
		FileName:    "000_04cecbb58ca1e52b.txt",
		Summary:     "人民网在2020年服贸会期间对北京市商务局副局长刘梅英的访谈实录，谈服务业扩大开放、中国电子商务大会、电商直播和跨境电商（所据文本为转载页面，标注“来源：人民网”）。",
	},
	{
		ID:          "mofcom-internet-plus-2015",
		Title:       "商务部电子商务司负责人就《“互联网+流通”行动计划》进行解读",
		Publisher:   "商务部电子商务司",
		Author:      "商务部电子商务司负责人",
		PublishedOn: "2015",
		Kind:        models.KindPolicyInterpretation,
		FileName:    "001_f8bd061393578bcb.txt",
		Summary:     "商务部电子商务司负责人对《“互联网+流通”行动计划》背景、目标、任务和措施的解读，列出示范县、示范基地、海外仓等具体目标；文本本身未注明发布日期（按文中所述2015年计，仅记年份），所据文本转载自上海投资网。",
	},
	{
		ID:          "quzhou-speech-2013",
		Title:       "朱建华副市长在全市电子商务产业发展座谈会上的讲话（要点）",
		Publisher:   "衢州市电子商务产业发展推进工作小组办公室",
		Author:      "朱建华",
		PublishedOn: "2013-06-21",
		Kind:        models.KindSpeech,
		FileName:    "002_6394c1f542f7cbb0.txt",
		Summary:     "衢州市副市长朱建华2013年6月21日在全市电子商务产业发展座谈会上的讲话要点，以2012年数据比较衢州与浙江全省、金华的电子商务发展并部署下一步工作（市府办流通涉外处整理）。",
	},
	{
		ID:            "cnr-express-2020",
		Title:         "国务院联防联控机制新闻发布会：电子商务促进消费回补 每天快递量超过2亿件",
		TitleSupplied: true,
		Publisher:     "央广网",
		Author:        "张茜",
		PublishedOn:   "2020-04-26",
		Kind:          models.KindNewsReport,
		FileName:      "003_391db7b3241bb5f2.txt",
		Summary:       "央广网记者张茜对2020年4月25日国务院联防联控机制新闻发布会的报道，涉及“双品网购节”、网络零售、移动互联网流量、工业电商和快递进村；文本未载原标题，标题据导语和小标题拟定。",
	},
	{
		ID:          "jiading-reply-2021",
		Title:       "嘉定区商务委员会对区政协六届五次会议第21-059号提案的答复",
		Publisher:   "上海市嘉定区商务委员会",
		PublishedOn: "2021-05-31",
		Kind:        models.KindOfficialReply,
		FileName:    "004_ef9e191e7fadc8fa.txt",
		Summary:     "上海市嘉定区商务委员会对彭典贵委员“直播电商+跨境电商”提案的答复，含2020年全区限额以上电子商务销售额和零售额；发布日期为2021年5月31日，落款日期为2021年5月21日。",
	},
}
