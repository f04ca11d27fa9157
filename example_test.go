package sgmap_test

import (
	"fmt"
	"strings"

	"github.com/sgmap/sgmap"
)

func ExampleService_Label() {
	for _, s := range []sgmap.Service{
		{Protocol: "tcp", FromPort: 8443, ToPort: 8443},
		{Protocol: "tcp", FromPort: 0, ToPort: 65535},
		{Protocol: "icmp", FromPort: 8, ToPort: -1},
		{Protocol: "-1", FromPort: -1, ToPort: -1},
	} {
		fmt.Println(s.Label())
	}
	// Output:
	// TCP 8443
	// All TCP
	// ICMP 8/any
	// All traffic
}

func ExampleJoinServices() {
	fmt.Println(sgmap.JoinServices([]sgmap.Service{
		{Protocol: "tcp", FromPort: 443, ToPort: 443},
		{Protocol: "udp", FromPort: 53, ToPort: 53},
		{Protocol: "tcp", FromPort: 80, ToPort: 80},
	}))
	// Output: TCP 80, 443; UDP 53
}

func ExampleParseSnapshot() {
	_, err := sgmap.ParseSnapshot([]byte(`{"schema_version": "2.0"}`))
	fmt.Println(sgmap.ErrorCode(err), err)

	s, err := sgmap.ParseSnapshot([]byte(`{"schema_version": "1.0", "taken_at": "2026-11-02T09:30:00Z",
	  "security_groups": [{"id": "sg-1", "vpc_id": "vpc-1", "rules": [
	    {"direction": "ingress", "protocol": "6", "from_port": 22, "to_port": 22,
	     "peer": {"kind": "ipv4", "value": "10.0.0.5/16"}}]}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := s.Groups[0].Rules[0]
	fmt.Println(r.Service().Label(), "from", r.Peer)

	_, err = sgmap.ParseSnapshot([]byte(strings.Repeat("{", 3)))
	fmt.Println(sgmap.ErrorCode(err), err)
	// Output:
	// invalid schema_version: "2.0" is not supported: this sgmap reads 1.x
	// TCP 22 from 10.0.0.0/16
	// invalid snapshot JSON syntax error at line 1, column 2: invalid character '{' looking for beginning of object key string
}
