package awsconv

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// largeRaw is an account of the large demo's size: 600 groups with 14 rules
// each, 4,000 instance ENIs, 1,000 Lambda ENIs shared by 300 functions and
// 500 ENIs nothing claims.
func largeRaw() *Raw {
	raw := &Raw{AccountID: testAccount, Region: testRegion}
	for i := range 600 {
		g := group(fmt.Sprintf("sg-%05d", i))
		for j := range 7 {
			g.IpPermissions = append(g.IpPermissions, ec2types.IpPermission{IpProtocol: aws.String("tcp"),
				FromPort: aws.Int32(int32(8000 + j)), ToPort: aws.Int32(int32(8000 + j)),
				IpRanges:         []ec2types.IpRange{{CidrIp: aws.String(fmt.Sprintf("10.%d.%d.0/24", i%200, j))}},
				UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String(fmt.Sprintf("sg-%05d", (i+j)%600)), UserId: aws.String(testAccount)}}})
		}
		raw.SecurityGroups = append(raw.SecurityGroups, g)
	}
	for i := range 4000 {
		e := eni(fmt.Sprintf("eni-i%05d", i), fmt.Sprintf("subnet-%d", i%6), "Primary network interface", "interface", "",
			fmt.Sprintf("sg-%05d", i%600), fmt.Sprintf("sg-%05d", (i+1)%600))
		e.PrivateIpAddress = aws.String(fmt.Sprintf("10.1.%d.%d", i/250, i%250))
		e.Attachment = &ec2types.NetworkInterfaceAttachment{InstanceId: aws.String(fmt.Sprintf("i-%05d", i))}
		raw.NetworkInterfaces = append(raw.NetworkInterfaces, e)
		raw.Instances = append(raw.Instances, ec2types.Instance{InstanceId: aws.String(fmt.Sprintf("i-%05d", i)), VpcId: aws.String(testVPC),
			Tags: []ec2types.Tag{{Key: aws.String(asgTag), Value: aws.String(fmt.Sprintf("asg-%d", i%40))}}})
	}
	for i := range 1000 {
		raw.NetworkInterfaces = append(raw.NetworkInterfaces, eni(fmt.Sprintf("eni-l%05d", i), fmt.Sprintf("subnet-%d", i%6),
			"AWS Lambda VPC ENI-fn-0f0e0d0c-1111-2222-3333-444455556666", "lambda", "", fmt.Sprintf("sg-%05d", i%100)))
	}
	for i := range 300 {
		raw.LambdaFunctions = append(raw.LambdaFunctions, lambdatypes.FunctionConfiguration{FunctionName: aws.String(fmt.Sprintf("fn-%d", i)),
			VpcConfig: &lambdatypes.VpcConfigResponse{VpcId: aws.String(testVPC), SubnetIds: []string{"subnet-0", "subnet-1", "subnet-2"},
				SecurityGroupIds: []string{fmt.Sprintf("sg-%05d", i%100)}}})
	}
	for i := range 500 {
		raw.NetworkInterfaces = append(raw.NetworkInterfaces, eni(fmt.Sprintf("eni-u%05d", i), "subnet-0", "", "interface", "", "sg-00001"))
	}
	return raw
}

func BenchmarkConvert_Large(b *testing.B) {
	raw := largeRaw()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Convert([]*Raw{raw}, testTime); err != nil {
			b.Fatal(err)
		}
	}
}
