package audit

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Name heuristic for name-describes-rules.
//
// A name describes rules when it carries enough rule-ish evidence: each
// token of the name (split on separators, camelCase and word/number
// boundaries) adds a weight, and the name fires at 2. The weights encode
// what a token says on its own:
//
//   - 2: allow/deny/permit wording (allow, deny, allowlist, …), port
//     ranges (8000-8999, 8000to8999), well-known port numbers (22, 443,
//     8443, 9999, …: a port in a name goes stale when the rule changes, the
//     article's point) and ingress, egress, inbound, outbound, incoming,
//     outgoing. The direction words count 1.5 next to a word naming the
//     thing they are part of (ingress-nginx, egress-proxy, istio-ingress).
//   - 1.5: traffic.
//   - 1: protocol words (tcp, udp, icmp, tls, http, https, ssh, rdp, dns, …),
//     open/access/expose/block, from/in/out and port/ports. A protocol names
//     the service a group encloses (http-api, ssh-bastion, smtp-relay), so
//     one protocol word never fires; two do (http-https, SSH-RDP), as does a
//     protocol with a direction or port (https-in, ssh-22).
//   - 0.5: database and broker names (mysql, redis, kafka, …: they are what
//     a group encloses), all/any/anywhere/world/internet, to/into, and other
//     numbers 10-65535 (build numbers, years).
//
// A name made of nothing but such words and numbers (ssh, https, tcp-udp)
// fires whatever its score: it names no thing at all.
//
// Tokens match whole words only, so shopping-cart (no "http"), sshd-bastion
// ("sshd" names a daemon), portal, allowance and openvpn never count.
// launch-wizard-3 does not fire: it is the console's default name and says
// nothing about rules; group-description reports its default description.
const nameThreshold = 2

var nameWeights = map[string]float64{}

func init() {
	for w, words := range map[float64]string{
		2: "allow allows allowed allowing deny denies denied permit permits permitted whitelist whitelisted allowlist blacklist denylist blocklist " +
			"ingress egress inbound outbound incoming outgoing",
		1.5: "traffic",
		1: "open opens opened block blocked accept reject access expose exposed from in out port ports " +
			"tcp udp icmp icmpv6 tls ssl http https http2 ssh rdp smtp smtps dns ftp ftps sftp ntp snmp ldap ldaps " +
			"nfs smb cifs telnet vnc winrm imap imaps pop3 grpc ping syslog bgp ipsec rtsp sip quic",
		0.5: "mysql postgres postgresql psql redis mongo mongodb mssql sqlserver oracle memcached memcache " +
			"elasticsearch opensearch kafka rabbitmq amqp cassandra etcd zookeeper mariadb " +
			"all any anywhere everywhere world internet to into",
	} {
		for _, word := range strings.Fields(words) {
			nameWeights[word] = w
		}
	}
}

// directionWords are the direction words, and directionThings the words
// that make them part of a thing's name rather than a rule's.
var (
	directionWords  = map[string]bool{"ingress": true, "egress": true, "inbound": true, "outbound": true, "incoming": true, "outgoing": true}
	directionThings = map[string]bool{"nginx": true, "controller": true, "gateway": true, "gw": true, "proxy": true,
		"istio": true, "envoy": true, "traefik": true, "haproxy": true, "contour": true, "kong": true, "squid": true}
)

// commonPorts are port numbers that, in a group name, almost always mean
// "the port this group opens".
var commonPorts = map[int]bool{}

func init() {
	for _, p := range []int{20, 21, 22, 23, 25, 53, 67, 68, 69, 80, 88, 110, 111, 119, 123, 135, 137, 138, 139,
		143, 161, 162, 179, 389, 443, 445, 465, 500, 514, 587, 636, 873, 993, 995, 1080, 1194, 1433, 1434, 1521,
		1723, 1883, 2049, 2181, 2375, 2376, 2379, 2380, 3000, 3128, 3268, 3306, 3389, 4443, 4500, 5000, 5044,
		5060, 5432, 5439, 5601, 5671, 5672, 5900, 5984, 5985, 5986, 6379, 6443, 7000, 7001, 7199, 8000, 8008,
		8080, 8081, 8088, 8443, 8444, 8888, 9000, 9042, 9090, 9091, 9092, 9093, 9100, 9200, 9300, 9418, 9443,
		9999, 10250, 11211, 15672, 27017, 27018, 50000} {
		commonPorts[p] = true
	}
}

// portRangeRE finds "8000-8999", "8000to8999", "8000..8999" and "8000:8999".
var portRangeRE = regexp.MustCompile(`(?i)(^|[^0-9])([0-9]{1,5})(\s*(?:-|to|\.\.|:)\s*)([0-9]{1,5})($|[^0-9])`)

// DescribesRules reports whether a group name says what the group allows
// (name-describes-rules) rather than what it encloses, and returns the
// words and numbers that gave it away. The heuristic is documented on
// nameThreshold in name.go and in docs/findings.md.
func DescribesRules(name string) (evidence []string, ok bool) {
	if len(name) > 1024 { // group names are at most 255 characters
		name = name[:1024]
	}
	score := 0.0
	rest := portRangeRE.ReplaceAllStringFunc(name, func(m string) string {
		sm := portRangeRE.FindStringSubmatch(m)
		from, _ := strconv.Atoi(sm[2])
		to, _ := strconv.Atoi(sm[4])
		sep := strings.ToLower(strings.TrimSpace(sm[3]))
		isRange := from < to && to <= 65535 && (sep != "-" || from >= 1000) && !(isYear(from) && isYear(to))
		if !isRange {
			return m
		}
		score += 2
		evidence = append(evidence, sm[2]+"-"+sm[4])
		return sm[1] + " " + sm[5]
	})
	tokens := nameTokens(rest)
	thing := false
	for _, t := range tokens {
		thing = thing || directionThings[t]
	}
	onlyRuleWords := len(tokens) > 0
	for _, t := range tokens {
		w, ev := tokenWeight(t)
		if directionWords[t] && thing {
			w = 1.5
		}
		if w > 0 {
			score += w
			evidence = append(evidence, ev)
		} else {
			onlyRuleWords = false
		}
	}
	return evidence, score >= nameThreshold || (onlyRuleWords && score > 0)
}

func isYear(n int) bool { return n >= 1970 && n <= 2099 }

func tokenWeight(t string) (float64, string) {
	if w, ok := nameWeights[t]; ok {
		return w, t
	}
	if t == "" || t[0] < '1' || t[0] > '9' || len(t) > 5 {
		return 0, ""
	}
	n, err := strconv.Atoi(t)
	switch {
	case err != nil || n > 65535:
		return 0, ""
	case commonPorts[n]:
		return 2, t
	case n >= 10:
		return 0.5, t
	}
	return 0, ""
}

// nameTokens splits a name into lower-case words and numbers: on anything
// that is not a letter or digit, on camelCase boundaries (AllowHTTPSFrom →
// allow, https, from), and between a keyword and a number glued to it
// (tcp8443 → tcp, 8443). Other mixed tokens (k8s, ec2, a1b2c3) stay whole.
func nameTokens(name string) []string {
	var out []string
	for _, chunk := range strings.FieldsFunc(name, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		for _, w := range camelSplit(chunk) {
			out = append(out, splitKeywordNumber(strings.ToLower(w))...)
		}
	}
	return out
}

func camelSplit(s string) []string {
	r := []rune(s)
	var out []string
	start := 0
	for i := 1; i < len(r); i++ {
		lowerUpper := unicode.IsLower(r[i-1]) && unicode.IsUpper(r[i])
		acronymEnd := unicode.IsUpper(r[i-1]) && unicode.IsUpper(r[i]) && i+1 < len(r) && unicode.IsLower(r[i+1])
		if lowerUpper || acronymEnd {
			out = append(out, string(r[start:i]))
			start = i
		}
	}
	return append(out, string(r[start:]))
}

var (
	wordNumRE = regexp.MustCompile(`^([a-z]+)([0-9]+)$`)
	numWordRE = regexp.MustCompile(`^([0-9]+)([a-z]+)$`)
)

func splitKeywordNumber(t string) []string {
	if _, ok := nameWeights[t]; ok {
		return []string{t}
	}
	if m := wordNumRE.FindStringSubmatch(t); m != nil && nameWeights[m[1]] > 0 {
		return []string{m[1], m[2]}
	}
	if m := numWordRE.FindStringSubmatch(t); m != nil && nameWeights[m[2]] > 0 {
		return []string{m[1], m[2]}
	}
	return []string{t}
}
