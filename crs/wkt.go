package crs

import (
	"strconv"
	"strings"
	"unicode"

	"gridmap/data"
)

// A WKT node: KEYWORD[arg, arg, ...], where an argument is a quoted
// string, a number or bare word (kept as text) or another node. WKT1 (OGC
// and ESRI) and WKT2 share this shape; brackets may also be parentheses.
type node struct {
	keyword string // upper case
	args    []any  // string | *node
}

// maxWKT bounds what parseWKT reads: a real definition is a few kilobytes.
const (
	maxWKT      = 1 << 16
	maxWKTDepth = 32
)

func parseWKT(s string) (*node, error) {
	if len(s) > maxWKT {
		return nil, badWKT(maxWKT)
	}
	p := &wktParser{s: s}
	p.space()
	n, err := p.node(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.s) {
		return nil, badWKT(p.i)
	}
	return n, nil
}

type wktParser struct {
	s string
	i int
}

// badWKT is the error for a definition that is not WKT, naming the byte
// where reading stopped.
func badWKT(at int) error {
	return data.FieldErrorf("srs", "The coordinate system definition (WKT) cannot be read at byte %d.", at)
}

func (p *wktParser) space() {
	for p.i < len(p.s) {
		switch {
		case strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0:
			p.i++
		case strings.HasPrefix(p.s[p.i:], "\ufeff"): // a byte order mark
			p.i += len("\ufeff")
		default:
			return
		}
	}
}

func (p *wktParser) word() string {
	start := p.i
	for p.i < len(p.s) {
		c := rune(p.s[p.i])
		if c == '_' || c == '.' || c == '-' || c == '+' || unicode.IsLetter(c) || unicode.IsDigit(c) {
			p.i++
			continue
		}
		break
	}
	return p.s[start:p.i]
}

func (p *wktParser) node(depth int) (*node, error) {
	if depth > maxWKTDepth {
		return nil, badWKT(p.i)
	}
	kw := p.word()
	if kw == "" {
		return nil, badWKT(p.i)
	}
	p.space()
	if p.i >= len(p.s) || (p.s[p.i] != '[' && p.s[p.i] != '(') {
		return nil, badWKT(p.i)
	}
	closing := byte(']')
	if p.s[p.i] == '(' {
		closing = ')'
	}
	p.i++
	n := &node{keyword: strings.ToUpper(kw)}
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, badWKT(p.i)
		}
		switch c := p.s[p.i]; {
		case c == '"':
			str, err := p.quoted()
			if err != nil {
				return nil, err
			}
			n.args = append(n.args, str)
		default:
			start := p.i
			w := p.word()
			if w == "" {
				return nil, badWKT(p.i)
			}
			p.space()
			if p.i < len(p.s) && (p.s[p.i] == '[' || p.s[p.i] == '(') {
				p.i = start
				child, err := p.node(depth + 1)
				if err != nil {
					return nil, err
				}
				n.args = append(n.args, child)
			} else {
				n.args = append(n.args, w)
			}
		}
		p.space()
		if p.i >= len(p.s) {
			return nil, badWKT(p.i)
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case closing:
			p.i++
			return n, nil
		default:
			return nil, badWKT(p.i)
		}
	}
}

// quoted reads a string in double quotes; WKT2 writes a quote inside as "".
func (p *wktParser) quoted() (string, error) {
	var b strings.Builder
	p.i++
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		if c != '"' {
			b.WriteByte(c)
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == '"' {
			b.WriteByte('"')
			p.i++
			continue
		}
		return b.String(), nil
	}
	return "", badWKT(p.i)
}

// child returns n's first direct child node with one of the keywords.
func (n *node) child(keywords ...string) *node {
	for _, a := range n.args {
		if c, ok := a.(*node); ok {
			for _, k := range keywords {
				if c.keyword == k {
					return c
				}
			}
		}
	}
	return nil
}

// children returns n's direct child nodes with the keyword.
func (n *node) children(keyword string) []*node {
	var out []*node
	for _, a := range n.args {
		if c, ok := a.(*node); ok && c.keyword == keyword {
			out = append(out, c)
		}
	}
	return out
}

// find returns the first node with one of the keywords in n's subtree,
// n included, depth first.
func (n *node) find(keywords ...string) *node {
	for _, k := range keywords {
		if n.keyword == k {
			return n
		}
	}
	for _, a := range n.args {
		if c, ok := a.(*node); ok {
			if f := c.find(keywords...); f != nil {
				return f
			}
		}
	}
	return nil
}

// text returns n's i-th argument as text ("" when it is a node or absent).
func (n *node) text(i int) string {
	if n == nil || i >= len(n.args) {
		return ""
	}
	s, _ := n.args[i].(string)
	return s
}

// number returns n's i-th argument as a number.
func (n *node) number(i int) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(n.text(i)), 64)
	return v, err == nil
}
