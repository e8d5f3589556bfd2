package charts

import "ecomdash/seed"

// Dashboard is a named, ordered set of headline figures and charts: the
// overview at "/", and focused ones a portal can show or embed whole.
type Dashboard struct {
	// ID is the stable identifier used in /dashboards/:id and /embed/dashboards/:id.
	ID string
	// Title is the dashboard's name, in Chinese.
	Title string
	// Description is one sentence on what it covers.
	Description string
	// ChartIDs are the charts shown, in order.
	ChartIDs  []string
	headlines []headline
}

// Region and metric codes of the headline figures.
var (
	hlQuzhouRetail   = headline{"衢州市网络零售额", seed.RegionQuzhou, "online_retail_sales", "2012", "online_retail_growth", "quzhou-online-retail-2011-2012"}
	hlZhejiangRetail = headline{"浙江省网络零售总额", seed.RegionZhejiang, "online_retail_sales", "2012", "", "quzhou-vs-zhejiang-online-retail-2012"}
	hlQuzhouShare    = headline{"衢州占全省网络零售额比重", seed.RegionQuzhou, "share_of_province_online_retail", "2012", "", "quzhou-share-of-zhejiang-2012"}
	hlJinhuaRetail   = headline{"金华市网络零售额", seed.RegionJinhua, "online_retail_sales", "2012", "", "jinhua-vs-quzhou-online-retail-2012"}
	hlJiadingSales   = headline{"嘉定区限额以上电子商务销售额", seed.RegionJiading, "ecommerce_sales_above_quota", "2020", "ecommerce_sales_above_quota_growth", "jiading-ecommerce-2020"}
	hlJiadingRetail  = headline{"嘉定区限额以上电子商务零售额", seed.RegionJiading, "ecommerce_retail_above_quota", "2020", "ecommerce_retail_above_quota_growth", "jiading-ecommerce-2020"}
	hlDailyParcels   = headline{"全国每天快递量", seed.RegionNation, "express_daily_parcels", "2020-04", "", "express-parcels-2020"}
	hlRuralParcels   = headline{"农村地区收投快件量", seed.RegionNation, "rural_express_parcels", "2020Q1", "", "express-parcels-2020"}
	hlTownships      = headline{"乡镇快递网点覆盖率", seed.RegionNation, "township_express_coverage", "2020-04", "", "township-express-coverage-2020"}
	hlWarehouses     = headline{"北京市海外仓", seed.RegionBeijing, "overseas_warehouses", "2020", "", "beijing-cross-border-2020"}
)

// dashboards is the catalogue; the first is the overview shown at "/".
var dashboards = []*Dashboard{
	{
		ID: "overview", Title: "总览",
		Description: "衢州与浙江、金华、嘉定、北京及全国的电子商务、网络零售与快递数据。",
		ChartIDs:    allChartIDs(),
		headlines:   []headline{hlQuzhouRetail, hlZhejiangRetail, hlJiadingSales, hlDailyParcels, hlTownships, hlWarehouses},
	},
	{
		ID: "zhejiang-quzhou", Title: "浙江·衢州",
		Description: "2012年衢州市电子商务与浙江省、金华市的对比（衢州市副市长讲话，2013年）。",
		ChartIDs: []string{"quzhou-vs-zhejiang-online-retail-2012", "quzhou-share-of-zhejiang-2012",
			"online-retail-share-of-consumer-retail-2012", "quzhou-online-retail-2011-2012", "jinhua-vs-quzhou-online-retail-2012"},
		headlines: []headline{hlQuzhouRetail, hlQuzhouShare, hlZhejiangRetail, hlJinhuaRetail},
	},
	{
		ID: "shanghai-jiading", Title: "上海·嘉定",
		Description: "嘉定区2020年限额以上电子商务销售额与零售额（区商务委提案答复，2021年）。",
		ChartIDs:    []string{"jiading-ecommerce-2020"},
		headlines:   []headline{hlJiadingSales, hlJiadingRetail},
	},
	{
		ID: "national-express-rural", Title: "全国快递与农村",
		Description: "疫情期间全国快递量、农村快件与乡镇快递网点覆盖，以及网络消费增长（2020年）。",
		ChartIDs: []string{"township-express-coverage-2020", "express-parcels-2020",
			"online-consumption-growth-2020q1", "ecommerce-ratios-2020"},
		headlines: []headline{hlDailyParcels, hlRuralParcels, hlTownships},
	},
	{
		ID: "policy-cross-border", Title: "政策目标与跨境电商",
		Description: "商务部《“互联网+流通”行动计划》目标（2015年）与北京市跨境电商载体（2020年）。",
		ChartIDs:    []string{"internet-plus-circulation-targets-2015", "beijing-cross-border-2020"},
		headlines:   []headline{hlWarehouses},
	},
}

func allChartIDs() []string {
	ids := make([]string, len(catalogue))
	for i, s := range catalogue {
		ids[i] = s.ID
	}
	return ids
}

var dashboardByID = func() map[string]*Dashboard {
	m := make(map[string]*Dashboard, len(dashboards))
	for _, d := range dashboards {
		m[d.ID] = d
	}
	return m
}()

// Dashboards returns every dashboard; the first is the overview.
func Dashboards() []*Dashboard { return dashboards }

// LookupDashboard returns the dashboard with the given id.
func LookupDashboard(id string) (*Dashboard, bool) {
	d, ok := dashboardByID[id]
	return d, ok
}
