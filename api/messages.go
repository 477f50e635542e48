package api

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/geo"
)

// The languages of error messages: Chinese first, English second.
const (
	langZH = "zh-CN"
	langEN = "en"
)

// internalMessage is the one message of an internal error.
const internalMessage = "Internal error."

// fixedMessages are English messages in the catalogue that no data.Errorf
// call builds.
var fixedMessages = []string{internalMessage}

// negotiate picks the language of an answer from an Accept-Language header:
// the zh or en range of highest quality, zh-CN when the header names
// neither (or is absent), and zh-CN when they tie.
func negotiate(header string) string {
	best, bestQ := langZH, -1.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				q = f
			}
		}
		if q <= 0 {
			continue
		}
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		lang := ""
		switch primary {
		case "zh":
			lang = langZH
		case "en":
			lang = langEN
		default:
			continue
		}
		if q > bestQ || (q == bestQ && lang == langZH) {
			best, bestQ = lang, q
		}
	}
	return best
}

// langOf is the language of the answer to c's request. It names the
// language in Content-Language and tells caches that the answer depends on
// Accept-Language.
func langOf(c echo.Context) string {
	lang := negotiate(c.Request().Header.Get("Accept-Language"))
	h := c.Response().Header()
	h.Set("Content-Language", lang)
	addVary(h, "Accept-Language")
	return lang
}

// bilingual is an argument of a message that has its own Chinese text:
// it prints as English, and message puts the Chinese in its place.
type bilingual struct{ en, zh string }

func (b bilingual) String() string { return b.en }

// message gives the user-safe message of err in lang: the zh-CN catalogue
// entry for its format, filled with its arguments, or the English message
// when the catalogue has none.
func message(lang string, err error) string {
	var de *data.Error
	if !errors.As(err, &de) || de.Code == data.EINTERNAL {
		return translate(lang, internalMessage, nil)
	}
	format, args := de.Template()
	zh, ok := zhCN[format]
	if lang != langZH || !ok {
		return de.Message
	}
	local := make([]any, len(args))
	for i, a := range args {
		local[i] = localArg(format, a)
	}
	return fmt.Sprintf(zh, local...)
}

// translate formats an English format and its arguments in lang.
func translate(lang, format string, args []any) string {
	if zh, ok := zhCN[format]; ok && lang == langZH {
		return fmt.Sprintf(zh, args...)
	}
	return fmt.Sprintf(format, args...)
}

// localArg gives the Chinese of an argument: that of a bilingual one, and
// for the formats whose arguments name things in English (what is not
// found, what an account may not see, its role) the zh-CN of that name.
func localArg(format string, a any) any {
	if b, ok := a.(bilingual); ok {
		return b.zh
	}
	if c, ok := a.(data.Cause); ok {
		return message(langZH, c.Err)
	}
	s, ok := a.(string)
	if !ok || !namedArgs[format] {
		return a
	}
	if zh, ok := namesZH[s]; ok {
		return zh
	}
	if parts := strings.Split(s, ", "); len(parts) > 1 { // a list of names, e.g. the statuses an incident may move to
		zh := make([]string, len(parts))
		for i, p := range parts {
			if zh[i], ok = namesZH[p]; !ok {
				return a
			}
		}
		return strings.Join(zh, "、")
	}
	for _, n := range namePatterns {
		if m := n.en.FindStringSubmatch(s); m != nil {
			return fmt.Sprintf(n.zh, m[1])
		}
	}
	return a
}

// namedArgs are the formats whose string arguments localArg translates.
var namedArgs = map[string]bool{
	"The username %s is taken by %s, an account of another role (%s).": true,
	"An incident in status %q cannot move to %q.":                      true,
	"An incident in status %q cannot move to %q; it may move to: %s.":  true,
	"The incident has changed: it is now %q (version %d).":             true,
	"There is no %s %s.":                      true,
	"A %s needs a unit.":                      true,
	"Log in to see %s.":                       true,
	"Your account (%s) may not see %s.":       true,
	"%s %d at (%v, %v) would lie in no cell.": true,
	"Your account (%s) may move this incident only to the neighbouring cell it was reported near (it was reported near none).": true,
	"Your account (%s) may move this incident only to the neighbouring cell it was reported near, %s.":                         true,
	"Your account (%s) may not assign the mediators of this incident.":                                                         true,
	"Your account (%s) may not attach photos to this incident.":                                                                true,
	"Your account (%s) may not move incident %d to another cell.":                                                              true,
	"Your account (%s) may not move this incident to %q.":                                                                      true,
	"Your account (%s) may not record the mediation of this incident.":                                                         true,

	// Issue 10: privacy and access.
	"Your account (%s) may not assign mediators.":                                                                 true,
	"Your account (%s) may not assign mediator %d of another village or community.":                               true,
	"Your account (%s) may not see incident %d, so it cannot name it as the original.":                            true,
	"Your account (%s) may not register a petition (信访); report it from another source and a cadre registers it.": true,
	// Issue 10: limits.
	"%s is not valid UTF-8 text.":                                          true,
	"%s holds a control character; only line breaks and tabs are allowed.": true,
	"%s must be one line, without control characters.":                     true,
	"%s is too long: at most %d characters, not %d.":                       true,
	"%s lists at most %d entries, not %d.":                                 true,
	// The account's role, in Chinese (TestRoleNamedInChinese).
	"Your account (%s) may not edit the parties of this incident.":                                                                                                  true,
	"Your account (%s) may not extend the deadline of this petition.":                                                                                               true,
	"Your account (%s) may not record a 回访 of this incident.":                                                                                                       true,
	"Your account (%s) may not see the residents of cell %s, so it cannot name one as a party.":                                                                     true,
	"Your account (%s) may see the mediation statistics of its own unit only.":                                                                                      true,
	"Your account (%s) sees the residents of cell %s masked, so it cannot link one as a party of a case it reads in full; give the party's name and phone instead.": true,
	// API audit: searches by what a masked reader sees.
	"Your account (%s) sees residents' names masked, so it finds them only by what it sees: a surname (张), or a name as it is shown (张*丰).": true,
	"Your account (%s) sees the parties of cases masked, so it cannot look up their earlier disputes by party.":                             true,
	"Your account (%s) sees residents masked, so it cannot look up a resident's earlier disputes; give the party's name and phone instead.": true,
}

// namesZH gives the zh-CN of the names of things and roles that messages
// take as arguments.
var namesZH = map[string]string{
	"Household":        "住户",
	"Incident":         "事件",
	"attachment":       "附件",
	"boundary version": "边界版本",
	"cell":             "网格",
	"incident":         "事件",
	"token":            "令牌",
	"notification":     "通知",
	"outbox message":   "推送消息",
	"unit":             "村（社区）",
	"user":             "用户",

	"notifications":                               "通知",
	"the webhook deliveries":                      "推送记录",
	"API tokens":                                  "API 令牌",
	"boundary changes":                            "边界变更",
	"data imports":                                "数据导入",
	"exports of personal data":                    "个人数据导出",
	"incidents":                                   "事件",
	"incidents outside your cells":                "所负责网格以外的事件",
	"the cases of other mediators":                "其他调解员的案件",
	"incidents outside your village or community": "本村（社区）以外的事件",
	"photos":                                    "照片",
	"reporting incidents":                       "事件上报",
	"the audit log":                             "审计日志",
	"the mediation statistics":                  "调解统计",
	"the working-day calendar":                  "工作日历",
	"the boundary history":                      "边界历史",
	"user accounts":                             "用户账号",
	"submitting service requests: send api_key": "服务请求提交功能（请提供 api_key）",

	data.StatusReported:  "上报",
	data.StatusAccepted:  "受理",
	data.StatusMediating: "调解中",
	data.StatusResolved:  "已化解",
	data.StatusEscalated: "上交",
	data.StatusClosed:    "办结",
	data.StatusDuplicate: "重复",

	data.RoleAdmin:      "管理员",
	data.RoleLeader:     "镇领导",
	data.RoleUnitCadre:  "村（社区）干部",
	data.RoleGridWorker: "网格员",
	data.RoleMediator:   "调解员",
	data.RoleViewer:     "只读用户",
	"anonymous":         "未登录",

	// Issue 10: limits (the fields that the limit messages name).
	"summary":        "摘要",
	"description":    "详细情况",
	"parties":        "当事人",
	"mediators":      "调解员",
	"note":           "备注",
	"reason":         "原因",
	"agreement_text": "协议内容",
	"agreement_ref":  "协议书编号",
	"name":           "名称",
	"last_name":      "姓名",
}

// namePatterns translate names built with a code or number in them.
var namePatterns = []struct {
	en *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^the photos of incident (.+)$`), "事件 %s 的照片"},
	{regexp.MustCompile(`^the mediation records of incident (.+)$`), "事件 %s 的调解记录"},
	{regexp.MustCompile(`^the documents of incident (.+)$`), "事件 %s 的调解文书"},
	{regexp.MustCompile(`^the residents of cell (.+)$`), "网格 %s 的居民"},
	{regexp.MustCompile(`^reporting incidents in cell (.+)$`), "在网格 %s 上报事件的功能"},
	{regexp.MustCompile(`^incident (.+)$`), "事件 %s"},
	{regexp.MustCompile(`^the (.+) collection$`), "数据集 %s"},
}

// problemMessage is the message of a validation problem in lang, naming
// the cells by their codes. English is geo's own message.
func problemMessage(lang string, pr geo.Problem, cells []string) string {
	zh, ok := problemZH[pr.Kind]
	if lang != langZH || !ok {
		return pr.Message
	}
	var named string
	switch len(cells) {
	case 0:
		named = "未指明"
	case 2:
		named = cells[0] + " 与 " + cells[1]
	default:
		named = strings.Join(cells, "、")
	}
	return fmt.Sprintf(zh, named)
}

// problemZH gives the zh-CN message of each kind of validation problem of
// a boundary change: %s are the codes of the cells concerned.
var problemZH = map[string]string{
	geo.ProblemInvalid: "网格 %s 的形状无效：不是简单多边形，或编码重复。",
	geo.ProblemHole:    "网格 %s 内有空洞。",
	geo.ProblemOverlap: "网格 %s 相互重叠。",
	geo.ProblemVertex:  "网格 %s 的公共边界上顶点不一致。",
	geo.ProblemGap:     "网格 %s 之间有未被覆盖的空隙，或网格互不相连。",
	geo.ProblemOutline: "网格合并后的范围与全镇外边界不一致（涉及网格：%s）。",
	geo.ProblemCross:   "网格 %s 的边界相交。",
	geo.ProblemSliver:  "网格 %s 面积过小，低于允许的最小面积。",
	geo.ProblemEmpty:   "网格 %s 已没有边界。",

	// Boundaries in: topology (snap and coverage check).
	geo.ProblemSelfIntersection: "网格 %s 的边界自相交。",
	geo.ProblemOutsideUnit:      "网格 %s 有部分不在所属村（社区）内，或跨越两个村（社区）。",
}

// zhCN is the zh-CN catalogue: from each English format of an error
// message to its Chinese format, whose verbs take the same arguments.
var zhCN = map[string]string{
	internalMessage: "内部错误。",

	// Requests: bodies, parameters, paging.
	"%s is required.": "请提供 %s。",
	"%s must be a date (2021-06-30) or an RFC 3339 time, got %q.":                                          "%s 应为日期（如 2021-06-30）或 RFC 3339 时间，收到的是 %q。",
	"%s must be between the years 1 and 9998, got %q.":                                                     "%s 的年份须在 1 到 9998 之间，收到的是 %q。",
	"Unit %s would be left without cells.":                                                                 "村（社区）%s 将没有任何网格。",
	"There is no cell %s any more: it was merged away.":                                                    "网格 %s 已被合并，不再存在。",
	"Draw the split line across cell %s with at least two points.":                                         "请在网格 %s 上至少点两个点画出分割线。",
	"The split line must start and end on the boundary of cell %s; a point at %s is not on it.":            "分割线须起止于网格 %s 的边界上；位于 %s 的点不在边界上。",
	"The split line must start and end at two different points of the boundary of cell %s.":                "分割线须起止于网格 %s 边界上的两个不同点。",
	"The split line must run between two points of the outer boundary of cell %s, not end on a hole.":      "分割线须连接网格 %s 外边界上的两点，不能止于内部空洞的边界。",
	"The split line may touch the boundary of cell %s only at its ends; it touches it at %s.":              "分割线只能在两端接触网格 %s 的边界；它在 %s 处接触了边界。",
	"The split line crosses itself at %s.":                                                                 "分割线在 %s 处自相交。",
	"The split line leaves cell %s at %s.":                                                                 "分割线在 %[2]s 处超出了网格 %[1]s。",
	"Splitting cell %s along this line would leave a part with no area.":                                   "沿这条线分割网格 %s 会留下面积为零的部分。",
	"Cells %s and %s share no boundary; only neighbours can be merged.":                                    "网格 %s 与 %s 没有共用边界，只能合并相邻网格。",
	"Cells %s and %s would not make one simple area together (at %s).":                                     "网格 %s 与 %s 合并后不能构成一个完整区域（位于 %s）。",
	"The photo's file is damaged (%s); take or choose it again.":                                           "照片文件已损坏（%s），请重新拍摄或选择。",
	"%s must be a number, got %q.":                                                                         "%s 应为数字，收到的是 %q。",
	"%s must be a positive version number, got %q.":                                                        "%s 应为正整数版本号，收到的是 %q。",
	"%s must be an integer, got %q.":                                                                       "%s 应为整数，收到的是 %q。",
	"%s must be between %d and %d, got %d.":                                                                "%s 应在 %d 到 %d 之间，收到的是 %d。",
	"%s must be between %g and %g, got %g.":                                                                "%s 应在 %g 到 %g 之间，收到的是 %g。",
	"%s must be one of %v, got %q.":                                                                        "%s 应为 %v 之一，收到的是 %q。",
	"%s must be true or false, got %q.":                                                                    "%s 应为 true 或 false，收到的是 %q。",
	"Send the body as application/json.":                                                                   "请以 application/json 格式发送请求内容。",
	"The body is not valid JSON.":                                                                          "请求内容不是有效的 JSON。",
	"The body must hold one JSON value.":                                                                   "请求内容只能包含一个 JSON 值。",
	"Unknown field %q.":                                                                                    "无法识别的字段 %q。",
	"Unknown parameter %q.":                                                                                "无法识别的参数 %q。",
	"The limit must not be negative.":                                                                      "limit 不能为负数。",
	"The offset must not be negative.":                                                                     "offset 不能为负数。",
	"The version must not be negative.":                                                                    "版本号不能为负数。",
	"id must be a positive integer, got %q.":                                                               "id 应为正整数，收到的是 %q。",
	"id must be a positive integer.":                                                                       "id 应为正整数。",
	"user_id must be a positive integer.":                                                                  "user_id 应为正整数。",
	"An idempotency key has at most %d characters.":                                                        "幂等键最多 %d 个字符。",
	"If-Match must hold the incident's version, e.g. \"7\".":                                               "If-Match 应填写事件的版本号，如 \"7\"。",
	"Method not allowed.":                                                                                  "不支持该请求方法。",
	"No such resource.":                                                                                    "请求的资源不存在。",
	"Not found.":                                                                                           "未找到。",
	"Request body too large.":                                                                              "请求内容过大。",
	"lat is required, a latitude between -90 and 90.":                                                      "请提供 lat，即 -90 到 90 之间的纬度。",
	"lon is required, a longitude between -180 and 180.":                                                   "请提供 lon，即 -180 到 180 之间的经度。",
	"number is an incident's ID or ledger number, at most %d characters.":                                  "number 为案件的编号或台账编号，最多 %d 个字符。",
	"overdue must be true or absent, got %q.":                                                              "overdue 只能为 true 或不填，收到的是 %q。",
	"type must be one of %v, got %q.":                                                                      "type 应为 %v 之一，收到的是 %q。",
	"type must be one or more of %s, comma-separated; not %q.":                                             "type 应为 %s 中的一个或多个（以逗号分隔），收到的是 %q。",
	"mediator must be a mediator's ID, a positive integer; not %q.":                                        "mediator 应为调解员的编号（正整数），收到的是 %q。",
	"The window must end after it starts: from %s, to %s.":                                                 "时间范围的结束须晚于开始：从 %s 到 %s。",
	"to must be after from.":                                                                               "to 应晚于 from。",
	"The window may span at most %d months, got %d.":                                                       "时间范围最多 %d 个月，当前为 %d 个月。",
	"No cell has residents yet: rates per 1,000 residents need the cells' populations; use measure=count.": "尚无网格登记人口：每千人发生率需要网格人口数，请改用 measure=count。",
	"The window must span at least %d whole months, got %d.":                                               "时间范围至少应为 %d 个完整月份，当前为 %d 个。",

	// Vector tiles.
	"No tile layer %q; the layers are %s.":              "没有名为 %q 的瓦片图层；可用图层为 %s。",
	"Tiles are Mapbox Vector Tiles: …/{z}/{x}/{y}.mvt.": "瓦片为 Mapbox 矢量瓦片：…/{z}/{x}/{y}.mvt。",
	"%s must be an integer from 0 to %d, got %q.":       "%s 应为 0 到 %d 之间的整数，收到的是 %q。",

	// OGC API and GeoJSON queries.
	"No collection %q.":                                               "没有名为 %q 的数据集。",
	"No feature %q in %s.":                                            "数据集 %[2]s 中没有要素 %[1]q。",
	"Only %s is supported.":                                           "仅支持 %s。",
	"Only f=json is supported.":                                       "仅支持 f=json。",
	"Unknown property %q; %s has %s.":                                 "无法识别的属性 %q；%s 的属性有：%s。",
	"Collection %s has no time.":                                      "数据集 %s 没有时间属性。",
	"bbox minimum must not exceed its maximum.":                       "bbox 的最小值不能大于最大值。",
	"bbox must have 4 numbers (minLon,minLat,maxLon,maxLat), got %d.": "bbox 应包含 4 个数字（minLon,minLat,maxLon,maxLat），收到 %d 个。",
	"bbox must lie within [-180,180] x [-90,90].":                     "bbox 应位于 [-180,180] x [-90,90] 范围内。",
	"bbox value %q is not a number.":                                  "bbox 中的 %q 不是数字。",
	"datetime ends before it starts.":                                 "datetime 的结束时间早于开始时间。",

	// Login, sessions, accounts and tokens.
	"Wrong username or password.": "用户名或密码错误。",
	"Too many login attempts from your address; wait a minute and try again.":                                 "您所在地址的登录尝试过于频繁，请稍候一分钟再试。",
	"This account is disabled; ask an administrator.":                                                         "该账号已停用，请联系管理员。",
	"A token cannot make another: log in with your password (the app's API 令牌 page) to make one.":             "令牌不能创建新令牌：请用密码登录（应用的“API 令牌”页面）后创建。",
	"Missing or wrong CSRF token: send the csrf_token from login or /api/auth/me in the X-CSRF-Token header.": "CSRF 令牌缺失或有误：请在 X-CSRF-Token 请求头中发送登录或 /api/auth/me 返回的 csrf_token。",
	"Log in to see %s.":                                           "请登录后查看%s。",
	"Your account (%s) may not see %s.":                           "您的账号（%s）无权查看%s。",
	"password is required.":                                       "请填写密码。",
	"username is required.":                                       "请填写用户名。",
	"role is required.":                                           "请选择角色。",
	"Unknown role %q.":                                            "无法识别的角色 %q。",
	"The username %q is taken.":                                   "用户名 %q 已被占用。",
	"A username cannot be changed.":                               "用户名不能修改。",
	"A username has 1 to %d characters.":                          "用户名应为 1 到 %d 个字符。",
	"A username may only hold letters, digits, '.', '_' and '-'.": "用户名只能包含字母、数字、“.”、“_”和“-”。",
	"A %s needs a unit.":                                          "%s账号须属于一个村（社区）。",
	"A grid worker needs at least one cell.":                      "网格员至少要负责一个网格。",
	"Only a grid worker has cells.":                               "只有网格员可以负责网格。",
	"Only a mediator account is linked to a mediator.":            "只有调解员账号可以关联调解员。",
	"Only a unit cadre or a mediator has a unit.":                 "只有村（社区）干部或调解员属于村（社区）。",
	"You cannot disable or demote your own account.":              "不能停用本人账号或降低本人账号的权限。",
	"A session needs an ID.":                                      "会话缺少 ID。",
	"There is no such session.":                                   "该会话不存在。",
	"The Authorization header must be \"Bearer <token>\".":        "Authorization 请求头应为 \"Bearer <令牌>\" 格式。",
	"Unknown API token.":                                          "无效的 API 令牌。",
	"This API token has been revoked.":                            "该 API 令牌已被撤销。",
	"This API token has expired.":                                 "该 API 令牌已过期。",
	"The account of this API token is disabled.":                  "该 API 令牌所属账号已停用。",
	"A token needs the hash of its secret.":                       "令牌缺少密钥的哈希值。",
	"A token with this secret exists already.":                    "使用该密钥的令牌已存在。",
	"There is no such token.":                                     "该令牌不存在。",
	"You have no token %s.":                                       "您没有编号为 %s 的令牌。",
	"Date %s has no kind.":                                        "日期 %s 未标明休或班。",
	"kind must be \"rest\" (休), \"work\" (班) or \"\" (as its weekday); not %q.": "kind 应为 \"rest\"（休）、\"work\"（班）或 \"\"（按星期）；而不是 %q。",
	"kind is required: \"rest\" (休), \"work\" (班) or \"\" (as its weekday).":    "请填写 kind：\"rest\"（休）、\"work\"（班）或 \"\"（按星期）。",
	"date must be a day YYYY-MM-DD from 1900 to 2999, e.g. 2026-10-01; not %q.": "date 应为 1900 至 2999 年间的日期 YYYY-MM-DD，如 2026-10-01；而不是 %q。",
	"year must be a year from 1900 to 2999, e.g. 2026.":                         "year 应为 1900 至 2999 之间的年份，如 2026。",
	"expires_in_days must be between 1 and %d.":                                 "expires_in_days 应在 1 到 %d 之间。",
	"name is required (at most 100 characters), e.g. \"QGIS on my laptop\".":    "请填写名称（不超过 100 个字符），如 \"我电脑上的 QGIS\"。",
	"before must be a positive notification ID.":                                "before 须为正整数的通知编号。",
	"There is no notification kind %q.":                                         "没有通知类型 %q。",
	"The limit is from 1 to %d.":                                                "limit 须在 1 到 %d 之间。",
	"A message needs a key.":                                                    "推送消息须有 key。",
	"A webhook needs a unit.":                                                   "推送地址须属于一个村（社区）。",
	"A webhook needs a URL.":                                                    "请填写推送地址（URL）。",
	"The URL is longer than 2000 characters.":                                   "推送地址超过 2000 个字符。",
	"The URL must be an http or https address, such as https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=….": "推送地址须为 http 或 https 地址，如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…。",
	"The URL must not carry a user name or password.":                                                           "推送地址中不能含用户名或密码。",
	"The URL is the masked one shown (****): enter the robot's full address.":                                   "这是显示用的打码地址（****），请填写机器人的完整地址。",
	"The URL must not have a fragment (#…).":                                                                    "推送地址中不能含片段（#…）。",
	"The format is wecom, dingtalk or json, got %q.":                                                            "格式须为 wecom（企业微信）、dingtalk（钉钉）或 json，而不是 %q。",
	"Only a 钉钉 (dingtalk) robot takes a signing secret.":                                                        "只有钉钉（dingtalk）机器人使用加签密钥。",
	"The secret is longer than 200 characters.":                                                                 "加签密钥超过 200 个字符。",
	"Message %d has not failed: it is delivered or still being tried.":                                          "推送消息 %d 未失败：已送达或仍在重试。",
	"Unit %s has no webhook.":                                                                                   "村（社区）%s 未设推送地址。",

	// Things that are not there.
	"There is no %s %s.":                                    "没有编号为 %[2]s 的%[1]s。",
	"There is no cell %s.":                                  "没有编码为 %s 的网格。",
	"There is no unit %s.":                                  "没有编码为 %s 的村（社区）。",
	"There is no incident %d.":                              "没有编号为 %d 的事件。",
	"There is no mediator %d.":                              "没有编号为 %d 的调解员。",
	"There is no user %d.":                                  "没有编号为 %d 的用户。",
	"No cell with code %s.":                                 "没有编码为 %s 的网格。",
	"No town has been loaded yet.":                          "尚未导入乡镇数据。",
	"The point is outside every cell of the town.":          "该位置不在本镇任何网格内。",
	"The point (%g, %g) is outside every cell of the town.": "位置（%g, %g）不在本镇任何网格内。",

	// Incidents and their workflow.
	"A summary is required.": "请填写事件概要。",
	"A reason is required.":  "请填写原因。",
	// A ledger's 回访 columns.
	"%q is not a value of this column; write one of %s.": "%q 不是本列可填的值；请填写 %s 之一。",
	"回访时间 is the time of a passed 回访 (已履行, not 不满意); record one that did not pass in gridmap, where it takes the case back to mediation.": "回访时间只填通过的回访（已履行、当事人没有不满意）；未通过的回访请在系统中登记，案件将退回调解。",
	"Give the 回访时间 of the 回访 this column describes, or leave it empty.":                                                                   "请填写本列所述回访的回访时间，或将本列留空。",
	// A petition's reply deadline and its extension.
	"version (or If-Match) is required: the version of the incident you saw.":                                                  "请提供版本号（version 或 If-Match）：即您看到的该事件版本。",
	"Your account (%s) may not extend the deadline of this petition.":                                                          "您的账号（%s）不能延长该信访事项的办理期限。",
	"days must be a whole number of days from 1 to %d (《信访工作条例》 art. 32); not %d.":                                             "延长天数须为 1 至 %d 的整数（《信访工作条例》第三十二条），不能是 %d。",
	"A reason is required to extend a petition's deadline.":                                                                    "延长信访事项的办理期限须填写理由。",
	"Only a petition accepted and not yet answered has a reply deadline to extend; incident %d is a %s, %s.":                   "只有已受理、尚未答复的信访事项才能延长办理期限；事件 %d 为 %s，状态 %s。",
	"The reply deadline of incident %d was extended already (by %d days); it may be extended once.":                            "事件 %d 的办理期限已延长过（%d 天），只能延长一次。",
	"A location is required: a longitude within ±180 and a latitude within ±90.":                                               "请提供位置：经度在 ±180 之内，纬度在 ±90 之内。",
	"There is no incident to create.":                                                                                          "没有要创建的事件。",
	"A new incident starts as %q, not %q.":                                                                                     "新事件的状态应为 %q，而不是 %q。",
	"An incident in status %q cannot move to %q.":                                                                              "处于 %q 状态的事件不能转为 %q。",
	"An incident in status %q cannot move to %q; it may move to: %s.":                                                          "处于 %q 状态的事件不能转为 %q，可转为：%s。",
	"The incident has changed: it is now %q (version %d).":                                                                     "该事件已被他人更新：当前状态为 %q（版本 %d）。",
	"The incident is now %s (version %d).":                                                                                     "该事件当前为 %s（版本 %d）。",
	"The incident is in cell %s already.":                                                                                      "该事件已在网格 %s 中。",
	"The incident type must be a name of 1 to %d characters.":                                                                  "事件类型名称应为 1 到 %d 个字符。",
	"The distance to the nearby cell must be a number of metres, not negative.":                                                "到邻近网格的距离应为非负的米数。",
	"Unknown incident kind %q.":                                                                                                "无法识别的事件类别 %q。",
	"Unknown incident status %q.":                                                                                              "无法识别的事件状态 %q。",
	"Unknown incident type %q; use one of %s.":                                                                                 "无法识别的事件类型 %q，请使用以下之一：%s。",
	"Unknown outcome %q; use one of %s.":                                                                                       "无法识别的结果 %q，请使用以下之一：%s。",
	"Unknown priority %q; use %s, %s or %s.":                                                                                   "无法识别的优先级 %q，请使用 %s、%s 或 %s。",
	"Unknown source %q; use one of %s.":                                                                                        "无法识别的来源 %q，请使用以下之一：%s。",
	"Unknown status %q; use one of %s or open.":                                                                                "无法识别的状态 %q，请使用以下之一：%s 或 open。",
	"Unknown status %q; use one of %s.":                                                                                        "无法识别的状态 %q，请使用以下之一：%s。",
	"duplicate_of goes only with to = duplicate.":                                                                              "duplicate_of 只能与 to = duplicate 一起使用。",
	"duplicate_of must name another incident.":                                                                                 "duplicate_of 须指向另一起事件。",
	"Say why: a note is required to send back, escalate, reopen or mark a duplicate.":                                          "请说明原因：退回、上交、重新办理或标记为重复时须填写说明。",
	"Say why: a reason is required to move an incident to another cell.":                                                       "请说明原因：将事件移至其他网格须填写理由。",
	"cell is required: the code of the cell to move the incident to.":                                                          "请提供 cell，即事件要移至的网格编码。",
	"cell or q is required: residents are listed one cell at a time, or found by name.":                                        "请提供 cell 或 q：居民按网格逐个列出，或按姓名查找。",
	"q is too short: give at least one Chinese character or two letters of the name.":                                          "q 过短：请至少输入姓名中的一个汉字或两个字母。",
	"q must not be empty: give part of a cell's name or code.":                                                                 "q 不能为空：请输入网格名称或编码的一部分。",
	"Give a cell or a unit, not both.":                                                                                         "请提供网格或村（社区）其中之一，不能同时提供。",
	"Your account (%s) may move this incident only to the neighbouring cell it was reported near (it was reported near none).": "您的账号（%s）只能将此事件移至上报时邻近的网格（该事件上报时未记录邻近网格）。",
	"Your account (%s) may move this incident only to the neighbouring cell it was reported near, %s.":                         "您的账号（%s）只能将此事件移至上报时邻近的网格 %s。",
	"Your account (%s) may not assign the mediators of this incident.":                                                         "您的账号（%s）无权为此事件指派调解员。",
	"Your account (%s) may not attach photos to this incident.":                                                                "您的账号（%s）无权为此事件添加照片。",
	"Your account (%s) may not move incident %d to another cell.":                                                              "您的账号（%s）无权将事件 %d 移至其他网格。",
	"Your account (%s) may not move this incident to %q.":                                                                      "您的账号（%s）无权将此事件转为 %q。",
	"Your account (%s) may not record the mediation of this incident.":                                                         "您的账号（%s）无权记录此事件的调解情况。",

	// Mediation.
	"Name at least one mediator.":                                                                         "请至少指定一名调解员。",
	"mediators is required: the list of mediator IDs ([] for none).":                                      "请提供 mediators，即调解员 ID 列表（没有则填 []）。",
	"An agreement needs its text or the number of its agreement (调解协议书编号).":                               "调解协议须填写协议内容或调解协议书编号。",
	"The amount agreed is at least 0 and at most %s 元.":                                                   "协议金额不得小于 0，且不超过 %s 元。",
	"Only an agreement settles an amount; this session's outcome is %q.":                                  "只有达成协议才有协议金额；本次调解的结果是 %q。",
	"The amount agreed is a number of 元, not negative, with at most two decimals and at most %s, got %q.": "协议金额应为以元计的非负数，最多两位小数，且不超过 %s，收到的是 %q。",
	"The amount agreed is a number of 元.":                                                                 "协议金额应为以元计的数字。",
	"month is a calendar month, YYYY-MM, got %q.":                                                         "month 应为日历月份（YYYY-MM），收到的是 %q。",
	"The month %s has not begun.":                                                                         "%s 月尚未开始。",
	"Your account (%s) may see the mediation statistics of its own unit only.":                            "您的账号（%s）只能查看本村（社区）的调解统计。",
	"party_details is required: the parties as people ([] for none).":                                     "请提供 party_details，即当事人列表（没有则填 []）。",
	"Your account (%s) may not edit the parties of this incident.":                                        "您的账号（%s）无权修改此事件的当事人。",
	"Only a resolved or closed incident has a passed 回访; leave it empty or correct the status.":           "只有已化解或办结的事件才有通过的回访：请留空或更正状态。",
	"The 回访 %s is before the resolution (%s).":                                                            "回访时间 %s 早于化解时间（%s）。",
	"There is no 回访 to add.":                                                                              "没有要添加的回访。",
	"Unknown method %q; use one of %s.":                                                                   "无法识别的回访方式 %q，请使用以下之一：%s。",
	"Unknown performance %q; use one of %s.":                                                              "无法识别的履行情况 %q，请使用以下之一：%s。",
	"Unknown satisfaction %q; use one of %s.":                                                             "无法识别的满意度 %q，请使用以下之一：%s。",
	"The parties were not reached: leave the performance out.":                                            "未联系上当事人：请不要填写履行情况。",
	"The parties were not reached: leave the satisfaction out.":                                           "未联系上当事人：请不要填写满意度。",
	"The incident has %d 回访 records already, the most it may have.":                                       "该事件已有 %d 条回访记录，已达上限。",
	"The incident is %s: only a resolved incident has a 回访.":                                              "该事件当前状态为 %s：只有已化解的事件才能回访。",
	"The incident is %q: only a resolved incident has a 回访.":                                              "该事件当前状态为 %q：只有已化解的事件才能回访。",
	"reached is required: whether the parties were reached (true or false).":                              "缺少 reached：是否联系上当事人（true 或 false）。",
	"Your account (%s) may not record a 回访 of this incident.":                                             "您的账号（%s）无权记录该事件的回访。",
	"The incident has no passed 回访 (followup) since it was resolved: record one before closing it.":       "该事件化解后还没有通过的回访：请先回访，再办结。",
	"There is no document %q; the documents are %s.":                                                      "没有文书 %q；卷宗文书为：%s。",
	"The case names no party yet: there is no 人民调解申请书 to print.":                                          "该案件尚未填写当事人：还没有可打印的人民调解申请书。",
	"The case has not been accepted yet: the 人民调解权利义务告知书 is given at acceptance.":                         "该案件尚未受理：人民调解权利义务告知书在受理时告知。",
	"No mediation session of the case is recorded yet: there is no 人民调解记录 to print.":                      "该案件尚无调解记录：还没有可打印的人民调解记录。",
	"No mediation session of the case ended in an agreement yet: there is no 人民调解协议书 to print.":           "该案件尚未达成调解协议：还没有可打印的人民调解协议书。",
	"No 回访 of the case is recorded yet: there is no 人民调解回访记录 to print.":                                   "该案件尚无回访记录：还没有可打印的人民调解回访记录。",
	"There is no mediation record to add.":                                                                "没有要添加的调解记录。",
	"Mediator %d does not belong to unit %s.":                                                             "调解员 %d 不属于村（社区）%s。",

	// Photos and uploads.
	"Attach a photo (%s), not %q.":                           "请上传照片（%s），而不是 %q。",
	"Attach a photo (JPEG, PNG or WebP); this file is %s.":   "请上传照片（JPEG、PNG 或 WebP），该文件为 %s。",
	"Send the photo as multipart/form-data in the field %q.": "请以 multipart/form-data 格式在字段 %q 中上传照片。",
	"There is no attachment to add.":                         "没有要添加的附件。",
	"There is no file in the field %q.":                      "字段 %q 中没有文件。",
	"The file is empty.":                                     "文件为空。",
	"The file is larger than %d MiB.":                        "文件超过 %d MiB。",
	"The file is not of type %s.":                            "文件类型不是 %s。",
	"The photo is larger than %d MiB.":                       "照片超过 %d MiB。",
	"The upload could not be read.":                          "无法读取上传的文件。",

	// Open311.
	"Not a service request id.":                   "不是有效的服务请求编号。",
	"Unknown service_code %q; see services.json.": "无法识别的 service_code %q，请参阅 services.json。",

	// Boundaries: versions, changes and their operations.
	"Give the reason for the change.":                                                                    "请填写变更原因。",
	"Give at least one operation.":                                                                       "请至少提供一项操作。",
	"base must be the version the change was made on.":                                                   "base 应为本次变更所依据的版本号。",
	"The boundaries after the change are not valid: %s":                                                  "变更后的边界无效：%s",
	"The boundaries changed since version %d: the current version is %d. Reload and edit again.":         "边界自版本 %d 以来已有变更，当前版本为 %d。请重新加载后再编辑。",
	"The boundaries have changed: they are now at version %d.":                                           "边界已有变更，当前版本为 %d。",
	"The change neither reshapes, adds nor removes a cell.":                                              "本次变更没有调整、新增或删除任何网格。",
	"The change removes every cell.":                                                                     "本次变更会删除全部网格。",
	"The operations leave every cell as it was.":                                                         "这些操作没有改变任何网格。",
	"There is no boundary change.":                                                                       "没有边界变更。",
	"There is no boundary version %d.":                                                                   "没有边界版本 %d。",
	"There is no earlier boundary version %d to restore.":                                                "没有可恢复的历史边界版本 %d。",
	"Version %d has the same cells as the current version.":                                              "版本 %d 的网格与当前版本相同。",
	"Version %d is the current version already.":                                                         "版本 %d 已是当前版本。",
	"The effective date %q is not a date (YYYY-MM-DD).":                                                  "生效日期 %q 不是有效日期（YYYY-MM-DD）。",
	"%s %d at (%v, %v) would lie in no cell.":                                                            "%s %d（位置 %v, %v）将不在任何网格内。",
	"A cell code is required.":                                                                           "请提供网格编码。",
	"A new cell's code is its unit's code (%s) followed by three digits, not %s.":                        "新网格的编码应为所属村（社区）编码（%s）加三位数字，而不是 %s。",
	"Cell %s exists already; reshape it instead.":                                                        "网格 %s 已存在，请改为调整其边界。",
	"Cell %s has an unknown kind %q.":                                                                    "网格 %s 的类型 %q 无法识别。",
	"Cell %s has no name.":                                                                               "网格 %s 没有名称。",
	"Cell %s is both changed and removed.":                                                               "网格 %s 不能同时被修改和删除。",
	"Cell %s is in an unknown unit %q.":                                                                  "网格 %s 所属的村（社区）%q 不存在。",
	"Cell code %q is empty or listed twice.":                                                             "网格编码 %q 为空或重复出现。",
	"Cell code %q is empty or not unique.":                                                               "网格编码 %q 为空或不唯一。",
	"Cell code %s was used before; a retired code is never reused.":                                      "网格编码 %s 曾被使用，已停用的编码不能再次使用。",
	"There is no cell %q to merge.":                                                                      "没有可合并的网格 %q。",
	"There is no cell %q to split.":                                                                      "没有可拆分的网格 %q。",
	"There is no cell %s to remove.":                                                                     "没有可删除的网格 %s。",
	"There is no cell %s to reshape.":                                                                    "没有可调整的网格 %s。",
	"A cell cannot be merged with itself.":                                                               "网格不能与自身合并。",
	"There is no vertex at %v.":                                                                          "%v 处没有顶点。",
	"No edge has consecutive vertices %v and %v.":                                                        "没有以 %v 和 %v 为相邻顶点的边。",
	"No edge passes through %v.":                                                                         "没有经过 %v 的边。",
	"The vertex at %v is where boundaries meet; it cannot be deleted.":                                   "%v 处的顶点是边界交汇点，不能删除。",
	"Unknown operation %q: use move_vertex, insert_vertex, delete_vertex, replace_edge, split or merge.": "无法识别的操作 %q：请使用 move_vertex、insert_vertex、delete_vertex、replace_edge、split 或 merge。",
	"delete_vertex needs at.":                                                                            "delete_vertex 需要提供 at。",
	"insert_vertex needs between (two consecutive vertices) and at.":                                     "insert_vertex 需要提供 between（两个相邻顶点）和 at。",
	"move_vertex needs from and to.":                                                                     "move_vertex 需要提供 from 和 to。",
	"replace_edge needs on (a point of the edge) and a line of two or more points.":                      "replace_edge 需要提供 on（边上的一点）和至少两个点组成的 line。",
	"split needs a line of two or more points across the cell.":                                          "split 需要提供穿过网格、至少两个点组成的 line。",
	"merge needs cells: the code that stays, then the code that goes.":                                   "merge 需要提供 cells：先写保留的网格编码，再写并入的网格编码。",

	// Data sets: loading and checking a town.
	"There is no data set to load.":                                                            "没有要导入的数据。",
	"The store already holds a town.":                                                          "数据库中已有乡镇数据。",
	"The town has no code.":                                                                    "乡镇缺少编码。",
	"Unit %s belongs to town %q, not to %s.":                                                   "村（社区）%s 属于乡镇 %q，而不是 %s。",
	"Unit %s has an unknown kind %q.":                                                          "村（社区）%s 的类型 %q 无法识别。",
	"Unit code %q is empty or not unique.":                                                     "村（社区）编码 %q 为空或不唯一。",
	"Grid worker %d has two different names or phones.":                                        "网格员 %d 有两个不同的姓名或电话。",
	"Grid worker %d is listed twice in cell %s.":                                               "网格员 %d 在网格 %s 中重复出现。",
	"Household %d is in an unknown cell %q.":                                                   "住户 %d 所在的网格 %q 不存在。",
	"Household ID %d is not unique.":                                                           "住户 ID %d 不唯一。",
	"Resident %d is in an unknown cell %q.":                                                    "居民 %d 所在的网格 %q 不存在。",
	"Resident %d is in an unknown household %d.":                                               "居民 %d 所在的住户 %d 不存在。",
	"Resident %d is in cell %s but their household is in %s.":                                  "居民 %d 在网格 %s，但其住户在网格 %s。",
	"Resident ID %d is not unique.":                                                            "居民 ID %d 不唯一。",
	"Incident %d has a distance to its near cell that is negative or not a number.":            "事件 %d 到邻近网格的距离为负数或不是数字。",
	"Incident %d has a negative reporter ID.":                                                  "事件 %d 的上报人 ID 为负数。",
	"Incident %d has a version below 1.":                                                       "事件 %d 的版本号小于 1。",
	"Incident %d has an escalation level %d, which is not 0 to %d or does not fit its status.": "事件 %d 的上交层级为 %d，不在 0 到 %d 之间或与其状态不符。",
	"Incident %d has an unknown kind %q.":                                                      "事件 %d 的类别 %q 无法识别。",
	"Incident %d has an unknown priority %q.":                                                  "事件 %d 的优先级 %q 无法识别。",
	"Incident %d has an unknown status %q.":                                                    "事件 %d 的状态 %q 无法识别。",
	"Incident %d is in an unknown cell %q.":                                                    "事件 %d 所在的网格 %q 不存在。",
	"Incident %d is near an unknown cell %q.":                                                  "事件 %d 邻近的网格 %q 不存在。",
	"Incident %d must name another incident if and only if it is a duplicate.":                 "事件 %d 仅在为重复事件时才须指明另一起事件。",
	"Incident %d names mediator %d, who is unknown or listed twice.":                           "事件 %d 指派的调解员 %d 不存在或重复出现。",
	"Incident %d repeats an unknown incident %d.":                                              "事件 %d 所重复的事件 %d 不存在。",
	"Household ID %d does not ascend.":                                                         "住户 ID %d 未按升序排列。",
	"Resident ID %d does not ascend.":                                                          "居民 ID %d 未按升序排列。",
	"Resident %d is yielded with household %d, not %d.":                                        "居民 %d 随住户 %d 给出，但其所属住户为 %d。",
	"Incident ID %d does not ascend.":                                                          "事件 ID %d 未按升序排列。",
	"Incident %d repeats an incident %d not loaded before it.":                                 "事件 %d 重复的事件 %d 未在它之前载入。",
	"Incident ID %d is not unique.":                                                            "事件 ID %d 不唯一。",
	"Mediator %d has an unknown category %q.":                                                  "调解员 %d 的类别 %q 无法识别。",
	"Mediator %d is in an unknown unit %q.":                                                    "调解员 %d 所属的村（社区）%q 不存在。",
	"Mediator %d is listed twice.":                                                             "调解员 %d 重复出现。",
	"Mediator ID %d is not unique.":                                                            "调解员 ID %d 不唯一。",

	// The database.
	"A database file is required.":                 "请指定数据库文件。",
	"No schema named in the search_path exists.":   "search_path 中指定的模式均不存在。",
	"PostGIS is not installed in the database.":    "数据库中未安装 PostGIS。",
	"The data breaks a rule of the database.":      "数据违反了数据库的约束规则。",
	"The data conflicts with data already stored.": "数据与已有数据冲突。",
	"The database URL is not valid.":               "数据库地址无效。",
	"The database is unavailable.":                 "数据库暂时无法访问。",
	"The database path is not valid.":              "数据库路径无效。",

	// Issue 10: privacy and access.
	"Your account (%s) may not assign mediators.":                                                                 "您的账号（%s）无权指派调解员。",
	"Your account (%s) may not assign mediator %d of another village or community.":                               "您的账号（%s）无权指派其他村（社区）的调解员 %d。",
	"Your account (%s) may not register a petition (信访); report it from another source and a cadre registers it.": "您的账号（%s）无权登记信访事项；请选择其他来源上报，由村（社区）干部登记为信访。",
	"Your account (%s) may not see incident %d, so it cannot name it as the original.":                            "您的账号（%s）无权查看事件 %d，不能将其指定为原事件。",
	// Issue 10: accounts (password changes, login locks).
	"Too many failed logins with this username from your address: try again after %s.": "该用户名从您所在地址登录失败次数过多，请于 %s 后重试。",
	"Log in to change your password.":                                                  "请先登录，再修改密码。",
	"The current password is wrong.":                                                   "当前密码不正确。",
	"The new password must differ from the current one.":                               "新密码不能与当前密码相同。",
	"Change your own password with POST /api/auth/password.":                           "修改本人密码请使用“修改密码”（POST /api/auth/password），需提供当前密码。",
	// Issue 10: open311.
	"Send the body as application/x-www-form-urlencoded or application/json.":                                                      "请以 application/x-www-form-urlencoded 或 application/json 格式发送请求内容。",
	"The body must be a JSON object.":                                                                                              "请求内容应为一个 JSON 对象。",
	"%s must be a string or a number.":                                                                                             "%s 应为字符串或数字。",
	"Unknown jurisdiction_id %q; this endpoint serves jurisdiction %s.":                                                            "无法识别的 jurisdiction_id %q，本接口服务的辖区为 %s。",
	"service_request_id may list at most %d requests.":                                                                             "service_request_id 最多只能列出 %d 个服务请求。",
	"service_request_id must list positive integers separated by commas, got %q.":                                                  "service_request_id 应为以逗号分隔的正整数，收到的是 %q。",
	"Unknown status %q; use open, closed or both.":                                                                                 "无法识别的 status %q，请使用 open、closed 或两者。",
	"end_date must not be before start_date.":                                                                                      "end_date 不能早于 start_date。",
	"service_code is required; see services.json.":                                                                                 "请提供 service_code，请参阅 services.json。",
	"The point lat %g, long %g lies outside every cell of the town.":                                                               "位置（lat %g，long %g）不在本镇任何网格内。",
	"address_id %q is not the code of a cell of this town.":                                                                        "address_id %q 不是本镇网格的编码。",
	"address_string %q names no cell, village or community of the town; send lat and long.":                                        "address_string %q 中没有本镇的网格、村或社区名称，请提供 lat 和 long。",
	"A location is required: lat and long, an address_string naming a cell, village or community, or an address_id (a cell code).": "请提供位置：lat 和 long，或写明网格、村或社区名称的 address_string，或 address_id（网格编码）。",
	"lat and long go together: %s is missing.":                                                                                     "lat 和 long 须同时提供：缺少 %s。",
	// Issue 10: limits (text, photos, uploads).
	"%s is not valid UTF-8 text.":                                                                   "“%s”不是有效的 UTF-8 文本。",
	"%s holds a control character; only line breaks and tabs are allowed.":                          "“%s”含有控制字符；只允许换行和制表符。",
	"%s must be one line, without control characters.":                                              "“%s”只能是一行文字，不能含有换行或控制字符。",
	"%s is too long: at most %d characters, not %d.":                                                "“%s”过长：最多 %d 个字，现有 %d 个。",
	"%s lists at most %d entries, not %d.":                                                          "“%s”最多 %d 项，现有 %d 项。",
	"The photo's size cannot be read from its header.":                                              "无法从文件头读出照片的尺寸。",
	"The photo is %d × %d pixels; a photo may have at most %d pixels a side and %d million in all.": "照片为 %d × %d 像素；照片每边最多 %d 像素，总共最多 %d 百万像素。",
	"Too many photos from your account; wait %d seconds and try again.":                             "您的账号上传照片过于频繁；请 %d 秒后再试。",
	"The incident has %d photos already, the most it may have.":                                     "该事件已有 %d 张照片，已达上限。",
	"The incident has %d mediation records already, the most it may have.":                          "该事件已有 %d 条调解记录，已达上限。",
	// Issue 10: protocol faults.
	"The path is not valid UTF-8 text.": "请求路径不是有效的 UTF-8 文本。",
	"The body broke off before its end: it was shorter than its Content-Length or came too slowly.":       "请求内容未完整送达：长度不足 Content-Length 或发送过慢。",
	"The method %s is not allowed here; use %s.":                                                          "此处不支持 %s 请求方法，请使用 %s。",
	"A redrawn boundary must start and end at the two ends of the old one; the line ends at %s instead.":  "重画的边界须起止于原边界的两个端点；该线却止于 %s。",
	"Coordinates must be finite numbers.":                                                                 "坐标必须是有限的数值。",
	"The boundaries around cell %s are no longer valid after the earlier operations; correct them first.": "经过前面的操作，网格 %s 周围的边界已无效，请先修正。",
	"%s must be a number.":                       "%s 应为数字。",
	"%s must be a whole number.":                 "%s 应为整数。",
	"%s must be text.":                           "%s 应为文本。",
	"%s must be true or false.":                  "%s 应为 true 或 false。",
	"%s must be a list.":                         "%s 应为列表（JSON 数组）。",
	"%s must be an object.":                      "%s 应为对象（JSON 对象）。",
	"%s must be a point: [longitude, latitude].": "%s 应为一个点：[经度, 纬度]。",
	"%s is a number out of range.":               "%s 超出了数值范围。",
	"A position is two numbers, longitude and latitude (a third, the height, is ignored); %s has %d.":                 "一个坐标由经度和纬度两个数组成（第三个数为高程，不予采用）；%s 有 %d 个数。",
	"A password has at least %d characters.":                                                                          "密码至少应有 %d 个字符。",
	"A password has at most %d bytes.":                                                                                "密码最多 %d 个字节。",
	"The request was refused (HTTP %d).":                                                                              "请求被拒绝（HTTP %d）。",
	"Cell %s is not a valid polygon: its boundary must be one closed ring that does not touch itself, without holes.": "网格 %s 不是有效的多边形：边界须为一条不自相交的闭合环线，且不能有空洞。",
	"The cells of unit %s would not make one area: they would lie apart or enclose a hole.":                           "村（社区）%s 的网格将不再连成一片：会彼此分离或围出空洞。",
	"The cells would not make one town: they would lie apart or enclose a hole.":                                      "各网格将不再连成全镇一片：会彼此分离或围出空洞。",
	// Issue 10 review: a login or token racing a password change.
	"The password has just changed; log in again.":                      "密码刚刚已修改，请重新登录。",
	"remote must be a client address, e.g. 203.0.113.9 or 2001:db8::1.": "remote 须为客户端地址，如 203.0.113.9 或 2001:db8::1。",
	// Issue 12: boundary import.
	"The file has no features.": "文件中没有要素。",
	"The store holds no town yet: give the town's 9-digit division code (such as 500110119), not %q.":     "数据库中尚无乡镇：请提供乡镇的 9 位区划代码（如 500110119），而不是 %q。",
	"The store holds no town yet: give the town's name.":                                                  "数据库中尚无乡镇：请提供乡镇名称。",
	"The features have no attribute %q; they have %s.":                                                    "要素没有属性 %q；现有属性：%s。",
	"Name the attribute that holds it: the features have %s.":                                             "请指明存放该项的属性；要素现有属性：%s。",
	"The cell code %q is not 15 digits.":                                                                  "网格编码 %q 不是 15 位数字。",
	"Cell %s is not in town %s: its code must begin with %s.":                                             "网格 %s 不属于乡镇 %s：编码应以 %s 开头。",
	"Cell code %s is also the code of feature %d.":                                                        "网格编码 %s 与第 %d 个要素重复。",
	"Cell %s is named in unit %s, but its code puts it in unit %s.":                                       "网格 %s 标为属于 %s，但按其编码应属于 %s。",
	"A cell is one area, but this feature has %d parts.":                                                  "网格应为一整片区域，而该要素有 %d 个部分。",
	"A cell is a polygon, not a %s.":                                                                      "网格应为多边形，而不是 %s。",
	"A cell has no holes, but this polygon has %d.":                                                       "网格不能有空洞，而该多边形有 %d 个。",
	"The polygon is not valid: its boundary must be one closed ring that does not touch or cross itself.": "多边形无效：边界须为一条不自相接、不自相交的闭合环线。",
	"Cells %s overlap by %.1f m².":                                                                        "网格 %s 相互重叠 %.1f 平方米。",
	"Between cells %s lies a gap of %.1f m², or they fall apart.":                                         "网格 %s 之间有 %.1f 平方米的空隙，或互不相连。",
	"Cell %s is a sliver (%.1f m²): too small or too thin to be a cell.":                                  "网格 %s 是碎片（%.1f 平方米）：过小或过窄，不能作为网格。",
	"The boundary of cell %s crosses or touches itself.":                                                  "网格 %s 的边界自相交或自相接。",
	"Cells %s meet without sharing their vertices there: snap them (-snap) or correct the file.":          "网格 %s 在此相邻却不共用顶点：请吸附（-snap）或修正文件。",
	"Ground here lies in no cell, or the cells fall apart.":                                               "此处的土地不属于任何网格，或网格未连成一片。",
	"Cell %s has a hole.":                                                   "网格 %s 有空洞。",
	"Cell %s is not a valid polygon.":                                       "网格 %s 不是有效的多边形。",
	"Cells of unit %s name it both %q and %q.":                              "村（社区）%s 的网格给出了两个名称：%q 和 %q。",
	"The cells of unit %s do not make one area: they lie apart or overlap.": "村（社区）%s 的网格未连成一片：彼此分离或重叠。",
	"The cells do not make one town: they lie apart.":                       "各网格未连成全镇一片：彼此分离。",
	"Cell %s is in unit %s, which the town does not have.":                  "网格 %s 属于村（社区）%s，但本镇没有该村（社区）。",
	"The file has %d problems: nothing was imported.":                       "文件有 %d 处问题：未导入任何内容。",
	"The snapping distance must be a number of metres, not negative.":       "吸附距离应为以米计的数值，不能为负。",
	// Issue 12, coordinates (crs/): coordinate systems of imported files.
	"The coordinate system %s is not supported; use EPSG:4326 (WGS 84), EPSG:4490 (CGCS2000), a CGCS2000 Gauss-Kruger zone (EPSG:4513-4533 with the zone number in front of the easting, EPSG:4534-4554 without it; 6-degree zones EPSG:4491-4512) or gcj02 (高德/腾讯 maps).": "不支持坐标系 %s；请使用 EPSG:4326（WGS 84）、EPSG:4490（CGCS2000）、CGCS2000 高斯-克吕格投影带（3 度带：EPSG:4513-4533 横坐标带带号，EPSG:4534-4554 不带带号；6 度带：EPSG:4491-4512）或 gcj02（高德/腾讯地图）。",
	"Name a coordinate system: EPSG:4326 (WGS 84), EPSG:4490 (CGCS2000), a CGCS2000 Gauss-Kruger zone (EPSG:4491-4554) or gcj02 (高德/腾讯 maps).":                                                                                                                             "请指定坐标系：EPSG:4326（WGS 84）、EPSG:4490（CGCS2000）、CGCS2000 高斯-克吕格投影带（EPSG:4491-4554）或 gcj02（高德/腾讯地图）。",
	"The coordinate system definition (WKT) cannot be read at byte %d.": "坐标系定义（WKT）在第 %d 字节处无法解析。",
	"%s is on the %s datum, which lies up to a hundred metres off CGCS2000 and needs transformation parameters gridmap does not have; convert the file to CGCS2000 (EPSG:4490 or its Gauss-Kruger zone) first.": "%s 基于 %s 基准，与 CGCS2000 相差可达百米，需要 gridmap 没有的转换参数；请先将文件转换为 CGCS2000（EPSG:4490 或相应的高斯-克吕格投影带）。",
	"%s measures in %q; Gauss-Kruger coordinates must be in metres.":                                                        "%s 的单位是 %q；高斯-克吕格坐标须以米为单位。",
	"The point (%.10g, %.10g) lies outside the area of %s.":                                                                 "点 (%.10g, %.10g) 超出了 %s 的范围。",
	"A %s geometry cannot be converted to another coordinate system.":                                                       "%s 类型的几何图形无法转换坐标系。",
	"The coordinates (%s) are not longitude and latitude as %s declares; they look like %s: choose that coordinate system.": "坐标（%s）并非 %s 所声明的经纬度，看起来是 %s：请选择该坐标系。",
	"The coordinates (%s) are not longitude and latitude as %s declares; if they are Gauss-Kruger metres without the zone number, choose the zone by its central meridian (EPSG:4534-4554).": "坐标（%s）并非 %s 所声明的经纬度；如果是不带带号的高斯-克吕格坐标（米），请按中央经线选择投影带（EPSG:4534-4554）。",
	"The coordinates (%s) look like longitude and latitude in degrees, not the metres of %s: choose EPSG:4490 or EPSG:4326.":                                                                 "坐标（%s）看起来是以度为单位的经纬度，而不是 %s 的米制坐标：请选择 EPSG:4490 或 EPSG:4326。",
	"The coordinates (%s) are not the eastings and northings of one Gauss-Kruger zone, as %s declares.":                                                                                      "坐标（%s）不是同一个高斯-克吕格投影带的横纵坐标，与 %s 的声明不符。",
	"No coordinate system was given for the conversion.":                                                                                                                                     "转换时未指定坐标系。",
	"The eastings (%s) begin with zone number %d, but %s declares central meridian %g°E; they look like %s: choose that coordinate system.":                                                  "横坐标（%s）以带号 %d 开头，但 %s 声明的中央经线为东经 %g°；看起来是 %s：请选择该坐标系。",
	// Issue 12, boundaries in: formats (geofile).
	"%s cannot be opened: %s":                                                                                           "无法打开 %s：%s",
	"%s has no layer %q; its layers are %s.":                                                                            "%s 中没有图层 %q；其图层为 %s。",
	"%s holds %d records, its .shp %d shapes; they must be as many.":                                                    "%s 有 %d 条记录，而对应的 .shp 有 %d 个图形；两者数量必须相同。",
	"%s holds %d records; a layer may hold at most %d.":                                                                 "%s 有 %d 条记录；一个图层最多 %d 条。",
	"%s holds more than %d shapes; a layer may hold at most that.":                                                      "%s 的图形超过 %d 个，超出了一个图层的上限。",
	"%s holds no feature layer.":                                                                                        "%s 中没有要素图层。",
	"%s holds no layer gridmap reads (a .shp with its .shx and .dbf, a .kml, a .gpkg or a .geojson).":                   "%s 中没有可读取的图层（须为带 .shx 和 .dbf 的 .shp、.kml、.gpkg 或 .geojson）。",
	"%s holds several layers (%s); choose one with the layer option.":                                                   "%s 含有多个图层（%s）；请用 layer 选项选择其一。",
	"%s is a .shp alone; send it as a .zip together with its .shx, .dbf, .prj and .cpg.":                                "%s 只是一个单独的 .shp；请将它与 .shx、.dbf、.prj 和 .cpg 一起打包成 .zip 上传。",
	"%s is cut short: its header announces %d bytes, the file has %d.":                                                  "%s 不完整：文件头声明 %d 字节，实际只有 %d 字节。",
	"%s is cut short: its header announces %d records, the file holds %d.":                                              "%s 不完整：文件头声明 %d 条记录，实际只有 %d 条。",
	"%s is larger than %d MB, the most a file may be.":                                                                  "%s 超过 %d MB，超出了文件大小上限。",
	"%s is not GeoJSON: it is not a JSON object with a type.":                                                           "%s 不是 GeoJSON：它不是带 type 成员的 JSON 对象。",
	"%s is not a GeoPackage: it is not an SQLite file with gpkg_contents and gpkg_geometry_columns.":                    "%s 不是 GeoPackage：它不是含 gpkg_contents 和 gpkg_geometry_columns 的 SQLite 文件。",
	"%s is not a KML document: its root element is not <kml>.":                                                          "%s 不是 KML 文档：其根元素不是 <kml>。",
	"%s is not a dBASE table (.dbf): its header is damaged.":                                                            "%s 不是 dBASE 属性表（.dbf）：文件头已损坏。",
	"%s is not a readable zip archive: %s":                                                                              "%s 不是可读取的 zip 压缩包：%s",
	"%s is not a shapefile (.shp): its header is missing or damaged.":                                                   "%s 不是 Shapefile（.shp）：文件头缺失或已损坏。",
	"%s is not a shapefile index (.shx): its header is missing or its length is wrong.":                                 "%s 不是 Shapefile 索引（.shx）：文件头缺失或长度不对。",
	"%s is not in a format gridmap reads (GeoJSON, Shapefile, KML, KMZ or GeoPackage).":                                 "%s 的格式无法读取（支持 GeoJSON、Shapefile、KML、KMZ 和 GeoPackage）。",
	"%s is not valid JSON (line %d).":                                                                                   "%s 不是有效的 JSON（第 %d 行）。",
	"%s is not valid XML (line %d).":                                                                                    "%s 不是有效的 XML（第 %d 行）。",
	"%s lists %d records, its .shp holds %d; the index does not match.":                                                 "%s 列出 %d 条记录，而对应的 .shp 有 %d 条；索引与数据不符。",
	"%s names the encoding %q, which gridmap does not know; give one (UTF-8, GBK or GB18030) with the encoding option.": "%s 指定的编码 %q 无法识别；请用 encoding 选项指定编码（UTF-8、GBK 或 GB18030）。",
	"%s would expand to more than %d MB; a file may expand to at most that.":                                            "%s 解压后将超过 %d MB，超出了上限。",
	"%s, feature %d has no geometry.":                                                                                   "%s，第 %d 个要素没有几何图形。",
	"%s, feature %d has the unknown shape type %d.":                                                                     "%s，第 %d 个要素的图形类型 %d 无法识别。",
	"%s, feature %d is a %s; boundaries must be polygons.":                                                              "%s，第 %d 个要素是 %s；边界必须是面（多边形）。",
	"%s, feature %d is not a GeoJSON Feature.":                                                                          "%s，第 %d 个要素不是 GeoJSON Feature。",
	"%s, feature %d, field %s: the text is not valid %s; give the encoding.":                                            "%s，第 %d 个要素，字段 %s：文字不是有效的 %s 编码；请指定编码。",
	"%s, feature %d: %q is not a longitude,latitude pair.":                                                              "%s，第 %d 个要素：%q 不是“经度,纬度”坐标。",
	"%s, feature %d: a Polygon needs one outerBoundaryIs with one LinearRing.":                                          "%s，第 %d 个要素：Polygon 须有一个 outerBoundaryIs，其中含一个 LinearRing。",
	"%s, feature %d: its properties are not a JSON object.":                                                             "%s，第 %d 个要素：properties 不是 JSON 对象。",
	"%s, feature %d: ring %d has %d points; a ring needs at least 4 (the last repeating the first).":                    "%s，第 %d 个要素：第 %d 个环只有 %d 个点；一个环至少需要 4 个点（末点与首点相同）。",
	"%s, feature %d: ring %d has a coordinate that is not a finite number.":                                             "%s，第 %d 个要素：第 %d 个环含有不是有限数值的坐标。",
	"%s, feature %d: ring %d is not closed: its last point is not its first.":                                           "%s，第 %d 个要素：第 %d 个环未闭合：末点与首点不同。",
	"%s, feature %d: ring %d starts at point %d, outside its record.":                                                   "%s，第 %d 个要素：第 %d 个环起于第 %d 个点，超出了记录范围。",
	"%s, feature %d: the geometry is damaged.":                                                                          "%s，第 %d 个要素：几何图形已损坏。",
	"%s, feature %d: the index places the record at byte %d, the .shp has it at byte %d.":                               "%s，第 %d 个要素：索引记载该记录位于第 %d 字节，而 .shp 中位于第 %d 字节。",
	"%s, feature %d: the record breaks off at byte %d.":                                                                 "%s，第 %d 个要素：记录在第 %d 字节处中断。",
	"%s, feature %d: the record is too short for its %d parts and %d points.":                                           "%s，第 %d 个要素：记录长度不足以容纳其 %d 个部分和 %d 个点。",
	"%s, field %d: its name is not valid %s text; give the encoding.":                                                   "%s，第 %d 个字段：字段名不是有效的 %s 编码；请指定编码。",
	"%s: the %s file is missing; a shapefile needs its .shp, .shx and .dbf together.":                                   "%s：缺少 %s 文件；Shapefile 须同时具备 .shp、.shx 和 .dbf。",
	"The encoding %q is not one gridmap knows; use UTF-8, GBK or GB18030.":                                              "无法识别编码 %q；请使用 UTF-8、GBK 或 GB18030。",
	"The format %q is not one gridmap writes; use geojson, shp, kml or gpkg.":                                           "无法写出 %q 格式；请使用 geojson、shp、kml 或 gpkg。",
	"Feature %d of layer %s is not a polygon.":                                                                          "第 %d 个要素（图层 %s）不是面。",
	"Layer %s is in a coordinate system without an EPSG code, which GeoJSON cannot name.":                               "图层 %s 的坐标系没有 EPSG 代码，GeoJSON 无法注明。",
	"Layer %s is not in longitude/latitude, which KML requires.":                                                        "图层 %s 不是经纬度坐标，而 KML 只能用经纬度。",
	// Issue 12, people in (roster/): reading and checking the office's sheets.
	"%q is not a date such as 2021-03-04, 2021/3/4, 2021年3月4日 or 20210304.":                                                   "%q 不是日期，应写作 2021-03-04、2021/3/4、2021年3月4日 或 20210304。",
	"%q is not a date such as 2021-03-04 or 2021-03-04 09:30.":                                                                "%q 不是日期，应写作 2021-03-04 或 2021-03-04 09:30。",
	"The sheet is empty: it has no header row.":                                                                               "表格为空：没有列名行。",
	"%q is not column=field.":                                                                                                 "%q 不是“列名=字段”的形式。",
	"-map names %q for column %q, which is no field of a %s sheet; the fields are %s.":                                        "-map 为列 %[2]q 指定的 %[1]q 不是 %[3]s 表的字段；可用字段为 %[4]s。",
	"The columns %q and %q both give %s; remove one or map it with -map.":                                                     "列 %q 和 %q 都对应字段 %s；请删除其中一列，或用 -map 另行指定。",
	"The sheet lacks the required columns %s; its header row (row %d) has %s. Name other headers with -map 'column=field'.":   "表格缺少必填列 %s；其列名行（第 %d 行）为 %s。其他列名请用 -map '列名=字段' 指定。",
	"The identity number %s was stored as a number and has lost digits; format the column as text and type the number again.": "身份号码 %s 被存成了数字，已丢失位数；请将该列设为文本格式后重新录入。",
	"%s is an old 15-digit identity number; give the 18-digit number from the person's card (it would be %s).":                "%s 是旧的 15 位身份号码；请按身份证填写 18 位号码（换算应为 %s）。",
	"The identity number %q is not 17 digits followed by a digit or X.":                                                       "身份号码 %q 不是 17 位数字加 1 位数字或 X。",
	"The identity number %s has a wrong check digit (it should end in %c): a digit is mistyped.":                              "身份号码 %s 校验位不符（末位应为 %c）：有数字录错。",
	"The identity number %s holds no valid birth date (%s).":                                                                  "身份号码 %s 中的出生日期（%s）无效。",
	"The number is empty.":                                                           "编号为空。",
	"The number %s is also in row %d.":                                               "编号 %s 与第 %d 行重复。",
	"%q is not an incident type; the types are %s.":                                  "%q 不是事件类型；可用类型为 %s。",
	"%q is not a source; the sources are %s.":                                        "%q 不是事件来源；可用来源为 %s。",
	"%q is not a status; write 上报, 受理, 调解中, 已化解, 上交 or 办结.":                          "%q 不是办理状态；请填写 上报、受理、调解中、已化解、上交 或 办结。",
	"The summary is empty.":                                                          "摘要为空。",
	"The date is empty.":                                                             "日期为空。",
	"%s lies in the future.":                                                         "%s 晚于今天。",
	"A resolved or closed incident needs the date it was resolved.":                  "已化解或已办结的事件须填写办结时间。",
	"An open incident has no resolution date; leave it empty or correct the status.": "未办结的事件不应有办结时间；请留空或更正状态。",
	"The resolution date %s is before the incident (%s).":                            "办结时间 %s 早于发生时间（%s）。",
	"Give the cell (code or name) or the longitude and latitude.":                    "请填写所属网格（编码或名称）或经纬度。",
	"%q is neither a mobile number (11 digits from 13 to 19) nor a landline with its area code (e.g. 023-12345678).": "%q 既不是手机号码（以 13 至 19 开头的 11 位数字），也不是带区号的固定电话（如 023-12345678）。",
	"The town has no cell with code %s.":                                                     "本镇没有编码为 %s 的网格。",
	"The town has no cell named %q (or two cells have that name: give the 15-digit code).":   "本镇没有名为 %q 的网格（或有两个网格同名：请填写 15 位网格编码）。",
	"The town has no village or community %q.":                                               "本镇没有村（社区）%q。",
	"Coordinates cannot be checked: no cell boundaries were given.":                          "无法核对经纬度：没有网格边界。",
	"The point (%.6f, %.6f) lies in none of the town's cells.":                               "点 (%.6f, %.6f) 不在本镇任何网格内。",
	"The point (%.6f, %.6f) lies in cell %s, not in cell %s named in %s.":                    "点 (%.6f, %.6f) 位于网格 %s，而不在“%[5]s”所填的网格 %[4]s 内。",
	"The latitude is given without the longitude.":                                           "填写了纬度，但没有经度。",
	"The longitude is given without the latitude.":                                           "填写了经度，但没有纬度。",
	"Longitude %s and latitude %s look swapped.":                                             "经度 %s 与纬度 %s 似乎填反了。",
	"%q is not a longitude in decimal degrees (-180 to 180).":                                "%q 不是以十进制度表示的经度（-180 至 180）。",
	"%q is not a latitude in decimal degrees (-90 to 90).":                                   "%q 不是以十进制度表示的纬度（-90 至 90）。",
	"The file is not a readable .xlsx workbook: %s.":                                         "文件不是可读取的 .xlsx 工作簿：%s。",
	"The workbook has no sheet %q; it has %s.":                                               "工作簿中没有工作表 %q；现有 %s。",
	"The sheet %q cannot be read: %s.":                                                       "无法读取工作表 %q：%s。",
	"The sheet cannot be read after row %d: %s.":                                             "第 %d 行之后的内容无法读取：%s。",
	"Row %d cannot be read: %s.":                                                             "第 %d 行无法读取：%s。",
	"The CSV file cannot be read at line %d: %s.":                                            "CSV 文件第 %d 行无法读取：%s。",
	"The CSV file cannot be read: %s.":                                                       "CSV 文件无法读取：%s。",
	"The household number is empty.":                                                         "户号为空。",
	"The name is empty.":                                                                     "姓名为空。",
	"The relation to the head of household is empty; write 本人 for the head.":                 "与户主关系为空；户主本人请填写“本人”。",
	"The identity number is empty.":                                                          "身份号码为空。",
	"The identity number %s is also in row %d.":                                              "身份号码 %s 与第 %d 行重复。",
	"The birth date %s differs from the one in the identity number (%s).":                    "出生日期 %s 与身份号码中的出生日期（%s）不符。",
	"%q is not a gender; write 男 or 女.":                                                      "%q 不是性别；请填写 男 或 女。",
	"The gender %s differs from the one the identity number gives (its 17th digit).":         "性别“%s”与身份号码（第 17 位）不符。",
	"Household %s has no head: no member's relation is 本人 or 户主.":                            "户 %s 没有户主：没有成员的与户主关系为“本人”或“户主”。",
	"Household %s has a second head; its head is in row %d.":                                 "户 %s 有第二位户主；户主已在第 %d 行。",
	"The head of household %s is %s (row %d), not %s.":                                       "户 %s 的户主是 %s（第 %d 行），不是 %s。",
	"Household %s is in cell %s (row %d); this member is in cell %s.":                        "户 %s 位于网格 %s（第 %d 行），而此成员位于网格 %s。",
	"Household %s has no place: give its cell (code or name) or its longitude and latitude.": "户 %s 没有位置：请填写所属网格（编码或名称）或经纬度。",
	"A grid worker needs the cells they serve.":                                              "网格员须填写负责的网格。",
	"The category is empty; write 网格员 or the kind of mediator.":                              "类别为空；请填写“网格员”或调解员的类别。",
	"%q is not a category; write 网格员, 镇中心调解员, 镇乡贤和议员, 村干部, 驻村民警, 驻村律师 or 乡贤和议员.":           "%q 不是人员类别；请填写 网格员、镇中心调解员、镇乡贤和议员、村干部、驻村民警、驻村律师 或 乡贤和议员。",
	"A mediator of a village or community needs the kind: write 村干部, 驻村民警, 驻村律师 or 乡贤和议员.": "村（社区）调解员须写明类别：村干部、驻村民警、驻村律师 或 乡贤和议员。",
	"A town-centre mediator (%s) belongs to no village or community; leave %s empty.":      "镇中心调解员（%s）不属于任何村（社区）；请将“%s”留空。",
	"A %s serves a village or community: give it in %s.":                                   "%s 服务于某个村（社区）：请在“%s”中填写。",
	"%q is neither 是 nor 否.":                                                     "%q 既不是“是”也不是“否”。",
	"The username %q is not 1 to %d letters, digits, '.', '_' or '-'.":           "用户名 %q 须为 1 至 %d 个字母、数字、“.”、“_”或“-”。",
	"The username %s is also in row %d.":                                         "用户名 %s 与第 %d 行重复。",
	"A username is given but %s is not 是.":                                       "填写了用户名，但“%s”不是“是”。",
	"There is no template for %q; the kinds are residents, staff and incidents.": "没有 %q 的模板；可用的有 residents（居民）、staff（工作人员）和 incidents（台账）。",
	"The file is an old Excel 97-2003 workbook (.xls) or a password-protected one; save it as .xlsx (Excel workbook) without a password.": "文件是旧版 Excel 97-2003 工作簿（.xls）或设有密码；请另存为不带密码的 .xlsx（Excel 工作簿）。",
	"%s names cell %s, but %s names cell %s.": "“%s”填写的是网格 %s，而“%s”填写的是网格 %s。",
	// Issue 12: the boundary import page (数据导入).
	"The file is larger than %d KiB.":                       "文件超过 %d KiB。",
	"Send the file as multipart/form-data in the field %q.": "请以 multipart/form-data 格式在字段 %q 中上传文件。",
	"The field %q is given twice.":                          "字段 %q 重复出现。",
	// Issue 12: importing people (data.PeopleStore, importer.ImportSheet).
	"Household number %q is empty or given twice.":                         "户号 %q 为空或重复出现。",
	"Identity number %q is empty or given twice.":                          "身份号码 %q 为空或重复出现。",
	"A staff member is either a grid worker or a mediator.":                "工作人员须为网格员或调解员之一。",
	"Unknown mediator category %q.":                                        "未知的调解员类别 %q。",
	"%s (%s) is listed twice.":                                             "%s（%s）重复出现。",
	"Ledger number %q is empty or given twice.":                            "台账编号 %q 为空或重复出现。",
	"An imported incident names no mediators.":                             "导入的事件不能指派调解员。",
	"%s asks for an account, but accounts were not asked for (-accounts).": "%s 要求开通账号，但本次导入未选择开通账号（-accounts）。",
	"%s is a town-centre mediator, of no village or community, and a mediator's account needs one: open it with gridmap user add (for instance as a leader or viewer).": "%s 是镇中心调解员，不属于任何村（社区），而调解员账号须属于某个村（社区）：请用 gridmap user add 另行开通（例如作为镇领导或只读账号）。",
	// Issue 12: the people import of the admin page (sheetimport.go).
	"Accounts are opened from a staff sheet only.":                                        "只有工作人员表可以开通账号。",
	"There is no import of %q; the kinds are boundaries, residents, staff and incidents.": "没有 %q 这种导入；可用的有 boundaries（边界）、residents（居民）、staff（工作人员）和 incidents（台账）。",
	"The database holds no town yet: import its boundaries first.":                        "数据库中还没有乡镇：请先导入网格边界。",
	"There is no import job %q: it has expired, or the server restarted. An import writes all its rows or none: look at the records to see whether it was written.": "没有导入任务 %q：任务已过期，或服务已重启。导入要么全部写入、要么一行不写，请查看数据确认是否已导入。",
	"The import job %s is still running.":                             "导入任务 %s 仍在进行中。",
	"The sheet of import job %s has no row errors.":                   "导入任务 %s 的表格没有错误行。",
	"Another import (%s, %s) is running: wait until it has finished.": "另一项导入（%s，%s）正在进行：请等待其完成。",
	// Issue 12: exports (package export, geofile.NewWriter, roster.NewSheetWriter).
	"Residents hold personal data; only admins may export them.":                            "居民信息属于个人信息，仅管理员可以导出。",
	"There is no layer %q to export; the layers are cells, units, incidents and residents.": "没有可导出的图层 %q；可导出的有 cells（网格）、units（村社区）、incidents（事件）和 residents（居民）。",
	"The format %q is not one gridmap exports; use gpkg, shp, kml, geojson, xlsx or csv.":   "gridmap 不能导出 %q 格式；请选择 gpkg、shp、kml、geojson、xlsx 或 csv。",
	"Feature %d of layer %s is not a point.":                                                "第 %d 个要素（图层 %s）不是点。",
	"Layer %s has no geometry type gridmap writes (%q).":                                    "图层 %s 的几何类型 %q 无法写出。",
	"There is no sheet of %q; the kinds are residents, staff and incidents.":                "没有 %q 表格；可用的有 residents（居民）、staff（工作人员）和 incidents（台账）。",
	"The format %q is not a sheet format; use xlsx or csv.":                                 "%q 不是表格格式；请选择 xlsx 或 csv。",
	// Issue 12: an error of one of several files (data.Error.In).
	"%s: %s": "%s：%s",
	"Cells %s lie apart from the other cells (%.1f m²): a town is one area.":                            "网格 %s 与其他网格互不相连（%.1f 平方米）：全镇应连成一片。",
	"The file is named %s but is no Excel workbook; open it in Excel and save it as an .xlsx workbook.": "文件扩展名为 %s，但不是 Excel 工作簿；请用 Excel 打开并另存为 .xlsx 工作簿。",
	"%s is larger than %d MiB.":                                        "%s 超过 %d MiB。",
	"The username %s is taken by %s, an account of another role (%s).": "用户名 %s 已被 %s 使用，该账号属于其他角色（%s）。",
	"The file declares no coordinate system, and its coordinates are not longitude and latitude; they look like %s: give that system (-srs).":                                         "文件未声明坐标系，且其坐标不是经纬度；看起来是 %s：请指定该坐标系（-srs）。",
	"The file declares no coordinate system, and its coordinates are not longitude and latitude: give the system they are in (-srs), such as the Gauss-Kruger zone (EPSG:4513-4554).": "文件未声明坐标系，且其坐标不是经纬度：请指定其所用坐标系（-srs），如高斯-克吕格投影带（EPSG:4513-4554）。",
	// Issue 14: parties as people, reports filed as duplicates, similar cases.
	"Give the parties as names (parties) or as people (party_details), not both.": "当事人请按姓名（parties）或按人员（party_details）填写，不能同时填写。",
	"There is no resident %d.":                                                                  "没有编号为 %d 的居民。",
	"Resident %d is named twice.":                                                               "居民 %d 被重复列为当事人。",
	"A party needs a name, or a resident record.":                                               "当事人需要姓名，或选择一位居民。",
	"A phone number is digits (a leading + allowed), at most %d of them.":                       "电话号码须为数字（开头可有 +），最多 %d 位。",
	"Resident %d lives in another cell than the incident's (%s).":                               "居民 %d 不住在事件所在网格（%s）。",
	"Incident %d is itself a duplicate of incident %d; name that one.":                          "事件 %d 本身是事件 %d 的重复件，请关联到后者。",
	"Party %d: resident:%s is not a resident's ID.":                                             "第 %d 位当事人：resident:%s 不是居民编号。",
	"Your account (%s) may not see the residents of cell %s, so it cannot name one as a party.": "您的账号（%s）无权查看网格 %s 的居民，不能选择居民作为当事人。",
	"The session's time (%s) is still to come: record a session once it has been held.":         "调解时间（%s）尚未到来：请在调解进行之后再记录。",
	"Your account (%s) sees the residents of cell %s masked, so it cannot link one as a party of a case it reads in full; give the party's name and phone instead.": "您的账号（%s）查看网格 %s 的居民时信息已脱敏，不能在可查看完整信息的案件中关联居民作为当事人；请直接填写当事人姓名和电话。",
	// API audit: positions of a boundary file.
	"%s, feature %d has the position %s; a position is two numbers, longitude and latitude (a third, the height, is ignored).": "%s，第 %d 个要素有坐标 %s；一个坐标由经度和纬度两个数组成（第三个数为高程，不予采用）。",
	// API audit: searches by what a masked reader sees.
	"Your account (%s) sees residents' names masked, so it finds them only by what it sees: a surname (张), or a name as it is shown (张*丰).": "您的账号（%s）看到的居民姓名已脱敏，只能按看到的部分查找：姓氏（如“张”），或脱敏后显示的姓名（如“张*丰”）。",
	"Your account (%s) sees the parties of cases masked, so it cannot look up their earlier disputes by party.":                             "您的账号（%s）看到的案件当事人已脱敏，不能按当事人查找其以往纠纷。",
	"Your account (%s) sees residents masked, so it cannot look up a resident's earlier disputes; give the party's name and phone instead.": "您的账号（%s）看到的居民信息已脱敏，不能按居民查找其以往纠纷；请改填当事人姓名和电话。",
}
