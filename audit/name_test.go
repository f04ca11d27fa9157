package audit

import "testing"

// Real-looking group names: the article's, AWS console and controller
// defaults, Terraform and CloudFormation habits, and ordinary names that
// contain rule-ish letters without meaning a rule.
var (
	namesDescribingRules = []string{
		"allow-https-8443", "allow-http-9999", "allow-egress-9999", // the article's anti-pattern
		"sg_allow_ssh", "Inbound-443", "web-80-443", "AllowSSH", "allow_ssh_from_office",
		"ssh-from-office", "https-inbound", "tcp-8443", "port-8080", "ssh-22", "rdp-3389",
		"mysql-3306", "postgres-5432-in", "egress-all", "ingress-443", "open-22", "ssh-open",
		"icmp-ping", "all-traffic", "allow_tls", "permit-any", "deny-all", "http-80", "https-443",
		"http-https", "8000to8999", "app-8000-8999", "SSH-RDP", "tcp_udp_53", "dns-53",
		"outbound-https", "Outbound-All", "AllowHTTPSFromALB", "sg-allow-http-prod", "ssh-access",
		"tcp8443", "allowHttps8443", "https-in", "ALLOW-ALL-INBOUND", "egress-9999",
		"redis-6379", "inbound_from_vpn", "web-in-out", "Allow SSH from bastion", "allowlist-office-ips",
		"udp-1194-openvpn", "ingress-tcp-30000-32767",
		"allow_tls_lb", // terraform checkov plans (shared/data)
		// DESIGN.md's triggers on their own: a port goes stale when the rule
		// changes; a direction or a bare protocol names no thing.
		"prometheus-9090", "web-8443", "db-ingress", "egress", "ssh", "https", "tcp", "8443", "Inbound",
	}
	namesOfEnclosures = []string{
		"game-servers-production", "lb-game-production", "monitoring", "payments-db",
		"eks-cluster-sg-prod-123456", "k8s-elb-a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", "shopping-cart",
		"sshd-bastion", "launch-wizard-3", "default", "http-api", "ssh-bastion", "redis-cache",
		"mysql-primary", "postgres-replicas", "dns-resolvers", "smtp-relay", "ftp-server",
		"ingress-nginx", "egress-proxy", "nat-gateway", "openvpn-server", "web-servers",
		"api-gateway-vpce", "rds-aurora-prod", "kafka-brokers", "elasticsearch-domain", "bastion",
		"jenkins-agents", "web-01", "app-2", "backend-v2", "checkout-service", "sign-in-service",
		"opt-out-worker", "portal-frontend", "allowance-service", "tcpdump-collector", "blockchain-nodes",
		"https-proxy", "k8s-traffic-prodcluster-4f1a2b", "site-to-site-vpn", "istio-ingressgateway",
		"istio-ingress-gateway", "nginx-ingress-controller", "egress-gw", "squid-egress",
		"internet-facing-alb", "MyStack-WebServerSecurityGroup-1A2B3C4D5E6F", "ElasticMapReduce-master",
		"eksctl-prod-nodegroup-ng-1-SG-17XZ0Q3S1J9YB", "reports-2020-2021", "tls-terminator",
		"d-9067348f2c_controllers", "AWS-OpsWorks-Web-Server", "лоадбалансер-прод", "支付-数据库", "🎮-servers",
		// From the shared AWS, Terraform and CloudFormation samples:
		"web-server-sg", "HDFS-Group-A", "new-life", "launch-wizard-146", "123456789123-acme-corp-rds-sg",
		"sq-vpc1-id1", "MySecurityGroup",
	}
)

func TestDescribesRules_Fires(t *testing.T) {
	if len(namesDescribingRules) < 40 {
		t.Fatalf("only %d firing names; the table needs at least 40", len(namesDescribingRules))
	}
	for _, name := range namesDescribingRules {
		if ev, ok := DescribesRules(name); !ok {
			t.Errorf("DescribesRules(%q) = false (evidence %q), want true", name, ev)
		}
	}
}

func TestDescribesRules_DoesNotFire(t *testing.T) {
	if len(namesOfEnclosures) < 40 {
		t.Fatalf("only %d non-firing names; the table needs at least 40", len(namesOfEnclosures))
	}
	for _, name := range namesOfEnclosures {
		if ev, ok := DescribesRules(name); ok {
			t.Errorf("DescribesRules(%q) = true (evidence %q), want false", name, ev)
		}
	}
}

func TestDescribesRules_Evidence(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"allow-https-8443", []string{"allow", "https", "8443"}},
		{"app-8000-8999", []string{"8000-8999"}},
		{"AllowHTTPSFromALB", []string{"allow", "https", "from"}},
		{"tcp8443", []string{"tcp", "8443"}},
		{"game-servers-production", nil},
	}
	for _, tt := range tests {
		ev, _ := DescribesRules(tt.name)
		if len(ev) != len(tt.want) {
			t.Errorf("DescribesRules(%q) evidence = %q, want %q", tt.name, ev, tt.want)
			continue
		}
		for i := range ev {
			if ev[i] != tt.want[i] {
				t.Errorf("DescribesRules(%q) evidence = %q, want %q", tt.name, ev, tt.want)
				break
			}
		}
	}
}

func TestDescribesRules_Hostile(t *testing.T) {
	long := make([]byte, 10000)
	for i := range long {
		long[i] = "allow-80-"[i%9]
	}
	for _, name := range []string{string(long), "", "-", "\x00\x1b[31m", "\u202eallow-22", "99999-999999", "0-0", "65535to65536"} {
		DescribesRules(name) // must not panic
	}
	if _, ok := DescribesRules("\u202eallow-22"); !ok {
		t.Error("a right-to-left override must not hide allow-22")
	}
}

// FuzzDescribesRules: any name, however hostile, gives an answer without
// panicking, and the same answer twice.
func FuzzDescribesRules(f *testing.F) {
	for _, n := range append(append([]string{}, namesDescribingRules...), namesOfEnclosures...) {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, name string) {
		ev1, ok1 := DescribesRules(name)
		ev2, ok2 := DescribesRules(name)
		if ok1 != ok2 || len(ev1) != len(ev2) {
			t.Errorf("DescribesRules(%q) is not deterministic", name)
		}
		if ok1 && len(ev1) == 0 {
			t.Errorf("DescribesRules(%q) fired without evidence", name)
		}
	})
}
