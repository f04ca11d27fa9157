package awsfake

import (
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/sgmap/sgmap"
)

// The accounts of [ArticleOrganization].
const (
	OrgRoot          = "r-fk12"
	OrgProdOU        = "ou-fk12-prod0001"
	OrgProdEUOU      = "ou-fk12-prodeu01"
	OrgMemberAccount = "210987654321" // under OrgProdOU, the role is there
	OrgDeniedAccount = "333333333333" // under OrgProdEUOU, no role: AssumeRole is denied
	OrgClosedAccount = "444444444444" // suspended, under the root
)

// ArticleOrganization is an AWS Organization of three active accounts
// and a suspended one. The caller's account is the management account,
// holding the article demo (as in [Article]); OrgMemberAccount holds one
// small VPC; the role named role can be assumed in both, but not in
// OrgDeniedAccount. ListAccounts answers two accounts per page.
//
//	root: management (Article), OrgClosedAccount (suspended)
//	└── OrgProdOU: OrgMemberAccount
//	    └── OrgProdEUOU: OrgDeniedAccount
func ArticleOrganization(role string) *Scenario {
	scn := Article()
	mgmt := scn.Accounts[0]
	mgmt.RoleARN = "arn:aws:iam::" + mgmt.ID + ":role/" + role
	member := FromSnapshot(orgMemberSnapshot()).Accounts[0]
	member.RoleARN = "arn:aws:iam::" + OrgMemberAccount + ":role/" + role
	scn.Accounts = append(scn.Accounts, member)
	closed := OrgMember(OrgClosedAccount, "Closed", "")
	closed.State, closed.Status = orgtypes.AccountStateSuspended, orgtypes.AccountStatusSuspended
	scn.Organization = &Organization{Root: OrgRoot,
		OUs: []OrgUnit{{ID: OrgProdOU, Name: "Production"}, {ID: OrgProdEUOU, Name: "Production EU", Parent: OrgProdOU}},
		Accounts: []OrgAccount{OrgMember(mgmt.ID, "Management", ""), OrgMember(OrgMemberAccount, "Orders", OrgProdOU),
			OrgMember(OrgDeniedAccount, "Payments", OrgProdEUOU), closed}}
	scn.PageSize["ListAccounts"] = 2
	return scn
}

// orgMemberSnapshot is OrgMemberAccount's one VPC: a group and an RDS ENI.
func orgMemberSnapshot() *sgmap.Snapshot {
	const account, vpc, region = OrgMemberAccount, "vpc-0f0e0d0c0b0a09080", "eu-west-1"
	return &sgmap.Snapshot{Accounts: []string{account}, Regions: []string{region},
		VPCs:    []sgmap.VPC{{ID: vpc, AccountID: account, Region: region, CIDRs: []string{"10.9.0.0/16"}}},
		Subnets: []sgmap.Subnet{{ID: "subnet-0f0e0d0c0b0a00001", VPCID: vpc, CIDRs: []string{"10.9.1.0/24"}}},
		Groups: []sgmap.SecurityGroup{{ID: "sg-0f0e0d0c0b0a00001", Name: "orders-db", Description: "Orders database",
			VPCID: vpc, AccountID: account, Region: region, Rules: []sgmap.Rule{{ID: "sgr-0f0e0d0c0b0a00001",
				Direction: sgmap.Ingress, Protocol: "tcp", FromPort: 5432, ToPort: 5432, Description: "app",
				Peer: sgmap.Peer{Kind: sgmap.PeerIPv4, Value: "10.9.0.0/16"}}}}},
		Interfaces: []sgmap.NetworkInterface{{ID: "eni-0f0e0d0c0b0a00001", AccountID: account, Region: region, VPCID: vpc,
			SubnetID: "subnet-0f0e0d0c0b0a00001", Description: "RDSNetworkInterface", InterfaceType: "interface",
			RequesterID: "amazon-rds", RequesterManaged: true, Status: "in-use", PrivateIPs: []string{"10.9.1.5"},
			GroupIDs: []string{"sg-0f0e0d0c0b0a00001"}}},
	}
}
