package audit_test

import (
	"fmt"
	"os"

	"github.com/sgmap/sgmap/audit"
	"github.com/sgmap/sgmap/demo"
)

// Audit the article's anti-pattern and fail like `sgmap lint -fail-on
// warning` would.
func ExampleRun() {
	s, err := demo.Get("antipattern")
	if err != nil {
		panic(err)
	}
	fs := audit.Run(s, audit.Options{Ignore: []string{"missing-description"}})
	for _, f := range fs {
		fmt.Println(f.Severity, f.ID, f.GroupName)
	}
	fmt.Println(audit.Summary(fs))
	fmt.Println("fail:", audit.MeetsThreshold(fs, "warning"))
	// Output:
	// warning cidr-matches-group allow-https-8443
	// warning name-describes-rules allow-https-8443
	// warning name-describes-rules allow-http-9999
	// warning name-describes-rules allow-egress-9999
	// warning same-members allow-https-8443
	// warning wide-source allow-http-9999
	// info group-description allow-https-8443
	// info group-description allow-http-9999
	// info group-description allow-egress-9999
	// info internet-exposed allow-https-8443
	// info internet-exposed allow-https-8443
	// info internet-exposed allow-https-8443
	// info internet-exposed allow-https-8443
	// 13 findings: 0 errors, 6 warnings, 7 info
	// fail: true
}

func ExampleDescribesRules() {
	for _, name := range []string{"allow-https-8443", "Inbound-443", "http-api", "game-servers-production"} {
		ev, ok := audit.DescribesRules(name)
		fmt.Println(name, ok, ev)
	}
	// Output:
	// allow-https-8443 true [allow https 8443]
	// Inbound-443 true [inbound 443]
	// http-api false [http]
	// game-servers-production false []
}

// Write the rule-justification table as CSV, as `sgmap rules` does.
func ExampleRuleTable() {
	s, err := demo.Get("article")
	if err != nil {
		panic(err)
	}
	rows := audit.RuleTable(s, audit.Run(s, audit.Options{}))
	if err := audit.WriteCSV(os.Stdout, rows[:2]); err != nil {
		panic(err)
	}
	// Output:
	// account,region,vpc,group_id,group_name,direction,protocol,ports,peer,peer_value,description,rule_id,findings
	// 123456789012,eu-west-1,vpc-0a1b2c3d4e5f60718,sg-0a1b2c3d4e5f60001,game-servers-production,egress,All,All,Internet,0.0.0.0/0,Default outbound: updates and game backend APIs,sgr-0c3d4e5f607180003,
	// 123456789012,eu-west-1,vpc-0a1b2c3d4e5f60718,sg-0a1b2c3d4e5f60001,game-servers-production,ingress,TCP,8443,lb-game-production,sg-0a1b2c3d4e5f60002,Game traffic forwarded by the game ALB,sgr-0c3d4e5f607180001,
}
