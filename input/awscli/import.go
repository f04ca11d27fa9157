package awscli

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input/awsconv"
	"github.com/sgmap/sgmap/input/infile"
)

// ImportOptions set what the imported files may not say.
type ImportOptions struct {
	// AccountID and Region apply to objects whose files carry no account
	// (OwnerId, ARNs) or region (ARNs, availability zones) of their own.
	AccountID string
	Region    string
	// TakenAt is the snapshot's time; zero means now.
	TakenAt time.Time
}

// maxImportFileBytes bounds one imported file.
const maxImportFileBytes = 256 << 20

// Import reads the JSON printed by AWS CLI describe commands (`aws ec2
// describe-security-groups`, `aws ecs describe-tasks`, …) from files and
// folders (walked for *.json files) and converts them with [awsconv.Convert], as if
// they had been collected live. It is [ImportOptions.Import] with no
// options.
func Import(paths []string) (*sgmap.Snapshot, error) {
	return ImportOptions{}.Import(paths)
}

// Import is [Import] with options.
//
// Each file is recognised by its top-level keys (SecurityGroups,
// NetworkInterfaces, Reservations, LoadBalancers, tasks, Functions,
// DBInstances, …; see decoders), by the shape of the items of a top-level
// list (the output of a --query), or inside botocore examples
// ({"input", "output"}) and cartography test data (lists under arbitrary
// keys). get-managed-prefix-list-entries output names no list: name its file
// after the list (pl-0123.json) or import it with exactly one prefix list
// lacking entries. describe-target-health output is paired the same way
// with the only target group, unless a botocore example's input names it.
//
// Errors: a file that is not JSON is an [sgmap.EINVALID] error naming the
// file, line and column; a missing path is [sgmap.ENOTFOUND]; nothing
// recognised in any file is [sgmap.EINVALID]. A file with nothing
// recognised, values of the wrong shape and unpaired outputs become
// warnings in the snapshot.
func (o ImportOptions) Import(paths []string) (*sgmap.Snapshot, error) {
	if len(paths) == 0 {
		return nil, sgmap.Errorf(sgmap.EINVALID, "import: no files or folders given")
	}
	var files []*fileRaw
	for _, p := range paths {
		names, err := jsonFiles(p)
		if err != nil {
			return nil, err
		}
		if len(names) == 0 {
			// Without this the message below names no file at all (a
			// folder holding only a symbolic-link loop).
			return nil, sgmap.Errorf(sgmap.EINVALID, "import: %s holds no .json files (symbolic links to folders are not followed)", p)
		}
		for _, name := range names {
			f, err := importFile(name)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
	}
	return o.convertFiles(files)
}

// ImportReader imports one file's content; name is used in messages and
// for pairing prefix list entries. It is meant for tests and uploads.
func (o ImportOptions) ImportReader(name string, r io.Reader) (*sgmap.Snapshot, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImportFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	f, err := parseFile(name, data)
	if err != nil {
		return nil, err
	}
	return o.convertFiles([]*fileRaw{f})
}

// jsonFiles returns path itself when it is a file, or the *.json files under
// it, sorted, when it is a folder.
func jsonFiles(path string) ([]string, error) {
	return infile.Files(path, func(p string) bool { return strings.EqualFold(filepath.Ext(p), ".json") })
}

func importFile(name string) (*fileRaw, error) {
	fh, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxImportFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("import: read %s: %w", name, err)
	}
	return parseFile(name, data)
}

// parseFile parses and recognises one file.
func parseFile(name string, data []byte) (*fileRaw, error) {
	if len(data) > maxImportFileBytes {
		return nil, sgmap.Errorf(sgmap.ETOOLARGE, "import: %s is larger than %d MiB", name, maxImportFileBytes>>20)
	}
	// Counted before decoding: 20 MiB of empty objects would take GBs as
	// generic maps.
	if err := sgmap.CheckJSON(data, sgmap.DefaultLimits); err != nil {
		return nil, fmt.Errorf("import: %s: %w", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, jsonSyntaxError(name, data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := lineCol(data, dec.InputOffset())
		return nil, sgmap.Errorf(sgmap.EINVALID, "import: %s: unexpected data after the JSON value at line %d, column %d", name, line, col)
	}
	f := &fileRaw{name: name, listID: prefixListIDIn(filepath.Base(name))}
	f.raw.AccountID, f.raw.Region = detectAccountRegion(data)
	recognise(f, v, "", 0)
	findPlaceholders(v, &f.placeholders, 0)
	slices.Sort(f.placeholders)
	return f, nil
}

func jsonSyntaxError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		line, col := lineCol(data, syn.Offset)
		if syn.Offset >= int64(len(bytes.TrimRight(data, " \t\r\n"))) {
			return sgmap.Errorf(sgmap.EINVALID, "import: %s is not valid JSON: truncated at line %d, column %d", name, line, col)
		}
		line, col = lineCol(data, syn.Offset-1) // Offset is just past the bad byte
		return sgmap.Errorf(sgmap.EINVALID, "import: %s is not valid JSON: %s at line %d, column %d", name, syn.Error(), line, col)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		line, col := lineCol(data, int64(len(data)))
		if len(bytes.TrimSpace(data)) == 0 {
			return sgmap.Errorf(sgmap.EINVALID, "import: %s is empty", name)
		}
		return sgmap.Errorf(sgmap.EINVALID, "import: %s is not valid JSON: truncated at line %d, column %d", name, line, col)
	}
	return sgmap.Errorf(sgmap.EINVALID, "import: %s is not valid JSON: %s", name, err)
}

func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

var (
	plInName  = regexp.MustCompile(`\bpl-[0-9a-f]{8,17}\b`)
	arnRe     = regexp.MustCompile(`arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12})?:`)
	azRe      = regexp.MustCompile(`"(?:AvailabilityZone|availabilityZone|ZoneName)":\s*"([a-z]{2}(?:-gov)?-[a-z]+-\d)[a-z]"`)
	ownerIDRe = regexp.MustCompile(`"(?:OwnerId|GroupOwnerId|UserId)":\s*"(\d{12})"`)
)

func prefixListIDIn(base string) string { return plInName.FindString(base) }

// detectAccountRegion returns the most frequent account and region named in
// a file: by OwnerIds and ARNs, by ARNs and availability zones.
// Only the first MiB is read: the answer is a vote, and scanning a 20 MB
// describe-network-interfaces output took a fifth of its import time.
func detectAccountRegion(data []byte) (account, region string) {
	data = data[:min(len(data), 1<<20)]
	accounts, regions := map[string]int{}, map[string]int{}
	for _, m := range arnRe.FindAllSubmatch(data, 10000) {
		regions[string(m[1])]++
		if len(m[2]) > 0 {
			accounts[string(m[2])]++
		}
	}
	for _, m := range azRe.FindAllSubmatch(data, 10000) {
		regions[string(m[1])]++
	}
	for _, m := range ownerIDRe.FindAllSubmatch(data, 10000) {
		accounts[string(m[1])]++
	}
	return mostFrequent(accounts), mostFrequent(regions)
}

func mostFrequent(m map[string]int) string {
	best, n := "", 0
	for k, c := range m {
		if c > n || (c == n && k < best) {
			best, n = k, c
		}
	}
	return best
}

// convertFiles merges the files into one awsconv.Raw per region (files that name no
// region join the only region the others name, else the options' region),
// pairs outputs that need it, and converts. The awsconv.Raw's account, used for
// objects without an OwnerId or ARN, is the one the files name most, else
// the options' account.
func (o ImportOptions) convertFiles(files []*fileRaw) (*sgmap.Snapshot, error) {
	var warnings []sgmap.Warning
	warn := func(msg string, args ...any) {
		warnings = append(warnings, sgmap.Warning{Service: "import", Code: "import", Message: fmt.Sprintf(msg, args...)})
	}
	total, known := 0, 0
	regions := map[string]int{}
	accounts := map[string]int{}
	for _, f := range files {
		total += f.recognised + len(f.entries) + len(f.health)
		if f.recognised+len(f.entries)+len(f.health) > 0 {
			regions[f.raw.Region]++
			accounts[f.raw.AccountID]++
		}
		if f.known > 0 {
			known++
		}
		if f.recognised+len(f.entries)+len(f.health) == 0 && f.known == 0 {
			warn("%s: nothing sgmap uses was recognised (top-level keys: %s)", f.name, keyList(f.unknown))
		} else if len(f.unknown) > 0 {
			warn("%s: ignored %s", f.name, keyList(f.unknown))
		}
		if len(f.dropped) > 0 {
			warn("%s: %d value(s) of an unexpected shape were left out, e.g. %s", f.name, len(f.dropped), keyList(f.dropped))
		}
		if len(f.placeholders) > 0 {
			warn("%s: placeholder value(s) %s stand for data that is not in the file and were left out", f.name, keyList(f.placeholders))
		}
	}
	if total == 0 && known == 0 {
		names := make([]string, 0, len(files))
		for i, f := range files {
			if i == 8 {
				names = append(names, fmt.Sprintf("and %d more", len(files)-8))
				break
			}
			names = append(names, f.name)
		}
		return nil, sgmap.Errorf(sgmap.EINVALID, "import: no AWS CLI output that sgmap uses in %s (expected keys like SecurityGroups, NetworkInterfaces, Reservations)",
			strings.Join(names, ", "))
	}
	delete(regions, "")
	delete(accounts, "")
	defRegion := cmp.Or(onlyKey(regions), o.Region)
	defAccount := cmp.Or(mostFrequent(accounts), o.AccountID)

	byRegion := map[string]*awsconv.Raw{}
	var order []string
	for _, f := range files {
		region := cmp.Or(f.raw.Region, defRegion)
		r := byRegion[region]
		if r == nil {
			r = &awsconv.Raw{Region: region, AccountID: defAccount, PrefixListEntries: map[string][]ec2types.PrefixListEntry{}, TargetHealth: map[string][]elbv2types.TargetHealthDescription{}}
			byRegion[region] = r
			order = append(order, region)
		}
		r.Merge(&f.raw)
	}
	for _, f := range files {
		r := byRegion[cmp.Or(f.raw.Region, defRegion)]
		if len(f.entries) > 0 {
			id := cmp.Or(f.listID, onlyListWithoutEntries(r))
			if id == "" {
				warn("%s: prefix list entries left out: the file does not say which list they belong to (name it after the list, e.g. pl-0123abcd.json)", f.name)
			} else {
				r.PrefixListEntries[id] = append(r.PrefixListEntries[id], f.entries...)
			}
		}
		if len(f.health) > 0 {
			tg := cmp.Or(f.healthTG, onlyTargetGroup(r))
			if tg == "" {
				warn("%s: target health left out: the file does not say which target group it describes", f.name)
			} else {
				r.TargetHealth[tg] = append(r.TargetHealth[tg], f.health...)
			}
		}
	}
	raws := make([]*awsconv.Raw, 0, len(order))
	for i, region := range order {
		if i == 0 {
			byRegion[region].Warnings = append(byRegion[region].Warnings, warnings...)
		}
		raws = append(raws, byRegion[region])
	}
	takenAt := o.TakenAt
	if takenAt.IsZero() {
		takenAt = time.Now()
	}
	s, err := awsconv.Convert(raws, takenAt)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	s.Source = sgmap.SourceAWSCLI
	return s, nil
}

func onlyKey(m map[string]int) string {
	if len(m) != 1 {
		return ""
	}
	for k := range m {
		return k
	}
	return ""
}

func onlyListWithoutEntries(r *awsconv.Raw) string {
	var ids []string
	for _, p := range r.PrefixLists {
		if id := aws.ToString(p.PrefixListId); len(r.PrefixListEntries[id]) == 0 {
			ids = append(ids, id)
		}
	}
	if len(ids) == 1 {
		return ids[0]
	}
	return ""
}

func onlyTargetGroup(r *awsconv.Raw) string {
	if len(r.TargetGroups) == 1 {
		return aws.ToString(r.TargetGroups[0].TargetGroupArn)
	}
	return ""
}

// keyList formats up to 8 items for a message.
func keyList(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	const n = 8
	shown := make([]string, 0, n)
	for i, it := range items {
		if i == n {
			shown = append(shown, fmt.Sprintf("and %d more", len(items)-n))
			break
		}
		shown = append(shown, fmt.Sprintf("%q", clipText(it)))
	}
	return strings.Join(shown, ", ")
}

// clipText shortens hostile names before they go into a message.
func clipText(s string) string {
	r := []rune(s)
	if len(r) <= 80 {
		return s
	}
	return string(r[:80]) + "…"
}
