package awscli

import (
	"strings"
	"testing"

	"github.com/sgmap/sgmap"
)

// FuzzImportReader checks that no input makes import panic or produce an
// invalid snapshot: it either fails with a coded error or validates.
func FuzzImportReader(f *testing.F) {
	for _, seed := range []string{
		`{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 2, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]}]}`,
		`{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "VpcId": "vpc-1", "Description": "ELB app/a/b", "InterfaceType": "lambda", "Groups": [{"GroupId": "sg-1"}]}]}`,
		`{"SecurityGroupRules": [{"SecurityGroupRuleId": "sgr-1", "GroupId": "sg-1", "IpProtocol": "-1", "CidrIpv6": "::/0", "IsEgress": true}]}`,
		`{"tasks": [{"taskArn": "t", "createdAt": 1.5, "attachments": [{"type": "ElasticNetworkInterface", "details": [{"name": "networkInterfaceId", "value": "eni-1"}]}]}]}`,
		`{"input": {"TargetGroupArn": "x"}, "output": {"TargetHealthDescriptions": [{"Target": {"Id": "i-1"}}]}}`,
		`[{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]`,
		`{"DESCRIBE": {"Reservations": [{"Instances": [{"InstanceId": "i-1", "ImageId": "a", "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "VpcId": "v", "PrivateIpAddress": "x"}]}]}]}}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ImportOptions{TakenAt: testTime}.ImportReader("fuzz.json", strings.NewReader(in))
		if err != nil {
			if sgmap.ErrorCode(err) == sgmap.EINTERNAL {
				t.Fatalf("uncoded error: %v", err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("invalid snapshot: %v", err)
		}
	})
}
