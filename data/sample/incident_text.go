package sample

import (
	"fmt"
	"math/rand/v2"

	"gridmap/data"
)

// incidentType describes one type of incident: how common it is in rural
// and community cells, how it usually reaches the centre, what it is about
// and who the other party is when not a neighbour.
type incidentType struct {
	name             string
	rural, community int      // relative frequency
	petitions        bool     // often raised as petitions (信访)
	topics           []string // what it is about, for summaries
	counterparty     []string // organisations on the other side; nil for a resident
	sameHousehold    bool     // the parties live together
	complaint        bool     // one resident raising a matter, no other party
	days             int      // typical days to resolve
}

var incidentTypes = []incidentType{
	{name: "邻里纠纷", rural: 24, community: 30, days: 7,
		topics: []string{"相邻通行", "房屋滴水排水", "噪音扰民", "宠物伤人", "院坝占用", "树木遮挡采光"}},
	{name: "婚姻家庭", rural: 17, community: 20, days: 10, sameHousehold: true,
		topics: []string{"家庭琐事", "赡养老人", "离婚财产分割", "子女抚养"}},
	{name: "土地山林权属", rural: 20, community: 2, days: 20,
		topics: []string{"承包地边界", "林地权属", "宅基地界址", "灌溉水源使用"}},
	{name: "劳资", rural: 8, community: 14, days: 15,
		topics:       []string{"拖欠工资", "工伤赔偿", "解除劳动关系补偿"},
		counterparty: []string{"某建筑劳务公司", "某砖厂", "某物流公司", "某装修队"}},
	{name: "合同债务", rural: 10, community: 16, days: 15,
		topics: []string{"民间借贷", "买卖合同履行", "房屋租赁", "装修款结算"}},
	{name: "征地拆迁", rural: 5, community: 3, days: 30, petitions: true,
		topics:       []string{"征地补偿标准", "安置房分配", "青苗补偿", "坟墓迁移补偿"},
		counterparty: []string{"安稳镇征地拆迁办公室"}},
	{name: "环境", rural: 7, community: 7, days: 20, petitions: true,
		topics:       []string{"采石场粉尘噪声", "养殖场异味", "生活污水直排", "施工噪音"},
		counterparty: []string{"某石材厂", "某养殖场", "某建筑工地"}},
	{name: "其他", rural: 9, community: 8, days: 10, complaint: true,
		topics: []string{"低保评定", "道路路灯损坏", "社保政策", "饮水安全"}},
}

func typeByName(name string) *incidentType {
	for i := range incidentTypes {
		if incidentTypes[i].name == name {
			return &incidentTypes[i]
		}
	}
	return nil
}

// Sources and how often each brings an incident, for ordinary types and for
// those often raised as petitions.
var (
	sources          = data.IncidentSources
	sourceWeights    = []int{45, 25, 18, 12}
	petitionWeights  = []int{30, 20, 20, 30}
	plantedTopics    = map[string]string{"征地拆迁": "安松公路改扩建征地补偿", "环境": "采石场粉尘噪声", "邻里纠纷": "老旧楼栋公共部位占用"}
	plantedCompanies = map[string]string{"征地拆迁": "安松公路改扩建项目部", "环境": "安稳镇某采石场"}
)

// texts returns an incident's summary, free of personal data, and its
// description, which names the parties.
func texts(rng *rand.Rand, t *incidentType, topic, place string, rural bool, parties []string) (summary, description string) {
	people := "居民"
	if rural {
		people = "村民"
	}
	switch {
	case t.sameHousehold:
		summary = fmt.Sprintf("%s%s因%s问题发生家庭矛盾", place, people, topic)
	case t.counterparty != nil || t.complaint:
		summary = fmt.Sprintf("%s%s反映%s问题", place, people, topic)
	default:
		summary = fmt.Sprintf("%s两户%s因%s发生纠纷", place, people, topic)
	}
	follow := []string{"网格员已到场了解情况。", "请求村（社区）调解。", "双方情绪较为激动，需尽快介入。", "已约定时间进行调解。"}
	if len(parties) > 1 {
		description = fmt.Sprintf("%s与%s因%s问题产生矛盾，%s", parties[0], parties[1], topic, follow[rng.IntN(len(follow))])
	} else {
		description = fmt.Sprintf("%s反映%s问题，%s", parties[0], topic, follow[rng.IntN(len(follow))])
	}
	return summary, description
}
