package awsfake

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// paginate returns the page of items that starts at token (empty = first
// page) with at most size items, and the token of the next page ("" when
// this is the last). Tokens are opaque to clients, as AWS's are.
func paginate[T any](items []T, token string, size int) ([]T, string, *apiError) {
	start := 0
	if token != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(token, "page-"))
		if err != nil || !strings.HasPrefix(token, "page-") || n < 0 || n > len(items) {
			return nil, "", invalid("InvalidNextToken", "The specified token is invalid: "+token)
		}
		start = n
	}
	if size <= 0 {
		size = len(items)
	}
	end := min(start+size, len(items))
	next := ""
	if end < len(items) {
		next = "page-" + strconv.Itoa(end)
	}
	return items[start:end], next, nil
}

// pageSize reads the page-size parameter, checks it against the API's
// range (def when absent; 0 = everything), and caps it at the scenario's
// PageSize for the operation.
func (s *Server) pageSize(req *request, param string, lo, hi, def int) (int, *apiError) {
	n := def
	if v := req.Params.Get(param); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return 0, invalid("InvalidParameterValue",
				fmt.Sprintf("Value (%s) for parameter %s is invalid. Expected a value between %d and %d.", v, param, lo, hi))
		}
	}
	// AWS may return fewer items than asked for; a scenario's PageSize
	// does so on purpose, to exercise pagination.
	if c, ok := s.scn.PageSize[req.Operation]; ok && (n == 0 || c < n) {
		n = c
	}
	return n, nil
}

// jsonParams flattens a JSON request body into url.Values: strings and
// numbers as one value, lists of strings as several.
func jsonParams(body []byte) url.Values {
	out := url.Values{}
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return out
	}
	for k, v := range m {
		switch v := v.(type) {
		case string:
			out.Set(k, v)
		case float64:
			out.Set(k, strconv.FormatFloat(v, 'f', -1, 64))
		case bool:
			out.Set(k, strconv.FormatBool(v))
		case []any:
			for _, e := range v {
				if s, ok := e.(string); ok {
					out.Add(k, s)
				}
			}
		}
	}
	return out
}

// queryList reads an awsquery list parameter (Name.member.1, …) or an EC2
// one (Name.1, …).
func queryList(p url.Values, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := p[name+".member."+strconv.Itoa(i)]
		if !ok {
			v, ok = p[name+"."+strconv.Itoa(i)]
		}
		if !ok {
			return out
		}
		out = append(out, v...)
	}
}

// ec2Filters reads Filter.N.Name / Filter.N.Value.M.
func ec2Filters(p url.Values) map[string][]string {
	out := map[string][]string{}
	for i := 1; ; i++ {
		name := p.Get("Filter." + strconv.Itoa(i) + ".Name")
		if name == "" {
			return out
		}
		out[name] = append(out[name], queryList(p, "Filter."+strconv.Itoa(i)+".Value")...)
	}
}
