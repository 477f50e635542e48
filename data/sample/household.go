package sample

import (
	"math/rand/v2"
	"time"
)

// Relations to the head of household.
const (
	relHead       = "户主"
	relSpouse     = "配偶"
	relChild      = "子女"
	relParent     = "父母"
	relGrandchild = "孙子女"
	relOther      = "其他"
)

// asOf is the date the sample describes: ages are counted to it.
var asOf = day(2026, 10, 31)

// member is one person of a household before it is placed and numbered.
type member struct {
	relation string
	surname  string
	age      int
	male     bool
}

// Household sizes 1..6: rural households are older and smaller (many
// working-age people live in cities), urban ones mostly couples with a
// child.
var (
	ruralSizes     = []int{20, 30, 20, 15, 10, 5}
	communitySizes = []int{14, 28, 32, 16, 7, 3}
)

func pickWeighted(rng *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// compose draws the members of a household of the given size.
func compose(rng *rand.Rand, size int, rural bool) []member {
	headAge := 25 + rng.IntN(30) + rng.IntN(20)
	if rural {
		headAge = 30 + rng.IntN(30) + rng.IntN(26)
	}
	head := member{relHead, pickSurname(rng), headAge, rng.IntN(10) < 8}
	ms := []member{head}
	fatherName := head.surname
	if size >= 2 && rng.IntN(100) < 85 {
		spouse := member{relSpouse, pickSurname(rng), max(20, headAge+rng.IntN(9)-3), !head.male}
		if head.male {
			spouse.age = max(20, headAge-rng.IntN(9)+2)
		} else {
			fatherName = spouse.surname
		}
		ms = append(ms, spouse)
	}
	children := 1 + rng.IntN(3)
	if headAge >= 60 {
		children = rng.IntN(3)
	}
	for i := 0; i < children && len(ms) < size; i++ {
		age := headAge - 22 - rng.IntN(14)
		if age < 0 {
			break
		}
		ms = append(ms, member{relChild, fatherName, age, rng.IntN(2) == 0})
	}
	for len(ms) < size {
		switch {
		case headAge >= 50:
			age := max(0, headAge-48-rng.IntN(14))
			ms = append(ms, member{relGrandchild, fatherName, age, rng.IntN(2) == 0})
		case headAge <= 55 && countRelation(ms, relParent) < 2:
			male := countRelation(ms, relParent) == 0
			surname := head.surname
			if !male {
				surname = pickSurname(rng)
			}
			ms = append(ms, member{relParent, surname, min(96, headAge+22+rng.IntN(10)), male})
		default:
			ms = append(ms, member{relOther, head.surname, max(16, headAge-10+rng.IntN(20)), rng.IntN(2) == 0})
		}
	}
	return ms
}

func countRelation(ms []member, rel string) int {
	n := 0
	for _, m := range ms {
		if m.relation == rel {
			n++
		}
	}
	return n
}

// birthDate returns a birth date making someone age years old on asOf.
func birthDate(rng *rand.Rand, age int) time.Time {
	return asOf.AddDate(-age, 0, -rng.IntN(365))
}
