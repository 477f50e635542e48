package sample

import (
	"math/rand/v2"
	"strings"
)

// Name pools for fictional people. Surnames are common in Chongqing, with
// rough weights; given names follow the fashions of the birth decade.
var surnames = []struct {
	name   string
	weight int
}{
	{"王", 9}, {"李", 9}, {"张", 8}, {"刘", 8}, {"陈", 8}, {"杨", 6}, {"黄", 5}, {"赵", 4},
	{"周", 5}, {"吴", 4}, {"徐", 3}, {"孙", 3}, {"胡", 4}, {"朱", 3}, {"高", 3}, {"林", 2},
	{"何", 4}, {"郭", 2}, {"罗", 5}, {"唐", 4}, {"邓", 4}, {"冉", 3}, {"谭", 4}, {"彭", 3},
	{"曾", 3}, {"蒋", 3}, {"钟", 2}, {"袁", 3}, {"雷", 2}, {"向", 2}, {"余", 3}, {"杜", 2},
	{"文", 2}, {"秦", 2}, {"龚", 2}, {"母", 1}, {"穆", 1}, {"霍", 1}, {"犹", 1}, {"封", 1},
}

var surnameTotal = func() int {
	n := 0
	for _, s := range surnames {
		n += s.weight
	}
	return n
}()

// Characters of given names by generation (born before 1970, 1970-1994,
// from 1995) and gender.
var givenChars = [3][2]string{
	{ // older
		"德明华国富贵成荣全才清志云树林发福寿海山文正昌永洪", // male
		"秀英兰芳珍桂玉凤琼淑素翠华群碧惠莲芬菊香芝梅琴仙",  // female
	},
	{ // middle
		"建军平勇伟刚强涛波斌杰峰鹏亮辉红兵林超东宏俊毅江川",
		"丽红燕萍霞敏静娟艳琳玲莉芳英梅娜倩蓉晓春慧丹雪琼",
	},
	{ // young
		"浩宇轩博文子睿俊杰泽阳晨皓一航铭豪嘉天宸逸然鑫磊",
		"梓涵欣怡诗雨思佳子琪可馨语萱若熙瑶悦彤雪婷钰妍晴",
	},
}

func pickSurname(rng *rand.Rand) string {
	n := rng.IntN(surnameTotal)
	for _, s := range surnames {
		if n < s.weight {
			return s.name
		}
		n -= s.weight
	}
	return surnames[0].name
}

// givenName returns a one- or two-character given name for someone born in
// year, male or female.
func givenName(rng *rand.Rand, year int, male bool) string {
	gen := 0
	switch {
	case year >= 1995:
		gen = 2
	case year >= 1970:
		gen = 1
	}
	g := 0
	if !male {
		g = 1
	}
	chars := []rune(givenChars[gen][g])
	var b strings.Builder
	b.WriteRune(chars[rng.IntN(len(chars))])
	if rng.IntN(10) < 7 {
		b.WriteRune(chars[rng.IntN(len(chars))])
	}
	return b.String()
}

// personName returns a full fictional name.
func personName(rng *rand.Rand, surname string, year int, male bool) string {
	return surname + givenName(rng, year, male)
}
