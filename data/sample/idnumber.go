package sample

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Region prefixes of the fictional identity numbers: 500222 was Qijiang
// County before it became a district in 2011; 500110 is the district.
const (
	regionCounty   = "500222"
	regionDistrict = "500110"
)

// idWeights are the GB 11643-1999 weights of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckDigit returns the ISO 7064 MOD 11-2 check character of the first
// 17 digits of a resident identity number: 0-9 or X. It returns 0 for
// input that is not 17 digits.
func idCheckDigit(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := range 17 {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0
		}
		sum += int(c-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

// people hands out identity numbers and phone numbers that are unique
// within the data set.
type people struct {
	ids    map[string]bool
	phones map[string]bool
}

func newPeople() *people {
	return &people{ids: make(map[string]bool), phones: make(map[string]bool)}
}

// idNumber returns a new 18-digit identity number for someone born on
// birth: region, birth date, a sequence number whose last digit is odd for
// men and even for women, and the check digit.
func (p *people) idNumber(rng *rand.Rand, birth time.Time, male bool) string {
	region := regionCounty
	if birth.Year() >= 2012 {
		region = regionDistrict
	}
	for {
		seq := rng.IntN(500) * 2
		if male {
			seq++
		}
		first := fmt.Sprintf("%s%s%03d", region, birth.Format("20060102"), seq)
		id := first + string(idCheckDigit(first))
		if !p.ids[id] {
			p.ids[id] = true
			return id
		}
	}
}

// mobilePrefixes are real mainland mobile number blocks (13x-19x).
var mobilePrefixes = []string{
	"133", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
	"166", "173", "177", "180", "181", "182", "183", "187", "188", "189", "191", "199",
}

// phone returns a new 11-digit mobile number.
func (p *people) phone(rng *rand.Rand) string {
	for {
		n := fmt.Sprintf("%s%08d", mobilePrefixes[rng.IntN(len(mobilePrefixes))], rng.IntN(100_000_000))
		if !p.phones[n] {
			p.phones[n] = true
			return n
		}
	}
}
