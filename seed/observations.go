package seed

import "ecomdash/models"

// Region codes (GB/T 2260) of the seed's regions, used by Observations and
// by the built-in charts.
const (
	RegionNation   = "100000"
	RegionBeijing  = "110000"
	RegionJiading  = "310114"
	RegionZhejiang = "330000"
	RegionJinhua   = "330700"
	RegionQuzhou   = "330800"
)

// Source IDs used by Observations.
const (
	srcBeijing = "beijing-interview-2020"
	srcMofcom  = "mofcom-internet-plus-2015"
	srcQuzhou  = "quzhou-speech-2013"
	srcCNR     = "cnr-express-2020"
	srcJiading = "jiading-reply-2021"
)

// Quotes shared by several observations.
const (
	quoteQuzhouRetail   = "2012年，我市的网络零售额达到12.3亿元，比2011年7.4亿元增长66.22%"
	quoteQuzhouShare    = "但只占全省网络零售总额2027亿的0.61%"
	quoteQuzhouContext  = "我市国土面积占全省的8%，人口占全省的5%，GDP总量占全省的2%，网络零售总额只占全省的0.61%"
	quoteQuzhouConsumer = "占全市社会消费品销售总额396.36亿的3.1%，远远低于全国占比值6.3%，浙江省的占比值15%"
	quoteQuzhouAlibaba  = "到2012年底，我市有7851家阿里巴巴注册“电子商务企业”，仅占全省47.8万家的1.64%"
	quoteQuzhouMailUser = "“农民信箱”全市用户数为14.6万，占全省230万的6.35%"
	quoteQuzhouMailRMB  = "2012年，全市“农民信箱”网上交易额400万元，占全省20亿元的0.2%"
	quoteQuzhouShops    = "衢州在淘宝上的网店有6000多家，年销售额在100万元以上的企业（包括个体网店）有1000多家，从业人员达2万多人"
	quoteJinhuaVolume   = "2012年金华电子商务交易额超过1千亿元，电子商务交易规模和实现业务收入规模连续3年居全国前10位、浙江省第2位，并且是全国前10位中唯一的地级城市"
	quoteJinhuaRetail   = "网络零售额近300亿元，位居浙江省第二位"
	quoteJinhuaFirms    = "金华市本级有全国电子商务百强企业9家、省级电子信息产业园3家"
	quoteQuzhouPilots   = "每个县要不少于1个乡镇、2个村作为试点"
	quoteJinhuaBureau   = "金华市网络经济发展局6个副局长，其中3个副局长是市本级开发区、金东区、婺城区的分管副主任兼任"
	quoteMofcomMeasures = "主要包括4个方面11项举措"
	quoteBeijingPolicy  = "实际上应该是“1+5+N”，1是我们若干意见，5是刚才说到的五新方案，还有N个配套的一系列的发展政策措施"

	quoteBeijingCrossBorder = "全市培育了15家跨境电商产业园，开设了60家跨境电商体验店，在全球布局了100多个海外仓，形成覆盖五大洲的全球化布局"
	quoteBeijingPilot       = "试点明确了403项任务，形成了120余项全国首创的突破性政策或创新制度安排，向全国或自贸试验区推广了六批25项创新经验和案例"

	quoteMofcomTargets = "在主要目标的基础上，我们还制定了培育200个电子商务进农村综合示范县、创建60个国家级电子商务示范基地、培育150家国家级电子商务示范企业、推动建设100个电子商务海外仓、指导地方建设50个电子商务人才培训基地等具体目标"

	quoteCNRMerchants = "据商务大数据对350万家平台内商户的统计，现在复工率已近90%"
	quoteCNRTraffic   = "2020年一季度，我国移动互联网接入流量同比增长39.3%，今年3月户均移动互联网接入流量达到9.5GB，为近12月以来的最高点"
	quoteCNRIndustry  = "近年来，工信部遴选了41个工业电商的试点示范项目，持续推进工业电子商务创新发展，截至2020年3月底，我国重点行业骨干企业的工业电商普及率达到62.5%"
	quoteCNRExpress   = "目前，快递业所支撑的实物商品网络零售额已经占到社会消费品零售总额的1/5，说明快递与电商的协同发展取得了巨大进步，现在每天快递量已经超过2亿件，基本恢复到疫情前的正常水平"
	quoteCNRRural     = "今年一季度，即使受到了疫情影响，农村地区收投的快件量依然超过了30亿件，支撑工业品下乡和农产品进城超过2000亿元"

	quoteJiadingSales  = "从电子商务销售额看，2020年全区实现限额以上电子商务销售额2403.8亿元，同比增长16.5%"
	quoteJiadingRetail = "从电子商务零售额看，2020年全区实现限额以上电子商务零售额988.4亿元，同比增长12.9%"
	quoteJiadingTalent = "最高可享受70万元购房补贴、连续三年1200元/月租房补贴"
)

// Notes shared by several observations.
const (
	noteQuzhouContext    = "文中未注明年份，与2012年数据并列对比，按2012年计。"
	noteQuzhouSpeech     = "文中未注明时点，按讲话时间（2013年6月）计。"
	notePresentTense     = "句中没有年份，也没有与之并列的有年份的数字，按讲话时（2013年6月）计。"
	noteBeijingAsOf      = "截至访谈时（2020年9月）的累计数。"
	noteJinhuaThreeYears = "“连续3年”截至2012年，即2010—2012年。"
	noteMofcomTarget     = "《“互联网+流通”行动计划》提出的具体目标，不是实际完成数；文中未写目标年份，按计划发布的2015年计。"
	noteMofcomPlan       = "《“互联网+流通”行动计划》的结构，按计划发布的2015年计。"
)

// inferredThreeYears are the words 金华's 2010 and 2011 ranks are read
// off: the document gives them only as “连续3年” in a sentence about 2012.
const inferredThreeYears = "连续3年"

// Observations are the documents' figures, one per (region, metric, period,
// source), each with the sentence it came from. All are as reported except
// the two Jiading 2019 values, which are computed from 2020 values and growth
// rates and marked Derived.
var Observations = []models.Observation{
	// ── quzhou-speech-2013 (002): Quzhou against Zhejiang, Jinhua ──
	{RegionCode: RegionQuzhou, MetricCode: "online_retail_sales", Period: "2012", SourceID: srcQuzhou,
		Value: 12.3, Qualifier: models.QualifierExact, Stated: "12.3亿元", Quote: quoteQuzhouRetail},
	{RegionCode: RegionQuzhou, MetricCode: "online_retail_sales", Period: "2011", SourceID: srcQuzhou,
		Value: 7.4, Qualifier: models.QualifierExact, Stated: "7.4亿元", Quote: quoteQuzhouRetail},
	{RegionCode: RegionQuzhou, MetricCode: "online_retail_growth", Period: "2012", SourceID: srcQuzhou,
		Value: 66.22, Qualifier: models.QualifierExact, Stated: "66.22%", Quote: quoteQuzhouRetail,
		Note: "按文中12.3亿元与7.4亿元计算应为66.22%（12.3÷7.4−1），与原文一致。"},
	{RegionCode: RegionZhejiang, MetricCode: "online_retail_sales", Period: "2012", SourceID: srcQuzhou,
		Value: 2027, Qualifier: models.QualifierExact, Stated: "2027亿", Quote: quoteQuzhouShare,
		Note: "原文作“全省网络零售总额2027亿”，未写“元”，按亿元计。"},
	{RegionCode: RegionQuzhou, MetricCode: "share_of_province_online_retail", Period: "2012", SourceID: srcQuzhou,
		Value: 0.61, Qualifier: models.QualifierExact, Stated: "0.61%", Quote: quoteQuzhouShare,
		Note: "同一比重在括号内再次出现（“网络零售总额只占全省的0.61%”）。"},
	{RegionCode: RegionQuzhou, MetricCode: "share_of_province_area", Period: "2012", SourceID: srcQuzhou,
		Value: 8, Qualifier: models.QualifierExact, Stated: "8%", Quote: quoteQuzhouContext, Note: noteQuzhouContext},
	{RegionCode: RegionQuzhou, MetricCode: "share_of_province_population", Period: "2012", SourceID: srcQuzhou,
		Value: 5, Qualifier: models.QualifierExact, Stated: "5%", Quote: quoteQuzhouContext, Note: noteQuzhouContext},
	{RegionCode: RegionQuzhou, MetricCode: "share_of_province_gdp", Period: "2012", SourceID: srcQuzhou,
		Value: 2, Qualifier: models.QualifierExact, Stated: "2%", Quote: quoteQuzhouContext, Note: noteQuzhouContext},
	{RegionCode: RegionQuzhou, MetricCode: "consumer_goods_retail_sales", Period: "2012", SourceID: srcQuzhou,
		Value: 396.36, Qualifier: models.QualifierExact, Stated: "396.36亿", Quote: quoteQuzhouConsumer,
		Note: "原文作“社会消费品销售总额396.36亿”，未写“元”，按亿元计。"},
	{RegionCode: RegionQuzhou, MetricCode: "online_retail_share_of_consumer_retail", Period: "2012", SourceID: srcQuzhou,
		Value: 3.1, Qualifier: models.QualifierExact, Stated: "3.1%", Quote: quoteQuzhouConsumer,
		Note: "原文分母作“社会消费品销售总额”；12.3÷396.36约为3.1%。"},
	{RegionCode: RegionNation, MetricCode: "online_retail_share_of_consumer_retail", Period: "2012", SourceID: srcQuzhou,
		Value: 6.3, Qualifier: models.QualifierExact, Stated: "6.3%", Quote: quoteQuzhouConsumer,
		Note: "讲话中引用的全国占比值，未注明出处和年份，随2012年数据对比，按2012年计。"},
	{RegionCode: RegionZhejiang, MetricCode: "online_retail_share_of_consumer_retail", Period: "2012", SourceID: srcQuzhou,
		Value: 15, Qualifier: models.QualifierExact, Stated: "15%", Quote: quoteQuzhouConsumer,
		Note: "讲话中引用的浙江省占比值，未注明出处和年份，随2012年数据对比，按2012年计。"},
	{RegionCode: RegionQuzhou, MetricCode: "alibaba_registered_firms", Period: "2012", SourceID: srcQuzhou,
		Value: 7851, Qualifier: models.QualifierExact, Stated: "7851家", Quote: quoteQuzhouAlibaba,
		Note: "2012年底数。"},
	{RegionCode: RegionZhejiang, MetricCode: "alibaba_registered_firms", Period: "2012", SourceID: srcQuzhou,
		Value: 478000, Qualifier: models.QualifierExact, Stated: "47.8万家", Quote: quoteQuzhouAlibaba,
		Note: "2012年底数；原文以万家计（47.8万家）。"},
	{RegionCode: RegionQuzhou, MetricCode: "share_of_province_alibaba_firms", Period: "2012", SourceID: srcQuzhou,
		Value: 1.64, Qualifier: models.QualifierExact, Stated: "1.64%", Quote: quoteQuzhouAlibaba,
		Note: "2012年底数；7851÷478000约为1.64%。"},
	{RegionCode: RegionQuzhou, MetricCode: "farmer_mailbox_users", Period: "2013-06", SourceID: srcQuzhou,
		Value: 14.6, Qualifier: models.QualifierExact, Stated: "14.6万", Quote: quoteQuzhouMailUser,
		Note: "原文只写“14.6万”，按万户计。" + notePresentTense},
	{RegionCode: RegionZhejiang, MetricCode: "farmer_mailbox_users", Period: "2013-06", SourceID: srcQuzhou,
		Value: 230, Qualifier: models.QualifierExact, Stated: "230万", Quote: quoteQuzhouMailUser,
		Note: "原文只写“230万”，按万户计。" + notePresentTense},
	{RegionCode: RegionQuzhou, MetricCode: "share_of_province_farmer_mailbox_users", Period: "2013-06", SourceID: srcQuzhou,
		Value: 6.35, Qualifier: models.QualifierExact, Stated: "6.35%", Quote: quoteQuzhouMailUser,
		Note: "14.6÷230约为6.35%。" + notePresentTense},
	{RegionCode: RegionQuzhou, MetricCode: "farmer_mailbox_trade", Period: "2012", SourceID: srcQuzhou,
		Value: 400, Qualifier: models.QualifierExact, Stated: "400万元", Quote: quoteQuzhouMailRMB},
	{RegionCode: RegionZhejiang, MetricCode: "farmer_mailbox_trade", Period: "2012", SourceID: srcQuzhou,
		Value: 200000, Qualifier: models.QualifierExact, Stated: "20亿元", Quote: quoteQuzhouMailRMB,
		Note: "原文以亿元计（20亿元，即200000万元）。"},
	{RegionCode: RegionQuzhou, MetricCode: "share_of_province_farmer_mailbox_trade", Period: "2012", SourceID: srcQuzhou,
		Value: 0.2, Qualifier: models.QualifierExact, Stated: "0.2%", Quote: quoteQuzhouMailRMB,
		Note: "400万元÷20亿元为0.2%。"},
	{RegionCode: RegionQuzhou, MetricCode: "taobao_shops", Period: "2013-06", SourceID: srcQuzhou,
		Value: 6000, Qualifier: models.QualifierAtLeast, Stated: "6000多家", Quote: quoteQuzhouShops, Note: noteQuzhouSpeech},
	{RegionCode: RegionQuzhou, MetricCode: "online_shops_sales_over_1m", Period: "2013-06", SourceID: srcQuzhou,
		Value: 1000, Qualifier: models.QualifierAtLeast, Stated: "1000多家", Quote: quoteQuzhouShops, Note: noteQuzhouSpeech},
	{RegionCode: RegionQuzhou, MetricCode: "ecommerce_employment", Period: "2013-06", SourceID: srcQuzhou,
		Value: 2, Qualifier: models.QualifierAtLeast, Stated: "2万多人", Quote: quoteQuzhouShops, Note: noteQuzhouSpeech},
	{RegionCode: RegionQuzhou, MetricCode: "ecommerce_industrial_parks", Period: "2013-06", SourceID: srcQuzhou,
		Value: 2, Qualifier: models.QualifierExact, Stated: "两个",
		Quote: "衢州目前只有两个电子商务产业园，一个是衢江区的金辉，一个是西区的颐高",
		Note:  "“目前”指讲话时（2013年6月）；后文“电子商务创业园……我们市本级有两个”应指同两处。"},
	{RegionCode: RegionNation, MetricCode: "county_taobao_pavilions", Period: "2013-06", SourceID: srcQuzhou,
		Value: 3, ValueMax: bound(4), Qualifier: models.QualifierRange, Stated: "三、四家", Quote: "全国县级的淘宝馆只有三、四家，遂昌是第一家",
		Note: "原文为“三、四家”：3到4家之间的粗略说法；讲话时（2013年6月）。"},
	{RegionCode: RegionNation, MetricCode: "alibaba_daily_transactions", Period: "2013-06", SourceID: srcQuzhou,
		Value: 600, Qualifier: models.QualifierExact, Stated: "600万次", Quote: "阿里巴巴上每天有600万次网络交易，这就是诚信的体现",
		Note: "讲话中借用的阿里巴巴平台的数字，未注明出处和时点；是一家企业平台的数字，不是全国统计，也不是衢州数据；按讲话时（2013年6月）计。"},
	{RegionCode: RegionQuzhou, MetricCode: "target_pilot_townships_per_county", Period: "2013-06", SourceID: srcQuzhou,
		Value: 1, Qualifier: models.QualifierNoLessThan, Stated: "不少于1个", Quote: quoteQuzhouPilots,
		Note: "工作要求（目标），不是实际数：每个县（市、区）一产电子商务试点乡镇不少于1个。"},
	{RegionCode: RegionQuzhou, MetricCode: "target_pilot_villages_per_county", Period: "2013-06", SourceID: srcQuzhou,
		Value: 2, Qualifier: models.QualifierNoLessThan, Stated: "2个", Quote: quoteQuzhouPilots,
		Note: "工作要求（目标），不是实际数：每个县（市、区）一产电子商务试点村不少于2个（“不少于”同时修饰乡镇和村）。"},
	{RegionCode: RegionQuzhou, MetricCode: "top_online_merchants_selected", Period: "2001", SourceID: srcQuzhou,
		Value: 10, Qualifier: models.QualifierExact, Stated: "十大", Quote: "2001年，我市还开展了“十大网商”评选活动"},
	{RegionCode: RegionQuzhou, MetricCode: "target_major_programmes", Period: "2013-06", SourceID: srcQuzhou,
		Value: 3, Qualifier: models.QualifierExact, Stated: "三大", Quote: "实施“三大工程”，提供产业强力支撑",
		Note: "讲话部署的工作，不是完成情况。" + noteQuzhouSpeech},
	{RegionCode: RegionQuzhou, MetricCode: "target_macro_requirements", Period: "2013-06", SourceID: srcQuzhou,
		Value: 10, Qualifier: models.QualifierExact, Stated: "十项", Quote: "第一，从宏观上，有十项要求",
		Note: "讲话部署的工作，不是完成情况。" + noteQuzhouSpeech},
	{RegionCode: RegionQuzhou, MetricCode: "target_startup_tasks", Period: "2013-06", SourceID: srcQuzhou,
		Value: 10, Qualifier: models.QualifierExact, Stated: "10项", Quote: "第二，从微观上，要抓好10项起步工作",
		Note: "讲话部署的工作（成立一个工作部门、抓好一次全面调查、拿出一份发展规划、开好一次发展大会等），不是完成情况。" + noteQuzhouSpeech},
	{RegionCode: RegionQuzhou, MetricCode: "target_new_ecommerce_startup_parks", Period: "2013-06", SourceID: srcQuzhou,
		Value: 1, Qualifier: models.QualifierExact, Stated: "一个",
		Quote: "四是建立电子商务创业园，也就是电子商务的集聚区，我们市本级有两个，下步再好好规划、孕育一个高起点的",
		Note:  "计划新增的一个；已有的两个即已列的电子商务产业园。" + noteQuzhouSpeech},
	{RegionCode: "331100", MetricCode: "target_young_online_merchants", Period: "2013-06", SourceID: srcQuzhou,
		Value: 10000, Qualifier: models.QualifierExact, Stated: "万名",
		Quote: "三大工程即“万名青年网商培育工程”、“农村电子商务强企培育工程”、“丽水特色网货品牌培育工程”",
		Note:  "丽水市“三大工程”之一的名称所含规模（万名：工程名称中的整数，原文没有“近”“约”等字样），是工程目标，不是已培育人数；考察所见，按讲话时（2013年6月）计。"},
	{RegionCode: "331123", MetricCode: "county_taobao_pavilion_order", Period: "2013-06", SourceID: srcQuzhou,
		Value: 1, Qualifier: models.QualifierExact, Stated: "第一家", Quote: "全国县级的淘宝馆只有三、四家，遂昌是第一家",
		Note: "遂昌县的淘宝馆是全国第一家县级淘宝馆。" + noteQuzhouSpeech},

	// Jinhua, as reported by the Quzhou study tour.
	{RegionCode: RegionJinhua, MetricCode: "ecommerce_startup_fund", Period: "2000", SourceID: srcQuzhou,
		Value: 350, Qualifier: models.QualifierExact, Stated: "350万元",
		Quote: "启动之初，金华市政府就拿出350万元用于扶持电子商务发展",
		Note:  "时点为近似：文中称金华“在2000年左右起步”，资金为“启动之初”拿出，按2000年计。"},
	{RegionCode: RegionJinhua, MetricCode: "ecommerce_transaction_volume", Period: "2012", SourceID: srcQuzhou,
		Value: 1000, Qualifier: models.QualifierMoreThan, Stated: "超过1千亿元", Quote: quoteJinhuaVolume},
	{RegionCode: RegionJinhua, MetricCode: "ecommerce_transaction_rank_province", Period: "2012", SourceID: srcQuzhou,
		Value: 2, Qualifier: models.QualifierExact, Stated: "第2位", Quote: quoteJinhuaVolume,
		Note: "名次，不是数量：电子商务交易规模和业务收入规模连续3年居浙江省第2位（同时居全国前10位，未单列）。"},
	{RegionCode: RegionJinhua, MetricCode: "ecommerce_transaction_rank_province", Period: "2011", SourceID: srcQuzhou,
		Value: 2, Qualifier: models.QualifierExact, Stated: "第2位", Quote: quoteJinhuaVolume, Note: noteJinhuaThreeYears,
		Inferred: inferredThreeYears},
	{RegionCode: RegionJinhua, MetricCode: "ecommerce_transaction_rank_province", Period: "2010", SourceID: srcQuzhou,
		Value: 2, Qualifier: models.QualifierExact, Stated: "第2位", Quote: quoteJinhuaVolume, Note: noteJinhuaThreeYears,
		Inferred: inferredThreeYears},
	{RegionCode: RegionJinhua, MetricCode: "ecommerce_transaction_rank_nation", Period: "2012", SourceID: srcQuzhou,
		Value: 10, Qualifier: models.QualifierAtMost, Stated: "前10位", Quote: quoteJinhuaVolume,
		Note: "名次，不是数量：居全国前10位（第10位或更前），并且是全国前10位中唯一的地级城市。" + noteJinhuaThreeYears},
	{RegionCode: RegionJinhua, MetricCode: "ecommerce_transaction_rank_nation", Period: "2011", SourceID: srcQuzhou,
		Value: 10, Qualifier: models.QualifierAtMost, Stated: "前10位", Quote: quoteJinhuaVolume, Note: noteJinhuaThreeYears,
		Inferred: inferredThreeYears},
	{RegionCode: RegionJinhua, MetricCode: "ecommerce_transaction_rank_nation", Period: "2010", SourceID: srcQuzhou,
		Value: 10, Qualifier: models.QualifierAtMost, Stated: "前10位", Quote: quoteJinhuaVolume, Note: noteJinhuaThreeYears,
		Inferred: inferredThreeYears},
	{RegionCode: RegionJinhua, MetricCode: "network_economy_bureau_deputy_directors", Period: "2013-06", SourceID: srcQuzhou,
		Value: 6, Qualifier: models.QualifierExact, Stated: "6个", Quote: quoteJinhuaBureau, Note: noteQuzhouSpeech},
	{RegionCode: RegionJinhua, MetricCode: "network_economy_bureau_concurrent_deputies", Period: "2013-06", SourceID: srcQuzhou,
		Value: 3, Qualifier: models.QualifierExact, Stated: "3个", Quote: quoteJinhuaBureau,
		Note: "由市本级开发区、金东区、婺城区的分管副主任兼任。" + noteQuzhouSpeech},
	{RegionCode: RegionJinhua, MetricCode: "online_retail_sales", Period: "2012", SourceID: srcQuzhou,
		Value: 300, Qualifier: models.QualifierApprox, Stated: "近300亿元", Quote: quoteJinhuaRetail,
		Note: "年份承前句“2012年金华电子商务交易额……”。"},
	{RegionCode: RegionJinhua, MetricCode: "online_retail_rank_province", Period: "2012", SourceID: srcQuzhou,
		Value: 2, Qualifier: models.QualifierExact, Stated: "第二位", Quote: quoteJinhuaRetail,
		Note: "名次，不是数量；年份承前句。"},
	{RegionCode: RegionJinhua, MetricCode: "top100_ecommerce_firms", Period: "2012", SourceID: srcQuzhou,
		Value: 9, Qualifier: models.QualifierExact, Stated: "9家", Quote: quoteJinhuaFirms,
		Note: "仅金华市本级（不含所辖县市）；年份承前句。"},
	{RegionCode: RegionJinhua, MetricCode: "provincial_it_industrial_parks", Period: "2012", SourceID: srcQuzhou,
		Value: 3, Qualifier: models.QualifierExact, Stated: "3家", Quote: quoteJinhuaFirms,
		Note: "仅金华市本级；为电子信息产业园，不专指电子商务园；年份承前句。"},

	// ── beijing-interview-2020 (000) ──
	{RegionCode: RegionBeijing, MetricCode: "cross_border_ecommerce_parks", Period: "2020-09", SourceID: srcBeijing,
		Value: 15, Qualifier: models.QualifierExact, Stated: "15家", Quote: quoteBeijingCrossBorder,
		Note: "截至访谈时（2020年9月）的累计数。"},
	{RegionCode: RegionBeijing, MetricCode: "cross_border_experience_stores", Period: "2020-09", SourceID: srcBeijing,
		Value: 60, Qualifier: models.QualifierExact, Stated: "60家", Quote: quoteBeijingCrossBorder,
		Note: "截至访谈时（2020年9月）的累计数。"},
	{RegionCode: RegionBeijing, MetricCode: "overseas_warehouses", Period: "2020-09", SourceID: srcBeijing,
		Value: 100, Qualifier: models.QualifierAtLeast, Stated: "100多个", Quote: quoteBeijingCrossBorder,
		Note: "截至访谈时（2020年9月）的累计数，覆盖五大洲。"},
	{RegionCode: RegionNation, MetricCode: "new_national_ecommerce_demo_bases", Period: "2020-09", SourceID: srcBeijing,
		Value: 15, Qualifier: models.QualifierExact, Stated: "15家",
		Quote: "比如说我们这次商务部会在主论坛当中发布我们新一批的15家电子商务示范基地",
		Note:  "访谈时预告将在2020年中国电子商务大会主论坛上发布的新一批（非累计）。"},
	{RegionCode: RegionNation, MetricCode: "cross_border_pilot_zones_approved", Period: "2018", SourceID: srcBeijing,
		Value: 22, Qualifier: models.QualifierExact, Stated: "22个",
		Quote: "2018年北京等22个省市获批跨境电商综合试验区",
		Note:  "当年获批的一批（含北京），非累计；原文称“省市”，实为城市。"},
	{RegionCode: RegionNation, MetricCode: "ecommerce_conference_editions", Period: "2020-09", SourceID: srcBeijing,
		Value: 10, Qualifier: models.QualifierExact, Stated: "十届",
		Quote:     "这个大会从2011年开展举办，已经有十届了",
		AltStated: "五次", AltQuote: "五次电商大会举办的背景就非常不同",
		Note: "2011—2020年累计（含2020年在北京举办的本届）。文件前后不一：答语中又称“五次电商大会”；数值按“已经有十届了”记。"},
	{RegionCode: RegionNation, MetricCode: "ciftis_participating_countries", Period: "2020-09", SourceID: srcBeijing,
		Value: 140, Qualifier: models.QualifierAtLeast, Stated: "140多个",
		Quote:     "我们邀请来自140多个国家和地区的机构、企业来参展参会",
		AltStated: "上百个", AltQuote: "上百个国家和地区的机构、企业前来参展",
		Note: "2020年服贸会（9月在北京举办）。文件前后说法不同：导语作“上百个国家和地区”，正文作“140多个”；数值按正文记。"},
	{RegionCode: RegionBeijing, MetricCode: "service_opening_pilot_tasks", Period: "2020-09", SourceID: srcBeijing,
		Value: 403, Qualifier: models.QualifierExact, Stated: "403项", Quote: quoteBeijingPilot,
		Note: "服务业扩大开放综合试点（2015年5月起）至访谈时的累计数；非电子商务专项。"},
	{RegionCode: RegionBeijing, MetricCode: "service_opening_pilot_first_policies", Period: "2020-09", SourceID: srcBeijing,
		Value: 120, Qualifier: models.QualifierAtLeast, Stated: "120余项", Quote: quoteBeijingPilot,
		Note: "服务业扩大开放综合试点至访谈时的累计数；非电子商务专项。"},
	{RegionCode: RegionBeijing, MetricCode: "service_opening_pilot_cases_promoted", Period: "2020-09", SourceID: srcBeijing,
		Value: 25, Qualifier: models.QualifierExact, Stated: "25项", Quote: quoteBeijingPilot,
		Note: "分六批推广，至访谈时的累计数；非电子商务专项。"},
	{RegionCode: RegionBeijing, MetricCode: "service_opening_pilot_case_batches", Period: "2020-09", SourceID: srcBeijing,
		Value: 6, Qualifier: models.QualifierExact, Stated: "六批", Quote: quoteBeijingPilot,
		Note: "至访谈时的累计批次；非电子商务专项。"},

	{RegionCode: RegionBeijing, MetricCode: "overseas_warehouse_continents", Period: "2020-09", SourceID: srcBeijing,
		Value: 5, Qualifier: models.QualifierExact, Stated: "五大洲", Quote: quoteBeijingCrossBorder, Note: noteBeijingAsOf},
	{RegionCode: RegionBeijing, MetricCode: "new_economy_core_opinions", Period: "2020-09", SourceID: srcBeijing,
		Value: 1, Qualifier: models.QualifierExact, Stated: "1", Quote: quoteBeijingPolicy,
		Note: "北京市新经济政策“1+5+N”中的“1”（若干意见）；“N”为配套政策措施，文中没有数目。"},
	{RegionCode: RegionBeijing, MetricCode: "new_economy_five_new_plans", Period: "2020-09", SourceID: srcBeijing,
		Value: 5, Qualifier: models.QualifierExact, Stated: "5", Quote: quoteBeijingPolicy,
		Note: "“1+5+N”中的“5”：新基建、新场景、新消费、新开放、新服务（“五新”）方案。"},
	{RegionCode: RegionBeijing, MetricCode: "target_livestream_priority_areas", Period: "2020-09", SourceID: srcBeijing,
		Value: 4, Qualifier: models.QualifierExact, Stated: "四个", Quote: "下一步，我们将会有四个重点加快推进的领域",
		Note: "访谈时所说的下一步工作计划，不是完成情况。"},
	{RegionCode: RegionNation, MetricCode: "ciftis_duration_days", Period: "2020-09", SourceID: srcBeijing,
		Value: 6, Qualifier: models.QualifierExact, Stated: "六天", Quote: "为期六天的2020年中国国际服务贸易交易会"},

	// ── mofcom-internet-plus-2015 (001): plan targets ──
	{RegionCode: RegionNation, MetricCode: "plan_key_tasks", Period: "2015", SourceID: srcMofcom,
		Value: 6, Qualifier: models.QualifierExact, Stated: "6项", Quote: "提出了6项重点工作任务", Note: noteMofcomPlan},
	{RegionCode: RegionNation, MetricCode: "plan_main_measures", Period: "2015", SourceID: srcMofcom,
		Value: 4, Qualifier: models.QualifierExact, Stated: "4个方面", Quote: quoteMofcomMeasures,
		AltStated: "四项", AltQuote: "我们提出了四项主要措施",
		Note: noteMofcomPlan + "同一内容有两种说法：“四项主要措施”和“4个方面”。"},
	{RegionCode: RegionNation, MetricCode: "plan_measures", Period: "2015", SourceID: srcMofcom,
		Value: 11, Qualifier: models.QualifierExact, Stated: "11项", Quote: quoteMofcomMeasures, Note: noteMofcomPlan},
	{RegionCode: RegionNation, MetricCode: "target_rural_ecommerce_demo_counties", Period: "2015", SourceID: srcMofcom,
		Value: 200, Qualifier: models.QualifierExact, Stated: "200个", Quote: quoteMofcomTargets, Note: noteMofcomTarget},
	{RegionCode: RegionNation, MetricCode: "target_ecommerce_demo_bases", Period: "2015", SourceID: srcMofcom,
		Value: 60, Qualifier: models.QualifierExact, Stated: "60个", Quote: quoteMofcomTargets, Note: noteMofcomTarget},
	{RegionCode: RegionNation, MetricCode: "target_ecommerce_demo_enterprises", Period: "2015", SourceID: srcMofcom,
		Value: 150, Qualifier: models.QualifierExact, Stated: "150家", Quote: quoteMofcomTargets, Note: noteMofcomTarget},
	{RegionCode: RegionNation, MetricCode: "target_ecommerce_overseas_warehouses", Period: "2015", SourceID: srcMofcom,
		Value: 100, Qualifier: models.QualifierExact, Stated: "100个", Quote: quoteMofcomTargets, Note: noteMofcomTarget},
	{RegionCode: RegionNation, MetricCode: "target_ecommerce_training_bases", Period: "2015", SourceID: srcMofcom,
		Value: 50, Qualifier: models.QualifierExact, Stated: "50个", Quote: quoteMofcomTargets, Note: noteMofcomTarget},

	// ── cnr-express-2020 (003): national, press conference of 2020-04-25 ──
	{RegionCode: RegionNation, MetricCode: "shopping_festival_participants", Period: "2020-04", SourceID: srcCNR,
		Value: 109, Qualifier: models.QualifierExact, Stated: "达109家",
		Quote:     "参与这次活动的平台和企业达109家，包括综合电商、垂直电商、服务类电商等",
		AltStated: "超过109家", AltQuote: "参加这次活动的平台及企业超过109家",
		Note: "“双品网购节”（2020年4月28日至5月10日）。文件前后不一：导语作“超过109家”，正文（商务部电子商务司副司长蔡裕东介绍）作“达109家”；数值按正文记。"},
	{RegionCode: RegionNation, MetricCode: "platform_merchants_monitored", Period: "2020-04", SourceID: srcCNR,
		Value: 350, Qualifier: models.QualifierExact, Stated: "350万家", Quote: quoteCNRMerchants,
		Note: "商务大数据统计覆盖的平台内商户数，发布会时（2020年4月）。"},
	{RegionCode: RegionNation, MetricCode: "platform_merchant_resumption_rate", Period: "2020-04", SourceID: srcCNR,
		Value: 90, Qualifier: models.QualifierApprox, Stated: "近90%", Quote: quoteCNRMerchants,
		Note: "“现在”指2020年4月下旬发布会时。"},
	{RegionCode: RegionNation, MetricCode: "physical_goods_online_retail_growth", Period: "2020Q1", SourceID: srcCNR,
		Value: 5.9, Qualifier: models.QualifierExact, Stated: "5.9%",
		Quote: "据国家统计局数据，一季度网络零售规模和去年基本持平，实物商品网上零售额增加了5.9%",
		Note:  "原文作“增加了5.9%”，未写“同比”，按与上年同期相比理解；同句称网络零售规模与去年基本持平（无数字，未列）。"},
	{RegionCode: RegionNation, MetricCode: "mobile_internet_traffic_growth", Period: "2020Q1", SourceID: srcCNR,
		Value: 39.3, Qualifier: models.QualifierExact, Stated: "39.3%", Quote: quoteCNRTraffic},
	{RegionCode: RegionNation, MetricCode: "mobile_traffic_per_user", Period: "2020-03", SourceID: srcCNR,
		Value: 9.5, Qualifier: models.QualifierExact, Stated: "9.5GB", Quote: quoteCNRTraffic,
		Note: "为近12个月以来的最高点。"},
	{RegionCode: RegionNation, MetricCode: "industrial_ecommerce_pilot_projects", Period: "2020-04", SourceID: srcCNR,
		Value: 41, Qualifier: models.QualifierExact, Stated: "41个", Quote: quoteCNRIndustry,
		Note: "“近年来”遴选的累计数，截至发布会时（2020年4月）。"},
	{RegionCode: RegionNation, MetricCode: "industrial_ecommerce_penetration", Period: "2020-03", SourceID: srcCNR,
		Value: 62.5, Qualifier: models.QualifierExact, Stated: "62.5%", Quote: quoteCNRIndustry,
		Note: "截至2020年3月底。"},
	{RegionCode: RegionNation, MetricCode: "express_supported_online_retail_share", Period: "2020-04", SourceID: srcCNR,
		Value: 20, Qualifier: models.QualifierExact, Stated: "1/5", Quote: quoteCNRExpress,
		Note: "原文为分数“1/5”，按20%存储；分数是讲话人的粗略说法，原文没有“近”“约”等字样；“目前”指发布会时（2020年4月）。"},
	{RegionCode: RegionNation, MetricCode: "express_daily_parcels", Period: "2020-04", SourceID: srcCNR,
		Value: 2, Qualifier: models.QualifierMoreThan, Stated: "超过2亿件", Quote: quoteCNRExpress,
		Note: "“现在每天”指发布会时（2020年4月），基本恢复到疫情前的正常水平。"},
	{RegionCode: RegionNation, MetricCode: "township_express_coverage", Period: "2020-04", SourceID: srcCNR,
		Value: 96.6, Qualifier: models.QualifierExact, Stated: "96.6%",
		Quote: "现在全国已经有96.6%的乡镇设立了快递服务网点",
		Note:  "“现在”指发布会时（2020年4月）。"},
	{RegionCode: RegionNation, MetricCode: "rural_express_parcels", Period: "2020Q1", SourceID: srcCNR,
		Value: 30, Qualifier: models.QualifierMoreThan, Stated: "超过了30亿件", Quote: quoteCNRRural},
	{RegionCode: RegionNation, MetricCode: "rural_express_supported_trade", Period: "2020Q1", SourceID: srcCNR,
		Value: 2000, Qualifier: models.QualifierMoreThan, Stated: "超过2000亿元", Quote: quoteCNRRural},

	{RegionCode: RegionNation, MetricCode: "target_express_to_village_years", Period: "2020-04", SourceID: srcCNR,
		Value: 3, Qualifier: models.QualifierExact, Stated: "三年", Quote: "目标是力争用三年时间推动符合条件的建制村基本实现村村通快递",
		Note: "“快递进村”工程的目标（力争三年，即约至2023年），不是完成情况；发布会时（2020年4月）提出。"},
	{RegionCode: RegionNation, MetricCode: "target_express_new_formats", Period: "2020-04", SourceID: srcCNR,
		Value: 3, Qualifier: models.QualifierExact, Stated: "三个", Quote: "重点推进智能快件箱、快递末端公共服务平台以及仓递一体化三个新业态的发展",
		Note: "工作部署，不是完成情况。"},
	{RegionCode: RegionNation, MetricCode: "target_express_markets", Period: "2020-04", SourceID: srcCNR,
		Value: 3, Qualifier: models.QualifierExact, Stated: "三个", Quote: "国家邮政局要面向农村市场、制造业市场、国际市场“三个市场”",
		Note: "工作部署：农村市场、制造业市场、国际市场。"},

	// ── jiading-reply-2021 (004): Jiading District ──
	{RegionCode: RegionJiading, MetricCode: "ecommerce_sales_above_quota", Period: "2020", SourceID: srcJiading,
		Value: 2403.8, Qualifier: models.QualifierExact, Stated: "2403.8亿元", Quote: quoteJiadingSales},
	{RegionCode: RegionJiading, MetricCode: "ecommerce_sales_above_quota_growth", Period: "2020", SourceID: srcJiading,
		Value: 16.5, Qualifier: models.QualifierExact, Stated: "16.5%", Quote: quoteJiadingSales},
	{RegionCode: RegionJiading, MetricCode: "ecommerce_retail_above_quota", Period: "2020", SourceID: srcJiading,
		Value: 988.4, Qualifier: models.QualifierExact, Stated: "988.4亿元", Quote: quoteJiadingRetail},
	{RegionCode: RegionJiading, MetricCode: "ecommerce_retail_above_quota_growth", Period: "2020", SourceID: srcJiading,
		Value: 12.9, Qualifier: models.QualifierExact, Stated: "12.9%", Quote: quoteJiadingRetail},
	{RegionCode: RegionJiading, MetricCode: "ecommerce_sales_above_quota", Period: "2019", SourceID: srcJiading,
		Value: 2063.3, Qualifier: models.QualifierApprox, Derived: true,
		Derivation: "由2020年2403.8亿元及同比增长16.5%推算：2403.8 ÷ (1 + 16.5%) ≈ 2063.348，保留一位小数为2063.3亿元；增速只给到0.1%（16.45%—16.55%），真实值在2062.5—2064.2亿元之间，故为约数。",
		Quote:      quoteJiadingSales,
		Note:       "推算值，文件未报告2019年数；若2020年增速按可比口径计算，推算值与实际2019年数可能略有出入。"},
	{RegionCode: RegionJiading, MetricCode: "ecommerce_retail_above_quota", Period: "2019", SourceID: srcJiading,
		Value: 875.5, Qualifier: models.QualifierApprox, Derived: true,
		Derivation: "由2020年988.4亿元及同比增长12.9%推算：988.4 ÷ (1 + 12.9%) ≈ 875.465，保留一位小数为875.5亿元；增速只给到0.1%（12.85%—12.95%），真实值在875.1—875.9亿元之间，故为约数。",
		Quote:      quoteJiadingRetail,
		Note:       "推算值，文件未报告2019年数；若2020年增速按可比口径计算，推算值与实际2019年数可能略有出入。"},
	{RegionCode: RegionJiading, MetricCode: "livestream_parks_certified", Period: "2021", SourceID: srcJiading,
		Value: 11, Qualifier: models.QualifierExact, Stated: "11家",
		Quote: "2021年第一批嘉定区直播和短视频园区（基地）共计11家",
		Note:  "2021年4月起认定的第一批，非累计全部园区。"},
	{RegionCode: RegionJiading, MetricCode: "ciie_exhibitors_arranged", Period: "2021-05", SourceID: srcJiading,
		Value: 2, Qualifier: models.QualifierExact, Stated: "2家",
		Quote: "嘉定综保区公司积极组织园区跨境电商企业参加进博会观展，已对接2家企业参展",
		Note:  "截至答复时（2021年5月）；嘉定综保区园区企业。"},
	{RegionCode: RegionJiading, MetricCode: "talent_home_purchase_subsidy_max", Period: "2021-05", SourceID: srcJiading,
		Value: 70, Qualifier: models.QualifierExact, Stated: "70万元", Quote: quoteJiadingTalent,
		Note: "政策标准中的上限（“最高可享受”），不是发放额；按答复时（2021年5月）计。"},
	{RegionCode: RegionJiading, MetricCode: "talent_rent_subsidy_years", Period: "2021-05", SourceID: srcJiading,
		Value: 3, Qualifier: models.QualifierExact, Stated: "三年", Quote: quoteJiadingTalent,
		Note: "政策标准（连续三年），按答复时（2021年5月）计。"},
	{RegionCode: RegionJiading, MetricCode: "talent_rent_subsidy", Period: "2021-05", SourceID: srcJiading,
		Value: 1200, Qualifier: models.QualifierExact, Stated: "1200元/月", Quote: quoteJiadingTalent,
		Note: "政策标准，连续三年，不是发放额；按答复时（2021年5月）计。"},
}

// bound is a range's high end (Observation.ValueMax).
func bound(v float64) *float64 { return &v }
