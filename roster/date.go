package roster

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"gridmap/data"
)

// dateForms match the ways offices type a date: 2021-03-04, 2021/3/4,
// 2021.3.4, 2021年3月4日, each optionally followed by a time of day, and
// 20210304.
var (
	dateSep   = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})秒?)?分?)?$`)
	dateEight = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
)

// excelEpoch is day 0 of Excel's 1900 date system, as Excel counts it
// (it treats 1900 as a leap year, so serials from 61 on are off by one
// from 1899-12-31: counting from 1899-12-30 is right for every date after
// February 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseDate reads a date, and a time of day when withTime allows it, in
// China Standard Time. Besides typed forms it accepts an Excel serial
// date (a number of days, the fraction being the time of day), which is
// what an .xlsx stores in a cell formatted as a date.
func parseDate(field, s string, withTime bool) (time.Time, *data.Error) {
	s = strings.TrimSpace(s)
	bad := data.FieldErrorf(field, "%q is not a date such as 2021-03-04, 2021/3/4, 2021年3月4日 or 20210304.", s)
	if withTime {
		bad = data.FieldErrorf(field, "%q is not a date such as 2021-03-04 or 2021-03-04 09:30.", s)
	}
	if m := dateEight.FindStringSubmatch(s); m != nil {
		return ymd(m[1:4], nil, bad)
	}
	if m := dateSep.FindStringSubmatch(s); m != nil {
		t, err := ymd(m[1:4], m[4:7], bad)
		if err == nil && !withTime && t.Hour()+t.Minute()+t.Second() != 0 {
			return time.Time{}, bad // a time of day where a date is asked
		}
		return t, err
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 2958466 && (withTime || f == float64(int64(f))) {
		days := int64(f)
		secs := int64((f-float64(days))*86400 + 0.5)
		t := excelEpoch.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, data.CST), nil
	}
	return time.Time{}, bad
}

func ymd(d, hms []string, bad *data.Error) (time.Time, *data.Error) {
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	y, mo, day := n(d[0]), n(d[1]), n(d[2])
	h, mi, sec := 0, 0, 0
	if hms != nil && hms[0] != "" {
		h, mi, sec = n(hms[0]), n(hms[1]), n(hms[2])
	}
	t := time.Date(y, time.Month(mo), day, h, mi, sec, 0, data.CST)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != day || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, bad
	}
	return t, nil
}
