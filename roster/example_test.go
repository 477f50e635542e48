package roster_test

import (
	"fmt"

	"gridmap/roster"
)

// A sheet whose columns have other names maps them with -map: by field
// name or by the template's Chinese header; "-" ignores a column.
func ExampleParseMap() {
	m, err := roster.ParseMap("证件号=id_number，家庭地址=现住址, 民族=-")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m["证件号"], m["家庭地址"], m["民族"])
	// Output: id_number 现住址 -
}
