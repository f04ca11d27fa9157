package graph

import (
	"strings"
	"unicode"
)

// stemWords are the environment and role words [Stem] removes from a
// group name: what a name says about where or as what a group runs, not
// which application it belongs to.
var stemWords = map[string]bool{
	// environments
	"prod": true, "production": true, "prd": true, "live": true, "staging": true, "stage": true,
	"stg": true, "dev": true, "develop": true, "development": true, "test": true, "testing": true,
	"qa": true, "uat": true, "sandbox": true, "sbx": true, "preprod": true, "nonprod": true,
	"perf": true, "canary": true, "dr": true, "tools": true,
	// roles and tiers
	"alb": true, "elb": true, "nlb": true, "lb": true, "loadbalancer": true, "db": true, "rds": true,
	"database": true, "aurora": true, "lambda": true, "fn": true, "function": true, "functions": true,
	"worker": true, "workers": true, "internal": true, "admin": true, "events": true, "batch": true,
	"replication": true, "repl": true, "ecs": true, "ec2": true, "asg": true, "svc": true,
	"service": true, "server": true, "servers": true, "instance": true, "instances": true,
	"cluster": true, "node": true, "nodes": true, "task": true, "tasks": true, "app": true,
	"old": true, "new": true, "legacy": true, "sg": true, "securitygroup": true, "group": true,
}

// Stem is the application a group name suggests: the name lower-cased,
// cut at '-', '_', '.', ':', '/' and spaces, without environment and role
// words (stemWords) and numbers, joined by '-'. "web-prod",
// "web-events-prod" and "web-replication-prod" are all "web"; "prod-baseline"
// is "baseline". A name made only of such words keeps its first word.
func Stem(name string) string {
	fields := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || r == ':' || r == '/' || unicode.IsSpace(r)
	})
	var keep []string
	for _, f := range fields {
		if stemWords[f] || isNumber(f) {
			continue
		}
		keep = append(keep, f)
	}
	if len(keep) == 0 {
		if len(fields) == 0 {
			return strings.ToLower(strings.TrimSpace(name))
		}
		return fields[0]
	}
	return strings.Join(keep, "-")
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
