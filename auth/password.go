// Package auth holds gridmap's credential primitives: argon2id password
// hashes and random secrets (session cookies, API tokens) stored only as
// their SHA-256. It does no I/O; the api package decides who may do what.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes,
// 1 lane) keeps a login under ~50 ms on a small server while making
// offline guessing costly. They are stored in each hash, so they can be
// raised later without invalidating existing passwords.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// MinPasswordLen is the shortest password accepted, in characters, and
// MaxPasswordBytes the longest, in bytes (argon2 hashes all of it).
const (
	MinPasswordLen   = 10
	MaxPasswordBytes = 1024
)

// The reasons CheckNewPassword gives, for callers to word in their users'
// language.
var (
	ErrPasswordShort = fmt.Errorf("the password must have at least %d characters", MinPasswordLen)
	ErrPasswordLong  = fmt.Errorf("the password must have at most %d bytes", MaxPasswordBytes)
)

// ErrBadHash means a stored hash is not one this package wrote.
var ErrBadHash = errors.New("auth: malformed password hash")

// CheckNewPassword returns why pw may not be used (ErrPasswordShort,
// ErrPasswordLong), or nil.
func CheckNewPassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return ErrPasswordShort
	}
	if len(pw) > MaxPasswordBytes {
		return ErrPasswordLong
	}
	return nil
}

// HashPassword returns the PHC-format argon2id hash of pw with a new salt.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches hash, in constant time.
func CheckPassword(hash, pw string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrBadHash
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 256*1024 || t > 16 || p > 16 {
		return false, ErrBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, ErrBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false, ErrBadHash
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NewSecret returns a random 256-bit secret, URL-safe, for a session
// cookie, a CSRF token or an API token.
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: the system random source failed: " + err.Error()) // crypto/rand never fails on Linux
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret returns the hex SHA-256 of a secret: what the store keeps, so
// that a copy of the database grants no access. Secrets are random and
// long, so no salt or stretching is needed.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// Equal compares two secrets in constant time.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// passwordAlphabet is what NewPassword draws from: letters and digits
// without the ones read alike (0 O o, 1 l I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewPasswordLen is the length of a NewPassword: 14 characters of 56 are
// over 80 bits.
const NewPasswordLen = 14

// NewPassword returns a random password for an account opened on
// someone's behalf (an import of staff), to be shown once and changed.
func NewPassword() (string, error) {
	b := make([]byte, NewPasswordLen)
	for i := range b {
		var r [1]byte
		for { // rejection sampling keeps the draw uniform
			if _, err := rand.Read(r[:]); err != nil {
				return "", err
			}
			if int(r[0]) < 256-256%len(passwordAlphabet) {
				break
			}
		}
		b[i] = passwordAlphabet[int(r[0])%len(passwordAlphabet)]
	}
	return string(b), nil
}
