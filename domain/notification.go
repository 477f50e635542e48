package domain

import (
	"net/url"
	"slices"
	"strings"

	"gridmap/data"
)

// CheckWebhook returns EINVALID naming the field unless w names a unit,
// its URL is an absolute http(s) URL without credentials (user:password@)
// or fragment, its format one of data.WebhookFormats, and its secret only
// for 钉钉.
func CheckWebhook(w *data.Webhook) error {
	u, err := url.Parse(w.URL)
	switch {
	case w.Unit == "":
		return data.FieldErrorf("unit", "A webhook needs a unit.")
	case w.URL == "":
		return data.FieldErrorf("url", "A webhook needs a URL.")
	case len(w.URL) > 2000:
		return data.FieldErrorf("url", "The URL is longer than 2000 characters.")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return data.FieldErrorf("url", "The URL must be an http or https address, such as https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=….")
	case u.User != nil:
		return data.FieldErrorf("url", "The URL must not carry a user name or password.")
	case u.Fragment != "" || u.RawFragment != "":
		return data.FieldErrorf("url", "The URL must not have a fragment (#…).")
	case IsMaskedURL(w.URL):
		return data.FieldErrorf("url", "The URL is the masked one shown (****): enter the robot's full address.")
	case !slices.Contains(data.WebhookFormats, w.Format):
		return data.FieldErrorf("format", "The format is wecom, dingtalk or json, got %q.", w.Format)
	case w.Secret != "" && w.Format != "dingtalk":
		return data.FieldErrorf("secret", "Only a 钉钉 (dingtalk) robot takes a signing secret.")
	case len(w.Secret) > 200:
		return data.FieldErrorf("secret", "The secret is longer than 200 characters.")
	}
	return nil
}

// CheckNotifyLimit returns EINVALID naming "limit" unless limit is from 1
// to data.MaxNotifyPage: the size of a page of notifications or outbox
// messages.
func CheckNotifyLimit(limit int) error {
	if limit < 1 || limit > data.MaxNotifyPage {
		return data.FieldErrorf("limit", "The limit is from 1 to %d.", data.MaxNotifyPage)
	}
	return nil
}

// CheckOutbox returns EINVALID naming "key" for a message without a key:
// the key makes the message that two processes' scans queue one.
func CheckOutbox(m *data.OutboxMessage) error {
	if m.Key == "" {
		return data.FieldErrorf("key", "A message needs a key.")
	}
	return nil
}

// Delivered reports whether attempt d delivered its message: a 2xx answer
// and no error (a robot may refuse a message with 200, which notify
// records as the attempt's error).
func Delivered(d *data.Delivery) bool { return d.Status >= 200 && d.Status < 300 && d.Error == "" }

// CheckRetry returns ECONFLICT unless message id failed for good (failed):
// one delivered, or still being tried, is not tried again by hand.
func CheckRetry(id int64, failed bool) error {
	if !failed {
		return data.Errorf(data.ECONFLICT, "Message %d has not failed: it is delivered or still being tried.", id)
	}
	return nil
}

// maskedValue marks a webhook URL's query value masked by MaskURL.
const maskedValue = "****"

// MaskURL is a webhook URL as it may be shown, even to admins: scheme,
// host and path as they are, every query value (the robot's key,
// access_token) masked but for its last 4 characters when it is longer
// than 8 (****a1b2), wholly when shorter. A URL that does not parse is
// masked wholly.
func MaskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return maskedValue
	}
	if u.RawQuery == "" {
		return raw
	}
	parts := strings.Split(u.RawQuery, "&")
	for i, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		if uv, err := url.QueryUnescape(v); err == nil {
			v = uv
		}
		r := []rune(v)
		if len(r) > 8 {
			parts[i] = k + "=" + maskedValue + url.QueryEscape(string(r[len(r)-4:]))
		} else {
			parts[i] = k + "=" + maskedValue
		}
	}
	u.RawQuery = strings.Join(parts, "&")
	return u.String()
}

// IsMaskedURL reports whether raw carries a value MaskURL masked: the URL
// as shown, not one a robot takes.
func IsMaskedURL(raw string) bool {
	return strings.Contains(raw, "="+maskedValue)
}
