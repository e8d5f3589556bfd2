package seed

import "ecomdash/models"

// Metrics are the statistics the documents report. One statistic is one
// metric in one unit, so figures of different places compare on one axis:
// a figure the document wrote in another unit is converted (47.8万家 is
// 478000 家) and keeps the document's form in its Stated text. A Definition
// (统计口径) describes what is counted; remarks on one figure are on that
// figure. Targets and ranks say so in Kind; a figure about one company's
// platform names it in Subject. Codes are stable: charts and URLs use them.
//
// A rate's unit names its time base (亿件/天, 元/月): a figure per day is a
// different unit from a total over its period, so the two never share a
// value axis. A total over a period (农村地区快件收投量, 超过30亿件 in
// 2020Q1) keeps the bare unit (亿件): its period, which every chart and
// table shows beside it, is its time base, and a unit of 亿件/季度 would
// make the same statistic a different metric for each length of period.
var Metrics = withKinds([]models.Metric{
	// Online retail and consumer retail.
	{Code: "online_retail_sales", NameZH: "网络零售额", NameEN: "Online retail sales", Unit: "亿元",
		Definition: "通过网络平台实现的商品和服务零售额（含实物与非实物）。"},
	{Code: "online_retail_growth", NameZH: "网络零售额同比增长", NameEN: "Online retail sales, year-on-year growth", Unit: "%",
		Definition: "网络零售额比上年同期增长的百分比。"},
	{Code: "online_retail_rank_province", NameZH: "网络零售额全省位次", NameEN: "Online retail sales, rank within the province", Unit: "位",
		Definition: "网络零售额在本省各地级市中的排名（第几位），为名次而非数量。", Kind: models.MetricRank},
	{Code: "consumer_goods_retail_sales", NameZH: "社会消费品零售总额", NameEN: "Total retail sales of consumer goods", Unit: "亿元",
		Definition: "批发和零售业、住宿和餐饮业等向个人和社会集团销售的消费品零售额，含线上与线下。"},
	{Code: "online_retail_share_of_consumer_retail", NameZH: "网络零售额占社会消费品零售总额比重", NameEN: "Online retail as a share of consumer retail", Unit: "%",
		Definition: "网络零售额除以同一地区同期社会消费品零售总额；口径不完全可比，仅作参考。"},
	{Code: "physical_goods_online_retail_growth", NameZH: "实物商品网上零售额同比增长", NameEN: "Online retail of physical goods, year-on-year growth", Unit: "%",
		Definition: "国家统计局口径的实物商品网上零售额比上年同期增长的百分比（不含服务类等非实物商品）。"},
	{Code: "express_supported_online_retail_share", NameZH: "快递支撑的实物商品网络零售额占社会消费品零售总额比重", NameEN: "Express-delivered online retail of physical goods as a share of consumer retail", Unit: "%",
		Definition: "快递业所支撑的实物商品网络零售额占社会消费品零售总额的百分比。"},

	// Quzhou's shares of Zhejiang (2012).
	{Code: "share_of_province_area", NameZH: "国土面积占全省比重", NameEN: "Land area as a share of the province", Unit: "%",
		Definition: "本市国土面积占全省国土面积的百分比。"},
	{Code: "share_of_province_population", NameZH: "人口占全省比重", NameEN: "Population as a share of the province", Unit: "%",
		Definition: "本市人口占全省人口的百分比。"},
	{Code: "share_of_province_gdp", NameZH: "GDP占全省比重", NameEN: "GDP as a share of the province", Unit: "%",
		Definition: "本市地区生产总值占全省的百分比。"},
	{Code: "share_of_province_online_retail", NameZH: "网络零售额占全省比重", NameEN: "Online retail sales as a share of the province", Unit: "%",
		Definition: "本市网络零售额占全省网络零售总额的百分比。"},
	{Code: "share_of_province_alibaba_firms", NameZH: "阿里巴巴注册电子商务企业数占全省比重", NameEN: "Alibaba-registered e-commerce firms as a share of the province", Unit: "%",
		Definition: "本市在阿里巴巴注册的“电子商务企业”数占全省同类企业数的百分比。"},
	{Code: "share_of_province_farmer_mailbox_users", NameZH: "“农民信箱”用户数占全省比重", NameEN: "“Farmer Mailbox” users as a share of the province", Unit: "%",
		Definition: "本市浙江“农民信箱”用户数占全省用户数的百分比。"},
	{Code: "share_of_province_farmer_mailbox_trade", NameZH: "“农民信箱”网上交易额占全省比重", NameEN: "“Farmer Mailbox” online trade as a share of the province", Unit: "%",
		Definition: "本市通过“农民信箱”实现的网上交易额占全省的百分比。"},

	// Firms, users and trade counts.
	{Code: "alibaba_registered_firms", NameZH: "阿里巴巴注册电子商务企业数", NameEN: "E-commerce firms registered on Alibaba", Unit: "家",
		Definition: "在阿里巴巴平台注册的“电子商务企业”家数。"},
	{Code: "farmer_mailbox_users", NameZH: "“农民信箱”用户数", NameEN: "“Farmer Mailbox” users", Unit: "万户",
		Definition: "浙江省“农民信箱”农业信息服务平台的注册用户数。"},
	{Code: "farmer_mailbox_trade", NameZH: "“农民信箱”网上交易额", NameEN: "“Farmer Mailbox” online trade", Unit: "万元",
		Definition: "通过“农民信箱”平台达成的网上交易额。"},
	{Code: "taobao_shops", NameZH: "淘宝网店数", NameEN: "Shops on Taobao", Unit: "家",
		Definition: "注册地在本地区的淘宝网店家数。"},
	{Code: "online_shops_sales_over_1m", NameZH: "年销售额100万元以上的电商企业（含个体网店）", NameEN: "E-commerce firms and online shops with annual sales over 1 million yuan", Unit: "家",
		Definition: "年销售额在100万元以上的电子商务企业家数，包括个体网店。"},
	{Code: "ecommerce_employment", NameZH: "电子商务从业人员", NameEN: "E-commerce employment", Unit: "万人",
		Definition: "从事电子商务的人员数。"},
	{Code: "ecommerce_transaction_volume", NameZH: "电子商务交易额", NameEN: "E-commerce transaction volume", Unit: "亿元",
		Definition: "电子商务交易总额，含企业间（B2B）与网络零售，口径大于网络零售额。"},
	{Code: "ecommerce_transaction_rank_province", NameZH: "电子商务交易规模全省位次", NameEN: "E-commerce transaction volume, rank within the province", Unit: "位",
		Definition: "电子商务交易规模在本省各地级市中的排名（第几位）。", Kind: models.MetricRank},
	{Code: "ecommerce_startup_fund", NameZH: "政府电子商务扶持启动资金", NameEN: "Government start-up fund for e-commerce", Unit: "万元",
		Definition: "地方政府在电子商务起步时拿出用于扶持电子商务发展的资金。"},
	{Code: "top100_ecommerce_firms", NameZH: "全国电子商务百强企业数", NameEN: "Firms among China's top 100 e-commerce firms", Unit: "家",
		Definition: "入选全国电子商务百强的企业家数。"},
	{Code: "provincial_it_industrial_parks", NameZH: "省级电子信息产业园", NameEN: "Provincial electronic-information industrial parks", Unit: "家",
		Definition: "经省级认定的电子信息产业园家数。"},
	{Code: "ecommerce_industrial_parks", NameZH: "电子商务产业园", NameEN: "E-commerce industrial parks", Unit: "个",
		Definition: "本地已建成的电子商务产业园个数。"},
	{Code: "alibaba_daily_transactions", NameZH: "阿里巴巴每日网络交易次数", NameEN: "Daily online transactions on Alibaba", Unit: "万次/天",
		Definition: "阿里巴巴平台每天的网络交易笔数。", Subject: "阿里巴巴平台"},
	{Code: "county_taobao_pavilions", NameZH: "县级淘宝馆", NameEN: "County-level Taobao pavilions", Unit: "家",
		Definition: "以县为单位在淘宝网开设的地方馆（县级淘宝馆）家数。"},

	// Ranks, counts of plan items and programmes.
	{Code: "ecommerce_transaction_rank_nation", NameZH: "电子商务交易规模全国位次", NameEN: "E-commerce transaction volume, rank in China", Unit: "位",
		Definition: "电子商务交易规模在全国城市中的排名（第几位）。", Kind: models.MetricRank},
	{Code: "county_taobao_pavilion_order", NameZH: "县级淘宝馆开馆位次", NameEN: "Order of opening among county-level Taobao pavilions", Unit: "位",
		Definition: "本县的淘宝馆在全国县级淘宝馆中开馆的先后位次。", Kind: models.MetricRank},
	{Code: "top_online_merchants_selected", NameZH: "“十大网商”评选", NameEN: "Online merchants named in the “Top Ten” selection", Unit: "家",
		Definition: "地方评选出的优秀网商家数。"},
	{Code: "network_economy_bureau_deputy_directors", NameZH: "网络经济发展局副局长", NameEN: "Deputy directors of the network-economy bureau", Unit: "名",
		Definition: "地方网络经济发展局的副局长人数。"},
	{Code: "network_economy_bureau_concurrent_deputies", NameZH: "网络经济发展局兼任副局长", NameEN: "Deputy directors of the network-economy bureau serving concurrently", Unit: "名",
		Definition: "由开发区、区的分管负责人兼任的网络经济发展局副局长人数。"},
	{Code: "plan_key_tasks", NameZH: "行动计划重点工作任务", NameEN: "Key tasks of the action plan", Unit: "项",
		Definition: "政策规划提出的重点工作任务项数。"},
	{Code: "plan_main_measures", NameZH: "行动计划主要措施（方面）", NameEN: "Main measures (areas) of the action plan", Unit: "项",
		Definition: "政策规划提出的主要措施的方面数。"},
	{Code: "plan_measures", NameZH: "行动计划举措", NameEN: "Measures of the action plan", Unit: "项",
		Definition: "政策规划提出的具体举措项数。"},
	{Code: "new_economy_core_opinions", NameZH: "新经济政策体系“1”（若干意见）", NameEN: "Core opinions of the new-economy policy set (the “1”)", Unit: "份",
		Definition: "“1+5+N”政策体系中作为总纲的意见份数。"},
	{Code: "new_economy_five_new_plans", NameZH: "新经济政策体系“5”（五新方案）", NameEN: "The “five new” plans of the new-economy policy set (the “5”)", Unit: "项",
		Definition: "“1+5+N”政策体系中新基建、新场景、新消费、新开放、新服务方案的项数。"},
	{Code: "overseas_warehouse_continents", NameZH: "海外仓覆盖大洲", NameEN: "Continents covered by overseas warehouses", Unit: "个",
		Definition: "本地企业的海外仓所覆盖的大洲个数。"},
	{Code: "ciftis_duration_days", NameZH: "服贸会会期", NameEN: "Duration of CIFTIS", Unit: "天",
		Definition: "中国国际服务贸易交易会举办的天数。"},
	{Code: "target_livestream_priority_areas", NameZH: "电商直播重点加快推进的领域（计划）", NameEN: "Planned priority areas for live-streaming e-commerce", Unit: "个",
		Definition: "下一步计划重点加快推进的电商直播领域个数（工作计划）。", Kind: models.MetricTarget},
	{Code: "target_major_programmes", NameZH: "电子商务“三大工程”（部署）", NameEN: "The three major e-commerce programmes (planned)", Unit: "项",
		Definition: "部署实施的电子商务重点工程项数（工作要求）。", Kind: models.MetricTarget},
	{Code: "target_macro_requirements", NameZH: "电子商务发展宏观要求（部署）", NameEN: "Macro requirements for e-commerce development (planned)", Unit: "项",
		Definition: "部署提出的电子商务发展宏观要求项数（工作要求）。", Kind: models.MetricTarget},
	{Code: "target_startup_tasks", NameZH: "电子商务起步工作（部署）", NameEN: "Start-up tasks for e-commerce (planned)", Unit: "项",
		Definition: "部署要求抓好的电子商务起步工作项数（工作要求）。", Kind: models.MetricTarget},
	{Code: "target_new_ecommerce_startup_parks", NameZH: "规划孕育的电子商务创业园（计划）", NameEN: "E-commerce start-up parks planned", Unit: "个",
		Definition: "计划规划、孕育的新的电子商务创业园个数（工作计划）。", Kind: models.MetricTarget},
	{Code: "target_young_online_merchants", NameZH: "青年网商培育（目标）", NameEN: "Target: young online merchants to be trained", Unit: "名",
		Definition: "青年网商培育工程提出要培育的青年网商人数（目标数）。", Kind: models.MetricTarget},
	{Code: "target_express_to_village_years", NameZH: "“快递进村”工程目标期限", NameEN: "Target: years to bring express delivery to every village", Unit: "年",
		Definition: "“快递进村”工程提出的基本实现建制村村村通快递的期限（年数，目标）。", Kind: models.MetricTarget},
	{Code: "target_express_new_formats", NameZH: "重点推进的快递新业态（部署）", NameEN: "New express-delivery formats to be promoted (planned)", Unit: "个",
		Definition: "邮政管理部门部署重点推进的快递新业态个数（工作部署）。", Kind: models.MetricTarget},
	{Code: "target_express_markets", NameZH: "快递业面向的重点市场（部署）", NameEN: "Markets the express industry is to serve (planned)", Unit: "个",
		Definition: "邮政管理部门部署快递业重点面向的市场个数（工作部署）。", Kind: models.MetricTarget},

	// Plan targets.
	{Code: "target_rural_ecommerce_demo_counties", NameZH: "电子商务进农村综合示范县（目标）", NameEN: "Target: comprehensive rural e-commerce demonstration counties", Unit: "个",
		Definition: "政策规划提出要培育的电子商务进农村综合示范县个数（目标数）。", Kind: models.MetricTarget},
	{Code: "target_ecommerce_demo_bases", NameZH: "国家级电子商务示范基地（目标）", NameEN: "Target: national e-commerce demonstration bases", Unit: "个",
		Definition: "政策规划提出要创建的国家级电子商务示范基地个数（目标数）。", Kind: models.MetricTarget},
	{Code: "target_ecommerce_demo_enterprises", NameZH: "国家级电子商务示范企业（目标）", NameEN: "Target: national e-commerce demonstration enterprises", Unit: "家",
		Definition: "政策规划提出要培育的国家级电子商务示范企业家数（目标数）。", Kind: models.MetricTarget},
	{Code: "target_ecommerce_overseas_warehouses", NameZH: "电子商务海外仓（目标）", NameEN: "Target: e-commerce overseas warehouses", Unit: "个",
		Definition: "政策规划提出要推动建设的电子商务海外仓个数（目标数）。", Kind: models.MetricTarget},
	{Code: "target_ecommerce_training_bases", NameZH: "电子商务人才培训基地（目标）", NameEN: "Target: e-commerce talent training bases", Unit: "个",
		Definition: "政策规划提出要指导地方建设的电子商务人才培训基地个数（目标数）。", Kind: models.MetricTarget},
	{Code: "target_pilot_townships_per_county", NameZH: "每县一产电子商务试点乡镇（目标）", NameEN: "Target: pilot townships for farm e-commerce per county", Unit: "个",
		Definition: "要求每个县（市、区）作为一产（农业）电子商务试点的乡镇个数下限（工作要求）。", Kind: models.MetricTarget},
	{Code: "target_pilot_villages_per_county", NameZH: "每县一产电子商务试点村（目标）", NameEN: "Target: pilot villages for farm e-commerce per county", Unit: "个",
		Definition: "要求每个县（市、区）作为一产（农业）电子商务试点的村个数下限（工作要求）。", Kind: models.MetricTarget},

	// National programmes and events.
	{Code: "new_national_ecommerce_demo_bases", NameZH: "新一批国家电子商务示范基地", NameEN: "New batch of national e-commerce demonstration bases", Unit: "家",
		Definition: "商务部在当期发布的新一批电子商务示范基地家数（当批新增，非累计）。"},
	{Code: "cross_border_pilot_zones_approved", NameZH: "获批跨境电商综合试验区的省市数", NameEN: "Places approved as cross-border e-commerce comprehensive pilot zones", Unit: "个",
		Definition: "当批获国务院批准设立跨境电子商务综合试验区的城市个数（当批新增，非累计）。"},
	{Code: "ecommerce_conference_editions", NameZH: "中国电子商务大会累计届数", NameEN: "Editions of the China E-commerce Conference held", Unit: "届",
		Definition: "中国电子商务大会自2011年起累计举办的届数。"},
	{Code: "ciftis_participating_countries", NameZH: "服贸会参展参会国家和地区数", NameEN: "Countries and regions at CIFTIS", Unit: "个",
		Definition: "中国国际服务贸易交易会参展参会机构、企业来自的国家和地区个数。"},
	{Code: "service_opening_pilot_tasks", NameZH: "服务业扩大开放综合试点任务", NameEN: "Tasks of the services opening-up pilot", Unit: "项",
		Definition: "服务业扩大开放综合试点方案明确的任务项数（自试点开展起累计）。"},
	{Code: "service_opening_pilot_first_policies", NameZH: "服务业扩大开放试点全国首创政策或制度安排", NameEN: "Nationally first policies or institutional arrangements of the services opening-up pilot", Unit: "项",
		Definition: "服务业扩大开放综合试点形成的全国首创突破性政策或创新制度安排项数（累计）。"},
	{Code: "service_opening_pilot_cases_promoted", NameZH: "服务业扩大开放试点推广的创新经验和案例", NameEN: "Innovations and cases of the services opening-up pilot promoted nationwide", Unit: "项",
		Definition: "服务业扩大开放综合试点向全国或自贸试验区推广的创新经验和案例项数（累计）。"},
	{Code: "service_opening_pilot_case_batches", NameZH: "服务业扩大开放试点经验推广批次", NameEN: "Batches of services opening-up pilot cases promoted", Unit: "批",
		Definition: "服务业扩大开放综合试点的创新经验和案例向全国或自贸试验区推广的批次数（累计）。"},
	{Code: "shopping_festival_participants", NameZH: "“双品网购节”参与平台和企业数", NameEN: "Platforms and firms taking part in the Double-Product Online Shopping Festival", Unit: "家",
		Definition: "商务部等部门联合举办的“双品网购节”参与的电商平台和企业家数。"},
	{Code: "platform_merchants_monitored", NameZH: "商务大数据监测的平台内商户数", NameEN: "Platform merchants covered by MOFCOM big-data monitoring", Unit: "万家",
		Definition: "商务部商务大数据统计覆盖的电商平台内商户数。"},
	{Code: "platform_merchant_resumption_rate", NameZH: "平台内商户复工率", NameEN: "Resumption rate of platform merchants", Unit: "%",
		Definition: "商务大数据监测的电商平台内商户中已复工的比例。"},

	// Internet, industrial e-commerce, express delivery.
	{Code: "mobile_internet_traffic_growth", NameZH: "移动互联网接入流量同比增长", NameEN: "Mobile internet traffic, year-on-year growth", Unit: "%",
		Definition: "全国移动互联网接入流量比上年同期增长的百分比。"},
	{Code: "mobile_traffic_per_user", NameZH: "户均移动互联网接入流量", NameEN: "Mobile internet traffic per user", Unit: "GB",
		Definition: "当月每户（每用户）平均移动互联网接入流量。"},
	{Code: "industrial_ecommerce_pilot_projects", NameZH: "工业电商试点示范项目", NameEN: "Industrial e-commerce pilot demonstration projects", Unit: "个",
		Definition: "工业和信息化部遴选的工业电子商务试点示范项目个数（累计）。"},
	{Code: "industrial_ecommerce_penetration", NameZH: "重点行业骨干企业工业电商普及率", NameEN: "Industrial e-commerce adoption among leading firms of key industries", Unit: "%",
		Definition: "重点行业骨干企业中应用工业电子商务的企业比例。"},
	{Code: "express_daily_parcels", NameZH: "每天快递量", NameEN: "Express parcels per day", Unit: "亿件/天",
		Definition: "全国每天的快递业务量（件数）。"},
	{Code: "rural_express_parcels", NameZH: "农村地区快件收投量", NameEN: "Express parcels collected and delivered in rural areas", Unit: "亿件",
		Definition: "农村地区收寄和投递的快件总量（期间累计）。"},
	{Code: "township_express_coverage", NameZH: "设有快递服务网点的乡镇比例", NameEN: "Share of townships with an express delivery outlet", Unit: "%",
		Definition: "设立了快递服务网点的乡镇占全国乡镇总数的百分比。"},
	{Code: "rural_express_supported_trade", NameZH: "农村快递支撑工业品下乡和农产品进城金额", NameEN: "Goods value carried by rural express delivery (manufactures to villages, farm produce to cities)", Unit: "亿元",
		Definition: "农村地区快递所支撑的工业品下乡和农产品进城的商品金额（期间累计）。"},

	// Beijing cross-border e-commerce.
	{Code: "cross_border_ecommerce_parks", NameZH: "跨境电商产业园", NameEN: "Cross-border e-commerce industrial parks", Unit: "家",
		Definition: "本地培育的跨境电子商务产业园家数（累计）。"},
	{Code: "cross_border_experience_stores", NameZH: "跨境电商体验店", NameEN: "Cross-border e-commerce experience stores", Unit: "家",
		Definition: "本地开设的跨境电子商务线下体验店家数（累计）。"},
	{Code: "overseas_warehouses", NameZH: "海外仓", NameEN: "Overseas warehouses", Unit: "个",
		Definition: "本地企业在境外布局的海外仓个数（累计）。"},

	// Jiading.
	{Code: "ecommerce_sales_above_quota", NameZH: "限额以上电子商务销售额", NameEN: "E-commerce sales of enterprises above the size threshold", Unit: "亿元",
		Definition: "限额以上批发零售等企业通过网络实现的商品销售额（含批发），不是网络零售额。"},
	{Code: "ecommerce_sales_above_quota_growth", NameZH: "限额以上电子商务销售额同比增长", NameEN: "E-commerce sales above the size threshold, year-on-year growth", Unit: "%",
		Definition: "限额以上电子商务销售额比上年同期增长的百分比。"},
	{Code: "ecommerce_retail_above_quota", NameZH: "限额以上电子商务零售额", NameEN: "E-commerce retail sales of enterprises above the size threshold", Unit: "亿元",
		Definition: "限额以上企业通过网络实现的商品零售额，只含限额以上企业，不等于全口径网络零售额。"},
	{Code: "ecommerce_retail_above_quota_growth", NameZH: "限额以上电子商务零售额同比增长", NameEN: "E-commerce retail above the size threshold, year-on-year growth", Unit: "%",
		Definition: "限额以上电子商务零售额比上年同期增长的百分比。"},
	{Code: "livestream_parks_certified", NameZH: "认定的直播和短视频园区（基地）", NameEN: "Certified live-streaming and short-video parks (bases)", Unit: "家",
		Definition: "经商务主管部门认定的直播和短视频园区（基地）家数（按认定批次计）。"},
	{Code: "ciie_exhibitors_arranged", NameZH: "已对接参展进博会的企业", NameEN: "Firms arranged to exhibit at the CIIE", Unit: "家",
		Definition: "已对接参加中国国际进口博览会展出的企业家数。"},
	{Code: "talent_home_purchase_subsidy_max", NameZH: "直播和短视频人才购房补贴（最高额）", NameEN: "Maximum home-purchase subsidy for live-streaming talent", Unit: "万元",
		Definition: "直播和短视频优秀人才可享受的购房补贴上限（政策标准，不是发放总额）。"},
	{Code: "talent_rent_subsidy_years", NameZH: "直播和短视频人才租房补贴期限", NameEN: "Years of the rent subsidy for live-streaming talent", Unit: "年",
		Definition: "直播和短视频优秀人才可连续享受租房补贴的年数（政策标准）。"},
	{Code: "talent_rent_subsidy", NameZH: "直播和短视频人才租房补贴", NameEN: "Monthly rent subsidy for live-streaming talent", Unit: "元/月",
		Definition: "直播和短视频优秀人才可享受的每月租房补贴标准（政策标准，不是发放总额）。"},
})

// withKinds sets the kind of every metric that names none to statistic,
// as the database does.
func withKinds(ms []models.Metric) []models.Metric {
	for i := range ms {
		if ms[i].Kind == "" {
			ms[i].Kind = models.MetricStatistic
		}
	}
	return ms
}
