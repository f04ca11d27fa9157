package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/sgmap/sgmap/server"
)

func runEmbed(ctx context.Context, args []string, e env) error {
	fs := newFlagSet(e, "embed", "[-ttl 720h] [-token T] URL", `
Print a signed link to a diagram export (…/vpcs/VPC/diagram.svg, .dot, …)
of a server that requires a token: it opens that diagram, with exactly that
view, without the token until it expires, so an <img> in a wiki can show it.
The key is derived from the server's token (-token or SGMAP_TOKEN, the same
as the server's); changing the token revokes every link. URL is the
diagram's address as the dashboard's "SVG" link gives it, absolute or a path.`)
	ttl := fs.String("ttl", "720h", "how long the link opens the diagram, from 1m to 8784h (366 days)")
	token := fs.String("token", e.getenv("SGMAP_TOKEN"), "the server's `token` (env SGMAP_TOKEN)")
	rest, err := parse(fs, args, true)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("embed: name one diagram URL, e.g. sgmap embed https://sgmap.example.com/snapshots/latest/vpcs/vpc-0123/diagram.svg")
	}
	d, err := server.ParseEmbedTTL(*ttl)
	if err != nil {
		return usagef("embed: -%s", err.Error())
	}
	if *token == "" {
		return usagef("embed: set -token or SGMAP_TOKEN to the server's token")
	}
	u, err := url.Parse(rest[0])
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		return usagef("embed: %q is not an http(s) URL or a path", rest[0])
	}
	signed, err := server.SignEmbed(*token, u, time.Now().Add(d))
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.stdout, signed.String())
	return err
}
