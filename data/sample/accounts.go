package sample

import "gridmap/data"

// SampleAccount is a demo account of the sample town with its password in
// plain text; whoever creates the account hashes the password.
type SampleAccount struct {
	User     data.User
	Password string
}

// Demo accounts live in 龙门村 (500110119206), where a land acquisition
// for a road (a planted hotspot, see Plants) keeps its resident lawyer busy.
const (
	demoUnit     = "500110119206" // 龙门村
	demoCell     = "500110119206005"
	demoMediator = 80 // 周军平, 龙门村's resident lawyer (驻村律师)
)

// Accounts returns the sample town's demo accounts, one per role but
// admin (whose account is created at first start, never with a known
// password). They are for the demo only and are created only with the
// sample; their passwords are public:
//
//	username    password               role         scope
//	leader      anwen-demo-leader      leader       the whole town, personal data masked
//	cadre       anwen-demo-cadre       unit_cadre   龙门村, as its secretary 刘艳
//	gridworker  anwen-demo-gridworker  grid_worker  龙门村五社网格, as its grid worker 母国富
//	mediator    anwen-demo-mediator    mediator     龙门村, as its resident lawyer 周军平
//	viewer      anwen-demo-viewer      viewer       boundaries and statistics only
//
// The cadre, grid worker and mediator are people of the sample: the names,
// cell and mediator ID are those Dataset draws. Every call returns new
// values that the caller owns.
func Accounts() []SampleAccount {
	return []SampleAccount{
		{data.User{Username: "leader", Name: "镇领导（演示）", Role: data.RoleLeader}, "anwen-demo-leader"},
		{data.User{Username: "cadre", Name: "刘艳", Role: data.RoleUnitCadre, UnitCode: demoUnit}, "anwen-demo-cadre"},
		{data.User{Username: "gridworker", Name: "母国富", Role: data.RoleGridWorker, Cells: []string{demoCell}}, "anwen-demo-gridworker"},
		{data.User{Username: "mediator", Name: "周军平", Role: data.RoleMediator, UnitCode: demoUnit, MediatorID: demoMediator}, "anwen-demo-mediator"},
		{data.User{Username: "viewer", Name: "访客（演示）", Role: data.RoleViewer}, "anwen-demo-viewer"},
	}
}
