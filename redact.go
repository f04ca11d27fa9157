package sgmap

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Redact returns a copy of s for sharing: account ids, IP addresses, CIDRs,
// resource ids, ARNs, names, descriptions, tags and free text are replaced by
// pseudonyms keyed by key (HMAC-SHA256), while the structure, ports and
// protocols stay. The same snapshot and key give the same copy; a name keeps a
// hint of its kind ("group-7", "instance-12"), an id its prefix ("sg-…"), and
// a private CIDR stays inside its RFC 1918 block with its prefix length. Every
// output built from the copy is redacted; docs/exports.md has the details.
func Redact(s *Snapshot, key []byte) *Snapshot {
	r := &redactor{key: key, seen: map[string]map[string]bool{}}
	r.collect = true
	r.snapshot(clone(s))
	r.rank = map[string]map[string]int{}
	for kind, names := range r.seen {
		sorted := slices.Collect(maps.Keys(names))
		slices.SortFunc(sorted, func(a, b string) int { return cmp.Compare(r.mac(kind, a), r.mac(kind, b)) })
		r.rank[kind] = map[string]int{}
		for i, n := range sorted {
			r.rank[kind][n] = i + 1
		}
	}
	r.collect = false
	out := clone(s)
	r.snapshot(out)
	out.Normalize()
	return out
}

// clone deep-copies s through its JSON form, which holds every field.
func clone(s *Snapshot) *Snapshot {
	b, err := json.Marshal(s)
	if err != nil {
		panic(fmt.Sprintf("sgmap: snapshot does not marshal: %v", err))
	}
	var c Snapshot
	if err := json.Unmarshal(b, &c); err != nil {
		panic(fmt.Sprintf("sgmap: snapshot does not unmarshal: %v", err))
	}
	return &c
}

// redactor holds the key and, for names, the ranks that turn a name into
// "kind-N": a first pass collects the names, a second rewrites.
type redactor struct {
	key     []byte
	collect bool
	seen    map[string]map[string]bool
	rank    map[string]map[string]int
}

var (
	prefixedID = regexp.MustCompile(`^([a-z][a-z0-9]{0,11})-([0-9a-f]{4,})$`)
	accountID  = regexp.MustCompile(`^[0-9]{12}$`)
	awsAccount = regexp.MustCompile(`^(AWS|amazon(-[a-z0-9]+)*)$`)
	enumValue  = regexp.MustCompile(`^[A-Za-z0-9-][A-Za-z0-9_.:+-]{0,39}$`)
	regionName = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]{1,2}[a-z]?$`)
	azID       = regexp.MustCompile(`^[a-z]{2,4}[0-9]-az[0-9]{1,2}$`)
	awsPLName  = regexp.MustCompile(`^com\.amazonaws\.[a-z0-9.-]{1,100}$`)
	ignoreList = regexp.MustCompile(`^[A-Za-z0-9_, -]{0,200}$`)
)

// keptTagKeys are tag keys that are vocabulary, not secrets: sgmap reads them
// (applications, ignores) and AWS defines the aws: ones. Their values are
// still redacted, except the ignore list of finding ids.
func keptTagKey(k string) bool {
	switch k {
	case "Name", "app", "application", "service":
		return true
	}
	return strings.HasPrefix(k, "sgmap:") && enumValue.MatchString(k[len("sgmap:"):]) ||
		strings.HasPrefix(k, "aws:") && regexp.MustCompile(`^aws(:[A-Za-z0-9-]+){1,3}$`).MatchString(k)
}

// mac is the keyed hash of s in the namespace kind, in hex.
func (r *redactor) mac(kind, s string) string {
	m := hmac.New(sha256.New, r.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil))
}

// name is a name's pseudonym, kind-N.
func (r *redactor) name(kind, s string) string {
	if s == "" {
		return ""
	}
	if r.collect {
		if r.seen[kind] == nil {
			r.seen[kind] = map[string]bool{}
		}
		r.seen[kind][s] = true
		return s
	}
	return fmt.Sprintf("%s-%d", kind, r.rank[kind][s])
}

// text is the pseudonym of free text (descriptions, messages).
func (r *redactor) text(kind, s string) string {
	if s == "" {
		return ""
	}
	return kind + "-" + r.mac("text", s)[:8]
}

// enum keeps a short identifier-like value (a protocol, a status, a type) and
// redacts anything else.
func (r *redactor) enum(s string) string {
	if s == "" || enumValue.MatchString(s) {
		return s
	}
	return r.text("value", s)
}

// account is an account id's pseudonym: 12 digits for 12 digits; AWS's own
// principals ("AWS", "amazon-elb") stay.
func (r *redactor) account(s string) string {
	switch {
	case s == "" || awsAccount.MatchString(s):
		return s
	case accountID.MatchString(s):
		h := r.mac("account", s)
		var b strings.Builder
		for i := 0; i < 12; i++ {
			b.WriteByte('0' + byte(strings.IndexByte("0123456789abcdef", h[i]))%10)
		}
		return b.String()
	}
	return r.id(s)
}

// region keeps a well-formed region or availability zone name and redacts
// anything else.
func (r *redactor) region(s string) string {
	if s == "" || regionName.MatchString(s) || azID.MatchString(s) {
		return s
	}
	return r.id(s)
}

// id is the pseudonym of an identifier: an address or CIDR stays one, an
// account id stays 12 digits, sg-0abc… keeps its prefix and length, an ARN
// becomes arn:aws:redacted:::…, anything else id-….
func (r *redactor) id(s string) string {
	if s == "" || s == ClassicVPC {
		return s
	}
	if v, ok := r.ip(s); ok {
		return v
	}
	if accountID.MatchString(s) {
		return r.account(s)
	}
	h := r.mac("id", s)
	if m := prefixedID.FindStringSubmatch(s); m != nil {
		return m[1] + "-" + h[:min(len(m[2]), len(h))]
	}
	if strings.HasPrefix(s, "arn:") {
		return "arn:aws:redacted:::" + h[:24]
	}
	return "id-" + h[:17]
}

// ids redacts each of ids.
func (r *redactor) ids(ids []string) {
	for i, v := range ids {
		ids[i] = r.id(v)
	}
}

// accounts redacts each of ids as account ids.
func (r *redactor) accounts(ids []string) {
	for i, v := range ids {
		ids[i] = r.account(v)
	}
}

// file is a location file's pseudonym, keeping a short extension.
func (r *redactor) file(s string) string {
	if s == "" {
		return ""
	}
	ext := ""
	if i := strings.LastIndexByte(s, '.'); i >= 0 && regexp.MustCompile(`^\.[a-z]{1,5}$`).MatchString(s[i:]) {
		ext = s[i:]
	}
	return "file-" + r.mac("file", s)[:8] + ext
}

// tags redacts a tag map: kept keys stay, others become tag-…; the Name tag's
// value takes the owner's name pseudonym (kind), other values value-….
func (r *redactor) tags(kind string, m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		nk := k
		if !keptTagKey(k) {
			nk = r.text("tag", k)
		}
		switch {
		case k == "Name":
			out[nk] = r.name(kind, v)
		case k == "sgmap:ignore" && ignoreList.MatchString(v):
			out[nk] = v
		default:
			out[nk] = r.text("value", v)
		}
	}
	return out
}

// RedactID is the pseudonym [Redact] gives the id (a VPC id given on the
// command line, say) under key.
func RedactID(id string, key []byte) string { return (&redactor{key: key}).id(id) }
