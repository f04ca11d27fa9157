package awslive

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestProgress_Lines(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out)
	p.start("111", "eu-west-1", 2)
	p.start("111", "us-east-1", 2)
	p.done("111", "eu-west-1", "ec2", 10)
	p.done("111", "us-east-1", "ecs", 0)
	p.done("111", "eu-west-1", "rds", 2)
	p.finish()
	want := "111 eu-west-1: ec2 done (10 resources), 1/2 services\n" +
		"111 us-east-1: ecs done (0 resources), 1/2 services\n" +
		"111 eu-west-1: rds done (2 resources), 2/2 services\n"
	if out.String() != want {
		t.Errorf("progress =\n%s\nwant\n%s", out.String(), want)
	}
}

func TestProgress_TerminalLine(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out)
	p.tty = true // a *os.File character device in real use
	p.start("111", "eu-west-1", 2)
	p.done("111", "eu-west-1", "ec2", 10)
	p.done("111", "eu-west-1", "ecs", 5)
	p.finish()
	got := out.String()
	if strings.Contains(got, "\n") || !strings.HasPrefix(got, "\rcollecting: 0/1 regions done, 10 resources") ||
		!strings.Contains(got, "\rcollecting: 1/1 regions done, 15 resources; 111 eu-west-1 2/2 services") ||
		!strings.HasSuffix(got, "\r") {
		t.Errorf("terminal progress = %q: want one rewritten line, cleared at the end", got)
	}
}

func TestProgress_DetectsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "progress")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if newProgress(f).tty {
		t.Error("a regular file was taken for a terminal")
	}
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	if !newProgress(dev).tty {
		t.Errorf("%s (a character device, as terminals are) not taken for a terminal", os.DevNull)
	}
	if newProgress(nil).tty {
		t.Error("nil writer taken for a terminal")
	}
	newProgress(nil).done("a", "r", "ec2", 1) // no writer: no-op, no panic
}

func TestStats_Summary(t *testing.T) {
	st := Stats{Accounts: 2, Regions: 3, Groups: 10, ENIs: 20, Rules: 30, Warnings: 1,
		Calls: map[string]int{"ec2:DescribeVpcs": 6, "ecs:ListTasks": 4}, Attempts: 12, Duration: 1500 * time.Millisecond}
	want := "collected 2 account(s), 3 region(s): 10 groups, 20 ENIs, 30 rules, 1 warning(s); 10 API calls (12 HTTP requests) in 1.5s"
	if got := st.Summary(); got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
}
