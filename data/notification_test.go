package data_test

import (
	"testing"

	"gridmap/data"
)

// TestMaskURL: a webhook URL as shown keeps scheme, host and path, and
// masks every query value but the last 4 characters of a long one.
func TestMaskURL(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"wecom key", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f2-4bd1-4c9e-a8f0-5c2d7e9b1a3f",
			"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****1a3f"},
		{"dingtalk token", "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef", "https://oapi.dingtalk.com/robot/send?access_token=****cdef"},
		{"several values, a short one wholly", "http://10.0.0.5:8080/hook?a=1&token=abcdefghij", "http://10.0.0.5:8080/hook?a=****&token=****ghij"},
		{"escaped value", "https://x.cn/h?k=abcdefgh%2Bxyz%2F", "https://x.cn/h?k=****xyz%2F"},
		{"no query", "https://x.cn/hooks/abc", "https://x.cn/hooks/abc"},
		{"unparsable", "http://x.cn/%zz?key=secretsecret", "****"},
	} {
		if got := data.MaskURL(c.in); got != c.want {
			t.Errorf("%s: MaskURL(%q) = %q; want %q", c.name, c.in, got, c.want)
		}
		if got := data.MaskURL(c.in); c.in != c.want && !data.IsMaskedURL(got) && got != "****" {
			t.Errorf("%s: IsMaskedURL(%q) = false; want true", c.name, got)
		}
	}
}
