package main

import (
	"bytes"
	"flag"

	"github.com/sgmap/sgmap"
	"github.com/sgmap/sgmap/input"
)

// inputFlags are the flags of package input's options: import takes them,
// and so do render, lint, rules and serve for a -snapshot that is not an
// sgmap snapshot (a Terraform plan, a CloudFormation template).
type inputFlags struct {
	account  string
	region   string
	planSide string
	tfDir    string
	params   paramFlag
}

// register adds the flags; aws adds the AWS CLI ones (import only).
func (f *inputFlags) register(fs *flag.FlagSet, aws bool) {
	if aws {
		fs.StringVar(&f.account, "account", "", "account `id` to record when the files do not say (OwnerId, ARNs)")
		fs.StringVar(&f.region, "region", "", "`region` to record when the files do not say (ARNs)")
	}
	fs.StringVar(&f.planSide, "plan-side", "after", "side of a Terraform plan to draw: after (planned) or before")
	fs.StringVar(&f.tfDir, "tf-dir", "", "Terraform configuration `folder` of a plan: its .tf files give findings their file and line")
	fs.Var(&f.params, "param", "CloudFormation parameter `Key=Value` (repeatable; AWS::Region=… sets a pseudo parameter); parameters not given take their Default")
}

// options returns the flags as input options.
func (f *inputFlags) options() input.Options {
	return input.Options{AccountID: f.account, Region: f.region, PlanSide: f.planSide, TFDir: f.tfDir, Params: f.params}
}

// parse reads one file's bytes with package input, for the store.
func (f *inputFlags) parse(name string, data []byte) (*sgmap.Snapshot, error) {
	return f.options().Read(name, bytes.NewReader(data))
}
