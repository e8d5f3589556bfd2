package seed

import "ecomdash/models"

// The built-in charts, each a chart state (the grammar of charts/state) with
// the words the chart page shows around it. They are rows like any
// administrator's chart: an administrator can edit or delete them.
// TestBuiltInChartsDrawAsTheClosuresDid (charts/golden_test.go) checks that
// each still draws as the Go code that drew them before they became data,
// and TestBuiltInChartsMatchTheirGoldenOptions pins today's options.
var Charts = []models.Chart{
	{
		ID: "quzhou-vs-zhejiang-online-retail-2012", Position: 0, Title: "衢州市与浙江省网络零售额对比", Lead: "对数坐标",
		State:   "metrics=online_retail_sales&regions=330800,330000&periods=2012&axis=log&focus=330800&annotate=share_of_province_online_retail&labels=stated",
		Reading: "衢州市2012年网络零售额只占全省的0.61%，同一线性坐标下衢州的柱形几乎看不见，因此纵轴取对数坐标：每一格代表10倍。柱顶标注的是文件原文数值。",
	},
	{
		ID: "quzhou-share-of-zhejiang-2012", Position: 1, Title: "衢州市各项指标占浙江省比重", Lead: "灰色为经济社会基础指标，蓝色为电子商务指标",
		State: "metrics=share_of_province_area,share_of_province_population,share_of_province_gdp,share_of_province_farmer_mailbox_users,share_of_province_alibaba_firms,share_of_province_online_retail,share_of_province_farmer_mailbox_trade" +
			"&regions=330800&periods=latest&type=hbar&sort=desc" +
			"&focus=share_of_province_farmer_mailbox_users,share_of_province_alibaba_firms,share_of_province_online_retail,share_of_province_farmer_mailbox_trade" +
			"&ref=330800:share_of_province_population:2012&labels=stated",
		Reading: "讲话的核心论点：衢州国土面积占全省8%、人口占5%、GDP占2%，而网络零售额只占0.61%。虚线为人口占比，蓝色柱低于虚线即电子商务发展落后于人口份额。",
	},
	{
		ID: "online-retail-share-of-consumer-retail-2012", Position: 2, Title: "网络零售额占社会消费品零售总额比重", Lead: "衢州市、全国与浙江省",
		State:   "metrics=online_retail_share_of_consumer_retail&regions=330800,100000,330000&periods=2012&focus=330800&labels=stated",
		Reading: "衢州市网络零售额占全市社会消费品销售总额的3.1%，不到全国（6.3%）的一半，约为浙江省（15%）的五分之一。",
	},
	{
		ID: "quzhou-online-retail-2011-2012", Position: 3, Title: "衢州市网络零售额及增长",
		State:   "metrics=online_retail_sales&regions=330800&periods=2011,2012&focus=2012&annotate=online_retail_growth&labels=stated",
		Reading: "衢州市网络零售额从2011年的7.4亿元增至2012年的12.3亿元，讲话所述增速为66.22%。",
	},
	{
		ID: "jinhua-vs-quzhou-online-retail-2012", Position: 4, Title: "金华市与衢州市网络零售额对比", Lead: "考察组所见“金华模式”",
		State:   "metrics=online_retail_sales&regions=330700,330800&periods=2012&focus=330800&labels=stated",
		Reading: "金华市2012年网络零售额近300亿元，居浙江省第二位；同年衢州市为12.3亿元。金华的数字为讲话中的约数（“近”）。",
	},
	{
		ID: "jiading-ecommerce-2020", Position: 5, Title: "嘉定区限额以上电子商务销售额与零售额", Lead: "2019年为按同比增速推算的数值（虚线框）",
		State:   "metrics=ecommerce_sales_above_quota,ecommerce_retail_above_quota&regions=310114&periods=2019,2020&focus=2020&annotate=ecommerce_sales_above_quota_growth,ecommerce_retail_above_quota_growth&labels=stated",
		Reading: "嘉定区2020年限额以上电子商务销售额2403.8亿元、零售额988.4亿元，同比分别增长16.5%和12.9%。文件未给出2019年数值，图中2019年柱按2020年数值与增速推算，仅供对照。",
	},
	{
		ID: "township-express-coverage-2020", Position: 6, Title: "全国乡镇快递网点覆盖率", Lead: "设立快递服务网点的乡镇占比",
		State:   "metrics=township_express_coverage&regions=100000&periods=latest&type=gauge",
		Reading: "国家邮政局2020年4月介绍：全国已有96.6%的乡镇设立了快递服务网点；村级覆盖率仍偏低，“快递进村”工程力争三年基本实现村村通快递。",
	},
	{
		ID: "express-parcels-2020", Position: 7, Title: "全国快递业务量与农村快件", Lead: "两项时间口径不同：前者为每天快递量，后者为一季度累计",
		State:   "metrics=express_daily_parcels,rural_express_parcels&regions=100000&periods=latest&type=hbar&focus=express_daily_parcels&labels=stated",
		Reading: "2020年4月全国每天快递量已超过2亿件，基本恢复到疫情前水平；一季度农村地区收投快件量超过30亿件。两项数字时间口径不同，不宜直接相加或相除。",
	},
	{
		ID: "online-consumption-growth-2020q1", Position: 8, Title: "疫情期间网络消费与移动流量增长", Lead: "同比增速",
		State:   "metrics=physical_goods_online_retail_growth,mobile_internet_traffic_growth&regions=100000&periods=2020Q1&type=hbar&focus=physical_goods_online_retail_growth&labels=stated",
		Reading: "2020年一季度网络零售规模与上年基本持平，其中实物商品网上零售额增长5.9%；移动互联网接入流量同比增长39.3%。",
	},
	{
		ID: "ecommerce-ratios-2020", Position: 9, Title: "2020年春季电子商务相关比率", Lead: "各项比率分母不同",
		State:   "metrics=platform_merchant_resumption_rate,industrial_ecommerce_penetration,express_supported_online_retail_share&regions=100000&periods=latest&type=hbar&labels=stated",
		Reading: "三项比率各有其分母：平台内商户复工率（商务大数据监测的350万家商户）、重点行业骨干企业工业电商普及率、快递支撑的实物商品网络零售额占社会消费品零售总额的比重（原文为“1/5”）。",
	},
	{
		ID: "internet-plus-circulation-targets-2015", Position: 10, Title: "《“互联网+流通”行动计划》具体目标", Lead: "商务部2015年提出的培育与建设目标",
		State:   "metrics=target_rural_ecommerce_demo_counties,target_ecommerce_demo_enterprises,target_ecommerce_overseas_warehouses,target_ecommerce_demo_bases,target_ecommerce_training_bases&regions=100000&periods=2015&type=hbar&labels=stated",
		Reading: "这些是计划目标，不是完成情况。文件未写明完成年限。",
	},
	{
		ID: "beijing-cross-border-2020", Position: 11, Title: "北京市跨境电商载体建设", Lead: "截至2020年9月",
		State:   "metrics=cross_border_ecommerce_parks,cross_border_experience_stores,overseas_warehouses&regions=110000&periods=latest&labels=stated",
		Reading: "北京市商务局副局长刘梅英介绍：全市培育了15家跨境电商产业园，开设了60家跨境电商体验店，在全球布局了100多个海外仓。",
	},
}

// Headline figures of the built-in dashboards: REGION:METRIC:PERIOD, and a
// growth metric shown under the figure.
const (
	hlQuzhouRetail   = RegionQuzhou + ":online_retail_sales:2012:online_retail_growth"
	hlZhejiangRetail = RegionZhejiang + ":online_retail_sales:2012"
	hlQuzhouShare    = RegionQuzhou + ":share_of_province_online_retail:2012"
	hlJinhuaRetail   = RegionJinhua + ":online_retail_sales:2012"
	hlJiadingSales   = RegionJiading + ":ecommerce_sales_above_quota:2020:ecommerce_sales_above_quota_growth"
	hlJiadingRetail  = RegionJiading + ":ecommerce_retail_above_quota:2020:ecommerce_retail_above_quota_growth"
	hlDailyParcels   = RegionNation + ":express_daily_parcels:2020-04"
	hlRuralParcels   = RegionNation + ":rural_express_parcels:2020Q1"
	hlTownships      = RegionNation + ":township_express_coverage:2020-04"
	hlWarehouses     = RegionBeijing + ":overseas_warehouses:2020-09"
)

// Dashboards are the built-in dashboards; the first is the overview shown at "/".
var Dashboards = []models.Dashboard{
	{
		ID: "overview", Title: "总览", Position: 0,
		Description: "衢州与浙江、金华、嘉定、北京及全国的电子商务、网络零售与快递数据。",
		Charts:      chartIDs(),
		Headlines:   models.IDList{hlQuzhouRetail, hlZhejiangRetail, hlJiadingSales, hlDailyParcels, hlTownships, hlWarehouses},
	},
	{
		ID: "zhejiang-quzhou", Title: "浙江·衢州", Position: 1,
		Description: "2012年衢州市电子商务与浙江省、金华市的对比（衢州市副市长讲话，2013年）。",
		Charts: models.IDList{"quzhou-vs-zhejiang-online-retail-2012", "quzhou-share-of-zhejiang-2012",
			"online-retail-share-of-consumer-retail-2012", "quzhou-online-retail-2011-2012", "jinhua-vs-quzhou-online-retail-2012"},
		Headlines: models.IDList{hlQuzhouRetail, hlQuzhouShare, hlZhejiangRetail, hlJinhuaRetail},
	},
	{
		ID: "shanghai-jiading", Title: "上海·嘉定", Position: 2,
		Description: "嘉定区2020年限额以上电子商务销售额与零售额（区商务委提案答复，2021年）。",
		Charts:      models.IDList{"jiading-ecommerce-2020"},
		Headlines:   models.IDList{hlJiadingSales, hlJiadingRetail},
	},
	{
		ID: "national-express-rural", Title: "全国快递与农村", Position: 3,
		Description: "疫情期间全国快递量、农村快件与乡镇快递网点覆盖，以及网络消费增长（2020年）。",
		Charts: models.IDList{"township-express-coverage-2020", "express-parcels-2020",
			"online-consumption-growth-2020q1", "ecommerce-ratios-2020"},
		Headlines: models.IDList{hlDailyParcels, hlRuralParcels, hlTownships},
	},
	{
		ID: "policy-cross-border", Title: "政策目标与跨境电商", Position: 4,
		Description: "商务部《“互联网+流通”行动计划》目标（2015年）与北京市跨境电商载体（2020年）。",
		Charts:      models.IDList{"internet-plus-circulation-targets-2015", "beijing-cross-border-2020"},
		Headlines:   models.IDList{hlWarehouses},
	},
}

func chartIDs() models.IDList {
	ids := make(models.IDList, len(Charts))
	for i, c := range Charts {
		ids[i] = c.ID
	}
	return ids
}
