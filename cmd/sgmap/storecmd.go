package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/store"
)

// storeCommands are the subcommands of sgmap store.
var storeCommands = map[string]func(ctx context.Context, args []string, e env) error{
	"list": runStoreList, "rm": runStoreRm, "prune": runStorePrune,
}

func runStore(ctx context.Context, args []string, e env) error {
	if len(args) > 0 {
		if run, ok := storeCommands[args[0]]; ok {
			return run(ctx, args[1:], e)
		}
	}
	fs := newFlagSet(e, "store", "list|rm|prune [-data DIR] ...", `
Manage the snapshots of a data folder (where collect and serve store them),
or of an S3 store (-data s3://bucket/prefix, as for serve):

  sgmap store list  [-data DIR] [-format text|json]
  sgmap store rm    [-data DIR] ID...
  sgmap store prune [-data DIR] [-keep 90d] [-keep-last N] [-dry-run]

Snapshots form series: the same accounts, regions and source. A snapshot
identical to the newest of its series is not stored again but counted as
"seen again". prune deletes by age (-keep, from when a snapshot was last
seen) and by count per series (-keep-last), never the newest of a series.
Run 'sgmap store list -h' (rm, prune) for each one's flags.`)
	data := fs.String("data", defaultDataDir(e), "data `folder` of snapshots, or s3://bucket/prefix (env SGMAP_DATA); also after the subcommand")
	rest, err := parse(fs, args, true)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("store: name a subcommand: list, rm or prune")
	}
	if run, ok := storeCommands[rest[0]]; ok { // sgmap store -data DIR list
		return run(ctx, append([]string{"-data", *data}, rest[1:]...), e)
	}
	return usagef("store: unknown subcommand %q: want list, rm or prune", rest[0])
}

// openData opens the store of a store subcommand: s3://bucket/prefix
// (openStore), or a data folder, which must exist: a mistyped -data is an
// error, not a new empty folder.
func openData(ctx context.Context, e env, data string) (*store.Store, error) {
	if _, isURL := dataScheme(data); !isURL {
		if fi, err := os.Stat(data); err != nil || !fi.IsDir() {
			return nil, sgmap.Errorf(sgmap.ENOTFOUND, "no data folder %s", data)
		}
	}
	log, err := (&logFlags{format: "text", level: "info"}).logger(e.stderr)
	if err != nil {
		return nil, err
	}
	return openStore(ctx, data, store.WithLog(log))
}

func runStoreList(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "store list", "[-data DIR] [-format text|json]", `
List the stored snapshots, newest first: id, taken_at, series, VPCs, and how
often the same content was seen again (and when last). JSON gives the same
fields as GET /api/snapshots of sgmap serve, from the store's index.`)
	data := fs.String("data", defaultDataDir(e), "data `folder` of snapshots, or s3://bucket/prefix (env SGMAP_DATA)")
	format := fs.String("format", "text", "output `format`: text or json")
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usagef("store list: -format must be text or json")
	}
	st, err := openData(ctx, e, *data)
	if err != nil {
		return err
	}
	metas, err := st.List()
	if err != nil && metas == nil {
		return err
	} else if err != nil {
		fmt.Fprintf(e.stderr, "sgmap: warning: %v\n", err)
	}
	if *format == "json" {
		return writeStoreJSON(e, metas)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTAKEN AT\tSERIES\tVPCS\tSEEN AGAIN\tLAST SEEN")
	for _, m := range metas {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", m.ID, m.TakenAt.UTC().Format(time.RFC3339), m.Series, len(m.VPCs), m.SeenAgain, m.LastSeen().UTC().Format(time.RFC3339))
	}
	return tw.Flush()
}

// storeEntry is one snapshot of sgmap store list -format json.
type storeEntry struct {
	store.Meta
	LastSeen time.Time `json:"last_seen"`
}

func writeStoreJSON(e env, metas []store.Meta) error {
	out := make([]storeEntry, 0, len(metas))
	for _, m := range metas {
		out = append(out, storeEntry{Meta: m, LastSeen: m.LastSeen()})
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func runStoreRm(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "store rm", "[-data DIR] ID...", `
Delete stored snapshots by id (as 'sgmap store list' shows them). An unknown
id is an error; the others are still deleted.`)
	data := fs.String("data", defaultDataDir(e), "data `folder` of snapshots, or s3://bucket/prefix (env SGMAP_DATA)")
	ids, err := parse(fs, args, true)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return usagef("store rm: name the snapshot ids to delete")
	}
	st, err := openData(ctx, e, *data)
	if err != nil {
		return err
	}
	var failed []string
	for _, id := range ids {
		if err := st.Delete(id); err != nil {
			fmt.Fprintf(e.stderr, "sgmap: %v\n", err)
			failed = append(failed, id)
			continue
		}
		fmt.Fprintf(e.stderr, "sgmap: deleted %s\n", id)
	}
	if len(failed) > 0 {
		return fmt.Errorf("store rm: %d of %d not deleted: %s", len(failed), len(ids), strings.Join(failed, ", "))
	}
	return nil
}

func runStorePrune(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "store prune", "[-data DIR] [-keep 90d] [-keep-last N] [-dry-run]", `
Delete the snapshots past the retention: those last seen longer ago than
-keep, and those beyond the -keep-last newest of their series. The newest
snapshot of each series is always kept. serve and collect take the same
flags and apply them after each stored snapshot.`)
	data := fs.String("data", defaultDataDir(e), "data `folder` of snapshots, or s3://bucket/prefix (env SGMAP_DATA)")
	var kf keepFlags
	kf.register(fs)
	dry := fs.Bool("dry-run", false, "print what would be deleted, delete nothing")
	if _, err := parse(fs, args, false); err != nil {
		return err
	}
	r, err := kf.retention()
	if err != nil {
		return err
	}
	if r.IsZero() {
		return usagef("store prune: give -keep, -keep-last or both")
	}
	st, err := openData(ctx, e, *data)
	if err != nil {
		return err
	}
	verb, list := "deleted", st.Prune
	if *dry {
		verb, list = "would delete", st.Expired
	}
	gone, err := list(r, time.Now())
	if err != nil {
		return err
	}
	for _, m := range gone {
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", m.ID, m.TakenAt.UTC().Format(time.RFC3339), m.Series)
	}
	fmt.Fprintf(e.stderr, "sgmap: %s %d snapshots (keep %s)\n", verb, len(gone), r)
	return nil
}
