// Package audit turns the article "Security groups are not rule sets" and the
// rule semantics (reference/semantics.md) into findings about a
// [sgmap.Snapshot]: groups named for the rules they hold, groups that split one
// enclosure into rule sets, CIDRs that stand in for a group, rules without a
// justification, wide or admin ports open to the Internet, dangling and
// one-sided references, and quota pressure.
//
// [Run] returns the findings in a deterministic order; [WriteText],
// [WriteJSON] and [WriteSARIF] report them, [MeetsThreshold] implements
// lint's -fail-on, and [Annotations] attaches them to a diagram. [RuleTable]
// is the rule-justification table auditors ask for, written by [WriteCSV],
// [WriteMarkdown] and [WriteRowsJSON].
//
// Every finding id has a section in docs/findings.md (its HelpURI) saying
// what it means, why it matters, how to fix it and how to suppress it: with
// [Options].Ignore (lint's -ignore flag) or with the group tag sgmap:ignore,
// a comma-separated list of finding ids.
package audit
