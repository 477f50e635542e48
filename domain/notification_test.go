package domain

import (
	"errors"
	"strings"
	"testing"

	"gridmap/data"
)

func TestCheckWebhook(t *testing.T) {
	tests := []struct {
		name  string
		w     data.Webhook
		field string // "" when valid
	}{
		{"a 钉钉 robot with its secret", data.Webhook{Unit: "U1", URL: "https://oapi.dingtalk.com/robot/send?access_token=a", Format: "dingtalk", Secret: "SEC"}, ""},
		{"plain http on a LAN", data.Webhook{Unit: "U1", URL: "http://10.0.0.8:8080/hook", Format: "json"}, ""},
		{"no unit", data.Webhook{URL: "https://x.cn/hook", Format: "json"}, "unit"},
		{"no URL", data.Webhook{Unit: "U1", Format: "json"}, "url"},
		{"a URL past 2000 characters", data.Webhook{Unit: "U1", URL: "https://x.cn/" + strings.Repeat("a", 2000), Format: "json"}, "url"},
		{"another scheme", data.Webhook{Unit: "U1", URL: "ftp://x.cn/hook", Format: "json"}, "url"},
		{"a relative URL", data.Webhook{Unit: "U1", URL: "/hook", Format: "json"}, "url"},
		{"credentials in the URL", data.Webhook{Unit: "U1", URL: "https://user:pw@x.cn/hook", Format: "json"}, "url"},
		{"a fragment", data.Webhook{Unit: "U1", URL: "https://x.cn/hook#a", Format: "json"}, "url"},
		{"an unknown format", data.Webhook{Unit: "U1", URL: "https://x.cn/hook", Format: "slack"}, "format"},
		{"a secret for 企业微信", data.Webhook{Unit: "U1", URL: "https://x.cn/hook", Format: "wecom", Secret: "SEC"}, "secret"},
		{"a secret past 200 characters", data.Webhook{Unit: "U1", URL: "https://x.cn/hook", Format: "dingtalk", Secret: strings.Repeat("s", 201)}, "secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckWebhook(&tt.w)
			var field string
			if e, ok := err.(*data.Error); ok {
				field = e.Field
			}
			if (err == nil) != (tt.field == "") || field != tt.field {
				t.Errorf("CheckWebhook(%+v) = %v; want field %q (\"\": no error)", tt.w, err, tt.field)
			}
		})
	}
}

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
		if got := MaskURL(c.in); got != c.want {
			t.Errorf("%s: MaskURL(%q) = %q; want %q", c.name, c.in, got, c.want)
		}
		if got := MaskURL(c.in); c.in != c.want && !IsMaskedURL(got) && got != "****" {
			t.Errorf("%s: IsMaskedURL(%q) = false; want true", c.name, got)
		}
	}
}

func TestCheckNotifyLimit(t *testing.T) {
	for _, tt := range []struct {
		limit int
		valid bool
	}{{0, false}, {1, true}, {data.MaxNotifyPage, true}, {data.MaxNotifyPage + 1, false}, {-1, false}} {
		err := CheckNotifyLimit(tt.limit)
		var e *data.Error
		if valid := err == nil; valid != tt.valid || !valid && (!errors.As(err, &e) || e.Field != "limit") {
			t.Errorf("CheckNotifyLimit(%d) = %v; want valid %v", tt.limit, err, tt.valid)
		}
	}
}

// TestDelivered: only a 2xx answer without an error delivers a message.
func TestDelivered(t *testing.T) {
	for _, c := range []struct {
		name string
		d    data.Delivery
		want bool
	}{
		{"200", data.Delivery{Status: 200}, true},
		{"204", data.Delivery{Status: 204}, true},
		{"a robot's refusal with 200", data.Delivery{Status: 200, Error: "robot errcode 310000"}, false},
		{"no answer", data.Delivery{Error: "dial tcp: timeout"}, false},
		{"a redirect", data.Delivery{Status: 302, Error: "302 Found"}, false},
		{"a server error", data.Delivery{Status: 500, Error: "500 Internal Server Error"}, false},
	} {
		if got := Delivered(&c.d); got != c.want {
			t.Errorf("Delivered(%s %+v) = %v; want %v", c.name, c.d, got, c.want)
		}
	}
}

// TestOutboxRules: a message needs a key; only a failed one is retried.
func TestOutboxRules(t *testing.T) {
	if err := CheckOutbox(&data.OutboxMessage{Key: "k"}); err != nil {
		t.Errorf("CheckOutbox(key k) = %v; want nil", err)
	}
	if err := CheckOutbox(&data.OutboxMessage{}); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("CheckOutbox(no key) = %v; want EINVALID", err)
	}
	if err := CheckRetry(3, true); err != nil {
		t.Errorf("CheckRetry(3, failed) = %v; want nil", err)
	}
	if err := CheckRetry(3, false); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("CheckRetry(3, not failed) = %v; want ECONFLICT", err)
	}
}
