package awslive

import (
	"fmt"
	"io"
	"maps"
	"os"
	"strings"
	"sync"
	"time"
)

// Stats describes one collection: what was found and what it cost.
type Stats struct {
	// Accounts counts the accounts collected (opened), Targets those
	// there were to collect (the role ARNs, or the organization's).
	Accounts, Targets, Regions    int
	Groups, ENIs, Rules, Warnings int
	// Calls counts API calls by IAM action ("ec2:DescribeVpcs"): one per
	// page or batch, retries not included.
	Calls map[string]int
	// Attempts counts HTTP requests, retries included.
	Attempts int
	// Succeeded counts calls other than STS that returned without error.
	Succeeded int
	Duration  time.Duration
}

// TotalCalls is the sum of Calls.
func (s Stats) TotalCalls() int {
	n := 0
	for _, v := range s.Calls {
		n += v
	}
	return n
}

// Summary is the one-line summary printed after a collection.
func (s Stats) Summary() string {
	accounts := fmt.Sprint(s.Accounts)
	if s.Targets > s.Accounts {
		accounts += fmt.Sprintf(" of %d", s.Targets)
	}
	return fmt.Sprintf("collected %s account(s), %d region(s): %d groups, %d ENIs, %d rules, %d warning(s); %d API calls (%d HTTP requests) in %s",
		accounts, s.Regions, s.Groups, s.ENIs, s.Rules, s.Warnings, s.TotalCalls(), s.Attempts, s.Duration.Round(time.Millisecond))
}

// counter counts calls concurrently.
type counter struct {
	mu        sync.Mutex
	calls     map[string]int
	attempts  int
	succeeded int
}

func newCounter() *counter { return &counter{calls: map[string]int{}} }

func (c *counter) call(action string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[action]++
	if ok {
		c.succeeded++
	}
}

func (c *counter) attempt() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.attempts++
}

func (c *counter) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Calls: maps.Clone(c.calls), Attempts: c.attempts, Succeeded: c.succeeded}
}

// progress reports per account and region how many services are done
// and how many resources were found: one updating line on a terminal,
// plain lines otherwise.
type progress struct {
	w   io.Writer
	tty bool

	mu     sync.Mutex
	order  []string
	states map[string]*regionState
	width  int
	// accounts is how many accounts there are to collect, accountsDone
	// how many are finished (collected or skipped).
	accounts, accountsDone int
}

type regionState struct {
	done, total, found int
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w, states: map[string]*regionState{}}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) start(account, region string, services int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	k := account + " " + region
	p.order = append(p.order, k)
	p.states[k] = &regionState{total: services}
}

// done records that service finished in account/region with n resources.
func (p *progress) done(account, region, service string, n int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	k := account + " " + region
	st := p.states[k]
	st.done++
	st.found += n
	if !p.tty {
		fmt.Fprintf(p.w, "%s: %s done (%d resources), %d/%d services\n", k, service, n, st.done, st.total)
		return
	}
	regionsDone, found := 0, 0
	for _, s := range p.states {
		found += s.found
		if s.done == s.total {
			regionsDone++
		}
	}
	line := fmt.Sprintf("collecting: %s%d/%d regions done, %d resources; %s %d/%d services",
		p.accountsPart(), regionsDone, len(p.states), found, k, st.done, st.total)
	p.rewrite(line)
}

// accountsPart is "2/40 accounts, " when there is more than one account
// to collect. The caller holds p.mu.
func (p *progress) accountsPart() string {
	if p.accounts <= 1 {
		return ""
	}
	return fmt.Sprintf("%d/%d accounts, ", p.accountsDone, p.accounts)
}

// setAccounts says how many accounts there are to collect.
func (p *progress) setAccounts(n int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.accounts = n
}

// accountDone records that an account is finished: collected, or skipped
// (its role could not be assumed, its regions not listed).
func (p *progress) accountDone(account string, collected bool) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.accountsDone++
	if p.accounts <= 1 {
		return
	}
	what := "done"
	if !collected {
		what = "skipped"
	}
	if !p.tty {
		fmt.Fprintf(p.w, "account %s %s: %d/%d accounts\n", account, what, p.accountsDone, p.accounts)
		return
	}
	p.rewrite(fmt.Sprintf("collecting: %saccount %s %s", p.accountsPart(), account, what))
}

// rewrite replaces the terminal line with line. The caller holds p.mu.
func (p *progress) rewrite(line string) {
	pad := max(0, p.width-len(line))
	p.width = len(line)
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", pad))
}

// finish ends the updating line.
func (p *progress) finish() {
	if p.w == nil || !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.width > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
	}
}
