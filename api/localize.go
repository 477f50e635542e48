package api

// Message gives the user-safe message of err in lang (zh-CN or en), as
// the API would answer it. It is for text written outside a request: the
// 错误 column of the error sheet that `gridmap import` writes
// (roster.WriteErrors).
func Message(lang string, err error) string { return message(lang, err) }

// Languages of Message.
const (
	LangZH = langZH
	LangEN = langEN
)
