package data

import (
	"context"
	"time"
)

// Notification kinds: rows of the notification_kinds lookup table.
const (
	NotifyAssigned  = "assigned"  // a case was assigned to the user
	NotifyReturned  = "returned"  // a case the user reported was returned (退回)
	NotifyMentioned = "mentioned" // the user was @mentioned in a note
	NotifyOverdue   = "overdue"   // a case of the user's passed its stage's deadline
	// NotifyFollowupDue: a resolved case of the user's is past the
	// deadline of its 回访 and has no passed one.
	NotifyFollowupDue = "followup_due"
)

// MaxNotifyPage is the most notifications or outbox messages one page
// (Notifications, ClaimDue, Outbox) holds.
const MaxNotifyPage = 100

// NotificationKinds are the kinds of notification, as the store's lookup
// table lists them.
var NotificationKinds = []string{NotifyAssigned, NotifyReturned, NotifyMentioned, NotifyOverdue, NotifyFollowupDue}

// Notification is one notice in a user's in-app inbox. It names a case and
// what happened, never a note's text or anyone's personal data.
type Notification struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"-"`
	Kind       string     `json:"kind"`
	IncidentID int64      `json:"incident_id,omitempty"`
	Stage      string     `json:"stage,omitempty"` // the status whose deadline passed, for overdue
	Key        string     `json:"-"`               // dedupe key: one notice per user and key
	CreatedAt  time.Time  `json:"created_at"`
	ReadAt     *time.Time `json:"read_at"`
}

// NotificationPage is a page of a user's inbox, newest first.
type NotificationPage struct {
	Items  []Notification `json:"items"`
	Unread int            `json:"unread"` // of the whole inbox, not the page
	Next   int64          `json:"next,omitempty"`
}

// OutboxMessage is one message for the outbound webhook.
type OutboxMessage struct {
	ID          int64      `json:"id"`
	Key         string     `json:"key"`
	Body        string     `json:"body"`
	CreatedAt   time.Time  `json:"created_at"`
	Attempts    int        `json:"attempts"`
	NextAt      time.Time  `json:"next_at"`
	DeliveredAt *time.Time `json:"delivered_at"`
	Failed      bool       `json:"failed"`
	// Target is the webhook: "" the town's, else the code of the unit
	// whose own webhook it is (Webhook).
	Target string `json:"target"`
}

// WebhookFormats are the bodies a webhook takes: 企业微信 and 钉钉 group
// robots' markdown, or the message as JSON.
var WebhookFormats = []string{"wecom", "dingtalk", "json"}

// Webhook is a unit's (村/社区) own webhook, which gets the notifications
// of the unit's cases besides the town's.
type Webhook struct {
	Unit      string    `json:"unit"`
	URL       string    `json:"url"`
	Format    string    `json:"format"`
	Secret    string    `json:"-"` // 钉钉's signing secret, never answered
	UpdatedAt time.Time `json:"updated_at"`
}

// Delivery is one attempt to deliver an outbox message.
type Delivery struct {
	ID       int64     `json:"id"`
	OutboxID int64     `json:"outbox_id"`
	Attempt  int       `json:"attempt"`
	At       time.Time `json:"at"`
	Status   int       `json:"status"` // HTTP status; 0 when none came
	Error    string    `json:"error"`
}

// NotificationStore keeps users' inboxes and the webhook outbox.
type NotificationStore interface {
	// AddNotification adds n to its user's inbox and sets its ID and
	// CreatedAt (a zero one means now); false, with nothing written, when
	// the user has a notification with n.Key already (of concurrent adds
	// of one key exactly one is true). EINVALID for an unknown kind;
	// ENOTFOUND for an unknown user or incident.
	AddNotification(ctx context.Context, n *Notification) (bool, error)
	// Notifications returns the user's notifications with IDs below
	// before (0: from the newest), newest first, at most limit (1 to 100),
	// and the count of the user's unread ones. EINVALID for a bad limit.
	Notifications(ctx context.Context, userID, before int64, limit int) (*NotificationPage, error)
	// ReadNotification marks the user's notification id read at at; the
	// first time stays. ENOTFOUND when the user has no such notification.
	ReadNotification(ctx context.Context, userID, id int64, at time.Time) error
	// ReadAllNotifications marks all the user's unread notifications read
	// and returns how many it marked.
	ReadAllNotifications(ctx context.Context, userID int64, at time.Time) (int, error)
	// Enqueue adds a message to the outbox, due at m.NextAt (zero: now);
	// false when a message with m.Key exists already.
	Enqueue(ctx context.Context, m *OutboxMessage) (bool, error)
	// ClaimDue returns up to limit undelivered, not failed messages for
	// target due by now, oldest first, and moves their next try to lease,
	// so that another worker on the database does not take them meanwhile.
	ClaimDue(ctx context.Context, target string, now, lease time.Time, limit int) ([]OutboxMessage, error)
	// TakeSend takes one of the perMinute requests a minute that the
	// webhook target (an opaque key: notify hashes the URL) may get, for a
	// request at now, and reports whether there was one: false when the
	// target had perMinute sends in the minute before now. Every process
	// on the database shares the count, and two calls at once take turns,
	// so together they never exceed it. Sends older than a minute are
	// forgotten.
	TakeSend(ctx context.Context, target string, now time.Time, perMinute int) (bool, error)
	// RecordDelivery logs attempt d of its message and counts it: the
	// message is delivered when d.Status is 2xx and d.Error empty (a robot
	// may refuse a message with 200); otherwise tried again at
	// next, or failed for good when next is nil. ENOTFOUND for an unknown
	// message.
	RecordDelivery(ctx context.Context, d *Delivery, next *time.Time) error
	// Outbox returns the newest limit messages (1 to 100), newest first.
	Outbox(ctx context.Context, limit int) ([]OutboxMessage, error)
	// Deliveries returns the attempts of message id, in order.
	Deliveries(ctx context.Context, outboxID int64) ([]Delivery, error)
	// RetryMessage makes failed message id due again at at, for one more
	// attempt. ENOTFOUND for an unknown message; ECONFLICT when it has
	// not failed (delivered, or still being tried).
	RetryMessage(ctx context.Context, id int64, at time.Time) error

	// SetWebhook sets (or replaces) the webhook of w.Unit, and w.UpdatedAt
	// (a zero one means now). EINVALID as domain.CheckWebhook says; ENOTFOUND for an
	// unknown unit.
	SetWebhook(ctx context.Context, w *Webhook) error
	// DeleteWebhook removes the webhook of unit. ENOTFOUND when it has
	// none.
	DeleteWebhook(ctx context.Context, unit string) error
	// Webhooks returns the units' webhooks, by unit code.
	Webhooks(ctx context.Context) ([]Webhook, error)
}
