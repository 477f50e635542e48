package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse 安稳")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("HashPassword = %q; want a PHC argon2id hash", h)
	}
	cases := []struct {
		pw   string
		want bool
	}{
		{"correct horse 安稳", true},
		{"correct horse 安", false},
		{"", false},
	}
	for _, c := range cases {
		ok, err := CheckPassword(h, c.pw)
		if err != nil || ok != c.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", c.pw, ok, err, c.want)
		}
	}
	h2, _ := HashPassword("correct horse 安稳")
	if h2 == h {
		t.Errorf("two hashes of one password are equal: the salt is not random")
	}
}

func TestCheckPasswordBadHash(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=x$a$b",
		"$argon2id$v=19$m=19456,t=2,p=1$!!$aGFzaA", "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdA$aGFzaA"} {
		if _, err := CheckPassword(h, "x"); err != ErrBadHash {
			t.Errorf("CheckPassword(%q) error = %v; want ErrBadHash", h, err)
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	f.Add("$argon2id$v=19$m=16,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", "pw")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		CheckPassword(hash, pw) // must not panic or run away
	})
}

func TestCheckNewPassword(t *testing.T) {
	if err := CheckNewPassword("short"); !errors.Is(err, ErrPasswordShort) {
		t.Errorf("CheckNewPassword(short) = %v; want ErrPasswordShort", err)
	}
	if err := CheckNewPassword(strings.Repeat("长", MaxPasswordBytes/3+1)); !errors.Is(err, ErrPasswordLong) {
		t.Errorf("CheckNewPassword(%d bytes) = %v; want ErrPasswordLong", MaxPasswordBytes+3, err)
	}
	if err := CheckNewPassword("十个字的中文密码好的"); err != nil {
		t.Errorf("CheckNewPassword(10 CJK characters) = %v; want nil", err)
	}
}

func TestSecrets(t *testing.T) {
	a, b := NewSecret(), NewSecret()
	if a == b || len(a) != 43 {
		t.Errorf("NewSecret = %q, %q; want two different 43-character secrets", a, b)
	}
	if HashSecret(a) == HashSecret(b) || len(HashSecret(a)) != 64 {
		t.Errorf("HashSecret is not a 64-hex-digit digest")
	}
	if !Equal(a, a) || Equal(a, b) {
		t.Errorf("Equal is wrong")
	}
}
