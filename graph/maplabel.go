package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// mapLabelItems is how many services a map edge's label shows before it
// says "+N more".
const mapLabelItems = 3

// mergeLabels merges edge labels in the form sgmap.JoinServices writes
// ("TCP 80, 443; UDP 53", "All TCP", "All traffic", "ICMP 8/any",
// "Protocol 50", and target labels such as "HTTP 8080") into one sorted
// list, and returns it cut after [mapLabelItems] services with "+N more"
// ("TCP 443, 8443, 9091 +3 more") together with the whole list.
func mergeLabels(labels []string) (short, full string) {
	items := map[string][]string{} // protocol name → port items ("" = all)
	for _, l := range labels {
		for _, part := range strings.Split(l, "; ") {
			part = strings.TrimSpace(part)
			switch {
			case part == "":
			case part == "All traffic":
				return "All traffic", "All traffic"
			case strings.HasPrefix(part, "All "):
				items[strings.TrimPrefix(part, "All ")] = []string{""}
			case strings.HasPrefix(part, "Protocol "):
				items[part] = append(items[part], "")
			default:
				name, rest, _ := strings.Cut(part, " ")
				if slices.Contains(items[name], "") && len(items[name]) == 1 && items[name][0] == "" && rest != "" {
					continue // already all ports
				}
				for _, it := range strings.Split(rest, ", ") {
					items[name] = append(items[name], it)
				}
			}
		}
	}
	protos := sortedKeys(items)
	slices.SortStableFunc(protos, func(a, b string) int { return cmp.Compare(protoOrder(a), protoOrder(b)) })
	var fullParts, shortParts []string
	shown, total := 0, 0
	for _, p := range protos {
		its := items[p]
		if slices.Contains(its, "") {
			its = []string{""}
		}
		slices.SortFunc(its, func(a, b string) int {
			return cmp.Or(cmp.Compare(firstNumber(a), firstNumber(b)), strings.Compare(a, b))
		})
		its = slices.Compact(its)
		total += len(its)
		fullParts = append(fullParts, protoPart(p, its))
		if room := mapLabelItems - shown; room > 0 {
			n := min(room, len(its))
			shortParts = append(shortParts, protoPart(p, its[:n]))
			shown += n
		}
	}
	full = strings.Join(fullParts, "; ")
	short = strings.Join(shortParts, "; ")
	if total > shown {
		short += fmt.Sprintf(" +%d more", total-shown)
	}
	return short, full
}

func protoPart(p string, items []string) string {
	if len(items) == 1 && items[0] == "" {
		if strings.HasPrefix(p, "Protocol ") {
			return p
		}
		return "All " + p
	}
	return p + " " + strings.Join(items, ", ")
}

func protoOrder(p string) int {
	switch p {
	case "TCP":
		return 0
	case "UDP":
		return 1
	case "ICMP":
		return 2
	case "ICMPv6":
		return 3
	}
	return 4
}

// firstNumber is the leading number of a port item ("8000-8999" → 8000),
// or -1.
func firstNumber(s string) int {
	end := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(s)
	}
	n, err := strconv.Atoi(s[:end])
	if err != nil {
		return -1
	}
	return n
}
